//! The supervisor API's answers as the app reads them (see docs/REVIEW.md and
//! docs/REPORTS.md).
//!
//! The wire types themselves are `tracemark_shared::api`'s, re-exported here under the
//! names the screens use: fields the app does not know are ignored (a newer server does
//! not break an older app), a missing field is a broken answer, and a withheld report
//! number can only be read as `None`, never as a number.

use tracemark_shared::domain::RecordKind;

pub use tracemark_shared::api::review::{
    CodeField, DecisionResponse as DecisionOutcome, DecodedCode, DeviceView, History,
    HistorySummary, Person, PhotoLink, QueueEntry, QueuePage, RecordPage, RecordView,
    ReviewView as DecisionView, RevisionView, text_of,
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
    /// Recovered caches.
    RecoveredCache,
}

impl QueueKind {
    /// Every choice, for a picker.
    pub const ALL: [QueueKind; 4] = [
        QueueKind::All,
        QueueKind::StockCheck,
        QueueKind::SeizureCase,
        QueueKind::RecoveredCache,
    ];

    /// The `kind` parameter, if any.
    pub fn param(self) -> Option<&'static str> {
        match self {
            QueueKind::All => None,
            QueueKind::StockCheck => Some(RecordKind::StockCheck.as_str()),
            QueueKind::SeizureCase => Some(RecordKind::SeizureCase.as_str()),
            QueueKind::RecoveredCache => Some(RecordKind::RecoveredCache.as_str()),
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

/// A supervisor's decision on a submitted record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Accept it as it is.
    Approve,
    /// Send it back with what to correct (required, not blank).
    Return(String),
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
