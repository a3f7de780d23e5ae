//! The reconciliation screen (console `/records/{id}/reconciliation`, the app's
//! Reconciliation screen): the check's locations in order, each with its subtotal and
//! its lines — those that need a look (a difference, or counted where not expected)
//! before those that matched — and the condition findings.
//!
//! Invariant: a long check is cut to a bounded number of lines (the CSV always has
//! them all); the lines cut are matched ones before any line that needs a look, and
//! the view says how many were cut.

use crate::api::reconcile::{Line, LocationTotals, Reconciliation, Status, Totals};

/// Lines a screen shows at most (a check of 100,000 lines would freeze a page).
pub const SHOWN_LINES: usize = 2_000;

/// One location of the reconciliation with the lines shown there.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    /// The location's names and subtotal.
    pub location: &'a LocationTotals,
    /// Its lines shown, those needing a look first, each kept in the check's order.
    pub lines: Vec<&'a Line>,
}

/// The reconciliation screen's view.
#[derive(Debug, Clone, PartialEq)]
pub struct ReconView<'a> {
    /// The answer it shows.
    pub reconciliation: &'a Reconciliation,
    /// The locations in the check's order.
    pub groups: Vec<Group<'a>>,
    /// Lines left out to stay within the limit (all matched ones unless the
    /// differences alone are more than the limit).
    pub hidden_lines: usize,
}

/// Whether a line needs a supervisor's look: anything but an exact match.
pub fn needs_look(l: &Line) -> bool {
    l.status != Status::Matched || l.difference != 0
}

/// The counts shown as badges, in the order both screens show them.
pub fn status_counts(t: &Totals) -> [(Status, u64); 5] {
    [
        (Status::Matched, t.lines.matched),
        (Status::Missing, t.lines.missing),
        (Status::Surplus, t.lines.surplus),
        (Status::WrongLocation, t.lines.wrong_location),
        (Status::UnexpectedLot, t.lines.unexpected_lot),
    ]
}

impl<'a> ReconView<'a> {
    /// The view of `r` showing at most `max_lines` lines.
    pub fn new(r: &'a Reconciliation, max_lines: usize) -> Self {
        let looks = r.lines.iter().filter(|l| needs_look(l)).count();
        // Lines needing a look are shown first; matched ones fill what room is left.
        let mut room_for_looks = max_lines;
        let mut room_for_matched = max_lines.saturating_sub(looks);
        let mut groups: Vec<Group<'a>> = r
            .locations
            .iter()
            .map(|location| Group {
                location,
                lines: Vec::new(),
            })
            .collect();
        let mut matched_of: Vec<Vec<&'a Line>> = vec![Vec::new(); groups.len()];
        let mut shown = 0;
        // Lines come location by location: the current group is tried first.
        let mut g = 0;
        for l in &r.lines {
            let here = |i: usize| {
                groups
                    .get(i)
                    .is_some_and(|x| x.location.location == l.location)
            };
            if !here(g) {
                match (0..groups.len()).find(|&i| here(i)) {
                    Some(i) => g = i,
                    None => continue,
                }
            }
            if needs_look(l) {
                if room_for_looks > 0 {
                    room_for_looks -= 1;
                    shown += 1;
                    if let Some(group) = groups.get_mut(g) {
                        group.lines.push(l);
                    }
                }
            } else if room_for_matched > 0 {
                room_for_matched -= 1;
                shown += 1;
                if let Some(m) = matched_of.get_mut(g) {
                    m.push(l);
                }
            }
        }
        for (group, matched) in groups.iter_mut().zip(matched_of) {
            group.lines.extend(matched);
        }
        ReconView {
            reconciliation: r,
            groups,
            hidden_lines: r.lines.len() - shown,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::api::reconcile::StatusCounts;
    use crate::domain::AmmunitionLot;

    fn line(location: &str, lot: &str, expected: u64, counted: u64, status: Status) -> Line {
        Line {
            location_id: Arc::from(location),
            location: Arc::from(location),
            lot: AmmunitionLot {
                manufacturer: "17".into(),
                calibre: "7.62x39mm".into(),
                year: None,
                lot: lot.into(),
                sub_lot: None,
                nsn: None,
                dodic: None,
                ammunition_type: None,
                hazard: None,
            },
            expected,
            counted,
            difference: i64::try_from(counted).unwrap_or(0) - i64::try_from(expected).unwrap_or(0),
            status,
            expected_at: vec![],
        }
    }

    fn check(lines: Vec<Line>) -> Reconciliation {
        let mut locations: Vec<LocationTotals> = Vec::new();
        for l in &lines {
            if !locations.iter().any(|t| t.location == l.location) {
                locations.push(LocationTotals {
                    location_id: l.location_id.clone(),
                    location: l.location.clone(),
                    totals: Totals::default(),
                });
            }
            if let Some(t) = locations.iter_mut().find(|t| t.location == l.location) {
                t.totals.add(l);
            }
        }
        let mut totals = Totals::default();
        for l in &lines {
            totals.add(l);
        }
        Reconciliation {
            stock_check_id: "c".into(),
            title: "Q1".into(),
            status: "submitted".into(),
            depot: "CAD-1".into(),
            depot_name: "Central".into(),
            lines,
            findings: vec![],
            mixed_storage: vec![],
            locations,
            totals,
        }
    }

    fn lots(v: &ReconView<'_>) -> Vec<(String, Vec<String>)> {
        v.groups
            .iter()
            .map(|g| {
                (
                    g.location.location.to_string(),
                    g.lines.iter().map(|l| l.lot.lot.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn each_location_lists_its_differences_before_its_matches() {
        let r = check(vec![
            line("B1", "M1", 5, 5, Status::Matched),
            line("B1", "S1", 5, 3, Status::Missing),
            line("B2", "M2", 1, 1, Status::Matched),
            line("B2", "U1", 0, 2, Status::UnexpectedLot),
        ]);
        let v = ReconView::new(&r, SHOWN_LINES);
        assert_eq!(
            lots(&v),
            [
                ("B1".to_string(), vec!["S1".to_string(), "M1".to_string()]),
                ("B2".to_string(), vec!["U1".to_string(), "M2".to_string()]),
            ]
        );
        assert_eq!(v.hidden_lines, 0);
    }

    #[test]
    fn a_long_check_drops_matched_lines_first_and_says_how_many() {
        let mut lines = vec![];
        for i in 0..10 {
            lines.push(line("B1", &format!("M{i}"), 1, 1, Status::Matched));
        }
        lines.push(line("B2", "S1", 5, 3, Status::Missing));
        lines.push(line("B2", "P1", 5, 6, Status::Surplus));
        let r = check(lines);
        let v = ReconView::new(&r, 4);
        assert_eq!(
            lots(&v),
            [
                ("B1".to_string(), vec!["M0".to_string(), "M1".to_string()]),
                ("B2".to_string(), vec!["S1".to_string(), "P1".to_string()]),
            ]
        );
        assert_eq!(v.hidden_lines, 8);
        // Fewer places than differences: only differences, in order.
        let v = ReconView::new(&r, 1);
        assert_eq!(lots(&v)[1].1, ["S1"]);
        assert_eq!(v.hidden_lines, 11);
    }

    #[test]
    fn badges_follow_the_totals() {
        let t = Totals {
            lines: StatusCounts {
                missing: 2,
                wrong_location: 1,
                ..StatusCounts::default()
            },
            ..Totals::default()
        };
        let counts = status_counts(&t);
        assert!(counts.contains(&(Status::Missing, 2)));
        assert!(counts.contains(&(Status::WrongLocation, 1)));
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), 3);
    }
}
