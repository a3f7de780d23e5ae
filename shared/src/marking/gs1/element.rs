//! GS1 element strings: the `AI value AI value…` data of GS1-128, GS1 DataMatrix,
//! GS1 QR, DataBar and ISO 15434 format 05, in FNC1/GS-separated and bracketed forms.
//!
//! Invariant: every returned [`Gs1Element`] has a value that passed its AI's length,
//! character set and content checks from the dictionary, and its span points at the
//! value's bytes in the text that was parsed.

use std::ops::Range;

use super::dictionary::{AiSpec, Charset, Dictionary};
use super::lint;
use crate::marking::error::{ErrorKind, Format, MarkingError};

/// The GS1 separator character (FNC1 in the data stream).
pub const GS: char = '\u{1d}';

/// Longest GS1 element string accepted (GS1 allows 48 characters in GS1-128 and a few
/// hundred in 2-D symbols; 2 KiB leaves room without inviting abuse).
pub const MAX_ELEMENT_STRING: usize = 2048;

/// One AI and its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Gs1Element {
    /// The application identifier, e.g. `10`.
    pub ai: String,
    /// The value as encoded.
    pub value: String,
    /// Byte range of the value in the parsed text.
    pub span: Range<usize>,
}

impl Gs1Element {
    /// The dictionary title of the AI, e.g. `BATCH/LOT`.
    pub fn title(&self) -> &'static str {
        Dictionary::get()
            .spec(&self.ai)
            .map(|s| s.title.as_str())
            .unwrap_or("")
    }
}

fn err(format: Format, pos: usize, kind: ErrorKind) -> MarkingError {
    MarkingError::new(format, pos, kind)
}

/// Parses a FNC1/GS-separated element string. `base` is added to every position so
/// errors and spans refer to the caller's whole input.
pub fn parse_element_string(data: &str, base: usize) -> Result<Vec<Gs1Element>, MarkingError> {
    parse_separated(data, base, Format::Gs1)
}

/// As [`parse_element_string`], naming `format` in errors (ISO 15434 format 05 uses it).
pub(crate) fn parse_separated(
    data: &str,
    base: usize,
    format: Format,
) -> Result<Vec<Gs1Element>, MarkingError> {
    let elements = separated_elements(data, base, format)?;
    check_message_for(&elements, format)?;
    Ok(elements)
}

/// The elements of a separated string, each checked, the message as a whole not
/// (duplicates, exclusions): see [`elements_despite_combination`].
fn separated_elements(
    data: &str,
    base: usize,
    format: Format,
) -> Result<Vec<Gs1Element>, MarkingError> {
    if data.len() > MAX_ELEMENT_STRING {
        return Err(err(
            format,
            base,
            ErrorKind::TooLong {
                len: data.len(),
                max: MAX_ELEMENT_STRING,
            },
        ));
    }
    let dict = Dictionary::get();
    let mut elements = Vec::new();
    let mut pos = 0usize;
    while pos < data.len() {
        let rest = data.get(pos..).unwrap_or("");
        // A leading FNC1, or one after a pre-defined-length value, is allowed.
        if rest.starts_with(GS) {
            pos += GS.len_utf8();
            continue;
        }
        let spec = dict.match_prefix(rest).ok_or_else(|| {
            let shown: String = rest.chars().take(4).collect();
            err(format, base + pos, ErrorKind::UnknownAi(shown))
        })?;
        let value_start = pos + spec.ai.len();
        let after_ai = data.get(value_start..).unwrap_or("");
        let value_len = if spec.predefined_length {
            let n = spec.max_len();
            if after_ai.len() < n || !after_ai.is_char_boundary(n) {
                return Err(err(
                    format,
                    base + value_start,
                    ErrorKind::BadLength {
                        element: format!("AI ({})", spec.ai),
                        len: after_ai.find(GS).unwrap_or(after_ai.len()),
                        min: n,
                        max: n,
                    },
                ));
            }
            n
        } else {
            after_ai.find(GS).unwrap_or(after_ai.len())
        };
        let value = after_ai.get(..value_len).unwrap_or("");
        let span = base + value_start..base + value_start + value_len;
        validate_value(spec, value, span.start, format)?;
        elements.push(Gs1Element {
            ai: spec.ai.clone(),
            value: value.to_string(),
            span,
        });
        pos = value_start + value_len;
    }
    if elements.is_empty() {
        return Err(err(format, base, ErrorKind::Empty));
    }
    Ok(elements)
}

