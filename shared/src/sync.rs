//! The versioned sync protocol between the field app and the service. These structs
//! are the wire format: do not change them, they are serialised; add a new version.
//!
//! How a device syncs: push its outbox in batches ([`PushRequest`]), each operation
//! with a device-made id; upload the photos the answer says the server lacks; then
//! pull what it should have ([`PullResponse`]) from its last cursor.
//!
//! The revision rule (documented for users in docs/SYNC.md):
//! - every accepted change is a new server revision with its author, device and time;
//!   the server keeps every revision;
//! - a change whose `base_revision` is the record's current revision is accepted;
//! - a change based on an older revision of a **draft** is accepted too (the last
//!   writer wins on drafts), and the answer lists the revisions it replaced so the
//!   app can tell the user; nothing is lost, since those revisions stay on the server;
//! - a change based on an older revision of a record that is **submitted, approved or
//!   returned** is a [`OpOutcome::Conflict`]: the device gets the server's record and
//!   must re-apply its change on top, so a submitted record is never silently
//!   overwritten.
//!
//! Invariant: an operation id is applied at most once; pushing it again returns the
//! first answer unchanged.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::{CountLine, SeizureCase, Sha256, StockCheckId};
use crate::validate::ValidationError;

/// The protocol version this code speaks. Version 2 added the lot fields
/// [`LOT_FIELDS_SINCE_2`] and the party fields [`PARTY_FIELDS_SINCE_2`]; version 3 the
/// case fields [`CASE_FIELDS_SINCE_3`] (recovered caches). The service still speaks the
/// older versions to apps built before (see [`for_version`] and
/// [`keep_fields_since_2`]).
pub const PROTOCOL_VERSION: u32 = 3;
/// The oldest protocol version the service still speaks.
pub const OLDEST_PROTOCOL_VERSION: u32 = 1;

/// The lot fields a version-1 app cannot read (it reads lots strictly).
pub const LOT_FIELDS_SINCE_2: [&str; 2] = ["ammunition_type", "hazard"];
/// The party fields a version-1 app cannot read.
pub const PARTY_FIELDS_SINCE_2: [&str; 1] = ["identifier"];
/// The case fields an app older than version 3 cannot read.
pub const CASE_FIELDS_SINCE_3: [&str; 1] = ["recovery"];

/// Whether a JSON object is a seizure's party (`Party`).
fn is_party(o: &serde_json::Map<String, serde_json::Value>) -> bool {
    ["name", "role"]
        .iter()
        .all(|k| o.get(*k).is_some_and(serde_json::Value::is_string))
        && o.contains_key("country")
}

/// Whether a JSON object is a case (`SeizureCase`).
fn is_case(o: &serde_json::Map<String, serde_json::Value>) -> bool {
    o.get("seized_on").is_some_and(serde_json::Value::is_string)
        && o.get("items").is_some_and(serde_json::Value::is_array)
}

/// The fields a version-1 app cannot read in `o`, and the keys that say whether two
/// such objects are the same one; nothing for other objects.
fn since_2(
    o: &serde_json::Map<String, serde_json::Value>,
) -> Option<(&'static [&'static str], &'static [&'static str])> {
    if is_lot(o) {
        Some((
            &LOT_FIELDS_SINCE_2,
            &["manufacturer", "calibre", "lot", "sub_lot"],
        ))
    } else if is_party(o) {
        Some((&PARTY_FIELDS_SINCE_2, &["name", "role"]))
    } else {
        None
    }
}

/// The fields an app of protocol `version` cannot read in `o`.
fn unreadable(
    o: &serde_json::Map<String, serde_json::Value>,
    version: u32,
) -> &'static [&'static str] {
    if version < 3 && is_case(o) {
        &CASE_FIELDS_SINCE_3
    } else if version < 2 {
        since_2(o).map_or(&[], |(fields, _)| fields)
    } else {
        &[]
    }
}

/// Whether a JSON object is a lot (`AmmunitionLot`).
fn is_lot(o: &serde_json::Map<String, serde_json::Value>) -> bool {
    ["manufacturer", "calibre", "lot"]
        .iter()
        .all(|k| o.get(*k).is_some_and(serde_json::Value::is_string))
}

/// Removes from `v` (an assignment or record as JSON) every field an app of protocol
/// `version` cannot read, wherever a lot, party or case stands in it.
pub fn for_version(v: &mut serde_json::Value, version: u32) {
    match v {
        serde_json::Value::Object(o) => {
            for f in unreadable(o, version) {
                o.remove(*f);
            }
            for (_, inner) in o.iter_mut() {
                for_version(inner, version);
            }
        }
        serde_json::Value::Array(list) => list.iter_mut().for_each(|i| for_version(i, version)),
        _ => {}
    }
}

