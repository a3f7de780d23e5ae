//! Loading what a reconciliation needs: one stock check of the caller's own agency
//! and the current revision of each of its count lines (their rows, `count_line_rows`).
//!
//! Invariant: only the owning agency's records are read, and that is decided in the
//! SQL (`agency_id = :agency`); another agency's check is "not found".

use rusqlite::{Connection, OptionalExtension, named_params};
use serde::Deserialize;
use tracemark_shared::domain::{AmmunitionLot, Depot, ExpectedLine, StockCheck, StorageLocation};
use tracemark_shared::marking::nsn::{Dodic, Nsn};

use crate::api::ApiError;
use crate::identity::Caller;

use super::compute::Counted;

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
    pub counted: Vec<Counted>,
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
    // Each line's row, in the check's key order: no body is read or parsed.
    let mut stmt = c.prepare_cached(
        "SELECT record_id, location_id, manufacturer, calibre, year, lot, sub_lot, nsn,
                dodic, quantity, condition, note
         FROM count_line_rows WHERE check_id = :id AND agency_id = :agency",
    )?;
    let mut rows = stmt.query(named_params! { ":id": id, ":agency": caller.agency_id })?;
    let mut counted = Vec::new();
    while let Some(r) = rows.next()? {
        let line_id: String = r.get(0)?;
        let bad = |what: &str| {
            ApiError::Internal(anyhow::anyhow!("stored count line {line_id}: bad {what}"))
        };
        let location: &str = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let location_id = location.parse().map_err(|_| bad("location"))?;
        let condition: &str = r.get_ref(10)?.as_str().map_err(rusqlite::Error::from)?;
        let condition = condition.parse().map_err(|_| bad("condition"))?;
        let year: Option<i64> = r.get(4)?;
        let quantity: i64 = r.get(9)?;
        counted.push(Counted {
            location_id,
            lot: AmmunitionLot {
                manufacturer: r.get(2)?,
                calibre: r.get(3)?,
                year: year.and_then(|y| u16::try_from(y).ok()),
                lot: r.get(5)?,
                sub_lot: r.get(6)?,
                nsn: r
                    .get::<_, Option<String>>(7)?
                    .map(|n| Nsn::parse(&n))
                    .transpose()
                    .map_err(|_| bad("NSN"))?,
                dodic: r
                    .get::<_, Option<String>>(8)?
                    .map(|d| Dodic::parse(&d))
                    .transpose()
                    .map_err(|_| bad("DODIC"))?,
            },
            quantity: u64::try_from(quantity).map_err(|_| bad("quantity"))?,
            condition,
            note: r.get(11)?,
            id: line_id,
        });
    }
    Ok(Some(Loaded {
        check,
        status,
        counted,
    }))
}
