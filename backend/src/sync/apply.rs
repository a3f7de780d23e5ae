//! Applying pushed operations: each at most once, each answered accepted, rejected or
//! conflict, by the revision rule of the protocol (`tracemark_shared::sync`).
//!
//! Invariant: an operation id is stored with its first answer in the same transaction
//! as its effect, so a repeated push returns that answer and changes nothing; a device
//! can only write records of its own agency, and only stock checks assigned to it.

use std::collections::{HashMap, HashSet};

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};
use serde_json::{Value, json};
use time::OffsetDateTime;
use tracemark_shared::domain::{
    CaseStatus, CountLine, PhotoRef, RecordKind, RecordStatus, Revision, SeizureCase, SharingScope,
    StockCheckId,
};
use tracemark_shared::sync::{
    Change, OpOutcome, OpResult, Operation, PROTOCOL_VERSION, for_version, keep_fields_since_2,
};
use tracemark_shared::validate::Validate;
use uuid::Uuid;

use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::Caller;
use crate::records::{self, NewRecord, NewRevision};

use super::rules;

/// Statuses in which the last writer wins (the record is still being written).
const DRAFT_STATUSES: &[RecordStatus] = &[
    RecordStatus::Draft,
    RecordStatus::Assigned,
    RecordStatus::InProgress,
];
/// Stock-check statuses in which counts may still change.
const OPEN_CHECK_STATUSES: &[RecordStatus] = &[
    RecordStatus::Assigned,
    RecordStatus::InProgress,
    RecordStatus::Returned,
];

/// A stock check as the operations of one push batch need it, read once per batch
/// from its row and its kept places and assignees — never from its body, which grows
/// with every expected line — so a count costs the same in a check of any size.
pub struct CachedCheck {
    agency_id: String,
    status: RecordStatus,
    revision: i64,
    locations: HashSet<String>,
    assigned: HashSet<String>,
}

impl CachedCheck {
    fn read(tx: &impl Conn, id: &str) -> Result<Option<Self>, SqlError> {
        let row: Option<(String, RecordStatus, i64)> = tx
            .query_opt("SELECT agency_id, status, revision FROM records WHERE id = ?1 AND kind = 'stock_check'", args![id], |r| Ok((r.get(0)?, r.wire(1)?, r.get(2)?)))?;
        let Some((agency_id, status, revision)) = row else {
            return Ok(None);
        };
        let set = |sql: &str| -> Result<HashSet<String>, SqlError> {
            Ok(tx
                .query(sql, args![id], |r| r.get(0))?
                .into_iter()
                .collect())
        };
        Ok(Some(Self {
            agency_id,
            status,
            revision,
            locations: set("SELECT location_id FROM stock_check_locations WHERE check_id = ?1")?,
            assigned: set("SELECT user_id FROM stock_check_assignees WHERE check_id = ?1")?,
        }))
    }
}

/// What one push batch has read so far (inside its one transaction, so nothing else
/// changes it meanwhile; an operation that changes a cached record forgets it).
#[derive(Default)]
pub struct BatchCache {
    checks: HashMap<String, Option<CachedCheck>>,
    /// Every write accepted so far: audited together in one entry (see [`audit_batch`]).
    written: Vec<Value>,
    /// Read for the whole batch at its start ([`BatchCache::prefetch`]), and kept up
    /// to date as it is applied: the answers the caller's operation ids already have…
    answered: Option<HashMap<String, String>>,
    /// …and which of the records the batch names are stored, of any agency.
    stored: Option<HashSet<String>>,
    /// The protocol version of the pushing app: a version-1 app's revisions keep the
    /// lot fields it cannot show, and the records it is answered with lose them.
    version: u32,
}

/// Ids read per statement by [`BatchCache::prefetch`].
const IDS_PER_READ: usize = 250;

