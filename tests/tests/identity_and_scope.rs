//! Identity and sharing scope through the real service: logins, tokens, devices,
//! administration, the visibility of records by scope, bad input, and shutdown.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::{Value, json};
use tracemark_tests::{DEMO_PASSWORD, Server, respond};

fn ids(page: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = page["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["scope"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn demo_prints_url_and_every_role() {
    let s = Server::demo();
    assert!(
        s.banner
            .contains("Tracemark demo is running at http://127.0.0.1:")
    );
    for role in [
        "inspector",
        "customs_officer",
        "supervisor",
        "administrator",
    ] {
        assert!(
            s.banner.contains(role),
            "{role} missing from:\n{}",
            s.banner
        );
    }
    assert!(s.banner.contains(DEMO_PASSWORD));
    assert_eq!(s.get("/healthz", None).0, 200);
    assert_eq!(s.get("/readyz", None), (200, json!({ "ready": true })));
}

#[test]
fn records_are_visible_by_scope_only() {
    let s = Server::demo();
    let own = |k: &str, sc: &str| (k.to_string(), sc.to_string());
    // The customs directorate (KE) owns three seizure cases, one per scope, and a
    // national recovered cache, and sees the logistics command's national transfer.
    let t = s.login("officer.customs");
    let (st, page) = s.get("/api/v1/records", Some(&t));
    assert_eq!(st, 200);
    assert_eq!(
        ids(&page),
        [
            own("recovered_cache", "national"),
            own("seizure_case", "national"),
            own("seizure_case", "own_agency"),
            own("seizure_case", "partners"),
            own("transfer", "national")
        ]
    );
    // Another Kenyan agency sees the national case and cache, its own stock check and
    // transfer.
    let t = s.login("supervisor.depot");
    let (_, page) = s.get("/api/v1/records", Some(&t));
    assert_eq!(
        ids(&page),
        [
            own("recovered_cache", "national"),
            own("seizure_case", "national"),
            own("stock_check", "own_agency"),
            own("transfer", "national")
        ]
    );
    // The Tanzanian partner sees only the case shared with it by name, and its own
    // transfer (shared with no one).
    let t_tz = s.login("officer.border");
    let (_, page) = s.get("/api/v1/records", Some(&t_tz));
    assert_eq!(
        ids(&page),
        [
            own("seizure_case", "partners"),
            own("transfer", "own_agency")
        ]
    );

    // Direct reads of records outside the scope answer 404, exactly like unknown ids.
    let t_ke = s.login("officer.customs");
    let (_, all) = s.get("/api/v1/records?kind=seizure_case", Some(&t_ke));
    for r in all["records"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let (status, body) = s.get(&format!("/api/v1/records/{id}"), Some(&t_tz));
        let expected = if r["scope"] == "partners" { 200 } else { 404 };
        assert_eq!(status, expected, "{id} {}: {body}", r["scope"]);
    }
    // The photos of the case shared with the partner can be read by the partner.
    let (_, page) = s.get("/api/v1/records?kind=seizure_case", Some(&t_tz));
    let shared = &page["records"][0]["body"]["items"][0]["photos"];
    assert_eq!(
        shared.as_array().unwrap().len(),
        3,
        "the demo case has three photos"
    );
    for p in shared.as_array().unwrap() {
        let sha = p["sha256"].as_str().unwrap();
        let resp = s
            .request(Method::GET, &format!("/api/v1/photos/{sha}"), Some(&t_tz))
            .send()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        assert_eq!(resp.headers()["content-type"], "image/jpeg");
    }
    let (status, unknown) = s.get(
        "/api/v1/records/00000000-0000-0000-0000-000000000000",
        Some(&t_tz),
    );
    assert_eq!(status, 404);
    assert_eq!(unknown["error"]["code"], "not_found");
    assert_eq!(s.get("/api/v1/records?kind=bogus", Some(&t_tz)).0, 400);
    assert_eq!(s.get("/api/v1/records", None).0, 401);
}

#[test]
fn login_failures_reveal_nothing_and_are_rate_limited() {
    let s = Server::demo();
    let bad = |user: &str| {
        s.post(
            "/api/v1/auth/login",
            None,
            &json!({ "username": user, "password": "wrong password" }),
        )
    };
    let (a_status, a_body) = bad("officer.customs");
    let (b_status, b_body) = bad("no.such.user");
    assert_eq!(
        (a_status, &a_body),
        (b_status, &b_body),
        "same answer for both"
    );
    assert_eq!(a_status, 401);
    for _ in 0..4 {
        bad("officer.customs");
    }
    let resp = s
        .request(Method::POST, "/api/v1/auth/login", None)
        .json(&json!({ "username": "officer.customs", "password": DEMO_PASSWORD }))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429, "even the right password waits");
    assert!(resp.headers().contains_key("retry-after"));
    // Other accounts are not affected.
    s.login("supervisor.customs");
}

