//! The field app's store and sync engine against the real service: a full round from
//! enrolment to a supervisor's decision, and faults — the same batch pushed twice, the
//! server killed mid-sync, a connection dropped mid photo upload — after which nothing
//! is lost and nothing doubled.
//!
//! `TRACEMARK_FAULT_ROUNDS` sets how many random kill points the kill test tries
//! (default 2, to keep CI fast).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};
use sha2::Digest;
use tokio::runtime::Runtime;
use tracemark_mobile::core::engine::{Phase, RetryPolicy, SyncConfig, SyncEngine, SyncError};
use tracemark_mobile::core::fixtures::{count_line, png, seizure_case};
use tracemark_mobile::core::store::{LocalStatus, LocalStore, RecordBody};
use tracemark_shared::domain::{
    AgencyId, CaseStatus, CountLine, LocationId, Platform, StockCheckId, UserId,
};
use tracemark_shared::sync::{PROTOCOL_VERSION, PushRequest, ReviewDecision};
use tracemark_tests::proxy::CutProxy;
use tracemark_tests::{DEMO_PASSWORD, Server};

/// Fast retries so a fault costs milliseconds, not the field defaults' seconds.
fn config(max_retries: u32) -> SyncConfig {
    SyncConfig {
        batch_ops: 10,
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_retries,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
        },
        ..SyncConfig::default()
    }
}

/// One enrolled device: its store (in a temporary folder) and engine.
struct Device {
    _dir: tempfile::TempDir,
    store: LocalStore,
    engine: SyncEngine,
}

impl Device {
    fn enrol(rt: &Runtime, url: &str, user: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let engine = SyncEngine::new(store.clone(), config(3)).unwrap();
        rt.block_on(engine.sign_in(url, user, DEMO_PASSWORD, "field tablet", Platform::Android))
            .unwrap();
        Device {
            _dir: dir,
            store,
            engine,
        }
    }

    fn sync(&self, rt: &Runtime) -> Result<(), SyncError> {
        rt.block_on(self.engine.sync_once())
    }

    fn token(&self) -> String {
        self.store.session().unwrap().unwrap().token
    }

    /// Points the device at a restarted server (it listens on a new port).
    fn move_to(&self, url: &str) {
        let mut session = self.store.session().unwrap().unwrap();
        session.server_url = url.to_string();
        self.store.save_session(&session).unwrap();
    }

    /// The assigned stock check and its first location, as pulled.
    fn assignment(&self) -> (StockCheckId, LocationId) {
        let a = self.store.list_assignments().unwrap();
        assert_eq!(a.len(), 1, "one assigned stock check");
        let body = &a[0].body;
        (
            body["stock_check"]["id"].as_str().unwrap().parse().unwrap(),
            body["locations"][0]["id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap(),
        )
    }

    fn record_lines(&self, check: StockCheckId, location: LocationId, n: u64) -> Vec<CountLine> {
        (1..=n)
            .map(|q| {
                let line = count_line(check, location, q, vec![]);
                self.store.save_count_line(&line).unwrap();
                line
            })
            .collect()
    }
}

fn me(s: &Server, token: &str) -> (AgencyId, UserId) {
    let (_, me) = s.get("/api/v1/me", Some(token));
    (
        me["agency_id"].as_str().unwrap().parse().unwrap(),
        me["user_id"].as_str().unwrap().parse().unwrap(),
    )
}

/// Every record of `kind` the token's user may see on the server.
fn server_records(s: &Server, token: &str, kind: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let (status, page) = s.get(
            &format!("/api/v1/records?kind={kind}&limit=500&after={after}"),
            Some(token),
        );
        assert_eq!(status, 200, "{page}");
        out.extend(page["records"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(n) => after = n.to_string(),
            None => return out,
        }
    }
}

/// Asserts the server holds exactly `expected` count lines, each applied once.
fn assert_exactly_once(s: &Server, token: &str, expected: &HashSet<String>) {
    let records = server_records(s, token, "count_line");
    let ids: HashSet<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(records.len(), ids.len(), "a record listed twice");
    assert_eq!(&ids, expected, "lost or extra records");
    assert!(
        records.iter().all(|r| r["revision"] == 1),
        "an operation applied twice made a second revision"
    );
}

#[test]
fn full_round_from_enrolment_to_a_supervisors_decision() {
    let rt = Runtime::new().unwrap();
    let s = Server::demo();

    // The inspector enrols, pulls the assignment, counts offline with a photo, submits.
    let inspector = Device::enrol(&rt, &s.url, "inspector.depot");
    inspector.sync(&rt).unwrap();
    let (check, location) = inspector.assignment();
    let bytes = png(300_000, 1);
    let photo = inspector.store.add_photo(&bytes).unwrap();
    let mut lines = inspector.record_lines(check, location, 2);
    lines.push(count_line(check, location, 480, vec![photo.clone()]));
    inspector.store.save_count_line(&lines[2]).unwrap();
    inspector.store.submit_stock_check(check).unwrap();
    let waiting = inspector.store.sync_status().unwrap();
    assert_eq!(
        (waiting.records_waiting, waiting.photo_bytes_waiting),
        (4, 300_000)
    );
    inspector.sync(&rt).unwrap();
    let done = inspector.store.sync_status().unwrap();
    assert_eq!((done.records_waiting, done.photo_bytes_waiting), (0, 0));
    assert!(done.last_sync_at.is_some() && done.last_error.is_none());
    let t = inspector.token();
    let expected = lines.iter().map(|l| l.id.to_string()).collect();
    assert_exactly_once(&s, &t, &expected);
    let checks = server_records(&s, &t, "stock_check");
    assert_eq!(checks[0]["status"], "submitted");
    let resp = s
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/photos/{}", photo.sha256),
            Some(&t),
        )
        .send()
        .unwrap();
    assert_eq!(resp.bytes().unwrap().as_ref(), bytes.as_slice());

