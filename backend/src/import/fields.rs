//! Cells to domain values: the lot columns both imports share, whole numbers, years,
//! NSNs and dates as people type them, and the shared validation's field errors turned
//! into row errors that name the spreadsheet row and column.
//!
//! Invariant: a cell is either turned into a value or reported once, with the rule it
//! breaks; nothing here guesses (an ambiguous `1,5` is refused, not read as 15).

use tracemark_shared::domain::{AmmunitionLot, AmmunitionType, HazardCode};
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::{Rule, Validate, ValidationErrors};

use super::table::{Column, Problems, Row, RowError, Table};

/// Column: manufacturer (factory code or name as marked).
pub const MANUFACTURER: Column = Column {
    name: "manufacturer",
    aliases: &[
        "maker",
        "factory",
        "factory_code",
        "mfr",
        "producer",
        "fabricant",
        "producteur",
        "fabricante",
        "productor",
        "изготовитель",
        "производитель",
        "制造商",
        "生产厂",
        "الصانع",
        "المصنع",
    ],
    required: true,
};
/// Column: calibre or type as marked.
pub const CALIBRE: Column = Column {
    name: "calibre",
    aliases: &[
        "caliber",
        "type",
        "calibre_type",
        "cal",
        "калибр",
        "口径",
        "العيار",
    ],
    required: true,
};
/// Column: four-digit year of production.
pub const YEAR: Column = Column {
    name: "year",
    aliases: &[
        "year_of_production",
        "production_year",
        "yop",
        "année",
        "annee",
        "année_de_fabrication",
        "annee_de_fabrication",
        "año",
        "ano",
        "año_de_fabricación",
        "год",
        "год_изготовления",
        "年份",
        "生产年份",
        "السنة",
        "سنة_الإنتاج",
    ],
    required: false,
};
/// Column: lot (batch) number.
pub const LOT: Column = Column {
    name: "lot",
    aliases: &[
        "lot_number",
        "lot_no",
        "batch",
        "batch_number",
        "numéro_de_lot",
        "numero_de_lot",
        "lote",
        "número_de_lote",
        "numero_de_lote",
        "партия",
        "номер_партии",
        "批号",
        "الدفعة",
        "رقم_الدفعة",
    ],
    required: true,
};
/// Column: sub-lot number.
pub const SUB_LOT: Column = Column {
    name: "sub_lot",
    aliases: &[
        "sublot",
        "sub_lot_number",
        "sub_lot_no",
        "sous_lot",
        "sublote",
        "подпартия",
        "子批号",
        "الدفعة_الفرعية",
    ],
    required: false,
};
/// Column: NATO Stock Number.
pub const NSN: Column = Column {
    name: "nsn",
    aliases: &["nato_stock_number", "stock_number"],
    required: false,
};
/// Column: the kind of ammunition (`AmmunitionType` wire names, `small calibre`,
/// `MANPADS`…); when empty, the lot's marks tell it where they can.
pub const AMMUNITION_TYPE: Column = Column {
    name: "ammunition_type",
    aliases: &[
        "ammo_type",
        "munition_type",
        "type_de_munition",
        "tipo_de_munición",
        "tipo_de_municion",
        "тип_боеприпаса",
        "弹药类型",
        "نوع_الذخيرة",
    ],
    required: false,
};

/// An ammunition type as a depot's inventory may write it: a wire name, with spaces
/// or hyphens for underscores and in any case (`Small calibre`, `fuze-component`),
/// `ATGM` for `atgw`, `fuze` for `fuze_component`.
pub fn ammunition_type(text: &str) -> Option<AmmunitionType> {
    let name: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    match name.as_str() {
        "atgm" => Some(AmmunitionType::Atgw),
        "fuze" | "fuzes" => Some(AmmunitionType::FuzeComponent),
        other => AmmunitionType::from_wire(other),
    }
}

/// Column: the lot's UN hazard classification code (division and compatibility
/// group), e.g. `1.1D`.
pub const HAZARD: Column = Column {
    name: "hazard_classification",
    aliases: &[
        "hazard",
        "hazard_code",
        "un_classification",
        "classification_code",
        "hd_cg",
        "code_de_classification",
        "classification_de_risque",
        "código_de_clasificación",
        "codigo_de_clasificacion",
        "классификационный_код",
        "危险性分类",
        "رمز_التصنيف",
    ],
    required: false,
};

/// Column: quantity in units.
pub const QUANTITY: Column = Column {
    name: "quantity",
    aliases: &[
        "qty",
        "count",
        "rounds",
        "units",
        "quantité",
        "quantite",
        "qté",
        "qte",
        "cantidad",
        "количество",
        "кол_во",
        "数量",
        "الكمية",
    ],
    required: true,
};