/// Puts back into `pushed` (a revision a version-1 app sent) the lot and party
/// fields it could not show, from `stored` (the revision it changed), wherever the
/// same lot or party stands at the same place in both: an old app's edit does not
/// erase what it never saw.
pub fn keep_fields_since_2(stored: &serde_json::Value, pushed: &mut serde_json::Value) {
    match (stored, pushed) {
        (serde_json::Value::Object(s), serde_json::Value::Object(p)) => {
            if let (Some((fields, same)), Some(_)) = (since_2(s), since_2(p))
                && same.iter().all(|k| s.get(*k) == p.get(*k))
            {
                for f in fields {
                    if let (false, Some(kept)) = (p.contains_key(*f), s.get(*f)) {
                        p.insert((*f).to_string(), kept.clone());
                    }
                }
            }
            for (k, inner) in p.iter_mut() {
                if let Some(was) = s.get(k) {
                    keep_fields_since_2(was, inner);
                }
            }
        }
        (serde_json::Value::Array(s), serde_json::Value::Array(p)) => {
            for (was, inner) in s.iter().zip(p.iter_mut()) {
                keep_fields_since_2(was, inner);
            }
        }
        _ => {}
    }
}
/// Most operations in one push.
pub const MAX_OPS_PER_PUSH: usize = 500;
/// Largest push body in bytes (the service refuses larger ones with 413).
pub const MAX_PUSH_BYTES: usize = 8 * 1024 * 1024;
/// Most items in one pull page.
pub const MAX_PULL_PAGE: usize = 200;

/// A batch of changes from one device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// Protocol version of the device.
    pub version: u32,
    /// The operations, applied in order.
    pub operations: Vec<Operation>,
}

/// One change to one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Made on the device; the key that makes a push idempotent.
    pub op_id: Uuid,
    /// The revision the device changed (`None` for a new record).
    pub base_revision: Option<u32>,
    /// The device's clock when the change was made (kept, never trusted for order).
    #[serde(with = "time::serde::rfc3339")]
    pub device_time: OffsetDateTime,
    /// The record as the device has it now.
    pub change: Change,
}

/// What an operation changes.
// A wire type built once per operation: its in-memory size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// A count line of an assigned stock check.
    CountLine {
        /// The line.
        record: CountLine,
    },
    /// A seizure case (with its items).
    SeizureCase {
        /// The case.
        record: Box<SeizureCase>,
    },
    /// The inspector submits a stock check for review.
    SubmitStockCheck {
        /// The check.
        stock_check_id: StockCheckId,
    },
}

impl Change {
    /// Id of the record the change is about.
    pub fn record_id(&self) -> Uuid {
        match self {
            Change::CountLine { record } => *record.id.as_uuid(),
            Change::SeizureCase { record } => *record.id.as_uuid(),
            Change::SubmitStockCheck { stock_check_id } => *stock_check_id.as_uuid(),
        }
    }
}

/// The answer to a push: one outcome per operation, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushResponse {
    /// Outcomes.
    pub results: Vec<OpResult>,
}

/// The outcome of one operation. (`deny_unknown_fields` does not combine with the
/// flattened outcome; answers come from the server, so tolerance is harmless here.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpResult {
    /// The operation.
    pub op_id: Uuid,
    /// What happened.
    #[serde(flatten)]
    pub outcome: OpOutcome,
}

/// What happened to an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum OpOutcome {
    /// Stored as a new revision.
    Accepted {
        /// The record.
        record_id: Uuid,
        /// Its new revision.
        revision: u32,
        /// Revisions of a draft this change replaced (last writer wins on drafts).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        replaced_revisions: Vec<u32>,
        /// Photos the record references that the server does not hold yet.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        missing_photos: Vec<Sha256>,
    },
    /// Refused; the device should show the errors and keep the change for correction.
    Rejected {
        /// What is wrong, in words a field user understands.
        message: String,
        /// Field-level errors, when the record broke validation rules.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        errors: Vec<ValidationError>,
    },
    /// Based on an old revision of a record that is no longer a draft.
    Conflict {
        /// The record.
        record_id: Uuid,
        /// The server's current revision.
        server_revision: u32,
        /// The server's current record, to re-apply the change on.
        server_record: serde_json::Value,
    },
}

