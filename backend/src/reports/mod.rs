//! Trend reports for supervisors: seizure cases counted by calibre, manufacturer,
//! production year, route country or concealment method, in quarterly releases that
//! are computed once and never change ([`release`]), with every count published only
//! under the rule of [`suppress`], so that no number can be attributed to a provider.
//!
//! Which cases count: seizure cases that are not drafts, whose provider shared them
//! beyond its own agency (`national` or `partners` scope) and did not withhold them
//! from reports (`PUT /api/v1/records/{id}/reporting`). They are counted whether or
//! not the caller may see each one: the report shows aggregates only, never a record.
//!
//! Invariant: the answer carries no agency name or id, no record id, no total, and no
//! number that fails the publication rule; the only thing a caller chooses is the
//! grouping, so no sequence of queries (periods, dimensions, filters, padding with its
//! own cases) reads out a case another agency provided.

pub mod release;
pub mod suppress;

use std::collections::BTreeSet;
use tracemark_shared::domain::RecordKind;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::identity::Supervisor;
use release::Quarter;
use suppress::Rule;

pub use tracemark_shared::api::reports::{
    By, Cell, NOT_RECORDED, NextRelease, OTHER_VALUES, Report, ReportRow,
};

/// The report routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(seizures))
        .routes(routes!(reporting))
}

/// `(case id, value)` pairs of the grouping `by` over a `cases (id, body)` set, as SQL
/// over the stored case JSON.
pub(crate) fn values_sql(by: By) -> &'static str {
    match by {
        By::Calibre => "SELECT c.id, json_extract(i.value, '$.lot.calibre') FROM cases c, json_each(c.body, '$.items') i",
        By::Manufacturer => "SELECT c.id, json_extract(i.value, '$.lot.manufacturer') FROM cases c, json_each(c.body, '$.items') i",
        By::Year => "SELECT c.id, json_extract(i.value, '$.lot.year') FROM cases c, json_each(c.body, '$.items') i",
        By::Concealment => "SELECT c.id, json_extract(c.body, '$.concealment') FROM cases c",
        By::RouteCountry => "SELECT c.id, json_extract(c.body, '$.route.origin') FROM cases c
                             UNION ALL SELECT c.id, json_extract(c.body, '$.route.destination') FROM cases c
                             UNION ALL SELECT c.id, t.value FROM cases c, json_each(c.body, '$.route.transit') t",
    }
}

/// A stored value as a row label: trimmed text, `(not recorded)` when empty (a text
/// that spells one of the reserved labels is quoted).
fn value_text(v: rusqlite::types::ValueRef<'_>) -> String {
    let text = match v {
        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).trim().to_string(),
        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
        rusqlite::types::ValueRef::Real(x) => x.to_string(),
        _ => String::new(),
    };
    if text.is_empty() {
        NOT_RECORDED.to_string()
    } else if text == OTHER_VALUES || text == NOT_RECORDED {
        // A case's own text never passes for the pool or the missing-value row.
        format!("\"{text}\"")
    } else {
        text
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// JSON (default).
    #[default]
    Json,
    /// CSV, one line per row.
    Csv,
}

/// Report parameters: the grouping and the format, nothing else (no dates, no
/// filters: see the module documentation).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// What the rows are.
    #[param(value_type = Option<String>, example = "calibre")]
    by: Option<By>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>)]
    #[serde(default)]
    format: Format,
}

