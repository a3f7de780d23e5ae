//! The review queue, record histories and server-made thumbnails through the real
//! service, on the demo data (two submitted seizure cases with three photos each).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tracemark_tests::{Server, respond};

fn queue(s: &Server, token: &str, query: &str) -> Value {
    let (status, body) = s.get(&format!("/api/v1/review/queue{query}"), Some(token));
    assert_eq!(status, 200, "{body}");
    body
}

#[test]
fn queue_lists_submitted_records_with_photos_codes_and_history() {
    let s = Server::demo();
    let sup = s.login("supervisor.customs");
    let page = queue(&s, &sup, "");
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(
        entries.len(),
        3,
        "the two submitted demo seizures and the recovered cache: {page}"
    );
    assert!(page["next"].is_null());
    // Both demo cases were submitted in one transaction: find the national one.
    let first = entries
        .iter()
        .find(|e| e["title"] == "KE-CUS-2026-0117")
        .unwrap();
    assert!(entries[0]["submitted_at"].as_str() <= entries[1]["submitted_at"].as_str());
    assert!(entries[1]["submitted_at"].as_str() <= entries[2]["submitted_at"].as_str());
    assert_eq!(first["kind"], "seizure_case");
    assert_eq!(first["title"], "KE-CUS-2026-0117");
    assert_eq!(first["author"]["name"], "Joseph Mwangi");
    assert_eq!(first["revision"], 1);
    assert_eq!(first["history"]["revisions"], 1);
    assert_eq!(first["history"]["returned"], 0);
    let photos = first["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 3);
    for p in photos {
        let sha = p["sha256"].as_str().unwrap();
        assert_eq!(p["stored"], true);
        assert_eq!(
            p["thumbnail_url"],
            format!("/api/v1/photos/{sha}/thumbnail")
        );
        assert_eq!(p["original_url"], format!("/api/v1/photos/{sha}"));
    }
    let codes = first["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0]["text"], "17 85");
    assert_eq!(codes[0]["kind"], "plain_text");
    // Oldest first, paged by the opaque cursor.
    let one = queue(&s, &sup, "?limit=1");
    assert_eq!(one["entries"][0]["id"], entries[0]["id"]);
    let next = one["next"].as_str().unwrap();
    let rest = queue(&s, &sup, &format!("?limit=1&after={}", urlencode(next)));
    assert_eq!(rest["entries"][0]["id"], entries[1]["id"]);
    assert!(
        queue(&s, &sup, "?kind=stock_check")["entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let caches = queue(&s, &sup, "?kind=recovered_cache");
    assert_eq!(caches["entries"].as_array().unwrap().len(), 1, "{caches}");
    assert_eq!(caches["entries"][0]["kind"], "recovered_cache");
    assert_eq!(caches["entries"][0]["codes"][0]["text"], "17 85");
    assert_eq!(
        s.get("/api/v1/review/queue?kind=transfer", Some(&sup)).0,
        400
    );
    assert_eq!(s.get("/api/v1/review/queue?after=junk", Some(&sup)).0, 400);
    // Another agency's supervisor sees an empty queue, not the customs cases.
    assert_queue_is_empty(&s, "supervisor.border");
    // Only supervisors.
    let officer = s.login("officer.customs");
    assert_eq!(s.get("/api/v1/review/queue", Some(&officer)).0, 403);
}

/// `user`'s review queue holds nothing.
fn assert_queue_is_empty(s: &Server, user: &str) {
    let entries = queue(s, &s.login(user), "")["entries"].clone();
    assert!(entries.as_array().unwrap().is_empty(), "{user}: {entries}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn history_shows_revisions_and_decisions_to_those_who_may_see_the_record() {
    let s = Server::demo();
    let sup = s.login("supervisor.customs");
    let page = queue(&s, &sup, "");
    let national = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "KE-CUS-2026-0117")
        .unwrap();
    let id = national["id"].as_str().unwrap().to_string();
    let (status, body) = s.post(
        &format!("/api/v1/records/{id}/review"),
        Some(&sup),
        &json!({ "decision": "return", "comment": "Photograph the crate stencil again" }),
    );
    assert_eq!(status, 200, "{body}");
    // The decided record leaves the queue.
    let after = queue(&s, &sup, "");
    assert_eq!(after["entries"].as_array().unwrap().len(), 2);
    assert!(
        after["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != id.as_str())
    );

    // The national case: every KE user may read its history; TZ may not.
    for user in ["officer.customs", "supervisor.customs", "inspector.depot"] {
        let t = s.login(user);
        let (status, h) = s.get(&format!("/api/v1/records/{id}/revisions"), Some(&t));
        assert_eq!(status, 200, "{user}: {h}");
        let revs = h["revisions"].as_array().unwrap();
        assert_eq!(revs.len(), 2);
        assert_eq!(revs[0]["status"], "submitted");
        assert_eq!(revs[0]["author"]["name"], "Joseph Mwangi");
        assert_eq!(revs[1]["status"], "returned");
        assert_eq!(revs[1]["author"]["name"], "Grace Wanjiru");
        let reviews = h["reviews"].as_array().unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0]["decision"], "return");
        assert_eq!(reviews[0]["comment"], "Photograph the crate stencil again");
        assert_eq!(reviews[0]["revision"], 2);
    }
    let tz = s.login("officer.border");
    assert_eq!(
        s.get(&format!("/api/v1/records/{id}/revisions"), Some(&tz))
            .0,
        404
    );
    assert_eq!(
        s.get("/api/v1/records/not-a-record/revisions", Some(&tz)).0,
        404
    );
    assert_eq!(
        s.get(&format!("/api/v1/records/{id}/revisions"), None).0,
        401
    );
}

#[test]
fn thumbnails_are_made_once_cached_and_scoped_like_originals() {
    let s = Server::demo();
    let sup = s.login("supervisor.customs");
    let page = queue(&s, &sup, "");
    let url = page["entries"][0]["photos"][0]["thumbnail_url"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = s.request(Method::GET, &url, Some(&sup)).send().unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert!(
        resp.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = resp.headers()["etag"].to_str().unwrap().to_string();
    let jpeg = resp.bytes().unwrap();
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    // Kept: the same bytes again, and 304 for a current copy.
    let again = s.request(Method::GET, &url, Some(&sup)).send().unwrap();
    assert_eq!(again.bytes().unwrap(), jpeg);
    let not_modified = s
        .request(Method::GET, &url, Some(&sup))
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(not_modified.status().as_u16(), 304);
    assert_eq!(s.get(&url, None).0, 401);

    // A photo nobody outside the uploader's agency may see, and one that is not an
    // image at all behind its PNG signature.
    let officer = s.login("officer.customs");
    let mut junk = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    junk.extend_from_slice(&[42u8; 5000]);
    let sha = hex::encode(Sha256::digest(&junk));
    let (status, body) = respond(
        s.request(
            Method::PUT,
            &format!("/api/v1/photos/{sha}"),
            Some(&officer),
        )
        .body(junk),
    );
    assert_eq!(status, 201, "{body}");
    let thumb = format!("/api/v1/photos/{sha}/thumbnail");
    let (status, body) = s.get(&thumb, Some(&officer));
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "unprocessable");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot be decoded"),
        "{body}"
    );
    assert_eq!(s.get(&thumb, Some(&officer)).0, 422, "remembered");
    let tz = s.login("officer.border");
    assert_eq!(s.get(&thumb, Some(&tz)).0, 404);
    assert_eq!(
        s.get("/api/v1/photos/not-a-hash/thumbnail", Some(&officer))
            .0,
        400
    );
}

/// Customs' officer pushes a submitted seizure case whose one item is `calibre`, with
/// the type stated or not; returns its id.
fn push_case(s: &Server, reference: &str, calibre: &str, stated: Option<&str>) -> String {
    use tracemark_shared::domain::{AgencyId, CaseStatus, UserId};
    use tracemark_shared::sync::{Change, OpOutcome};
    use tracemark_tests::sync::{device_login, me, op, push};
    let t = device_login(s, "officer.customs");
    let (agency, user): (AgencyId, UserId) = me(s, &t);
    let mut c =
        tracemark_mobile::core::fixtures::seizure_case(agency, user, CaseStatus::Submitted, vec![]);
    c.reference = reference.into();
    c.items[0].lot.calibre = calibre.into();
    c.items[0].lot.ammunition_type = stated.map(|t| serde_json::from_value(json!(t)).unwrap());
    let results = push(
        s,
        &t,
        &[op(
            None,
            Change::SeizureCase {
                record: Box::new(c),
            },
        )],
    );
    match &results[0].outcome {
        OpOutcome::Accepted { record_id, .. } => record_id.to_string(),
        other => panic!("push refused: {other:?}"),
    }
}

#[test]
fn manpads_and_atgw_seizures_come_first_in_their_agency_queue() {
    let s = Server::demo();
    let sup = s.login("supervisor.customs");
    let before = queue(&s, &sup, "")["entries"].as_array().unwrap().len();
    // Submitted after the demo cases: a MANPADS missile named in the calibre text, an
    // item stated to be ATGW, and a case of rifle cartridges.
    let igla = push_case(&s, "KE-CUS-2026-0201", "9K38 Igla", None);
    let atgw = push_case(&s, "KE-CUS-2026-0202", "unknown tube", Some("atgw"));
    let rifle = push_case(&s, "KE-CUS-2026-0203", "7.62x39mm", None);
    let page = queue(&s, &sup, "");
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries.len(), before + 3);
    assert_eq!(entries[0]["id"], igla.as_str());
    assert_eq!(entries[0]["priority"], "manpads");
    assert_eq!(entries[1]["id"], atgw.as_str());
    assert_eq!(entries[1]["priority"], "atgw");
    for e in &entries[2..] {
        assert!(e.get("priority").is_none(), "{e}");
    }
    assert_eq!(entries.last().unwrap()["id"], rifle.as_str());
    // Paged one at a time, the order holds across the flagged / unflagged boundary.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let q = match &after {
            Some(a) => format!("?limit=1&after={}", urlencode(a)),
            None => "?limit=1".into(),
        };
        let p = queue(&s, &sup, &q);
        seen.extend(
            p["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].clone()),
        );
        match p["next"].as_str() {
            Some(n) => after = Some(n.into()),
            None => break,
        }
    }
    let ids: Vec<Value> = entries.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(seen, ids);
    // The console's review page leads with the flagged cases, saying why.
    let mut b = tracemark_tests::console::Browser::new(&s);
    b.sign_in("supervisor.customs");
    let page = b.get("/review").body;
    let first = page.find("KE-CUS-2026-0201").unwrap();
    assert!(first < page.find("KE-CUS-2026-0202").unwrap());
    assert!(page.find("KE-CUS-2026-0202").unwrap() < page.find("KE-CUS-2026-0203").unwrap());
    assert!(page.contains("Priority investigation: MANPADS missile"));
    assert!(page.contains("Priority investigation: anti-tank guided missile"));
    // Each item's type on the record's page: stated, or what its marks tell.
    let record = b.get(&format!("/records/{igla}")).body;
    assert!(
        record.contains("MANPADS missile <span class=\"hint\">(from the marks)</span>"),
        "{record}"
    );
    let record = b.get(&format!("/records/{atgw}")).body;
    assert!(
        record.contains("<td>Anti-tank guided missile</td>"),
        "{record}"
    );
    // The flag is the case's own agency's business: the border police see nothing.
    assert_queue_is_empty(&s, "supervisor.border");
}