/// Where the lot columns sit in an import's spec.
#[derive(Debug, Clone, Copy)]
pub struct LotColumns {
    /// Index of [`MANUFACTURER`].
    pub manufacturer: usize,
    /// Index of [`CALIBRE`].
    pub calibre: usize,
    /// Index of [`YEAR`].
    pub year: usize,
    /// Index of [`LOT`].
    pub lot: usize,
    /// Index of [`SUB_LOT`].
    pub sub_lot: usize,
    /// Index of [`NSN`].
    pub nsn: usize,
    /// Index of [`QUANTITY`].
    pub quantity: usize,
    /// Index of [`AMMUNITION_TYPE`].
    pub ammunition_type: usize,
    /// Index of [`HAZARD`], in files that have it.
    pub hazard: Option<usize>,
}

/// A whole number as typed: digits, optionally grouped by thousands with spaces,
/// apostrophes, or (strictly in threes) commas or dots.
pub fn whole_number(s: &str) -> Result<u64, String> {
    const MSG: &str = "must be a whole number ≥ 0 (digits only, e.g. 12000)";
    let s = s.trim();
    let plain: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_'))
        .collect();
    let digits = if plain.contains([',', '.']) {
        // Grouping only when every group after the first has exactly three digits.
        let mut groups = plain.split([',', '.']);
        let first_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        let separators: Vec<char> = plain.chars().filter(|c| matches!(c, ',' | '.')).collect();
        let one_kind = separators.windows(2).all(|w| w.first() == w.last());
        if !(first_ok
            && one_kind
            && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())))
        {
            return Err(MSG.into());
        }
        plain.replace([',', '.'], "")
    } else {
        plain
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MSG.into());
    }
    digits.parse().map_err(|_| MSG.to_string())
}

/// Adds a row error for spec column `col` of `row`.
pub fn cell_error(
    problems: &mut Problems,
    table: &Table,
    row: &Row,
    col: usize,
    rule: &str,
    message: impl Into<String>,
) {
    problems.push(RowError::new(
        Some(row.line),
        Some(table.header(col)),
        rule,
        message,
    ));
}

/// The lot and quantity of a row, or `None` after reporting what cannot be read
/// (the rules of the shared validation are checked later, on the built record).
pub fn lot_and_quantity(
    table: &Table,
    row: &Row,
    c: LotColumns,
    problems: &mut Problems,
) -> Option<(AmmunitionLot, u64)> {
    let mut ok = true;
    let year = match row.opt(c.year) {
        None => None,
        Some(y) => match whole_number(y).ok().and_then(|y| u16::try_from(y).ok()) {
            Some(y) => Some(y),
            None => {
                cell_error(
                    problems,
                    table,
                    row,
                    c.year,
                    "format",
                    "must be a four-digit year, e.g. 1985",
                );
                ok = false;
                None
            }
        },
    };
    let nsn = match row.opt(c.nsn) {
        None => None,
        Some(n) => match Nsn::parse(n) {
            Ok(n) => Some(n),
            Err(e) => {
                cell_error(
                    problems,
                    table,
                    row,
                    c.nsn,
                    "format",
                    format!(
                        "must be a NATO Stock Number of 13 digits, e.g. 1305-12-345-6789 ({e})"
                    ),
                );
                ok = false;
                None
            }
        },
    };
    let kind = match row.opt(c.ammunition_type) {
        None => None,
        Some(t) => ammunition_type(t).or_else(|| {
            let names: Vec<&str> = AmmunitionType::ALL.iter().map(|t| t.as_str()).collect();
            cell_error(
                problems,
                table,
                row,
                c.ammunition_type,
                "format",
                format!("must be one of {} (or empty)", names.join(", ")),
            );
            ok = false;
            None
        }),
    };
    let hazard = match c.hazard.and_then(|col| Some((col, row.opt(col)?))) {
        None => None,
        Some((col, text)) => match text.parse::<HazardCode>() {
            Ok(code) => Some(code),
            Err(e) => {
                cell_error(
                    problems,
                    table,
                    row,
                    col,
                    "format",
                    format!("must be {} (or empty)", e.expected()),
                );
                ok = false;
                None
            }
        },
    };
    let quantity = match row.opt(c.quantity) {
        None => {
            cell_error(problems, table, row, c.quantity, "required", "is required");
            ok = false;
            0
        }
        Some(q) => whole_number(q).unwrap_or_else(|message| {
            cell_error(problems, table, row, c.quantity, "format", message);
            ok = false;
            0
        }),
    };
    let lot = AmmunitionLot {
        manufacturer: row.get(c.manufacturer).to_string(),
        calibre: row.get(c.calibre).to_string(),
        year,
        lot: row.get(c.lot).to_string(),
        sub_lot: row.opt(c.sub_lot).map(str::to_string),
        nsn,
        dodic: None,
        ammunition_type: kind,
        hazard,
    };
    if !ok {
        // The row is not used, but its other cells are still checked, so one pass
        // lists every problem of the row.
        if let Err(errors) = lot.validate() {
            report_validation(problems, errors, Some(row.line), &|f| {
                lot_field_header(table, c, f)
            });
        }
        return None;
    }
    Some((lot, quantity))
}

/// The stable name of a validation rule, as in the API's `invalid` answers.
pub fn rule_name(rule: &Rule) -> String {
    serde_json::to_value(rule)
        .ok()
        .and_then(|v| v.get("rule").and_then(|r| r.as_str()).map(str::to_string))
        .unwrap_or_else(|| "invalid".into())
}

