//! A long count on the field app's desktop build: a stock check of 2,000 expected
//! lines over 40 locations, most of them already counted. Measures what the stock
//! screen does each time it is drawn — read the assignment and the check's count lines
//! from the device's store and build the check's view — ("open a location"), and a
//! count saved followed by that redraw ("save a count"), through the real store
//! (`LocalStore`, SQLite with WAL and synchronous=FULL) and the real view model.
//!
//! References in the same run, on the same kind of database: reading the same rows'
//! bytes without parsing them (the floor of opening), and one bare insert of the same
//! count line's JSON committed alone (the floor of saving). Prints the medians and the
//! ratios.
//!
//! Run: `cargo bench -p tracemark-mobile --bench long_count` (`-- --quick` for fewer runs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::json;
use tracemark_mobile::core::LocalStore;
use tracemark_mobile::core::store::{DATABASE_FILE, RecordBody};
use tracemark_mobile::ui::model::StockCheckView;
use tracemark_shared::domain::{
    AmmunitionLot, ConditionCode, CountLine, CountLineId, LocationId, StockCheckId,
};
use tracemark_shared::sync::{PullItem, PullResponse};

const LOCATIONS: usize = 40;
const LINES_PER_LOCATION: usize = 50;

fn lot(n: usize) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: format!("F{}", n % 12),
        calibre: "7.62x39mm".into(),
        year: Some(1980 + u16::try_from(n % 40).unwrap()),
        lot: format!("L-{n:05}"),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

/// The stock screen's work on each draw: assignment, count lines, view.
fn open(store: &LocalStore, check: StockCheckId) -> StockCheckView {
    let assignment = store
        .list_assignments()
        .unwrap()
        .into_iter()
        .find(|a| a.id == check.to_string())
        .unwrap();
    let counts: Vec<CountLine> = store
        .count_lines(check)
        .unwrap()
        .into_iter()
        .filter_map(|r| match r.body {
            RecordBody::CountLine(l) => Some(*l),
            RecordBody::SeizureCase(_) => None,
        })
        .collect();
    StockCheckView::build(&assignment.body, &counts, assignment.submitted).unwrap()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 5 } else { 21 };
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("device")).unwrap();
    let check = StockCheckId::new();
    let locations: Vec<LocationId> = (0..LOCATIONS).map(|_| LocationId::new()).collect();
    let mut expected = Vec::new();
    for (i, loc) in locations.iter().enumerate() {
        for j in 0..LINES_PER_LOCATION {
            expected.push((*loc, lot(i * LINES_PER_LOCATION + j)));
        }
    }
    let body = json!({
        "stock_check": { "id": check, "title": "Annual count", "assigned_to": [], "status": "assigned" },
        "depot": { "name": "Central Ammunition Depot", "code": "CAD" },
        "locations": locations.iter().enumerate()
            .map(|(i, l)| json!({ "id": l, "code": format!("B{i:02}"), "description": "" }))
            .collect::<Vec<_>>(),
        "expected": expected.iter()
            .map(|(l, lot)| json!({ "location_id": l, "lot": lot, "quantity": 1000 }))
            .collect::<Vec<_>>(),
        "revision": 1, "status": "assigned",
    });
    store
        .apply_pull_page(&PullResponse {
            items: vec![PullItem::Assignment { assignment: body }],
            cursor: "c1".into(),
            more: false,
        })
        .unwrap();
    let line = |(loc, lot): &(LocationId, AmmunitionLot)| CountLine {
        id: CountLineId::new(),
        stock_check_id: check,
        location_id: *loc,
        lot: lot.clone(),
        quantity: 990,
        condition: ConditionCode::A,
        photos: Vec::new(),
        unexpected_lot: false,
        note: None,
    };
    // Most of the check is counted: the last location's lines are left for the saves.
    let (counted, left) = expected.split_at(expected.len() - LINES_PER_LOCATION);
    for e in counted {
        store.save_count_line(&line(e)).unwrap();
    }
    println!(
        "a check of {} expected lines over {LOCATIONS} locations, {} counted",
        expected.len(),
        counted.len()
    );

    let view = open(&store, check);
    assert_eq!(view.locations.len(), LOCATIONS);
    let open_times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let v = open(&store, check);
            assert_eq!(v.locations.len(), LOCATIONS);
            start.elapsed()
        })
        .collect();
    let save_times: Vec<Duration> = left
        .iter()
        .take(runs)
        .map(|e| {
            let start = Instant::now();
            store.save_count_line(&line(e)).unwrap();
            let v = open(&store, check);
            assert!(!v.locations.is_empty());
            start.elapsed()
        })
        .collect();

    // References: the same bytes read without parsing, and one bare insert.
    let raw = Connection::open(dir.path().join("device").join(DATABASE_FILE)).unwrap();
    let read_times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let mut n = 0usize;
            for table in ["assignments", "records"] {
                let mut stmt = raw
                    .prepare_cached(&format!("SELECT body FROM {table}"))
                    .unwrap();
                let mut rows = stmt.query([]).unwrap();
                while let Some(r) = rows.next().unwrap() {
                    if let rusqlite::types::ValueRef::Text(t) = r.get_ref(0).unwrap() {
                        n += t.len();
                    }
                }
            }
            assert!(n > 0);
            start.elapsed()
        })
        .collect();
    let scratch = Connection::open(dir.path().join("scratch.db")).unwrap();
    scratch
        .execute_batch(
            "PRAGMA journal_mode = wal; PRAGMA synchronous = full;
             CREATE TABLE lines (id TEXT PRIMARY KEY, body TEXT NOT NULL);",
        )
        .unwrap();
    let insert_times: Vec<Duration> = left
        .iter()
        .take(runs)
        .map(|e| {
            let l = line(e);
            let body = serde_json::to_string(&l).unwrap();
            let start = Instant::now();
            scratch
                .execute(
                    "INSERT INTO lines (id, body) VALUES (?1, ?2)",
                    rusqlite::params![l.id.to_string(), body],
                )
                .unwrap();
            start.elapsed()
        })
        .collect();

    let (open_m, save_m) = (median(open_times), median(save_times));
    let (read_m, insert_m) = (median(read_times), median(insert_times));
    println!(
        "open a location (store reads + view):   {:>8.2} ms",
        ms(open_m)
    );
    println!(
        "  reference, the same rows' bytes read: {:>8.2} ms",
        ms(read_m)
    );
    println!(
        "save a count, then redraw:              {:>8.2} ms",
        ms(save_m)
    );
    println!(
        "  reference, one bare insert committed: {:>8.2} ms",
        ms(insert_m)
    );
    println!(
        "ratios (median of {runs} runs): open {:.1}x the bare read, save {:.1}x the bare insert",
        open_m.as_secs_f64() / read_m.as_secs_f64(),
        save_m.as_secs_f64() / insert_m.as_secs_f64()
    );
}
