//! The sync endpoints through the real service: pull of assignments and vocabularies,
//! idempotent pushes, per-operation answers, the revision rule, review decisions
//! pulled back, and photos reported missing until uploaded.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::{Value, json};
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::Server;
use tracemark_tests::sync::{device_login, first_assignment, me, op, pull_all, push};
use uuid::Uuid;

use tracemark_mobile::core::fixtures::lot;

fn accepted(r: &OpResult) -> (u32, Vec<u32>, Vec<Sha256>) {
    match &r.outcome {
        OpOutcome::Accepted {
            revision,
            replaced_revisions,
            missing_photos,
            ..
        } => (
            *revision,
            replaced_revisions.clone(),
            missing_photos.clone(),
        ),
        other => panic!("expected accepted, got {other:?}"),
    }
}

fn count_lines(s: &Server, token: &str) -> usize {
    let (_, page) = s.get("/api/v1/records?kind=count_line&limit=500", Some(token));
    page["records"].as_array().unwrap().len()
}

#[test]
fn inspector_pulls_counts_and_pushes_idempotently() {
    let s = Server::demo();
    let t = device_login(&s, "inspector.depot");
    let (items, cursor) = pull_all(&s, &t, None);
    let assignment = items
        .iter()
        .find_map(|i| match i {
            PullItem::Assignment { assignment } => Some(assignment.clone()),
            _ => None,
        })
        .expect("the assigned stock check");
    assert!(
        items
            .iter()
            .any(|i| matches!(i, PullItem::FactoryCodes { .. }))
    );
    assert_eq!(assignment["status"], "assigned");
    assert_eq!(assignment["expected"].as_array().unwrap().len(), 4);
    // Nothing new since the cursor.
    assert!(pull_all(&s, &t, Some(&cursor)).0.is_empty());

    let check_id: StockCheckId = assignment["stock_check"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let location: LocationId = assignment["locations"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let lines: Vec<Operation> = (0..3)
        .map(|i| {
            op(
                None,
                Change::CountLine {
                    record: CountLine {
                        id: CountLineId::new(),
                        stock_check_id: check_id,
                        location_id: location,
                        lot: lot(),
                        quantity: 100 * (i + 1),
                        condition: ConditionCode::A,
                        photos: vec![],
                        unexpected_lot: false,
                        note: None,
                    },
                },
            )
        })
        .collect();
    let first = push(&s, &t, &lines);
    assert!(first.iter().all(|r| accepted(r).0 == 1));
    // The same batch again (the device never saw the answer): same answers, no duplicates.
    assert_eq!(push(&s, &t, &lines), first);
    let supervisor = s.login("supervisor.depot");
    assert_eq!(count_lines(&s, &supervisor), 3);
    // One audit entry for the batch names every write; the repeat wrote nothing.
    let entries: Vec<String> = s
        .sql_rows("SELECT detail FROM audit_log WHERE action = 'sync_writes'")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    for r in &first {
        assert!(entries[0].contains(&r.op_id.to_string()), "{entries:?}");
    }

    // Submitting the check closes it for counts, also for a count later in the same
    // batch (the batch reads the check once, and again after it changed).
    let mut before = lines[1].clone();
    before.op_id = Uuid::new_v4();
    let mut late = lines[0].clone();
    late.op_id = Uuid::new_v4();
    let submit = op(
        None,
        Change::SubmitStockCheck {
            stock_check_id: check_id,
        },
    );
    let r = push(&s, &t, &[before, submit, late.clone()]);
    assert_eq!(
        accepted(&r[0]).0,
        2,
        "a count before the submission is taken"
    );
    assert_eq!(accepted(&r[1]).0, 2, "the check's second revision");
    assert!(
        matches!(&r[2].outcome, OpOutcome::Rejected { message, .. } if message.contains("submitted")),
        "{:?}",
        r[2]
    );
    late.op_id = Uuid::new_v4();
    let r = push(&s, &t, &[late]);
    assert!(
        matches!(&r[0].outcome, OpOutcome::Rejected { message, .. } if message.contains("submitted"))
    );
}

/// The shared fixture case, at the border post these tests name.
fn case(
    agency: AgencyId,
    author: UserId,
    status: CaseStatus,
    photos: Vec<PhotoRef>,
) -> SeizureCase {
    let mut c = tracemark_mobile::core::fixtures::seizure_case(agency, author, status, photos);
    c.place = "Malaba border post".into();
    c
}

#[test]
fn returned_case_reaches_the_officer_and_revisions_follow_the_rule() {
    let s = Server::demo();
    let t = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &t);
    let (_, cursor) = pull_all(&s, &t, None);
    let photo = PhotoRef {
        sha256: Sha256::parse(&"ab".repeat(32)).unwrap(),
        media_type: MediaType::Jpeg,
        size: 10,
    };
    let mut c = case(agency, user, CaseStatus::Submitted, vec![photo.clone()]);
    let r = push(
        &s,
        &t,
        &[op(
            None,
            Change::SeizureCase {
                record: Box::new(c.clone()),
            },
        )],
    );
    let (rev, _, missing) = accepted(&r[0]);
    assert_eq!((rev, missing), (1, vec![photo.sha256]));

    // A stale change to a submitted case conflicts and returns the server's record.
    let mut stale = c.clone();
    stale.place = "changed offline".into();
    let r = push(
        &s,
        &t,
        &[op(
            Some(0),
            Change::SeizureCase {
                record: Box::new(stale),
            },
        )],
    );
    assert!(
        matches!(&r[0].outcome, OpOutcome::Conflict { server_revision: 1, server_record, .. }
        if server_record["place"] == "Malaba border post")
    );

    // The supervisor returns it with a comment; the officer's device pulls the decision.
    let sup = s.login("supervisor.customs");
    let (status, body) = s.post(
        &format!("/api/v1/records/{}/review", c.id),
        Some(&sup),
        &json!({ "decision": "return", "comment": "Add the photo of the crate stencil" }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "returned");
    let (items, _) = pull_all(&s, &t, Some(&cursor));
    let review = items
        .iter()
        .find_map(|i| match i {
            PullItem::Review {
                record_id,
                decision,
                comment,
                revision,
                ..
            } if *record_id == *c.id.as_uuid() => Some((*decision, comment.clone(), *revision)),
            _ => None,
        })
        .expect("review item");
    assert_eq!(
        review,
        (
            ReviewDecision::Return,
            Some("Add the photo of the crate stencil".into()),
            2
        )
    );
    // Other users get nothing of it.
    let other = device_login(&s, "supervisor.depot");
    assert!(
        pull_all(&s, &other, None)
            .0
            .iter()
            .all(|i| !matches!(i, PullItem::Review { .. }))
    );

    // The corrected case, based on the returned revision, is a new revision.
    c.place = "Malaba border post, lane 3".into();
    let r = push(
        &s,
        &t,
        &[op(
            Some(2),
            Change::SeizureCase {
                record: Box::new(c.clone()),
            },
        )],
    );
    assert_eq!(accepted(&r[0]).0, 3);
    // Approving needs it submitted; it is submitted, so approve works and is final.
    let (status, _) = s.post(
        &format!("/api/v1/records/{}/review", c.id),
        Some(&sup),
        &json!({ "decision": "approve" }),
    );
    assert_eq!(status, 200);
    let (status, _) = s.post(
        &format!("/api/v1/records/{}/review", c.id),
        Some(&sup),
        &json!({ "decision": "approve" }),
    );
    assert_eq!(status, 409);
    // Returning without a comment is refused; officers cannot review.
    let (status, _) = s.post(
        &format!("/api/v1/records/{}/review", c.id),
        Some(&t),
        &json!({ "decision": "approve" }),
    );
    assert_eq!(status, 403);
}

#[test]
fn two_devices_on_one_draft_last_writer_wins_and_says_so() {
    let s = Server::demo();
    let a = device_login(&s, "officer.customs");
    let b = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &a);
    let c = case(agency, user, CaseStatus::Draft, vec![]);
    assert_eq!(
        accepted(
            &push(
                &s,
                &a,
                &[op(
                    None,
                    Change::SeizureCase {
                        record: Box::new(c.clone())
                    }
                )]
            )[0]
        )
        .0,
        1
    );
    let mut from_a = c.clone();
    from_a.place = "A's place".into();
    assert_eq!(
        accepted(
            &push(
                &s,
                &a,
                &[op(
                    Some(1),
                    Change::SeizureCase {
                        record: Box::new(from_a)
                    }
                )]
            )[0]
        )
        .0,
        2
    );
    let mut from_b = c.clone();
    from_b.place = "B's place".into();
    let r = push(
        &s,
        &b,
        &[op(
            Some(1),
            Change::SeizureCase {
                record: Box::new(from_b),
            },
        )],
    );
    assert_eq!(accepted(&r[0]), (3, vec![2], vec![]));
    let (_, rec) = s.get(&format!("/api/v1/records/{}", c.id), Some(&a));
    assert_eq!(rec["body"]["place"], "B's place");
    assert_eq!(rec["revision"], 3);
}

#[test]
fn one_batch_that_repeats_an_operation_and_revises_its_own_line_is_applied_in_order() {
    let s = Server::demo();
    let t = device_login(&s, "inspector.depot");
    let (stock_check_id, location_id) = first_assignment(&s, &t);
    let line = CountLine {
        id: CountLineId::new(),
        stock_check_id,
        location_id,
        lot: lot(),
        quantity: 10,
        condition: ConditionCode::A,
        photos: vec![],
        unexpected_lot: false,
        note: None,
    };
    let first = op(
        None,
        Change::CountLine {
            record: line.clone(),
        },
    );
    let revised = op(
        Some(1),
        Change::CountLine {
            record: CountLine {
                quantity: 12,
                ..line.clone()
            },
        },
    );
    // The line, the same operation again (a retry inside one batch), and a revision of
    // the line the batch itself created.
    let answers = push(&s, &t, &[first.clone(), first.clone(), revised.clone()]);
    assert_eq!(accepted(&answers[0]).0, 1);
    assert_eq!(
        answers[1], answers[0],
        "a repeated id gets the first answer"
    );
    assert_eq!(accepted(&answers[2]).0, 2, "{answers:?}");
    // Pushed again as a whole, nothing changes.
    assert_eq!(
        push(&s, &t, &[first, revised]),
        vec![answers[0].clone(), answers[2].clone()]
    );
    let supervisor = s.login("supervisor.depot");
    let (_, record) = s.get(&format!("/api/v1/records/{}", line.id), Some(&supervisor));
    assert_eq!(
        (
            record["revision"].as_i64(),
            record["body"]["quantity"].as_i64()
        ),
        (Some(2), Some(12))
    );
}

#[test]
fn bad_operations_are_answered_one_by_one() {
    let s = Server::demo();
    let t = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &t);
    let good = op(
        None,
        Change::SeizureCase {
            record: Box::new(case(agency, user, CaseStatus::Draft, vec![])),
        },
    );
    let (_, other_agency) = s.get("/api/v1/agencies", Some(&t));
    let foreign: AgencyId = other_agency
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_str().unwrap() != agency.to_string())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let foreign_case = op(
        None,
        Change::SeizureCase {
            record: Box::new(case(foreign, user, CaseStatus::Draft, vec![])),
        },
    );
    let mut invalid = case(agency, user, CaseStatus::Submitted, vec![]);
    invalid.reference = "   ".into();
    let invalid = op(
        None,
        Change::SeizureCase {
            record: Box::new(invalid),
        },
    );
    let unknown_id = Uuid::new_v4();
    let body = json!({ "version": 1, "operations": [
        serde_json::to_value(&good).unwrap(),
        { "op_id": unknown_id, "base_revision": null, "device_time": "2026-11-20T10:00:00Z",
          "change": { "kind": "rocket_launcher", "record": {} } },
        serde_json::to_value(&foreign_case).unwrap(),
        serde_json::to_value(&invalid).unwrap(),
    ]});
    let (status, resp) = s.post("/api/v1/sync/push", Some(&t), &body);
    assert_eq!(status, 200, "{resp}");
    let results: Vec<OpResult> = serde_json::from_value(resp["results"].clone()).unwrap();
    assert!(matches!(results[0].outcome, OpOutcome::Accepted { .. }));
    assert!(
        matches!(&results[1].outcome, OpOutcome::Rejected { message, .. } if message.contains("cannot be read"))
    );
    assert_eq!(results[1].op_id, unknown_id);
    assert!(
        matches!(&results[2].outcome, OpOutcome::Rejected { message, .. } if message.contains("another agency"))
    );
    assert!(
        matches!(&results[3].outcome, OpOutcome::Rejected { errors, .. } if errors.iter().any(|e| e.field == "reference"))
    );

    // Whole-request problems are 4xx with the JSON error body.
    let (status, body) = s.post(
        "/api/v1/sync/push",
        Some(&t),
        &json!({ "version": 0, "operations": [] }),
    );
    assert_eq!(status, 426);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("update the app")
    );
    let (status, body) = s.post(
        "/api/v1/sync/push",
        Some(&t),
        &json!({ "version": PROTOCOL_VERSION + 1, "operations": [] }),
    );
    assert_eq!(status, 426);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("update the server"),
        "{body}"
    );
    let (status, _) = s.get(
        &format!("/api/v1/sync/pull?version={}", PROTOCOL_VERSION + 1),
        Some(&t),
    );
    assert_eq!(status, 426);
    let (status, _) = s.get("/api/v1/sync/pull?version=1&cursor=zz", Some(&t));
    assert_eq!(status, 400);
    let too_many: Vec<Value> = (0..MAX_OPS_PER_PUSH + 1)
        .map(|_| serde_json::to_value(&good).unwrap())
        .collect();
    let (status, _) = s.post(
        "/api/v1/sync/push",
        Some(&t),
        &json!({ "version": 1, "operations": too_many }),
    );
    assert_eq!(status, 400);
    let (status, _) = s.post(
        "/api/v1/sync/push",
        Some(&t),
        &json!({ "version": 1, "operations": [{ "no": "id" }] }),
    );
    assert_eq!(status, 400);
}

