//! Tracing through the real service: visible matches in detail, hit / no-hit for the
//! rest, the leak tests (1 vs 5 unseen matches, no-hit vs hit, errors, sort order),
//! access requests granted for one record, expired, refused, decided by the holder
//! only, the lot-split view, and the audit entries of each step.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::{Value, json};
use time::OffsetDateTime;
use tracemark_shared::domain::*;
use tracemark_shared::sync::*;
use tracemark_tests::Server;
use tracemark_tests::sync::device_login;
use uuid::Uuid;

/// The lot of every demo seizure, stock check line and transfer.
const DEMO_LOT: &str = "17-85-0412";

/// The border police's officer pushes `n` seizure cases of `lot`, shared with no one,
/// through the real sync push; returns their ids.
fn push_cases(s: &Server, lot: &str, n: usize) -> Vec<String> {
    let t = device_login(s, "officer.border");
    let (_, me) = s.get("/api/v1/me", Some(&t));
    let agency: AgencyId = me["agency_id"].as_str().unwrap().parse().unwrap();
    let user: UserId = me["user_id"].as_str().unwrap().parse().unwrap();
    let ops: Vec<Operation> = (0..n)
        .map(|i| {
            let mut c = tracemark_mobile::core::fixtures::seizure_case(
                agency,
                user,
                CaseStatus::Submitted,
                vec![],
            );
            c.reference = format!("TZ-BP-{lot}-{i}");
            c.scope = SharingScope::OwnAgency;
            c.items[0].lot.lot = lot.into();
            c.items[0].markings = vec![format!("(01)09506000134352(21)SN-{lot}-{i}")];
            Operation {
                op_id: Uuid::new_v4(),
                base_revision: None,
                device_time: OffsetDateTime::now_utc(),
                change: Change::SeizureCase {
                    record: Box::new(c),
                },
            }
        })
        .collect();
    let req = PushRequest {
        version: PROTOCOL_VERSION,
        operations: ops,
    };
    let (status, body) = s.post(
        "/api/v1/sync/push",
        Some(&t),
        &serde_json::to_value(req).unwrap(),
    );
    assert_eq!(status, 200, "{body}");
    let results: PushResponse = serde_json::from_value(body).unwrap();
    results
        .results
        .iter()
        .map(|r| match &r.outcome {
            OpOutcome::Accepted { record_id, .. } => record_id.to_string(),
            other => panic!("push refused: {other:?}"),
        })
        .collect()
}

/// The raw bytes of a GET, for byte-for-byte comparisons.
fn raw(s: &Server, path: &str, token: &str) -> (u16, String) {
    let resp = s.request(Method::GET, path, Some(token)).send().unwrap();
    (resp.status().as_u16(), resp.text().unwrap())
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["record_id"].as_str().unwrap())
        .collect()
}

