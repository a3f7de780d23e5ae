//! A trend report as CSV, for spreadsheets: a header of releases, one line per row,
//! withheld cells as the word `suppressed`.
//!
//! Invariant: a text a spreadsheet would run as a formula is written with a leading
//! apostrophe, so opening the file runs nothing.

use super::{Cell, Report};
use crate::db::StoreError;

/// A cell as CSV text: the number, or `suppressed`.
fn csv_cell(c: &Cell) -> String {
    c.count
        .map_or_else(|| "suppressed".to_string(), |n| n.to_string())
}

/// Values that spreadsheets would run as formulas get a leading apostrophe.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The report as CSV: a header of releases, one line per row.
pub fn to_csv(report: &Report) -> Result<Vec<u8>, StoreError> {
    let err = |e: csv::Error| StoreError::Other(e.into());
    let mut w = csv::Writer::from_writer(Vec::new());
    let by = serde_json::to_value(report.by)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut header = vec![by];
    header.extend(report.columns.iter().cloned());
    w.write_record(&header).map_err(err)?;
    for row in &report.rows {
        let mut line = vec![csv_text(&row.value)];
        line.extend(row.cells.iter().map(csv_cell));
        w.write_record(&line).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| StoreError::Other(anyhow::anyhow!("writing the CSV: {e}")))
}
