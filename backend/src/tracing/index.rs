//! The lot index: one row per lot line of every record, in normalised form, so that a
//! trace is a handful of equality tests on indexed columns. A count line's row is its
//! own `count_line_rows` row, which carries the same keys; traces read both through the
//! view `lot_lines`.
//!
//! Invariant: a record's rows are rebuilt by [`reindex`] in the transaction that writes
//! the record (`records::insert`, `records::write_revision`), so the index never lags
//! behind or runs ahead of the records it describes.

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};
use serde::Deserialize;
use serde_json::Value;
use tracemark_shared::domain::RecordKind;
use tracemark_shared::marking::calibre::{self, Calibre};
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::marking::parse_or_plain;

/// Most markings read per seized item when looking for a GTIN and a serial (a
/// validated item has at most `MAX_MARKINGS_PER_ITEM`; this bounds parsing work).
const MAX_MARKINGS_READ: usize = 100;

/// Text as the index compares it: trimmed, runs of whitespace made one space, upper
/// case (`" lc  19 k021 "` → `"LC 19 K021"`).
pub fn text_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// A calibre as the index shows it: the shared normaliser's canonical form.
pub fn calibre_display(text: &str) -> String {
    calibre::normalise(text)
}

/// A calibre as the index compares it: the dimensional key with true synonyms
/// resolved (`9mm Luger` = `9x19mm`), or the text key when the text is no calibre.
pub fn calibre_key(text: &str) -> String {
    match Calibre::parse(text) {
        Ok(c) => c.key().to_string(),
        Err(_) => text_key(text),
    }
}

/// An NSN as the index stores it: 13 digits, if the text is one.
pub fn nsn_key(text: &str) -> Option<String> {
    Nsn::parse(text).ok().map(|n| n.digits().to_string())
}

/// A GTIN as the index stores it: 14 digits (shorter GTINs padded with zeros, as GS1
/// element strings carry them), if the text is 8, 12, 13 or 14 digits.
pub fn gtin_key(text: &str) -> Option<String> {
    let t = text.trim();
    let ok = matches!(t.len(), 8 | 12 | 13 | 14) && t.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{t:0>14}"))
}

