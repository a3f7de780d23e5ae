//! Sync helpers the end-to-end tests share: a device sign-in, pushes and pulls
//! through the real protocol types, and reading the caller's own ids.

use serde_json::json;
use time::OffsetDateTime;
use tracemark_shared::domain::{AgencyId, LocationId, StockCheckId, UserId};
use tracemark_shared::sync::{
    Change, OpOutcome, OpResult, Operation, PROTOCOL_VERSION, PullItem, PullResponse, PushRequest,
    PushResponse,
};
use uuid::Uuid;

use crate::{DEMO_PASSWORD, Server};

/// Signs a demo user in with a device enrolled, as the field app does.
pub fn device_login(s: &Server, user: &str) -> String {
    let (status, body) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": user, "password": DEMO_PASSWORD,
                 "device": { "name": format!("{user} tablet"), "platform": "android" } }),
    );
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().expect("token").to_string()
}

/// An operation with a fresh id.
pub fn op(base: Option<u32>, change: Change) -> Operation {
    Operation {
        op_id: Uuid::new_v4(),
        base_revision: base,
        device_time: OffsetDateTime::now_utc(),
        change,
    }
}

/// Fails unless every answer of a push accepted its operation.
pub fn assert_all_accepted(results: &[OpResult]) {
    assert!(
        results
            .iter()
            .all(|r| matches!(r.outcome, OpOutcome::Accepted { .. })),
        "{results:?}"
    );
}

/// Pushes operations and returns their answers (the push itself must be 200).
pub fn push(s: &Server, token: &str, ops: &[Operation]) -> Vec<OpResult> {
    let req = PushRequest {
        version: PROTOCOL_VERSION,
        operations: ops.to_vec(),
    };
    let (status, body) = s.post(
        "/api/v1/sync/push",
        Some(token),
        &serde_json::to_value(req).expect("push body"),
    );
    assert_eq!(status, 200, "{body}");
    serde_json::from_value::<PushResponse>(body)
        .expect("push answer")
        .results
}

/// Every pull item after `cursor`, and the last cursor.
pub fn pull_all(s: &Server, token: &str, cursor: Option<&str>) -> (Vec<PullItem>, String) {
    let mut items = Vec::new();
    let mut cursor = cursor.map(str::to_string);
    loop {
        let q = match &cursor {
            Some(c) => format!("/api/v1/sync/pull?version={PROTOCOL_VERSION}&cursor={c}"),
            None => format!("/api/v1/sync/pull?version={PROTOCOL_VERSION}"),
        };
        let (status, body) = s.get(&q, Some(token));
        assert_eq!(status, 200, "{body}");
        let page: PullResponse = serde_json::from_value(body).expect("pull page");
        items.extend(page.items);
        cursor = Some(page.cursor.clone());
        if !page.more {
            return (items, page.cursor);
        }
    }
}

/// The first stock check assigned to the caller, pulled, with the id of its first
/// location.
pub fn first_assignment(s: &Server, token: &str) -> (StockCheckId, LocationId) {
    let (items, _) = pull_all(s, token, None);
    let assignment = items
        .iter()
        .find_map(|i| match i {
            PullItem::Assignment { assignment } => Some(assignment),
            _ => None,
        })
        .expect("an assigned stock check");
    let id = |v: &serde_json::Value| v.as_str().expect("an id").to_string();
    (
        id(&assignment["stock_check"]["id"])
            .parse()
            .expect("a UUID"),
        id(&assignment["locations"][0]["id"])
            .parse()
            .expect("a UUID"),
    )
}

/// The caller's agency and user ids.
pub fn me(s: &Server, token: &str) -> (AgencyId, UserId) {
    let (_, me) = s.get("/api/v1/me", Some(token));
    (
        me["agency_id"]
            .as_str()
            .expect("agency")
            .parse()
            .expect("uuid"),
        me["user_id"].as_str().expect("user").parse().expect("uuid"),
    )
}
