//! Tests of the calibre module.
use super::*;
use proptest::prelude::*;

#[test]
fn spellings() {
    #[rustfmt::skip]
    let cases = [
        ("7.62x39", "7.62x39mm"),
        ("7,62×39 mm", "7.62x39mm"),
        ("7.62 x 39mm", "7.62x39mm"),
        ("7.62X39MM", "7.62x39mm"),
        ("7.62×39", "7.62x39mm"),
        ("7,62х39", "7.62x39mm"),
        ("7,62Х39 мм", "7.62x39mm"),
        ("７．６２×３９ｍｍ", "7.62x39mm"),
        ("٧٫٦٢x٣٩", "7.62x39mm"),
        ("\u{a0} 7.62\u{2009}x\u{2009}39 \n", "7.62x39mm"),
        ("7.60x39", "7.6x39mm"),
        ("5.56x45 NATO", "5.56x45mm NATO"),
        ("5.56 mm NATO", "5.56mm NATO"),
        (".223 Rem", ".223 Remington"),
        (".223 Rem.", ".223 Remington"),
        (".50 BMG", ".50 BMG"),
        (".50 cal", ".50"),
        ("12.7x99", "12.7x99mm"),
        ("12,7x99 NATO", "12.7x99mm NATO"),
        ("9mm Luger", "9mm Luger"),
        ("9x19 Parabellum", "9x19mm Parabellum"),
        ("9mm Para", "9mm Parabellum"),
        ("9x18 Mak", "9x18mm Makarov"),
        ("12.7x108", "12.7x108mm"),
        ("14.5x114", "14.5x114mm"),
        ("40mm", "40mm"),
        ("82 mm mortar", "82mm mortar"),
        ("12 gauge", "12 gauge"),
        ("12 ga", "12 gauge"),
        ("12GA.", "12 gauge"),
        ("12 bore", "12 gauge"),
        ("12/70", "12/70"),
        ("12 ga/76", "12/76"),
        (".45 ACP", ".45 ACP"),
        (".45 Auto", ".45 ACP"),
        ("7.62x51", "7.62x51mm"),
        ("7.62x54R", "7.62x54mmR"),
        ("7.62x54 r", "7.62x54mmR"),
        ("7,62х54мм R", "7.62x54mmR"),
        ("5.45x39", "5.45x39mm"),
        (".308 Win", ".308 Winchester"),
        (".30-06 Springfield", ".30-06 Springfield"),
        (".338 Lapua Mag", ".338 Lapua Magnum"),
        (".357 S&W Magnum", ".357 S&W Magnum"),
    ];
    for (text, canonical) in cases {
        let parsed = Calibre::parse(text);
        assert_eq!(
            parsed.map(|c| c.to_string()),
            Ok(canonical.into()),
            "{text:?}"
        );
        assert_eq!(normalise(text), canonical, "{text:?}");
    }
}

#[test]
fn parts() {
    let c = Calibre::parse("7.62x54R").unwrap();
    assert_eq!(c.bore_mm(), Some(7.62));
    assert_eq!(c.case_length_mm(), Some(54.0));
    assert_eq!(c.rim(), Some(Rim::Rimmed));
    assert_eq!(c.designation(), None);
    let c = Calibre::parse(".50 BMG").unwrap();
    assert_eq!(c.designation().as_deref(), Some("BMG"));
    assert!(c.bore_mm().is_some_and(|mm| (mm - 12.7).abs() < 1e-9));
    assert_eq!(Calibre::parse("12/70").unwrap().bore_mm(), None);
}

#[test]
fn keys() {
    #[rustfmt::skip]
    let cases = [
        ("5.56x45", "5.56x45 NATO", true),
        ("5.56mm NATO", "5.56x45", true),
        ("7.62 mm NATO", "7.62x51", true),
        ("9mm Luger", "9x19 Parabellum", true),
        ("9mm NATO", "9x19", true),
        ("9mm Makarov", "9x18", true),
        (".50 BMG", "12.7x99", true),
        ("12.7mm BMG", ".50 BMG", true),
        (".223 Rem", "5.56x45 NATO", false),
        (".308 Win", "7.62x51 NATO", false),
        ("9mm", "9x19", false),
        ("9mm Makarov", "9mm Luger", false),
        (".500", ".50 BMG", false),
        ("7.62x54R", "7.62x54", false),
        ("12 gauge", "12/70", false),
    ];
    for (a, b, same) in cases {
        let (a_key, b_key) = (
            Calibre::parse(a).unwrap().key(),
            Calibre::parse(b).unwrap().key(),
        );
        assert_eq!(a_key == b_key, same, "{a:?} vs {b:?}");
    }
}

