//! Reconciliation arithmetic, one case per status and their totals.

use tracemark_shared::domain::{
    ConditionCode, CountLineId, DepotId, ExpectedLineId, LocationId, StockCheckId,
};

use super::*;

fn lot(maker: &str, lot: &str) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: maker.into(),
        calibre: "7.62x39mm".into(),
        year: Some(1985),
        lot: lot.into(),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

struct Check {
    id: StockCheckId,
    locations: Vec<StorageLocation>,
    expected: Vec<ExpectedLine>,
    counted: Vec<CountLine>,
}

impl Check {
    fn new(codes: &[&str]) -> Self {
        let depot = DepotId::new();
        Check {
            id: StockCheckId::new(),
            locations: codes
                .iter()
                .map(|c| StorageLocation {
                    id: LocationId::new(),
                    depot_id: depot,
                    code: (*c).into(),
                    description: None,
                })
                .collect(),
            expected: Vec::new(),
            counted: Vec::new(),
        }
    }

    fn expect(mut self, at: usize, l: AmmunitionLot, quantity: u64) -> Self {
        self.expected.push(ExpectedLine {
            id: ExpectedLineId::new(),
            stock_check_id: self.id,
            location_id: self.locations[at].id,
            lot: l,
            quantity,
        });
        self
    }

    fn count(
        mut self,
        at: usize,
        l: AmmunitionLot,
        quantity: u64,
        condition: ConditionCode,
    ) -> Self {
        self.counted.push(CountLine {
            id: CountLineId::new(),
            stock_check_id: self.id,
            location_id: self.locations[at].id,
            lot: l,
            quantity,
            condition,
            photos: vec![],
            unexpected_lot: false,
            note: None,
        });
        self
    }

    fn run(&self) -> Computed {
        let places: Vec<Place> = self.locations.iter().map(Place::from).collect();
        let expected = self.expected.iter().map(Expected::from).collect();
        let counted = self.counted.iter().map(Counted::from).collect();
        reconcile(&places, expected, counted)
    }
}

fn summary(c: &Computed) -> Vec<(String, String, u64, u64, i64, Status)> {
    c.lines
        .iter()
        .map(|l| {
            (
                l.location.to_string(),
                l.lot.lot.clone(),
                l.expected,
                l.counted,
                l.difference,
                l.status,
            )
        })
        .collect()
}

use ConditionCode::{A, B, F, H, K};
use Status::*;

#[test]
fn every_status() {
    let c = Check::new(&["B1", "B2", "B3"])
        .expect(0, lot("17", "M-1"), 100) // matched
        .expect(0, lot("17", "S-1"), 100) // short
        .expect(1, lot("17", "X-1"), 50) // not counted at all
        .expect(1, lot("LC", "P-1"), 10) // surplus
        .expect(2, lot("539", "W-1"), 40) // counted at B1 instead
        .count(0, lot("17", "M-1"), 60, A)
        .count(0, lot("17", "M-1"), 40, B) // two count lines of one lot add up
        .count(0, lot("17", "S-1"), 70, A)
        .count(1, lot("LC", "P-1"), 12, A)
        .count(0, lot("539", "W-1"), 40, F) // wrong location, unserviceable
        .count(2, lot("WCC", "U-1"), 5, K) // expected nowhere, suspended
        .count(2, lot("539", "W-1"), 0, A); // the expected place is empty
    let r = c.run();
    assert_eq!(
        summary(&r),
        [
            ("B1".into(), "M-1".into(), 100, 100, 0, Matched),
            ("B1".into(), "S-1".into(), 100, 70, -30, Missing),
            ("B1".into(), "W-1".into(), 0, 40, 40, WrongLocation),
            ("B2".into(), "X-1".into(), 50, 0, -50, Missing),
            ("B2".into(), "P-1".into(), 10, 12, 2, Surplus),
            ("B3".into(), "W-1".into(), 40, 0, -40, Missing),
            ("B3".into(), "U-1".into(), 0, 5, 5, UnexpectedLot),
        ]
    );
    let wrong = r.lines.iter().find(|l| l.status == WrongLocation).unwrap();
    assert_eq!(wrong.expected_at, [Arc::from("B3")]);
    let findings: Vec<(&str, &str, u64)> = r
        .findings
        .iter()
        .map(|f| (&*f.location, f.condition.as_str(), f.quantity))
        .collect();
    assert_eq!(findings, [("B1", "F", 40), ("B3", "K", 5)]);
    assert_eq!(
        r.totals,
        Totals {
            expected: 300,
            counted: 227,
            difference: -73,
            lines: StatusCounts {
                matched: 1,
                missing: 3,
                surplus: 1,
                unexpected_lot: 1,
                wrong_location: 1,
                condition_findings: 2,
            },
        }
    );
    let b1 = &r.locations[0];
    assert_eq!(
        (&*b1.location, b1.totals.expected, b1.totals.counted),
        ("B1", 200, 210)
    );
    assert_eq!(b1.totals.lines.condition_findings, 1);
    // The per-location totals add up to the whole.
    let sum: i64 = r.locations.iter().map(|l| l.totals.difference).sum();
    assert_eq!(sum, r.totals.difference);
}