    // The officer records a case with a photo: a draft, then submitted (one operation).
    let officer = Device::enrol(&rt, &s.url, "officer.customs");
    let (agency, user) = me(&s, &officer.token());
    let photo = officer.store.add_photo(&png(120_000, 2)).unwrap();
    let mut case = seizure_case(agency, user, CaseStatus::Draft, vec![photo]);
    officer.store.save_seizure_case(&case).unwrap();
    case.status = CaseStatus::Submitted;
    officer.store.save_seizure_case(&case).unwrap();
    assert_eq!(officer.store.outbox().unwrap().len(), 1);
    officer.sync(&rt).unwrap();
    let on_server = server_records(&s, &officer.token(), "seizure_case");
    let mine = on_server
        .iter()
        .find(|r| r["id"] == case.id.to_string())
        .unwrap();
    assert_eq!(
        (mine["status"].clone(), mine["revision"].clone()),
        (json!("submitted"), json!(1))
    );

    // A supervisor returns it; the officer's next sync brings the decision back.
    let sup = s.login("supervisor.customs");
    let (status, body) = s.post(
        &format!("/api/v1/records/{}/review", case.id),
        Some(&sup),
        &json!({ "decision": "return", "comment": "Add the crate stencil" }),
    );
    assert_eq!(status, 200, "{body}");
    officer.sync(&rt).unwrap();
    let decisions = officer.store.list_review_decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].decision, ReviewDecision::Return);
    assert_eq!(
        decisions[0].comment.as_deref(),
        Some("Add the crate stencil")
    );
    let local = officer
        .store
        .list_records(Some(tracemark_shared::domain::RecordKind::SeizureCase))
        .unwrap();
    assert_eq!(local[0].server_revision, Some(2));
    assert!(
        matches!(&local[0].body, RecordBody::SeizureCase(c) if c.status == CaseStatus::Returned)
    );

    // The correction is based on the returned revision: accepted as revision 3.
    case.place = "Namanga border post, lane 2".into();
    officer.store.save_seizure_case(&case).unwrap();
    officer.sync(&rt).unwrap();
    let local = officer
        .store
        .list_records(Some(tracemark_shared::domain::RecordKind::SeizureCase))
        .unwrap();
    assert_eq!(
        (local[0].status, local[0].server_revision),
        (LocalStatus::Synced, Some(3))
    );
}

