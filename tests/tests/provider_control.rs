//! The attacks of a signed-in adversary against provider control, each through the
//! real service: photos read by citing their hash, unfinished uploads shared across
//! agencies, writes the server must refuse (role, ownership, state), the login limiter
//! raced, reads left unaudited, and the audit chain cut behind its signed head.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::json;
use tracemark_mobile::core::fixtures::{png, seizure_case};
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::sync::{device_login, me, op, pull_all, push};
use tracemark_tests::{DEMO_PASSWORD, Held, Server, respond, sha256_hex};

fn photo_ref(bytes: &[u8]) -> PhotoRef {
    PhotoRef {
        sha256: Sha256::parse(&sha256_hex(bytes)).unwrap(),
        media_type: MediaType::Png,
        size: bytes.len() as u64,
    }
}

fn case_op(base: Option<u32>, case: &SeizureCase) -> Operation {
    op(
        base,
        Change::SeizureCase {
            record: Box::new(case.clone()),
        },
    )
}

fn rejected(r: &OpResult) -> String {
    match &r.outcome {
        OpOutcome::Rejected { message, .. } => message.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn accepted(r: &OpResult) -> (u32, Vec<Sha256>) {
    match &r.outcome {
        OpOutcome::Accepted {
            revision,
            missing_photos,
            ..
        } => (*revision, missing_photos.clone()),
        other => panic!("expected accepted, got {other:?}"),
    }
}

#[test]
fn citing_another_agencys_photo_hash_reveals_and_grants_nothing() {
    let s = Server::demo();
    let owner = s.login("officer.customs");
    let bytes = png(50_000, 11);
    let h = sha256_hex(&bytes);
    assert_eq!(s.put_photo(&owner, &h, bytes.clone(), None).0, 201);

    // An officer of another country's agency knows the hash (seen on a screen, say).
    let thief = device_login(&s, "officer.border");
    let photo = format!("/api/v1/photos/{h}");
    assert_eq!(s.get(&photo, Some(&thief)).0, 404);
    // Nothing says the hash is stored: upload status and the push answer look exactly
    // as for a photo nobody has.
    let (_, status) = s.get(&format!("{photo}/upload"), Some(&thief));
    assert_eq!(
        status,
        json!({ "sha256": h, "complete": false, "received": 0 })
    );
    let (agency, user) = me(&s, &thief);
    let case = seizure_case(agency, user, CaseStatus::Submitted, vec![photo_ref(&bytes)]);
    let (_, missing) = accepted(&push(&s, &thief, &[case_op(None, &case)])[0]);
    assert_eq!(missing, vec![photo_ref(&bytes).sha256]);
    // Citing it in a record of its own agency grants no read.
    assert_eq!(s.get(&photo, Some(&thief)).0, 404);
    assert_eq!(s.get(&format!("{photo}/thumbnail"), Some(&thief)).0, 404);
    // Its supervisor, who sees the citing record, sees no photo either, and the review
    // queue does not say that someone stored it.
    let sup = s.login("supervisor.border");
    assert_eq!(s.get(&photo, Some(&sup)).0, 404);
    let queued_photo = |sup: &str| {
        let (_, queue) = s.get("/api/v1/review/queue?kind=seizure_case", Some(sup));
        queue["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == case.id.to_string())
            .unwrap()["photos"][0]
            .clone()
    };
    assert_eq!(queued_photo(&sup)["stored"], false);
    assert!(queued_photo(&sup)["media_type"].is_null());
    // Sending the bytes is proof of holding them: then, and only then, it reads them.
    assert_eq!(s.put_photo(&thief, &h, bytes.clone(), None).0, 201);
    assert_eq!(queued_photo(&sup)["stored"], true);
    let resp = s.request(Method::GET, &photo, Some(&thief)).send().unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.bytes().unwrap().as_ref(), bytes.as_slice());
    // The owner's copy is untouched, and the owner still reads it.
    assert_eq!(s.get(&photo, Some(&owner)).0, 200);
}

#[test]
fn an_unfinished_upload_belongs_to_the_agency_that_started_it() {
    let s = Server::demo();
    let owner = s.login("officer.customs");
    let other = s.login("officer.border");
    let bytes = png(100_000, 12);
    let h = sha256_hex(&bytes);
    let total = bytes.len();
    let (status, _) = s.put_photo(
        &owner,
        &h,
        bytes[..10].to_vec(),
        Some(format!("bytes 0-9/{total}")),
    );
    assert_eq!(status, 202);
    // The other agency sees no progress and cannot add to it.
    let (_, st) = s.get(&format!("/api/v1/photos/{h}/upload"), Some(&other));
    assert_eq!(st["received"], 0);
    let (status, body) = s.put_photo(
        &other,
        &h,
        bytes[10..20].to_vec(),
        Some(format!("bytes 10-19/{total}")),
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["received"], 0, "its own upload has nothing yet");
    // Its own upload of garbage under the same hash is refused and harms nothing.
    let (status, _) = s.put_photo(&other, &h, png(total, 99), None);
    assert_eq!(status, 400);
    // The owner resumes where it stopped.
    let (_, st) = s.get(&format!("/api/v1/photos/{h}/upload"), Some(&owner));
    assert_eq!(st["received"], 10);
    let (status, body) = s.put_photo(
        &owner,
        &h,
        bytes[10..].to_vec(),
        Some(format!("bytes 10-{}/{total}", total - 1)),
    );
    assert_eq!(status, 201, "{body}");
}

#[test]
fn unfinished_uploads_are_held_to_a_quota_per_agency() {
    let s = Server::demo();
    let t = s.login("officer.customs");
    let start = |i: u32| {
        let bytes = png(1_000, 2 * i + 1_001);
        s.put_photo(
            &t,
            &sha256_hex(&bytes),
            bytes[..8].to_vec(),
            Some("bytes 0-7/1000".into()),
        )
    };
    for i in 0..64 {
        assert_eq!(start(i).0, 202, "upload {i}");
    }
    let (status, body) = start(64);
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "quota");
    // Another agency has its own quota.
    let other = s.login("officer.border");
    let bytes = png(1_000, 5);
    assert_eq!(s.put_photo(&other, &sha256_hex(&bytes), bytes, None).0, 201);
}

#[test]
fn writes_are_refused_by_role_ownership_and_state() {
    let s = Server::demo();
    let officer = device_login(&s, "officer.customs");
    let (agency, author) = me(&s, &officer);
    let draft = seizure_case(agency, author, CaseStatus::Draft, vec![]);

    // Role: inspectors and administrators record no seizure cases.
    for who in ["inspector.depot", "admin.customs"] {
        let t = device_login(&s, who);
        let (a, u) = me(&s, &t);
        let c = seizure_case(a, u, CaseStatus::Draft, vec![]);
        let why = rejected(&push(&s, &t, &[case_op(None, &c)])[0]);
        assert!(
            why.contains("customs officers and supervisors"),
            "{who}: {why}"
        );
    }
    assert_eq!(
        accepted(&push(&s, &officer, &[case_op(None, &draft)])[0]).0,
        1
    );

    // Ownership: the agency's administrator cannot take over the officer's draft; its
    // supervisor may correct it.
    let admin = device_login(&s, "admin.customs");
    let mut taken = draft.clone();
    taken.scope = SharingScope::National;
    let why = rejected(&push(&s, &admin, &[case_op(Some(1), &taken)])[0]);
    assert!(why.contains("customs officers and supervisors"), "{why}");
    let sup = device_login(&s, "supervisor.customs");
    let mut corrected = draft.clone();
    corrected.place = "Namanga border post, lane 2".into();
    assert_eq!(
        accepted(&push(&s, &sup, &[case_op(Some(1), &corrected)])[0]).0,
        2
    );

    // State: submitted, then approved, the case is frozen for every writer.
    let mut submitted = corrected.clone();
    submitted.status = CaseStatus::Submitted;
    assert_eq!(
        accepted(&push(&s, &officer, &[case_op(Some(2), &submitted)])[0]).0,
        3
    );
    let mut edited = submitted.clone();
    edited.scope = SharingScope::National;
    let why = rejected(&push(&s, &officer, &[case_op(Some(3), &edited)])[0]);
    assert!(why.contains("can no longer change"), "{why}");
    let (status, _) = s.post(
        &format!("/api/v1/records/{}/review", draft.id),
        Some(&s.login("supervisor.customs")),
        &json!({ "decision": "approve" }),
    );
    assert_eq!(status, 200);
    for t in [&officer, &sup] {
        let mut back = submitted.clone();
        back.status = CaseStatus::Draft;
        back.scope = SharingScope::National;
        let why = rejected(&push(&s, t, &[case_op(Some(4), &back)])[0]);
        assert!(why.contains("can no longer change"), "{why}");
    }
    // So the approved own-agency case stays unseen by another agency.
    let depot = s.login("supervisor.depot");
    assert_eq!(
        s.get(&format!("/api/v1/records/{}", draft.id), Some(&depot))
            .0,
        404
    );
    // Approve and return only through the review route.
    let mut approved = draft.clone();
    approved.id = SeizureId::new();
    approved.status = CaseStatus::Approved;
    let why = rejected(&push(&s, &sup, &[case_op(None, &approved)])[0]);
    assert!(why.contains("supervisor can approve"), "{why}");
}

/// The demo stock check and a second one imported for the same inspector.
fn two_checks(s: &Server, t: &str) -> Vec<(StockCheckId, LocationId)> {
    let sup = s.login("supervisor.depot");
    let (status, body) = respond(
        s.request(
            Method::POST,
            "/api/v1/imports/inventory?assign=inspector.depot",
            Some(&sup),
        )
        .header("content-type", "text/csv")
        .body("depot,location,manufacturer,calibre,year,lot,quantity\nCAD-1,B1-R1,17,7.62x39mm,1985,17-85-0412,10\n"),
    );
    assert_eq!(status, 201, "{body}");
    pull_all(s, t, None)
        .0
        .into_iter()
        .filter_map(|i| match i {
            PullItem::Assignment { assignment } => Some((
                assignment["stock_check"]["id"].as_str()?.parse().ok()?,
                assignment["locations"][0]["id"].as_str()?.parse().ok()?,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn a_submitted_checks_count_lines_stay_where_they_were_counted() {
    let s = Server::demo();
    let t = device_login(&s, "inspector.depot");
    let checks = two_checks(&s, &t);
    assert_eq!(checks.len(), 2, "{checks:?}");
    let (a, loc_a) = checks[0];
    let (b, loc_b) = checks[1];
    let line = tracemark_mobile::core::fixtures::count_line(a, loc_a, 12_000, vec![]);
    let r = push(
        &s,
        &t,
        &[
            op(
                None,
                Change::CountLine {
                    record: line.clone(),
                },
            ),
            op(None, Change::SubmitStockCheck { stock_check_id: a }),
        ],
    );
    assert_eq!(accepted(&r[0]).0, 1);
    // The same line, moved into the open check: refused, the submitted check keeps it.
    let mut moved = line.clone();
    moved.stock_check_id = b;
    moved.location_id = loc_b;
    let why = rejected(&push(&s, &t, &[op(Some(1), Change::CountLine { record: moved })])[0]);
    assert!(why.contains("stays in the stock check"), "{why}");
    let sup = s.login("supervisor.depot");
    let (_, stored) = s.get(&format!("/api/v1/records/{}", line.id), Some(&sup));
    assert_eq!(stored["body"]["stock_check_id"], a.to_string());
    let (status, recon) = s.get(
        &format!("/api/v1/stock-checks/{a}/reconciliation"),
        Some(&sup),
    );
    assert_eq!(status, 200, "{recon}");
    assert!(recon.to_string().contains("12000"), "{recon}");
    // Officers count no stock, even of their own agency.
    let officer = device_login(&s, "officer.customs");
    let why = rejected(
        &push(
            &s,
            &officer,
            &[op(None, Change::CountLine { record: line })],
        )[0],
    );
    assert!(why.contains("inspectors and supervisors"), "{why}");
}

#[test]
fn racing_logins_get_no_more_password_checks_than_the_limit() {
    let s = Server::demo();
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..30)
            .map(|i| {
                let s = &s;
                scope.spawn(move || {
                    let password = if i == 17 {
                        DEMO_PASSWORD
                    } else {
                        "wrong-password-1"
                    };
                    s.post(
                        "/api/v1/auth/login",
                        None,
                        &json!({ "username": "officer.customs", "password": password }),
                    )
                    .0
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked = answers.iter().filter(|&&a| a == 200 || a == 401).count();
    let refused = answers.iter().filter(|&&a| a == 429).count();
    assert!(
        checked <= 5,
        "{checked} passwords were checked: {answers:?}"
    );
    assert_eq!(checked + refused, 30, "{answers:?}");
    // Every failure was audited; none was lost to a race on the audit sequence.
    let failed = answers.iter().filter(|&&a| a == 401).count() as i64;
    assert_eq!(s.audit_count("login_failed", "officer.customs"), failed);
}

#[test]
fn addresses_come_from_trusted_proxies_only() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::demo_with(dir, &["--trusted-proxies", "127.0.0.1"]);
    let attempt = |user: &str, from: &str| {
        respond(
            s.request(Method::POST, "/api/v1/auth/login", None)
                .header("x-forwarded-for", from)
                .json(&json!({ "username": user, "password": "wrong-password-1" })),
        )
        .0
    };
    // 20 failures from one client behind the proxy, spread over accounts.
    for i in 0..20 {
        assert_eq!(attempt(&format!("nobody{i}"), "203.0.113.9"), 401);
    }
    assert_eq!(attempt("nobody-else", "203.0.113.9"), 429);
    // Everyone else behind the same proxy still signs in.
    let ok = respond(
        s.request(Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-for", "203.0.113.10")
            .json(&json!({ "username": "officer.customs", "password": DEMO_PASSWORD })),
    );
    assert_eq!(ok.0, 200, "{}", ok.1);
}

#[test]
fn users_change_their_own_password_and_other_sign_ins_end() {
    let s = Server::demo();
    let phone = s.login("officer.customs");
    let laptop = s.login("officer.customs");
    let change = |current: &str, new: &str| {
        s.post(
            "/api/v1/auth/password",
            Some(&laptop),
            &json!({ "current_password": current, "new_password": new }),
        )
    };
    assert_eq!(change("not-my-password", "a-new-password-42").0, 401);
    assert_eq!(change(DEMO_PASSWORD, "short").0, 422);
    let (status, body) = change(DEMO_PASSWORD, "a-new-password-42");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        s.get("/api/v1/me", Some(&laptop)).0,
        200,
        "this sign-in stays"
    );
    assert_eq!(s.get("/api/v1/me", Some(&phone)).0, 401, "the others end");
    let (status, _) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": "officer.customs", "password": "a-new-password-42" }),
    );
    assert_eq!(status, 200);
    assert_eq!(s.audit_count("change_password", "%"), 1);
}

#[test]
fn reads_of_case_records_and_photos_are_audited() {
    let s = Server::demo();
    let sup = s.login("supervisor.customs");
    let (_, page) = s.get("/api/v1/records?kind=seizure_case", Some(&sup));
    let ids: Vec<&str> = page["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!ids.is_empty());
    for id in &ids {
        assert_eq!(s.audit_count("read_records", &format!("%{id}%")), 1, "{id}");
    }
    let (_, queue) = s.get("/api/v1/review/queue", Some(&sup));
    let entry = &queue["entries"][0];
    let id = entry["id"].as_str().unwrap();
    assert_eq!(s.audit_count("read_review_queue", &format!("%{id}%")), 1);
    let photo = entry["photos"][0]["sha256"].as_str().unwrap();
    assert_eq!(s.get(&format!("/api/v1/photos/{photo}"), Some(&sup)).0, 200);
    assert_eq!(
        s.get(&format!("/api/v1/photos/{photo}/thumbnail"), Some(&sup))
            .0,
        200
    );
    assert_eq!(s.audit_count("read_photo", photo), 1);
    assert_eq!(s.audit_count("read_thumbnail", photo), 1);
}

#[test]
fn cutting_the_audit_chain_behind_its_signed_head_is_found() {
    let s = Server::demo();
    let admin = s.login("admin.customs");
    assert_eq!(
        s.get("/api/v1/audit/head", Some(&s.login("officer.customs")))
            .0,
        403
    );
    // A third party records the signed head, then more happens.
    let (status, head) = s.get("/api/v1/audit/head", Some(&admin));
    assert_eq!(status, 200, "{head}");
    let recorded = format!("{}:{}", head["seq"], head["hash"].as_str().unwrap());
    let sup = s.login("supervisor.customs");
    let _ = s.get("/api/v1/trace?lot=17-85-0412&manufacturer=17", Some(&sup));
    let dir = s.kill();
    let held = Held::of(dir.path());
    let data = Server::demo_data_dir(dir.path());
    let data = data.to_str().unwrap().to_string();
    let verify = |extra: &[&str]| {
        let mut args = vec!["audit", "verify", "--data-dir", &data];
        args.extend_from_slice(extra);
        let out = held.tracemark(&args, None);
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let (ok, text) = verify(&["--expect", &recorded]);
    assert!(ok, "{text}");
    assert!(text.contains("signatures checked"), "{text}");

    // Whoever holds the database file drops every entry from the recorded head on,
    // and the checkpoints with them: the chain that is left is whole…
    let seq = head["seq"].as_i64().unwrap();
    held.drop_audit_triggers();
    held.sql(&format!(
        "DELETE FROM audit_log WHERE seq >= {seq}; DELETE FROM audit_checkpoints;"
    ));
    // …but not against the last head the server signed, kept beside the key.
    let (ok, text) = verify(&[]);
    assert!(!ok, "{text}");
    assert!(text.contains("anchor"), "{text}");
    // Holding the key's folder too (the demo keeps it in the data directory), the
    // attacker drops that record as well: the chain alone looks whole…
    std::fs::remove_file(format!("{data}/audit-signing.head")).unwrap();
    let (ok, text) = verify(&[]);
    assert!(ok, "a cut tail alone looks whole: {text}");
    // …but not against the head the third party recorded.
    let (ok, text) = verify(&["--expect", &recorded]);
    assert!(!ok, "{text}");
    assert!(text.contains("recorded elsewhere"), "{text}");
}

#[test]
fn tracing_names_holders_only_for_a_lot_and_tells_them_who_traced() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::demo_with(dir, &["--trace-queries-per-hour", "6"]);
    let border = s.login("supervisor.border");
    // Attribute sweeps name no other agency, whatever they hold.
    for q in [
        "year=1985&kind=transfer",
        "calibre=7.62x39mm",
        "manufacturer=17",
        "lot=17-85-0412",
    ] {
        let (status, answer) = s.get(&format!("/api/v1/trace?{q}"), Some(&border));
        assert_eq!(status, 200, "{q}: {answer}");
        assert_eq!(answer["holders"], json!([]), "{q}");
        assert_eq!(answer["holders_searched"], false, "{q}");
    }
    // A lot with its maker is a lot-level identifier: holders are named.
    let (_, answer) = s.get(
        "/api/v1/trace?lot=17-85-0412&manufacturer=17",
        Some(&border),
    );
    assert_eq!(answer["holders_searched"], true);
    assert!(
        !answer["holders"].as_array().unwrap().is_empty(),
        "{answer}"
    );
    let (_, split) = s.get("/api/v1/trace/lot-split?lot=17-85-0412", Some(&border));
    assert_eq!(
        (split["holders_searched"].clone(), split["holders"].clone()),
        (json!(false), json!([]))
    );

    // The holders learn who traced their records, when, and with what.
    let customs = s.login("supervisor.customs");
    let (status, page) = s.get("/api/v1/trace/notices", Some(&customs));
    assert_eq!(status, 200, "{page}");
    let notices = page["notices"].as_array().unwrap();
    assert!(
        notices
            .iter()
            .any(|n| n["agency_name"] == "Border Police (demo)"
                && n["user_display_name"] == "Baraka Said"
                && n["criteria"] == json!({ "lot": "17-85-0412", "manufacturer": "17" })),
        "{page}"
    );
    // The asker's own agency gets no notice of its own traces.
    let (_, own) = s.get("/api/v1/trace/notices", Some(&border));
    assert!(
        own["notices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["agency_name"] != "Border Police (demo)"),
        "{own}"
    );

    // Six queries an hour here: the seventh is refused, for trace and lot-split alike.
    let (status, body) = s.get("/api/v1/trace?lot=A-1&manufacturer=17", Some(&border));
    assert_eq!(status, 429, "{body}");
    let (status, _) = s.get("/api/v1/trace/lot-split?lot=A-1", Some(&border));
    assert_eq!(status, 429);
    // Others have their own allowance.
    assert_eq!(
        s.get("/api/v1/trace?lot=A-1&manufacturer=17", Some(&customs))
            .0,
        200
    );
}

/// What the server must answer to one push.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Accepted,
    Refused(&'static str),
}

fn outcome(r: &OpResult) -> Expect {
    match &r.outcome {
        OpOutcome::Accepted { .. } => Expect::Accepted,
        OpOutcome::Rejected { .. } => Expect::Refused(""),
        other => panic!("unexpected {other:?}"),
    }
}

/// The role × record kind × action table of docs/SECURITY.md, walked through the real
/// sync push by a user of every role (and of another agency).
#[test]
fn every_write_follows_the_role_kind_action_table() {
    use Expect::{Accepted, Refused};
    let s = Server::demo();
    let users = [
        "officer.customs",
        "supervisor.customs",
        "admin.customs",
        "inspector.depot",
        "supervisor.depot",
        "admin.depot",
        "officer.border",
    ];
    let tokens: std::collections::HashMap<&str, String> =
        users.iter().map(|u| (*u, device_login(&s, u))).collect();
    let t = |u: &str| tokens[u].clone();
    // The inspector's assigned stock check.
    let assignment = pull_all(&s, &t("inspector.depot"), None)
        .0
        .into_iter()
        .find_map(|i| match i {
            PullItem::Assignment { assignment } => Some(assignment),
            _ => None,
        })
        .unwrap();
    let check: StockCheckId = assignment["stock_check"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let loc: LocationId = assignment["locations"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    // Create a seizure case of one's own agency.
    let create = |who: &str| {
        let (a, u) = me(&s, &t(who));
        let c = seizure_case(a, u, CaseStatus::Draft, vec![]);
        outcome(&push(&s, &t(who), &[case_op(None, &c)])[0])
    };
    let mut table: Vec<(&str, &str, Expect, Expect)> = Vec::new();
    for (who, expected) in [
        ("officer.customs", Accepted),
        ("supervisor.customs", Accepted),
        ("admin.customs", Refused("role")),
        ("inspector.depot", Refused("role")),
        ("supervisor.depot", Accepted),
        ("admin.depot", Refused("role")),
        ("officer.border", Accepted),
    ] {
        table.push(("create seizure case", who, expected, create(who)));
    }

    // Change a draft case the customs officer wrote.
    let (a, u) = me(&s, &t("officer.customs"));
    let draft = seizure_case(a, u, CaseStatus::Draft, vec![]);
    assert_eq!(
        outcome(&push(&s, &t("officer.customs"), &[case_op(None, &draft)])[0]),
        Accepted
    );
    let mut revision = 1;
    for (who, expected) in [
        ("admin.customs", Refused("role")),
        ("supervisor.depot", Refused("other agency")),
        ("officer.border", Refused("other agency")),
        ("supervisor.customs", Accepted),
        ("officer.customs", Accepted),
    ] {
        let mut changed = draft.clone();
        changed.place = format!("changed by {who}");
        let got = outcome(&push(&s, &t(who), &[case_op(Some(revision), &changed)])[0]);
        if got == Accepted {
            revision += 1;
        }
        table.push(("change a draft case", who, expected, got));
    }
    // Set a status only the review route sets.
    for (who, status) in [
        ("supervisor.customs", CaseStatus::Approved),
        ("officer.customs", CaseStatus::Returned),
    ] {
        let mut decided = draft.clone();
        decided.status = status;
        let got = outcome(&push(&s, &t(who), &[case_op(Some(revision), &decided)])[0]);
        table.push((
            "approve or return by push",
            who,
            Refused("review route"),
            got,
        ));
    }

    // Count a line of the depot's assigned stock check; submit the check.
    for (who, expected) in [
        ("officer.customs", Refused("role")),
        ("admin.depot", Refused("role")),
        ("supervisor.depot", Refused("not assigned")),
        ("supervisor.customs", Refused("other agency")),
        ("inspector.depot", Accepted),
    ] {
        let line = tracemark_mobile::core::fixtures::count_line(check, loc, 10, vec![]);
        let got = outcome(&push(&s, &t(who), &[op(None, Change::CountLine { record: line })])[0]);
        table.push(("count a line", who, expected, got));
    }
    for (who, expected) in [
        ("supervisor.depot", Refused("not assigned")),
        ("inspector.depot", Accepted),
    ] {
        let submit = op(
            None,
            Change::SubmitStockCheck {
                stock_check_id: check,
            },
        );
        let got = outcome(&push(&s, &t(who), &[submit])[0]);
        table.push(("submit the stock check", who, expected, got));
    }
    // Once submitted, even the assigned inspector's counts are refused.
    let line = tracemark_mobile::core::fixtures::count_line(check, loc, 10, vec![]);
    let got = outcome(
        &push(
            &s,
            &t("inspector.depot"),
            &[op(None, Change::CountLine { record: line })],
        )[0],
    );
    table.push((
        "count a line of a submitted check",
        "inspector.depot",
        Refused("state"),
        got,
    ));

    let wrong: Vec<String> = table
        .iter()
        .filter(|(_, _, want, got)| {
            !matches!((want, got), (Accepted, Accepted) | (Refused(_), Refused(_)))
        })
        .map(|(what, who, want, got)| format!("{what} as {who}: want {want:?}, got {got:?}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn another_users_operation_id_is_just_a_new_operation() {
    let s = Server::demo();
    let owner = device_login(&s, "officer.customs");
    let (a, u) = me(&s, &owner);
    let first = case_op(None, &seizure_case(a, u, CaseStatus::Draft, vec![]));
    assert_eq!(
        accepted(&push(&s, &owner, std::slice::from_ref(&first))[0]).0,
        1
    );
    // Another agency's officer reuses the op id for a case of its own: it is applied
    // as its own operation, and nothing says the id was used before.
    let other = device_login(&s, "officer.border");
    let (b, v) = me(&s, &other);
    let mut mine = case_op(None, &seizure_case(b, v, CaseStatus::Draft, vec![]));
    mine.op_id = first.op_id;
    assert_eq!(accepted(&push(&s, &other, &[mine])[0]).0, 1);
    // The owner's retry still gets its first answer.
    assert_eq!(accepted(&push(&s, &owner, &[first])[0]).0, 1);
}
