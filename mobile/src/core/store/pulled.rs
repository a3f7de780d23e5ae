//! What pull brings (assignments, vocabularies, review decisions) and where sync
//! stands.
//!
//! Invariant: a pull page's items and the cursor after them are stored in one
//! transaction, so a page is never applied twice nor skipped after a crash.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value;
use time::OffsetDateTime;
use tracemark_shared::domain::RecordStatus;
use tracemark_shared::sync::{PullItem, PullResponse, ReviewDecision};
use uuid::Uuid;

use super::{LocalStore, StoreError, now, parse_time, timestamp, to_u64};

/// Name under which the factory-code vocabulary is kept.
pub const FACTORY_CODES: &str = "factory_codes";

/// A stock check assigned to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The stock check's id.
    pub id: String,
    /// The assignment as the server sent it (stock check, depot, locations, expected
    /// lines).
    pub body: Value,
    /// Whether it was submitted from this device (and not returned since).
    pub submitted: bool,
}

/// A supervisor's decision on one of the user's records.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewView {
    /// The record.
    pub record_id: Uuid,
    /// Kind of record (`seizure_case`, `stock_check`, …).
    pub record_kind: String,
    /// The decision.
    pub decision: ReviewDecision,
    /// The supervisor's comment.
    pub comment: Option<String>,
    /// The revision decided on.
    pub revision: u32,
    /// When.
    pub at: Option<OffsetDateTime>,
}

/// Where sync stands, for the status line of the app.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// Changes waiting to be sent.
    pub records_waiting: u64,
    /// Changes the server refused or that conflict: the user must look at them.
    pub needs_attention: u64,
    /// Photos waiting to be uploaded.
    pub photos_waiting: u64,
    /// Their bytes.
    pub photo_bytes_waiting: u64,
    /// Photos the server refused (damaged or unsupported): the user retakes them.
    pub photos_refused: u64,
    /// When sync last completed a whole round.
    pub last_sync_at: Option<OffsetDateTime>,
    /// The last error, in words for the user (cleared by a successful round).
    pub last_error: Option<String>,
    /// Whether a user is signed in on this device.
    pub signed_in: bool,
}

impl LocalStore {
    /// The cursor to pull from (`None` before the first pull).
    pub fn cursor(&self) -> Result<Option<String>, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT cursor FROM sync_state", [], |r| r.get(0))?))
    }

    /// Stores one pull page and the cursor after it, in one transaction.
    pub fn apply_pull_page(&self, page: &PullResponse) -> Result<(), StoreError> {
        self.write(|tx| {
            for item in &page.items {
                apply_item(tx, item)?;
            }
            tx.execute("UPDATE sync_state SET cursor = ?1", [&page.cursor])?;
            Ok(())
        })
    }

    /// Notes a completed sync round and clears the last error.
    pub fn record_sync_success(&self) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE sync_state SET last_sync_at = ?1, last_error = NULL",
                [now()],
            )?;
            Ok(())
        })
    }

    /// Notes why the last sync round stopped, in words for the user.
    pub fn record_sync_error(&self, message: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("UPDATE sync_state SET last_error = ?1", [message])?;
            Ok(())
        })
    }

    /// The stock checks assigned to the user.
    pub fn list_assignments(&self) -> Result<Vec<Assignment>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, body, submitted_at FROM assignments ORDER BY updated_at, id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, body, submitted) = row?;
                out.push(Assignment {
                    id,
                    body: serde_json::from_str(&body)?,
                    submitted: submitted.is_some(),
                });
            }
            Ok(out)
        })
    }

    /// A vocabulary pulled from the server (e.g. [`FACTORY_CODES`]).
    pub fn vocabulary(&self, name: &str) -> Result<Option<Value>, StoreError> {
        self.read(|c| {
            let body: Option<String> = c
                .query_row(
                    "SELECT body FROM vocabularies WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
        })
    }

    /// Supervisors' decisions on the user's records, newest first.
    pub fn list_review_decisions(&self) -> Result<Vec<ReviewView>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT record_id, record_kind, decision, comment, revision, at
                 FROM reviews ORDER BY at DESC, record_id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, record_kind, decision, comment, revision, at) = row?;
                out.push(ReviewView {
                    record_id: Uuid::parse_str(&id).unwrap_or_default(),
                    record_kind,
                    decision: serde_json::from_value(Value::String(decision))?,
                    comment,
                    revision,
                    at: parse_time(at),
                });
            }
            Ok(out)
        })
    }

    /// Where sync stands.
    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        self.read(|c| {
            let count =
                |sql: &str| -> Result<i64, StoreError> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
            let (last_sync_at, last_error, token): (
                Option<String>,
                Option<String>,
                Option<String>,
            ) = c.query_row(
                "SELECT last_sync_at, last_error, token FROM sync_state",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            Ok(SyncStatus {
                records_waiting: to_u64(count(
                    "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
                )?),
                needs_attention: to_u64(count(
                    "SELECT COUNT(*) FROM outbox WHERE state != 'pending'",
                )?),
                photos_waiting: to_u64(count("SELECT COUNT(*) FROM photos WHERE state = 'local'")?),
                photos_refused: to_u64(count(
                    "SELECT COUNT(*) FROM photos WHERE state = 'refused'",
                )?),
                photo_bytes_waiting: to_u64(count(
                    "SELECT COALESCE(SUM(size), 0) FROM photos WHERE state = 'local'",
                )?),
                last_sync_at: parse_time(last_sync_at),
                last_error,
                signed_in: token.is_some(),
            })
        })
    }
}

