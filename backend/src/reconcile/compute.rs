//! The reconciliation arithmetic: what a stock check expected at each location against
//! what its inspectors counted there, as a pure function over typed records.
//!
//! Invariant: every expected and every counted unit lands in exactly one line (keyed
//! by location and lot identity), so the totals of the lines are the totals of the
//! inputs; each line has exactly one status; condition findings are listed apart and
//! never change a line's status.

use std::collections::HashMap as StdHashMap;
use std::sync::Arc;

use tracemark_shared::domain::{
    AmmunitionLot, CompatibilityGroup, ConditionCode, CountLine, ExpectedLine, LocationId,
    StorageLocation, mixed_groups,
};

use crate::import::fields::lot_key_into;

/// The maps of one reconciliation: keys are the check's own ids and lots, hashed a
/// few hundred thousand times per call, so a fast hasher (foldhash, seeded per
/// process) instead of the standard library's SipHash.
type HashMap<K, V> = StdHashMap<K, V, foldhash::fast::RandomState>;

pub use tracemark_shared::api::reconcile::{
    Finding, Line, LocationTotals, MixedStorage, Status, StatusCounts, Totals,
};

/// The reconciliation of one stock check's expected and counted lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// One line per lot and location, by location in the check's order.
    pub lines: Vec<Line>,
    /// Count lines with a condition finding.
    pub findings: Vec<Finding>,
    /// Locations holding groups the mixing chart keeps apart, in the check's order.
    pub mixed_storage: Vec<MixedStorage>,
    /// Totals per location, in the check's order.
    pub locations: Vec<LocationTotals>,
    /// Totals of the whole check.
    pub totals: Totals,
}

/// A location of the check, as a reconciliation names it (stored as a row,
/// `stock_check_locations`).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The location's id.
    pub id: LocationId,
    /// Its code, as on its label.
    pub code: String,
}

impl From<&StorageLocation> for Place {
    fn from(l: &StorageLocation) -> Self {
        Self {
            id: l.id,
            code: l.code.clone(),
        }
    }
}

/// What a reconciliation reads of an expected line (stored as a row,
/// `expected_line_rows`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// Where the lot is expected.
    pub location_id: LocationId,
    /// The lot.
    pub lot: AmmunitionLot,
    /// Units expected.
    pub quantity: u64,
}

impl From<&ExpectedLine> for Expected {
    fn from(e: &ExpectedLine) -> Self {
        Self {
            location_id: e.location_id,
            lot: e.lot.clone(),
            quantity: e.quantity,
        }
    }
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

/// A lot's identity as text: manufacturer, calibre, lot and sub-lot (see
/// [`lot_key_into`]), borrowed from wherever the line is read.
#[derive(Debug, Clone, Copy)]
pub struct LotKey<'a> {
    /// Manufacturer.
    pub manufacturer: &'a str,
    /// Calibre.
    pub calibre: &'a str,
    /// Lot.
    pub lot: &'a str,
    /// Sub-lot.
    pub sub_lot: Option<&'a str>,
}

impl<'a> From<&'a AmmunitionLot> for LotKey<'a> {
    fn from(l: &'a AmmunitionLot) -> Self {
        Self {
            manufacturer: &l.manufacturer,
            calibre: &l.calibre,
            lot: &l.lot,
            sub_lot: l.sub_lot.as_deref(),
        }
    }
}

/// What a reconciliation keeps of a count line beyond its key and quantity, asked
/// for only when the line starts a line of its own (not expected there) or is a
/// condition finding.
#[derive(Debug)]
pub struct CountDetails {
    /// The count line's id.
    pub id: String,
    /// The lot.
    pub lot: AmmunitionLot,
    /// The inspector's remarks.
    pub note: Option<String>,
}

/// One location of a reconciliation: its names and its lines by lot identity (see
/// [`lot_key_into`]). Lines are kept per location because both the expected and the
/// count lines of a check come location by location: the map in use stays small and
/// in the processor's cache, where one map of every line would miss it on every
/// look-up.
struct Location {
    id: Arc<str>,
    code: Arc<str>,
    lines: HashMap<Box<str>, usize>,
    /// Whether any count line came from here (then its expected lots no longer say
    /// what it holds).
    counted: bool,
}