/// `?{from}, ?{from + 1}, …` for `n` parameters.
fn marks(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answers already given to `n` of the caller's operation ids: the user is `?1`,
/// the ids `?2`… (a push reads them for the whole batch, [`BatchCache::prefetch`]).
pub(crate) fn answers_sql(n: usize) -> String {
    format!(
        "SELECT op_id, result FROM sync_ops WHERE user_id = ?1 AND op_id IN ({})",
        marks(2, n)
    )
}

/// Appends the one audit entry of a push batch, naming every record it wrote with its
/// revision and operation id (nothing when it wrote none). Call before the commit.
pub fn audit_batch(tx: &impl Conn, cache: &BatchCache, caller: &Caller) -> Result<(), SqlError> {
    if cache.written.is_empty() {
        return Ok(());
    }
    let subject = format!("{} records", cache.written.len());
    audit::append(
        tx,
        &Entry {
            actor: caller.actor(),
            action: "sync_writes",
            subject: &subject,
            detail: json!({ "device_id": caller.device_id, "writes": cache.written }),
        },
    )?;
    Ok(())
}

impl BatchCache {
    /// The cache of a batch pushed by an app of protocol `version`.
    pub fn for_version(version: u32) -> Self {
        Self {
            version,
            ..Self::default()
        }
    }

    fn check(&mut self, tx: &impl Conn, id: &str) -> Result<Option<&CachedCheck>, StoreError> {
        if !self.checks.contains_key(id) {
            let read = CachedCheck::read(tx, id)?;
            self.checks.insert(id.to_string(), read);
        }
        Ok(self.checks.get(id).and_then(Option::as_ref))
    }

    fn forget(&mut self, id: &str) {
        self.checks.remove(id);
    }

    /// Reads, in a few statements for the whole batch, what each operation would
    /// otherwise look up alone: the answers the caller's operation ids already have
    /// and which of the named records are stored. (On PostgreSQL every statement is a
    /// round trip; a new count line then costs four instead of six.)
    pub fn prefetch(
        &mut self,
        tx: &impl Conn,
        caller: &Caller,
        ops: &[(Uuid, Result<Operation, String>)],
    ) -> Result<(), SqlError> {
        let op_ids: Vec<String> = ops.iter().map(|(id, _)| id.to_string()).collect();
        let mut answered = HashMap::new();
        for chunk in op_ids.chunks(IDS_PER_READ) {
            let mut args: Vec<&dyn crate::sql::Arg> = vec![&caller.user_id];
            args.extend(chunk.iter().map(|id| id as &dyn crate::sql::Arg));
            let sql = answers_sql(chunk.len());
            for (id, result) in tx.query(&sql, crate::sql::Params::Positional(&args), |r| {
                Ok((r.get::<String>(0)?, r.get::<String>(1)?))
            })? {
                answered.insert(id, result);
            }
        }
        let records: Vec<String> = ops
            .iter()
            .filter_map(|(_, op)| match &op.as_ref().ok()?.change {
                Change::CountLine { record } => Some(record.id.to_string()),
                Change::SeizureCase { record } => Some(record.id.to_string()),
                Change::SubmitStockCheck { .. } => None,
            })
            .collect();
        let mut stored = HashSet::new();
        for chunk in records.chunks(IDS_PER_READ) {
            let args: Vec<&dyn crate::sql::Arg> =
                chunk.iter().map(|id| id as &dyn crate::sql::Arg).collect();
            let sql = format!(
                "SELECT id FROM records WHERE id IN ({})",
                marks(1, chunk.len())
            );
            stored.extend(tx.query(&sql, crate::sql::Params::Positional(&args), |r| {
                r.get::<String>(0)
            })?);
        }
        self.answered = Some(answered);
        self.stored = Some(stored);
        Ok(())
    }

    /// The stored state of record `id`, skipping the look-up when the prefetch knows
    /// it is not stored.
    fn current(&self, tx: &impl Conn, id: &str) -> Result<Option<records::Current>, SqlError> {
        match &self.stored {
            Some(stored) if !stored.contains(id) => Ok(None),
            _ => records::current(tx, id),
        }
    }
}

fn rejected(message: impl Into<String>) -> OpOutcome {
    OpOutcome::Rejected {
        message: message.into(),
        errors: Vec::new(),
    }
}

/// Applies one operation (or answers a parse failure) inside the batch transaction.
pub fn apply(
    tx: &impl Conn,
    cache: &mut BatchCache,
    caller: &Caller,
    op_id: Uuid,
    parsed: Result<Operation, String>,
) -> Result<OpResult, StoreError> {
    let key = op_id.to_string();
    // Operation ids are the pushing user's own (one user's retry is answered as
    // before; another user's id is never looked at, so nothing says it was used).
    let earlier: Option<String> = match &cache.answered {
        Some(answered) => answered.get(&key).cloned(),
        None => tx.query_opt(
            "SELECT result FROM sync_ops WHERE user_id = ?1 AND op_id = ?2",
            args![caller.user_id, key],
            |r| r.get(0),
        )?,
    };
    if let Some(result) = earlier {
        return serde_json::from_str(&result)
            .map_err(|e| StoreError::Other(anyhow::anyhow!("stored sync result: {e}")));
    }
    let mut outcome = match parsed {
        Err(message) => rejected(message),
        Ok(op) => decide(tx, cache, caller, &op)?,
    };
    // An older app reads records strictly: the record it is shown for a conflict
    // carries no field it cannot read.
    if let (true, OpOutcome::Conflict { server_record, .. }) =
        (cache.version < PROTOCOL_VERSION, &mut outcome)
    {
        for_version(server_record, cache.version);
    }
    let result = OpResult { op_id, outcome };
    let stored = serde_json::to_string(&result).map_err(anyhow::Error::from)?;
    tx.execute("INSERT INTO sync_ops (op_id, user_id, device_id, result, applied_at) VALUES (?1, ?2, ?3, ?4, ?5)", args![key, caller.user_id, caller.device_id, stored, crate::db::now()])?;
    if let OpOutcome::Accepted {
        record_id,
        revision,
        ..
    } = &result.outcome
    {
        cache
            .written
            .push(json!({ "record": record_id, "revision": revision, "op_id": key }));
        if let Some(records) = &mut cache.stored {
            records.insert(record_id.to_string());
        }
    }
    // The same operation id again later in this batch gets this answer.
    if let Some(answered) = &mut cache.answered {
        answered.insert(key, stored);
    }
    Ok(result)
}

fn decide(
    tx: &impl Conn,
    cache: &mut BatchCache,
    caller: &Caller,
    op: &Operation,
) -> Result<OpOutcome, StoreError> {
    match &op.change {
        Change::CountLine { record } => count_line(tx, cache, caller, op, record),
        Change::SeizureCase { record } => seizure_case(tx, caller, op, record, cache.version),
        Change::SubmitStockCheck { stock_check_id } => {
            let outcome = submit_check(tx, cache, caller, *stock_check_id);
            cache.forget(&stock_check_id.to_string());
            outcome
        }
    }
}

fn validation(value: &impl Validate) -> Option<OpOutcome> {
    value.validate().err().map(|errors| OpOutcome::Rejected {
        message: "the record breaks validation rules; correct the fields listed".into(),
        errors: errors.into_vec(),
    })
}

/// The caller's assigned stock check, or why not.
fn assigned_check<'c>(
    tx: &impl Conn,
    cache: &'c mut BatchCache,
    caller: &Caller,
    id: StockCheckId,
) -> Result<Result<&'c CachedCheck, OpOutcome>, StoreError> {
    let check = cache
        .check(tx, &id.to_string())?
        .filter(|c| c.agency_id == caller.agency_id);
    let Some(check) = check else {
        return Ok(Err(rejected(
            "there is no such stock check for your agency",
        )));
    };
    if !check.assigned.contains(&caller.user_id) {
        return Ok(Err(rejected("this stock check is not assigned to you")));
    }
    Ok(Ok(check))
}