/// Parses the bracketed human-readable form `(01)09506000134352(10)ABC`. A literal `(`
/// inside a value is written `\(`.
pub fn parse_bracketed(text: &str, base: usize) -> Result<Vec<Gs1Element>, MarkingError> {
    let elements = bracketed_elements(text, base)?;
    check_message_for(&elements, Format::Gs1)?;
    Ok(elements)
}

/// The elements of the bracketed form, each checked, the message as a whole not.
fn bracketed_elements(text: &str, base: usize) -> Result<Vec<Gs1Element>, MarkingError> {
    // Brackets and escapes make the printed form of a maximal element string up to
    // three times longer; it must still read back.
    if text.len() > 3 * MAX_ELEMENT_STRING {
        return Err(err(
            Format::Gs1,
            base,
            ErrorKind::TooLong {
                len: text.len(),
                max: 3 * MAX_ELEMENT_STRING,
            },
        ));
    }
    let dict = Dictionary::get();
    let mut elements = Vec::new();
    let mut pos = 0usize;
    while pos < text.len() {
        let rest = text.get(pos..).unwrap_or("");
        let inner = rest.strip_prefix('(').ok_or_else(|| {
            err(
                Format::Gs1,
                base + pos,
                ErrorKind::Malformed("expected '(' before an application identifier".into()),
            )
        })?;
        let close = inner.find(')').ok_or_else(|| {
            err(
                Format::Gs1,
                base + pos,
                ErrorKind::Truncated("'(' without ')'"),
            )
        })?;
        let ai = inner.get(..close).unwrap_or("");
        let spec = dict
            .spec(ai)
            .filter(|_| ai.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| err(Format::Gs1, base + pos + 1, ErrorKind::UnknownAi(ai.into())))?;
        let value_start = pos + close + 2;
        let tail = text.get(value_start..).unwrap_or("");
        let (value, consumed) = unescape_until_bracket(tail);
        let span = base + value_start..base + value_start + consumed;
        validate_value(spec, &value, span.start, Format::Gs1)?;
        elements.push(Gs1Element {
            ai: spec.ai.clone(),
            value,
            span,
        });
        pos = value_start + consumed;
    }
    if elements.is_empty() {
        return Err(err(Format::Gs1, base, ErrorKind::Empty));
    }
    Ok(elements)
}

/// The elements of a GS1 code (separated when `separated`, bracketed otherwise) that
/// breaks only a rule about which AIs may go together (the dictionary's `ex`, e.g. a
/// count (37) beside a GTIN (01), which labels in the field do carry): every element
/// valid on its own, so what it says can still be offered, marked as coming from an
/// invalid code. `None` when an element itself is invalid, or an AI is given twice with
/// different values (which one would be meant?).
pub fn elements_despite_combination(text: &str, separated: bool) -> Option<Vec<Gs1Element>> {
    let elements = if separated {
        separated_elements(text, 0, Format::Gs1).ok()?
    } else {
        bracketed_elements(text, 0).ok()?
    };
    match check_message_for(&elements, Format::Gs1) {
        Err(MarkingError {
            kind: ErrorKind::Excluded { .. },
            ..
        }) => {
            let conflicting = elements.iter().enumerate().any(|(i, e)| {
                elements
                    .iter()
                    .skip(i + 1)
                    .any(|o| o.ai == e.ai && o.value != e.value)
            });
            (!conflicting).then_some(elements)
        }
        _ => None,
    }
}

/// Reads a value up to the next unescaped `(`; returns it unescaped and the bytes used.
fn unescape_until_bracket(tail: &str) -> (String, usize) {
    let mut value = String::new();
    let mut chars = tail.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' => return (value, i),
            '\\' if chars.peek().is_some_and(|(_, n)| *n == '(') => {
                value.push('(');
                chars.next();
            }
            _ => value.push(c),
        }
    }
    (value, tail.len())
}

/// Prints elements in the bracketed form, escaping `(` in values.
pub fn to_bracketed(elements: &[Gs1Element]) -> String {
    let mut out = String::new();
    for e in elements {
        out.push('(');
        out.push_str(&e.ai);
        out.push(')');
        out.push_str(&e.value.replace('(', "\\("));
    }
    out
}

/// Prints elements as an unbracketed element string, with GS only where needed.
pub fn to_element_string(elements: &[Gs1Element]) -> String {
    let dict = Dictionary::get();
    let mut out = String::new();
    for (i, e) in elements.iter().enumerate() {
        out.push_str(&e.ai);
        out.push_str(&e.value);
        let predefined = dict.spec(&e.ai).is_some_and(|s| s.predefined_length);
        if !predefined && i + 1 < elements.len() {
            out.push(GS);
        }
    }
    out
}

