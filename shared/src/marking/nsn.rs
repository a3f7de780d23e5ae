//! NATO Stock Numbers and DODIC codes: the military item identifiers on ammunition
//! packaging and in depot records.
//!
//! Invariant: an [`Nsn`] always holds exactly 13 ASCII digits and a [`Dodic`] exactly
//! four upper-case ASCII letters or digits, so printing and comparing them is total.

use std::fmt;

use super::error::{ErrorKind, Format, MarkingError};

/// A NATO Stock Number: 4-digit supply class (FSC), 2-digit codification bureau (NCB),
/// 7-digit item number. Printed as `NNNN-NN-NNN-NNNN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nsn([u8; 13]);

/// Supply classes of group 13 (ammunition and explosives), the ones Tracemark meets.
const AMMUNITION_CLASSES: &[(&str, &str)] = &[
    ("1305", "Ammunition, through 30 mm"),
    ("1310", "Ammunition, over 30 mm up to 75 mm"),
    ("1315", "Ammunition, 75 mm through 125 mm"),
    ("1320", "Ammunition, over 125 mm"),
    ("1325", "Bombs"),
    ("1330", "Grenades"),
    ("1336", "Guided missile warheads and explosive components"),
    ("1340", "Rockets, rocket ammunition and rocket components"),
    ("1345", "Land mines"),
    ("1365", "Military chemical agents"),
    ("1370", "Pyrotechnics"),
    ("1375", "Demolition materials"),
    ("1376", "Bulk explosives"),
    (
        "1377",
        "Cartridge and propellant actuated devices and components",
    ),
    ("1390", "Fuzes and primers"),
    ("1395", "Miscellaneous ammunition"),
];

impl Nsn {
    /// Parses `1305-01-234-5678`, `1305012345678` or the same with spaces, with an
    /// optional `NSN` prefix.
    pub fn parse(text: &str) -> Result<Self, MarkingError> {
        let err = |pos, kind| MarkingError::new(Format::Nsn, pos, kind);
        let trimmed = strip_prefix_ci(text.trim(), "NSN");
        let trimmed = trimmed.trim_start_matches([':', ' ']);
        if trimmed.is_empty() {
            return Err(err(0, ErrorKind::Empty));
        }
        if trimmed.len() > 32 {
            return Err(err(
                0,
                ErrorKind::TooLong {
                    len: trimmed.len(),
                    max: 32,
                },
            ));
        }
        let mut digits = [0u8; 13];
        let mut n = 0usize;
        // Separators are allowed only between the NSN's groups (after 4, 6 and 9 digits).
        let mut last_sep_at = None;
        for (pos, ch) in trimmed.char_indices() {
            match ch {
                '0'..='9' => {
                    let slot = digits.get_mut(n).ok_or_else(|| {
                        err(
                            pos,
                            ErrorKind::Malformed("an NSN has 13 digits; found more".into()),
                        )
                    })?;
                    *slot = ch as u8;
                    n += 1;
                }
                '-' | ' ' if matches!(n, 4 | 6 | 9) && last_sep_at != Some(n) => {
                    last_sep_at = Some(n);
                }
                _ => {
                    return Err(err(
                        pos,
                        ErrorKind::BadCharacter {
                            element: "NSN".into(),
                            ch,
                            set: "digits, with hyphens after the 4th, 6th and 9th",
                        },
                    ));
                }
            }
        }
        if n != 13 {
            return Err(err(
                trimmed.len(),
                ErrorKind::BadLength {
                    element: "NSN".into(),
                    len: n,
                    min: 13,
                    max: 13,
                },
            ));
        }
        Ok(Self(digits))
    }

    /// All 13 digits without separators.
    pub fn digits(&self) -> &str {
        // Invariant: only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Federal supply class (first four digits), e.g. `1305`.
    pub fn supply_class(&self) -> &str {
        self.digits().get(..4).unwrap_or_default()
    }

    /// Federal supply group (first two digits), e.g. `13` for ammunition and explosives.
    pub fn supply_group(&self) -> &str {
        self.digits().get(..2).unwrap_or_default()
    }

    /// National codification bureau code (digits 5–6), e.g. `01` for the United States.
    pub fn ncb_code(&self) -> &str {
        self.digits().get(4..6).unwrap_or_default()
    }

    /// National item identification number (last nine digits).
    pub fn niin(&self) -> &str {
        self.digits().get(4..).unwrap_or_default()
    }

    /// Whether the item is in supply group 13, ammunition and explosives.
    pub fn is_ammunition(&self) -> bool {
        self.supply_group() == "13"
    }

    /// The name of the supply class when it is one of the ammunition classes.
    pub fn supply_class_name(&self) -> Option<&'static str> {
        AMMUNITION_CLASSES
            .iter()
            .find(|(code, _)| *code == self.supply_class())
            .map(|(_, name)| *name)
    }
}

