//! The two file formats as rows of text cells: CSV (separator sniffed, BOM and
//! Excel's `sep=` line understood, quoted cells) and XLSX (first sheet, cells streamed,
//! numbers and dates printed as the sheet shows them).
//!
//! Invariant: nothing here panics or reads past the limits of [`super::table`]; a
//! workbook's declared unpacked size is checked before it is unpacked.

use std::fmt;
use std::io::Cursor;

use super::table::{
    HEADER_SEARCH_ROWS, MAX_COLUMNS, MAX_ROWS, MAX_XLSX_ENTRIES, MAX_XLSX_UNPACKED_BYTES, Problems,
    RawRow, RowError,
};

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

pub(super) fn read_csv(
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
pub(super) fn number_text(f: f64) -> String {
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
    check_zip_within(bytes, MAX_XLSX_UNPACKED_BYTES)
}

/// Checks a workbook's zip before calamine opens it: at most [`MAX_XLSX_ENTRIES`]
/// parts, and at most `max` bytes once unpacked — by the sizes the zip declares, and
/// then by actually unpacking every part into nothing, so a zip that understates its
/// sizes (a decompression bomb) is refused before anything holds it in memory.
fn check_zip_within(bytes: &[u8], max: u64) -> Result<(), String> {
    let too_big =
        || format!("the workbook unpacks to more than {max} bytes; split it into several imports");
    let damaged = |e: &dyn fmt::Display| format!("the workbook is damaged ({e})");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("the file is not an .xlsx workbook ({e})"))?;
    if zip.len() > MAX_XLSX_ENTRIES {
        return Err(format!(
            "the workbook holds more than {MAX_XLSX_ENTRIES} parts; save a plain copy of the sheet"
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| damaged(&e))?;
        total = total.saturating_add(f.size());
    }
    if total > max {
        return Err(too_big());
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| damaged(&e))?;
        let left = max - unpacked;
        let read = std::io::copy(
            &mut std::io::Read::take(entry, left + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| damaged(&e))?;
        if read > left {
            return Err(too_big());
        }
        unpacked += read;
    }
    Ok(())
}

pub(super) fn read_xlsx(
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
pub(super) fn column_letter(mut col: usize) -> String {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// A zip with one stored part of `len` bytes whose headers claim `claimed` bytes.
    fn lying_zip(len: usize, claimed: u32) -> Vec<u8> {
        let data = vec![b'x'; len];
        let mut out = Vec::new();
        let name = b"xl/worksheets/sheet1.xml";
        let crc = crc32fast::hash(&data);
        let local = |out: &mut Vec<u8>| {
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(len as u32).to_le_bytes());
            out.extend_from_slice(&claimed.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name);
        };
        local(&mut out);
        out.extend_from_slice(&data);
        let cd_start = out.len();
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(len as u32).to_le_bytes());
        out.extend_from_slice(&claimed.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(name);
        let cd_len = out.len() - cd_start;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        out.extend_from_slice(&(cd_len as u32).to_le_bytes());
        out.extend_from_slice(&(cd_start as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn a_zip_that_understates_its_size_is_refused() {
        let honest = lying_zip(1000, 1000);
        assert!(check_zip_within(&honest, 2000).is_ok());
        assert!(
            check_zip_within(&honest, 500)
                .unwrap_err()
                .contains("unpacks to more")
        );
        // Claims 10 bytes, holds 1000: the declared sizes pass, unpacking does not.
        let lying = lying_zip(1000, 10);
        assert!(check_zip_within(&lying, 100).is_err());
    }
}
