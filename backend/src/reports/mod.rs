//! Trend reports for supervisors: seizure cases counted by calibre, manufacturer,
//! production year, route country or concealment method, per month, quarter or year,
//! across every agency that shared its cases beyond itself, with small-cell
//! suppression ([`suppress`]) so that no number can be attributed to an agency.
//!
//! Which cases count: seizure cases that are not drafts and whose provider chose the
//! `national` or `partners` scope. They are counted whether or not the caller may see
//! each one: the report shows aggregates only, never a record, and the suppression
//! rules are what keeps them from pointing at a provider.
//!
//! Invariant: the answer carries no agency name or id, no record id, and no number
//! resting on fewer than `report_min_records` cases or `report_min_agencies`
//! providing agencies, nor one that subtraction from the shown totals would give back.

pub mod suppress;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, named_params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiError, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::identity::Supervisor;
use suppress::{Row, Rule, Tally};

/// Most period columns in one report (20 years by month).
pub const MAX_PERIODS: usize = 240;
/// Most rows in one report, after rare values are pooled.
pub const MAX_ROWS: usize = 1000;
/// The row label of cases that do not record the grouping field.
pub const NOT_RECORDED: &str = "(not recorded)";

/// The report routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(seizures))
}

/// What the rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// The calibre of each seized item's lot.
    Calibre,
    /// The manufacturer (factory code or name) of each seized item's lot.
    Manufacturer,
    /// The production year of each seized item's lot.
    Year,
    /// Every place of the route: origin, transit places, destination.
    RouteCountry,
    /// The concealment method.
    Concealment,
}

/// What the columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// `2026-03`.
    Month,
    /// `2026-Q1`.
    Quarter,
    /// `2026`.
    #[default]
    Year,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// JSON (default).
    #[default]
    Json,
    /// CSV, one line per row, totals last.
    Csv,
}

/// Report parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// What the rows are.
    #[param(value_type = Option<String>, example = "calibre")]
    by: Option<By>,
    /// What the columns are: `month`, `quarter` or `year` (default).
    #[param(value_type = Option<String>)]
    #[serde(default)]
    period: Period,
    /// First day of seizure counted, `YYYY-MM-DD`.
    from: Option<String>,
    /// Last day of seizure counted, `YYYY-MM-DD`.
    to: Option<String>,
    /// `json` (default) or `csv`.
    #[param(value_type = Option<String>)]
    #[serde(default)]
    format: Format,
}

/// One published number: `count` is null when suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Cell {
    /// Cases, or null when suppressed.
    pub count: Option<u64>,
    /// Whether the number is withheld.
    pub suppressed: bool,
}

impl From<Option<u64>> for Cell {
    fn from(count: Option<u64>) -> Self {
        Cell {
            count,
            suppressed: count.is_none(),
        }
    }
}

/// One row of the report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportRow {
    /// The value of the grouping field, or `(other values)` for pooled rare values.
    pub value: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// The row's total.
    pub total: Cell,
}

/// A suppressed trend table.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    /// What the rows are.
    pub by: By,
    /// What the columns are.
    pub period: Period,
    /// First day counted, if limited.
    pub from: Option<String>,
    /// Last day counted, if limited.
    pub to: Option<String>,
    /// k: fewest cases a shown number rests on.
    pub min_records: u32,
    /// p: fewest providing agencies a shown number rests on.
    pub min_agencies: u32,
    /// Column labels (periods), oldest first.
    pub columns: Vec<String>,
    /// Rows, by value; pooled rare values last.
    pub rows: Vec<ReportRow>,
    /// Column totals.
    pub column_totals: Vec<Cell>,
    /// Grand total.
    pub total: Cell,
}

/// One (case, value) pair from the store.
struct Hit {
    agency: usize,
    seized_on: String,
    value: String,
}

/// The grouping field's values per case, as SQL over the stored case JSON.
fn values_sql(by: By) -> &'static str {
    match by {
        By::Calibre => "SELECT c.id, c.agency_id, c.seized_on, json_extract(i.value, '$.lot.calibre')
                        FROM cases c, json_each(c.body, '$.items') i",
        By::Manufacturer => "SELECT c.id, c.agency_id, c.seized_on, json_extract(i.value, '$.lot.manufacturer')
                             FROM cases c, json_each(c.body, '$.items') i",
        By::Year => "SELECT c.id, c.agency_id, c.seized_on, json_extract(i.value, '$.lot.year')
                     FROM cases c, json_each(c.body, '$.items') i",
        By::Concealment => "SELECT c.id, c.agency_id, c.seized_on, json_extract(c.body, '$.concealment')
                            FROM cases c",
        By::RouteCountry => "SELECT c.id, c.agency_id, c.seized_on, json_extract(c.body, '$.route.origin') FROM cases c
                             UNION ALL SELECT c.id, c.agency_id, c.seized_on, json_extract(c.body, '$.route.destination') FROM cases c
                             UNION ALL SELECT c.id, c.agency_id, c.seized_on, t.value FROM cases c, json_each(c.body, '$.route.transit') t",
    }
}

