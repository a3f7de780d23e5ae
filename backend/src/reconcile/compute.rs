//! The reconciliation arithmetic: what a stock check expected at each location against
//! what its inspectors counted there, as a pure function over typed records.
//!
//! Invariant: every expected and every counted unit lands in exactly one line (keyed
//! by location and lot identity), so the totals of the lines are the totals of the
//! inputs; each line has exactly one status; condition findings are listed apart and
//! never change a line's status.

use std::collections::HashMap as StdHashMap;

use serde::Serialize;
use tracemark_shared::domain::{
    AmmunitionLot, ConditionCode, CountLine, ExpectedLine, LocationId, StorageLocation,
};

use crate::import::fields::lot_key;

/// The maps of one reconciliation: keys are the check's own ids and lots, hashed a
/// few hundred thousand times per call, so a fast hasher (foldhash, seeded per
/// process) instead of the standard library's SipHash.
type HashMap<K, V> = StdHashMap<K, V, foldhash::fast::RandomState>;

/// How a line of the reconciliation came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
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

/// One lot at one location.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Line {
    /// Location id.
    pub location_id: String,
    /// Location code (as on its label).
    pub location: String,
    /// The lot (as expected, or as first counted when not expected here).
    #[schema(value_type = Object)]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expected_at: Vec<String>,
}

/// A count line whose condition is not serviceable (codes E–H unserviceable, J–L
/// suspended).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    /// The count line.
    pub count_line_id: String,
    /// Location id.
    pub location_id: String,
    /// Location code.
    pub location: String,
    /// The lot.
    #[schema(value_type = Object)]
    pub lot: AmmunitionLot,
    /// Units counted in this condition.
    pub quantity: u64,
    /// Supply condition code.
    pub condition: String,
    /// What the code means.
    pub condition_description: String,
    /// The inspector's remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Lines by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
    fn add(&mut self, s: Status) {
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
    fn add(&mut self, l: &Line) {
        self.expected += l.expected;
        self.counted += l.counted;
        self.difference += l.difference;
        self.lines.add(l.status);
    }
}

/// The totals of one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LocationTotals {
    /// Location id.
    pub location_id: String,
    /// Location code.
    pub location: String,
    /// Its totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The reconciliation of one stock check's expected and counted lines.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Computed {
    /// One line per lot and location, by location in the check's order.
    pub lines: Vec<Line>,
    /// Count lines with a condition finding.
    pub findings: Vec<Finding>,
    /// Totals per location, in the check's order.
    pub locations: Vec<LocationTotals>,
    /// Totals of the whole check.
    pub totals: Totals,
}

/// What a reconciliation reads of a count line (stored as a row, `count_line_rows`).
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The count line's id.
    pub id: String,
    /// Where it was counted.
    pub location_id: LocationId,
    /// The lot.
    pub lot: AmmunitionLot,
    /// Units counted.
    pub quantity: u64,
    /// Supply condition.
    pub condition: ConditionCode,
    /// The inspector's remarks.
    pub note: Option<String>,
}

impl From<&CountLine> for Counted {
    fn from(c: &CountLine) -> Self {
        Self {
            id: c.id.to_string(),
            location_id: c.location_id,
            lot: c.lot.clone(),
            quantity: c.quantity,
            condition: c.condition,
            note: c.note.clone(),
        }
    }
}

fn diff(counted: u64, expected: u64) -> i64 {
    i64::try_from(counted).unwrap_or(i64::MAX) - i64::try_from(expected).unwrap_or(i64::MAX)
}

