//! Parties across cases through the real service: the demo's customs cases name a
//! freight forwarder and a vessel; the border police record the same broker spelled
//! otherwise and the same vessel by its bare IMO number. Each supervisor sees the
//! records their agency may see in detail and, for the rest, only who holds them; a
//! concealment search is never a holder search; every search is limited, noticed and
//! audited.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use tracemark_mobile::core::fixtures::seizure_case;
use tracemark_shared::domain::*;
use tracemark_shared::sync::Change;
use tracemark_tests::Server;
use tracemark_tests::sync::{assert_all_accepted, device_login, me, op, push};

/// The border police's case naming the broker and the vessel; its reference.
fn border_case(s: &Server) -> String {
    let device = device_login(s, "officer.border");
    let (agency, user) = me(s, &device);
    let mut case = seizure_case(agency, user, CaseStatus::Submitted, vec![]);
    case.reference = "TZ-POL-2026-0009".into();
    case.parties = vec![
        Party {
            name: "EXAMPLE FREIGHT LIMITED".into(),
            role: PartyRole::Broker,
            country: CountryCode::parse("AE").ok(),
            note: None,
            identifier: None,
        },
        Party {
            name: "Example Star".into(),
            role: PartyRole::Carrier,
            country: None,
            note: None,
            identifier: Some("9074729".into()),
        },
    ];
    case.point_of_dispatch = Some("JEBEL-ALI".into());
    let results = push(
        s,
        &device,
        &[op(
            None,
            Change::SeizureCase {
                record: Box::new(case),
            },
        )],
    );
    assert_all_accepted(&results);
    "TZ-POL-2026-0009".into()
}

fn references(answer: &Value) -> Vec<String> {
    let mut refs: Vec<String> = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["reference"].as_str().unwrap().to_string())
        .collect();
    refs.sort();
    refs.dedup();
    refs
}