#[test]
fn logout_and_device_revocation_end_tokens_at_once() {
    let s = Server::demo();
    let t = s.login("supervisor.customs");
    assert_eq!(s.get("/api/v1/me", Some(&t)).0, 200);
    assert_eq!(s.post("/api/v1/auth/logout", Some(&t), &json!({})).0, 200);
    assert_eq!(s.get("/api/v1/me", Some(&t)).0, 401);

    let (status, login) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": "officer.customs", "password": DEMO_PASSWORD,
                 "device": { "name": "Tablet 7", "platform": "android" } }),
    );
    assert_eq!(status, 200);
    let device_token = login["token"].as_str().unwrap().to_string();
    let device_id = login["device_id"].as_str().unwrap().to_string();
    let (_, me) = s.get("/api/v1/me", Some(&device_token));
    assert_eq!(me["device_id"], device_id.as_str());

    // An administrator of another agency cannot see or revoke it.
    let other_admin = s.login("admin.depot");
    let (_, devices) = s.get("/api/v1/admin/devices", Some(&other_admin));
    assert!(
        devices
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["id"] != device_id.as_str())
    );
    let path = format!("/api/v1/admin/devices/{device_id}/revoke");
    assert_eq!(s.post(&path, Some(&other_admin), &json!({})).0, 404);
    // A supervisor is not an administrator.
    let supervisor = s.login("supervisor.customs");
    assert_eq!(s.post(&path, Some(&supervisor), &json!({})).0, 403);
    // The agency's administrator can.
    let admin = s.login("admin.customs");
    let (_, devices) = s.get("/api/v1/admin/devices", Some(&admin));
    assert!(
        devices
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == device_id.as_str())
    );
    // Used a moment before (so the server has it fresh in mind), revoked, refused.
    assert_eq!(s.get("/api/v1/me", Some(&device_token)).0, 200);
    assert_eq!(s.post(&path, Some(&admin), &json!({})).0, 200);
    assert_eq!(s.get("/api/v1/me", Some(&device_token)).0, 401);

    // A password reset ends the user's sign-ins at once too.
    let officer = s.login("officer.customs");
    let (_, me) = s.get("/api/v1/me", Some(&officer));
    let reset = format!(
        "/api/v1/admin/users/{}/password",
        me["user_id"].as_str().unwrap()
    );
    assert_eq!(s.get("/api/v1/me", Some(&officer)).0, 200);
    let (status, body) = s.post(
        &reset,
        Some(&admin),
        &json!({ "password": "a new long passphrase 42" }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(s.get("/api/v1/me", Some(&officer)).0, 401);
}

#[test]
fn administrators_manage_their_own_agency_only() {
    let s = Server::demo();
    let admin = s.login("admin.customs");
    let new_user = json!({ "username": "officer.new", "display_name": "Новый сотрудник",
                           "role": "customs_officer", "password": "a long enough password" });
    let (status, user) = s.post("/api/v1/admin/users", Some(&admin), &new_user);
    assert_eq!(status, 200, "{user}");
    assert_eq!(
        s.post("/api/v1/admin/users", Some(&admin), &new_user).0,
        409,
        "taken"
    );
    let (status, _) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": "officer.new", "password": "a long enough password" }),
    );
    assert_eq!(status, 200);
    let (status, body) = s.post(
        "/api/v1/admin/users",
        Some(&admin),
        &json!({ "username": "has space", "display_name": "", "role": "inspector", "password": "short" }),
    );
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"username")
            && fields.contains(&"display_name")
            && fields.contains(&"password"),
        "{body}"
    );
    let officer = s.login("officer.customs");
    assert_eq!(
        s.post("/api/v1/admin/users", Some(&officer), &new_user).0,
        403
    );
    // Another agency's administrator cannot reset this user's password.
    let other = s.login("admin.depot");
    let path = format!(
        "/api/v1/admin/users/{}/password",
        user["id"].as_str().unwrap()
    );
    assert_eq!(
        s.post(
            &path,
            Some(&other),
            &json!({ "password": "another long password" })
        )
        .0,
        404
    );
    assert_eq!(
        s.post(
            &path,
            Some(&admin),
            &json!({ "password": "another long password" })
        )
        .0,
        200
    );
    // Agencies of another country cannot be created.
    let (status, _) = s.post(
        "/api/v1/admin/agencies",
        Some(&admin),
        &json!({ "name": "X", "country": "TZ" }),
    );
    assert_eq!(status, 403);
    let (status, agency) = s.post(
        "/api/v1/admin/agencies",
        Some(&admin),
        &json!({ "name": "Police (demo)", "country": "ke" }),
    );
    assert_eq!((status, agency["country"].as_str()), (200, Some("KE")));
}

