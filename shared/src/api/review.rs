//! The review queue (`GET /api/v1/review/queue`): submitted records waiting for a
//! supervisor's decision, oldest first, with their photos and the codes scanned on
//! their items, parsed.
//!
//! Invariant: a decoded code's fields are shown by name, each value as text with the
//! element it was read from; how they read is decided once in
//! [`DecodedCode::field_list`], for the console and the app alike.

use serde::{Deserialize, Serialize};

use crate::domain::{RecordKind, RecordStatus};
use serde_json::{Map, Value};

/// A user as a reviewer sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// User id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A photo of a record, with where to fetch it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoLink {
    /// SHA-256 of the original.
    pub sha256: String,
    /// Whether the server holds the bytes yet (a device may still be uploading).
    pub stored: bool,
    /// Media type of the original, when stored.
    pub media_type: Option<String>,
    /// A bounded JPEG made by the server.
    pub thumbnail_url: String,
    /// The original bytes, as taken.
    pub original_url: String,
}

/// A code scanned on a seized item, parsed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecodedCode {
    /// The seized item it was scanned on.
    pub item_id: String,
    /// The text as the device sent it.
    pub text: String,
    /// What the parser recognised (`gs1_element_string`, `nsn`, `plain_text`…).
    #[cfg_attr(feature = "openapi", schema(example = "iso15434"))]
    pub kind: String,
    /// The normalised fields it carries (lot, NSN, dates…): name → `{value, source,
    /// span}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: Map<String, Value>,
    /// What the reviewer should know (unmet rules, why it was read as plain text).
    pub warnings: Vec<String>,
}

/// One parsed field of a code, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeField {
    /// The field's name (`lot`, `nsn`, `production_date`…).
    pub name: String,
    /// Its value as text.
    pub value: String,
    /// The element it was read from, e.g. `AI (10)`.
    pub source: Option<String>,
}

impl DecodedCode {
    /// The fields by name, values as text, empty ones left out.
    pub fn field_list(&self) -> Vec<CodeField> {
        self.fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(name, v)| {
                let (value, source) = match v {
                    Value::Object(o) => (
                        o.get("value").map(text_of).unwrap_or_default(),
                        o.get("source").and_then(Value::as_str).map(str::to_string),
                    ),
                    other => (text_of(other), None),
                };
                CodeField {
                    name: name.clone(),
                    value,
                    source,
                }
            })
            .collect()
    }
}

/// A JSON value as a person reads it: strings without quotes.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Revisions and decisions so far, in brief.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistorySummary {
    /// Revisions stored (the current one included).
    pub revisions: i64,
    /// Times a supervisor returned it before.
    pub returned: i64,
    /// The comment of the last return, if any.
    pub last_return_comment: Option<String>,
    /// Time of the first revision.
    pub first_at: Option<String>,
}

/// One submitted record waiting for a decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    /// Record id.
    pub id: String,
    /// `stock_check` or `seizure_case`.
    pub kind: RecordKind,
    /// The case reference, or the stock check's title.
    pub title: String,
    /// Who submitted the current revision.
    pub author: Person,
    /// When the current revision was stored.
    pub submitted_at: String,
    /// Current revision (what a decision applies to).
    pub revision: i64,
    /// Count lines of a stock check (absent for cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_lines: Option<i64>,
    /// For a seizure case flagged for priority investigation (MANPADS or ATGW among
    /// its items): that type. Flagged cases come first in the queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<crate::domain::AmmunitionType>,
    /// Photos of the record (for a stock check: of its count lines).
    pub photos: Vec<PhotoLink>,
    /// Codes scanned on the record's items, parsed.
    pub codes: Vec<DecodedCode>,
    /// Revision history in brief (`GET /api/v1/records/{id}/revisions` has it all).
    pub history: HistorySummary,
}

/// A page of the queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuePage {
    /// Oldest submission first.
    pub entries: Vec<QueueEntry>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

/// The record after a supervisor's decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionResponse {
    /// The record.
    pub record_id: String,
    /// Its status now (`approved` or `returned`).
    pub status: RecordStatus,
    /// Its revision now (the one the decision made).
    pub revision: i64,
}

/// A record as a caller sees it (`GET /api/v1/records/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordView {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: RecordKind,
    /// Owning agency.
    pub agency_id: String,
    /// Owning agency's name.
    pub agency_name: String,
    /// Sharing scope.
    pub scope: String,
    /// Workflow status.
    pub status: RecordStatus,
    /// Current revision number.
    pub revision: i64,
    /// Last change.
    pub updated_at: String,
    /// The record.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub body: Value,
}

/// A page of records (`GET /api/v1/records`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordPage {
    /// The records, by id.
    pub records: Vec<RecordView>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

/// A device, named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceView {
    /// Device id.
    pub id: String,
    /// Its name, e.g. "Tablet 3".
    pub name: String,
}

/// One stored revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionView {
    /// Revision number, from 1.
    pub revision: i64,
    /// Who wrote it (an inspector or officer, or the supervisor who decided).
    pub author: Person,
    /// The enrolled device it came from, if any.
    pub device: Option<DeviceView>,
    /// When the server stored it.
    pub at: String,
    /// Workflow status of that revision (draft, submitted, approved, returned…).
    pub status: Option<RecordStatus>,
}

/// A supervisor's decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewView {
    /// The revision the decision made.
    pub revision: i64,
    /// `approve` or `return`.
    pub decision: String,
    /// What the author should correct.
    pub comment: Option<String>,
    /// The supervisor.
    pub reviewer: Person,
    /// When.
    pub at: String,
}

/// A record's whole history (`GET /api/v1/records/{id}/revisions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct History {
    /// Record id.
    pub record_id: String,
    /// Kind.
    pub kind: RecordKind,
    /// Every revision, oldest first.
    pub revisions: Vec<RevisionView>,
    /// Every decision, oldest first.
    pub reviews: Vec<ReviewView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_as_values_with_their_source_in_order() {
        let code: DecodedCode = serde_json::from_value(serde_json::json!({
            "item_id": "i1", "text": "]d2…", "kind": "gs1_element_string", "warnings": [],
            "fields": {
                "lot": { "value": "17-85-0412", "source": "AI (10)", "span": [3, 13] },
                "quantity": { "value": 1440, "source": "AI (30)", "span": [14, 20] },
                "note": "plain",
                "gone": null
            }
        }))
        .unwrap();
        let list = code.field_list();
        let shown: Vec<(&str, &str, Option<&str>)> = list
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str(), f.source.as_deref()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("lot", "17-85-0412", Some("AI (10)")),
                ("note", "plain", None),
                ("quantity", "1440", Some("AI (30)")),
            ]
        );
    }
}
