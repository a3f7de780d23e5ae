//! The revision history of one record: every stored revision with its author, device,
//! time and workflow status, and every supervisor's decision on it.
//!
//! Invariant: the history is answered only when the records' [`VISIBLE`] clause lets
//! the caller see the record, decided in the same SQL query that reads the revisions;
//! a record the caller may not see is a 404, exactly like one that does not exist.

use crate::named;
use crate::sql::{Conn, ConnExt};
use serde_json::Value;
use tracemark_shared::domain::{RecordKind, RecordStatus};

use super::queue::Person;
use crate::db::StoreError;
use crate::identity::Caller;
use crate::records::VISIBLE;

pub use tracemark_shared::api::review::{DeviceView, History, ReviewView, RevisionView};

fn status_of(kind: RecordKind, body: &str) -> Option<RecordStatus> {
    let body: Value = serde_json::from_str(body).ok()?;
    body.pointer(kind.status_pointer())
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}

/// The history of a record the caller may see; `None` otherwise.
pub fn of_record(c: &impl Conn, caller: &Caller, id: &str) -> Result<Option<History>, StoreError> {
    let visible = format!("SELECT r.kind FROM records r WHERE r.id = :id AND {VISIBLE}");
    let params = named! { ":id": id, ":agency": caller.agency_id, ":country": caller.country };
    let Some(kind) = c.query_opt(&visible, params, |r| r.wire::<RecordKind>(0))? else {
        return Ok(None);
    };
    // The visibility test is repeated in each query, so nothing is read for a record
    // that is not visible even if the scope changed in between.
    let revisions = c.query(
        &format!(
            "SELECT v.revision, u.id, u.display_name, d.id, d.name, v.at, v.body
         FROM record_revisions v JOIN records r ON r.id = v.record_id
         JOIN users u ON u.id = v.author_user_id
         LEFT JOIN devices d ON d.id = v.device_id
         WHERE v.record_id = :id AND {VISIBLE} ORDER BY v.revision"
        ),
        params,
        |r| {
            let device = match (r.get::<Option<String>>(3)?, r.get(4)?) {
                (Some(id), Some(name)) => Some(DeviceView { id, name }),
                _ => None,
            };
            let body: String = r.get(6)?;
            Ok(RevisionView {
                revision: r.get(0)?,
                author: Person {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
                device,
                at: r.get(5)?,
                status: status_of(kind, &body),
            })
        },
    )?;
    let reviews = c.query(
        &format!(
            "SELECT v.revision, v.decision, v.comment, u.id, u.display_name, v.at
         FROM reviews v JOIN records r ON r.id = v.record_id
         JOIN users u ON u.id = v.reviewer_user_id
         WHERE v.record_id = :id AND {VISIBLE} ORDER BY v.id"
        ),
        params,
        |r| {
            Ok(ReviewView {
                revision: r.get(0)?,
                decision: r.get(1)?,
                comment: r.get(2)?,
                reviewer: Person {
                    id: r.get(3)?,
                    name: r.get(4)?,
                },
                at: r.get(5)?,
            })
        },
    )?;
    Ok(Some(History {
        record_id: id.to_string(),
        kind,
        revisions,
        reviews,
    }))
}
