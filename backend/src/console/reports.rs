//! Trend reports in the console: a supervisor reads the published quarterly releases
//! of seizure trends by calibre, maker, year, route country or concealment, sees which
//! cells are withheld and why, and downloads them as CSV.
//!
//! Invariant: the report is the API's own (`reports::report`): frozen releases, the
//! same suppression, the same audit entry; the page adds no total and no filter.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use tracemark_shared::domain::Role;

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout};
use super::session::Session;
use crate::api::ApiError;
use crate::api::AppState;
use crate::reports::{self, By};

/// Which grouping.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    by: Option<String>,
}

fn grouping(q: &ReportQuery) -> Result<By, ConsoleError> {
    let name = q.by.as_deref().unwrap_or("calibre");
    By::ALL
        .into_iter()
        .find(|b| b.as_str() == name)
        .ok_or_else(|| {
            ApiError::BadRequest(
                "by: use calibre, manufacturer, year, route_country or concealment".into(),
            )
            .into()
        })
}

fn by_name(by: By) -> String {
    t(match by {
        By::Calibre => "reports-by-calibre",
        By::Manufacturer => "reports-by-manufacturer",
        By::Year => "reports-by-year",
        By::RouteCountry => "reports-by-route",
        By::Concealment => "reports-by-concealment",
    })
}

fn supervisor(session: &Session) -> Result<(), ConsoleError> {
    session
        .caller
        .require(&[Role::Supervisor], "only a supervisor reads trend reports")
        .map_err(ConsoleError::from)
}

/// `GET /reports`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let by = grouping(&q)?;
    let report = reports::report(&state, session.caller.clone(), by).await?;
    let body = html! {
        h1 { (t("reports-title")) }
        p.tabs {
            @for b in By::ALL {
                @if b == by { strong { (by_name(b)) } } @else { a href={ "/reports?by=" (b.as_str()) } { (by_name(b)) } }
                " "
            }
        }
        p.hint { (ta("reports-rule", &[("records", report.min_records.into()), ("agencies", report.min_agencies.into())])) }
        p.notice { (ta("reports-next", &[("period", report.next_release.period.as_str().into()),
            ("from", report.next_release.published_from.as_str().into())])) }
        @if report.columns.is_empty() {
            p.empty { (t("reports-none")) }
        } @else {
            p { a.button href={ "/reports.csv?by=" (by.as_str()) } download { (t("recon-download")) } }
            table.report {
                thead { tr { th { (by_name(by)) } @for c in &report.columns { th.num { (c) } } } }
                tbody {
                    @for row in &report.rows {
                        tr {
                            td { (row.value) }
                            @for cell in &row.cells {
                                @match cell.count {
                                    Some(n) => td.num { (n) },
                                    None => td.num.withheld title=(t("reports-withheld-why")) { (t("reports-withheld")) },
                                }
                            }
                        }
                    }
                }
            }
            p.hint { (t("reports-withheld")) ": " (t("reports-withheld-why")) }
        }
    };
    let title = t("reports-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// `GET /reports.csv`.
pub async fn csv(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let by = grouping(&q)?;
    let report = reports::report(&state, session.caller.clone(), by).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"seizure-trends.csv\"",
            ),
        ],
        reports::to_csv(&report)?,
    )
        .into_response())
}
