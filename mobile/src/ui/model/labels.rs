//! Scanning a box's Tracemark label during a count: whether it belongs to the check
//! and location being counted.

use tracemark_shared::capture::{Field, Prefill};

use super::*;

/// Why a scanned label does not lead to a location of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelMismatch {
    /// The code is not a Tracemark location label.
    NotALocation,
    /// A location of another depot (its code).
    OtherDepot(String),
    /// A location of this depot that the check does not cover (its code).
    NotInCheck(String),
}

/// What a photographed box label says about the lot in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoxScan {
    /// Lot, when a code gives one.
    pub lot: Option<String>,
    /// NSN.
    pub nsn: Option<String>,
    /// Quantity in the box.
    pub quantity: Option<String>,
    /// Codes found.
    pub codes: usize,
}

impl BoxScan {
    /// Takes the values the codes agree on (a disagreement leaves the field empty for
    /// the inspector to read off the label).
    pub fn of(prefill: &Prefill, codes: usize) -> Self {
        let get = |field: Field| {
            prefill
                .suggestions
                .iter()
                .find(|s| s.field == field)
                .map(|s| s.candidate.value.clone())
        };
        Self {
            lot: get(Field::Lot),
            nsn: get(Field::Nsn),
            quantity: get(Field::Quantity),
            codes,
        }
    }

    /// The expected line of `location` whose lot the box carries.
    pub fn matching_line<'a>(&self, location: &'a LocationView) -> Option<&'a LineView> {
        let lot = self.lot.as_deref()?.trim();
        location
            .lines
            .iter()
            .find(|l| l.lot.lot.trim().eq_ignore_ascii_case(lot))
    }
}
