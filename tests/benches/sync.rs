//! Sync throughput on loopback, each figure against a reference in the same run:
//! - push: 100k count lines in batches of 500 through `POST /api/v1/sync/push`
//!   (validation, idempotency keys, revisions, audit chain) against inserting the same
//!   rows straight into a SQLite table in batches of 500;
//! - check size: 5,000 count lines pushed into imported stock checks of 1,000, 20,000
//!   and 100,000 expected lines; the rate at each size against the rate at 1,000 (a
//!   count must not cost more in a bigger check);
//! - many devices: 200 devices push and pull at once; errors (must be 0), p50/p99
//!   latency and the server's peak memory;
//! - on PostgreSQL: the same push into a server on PostgreSQL (a cluster of its own,
//!   Debian's server programs), against the same rows inserted straight into
//!   PostgreSQL and against the push on SQLite measured above.
//!
//! Run: `cargo bench -p tracemark-tests --bench sync` (`-- --quick` for a short run;
//! `-- --only push|devices|sizes|postgres` for one part, e.g. while profiling).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use time::OffsetDateTime;
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::{DEMO_PASSWORD, Server};
use uuid::Uuid;

const BATCH: usize = 500;

struct Check {
    id: StockCheckId,
    location: LocationId,
}

fn device_token(s: &Server, name: &str) -> String {
    let (status, body) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": "inspector.depot", "password": DEMO_PASSWORD,
                 "device": { "name": name, "platform": "android" } }),
    );
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_string()
}

fn assignment(s: &Server, token: &str) -> Check {
    let (_, page) = s.get("/api/v1/sync/pull?version=1", Some(token));
    let a = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "assignment")
        .unwrap();
    let a = &a["assignment"];
    Check {
        id: a["stock_check"]["id"].as_str().unwrap().parse().unwrap(),
        location: a["locations"][0]["id"].as_str().unwrap().parse().unwrap(),
    }
}

fn line_op(check: &Check, i: usize) -> Operation {
    Operation {
        op_id: Uuid::now_v7(), // as the field app makes them
        base_revision: None,
        device_time: OffsetDateTime::now_utc(),
        change: Change::CountLine {
            record: CountLine {
                id: CountLineId::new(),
                stock_check_id: check.id,
                location_id: check.location,
                lot: AmmunitionLot {
                    manufacturer: "17".into(),
                    calibre: "7.62x39mm".into(),
                    year: Some(1985),
                    lot: format!("17-85-{i:06}"),
                    sub_lot: None,
                    nsn: None,
                    dodic: None,
                    ammunition_type: None,
                    hazard: None,
                },
                quantity: (i % 1000) as u64 + 1,
                condition: ConditionCode::A,
                photos: vec![],
                unexpected_lot: false,
                note: None,
            },
        },
    }
}

