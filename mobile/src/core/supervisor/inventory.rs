//! A stock check's reconciliation (expected against counted, by location and lot) as
//! JSON to show and as the server's CSV to save, and imports of expected inventory or
//! transfer records from CSV/XLSX with a dry run first (docs/IMPORTS.md).
//!
//! Invariant: an import's row errors always come back as a list of line, column, rule
//! and message — from a dry run (`200`) and from a refused real run (`422`) alike — so
//! the screen shows the same table either way; a file larger than the server takes is
//! refused before it is sent.

use reqwest::Method;
use serde_json::Value;

use super::{MAX_JSON_BYTES, SupervisorClient, SupervisorError, body, json_answer, segment, send};

/// Largest file an import sends (the server's limit).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Largest reconciliation CSV read.
pub const MAX_CSV_BYTES: usize = 64 * 1024 * 1024;

pub use tracemark_shared::api::reconcile::{
    Finding, Line as ReconLine, LocationTotals, Reconciliation, Status as ReconStatus,
    StatusCounts, Totals as ReconTotals,
};

/// What an import brings in.
pub use tracemark_shared::view::imports::ImportKind;

/// A spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV (UTF-8).
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl FileFormat {
    /// The format a file name says (`.csv`, `.txt`, `.xlsx`, `.xlsm`).
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(FileFormat::Csv),
            "xlsx" | "xlsm" => Some(FileFormat::Xlsx),
            _ => None,
        }
    }

    fn param(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// How to import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Stock check title (inventory; default from the depot and the day).
    pub title: Option<String>,
    /// Usernames of the inspectors who count (inventory; required).
    pub assign: Vec<String>,
    /// `own_agency` (default), `national`.
    pub scope: Option<String>,
}

impl From<ImportSettings> for ImportOptions {
    /// What the app sends from the shared import form (it offers no partner scope).
    fn from(s: ImportSettings) -> Self {
        ImportOptions {
            dry_run: s.dry_run,
            title: s.title,
            assign: s.assign,
            scope: s.scope,
        }
    }
}

use tracemark_shared::view::imports::ImportSettings;

pub use tracemark_shared::api::imports::{
    Outcome as ImportOutcome, RowError, Summary as ImportSummary,
};

impl SupervisorClient {
    /// `GET /api/v1/stock-checks/{id}/reconciliation` as JSON.
    pub async fn reconciliation(&self, id: &str) -> Result<Reconciliation, SupervisorError> {
        let url = self.url(
            &format!("/api/v1/stock-checks/{}/reconciliation", segment(id)?),
            &[],
        )?;
        self.get_json(url).await
    }

    /// The same as the server's CSV (written to the audit log as an export).
    pub async fn reconciliation_csv(&self, id: &str) -> Result<Vec<u8>, SupervisorError> {
        let url = self.url(
            &format!("/api/v1/stock-checks/{}/reconciliation", segment(id)?),
            &[("format", Some("csv"))],
        )?;
        body(send(self.request(Method::GET, url)).await?, MAX_CSV_BYTES).await
    }

    /// `POST /api/v1/imports/inventory|transfers` with the file's bytes.
    pub async fn import(
        &self,
        kind: ImportKind,
        file: Vec<u8>,
        format: FileFormat,
        options: &ImportOptions,
    ) -> Result<ImportOutcome, SupervisorError> {
        if file.len() > MAX_IMPORT_BYTES {
            return Err(SupervisorError::TooLarge(MAX_IMPORT_BYTES));
        }
        let path = match kind {
            ImportKind::Inventory => "/api/v1/imports/inventory",
            ImportKind::Transfers => "/api/v1/imports/transfers",
        };
        let assign = options.assign.join(",");
        let title = options
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let inventory = kind == ImportKind::Inventory;
        let url = self.url(
            path,
            &[
                (
                    "dry_run",
                    Some(if options.dry_run { "true" } else { "false" }),
                ),
                ("format", Some(format.param())),
                ("title", title.filter(|_| inventory)),
                (
                    "assign",
                    Some(assign.as_str()).filter(|a| inventory && !a.is_empty()),
                ),
                ("scope", options.scope.as_deref()),
            ],
        )?;
        let resp = send(
            self.request(Method::POST, url)
                .header(reqwest::header::CONTENT_TYPE, format.mime())
                .body(file),
        )
        .await?;
        if resp.status().as_u16() != 422 {
            return json_answer(resp).await;
        }
        // A refused real run: the row errors are in the error body.
        let bytes = body_of_error(resp).await?;
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|e| SupervisorError::BadAnswer(e.to_string()))?;
        let rows = v.pointer("/error/rows").cloned().unwrap_or(Value::Null);
        let message = v
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("the file was refused")
            .to_string();
        if rows.is_null() {
            return Err(SupervisorError::Invalid(message));
        }
        Ok(ImportOutcome {
            dry_run: false,
            written: false,
            summary: serde_json::from_value(v.get("summary").cloned().unwrap_or(Value::Null))
                .unwrap_or_default(),
            errors: serde_json::from_value(rows)
                .map_err(|e| SupervisorError::BadAnswer(e.to_string()))?,
            errors_not_listed: v
                .pointer("/error/not_listed")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            records: Vec::new(),
        })
    }
}

/// The bytes of an error answer, bounded.
async fn body_of_error(mut resp: reqwest::Response) -> Result<Vec<u8>, SupervisorError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| SupervisorError::from_http(&e))?
    {
        if bytes.len().saturating_add(chunk.len()) > MAX_JSON_BYTES {
            return Err(SupervisorError::TooLarge(MAX_JSON_BYTES));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_file_name() {
        assert_eq!(
            FileFormat::from_name("Depot 1.XLSX"),
            Some(FileFormat::Xlsx)
        );
        assert_eq!(FileFormat::from_name("stock.csv"), Some(FileFormat::Csv));
        assert_eq!(FileFormat::from_name("stock.ods"), None);
        assert_eq!(FileFormat::from_name("noextension"), None);
    }
}
