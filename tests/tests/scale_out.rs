//! A national deployment: two `tracemark serve` processes on one PostgreSQL database
//! and one S3-compatible bucket, both real server processes on loopback, serving the
//! same users at once. Whatever instance a request reaches, the answer is the one a
//! single instance would give: sign-in limits count across both, an upload started on
//! one finishes on the other, a batch retried through the other instance is applied
//! once, and the audit chain both appended to verifies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::json;
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::postgres::{PgServer, psql};
use tracemark_tests::s3::S3Server;
use tracemark_tests::sync::{assert_all_accepted, device_login, first_assignment, op, push};
use tracemark_tests::{Held, Server, sha256_hex};

use tracemark_mobile::core::fixtures::lot;

/// Devices syncing at once, each through both instances.
const DEVICES: usize = 4;
/// Batches each device pushes, and count lines in each.
const BATCHES: usize = 3;
const LINES: usize = 20;

struct Pair {
    a: Server,
    b: Server,
    url: String,
    _pg: PgServer,
    _bucket: S3Server,
}

/// Instance A seeds the demo into the database; instance B serves the same database,
/// bucket and audit signing key from a data directory of its own.
fn two_instances() -> Pair {
    let pg = PgServer::start();
    let url = pg.database();
    let bucket = S3Server::start();
    let mut flags = bucket.flags();
    flags.extend(["--database-url".to_string(), url.clone()]);
    let flags_a: Vec<&str> = flags.iter().map(String::as_str).collect();
    let a = Server::demo_with_env(tempfile::tempdir().unwrap(), &flags_a, &S3Server::env());
    let key = Server::demo_data_dir(a.dir.path()).join("audit-signing.key");
    flags.extend([
        "--audit-key-file".to_string(),
        key.to_str().unwrap().to_string(),
    ]);
    let b_dir = tempfile::tempdir().unwrap();
    let b_data = b_dir.path().join("instance-b");
    let b = Server::serve_with(b_dir, &b_data, &flags, &S3Server::env());
    Pair {
        a,
        b,
        url,
        _pg: pg,
        _bucket: bucket,
    }
}

fn count(url: &str, sql: &str) -> usize {
    psql(url, sql).trim().parse().unwrap()
}