fn holders(answer: &Value) -> Vec<String> {
    answer["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["agency_name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_broker_and_a_vessel_are_found_across_agencies_by_the_hit_no_hit_rule() {
    let s = Server::demo();
    let border_ref = border_case(&s);
    let customs = s.login("supervisor.customs");

    // The broker, written a third way: the customs cases in detail, the border case
    // as its holder only.
    let (status, a) = s.get(
        "/api/v1/trace/parties?name=Example%20Freight%20L.L.C.",
        Some(&customs),
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["search"]["name"], "example freight");
    assert_eq!(
        references(&a),
        ["KE-CUS-2026-0117", "KE-CUS-2026-0121", "KE-CUS-2026-0130"]
    );
    assert_eq!(holders(&a), ["Border Police (demo)"]);
    assert!(!a.to_string().contains(&border_ref), "{a}");

    // The vessel by its IMO number, prefixed or not.
    let (_, a) = s.get(
        "/api/v1/trace/parties?identifier=IMO%209074729",
        Some(&customs),
    );
    assert_eq!(a["matches"][0]["name"], "MV Example Star");
    assert_eq!(a["matches"][0]["identifier"], "IMO 9074729");
    assert_eq!(holders(&a), ["Border Police (demo)"]);

    // The border police see their own case and the customs case shared with them as
    // partners; customs holds more (its national and own cases).
    let border = s.login("supervisor.border");
    let (_, a) = s.get("/api/v1/trace/parties?identifier=9074729", Some(&border));
    assert_eq!(references(&a), ["KE-CUS-2026-0121", border_ref.as_str()]);
    assert_eq!(holders(&a), ["Customs Directorate (demo)"]);
    // A place of dispatch, however it is written.
    let (_, a) = s.get("/api/v1/trace/parties?place=jebel%20ali", Some(&border));
    assert_eq!(a["matches"][0]["role"], "dispatch");
    assert_eq!(holders(&a), ["Customs Directorate (demo)"]);

    // Another Kenyan agency sees the national case in detail, the rest as holders.
    let depot = s.login("supervisor.depot");
    let (_, a) = s.get("/api/v1/trace/parties?name=example%20freight", Some(&depot));
    assert_eq!(references(&a), ["KE-CUS-2026-0117"]);
    assert_eq!(
        holders(&a),
        ["Border Police (demo)", "Customs Directorate (demo)"]
    );

    // Concealment words find cases the caller may see, and no holders.
    let (_, a) = s.get(
        "/api/v1/trace/parties?concealment=machinery%20crates",
        Some(&depot),
    );
    assert_eq!(references(&a), ["KE-CUS-2026-0117"]);
    assert_eq!(a["holders_searched"], false);
    assert!(holders(&a).is_empty());

    // Bad input, other roles.
    let (status, body) = s.get("/api/v1/trace/parties", Some(&depot));
    assert_eq!(status, 400, "{body}");
    let (status, body) = s.get(
        &format!("/api/v1/trace/parties?name={}", "x".repeat(201)),
        Some(&depot),
    );
    assert_eq!(status, 422, "{body}");
    let (status, _) = s.get(
        "/api/v1/trace/parties?name=x",
        Some(&s.login("officer.customs")),
    );
    assert_eq!(status, 403);

    // The holders learn who searched, and what for; every search is audited.
    let (_, notices) = s.get("/api/v1/trace/notices", Some(&border));
    let searched: Vec<String> = notices["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["party_search"]["name"].as_str().map(str::to_string))
        .collect();
    assert!(
        searched.contains(&"example freight".to_string()),
        "{notices}"
    );
    assert_eq!(
        s.audit_count("party_query", "%"),
        6,
        "one per search answered"
    );

    // The console page.
    let mut browser = tracemark_tests::console::Browser::new(&s);
    browser.sign_in("supervisor.customs");
    let page = browser.get("/trace/parties?name=example+freight+ltd");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("KE-CUS-2026-0117"), "{}", page.body);
    assert!(
        page.body.contains("Border Police (demo) (TZ)"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&border_ref), "{}", page.body);
}

/// The id of the record a search answer lists under `reference`.
fn record_of(answer: &Value, reference: &str) -> String {
    answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["reference"] == reference)
        .map(|m| m["record_id"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{reference} in {answer}"))
}

#[test]
fn a_holder_found_by_party_is_asked_for_access_and_grants_the_records_naming_it() {
    let s = Server::demo();
    let border_ref = border_case(&s);
    let border = s.login("supervisor.border");
    let (_, own) = s.get("/api/v1/trace/parties?identifier=9074729", Some(&border));
    let border_record = record_of(&own, &border_ref);

    // Customs finds the vessel at the border police, as a holder only.
    let customs = s.login("supervisor.customs");
    let (_, a) = s.get(
        "/api/v1/trace/parties?identifier=IMO%209074729",
        Some(&customs),
    );
    let holder = a["holders"][0]["agency_id"].as_str().unwrap().to_string();
    assert_eq!(
        s.get(&format!("/api/v1/records/{border_record}"), Some(&customs))
            .0,
        404
    );

    // Bad requests say what to correct.
    let ask = |body: Value| s.post("/api/v1/access-requests", Some(&customs), &body);
    let (status, body) = ask(serde_json::json!({ "agency_id": holder,
        "party": { "concealment": "false floor" }, "reason": "Same route" }));
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("\"party\""), "{body}");
    let (status, body) = ask(serde_json::json!({ "agency_id": holder,
        "criteria": { "lot": "17-85-0412" }, "party": { "identifier": "9074729" },
        "reason": "Same route" }));
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("criteria"), "{body}");
    let (status, body) = ask(serde_json::json!({ "agency_id": holder,
        "party": { "name": "x".repeat(201) }, "reason": "Same route" }));
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("party.name"), "{body}");

    // The request by the vessel's number, kept normalised.
    let (status, request) = ask(serde_json::json!({ "agency_id": holder,
        "party": { "identifier": "IMO 9074729" },
        "reason": "The vessel carried our seizure KE-CUS-2026-0117" }));
    assert_eq!(status, 201, "{request}");
    assert_eq!(request["party"]["identifier"], "9074729");
    assert!(request.get("matching_parties").is_none(), "{request}");
    let id = request["id"].as_str().unwrap().to_string();

    // The same through the console, by the broker's name: the holder's form on the
    // search page, the request in the outgoing box, the holder's page with its
    // matching parties to tick.
    let mut browser = tracemark_tests::console::Browser::new(&s);
    browser.sign_in("supervisor.customs");
    let page = browser.get("/trace/parties?name=EXAMPLE+FREIGHT+LIMITED");
    assert!(page.body.contains("name=\"party_name\""), "{}", page.body);
    let csrf = page.csrf();
    let sent = browser.post(
        "/access",
        &[
            ("csrf", &csrf),
            ("agency_id", &holder),
            ("party_name", "example freight"),
            ("reason", "The broker of our seizures"),
        ],
    );
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(sent.location(), "/access?box=outgoing&done=sent");
    let outgoing = browser.get("/access?box=outgoing");
    assert!(
        outgoing
            .body
            .contains("Records naming: name: example freight"),
        "{}",
        outgoing.body
    );
    let mut holder_browser = tracemark_tests::console::Browser::new(&s);
    holder_browser.sign_in("supervisor.border");
    let (_, incoming) = s.get("/api/v1/access-requests", Some(&border));
    let by_name = incoming
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["party"]["name"] == "example freight")
        .unwrap();
    let page = holder_browser.get(&format!("/access/{}", by_name["id"].as_str().unwrap()));
    assert!(page.body.contains(&border_ref), "{}", page.body);
    assert!(
        page.body
            .contains(&format!("name=\"record\" value=\"{border_record}\"")),
        "{}",
        page.body
    );

    // The holder sees its records naming the vessel, and grants them.
    let (status, seen) = s.get(&format!("/api/v1/access-requests/{id}"), Some(&border));
    assert_eq!(status, 200, "{seen}");
    let matching: Vec<&str> = seen["matching_parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["record_id"].as_str().unwrap())
        .collect();
    assert!(matching.contains(&border_record.as_str()), "{seen}");
    // Only its own records are offered: the customs case shared with it is not.
    assert!(
        seen["matching_parties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["agency_name"] == "Border Police (demo)"),
        "{seen}"
    );
    // A record not naming the vessel cannot be granted under this request.
    let (_, check) = s.get("/api/v1/records?kind=transfer", Some(&border));
    let unrelated = check["records"][0]["id"].as_str().unwrap().to_string();
    let (status, body) = s.post(
        &format!("/api/v1/access-requests/{id}/decision"),
        Some(&border),
        &serde_json::json!({ "decision": "grant", "record_ids": [unrelated] }),
    );
    assert_eq!(status, 422, "{body}");
    let (status, decided) = s.post(
        &format!("/api/v1/access-requests/{id}/decision"),
        Some(&border),
        &serde_json::json!({ "decision": "grant", "days": 7 }),
    );
    assert_eq!(status, 200, "{decided}");
    assert_eq!(
        decided["granted_records"],
        serde_json::json!([border_record])
    );

    // Customs now reads the border case, and its party search lists it in detail.
    assert_eq!(
        s.get(&format!("/api/v1/records/{border_record}"), Some(&customs))
            .0,
        200
    );
    let (_, a) = s.get("/api/v1/trace/parties?identifier=9074729", Some(&customs));
    assert!(references(&a).contains(&border_ref), "{a}");
    assert!(holders(&a).is_empty(), "{a}");
    assert_eq!(s.audit_count("access_request", "%9074729%"), 1);
}
