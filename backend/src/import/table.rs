//! Reading a spreadsheet (CSV or the first sheet of an XLSX workbook) into rows of
//! named columns, the way depots and export offices actually keep them: a header row
//! with their own spelling of the column names, `;` or `,` separators, a byte-order
//! mark, quoted fields, blank rows at the end, numbers and dates typed as cells.
//!
//! Invariant: reading never panics and never grows past the limits below; every
//! problem is a [`RowError`] naming the row as the spreadsheet numbers it (the header
//! is row 1 when it is the first row) and the column by the header the file gives it.

use std::collections::HashMap;

use serde::Serialize;

#[cfg(test)]
use super::formats::number_text;
use super::formats::{column_letter, read_csv, read_xlsx};

/// Largest file accepted, in bytes (20 MiB).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most data rows in one file (the header row not counted).
pub const MAX_ROWS: usize = 100_000;
/// Most columns in the header row.
pub const MAX_COLUMNS: usize = 200;
/// Longest cell, in characters.
pub const MAX_CELL_CHARS: usize = 4_000;
/// Most bytes an XLSX workbook may unpack to (checked against the sizes its zip
/// declares, then by unpacking every part before the workbook is read).
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Most files inside an XLSX workbook.
pub const MAX_XLSX_ENTRIES: usize = 1_000;
/// Most errors reported for one file; the rest are counted, not listed.
pub const MAX_ERRORS: usize = 1_000;
/// How many rows from the top may stand above the header row (a title, a blank row).
pub(super) const HEADER_SEARCH_ROWS: usize = 20;

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma- or semicolon-separated text, UTF-8.
    Csv,
    /// Office Open XML workbook (Excel, LibreOffice); the first sheet is read.
    Xlsx,
}

impl Format {
    /// The format a file name's extension names, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

pub use tracemark_shared::api::imports::RowError;

/// Errors collected while reading and checking a file, capped at [`MAX_ERRORS`].
#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct Problems {
    /// The errors, in file order.
    pub errors: Vec<RowError>,
    /// How many more errors there were beyond the listed ones.
    pub not_listed: u64,
}

impl Problems {
    /// Adds one error (counted, not listed, past the cap).
    pub fn push(&mut self, e: RowError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        } else {
            self.not_listed += 1;
        }
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.not_listed == 0
    }

    /// How many errors in all.
    pub fn total(&self) -> u64 {
        self.errors.len() as u64 + self.not_listed
    }
}

/// A column an import understands.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Canonical name (also accepted as a header).
    pub name: &'static str,
    /// Other headers accepted for it (compared after [`normalize_header`]).
    pub aliases: &'static [&'static str],
    /// Whether the file must have this column.
    pub required: bool,
}

