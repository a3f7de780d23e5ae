//! Loading what a reconciliation needs: one stock check of the caller's own agency as
//! its rows (head, locations in order, expected lines; `tracing::index` keeps them with
//! the check's current revision) and the current revision of each of its count lines
//! (`count_line_rows`). No record body is read or parsed: a large check's body is
//! tens of megabytes.
//!
//! Invariant: only the owning agency's records are read, and that is decided in the
//! SQL (`agency_id = :agency`); another agency's check is "not found".

use crate::named;
use crate::sql::{Conn, ConnExt, Row, SqlError};
use tracemark_shared::domain::{AmmunitionLot, AmmunitionType, LocationId};
use tracemark_shared::marking::nsn::{Dodic, Nsn};

use crate::db::StoreError;
use crate::identity::Caller;

use super::compute::{Computed, CountDetails, Expected, LotKey, Place, Reconciler};

/// A stock check's head, with its workflow status.
#[derive(Debug)]
pub struct Head {
    /// The check's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its depot's code.
    pub depot_code: String,
    /// Its depot's name.
    pub depot_name: String,
    /// Workflow status of the record.
    pub status: String,
}

/// What is wrong with a stored row (a server fault: rows are written from validated
/// records).
/// `of` names the row, called only when it is bad.
pub(super) fn bad(what: &str, of: &dyn Fn() -> String) -> StoreError {
    StoreError::Other(anyhow::anyhow!("stored {}: bad {what}", of()))
}

fn text<'r>(r: &'r Row<'_>, i: usize) -> Result<&'r str, SqlError> {
    r.str(i)
}

fn text_or_null<'r>(r: &'r Row<'_>, i: usize) -> Result<Option<&'r str>, SqlError> {
    r.str_opt(i)
}

fn location(r: &Row<'_>, i: usize, of: &dyn Fn() -> String) -> Result<LocationId, StoreError> {
    text(r, i)?.parse().map_err(|_| bad("location", of))
}

/// The last location read, by its text: rows of one location come together, so
/// most rows skip parsing their location's id.
#[derive(Default)]
struct LastLocation {
    text: String,
    id: Option<LocationId>,
}

impl LastLocation {
    fn read(
        &mut self,
        r: &Row<'_>,
        i: usize,
        of: &dyn Fn() -> String,
    ) -> Result<LocationId, StoreError> {
        let text = text(r, i)?;
        if let Some(id) = self.id
            && self.text == text
        {
            return Ok(id);
        }
        let id = location(r, i, of)?;
        text.clone_into(&mut self.text);
        self.id = Some(id);
        Ok(id)
    }
}

pub(super) fn quantity(r: &Row<'_>, i: usize, of: &dyn Fn() -> String) -> Result<u64, StoreError> {
    u64::try_from(r.get::<i64>(i)?).map_err(|_| bad("quantity", of))
}

/// The lot in the nine columns from `first`: manufacturer, calibre, year, lot,
/// sub-lot, NSN, DODIC, ammunition type, hazard classification.
pub(super) fn lot(
    r: &Row<'_>,
    first: usize,
    of: &dyn Fn() -> String,
) -> Result<AmmunitionLot, StoreError> {
    let year: Option<i64> = r.get(first + 2)?;
    Ok(AmmunitionLot {
        manufacturer: r.get(first)?,
        calibre: r.get(first + 1)?,
        year: year.and_then(|y| u16::try_from(y).ok()),
        lot: r.get(first + 3)?,
        sub_lot: r.get(first + 4)?,
        nsn: text_or_null(r, first + 5)?
            .map(Nsn::parse)
            .transpose()
            .map_err(|_| bad("NSN", of))?,
        dodic: text_or_null(r, first + 6)?
            .map(Dodic::parse)
            .transpose()
            .map_err(|_| bad("DODIC", of))?,
        ammunition_type: text_or_null(r, first + 7)?
            .map(|t| AmmunitionType::from_wire(t).ok_or_else(|| bad("ammunition type", of)))
            .transpose()?,
        hazard: text_or_null(r, first + 8)?
            .map(str::parse)
            .transpose()
            .map_err(|_| bad("hazard classification", of))?,
    })
}

/// The check `id` of the caller's agency, reconciled, if there is one. Expected lines
/// are read first, then each count line's row is added as it is read: a count line
/// whose lot is expected where it was counted costs no allocation.
pub fn reconcile(
    c: &impl Conn,
    caller: &Caller,
    id: &str,
) -> Result<Option<(Head, Computed)>, StoreError> {
    let head = c.query_opt(
        "SELECT r.id, h.title, h.depot_code, h.depot_name, r.status
             FROM records r JOIN stock_check_heads h ON h.check_id = r.id
             WHERE r.id = :id AND r.kind = 'stock_check' AND r.agency_id = :agency",
        named! { ":id": id, ":agency": caller.agency_id },
        |r| {
            Ok(Head {
                id: r.get(0)?,
                title: r.get(1)?,
                depot_code: r.get(2)?,
                depot_name: r.get(3)?,
                status: r.get(4)?,
            })
        },
    )?;
    let Some(head) = head else {
        return Ok(None);
    };
    let of = || format!("stock check {id}");

    let mut locations = Vec::new();
    c.for_each(
        "SELECT location_id, code FROM stock_check_locations
         WHERE check_id = :id ORDER BY position",
        named! { ":id": head.id },
        |r| {
            locations.push(Place {
                id: location(r, 0, &of)?,
                code: r.get(1)?,
            });
            Ok::<_, StoreError>(())
        },
    )?;
    let mut reconciler = Reconciler::new(&locations);

    let mut last = LastLocation::default();
    c.for_each(
        "SELECT location_id, manufacturer, calibre, year, lot, sub_lot, nsn, dodic,
                ammunition_type, hazard, quantity
         FROM expected_line_rows WHERE check_id = :id ORDER BY line",
        named! { ":id": head.id },
        |r| {
            reconciler.expect(Expected {
                location_id: last.read(r, 0, &of)?,
                lot: lot(r, 1, &of)?,
                quantity: quantity(r, 10, &of)?,
            });
            Ok::<_, StoreError>(())
        },
    )?;

    // Each line's row, in the check's key order: no body is read or parsed.
    let mut last = LastLocation::default();
    c.for_each(
        "SELECT record_id, location_id, manufacturer, calibre, year, lot, sub_lot, nsn,
                dodic, ammunition_type, hazard, quantity, condition, note
         FROM count_line_rows WHERE check_id = :id AND agency_id = :agency",
        named! { ":id": head.id, ":agency": caller.agency_id },
        |r| {
            let of = || format!("count line {}", text(r, 0).unwrap_or_default());
            let of: &dyn Fn() -> String = &of;
            let key = LotKey {
                manufacturer: text(r, 2)?,
                calibre: text(r, 3)?,
                lot: text(r, 5)?,
                sub_lot: text_or_null(r, 6)?,
            };
            let condition = text(r, 12)?.parse().map_err(|_| bad("condition", of))?;
            reconciler.count(
                last.read(r, 1, of)?,
                key,
                quantity(r, 11, of)?,
                condition,
                || {
                    Ok::<_, StoreError>(CountDetails {
                        id: r.get(0)?,
                        lot: lot(r, 2, of)?,
                        note: r.get(13)?,
                    })
                },
            )?;
            Ok::<_, StoreError>(())
        },
    )?;
    Ok(Some((head, reconciler.finish())))
}
