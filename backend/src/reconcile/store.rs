//! Loading what a reconciliation needs: one stock check of the caller's own agency
//! and the current revision of each of its count lines.
//!
//! Invariant: only the owning agency's records are read, and that is decided in the
//! SQL (`r.agency_id = :agency`); another agency's check is "not found".

use rusqlite::{Connection, OptionalExtension, named_params};
use serde::Deserialize;
use tracemark_shared::domain::{CountLine, Depot, ExpectedLine, StockCheck, StorageLocation};

use crate::api::ApiError;
use crate::identity::Caller;

/// A stock check record's body as stored.
#[derive(Debug, Deserialize)]
pub struct StoredCheck {
    /// The check.
    pub stock_check: StockCheck,
    /// Its depot.
    pub depot: Depot,
    /// Locations to count.
    pub locations: Vec<StorageLocation>,
    /// Expected lines.
    pub expected: Vec<ExpectedLine>,
}

/// A stock check with its workflow status and count lines.
#[derive(Debug)]
pub struct Loaded {
    /// The stored check.
    pub check: StoredCheck,
    /// Workflow status of the record.
    pub status: String,
    /// Current revision of every count line of the check.
    pub counted: Vec<CountLine>,
}

/// The check `id` of the caller's agency with its count lines, if there is one.
pub fn load(c: &Connection, caller: &Caller, id: &str) -> Result<Option<Loaded>, ApiError> {
    // Bodies are parsed where SQLite holds them (`get_ref`), never copied first: a
    // large check's body is tens of megabytes.
    let row: Option<(Result<StoredCheck, serde_json::Error>, String)> = c
        .query_row(
            "SELECT r.body, r.status FROM records r
             WHERE r.id = :id AND r.kind = 'stock_check' AND r.agency_id = :agency",
            named_params! { ":id": id, ":agency": caller.agency_id },
            |r| Ok((serde_json::from_str(r.get_ref(0)?.as_str()?), r.get(1)?)),
        )
        .optional()?;
    let Some((check, status)) = row else {
        return Ok(None);
    };
    let check =
        check.map_err(|e| ApiError::Internal(anyhow::anyhow!("stored stock check {id}: {e}")))?;
    // Always through `records_count_line_check` (a partial index on the expression,
    // which holds each count line's check already extracted): where most records are
    // this check's lines the planner would rather scan the table, reading every record
    // and parsing each body's JSON again to find its check.
    let mut stmt = c.prepare_cached(
        "SELECT r.id, r.body FROM records r INDEXED BY records_count_line_check
         WHERE r.kind = 'count_line' AND r.agency_id = :agency
           AND json_extract(r.body, '$.stock_check_id') = :id",
    )?;
    let mut rows = stmt.query(named_params! { ":id": id, ":agency": caller.agency_id })?;
    let mut counted = Vec::new();
    while let Some(r) = rows.next()? {
        let text = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        match serde_json::from_str::<CountLine>(text) {
            Ok(line) => counted.push(line),
            Err(e) => {
                let line_id: String = r.get(0)?;
                return Err(ApiError::Internal(anyhow::anyhow!(
                    "stored count line {line_id}: {e}"
                )));
            }
        }
    }
    Ok(Some(Loaded {
        check,
        status,
        counted,
    }))
}
