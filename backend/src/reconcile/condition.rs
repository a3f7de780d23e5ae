//! A lot's condition over successive stock checks, and the lots to dispose of: those
//! whose latest stock check found units of them unserviceable (codes E–H). Both are
//! read from the count lines' rows (`count_line_rows`) with their check's title and
//! the time the check was opened; no record body is read.
//!
//! Invariant: only the caller's own agency's count lines are read, and that is
//! decided in the SQL (`cl.agency_id = :agency`); only supervisors read either, and
//! every read is audited.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::api::condition::{
    ConditionEntry, ConditionHistory, DisposalList, DisposalLot,
};
use tracemark_shared::domain::{AmmunitionLot, ConditionCode, Role};
use tracemark_shared::validate::{TextKind, ValidationErrors, Validator};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{bad, lot, quantity};
use crate::api::{ApiError, ApiQuery, AppState, ErrorBody};
use crate::audit;
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
use crate::named;
use crate::sql::{Conn, ConnExt, Row};
use crate::tracing::index::{calibre_key, text_key};

/// Every count line of the agency with what a history shows of it. The columns from
/// 5 are a lot as `store::lot` reads it; from 17, the lot's identity as tracing
/// compares it ([`IDENTITY`] columns).
const COUNTS: &str = "SELECT cl.check_id, coalesce(h.title, ''), coalesce(o.at, ''), r.updated_at,
        coalesce(loc.code, cl.location_id), cl.manufacturer, cl.calibre, cl.year, cl.lot,
        cl.sub_lot, cl.nsn, cl.dodic, cl.ammunition_type, cl.hazard, cl.quantity,
        cl.condition, cl.note,
        cl.manufacturer_key, cl.calibre_key, cl.lot_key, coalesce(cl.sub_lot_key, '')
    FROM count_line_rows cl
    JOIN records r ON r.id = cl.record_id
    LEFT JOIN record_revisions o ON o.record_id = cl.check_id AND o.revision = 1
    LEFT JOIN stock_check_heads h ON h.check_id = cl.check_id
    LEFT JOIN stock_check_locations loc
           ON loc.check_id = cl.check_id AND loc.location_id = cl.location_id
    WHERE cl.agency_id = :agency";

/// One row of [`COUNTS`].
struct Count {
    entry: ConditionEntry,
    lot: AmmunitionLot,
}

fn count(r: &Row<'_>) -> Result<Count, StoreError> {
    let id: String = r.get(0)?;
    let of = || format!("count line of stock check {id}");
    let condition: ConditionCode = r.str(15)?.parse().map_err(|_| bad("condition", &of))?;
    Ok(Count {
        lot: lot(r, 5, &of)?,
        entry: ConditionEntry {
            title: r.get(1)?,
            check_opened_at: r.get(2)?,
            counted_at: r.get(3)?,
            location: r.get(4)?,
            quantity: quantity(r, 14, &of)?,
            condition,
            note: r.get(16)?,
            stock_check_id: id,
        },
    })
}

/// Which lot a history is asked for, as marked.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LotQuery {
    /// Manufacturer as marked.
    pub manufacturer: String,
    /// Calibre as marked (spellings of one calibre match: `7.62x39`, `7,62×39 мм`).
    pub calibre: String,
    /// Lot number.
    pub lot: String,
    /// Sub-lot, when the lot has one.
    pub sub_lot: Option<String>,
}

impl LotQuery {
    fn check(&self) -> Result<(), ValidationErrors> {
        let mut v = Validator::new();
        v.text("manufacturer", &self.manufacturer, TextKind::Short);
        v.text("calibre", &self.calibre, TextKind::Short);
        v.text("lot", &self.lot, TextKind::Short);
        if let Some(s) = &self.sub_lot {
            v.text("sub_lot", s, TextKind::Short);
        }
        v.finish()
    }
}

fn supervisor(caller: &Caller) -> Result<(), StoreError> {
    caller.require(
        &[Role::Supervisor],
        "only a supervisor can read the condition of stock",
    )
}

/// The condition history of one lot in the caller's agency, oldest check first;
/// `None` when no count of the caller's agency names the lot. The read is audited.
pub fn history(
    tx: &impl Conn,
    caller: &Caller,
    q: &LotQuery,
    via: &str,
) -> Result<Option<ConditionHistory>, StoreError> {
    supervisor(caller)?;
    q.check().map_err(StoreError::Invalid)?;
    let sql = format!(
        "{COUNTS} AND cl.lot_key = :lot AND cl.manufacturer_key = :maker
             AND cl.calibre_key = :calibre AND coalesce(cl.sub_lot_key, '') = :sub
         ORDER BY 3, cl.check_id, r.updated_at"
    );
    let sub = q.sub_lot.as_deref().map(text_key).unwrap_or_default();
    let mut counts = Vec::new();
    tx.for_each(
        &sql,
        named! {
            ":agency": caller.agency_id,
            ":lot": text_key(&q.lot),
            ":maker": text_key(&q.manufacturer),
            ":calibre": calibre_key(&q.calibre),
            ":sub": sub,
        },
        |r| {
            counts.push(count(r)?);
            Ok::<_, StoreError>(())
        },
    )?;
    let Some(latest) = counts.last().map(|c| c.lot.clone()) else {
        return Ok(None);
    };
    let entries: Vec<ConditionEntry> = counts.into_iter().map(|c| c.entry).collect();
    audit::reads(
        tx,
        caller.actor(),
        "read_condition_history",
        &[latest.lot.as_str()],
        json!({ "manufacturer": latest.manufacturer, "calibre": latest.calibre,
                "entries": entries.len(), "via": via }),
    )?;
    Ok(Some(ConditionHistory {
        lot: latest,
        entries,
    }))
}

