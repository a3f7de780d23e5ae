//! Trend reports (`GET /api/v1/reports/seizures`): seizure cases counted by one
//! grouping in quarterly releases, with every number that fails the publication rule
//! withheld.
//!
//! Invariant: a withheld cell is never shown as a number, whatever it carries
//! ([`Cell::shown`]).

use serde::{Deserialize, Serialize};

/// The row label of the values a release pools because each alone is too rare.
pub const OTHER_VALUES: &str = "(other values)";
/// The row label of cases that do not record the grouping field.
pub const NOT_RECORDED: &str = "(not recorded)";

/// What the rows of a report are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// The calibre of each seized item's lot.
    #[default]
    Calibre,
    /// The manufacturer (factory code or name) of each seized item's lot.
    Manufacturer,
    /// The production year of each seized item's lot.
    Year,
    /// Every place of the route: origin, transit places, destination.
    RouteCountry,
    /// The concealment method.
    Concealment,
    /// The ammunition type of each seized item's lot: as stated, else as its marks
    /// tell (`AmmunitionType::infer`); `(not recorded)` when neither says.
    AmmunitionType,
}

impl By {
    /// Every grouping, in the order releases store them and screens offer them.
    pub const ALL: [By; 6] = [
        By::Calibre,
        By::Manufacturer,
        By::Year,
        By::RouteCountry,
        By::Concealment,
        By::AmmunitionType,
    ];

    /// The name used in URLs (`by=`), JSON and storage.
    pub const fn as_str(self) -> &'static str {
        match self {
            By::Calibre => "calibre",
            By::Manufacturer => "manufacturer",
            By::Year => "year",
            By::RouteCountry => "route_country",
            By::Concealment => "concealment",
            By::AmmunitionType => "ammunition_type",
        }
    }

    /// The grouping named `name` ([`By::as_str`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == name)
    }
}

/// One published number: `count` is null when withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cell {
    /// Cases, or null when withheld.
    pub count: Option<u64>,
    /// Whether the number is withheld (few cases, few agencies, one dominating — or
    /// none at all: a withheld cell does not say which).
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

impl Cell {
    /// The number to show, or `None` when it is withheld. A cell marked withheld is
    /// never shown as a number, even if a server sent one.
    pub fn shown(self) -> Option<u64> {
        if self.suppressed { None } else { self.count }
    }
}

/// One row of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    /// The value of the grouping field, [`OTHER_VALUES`] for values not published in a
    /// release, or [`NOT_RECORDED`].
    pub value: String,
    /// One cell per release.
    pub cells: Vec<Cell>,
}

/// The release still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextRelease {
    /// The quarter it covers, e.g. `2026-Q4`.
    pub period: String,
    /// The first day it is published (`YYYY-MM-DD`).
    pub published_from: String,
}

/// The published releases of one grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// What the rows are.
    pub by: By,
    /// k of the newest release: fewest cases a shown number rests on.
    pub min_records: u64,
    /// p of the newest release: fewest providing agencies a shown number rests on.
    pub min_agencies: u64,
    /// Releases (quarters), oldest first: each computed once, when its quarter closed.
    pub columns: Vec<String>,
    /// Values published in at least one release, in text order; `(other values)` last.
    pub rows: Vec<ReportRow>,
    /// The quarter being collected now, and when it is published.
    pub next_release: NextRelease,
}

impl Report {
    /// Whether every number is withheld or zero: nothing to read until more is shared.
    pub fn nothing_shown(&self) -> bool {
        let mut cells = self.rows.iter().flat_map(|r| r.cells.iter()).peekable();
        cells.peek().is_some() && cells.all(|c| c.shown().is_none_or(|n| n == 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_withheld_number_is_never_shown_even_if_sent() {
        let c: Cell = serde_json::from_value(json!({ "count": 3, "suppressed": true })).unwrap();
        assert_eq!(c.shown(), None);
        let c: Cell = serde_json::from_value(json!({ "count": 0, "suppressed": false })).unwrap();
        assert_eq!(c.shown(), Some(0));
        assert_eq!(
            Cell::from(None),
            Cell {
                count: None,
                suppressed: true
            }
        );
    }

    #[test]
    fn groupings_are_named_as_in_urls() {
        for b in By::ALL {
            assert_eq!(By::from_name(b.as_str()), Some(b));
            assert_eq!(serde_json::to_value(b).unwrap(), b.as_str());
        }
        assert_eq!(By::from_name("agency"), None);
    }
}