/// A reconciliation built one line at a time: every expected line first (in the
/// check's order), then every count line, then [`Reconciler::finish`].
pub struct Reconciler {
    order: HashMap<LocationId, usize>,
    locations: Vec<Location>,
    /// Each line with its location's index, in first-seen order.
    lines: Vec<(usize, Line)>,
    findings: Vec<(usize, Finding)>,
    /// The lot key being looked up (one buffer for every line).
    key: String,
    /// How many lines the expected lines made (lines below this index are expected
    /// where they are), once count lines start coming.
    expected_lines: Option<usize>,
    /// The lines started by a count line (none expected there), with their lot key.
    unexpected: Vec<(usize, Box<str>)>,
}

impl Reconciler {
    /// A reconciliation over the check's `locations` (in order).
    pub fn new(locations: &[Place]) -> Self {
        let mut r = Reconciler {
            order: HashMap::default(),
            locations: Vec::with_capacity(locations.len()),
            lines: Vec::new(),
            findings: Vec::new(),
            key: String::new(),
            expected_lines: None,
            unexpected: Vec::new(),
        };
        for l in locations {
            if !r.order.contains_key(&l.id) {
                r.add_location(l.id, Some(l.code.as_str().into()));
            }
        }
        r
    }

    fn add_location(&mut self, id: LocationId, code: Option<Arc<str>>) -> usize {
        let i = self.locations.len();
        let id_text: Arc<str> = id.to_string().into();
        self.order.insert(id, i);
        self.locations.push(Location {
            code: code.unwrap_or_else(|| id_text.clone()),
            id: id_text,
            lines: HashMap::default(),
            counted: false,
        });
        i
    }

    fn location(&mut self, id: LocationId) -> usize {
        match self.order.get(&id) {
            Some(&i) => i,
            // A count at a location the check does not list (sync refuses these; an
            // older record may hold one): shown by its id.
            None => self.add_location(id, None),
        }
    }

    /// The line of the lot `key` at location `loc`, if there is one yet.
    fn line(&mut self, loc: usize, key: LotKey<'_>) -> Option<usize> {
        lot_key_into(
            [
                key.manufacturer,
                key.calibre,
                key.lot,
                key.sub_lot.unwrap_or_default(),
            ],
            &mut self.key,
        );
        self.locations
            .get(loc)
            .and_then(|l| l.lines.get(self.key.as_str()).copied())
    }

    /// Starts a line at `loc` for the lot whose key was just looked up.
    fn start_line(&mut self, loc: usize, line: Line) {
        let i = self.lines.len();
        let key: Box<str> = self.key.as_str().into();
        if self.expected_lines.is_some() {
            self.unexpected.push((i, key.clone()));
        }
        if let Some(l) = self.locations.get_mut(loc) {
            l.lines.insert(key, i);
        }
        self.lines.push((loc, line));
    }

    /// Adds an expected line.
    pub fn expect(&mut self, e: Expected) {
        let loc = self.location(e.location_id);
        match self.line(loc, LotKey::from(&e.lot)) {
            Some(i) => {
                if let Some((_, l)) = self.lines.get_mut(i) {
                    l.expected += e.quantity;
                }
            }
            None => self.start_line(loc, new_line(e.lot, e.quantity, 0)),
        }
    }

    /// Adds a count line of `quantity` units of the lot `key` at `location`, in
    /// `condition`; `details` is called only when the line's lot or id is kept.
    pub fn count<E>(
        &mut self,
        location: LocationId,
        key: LotKey<'_>,
        quantity: u64,
        condition: ConditionCode,
        details: impl FnOnce() -> Result<CountDetails, E>,
    ) -> Result<(), E> {
        self.expected_lines.get_or_insert(self.lines.len());
        let loc = self.location(location);
        if let Some(l) = self.locations.get_mut(loc) {
            l.counted = true;
        }
        let line = self.line(loc, key);
        if let Some((_, l)) = line.and_then(|i| self.lines.get_mut(i)) {
            l.counted += quantity;
            if condition.is_serviceable() {
                return Ok(());
            }
        }
        let d = details()?;
        if !condition.is_serviceable() {
            self.findings.push((
                loc,
                Finding {
                    count_line_id: d.id,
                    location_id: Arc::default(),
                    location: Arc::default(),
                    lot: d.lot.clone(),
                    quantity,
                    condition: condition.as_str().to_string(),
                    condition_description: condition.description().to_string(),
                    note: d.note,
                },
            ));
        }
        if line.is_none() {
            self.start_line(loc, new_line(d.lot, 0, quantity));
        }
        Ok(())
    }

