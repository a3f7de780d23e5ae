//! ISO/IEC 15434 envelopes: `[)>` RS, then one or more formats (`06` data
//! identifiers, `05` GS1 AIs, others kept raw), each closed by RS, then EOT.
//!
//! Invariant: the parser works on text whose control characters are real (RS 0x1E,
//! GS 0x1D, EOT 0x04); the caller turns escapes such as `<GS>` into them first, and
//! every span points into that text. Each format's elements passed their checks.

use std::ops::Range;

use super::error::{ErrorKind, Format, MarkingError};
use super::gs1::{GS, Gs1Element};

/// Record separator: ends each format.
pub const RS: char = '\u{1e}';
/// End of transmission: ends the envelope.
pub const EOT: char = '\u{04}';
/// The envelope header.
pub const HEADER: &str = "[)>\u{1e}";
/// Longest envelope accepted.
pub const MAX_ENVELOPE: usize = 4096;
/// Longest value of one data identifier.
pub const MAX_DI_VALUE: usize = 256;

/// A data identifier element of format 06 (ANSI MH10.8.2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiElement {
    /// The data identifier, e.g. `1T`.
    pub di: String,
    /// The value.
    pub value: String,
    /// Byte range of the value.
    pub span: Range<usize>,
}

impl DiElement {
    /// What the data identifier means, for the ones Tracemark uses.
    pub fn title(&self) -> &'static str {
        known(&self.di).map(|k| k.title).unwrap_or("")
    }
}

/// One format inside the envelope.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum FormatEnvelope {
    /// Format 05: GS1 application identifiers.
    Gs1 {
        /// The elements.
        elements: Vec<Gs1Element>,
    },
    /// Format 06: ASC MH10.8.2 data identifiers.
    DataIdentifiers {
        /// The elements.
        elements: Vec<DiElement>,
    },
    /// Any other format, kept as it was.
    Other {
        /// Two-character format indicator.
        indicator: String,
        /// The format's data after the indicator.
        data: String,
    },
}

/// A parsed envelope.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Envelope {
    /// Formats in order.
    pub formats: Vec<FormatEnvelope>,
    /// Whether the EOT trailer was missing (some readers drop it).
    pub missing_eot: bool,
}

/// How a data identifier's value is checked, and which normalised field it fills.
pub(crate) struct KnownDi {
    pub(crate) di: &'static str,
    pub(crate) title: &'static str,
    pub(crate) rule: ValueRule,
}

#[derive(Clone, Copy)]
pub(crate) enum ValueRule {
    Text,
    Digits,
    Cage,
    YyMmDd,
    YyyyMmDd,
    CountryAlpha2,
}

const KNOWN: &[KnownDi] = &[
    KnownDi {
        di: "T",
        title: "Traceability number (lot/batch)",
        rule: ValueRule::Text,
    },
    KnownDi {
        di: "1T",
        title: "Lot/batch number (supplier)",
        rule: ValueRule::Text,
    },
    KnownDi {
        di: "S",
        title: "Serial number",
        rule: ValueRule::Text,
    },
    KnownDi {
        di: "25S",
        title: "Unique item identifier (IAC, enterprise, serial)",
        rule: ValueRule::Text,
    },
    KnownDi {
        di: "P",
        title: "Part number (customer)",
        rule: ValueRule::Text,
    },
    KnownDi {
        di: "1P",
        title: "Part number (supplier)",
        rule: ValueRule::Text,
    },
    KnownDi {
        di: "17V",
        title: "CAGE code",
        rule: ValueRule::Cage,
    },
    KnownDi {
        di: "Q",
        title: "Quantity",
        rule: ValueRule::Digits,
    },
    KnownDi {
        di: "D",
        title: "Date (YYMMDD)",
        rule: ValueRule::YyMmDd,
    },
    KnownDi {
        di: "16D",
        title: "Production date (YYYYMMDD)",
        rule: ValueRule::YyyyMmDd,
    },
    KnownDi {
        di: "14D",
        title: "Expiry date (YYYYMMDD)",
        rule: ValueRule::YyyyMmDd,
    },
    KnownDi {
        di: "4L",
        title: "Country of origin",
        rule: ValueRule::CountryAlpha2,
    },
    KnownDi {
        di: "K",
        title: "Order number",
        rule: ValueRule::Text,
    },
];

pub(crate) fn known(di: &str) -> Option<&'static KnownDi> {
    KNOWN.iter().find(|k| k.di == di)
}

fn err(pos: usize, kind: ErrorKind) -> MarkingError {
    MarkingError::new(Format::Iso15434, pos, kind)
}