impl fmt::Display for Nsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(
            f,
            "{}-{}-{}-{}",
            d.get(..4).unwrap_or_default(),
            d.get(4..6).unwrap_or_default(),
            d.get(6..9).unwrap_or_default(),
            d.get(9..).unwrap_or_default()
        )
    }
}

impl std::str::FromStr for Nsn {
    type Err = MarkingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for Nsn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Nsn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A Department of Defense Identification Code: four characters naming an ammunition
/// type, e.g. `A059` (5.56 mm ball, clipped). The first is a letter; at least two of the
/// others are digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dodic([u8; 4]);

impl Dodic {
    /// Parses a DODIC, accepting lower case and an optional `DODIC` prefix.
    pub fn parse(text: &str) -> Result<Self, MarkingError> {
        let err = |pos, kind| MarkingError::new(Format::Dodic, pos, kind);
        let t = strip_prefix_ci(text.trim(), "DODIC");
        let t = t.trim_start_matches([':', ' ']);
        let bytes = t.as_bytes();
        let code: [u8; 4] = bytes.try_into().map_err(|_| {
            err(
                0,
                ErrorKind::BadLength {
                    element: "DODIC".into(),
                    len: t.chars().count(),
                    min: 4,
                    max: 4,
                },
            )
        })?;
        let code = code.map(|b| b.to_ascii_uppercase());
        let [first, rest @ ..] = code;
        if !first.is_ascii_uppercase() {
            return Err(err(
                0,
                ErrorKind::BadValue {
                    element: "DODIC".into(),
                    rule: "must start with a letter".into(),
                },
            ));
        }
        if let Some(pos) = rest.iter().position(|b| !b.is_ascii_alphanumeric()) {
            return Err(err(
                pos + 1,
                ErrorKind::BadCharacter {
                    element: "DODIC".into(),
                    ch: char::from(rest.get(pos).copied().unwrap_or(b'?')),
                    set: "letters and digits",
                },
            ));
        }
        if rest.iter().filter(|b| b.is_ascii_digit()).count() < 2 {
            return Err(err(
                0,
                ErrorKind::BadValue {
                    element: "DODIC".into(),
                    rule: "needs at least two digits after the first letter".into(),
                },
            ));
        }
        Ok(Self(code))
    }

    /// The four characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Dodic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Dodic {
    type Err = MarkingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for Dodic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Dodic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Removes an ASCII prefix regardless of case.
pub(crate) fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> &'a str {
    match text.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => text.get(prefix.len()..).unwrap_or(text),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nsn_forms() {
        for text in [
            "1305-01-234-5678",
            "1305012345678",
            "1305 01 234 5678",
            "NSN 1305-01-234-5678",
            "nsn: 1305012345678",
        ] {
            let nsn = Nsn::parse(text).unwrap();
            assert_eq!(nsn.to_string(), "1305-01-234-5678", "{text}");
            assert_eq!(nsn.supply_class(), "1305");
            assert_eq!(nsn.ncb_code(), "01");
            assert_eq!(nsn.niin(), "012345678");
            assert!(nsn.is_ammunition());
            assert_eq!(nsn.supply_class_name(), Some("Ammunition, through 30 mm"));
        }
    }

    #[test]
    fn nsn_rejects() {
        for text in [
            "",
            "1305-01-234-567",
            "1305-01-234-56789",
            "13050-1-234-5678",
            "1305--01-234-5678",
            "1305-01-234-567X",
            "١٣٠٥٠١٢٣٤٥٦٧٨",
        ] {
            assert!(Nsn::parse(text).is_err(), "{text:?} should be refused");
        }
    }

    #[test]
    fn dodic_forms() {
        assert_eq!(Dodic::parse("A059").unwrap().as_str(), "A059");
        assert_eq!(Dodic::parse("dodic a131").unwrap().as_str(), "A131");
        assert_eq!(Dodic::parse("DA54").unwrap().as_str(), "DA54");
        for bad in ["", "A05", "A0599", "1059", "ABCD", "A0-9", "Ä059"] {
            assert!(Dodic::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    proptest! {
        #[test]
        fn nsn_round_trips(d in "[0-9]{13}") {
            let nsn = Nsn::parse(&d).unwrap();
            prop_assert_eq!(nsn.digits(), d.as_str());
            prop_assert_eq!(Nsn::parse(&nsn.to_string()).unwrap(), nsn);
            let json = serde_json::to_string(&nsn).unwrap();
            prop_assert_eq!(serde_json::from_str::<Nsn>(&json).unwrap(), nsn);
        }

        #[test]
        fn nsn_never_panics(s in "\\PC{0,40}") {
            let _ = Nsn::parse(&s);
            let _ = Dodic::parse(&s);
        }
    }
}
