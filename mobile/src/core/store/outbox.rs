//! The outbox: changes waiting for the server, in the order they were made.
//!
//! Invariants:
//! - an entry leaves the outbox only when the server accepted it, or when the user
//!   resolves a refused or conflicting change;
//! - an entry's payload may be replaced by a later save of the same record only while
//!   it was never sent (`attempts == 0`): a sent operation may have been applied with
//!   its acknowledgement lost, so a later change needs a new operation id;
//! - a push batch holds at most one operation per record, so every later operation is
//!   rebased on the revision the server gave the earlier one.

use rusqlite::{OptionalExtension, Transaction, params};
use time::OffsetDateTime;
use tracemark_shared::sync::{Change, OpOutcome, OpResult, Operation};
use uuid::Uuid;

use super::records::{LocalStatus, RecordBody, set_status};
use super::{LocalStore, StoreError, now};

/// What the user sees on a change the server refused or that conflicts.
const CONFLICT_MESSAGE: &str = "This record was changed on the server after it was submitted. \
     Keep the server's version, or apply your change on top of it.";

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// Waiting to be sent (or re-sent).
    Pending,
    /// The server refused it; the user corrects the record and saves again.
    Rejected,
    /// The record changed on the server after submission; the user decides.
    Conflict,
}

impl EntryState {
    fn parse(s: &str) -> Self {
        match s {
            "rejected" => EntryState::Rejected,
            "conflict" => EntryState::Conflict,
            _ => EntryState::Pending,
        }
    }
}

/// One change waiting for the server.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// Position in the outbox (order of the changes).
    pub seq: i64,
    /// The operation as it is pushed.
    pub op: Operation,
    /// Pushes that carried it so far.
    pub attempts: u32,
    /// Where it stands.
    pub state: EntryState,
    /// The last problem, in the user's words.
    pub last_error: Option<String>,
    /// On a conflict: the server's record.
    pub server_record: Option<serde_json::Value>,
}

/// Operations taken for one push, already counted as attempted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushBatch {
    /// The operations, in outbox order.
    pub operations: Vec<Operation>,
}

/// Queues a change of `record_id` (inside the caller's transaction), replacing the
/// payload of the record's last entry if that entry was never sent.
pub(super) fn enqueue(
    tx: &Transaction<'_>,
    record_id: &str,
    change: Change,
    base_revision: Option<u32>,
) -> Result<(), StoreError> {
    // A new full version of the record supersedes a refused one.
    tx.execute(
        "DELETE FROM outbox WHERE record_id = ?1 AND state = 'rejected'",
        [record_id],
    )?;
    let unsent: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, payload FROM outbox WHERE record_id = ?1 AND state = 'pending'
               AND attempts = 0 AND seq = (SELECT MAX(seq) FROM outbox WHERE record_id = ?1)",
            [record_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let device_time = OffsetDateTime::now_utc();
    match unsent {
        Some((seq, payload)) => {
            let old: Operation = serde_json::from_str(&payload)?;
            let op = Operation {
                device_time,
                change,
                ..old
            };
            tx.execute(
                "UPDATE outbox SET payload = ?2 WHERE seq = ?1",
                params![seq, serde_json::to_string(&op)?],
            )?;
        }
        None => {
            let op = Operation {
                op_id: Uuid::now_v7(), // time-ordered, like record ids (domain::ids)
                base_revision,
                device_time,
                change,
            };
            tx.execute(
                "INSERT INTO outbox (op_id, record_id, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![
                    op.op_id.to_string(),
                    record_id,
                    serde_json::to_string(&op)?,
                    now()
                ],
            )?;
        }
    }
    Ok(())
}