/// Reads every counted (case, value) pair, each pair once.
fn hits(
    c: &Connection,
    by: By,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Hit>, ApiError> {
    // Shared beyond the provider, not a draft, in the period: the only filter, and it
    // is in SQL. Visibility to the caller is deliberately not applied (see the module
    // documentation).
    let sql = format!(
        "WITH cases AS (
           SELECT r.id, r.agency_id, r.body, json_extract(r.body, '$.seized_on') AS seized_on
           FROM records r
           WHERE r.kind = 'seizure_case' AND r.status <> 'draft' AND r.scope IN ('national', 'partners')
             AND (:from IS NULL OR json_extract(r.body, '$.seized_on') >= :from)
             AND (:to IS NULL OR json_extract(r.body, '$.seized_on') <= :to))
         {}",
        values_sql(by)
    );
    let mut stmt = c.prepare(&sql)?;
    let mut agencies: HashMap<String, usize> = HashMap::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut hits = Vec::new();
    let mut rows = stmt.query(named_params! { ":from": from, ":to": to })?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let agency: String = r.get(1)?;
        let seized_on: Option<String> = r.get(2)?;
        let value = match r.get_ref(3)? {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).trim().to_string(),
            rusqlite::types::ValueRef::Integer(n) => n.to_string(),
            rusqlite::types::ValueRef::Real(x) => x.to_string(),
            _ => String::new(),
        };
        let value = if value.is_empty() {
            NOT_RECORDED.to_string()
        } else {
            value
        };
        let Some(seized_on) = seized_on else { continue };
        if !seen.insert((id, value.clone())) {
            continue;
        }
        let next = agencies.len();
        let agency = *agencies.entry(agency).or_insert(next);
        hits.push(Hit {
            agency,
            seized_on,
            value,
        });
    }
    Ok(hits)
}

/// The period label of a `YYYY-MM-DD` day.
fn period_of(day: &str, period: Period) -> Option<String> {
    let year = day.get(0..4)?;
    let month: u8 = day.get(5..7)?.parse().ok()?;
    Some(match period {
        Period::Year => year.to_string(),
        Period::Quarter => format!("{year}-Q{}", (month.clamp(1, 12) - 1) / 3 + 1),
        Period::Month => format!("{year}-{month:02}"),
    })
}

/// Every period from the one holding `first` to the one holding `last`.
fn periods(first: Date, last: Date, period: Period) -> Result<Vec<String>, ApiError> {
    let step = match period {
        Period::Month => 1,
        Period::Quarter => 3,
        Period::Year => 12,
    };
    let index = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()) - 1);
    let (start, end) = (index(first) / step, index(last) / step);
    let n = usize::try_from(end - start + 1).unwrap_or(0);
    if n > MAX_PERIODS {
        return Err(ApiError::BadRequest(format!(
            "the report would have {n} period columns; at most {MAX_PERIODS}: \
             narrow from/to or use a longer period"
        )));
    }
    Ok((start..=end)
        .map(|p| {
            let m = p * step;
            let (year, month) = (m.div_euclid(12), m.rem_euclid(12) + 1);
            match period {
                Period::Year => format!("{year:04}"),
                Period::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
                Period::Month => format!("{year:04}-{month:02}"),
            }
        })
        .collect())
}

fn parse_day(text: Option<&str>, name: &str) -> Result<Option<Date>, ApiError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.map(|t| {
        Date::parse(t, format)
            .map_err(|_| ApiError::BadRequest(format!("{name} must be a date YYYY-MM-DD")))
    })
    .transpose()
}

/// Builds the suppressed report.
pub fn build(
    c: &Connection,
    by: By,
    period: Period,
    from: Option<Date>,
    to: Option<Date>,
    rule: &Rule,
) -> Result<(Vec<String>, suppress::Suppressed), ApiError> {
    let day = |d: Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let (from_s, to_s) = (from.map(day), to.map(day));
    let hits = hits(c, by, from_s.as_deref(), to_s.as_deref())?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let days: Vec<Date> = hits
        .iter()
        .filter_map(|h| Date::parse(&h.seized_on, format).ok())
        .collect();
    let first = from.or_else(|| days.iter().min().copied());
    let last = to.or_else(|| days.iter().max().copied());
    let columns = match (first, last) {
        (Some(a), Some(b)) => periods(a, b, period)?,
        _ => Vec::new(),
    };
    let position: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut by_value: BTreeMap<String, Vec<Tally>> = BTreeMap::new();
    for h in &hits {
        let Some(col) =
            period_of(&h.seized_on, period).and_then(|p| position.get(p.as_str()).copied())
        else {
            continue;
        };
        let cells = by_value
            .entry(h.value.clone())
            .or_insert_with(|| vec![Tally::default(); columns.len()]);
        if let Some(cell) = cells.get_mut(col) {
            cell.add(&Tally::new(1, [h.agency]));
        }
    }
    let rows: Vec<Row> = by_value
        .into_iter()
        .map(|(label, cells)| Row { label, cells })
        .collect();
    let rows = suppress::pool_rare_rows(rows, columns.len(), rule);
    if rows.len() > MAX_ROWS {
        return Err(ApiError::BadRequest(format!(
            "the report would have {} rows; at most {MAX_ROWS}: narrow from/to",
            rows.len()
        )));
    }
    let table = suppress::suppress(&rows, columns.len(), rule);
    Ok((columns, table))
}