#[test]
fn bad_input_gets_clear_4xx_json() {
    let s = Server::demo();
    let t = s.login("officer.customs");
    let login = "/api/v1/auth/login";
    let cases: Vec<(reqwest::blocking::RequestBuilder, u16)> = vec![
        (
            s.request(Method::POST, login, None)
                .header("content-type", "application/json")
                .body("{not json"),
            400,
        ),
        (
            s.request(Method::POST, login, None)
                .header("content-type", "application/json")
                .body(r#"{"username":1,"password":"x"}"#),
            400,
        ),
        (
            s.request(Method::POST, login, None)
                .body(r#"{"username":"a","password":"b"}"#),
            415,
        ),
        (
            s.request(Method::POST, login, None)
                .header("content-type", "application/json")
                // Just over the 256 KiB limit: small enough that the whole body is sent
                // before the server answers, so the client reads the 413 itself.
                .body(vec![b' '; 300 * 1024]),
            413,
        ),
        (
            s.request(Method::POST, login, None)
                .header("content-type", "application/json")
                .body(vec![0xff, 0xfe]),
            400,
        ),
        (
            s.request(Method::POST, login, None).json(
                &json!({ "username": "' OR 1=1 --", "password": "x'; DROP TABLE users; --" }),
            ),
            401,
        ),
        (
            s.request(
                Method::GET,
                "/api/v1/records/..%2F..%2Fetc%2Fpasswd",
                Some(&t),
            ),
            404,
        ),
        (
            s.request(Method::GET, "/api/v1/records?limit=-1", Some(&t)),
            400,
        ),
        (
            s.request(
                Method::GET,
                "/api/v1/me",
                Some("tmk_0000000000000000000000000000000000000000000000000000000000000000"),
            ),
            401,
        ),
        (
            s.request(Method::GET, "/api/v1/me", None)
                .header("authorization", "Basic dXNlcjpwYXNz"),
            401,
        ),
    ];
    for (i, (rb, expected)) in cases.into_iter().enumerate() {
        let (status, body) = respond(rb);
        assert_eq!(status, expected, "case {i}: {body}");
        assert!(
            body["error"]["code"].is_string() && body["error"]["message"].is_string(),
            "case {i}: {body}"
        );
    }
    // Nothing accepted before was lost: the users table is intact.
    s.login("officer.customs");
}

#[test]
fn sigterm_stops_gracefully_and_audit_chain_verifies() {
    let mut s = Server::demo();
    let t = s.login("supervisor.customs");
    let (_, page) = s.get("/api/v1/records?kind=seizure_case", Some(&t));
    let id = page["records"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/api/v1/records/{id}"), Some(&t)).0, 200);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &s.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(s.wait(), "tracemark exits cleanly on SIGTERM");

    let data = s.dir.path().join("demo");
    let data = data.to_str().unwrap();
    let out = s.tracemark(&["audit", "verify", "--data-dir", data], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with("audit log intact"), "{text}");
    let head = s.tracemark(&["audit", "head", "--data-dir", data], None);
    assert!(head.status.success());

    // The read of the case was audited; tampering with it is found.
    let reads = s.sql_rows(&format!(
        "SELECT count(*) FROM audit_log WHERE action = 'read_record' AND subject = '{id}'"
    ));
    assert_eq!(reads[0][0], "1");
    s.drop_audit_triggers();
    s.sql("UPDATE audit_log SET subject = 'someone else' WHERE action = 'read_record'");
    let out = s.tracemark(&["audit", "verify", "--data-dir", data], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("BROKEN"));
}