/// A serial as the index stores it: trimmed (serials are case-sensitive).
pub fn serial_key(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The lot fields of a line, read leniently (the stored bodies are validated domain
/// types; unknown fields are ignored so the index never blocks a write).
#[derive(Debug, Default, Deserialize)]
struct LotJson {
    #[serde(default)]
    manufacturer: String,
    #[serde(default)]
    calibre: String,
    year: Option<i64>,
    #[serde(default)]
    lot: String,
    sub_lot: Option<String>,
    nsn: Option<String>,
    dodic: Option<String>,
    ammunition_type: Option<String>,
    hazard: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LineJson {
    #[serde(default)]
    lot: LotJson,
    #[serde(default)]
    quantity: u64,
    location_id: Option<String>,
    #[serde(default)]
    markings: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Named {
    id: Option<String>,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Default, Deserialize)]
struct CheckHead {
    #[serde(default)]
    title: String,
    #[serde(default)]
    assigned_to: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct StockCheckJson {
    #[serde(default)]
    stock_check: CheckHead,
    depot: Option<Named>,
    #[serde(default)]
    locations: Vec<Named>,
    #[serde(default)]
    expected: Vec<LineJson>,
}

#[derive(Debug, Deserialize)]
struct SeizureJson {
    #[serde(default)]
    items: Vec<LineJson>,
    place: Option<String>,
    reference: Option<String>,
    seized_on: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TransferJson {
    #[serde(default)]
    lines: Vec<LineJson>,
    end_user: Option<String>,
    importer: Option<String>,
    end_user_certificate_ref: Option<String>,
    transferred_on: Option<String>,
}

/// One row of the index, before it is written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Row {
    /// Manufacturer, [`text_key`].
    pub manufacturer: String,
    /// Calibre, [`calibre_display`].
    pub calibre: String,
    /// Calibre, [`calibre_key`].
    pub calibre_key: String,
    /// Year of production.
    pub year: Option<i64>,
    /// Lot, [`text_key`].
    pub lot: String,
    /// Sub-lot, [`text_key`].
    pub sub_lot: Option<String>,
    /// NSN digits.
    pub nsn: Option<String>,
    /// GTIN-14 read from the markings.
    pub gtin: Option<String>,
    /// Serial read from the markings.
    pub serial: Option<String>,
    /// Quantity.
    pub quantity: i64,
    /// Depot (code and name).
    pub depot: Option<String>,
    /// Storage location code, or the place of a seizure.
    pub location: Option<String>,
    /// End user of a transfer.
    pub end_user: Option<String>,
    /// Importer of a transfer.
    pub importer: Option<String>,
    /// End-user certificate reference, or the case reference.
    pub reference: Option<String>,
    /// Day of the seizure or transfer.
    pub on_date: Option<String>,
}

fn row(line: &LineJson) -> Row {
    let (gtin, serial) = codes(&line.markings);
    Row {
        gtin,
        serial,
        quantity: i64::try_from(line.quantity).unwrap_or(i64::MAX),
        ..lot_row(&line.lot)
    }
}

/// The keys of a lot as the index compares and shows them.
fn lot_row(l: &LotJson) -> Row {
    Row {
        manufacturer: text_key(&l.manufacturer),
        calibre: calibre_display(&l.calibre),
        calibre_key: calibre_key(&l.calibre),
        year: l.year,
        lot: text_key(&l.lot),
        sub_lot: l.sub_lot.as_deref().map(text_key).filter(|s| !s.is_empty()),
        nsn: l.nsn.as_deref().and_then(nsn_key),
        ..Row::default()
    }
}

/// The first GTIN and the first serial that the shared marking parser finds in the
/// markings of an item (one of each per line; see docs/TRACING.md).
fn codes(markings: &[String]) -> (Option<String>, Option<String>) {
    let (mut gtin, mut serial) = (None, None);
    for m in markings.iter().take(MAX_MARKINGS_READ) {
        let parsed = parse_or_plain(m.as_bytes(), None);
        if gtin.is_none() {
            gtin = parsed.fields.gtin.as_ref().and_then(|g| gtin_key(&g.value));
        }
        if serial.is_none() {
            serial = parsed
                .fields
                .serial
                .as_ref()
                .and_then(|s| serial_key(&s.value));
        }
        if gtin.is_some() && serial.is_some() {
            break;
        }
    }
    (gtin, serial)
}

fn depot_name(depot: Option<&Named>) -> Option<String> {
    depot.map(|d| format!("{} {}", d.code, d.name).trim().to_string())
}

fn location_code(locations: &[Named], id: Option<&str>) -> Option<String> {
    let id = id?;
    locations
        .iter()
        .find(|l| l.id.as_deref() == Some(id))
        .map(|l| l.code.clone())
}

fn stock_check_rows(b: &StockCheckJson) -> Vec<Row> {
    let depot = depot_name(b.depot.as_ref());
    b.expected
        .iter()
        .map(|line| Row {
            depot: depot.clone(),
            location: location_code(&b.locations, line.location_id.as_deref()),
            ..row(line)
        })
        .collect()
}

/// The lot index rows of a record body of `kind` (none for a count line: it is traced
/// from its own row, see [`write_count_line_row`]).
pub fn rows(kind: RecordKind, body: &Value) -> Result<Vec<Row>, String> {
    let out = match kind {
        RecordKind::StockCheck => {
            let b = StockCheckJson::deserialize(body).map_err(|e| e.to_string())?;
            stock_check_rows(&b)
        }
        RecordKind::CountLine => Vec::new(),
        RecordKind::SeizureCase | RecordKind::RecoveredCache => {
            let b = SeizureJson::deserialize(body).map_err(|e| e.to_string())?;
            b.items
                .iter()
                .map(|item| Row {
                    location: b.place.clone(),
                    reference: b.reference.clone(),
                    on_date: b.seized_on.clone(),
                    ..row(item)
                })
                .collect()
        }
        RecordKind::Transfer => {
            let b = TransferJson::deserialize(body).map_err(|e| e.to_string())?;
            b.lines
                .iter()
                .map(|line| Row {
                    end_user: b.end_user.clone(),
                    importer: b.importer.clone(),
                    reference: b.end_user_certificate_ref.clone(),
                    on_date: b.transferred_on.clone(),
                    ..row(line)
                })
                .collect()
        }
    };
    Ok(out)
}

/// Rebuilds the index rows of one record from its current body. Called by the record
/// writers inside their transaction; a body the index cannot read is logged and left
/// unindexed rather than refusing the write (the record itself is what must not be
/// lost).
pub fn reindex(c: &impl Conn, record_id: &str, body: &Value) -> Result<(), SqlError> {
    c.execute(
        "DELETE FROM lot_index WHERE record_id = ?1",
        args![record_id],
    )?;
    let Some((kind, agency_id)) = c.query_opt(
        "SELECT kind, agency_id FROM records WHERE id = ?1",
        args![record_id],
        |r| Ok((r.wire::<RecordKind>(0)?, r.get::<String>(1)?)),
    )?
    else {
        return Ok(());
    };
    if kind == RecordKind::CountLine {
        c.execute(
            "DELETE FROM count_line_rows WHERE record_id = ?1",
            args![record_id],
        )?;
    }
    super::parties::write(c, record_id, kind, &agency_id, body, false)?;
    index_lots(c, record_id, kind, &agency_id, body)
}

/// Indexes a record just inserted (of `kind`, owned by `agency_id`): nothing of it is
/// in the index yet, so nothing is deleted or looked up first.
pub fn index_new(
    c: &impl Conn,
    record_id: &str,
    kind: RecordKind,
    agency_id: &str,
    body: &Value,
) -> Result<(), SqlError> {
    super::parties::write(c, record_id, kind, agency_id, body, true)?;
    index_lots(c, record_id, kind, agency_id, body)
}

/// The lot index rows (and a check's or count line's rows) of a record whose old
/// rows are gone.
fn index_lots(
    c: &impl Conn,
    record_id: &str,
    kind: RecordKind,
    agency_id: &str,
    body: &Value,
) -> Result<(), SqlError> {
    let rows = match kind {
        // A stock check is read once here, and its places kept apart, so its count
        // lines never read it again.
        RecordKind::StockCheck => match StockCheckJson::deserialize(body) {
            Ok(b) => {
                write_places(c, record_id, &b)?;
                Ok(stock_check_rows(&b))
            }
            Err(e) => Err(e.to_string()),
        },
        // A count line is traced from its own row (the view `lot_lines`).
        RecordKind::CountLine => return write_count_line_row(c, record_id, agency_id, body),
        _ => rows(kind, body),
    };
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(record = record_id, kind = kind.as_str(), error = %e, "record body not indexed for tracing");
            return Ok(());
        }
    };
    let stmt = "INSERT INTO lot_index (record_id, line, kind, agency_id, manufacturer, calibre,
             calibre_key, year, lot, sub_lot, nsn, gtin, serial, quantity, depot, location,
             end_user, importer, reference, on_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20)";
    for (n, r) in rows.iter().enumerate() {
        c.execute(
            stmt,
            args![
                record_id,
                ordinal(n),
                kind.as_str(),
                agency_id,
                r.manufacturer,
                r.calibre,
                r.calibre_key,
                r.year,
                r.lot,
                r.sub_lot,
                r.nsn,
                r.gtin,
                r.serial,
                r.quantity,
                r.depot,
                r.location,
                r.end_user,
                r.importer,
                r.reference,
                r.on_date,
            ],
        )?;
    }
    Ok(())
}

/// Keeps what a count line, its push and the check's reconciliation read of a stock
/// check apart from its body: its assignees, its head (title, depot), its locations
/// in order and its expected lines as rows.
fn write_places(c: &impl Conn, check_id: &str, b: &StockCheckJson) -> Result<(), SqlError> {
    for table in [
        "stock_check_assignees",
        "stock_check_heads",
        "stock_check_locations",
        "expected_line_rows",
    ] {
        c.execute(
            &format!("DELETE FROM {table} WHERE check_id = ?1"),
            args![check_id],
        )?;
    }
    let assign = "INSERT INTO stock_check_assignees (check_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    for user in &b.stock_check.assigned_to {
        c.execute(assign, args![check_id, user])?;
    }
    let (depot_code, depot_title) = b
        .depot
        .as_ref()
        .map(|d| (d.code.as_str(), d.name.as_str()))
        .unwrap_or_default();
    c.execute(
        "INSERT INTO stock_check_heads (check_id, title, depot_code, depot_name)
         VALUES (?1, ?2, ?3, ?4)",
        args![check_id, b.stock_check.title, depot_code, depot_title],
    )?;
    let depot = depot_name(b.depot.as_ref());
    let add = "INSERT INTO stock_check_locations (check_id, location_id, code, depot, position)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";
    for (n, l) in b.locations.iter().enumerate() {
        if let Some(id) = &l.id {
            c.execute(add, args![check_id, id, l.code, depot, ordinal(n)])?;
        }
    }
    let expect =
        "INSERT INTO expected_line_rows (check_id, line, location_id, manufacturer, calibre,
             year, lot, sub_lot, nsn, dodic, quantity, ammunition_type, hazard)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
    for (n, e) in b.expected.iter().enumerate() {
        let l = &e.lot;
        c.execute(
            expect,
            args![
                check_id,
                ordinal(n),
                e.location_id.as_deref().unwrap_or_default(),
                l.manufacturer,
                l.calibre,
                l.year,
                l.lot,
                l.sub_lot,
                l.nsn,
                l.dodic,
                i64::try_from(e.quantity).unwrap_or(i64::MAX),
                l.ammunition_type,
                l.hazard,
            ],
        )?;
    }
    Ok(())
}

