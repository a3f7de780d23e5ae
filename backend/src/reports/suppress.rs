//! The publication rule of one release's table: which counts of cases may be shown,
//! and the pooling of values that may not, so that no number can be attributed to a
//! provider — not even by a caller who knows, or made up, its own agency's share.
//!
//! A count is shown only when:
//! 1. it rests on at least `k` cases from at least `p` distinct providing agencies;
//! 2. **for every possible reader**, the cases of the count that reader cannot see are
//!    either none, or at least `k` cases from at least two agencies. A reader knows its
//!    own agency's cases (which it may have pushed to pad the count), every case shared
//!    with its country or with it as a partner, and every case a live grant opened to
//!    it; readers are every agency, and a newcomer of each country (an agency created
//!    later sees its country's national cases). So whatever a reader subtracts, what is
//!    left is a group no single other agency provided.
//!
//! Values whose count may not be shown are pooled into one `(other values)` row per
//! release (each case counted once there), so a rare value's very name is not
//! published; that row is shown under the same rule. A count that may not be shown is
//! withheld whether it is small or zero, so a withheld cell says nothing either.
//!
//! Every shown count is then **randomly rounded** to a multiple of [`ROUNDING_BASE`]
//! (up with probability `remainder / base`, so unbiased), once, when the release is
//! frozen. There are no totals, but values can still act as totals of each other (a
//! transit place every case passed, beside its origins); rounding leaves every
//! difference of shown counts uncertain by more than a case, and since a release is
//! computed once there is no second draw to average away.
//!
//! Invariant: every shown number passes [`Rule::publishes`] on its true count and is a
//! multiple of [`ROUNDING_BASE`] less than one base away from it.

use std::collections::{BTreeMap, BTreeSet};

/// What one count rests on: the cases, each with its providing agency (opaque
/// numbers, never shown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// (agency, case) pairs; a case counts once however often it is added.
    cases: BTreeSet<(usize, usize)>,
}

impl Tally {
    /// A tally of the given (agency, case) pairs.
    pub fn of(cases: impl IntoIterator<Item = (usize, usize)>) -> Self {
        Self {
            cases: cases.into_iter().collect(),
        }
    }

    /// Adds a case of an agency.
    pub fn add(&mut self, agency: usize, case: usize) {
        self.cases.insert((agency, case));
    }

    /// Adds every case of another tally (each case once).
    pub fn merge(&mut self, other: &Tally) {
        self.cases.extend(other.cases.iter().copied());
    }

    /// Cases counted.
    pub fn records(&self) -> u64 {
        self.cases.len() as u64
    }

    /// Cases per providing agency.
    fn per_agency(&self) -> BTreeMap<usize, u64> {
        let mut m = BTreeMap::new();
        for (agency, _) in &self.cases {
            *m.entry(*agency).or_insert(0) += 1;
        }
        m
    }
}

/// Who can see one case: its agency and every other reader it is visible to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Case {
    /// The providing agency (a reader number too).
    pub agency: usize,
    /// Readers other than its agency who see it (same country if `national`, named
    /// partners, live grants, the newcomer of its country if `national`).
    pub seen_by: BTreeSet<usize>,
}

/// The cases of one release and the number of possible readers.
#[derive(Debug, Clone, Default)]
pub struct Population {
    /// Cases, by the number a [`Tally`] names them with.
    pub cases: Vec<Case>,
    /// Readers are numbered `0..readers` (agencies first, then newcomers).
    pub readers: usize,
}

impl Population {
    fn sees(&self, reader: usize, agency: usize, case: usize) -> bool {
        agency == reader
            || self
                .cases
                .get(case)
                .is_some_and(|c| c.seen_by.contains(&reader))
    }
}

/// The thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Fewest cases a shown count may rest on (k).
    pub min_records: u64,
    /// Fewest providing agencies a shown count may rest on (p).
    pub min_agencies: usize,
}

impl Rule {
    /// Whether a count may be shown (see the module documentation).
    pub fn publishes(&self, t: &Tally, population: &Population) -> bool {
        if t.records() < self.min_records || t.per_agency().len() < self.min_agencies {
            return false;
        }
        (0..population.readers).all(|reader| {
            let hidden: Vec<&(usize, usize)> = t
                .cases
                .iter()
                .filter(|(agency, case)| !population.sees(reader, *agency, *case))
                .collect();
            let agencies: BTreeSet<usize> = hidden.iter().map(|(a, _)| *a).collect();
            hidden.is_empty() || (hidden.len() as u64 >= self.min_records && agencies.len() >= 2)
        })
    }
}