/// Pull parameters (`GET /api/v1/sync/pull?version=2&cursor=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    /// Protocol version of the device.
    pub version: u32,
    /// Opaque cursor from the last pull; absent on the first.
    #[serde(default)]
    pub cursor: Option<String>,
}

/// A page of what the device should have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullResponse {
    /// Items, oldest change first.
    pub items: Vec<PullItem>,
    /// Cursor to send next time (opaque, monotonic, survives server restarts).
    pub cursor: String,
    /// Whether more items wait: pull again at once.
    pub more: bool,
}

/// Something the device should have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PullItem {
    /// A stock check assigned to the user, with depot, locations and expected lines.
    Assignment {
        /// The assignment as the service stores it.
        assignment: serde_json::Value,
    },
    /// The headstamp / factory-code vocabulary.
    FactoryCodes {
        /// The vocabulary.
        vocabulary: serde_json::Value,
    },
    /// A supervisor's decision on one of the user's records.
    Review {
        /// The record.
        record_id: Uuid,
        /// Kind of record.
        record_kind: String,
        /// The decision.
        decision: ReviewDecision,
        /// The supervisor's comment.
        comment: Option<String>,
        /// The revision decided on.
        revision: u32,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

/// A supervisor's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Approved as it is.
    Approve,
    /// Returned to its author for correction.
    Return,
}

