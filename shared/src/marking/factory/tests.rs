//! Tests of the factory module.
use super::*;
use proptest::prelude::*;

fn row(code: &str, manufacturer: &str, country: &str) -> FactoryCode {
    FactoryCode {
        code: code.into(),
        manufacturer: manufacturer.into(),
        country: country.into(),
        note: None,
        source: None,
    }
}

#[test]
fn keys_ignore_case_separators_and_decorations() {
    #[rustfmt::skip]
    let cases = [
        ("LC", "lc"), (" l c ", "lc"), ("⟨17⟩", "17"), ("(17)", "17"), ("1-7", "17"),
        ("⑰", "17"), ("○539○", "539"), ("[539]", "539"), ("５３９", "539"),
        ("٥٣٩", "539"), ("Ⓛⓒ", "lc"), ("ППУ", "ппу"), ("★", ""), ("W.C.C.", "wcc"),
    ];
    for (code, key) in cases {
        assert_eq!(code_key(code), key, "{code:?}");
    }
}

#[test]
fn demo_lookups() {
    let demo = FactoryVocabulary::demo();
    assert_eq!(demo.len(), 6);
    assert_eq!(demo.version(), 1);
    for (marked, country) in [
        ("lc", "US"),
        ("⟨17⟩", "RU"),
        (" 539 ", "RU"),
        ("W C C", "US"),
    ] {
        let found = demo.lookup(marked).map(|e| e.country.as_str());
        assert_eq!(found, Some(country), "{marked:?}");
    }
    assert_eq!(demo.lookup("18"), None);
    assert_eq!(demo.lookup(&"1".repeat(MAX_LOOKUP_BYTES + 1)), None);
}

#[test]
fn row_errors_name_row_and_field() {
    let long = "x".repeat(MAX_MANUFACTURER_CHARS + 1);
    #[rustfmt::skip]
    let cases = [
        (row("", "M", "US"), VocabularyError::Empty { row: 2, field: Field::Code }),
        (row("A", "  ", "US"), VocabularyError::Empty { row: 2, field: Field::Manufacturer }),
        (row("A", &long, "US"), VocabularyError::TooLong { row: 2, field: Field::Manufacturer, len: long.len(), max: MAX_MANUFACTURER_CHARS }),
        (row("A\tB", "M", "US"), VocabularyError::ControlCharacter { row: 2, field: Field::Code }),
        (row("⟨⟩", "M", "US"), VocabularyError::CodeWithoutContent { row: 2, code: "⟨⟩".into() }),
        (row("A", "M", "USA"), VocabularyError::BadCountry { row: 2, value: "USA".into() }),
        (row("A", "M", "U1"), VocabularyError::BadCountry { row: 2, value: "U1".into() }),
        (row("⟨lc⟩", "M", "US"), VocabularyError::DuplicateCode { row: 2, first_row: 1, code: "⟨lc⟩".into() }),
    ];
    for (bad, expected) in cases {
        let err =
            FactoryVocabulary::from_rows(3, &[row("LC", "Lake City", "US"), bad]).unwrap_err();
        assert_eq!(err.problems, vec![expected]);
        assert!(err.to_string().contains("row 2"), "{err}");
    }
}

#[test]
fn import_cleans_fields() {
    let mut r = row("  lc ", " Lake City ", "us");
    r.note = Some("   ".into());
    let v = FactoryVocabulary::from_rows(1, &[r]).unwrap();
    assert_eq!(v.entries().next(), Some(&row("lc", "Lake City", "US")));
}

#[test]
fn too_many_rows() {
    let rows = vec![row("A", "M", "US"); MAX_ENTRIES + 1];
    let err = FactoryVocabulary::from_rows(1, &rows).unwrap_err();
    assert_eq!(err.problems.len(), 1);
}

#[test]
fn merge_later_version_wins_per_code() {
    let mut v =
        FactoryVocabulary::from_rows(5, &[row("A", "a5", "US"), row("B", "b5", "US")]).unwrap();
    let s = v.import(7, &[row("a", "a7", "US")]).unwrap();
    assert_eq!(
        s,
        MergeSummary {
            added: 0,
            replaced: 1,
            kept: 0
        }
    );
    let s = v
        .import(
            6,
            &[
                row("A", "a6", "US"),
                row("B", "b6", "US"),
                row("C", "c6", "FR"),
            ],
        )
        .unwrap();
    assert_eq!(
        s,
        MergeSummary {
            added: 1,
            replaced: 1,
            kept: 1
        }
    );
    let names: Vec<_> = v.entries().map(|e| e.manufacturer.as_str()).collect();
    assert_eq!(names, ["a7", "b6", "c6"]);
    assert_eq!(
        (v.version(), v.entry_version("b"), v.entry_version("a")),
        (7, Some(6), Some(7))
    );
    let before = v.clone();
    assert_eq!(v.import(6, &[row("B", "other", "US")]).unwrap().kept, 1);
    assert_eq!(v, before);
    assert!(
        v.import(8, &[row("D", "d", "US"), row("d", "d", "US")])
            .is_err()
    );
    assert_eq!(v, before);
}

#[test]
fn serde_round_trip_and_validation() {
    let demo = FactoryVocabulary::demo();
    let json = serde_json::to_string(&demo).unwrap();
    assert!(
        json.starts_with(r#"{"version":1,"entries":[{"code":"LC","#),
        "{json}"
    );
    assert_eq!(
        serde_json::from_str::<FactoryVocabulary>(&json).unwrap(),
        demo
    );
    let dup = r#"{"version":1,"entries":[
        {"code":"LC","manufacturer":"x","country":"US","version":1},
        {"code":"lc","manufacturer":"y","country":"US","version":1}]}"#;
    assert!(serde_json::from_str::<FactoryVocabulary>(dup).is_err());
    let newer = r#"{"version":1,"entries":[
        {"code":"LC","manufacturer":"x","country":"US","version":2}]}"#;
    assert!(serde_json::from_str::<FactoryVocabulary>(newer).is_err());
}

fn rows() -> impl Strategy<Value = Vec<FactoryCode>> {
    let field = "\\PC{0,12}";
    proptest::collection::vec(
        (field, field, "[A-Za-z]{2}", proptest::option::of(field)),
        0..20,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .map(|(code, manufacturer, country, note)| FactoryCode {
                code,
                manufacturer,
                country,
                note,
                source: None,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn valid_lists_round_trip_and_look_up(version in 0u64..10, rows in rows()) {
        if let Ok(v) = FactoryVocabulary::from_rows(version, &rows) {
            let json = serde_json::to_string(&v).unwrap();
            prop_assert_eq!(&serde_json::from_str::<FactoryVocabulary>(&json).unwrap(), &v);
            for entry in v.entries() {
                prop_assert_eq!(v.lookup(&entry.code), Some(entry));
            }
            let mut merged = v.clone();
            merged.merge(&v).unwrap();
            prop_assert_eq!(merged, v);
        }
    }

    #[test]
    fn never_panics(s in "\\PC{0,80}", rows in rows()) {
        let _ = code_key(&s);
        let _ = FactoryVocabulary::demo().lookup(&s);
        let _ = FactoryVocabulary::from_rows(1, &rows);
        let _ = serde_json::from_str::<FactoryVocabulary>(&s);
    }
}