/// Parses an envelope (control characters already real).
pub fn parse_envelope(text: &str) -> Result<Envelope, MarkingError> {
    if text.len() > MAX_ENVELOPE {
        return Err(err(
            0,
            ErrorKind::TooLong {
                len: text.len(),
                max: MAX_ENVELOPE,
            },
        ));
    }
    let body = text.strip_prefix(HEADER).ok_or_else(|| {
        err(
            0,
            ErrorKind::Malformed("an envelope starts with [)> RS".into()),
        )
    })?;
    let (body, missing_eot) = match body.strip_suffix(EOT) {
        Some(b) => (b, false),
        None => (body, true),
    };
    if body.contains(EOT) {
        let at = HEADER.len() + body.find(EOT).unwrap_or(0);
        return Err(err(
            at,
            ErrorKind::Malformed("EOT inside the envelope".into()),
        ));
    }
    let mut formats = Vec::new();
    let mut pos = HEADER.len();
    let mut rest = body;
    while !rest.is_empty() {
        let Some(end) = rest.find(RS) else {
            return Err(err(
                pos + rest.len(),
                ErrorKind::Truncated("a format is not closed by RS"),
            ));
        };
        let format = rest.get(..end).unwrap_or("");
        formats.push(parse_format(format, pos)?);
        pos += end + RS.len_utf8();
        rest = rest.get(end + RS.len_utf8()..).unwrap_or("");
    }
    if formats.is_empty() {
        return Err(err(
            pos,
            ErrorKind::Truncated("the envelope holds no format"),
        ));
    }
    Ok(Envelope {
        formats,
        missing_eot,
    })
}

fn parse_format(format: &str, base: usize) -> Result<FormatEnvelope, MarkingError> {
    let indicator = format
        .get(..2)
        .filter(|i| i.bytes().all(|b| b.is_ascii_alphanumeric()))
        .ok_or_else(|| {
            err(
                base,
                ErrorKind::Truncated("a format has no 2-character indicator"),
            )
        })?;
    let data = format.get(2..).unwrap_or("");
    match indicator {
        "05" | "06" => {
            let data = data.strip_prefix(GS).ok_or_else(|| {
                err(
                    base + 2,
                    ErrorKind::Malformed(format!("format {indicator} must be followed by GS")),
                )
            })?;
            let data_base = base + 2 + GS.len_utf8();
            if indicator == "05" {
                let elements =
                    super::gs1::element::parse_separated(data, data_base, Format::Iso15434)?;
                Ok(FormatEnvelope::Gs1 { elements })
            } else {
                Ok(FormatEnvelope::DataIdentifiers {
                    elements: parse_data_identifiers(data, data_base)?,
                })
            }
        }
        _ => Ok(FormatEnvelope::Other {
            indicator: indicator.to_string(),
            data: data.to_string(),
        }),
    }
}

fn parse_data_identifiers(data: &str, base: usize) -> Result<Vec<DiElement>, MarkingError> {
    let mut out: Vec<DiElement> = Vec::new();
    let mut pos = base;
    for field in data.split(GS) {
        let digits = field.bytes().take_while(u8::is_ascii_digit).count();
        let letter = field.as_bytes().get(digits).copied();
        if digits > 3 || !letter.is_some_and(|b| b.is_ascii_uppercase()) {
            return Err(err(
                pos,
                ErrorKind::Malformed(
                    "a data identifier is up to three digits and a capital letter".into(),
                ),
            ));
        }
        let di = field.get(..=digits).unwrap_or("");
        let value = field.get(digits + 1..).unwrap_or("");
        let at = pos + di.len();
        check_di_value(di, value, at)?;
        if out.iter().any(|e| e.di == di && e.value != value) {
            return Err(err(
                at,
                ErrorKind::Conflict {
                    element: format!("DI {di}"),
                },
            ));
        }
        out.push(DiElement {
            di: di.to_string(),
            value: value.to_string(),
            span: at..at + value.len(),
        });
        pos += field.len() + GS.len_utf8();
    }
    Ok(out)
}

