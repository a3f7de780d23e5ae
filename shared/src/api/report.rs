//! A seizure case as one report for bilateral exchange and prosecution files (DIEF
//! rule 18: the details of the diversion and its discovery): its facts, route,
//! parties, items with their photos and decoded markings, the traces of its lots as
//! the report's author may see them, and its revision history
//! (`GET /api/v1/records/{id}/report`, as JSON or PDF).
//!
//! Invariant: a report is made only for its own agency's case, by that agency's
//! supervisors or customs officers; the traces in it are the author's own (another
//! agency's records appear only as "this agency holds more", as in any trace).

use serde::{Deserialize, Serialize};

use crate::api::review::History;
use crate::api::tracing::TraceAnswer;
use crate::domain::{AmmunitionType, SeizureCase};

/// One element of a decoded marking (a GS1 application identifier or an ASC data
/// identifier), e.g. `10` "BATCH/LOT" `17-85-0412`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecodedElement {
    /// The identifier (`10`, `1T`).
    pub id: String,
    /// What it means.
    pub title: String,
    /// Its value.
    pub value: String,
}

/// A marking of an item as captured, and what the marking parsers read in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecodedMarking {
    /// The text as captured.
    pub text: String,
    /// What was recognised (`gs1`, `iso15434`, `tracemark_label`, `plain_text`…).
    pub kind: String,
    /// Its elements, in order; empty for plain text.
    pub elements: Vec<DecodedElement>,
}

/// What the report adds to one seized item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportItem {
    /// The item's id in the case.
    pub item_id: String,
    /// Its ammunition type, as stated or as its marks tell it.
    pub ammunition_type: Option<AmmunitionType>,
    /// Whether only the marks tell the type.
    pub type_from_marks: bool,
    /// Its markings, decoded.
    pub markings: Vec<DecodedMarking>,
}

/// The trace of one of the case's lots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LotTrace {
    /// The lot number traced.
    pub lot: String,
    /// Its manufacturer.
    pub manufacturer: String,
    /// The trace as the author may see it.
    pub answer: TraceAnswer,
    /// The end-user certificates, among the transfers the author may see, whose
    /// non-retransfer clause the lot was transferred under: its seizure may be a
    /// diversion in breach of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_retransfer_certificates: Vec<String>,
}

/// One seizure case as a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseReport {
    /// When the report was made (RFC 3339).
    pub generated_at: String,
    /// Who made it (display name).
    pub generated_by: String,
    /// The agency whose case it is.
    pub agency: String,
    /// The record's id.
    pub record_id: String,
    /// Its revision when reported.
    pub revision: i64,
    /// The case as stored.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub case: SeizureCase,
    /// Per item, in the case's order.
    pub items: Vec<ReportItem>,
    /// The traces of its lots, one per lot (lot and maker), in item order.
    pub traces: Vec<LotTrace>,
    /// Why some or all lots were not traced (the author is not a supervisor, or the
    /// hourly limit of traces was reached), if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traces_note: Option<String>,
    /// Every revision and every supervisor's decision.
    pub history: History,
}