/// Assembles the report from the releases' published tables.
pub fn assemble(
    by: By,
    rule: Rule,
    releases: Vec<(String, Vec<suppress::Published>)>,
    now: OffsetDateTime,
) -> Report {
    let labels: BTreeSet<&str> = releases
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.value.as_str()))
        .filter(|v| *v != OTHER_VALUES)
        .collect();
    let cell = |rows: &[suppress::Published], value: &str| {
        Cell::from(rows.iter().find(|r| r.value == value).and_then(|r| r.count))
    };
    let mut rows: Vec<ReportRow> = labels
        .iter()
        .map(|value| ReportRow {
            value: (*value).to_string(),
            cells: releases.iter().map(|(_, t)| cell(t, value)).collect(),
        })
        .collect();
    if releases
        .iter()
        .any(|(_, t)| t.iter().any(|r| r.value == OTHER_VALUES))
    {
        rows.push(ReportRow {
            value: OTHER_VALUES.to_string(),
            cells: releases
                .iter()
                .map(|(_, t)| cell(t, OTHER_VALUES))
                .collect(),
        });
    }
    let open = Quarter::of(now.date());
    Report {
        by,
        min_records: rule.min_records,
        min_agencies: u64::try_from(rule.min_agencies).unwrap_or(u64::MAX),
        columns: releases.into_iter().map(|(period, _)| period).collect(),
        rows,
        next_release: NextRelease {
            period: open.label(),
            published_from: open.next().start().to_string(),
        },
    }
}

#[utoipa::path(get, path = "/api/v1/reports/seizures", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, body = Report, description = "every published release of the grouping, as JSON, or as CSV with format=csv"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn seizures(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let by = q.by.ok_or_else(|| {
        ApiError::BadRequest(
            "say what the rows are: by=calibre, manufacturer, year, route_country or concealment"
                .into(),
        )
    })?;
    let report = report(&state, caller, by).await?;
    match q.format {
        Format::Json => Ok(axum::Json(report).into_response()),
        Format::Csv => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"seizure-trends.csv\"",
                ),
            ],
            to_csv(&report)?,
        )
            .into_response()),
    }
}

/// The published releases of one grouping for `caller` (quarters that closed since the
/// last request are frozen first, once), the reading audited: the API's and the
/// console's path.
pub async fn report(
    state: &AppState,
    caller: crate::identity::Caller,
    by: By,
) -> ApiResult<Report> {
    let config = &state.config;
    let rule = Rule {
        min_records: u64::from(config.report_min_records),
        min_agencies: usize::try_from(config.report_min_agencies).unwrap_or(usize::MAX),
    };
    let now = OffsetDateTime::now_utc();
    let (releases, rule) = state
        .db
        .on_writer(move |c| {
            release::freeze_closed(c, now, &rule)?;
            let tx = db::write_tx(c)?;
            let releases = release::tables(&tx, by)?;
            let rule = release::newest_rule(&tx)?.unwrap_or(rule);
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "trend_report",
                    subject: "seizures",
                    detail: json!({ "by": by }),
                },
            )?;
            tx.commit()?;
            Ok::<_, ApiError>((releases, rule))
        })
        .await?;
    Ok(assemble(by, rule, releases, now))
}

/// Whether a case is kept out of trend reports.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// True to keep the case out of every release not yet published.
    pub withheld: bool,
}

/// The answer to a change of [`Reporting`].
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportingAnswer {
    /// As set.
    pub withheld: bool,
    /// The release the case was already published in, if any: published releases
    /// never change (a change would itself reveal the case), so it stays counted there.
    pub published_in: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/records/{id}/reporting", tag = "reports", security(("bearer" = [])),
    params(("id" = String, Path, description = "seizure case id")),
    request_body = Reporting,
    responses((status = 200, body = ReportingAnswer),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, description = "no seizure case of the caller's agency has this id", body = ErrorBody),
              (status = 415, body = ErrorBody)))]
