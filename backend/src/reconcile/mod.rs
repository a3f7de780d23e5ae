//! Reconciliation of a stock check: expected against counted per location and lot
//! (matched, missing, surplus, unexpected lot, wrong location) with condition findings
//! and totals, as JSON for screens and CSV for spreadsheets.
//!
//! Invariant: only supervisors of the agency that owns the check read it (anyone else
//! gets 404 for another agency's check); the arithmetic is the pure
//! [`compute::reconcile`], SQL only loads; every CSV export is audited.

pub mod compute;
pub mod condition;
pub mod store;

use crate::sql::Conn;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use compute::{Computed, Status};
pub use tracemark_shared::api::reconcile::Reconciliation;

use crate::api::{ApiError, ApiPath, ApiQuery, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
use tracemark_shared::domain::Role;

/// Loads and reconciles the check `id` of the caller's agency (supervisors only).
pub fn reconciliation(
    c: &impl Conn,
    caller: &Caller,
    id: &str,
) -> Result<Reconciliation, StoreError> {
    caller.require(
        &[Role::Supervisor],
        "only a supervisor can read a reconciliation",
    )?;
    let (head, computed) =
        store::reconcile(c, caller, id)?.ok_or(StoreError::NotFound("stock check"))?;
    Ok(Reconciliation {
        stock_check_id: head.id,
        title: head.title,
        status: head.status,
        depot: head.depot_code,
        depot_name: head.depot_name,
        lines: computed.lines,
        findings: computed.findings,
        mixed_storage: computed.mixed_storage,
        locations: computed.locations,
        totals: computed.totals,
    })
}

/// Appends the audit entry of an export (call inside the write transaction).
pub fn audit_export(
    c: &impl Conn,
    caller: &Caller,
    r: &Reconciliation,
    format: &str,
    via: &str,
) -> Result<(), StoreError> {
    audit::append(
        c,
        &Entry {
            actor: caller.actor(),
            action: "export_reconciliation",
            subject: &r.stock_check_id,
            detail: json!({ "format": format, "via": via, "lines": r.lines.len() }),
        },
    )?;
    Ok(())
}

/// A text cell made safe for spreadsheets: text that starts like a formula gets a
/// leading `'`, so a lot typed `=HYPERLINK(…)` is shown, never run.
fn safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The reconciliation as CSV: a header row and one row per line, then a totals
/// section (one row per location and `ALL`), then the condition findings.
pub fn to_csv(r: &Reconciliation) -> Result<Vec<u8>, StoreError> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| StoreError::Other(e.into());
    w.write_record([
        "location",
        "manufacturer",
        "calibre",
        "year",
        "lot",
        "sub_lot",
        "nsn",
        "ammunition_type",
        "hazard",
        "expected",
        "counted",
        "difference",
        "status",
        "expected_at",
    ])
    .map_err(err)?;
    for l in &r.lines {
        w.write_record([
            safe(&l.location),
            safe(&l.lot.manufacturer),
            safe(&l.lot.calibre),
            l.lot.year.map(|y| y.to_string()).unwrap_or_default(),
            safe(&l.lot.lot),
            safe(l.lot.sub_lot.as_deref().unwrap_or_default()),
            l.lot.nsn.map(|n| n.to_string()).unwrap_or_default(),
            l.lot
                .kind()
                .map(|k| k.as_str())
                .unwrap_or_default()
                .to_string(),
            l.lot.hazard.map(|h| h.to_string()).unwrap_or_default(),
            l.expected.to_string(),
            l.counted.to_string(),
            l.difference.to_string(),
            l.status.as_str().to_string(),
            safe(&l.expected_at.join(" ")),
        ])
        .map_err(err)?;
    }
    w.write_record([""]).map_err(err)?;
    w.write_record([
        "totals",
        "expected",
        "counted",
        "difference",
        "matched",
        "missing",
        "surplus",
        "unexpected_lot",
        "wrong_location",
        "condition_findings",
    ])
    .map_err(err)?;
    let totals_row = |name: &str, t: &compute::Totals| {
        vec![
            safe(name),
            t.expected.to_string(),
            t.counted.to_string(),
            t.difference.to_string(),
            t.lines.matched.to_string(),
            t.lines.missing.to_string(),
            t.lines.surplus.to_string(),
            t.lines.unexpected_lot.to_string(),
            t.lines.wrong_location.to_string(),
            t.lines.condition_findings.to_string(),
        ]
    };
    for l in &r.locations {
        w.write_record(totals_row(&l.location, &l.totals))
            .map_err(err)?;
    }
    w.write_record(totals_row("ALL", &r.totals)).map_err(err)?;
    if !r.findings.is_empty() {
        w.write_record([""]).map_err(err)?;
        w.write_record([
            "condition_finding",
            "manufacturer",
            "calibre",
            "year",
            "lot",
            "sub_lot",
            "quantity",
            "condition",
            "description",
            "note",
        ])
        .map_err(err)?;
        for f in &r.findings {
            w.write_record([
                safe(&f.location),
                safe(&f.lot.manufacturer),
                safe(&f.lot.calibre),
                f.lot.year.map(|y| y.to_string()).unwrap_or_default(),
                safe(&f.lot.lot),
                safe(f.lot.sub_lot.as_deref().unwrap_or_default()),
                f.quantity.to_string(),
                f.condition.clone(),
                f.condition_description.clone(),
                safe(f.note.as_deref().unwrap_or_default()),
            ])
            .map_err(err)?;
        }
    }
    if !r.mixed_storage.is_empty() {
        w.write_record([""]).map_err(err)?;
        w.write_record(["mixed_storage", "group", "with_group", "mixing", "lots"])
            .map_err(err)?;
        for m in &r.mixed_storage {
            for p in &m.pairs {
                let lots: Vec<String> = m
                    .lots
                    .iter()
                    .filter_map(|l| {
                        let h = l.hazard?;
                        (h.group() == p.first || h.group() == p.second)
                            .then(|| format!("{} {} {} ({h})", l.manufacturer, l.calibre, l.lot))
                    })
                    .collect();
                w.write_record([
                    safe(&m.location),
                    p.first.to_string(),
                    p.second.to_string(),
                    p.mixing.as_str().to_string(),
                    safe(&lots.join("; ")),
                ])
                .map_err(err)?;
            }
        }
    }
    w.into_inner()
        .map_err(|e| StoreError::Other(anyhow::anyhow!("{e}")))
}

