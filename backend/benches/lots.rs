//! Trace lookup across a large lot index, as a ratio against the same answer from one
//! hand-written SQL query in the same database, measured in the same run:
//! - the trace: the query a `GET /api/v1/trace?lot=…&manufacturer=…` runs
//!   (`tracing::query::lot_answer`: visible detail, holders and the agencies to notify in
//!   one pass, visibility in SQL, joins to records and agencies), for a random
//!   existing lot;
//! - the reference: one `SELECT` of every matching line (the lot index's and the count
//!   lines' own rows, each by its index) with its record, agency and a visibility flag (the same rule, written out), split in Rust into the visible
//!   detail and the agencies holding the rest — what a hand-written trace would do;
//! - for scale, an indexed point query `SELECT … FROM lot_index WHERE rowid = ?`.
//!
//! The database is the real schema (migrations applied) in a temporary file, filled
//! in one transaction with prepared statements: 10 million index rows (10 lines per
//! record, one million records, 20 agencies in 5 countries, each lot held by about 20
//! records). Generation time is printed.
//!
//! On PostgreSQL (a cluster of its own, Debian's server programs), an index of
//! `TRACEMARK_BENCH_PG_ROWS` rows (default 200,000) generated the same way and copied
//! in by `tracemark migrate-store`'s copy: the trace there against the same
//! hand-written query there, and against the trace on SQLite over the same rows.
//!
//! Run: `cargo bench -p tracemark-backend --bench lots` (10M rows); `-- --quick` or
//! `TRACEMARK_BENCH_ROWS=200000` for a smaller index.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use tracemark_backend::identity::Caller;
use tracemark_backend::named;
use tracemark_backend::sql::{PgSession, copy};
use tracemark_backend::tracing::query::{self, Criteria, CriteriaExt};
use tracemark_shared::domain::Role;

