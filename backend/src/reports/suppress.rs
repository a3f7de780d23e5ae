//! The publication rule of one release's table: which counts of cases may be shown,
//! and the pooling of values that may not, so that no number can be attributed to a
//! provider — not even by a caller who knows, or made up, its own agency's share.
//!
//! A count is shown only when:
//! 1. it rests on at least `k` cases from at least `p` distinct providing agencies;
//! 2. **dominance**: whichever single agency is taken away (the caller may be any one
//!    of them, and may have padded the cell with cases of its own), at least `k` cases
//!    from at least two other agencies remain — so what a caller learns by subtracting
//!    its own share is a group of cases no one agency provided alone.
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
    pub fn publishes(&self, t: &Tally) -> bool {
        let per = self.k_and_p(t);
        let Some(per) = per else { return false };
        // Dominance: without the largest contributor (the worst case for any one
        // agency subtracting itself), k cases from two or more agencies remain.
        let largest = per.values().copied().max().unwrap_or(0);
        t.records() - largest >= self.min_records && per.len() > 2
    }

    fn k_and_p(&self, t: &Tally) -> Option<BTreeMap<usize, u64>> {
        let per = t.per_agency();
        (t.records() >= self.min_records && per.len() >= self.min_agencies).then_some(per)
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

/// Label of the row that pools values whose count may not be shown.
pub const OTHER_VALUES: &str = "(other values)";

/// One published row: a value and its count, `None` when withheld.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Published {
    /// The value (or [`OTHER_VALUES`]).
    pub value: String,
    /// The count, or `None` when withheld.
    pub count: Option<u64>,
}

/// One release's table for one grouping: the values that may be shown, in text
/// order, then `(other values)` pooling the rest (withheld unless it may be shown;
/// absent when nothing was pooled). Shown counts are rounded with draws from `draw`.
pub fn publish(
    by_value: BTreeMap<String, Tally>,
    rule: &Rule,
    draw: &mut dyn FnMut() -> u64,
) -> Vec<Published> {
    let mut rows = Vec::new();
    let mut pooled = Tally::default();
    let mut any_pooled = false;
    for (value, tally) in by_value {
        if rule.publishes(&tally) {
            rows.push(Published {
                count: Some(random_round(tally.records(), draw())),
                value,
            });
        } else {
            pooled.merge(&tally);
            any_pooled = true;
        }
    }
    if any_pooled {
        rows.push(Published {
            value: OTHER_VALUES.to_string(),
            count: rule
                .publishes(&pooled)
                .then(|| random_round(pooled.records(), draw())),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        min_records: 5,
        min_agencies: 3,
    };

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
    fn k_p_and_dominance_decide_each_count() {
        // Enough cases and agencies, no one dominating: shown.
        assert!(RULE.publishes(&tally(&[(0, 3), (1, 3), (2, 3)], 0)));
        // Too few cases, too few agencies.
        assert!(!RULE.publishes(&tally(&[(0, 2), (1, 1), (2, 1)], 0)));
        assert!(!RULE.publishes(&tally(&[(0, 10), (1, 10)], 0)));
        // One agency holds almost everything: taking it away leaves fewer than k.
        assert!(!RULE.publishes(&tally(&[(0, 20), (1, 2), (2, 2)], 0)));
        // A case counts once, however often it is added.
        let mut t = tally(&[(0, 3), (1, 3), (2, 3)], 0);
        t.add(0, 0);
        assert_eq!(t.records(), 9);
    }

    #[test]
    fn padding_a_cell_with_ones_own_cases_reveals_nothing() {
        // Agency 1 provided one case of a rare calibre. The caller (agency 0) pushes
        // as many cases of that calibre as it likes, with a third agency's one case:
        // subtracting its own share would give the rest away, so it is never shown.
        for own in [4, 5, 10, 100] {
            let t = tally(&[(0, own), (1, 1), (2, 1)], 0);
            assert!(!RULE.publishes(&t), "padded with {own}");
        }
    }

    #[test]
    fn rare_values_are_pooled_and_the_pool_is_ruled_too() {
        let mut by_value = BTreeMap::new();
        by_value.insert("7.62x39mm".to_string(), tally(&[(0, 3), (1, 3), (2, 3)], 0));
        by_value.insert("14.5x114mm".to_string(), tally(&[(1, 1)], 100));
        let rows = publish(by_value.clone(), &RULE, &mut || 4);
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
        // Nothing rare: no pool row at all.
        by_value.remove("14.5x114mm");
        assert_eq!(publish(by_value, &RULE, &mut || 0).len(), 1);
    }

    #[test]
    fn a_pooled_case_of_several_rare_values_counts_once() {
        let mut by_value = BTreeMap::new();
        // Case 7 of agency 0 has two rare calibres; agencies 1..=4 bring 6 more.
        by_value.insert("a".to_string(), tally(&[(0, 1)], 7));
        by_value.insert("b".to_string(), tally(&[(0, 1)], 7));
        by_value.insert("c".to_string(), tally(&[(1, 2), (2, 2), (3, 2)], 20));
        let rows = publish(by_value, &RULE, &mut || 0);
        // "c" alone has 6 cases of 3 agencies but 6 - 2 = 4 < 5: pooled with a and b;
        // the pool holds 7 cases (case 7 once) of 4 agencies, 7 - 2 = 5: shown, and
        // rounded (a draw of 0 is below the remainder 2: up to 10).
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
        for _ in 0..500 {
            let mut by_value = BTreeMap::new();
            let mut case = 0;
            for v in 0..next(6) {
                let mut t = Tally::default();
                for _ in 0..next(15) {
                    t.add(usize::try_from(next(5)).unwrap(), case);
                    case += 1;
                }
                by_value.insert(format!("v{v}"), t);
            }
            let tallies = by_value.clone();
            for row in publish(by_value, &RULE, &mut os_draw) {
                if let (Some(n), Some(t)) = (row.count, tallies.get(&row.value)) {
                    assert!(RULE.publishes(t), "{row:?}");
                    assert_eq!(n % ROUNDING_BASE, 0);
                    assert!(
                        n.abs_diff(t.records()) < ROUNDING_BASE,
                        "{n} for {}",
                        t.records()
                    );
                }
            }
        }
    }
}