/// Checks one value against its AI's components: lengths, character sets, linters.
pub fn validate_value(
    spec: &AiSpec,
    value: &str,
    at: usize,
    format: Format,
) -> Result<(), MarkingError> {
    let element = || format!("AI ({})", spec.ai);
    let len = value.chars().count();
    let bad_length = |offset: usize| {
        err(
            format,
            at + offset,
            ErrorKind::BadLength {
                element: element(),
                len,
                min: spec.min_len(),
                max: spec.max_len(),
            },
        )
    };
    if len < spec.min_len() || len > spec.max_len() || !value.is_ascii() {
        if let Some((i, ch)) = value.char_indices().find(|(_, c)| !c.is_ascii()) {
            return Err(err(
                format,
                at + i,
                ErrorKind::BadCharacter {
                    element: element(),
                    ch,
                    set: "GS1 characters (ASCII)",
                },
            ));
        }
        return Err(bad_length(0));
    }
    let mut offset = 0usize;
    for comp in &spec.components {
        let remaining = value.len() - offset;
        if remaining == 0 && comp.optional {
            break;
        }
        let take = if comp.min == comp.max {
            comp.max
        } else {
            remaining.min(comp.max)
        };
        let part = value
            .get(offset..offset + take)
            .ok_or_else(|| bad_length(offset))?;
        if let Some((i, ch)) = part.char_indices().find(|(_, c)| !comp.charset.allows(*c)) {
            return Err(err(
                format,
                at + offset + i,
                ErrorKind::BadCharacter {
                    element: element(),
                    ch,
                    set: comp.charset.describe(),
                },
            ));
        }
        if comp.charset == Charset::Cset64
            && let Err((pad_at, rule)) = cset64_padding(part)
        {
            return Err(err(
                format,
                at + offset + pad_at,
                ErrorKind::BadValue {
                    element: element(),
                    rule,
                },
            ));
        }
        for linter in &comp.linters {
            lint::check(linter, part).map_err(|rule| {
                let kind = match (linter.as_str(), part.chars().last()) {
                    ("csum", Some(found)) => ErrorKind::BadCheckDigit {
                        element: element(),
                        found,
                        expected: part
                            .get(..part.len() - 1)
                            .and_then(lint::compute_check_digit)
                            .map(|d| char::from(b'0' + d))
                            .unwrap_or('?'),
                    },
                    _ => ErrorKind::BadValue {
                        element: element(),
                        rule,
                    },
                };
                err(format, at + offset, kind)
            })?;
        }
        offset += take;
    }
    if offset != value.len() {
        return Err(bad_length(offset));
    }
    Ok(())
}

/// Message-level rules that hold for one code on its own: an AI given twice must
/// carry the same value, and the dictionary's `ex` pairs may not appear together.
pub(crate) fn check_message_for(
    elements: &[Gs1Element],
    format: Format,
) -> Result<(), MarkingError> {
    let dict = Dictionary::get();
    for (i, e) in elements.iter().enumerate() {
        for other in elements.iter().skip(i + 1) {
            if other.ai == e.ai && other.value != e.value {
                return Err(err(
                    format,
                    other.span.start,
                    ErrorKind::Conflict {
                        element: format!("AI ({})", e.ai),
                    },
                ));
            }
        }
        let Some(spec) = dict.spec(&e.ai) else {
            continue;
        };
        for other in elements.iter().filter(|o| o.ai != e.ai) {
            if spec.excludes.iter().any(|p| p.matches(&other.ai)) {
                return Err(err(
                    format,
                    other.span.start,
                    ErrorKind::Excluded {
                        element: format!("AI ({})", e.ai),
                        other: format!("AI ({})", other.ai),
                    },
                ));
            }
        }
    }
    Ok(())
}

/// The dictionary's `req` rules, which GS1 says are judged over all the codes on one
/// item: each unmet rule as a sentence. Callers with one code show these as warnings;
/// the capture pipeline checks them over every code of a photo.
pub fn missing_requirements<'a>(elements: impl IntoIterator<Item = &'a Gs1Element>) -> Vec<String> {
    let elements: Vec<&Gs1Element> = elements.into_iter().collect();
    let dict = Dictionary::get();
    let present = |p: &super::dictionary::AiPattern| elements.iter().any(|e| p.matches(&e.ai));
    let mut out = Vec::new();
    for e in &elements {
        let Some(spec) = dict.spec(&e.ai) else {
            continue;
        };
        for req in &spec.requires {
            if !req.iter().any(|alt| alt.iter().all(present)) {
                let words: Vec<String> = req
                    .iter()
                    .map(|alt| {
                        alt.iter()
                            .map(|p| format!("({})", p.0))
                            .collect::<Vec<_>>()
                            .join(" with ")
                    })
                    .collect();
                let msg = format!("AI ({}) requires {}", e.ai, words.join(" or "));
                if !out.contains(&msg) {
                    out.push(msg);
                }
            }
        }
    }
    if let Some(why) = unserialised_signature(&elements)
        && !out.iter().any(|m| m.starts_with("AI (8030) requires"))
    {
        out.push(why);
    }
    out
}

