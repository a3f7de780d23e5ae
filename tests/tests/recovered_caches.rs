//! Recovered caches through the real service: an officer's cache of abandoned
//! ammunition pushed from a device is stored as its own record kind, listed and
//! filtered in the review queue, decided by a supervisor, traced by other agencies
//! beside seizures of its lot (as its sharing scope allows), made into a case report
//! (JSON and PDF) and shown in the console — and an older app that cannot show a
//! recovery neither reads one nor erases one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::{Value, json};
use tracemark_mobile::core::fixtures::seizure_case;
use tracemark_shared::domain::*;
use tracemark_shared::sync::{Change, OpOutcome};
use tracemark_tests::console::Browser;
use tracemark_tests::sync::{device_login, me, op, push};
use tracemark_tests::{Server, pdf_text};

/// The lot the fixture case's item carries, which the demo's transfers and stock
/// checks hold too.
const LOT: &str = "17-85-0412";

/// A cache of mortar bombs and cartridges found buried, moved to an armoury.
fn cache(agency: AgencyId, author: UserId, scope: SharingScope) -> SeizureCase {
    let mut c = seizure_case(agency, author, CaseStatus::Submitted, vec![]);
    c.reference = "KE-CUS-2026-CACHE-9".into();
    c.place = "Shamba near Garissa".into();
    c.mode_of_shipping = ShippingMode::Other;
    c.route = Route::default();
    c.point_of_dispatch = None;
    c.parties = Vec::new();
    c.concealment = Some("Buried in two plastic drums".into());
    c.scope = scope;
    c.recovery = Some(Recovery {
        circumstance: RecoveryCircumstance::Found,
        recovered_by: "Garissa EOD team".into(),
        condition: RecoveredCondition::Deteriorated,
        action: RecoveryAction::Moved,
        action_on: Some(c.seized_on),
        moved_to: Some("Garissa police armoury".into()),
        action_note: Some("Carried in sand-filled boxes".into()),
    });
    c
}

fn case_op(base: Option<u32>, c: &SeizureCase) -> tracemark_shared::sync::Operation {
    op(
        base,
        Change::SeizureCase {
            record: Box::new(c.clone()),
        },
    )
}