#[utoipa::path(get, path = "/api/v1/reports/seizures", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, body = Report, description = "the table as JSON, or as CSV with format=csv"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
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
    let from = parse_day(q.from.as_deref(), "from")?;
    let to = parse_day(q.to.as_deref(), "to")?;
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Err(ApiError::BadRequest("from must not be after to".into()));
    }
    let config = &state.config;
    let rule = Rule {
        min_records: u64::from(config.report_min_records),
        min_agencies: usize::try_from(config.report_min_agencies).unwrap_or(usize::MAX),
    };
    let period = q.period;
    let (columns, table) = state
        .db
        .call(move |c| {
            let tx = db::write_tx(c)?;
            let built = build(&tx, by, period, from, to, &rule)?;
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "trend_report",
                    subject: "seizures",
                    detail: json!({ "by": by, "period": period, "from": from.map(|d| d.to_string()),
                                    "to": to.map(|d| d.to_string()) }),
                },
            )?;
            tx.commit()?;
            Ok::<_, ApiError>(built)
        })
        .await?;
    let report = Report {
        by,
        period,
        from: q.from,
        to: q.to,
        min_records: config.report_min_records,
        min_agencies: config.report_min_agencies,
        rows: table
            .labels
            .iter()
            .zip(&table.cells)
            .zip(&table.row_totals)
            .map(|((value, cells), total)| ReportRow {
                value: value.clone(),
                cells: cells.iter().map(|c| Cell::from(*c)).collect(),
                total: Cell::from(*total),
            })
            .collect(),
        column_totals: table.column_totals.iter().map(|c| Cell::from(*c)).collect(),
        total: Cell::from(table.total),
        columns,
    };
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

/// The report as CSV: a header of periods, one line per row, the totals line last.
pub fn to_csv(report: &Report) -> Result<Vec<u8>, ApiError> {
    let err = |e: csv::Error| ApiError::Internal(e.into());
    let mut w = csv::Writer::from_writer(Vec::new());
    let by = serde_json::to_value(report.by)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut header = vec![by];
    header.extend(report.columns.iter().cloned());
    header.push("total".into());
    w.write_record(&header).map_err(err)?;
    for row in &report.rows {
        let mut line = vec![csv_text(&row.value)];
        line.extend(row.cells.iter().map(csv_cell));
        line.push(csv_cell(&row.total));
        w.write_record(&line).map_err(err)?;
    }
    let mut line = vec!["total".to_string()];
    line.extend(report.column_totals.iter().map(csv_cell));
    line.push(csv_cell(&report.total));
    w.write_record(&line).map_err(err)?;
    w.into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("writing the CSV: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn period_labels_and_ranges() {
        assert_eq!(period_of("2026-03-15", Period::Month).unwrap(), "2026-03");
        assert_eq!(period_of("2026-03-15", Period::Quarter).unwrap(), "2026-Q1");
        assert_eq!(period_of("2026-10-01", Period::Quarter).unwrap(), "2026-Q4");
        assert_eq!(period_of("2026-10-01", Period::Year).unwrap(), "2026");
        assert_eq!(period_of("junk", Period::Year), None);
        let q = periods(
            date!(2025 - 11 - 20),
            date!(2026 - 04 - 02),
            Period::Quarter,
        )
        .unwrap();
        assert_eq!(q, ["2025-Q4", "2026-Q1", "2026-Q2"]);
        let m = periods(date!(2025 - 11 - 20), date!(2026 - 01 - 02), Period::Month).unwrap();
        assert_eq!(m, ["2025-11", "2025-12", "2026-01"]);
        assert!(periods(date!(1900 - 01 - 01), date!(2026 - 01 - 01), Period::Month).is_err());
    }

    #[test]
    fn csv_marks_suppressed_cells_and_defuses_formulas() {
        let report = Report {
            by: By::Concealment,
            period: Period::Year,
            from: None,
            to: None,
            min_records: 5,
            min_agencies: 3,
            columns: vec!["2026".into()],
            rows: vec![ReportRow {
                value: "=HYPERLINK(\"x\")".into(),
                cells: vec![Cell::from(None)],
                total: Cell::from(Some(7)),
            }],
            column_totals: vec![Cell::from(Some(7))],
            total: Cell::from(Some(7)),
        };
        let text = String::from_utf8(to_csv(&report).unwrap()).unwrap();
        assert_eq!(
            text,
            "concealment,2026,total\n\"'=HYPERLINK(\"\"x\"\")\",suppressed,7\ntotal,7,7\n"
        );
    }
}