impl LocalStore {
    /// Takes the next operations to push, in order: at most `max_ops`, about
    /// `max_bytes` of JSON (always at least one), stopping before a second operation
    /// on the same record. Counts them as attempted before they leave the device.
    pub fn take_batch(&self, max_ops: usize, max_bytes: usize) -> Result<PushBatch, StoreError> {
        self.write(|tx| {
            let mut stmt = tx.prepare(
                "SELECT seq, record_id, payload FROM outbox WHERE state = 'pending'
                 ORDER BY seq LIMIT ?1",
            )?;
            let limit = i64::try_from(max_ops).unwrap_or(i64::MAX);
            let rows = stmt.query_map([limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            let mut seen = std::collections::HashSet::new();
            let (mut bytes, mut operations) = (0usize, Vec::new());
            for row in rows {
                let (seq, record, payload) = row?;
                bytes = bytes.saturating_add(payload.len() + 1);
                if !seen.insert(record) || (bytes > max_bytes && !operations.is_empty()) {
                    break;
                }
                tx.execute(
                    "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?1",
                    [seq],
                )?;
                operations.push(serde_json::from_str::<Operation>(&payload)?);
            }
            Ok(PushBatch { operations })
        })
    }

    /// Applies the server's answers to a push in one transaction: accepted entries
    /// leave the outbox and their records take the new revision; refused and
    /// conflicting ones stay, with the server's words, for the user. Answers for
    /// unknown operation ids are ignored; entries without an answer stay pending.
    pub fn apply_push_results(&self, results: &[OpResult]) -> Result<(), StoreError> {
        self.write(|tx| {
            for result in results {
                apply_result(tx, result)?;
            }
            Ok(())
        })
    }

    /// Notes why a push failed on the entries it carried (they stay pending).
    pub fn note_push_failure(&self, batch: &PushBatch, error: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            for op in &batch.operations {
                tx.execute(
                    "UPDATE outbox SET last_error = ?2 WHERE op_id = ?1",
                    params![op.op_id.to_string(), error],
                )?;
            }
            Ok(())
        })
    }