/// A position in a list, as SQLite stores it.
fn ordinal(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Computes the tracing keys of every count line stored before they were kept on its
/// row (schema version 11), from the row's own lot fields.
pub fn key_count_lines(c: &impl Conn) -> Result<(), SqlError> {
    let lines: Vec<(String, String, LotJson)> = c.query(
        "SELECT check_id, record_id, manufacturer, calibre, year, lot, sub_lot, nsn
             FROM count_line_rows",
        args![],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                LotJson {
                    manufacturer: r.get(2)?,
                    calibre: r.get(3)?,
                    year: r.get(4)?,
                    lot: r.get(5)?,
                    sub_lot: r.get(6)?,
                    nsn: r.get(7)?,
                    ..LotJson::default()
                },
            ))
        },
    )?;
    let set = "UPDATE count_line_rows SET manufacturer_key = ?3, calibre_shown = ?4,
             calibre_key = ?5, lot_key = ?6, sub_lot_key = ?7, nsn_key = ?8
         WHERE check_id = ?1 AND record_id = ?2";
    for (check, record, lot) in lines {
        let k = lot_row(&lot);
        c.execute(
            set,
            args![
                check,
                record,
                k.manufacturer,
                k.calibre,
                k.calibre_key,
                k.lot,
                k.sub_lot,
                k.nsn
            ],
        )?;
    }
    Ok(())
}

