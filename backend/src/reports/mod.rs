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

mod export;
pub mod release;
mod routes;
pub mod suppress;

pub use export::to_csv;
pub use routes::{Reporting, ReportingAnswer, router};

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use crate::api::{ApiError, ApiResult, AppState};
use crate::audit::{self, Entry};
use release::Quarter;
use suppress::Rule;

pub use tracemark_shared::api::reports::{
    By, Cell, NOT_RECORDED, NextRelease, OTHER_VALUES, Report, ReportRow,
};

/// The row labels one case contributes to the grouping `by`, read from its stored
/// JSON: one per seized item for the lot's fields, one for the concealment, one each
/// for the route's origin and destination and one per transit country. A value the
/// case does not give is [`NOT_RECORDED`].
pub(crate) fn case_labels(by: By, body: &serde_json::Value) -> Vec<String> {
    let items = || {
        body.get("items")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
    };
    let lot_field = |field: &'static str| {
        items()
            .map(|i| value_text(i.get("lot").and_then(|l| l.get(field))))
            .collect()
    };
    match by {
        By::Calibre => lot_field("calibre"),
        By::Manufacturer => lot_field("manufacturer"),
        By::Year => lot_field("year"),
        By::Concealment => vec![value_text(body.get("concealment"))],
        // The lot's type as stated or as its marks tell.
        By::AmmunitionType => items()
            .map(|i| {
                i.get("lot")
                    .and_then(|l| tracemark_shared::domain::AmmunitionLot::deserialize(l).ok())
                    .and_then(|l| l.kind())
                    .map_or_else(|| NOT_RECORDED.to_string(), |t| t.as_str().to_string())
            })
            .collect(),
        By::RouteCountry => {
            let route = body.get("route");
            let at = |k: &str| value_text(route.and_then(|r| r.get(k)));
            let mut labels = vec![at("origin"), at("destination")];
            labels.extend(
                route
                    .and_then(|r| r.get("transit"))
                    .and_then(serde_json::Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|t| value_text(Some(t))),
            );
            labels
        }
    }
}

/// The row label of one stored value: its text trimmed, a number as written; an
/// absent, null or empty value is [`NOT_RECORDED`].
fn value_text(v: Option<&serde_json::Value>) -> String {
    let text = match v {
        Some(serde_json::Value::String(t)) => t.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Bool(b)) => u8::from(*b).to_string(),
        Some(v @ (serde_json::Value::Array(_) | serde_json::Value::Object(_))) => v.to_string(),
        Some(serde_json::Value::Null) | None => String::new(),
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
            crate::sql::in_write(c, |tx| {
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
                Ok::<_, ApiError>((releases, rule))
            })
        })
        .await?;
    Ok(assemble(by, rule, releases, now))
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