    /// Every entry in the outbox, oldest first (for a "waiting to send" screen).
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT seq, payload, attempts, state, last_error, server_record
                 FROM outbox ORDER BY seq",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (seq, payload, attempts, state, last_error, server_record) = row?;
                out.push(OutboxEntry {
                    seq,
                    op: serde_json::from_str(&payload)?,
                    attempts,
                    state: EntryState::parse(&state),
                    last_error,
                    server_record: server_record
                        .map(|s| serde_json::from_str(&s))
                        .transpose()?,
                });
            }
            Ok(out)
        })
    }

    /// Resolves a conflict by keeping the server's version: the local record becomes
    /// the server's, and the conflicting change is dropped.
    pub fn keep_server_version(&self, op_id: Uuid) -> Result<(), StoreError> {
        self.write(|tx| {
            let Some((record_id, revision, server)) = conflict(tx, op_id)? else {
                return Ok(());
            };
            let kind: Option<String> = tx
                .query_row(
                    "SELECT kind FROM records WHERE id = ?1",
                    [&record_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(kind) = kind {
                let body: RecordBody =
                    serde_json::from_value(serde_json::json!({ "kind": kind, "record": server }))?;
                tx.execute(
                    "UPDATE records SET body = ?2, server_revision = ?3 WHERE id = ?1",
                    params![record_id, serde_json::to_string(&body)?, revision],
                )?;
            }
            tx.execute("DELETE FROM outbox WHERE op_id = ?1", [op_id.to_string()])?;
            settle(tx, &record_id, None)
        })
    }

    /// Resolves a conflict by applying the user's change on top of the server's
    /// version: a new operation based on the server's revision replaces the entry.
    pub fn apply_mine_on_top(&self, op_id: Uuid) -> Result<(), StoreError> {
        self.write(|tx| {
            let Some((record_id, revision, _)) = conflict(tx, op_id)? else {
                return Ok(());
            };
            let payload: String = tx.query_row(
                "SELECT payload FROM outbox WHERE op_id = ?1",
                [op_id.to_string()],
                |r| r.get(0),
            )?;
            let old: Operation = serde_json::from_str(&payload)?;
            let op = Operation {
                op_id: Uuid::now_v7(), // time-ordered, like record ids (domain::ids)
                base_revision: Some(revision),
                ..old
            };
            tx.execute(
                "UPDATE outbox SET op_id = ?2, payload = ?3, attempts = 0, state = 'pending',
                     last_error = NULL, server_revision = NULL, server_record = NULL
                 WHERE op_id = ?1",
                params![
                    op_id.to_string(),
                    op.op_id.to_string(),
                    serde_json::to_string(&op)?
                ],
            )?;
            tx.execute(
                "UPDATE records SET server_revision = ?2 WHERE id = ?1",
                params![record_id, revision],
            )?;
            set_status(tx, &record_id, LocalStatus::Pending, None)
        })
    }
}

/// The record id, server revision and server record of a conflicting entry.
fn conflict(
    tx: &Transaction<'_>,
    op_id: Uuid,
) -> Result<Option<(String, u32, serde_json::Value)>, StoreError> {
    let row: Option<(String, Option<u32>, Option<String>)> = tx
        .query_row(
            "SELECT record_id, server_revision, server_record FROM outbox
             WHERE op_id = ?1 AND state = 'conflict'",
            [op_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(match row {
        Some((id, Some(rev), Some(record))) => Some((id, rev, serde_json::from_str(&record)?)),
        _ => None,
    })
}

fn apply_result(tx: &Transaction<'_>, result: &OpResult) -> Result<(), StoreError> {
    let op_id = result.op_id.to_string();
    let entry: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT seq, record_id, payload FROM outbox WHERE op_id = ?1",
            [&op_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((seq, record_id, payload)) = entry else {
        return Ok(());
    };
    match &result.outcome {
        OpOutcome::Accepted {
            revision,
            replaced_revisions,
            ..
        } => {
            tx.execute("DELETE FROM outbox WHERE seq = ?1", [seq])?;
            rebase_later(tx, &record_id, seq, *revision)?;
            tx.execute(
                "UPDATE records SET server_revision = ?2
                 WHERE id = ?1 AND (server_revision IS NULL OR server_revision < ?2)",
                params![record_id, revision],
            )?;
            let notice =
                (!replaced_revisions.is_empty()).then(|| replaced_notice(replaced_revisions));
            settle(tx, &record_id, notice.as_deref())
        }
        OpOutcome::Rejected { message, errors } => {
            let mut text = message.clone();
            for e in errors {
                text.push_str(&format!("\n{e}"));
            }
            tx.execute(
                "UPDATE outbox SET state = 'rejected', last_error = ?2 WHERE seq = ?1",
                params![seq, text],
            )?;
            // A refused submission can be corrected and submitted again.
            let op: Operation = serde_json::from_str(&payload)?;
            if matches!(op.change, Change::SubmitStockCheck { .. }) {
                tx.execute(
                    "UPDATE assignments SET submitted_at = NULL WHERE id = ?1",
                    [&record_id],
                )?;
            }
            set_status(tx, &record_id, LocalStatus::Rejected, None)
        }
        OpOutcome::Conflict {
            server_revision,
            server_record,
            ..
        } => {
            tx.execute(
                "UPDATE outbox SET state = 'conflict', last_error = ?2, server_revision = ?3,
                     server_record = ?4 WHERE seq = ?1",
                params![
                    seq,
                    CONFLICT_MESSAGE,
                    server_revision,
                    serde_json::to_string(server_record)?
                ],
            )?;
            set_status(tx, &record_id, LocalStatus::Conflict, None)
        }
    }
}

/// Later unsent changes of the record were made on top of the accepted one.
fn rebase_later(
    tx: &Transaction<'_>,
    record_id: &str,
    after: i64,
    revision: u32,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "SELECT seq, payload FROM outbox WHERE record_id = ?1 AND seq > ?2 AND state = 'pending'",
    )?;
    let rows: Vec<(i64, String)> = stmt
        .query_map(params![record_id, after], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (seq, payload) in rows {
        let mut op: Operation = serde_json::from_str(&payload)?;
        op.base_revision = Some(revision);
        tx.execute(
            "UPDATE outbox SET payload = ?2 WHERE seq = ?1",
            params![seq, serde_json::to_string(&op)?],
        )?;
    }
    Ok(())
}

/// The record's status once an entry left: synced if nothing else waits for it.
fn settle(tx: &Transaction<'_>, record_id: &str, notice: Option<&str>) -> Result<(), StoreError> {
    let waiting: Option<String> = tx
        .query_row(
            "SELECT state FROM outbox WHERE record_id = ?1 ORDER BY seq DESC LIMIT 1",
            [record_id],
            |r| r.get(0),
        )
        .optional()?;
    let status = match waiting.as_deref() {
        None => LocalStatus::Synced,
        Some(s) => LocalStatus::parse(s),
    };
    set_status(tx, record_id, status, notice)
}

fn replaced_notice(revisions: &[u32]) -> String {
    let list: Vec<String> = revisions.iter().map(u32::to_string).collect();
    format!(
        "Your change replaced another version of this draft (revision {}); that version is kept on the server.",
        list.join(", ")
    )
}
