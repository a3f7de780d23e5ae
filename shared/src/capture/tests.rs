//! Units of the pipeline that need no photo: prefill merging and the early errors.

use super::*;
use crate::marking::parse_or_plain;

fn code(index: usize, text: &str) -> Code {
    let (symbology, rest) = SymbologyId::split_prefix(text);
    Code {
        index,
        format: CodeFormat::DataMatrix,
        symbology: symbology.clone(),
        text: rest.to_string(),
        bytes: rest.as_bytes().to_vec(),
        position: Quad([Point { x: 0, y: 0 }; 4]),
        parsed: parse_or_plain(rest.as_bytes(), symbology),
    }
}

#[test]
fn agreeing_codes_make_one_suggestion_with_both_origins() {
    let codes = [
        code(0, "]d20109506000134352\u{1d}10LOT-7"),
        code(1, "]C10109506000134352\u{1d}17270300"),
    ];
    let p = prefill(&codes);
    let gtin = p
        .suggestions
        .iter()
        .find(|s| s.field == Field::Gtin)
        .unwrap();
    assert_eq!(gtin.candidate.value, "09506000134352");
    let from: Vec<(usize, &str)> = gtin
        .candidate
        .from
        .iter()
        .map(|o| (o.code, o.element.as_str()))
        .collect();
    assert_eq!(from, [(0, "AI (01)"), (1, "AI (01)")]);
    let expiry = p
        .suggestions
        .iter()
        .find(|s| s.field == Field::ExpiryDate)
        .unwrap();
    assert_eq!(expiry.candidate.value, "2027-03");
    assert!(p.conflicts.is_empty(), "{:?}", p.conflicts);
}

#[test]
fn disagreeing_codes_make_a_conflict_not_a_pick() {
    let codes = [
        code(0, "]d20109506000134352\u{1d}10LOT-7"),
        code(1, "]d20109506000134352\u{1d}10LOT-8"),
    ];
    let p = prefill(&codes);
    assert!(p.suggestions.iter().all(|s| s.field != Field::Lot));
    let [lot] = p.conflicts.as_slice() else {
        panic!("{:?}", p.conflicts)
    };
    assert_eq!(lot.field, Field::Lot);
    let values: Vec<(&str, usize)> = lot
        .candidates
        .iter()
        .map(|c| (c.value.as_str(), c.from[0].code))
        .collect();
    assert_eq!(values, [("LOT-7", 0), ("LOT-8", 1)]);
}

#[test]
fn gs1_requirements_are_judged_over_the_whole_photo() {
    // (17) needs (01); alone the second code fails that, with the first it does not.
    let lone = [code(0, "]C117270300\u{1d}10LOT-8")];
    let p = prefill(&lone);
    assert!(
        p.warnings.iter().any(|w| w.starts_with("AI (17) requires")),
        "{:?}",
        p.warnings
    );
    assert!(!p.warnings.iter().any(|w| w.starts_with("code 0: AI (")));
    let pair = [
        code(0, "]d20109506000134352"),
        code(1, "]C117270300\u{1d}10LOT-8"),
    ];
    assert!(
        prefill(&pair).warnings.is_empty(),
        "{:?}",
        prefill(&pair).warnings
    );
}

#[test]
fn other_warnings_keep_their_code_number() {
    let codes = [code(0, "9506000134352")];
    let p = prefill(&codes);
    assert!(
        p.warnings.iter().all(|w| w.starts_with("code 0: ")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn early_errors_say_what_to_do() {
    let limits = Limits::default();
    assert_eq!(read_photo(b"", &limits).unwrap_err(), CaptureError::Empty);
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
    let err = read_photo(heic, &limits).unwrap_err();
    assert_eq!(err, CaptureError::UnsupportedFormat(Container::Heic));
    assert_eq!(
        err.to_string(),
        "unsupported format (HEIC): send JPEG (or PNG/WebP)"
    );
    let small = Limits {
        max_input_bytes: 4,
        ..Limits::default()
    };
    assert_eq!(
        read_photo(b"\xFF\xD8\xFF\xE0\0", &small).unwrap_err(),
        CaptureError::TooLarge { size: 5, max: 4 }
    );
    assert!(matches!(
        read_photo(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", &limits).unwrap_err(),
        CaptureError::Corrupt {
            format: Container::Jpeg,
            ..
        }
    ));
}