fn holder_names(answer: &Value) -> Vec<&str> {
    answer["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["agency_name"].as_str().unwrap())
        .collect()
}

/// Every record id in the demo server, from each agency's own listing.
fn all_records(s: &Server) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for user in [
        "supervisor.customs",
        "supervisor.depot",
        "supervisor.border",
    ] {
        let t = s.login(user);
        let (_, page) = s.get("/api/v1/records?limit=500", Some(&t));
        let (_, me) = s.get("/api/v1/me", Some(&t));
        for r in page["records"].as_array().unwrap() {
            if r["agency_id"] == me["agency_id"] {
                all.push((
                    r["id"].as_str().unwrap().to_string(),
                    r["agency_id"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    all
}

#[test]
fn trace_shows_visible_detail_and_only_holders_of_the_rest() {
    let s = Server::demo();
    let t = s.login("supervisor.border");
    // Spelling, case and spacing of the criteria do not matter.
    let (status, a) = s.get(
        "/api/v1/trace?lot=%2017-85-0412%20&manufacturer=17&calibre=7,62%C3%9739",
        Some(&t),
    );
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["criteria"]["lot"], DEMO_LOT);
    assert_eq!(a["criteria"]["calibre"], "7.62x39mm");
    // Visible: the customs case shared with the border police, and its own transfer.
    let kinds: Vec<&str> = a["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 2, "{a}");
    assert!(kinds.contains(&"seizure_case") && kinds.contains(&"transfer"));
    let case = a["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "seizure_case")
        .unwrap();
    assert_eq!(case["line"]["location"], "Namanga border post");
    assert_eq!(case["line"]["reference"], "KE-CUS-2026-0121");
    assert_eq!(case["line"]["quantity"], 1440);
    assert_eq!(case["date"], "2026-10-14");
    assert_eq!(case["status"], "submitted");
    assert_eq!(case["agency_name"], "Customs Directorate (demo)");
    // Unseen: the two Kenyan agencies, by name, nothing else about them.
    assert_eq!(
        holder_names(&a),
        [
            "Customs Directorate (demo)",
            "Defence Logistics Command (demo)"
        ]
    );
    for h in a["holders"].as_array().unwrap() {
        let mut keys: Vec<&str> = h.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["agency_id", "agency_name", "country"]);
    }
    assert_eq!(
        (a["truncated"].as_bool(), a["limit"].as_u64()),
        (Some(false), Some(500))
    );
    // No unseen record id appears anywhere in the answer.
    let text = a.to_string();
    let visible = ids(&a["matches"]);
    for (id, _) in all_records(&s) {
        assert_eq!(text.contains(&id), visible.contains(&id.as_str()), "{id}");
    }

    // The same query from the depot: its stock check, its own transfer, the national
    // customs case and recovered cache; holders are the border police and the customs directorate.
    let td = s.login("supervisor.depot");
    let (_, d) = s.get(
        &format!("/api/v1/trace?lot={DEMO_LOT}&manufacturer=17"),
        Some(&td),
    );
    let mut kinds: Vec<&str> = d["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        ["recovered_cache", "seizure_case", "stock_check", "transfer"],
        "{d}"
    );
    assert_eq!(
        holder_names(&d),
        ["Border Police (demo)", "Customs Directorate (demo)"]
    );
    // NSN with its lot, transfers only: the depot's own, and the unseen Tanzanian one.
    let (_, n) = s.get(
        &format!("/api/v1/trace?nsn=1305-12-345-6789&lot={DEMO_LOT}&kind=transfer"),
        Some(&td),
    );
    assert_eq!(n["matches"].as_array().unwrap().len(), 1, "{n}");
    assert_eq!(holder_names(&n), ["Border Police (demo)"]);
    // Typed without hyphens, or with spaces: the same NSN, the same answer.
    for typed in ["1305123456789", "NSN%201305%2012%20345%206789"] {
        let (_, same) = s.get(
            &format!("/api/v1/trace?nsn={typed}&lot={DEMO_LOT}&kind=transfer"),
            Some(&td),
        );
        assert_eq!(same["matches"], n["matches"], "{typed}");
        assert_eq!(holder_names(&same), ["Border Police (demo)"], "{typed}");
    }
    // The NSN alone names a kind of ammunition, not a lot: only what the depot sees.
    let (_, broad) = s.get(
        "/api/v1/trace?nsn=1305-12-345-6789&kind=transfer",
        Some(&td),
    );
    assert_eq!(broad["matches"], n["matches"]);
    assert_eq!(holder_names(&broad), Vec::<&str>::new());

    // Bad input: clear 422s with the field; other roles 403; no token 401.
    for (q, field) in [
        ("/api/v1/trace", "query"),
        ("/api/v1/trace?kind=transfer", "query"),
        ("/api/v1/trace?nsn=12-34", "nsn"),
        ("/api/v1/trace?gtin=abc", "gtin"),
        ("/api/v1/trace?year=1200", "year"),
        ("/api/v1/trace?lot=x&kind=photo", "kind"),
    ] {
        let (status, e) = s.get(q, Some(&t));
        assert_eq!(status, 422, "{q}: {e}");
        assert_eq!(e["error"]["fields"][0]["field"], field, "{q}: {e}");
    }
    assert_eq!(s.get("/api/v1/trace?lot=x&colour=red", Some(&t)).0, 400);
    assert_eq!(s.get("/api/v1/trace?year=abc", Some(&t)).0, 400);
    let officer = s.login("officer.border");
    assert_eq!(s.get("/api/v1/trace?lot=x", Some(&officer)).0, 403);
    assert_eq!(s.get("/api/v1/trace?lot=x", None).0, 401);
    assert_eq!(s.audit_count("trace_query", &user_id(&s, &t)), 1);
}

fn user_id(s: &Server, token: &str) -> String {
    s.get("/api/v1/me", Some(token)).1["user_id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn one_or_five_unseen_matches_give_the_same_bytes() {
    let s = Server::demo();
    let t = s.login("supervisor.customs");
    let trace = "/api/v1/trace?lot=LEAK-1&manufacturer=17";
    let split = "/api/v1/trace/lot-split?lot=LEAK-1&manufacturer=17";
    let by_gtin = "/api/v1/trace?gtin=9506000134352&lot=LEAK-1";
    let (_, nothing) = raw(&s, trace, &t);

    push_cases(&s, "LEAK-1", 1);
    let one = [raw(&s, trace, &t), raw(&s, split, &t), raw(&s, by_gtin, &t)];
    push_cases(&s, "LEAK-1", 4);
    let five = [raw(&s, trace, &t), raw(&s, split, &t), raw(&s, by_gtin, &t)];
    assert_eq!(one, five, "an agency holding 1 or 5 matches looks the same");
    let (status, body) = &one[0];
    assert_eq!(*status, 200);
    let hit: Value = serde_json::from_str(body).unwrap();
    assert_eq!(holder_names(&hit), ["Border Police (demo)"]);
    assert_eq!(hit["matches"], json!([]));

    // A no-hit answer differs from a hit answer in the holders list and nothing else.
    let mut no_hit: Value = serde_json::from_str(&nothing).unwrap();
    assert_eq!(no_hit["holders"], json!([]));
    no_hit["holders"] = hit["holders"].clone();
    assert_eq!(no_hit, hit);

    // Serials are indexed too; the border police's own supervisor sees all five.
    let (_, serial) = s.get(
        "/api/v1/trace?gtin=9506000134352&serial=SN-LEAK-1-3",
        Some(&t),
    );
    assert_eq!(holder_names(&serial), ["Border Police (demo)"]);
    let tb = s.login("supervisor.border");
    let (_, own) = s.get(trace, Some(&tb));
    assert_eq!(own["matches"].as_array().unwrap().len(), 5);
    assert_eq!(own["matches"][0]["line"]["gtin"], "09506000134352");
    assert_eq!(own["holders"], json!([]));
}

#[test]
fn unseen_records_stay_out_of_errors() {
    let s = Server::demo();
    let unseen = push_cases(&s, "ERR-1", 1).remove(0);
    let t = s.login("supervisor.customs");
    // Reading it is the same 404 as reading an id that does not exist.
    let (s1, missing) = raw(&s, &format!("/api/v1/records/{}", Uuid::new_v4()), &t);
    let (s2, hidden) = raw(&s, &format!("/api/v1/records/{unseen}"), &t);
    assert_eq!((s1, &missing), (s2, &hidden));
    // Asking an agency is accepted alike whether it holds matches or not.
    let (_, border) = s.get("/api/v1/agencies", Some(&t));
    let border = border
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Border Police (demo)")
        .unwrap()["id"]
        .clone();
    let ask = |lot: &str| {
        s.post(
            "/api/v1/access-requests",
            Some(&t),
            &json!({ "agency_id": border, "criteria": { "lot": lot }, "reason": "case 7" }),
        )
    };
    let (a, hit) = ask("ERR-1");
    let (b, miss) = ask("NO-SUCH-LOT");
    assert_eq!((a, b), (201, 201), "{hit} {miss}");
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&hit), keys(&miss));
    assert!(!hit.to_string().contains(&unseen));
    assert!(
        hit.get("matching").is_none(),
        "the requester never sees matches"
    );
    // Bad requests say what to fix and reveal nothing.
    let (status, e) = s.post(
        "/api/v1/access-requests",
        Some(&t),
        &json!({ "agency_id": border, "criteria": {}, "reason": " " }),
    );
    assert_eq!(status, 422, "{e}");
    let fields: Vec<&str> = e["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["criteria.query", "reason"]);
    let (status, _) = s.post(
        "/api/v1/access-requests",
        Some(&t),
        &json!({ "agency_id": Uuid::new_v4().to_string(), "criteria": { "lot": "x" }, "reason": "r" }),
    );
    assert_eq!(status, 404);
}

/// Sends an access request from the customs directorate to the border police.
fn request(s: &Server, token: &str, lot: &str) -> String {
    let (_, trace) = s.get(
        &format!("/api/v1/trace?lot={lot}&manufacturer=17"),
        Some(token),
    );
    let holder = trace["holders"][0]["agency_id"].clone();
    let (status, body) = s.post(
        "/api/v1/access-requests",
        Some(token),
        &json!({ "agency_id": holder, "criteria": { "lot": lot },
                 "reason": "Seized at Namanga; we need the case to trace the route" }),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "pending");
    body["id"].as_str().unwrap().to_string()
}

#[test]
fn a_grant_for_one_record_shows_that_record_until_it_expires() {
    let s = Server::demo();
    let cases = push_cases(&s, "GRANT-1", 2);
    let t = s.login("supervisor.customs");
    let id = request(&s, &t, "GRANT-1");
    assert_eq!(s.audit_count("access_request", &id), 1);

    // The holder finds it in its inbox and sees its own matching records.
    let tb = s.login("supervisor.border");
    let (_, inbox) = s.get("/api/v1/access-requests?box=incoming", Some(&tb));
    assert_eq!(inbox[0]["id"], id.as_str());
    assert_eq!(
        inbox[0]["reason"],
        "Seized at Namanga; we need the case to trace the route"
    );
    let (_, detail) = s.get(&format!("/api/v1/access-requests/{id}"), Some(&tb));
    let mut matching = ids(&detail["matching"]);
    matching.sort_unstable();
    let mut expected: Vec<&str> = cases.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(matching, expected);
    // A record that does not match cannot be granted through this request.
    let decision = format!("/api/v1/access-requests/{id}/decision");
    let (status, e) = s.post(
        &decision,
        Some(&tb),
        &json!({ "decision": "grant", "record_ids": [Uuid::new_v4().to_string()] }),
    );
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["error"]["fields"][0]["field"], "record_ids[0]");
    for bad in [
        json!({ "decision": "grant", "days": 0 }),
        json!({ "decision": "grant", "days": 366 }),
    ] {
        assert_eq!(s.post(&decision, Some(&tb), &bad).0, 422);
    }

    let (status, granted) = s.post(
        &decision,
        Some(&tb),
        &json!({ "decision": "grant", "record_ids": [cases[0]], "days": 7,
                 "comment": "For the Namanga investigation only" }),
    );
    assert_eq!(status, 200, "{granted}");
    assert_eq!(granted["status"], "granted");
    assert_eq!(granted["granted_records"], json!([cases[0]]));
    assert_eq!(s.audit_count("access_grant", &id), 1);
    assert_eq!(
        s.post(&decision, Some(&tb), &json!({ "decision": "refuse" }))
            .0,
        409
    );

    // The requester now sees that record in detail, and only that one.
    let (_, after) = s.get("/api/v1/trace?lot=GRANT-1&manufacturer=17", Some(&t));
    assert_eq!(ids(&after["matches"]), [cases[0].as_str()]);
    assert_eq!(
        holder_names(&after),
        ["Border Police (demo)"],
        "the other is still unseen"
    );
    assert_eq!(
        s.get(&format!("/api/v1/records/{}", cases[0]), Some(&t)).0,
        200
    );
    assert_eq!(
        s.get(&format!("/api/v1/records/{}", cases[1]), Some(&t)).0,
        404
    );
    // Only the requesting agency: the depot sees neither.
    let td = s.login("supervisor.depot");
    assert_eq!(
        s.get(&format!("/api/v1/records/{}", cases[0]), Some(&td)).0,
        404
    );
    let (_, outbox) = s.get("/api/v1/access-requests?box=outgoing", Some(&t));
    assert_eq!(outbox[0]["status"], "granted");
    assert!(outbox[0]["expires_at"].as_str().unwrap().ends_with('Z'));

    // Expiry: once the grant's time has passed (written here as a past time), the
    // record is hidden again by the visibility rule itself.
    s.sql(&format!(
        "UPDATE access_grants SET expires_at = '2020-01-01T00:00:00Z' WHERE request_id = '{id}'"
    ));
    assert_eq!(
        s.get(&format!("/api/v1/records/{}", cases[0]), Some(&t)).0,
        404
    );
    let (_, expired) = s.get("/api/v1/trace?lot=GRANT-1&manufacturer=17", Some(&t));
    assert_eq!(expired["matches"], json!([]));
    assert_eq!(holder_names(&expired), ["Border Police (demo)"]);
}

#[test]
fn refusal_leaks_nothing_and_only_the_holder_decides() {
    let s = Server::demo();
    push_cases(&s, "REFUSE-1", 1);
    let t = s.login("supervisor.customs");
    let id = request(&s, &t, "REFUSE-1");
    let (_, before) = raw(&s, "/api/v1/trace?lot=REFUSE-1&manufacturer=17", &t);
    let decision = format!("/api/v1/access-requests/{id}/decision");
    let refuse = json!({ "decision": "refuse", "comment": "Ask through the liaison office" });

    // The requester may read its request but not decide it; a third agency sees
    // nothing; other roles are refused before anything is read.
    assert_eq!(s.post(&decision, Some(&t), &refuse).0, 403);
    let (_, mine) = s.get(&format!("/api/v1/access-requests/{id}"), Some(&t));
    assert_eq!(mine["status"], "pending");
    assert!(mine.get("matching").is_none());
    let td = s.login("supervisor.depot");
    let (s1, other) = raw(&s, &format!("/api/v1/access-requests/{id}"), &td);
    let (s2, none) = raw(
        &s,
        &format!("/api/v1/access-requests/{}", Uuid::new_v4()),
        &td,
    );
    assert_eq!((s1, &other), (s2, &none));
    assert_eq!(s1, 404);
    assert_eq!(s.post(&decision, Some(&td), &refuse).0, 404);
    let officer = s.login("officer.border");
    assert_eq!(s.post(&decision, Some(&officer), &refuse).0, 403);
    assert_eq!(
        s.post(
            &decision,
            Some(&s.login("supervisor.border")),
            &json!({ "decision": "refuse", "days": 3 })
        )
        .0,
        422
    );

    let tb = s.login("supervisor.border");
    let (status, refused) = s.post(&decision, Some(&tb), &refuse);
    assert_eq!(status, 200, "{refused}");
    assert_eq!(refused["status"], "refused");
    assert_eq!(s.audit_count("access_refuse", &id), 1);
    assert_eq!(s.audit_count("access_grant", &id), 0);
    // Refused: the requester learns the decision and comment, nothing more.
    let (_, mine) = s.get(&format!("/api/v1/access-requests/{id}"), Some(&t));
    assert_eq!(mine["status"], "refused");
    assert_eq!(mine["comment"], "Ask through the liaison office");
    assert_eq!(mine["granted_records"], json!([]));
    assert!(mine.get("matching").is_none());
    assert_eq!(
        raw(&s, "/api/v1/trace?lot=REFUSE-1&manufacturer=17", &t).1,
        before
    );
}

#[test]
fn lot_split_shows_where_the_lot_went() {
    let s = Server::demo();
    let td = s.login("supervisor.depot");
    let (status, split) = s.get(
        &format!("/api/v1/trace/lot-split?lot={DEMO_LOT}&manufacturer=17&calibre=7.62x39mm"),
        Some(&td),
    );
    assert_eq!(status, 200, "{split}");
    let transfers = split["transfers"].as_array().unwrap();
    assert_eq!(transfers.len(), 1, "{split}");
    let line = &transfers[0]["line"];
    assert_eq!(line["end_user"], "Defence Logistics Command (demo)");
    assert_eq!(line["reference"], "KE-EUC-2016-0042");
    assert_eq!(line["importer"], "Ministry of Defence, Kenya (demo)");
    assert_eq!(line["quantity"], 24000);
    assert_eq!(transfers[0]["date"], "2016-06-12");
    let inventories = split["inventories"].as_array().unwrap();
    assert_eq!(inventories.len(), 1);
    assert_eq!(
        inventories[0]["line"]["depot"],
        "CAD-1 Central Ammunition Depot"
    );
    assert_eq!(inventories[0]["line"]["location"], "B1-R1");
    assert_eq!(inventories[0]["line"]["quantity"], 12000);
    // The national seizure and the national recovered cache of the lot.
    let seizures = split["seizures"].as_array().unwrap();
    let found: Vec<(&str, &str)> = seizures
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap(),
                m["line"]["reference"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("recovered_cache", "KE-CUS-2026-0133"),
            ("seizure_case", "KE-CUS-2026-0117")
        ]
    );
    // The Tanzanian transfer and the unshared customs cases: holders only.
    assert_eq!(
        holder_names(&split),
        ["Border Police (demo)", "Customs Directorate (demo)"]
    );
    assert!(!split.to_string().contains("TZ-EUC-2018-0007"));
    assert!(!split.to_string().contains("KE-CUS-2026-0130"));
    // The Kenyan certificate forbade retransfer, and its delivery was verified: the
    // seizure is marked. The Tanzanian transfer's terms are not shown (not visible).
    assert_eq!(split["retransfer_barred"], true);
    let terms = split["transfer_terms"].as_array().unwrap();
    assert_eq!(terms.len(), 1, "{split}");
    assert_eq!(terms[0]["end_user_certificate_ref"], "KE-EUC-2016-0042");
    assert_eq!(terms[0]["non_retransfer"]["clause"], true);
    assert_eq!(terms[0]["delivery_verification_ref"], "KE-DVC-2016-0042");
    let mut console = tracemark_tests::console::Browser::new(&s);
    console.sign_in("supervisor.depot");
    let page = console.get(&format!(
        "/trace/lot-split?lot={DEMO_LOT}&manufacturer=17&calibre=7.62x39mm"
    ));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("no retransfer"), "{}", page.body);
    assert!(
        page.body.contains("delivery verified (KE-DVC-2016-0042)"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("may be a diversion in breach of the end-user certificate"),
        "{}",
        page.body
    );

    let (status, e) = s.get("/api/v1/trace/lot-split?manufacturer=17", Some(&td));
    assert_eq!(status, 422);
    assert_eq!(e["error"]["fields"][0]["field"], "lot");
    assert_eq!(
        s.get(
            "/api/v1/trace/lot-split?lot=x",
            Some(&s.login("inspector.depot"))
        )
        .0,
        403
    );
}

/// Records that arrive by import are traced like any other: a transfer imported by one
/// agency shows its end user to that agency's lot-split, and only a hit to another.
#[test]
fn imported_transfers_and_inventories_are_traced() {
    let s = Server::demo();
    let customs = s.login("supervisor.customs");
    let file = "EUC ref,Exporter,Importer,End user,Date,Manufacturer,Calibre,Year,Lot,Qty\n\
                EUC-IMP-9,Plant 9,Ministry of Interior,Rapid Unit,2021-03-01,9,7.62x39mm,2021,IMP-LOT-9,5000\n";
    let rb = s
        .request(
            Method::POST,
            "/api/v1/imports/transfers?scope=own_agency",
            Some(&customs),
        )
        .header("content-type", "text/csv")
        .body(file);
    let (status, r) = tracemark_tests::respond(rb);
    assert_eq!(status, 201, "{r}");
    let depot = s.login("supervisor.depot");
    let inventory = "depot,location,manufacturer,calibre,year,lot,quantity\n\
                     CAD-1,B9-R9,9,7.62x39mm,2021,IMP-LOT-9,700\n";
    let rb = s
        .request(
            Method::POST,
            "/api/v1/imports/inventory?assign=inspector.depot&title=Spot%20check",
            Some(&depot),
        )
        .header("content-type", "text/csv")
        .body(inventory);
    let (status, r) = tracemark_tests::respond(rb);
    assert_eq!(status, 201, "{r}");

    let split = "/api/v1/trace/lot-split?lot=IMP-LOT-9&calibre=7.62x39mm";
    let (status, own) = s.get(split, Some(&customs));
    assert_eq!(status, 200, "{own}");
    assert_eq!(
        own["transfers"][0]["line"]["end_user"], "Rapid Unit",
        "{own}"
    );
    assert_eq!(holder_names(&own), ["Defence Logistics Command (demo)"]);
    let (_, other) = s.get(split, Some(&depot));
    assert!(other["transfers"].as_array().unwrap().is_empty(), "{other}");
    assert_eq!(other["inventories"][0]["line"]["location"], "B9-R9");
    assert_eq!(holder_names(&other), ["Customs Directorate (demo)"]);
    assert!(!other.to_string().contains("Rapid Unit"));
}
