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
    assert_eq!(entries.len(), 2, "the two submitted demo cases: {page}");
    assert!(page["next"].is_null());
    // Both demo cases were submitted in one transaction: find the national one.
    let first = entries
        .iter()
        .find(|e| e["title"] == "KE-CUS-2026-0117")
        .unwrap();
    assert!(entries[0]["submitted_at"].as_str() <= entries[1]["submitted_at"].as_str());
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
    assert_eq!(
        s.get("/api/v1/review/queue?kind=transfer", Some(&sup)).0,
        400
    );
    assert_eq!(s.get("/api/v1/review/queue?after=junk", Some(&sup)).0, 400);
    // Another agency's supervisor sees an empty queue, not the customs cases.
    let border = s.login("supervisor.border");
    assert!(
        queue(&s, &border, "")["entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Only supervisors.
    let officer = s.login("officer.customs");
    assert_eq!(s.get("/api/v1/review/queue", Some(&officer)).0, 403);
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
    assert_eq!(after["entries"].as_array().unwrap().len(), 1);
    assert_ne!(after["entries"][0]["id"], id.as_str());

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
