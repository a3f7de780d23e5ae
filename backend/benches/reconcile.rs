//! Reconciliation of a stock check with 100 000 expected lines and about as many count
//! lines (matched, short, surplus, missing, wrong location, unexpected lots, condition
//! findings), through the real load + reconcile path on a temporary SQLite file,
//! against one equivalent SQL join (expected LEFT JOIN counted on location and lot)
//! over the same data in flat tables of the same database. Prints both times (median
//! of the runs) and the ratio.
//!
//! Run: `cargo bench -p tracemark-backend --bench reconcile` (`-- --quick` for fewer runs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::time::{Duration, Instant};

/// The allocator the `tracemark` server runs with (see its `main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use rusqlite::{Connection, params};
use serde_json::json;
use time::OffsetDateTime;
use tracemark_backend::identity::Caller;
use tracemark_backend::records::{self, NewRecord};
use tracemark_backend::{db, identity::store, reconcile};
use tracemark_shared::domain::*;

const LOCATIONS: usize = 100;
const LOTS_PER_LOCATION: usize = 1_000;
const UNEXPECTED: usize = 10_000;

fn lot(n: usize) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: format!("F{}", n % 50),
        calibre: "7.62x39mm".into(),
        year: Some(1980 + u16::try_from(n % 40).unwrap()),
        lot: format!("L-{n:06}"),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

fn seed(c: &mut Connection) -> (Caller, String) {
    let tx = db::write_tx(c).unwrap();
    let agency = store::create_agency(&tx, "Bench depot agency", "KE").unwrap();
    let user = store::create_user(
        &tx,
        &store::NewUser {
            agency_id: &agency.id,
            username: "supervisor.bench",
            display_name: "Bench",
            role: Role::Supervisor,
            password_hash: "x",
        },
    )
    .unwrap();
    let agency_id: AgencyId = agency.id.parse().unwrap();
    let author: UserId = user.id.parse().unwrap();
    let depot = Depot {
        id: DepotId::new(),
        agency_id,
        code: "BENCH".into(),
        name: "Bench depot".into(),
    };
    let locations: Vec<StorageLocation> = (0..LOCATIONS)
        .map(|i| StorageLocation {
            id: LocationId::new(),
            depot_id: depot.id,
            code: format!("L{i:03}"),
            description: None,
        })
        .collect();
    let check = StockCheck {
        id: StockCheckId::new(),
        agency_id,
        depot_id: depot.id,
        title: "Bench".into(),
        assigned_to: vec![author],
        status: StockCheckStatus::Submitted,
        scope: SharingScope::OwnAgency,
        revision: Revision {
            number: 1,
            author,
            device: None,
            at: OffsetDateTime::now_utc(),
        },
    };
    tx.execute_batch(
        "CREATE TABLE bench_expected (location TEXT NOT NULL, lot TEXT NOT NULL, quantity INTEGER NOT NULL);
         CREATE TABLE bench_counted (location TEXT NOT NULL, lot TEXT NOT NULL, quantity INTEGER NOT NULL);",
    )
    .unwrap();
    let mut expected = Vec::with_capacity(LOCATIONS * LOTS_PER_LOCATION);
    let mut counted = Vec::new();
    let count = |loc: &StorageLocation, lot: AmmunitionLot, quantity: u64, n: usize| CountLine {
        id: CountLineId::new(),
        stock_check_id: check.id,
        location_id: loc.id,
        lot,
        quantity,
        condition: if n.is_multiple_of(20) {
            ConditionCode::F
        } else {
            ConditionCode::A
        },
        photos: vec![],
        unexpected_lot: false,
        note: None,
    };
    for (li, loc) in locations.iter().enumerate() {
        for k in 0..LOTS_PER_LOCATION {
            let n = li * LOTS_PER_LOCATION + k;
            let quantity = 100 + (n % 900) as u64;
            expected.push(ExpectedLine {
                id: ExpectedLineId::new(),
                stock_check_id: check.id,
                location_id: loc.id,
                lot: lot(n),
                quantity,
            });
            match n % 10 {
                0..=5 => counted.push(count(loc, lot(n), quantity, n)),
                6 => counted.push(count(loc, lot(n), quantity - 1, n)),
                7 => counted.push(count(loc, lot(n), quantity + 1, n)),
                8 => {}
                _ => {
                    let next = &locations[(li + 1) % LOCATIONS];
                    counted.push(count(next, lot(n), quantity, n));
                }
            }
        }
    }
    for u in 0..UNEXPECTED {
        let loc = &locations[u % LOCATIONS];
        counted.push(count(loc, lot(1_000_000 + u), 10, u));
    }
    let body = json!({
        "stock_check": check, "depot": depot, "locations": locations, "expected": expected,
    });
    let id = check.id.to_string();
    records::insert(
        &tx,
        &NewRecord {
            id: &id,
            kind: RecordKind::StockCheck,
            agency_id: &agency.id,
            scope: &SharingScope::OwnAgency,
            status: RecordStatus::Submitted,
            body: &body,
            photos: &[],
            author_user_id: &user.id,
            device_id: None,
        },
    )
    .unwrap();
    for line in &counted {
        records::insert(
            &tx,
            &NewRecord {
                id: &line.id.to_string(),
                kind: RecordKind::CountLine,
                agency_id: &agency.id,
                scope: &SharingScope::OwnAgency,
                status: RecordStatus::Submitted,
                body: &serde_json::to_value(line).unwrap(),
                photos: &[],
                author_user_id: &user.id,
                device_id: None,
            },
        )
        .unwrap();
    }
    // The same data, flat, for the reference join.
    {
        let mut e = tx
            .prepare("INSERT INTO bench_expected (location, lot, quantity) VALUES (?1, ?2, ?3)")
            .unwrap();
        for x in &expected {
            e.execute(params![
                x.location_id.to_string(),
                x.lot.lot,
                i64::try_from(x.quantity).unwrap()
            ])
            .unwrap();
        }
        let mut c = tx
            .prepare("INSERT INTO bench_counted (location, lot, quantity) VALUES (?1, ?2, ?3)")
            .unwrap();
        for x in &counted {
            c.execute(params![
                x.location_id.to_string(),
                x.lot.lot,
                i64::try_from(x.quantity).unwrap()
            ])
            .unwrap();
        }
    }
    tx.execute_batch("CREATE INDEX bench_counted_key ON bench_counted (location, lot); ANALYZE;")
        .unwrap();
    tx.commit().unwrap();
    println!(
        "seeded {} expected lines, {} count lines over {LOCATIONS} locations",
        expected.len(),
        counted.len()
    );
    let caller = Caller {
        user_id: user.id,
        agency_id: agency.id,
        country: "KE".into(),
        role: Role::Supervisor,
        device_id: None,
        token_hash: String::new(),
    };
    (caller, id)
}