/// Shown counts are multiples of this.
pub const ROUNDING_BASE: u64 = 5;

/// Rounds `n` to a multiple of [`ROUNDING_BASE`], up with probability
/// `(n mod base) / base`, drawing from `draw` (a uniform number below the base).
pub fn random_round(n: u64, draw: u64) -> u64 {
    let rest = n % ROUNDING_BASE;
    let down = n - rest;
    if rest > draw % ROUNDING_BASE {
        down + ROUNDING_BASE
    } else {
        down
    }
}

/// A uniform draw below [`ROUNDING_BASE`] from the operating system's randomness.
pub fn os_draw() -> u64 {
    let mut b = [0u8; 8];
    // Without randomness, round down: still a multiple of the base, still ruled.
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b) % ROUNDING_BASE
}

pub use tracemark_shared::api::reports::OTHER_VALUES;

/// One published row: a value and its count, `None` when withheld.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Published {
    /// The value (or [`OTHER_VALUES`]).
    pub value: String,
    /// The count, or `None` when withheld.
    pub count: Option<u64>,
}

/// One release's table for one grouping: the values that may be shown, in text
/// order, then `(other values)` pooling the rest — always there, withheld unless it may
/// be shown, so its presence says nothing. Shown counts are rounded with draws from
/// `draw`.
pub fn publish(
    by_value: BTreeMap<String, Tally>,
    rule: &Rule,
    population: &Population,
    draw: &mut dyn FnMut() -> u64,
) -> Vec<Published> {
    let mut rows = Vec::new();
    let mut pooled = Tally::default();
    for (value, tally) in by_value {
        if rule.publishes(&tally, population) {
            rows.push(Published {
                count: Some(random_round(tally.records(), draw())),
                value,
            });
        } else {
            pooled.merge(&tally);
        }
    }
    rows.push(Published {
        value: OTHER_VALUES.to_string(),
        count: rule
            .publishes(&pooled, population)
            .then(|| random_round(pooled.records(), draw())),
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        min_records: 5,
        min_agencies: 3,
    };

    /// Cases seen only by their own agency; readers are the agencies `0..readers`.
    fn private(readers: usize, cases: usize) -> Population {
        Population {
            cases: (0..cases).map(|_| Case::default()).collect(),
            readers,
        }
    }

    /// `n` cases of each agency, case numbers from `first`.
    fn tally(per_agency: &[(usize, usize)], first: usize) -> Tally {
        let mut t = Tally::default();
        let mut case = first;
        for &(agency, n) in per_agency {
            for _ in 0..n {
                t.add(agency, case);
                case += 1;
            }
        }
        t
    }

    #[test]
    fn k_p_and_every_readers_view_decide_each_count() {
        let pop = private(4, 200);
        // Enough cases and agencies, and whoever reads, 6 unseen cases of two agencies.
        assert!(RULE.publishes(&tally(&[(0, 3), (1, 3), (2, 3)], 0), &pop));
        // Too few cases, too few agencies.
        assert!(!RULE.publishes(&tally(&[(0, 2), (1, 1), (2, 1)], 0), &pop));
        assert!(!RULE.publishes(&tally(&[(0, 10), (1, 10)], 0), &pop));
        // One agency holds almost everything: its reader is left with fewer than k.
        assert!(!RULE.publishes(&tally(&[(0, 20), (1, 2), (2, 2)], 0), &pop));
        // A case counts once, however often it is added.
        let mut t = tally(&[(0, 3), (1, 3), (2, 3)], 0);
        t.add(0, 0);
        assert_eq!(t.records(), 9);
    }

    #[test]
    fn padding_a_cell_with_ones_own_cases_reveals_nothing() {
        // Agency 1 provided one case of a rare calibre. The reader (agency 0) pushes
        // as many cases of that calibre as it likes, with a third agency's one case:
        // subtracting its own share would give the rest away, so it is never shown.
        for own in [4, 5, 10, 100] {
            let t = tally(&[(0, own), (1, 1), (2, 1)], 0);
            assert!(!RULE.publishes(&t, &private(3, 200)), "padded with {own}");
        }
    }

    #[test]
    fn cases_a_reader_may_see_are_subtracted_too() {
        // Agencies 0 and 1 share a country; 1's five cases are national, so 0 sees
        // them; agency 2's one case is shared with agency 3 only. Reader 0 pads with
        // five of its own and subtracts both known groups: one case would be left.
        let mut pop = private(4, 11);
        for c in 5..10 {
            pop.cases[c].seen_by = [0].into();
        }
        pop.cases[10].seen_by = [3].into();
        let t = tally(&[(0, 5), (1, 5), (2, 1)], 0);
        assert!(!RULE.publishes(&t, &pop));
        // With five unseen cases of two agencies, the same count may be shown.
        let mut pop = private(5, 20);
        for c in 5..10 {
            pop.cases[c].seen_by = [0].into();
        }
        let t = tally(&[(0, 5), (1, 5), (2, 3), (3, 3)], 0);
        assert!(RULE.publishes(&t, &pop));
    }

    #[test]
    fn rare_values_are_pooled_and_the_pool_is_always_there() {
        let pop = private(3, 200);
        let mut by_value = BTreeMap::new();
        by_value.insert("7.62x39mm".to_string(), tally(&[(0, 3), (1, 3), (2, 3)], 0));
        by_value.insert("14.5x114mm".to_string(), tally(&[(1, 1)], 100));
        let rows = publish(by_value.clone(), &RULE, &pop, &mut || 4);
        assert_eq!(
            rows,
            [
                Published {
                    value: "7.62x39mm".into(),
                    count: Some(5)
                },
                Published {
                    value: OTHER_VALUES.into(),
                    count: None
                },
            ]
        );
        // Nothing rare: the pool row is there all the same, withheld.
        by_value.remove("14.5x114mm");
        assert_eq!(publish(by_value, &RULE, &pop, &mut || 4), rows);
    }

    #[test]
    fn a_pooled_case_of_several_rare_values_counts_once() {
        let pop = private(4, 200);
        let mut by_value = BTreeMap::new();
        // Case 7 of agency 0 has two rare calibres; agencies 1..=3 bring 6 more.
        by_value.insert("a".to_string(), tally(&[(0, 1)], 7));
        by_value.insert("b".to_string(), tally(&[(0, 1)], 7));
        by_value.insert("c".to_string(), tally(&[(1, 2), (2, 2), (3, 2)], 20));
        let rows = publish(by_value, &RULE, &pop, &mut || 0);
        // "c" alone: reader 1 is left with 4 < 5, pooled with a and b; the pool holds 7
        // cases (case 7 once) of 4 agencies and every reader is left with at least 5:
        // shown, rounded (a draw of 0 is below the remainder 2: up to 10).
        assert_eq!(
            rows,
            [Published {
                value: OTHER_VALUES.into(),
                count: Some(10)
            }]
        );
    }

    #[test]
    fn rounding_is_to_the_base_and_unbiased() {
        for n in 0..30 {
            let outcomes: Vec<u64> = (0..ROUNDING_BASE).map(|d| random_round(n, d)).collect();
            // Over every draw, the mean is the true count exactly.
            assert_eq!(outcomes.iter().sum::<u64>(), n * ROUNDING_BASE, "{n}");
            assert!(outcomes.iter().all(|o| o % ROUNDING_BASE == 0));
            assert!(outcomes.iter().all(|o| o.abs_diff(n) < ROUNDING_BASE));
        }
        assert!((0..1000).map(|_| os_draw()).all(|d| d < ROUNDING_BASE));
    }

    #[test]
    fn random_tables_never_show_a_count_that_fails_the_rule() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..300 {
            let mut pop = private(6, 0);
            let mut by_value = BTreeMap::new();
            for v in 0..next(6) {
                let mut t = Tally::default();
                for _ in 0..next(15) {
                    let agency = usize::try_from(next(5)).unwrap();
                    let seen_by = (0..6).filter(|_| next(4) == 0).collect();
                    pop.cases.push(Case { agency, seen_by });
                    t.add(agency, pop.cases.len() - 1);
                }
                by_value.insert(format!("v{v}"), t);
            }
            let tallies = by_value.clone();
            for row in publish(by_value, &RULE, &pop, &mut os_draw) {
                if let (Some(n), Some(t)) = (row.count, tallies.get(&row.value)) {
                    assert!(RULE.publishes(t, &pop), "{row:?}");
                    assert_eq!(n % ROUNDING_BASE, 0);
                    assert!(n.abs_diff(t.records()) < ROUNDING_BASE);
                }
            }
        }
    }
}
