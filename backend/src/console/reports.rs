//! Trend reports in the console: a supervisor reads the published quarterly releases
//! of seizure trends by calibre, maker, year, route country or concealment, sees which
//! cells are withheld and why, and downloads them as CSV.
//!
//! The page draws `tracemark_shared::view::reports::ReportView`, the view the field
//! app's Reports screen draws too.
//!
//! Invariant: the report is the API's own (`reports::report`): frozen releases, the
//! same suppression, the same audit entry; the page adds no total and no filter.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tracemark_shared::domain::{AmmunitionType, Role};

use super::i18n::{current, t, ta};
use super::page::{ConsoleError, Layout};
use super::session::Session;
use crate::api::ApiError;
use crate::api::AppState;
use crate::reports::{self, By, Report};
use tracemark_shared::view::reports::{ReportView, RowLabel};

/// Which grouping.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    by: Option<String>,
}

fn grouping(q: &ReportQuery) -> Result<By, ConsoleError> {
    By::from_name(q.by.as_deref().unwrap_or("calibre")).ok_or_else(|| {
        ApiError::BadRequest(
            "by: use calibre, manufacturer, year, route_country or concealment".into(),
        )
        .into()
    })
}

/// The report a supervisor's request asks for (the page's and the CSV's).
async fn requested(
    state: &AppState,
    session: &Session,
    q: &ReportQuery,
) -> Result<(By, Report), ConsoleError> {
    supervisor(session)?;
    let by = grouping(q)?;
    Ok((
        by,
        reports::report(state, session.caller.clone(), by).await?,
    ))
}

fn by_name(by: By) -> String {
    t(match by {
        By::Calibre => "reports-by-calibre",
        By::Manufacturer => "reports-by-manufacturer",
        By::Year => "reports-by-year",
        By::RouteCountry => "reports-by-route",
        By::Concealment => "reports-by-concealment",
        By::AmmunitionType => "reports-by-ammunition-type",
    })
}

fn row_label(by: By, label: RowLabel<'_>) -> String {
    match label {
        // Types are stored by their wire names: shown in the reader's language.
        RowLabel::Value(v)
            if by == By::AmmunitionType && AmmunitionType::from_wire(v).is_some() =>
        {
            t(&format!("ammo-{v}"))
        }
        RowLabel::Value(v) => v.to_string(),
        RowLabel::OtherValues => t("reports-other-values"),
        RowLabel::NotRecorded => t("reports-not-recorded"),
    }
}

fn supervisor(session: &Session) -> Result<(), ConsoleError> {
    session
        .caller
        .require(&[Role::Supervisor], "only a supervisor reads trend reports")
        .map_err(ConsoleError::from)
}

/// The page's content: the groupings, the publication rule, the releases.
fn report_body(report: &Report, by: By) -> Markup {
    let view = ReportView::new(report);
    html! {
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
        @if view.nothing_shown {
            p.notice { (t("reports-nothing-shown")) }
        }
        @if view.no_release_yet {
            p.empty { (t("reports-none")) }
        } @else {
            p { a.button href={ "/reports.csv?by=" (by.as_str()) } download { (t("recon-download")) } }
            table.report {
                thead { tr { th { (by_name(by)) } @for c in &report.columns { th.num { (c) } } } }
                tbody {
                    @for row in &view.rows {
                        tr {
                            td { (row_label(by, row.label)) }
                            @for cell in &row.cells {
                                @match cell {
                                    Some(n) => td.num { (current().count(*n)) },
                                    None => td.num.withheld title=(t("reports-withheld-why")) { (t("reports-withheld")) },
                                }
                            }
                        }
                    }
                }
            }
            p.hint { (t("reports-withheld")) ": " (t("reports-withheld-why")) }
        }
    }
}

/// `GET /reports`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ConsoleError> {
    let (by, report) = requested(&state, &session, &q).await?;
    let body = report_body(&report, by);
    let title = t("reports-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// `GET /reports.csv`.
pub async fn csv(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ConsoleError> {
    let (_, report) = requested(&state, &session, &q).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::i18n::in_language;
    use tracemark_shared::api::reports::{
        Cell, NOT_RECORDED, NextRelease, OTHER_VALUES, ReportRow,
    };
    use tracemark_shared::i18n::Locale;

    fn report(rows: Vec<ReportRow>) -> Report {
        Report {
            by: By::Calibre,
            min_records: 5,
            min_agencies: 3,
            columns: vec!["2026-Q3".into()],
            rows,
            next_release: NextRelease {
                period: "2026-Q4".into(),
                published_from: "2027-01-01".into(),
            },
        }
    }

    #[test]
    fn pooled_rows_are_named_in_the_readers_language_and_withheld_numbers_are_words() {
        let r = report(vec![
            ReportRow {
                value: "7.62x39mm".into(),
                cells: vec![Cell::from(Some(15))],
            },
            ReportRow {
                value: NOT_RECORDED.into(),
                // Marked withheld with a number: still shown as a word.
                cells: vec![Cell {
                    count: Some(4),
                    suppressed: true,
                }],
            },
            ReportRow {
                value: OTHER_VALUES.into(),
                cells: vec![Cell::from(Some(20))],
            },
        ]);
        let html = in_language(Locale::Fr, || report_body(&r, By::Calibre)).into_string();
        assert!(
            html.contains("(autres valeurs)") && html.contains("(non renseigné)"),
            "{html}"
        );
        assert!(!html.contains(">4<"), "{html}");
        assert!(html.contains(">15<") && html.contains(">20<"));
        assert!(!html.contains("masqués : trop peu"));
    }

    #[test]
    fn a_report_of_only_withheld_numbers_says_so() {
        let r = report(vec![ReportRow {
            value: OTHER_VALUES.into(),
            cells: vec![Cell::from(None)],
        }]);
        let html = in_language(Locale::En, || report_body(&r, By::Calibre)).into_string();
        assert!(
            html.contains("Every number of these releases is withheld"),
            "{html}"
        );
    }
}