#[test]
fn two_instances_on_one_database_and_bucket_serve_the_same_users() {
    let p = two_instances();
    let (a, b) = (&p.a, &p.b);
    for s in [a, b] {
        assert_eq!(s.get("/readyz", None).0, 200);
    }

    // Sign-in limits: failures through either instance count against one limit.
    for i in 0..5 {
        let s = if i % 2 == 0 { a } else { b };
        let (status, _) = s.post(
            "/api/v1/auth/login",
            None,
            &json!({ "username": "officer.border", "password": "wrong-password-1" }),
        );
        assert_eq!(status, 401, "attempt {i}");
    }
    for s in [a, b] {
        let (status, body) = s.post(
            "/api/v1/auth/login",
            None,
            &json!({ "username": "officer.border", "password": "wrong-password-1" }),
        );
        assert_eq!(status, 429, "{body}");
    }

    // A sign-in on one instance is good on the other.
    let officer = a.login("officer.customs");
    assert_eq!(b.get("/api/v1/me", Some(&officer)).0, 200);

    // An upload started on A and cut off finishes on B, and A serves it.
    let mut photo = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    photo.extend((0..600_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let h = sha256_hex(&photo);
    let total = photo.len();
    let (status, body) = a.put_photo(
        &officer,
        &h,
        photo[..250_000].to_vec(),
        Some(format!("bytes 0-249999/{total}")),
    );
    assert_eq!(status, 202, "{body}");
    let (_, held) = b.get(&format!("/api/v1/photos/{h}/upload"), Some(&officer));
    assert_eq!(held["received"], 250_000, "{held}");
    let (status, body) = b.put_photo(
        &officer,
        &h,
        photo[250_000..].to_vec(),
        Some(format!("bytes 250000-{}/{total}", total - 1)),
    );
    assert_eq!(status, 201, "{body}");
    let got = a
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/photos/{h}"),
            Some(&officer),
        )
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    assert_eq!(sha256_hex(&got), h);

    // Devices push at once, each batch through A and then again through B, as a
    // device retries after an answer lost behind a load balancer.
    let before = count(
        &p.url,
        "SELECT count(*) FROM records WHERE kind = 'count_line'",
    );
    let tokens: Vec<String> = (0..DEVICES)
        .map(|d| device_login(if d % 2 == 0 { a } else { b }, "inspector.depot"))
        .collect();
    let (check, location) = first_assignment(b, &tokens[0]);
    std::thread::scope(|scope| {
        for token in &tokens {
            scope.spawn(move || {
                for batch in 0..BATCHES {
                    let ops: Vec<Operation> = (0..LINES)
                        .map(|i| {
                            op(
                                None,
                                Change::CountLine {
                                    record: CountLine {
                                        id: CountLineId::new(),
                                        stock_check_id: check,
                                        location_id: location,
                                        lot: lot(),
                                        quantity: u64::try_from(batch * LINES + i + 1).unwrap(),
                                        condition: ConditionCode::A,
                                        photos: vec![],
                                        unexpected_lot: false,
                                        note: None,
                                    },
                                },
                            )
                        })
                        .collect();
                    let first = push(a, token, &ops);
                    assert_all_accepted(&first);
                    assert_eq!(push(b, token, &ops), first, "the retry is answered alike");
                }
            });
        }
    });
    let after = count(
        &p.url,
        "SELECT count(*) FROM records WHERE kind = 'count_line'",
    );
    assert_eq!(
        after - before,
        DEVICES * BATCHES * LINES,
        "nothing lost or doubled"
    );
    assert_eq!(
        count(&p.url, "SELECT count(*) FROM count_line_rows") - before,
        DEVICES * BATCHES * LINES
    );
    // One audit entry per batch applied, none for the retries.
    assert_eq!(
        count(
            &p.url,
            "SELECT count(*) FROM audit_log WHERE action = 'sync_writes'"
        ),
        DEVICES * BATCHES
    );

    // The chain both instances appended to verifies, with the signed head.
    let data = Server::demo_data_dir(a.dir.path());
    let out = Held::of(a.dir.path()).tracemark(
        &[
            "audit",
            "verify",
            "--data-dir",
            data.to_str().unwrap(),
            "--database-url",
            &p.url,
        ],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.starts_with("audit log intact"), "{text}");
}

#[test]
fn a_depot_server_moves_its_records_to_postgresql_and_serves_them_from_there() {
    let dir = tempfile::tempdir().unwrap();
    let file = Server::demo_data_dir(dir.path()).join("tracemark.db");
    let on_file = format!("sqlite://{}", file.to_str().unwrap());
    let s = Server::demo_with(dir, &["--database-url", &on_file]);
    let sup = s.login("supervisor.customs");
    let (_, page) = s.get("/api/v1/records?kind=seizure_case", Some(&sup));
    let cases = page["records"].as_array().unwrap().len();
    assert!(cases > 0);
    let dir = s.kill();
    let data = Server::demo_data_dir(dir.path());
    let file = format!("sqlite://{}", data.join("tracemark.db").to_str().unwrap());
    let pg = PgServer::start();
    // The test cluster trusts its socket, so the password is not checked; it must
    // never be shown either.
    let url = pg
        .database()
        .replacen("tracemark@", "tracemark:never-shown-pw@", 1);

    let held = Held::of(dir.path());
    let out = held.tracemark(&["migrate-store", "--from", &file, "--to", &url], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("audit log intact"), "{text}");
    assert!(text.contains("tracemark:***@"), "{text}");
    for said in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(said).contains("never-shown-pw"));
    }
    // Run again, it refuses to copy over what is there.
    let again = held.tracemark(&["migrate-store", "--from", &file, "--to", &url], None);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("empty database"));

    // The service on PostgreSQL: the same users, the same records, one audit chain.
    let flags = vec!["--database-url".to_string(), url.clone()];
    let s = Server::serve_with(dir, &data, &flags, &[]);
    let sup = s.login("supervisor.customs");
    let (status, page) = s.get("/api/v1/records?kind=seizure_case", Some(&sup));
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["records"].as_array().unwrap().len(), cases);
    let data = data.to_str().unwrap().to_string();
    let out = Held::of(s.dir.path()).tracemark(
        &[
            "audit",
            "verify",
            "--data-dir",
            &data,
            "--database-url",
            &url,
        ],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        count(
            &url,
            "SELECT count(*) FROM audit_log WHERE action = 'read_records'"
        ) >= 2
    );
}

#[test]
fn a_lost_database_is_told_as_unavailable_and_the_service_comes_back_with_it() {
    let pg = PgServer::start();
    let url = pg.database();
    let s = Server::demo_with(tempfile::tempdir().unwrap(), &["--database-url", &url]);
    let t = s.login("supervisor.customs");
    assert_eq!(s.get("/api/v1/records?limit=1", Some(&t)).0, 200);
    // Requests at once leave several sessions idle in the pool.
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| assert_eq!(s.get("/readyz", None).0, 200));
        }
    });

    pg.halt();
    let (status, body) = s.get("/readyz", None);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["reason"], "the database is not reachable");
    let (status, body) = s.get("/api/v1/records?limit=1", Some(&t));
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "unavailable", "{body}");
    assert!(!body.to_string().contains("postgres://"), "{body}");

    // Back: the sessions that broke are dropped, new ones opened.
    pg.resume();
    assert_eq!(s.get("/readyz", None).0, 200);
    assert_eq!(s.get("/api/v1/records?limit=1", Some(&t)).0, 200);
}