/// A recovered cache from the app's own store and sync engine: stored on the server as
/// its kind, returned by a supervisor, the decision back on the device with the
/// recovery intact, and the correction accepted as a revision of the same cache.
#[test]
fn a_recovered_cache_goes_and_comes_back_through_the_devices_sync() {
    use tracemark_shared::domain::{
        RecordKind, RecoveredCondition, Recovery, RecoveryAction, RecoveryCircumstance,
    };
    let rt = Runtime::new().unwrap();
    let s = Server::demo();
    let officer = Device::enrol(&rt, &s.url, "officer.customs");
    let (agency, user) = me(&s, &officer.token());
    let mut cache = seizure_case(agency, user, CaseStatus::Submitted, vec![]);
    cache.recovery = Some(Recovery {
        circumstance: RecoveryCircumstance::Uncleared,
        recovered_by: "EOD team 3".into(),
        condition: RecoveredCondition::Unsafe,
        action: RecoveryAction::Destroyed,
        action_on: Some(cache.seized_on),
        moved_to: None,
        action_note: Some("Destroyed in place".into()),
    });
    officer.store.save_seizure_case(&cache).unwrap();
    officer.sync(&rt).unwrap();
    let on_server = server_records(&s, &officer.token(), "recovered_cache");
    assert!(
        on_server.iter().any(|r| r["id"] == cache.id.to_string()),
        "{on_server:?}"
    );
    assert!(
        !server_records(&s, &officer.token(), "seizure_case")
            .iter()
            .any(|r| r["id"] == cache.id.to_string())
    );

    let sup = s.login("supervisor.customs");
    let (status, body) = s.post(
        &format!("/api/v1/records/{}/review", cache.id),
        Some(&sup),
        &json!({ "decision": "return", "comment": "Name the EOD team's unit" }),
    );
    assert_eq!(status, 200, "{body}");
    officer.sync(&rt).unwrap();
    let decisions = officer.store.list_review_decisions().unwrap();
    assert_eq!(decisions[0].decision, ReviewDecision::Return);
    let local = officer
        .store
        .list_records(Some(RecordKind::SeizureCase))
        .unwrap();
    let RecordBody::SeizureCase(back) = &local[0].body else {
        panic!("{local:?}");
    };
    assert_eq!(back.status, CaseStatus::Returned);
    assert_eq!(back.recovery, cache.recovery);

    if let Some(r) = cache.recovery.as_mut() {
        r.recovered_by = "EOD team 3, 12th Engineer Battalion".into();
    }
    officer.store.save_seizure_case(&cache).unwrap();
    officer.sync(&rt).unwrap();
    let local = officer
        .store
        .list_records(Some(RecordKind::SeizureCase))
        .unwrap();
    assert_eq!(
        (local[0].status, local[0].server_revision),
        (LocalStatus::Synced, Some(3))
    );
    let (_, record) = s.get(&format!("/api/v1/records/{}", cache.id), Some(&sup));
    assert_eq!(record["kind"], "recovered_cache");
    assert_eq!(
        record["body"]["recovery"]["recovered_by"],
        "EOD team 3, 12th Engineer Battalion"
    );
}

#[test]
fn errors_are_told_in_words_a_field_user_understands() {
    let rt = Runtime::new().unwrap();
    let s = Server::demo();
    let device = Device::enrol(&rt, &s.url, "officer.customs");
    let (agency, user) = me(&s, &device.token());
    let case = seizure_case(agency, user, CaseStatus::Draft, vec![]);
    device.store.save_seizure_case(&case).unwrap();

    // No network: nothing leaves the device, and the user is told their work is safe.
    device.move_to("http://127.0.0.1:9");
    let engine = SyncEngine::new(device.store.clone(), config(1)).unwrap();
    let err = rt.block_on(engine.sync_once()).unwrap_err();
    assert!(matches!(err, SyncError::Offline(_)), "{err:?}");
    let status = device.store.sync_status().unwrap();
    assert_eq!(status.records_waiting, 1);
    assert_eq!(
        status.last_error.as_deref(),
        Some(
            "No connection to the server. Your work is saved on this device and will be sent when the network is back."
        )
    );

    // A revoked or wrong token: sign in again.
    device.move_to(&s.url);
    let mut session = device.store.session().unwrap().unwrap();
    session.token = "not-a-token".into();
    device.store.save_session(&session).unwrap();
    let err = device.sync(&rt).unwrap_err();
    assert_eq!(err.to_string(), "Sign in again.");
    assert_eq!(device.store.sync_status().unwrap().records_waiting, 1);
}