/// The reconciliation routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_reconciliation))
        .merge(condition::router())
}

/// Output formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutFormat {
    /// JSON (default).
    #[default]
    Json,
    /// CSV with a header row and a totals section.
    Csv,
}

/// Reconciliation parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReconciliationQuery {
    /// `json` (default) or `csv`.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    format: OutFormat,
}

#[utoipa::path(get, path = "/api/v1/stock-checks/{id}/reconciliation", tag = "inventory", security(("bearer" = [])),
    params(("id" = String, Path, description = "stock check id"), ReconciliationQuery),
    responses((status = 200, description = "the reconciliation (JSON, or CSV with format=csv)", body = Reconciliation),
              (status = 403, body = ErrorBody),
              (status = 404, description = "no stock check of the caller's agency has this id", body = ErrorBody)))]
async fn get_reconciliation(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<ReconciliationQuery>,
) -> Result<Response, ApiError> {
    let format = q.format;
    let csv = matches!(format, OutFormat::Csv);
    let r = state
        .db
        .write(move |tx| {
            let r = read_audited(&tx, &caller, &id, csv, "http")?;
            Ok::<_, ApiError>(r)
        })
        .await?;
    if csv {
        csv_answer(&r)
    } else {
        Ok(axum::Json(r).into_response())
    }
}

/// The reconciliation of the check `id`, its reading audited: as an export when it
/// leaves as CSV, as a read of case data otherwise (the API's and the console's path).
pub fn read_audited(
    tx: &impl Conn,
    caller: &Caller,
    id: &str,
    csv: bool,
    via: &str,
) -> Result<Reconciliation, StoreError> {
    let r = reconciliation(tx, caller, id)?;
    if csv {
        audit_export(tx, caller, &r, "csv", via)?;
    } else {
        audit::reads(
            tx,
            caller.actor(),
            "read_reconciliation",
            &[id],
            json!({ "lines": r.lines.len(), "via": via }),
        )?;
    }
    Ok(r)
}

/// A reconciliation as a CSV download.
pub fn csv_answer(r: &Reconciliation) -> Result<Response, ApiError> {
    let body = to_csv(r)?;
    let disposition = format!(
        "attachment; filename=\"reconciliation-{}.csv\"",
        r.stock_check_id
    );
    let mut resp = body.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_defused() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("-5"), "'-5");
        assert_eq!(safe("17-85-0412"), "17-85-0412");
    }
}
