//! Reading a spreadsheet (CSV or the first sheet of an XLSX workbook) into rows of
//! named columns, the way depots and export offices actually keep them: a header row
//! with their own spelling of the column names, `;` or `,` separators, a byte-order
//! mark, quoted fields, blank rows at the end, numbers and dates typed as cells.
//!
//! Invariant: reading never panics and never grows past the limits below; every
//! problem is a [`RowError`] naming the row as the spreadsheet numbers it (the header
//! is row 1 when it is the first row) and the column by the header the file gives it.

use std::collections::HashMap;
use std::fmt;
use std::io::Cursor;

use serde::Serialize;

/// Largest file accepted, in bytes (20 MiB).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most data rows in one file (the header row not counted).
pub const MAX_ROWS: usize = 100_000;
/// Most columns in the header row.
pub const MAX_COLUMNS: usize = 200;
/// Longest cell, in characters.
pub const MAX_CELL_CHARS: usize = 4_000;
/// Most bytes an XLSX workbook may unpack to, by the sizes its zip directory declares.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Most files inside an XLSX workbook.
pub const MAX_XLSX_ENTRIES: usize = 1_000;
/// Most errors reported for one file; the rest are counted, not listed.
pub const MAX_ERRORS: usize = 1_000;
/// How many rows from the top may stand above the header row (a title, a blank row).
const HEADER_SEARCH_ROWS: usize = 20;

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

/// One problem in an import, where the user can find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RowError {
    /// Row number as the spreadsheet shows it; absent for the whole file or a parameter.
    pub line: Option<u64>,
    /// Column header as written in the file (or the parameter name); absent for a
    /// problem of the whole row or file.
    pub column: Option<String>,
    /// Stable name of the rule broken, e.g. `required`, `format`, `out_of_range`.
    pub rule: String,
    /// What is wrong, completing "line 14, column quantity: …".
    pub message: String,
}

impl RowError {
    /// A problem of one cell, row or the file.
    pub fn new(
        line: Option<u64>,
        column: Option<&str>,
        rule: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            line,
            column: column.map(str::to_string),
            rule: rule.to_string(),
            message: message.into(),
        }
    }

    /// A problem of the whole file.
    pub fn file(rule: &str, message: impl Into<String>) -> Self {
        Self::new(None, None, rule, message)
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            (None, Some(c)) => write!(f, "{c}: {}", self.message),
            (None, None) => write!(f, "file: {}", self.message),
        }
    }
}

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
struct RawRow {
    line: u64,
    cells: Vec<String>,
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

/// The separator of a CSV file: the most frequent of `;`, `,` and tab outside quotes
/// on its first line (`,` on a tie), or the one an Excel `sep=` line names.
fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in first_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

fn read_csv(
    bytes: &[u8],
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64, u64),
) -> Option<Vec<RawRow>> {
    let mut data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let first = data.get(..first_end).unwrap_or_default();
    let first_trimmed = first.strip_suffix(b"\r").unwrap_or(first);
    // Excel's `sep=;` hint line: it names the separator and is not shown as a row.
    let delimiter = match first_trimmed {
        [b's', b'e', b'p', b'=', d] => {
            data = data.get(first_end + 1..).unwrap_or_default();
            *d
        }
        _ => sniff_delimiter(first_trimmed),
    };
    let total = data.len() as u64;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data);
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Rows are numbered by counting line breaks up to each record's first byte, less
    // the breaks inside quoted cells (which a spreadsheet shows within one row).
    let mut counted_to = 0usize;
    let mut breaks = 0u64;
    let mut extra_breaks = 0u64;
    let mut line_at = |offset: usize, extra: u64| -> u64 {
        // The reader places a record after the line ends (and blank lines) before it.
        let skipped = data.get(offset..).map_or(0, |rest| {
            rest.iter()
                .take_while(|&&b| matches!(b, b'\r' | b'\n'))
                .count()
        });
        let end = offset.saturating_add(skipped).min(data.len());
        if end > counted_to {
            breaks += data
                .get(counted_to..end)
                .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count() as u64);
            counted_to = end;
        }
        (breaks + 1).saturating_sub(extra)
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| {
                    line_at(
                        usize::try_from(p.byte()).unwrap_or(usize::MAX),
                        extra_breaks,
                    )
                });
                problems.push(RowError::new(
                    line,
                    None,
                    "format",
                    format!("the CSV text cannot be read: {e}"),
                ));
                return None;
            }
        }
        let line = record.position().map_or(0, |p| {
            line_at(
                usize::try_from(p.byte()).unwrap_or(usize::MAX),
                extra_breaks,
            )
        });
        if rows.len() > MAX_ROWS + HEADER_SEARCH_ROWS {
            problems.push(RowError::file(
                "too_many_rows",
                format!("the file has more than {MAX_ROWS} rows; split it into several imports"),
            ));
            return None;
        }
        let mut cells = Vec::with_capacity(record.len());
        for field in &record {
            extra_breaks += field.iter().filter(|&&b| b == b'\n').count() as u64;
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(s.to_string()),
                Err(_) => {
                    problems.push(RowError::new(
                        Some(line),
                        None,
                        "encoding",
                        "the text is not UTF-8; save the file as \"CSV UTF-8\" and import it again",
                    ));
                    return None;
                }
            }
        }
        rows.push(RawRow { line, cells });
        if rows.len().is_multiple_of(1024) {
            progress(record.position().map_or(0, |p| p.byte()), total);
        }
    }
    progress(total, total);
    Some(rows)
}