/// Reconciles `expected` against `counted` over the check's `locations`.
pub fn reconcile(
    locations: &[StorageLocation],
    expected: &[ExpectedLine],
    counted: &[Counted],
) -> Computed {
    let mut order: HashMap<LocationId, usize> = HashMap::default();
    let mut codes: Vec<(String, String)> = Vec::new();
    for l in locations {
        if let std::collections::hash_map::Entry::Vacant(slot) = order.entry(l.id) {
            slot.insert(codes.len());
            codes.push((l.id.to_string(), l.code.clone()));
        }
    }
    let mut location_index = |id: LocationId| -> usize {
        if let Some(&i) = order.get(&id) {
            return i;
        }
        // A count at a location the check does not list (sync refuses these; an
        // older record may hold one): shown by its id.
        order.insert(id, codes.len());
        codes.push((id.to_string(), id.to_string()));
        codes.len() - 1
    };

    // Lot identities interned to small numbers, computed once per input line.
    let mut lot_ids: HashMap<String, usize> = HashMap::default();
    let mut lot_id = |lot: &AmmunitionLot| -> usize {
        let next = lot_ids.len();
        *lot_ids.entry(lot_key(lot)).or_insert(next)
    };
    // Lines keyed by (location, lot identity), in first-seen order.
    let mut index: HashMap<(usize, usize), usize> = HashMap::default();
    let mut lines: Vec<(usize, usize, Line)> = Vec::new();
    let mut expected_at: Vec<Vec<usize>> = Vec::new();
    for e in expected {
        let loc = location_index(e.location_id);
        let key = lot_id(&e.lot);
        if expected_at.len() <= key {
            expected_at.resize(key + 1, Vec::new());
        }
        if let Some(places) = expected_at.get_mut(key)
            && !places.contains(&loc)
        {
            places.push(loc);
        }
        match index.get(&(loc, key)) {
            Some(&i) => {
                if let Some((_, _, l)) = lines.get_mut(i) {
                    l.expected += e.quantity;
                }
            }
            None => {
                index.insert((loc, key), lines.len());
                lines.push((loc, key, new_line(&e.lot, e.quantity, 0)));
            }
        }
    }
    let mut findings = Vec::new();
    for c in counted {
        let loc = location_index(c.location_id);
        let key = lot_id(&c.lot);
        match index.get(&(loc, key)) {
            Some(&i) => {
                if let Some((_, _, l)) = lines.get_mut(i) {
                    l.counted += c.quantity;
                }
            }
            None => {
                index.insert((loc, key), lines.len());
                lines.push((loc, key, new_line(&c.lot, 0, c.quantity)));
            }
        }
        if !c.condition.is_serviceable() {
            findings.push((
                loc,
                Finding {
                    count_line_id: c.id.clone(),
                    location_id: String::new(),
                    location: String::new(),
                    lot: c.lot.clone(),
                    quantity: c.quantity,
                    condition: c.condition.as_str().to_string(),
                    condition_description: c.condition.description().to_string(),
                    note: c.note.clone(),
                },
            ));
        }
    }
    let name = |loc: usize| codes.get(loc).cloned().unwrap_or_default();

    let mut per_location: Vec<Totals> = vec![Totals::default(); codes.len()];
    let mut totals = Totals::default();
    for (loc, key, l) in &mut lines {
        let (id, code) = name(*loc);
        l.location_id = id;
        l.location = code;
        l.difference = diff(l.counted, l.expected);
        l.status = if l.expected == 0 {
            let elsewhere = expected_at.get(*key).filter(|p| !p.is_empty());
            match elsewhere {
                Some(places) => {
                    l.expected_at = places.iter().map(|p| name(*p).1).collect();
                    Status::WrongLocation
                }
                None => Status::UnexpectedLot,
            }
        } else if l.counted == l.expected {
            Status::Matched
        } else if l.counted < l.expected {
            Status::Missing
        } else {
            Status::Surplus
        };
        if let Some(t) = per_location.get_mut(*loc) {
            t.add(l);
        }
        totals.add(l);
    }
    for (loc, f) in &mut findings {
        let (id, code) = name(*loc);
        f.location_id = id;
        f.location = code;
        if let Some(t) = per_location.get_mut(*loc) {
            t.lines.condition_findings += 1;
        }
        totals.lines.condition_findings += 1;
    }
    lines.sort_by_key(|(loc, _, _)| *loc);
    findings.sort_by_key(|(loc, _)| *loc);
    Computed {
        lines: lines.into_iter().map(|(_, _, l)| l).collect(),
        findings: findings.into_iter().map(|(_, f)| f).collect(),
        locations: codes
            .into_iter()
            .zip(per_location)
            .map(|((location_id, location), totals)| LocationTotals {
                location_id,
                location,
                totals,
            })
            .collect(),
        totals,
    }
}

fn new_line(lot: &AmmunitionLot, expected: u64, counted: u64) -> Line {
    Line {
        location_id: String::new(),
        location: String::new(),
        lot: lot.clone(),
        expected,
        counted,
        difference: 0,
        status: Status::Matched,
        expected_at: Vec::new(),
    }
}

#[cfg(test)]
#[path = "compute_tests.rs"]
mod tests;
