//! Tests of the one entry point over every marking kind.

use super::*;
use proptest::prelude::*;

fn opts() -> ParseOptions {
    ParseOptions {
        reference_year: 2026,
    }
}

fn p(text: &str) -> ParsedMarking {
    parse_with(text.as_bytes(), None, opts()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn field<T: Clone>(f: &Option<Sourced<T>>) -> (T, String) {
    let s = f.as_ref().expect("field set");
    (s.value.clone(), s.source.clone())
}

#[test]
fn gs1_datamatrix_with_prefix() {
    let m = p("]d20109506000134352\u{1d}10LOT-7\u{1d}17270300\u{1d}11240115");
    assert_eq!(m.kind, MarkingKind::Gs1ElementString);
    assert_eq!(m.symbology.as_ref().map(|s| s.as_str()), Some("]d2"));
    assert_eq!(m.ais.get("10").map(String::as_str), Some("LOT-7"));
    assert_eq!(
        field(&m.fields.gtin),
        ("09506000134352".into(), "AI (01)".into())
    );
    assert_eq!(field(&m.fields.lot).0, "LOT-7");
    assert_eq!(
        m.fields.expiry_date.as_ref().unwrap().value.to_string(),
        "2027-03"
    );
    assert_eq!(
        m.fields.production_date.as_ref().unwrap().value.to_string(),
        "2024-01-15"
    );
    let lot_span = m.fields.lot.as_ref().unwrap().span.clone();
    assert_eq!(&m.text[lot_span], "LOT-7");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn symbology_given_apart_and_escapes() {
    let id = SymbologyId::new("]C1");
    let m = parse_with(b"0109506000134352<GS>10ABC", id, opts()).unwrap();
    assert_eq!(m.ais.len(), 2);
    assert_eq!(m.text, "0109506000134352\u{1d}10ABC");
}

#[test]
fn gs1_without_symbology_but_with_separators() {
    let m = p("0109506000134352\\x1d10ABC");
    assert_eq!(m.kind, MarkingKind::Gs1ElementString);
}

#[test]
fn bracketed_and_digital_link() {
    let m = p("(01)09506000134352(10)ABC(21)7");
    assert_eq!(m.kind, MarkingKind::Gs1ElementString);
    assert_eq!(field(&m.fields.serial).0, "7");
    let m = p("https://id.gs1.org/01/09506000134352/10/ABC?17=290101");
    assert_eq!(m.kind, MarkingKind::Gs1DigitalLink);
    assert_eq!(
        m.fields.expiry_date.as_ref().unwrap().value.to_string(),
        "2029-01-01"
    );
    assert_eq!(&m.text[m.fields.lot.as_ref().unwrap().span.clone()], "ABC");
}

#[test]
fn iso15434_mil_std_130_label() {
    let m = p(
        "[)><RS>06<GS>17V1ABC5<GS>1PPN-7<GS>S0001<GS>1TLOT 42<GS>Q250<GS>16D20240115<GS>25SUN1ABC5SER0001<RS><EOT>",
    );
    assert_eq!(m.kind, MarkingKind::Iso15434);
    assert_eq!(field(&m.fields.cage), ("1ABC5".into(), "DI 17V".into()));
    assert_eq!(field(&m.fields.lot), ("LOT 42".into(), "DI 1T".into()));
    assert_eq!(field(&m.fields.quantity).0, 250);
    assert_eq!(field(&m.fields.uii).0, "UN1ABC5SER0001");
    assert_eq!(
        m.fields.production_date.as_ref().unwrap().value.to_string(),
        "2024-01-15"
    );
    assert!(m.ais.is_empty());
}

#[test]
fn iso15434_two_formats_conflict_is_visible() {
    let m = p("[)>\u{1e}06\u{1d}1TLOT-A\u{1e}05\u{1d}0109506000134352\u{1d}10LOT-B\u{1e}\u{04}");
    assert_eq!(field(&m.fields.lot).0, "LOT-A");
    assert!(
        m.warnings.iter().any(|w| w.starts_with("lot:")),
        "{:?}",
        m.warnings
    );
    assert_eq!(m.ais.get("01").map(String::as_str), Some("09506000134352"));
}

#[test]
fn a_code_breaking_only_a_combination_rule_keeps_its_fields() {
    // A count (37) beside a GTIN (01): GS1 forbids the pair; labels carry it anyway.
    let m = parse_or_plain(b"(01)09506000134352(37)24(10)L-17", None);
    assert_eq!(m.kind, MarkingKind::PlainText);
    assert!(
        matches!(
            m.problem.as_ref().map(|p| &p.kind),
            Some(ErrorKind::Excluded { .. })
        ),
        "{:?}",
        m.problem
    );
    assert_eq!(field(&m.fields.gtin).0, "09506000134352");
    assert_eq!(field(&m.fields.lot).0, "L-17");
    // Separated, behind its identifier: the same, spans in the whole text.
    let m = parse_or_plain("]C101095060001343523724\u{1d}10L-17".as_bytes(), None);
    assert!(m.problem.is_some());
    let lot = m.fields.lot.as_ref().unwrap();
    assert_eq!(lot.value, "L-17");
    assert_eq!(m.text.get(lot.span.clone()), Some("L-17"));
    // An element invalid on its own, or one AI with two values: nothing is offered.
    let m = parse_or_plain(b"(01)09506000134353(10)L-17", None);
    assert!(m.problem.is_some() && m.fields.lot.is_none());
    let m = parse_or_plain(b"(10)A(10)B(01)09506000134352(37)2", None);
    assert!(m.problem.is_some() && m.fields.gtin.is_none());
}

#[test]
fn an_nsn_gives_its_parts_however_it_was_written() {
    for written in ["1305-01-234-5678", "1305012345678", "NSN 1305 01 234 5678"] {
        let m = p(written);
        assert_eq!(m.kind, MarkingKind::Nsn, "{written}");
        let json = serde_json::to_value(&m.fields).unwrap();
        let nsn = &json["nsn"];
        assert_eq!(nsn["value"], "1305-01-234-5678", "{written}");
        assert_eq!(nsn["digits"], "1305012345678");
        assert_eq!(nsn["supply_class"], "1305");
        assert_eq!(nsn["ncb_code"], "01");
        assert_eq!(nsn["niin"], "012345678");
        assert_eq!(nsn["supply_class_name"], "Ammunition, through 30 mm");
    }
}

#[test]
fn nsn_dodic_retail_and_plain() {
    let m = p("1305-01-234-5678");
    assert_eq!(m.kind, MarkingKind::Nsn);
    assert_eq!(field(&m.fields.nsn).0.to_string(), "1305-01-234-5678");
    let m = p("A059");
    assert_eq!(m.kind, MarkingKind::Dodic);
    assert_eq!(field(&m.fields.dodic).0, "A059");
    let m = parse_with(b"9506000134352", SymbologyId::new("]E0"), opts()).unwrap();
    assert_eq!(m.kind, MarkingKind::RetailGtin);
    assert_eq!(field(&m.fields.gtin).0, "09506000134352");
    // Digits with no identifier and no FNC1 that read as GS1 throughout, led by a
    // GTIN with a right check digit: offered as GS1, with a warning.
    let m = p("010950600013435210ABC");
    assert_eq!(m.kind, MarkingKind::PlainText, "letters: not all digits");
    let m = p("010950600013435217250300101234");
    assert_eq!(m.kind, MarkingKind::Gs1ElementString);
    assert_eq!(field(&m.fields.gtin).0, "09506000134352");
    assert!(
        m.warnings.iter().any(|w| w.contains("no FNC1")),
        "{:?}",
        m.warnings
    );
    // A wrong check digit, or digits that do not start with a key: never forced.
    assert_eq!(
        p("010950600013435317250300101234").kind,
        MarkingKind::PlainText
    );
    assert_eq!(p("1725030010123456").kind, MarkingKind::PlainText);
    // ITF-14 on an outer carton: 14 digits are its GTIN, check digit and all.
    let m = parse_with(b"19506000134359", SymbologyId::new("]I1"), opts()).unwrap();
    assert_eq!(m.kind, MarkingKind::RetailGtin);
    assert_eq!(field(&m.fields.gtin).0, "19506000134359");
    assert_eq!(m.fields.gtin.as_ref().unwrap().source, "ITF-14");
    assert!(parse_with(b"19506000134358", SymbologyId::new("]I1"), opts()).is_err());
    // Other lengths of ITF are not GTINs (and 13 digits without a retail identifier
    // stay an NSN candidate).
    let m = parse_with(b"123456", SymbologyId::new("]I0"), opts()).unwrap();
    assert_eq!(m.kind, MarkingKind::PlainText);
    for plain in [
        "HELLO",
        "7,62×39 мм",
        "ذخيرة",
        "弹药 1985",
        "http://google.com/m",
        "(hello)",
    ] {
        let m = p(plain);
        assert_eq!(m.kind, MarkingKind::PlainText, "{plain}");
        assert_eq!(m.text, plain);
    }
}

#[test]
fn tracemark_labels() {
    let m = p("tmk:1/loc/D01/A-3-2");
    assert_eq!(m.kind, MarkingKind::TracemarkLabel);
    assert_eq!(m.label.as_ref().unwrap().to_string(), "tmk:1/loc/D01/A-3-2");
    let m = p("https://depot.example/tmk/1/loc/%D0%94%D0%B5%D0%BF%D0%BE/R1\n");
    assert_eq!(m.kind, MarkingKind::TracemarkLabel);
    let e = parse_with(b"tmk:2/loc/a/b", None, opts()).unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::NewerVersion { found: 2, .. }),
        "{e}"
    );
    let json = serde_json::to_value(p("tmk:1/loc/D01/A")).unwrap();
    assert_eq!(json["label"], "tmk:1/loc/D01/A");
}

#[test]
fn errors_name_format_and_position() {
    let e = parse_with(b"]C10109506000134353", None, opts()).unwrap_err();
    assert_eq!(e.format, Format::Gs1);
    assert_eq!(e.position, 2);
    assert!(
        e.to_string().contains("check digit is 3, expected 2"),
        "{e}"
    );
    let e = parse_with(b"[)>\x1e06\x1d1TLOT", None, opts()).unwrap_err();
    assert_eq!(e.format, Format::Iso15434);
    assert!(parse_with(b"", None, opts()).is_err());
    assert!(parse_with(b"   ", None, opts()).is_err());
    let big = vec![b'A'; MAX_MARKING_BYTES + 1];
    assert!(matches!(
        parse_with(&big, None, opts()).unwrap_err().kind,
        ErrorKind::TooLong { .. }
    ));
}

/// Inputs that crashed a fuzz target once, replayed for ever.
#[test]
fn fuzz_regressions() {
    let crashes: &[&[u8]] = &[b"]E0?OOOOA\x1dOOOe\xd0\x9a"];
    for bytes in crashes {
        let _ = parse_with(bytes, None, opts());
        let _ = parse_or_plain(bytes, None);
    }
}

#[test]
fn fallback_keeps_the_input() {
    let m = parse_or_plain(b"]d20109506000134353", None);
    assert_eq!(m.kind, MarkingKind::PlainText);
    assert_eq!(m.text, "]d20109506000134353");
    assert!(m.problem.is_some());
    let m = parse_or_plain(&[0xff, 0xfe, b'A'], None);
    assert!(m.lossy);
    assert!(m.text.ends_with('A'));
    let m = parse_or_plain(&vec![b'x'; 3 * MAX_MARKING_BYTES], None);
    assert_eq!(m.text.len(), MAX_MARKING_BYTES);
}

#[test]
fn json_shape() {
    let m = p("]d20109506000134352\u{1d}10ABC");
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["kind"], "gs1_element_string");
    assert_eq!(json["ais"]["10"], "ABC");
    assert_eq!(json["fields"]["lot"]["value"], "ABC");
    assert_eq!(json["fields"]["lot"]["source"], "AI (10)");
    assert_eq!(json["elements"][0]["title"], "GTIN");
    assert!(json.get("problem").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_with(&bytes, None, opts());
        let m = parse_or_plain(&bytes, None);
        prop_assert!(m.text.len() <= 4 * MAX_MARKING_BYTES);
    }

    #[test]
    fn never_panics_on_structured_looking_text(
        head in prop::sample::select(vec!["]d2", "]C1", "[)>\u{1e}06\u{1d}", "[)>\u{1e}05\u{1d}", "(01)", "https://x/01/", ""]),
        body in "[0-9A-Z\u{1d}\u{1e}\u{04}()/?=&%<>\\\\]{0,80}",
    ) {
        let text = format!("{head}{body}");
        let _ = parse_with(text.as_bytes(), None, opts());
    }

    #[test]
    fn gs1_round_trip(
        gtin_body in "[0-9]{13}",
        lot in "[A-Za-z0-9\\-./]{1,20}",
        serial in "[A-Za-z0-9]{1,20}",
    ) {
        let check = gs1::lint::compute_check_digit(&gtin_body).unwrap();
        let gtin = format!("{gtin_body}{check}");
        let text = format!("]d201{gtin}\u{1d}10{lot}\u{1d}21{serial}");
        let m = parse_with(text.as_bytes(), None, opts()).unwrap();
        let elements: Vec<gs1::Gs1Element> = m.elements.iter().map(|e| gs1::Gs1Element {
            ai: e.id.clone(), value: e.value.clone(), span: e.span.clone() }).collect();
        let bracketed = gs1::to_bracketed(&elements);
        let again = parse_with(bracketed.as_bytes(), None, opts()).unwrap();
        prop_assert_eq!(&again.ais, &m.ais);
        let separated = format!("]C1{}", gs1::to_element_string(&elements));
        prop_assert_eq!(&parse_with(separated.as_bytes(), None, opts()).unwrap().ais, &m.ais);
    }
}