#[test]
fn pull_resumes_across_a_server_restart_between_pages() {
    let s = Server::demo();
    let t = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &t);
    let (_, start) = pull_all(&s, &t, None);
    // 250 submitted cases, each returned by the supervisor: 250 decisions to pull.
    let n = MAX_PULL_PAGE + 50;
    let cases: Vec<SeizureCase> = (0..n)
        .map(|_| case(agency, user, CaseStatus::Submitted, vec![]))
        .collect();
    for chunk in cases.chunks(100) {
        let ops: Vec<Operation> = chunk
            .iter()
            .map(|c| {
                op(
                    None,
                    Change::SeizureCase {
                        record: Box::new(c.clone()),
                    },
                )
            })
            .collect();
        assert!(
            push(&s, &t, &ops)
                .iter()
                .all(|r| matches!(r.outcome, OpOutcome::Accepted { .. }))
        );
    }
    let sup = s.login("supervisor.customs");
    for c in &cases {
        let (status, _) = s.post(
            &format!("/api/v1/records/{}/review", c.id),
            Some(&sup),
            &json!({ "decision": "return", "comment": "Photo missing" }),
        );
        assert_eq!(status, 200);
    }
    let (_, body) = s.get(
        &format!("/api/v1/sync/pull?version=1&cursor={start}"),
        Some(&t),
    );
    let first: PullResponse = serde_json::from_value(body).unwrap();
    assert!(first.more);
    assert_eq!(first.items.len(), MAX_PULL_PAGE);
    // The server stops between two pages and comes back on the same data.
    let dir = s.kill();
    let data = Server::demo_data_dir(dir.path());
    let s = Server::serve(dir, &data);
    let (rest, _) = pull_all(&s, &t, Some(&first.cursor));
    let mut ids: Vec<Uuid> = first
        .items
        .iter()
        .chain(&rest)
        .filter_map(|i| match i {
            PullItem::Review { record_id, .. } => Some(*record_id),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), n, "every decision exactly once");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "no decision twice");
}