async fn reporting(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<Reporting>,
) -> ApiResult<axum::Json<ReportingAnswer>> {
    let answer = state
        .db
        .on_writer(move |c| {
            let tx = db::write_tx(c)?;
            // The provider decides: a supervisor of the agency that owns the case.
            let own = crate::records::current(&tx, &id)?.filter(|r| {
                r.kind == RecordKind::SeizureCase && r.agency_id == caller.agency_id
            });
            if own.is_none() {
                return Err(ApiError::NotFound("seizure case"));
            }
            if req.withheld {
                tx.execute(
                    "INSERT OR IGNORE INTO report_withheld (record_id, by_user, at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, caller.user_id, db::now()],
                )?;
            } else {
                tx.execute("DELETE FROM report_withheld WHERE record_id = ?1", [&id])?;
            }
            let published_in: Option<String> = rusqlite::OptionalExtension::optional(tx.query_row(
                "SELECT period FROM report_release_cases WHERE record_id = ?1",
                [&id],
                |r| r.get(0),
            ))?;
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "report_withholding",
                    subject: &id,
                    detail: json!({ "withheld": req.withheld }),
                },
            )?;
            tx.commit()?;
            Ok::<_, ApiError>(ReportingAnswer {
                withheld: req.withheld,
                published_in,
            })
        })
        .await?;
    Ok(axum::Json(answer))
}

/// A cell as CSV text: the number, or `suppressed`.
fn csv_cell(c: &Cell) -> String {
    c.count
        .map_or_else(|| "suppressed".to_string(), |n| n.to_string())
}

/// Values that spreadsheets would run as formulas get a leading apostrophe.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The report as CSV: a header of releases, one line per row.
pub fn to_csv(report: &Report) -> Result<Vec<u8>, ApiError> {
    let err = |e: csv::Error| ApiError::Internal(e.into());
    let mut w = csv::Writer::from_writer(Vec::new());
    let by = serde_json::to_value(report.by)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut header = vec![by];
    header.extend(report.columns.iter().cloned());
    w.write_record(&header).map_err(err)?;
    for row in &report.rows {
        let mut line = vec![csv_text(&row.value)];
        line.extend(row.cells.iter().map(csv_cell));
        w.write_record(&line).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("writing the CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use suppress::Published;
    use time::macros::datetime;

    fn published(rows: &[(&str, Option<u64>)]) -> Vec<Published> {
        rows.iter()
            .map(|(v, n)| Published {
                value: (*v).into(),
                count: *n,
            })
            .collect()
    }

    #[test]
    fn releases_become_columns_and_unpublished_values_are_withheld() {
        let rule = Rule {
            min_records: 5,
            min_agencies: 3,
        };
        let r = assemble(
            By::Calibre,
            rule,
            vec![
                ("2026-Q2".into(), published(&[("7.62x39mm", Some(9))])),
                (
                    "2026-Q3".into(),
                    published(&[("5.56x45mm", Some(6)), (OTHER_VALUES, None)]),
                ),
            ],
            datetime!(2026-11-30 10:00 UTC),
        );
        assert_eq!(r.columns, ["2026-Q2", "2026-Q3"]);
        let shown: Vec<(&str, Vec<Option<u64>>)> = r
            .rows
            .iter()
            .map(|row| {
                (
                    row.value.as_str(),
                    row.cells.iter().map(|c| c.count).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("5.56x45mm", vec![None, Some(6)]),
                ("7.62x39mm", vec![Some(9), None]),
                (OTHER_VALUES, vec![None, None]),
            ]
        );
        assert_eq!(r.next_release.period, "2026-Q4");
        assert_eq!(r.next_release.published_from, "2027-01-01");
    }

    #[test]
    fn csv_marks_withheld_cells_and_defuses_formulas() {
        let report = Report {
            by: By::Concealment,
            min_records: 5,
            min_agencies: 3,
            columns: vec!["2026-Q3".into()],
            rows: vec![ReportRow {
                value: "=HYPERLINK(\"x\")".into(),
                cells: vec![Cell::from(None)],
            }],
            next_release: NextRelease {
                period: "2026-Q4".into(),
                published_from: "2027-01-01".into(),
            },
        };
        let text = String::from_utf8(to_csv(&report).unwrap()).unwrap();
        assert_eq!(
            text,
            "concealment,2026-Q3\n\"'=HYPERLINK(\"\"x\"\")\",suppressed\n"
        );
    }
}