const AGENCIES: usize = 20;
const COUNTRIES: &[&str] = &["KE", "TZ", "UG", "RW", "ET"];
const LINES_PER_RECORD: usize = 10;
/// Index rows per distinct lot: each lot is held by about this many lines.
const ROWS_PER_LOT: usize = 20;
const MAKERS: usize = 50;
const KINDS: &[&str] = &["stock_check", "count_line", "seizure_case", "transfer"];
const SCOPES: &[&str] = &["own_agency", "national", "partners"];
const CALIBRES: &[&str] = &[
    "7.62x39mm",
    "5.56x45mm",
    "7.62x54mmR",
    "12.7x99mm",
    "9x19mm",
    "7.62x51mm",
    "12.7x108mm",
    "14.5x114mm",
    "5.45x39mm",
    "12/70",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn lot_name(k: usize) -> String {
    format!("L{k:08}")
}

fn maker(k: usize) -> String {
    format!("M{:02}", k % MAKERS)
}

fn generate(c: &mut Connection, rows: usize) -> Vec<Caller> {
    c.pragma_update(None, "foreign_keys", false).unwrap();
    c.pragma_update(None, "synchronous", "OFF").unwrap();
    c.pragma_update(None, "cache_size", -1_000_000).unwrap();
    let tx = c.transaction().unwrap();
    let mut callers = Vec::new();
    for a in 0..AGENCIES {
        let (agency, user) = (format!("agency-{a:02}"), format!("user-{a:02}"));
        let country = COUNTRIES[a % COUNTRIES.len()];
        tx.execute(
            "INSERT INTO agencies (id, name, country, created_at) VALUES (?1, ?2, ?3, 'now')",
            params![agency, format!("Agency {a:02}"), country],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO users (id, agency_id, username, display_name, role, password_hash, created_at)
             VALUES (?1, ?2, ?1, ?1, 'supervisor', 'x', 'now')",
            params![user, agency],
        )
        .unwrap();
        callers.push(Caller {
            user_id: user,
            agency_id: agency,
            country: country.into(),
            role: Role::Supervisor,
            device_id: None,
            token_hash: String::new(),
        });
    }
    let lots = (rows / ROWS_PER_LOT).max(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    {
        let mut record = tx
            .prepare(
                "INSERT INTO records (id, kind, agency_id, scope, status, revision, body,
                     author_user_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'submitted', 1, '{}', ?5, '2026-11-23T00:00:00Z')",
            )
            .unwrap();
        let mut line = tx
            .prepare(
                "INSERT INTO lot_index (record_id, line, kind, agency_id, manufacturer, calibre,
                     calibre_key, year, lot, sub_lot, nsn, gtin, serial, quantity, depot,
                     location, end_user, importer, reference, on_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, NULL, ?9, ?10, ?11, ?12, ?13, ?14,
                     ?15, NULL, ?16, ?17)",
            )
            .unwrap();
        // Count lines keep their lot keys on their own rows (tracing reads both through
        // the view `lot_lines`); a check per line number keeps the keys unique.
        let mut counted = tx
            .prepare(
                "INSERT INTO count_line_rows (check_id, record_id, agency_id, location_id,
                     manufacturer, calibre, year, lot, nsn, quantity, condition,
                     manufacturer_key, calibre_shown, calibre_key, lot_key, nsn_key)
                 VALUES (?1, ?2, ?3, 'loc', ?4, ?5, ?6, ?7, ?8, ?9, 'A', ?4, ?5, ?5, ?7, ?8)",
            )
            .unwrap();
        for r in 0..rows.div_ceil(LINES_PER_RECORD) {
            let id = format!("rec-{r:09}");
            let a = rng.below(AGENCIES);
            let kind = KINDS[r % KINDS.len()];
            record
                .execute(params![
                    id,
                    kind,
                    format!("agency-{a:02}"),
                    SCOPES[rng.below(SCOPES.len())],
                    format!("user-{a:02}")
                ])
                .unwrap();
            for n in 0..LINES_PER_RECORD {
                let k = rng.below(lots);
                let seized = kind == "seizure_case";
                let nsn = k
                    .is_multiple_of(3)
                    .then(|| format!("1305{:09}", k % 1_000_000_000));
                if kind == "count_line" {
                    counted
                        .execute(params![
                            format!("check-{n}"),
                            id,
                            format!("agency-{a:02}"),
                            maker(k),
                            CALIBRES[k % CALIBRES.len()],
                            1950 + (k % 70) as i64,
                            lot_name(k),
                            nsn,
                            (1 + rng.below(10_000)) as i64,
                        ])
                        .unwrap();
                    continue;
                }
                line.execute(params![
                    id,
                    n as i64,
                    kind,
                    format!("agency-{a:02}"),
                    maker(k),
                    CALIBRES[k % CALIBRES.len()],
                    1950 + (k % 70) as i64,
                    lot_name(k),
                    nsn,
                    seized.then(|| format!("{:014}", k)),
                    seized.then(|| format!("S{r}-{n}")),
                    (1 + rng.below(10_000)) as i64,
                    (kind == "stock_check" || kind == "count_line").then_some("CAD-1"),
                    Some(format!("B{}-R{}", n % 4, n % 7)),
                    (kind == "transfer").then_some("End user"),
                    Some(format!("REF-{r}")),
                    (seized || kind == "transfer").then_some("2026-01-02"),
                ])
                .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    c.execute_batch("ANALYZE").unwrap();
    callers
}

/// The hand-written trace: every matching line of the lot index and of the count lines
/// with its record, agency and a visibility flag (the same rule, written out).
const REFERENCE: &str = "SELECT li.record_id, li.kind, li.agency_id, a.name, a.country, r.status,
                    r.updated_at, li.on_date, li.line, li.manufacturer, li.calibre, li.year,
                    li.lot, li.sub_lot, li.nsn, li.gtin, li.serial, li.quantity, li.depot,
                    li.location, li.end_user, li.importer, li.reference,
                    (r.agency_id = :agency
                     OR (r.scope = 'national' AND a.country = :country)
                     OR (r.scope = 'partners' AND EXISTS (SELECT 1 FROM record_partners p
                            WHERE p.record_id = r.id AND p.agency_id = :agency))
                     OR EXISTS (SELECT 1 FROM access_grants g
                            WHERE g.record_id = r.id AND g.agency_id = :agency
                              AND g.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))
             FROM (SELECT record_id, kind, agency_id, on_date, line, manufacturer, calibre,
                          year, lot, sub_lot, nsn, gtin, serial, quantity, depot, location,
                          end_user, importer, reference
                   FROM lot_index WHERE lot = :lot AND manufacturer = :maker
                   UNION ALL
                   SELECT cl.record_id, 'count_line', cl.agency_id, NULL, 0,
                          cl.manufacturer_key, cl.calibre_shown, cl.year, cl.lot_key,
                          cl.sub_lot_key, cl.nsn_key, NULL, NULL, cl.quantity,
                          coalesce(loc.depot, (SELECT d.depot FROM stock_check_locations d
                                               WHERE d.check_id = cl.check_id LIMIT 1)),
                          loc.code, NULL, NULL, NULL
                   FROM count_line_rows cl
                   LEFT JOIN stock_check_locations loc
                          ON loc.check_id = cl.check_id AND loc.location_id = cl.location_id
                   WHERE cl.lot_key = :lot AND cl.manufacturer_key = :maker) li
             JOIN records r ON r.id = li.record_id
             JOIN agencies a ON a.id = li.agency_id";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Times `f` and `g` on the same inputs, taking turns going first; p50 and p95 of
/// each.
fn measure_pair(
    n: usize,
    mut f: impl FnMut(usize),
    mut g: impl FnMut(usize),
) -> ((Duration, Duration), (Duration, Duration)) {
    for i in 0..n / 10 {
        f(n + i); // warm-up
        g(n + i);
    }
    let (mut tf, mut tg) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        // Whichever runs second finds the lot's pages in SQLite's page cache: take
        // turns going first.
        if i % 2 == 0 {
            let t = Instant::now();
            f(i);
            tf.push(t.elapsed());
            let t = Instant::now();
            g(i);
            tg.push(t.elapsed());
        } else {
            let t = Instant::now();
            g(i);
            tg.push(t.elapsed());
            let t = Instant::now();
            f(i);
            tf.push(t.elapsed());
        }
    }
    tf.sort_unstable();
    tg.sort_unstable();
    (
        (percentile(&tf, 0.5), percentile(&tf, 0.95)),
        (percentile(&tg, 0.5), percentile(&tg, 0.95)),
    )
}

fn measure(n: usize, mut f: impl FnMut(usize)) -> (Duration, Duration) {
    for i in 0..n / 10 {
        f(i); // warm-up
    }
    let mut times: Vec<Duration> = (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rows: usize = std::env::var("TRACEMARK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 200_000 } else { 10_000_000 });
    let queries = if quick { 500 } else { 2_000 };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut c = tracemark_backend::db::open_sync(&path).unwrap();
    let start = Instant::now();
    let callers = generate(&mut c, rows);
    let generation = start.elapsed();
    let count: i64 = c
        .query_row("SELECT count(*) FROM lot_lines", [], |r| r.get(0))
        .unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "lot lines: {count} rows generated in {:.1} s ({:.0} rows/s), database {:.0} MB",
        generation.as_secs_f64(),
        count as f64 / generation.as_secs_f64(),
        size as f64 / 1e6
    );
    c.pragma_update(None, "foreign_keys", true).unwrap();

    let lots = (rows / ROWS_PER_LOT).max(1);
    let mut rng = Rng(42);
    let mut found = 0usize;
    let mut holders = 0usize;
    // Both are timed on the same lots, one after the other, so drift in the machine
    // touches both alike.
    let picks: Vec<usize> = (0..queries + queries / 10)
        .map(|_| rng.below(lots))
        .collect();
    let trace = |i: usize| {
        let k = picks[i];
        let criteria = Criteria {
            lot: Some(lot_name(k)),
            manufacturer: Some(maker(k)),
            ..Criteria::default()
        };
        let f = criteria.filter().unwrap();
        let caller = &callers[i % callers.len()];
        let answer = query::lot_answer(&c, caller, &f).unwrap();
        found += answer.matches.len();
        holders += answer.holders.len();
    };
    let mut reference = c.prepare(REFERENCE).unwrap();
    let (mut ref_found, mut ref_holders) = (0usize, 0usize);
    let hand_written = |i: usize| {
        let k = picks[i];
        let caller = &callers[i % callers.len()];
        let mut rows = reference
            .query(rusqlite::named_params! {
                ":agency": caller.agency_id, ":country": caller.country,
                ":lot": lot_name(k), ":maker": maker(k),
            })
            .unwrap();
        let mut seen = Vec::new();
        let mut holding = std::collections::BTreeSet::new();
        while let Some(r) = rows.next().unwrap() {
            let visible: bool = r.get(23).unwrap();
            if visible {
                // The same detail the trace answers (every column of the line), in the
                // same order (agency name, kind, date, record, line).
                let key: (String, String, Option<String>, String, i64) = (
                    r.get(3).unwrap(),
                    r.get(1).unwrap(),
                    r.get(7).unwrap(),
                    r.get(0).unwrap(),
                    r.get(8).unwrap(),
                );
                let line: Vec<rusqlite::types::Value> =
                    (0..23).map(|i| r.get(i).unwrap()).collect();
                seen.push((key, line));
            } else {
                let agency: String = r.get(2).unwrap();
                if agency != caller.agency_id {
                    holding.insert((r.get::<_, String>(3).unwrap(), agency));
                }
            }
        }
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        ref_found += seen.len();
        ref_holders += holding.len();
    };
    let ((trace50, trace95), (ref50, ref95)) = measure_pair(queries, trace, hand_written);
    let max_rowid: i64 = c
        .query_row("SELECT max(rowid) FROM lot_index", [], |r| r.get(0))
        .unwrap();
    let mut point = c
        .prepare(
            "SELECT record_id, kind, agency_id, manufacturer, calibre, year, lot, quantity
             FROM lot_index WHERE rowid = ?1",
        )
        .unwrap();
    let (point50, point95) = measure(queries, |_| {
        let id = 1 + (rng.next() % max_rowid as u64) as i64;
        let _: (String, i64) = point
            .query_row([id], |r| Ok((r.get(0)?, r.get(7)?)))
            .unwrap();
    });
    let per = queries + queries / 10;
    println!(
        "trace (lot + manufacturer, visible matches + holders): p50 {:?}, p95 {:?} \
         ({:.1} visible lines and {:.1} holding agencies per query)",
        trace50,
        trace95,
        found as f64 / per as f64,
        holders as f64 / per as f64
    );
    println!(
        "hand-written single query (visible detail + holders): p50 {ref50:?}, p95 {ref95:?} \
         ({:.1} visible lines and {:.1} holding agencies per query)",
        ref_found as f64 / per as f64,
        ref_holders as f64 / per as f64
    );
    println!("point query by rowid: p50 {point50:?}, p95 {point95:?}");
    println!(
        "ratio trace / hand-written query: p50 {:.2}x, p95 {:.2}x",
        trace50.as_secs_f64() / ref50.as_secs_f64(),
        trace95.as_secs_f64() / ref95.as_secs_f64()
    );
    println!(
        "ratio trace / point query: p50 {:.1}x, p95 {:.1}x",
        trace50.as_secs_f64() / point50.as_secs_f64(),
        trace95.as_secs_f64() / point95.as_secs_f64()
    );
    let pg_rows: usize = std::env::var("TRACEMARK_BENCH_PG_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    on_postgres(pg_rows, queries);
}

/// The trace on PostgreSQL against the hand-written query there and against the trace
/// on SQLite over the same rows.
fn on_postgres(rows: usize, queries: usize) {
    use tracemark_backend::sql::Conn;
    let dir = tempfile::tempdir().unwrap();
    let mut lite = tracemark_backend::db::open_sync(&dir.path().join("pg-source.db")).unwrap();
    let callers = generate(&mut lite, rows);
    lite.pragma_update(None, "foreign_keys", true).unwrap();
    let cluster = tracemark_tests::postgres::PgServer::start();
    let pg = PgSession::connect(&cluster.database()).unwrap();
    pg.migrate().unwrap();
    let start = Instant::now();
    let copied = copy::sqlite_to_postgres(&lite, &pg, &mut |_, _, _| {}).unwrap();
    pg.batch("ANALYZE").unwrap();
    println!(
        "PostgreSQL: {} rows copied in {:.1} s; lot lines {rows}",
        copied.rows,
        start.elapsed().as_secs_f64()
    );
    let lots = (rows / ROWS_PER_LOT).max(1);
    let mut rng = Rng(7);
    let picks: Vec<usize> = (0..queries + queries / 10)
        .map(|_| rng.below(lots))
        .collect();
    let filter = |i: usize| {
        let k = picks[i];
        Criteria {
            lot: Some(lot_name(k)),
            manufacturer: Some(maker(k)),
            ..Criteria::default()
        }
        .filter()
        .unwrap()
    };
    let (mut on_pg, mut by_hand, mut on_lite) = (0usize, 0usize, 0usize);
    let trace_pg = |i: usize| {
        let answer = query::lot_answer(&pg.conn(), &callers[i % callers.len()], &filter(i));
        on_pg += answer.unwrap().matches.len();
    };
    let hand_written = |i: usize| {
        let k = picks[i];
        let caller = &callers[i % callers.len()];
        let (lot, maker) = (lot_name(k), maker(k));
        let mut seen = Vec::new();
        pg.conn()
            .each_row(
                REFERENCE,
                named! { ":agency": caller.agency_id, ":country": caller.country,
                ":lot": lot, ":maker": maker },
                &mut |r| {
                    if r.get::<bool>(23)? {
                        seen.push((
                            r.get::<String>(3)?,
                            r.get::<String>(1)?,
                            r.get::<Option<String>>(7)?,
                            r.get::<String>(0)?,
                            r.get::<i64>(8)?,
                        ));
                    }
                    Ok(())
                },
            )
            .unwrap();
        seen.sort();
        by_hand += seen.len();
    };
    let ((pg50, pg95), (ref50, ref95)) = measure_pair(queries, trace_pg, hand_written);
    let trace_pg = |i: usize| {
        let answer = query::lot_answer(&pg.conn(), &callers[i % callers.len()], &filter(i));
        assert!(answer.is_ok());
    };
    let trace_lite = |i: usize| {
        let answer = query::lot_answer(&lite, &callers[i % callers.len()], &filter(i));
        on_lite += answer.unwrap().matches.len();
    };
    let ((_, pg95_again), (lite50, lite95)) = measure_pair(queries, trace_pg, trace_lite);
    assert_eq!(on_pg, by_hand, "the trace and the hand-written query agree");
    println!(
        "PostgreSQL trace: p50 {pg50:?}, p95 {pg95:?}; hand-written query there: p50 {ref50:?}, p95 {ref95:?}; ratio p95 {:.2}x",
        pg95.as_secs_f64() / ref95.as_secs_f64()
    );
    println!(
        "the same trace on SQLite ({rows} rows): p50 {lite50:?}, p95 {lite95:?}; PostgreSQL / SQLite p95 {:.2}x",
        pg95_again.as_secs_f64() / lite95.as_secs_f64()
    );
    let _ = on_lite;
}
