//! A stock check's reconciliation: what it expected at each location against what its
//! inspectors counted there (`GET /api/v1/stock-checks/{id}/reconciliation`).
//!
//! Invariant: the totals are sums of the lines (see [`Totals::add`]); each line has
//! exactly one [`Status`]; condition findings never change a line's status.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::{AmmunitionLot, MixedGroups};

/// How a line of the reconciliation came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Counted exactly what was expected.
    Matched,
    /// Expected, and counted less (or not at all).
    Missing,
    /// Expected, and counted more.
    Surplus,
    /// Counted, and expected nowhere in this stock check.
    UnexpectedLot,
    /// Counted here, but expected only at other locations of this check.
    WrongLocation,
}

impl Status {
    /// The name used in JSON and CSV.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::Missing => "missing",
            Status::Surplus => "surplus",
            Status::UnexpectedLot => "unexpected_lot",
            Status::WrongLocation => "wrong_location",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lot at one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from the trace's `Line` in the OpenAPI document (one components map).
#[cfg_attr(feature = "openapi", schema(as = ReconciliationLine))]
pub struct Line {
    /// Location id (shared by the lines of one location).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location_id: Arc<str>,
    /// Location code (as on its label).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location: Arc<str>,
    /// The lot (as expected, or as first counted when not expected here).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub lot: AmmunitionLot,
    /// Units expected here.
    pub expected: u64,
    /// Units counted here (all count lines of the lot at the location).
    pub counted: u64,
    /// Counted minus expected.
    pub difference: i64,
    /// How it came out.
    pub status: Status,
    /// For `wrong_location`: codes of the locations where this check expects the lot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub expected_at: Vec<Arc<str>>,
}

/// A count line whose condition is not serviceable (codes E–H unserviceable, J–L
/// suspended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// The count line.
    pub count_line_id: String,
    /// Location id.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location_id: Arc<str>,
    /// Location code.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location: Arc<str>,
    /// The lot.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub lot: AmmunitionLot,
    /// Units counted in this condition.
    pub quantity: u64,
    /// Supply condition code.
    pub condition: String,
    /// What the code means.
    pub condition_description: String,
    /// The inspector's remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Lines by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    /// Matched lines.
    pub matched: u64,
    /// Missing (short) lines.
    pub missing: u64,
    /// Surplus lines.
    pub surplus: u64,
    /// Unexpected lots.
    pub unexpected_lot: u64,
    /// Lots found at the wrong location.
    pub wrong_location: u64,
    /// Count lines with a condition finding.
    pub condition_findings: u64,
}

impl StatusCounts {
    /// Counts one more line of status `s`.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Matched => self.matched += 1,
            Status::Missing => self.missing += 1,
            Status::Surplus => self.surplus += 1,
            Status::UnexpectedLot => self.unexpected_lot += 1,
            Status::WrongLocation => self.wrong_location += 1,
        }
    }
}

/// Sums of units and lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Units expected.
    pub expected: u64,
    /// Units counted.
    pub counted: u64,
    /// Counted minus expected.
    pub difference: i64,
    /// Lines by status.
    pub lines: StatusCounts,
}

impl Totals {
    /// Adds a line's units and status.
    pub fn add(&mut self, l: &Line) {
        self.expected += l.expected;
        self.counted += l.counted;
        self.difference += l.difference;
        self.lines.add(l.status);
    }
}

/// The totals of one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationTotals {
    /// Location id.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location_id: Arc<str>,
    /// Location code.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location: Arc<str>,
    /// Its totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// A location that holds lots whose compatibility groups the storage mixing chart
/// keeps apart (`domain::mixed_groups`, docs/SAFETY.md). A location holds the lots
/// counted there above zero and, until any of its lots is counted, the lots expected
/// there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MixedStorage {
    /// Location id.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location_id: Arc<str>,
    /// Location code.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub location: Arc<str>,
    /// The pairs of groups found together, forbidden ones first.
    pub pairs: Vec<MixedGroups>,
    /// The lots of those groups held there, with their classification.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub lots: Vec<AmmunitionLot>,
}