fn reference_join(c: &Connection) -> usize {
    let mut stmt = c
        .prepare_cached(
            "SELECT e.location, e.lot, e.quantity, coalesce(sum(c.quantity), 0)
             FROM bench_expected e
             LEFT JOIN bench_counted c ON c.location = e.location AND c.lot = e.lot
             GROUP BY e.rowid",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .unwrap();
    rows.map(Result::unwrap).count()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(n: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and statement caches
    median(
        (0..n)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 9 };
    let dir = tempfile::tempdir().unwrap();
    let mut c = db::open_sync(&dir.path().join("bench.db")).unwrap();
    let start = Instant::now();
    let (caller, id) = seed(&mut c);
    println!("seeding took {:.1} s", start.elapsed().as_secs_f64());
    let plan: String = c
        .query_row(
            "EXPLAIN QUERY PLAN SELECT record_id FROM count_line_rows
             WHERE check_id = ?2 AND agency_id = ?1",
            params![caller.agency_id, id],
            |r| r.get(3),
        )
        .unwrap();
    println!("count-line lookup plan: {plan}");

    let r = reconcile::reconciliation(&c, &caller, &id).unwrap();
    let t = &r.totals;
    println!(
        "reconciliation: {} lines (matched {}, missing {}, surplus {}, unexpected {}, wrong location {}), {} condition findings",
        r.lines.len(),
        t.lines.matched,
        t.lines.missing,
        t.lines.surplus,
        t.lines.unexpected_lot,
        t.lines.wrong_location,
        t.lines.condition_findings
    );
    assert_eq!(reference_join(&c), LOCATIONS * LOTS_PER_LOCATION);

    let ours = time(runs, || {
        let r = reconcile::reconciliation(&c, &caller, &id).unwrap();
        assert!(!r.lines.is_empty());
    });
    let scan = |sql: &str| {
        let mut st = c.prepare(sql).unwrap();
        time(runs, || {
            let mut rows = st.query(params![id]).unwrap();
            let mut n = 0usize;
            while let Some(r) = rows.next().unwrap() {
                for i in 0..r.as_ref().column_count() {
                    if let rusqlite::types::ValueRef::Text(t) = r.get_ref(i).unwrap() {
                        n += t.len();
                    }
                }
            }
            assert!(n > 0);
        })
    };
    // The rows a reconciliation reads, read alone: the floor of the SQL part.
    let rows = scan(
        "SELECT location_id, manufacturer, calibre, year, lot, sub_lot, nsn, dodic, quantity
         FROM expected_line_rows WHERE check_id = ?1 ORDER BY line",
    ) + scan(
        "SELECT record_id, location_id, manufacturer, calibre, year, lot, sub_lot, nsn,
                dodic, quantity, condition, note
         FROM count_line_rows WHERE check_id = ?1",
    );
    let join = time(runs, || {
        assert_eq!(reference_join(&c), LOCATIONS * LOTS_PER_LOCATION);
    });
    println!(
        "load + reconcile (stored records):        {:>8.1} ms",
        ours.as_secs_f64() * 1e3
    );
    println!(
        "  of which reading the rows alone:      {:>8.1} ms",
        rows.as_secs_f64() * 1e3
    );
    println!(
        "reference SQL join (flat tables):       {:>8.1} ms",
        join.as_secs_f64() * 1e3
    );
    println!(
        "ratio: reconcile takes {:.2}x the time of the bare join (median of {runs} runs)",
        ours.as_secs_f64() / join.as_secs_f64()
    );
}
