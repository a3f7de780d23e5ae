//! Tests of the tabular reader: CSV quirks as spreadsheets write them, and real XLSX
//! workbooks written in the test.

use super::*;

const SPEC: [Column; 3] = [
    Column {
        name: "lot",
        aliases: &["lot_no", "batch"],
        required: true,
    },
    Column {
        name: "quantity",
        aliases: &["qty"],
        required: true,
    },
    Column {
        name: "transferred_on",
        aliases: &["date"],
        required: false,
    },
];

fn csv(text: &str) -> Result<Table, Problems> {
    read(text.as_bytes(), Format::Csv, &SPEC, &mut |_, _| {})
}

fn cells(t: &Table) -> Vec<(u64, String, String, String)> {
    t.rows
        .iter()
        .map(|r| {
            (
                r.line,
                r.get(0).to_string(),
                r.get(1).to_string(),
                r.get(2).to_string(),
            )
        })
        .collect()
}

fn row(line: u64, a: &str, b: &str, c: &str) -> (u64, String, String, String) {
    (line, a.into(), b.into(), c.into())
}

fn messages(p: &Problems) -> Vec<String> {
    p.errors.iter().map(ToString::to_string).collect()
}

macro_rules! csv_cases {
    ($($name:ident: $input:expr => $expected:expr;)+) => {$(
        #[test]
        fn $name() {
            let t = csv($input).unwrap_or_else(|p| panic!("{:?}", messages(&p)));
            assert_eq!(cells(&t), $expected);
        }
    )+};
}

csv_cases! {
    csv_plain: "lot,qty\n0123,5\n" => vec![row(2, "0123", "5", "")];
    csv_bom_and_crlf: "\u{feff}Lot No.,QTY\r\nA,1\r\nB,2\r\n" => vec![row(2, "A", "1", ""), row(3, "B", "2", "")];
    csv_semicolons: "lot;qty;date\nA;1,5;2019-06-30\n" => vec![row(2, "A", "1,5", "2019-06-30")];
    csv_excel_sep_line: "sep=;\nlot;qty\nA;1\n" => vec![row(2, "A", "1", "")];
    csv_tabs: "lot\tqty\nA\t1\n" => vec![row(2, "A", "1", "")];
    csv_quoted_delimiters_and_quotes: "lot,qty\n\"A,\"\"B\"\"\",\"1\"\n" => vec![row(2, "A,\"B\"", "1", "")];
    csv_quoted_line_break_keeps_row_numbers: "lot,qty\n\"A\nB\",1\nC,2\n" =>
        vec![row(2, "A\nB", "1", ""), row(3, "C", "2", "")];
    csv_blank_rows_skipped_but_counted: "lot,qty\n\nA,1\n,\n , \n\n" => vec![row(3, "A", "1", "")];
    csv_trailing_empty_rows: "lot,qty\nA,1\n,,\n,,\n" => vec![row(2, "A", "1", "")];
    csv_short_and_long_rows: "lot,qty,date\nA\nB,2,2019-01-01,extra\n" =>
        vec![row(2, "A", "", ""), row(3, "B", "2", "2019-01-01")];
    csv_title_above_header: "Depot inventory 2026,,\n,,\nlot,qty\nA,1\n" => vec![row(4, "A", "1", "")];
    csv_unicode_cells: "lot,qty\n弹药 71-3,7\nПартия 5,8\n" =>
        vec![row(2, "弹药 71-3", "7", ""), row(3, "Партия 5", "8", "")];
    csv_header_with_unit: "Lot,Quantity (rounds)\nA,1\n" => vec![row(2, "A", "1", "")];
}

#[test]
fn csv_file_problems() {
    let p = csv("lot,lot_no,colour\nA,B,red\n").unwrap_err();
    assert_eq!(
        messages(&p),
        [
            "line 1, column lot_no: is a second column for lot; keep one of them",
            "line 1, column quantity: the header row has no quantity column (or qty)",
        ]
    );
    let p = csv("").unwrap_err();
    assert_eq!(p.errors[0].rule, "required");
    let p = read(b"lot,qty\n\xff\xfe,1\n", Format::Csv, &SPEC, &mut |_, _| {}).unwrap_err();
    assert_eq!(p.errors[0].rule, "encoding");
    assert_eq!(p.errors[0].line, Some(2));
    let long = format!("lot,qty\n{},1\n", "x".repeat(MAX_CELL_CHARS + 1));
    let p = csv(&long).unwrap_err();
    assert_eq!(
        messages(&p),
        ["line 2, column lot: must be at most 4000 characters"]
    );
    let t = csv("lot,qty,colour\nA,1,red\n").unwrap();
    assert_eq!(t.ignored_columns, ["colour"]);
}

#[test]
fn csv_limits() {
    let mut big = String::from("lot,qty\n");
    for i in 0..=MAX_ROWS {
        big.push_str(&format!("L{i},1\n"));
    }
    let p = csv(&big).unwrap_err();
    assert_eq!(p.errors[0].rule, "too_many_rows");
    let huge = vec![b'a'; MAX_FILE_BYTES + 1];
    let p = read(&huge, Format::Csv, &SPEC, &mut |_, _| {}).unwrap_err();
    assert_eq!(p.errors[0].rule, "too_large");
}

#[test]
fn headers_normalise() {
    for (h, n) in [
        (" Lot No. ", "lot_no"),
        ("SUB-LOT", "sub_lot"),
        ("Quantity (rounds)", "quantity"),
        ("End user certificate #", "end_user_certificate"),
        ("Year  of production", "year_of_production"),
    ] {
        assert_eq!(normalize_header(h), n, "{h}");
    }
}

