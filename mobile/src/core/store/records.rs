//! Saving and listing the user's records: count lines, seizure cases, and the
//! submission of a stock check.
//!
//! Invariant: each save writes the record and its outbox entry in one transaction;
//! drafts may be incomplete, a record marked submitted must pass validation.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tracemark_shared::domain::RecordKind;
use tracemark_shared::domain::{CaseStatus, CountLine, SeizureCase, StockCheckId};
use tracemark_shared::sync::Change;
use tracemark_shared::validate::{Validate, Validator};
use uuid::Uuid;

use super::{LocalStore, MAX_RECORD_BYTES, StoreError, now, outbox, parse_time};

/// Where a record stands between this device and the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalStatus {
    /// Changed on this device; waiting to be sent.
    Pending,
    /// The server holds this version.
    Synced,
    /// The server refused the last change; see the message, correct and save again.
    Rejected,
    /// The record was submitted meanwhile and changed on the server; the user decides.
    Conflict,
}

impl LocalStatus {
    fn as_str(self) -> &'static str {
        match self {
            LocalStatus::Pending => "pending",
            LocalStatus::Synced => "synced",
            LocalStatus::Rejected => "rejected",
            LocalStatus::Conflict => "conflict",
        }
    }

    pub(super) fn parse(s: &str) -> Self {
        match s {
            "synced" => LocalStatus::Synced,
            "rejected" => LocalStatus::Rejected,
            "conflict" => LocalStatus::Conflict,
            _ => LocalStatus::Pending,
        }
    }
}

/// A record as the device holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum RecordBody {
    /// A count line of a stock check.
    CountLine(Box<CountLine>),
    /// A seizure case.
    SeizureCase(Box<SeizureCase>),
}

impl RecordBody {
    fn kind(&self) -> &'static str {
        match self {
            RecordBody::CountLine(_) => RecordKind::CountLine.as_str(),
            RecordBody::SeizureCase(_) => RecordKind::SeizureCase.as_str(),
        }
    }
}

/// A record with its sync state, for lists in the app.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRecord {
    /// The record's id.
    pub id: Uuid,
    /// The record.
    pub body: RecordBody,
    /// Last revision the server acknowledged (`None` before the first).
    pub server_revision: Option<u32>,
    /// Where it stands.
    pub status: LocalStatus,
    /// Why the server refused it or what conflicts, when it did.
    pub message: Option<String>,
    /// Something the user should know from the last acknowledgement (e.g. that the
    /// change replaced another device's draft).
    pub notice: Option<String>,
    /// When it was last saved on this device.
    pub updated_at: Option<OffsetDateTime>,
}

impl LocalStore {
    /// Saves a count line (new or changed) and queues it for the server. Lines may be
    /// incomplete until the stock check is submitted; lines of a check already
    /// submitted from this device cannot change.
    pub fn save_count_line(&self, line: &CountLine) -> Result<(), StoreError> {
        let check = line.stock_check_id.to_string();
        self.write(|tx| {
            if submitted_at(tx, &check)?.is_some() {
                return Err(StoreError::AlreadySubmitted);
            }
            save(
                tx,
                &RecordBody::CountLine(Box::new(line.clone())),
                Some(&check),
                Change::CountLine {
                    record: line.clone(),
                },
            )
        })
    }

    /// Saves a seizure case (draft or submitted) and queues it for the server. A draft
    /// may be incomplete; a case with status submitted must pass every rule.
    pub fn save_seizure_case(&self, case: &SeizureCase) -> Result<(), StoreError> {
        if case.status == CaseStatus::Submitted {
            case.validate()?;
        }
        let body = RecordBody::SeizureCase(Box::new(case.clone()));
        let change = Change::SeizureCase {
            record: Box::new(case.clone()),
        };
        self.write(|tx| save(tx, &body, None, change))
    }