    /// For each lot counted only where it was not expected: the locations (indexes,
    /// in the check's order) where the check expects it.
    fn expected_elsewhere(&self) -> HashMap<&str, Vec<usize>> {
        let mut wanted: HashMap<&str, Vec<usize>> = self
            .unexpected
            .iter()
            .map(|(_, key)| (&**key, Vec::new()))
            .collect();
        if wanted.is_empty() {
            return wanted;
        }
        let expected_lines = self.expected_lines.unwrap_or(self.lines.len());
        for (loc, l) in self.locations.iter().enumerate() {
            for (key, &i) in &l.lines {
                if i < expected_lines
                    && let Some(places) = wanted.get_mut(&**key)
                {
                    places.push(loc);
                }
            }
        }
        wanted
    }

    /// The lines' statuses and the totals: the reconciliation.
    pub fn finish(self) -> Computed {
        let elsewhere = self.expected_elsewhere();
        // The status of each line expected nowhere at its location.
        let mut unexpected: HashMap<usize, (Status, Vec<Arc<str>>)> = HashMap::default();
        for (i, key) in &self.unexpected {
            let places = elsewhere.get(&**key).filter(|p| !p.is_empty());
            unexpected.insert(
                *i,
                match places {
                    Some(places) => (
                        Status::WrongLocation,
                        places
                            .iter()
                            .filter_map(|p| self.locations.get(*p).map(|l| l.code.clone()))
                            .collect(),
                    ),
                    None => (Status::UnexpectedLot, Vec::new()),
                },
            );
        }
        drop(elsewhere);

        let expected_lines = self.expected_lines.unwrap_or(self.lines.len());
        let Reconciler {
            locations,
            lines,
            mut findings,
            ..
        } = self;
        let mut per_location: Vec<Totals> = vec![Totals::default(); locations.len()];
        let mut totals = Totals::default();
        let mut out = Vec::with_capacity(lines.len());
        // The classified lots each location holds: (location, group, line in `out`).
        let mut held: Vec<(usize, CompatibilityGroup, usize)> = Vec::new();
        in_location_order(lines, expected_lines, |i, loc, mut l| {
            let counted_here = locations.get(loc).is_some_and(|p| p.counted);
            if let Some(hazard) = l.lot.hazard
                && (l.counted > 0 || (!counted_here && l.expected > 0))
            {
                held.push((loc, hazard.group(), out.len()));
            }
            if let Some(place) = locations.get(loc) {
                l.location_id = place.id.clone();
                l.location = place.code.clone();
            }
            l.status = match unexpected.remove(&i) {
                Some((status, expected_at)) => {
                    l.expected_at = expected_at;
                    status
                }
                None if l.counted == l.expected => Status::Matched,
                None if l.counted < l.expected => Status::Missing,
                None => Status::Surplus,
            };
            l.difference = diff(l.counted, l.expected);
            if let Some(t) = per_location.get_mut(loc) {
                t.add(&l);
            }
            totals.add(&l);
            out.push(l);
        });
        findings.sort_by_key(|(loc, _)| *loc);
        let findings = findings
            .into_iter()
            .map(|(loc, mut f)| {
                if let Some(place) = locations.get(loc) {
                    f.location_id = place.id.clone();
                    f.location = place.code.clone();
                }
                if let Some(t) = per_location.get_mut(loc) {
                    t.lines.condition_findings += 1;
                }
                totals.lines.condition_findings += 1;
                f
            })
            .collect();
        let mixed_storage = mixed_storage(&held, &locations, &out);
        Computed {
            lines: out,
            findings,
            mixed_storage,
            locations: locations
                .into_iter()
                .zip(per_location)
                .map(|(l, totals)| LocationTotals {
                    location_id: l.id,
                    location: l.code,
                    totals,
                })
                .collect(),
            totals,
        }
    }
}