/// The lots of the caller's agency whose latest stock check found units of them
/// unserviceable, that check's newest first. The read is audited.
pub fn disposal(tx: &impl Conn, caller: &Caller, via: &str) -> Result<DisposalList, StoreError> {
    supervisor(caller)?;
    // A lot's counts come together, its checks in the order they were opened.
    let sql = format!(
        "{COUNTS} ORDER BY cl.manufacturer_key, cl.calibre_key, cl.lot_key,
             coalesce(cl.sub_lot_key, ''), 3, cl.check_id"
    );
    let mut keys = String::new();
    let mut lots = Vec::new();
    let mut current: Option<LotCounts> = None;
    tx.for_each(&sql, named! { ":agency": caller.agency_id }, |r| {
        keys.clear();
        for i in IDENTITY {
            keys.push_str(r.str(i)?);
            keys.push('\u{1f}');
        }
        let c = count(r)?;
        match &mut current {
            Some(l) if l.key == keys => l.add(c),
            _ => {
                if let Some(done) = current.take().and_then(LotCounts::into_disposal) {
                    lots.push(done);
                }
                current = Some(LotCounts::new(keys.clone(), c));
            }
        }
        Ok::<_, StoreError>(())
    })?;
    if let Some(done) = current.and_then(LotCounts::into_disposal) {
        lots.push(done);
    }
    lots.sort_by(|a, b| {
        b.check_opened_at
            .cmp(&a.check_opened_at)
            .then_with(|| a.lot.lot.cmp(&b.lot.lot))
    });
    let mut checks: Vec<&str> = lots.iter().map(|l| l.stock_check_id.as_str()).collect();
    checks.sort_unstable();
    checks.dedup();
    audit::reads(
        tx,
        caller.actor(),
        "read_disposal_list",
        &checks,
        json!({ "lots": lots.len(), "via": via }),
    )?;
    Ok(DisposalList { lots })
}

/// The columns of [`COUNTS`] that identify a lot: manufacturer, calibre, lot and
/// sub-lot keys.
const IDENTITY: std::ops::Range<usize> = 17..21;

/// The counts of one lot, as they stream in: how many checks counted it, and the
/// latest check's lines.
struct LotCounts {
    key: String,
    checks: u32,
    latest: Vec<Count>,
}

impl LotCounts {
    fn new(key: String, c: Count) -> Self {
        Self {
            key,
            checks: 1,
            latest: vec![c],
        }
    }

    fn add(&mut self, c: Count) {
        let same_check = self
            .latest
            .first()
            .is_some_and(|l| l.entry.stock_check_id == c.entry.stock_check_id);
        if !same_check {
            self.checks += 1;
            self.latest.clear();
        }
        self.latest.push(c);
    }

    /// The lot to dispose of, if its latest check found units of it unserviceable.
    fn into_disposal(self) -> Option<DisposalLot> {
        let bad: Vec<&Count> = self
            .latest
            .iter()
            .filter(|c| c.entry.quantity > 0 && !c.entry.condition.is_serviceable())
            .filter(|c| !c.entry.condition.is_suspended())
            .collect();
        let first = bad.first()?;
        let mut conditions: Vec<ConditionCode> = bad.iter().map(|c| c.entry.condition).collect();
        conditions.sort();
        conditions.dedup();
        let mut locations: Vec<String> = Vec::new();
        for c in &bad {
            if !locations.contains(&c.entry.location) {
                locations.push(c.entry.location.clone());
            }
        }
        Some(DisposalLot {
            lot: first.lot.clone(),
            quantity: bad.iter().map(|c| c.entry.quantity).sum(),
            conditions,
            locations,
            stock_check_id: first.entry.stock_check_id.clone(),
            title: first.entry.title.clone(),
            check_opened_at: first.entry.check_opened_at.clone(),
            checks: self.checks,
        })
    }
}

/// The condition routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_history))
        .routes(routes!(get_disposal))
}

#[utoipa::path(get, path = "/api/v1/lots/condition-history", tag = "inventory", security(("bearer" = [])),
    params(LotQuery),
    responses((status = 200, description = "the lot's counts over successive stock checks, oldest first", body = ConditionHistory),
              (status = 403, body = ErrorBody),
              (status = 404, description = "no count of the caller's agency names this lot", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn get_history(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<LotQuery>,
) -> Result<Json<ConditionHistory>, ApiError> {
    let found = state
        .db
        .write(move |tx| history(tx, &caller, &q, "http"))
        .await?;
    Ok(Json(found.ok_or(StoreError::NotFound("lot"))?))
}

#[utoipa::path(get, path = "/api/v1/lots/disposal", tag = "inventory", security(("bearer" = [])),
    responses((status = 200, description = "the lots whose latest stock check found units unserviceable (codes E–H)", body = DisposalList),
              (status = 403, body = ErrorBody)))]
async fn get_disposal(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
) -> Result<Json<DisposalList>, ApiError> {
    Ok(Json(
        state
            .db
            .write(move |tx| disposal(tx, &caller, "http"))
            .await?,
    ))
}