/// The error a service gives a device that speaks another protocol version.
pub fn unsupported_version(found: u32) -> String {
    if found > PROTOCOL_VERSION {
        format!(
            "this app speaks sync protocol version {found}, newer than the server's \
             ({OLDEST_PROTOCOL_VERSION} to {PROTOCOL_VERSION}): ask your administrator to update the server"
        )
    } else {
        format!(
            "this app speaks sync protocol version {found}, the server speaks versions \
             {OLDEST_PROTOCOL_VERSION} to {PROTOCOL_VERSION}: update the app"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(n: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut l = serde_json::json!({ "manufacturer": "17", "calibre": "82mm", "year": null,
            "lot": n, "sub_lot": null, "nsn": null, "dodic": null });
        if let (Some(l), Some(extra)) = (l.as_object_mut(), extra.as_object()) {
            l.extend(extra.clone());
        }
        l
    }

    #[test]
    fn a_version_1_app_gets_lots_it_can_read() {
        let typed = serde_json::json!({ "ammunition_type": "mortar", "hazard": "1.2E" });
        let mut assignment = serde_json::json!({
            "stock_check": { "title": "hazard" },
            "expected": [{ "lot": lot("M-1", typed.clone()), "quantity": 1 }],
            "items": [{ "lot": lot("M-2", typed) }],
        });
        for_version(&mut assignment, 1);
        assert_eq!(
            assignment["expected"][0]["lot"],
            lot("M-1", serde_json::json!({}))
        );
        assert_eq!(
            assignment["items"][0]["lot"],
            lot("M-2", serde_json::json!({}))
        );
        // Only lots lose the fields: a title that happens to say "hazard" stays.
        assert_eq!(assignment["stock_check"]["title"], "hazard");
        // The lots still read as the app's (strict) lot type.
        let read: crate::domain::AmmunitionLot =
            serde_json::from_value(assignment["expected"][0]["lot"].clone()).unwrap();
        assert_eq!(read.lot, "M-1");
    }

    #[test]
    fn a_version_1_edit_keeps_what_it_could_not_show() {
        let typed = serde_json::json!({ "ammunition_type": "mortar", "hazard": "1.2E" });
        let stored = serde_json::json!({ "items": [
            { "lot": lot("M-1", typed.clone()), "quantity": 1 },
            { "lot": lot("M-2", typed.clone()), "quantity": 2 },
        ]});
        let mut pushed = serde_json::json!({ "items": [
            { "lot": lot("M-1", serde_json::json!({})), "quantity": 5 },
            // Another lot now stands here: nothing of M-2 is put on it.
            { "lot": lot("M-9", serde_json::json!({})), "quantity": 2 },
            { "lot": lot("M-3", serde_json::json!({})), "quantity": 3 },
        ]});
        keep_fields_since_2(&stored, &mut pushed);
        assert_eq!(pushed["items"][0]["lot"], lot("M-1", typed));
        assert_eq!(pushed["items"][0]["quantity"], 5);
        assert_eq!(pushed["items"][1]["lot"], lot("M-9", serde_json::json!({})));
        assert_eq!(pushed["items"][2]["lot"], lot("M-3", serde_json::json!({})));
        // A party's identifier is kept the same way.
        let party = serde_json::json!({ "name": "MV Star", "role": "carrier", "country": null,
            "note": null, "identifier": "IMO 9074729" });
        let mut old_party = party.clone();
        for_version(&mut old_party, 1);
        assert!(old_party.get("identifier").is_none());
        crate::domain::Party::deserialize(&old_party).unwrap();
        let stored_case = serde_json::json!({ "parties": [party] });
        let mut pushed_case = serde_json::json!({ "parties": [old_party] });
        keep_fields_since_2(&stored_case, &mut pushed_case);
        assert_eq!(pushed_case["parties"][0]["identifier"], "IMO 9074729");
        // What the app did send wins.
        let mut restated = serde_json::json!({ "items": [
            { "lot": lot("M-1", serde_json::json!({ "hazard": "1.1D" })) },
        ]});
        keep_fields_since_2(&stored, &mut restated);
        assert_eq!(restated["items"][0]["lot"]["hazard"], "1.1D");
        assert_eq!(restated["items"][0]["lot"]["ammunition_type"], "mortar");
    }

    #[test]
    fn an_app_before_version_3_reads_a_recovered_cache_as_a_case_it_knows() {
        let cache = serde_json::to_value(testing::recovered_cache()).unwrap();
        let mut v2 = cache.clone();
        for_version(&mut v2, 2);
        assert!(v2.get("recovery").is_none());
        // Version 2 reads the lot fields; version 1 does not.
        assert_eq!(v2["items"][0]["lot"], cache["items"][0]["lot"]);
        crate::domain::SeizureCase::deserialize(&v2).unwrap();
        let mut v1 = cache.clone();
        for_version(&mut v1, 1);
        assert!(v1.get("recovery").is_none());
        assert!(v1["parties"].as_array().unwrap().is_empty());
        // The current version reads it whole.
        let mut v3 = cache.clone();
        for_version(&mut v3, PROTOCOL_VERSION);
        assert_eq!(v3, cache);
    }

    use crate::domain::testing;
    use proptest::prelude::*;

    fn round_trip<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
    }

    #[test]
    fn outcomes_round_trip_with_stable_tags() {
        let id = Uuid::nil();
        let accepted = OpResult {
            op_id: id,
            outcome: OpOutcome::Accepted {
                record_id: id,
                revision: 3,
                replaced_revisions: vec![2],
                missing_photos: vec![],
            },
        };
        let json = serde_json::to_value(&accepted).unwrap();
        assert_eq!(json["outcome"], "accepted");
        assert_eq!(json["replaced_revisions"][0], 2);
        assert!(json.get("missing_photos").is_none());
        round_trip(&accepted);
        round_trip(&OpResult {
            op_id: id,
            outcome: OpOutcome::Rejected {
                message: "x".into(),
                errors: vec![],
            },
        });
        round_trip(&PullResponse {
            items: vec![PullItem::Review {
                record_id: id,
                record_kind: "seizure_case".into(),
                decision: ReviewDecision::Return,
                comment: Some("Photo of the crate stencil is missing".into()),
                revision: 2,
                at: OffsetDateTime::UNIX_EPOCH,
            }],
            cursor: "c1".into(),
            more: false,
        });
    }

    #[test]
    fn unknown_kinds_and_fields_are_refused() {
        let bad = r#"{"version":1,"operations":[{"op_id":"00000000-0000-0000-0000-000000000000","base_revision":null,"device_time":"2026-01-01T00:00:00Z","change":{"kind":"rocket","record":{}}}]}"#;
        assert!(serde_json::from_str::<PushRequest>(bad).is_err());
        let extra = r#"{"version":1,"operations":[],"x":1}"#;
        assert!(serde_json::from_str::<PushRequest>(extra).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn pushes_round_trip(line in testing::count_line_strategy(), case in testing::seizure_case_strategy()) {
            let req = PushRequest {
                version: PROTOCOL_VERSION,
                operations: vec![
                    Operation { op_id: Uuid::new_v4(), base_revision: None,
                        device_time: OffsetDateTime::UNIX_EPOCH, change: Change::CountLine { record: line } },
                    Operation { op_id: Uuid::new_v4(), base_revision: Some(2),
                        device_time: OffsetDateTime::UNIX_EPOCH, change: Change::SeizureCase { record: Box::new(case) } },
                ],
            };
            let json = serde_json::to_string(&req).unwrap();
            prop_assert_eq!(serde_json::from_str::<PushRequest>(&json).unwrap(), req);
        }
    }
}