/// Keeps a count line's row (`count_line_rows`): what reconciliation and review read
/// of it, and the keys tracing compares, which the view `lot_lines` reads as the
/// line's lot index row with its place.
fn write_count_line_row(
    c: &impl Conn,
    record_id: &str,
    agency_id: &str,
    line: &Value,
) -> Result<(), SqlError> {
    // Borrowed from the body: the row is written in place, nothing copied.
    let text = Value::as_str;
    let lot = &line["lot"];
    let keys = match LotJson::deserialize(lot) {
        Ok(l) => lot_row(&l),
        Err(e) => {
            tracing::warn!(record = record_id, error = %e, "count line's lot not indexed for tracing");
            Row::default()
        }
    };
    c.execute(
        "INSERT INTO count_line_rows (check_id, record_id, agency_id, location_id,
             manufacturer, calibre, year, lot, sub_lot, nsn, dodic, quantity, condition, note,
             manufacturer_key, calibre_shown, calibre_key, lot_key, sub_lot_key, nsn_key,
             ammunition_type, hazard)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22)",
        args![
            text(&line["stock_check_id"]).unwrap_or_default(),
            record_id,
            agency_id,
            text(&line["location_id"]).unwrap_or_default(),
            text(&lot["manufacturer"]).unwrap_or_default(),
            text(&lot["calibre"]).unwrap_or_default(),
            lot["year"].as_i64(),
            text(&lot["lot"]).unwrap_or_default(),
            text(&lot["sub_lot"]),
            text(&lot["nsn"]),
            text(&lot["dodic"]),
            line["quantity"].as_i64().unwrap_or_default(),
            text(&line["condition"]).unwrap_or("A"),
            text(&line["note"]),
            keys.manufacturer,
            keys.calibre,
            keys.calibre_key,
            keys.lot,
            keys.sub_lot,
            keys.nsn,
            text(&lot["ammunition_type"]),
            text(&lot["hazard"]),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_keys() {
        for (input, expected) in [
            (" lc-19-k021 ", "LC-19-K021"),
            ("17  85\t0412", "17 85 0412"),
            ("Завод  17", "ЗАВОД 17"),
            ("", ""),
        ] {
            assert_eq!(text_key(input), expected, "{input:?}");
        }
    }

    #[test]
    fn calibre_keys_resolve_spellings_and_synonyms() {
        for (a, b) in [
            ("7,62×39 mm", "7.62x39mm"),
            ("7.62X39MM", "7.62x39"),
            ("9mm Luger", "9x19mm"),
            (".50 BMG", "12.7x99mm"),
            ("5.56x45 NATO", "5.56x45mm"),
        ] {
            assert_eq!(calibre_key(a), calibre_key(b), "{a} vs {b}");
        }
        assert_ne!(calibre_key(".223 Remington"), calibre_key("5.56x45mm"));
        assert_eq!(calibre_display("7,62×39 mm"), "7.62x39mm");
        // Not a calibre: kept as text, compared by its text key.
        assert_eq!(calibre_key(" rocket  launcher "), "ROCKET LAUNCHER");
    }

    #[test]
    fn code_keys() {
        assert_eq!(
            nsn_key("1305-12-345-6789").as_deref(),
            Some("1305123456789")
        );
        assert_eq!(
            nsn_key("NSN 1305123456789").as_deref(),
            Some("1305123456789")
        );
        assert_eq!(nsn_key("1305-12"), None);
        assert_eq!(gtin_key("9506000134352").as_deref(), Some("09506000134352"));
        assert_eq!(gtin_key("12345"), None);
        assert_eq!(gtin_key("95060001343x2"), None);
        assert_eq!(serial_key("  AB12 "), Some("AB12".into()));
        assert_eq!(serial_key("  "), None);
    }

    fn lot(maker: &str, calibre: &str, lot: &str) -> Value {
        json!({ "manufacturer": maker, "calibre": calibre, "year": 1985, "lot": lot,
                "sub_lot": null, "nsn": "1305-12-345-6789", "dodic": null })
    }

    #[test]
    fn seized_items_read_gtin_and_serial_from_markings() {
        let body = json!({
            "place": "Namanga", "reference": "KE-1", "seized_on": "2026-10-14",
            "items": [
                { "lot": lot(" 17 ", "7,62×39", "17-85-0412"), "quantity": 1440,
                  "markings": ["17 85", "(01)09506000134352(10)ABC(21)SN-77"] },
                { "lot": lot("lc", "5.56x45", "lc 19"), "quantity": 5, "markings": [] }
            ]
        });
        let rows = rows(RecordKind::SeizureCase, &body).unwrap();
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        assert_eq!(
            (r.manufacturer.as_str(), r.calibre.as_str(), r.lot.as_str()),
            ("17", "7.62x39mm", "17-85-0412")
        );
        assert_eq!(r.gtin.as_deref(), Some("09506000134352"));
        assert_eq!(r.serial.as_deref(), Some("SN-77"));
        assert_eq!(r.nsn.as_deref(), Some("1305123456789"));
        assert_eq!(r.location.as_deref(), Some("Namanga"));
        assert_eq!(r.on_date.as_deref(), Some("2026-10-14"));
        assert_eq!(
            (rows[1].lot.as_str(), rows[1].gtin.as_deref()),
            ("LC 19", None)
        );
    }

    #[test]
    fn stock_checks_count_lines_and_transfers() {
        let check = json!({
            "stock_check": {}, "depot": { "id": "d", "code": "CAD-1", "name": "Central" },
            "locations": [{ "id": "l1", "code": "B1-R1" }],
            "expected": [{ "lot": lot("17", "7.62x39mm", "L1"), "quantity": 12,
                           "location_id": "l1", "stock_check_id": "s" }]
        });
        let rows_ = rows(RecordKind::StockCheck, &check).unwrap();
        assert_eq!(rows_[0].depot.as_deref(), Some("CAD-1 Central"));
        assert_eq!(rows_[0].location.as_deref(), Some("B1-R1"));
        assert_eq!(rows_[0].quantity, 12);
        let count = json!({ "lot": lot("17", "7.62x39mm", "L1"), "quantity": 3,
                            "location_id": "l1", "stock_check_id": "s", "photos": [] });
        assert_eq!(rows(RecordKind::CountLine, &count), Ok(Vec::new()));
        let transfer = json!({
            "end_user": "Ministry of Defence", "importer": "State Importer",
            "end_user_certificate_ref": "EUC-1", "transferred_on": "2019-05-02",
            "lines": [{ "lot": lot("17", "7.62x39mm", "L1"), "quantity": 100 }]
        });
        let rows_ = rows(RecordKind::Transfer, &transfer).unwrap();
        assert_eq!(rows_[0].end_user.as_deref(), Some("Ministry of Defence"));
        assert_eq!(rows_[0].reference.as_deref(), Some("EUC-1"));
        assert!(rows(RecordKind::Transfer, &json!({ "lines": 3 })).is_err());
    }
}
