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

/// The protocol version this code speaks.
pub const PROTOCOL_VERSION: u32 = 1;
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

/// Pull parameters (`GET /api/v1/sync/pull?version=1&cursor=…`).
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
    format!(
        "this app speaks sync protocol version {found}, the server speaks version {PROTOCOL_VERSION}: update the app"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
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