/// Reports a record's validation errors against row `line`; `column` maps a field
/// path of the record (`lot.calibre`) to the header to name, or `None` when the field
/// is not a column (then the message names the field).
pub fn report_validation(
    problems: &mut Problems,
    errors: ValidationErrors,
    line: Option<u64>,
    column: &dyn Fn(&str) -> Option<String>,
) {
    for e in errors {
        let rule = rule_name(&e.rule);
        match column(&e.field) {
            Some(c) => problems.push(RowError::new(line, Some(&c), &rule, e.rule.to_string())),
            None => problems.push(RowError::new(
                line,
                None,
                &rule,
                format!("{}: {}", e.field, e.rule),
            )),
        }
    }
}

/// The header of the lot column a field path under a lot (`lot.calibre`) names.
pub fn lot_field_header(table: &Table, c: LotColumns, field: &str) -> Option<String> {
    let i = match field {
        "manufacturer" => c.manufacturer,
        "calibre" => c.calibre,
        "year" => c.year,
        "lot" => c.lot,
        "sub_lot" => c.sub_lot,
        "nsn" => c.nsn,
        "ammunition_type" => c.ammunition_type,
        _ => return None,
    };
    Some(table.header(i).to_string())
}

/// A lot's identity for matching: manufacturer, calibre, lot and sub-lot, compared
/// without case and with runs of spaces as one (the year and NSN describe the lot,
/// they do not tell two lots apart).
pub fn lot_key(lot: &AmmunitionLot) -> String {
    let mut key = String::new();
    lot_key_into(
        [
            &lot.manufacturer,
            &lot.calibre,
            &lot.lot,
            lot.sub_lot.as_deref().unwrap_or_default(),
        ],
        &mut key,
    );
    key
}

/// [`lot_key`] of the parts (manufacturer, calibre, lot, sub-lot or "") written into
/// `key` (cleared first), so that a caller computing it for every line of a large
/// check reuses one buffer instead of allocating each time.
pub fn lot_key_into(parts: [&str; 4], key: &mut String) {
    key.clear();
    key.reserve(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            key.push('\u{1f}');
        }
        if part.is_ascii() {
            // Markings are nearly always ASCII: whole runs of bytes, no Unicode case
            // tables.
            ascii_words_upper(part, key);
            continue;
        }
        for (j, word) in part.split_whitespace().enumerate() {
            if j > 0 {
                key.push(' ');
            }
            key.extend(word.chars().flat_map(char::to_uppercase));
        }
    }
}

/// Appends the ASCII `text` upper-cased, its words joined by one space.
fn ascii_words_upper(text: &str, key: &mut String) {
    let mut words = text.split(char::is_whitespace).filter(|w| !w.is_empty());
    if let Some(first) = words.next() {
        let start = key.len();
        key.push_str(first);
        for w in words {
            key.push(' ');
            key.push_str(w);
        }
        if let Some(tail) = key.get_mut(start..) {
            tail.make_ascii_uppercase();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers() {
        for (input, n) in [
            ("0", 0),
            ("12000", 12_000),
            (" 12 000 ", 12_000),
            ("12,000", 12_000),
            ("1.200.000", 1_200_000),
            ("1'200", 1_200),
            ("0123", 123),
        ] {
            assert_eq!(whole_number(input), Ok(n), "{input}");
        }
        for bad in [
            "",
            "-1",
            "1,5",
            "12.5",
            "1,200.000",
            "1,20",
            "12e3",
            "abc",
            "１２",
            "1,2,3",
        ] {
            assert!(whole_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lot_keys_ignore_case_and_spacing() {
        let lot = |m: &str, l: &str| AmmunitionLot {
            manufacturer: m.into(),
            calibre: "7.62x39mm".into(),
            year: Some(1985),
            lot: l.into(),
            sub_lot: None,
            nsn: None,
            dodic: None,
            ammunition_type: None,
            hazard: None,
        };
        assert_eq!(lot_key(&lot("lc", "k 21")), lot_key(&lot(" LC", "K  21")));
        // Every whitespace Unicode names, vertical tab included, separates words.
        assert_eq!(
            lot_key(&lot("lc\u{b}", "k\t21")),
            lot_key(&lot("LC", "K 21"))
        );
        assert_ne!(lot_key(&lot("LC", "K21")), lot_key(&lot("LC", "K 21")));
        let mut other_year = lot("LC", "K21");
        other_year.year = Some(1990);
        assert_eq!(lot_key(&other_year), lot_key(&lot("LC", "K21")));
        // Cyrillic and Arabic stencils: case folded the Unicode way, mixed or not.
        assert_eq!(
            lot_key(&lot("тульский", "Лот 7")),
            lot_key(&lot("ТУЛЬСКИЙ", "лот  7"))
        );
        assert_eq!(lot_key(&lot("Ж", "k1")), lot_key(&lot("ж", "K1")));
        assert_eq!(lot_key(&lot("مصنع", "a 1")), lot_key(&lot("مصنع", "A 1")));
    }
}