#[test]
fn the_same_batch_pushed_twice_is_applied_once() {
    let rt = Runtime::new().unwrap();
    let s = Server::demo();
    let device = Device::enrol(&rt, &s.url, "inspector.depot");
    device.sync(&rt).unwrap();
    let (check, location) = device.assignment();
    let lines = device.record_lines(check, location, 30);

    // The device sent a batch, the server committed it, the answer never arrived (the
    // app was killed or the network dropped): the entries are still in the outbox.
    let batch = device.store.take_batch(100, usize::MAX).unwrap();
    assert_eq!(batch.operations.len(), 30);
    let req = serde_json::to_value(PushRequest {
        version: PROTOCOL_VERSION,
        operations: batch.operations,
    })
    .unwrap();
    for _ in 0..2 {
        let (status, body) = s.post("/api/v1/sync/push", Some(&device.token()), &req);
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(device.store.sync_status().unwrap().records_waiting, 30);

    // The next round pushes the same operations once more and gets the first answers.
    device.sync(&rt).unwrap();
    assert!(device.store.outbox().unwrap().is_empty());
    let expected = lines.iter().map(|l| l.id.to_string()).collect();
    assert_exactly_once(&s, &device.token(), &expected);
}

#[test]
fn a_server_killed_mid_push_loses_and_doubles_nothing() {
    let rounds: usize = std::env::var("TRACEMARK_FAULT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let rt = Runtime::new().unwrap();
    let mut s = Server::demo();
    let device = Device::enrol(&rt, &s.url, "inspector.depot");
    device.sync(&rt).unwrap();
    let (check, location) = device.assignment();
    let mut expected = HashSet::new();
    const LINES_PER_ROUND: u64 = 120;
    for round in 0..rounds {
        let lines = device.record_lines(check, location, LINES_PER_ROUND);
        expected.extend(lines.iter().map(|l| l.id.to_string()));
        // Kill once a random number of records went through (batches of 10).
        let accepted_before_kill = 5 + (uuid::Uuid::new_v4().as_u128() % 100) as u64;
        let left = LINES_PER_ROUND - accepted_before_kill;
        let mut progress = device.engine.progress();
        let engine = device.engine.clone();
        let round_task = rt.spawn(async move { engine.sync_once().await });
        rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), async {
                loop {
                    let p = progress.borrow_and_update().clone();
                    if p.phase == Phase::Pushing && p.status.records_waiting <= left {
                        break;
                    }
                    progress.changed().await.unwrap();
                }
            })
            .await
            .expect("the push made progress");
        });
        // …and a random moment later, often while a batch is in flight.
        let jitter = (uuid::Uuid::new_v4().as_u128() % 15) as u64;
        std::thread::sleep(Duration::from_millis(jitter));
        let dir = s.kill();
        let outcome = rt.block_on(round_task).unwrap();
        let waiting = device.store.sync_status().unwrap().records_waiting;
        eprintln!(
            "round {round}: killed after {} of {LINES_PER_ROUND} accepted; round ended {:?}",
            LINES_PER_ROUND - waiting,
            outcome.as_ref().map_err(SyncError::detail)
        );
        assert!(
            outcome.is_err() || waiting == 0,
            "round {round}: {outcome:?}"
        );

        // Restarted on the same data, the server gets the rest and nothing twice.
        let data = Server::demo_data_dir(dir.path());
        s = Server::serve(dir, &data);
        device.move_to(&s.url);
        // More on the server than the device knows of: a batch committed, its ack lost.
        let held = server_records(&s, &device.token(), "count_line").len();
        let acked = expected.len() - usize::try_from(waiting).unwrap();
        eprintln!("round {round}: the server held {held}, the device knew of {acked}");
        assert!(held >= acked);
        device.sync(&rt).unwrap();
        assert!(device.store.outbox().unwrap().is_empty());
        assert_exactly_once(&s, &device.token(), &expected);
    }
}

#[test]
fn a_photo_upload_cut_midway_resumes_and_the_hash_is_verified() {
    let rt = Runtime::new().unwrap();
    let s = Server::demo();
    let proxy = rt.block_on(CutProxy::start(&s.url));
    let device = Device::enrol(&rt, &proxy.url, "inspector.depot");
    device.sync(&rt).unwrap();
    let (check, location) = device.assignment();
    let bytes = png(600_000, 9);
    let photo = device.store.add_photo(&bytes).unwrap();
    let line = count_line(check, location, 7, vec![photo.clone()]);
    device.store.save_count_line(&line).unwrap();

    // The connection drops 100 kB into the photo; without retries the round stops.
    proxy.arm(100_000);
    let no_retry = SyncEngine::new(device.store.clone(), config(0)).unwrap();
    let err = rt.block_on(no_retry.sync_once()).unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(proxy.cuts(), 1);
    // The record is on the server; the photo is not marked uploaded.
    assert_eq!(device.store.sync_status().unwrap().records_waiting, 0);
    assert_eq!(device.store.pending_photos().unwrap().len(), 1);
    assert!(device.store.photo_path(&photo.sha256).exists());
    let t = device.token();
    let status_path = format!("/api/v1/photos/{}/upload", photo.sha256);
    // The server appends what arrived until it notices the cut: wait until it settles.
    let mut received = 0;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        let (_, st) = s.get(&status_path, Some(&t));
        assert_eq!(st["complete"], false);
        let now = st["received"].as_u64().unwrap();
        if now > 0 && now == received {
            break;
        }
        received = now;
    }
    assert!(received > 0 && received < 100_000, "server kept {received}");

    // The next round resumes from what the server kept, not from zero.
    device.sync(&rt).unwrap();
    let starts = proxy.range_starts();
    assert!(
        starts.contains(&received),
        "resumed at {received}: {starts:?}"
    );
    assert!(device.store.pending_photos().unwrap().is_empty());
    assert!(!device.store.photo_path(&photo.sha256).exists());
    let (_, st) = s.get(&status_path, Some(&t));
    assert_eq!(st["complete"], true);
    let stored = s
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/photos/{}", photo.sha256),
            Some(&t),
        )
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&stored)),
        photo.sha256.to_string()
    );
    assert_eq!(stored.len(), bytes.len());
}

