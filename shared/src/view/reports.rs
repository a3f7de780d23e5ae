//! The trend-report screen (console `/reports`, the app's Reports screen): one row
//! per published value with one cell per release, the pooled and not-recorded rows
//! named as such, withheld numbers never shown as numbers.
//!
//! Invariant: a cell is shown as a number only through [`Cell::shown`], so a cell
//! marked withheld is a word on every screen, whatever count it carries.
//!
//! [`Cell::shown`]: crate::api::reports::Cell::shown

use crate::api::reports::{NOT_RECORDED, OTHER_VALUES, Report};

/// What a row of a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLabel<'a> {
    /// A value of the grouping field, as published.
    Value(&'a str),
    /// The values each too rare to publish alone, pooled.
    OtherValues,
    /// Cases that do not record the grouping field.
    NotRecorded,
}

impl<'a> RowLabel<'a> {
    /// The label of a published row value.
    pub fn of(value: &'a str) -> Self {
        match value {
            OTHER_VALUES => RowLabel::OtherValues,
            NOT_RECORDED => RowLabel::NotRecorded,
            v => RowLabel::Value(v),
        }
    }
}

/// One row: its label and one cell per release (`None` when withheld).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView<'a> {
    /// What the row is about.
    pub label: RowLabel<'a>,
    /// One number per release, `None` when withheld.
    pub cells: Vec<Option<u64>>,
}

/// The trend-report screen's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView<'a> {
    /// The answer it shows.
    pub report: &'a Report,
    /// The rows, in the report's order.
    pub rows: Vec<RowView<'a>>,
    /// No release has been published yet.
    pub no_release_yet: bool,
    /// Every number is withheld or zero: nothing to read until more is shared.
    pub nothing_shown: bool,
}

impl<'a> ReportView<'a> {
    /// The view of `report`.
    pub fn new(report: &'a Report) -> Self {
        ReportView {
            report,
            rows: report
                .rows
                .iter()
                .map(|r| RowView {
                    label: RowLabel::of(&r.value),
                    cells: r.cells.iter().map(|c| c.shown()).collect(),
                })
                .collect(),
            no_release_yet: report.columns.is_empty(),
            nothing_shown: report.nothing_shown(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::reports::{By, Cell, NextRelease, ReportRow};

    fn report(rows: Vec<ReportRow>) -> Report {
        Report {
            by: By::Calibre,
            min_records: 5,
            min_agencies: 3,
            columns: vec!["2026-Q2".into(), "2026-Q3".into()],
            rows,
            next_release: NextRelease {
                period: "2026-Q4".into(),
                published_from: "2027-01-01".into(),
            },
        }
    }

    #[test]
    fn rows_name_the_pooled_and_unrecorded_values_and_hide_withheld_numbers() {
        let shown = Cell {
            count: Some(10),
            suppressed: false,
        };
        // A server that sent a number with a withheld cell: still not a number.
        let withheld = Cell {
            count: Some(3),
            suppressed: true,
        };
        let r = report(vec![
            ReportRow {
                value: "7.62x39mm".into(),
                cells: vec![shown, withheld],
            },
            ReportRow {
                value: NOT_RECORDED.into(),
                cells: vec![withheld, shown],
            },
            ReportRow {
                value: OTHER_VALUES.into(),
                cells: vec![shown, shown],
            },
        ]);
        let v = ReportView::new(&r);
        assert_eq!(
            v.rows,
            [
                RowView {
                    label: RowLabel::Value("7.62x39mm"),
                    cells: vec![Some(10), None]
                },
                RowView {
                    label: RowLabel::NotRecorded,
                    cells: vec![None, Some(10)]
                },
                RowView {
                    label: RowLabel::OtherValues,
                    cells: vec![Some(10), Some(10)]
                },
            ]
        );
        assert!(!v.nothing_shown && !v.no_release_yet);
    }

    #[test]
    fn a_report_of_only_withheld_numbers_says_so() {
        let r = report(vec![ReportRow {
            value: OTHER_VALUES.into(),
            cells: vec![Cell::from(None), Cell::from(None)],
        }]);
        assert!(ReportView::new(&r).nothing_shown);
        let mut none = report(vec![]);
        none.columns.clear();
        assert!(ReportView::new(&none).no_release_yet);
    }
}
