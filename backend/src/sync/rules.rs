//! Who may write what through sync: the server's half of the role × record kind ×
//! action table in docs/SECURITY.md.
//!
//! | record | create | change | submit | status approved / returned |
//! |---|---|---|---|---|
//! | count line | inspector or supervisor assigned to its open stock check | the same, and the line stays in its check | (with the check) | — |
//! | stock check | supervisors, by import | — | an assigned user, while open | review route only |
//! | seizure case | customs officer or supervisor, in their own agency | its author or a supervisor of its agency, while draft or returned | the same | review route only |
//! | transfer | supervisors, by import | — | — | — |
//!
//! Administrators write no records. A submitted or approved case is frozen: only a
//! supervisor's decision (the review route) moves it on.
//!
//! Invariant: every check here reads the stored record inside the push transaction,
//! so no sequence of operations in one batch gets around it.

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};
use tracemark_shared::domain::{RecordStatus, Role};
use tracemark_shared::sync::OpOutcome;

use crate::identity::Caller;
use crate::records::Current;

/// Case statuses in which a case can no longer change through sync.
const FROZEN_CASE_STATUSES: &[RecordStatus] = &[RecordStatus::Submitted, RecordStatus::Approved];

fn refused(message: &str) -> OpOutcome {
    OpOutcome::Rejected {
        message: message.to_string(),
        errors: Vec::new(),
    }
}

/// Whether the role records seizure cases.
pub fn may_record_cases(role: Role) -> Option<OpOutcome> {
    (!matches!(role, Role::CustomsOfficer | Role::Supervisor))
        .then(|| refused("only customs officers and supervisors record seizure cases"))
}

/// Whether the role counts stock.
pub fn may_count(role: Role) -> Option<OpOutcome> {
    (!matches!(role, Role::Inspector | Role::Supervisor))
        .then(|| refused("only inspectors and supervisors count stock"))
}

/// The user who created a record (the author of its first revision).
fn creator(c: &impl Conn, id: &str) -> Result<Option<String>, SqlError> {
    c.query_opt(
        "SELECT author_user_id FROM record_revisions WHERE record_id = ?1 AND revision = 1",
        args![id],
        |r| r.get(0),
    )
}

/// Why a change to the stored case `cur` (of the caller's agency) is refused, if it
/// is. A stale change to a frozen case is left to the revision rule (a conflict that
/// shows the stored case); a current one is refused outright.
pub fn case_change(
    c: &impl Conn,
    caller: &Caller,
    id: &str,
    cur: &Current,
    base_revision: Option<u32>,
) -> Result<Option<OpOutcome>, SqlError> {
    if FROZEN_CASE_STATUSES.contains(&cur.status) {
        let current = u32::try_from(cur.revision).ok();
        if base_revision.is_some() && base_revision == current {
            return Ok(Some(refused(
                "this case was submitted for review and can no longer change; a supervisor can return it to its author",
            )));
        }
        return Ok(None);
    }
    if caller.role != Role::Supervisor && creator(c, id)?.as_deref() != Some(&caller.user_id) {
        return Ok(Some(refused(
            "only the case's author or a supervisor of its agency can change it",
        )));
    }
    Ok(None)
}

/// Why moving a stored count line to another stock check is refused, if it is: a line
/// belongs to the check it was counted for (else a submitted check's counts could be
/// emptied into an open one).
pub fn count_line_change(cur: &Current, stock_check_id: &str) -> Option<OpOutcome> {
    let stored = cur
        .body
        .get("stock_check_id")
        .and_then(serde_json::Value::as_str);
    (stored != Some(stock_check_id)).then(|| {
        refused("a count line stays in the stock check it was counted for; record a new line")
    })
}