fn count_line(
    tx: &impl Conn,
    cache: &mut BatchCache,
    caller: &Caller,
    op: &Operation,
    line: &CountLine,
) -> Result<OpOutcome, StoreError> {
    if let Some(refused) = rules::may_count(caller.role) {
        return Ok(refused);
    }
    if let Some(bad) = validation(line) {
        return Ok(bad);
    }
    let check_id = line.stock_check_id.to_string();
    let existing = cache.current(tx, &line.id.to_string())?;
    if let Some(cur) = existing
        .as_ref()
        .filter(|c| c.kind == RecordKind::CountLine && c.agency_id == caller.agency_id)
        && let Some(refused) = rules::count_line_change(cur, &check_id)
    {
        return Ok(refused);
    }
    let check = match assigned_check(tx, cache, caller, line.stock_check_id)? {
        Ok(c) => c,
        Err(why) => return Ok(why),
    };
    if !OPEN_CHECK_STATUSES.contains(&check.status) {
        return Ok(rejected(
            "this stock check was submitted; ask your supervisor to return it before changing counts",
        ));
    }
    if !check.locations.contains(&line.location_id.to_string()) {
        return Ok(rejected(
            "the location is not part of this stock check's depot",
        ));
    }
    let body = serde_json::to_value(line).map_err(anyhow::Error::from)?;
    upsert(
        tx,
        caller,
        op,
        existing,
        Write {
            id: line.id.to_string(),
            kind: RecordKind::CountLine,
            status: RecordStatus::Draft,
            scope: SharingScope::OwnAgency,
            body,
            version: cache.version,
            photos: &line.photos,
        },
    )
}