#[test]
fn errors() {
    let long = "7".repeat(MAX_INPUT_BYTES + 1);
    #[rustfmt::skip]
    let cases = [
        ("", 0),
        ("   ", 0),
        ("abc", 0),
        ("7.62", 4),
        ("7.62x", 5),
        ("7.62x39 ball", 8),
        ("7.62x39 NATO!", 12),
        (".5", 1),
        (".2233", 1),
        (".30-", 4),
        ("7.625x39", 2),
        ("12345mm", 0),
        ("0mm", 0),
        ("7.62x0", 5),
        ("0 gauge", 0),
        ("300 ga", 0),
        ("12/", 3),
        ("12/0", 3),
        ("9mm NATO NATO NATO NATO NATO", 24),
        (long.as_str(), 0),
    ];
    for (text, position) in cases {
        let err = Calibre::parse(text).unwrap_err();
        assert_eq!(err.format, Format::Calibre);
        assert_eq!(err.position, position, "{text:?}: {err}");
    }
}

#[test]
fn normalise_keeps_unknown_text() {
    assert_eq!(normalise("  7.62x39   ball\tM43 "), "7.62x39 ball M43");
    assert_eq!(normalise("  калибр  неизвестен "), "калибр неизвестен");
    assert_eq!(normalise(""), "");
}

#[test]
fn serde_uses_the_canonical_string() {
    let c = Calibre::parse("7,62х54R").unwrap();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(json, "\"7.62x54mmR\"");
    assert_eq!(serde_json::from_str::<Calibre>(&json).unwrap(), c);
    assert!(serde_json::from_str::<Calibre>("\"lots\"").is_err());
}

fn millimetres() -> impl Strategy<Value = Millimetres> {
    (1..=MAX_HUNDREDTHS).prop_filter_map("in range", Millimetres::from_hundredths)
}

fn inch_digits() -> impl Strategy<Value = InchDigits> {
    (0u16..1000, 2u8..=3).prop_filter_map("fits", |(v, w)| InchDigits::new(v, w))
}

fn dimensions() -> impl Strategy<Value = Dimensions> {
    let rim = proptest::option::of(proptest::sample::select(Rim::ALL.to_vec()));
    prop_oneof![
        (millimetres(), proptest::option::of(millimetres()), rim).prop_map(
            |(bore, case_length, rim)| Dimensions::Metric {
                bore,
                case_length,
                rim
            }
        ),
        (inch_digits(), proptest::option::of(inch_digits()))
            .prop_map(|(bore, variant)| Dimensions::Inch { bore, variant }),
        (any::<NonZeroU8>(), proptest::option::of(any::<NonZeroU8>()))
            .prop_map(|(gauge, chamber)| Dimensions::Gauge { gauge, chamber }),
    ]
}

fn calibres() -> impl Strategy<Value = Calibre> {
    let words: Vec<&'static str> = DESIGNATIONS.iter().map(|(_, c)| *c).collect();
    let designation =
        proptest::collection::vec(proptest::sample::select(words), 0..=MAX_DESIGNATION_WORDS);
    (dimensions(), designation).prop_map(|(dimensions, designation)| Calibre {
        dimensions,
        designation,
    })
}

proptest! {
    #[test]
    fn round_trips(c in calibres()) {
        let printed = c.to_string();
        prop_assert!(printed.is_ascii());
        prop_assert_eq!(Calibre::parse(&printed), Ok(c.clone()));
        prop_assert_eq!(normalise(&printed), printed);
    }

    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        let _ = Calibre::parse(&s);
        let _ = normalise(&s);
    }

    #[test]
    fn never_panics_on_calibre_like_text(s in "[0-9.,xX×х /mMмR a-z]{0,30}") {
        if let Ok(c) = Calibre::parse(&s) {
            prop_assert_eq!(Calibre::parse(&c.to_string()), Ok(c));
        }
    }
}