fn check_di_value(di: &str, value: &str, at: usize) -> Result<(), MarkingError> {
    let element = || format!("DI {di}");
    let len = value.chars().count();
    if len == 0 || len > MAX_DI_VALUE {
        return Err(err(
            at,
            ErrorKind::BadLength {
                element: element(),
                len,
                min: 1,
                max: MAX_DI_VALUE,
            },
        ));
    }
    if let Some((i, ch)) = value.char_indices().find(|(_, c)| c.is_control()) {
        return Err(err(
            at + i,
            ErrorKind::BadCharacter {
                element: element(),
                ch,
                set: "printable characters",
            },
        ));
    }
    let rule = known(di).map(|k| k.rule).unwrap_or(ValueRule::Text);
    let bad = |rule: &str| {
        err(
            at,
            ErrorKind::BadValue {
                element: element(),
                rule: rule.into(),
            },
        )
    };
    let all_digits = value.bytes().all(|b| b.is_ascii_digit());
    match rule {
        ValueRule::Text => Ok(()),
        ValueRule::Digits if all_digits && len <= 15 => Ok(()),
        ValueRule::Digits => Err(bad("must be a number of at most 15 digits")),
        ValueRule::Cage
            if len == 5
                && value
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) =>
        {
            Ok(())
        }
        ValueRule::Cage => Err(bad("a CAGE code is five capital letters or digits")),
        ValueRule::YyMmDd => super::gs1::lint::check("yymmdd", value).map_err(|r| bad(&r)),
        ValueRule::YyyyMmDd => super::gs1::lint::check("yyyymmdd", value).map_err(|r| bad(&r)),
        ValueRule::CountryAlpha2 => {
            super::gs1::lint::check("iso3166alpha2", value).map_err(|r| bad(&r))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENVELOPE: &str = "[)>\u{1e}06\u{1d}17V1ABC5\u{1d}1PPN-7\u{1d}1TLOT 42\u{1d}SSN0001\u{1d}Q250\u{1d}16D20240115\u{1e}05\u{1d}0109506000134352\u{1d}10LOT42\u{1e}\u{04}";

    #[test]
    fn mixed_envelope() {
        let env = parse_envelope(ENVELOPE).unwrap();
        assert!(!env.missing_eot);
        let [
            FormatEnvelope::DataIdentifiers { elements },
            FormatEnvelope::Gs1 { elements: gs1 },
        ] = env.formats.as_slice()
        else {
            panic!("{env:?}")
        };
        let dis: Vec<(&str, &str)> = elements
            .iter()
            .map(|e| (e.di.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            dis,
            [
                ("17V", "1ABC5"),
                ("1P", "PN-7"),
                ("1T", "LOT 42"),
                ("S", "SN0001"),
                ("Q", "250"),
                ("16D", "20240115")
            ]
        );
        assert_eq!(&ENVELOPE[elements[2].span.clone()], "LOT 42");
        assert_eq!(elements[0].title(), "CAGE code");
        assert_eq!(gs1[1].value, "LOT42");
        assert_eq!(&ENVELOPE[gs1[1].span.clone()], "LOT42");
    }

    #[test]
    fn other_formats_are_kept() {
        let env = parse_envelope("[)>\u{1e}12\u{1d}ABC\u{1e}\u{04}").unwrap();
        assert_eq!(
            env.formats,
            [FormatEnvelope::Other {
                indicator: "12".into(),
                data: "\u{1d}ABC".into()
            }]
        );
    }

    #[test]
    fn missing_eot_is_tolerated_and_reported() {
        assert!(
            parse_envelope("[)>\u{1e}06\u{1d}SX\u{1e}")
                .unwrap()
                .missing_eot
        );
    }

    #[test]
    fn bad_envelopes() {
        for (text, what) in [
            ("[)>", "no RS after header"),
            ("[)>\u{1e}", "no format"),
            ("[)>\u{1e}06\u{1d}1TLOT", "format not closed"),
            ("[)>\u{1e}06\u{1d}17VABC\u{1e}\u{04}", "bad CAGE"),
            ("[)>\u{1e}06\u{1d}QABC\u{1e}\u{04}", "bad quantity"),
            ("[)>\u{1e}06\u{1d}16D20241315\u{1e}\u{04}", "bad date"),
            ("[)>\u{1e}06\u{1d}1234T1\u{1e}\u{04}", "bad DI"),
            ("[)>\u{1e}06\u{1d}1T\u{1e}\u{04}", "empty value"),
            ("[)>\u{1e}06\u{1d}1TA\u{1d}1TB\u{1e}\u{04}", "conflict"),
            ("[)>\u{1e}05\u{1d}0109506000134353\u{1e}\u{04}", "bad GTIN"),
            ("[)>\u{1e}06SX\u{1e}\u{04}", "no GS after indicator"),
            ("[)>\u{1e}06\u{1d}SX\u{04}\u{1e}\u{04}", "EOT inside"),
        ] {
            assert!(parse_envelope(text).is_err(), "{what}: {text:?}");
        }
    }
}