/// The locations among `held` (classified lots, by location in order, with their
/// line in `lines`) whose groups the mixing chart does not simply permit together.
fn mixed_storage(
    held: &[(usize, CompatibilityGroup, usize)],
    locations: &[Location],
    lines: &[Line],
) -> Vec<MixedStorage> {
    held.chunk_by(|a, b| a.0 == b.0)
        .filter_map(|at| {
            let (loc, _, _) = at.first()?;
            let pairs = mixed_groups(at.iter().map(|(_, g, _)| *g));
            let place = locations.get(*loc)?;
            let named = |g: CompatibilityGroup| pairs.iter().any(|p| p.first == g || p.second == g);
            let lots = at
                .iter()
                .filter(|(_, g, _)| named(*g))
                .filter_map(|(_, _, i)| lines.get(*i).map(|l| l.lot.clone()))
                .collect();
            (!pairs.is_empty()).then(|| MixedStorage {
                location_id: place.id.clone(),
                location: place.code.clone(),
                pairs,
                lots,
            })
        })
        .collect()
}

/// Hands each line to `f` with its index and location, by location in the check's
/// order and in first-seen order within one location, moving each line once. The
/// lines the expected lines made (the first `expected_lines`) usually come in
/// location order already: then only the lines count lines started are sorted, and
/// both are merged.
fn in_location_order(
    mut lines: Vec<(usize, Line)>,
    expected_lines: usize,
    mut f: impl FnMut(usize, usize, Line),
) {
    let head_sorted = lines
        .get(..expected_lines)
        .is_some_and(|h| h.is_sorted_by_key(|(loc, _)| *loc));
    if !head_sorted {
        let mut by_location: Vec<(usize, usize)> = lines
            .iter()
            .enumerate()
            .map(|(i, (loc, _))| (*loc, i))
            .collect();
        by_location.sort_unstable();
        let mut slots: Vec<Option<(usize, Line)>> = lines.into_iter().map(Some).collect();
        for (_, i) in by_location {
            if let Some((loc, l)) = slots.get_mut(i).and_then(Option::take) {
                f(i, loc, l);
            }
        }
        return;
    }
    let mut tail: Vec<(usize, (usize, Line))> = lines
        .split_off(expected_lines)
        .into_iter()
        .enumerate()
        .map(|(k, line)| (expected_lines + k, line))
        .collect();
    tail.sort_by_key(|(_, (loc, _))| *loc);
    let mut head = lines.into_iter().enumerate().peekable();
    let mut tail = tail.into_iter().peekable();
    loop {
        // On a tie the expected line goes first: it was seen first.
        let take_head = match (head.peek(), tail.peek()) {
            (Some((_, (h, _))), Some((_, (t, _)))) => h <= t,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_head { head.next() } else { tail.next() };
        if let Some((i, (loc, l))) = next {
            f(i, loc, l);
        }
    }
}

/// Reconciles `expected` against `counted` over the check's `locations` (in order).
pub fn reconcile(locations: &[Place], expected: Vec<Expected>, counted: Vec<Counted>) -> Computed {
    let mut r = Reconciler::new(locations);
    for e in expected {
        r.expect(e);
    }
    for c in counted {
        let key = LotKey::from(&c.lot);
        let counted: Result<(), std::convert::Infallible> =
            r.count(c.location_id, key, c.quantity, c.condition, || {
                Ok(CountDetails {
                    id: c.id.clone(),
                    lot: c.lot.clone(),
                    note: c.note.clone(),
                })
            });
        let Ok(()) = counted;
    }
    r.finish()
}

fn new_line(lot: AmmunitionLot, expected: u64, counted: u64) -> Line {
    Line {
        location_id: Arc::default(),
        location: Arc::default(),
        lot,
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