#[test]
fn the_background_loop_syncs_on_demand_and_stops() {
    let rt = Runtime::new().unwrap();
    let s = Server::demo();
    let device = Device::enrol(&rt, &s.url, "inspector.depot");
    let engine = SyncEngine::new(
        device.store.clone(),
        SyncConfig {
            interval: Duration::from_secs(3600),
            ..config(3)
        },
    )
    .unwrap();
    let looping = engine.clone();
    let task = rt.spawn(async move { looping.run_forever().await });
    let mut progress = engine.progress();
    // Waits for a round that ended after `since`, and returns when it ended.
    let mut round_after = |since: Option<time::OffsetDateTime>| {
        rt.block_on(async {
            let p = tokio::time::timeout(
                Duration::from_secs(20),
                progress.wait_for(|p| p.phase == Phase::Idle && p.status.last_sync_at > since),
            )
            .await
            .expect("a round ran")
            .unwrap();
            p.status.last_sync_at
        })
    };
    // The first round runs at once and pulls the assignment.
    let first = round_after(None);
    let (check, location) = device.assignment();
    device.record_lines(check, location, 3);
    // "Sync now" runs a round long before the hourly one is due.
    engine.sync_now();
    round_after(first);
    assert_eq!(device.store.sync_status().unwrap().records_waiting, 0);
    assert_eq!(server_records(&s, &device.token(), "count_line").len(), 3);
    engine.stop();
    rt.block_on(async { tokio::time::timeout(Duration::from_secs(20), task).await })
        .expect("the loop stopped")
        .unwrap();
}

/// Signing out strands nothing: refused while work waits, then — once it is on the
/// server — the device forgets the user's work and the server forgets the token.
#[test]
fn signing_out_waits_for_the_work_then_forgets_it_here_and_there() {
    let rt = Runtime::new().unwrap();
    let s = Server::demo();
    let officer = Device::enrol(&rt, &s.url, "officer.customs");
    let token = officer.token();
    let (agency, user) = me(&s, &token);
    let photo = officer.store.add_photo(&png(50_000, 3)).unwrap();
    let case = seizure_case(agency, user, CaseStatus::Submitted, vec![photo.clone()]);
    officer.store.save_seizure_case(&case).unwrap();
    officer
        .store
        .save_form_draft(
            "case:new",
            &serde_json::json!({ "reference": "half typed" }),
        )
        .unwrap();

    let refused = rt.block_on(officer.engine.sign_out()).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("not everything has reached the server yet (1 changes, 1 photos waiting)"),
        "{refused}"
    );
    assert!(
        officer.store.session().unwrap().is_some(),
        "still signed in"
    );
    assert_eq!(s.get("/api/v1/me", Some(&token)).0, 200);

    officer.sync(&rt).unwrap();
    rt.block_on(officer.engine.sign_out()).unwrap();
    assert!(officer.store.session().unwrap().is_none());
    assert!(officer.store.list_records(None).unwrap().is_empty());
    assert!(officer.store.form_draft("case:new").unwrap().is_none());
    assert!(!officer.store.photo_path(&photo.sha256).exists());
    assert_eq!(
        s.get("/api/v1/me", Some(&token)).0,
        401,
        "the server ended the token"
    );
    // The case is safe on the server.
    let next = Device::enrol(&rt, &s.url, "officer.customs");
    let ids: Vec<String> = server_records(&s, &next.token(), "seizure_case")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&case.id.to_string()));
}