    /// Submits an assigned stock check for review: every count line recorded on this
    /// device for it must pass validation. Its lines are read-only afterwards until a
    /// supervisor returns the check.
    pub fn submit_stock_check(&self, id: StockCheckId) -> Result<(), StoreError> {
        let key = id.to_string();
        self.write(|tx| {
            let body: Option<String> = tx
                .query_row("SELECT body FROM assignments WHERE id = ?1", [&key], |r| {
                    r.get(0)
                })
                .optional()?;
            let body = body.ok_or_else(|| StoreError::UnknownStockCheck(key.clone()))?;
            if submitted_at(tx, &key)?.is_some() {
                return Err(StoreError::AlreadySubmitted);
            }
            let mut v = Validator::new();
            for record in query_records(tx, Some(RecordKind::CountLine), Some(&key))? {
                if let RecordBody::CountLine(line) = &record.body {
                    v.nested(&format!("count_lines[{}]", record.id), line.as_ref());
                }
            }
            v.finish()?;
            let base = stock_check_revision(&serde_json::from_str(&body)?);
            outbox::enqueue(
                tx,
                &key,
                Change::SubmitStockCheck { stock_check_id: id },
                base,
            )?;
            tx.execute(
                "UPDATE assignments SET submitted_at = ?2 WHERE id = ?1",
                params![key, now()],
            )?;
            Ok(())
        })
    }

    /// The records on this device, optionally of one kind (`"count_line"`,
    /// `"seizure_case"`), most recently saved first.
    pub fn list_records(&self, kind: Option<RecordKind>) -> Result<Vec<LocalRecord>, StoreError> {
        self.read(|c| query_records(c, kind, None))
    }

    /// The count lines recorded on this device for one stock check.
    pub fn count_lines(&self, stock_check: StockCheckId) -> Result<Vec<LocalRecord>, StoreError> {
        let key = stock_check.to_string();
        self.read(|c| query_records(c, Some(RecordKind::CountLine), Some(&key)))
    }
}

/// Writes the record and queues its change (inside the caller's transaction).
fn save(
    tx: &Transaction<'_>,
    body: &RecordBody,
    parent: Option<&str>,
    change: Change,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(body)?;
    if json.len() > MAX_RECORD_BYTES {
        return Err(StoreError::TooLarge("the record"));
    }
    let id = change.record_id().to_string();
    tx.execute(
        "INSERT INTO records (id, kind, body, parent_id, local_status, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, local_status = 'pending',
             notice = NULL, updated_at = excluded.updated_at",
        params![id, body.kind(), json, parent, now()],
    )?;
    let base: Option<u32> = tx.query_row(
        "SELECT server_revision FROM records WHERE id = ?1",
        [&id],
        |r| r.get(0),
    )?;
    outbox::enqueue(tx, &id, change, base)
}

fn submitted_at(c: &rusqlite::Connection, check: &str) -> Result<Option<String>, StoreError> {
    Ok(c.query_row(
        "SELECT submitted_at FROM assignments WHERE id = ?1",
        [check],
        |r| r.get::<_, Option<String>>(0),
    )
    .optional()?
    .flatten())
}

/// The stock check's server revision in an assignment as the service sends it (the
/// record's revision next to the stock check, else the check's own).
fn stock_check_revision(assignment: &serde_json::Value) -> Option<u32> {
    ["/revision", "/stock_check/revision/number"]
        .iter()
        .find_map(|p| assignment.pointer(p).and_then(serde_json::Value::as_u64))
        .and_then(|n| u32::try_from(n).ok())
}

/// Sets a record's status after the server answered (no-op for ids that are not
/// local records, e.g. a submitted stock check).
pub(super) fn set_status(
    tx: &Transaction<'_>,
    id: &str,
    status: LocalStatus,
    notice: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE records SET local_status = ?2, notice = ?3 WHERE id = ?1",
        params![id, status.as_str(), notice],
    )?;
    Ok(())
}

fn query_records(
    c: &rusqlite::Connection,
    kind: Option<RecordKind>,
    parent: Option<&str>,
) -> Result<Vec<LocalRecord>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT r.id, r.body, r.server_revision, r.local_status, r.notice, r.updated_at,
                (SELECT o.last_error FROM outbox o WHERE o.record_id = r.id
                   AND o.state IN ('rejected', 'conflict') ORDER BY o.seq DESC LIMIT 1)
         FROM records r
         WHERE (?1 IS NULL OR r.kind = ?1) AND (?2 IS NULL OR r.parent_id = ?2)
         ORDER BY r.updated_at DESC, r.id",
    )?;
    let rows = stmt.query_map(params![kind.map(RecordKind::as_str), parent], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<u32>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, body, server_revision, status, notice, updated_at, message) = row?;
        out.push(LocalRecord {
            id: Uuid::parse_str(&id).unwrap_or_default(),
            body: serde_json::from_str(&body)?,
            server_revision,
            status: LocalStatus::parse(&status),
            message,
            notice,
            updated_at: parse_time(updated_at),
        });
    }
    Ok(out)
}