fn seizure_case(
    tx: &impl Conn,
    caller: &Caller,
    op: &Operation,
    case: &SeizureCase,
    version: u32,
) -> Result<OpOutcome, StoreError> {
    if let Some(refused) = rules::may_record_cases(caller.role) {
        return Ok(refused);
    }
    if case.agency_id.to_string() != caller.agency_id {
        return Ok(rejected("this case belongs to another agency"));
    }
    if !matches!(case.status, CaseStatus::Draft | CaseStatus::Submitted) {
        return Ok(rejected("only a supervisor can approve or return a case"));
    }
    if let SharingScope::Partners { agencies } = &case.scope {
        for a in agencies {
            let known: bool = tx
                .query_opt(
                    "SELECT 1 FROM agencies WHERE id = ?1",
                    args![a.to_string()],
                    |_| Ok(()),
                )?
                .is_some();
            if !known {
                return Ok(rejected(format!("partner agency {a} does not exist")));
            }
        }
    }
    let photos: Vec<PhotoRef> = case
        .items
        .iter()
        .flat_map(|i| i.photos.iter().cloned())
        .collect();
    let mut stored = case.clone();
    let id = case.id.to_string();
    let existing = records::current(tx, &id)?;
    let own = existing
        .as_ref()
        .filter(|c| c.kind.is_case() && c.agency_id == caller.agency_id);
    // An app before protocol version 3 cannot show a recovery: its edit of a recovered
    // cache keeps the recovery it never saw.
    if let (true, Some(cur), None) = (version < 3, own, &stored.recovery) {
        stored.recovery = cur
            .body
            .get("recovery")
            .and_then(|r| serde_json::from_value(r.clone()).ok());
    }
    if let Some(bad) = validation(&stored) {
        return Ok(bad);
    }
    if let Some(cur) = own {
        if cur.kind != stored.kind() {
            return Ok(rejected(format!(
                "this case was recorded as a {} and cannot become a {}; record it as a new case",
                kind_words(cur.kind),
                kind_words(stored.kind()),
            )));
        }
        if let Some(refused) = rules::case_change(tx, caller, &id, cur, op.base_revision)? {
            return Ok(refused);
        }
    }
    stored.revision = Revision {
        number: u32::try_from(existing.as_ref().map_or(0, |c| c.revision) + 1).unwrap_or(u32::MAX),
        author: caller
            .user_id
            .parse()
            .map_err(|_| anyhow::anyhow!("user id"))?,
        device: caller.device_id.as_deref().and_then(|d| d.parse().ok()),
        at: OffsetDateTime::now_utc(),
    };
    let body = serde_json::to_value(&stored).map_err(anyhow::Error::from)?;
    upsert(
        tx,
        caller,
        op,
        existing,
        Write {
            id: case.id.to_string(),
            kind: stored.kind(),
            status: case.status.into(),
            scope: case.scope.clone(),
            body,
            version,
            photos: &photos,
        },
    )
}

/// A case kind in the words of a rejection.
fn kind_words(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::RecoveredCache => "recovered cache",
        _ => "seizure",
    }
}