/// A stock check's reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reconciliation {
    /// The stock check.
    pub stock_check_id: String,
    /// Its title.
    pub title: String,
    /// Its workflow status (assigned, submitted, approved…).
    pub status: String,
    /// The depot's code.
    pub depot: String,
    /// The depot's name.
    pub depot_name: String,
    /// One line per lot and location, by location in the check's order.
    pub lines: Vec<Line>,
    /// Count lines with a condition finding.
    pub findings: Vec<Finding>,
    /// Locations holding compatibility groups that must not, or only under national
    /// conditions, be stored together; in the check's order.
    #[serde(default)]
    pub mixed_storage: Vec<MixedStorage>,
    /// Totals per location, in the check's order.
    pub locations: Vec<LocationTotals>,
    /// Totals of the whole check.
    pub totals: Totals,
}

impl Reconciliation {
    /// The lines of the location `code`, in order.
    pub fn lines_at<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
        self.lines.iter().filter(move |l| &*l.location == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_field_is_an_error_not_an_empty_value() {
        let line = serde_json::json!({
            "location_id": "l1", "location": "B1",
            "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985,
                     "lot": "17-85-0412", "sub_lot": null, "nsn": null, "dodic": null },
            "expected": 5, "counted": 4, "difference": -1, "status": "missing"
        });
        let parsed: Line = serde_json::from_value(line.clone()).unwrap();
        assert_eq!(parsed.status, Status::Missing);
        assert!(parsed.expected_at.is_empty());
        let mut renamed = line;
        renamed.as_object_mut().unwrap().remove("counted").unwrap();
        let err = serde_json::from_value::<Line>(renamed).unwrap_err();
        assert!(err.to_string().contains("counted"), "{err}");
    }

    #[test]
    fn a_reconciliation_reads_back_as_written_with_flat_location_totals() {
        let totals = Totals {
            expected: 10,
            counted: 8,
            difference: -2,
            lines: StatusCounts {
                missing: 1,
                ..StatusCounts::default()
            },
        };
        let r = Reconciliation {
            stock_check_id: "c".into(),
            title: "Q1".into(),
            status: "submitted".into(),
            depot: "CAD-1".into(),
            depot_name: "Central".into(),
            lines: vec![Line {
                location_id: "l".into(),
                location: "B1".into(),
                lot: AmmunitionLot {
                    manufacturer: "17".into(),
                    calibre: "7.62x39mm".into(),
                    year: Some(1985),
                    lot: "L1".into(),
                    sub_lot: None,
                    nsn: None,
                    dodic: None,
                    ammunition_type: None,
                    hazard: None,
                },
                expected: 10,
                counted: 8,
                difference: -2,
                status: Status::Missing,
                expected_at: vec![],
            }],
            findings: vec![],
            mixed_storage: vec![],
            locations: vec![LocationTotals {
                location_id: "l".into(),
                location: "B1".into(),
                totals,
            }],
            totals,
        };
        let json = serde_json::to_value(&r).unwrap();
        // A location's totals sit beside its names, as the API has always sent them.
        assert_eq!(json["locations"][0]["counted"], 8);
        assert_eq!(json["locations"][0]["lines"]["missing"], 1);
        assert_eq!(serde_json::from_value::<Reconciliation>(json).unwrap(), r);
        assert_eq!(r.lines_at("B1").count(), 1);
        assert_eq!(r.lines_at("B2").count(), 0);
    }

    #[test]
    fn statuses_read_as_written() {
        for s in [
            Status::Matched,
            Status::Missing,
            Status::Surplus,
            Status::UnexpectedLot,
            Status::WrongLocation,
        ] {
            let text = serde_json::to_value(s).unwrap();
            assert_eq!(text, s.as_str());
            assert_eq!(serde_json::from_value::<Status>(text).unwrap(), s);
        }
    }
}