fn queue_ids(s: &Server, token: &str, kind: &str) -> Vec<String> {
    let (status, page) = s.get(&format!("/api/v1/review/queue?kind={kind}"), Some(token));
    assert_eq!(status, 200, "{page}");
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn match_kinds(answer: &Value, record: &str) -> Vec<String> {
    answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["record_id"] == record)
        .map(|m| m["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_recovered_cache_is_reviewed_traced_and_reported_like_a_seizure() {
    let s = Server::demo();
    let device = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &device);
    let c = cache(agency, user, SharingScope::National);
    let id = c.id.to_string();
    let results = push(&s, &device, &[case_op(None, &c)]);
    assert!(
        matches!(results[0].outcome, OpOutcome::Accepted { revision: 1, .. }),
        "{results:?}"
    );

    // Stored as its own kind, with everything the officer recorded.
    let sup = s.login("supervisor.customs");
    let (status, record) = s.get(&format!("/api/v1/records/{id}"), Some(&sup));
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["kind"], "recovered_cache");
    let recovery = &record["body"]["recovery"];
    assert_eq!(recovery["circumstance"], "found");
    assert_eq!(recovery["recovered_by"], "Garissa EOD team");
    assert_eq!(recovery["condition"], "deteriorated");
    assert_eq!(recovery["action"], "moved");
    assert_eq!(recovery["moved_to"], "Garissa police armoury");

    // The review queue lists it under its kind, not among the seizures.
    assert!(queue_ids(&s, &sup, "recovered_cache").contains(&id));
    assert!(!queue_ids(&s, &sup, "seizure_case").contains(&id));
    let (status, decided) = s.post(
        &format!("/api/v1/records/{id}/review"),
        Some(&sup),
        &json!({ "decision": "approve" }),
    );
    assert_eq!(status, 200, "{decided}");
    assert!(!queue_ids(&s, &sup, "recovered_cache").contains(&id));

    // Another agency's supervisor traces the lot: the national cache is listed in
    // detail, as its kind, beside the seizures and the transfer of the lot.
    let depot = s.login("supervisor.depot");
    let (status, trace) = s.get(
        &format!("/api/v1/trace?lot={LOT}&manufacturer=17"),
        Some(&depot),
    );
    assert_eq!(status, 200, "{trace}");
    assert_eq!(match_kinds(&trace, &id), ["recovered_cache"], "{trace}");
    let (status, only) = s.get(
        &format!("/api/v1/trace?lot={LOT}&manufacturer=17&kind=recovered_cache"),
        Some(&depot),
    );
    assert_eq!(status, 200, "{only}");
    assert!(
        only["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["kind"] == "recovered_cache"),
        "{only}"
    );
    let (status, split) = s.get(
        &format!("/api/v1/trace/lot-split?lot={LOT}&manufacturer=17"),
        Some(&depot),
    );
    assert_eq!(status, 200, "{split}");
    assert!(
        split["seizures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["record_id"] == id.as_str() && m["kind"] == "recovered_cache"),
        "{split}"
    );

    // The case report says what was recovered, how, and what was done.
    let (status, report) = s.get(
        &format!("/api/v1/records/{id}/report?format=json"),
        Some(&sup),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["case"]["recovery"]["circumstance"], "found");
    assert_eq!(report["traces"][0]["lot"], LOT);
    // The exported JSON reads back as the shared type, the recovery whole.
    let read: tracemark_shared::api::report::CaseReport =
        serde_json::from_value(report.clone()).unwrap();
    assert_eq!(read.case.recovery, c.recovery);
    assert_eq!(read.case.kind(), RecordKind::RecoveredCache);
    let pdf = s.request(
        reqwest::Method::GET,
        &format!("/api/v1/records/{id}/report"),
        Some(&sup),
    );
    let pdf = pdf.send().unwrap();
    assert_eq!(pdf.status(), 200);
    let text = pdf_text(&pdf.bytes().unwrap());
    for expected in [
        "Recovered cache report",
        "The recovery",
        "Recovered on",
        "Found hidden",
        "Garissa EOD team",
        "Deteriorated, safe to move",
        "Garissa police armoury",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(!text.contains("Mode of shipping"), "{text}");

    // The report's own words in the reader's language; the case's text as written.
    let pdf_in = |query: &str, accept: Option<&str>| {
        let mut rb = s.request(
            reqwest::Method::GET,
            &format!("/api/v1/records/{id}/report{query}"),
            Some(&sup),
        );
        if let Some(a) = accept {
            rb = rb.header("accept-language", a);
        }
        let resp = rb.send().unwrap();
        (resp.status().as_u16(), resp.bytes().unwrap())
    };
    let (status, french) = pdf_in("?lang=fr", Some("ru"));
    assert_eq!(status, 200);
    let french = pdf_text(&french);
    for expected in [
        "Rapport de cache récupérée",
        "Trouvée cachée",
        "Détériorée, transportable",
        "Transférée vers",
        "Garissa EOD team",
    ] {
        assert!(french.contains(expected), "{expected} in:\n{french}");
    }
    assert!(!french.contains("Recovered cache report"), "{french}");
    let (status, russian) = pdf_in("", Some("ru-RU,ru;q=0.9"));
    assert_eq!(status, 200);
    let russian = pdf_text(&russian);
    assert!(
        russian.contains("Отчёт об обнаруженном тайнике"),
        "{russian}"
    );
    let (status, _) = pdf_in("?lang=xx", None);
    assert_eq!(status, 400);

    // The console names the kind and the recovery's facts in the reader's words.
    let mut console = Browser::new(&s);
    console.sign_in("supervisor.customs");
    let page = console.get(&format!("/records/{id}"));
    assert_eq!(page.status, 200, "{}", page.body);
    for expected in [
        "Recovered cache",
        "How it was found",
        "Found hidden",
        "Moved to a store",
        "Garissa police armoury",
        "/report.pdf",
    ] {
        assert!(page.body.contains(expected), "{expected}");
    }
    let list = console.get("/records?kind=recovered_cache");
    assert!(list.body.contains("KE-CUS-2026-CACHE-9"), "{}", list.body);
    assert!(!list.body.contains("KE-CUS-2026-0117"), "{}", list.body);
}

#[test]
fn a_cache_shared_with_its_own_agency_only_is_a_hit_and_nothing_more_elsewhere() {
    let s = Server::demo();
    let device = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &device);
    let c = cache(agency, user, SharingScope::OwnAgency);
    let id = c.id.to_string();
    let results = push(&s, &device, &[case_op(None, &c)]);
    assert!(
        matches!(results[0].outcome, OpOutcome::Accepted { .. }),
        "{results:?}"
    );
    let depot = s.login("supervisor.depot");
    let (status, trace) = s.get(
        &format!("/api/v1/trace?lot={LOT}&manufacturer=17&kind=recovered_cache"),
        Some(&depot),
    );
    assert_eq!(status, 200, "{trace}");
    assert!(!trace.to_string().contains(&id), "{trace}");
    assert!(!trace.to_string().contains("Garissa"), "{trace}");
    assert_eq!(s.get(&format!("/api/v1/records/{id}"), Some(&depot)).0, 404);
    assert_eq!(
        s.get(
            &format!("/api/v1/records/{id}/report?format=json"),
            Some(&depot)
        )
        .0,
        404
    );
}

#[test]
fn bad_recoveries_are_refused_with_the_field_to_correct() {
    let s = Server::demo();
    let device = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &device);

    let mut nowhere = cache(agency, user, SharingScope::National);
    if let Some(r) = nowhere.recovery.as_mut() {
        r.moved_to = None;
        r.action_on = Some(time::macros::date!(2020 - 01 - 01));
    }
    let results = push(&s, &device, &[case_op(None, &nowhere)]);
    let OpOutcome::Rejected { errors, .. } = &results[0].outcome else {
        panic!("{results:?}");
    };
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "recovery.moved_to: is required",
            "recovery.action_on: must not be before seized_on"
        ]
    );

    // A seizure stays a seizure: the same id pushed as a recovered cache is refused.
    let seizure = seizure_case(agency, user, CaseStatus::Draft, vec![]);
    let results = push(&s, &device, &[case_op(None, &seizure)]);
    assert!(matches!(results[0].outcome, OpOutcome::Accepted { .. }));
    let mut turned = cache(agency, user, SharingScope::National);
    turned.id = seizure.id;
    turned.status = CaseStatus::Draft;
    let results = push(&s, &device, &[case_op(Some(1), &turned)]);
    let OpOutcome::Rejected { message, .. } = &results[0].outcome else {
        panic!("{results:?}");
    };
    assert!(
        message.contains("recorded as a seizure and cannot become a recovered cache"),
        "{message}"
    );

    // Nothing refused was stored.
    let officer = s.login("officer.customs");
    assert_eq!(
        s.get(&format!("/api/v1/records/{}", nowhere.id), Some(&officer))
            .0,
        404
    );
    let (_, kept) = s.get(&format!("/api/v1/records/{}", seizure.id), Some(&officer));
    assert_eq!(kept["kind"], "seizure_case");
}