/// A header as compared: trimmed, lower case, a trailing `(unit)` dropped, and runs of
/// spaces, hyphens, dots and slashes turned into one `_` (`Lot No.` → `lot_no`).
pub fn normalize_header(h: &str) -> String {
    let h = h.split('(').next().unwrap_or_default();
    let mut out = String::new();
    for ch in h.trim().chars().flat_map(char::to_lowercase) {
        if ch.is_whitespace() || matches!(ch, '-' | '.' | '/' | '_' | '#') {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push(ch);
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// A data row: its spreadsheet row number and its cells by column of the spec.
#[derive(Debug, Clone)]
pub struct Row {
    /// Row number as the spreadsheet shows it.
    pub line: u64,
    cells: Vec<Option<String>>,
}

impl Row {
    /// The trimmed cell of spec column `i` ("" when the column is absent or blank).
    pub fn get(&self, i: usize) -> &str {
        self.cells
            .get(i)
            .and_then(|c| c.as_deref())
            .unwrap_or_default()
            .trim()
    }

    /// The cell, or `None` when blank.
    pub fn opt(&self, i: usize) -> Option<&str> {
        Some(self.get(i)).filter(|s| !s.is_empty())
    }
}

/// A file read against a column spec.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header of each spec column as written in the file (the canonical name when
    /// the file lacks the column).
    pub headers: Vec<String>,
    /// Headers of the file that no spec column takes (ignored).
    pub ignored_columns: Vec<String>,
    /// Non-blank data rows, in file order.
    pub rows: Vec<Row>,
}

impl Table {
    /// The header of spec column `i`, for error messages.
    pub fn header(&self, i: usize) -> &str {
        self.headers.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// A row as read, before the header is known.
#[derive(Debug)]
pub(super) struct RawRow {
    /// Row number as the spreadsheet shows it.
    pub(super) line: u64,
    /// Cells, in file order.
    pub(super) cells: Vec<String>,
}

impl RawRow {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Reads `bytes` as `format` against `spec`. `progress(done, total)` is called now and
/// then while reading (bytes for CSV, rows for XLSX).
pub fn read(
    bytes: &[u8],
    format: Format,
    spec: &[Column],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Table, Problems> {
    let mut problems = Problems::default();
    if bytes.len() > MAX_FILE_BYTES {
        problems.push(RowError::file(
            "too_large",
            format!(
                "the file is larger than {MAX_FILE_BYTES} bytes; split it into several imports"
            ),
        ));
        return Err(problems);
    }
    let raw = match format {
        Format::Csv => read_csv(bytes, &mut problems, progress),
        Format::Xlsx => read_xlsx(bytes, &mut problems, progress),
    };
    let table = raw.and_then(|raw| into_table(raw, spec, &mut problems));
    match table {
        Some(t) if problems.is_empty() => Ok(t),
        _ => Err(problems),
    }
}

/// Finds the header row, maps its headers to the spec and checks every cell's size.
fn into_table(raw: Vec<RawRow>, spec: &[Column], problems: &mut Problems) -> Option<Table> {
    let lookup: HashMap<String, usize> = spec
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            std::iter::once(c.name)
                .chain(c.aliases.iter().copied())
                .map(move |n| (normalize_header(n), i))
        })
        .collect();
    let known = |row: &RawRow| {
        row.cells
            .iter()
            .filter(|c| lookup.contains_key(&normalize_header(c)))
            .count()
    };
    // The header is the first row naming two known columns (a title may stand above
    // it), or else the first row that is not blank.
    let header_at = raw
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| known(r) >= 2)
        .or_else(|| raw.iter().position(|r| !r.is_blank()));
    let Some(header_at) = header_at else {
        problems.push(RowError::file(
            "required",
            "the file is empty; the first row must name the columns",
        ));
        return None;
    };
    let mut rows_iter = raw.into_iter().skip(header_at);
    let header = rows_iter.next()?;
    if header.cells.len() > MAX_COLUMNS {
        problems.push(RowError::new(
            Some(header.line),
            None,
            "too_many_columns",
            format!("the header row has more than {MAX_COLUMNS} columns"),
        ));
        return None;
    }
    let mut position: Vec<Option<usize>> = vec![None; spec.len()];
    let mut headers: Vec<String> = spec.iter().map(|c| c.name.to_string()).collect();
    let mut ignored_columns = Vec::new();
    for (cell_index, h) in header.cells.iter().enumerate() {
        let written = h.trim();
        if written.is_empty() {
            continue;
        }
        match lookup.get(&normalize_header(written)) {
            Some(&i) => {
                if position.get(i).copied().flatten().is_some() {
                    problems.push(RowError::new(
                        Some(header.line),
                        Some(written),
                        "duplicate",
                        format!(
                            "is a second column for {}; keep one of them",
                            headers.get(i).map(String::as_str).unwrap_or_default()
                        ),
                    ));
                    continue;
                }
                if let Some(p) = position.get_mut(i) {
                    *p = Some(cell_index);
                }
                if let Some(slot) = headers.get_mut(i) {
                    *slot = written.to_string();
                }
            }
            None => ignored_columns.push(written.to_string()),
        }
    }
    for (i, c) in spec.iter().enumerate() {
        if c.required && position.get(i).copied().flatten().is_none() {
            let aliases = if c.aliases.is_empty() {
                String::new()
            } else {
                format!(" (or {})", c.aliases.join(", "))
            };
            problems.push(RowError::new(
                Some(header.line),
                Some(c.name),
                "required_column",
                format!("the header row has no {} column{aliases}", c.name),
            ));
        }
    }
    let mut rows = Vec::new();
    for raw_row in rows_iter.filter(|r| !r.is_blank()) {
        if rows.len() >= MAX_ROWS {
            problems.push(RowError::file(
                "too_many_rows",
                format!("the file has more than {MAX_ROWS} rows; split it into several imports"),
            ));
            return None;
        }
        for (cell_index, cell) in raw_row.cells.iter().enumerate() {
            if cell.chars().nth(MAX_CELL_CHARS).is_some() {
                let column = header
                    .cells
                    .get(cell_index)
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
                    .unwrap_or_else(|| column_letter(cell_index));
                problems.push(RowError::new(
                    Some(raw_row.line),
                    Some(&column),
                    "too_long",
                    format!("must be at most {MAX_CELL_CHARS} characters"),
                ));
            }
        }
        let cells = position
            .iter()
            .map(|p| p.and_then(|p| raw_row.cells.get(p).cloned()))
            .collect();
        rows.push(Row {
            line: raw_row.line,
            cells,
        });
    }
    Some(Table {
        headers,
        ignored_columns,
        rows,
    })
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