#[test]
fn nothing_counted_yet_is_all_missing() {
    let c = Check::new(&["B1"])
        .expect(0, lot("17", "A"), 5)
        .expect(0, lot("17", "B"), 7);
    let r = c.run();
    assert_eq!(r.totals.lines.missing, 2);
    assert_eq!(r.totals.difference, -12);
    assert!(r.findings.is_empty());
}

#[test]
fn lots_match_without_case_and_year() {
    let mut counted = lot(" 17", "m-1");
    counted.year = None;
    let c = Check::new(&["B1"])
        .expect(0, lot("17", "M-1"), 5)
        .count(0, counted, 5, H);
    let r = c.run();
    assert_eq!(summary(&r)[0].5, Matched);
    assert_eq!(
        r.findings[0].condition_description,
        "Unserviceable (condemned)"
    );
}

#[test]
fn count_at_an_unlisted_location_is_kept() {
    let mut c = Check::new(&["B1"]).count(0, lot("17", "A"), 3, A);
    let stray = LocationId::new();
    c.counted[0].location_id = stray;
    let r = c.run();
    assert_eq!(&*r.lines[0].location, stray.to_string());
    assert_eq!(r.lines[0].status, UnexpectedLot);
    assert_eq!(r.locations.len(), 2);
}

#[test]
fn empty_check() {
    let r = Check::new(&[]).run();
    assert!(r.lines.is_empty() && r.locations.is_empty());
    assert_eq!(r.totals, Totals::default());
}

#[test]
fn expected_lines_out_of_location_order_come_out_in_order() {
    // The check lists B2's lot before B1's: the lines still come by location, in
    // the order each was first seen there, and a lot expected at two other places
    // names both.
    let c = Check::new(&["B1", "B2", "B3"])
        .expect(1, lot("17", "Y-1"), 10)
        .expect(0, lot("17", "X-1"), 5)
        .expect(2, lot("17", "Y-1"), 3)
        .expect(1, lot("17", "Z-1"), 1)
        .count(2, lot("LC", "NEW"), 2, A)
        .count(0, lot("17", "Y-1"), 4, A)
        .count(1, lot("17", "Y-1"), 10, A);
    let r = c.run();
    assert_eq!(
        summary(&r),
        [
            ("B1".into(), "X-1".into(), 5, 0, -5, Missing),
            ("B1".into(), "Y-1".into(), 0, 4, 4, WrongLocation),
            ("B2".into(), "Y-1".into(), 10, 10, 0, Matched),
            ("B2".into(), "Z-1".into(), 1, 0, -1, Missing),
            ("B3".into(), "Y-1".into(), 3, 0, -3, Missing),
            ("B3".into(), "NEW".into(), 0, 2, 2, UnexpectedLot),
        ]
    );
    let wrong = r.lines.iter().find(|l| l.status == WrongLocation).unwrap();
    assert_eq!(wrong.expected_at, [Arc::from("B2"), Arc::from("B3")]);
}

fn classified(maker: &str, l: &str, hazard: &str) -> AmmunitionLot {
    AmmunitionLot {
        hazard: Some(hazard.parse().unwrap()),
        ..lot(maker, l)
    }
}

/// (location, [(group, group, mixing)], [lots])
fn mixed(c: &Computed) -> Vec<(String, Vec<String>, Vec<String>)> {
    c.mixed_storage
        .iter()
        .map(|m| {
            (
                m.location.to_string(),
                m.pairs
                    .iter()
                    .map(|p| format!("{}+{} {:?}", p.first, p.second, p.mixing))
                    .collect(),
                m.lots.iter().map(|l| l.lot.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn locations_holding_groups_kept_apart_are_listed() {
    let c = Check::new(&["B1", "B2", "B3", "B4"])
        // B1, not counted yet: what the records put there is mixed.
        .expect(0, classified("17", "HE-1", "1.1D"), 10)
        .expect(0, classified("17", "WP-1", "1.2H"), 10)
        .expect(0, classified("17", "C-1", "1.4S"), 10)
        // B2: the white phosphorus was counted elsewhere (zero here): safe.
        .expect(1, classified("17", "HE-2", "1.1D"), 10)
        .expect(1, classified("17", "WP-2", "1.2H"), 10)
        .count(1, classified("17", "HE-2", "1.1D"), 10, A)
        .count(1, classified("17", "WP-2", "1.2H"), 0, A)
        // B3: a fuzed lot found where shells are kept: conditional.
        .expect(2, classified("17", "HE-3", "1.1D"), 10)
        .count(2, classified("17", "HE-3", "1.1D"), 10, A)
        .count(2, classified("17", "FZ-3", "1.1F"), 4, A)
        // B4: unclassified lots are not judged.
        .expect(3, lot("17", "U-4"), 10)
        .expect(3, classified("17", "WP-4", "1.2H"), 10);
    assert_eq!(
        mixed(&c.run()),
        [
            (
                "B1".into(),
                vec!["D+H Forbidden".into()],
                vec!["HE-1".into(), "WP-1".into()]
            ),
            (
                "B3".into(),
                vec!["D+F Conditional".into()],
                vec!["HE-3".into(), "FZ-3".into()]
            ),
        ]
    );
}