/// Base64url padding (character set 64): `=` only at the end, at most two, and only
/// where it makes the length a multiple of three (GS1's own rule: `12=` and `1==`
/// pass, `123=`, `12==` and `===` do not). Gives where the bad padding starts.
fn cset64_padding(part: &str) -> Result<(), (usize, String)> {
    let data = part.trim_end_matches('=');
    let pads = part.len() - data.len();
    if let Some(inner) = data.find('=') {
        return Err((inner, "= may only pad the end".into()));
    }
    if pads > 2 || (pads > 0 && !part.len().is_multiple_of(3)) {
        return Err((data.len(), "padding (=) of the wrong length".into()));
    }
    Ok(())
}

/// A digital signature (8030) signs one serialised item: the dictionary lets a GDTI
/// (253), GCN (255) or GRAI (8003) satisfy it, but GS1 counts those only with their
/// optional serial component.
fn unserialised_signature(elements: &[&Gs1Element]) -> Option<String> {
    let value = |ai: &str| {
        elements
            .iter()
            .find(|e| e.ai == ai)
            .map(|e| e.value.as_str())
    };
    value("8030")?;
    let with_serial = |ai: &str, key_digits: usize| value(ai).is_some_and(|v| v.len() > key_digits);
    let serialised = value("00").is_some()
        || (value("21").is_some()
            && (value("01").is_some() || value("03").is_some() || value("8006").is_some()))
        || with_serial("253", 13)
        || with_serial("255", 13)
        || with_serial("8003", 14)
        || value("8004").is_some()
        || (value("8010").is_some() && value("8011").is_some())
        || value("8017").is_some()
        || value("8018").is_some();
    (!serialised).then(|| {
        "AI (8030) signs a serialised item: a GDTI (253), GCN (255) or GRAI (8003) needs its serial component".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ais(elements: &[Gs1Element]) -> Vec<(&str, &str)> {
        elements
            .iter()
            .map(|e| (e.ai.as_str(), e.value.as_str()))
            .collect()
    }

    #[test]
    fn general_specification_examples() {
        let e = parse_element_string("0109506000134352\u{1d}10ABC123\u{1d}17251231", 0).unwrap();
        assert_eq!(
            ais(&e),
            [("01", "09506000134352"), ("10", "ABC123"), ("17", "251231")]
        );
        assert_eq!(e[1].span, 19..25);
        assert_eq!(e[1].title(), "BATCH/LOT");
        // Pre-defined length AIs need no separator.
        let e = parse_element_string("010950600013435217251231\u{1d}10ABC", 0).unwrap();
        assert_eq!(ais(&e)[2], ("10", "ABC"));
        let e = parse_element_string("00106141411234567897", 0).unwrap();
        assert_eq!(ais(&e), [("00", "106141411234567897")]);
        let e = parse_element_string("\u{1d}01095060001343523103000189", 0).unwrap();
        assert_eq!(ais(&e)[1], ("3103", "000189"));
    }

    #[test]
    fn sample_corpus_texts() {
        // Texts of DataBar Expanded samples in testdata/barcodes (GS shown as \x1d).
        for text in [
            "01988987654321061599123131030017501012A\u{1d}21123456",
            "0190012345678908310200175011100312",
            "10567\u{1d}019001234567890811010101",
            "101098/1234",
            "01900123456789083922795",
        ] {
            parse_element_string(text, 0).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        }
    }

    macro_rules! refused {
        ($($name:ident: $text:expr => $pat:pat,)*) => {
            $(#[test] fn $name() {
                let e = parse_element_string($text, 0).unwrap_err();
                assert!(matches!(e.kind, $pat), "{}", e);
            })*
        };
    }

    refused! {
        bad_gtin_check: "0109506000134353" => ErrorKind::BadCheckDigit { expected: '2', .. },
        unknown_ai: "2312345" => ErrorKind::UnknownAi(_),
        short_gtin: "01095060001343" => ErrorKind::BadLength { .. },
        overlong_lot: "10ABCDEFGHIJKLMNOPQRSTU" => ErrorKind::BadLength { max: 20, .. },
        bad_date: "0109506000134352\u{1d}11251301" => ErrorKind::BadValue { .. },
        day_zero_where_forbidden: "7006250100\u{1d}0109506000134352" => ErrorKind::BadValue { .. },
        lot_charset: "10AB~C" => ErrorKind::BadCharacter { ch: '~', .. },
        signature_padding_inside: "8030AB=C" => ErrorKind::BadValue { .. },
        signature_padding_of_wrong_length: "8030123=" => ErrorKind::BadValue { .. },
        signature_padding_too_long: "8030===" => ErrorKind::BadValue { .. },
        excluded_pair: "0109506000134352\u{1d}0209506000134352" => ErrorKind::Excluded { .. },
        conflict: "10A\u{1d}10B" => ErrorKind::Conflict { .. },
        weights_twice: "01095060001343523103000189\u{1d}3102000189" => ErrorKind::Excluded { .. },
        only_separators: "\u{1d}\u{1d}" => ErrorKind::Empty,
        non_ascii: "10ЛОТ" => ErrorKind::BadCharacter { .. },
        // From the DataBar Expanded samples: 123 is no ISO 3166 country.
        bad_country: "0198898765432106\u{1d}422123" => ErrorKind::BadValue { .. },
    }

    #[test]
    fn expiry_with_day_zero_is_allowed() {
        parse_element_string("010950600013435217250300", 0).unwrap();
    }

    #[test]
    fn bracketed_form() {
        let e = parse_bracketed("(01)09506000134352(10)AB\\(1(17)250300", 0).unwrap();
        assert_eq!(
            ais(&e),
            [("01", "09506000134352"), ("10", "AB(1"), ("17", "250300")]
        );
        assert_eq!(to_bracketed(&e), "(01)09506000134352(10)AB\\(1(17)250300");
        assert!(parse_bracketed("(01)0950600013435", 0).is_err());
        assert!(parse_bracketed("(01", 0).is_err());
        assert!(parse_bracketed("(23)1", 0).is_err());
        assert!(parse_bracketed("x(10)1", 0).is_err());
    }

    #[test]
    fn base64url_padding_where_gs1_allows_it() {
        for ok in ["8030123", "803012", "803012=", "80301==", "8030MEUCIQ"] {
            assert!(parse_element_string(ok, 0).is_ok(), "{ok}");
        }
    }

    #[test]
    fn requirements_are_reported_not_fatal() {
        let e = parse_element_string("10ABC", 0).unwrap();
        let missing = missing_requirements(&e);
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].starts_with("AI (10) requires (01) or (02)"),
            "{missing:?}"
        );
        let e = parse_element_string("0109506000134352\u{1d}10ABC", 0).unwrap();
        assert!(missing_requirements(&e).is_empty());
        let e = parse_element_string("0109506000134352\u{1d}250X", 0).unwrap();
        assert!(missing_requirements(&e)[0].contains("(01) with (21)"));
        // A signature needs a serialised key: a GDTI without its serial is not one.
        let e = parse_bracketed("(253)4012345000009(8030)MEUCIQ", 0).unwrap();
        let missing = missing_requirements(&e);
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(missing[0].contains("serial component"), "{missing:?}");
        let e = parse_bracketed("(253)4012345000009SER1(8030)MEUCIQ", 0).unwrap();
        assert!(missing_requirements(&e).is_empty());
        let e = parse_bracketed("(01)09506000134352(21)X1(8030)MEUCIQ", 0).unwrap();
        assert!(missing_requirements(&e).is_empty());
        // No key at all: the dictionary's own rule says so, once.
        let e = parse_bracketed("(8030)MEUCIQ", 0).unwrap();
        let missing = missing_requirements(&e);
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(missing[0].starts_with("AI (8030) requires"), "{missing:?}");
    }

    #[test]
    fn longest_element_string_round_trips_through_brackets() {
        // Found by the `gs1_round_trip` fuzz target: the bracketed form is longer.
        let text = "11111111".repeat(255);
        assert!(text.len() <= MAX_ELEMENT_STRING);
        let elements = parse_element_string(&text, 0).unwrap();
        let bracketed = to_bracketed(&elements);
        assert!(bracketed.len() > MAX_ELEMENT_STRING);
        assert_eq!(
            ais(&parse_bracketed(&bracketed, 0).unwrap()),
            ais(&elements)
        );
    }

    #[test]
    fn printing_round_trips() {
        let text = "0109506000134352\u{1d}10ABC\u{1d}21S1\u{1d}70011305012345678\u{1d}17250101";
        let e = parse_element_string(text, 0).unwrap();
        let printed = to_element_string(&e);
        assert_eq!(ais(&parse_element_string(&printed, 0).unwrap()), ais(&e));
    }
}