fn apply_item(tx: &Transaction<'_>, item: &PullItem) -> Result<(), StoreError> {
    match item {
        PullItem::Assignment { assignment } => {
            // The service sends the stock check with its depot, locations and lines.
            let id = assignment
                .pointer("/stock_check/id")
                .or_else(|| assignment.get("id"))
                .and_then(Value::as_str);
            if let Some(id) = id {
                tx.execute(
                    "INSERT INTO assignments (id, body, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET body = excluded.body,
                         updated_at = excluded.updated_at",
                    params![id, serde_json::to_string(assignment)?, now()],
                )?;
            }
        }
        PullItem::FactoryCodes { vocabulary } => {
            tx.execute(
                "INSERT INTO vocabularies (name, body, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET body = excluded.body,
                     updated_at = excluded.updated_at",
                params![FACTORY_CODES, serde_json::to_string(vocabulary)?, now()],
            )?;
        }
        PullItem::Review {
            record_id,
            record_kind,
            decision,
            comment,
            revision,
            at,
        } => {
            let decision_text = serde_json::to_value(decision)?;
            tx.execute(
                "INSERT OR REPLACE INTO reviews (record_id, revision, record_kind, decision, comment, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    record_id.to_string(),
                    revision,
                    record_kind,
                    decision_text.as_str().unwrap_or_default(),
                    comment,
                    timestamp(*at)
                ],
            )?;
            // The decision is a new revision: corrections are based on it, and a local
            // copy nobody changed since shows the new status.
            let id = record_id.to_string();
            let status = match decision {
                ReviewDecision::Approve => RecordStatus::Approved.as_str(),
                ReviewDecision::Return => RecordStatus::Returned.as_str(),
            };
            tx.execute(
                "UPDATE records SET server_revision = ?2,
                     body = CASE WHEN kind = 'seizure_case' AND local_status = 'synced'
                                 THEN json_set(body, '$.record.status', ?3) ELSE body END
                 WHERE id = ?1 AND (server_revision IS NULL OR server_revision < ?2)",
                params![id, revision, status],
            )?;
            // A returned stock check can be corrected and submitted again.
            if *decision == ReviewDecision::Return {
                tx.execute(
                    "UPDATE assignments SET submitted_at = NULL WHERE id = ?1",
                    [record_id.to_string()],
                )?;
            }
        }
    }
    Ok(())
}