#[test]
fn numbers_print_like_the_sheet_shows_them() {
    assert_eq!(number_text(12000.0), "12000");
    assert_eq!(number_text(-3.0), "-3");
    assert_eq!(number_text(1.5), "1.5");
    assert_eq!(number_text(1e20), "100000000000000000000");
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(27), "AB");
}

fn xlsx(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    build(wb.add_worksheet());
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_cells_convert_sanely() {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat};
    let bytes = xlsx(|ws| {
        ws.write_string(0, 0, "Inventory of CAD-1").unwrap();
        ws.write_string(2, 0, "Lot No.").unwrap();
        ws.write_string(2, 1, "Qty").unwrap();
        ws.write_string(2, 2, "Date").unwrap();
        ws.write_string(3, 0, "0123").unwrap();
        ws.write_number(3, 1, 12000.0).unwrap();
        let date = ExcelDateTime::from_ymd(2019, 6, 30).unwrap();
        ws.write_datetime_with_format(3, 2, &date, &XFormat::new().set_num_format("dd/mm/yyyy"))
            .unwrap();
        ws.write_number(4, 0, 4567.0).unwrap();
        ws.write_number(4, 1, 2.5).unwrap();
        ws.write_string(4, 2, "2020-01-02").unwrap();
        // Blank and formatted-but-empty rows at the end are skipped.
        ws.write_string(6, 0, "  ").unwrap();
        ws.write_blank(7, 1, &XFormat::new().set_bold()).unwrap();
    });
    let t = read(&bytes, Format::Xlsx, &SPEC, &mut |_, _| {}).unwrap();
    assert_eq!(
        cells(&t),
        vec![
            row(4, "0123", "12000", "2019-06-30"),
            row(5, "4567", "2.5", "2020-01-02"),
        ]
    );
    assert_eq!(t.header(1), "Qty");
}

#[test]
fn xlsx_problems() {
    let bytes = xlsx(|ws| {
        ws.write_string(0, 0, "lot").unwrap();
    });
    let p = read(&bytes, Format::Xlsx, &SPEC, &mut |_, _| {}).unwrap_err();
    assert_eq!(p.errors[0].column.as_deref(), Some("quantity"));
    let p = read(b"lot,qty\nA,1\n", Format::Xlsx, &SPEC, &mut |_, _| {}).unwrap_err();
    assert!(
        p.errors[0].message.contains("not an .xlsx workbook"),
        "{:?}",
        messages(&p)
    );
    // A damaged workbook: the zip directory survives, a part does not.
    let mut bytes = xlsx(|ws| {
        ws.write_string(0, 0, "lot").unwrap();
    });
    let mid = bytes.len() / 2;
    for b in bytes.iter_mut().skip(mid).take(64) {
        *b = 0;
    }
    assert!(read(&bytes, Format::Xlsx, &SPEC, &mut |_, _| {}).is_err());
}

/// Every name and alias of an import's columns, normalised as headers are.
fn header_names(spec: &[Column]) -> Vec<(String, &'static str)> {
    spec.iter()
        .flat_map(|c| {
            std::iter::once(c.name)
                .chain(c.aliases.iter().copied())
                .map(move |n| (normalize_header(n), c.name))
        })
        .collect()
}

#[test]
fn no_header_name_stands_for_two_columns() {
    for spec in [
        &crate::import::inventory::SPEC[..],
        &crate::import::transfers::SPEC[..],
    ] {
        let names = header_names(spec);
        for (i, (n, col)) in names.iter().enumerate() {
            if let Some((_, other)) = names.iter().skip(i + 1).find(|(m, _)| m == n) {
                assert_eq!(col, other, "{n:?} names both {col} and {other}");
            }
        }
    }
}

#[test]
fn headers_in_each_un_language_find_their_columns() {
    let files = [
        "dépôt,emplacement,fabricant,calibre,année,lot,sous-lot,quantité\nCAD,B1,17,7.62x39,1985,L1,,10\n",
        "depósito,ubicación,fabricante,calibre,año,lote,sublote,cantidad\nCAD,B1,17,7.62x39,1985,L1,,10\n",
        "склад,место хранения,изготовитель,калибр,год,партия,подпартия,количество\nCAD,B1,17,7.62x39,1985,L1,,10\n",
        "仓库,库位,制造商,口径,年份,批号,子批号,数量\nCAD,B1,17,7.62x39,1985,L1,,10\n",
        "المستودع,الموقع,الصانع,العيار,السنة,الدفعة,الدفعة الفرعية,الكمية\nCAD,B1,17,7.62x39,1985,L1,,10\n",
    ];
    for text in files {
        let t = read(
            text.as_bytes(),
            Format::Csv,
            &crate::import::inventory::SPEC,
            &mut |_, _| {},
        )
        .unwrap_or_else(|p| panic!("{text}: {:?}", messages(&p)));
        assert_eq!(t.rows.len(), 1, "{text}");
        let spec = &crate::import::inventory::SPEC;
        let joined: Vec<&str> = (0..spec.len()).map(|i| t.rows[0].get(i)).collect();
        let joined = joined.join("|");
        for value in ["CAD", "B1", "17", "7.62x39", "1985", "L1", "10"] {
            assert!(joined.contains(value), "{text}: {joined}");
        }
    }
    let transfers = "certificat utilisateur final,exportateur,importateur,utilisateur final,date de transfert,fabricant,calibre,lot,quantité\nEUC-1,A,B,C,2020-01-02,17,7.62x39,L1,10\n";
    let t = read(
        transfers.as_bytes(),
        Format::Csv,
        &crate::import::transfers::SPEC,
        &mut |_, _| {},
    )
    .unwrap_or_else(|p| panic!("{:?}", messages(&p)));
    assert_eq!(t.rows.len(), 1);
}