fn push(
    client: &reqwest::blocking::Client,
    url: &str,
    token: &str,
    ops: Vec<Operation>,
) -> Duration {
    let body = serde_json::to_vec(&PushRequest {
        version: PROTOCOL_VERSION,
        operations: ops,
    })
    .unwrap();
    let start = Instant::now();
    let resp = client
        .post(format!("{url}/api/v1/sync/push"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let answer: PushResponse = resp.json().unwrap();
    assert!(
        answer
            .results
            .iter()
            .all(|r| matches!(r.outcome, OpOutcome::Accepted { .. }))
    );
    start.elapsed()
}

/// Imports a stock check of `lines` expected lines (40 locations) for the inspector and
/// returns it with its first location.
fn imported_check(s: &Server, supervisor: &str, lines: usize) -> Check {
    let mut csv = String::from("depot,location,manufacturer,calibre,year,lot,quantity\n");
    for i in 0..lines {
        csv.push_str(&format!(
            "CAD-1,L{:02},17,7.62x39mm,1985,B-{i:06},{}\n",
            i % 40,
            i % 900 + 1
        ));
    }
    let resp = s
        .request(
            reqwest::Method::POST,
            "/api/v1/imports/inventory?assign=inspector.depot",
            Some(supervisor),
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let outcome: Value = resp.json().unwrap();
    let id = outcome["records"][0].as_str().unwrap().to_string();
    let (_, record) = s.get(&format!("/api/v1/records/{id}"), Some(supervisor));
    Check {
        id: id.parse().unwrap(),
        location: record["body"]["locations"][0]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap(),
    }
}

/// Count lines per second pushed into a check of `size` expected lines.
fn rate_at_check_size(
    s: &Server,
    client: &reqwest::blocking::Client,
    token: &str,
    size: usize,
) -> f64 {
    let supervisor = s.login("supervisor.depot");
    let check = imported_check(s, &supervisor, size);
    // Ten batches: the first one or two after a large import re-read index pages the
    // import pushed out of the writer's cache, whatever the check; over ten the rate
    // is the cost of a count line.
    let lines = 5_000;
    let ops: Vec<Operation> = (0..lines).map(|i| line_op(&check, size * 10 + i)).collect();
    let mut pushed = Duration::ZERO;
    for chunk in ops.chunks(BATCH) {
        pushed += push(client, &s.url, token, chunk.to_vec());
    }
    lines as f64 / pushed.as_secs_f64()
}

fn sqlite_reference(rows: &[Value]) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let mut c = rusqlite::Connection::open(dir.path().join("ref.db")).unwrap();
    c.pragma_update(None, "journal_mode", "wal").unwrap();
    c.execute_batch("CREATE TABLE lines (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        .unwrap();
    let start = Instant::now();
    for chunk in rows.chunks(BATCH) {
        let tx = c.transaction().unwrap();
        for r in chunk {
            tx.execute(
                "INSERT INTO lines (id, body) VALUES (?1, ?2)",
                (r["id"].as_str().unwrap(), r.to_string()),
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    start.elapsed()
}

/// The count lines of `ops` as the rows the references insert.
fn rows_of(ops: &[Operation]) -> Vec<Value> {
    ops.iter()
        .map(|o| match &o.change {
            Change::CountLine { record } => serde_json::to_value(record).unwrap(),
            _ => unreachable!(),
        })
        .collect()
}

fn postgres_reference(url: &str, rows: &[Value]) -> Duration {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.batch_execute("CREATE TABLE lines (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        .unwrap();
    let insert = c
        .prepare("INSERT INTO lines (id, body) VALUES ($1, $2)")
        .unwrap();
    let start = Instant::now();
    for chunk in rows.chunks(BATCH) {
        let mut tx = c.transaction().unwrap();
        for r in chunk {
            tx.execute(&insert, &[&r["id"].as_str().unwrap(), &r.to_string()])
                .unwrap();
        }
        tx.commit().unwrap();
    }
    start.elapsed()
}

/// Count lines per second pushed into a demo server on PostgreSQL, and the straight
/// PostgreSQL inserts of the same rows, per second.
fn postgres_rates(client: &reqwest::blocking::Client, total: usize) -> (f64, f64) {
    let cluster = tracemark_tests::postgres::PgServer::start();
    let url = cluster.database();
    let s = Server::demo_with(tempfile::tempdir().unwrap(), &["--database-url", &url]);
    let token = device_token(&s, "bench tablet");
    let check = assignment(&s, &token);
    let ops: Vec<Operation> = (0..total).map(|i| line_op(&check, i)).collect();
    let rows = rows_of(&ops);
    let reference = postgres_reference(&cluster.database(), &rows);
    let mut pushed = Duration::ZERO;
    for chunk in ops.chunks(BATCH) {
        pushed += push(client, &s.url, &token, chunk.to_vec());
    }
    (
        total as f64 / pushed.as_secs_f64(),
        total as f64 / reference.as_secs_f64(),
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// CPU time the process has used so far, user and system (from `/proc`, in clock
/// ticks of 10 ms): the server's own cost, apart from the machine's other load.
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1).cloned());
    let part = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let s = Server::demo();
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(300))
        .build()
        .unwrap();
    let token = device_token(&s, "bench tablet");
    let check = assignment(&s, &token);

    let total = if quick { 10_000 } else { 100_000 };
    let per_sec = |d: Duration| total as f64 / d.as_secs_f64();
    // The push on SQLite is also the reference of the push on PostgreSQL.
    let mut pushed = None;
    if part("push") || part("postgres") {
        let ops: Vec<Operation> = (0..total).map(|i| line_op(&check, i)).collect();
        let rows = rows_of(&ops);
        let reference = sqlite_reference(&rows);
        let mut took = Duration::ZERO;
        let cpu_before = cpu_secs(s.pid());
        for chunk in ops.chunks(BATCH) {
            took += push(&client, &s.url, &token, chunk.to_vec());
        }
        let cpu = cpu_secs(s.pid()) - cpu_before;
        pushed = Some(took);
        println!(
            "push: {:.0} count lines/s over HTTP; straight SQLite inserts {:.0} rows/s; ratio {:.3} ({total} lines, batches of {BATCH}); server CPU {:.1} us a line",
            per_sec(took),
            per_sec(reference),
            reference.as_secs_f64() / took.as_secs_f64(),
            cpu * 1e6 / total as f64
        );
    }
    if part("devices") {
        devices_at_once(&s, &client, &check, if quick { 40 } else { 200 });
    }
    if part("sizes") {
        // Last on this server, so the devices above do not pull these large
        // assignments.
        let sizes: &[usize] = if quick {
            &[1_000, 5_000, 20_000]
        } else {
            &[1_000, 20_000, 100_000]
        };
        let rates: Vec<f64> = sizes
            .iter()
            .map(|&n| rate_at_check_size(&s, &client, &token, n))
            .collect();
        for (n, rate) in sizes.iter().zip(&rates) {
            println!(
                "check of {n} expected lines: {rate:.0} count lines/s; ratio to the 1,000-line check {:.2}",
                rate / rates[0]
            );
        }
    }
    drop(s);
    if let (true, Some(pushed)) = (part("postgres"), pushed) {
        let (on_pg, pg_inserts) = postgres_rates(&client, total);
        println!(
            "push on PostgreSQL: {on_pg:.0} count lines/s over HTTP; straight PostgreSQL inserts {pg_inserts:.0} rows/s; ratio {:.3}; {:.2}x the push on SQLite ({:.0} lines/s)",
            on_pg / pg_inserts,
            on_pg / per_sec(pushed),
            per_sec(pushed)
        );
    }
}

/// `devices` devices push and pull at once, three rounds each.
fn devices_at_once(s: &Server, client: &reqwest::blocking::Client, check: &Check, devices: usize) {
    let tokens: Vec<String> = (0..devices)
        .map(|i| device_token(s, &format!("tablet {i}")))
        .collect();
    // The devices' figure is the peak of their phase (the sign-ins before it are not
    // part of it): the kernel's high-water mark is reset to the server's size now
    // (`clear_refs` 5) and read when they are done.
    let before_devices = peak_rss_mib(s.pid());
    let _ = std::fs::write(format!("/proc/{}/clear_refs", s.pid()), "5");
    let start = Instant::now();
    let results: Vec<(usize, Vec<Duration>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(d, t)| {
                let (client, url) = (client, &s.url);
                scope.spawn(move || {
                    let mut errors = 0;
                    let mut latencies = Vec::new();
                    for round in 0..3 {
                        let ops: Vec<Operation> = (0..20)
                            .map(|i| line_op(check, d * 1000 + round * 100 + i))
                            .collect();
                        let body = serde_json::to_vec(&PushRequest {
                            version: 1,
                            operations: ops,
                        })
                        .unwrap();
                        let t0 = Instant::now();
                        match client
                            .post(format!("{url}/api/v1/sync/push"))
                            .bearer_auth(t)
                            .header("content-type", "application/json")
                            .body(body)
                            .send()
                        {
                            Ok(r) if r.status().is_success() => latencies.push(t0.elapsed()),
                            _ => errors += 1,
                        }
                        let t0 = Instant::now();
                        match client
                            .get(format!("{url}/api/v1/sync/pull?version=1"))
                            .bearer_auth(t)
                            .send()
                        {
                            Ok(r) if r.status().is_success() => latencies.push(t0.elapsed()),
                            _ => errors += 1,
                        }
                    }
                    (errors, latencies)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wall = start.elapsed();
    let errors: usize = results.iter().map(|r| r.0).sum();
    let mut all: Vec<Duration> = results.into_iter().flat_map(|r| r.1).collect();
    all.sort();
    println!(
        "{devices} devices at once: {} requests in {:.1}s, errors {errors}, p50 {:.0} ms, p99 {:.0} ms, server peak memory {:.0} MiB (peak before, with the push and sign-ins: {before_devices:.0} MiB)",
        all.len(),
        wall.as_secs_f64(),
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        peak_rss_mib(s.pid())
    );
}
