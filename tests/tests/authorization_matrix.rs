//! The authorization matrix, generated from the service's own OpenAPI document (the
//! routes and the document come from the same handlers, so a new route is in it):
//! every route × every role × own or other agency, and every record × every user ×
//! sharing scope.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use serde_json::{Value, json};
use tracemark_tests::{Server, respond};

const USERS: &[&str] = &[
    "admin.customs",
    "officer.customs",
    "supervisor.customs",
    "inspector.depot",
    "supervisor.depot",
    "admin.depot",
    "officer.border",
    "supervisor.border",
];

struct Op {
    method: Method,
    path: String,
    public: bool,
    /// The role the route's tag restricts it to, as the demo usernames start.
    only: Option<&'static str>,
}

/// Tags that restrict a route to one role (see the tag descriptions in the document).
const RESTRICTED_TAGS: &[(&str, &str)] = &[
    ("admin", "admin."),
    ("review", "supervisor."),
    ("reports", "supervisor."),
    ("inventory", "supervisor."),
    ("tracing", "supervisor."),
];

fn operations(spec: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let tags: Vec<&str> = op["tags"]
                .as_array()
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let public = op
                .get("security")
                .is_none_or(|s| s.as_array().is_none_or(Vec::is_empty));
            let concrete = path
                .replace("{id}", "00000000-0000-4000-8000-000000000000")
                .replace("{sha256}", &"0".repeat(64));
            let only = RESTRICTED_TAGS
                .iter()
                .find(|(tag, _)| tags.contains(tag))
                .map(|(_, prefix)| *prefix);
            ops.push(Op {
                method,
                path: concrete,
                public,
                only,
            });
        }
    }
    ops
}

fn call(s: &Server, op: &Op, token: Option<&str>) -> (u16, Value) {
    let rb = s.request(op.method.clone(), &op.path, token);
    let rb = match op.method {
        Method::POST => rb.json(&json!({})),
        Method::PUT => rb.body(vec![0u8; 16]),
        _ => rb,
    };
    respond(rb)
}

#[test]
fn every_route_checks_who_is_asking() {
    let s = Server::demo();
    let (status, spec) = s.get("/api/openapi.json", None);
    assert_eq!(status, 200);
    let ops = operations(&spec);
    assert!(
        ops.len() >= 15,
        "the document lists {} operations",
        ops.len()
    );
    assert!(ops.iter().any(|o| o.only.is_some()) && ops.iter().any(|o| o.public));
    let tokens: Vec<(&str, String)> = USERS.iter().map(|u| (*u, s.login(u))).collect();
    let forged = format!("tmk_{}", "ab".repeat(32));
    for op in &ops {
        let what = format!("{} {}", op.method, op.path);
        let (anon, body) = call(&s, op, None);
        assert!(anon < 500, "{what} without a token: {anon} {body}");
        if op.public {
            assert_ne!(anon, 401, "{what} is public");
            continue;
        }
        assert_eq!(anon, 401, "{what} without a token");
        assert_eq!(
            call(&s, op, Some(&forged)).0,
            401,
            "{what} with a forged token"
        );
        for (user, token) in &tokens {
            if op.path == "/api/v1/auth/logout" {
                continue; // would end the token the rest of the matrix uses
            }
            let (status, body) = call(&s, op, Some(token));
            assert!(status < 500, "{what} as {user}: {status} {body}");
            assert!(status != 401, "{what} as {user}: token refused");
            let allowed = op.only.is_none_or(|prefix| user.starts_with(prefix));
            if !allowed {
                assert_eq!(status, 403, "{what} as {user} must be refused: {body}");
            } else {
                assert_ne!(status, 403, "{what} as {user} must be allowed: {body}");
            }
        }
    }
}

/// Whether a user of `agency`/`country` may see a record, from its metadata alone.
fn may_see(record: &Value, agency: &str, country_of: &dyn Fn(&str) -> String) -> bool {
    let owner = record["agency_id"].as_str().unwrap();
    match record["scope"].as_str().unwrap() {
        _ if owner == agency => true,
        "national" => country_of(owner) == country_of(agency),
        "partners" => {
            let scope = record["body"]
                .get("scope")
                .or_else(|| record["body"]["stock_check"].get("scope"))
                .unwrap();
            scope["agencies"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == agency)
        }
        _ => false,
    }
}

#[test]
fn every_record_is_visible_exactly_by_its_scope() {
    let s = Server::demo();
    let tokens: Vec<(&str, String)> = USERS.iter().map(|u| (*u, s.login(u))).collect();
    let (_, agencies) = s.get("/api/v1/agencies", Some(&tokens[0].1));
    let country_of = |id: &str| {
        agencies
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["country"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Every record, collected from the owners' own listings.
    let mut all: Vec<Value> = Vec::new();
    for (_, token) in &tokens {
        let (_, page) = s.get("/api/v1/records", Some(token));
        for r in page["records"].as_array().unwrap() {
            if !all.iter().any(|x| x["id"] == r["id"]) {
                all.push(r.clone());
            }
        }
    }
    let scopes: Vec<&str> = all.iter().map(|r| r["scope"].as_str().unwrap()).collect();
    for scope in ["own_agency", "national", "partners"] {
        assert!(scopes.contains(&scope), "demo data lacks a {scope} record");
    }
    for (user, token) in &tokens {
        let (_, me) = s.get("/api/v1/me", Some(token));
        let agency = me["agency_id"].as_str().unwrap();
        let (_, page) = s.get("/api/v1/records?limit=500", Some(token));
        let listed: Vec<&Value> = page["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["id"])
            .collect();
        for r in &all {
            let expected = may_see(r, agency, &country_of);
            let (status, _) = s.get(
                &format!("/api/v1/records/{}", r["id"].as_str().unwrap()),
                Some(token),
            );
            assert_eq!(
                status == 200,
                expected,
                "{user} reading {} ({}) got {status}",
                r["id"],
                r["scope"]
            );
            assert_eq!(status == 404, !expected);
            assert_eq!(
                listed.contains(&&r["id"]),
                expected,
                "{user} listing {} ({})",
                r["id"],
                r["scope"]
            );
        }
    }
}