fn submit_check(
    tx: &impl Conn,
    cache: &mut BatchCache,
    caller: &Caller,
    id: StockCheckId,
) -> Result<OpOutcome, StoreError> {
    if let Some(refused) = rules::may_count(caller.role) {
        return Ok(refused);
    }
    let (status, current_revision) = match assigned_check(tx, cache, caller, id)? {
        Ok(c) => (c.status, c.revision),
        Err(why) => return Ok(why),
    };
    let record_id = *id.as_uuid();
    let revision = u32::try_from(current_revision).unwrap_or(u32::MAX);
    if status == RecordStatus::Submitted {
        return Ok(OpOutcome::Accepted {
            record_id,
            revision,
            replaced_revisions: vec![],
            missing_photos: vec![],
        });
    }
    if !OPEN_CHECK_STATUSES.contains(&status) {
        return Ok(rejected(format!(
            "this stock check is {status} and cannot be submitted"
        )));
    }
    // Submitting rewrites the check's body (its status): the one read of the body.
    let Some(check) = records::current(tx, &id.to_string())? else {
        return Ok(rejected("there is no such stock check for your agency"));
    };
    let mut body = check.body;
    records::set_body_status(RecordKind::StockCheck, &mut body, RecordStatus::Submitted);
    records::write_revision(
        tx,
        &NewRevision {
            id: &id.to_string(),
            revision: check.revision + 1,
            status: RecordStatus::Submitted,
            body: &body,
            photos: &[],
            scope: None,
            author_user_id: &caller.user_id,
            device_id: caller.device_id.as_deref(),
        },
    )?;
    Ok(OpOutcome::Accepted {
        record_id,
        revision: revision + 1,
        replaced_revisions: vec![],
        missing_photos: vec![],
    })
}

struct Write<'a> {
    id: String,
    kind: RecordKind,
    status: RecordStatus,
    scope: SharingScope,
    body: Value,
    photos: &'a [PhotoRef],
    /// The pushing app's protocol version.
    version: u32,
}

/// Inserts or revises a record by the protocol's revision rule; `existing` is the
/// stored record the caller already read in this transaction.
fn upsert(
    tx: &impl Conn,
    caller: &Caller,
    op: &Operation,
    existing: Option<records::Current>,
    mut w: Write<'_>,
) -> Result<OpOutcome, StoreError> {
    let record_id = Uuid::parse_str(&w.id).map_err(anyhow::Error::from)?;
    let photos: Vec<String> = w.photos.iter().map(|p| p.sha256.to_string()).collect();
    let (revision, replaced) = match existing {
        None => {
            records::insert(
                tx,
                &NewRecord {
                    id: &w.id,
                    kind: w.kind,
                    agency_id: &caller.agency_id,
                    scope: &w.scope,
                    status: w.status,
                    body: &w.body,
                    photos: &photos,
                    author_user_id: &caller.user_id,
                    device_id: caller.device_id.as_deref(),
                },
            )?;
            (1, Vec::new())
        }
        Some(cur) if cur.agency_id != caller.agency_id || cur.kind != w.kind => {
            return Ok(rejected("this record id is already used by another record"));
        }
        Some(cur) => {
            let current = u32::try_from(cur.revision).unwrap_or(u32::MAX);
            let replaced: Vec<u32> = match op.base_revision {
                Some(base) if base == current => Vec::new(),
                _ if DRAFT_STATUSES.contains(&cur.status) => {
                    (op.base_revision.unwrap_or(0) + 1..=current).collect()
                }
                _ => {
                    return Ok(OpOutcome::Conflict {
                        record_id,
                        server_revision: current,
                        server_record: cur.body,
                    });
                }
            };
            if w.version < 2 {
                keep_fields_since_2(&cur.body, &mut w.body);
            }
            records::write_revision(
                tx,
                &NewRevision {
                    id: &w.id,
                    revision: cur.revision + 1,
                    status: w.status,
                    body: &w.body,
                    photos: &photos,
                    scope: Some(&w.scope),
                    author_user_id: &caller.user_id,
                    device_id: caller.device_id.as_deref(),
                },
            )?;
            (current + 1, replaced)
        }
    };
    let mut missing_photos = Vec::new();
    for p in w.photos {
        // Missing unless the caller's own agency holds it: whether another agency
        // stored these bytes is not the caller's to learn, and citing them grants
        // nothing until the caller's agency sends them itself (photos::store).
        let held = crate::photos::store::held_by(tx, &caller.agency_id, &p.sha256.to_string())?;
        if !held && !missing_photos.contains(&p.sha256) {
            missing_photos.push(p.sha256);
        }
    }
    Ok(OpOutcome::Accepted {
        record_id,
        revision,
        replaced_revisions: replaced,
        missing_photos,
    })
}