/// Text of an XLSX cell: text as is (a lot `0123` keeps its zero), whole numbers
/// without `.0`, dates as `YYYY-MM-DD` (with `THH:MM:SS` when they carry a time).
fn cell_text(value: &calamine::DataRef<'_>) -> Result<String, String> {
    use calamine::DataRef;
    Ok(match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        DataRef::DateTime(dt) => number_text(dt.as_f64()),
        DataRef::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
        DataRef::Empty => String::new(),
    })
}

/// A number cell as text: integers without a fraction, others in their shortest form.
fn number_text(f: f64) -> String {
    // 2^53: past it not every integer is exact, so the plain form is printed.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "checked to be a small integer"
        )]
        let i = f as i64;
        i.to_string()
    } else {
        f.to_string()
    }
}

/// Refuses workbooks whose zip directory declares too many files or too many bytes,
/// before anything is unpacked (a small file can unpack to gigabytes).
fn check_zip(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("the file is not an .xlsx workbook ({e})"))?;
    if zip.len() > MAX_XLSX_ENTRIES {
        return Err(format!(
            "the workbook holds more than {MAX_XLSX_ENTRIES} parts; save a plain copy of the sheet"
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| format!("the workbook is damaged ({e})"))?;
        total = total.saturating_add(f.size());
    }
    if total > MAX_XLSX_UNPACKED_BYTES {
        return Err(format!(
            "the workbook unpacks to more than {MAX_XLSX_UNPACKED_BYTES} bytes; split it into several imports"
        ));
    }
    Ok(())
}

fn read_xlsx(
    bytes: &[u8],
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64, u64),
) -> Option<Vec<RawRow>> {
    use calamine::Reader;
    if let Err(message) = check_zip(bytes) {
        problems.push(RowError::file("format", message));
        return None;
    }
    let fail = |problems: &mut Problems, e: &dyn fmt::Display| {
        problems.push(RowError::file(
            "format",
            format!("the workbook cannot be read: {e}"),
        ));
    };
    let mut workbook = match calamine::Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            fail(problems, &e);
            return None;
        }
    };
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        problems.push(RowError::file("format", "the workbook has no sheet"));
        return None;
    };
    let mut cells = match workbook.worksheet_cells_reader(&sheet) {
        Ok(c) => c,
        Err(e) => {
            fail(problems, &e);
            return None;
        }
    };
    let total = u64::from(cells.dimensions().end.0).saturating_add(1);
    let mut rows: Vec<RawRow> = Vec::new();
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                fail(problems, &e);
                return None;
            }
        };
        let (r, c) = cell.get_position();
        let line = u64::from(r) + 1;
        let col = c as usize;
        if col >= MAX_COLUMNS {
            if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                problems.push(RowError::new(
                    Some(line),
                    None,
                    "too_many_columns",
                    format!("the sheet has more than {MAX_COLUMNS} columns"),
                ));
                return None;
            }
            continue;
        }
        let text = match cell_text(cell.get_value()) {
            Ok(t) => t,
            Err(message) => {
                problems.push(RowError::new(
                    Some(line),
                    Some(&column_letter(col)),
                    "cell_error",
                    message,
                ));
                String::new()
            }
        };
        if rows.last().is_none_or(|last| last.line != line) {
            if rows.len() > MAX_ROWS + HEADER_SEARCH_ROWS {
                problems.push(RowError::file(
                    "too_many_rows",
                    format!(
                        "the sheet has more than {MAX_ROWS} rows; split it into several imports"
                    ),
                ));
                return None;
            }
            rows.push(RawRow {
                line,
                cells: Vec::new(),
            });
            if rows.len().is_multiple_of(1024) {
                progress(line, total);
            }
        }
        if let Some(last) = rows.last_mut() {
            if last.cells.len() <= col {
                last.cells.resize(col + 1, String::new());
            }
            if let Some(slot) = last.cells.get_mut(col) {
                *slot = text;
            }
        }
    }
    progress(total, total);
    Some(rows)
}

/// `A`, `B`, … `AA` for a zero-based column, as spreadsheets label them.
fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + u8::try_from(col % 26).unwrap_or(0));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
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