/// An app built before protocol version 2 reads lots strictly: it is served lots
/// without the fields it cannot read, and its edits keep the ones it never saw.
#[test]
fn an_app_of_protocol_version_1_reads_its_work_and_loses_nothing_it_cannot_show() {
    let s = Server::demo();
    let supervisor = s.login("supervisor.depot");
    tracemark_tests::stock::import_inventory(
        &s,
        &supervisor,
        "Bunker 9",
        "depot,location,manufacturer,calibre,year,lot,quantity,hazard_classification,ammunition_type\n\
         CAD-1,B9-R1,17,82mm,1985,M-1,40,1.2E,mortar\n",
    );
    let inspector = device_login(&s, "inspector.depot");
    let lots_of = |version: u32| -> Vec<Value> {
        let (status, page) = s.get(
            &format!("/api/v1/sync/pull?version={version}"),
            Some(&inspector),
        );
        assert_eq!(status, 200, "{page}");
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "assignment")
            .flat_map(|i| {
                i["assignment"]["expected"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|e| e["lot"].clone())
            .filter(|l| l["lot"] == "M-1")
            .collect()
    };
    let old = lots_of(1);
    assert_eq!(old.len(), 1);
    assert!(
        old[0].get("hazard").is_none() && old[0].get("ammunition_type").is_none(),
        "{old:?}"
    );
    serde_json::from_value::<AmmunitionLot>(old[0].clone()).unwrap();
    let new = lots_of(PROTOCOL_VERSION);
    assert_eq!(new[0]["hazard"], "1.2E");
    assert_eq!(new[0]["ammunition_type"], "mortar");

    // An officer's case states a MANPADS missile; an old app on another device edits
    // it (the quantity) without knowing types: the type and the priority stay.
    let device = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &device);
    let mut case = case(agency, user, CaseStatus::Draft, vec![]);
    case.items[0].lot.ammunition_type = Some(AmmunitionType::Manpads);
    case.items[0].lot.hazard = "1.2L".parse().ok();
    let case_op = |base: Option<u32>, c: &SeizureCase| {
        op(
            base,
            Change::SeizureCase {
                record: Box::new(c.clone()),
            },
        )
    };
    let results = push(&s, &device, &[case_op(None, &case)]);
    assert!(
        matches!(results[0].outcome, OpOutcome::Accepted { revision: 1, .. }),
        "{results:?}"
    );
    let mut edited = case.clone();
    edited.items[0].quantity = 2;
    edited.items[0].lot.ammunition_type = None;
    edited.items[0].lot.hazard = None;
    let op = case_op(Some(1), &edited);
    let (status, answer) = s.post(
        "/api/v1/sync/push",
        Some(&device),
        &json!({ "version": 1, "operations": [op] }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"][0]["outcome"], "accepted", "{answer}");
    let officer = s.login("officer.customs");
    let (_, record) = s.get(&format!("/api/v1/records/{}", case.id), Some(&officer));
    let lot = &record["body"]["items"][0]["lot"];
    assert_eq!(record["body"]["items"][0]["quantity"], 2);
    assert_eq!(lot["ammunition_type"], "manpads");
    assert_eq!(lot["hazard"], "1.2L");

    // Submitted, then edited from a stale revision by the old app: the conflict shows
    // it the server's record in a shape it can read.
    let mut submitted = edited.clone();
    submitted.status = CaseStatus::Submitted;
    let results = push(&s, &device, &[case_op(Some(2), &submitted)]);
    assert!(
        matches!(results[0].outcome, OpOutcome::Accepted { revision: 3, .. }),
        "{results:?}"
    );
    let stale = case_op(Some(1), &edited);
    let (_, answer) = s.post(
        "/api/v1/sync/push",
        Some(&device),
        &json!({ "version": 1, "operations": [stale] }),
    );
    let outcome = &answer["results"][0];
    assert_eq!(outcome["outcome"], "conflict", "{answer}");
    let server_lot = &outcome["server_record"]["items"][0]["lot"];
    assert!(server_lot.get("ammunition_type").is_none(), "{server_lot}");
    serde_json::from_value::<SeizureCase>(outcome["server_record"].clone()).unwrap();
}