#[test]
fn an_app_before_protocol_version_3_neither_reads_nor_erases_a_recovery() {
    let s = Server::demo();
    let device = device_login(&s, "officer.customs");
    let (agency, user) = me(&s, &device);
    let mut c = cache(agency, user, SharingScope::National);
    c.status = CaseStatus::Draft;
    let results = push(&s, &device, &[case_op(None, &c)]);
    assert!(matches!(results[0].outcome, OpOutcome::Accepted { .. }));

    // An old app (version 2) edits the draft as it knows it, without the recovery.
    let mut old = serde_json::to_value(case_op(Some(1), &c)).unwrap();
    old["change"]["record"]
        .as_object_mut()
        .unwrap()
        .remove("recovery");
    old["change"]["record"]["items"][0]["quantity"] = json!(7);
    let (status, answer) = s.post(
        "/api/v1/sync/push",
        Some(&device),
        &json!({ "version": 2, "operations": [old] }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"][0]["outcome"], "accepted", "{answer}");
    let officer = s.login("officer.customs");
    let (_, record) = s.get(&format!("/api/v1/records/{}", c.id), Some(&officer));
    assert_eq!(record["kind"], "recovered_cache");
    assert_eq!(record["body"]["items"][0]["quantity"], 7);
    assert_eq!(
        record["body"]["recovery"]["recovered_by"],
        "Garissa EOD team"
    );

    // Submitted by the new app; a stale edit from the old one gets a conflict whose
    // record it can read.
    let mut submitted = c.clone();
    submitted.status = CaseStatus::Submitted;
    submitted.items[0].quantity = 7;
    let results = push(&s, &device, &[case_op(Some(2), &submitted)]);
    assert!(
        matches!(results[0].outcome, OpOutcome::Accepted { revision: 3, .. }),
        "{results:?}"
    );
    let stale = case_op(Some(1), &c);
    let (_, answer) = s.post(
        "/api/v1/sync/push",
        Some(&device),
        &json!({ "version": 2, "operations": [stale] }),
    );
    let outcome = &answer["results"][0];
    assert_eq!(outcome["outcome"], "conflict", "{answer}");
    assert!(
        outcome["server_record"].get("recovery").is_none(),
        "{answer}"
    );
    serde_json::from_value::<SeizureCase>(outcome["server_record"].clone()).unwrap();
}

#[test]
fn the_demo_holds_a_recovered_cache() {
    let s = Server::demo();
    let sup = s.login("supervisor.customs");
    let (status, page) = s.get("/api/v1/review/queue?kind=recovered_cache", Some(&sup));
    assert_eq!(status, 200, "{page}");
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{page}");
    assert_eq!(entries[0]["title"], "KE-CUS-2026-0133");
    let (_, record) = s.get(
        &format!("/api/v1/records/{}", entries[0]["id"].as_str().unwrap()),
        Some(&sup),
    );
    assert_eq!(record["body"]["recovery"]["circumstance"], "abandoned");
    assert_eq!(
        record["body"]["recovery"]["moved_to"],
        "Customs armoury, Nairobi"
    );
}
