//! The supervisor API's answers as the app reads them (see docs/REVIEW.md and
//! docs/REPORTS.md).
//!
//! Invariant: reading is tolerant — fields the app does not use are ignored and a
//! missing optional field takes its default — so a newer server does not break an
//! older app; a withheld report number can only be read as `None`, never as a number.

use serde::Deserialize;
use serde_json::Value;

pub use tracemark_shared::api::review::{
    CodeField, DecodedCode, HistorySummary, Person, PhotoLink, QueueEntry, QueuePage, text_of,
};

/// Which records the queue lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueKind {
    /// Every kind.
    #[default]
    All,
    /// Stock checks.
    StockCheck,
    /// Seizure cases.
    SeizureCase,
}

impl QueueKind {
    /// Every choice, for a picker.
    pub const ALL: [QueueKind; 3] = [
        QueueKind::All,
        QueueKind::StockCheck,
        QueueKind::SeizureCase,
    ];

    /// The `kind` parameter, if any.
    pub fn param(self) -> Option<&'static str> {
        match self {
            QueueKind::All => None,
            QueueKind::StockCheck => Some("stock_check"),
            QueueKind::SeizureCase => Some("seizure_case"),
        }
    }

    /// A stable name for a form's `value`.
    pub fn tag(self) -> &'static str {
        self.param().unwrap_or("all")
    }

    /// The choice for a form value.
    pub fn from_tag(tag: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.tag() == tag)
            .unwrap_or_default()
    }
}

/// A record as `GET /api/v1/records/{id}` answers it.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct RecordView {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Owning agency.
    pub agency_id: String,
    /// Owning agency's name.
    pub agency_name: String,
    /// Sharing scope.
    pub scope: String,
    /// Workflow status.
    pub status: String,
    /// Current revision.
    pub revision: i64,
    /// Last change.
    pub updated_at: String,
    /// The record as stored.
    pub body: Value,
}

/// A page of `GET /api/v1/records`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct RecordPage {
    /// Records, by id.
    pub records: Vec<RecordView>,
    /// Pass as `after` for the next page.
    pub next: Option<String>,
}

/// A device, named.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct DeviceView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// One stored revision.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct RevisionView {
    /// Number, from 1.
    pub revision: i64,
    /// Who wrote it.
    pub author: Person,
    /// The device it came from.
    pub device: Option<DeviceView>,
    /// When the server stored it.
    pub at: String,
    /// Workflow status of that revision.
    pub status: Option<String>,
}

/// A supervisor's decision.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct DecisionView {
    /// The revision the decision made.
    pub revision: i64,
    /// `approve` or `return`.
    pub decision: String,
    /// Comment.
    pub comment: Option<String>,
    /// The supervisor.
    pub reviewer: Person,
    /// When.
    pub at: String,
}

/// A record's whole history.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct History {
    /// Record id.
    pub record_id: String,
    /// Kind.
    pub kind: String,
    /// Every revision, oldest first.
    pub revisions: Vec<RevisionView>,
    /// Every decision, oldest first.
    pub reviews: Vec<DecisionView>,
}

/// A supervisor's decision on a submitted record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Accept it as it is.
    Approve,
    /// Send it back with what to correct (required, not blank).
    Return(String),
}

/// What the server made of a decision.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct DecisionOutcome {
    /// The record.
    pub record_id: String,
    /// `approved` or `returned`.
    pub status: String,
    /// The revision the decision made.
    pub revision: i64,
}

/// A photo's bytes and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoBytes {
    /// Media type the server gave (`image/jpeg`…).
    pub media_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl PhotoBytes {
    /// A `data:` URL the app's webview shows without another request.
    pub fn data_url(&self) -> String {
        use base64::Engine;
        // Only image types go into an <img>; anything else is shown as an unknown image.
        let media = if self.media_type.starts_with("image/")
            && self
                .media_type
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/+.-".contains(c))
        {
            self.media_type.as_str()
        } else {
            "application/octet-stream"
        };
        format!(
            "data:{media};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

pub use tracemark_shared::api::reports::{
    By as ReportBy, Cell as ReportCell, NOT_RECORDED, NextRelease, OTHER_VALUES, Report, ReportRow,
};

/// A trend report request: the grouping only (releases are fixed quarters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportQuery {
    /// Rows.
    pub by: ReportBy,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_fields_read_as_text_with_their_source() {
        let code: DecodedCode = serde_json::from_value(json!({
            "item_id": "i", "text": "x", "kind": "gs1_element_string",
            "fields": { "lot": { "value": "L1", "source": "AI (10)", "span": { "start": 0, "end": 2 } },
                        "quantity": { "value": 20, "source": "AI (30)" } },
            "warnings": [], "future_field": 1,
        }))
        .unwrap();
        let f = code.field_list();
        assert_eq!(
            f[0],
            CodeField {
                name: "lot".into(),
                value: "L1".into(),
                source: Some("AI (10)".into())
            }
        );
        assert_eq!(f[1].value, "20");
    }

    #[test]
    fn data_urls_only_carry_image_types() {
        let p = PhotoBytes {
            media_type: "image/jpeg".into(),
            bytes: vec![1, 2, 3],
        };
        assert_eq!(p.data_url(), "data:image/jpeg;base64,AQID");
        let p = PhotoBytes {
            media_type: "text/html;x=\"".into(),
            bytes: vec![],
        };
        assert!(p.data_url().starts_with("data:application/octet-stream;"));
    }
}
