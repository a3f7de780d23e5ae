//! Tracemark's own labels for depot locations, containers and stock checks: a small
//! versioned URI scheme printed as QR codes on shelves, boxes and count sheets.
//!
//! Grammar, version 1 (also in `docs/LABELS.md`):
//!
//! ```text
//! label     = "tmk:" version "/" body
//!           / "https://" host "/tmk/" version "/" body   ; read, never printed
//! version   = "1"                     ; decimal, no leading zeros
//! body      = "loc/" code "/" code    ; depot code, location code
//!           / "box/" uuid             ; container with a Tracemark-made id
//!           / "box/" code "/" code    ; agency code, the agency's container code
//!           / "chk/" uuid             ; stock check
//! code      = 1*( unreserved / pct-encoded / other pchar / non-ASCII )
//! ```
//!
//! - Printing: lower-case `tmk`, kind and UUID (hyphenated); codes percent-encoded
//!   (UTF-8, upper-case hex) except the RFC 3986 unreserved characters
//!   `A–Z a–z 0–9 - . _ ~`; a code made only of dots is encoded whole (`%2E%2E`) so
//!   URI tools never read it as a dot-segment.
//! - Reading: scheme, kind, hex digits and UUIDs in any case (QR alphanumeric mode
//!   prints upper case); raw non-ASCII characters accepted as in an IRI; surrounding
//!   whitespace ignored; no query or fragment.
//! - Codes are case-sensitive and case-preserving, compared as exact Unicode text
//!   (no normalisation): 1 to [`MAX_CODE_BYTES`] bytes of UTF-8, no control
//!   characters, no space at either end. Any other character, `/` and `%`
//!   included, survives through percent-encoding.
//! - A version above [`VERSION`] is refused with [`ErrorKind::NewerVersion`], so
//!   older apps tell the user to update instead of misreading a newer label.
//!
//! Invariant: every [`Label`] prints to at most [`MAX_LABEL_BYTES`] bytes and
//! `Label::parse(&label.to_string())` gives the same label back.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use uuid::Uuid;

use super::error::{ErrorKind, Format, MarkingError};
use super::nsn::strip_prefix_ci;

/// The label version this app prints and the newest it reads.
pub const VERSION: u64 = 1;
/// Longest label accepted, in bytes (after trimming surrounding whitespace).
pub const MAX_LABEL_BYTES: usize = 512;
/// Longest code (depot, location, agency, container), in bytes of UTF-8: 64 ASCII
/// characters, 32 Cyrillic or Arabic, 21 Chinese. Two such codes, fully encoded,
/// still fit in [`MAX_LABEL_BYTES`].
pub const MAX_CODE_BYTES: usize = 64;

/// Characters percent-encoded in printed codes: all but RFC 3986 unreserved.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// ASCII characters a code may carry unencoded when read: RFC 3986 `pchar` minus `%`.
const RAW_ALLOWED: &str = "-._~!$&'()*+,;=:@";

/// A code inside a label: depot, location, agency or container code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelCode(String);

impl LabelCode {
    /// Checks a code against the rules in the module documentation.
    pub fn new(text: &str) -> Result<Self, MarkingError> {
        check_code(text, "code")
            .map(|()| Self(text.to_owned()))
            .map_err(|kind| error(0, kind))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabelCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.bytes().all(|b| b == b'.') {
            return self.0.bytes().try_for_each(|_| f.write_str("%2E"));
        }
        write!(f, "{}", utf8_percent_encode(&self.0, ENCODED))
    }
}

/// How a container is identified.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContainerId {
    /// An id Tracemark made: `tmk:1/box/<uuid>`.
    Uuid(Uuid),
    /// A code an agency gave the container: `tmk:1/box/<agency>/<code>`.
    Scoped {
        /// The agency's code.
        agency: LabelCode,
        /// The container's code within the agency.
        code: LabelCode,
    },
}

/// A Tracemark label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Label {
    /// A storage location in a depot: `tmk:1/loc/<depot>/<location>`.
    Location {
        /// The depot's code.
        depot: LabelCode,
        /// The location's code within the depot (bay, shelf, bunker…).
        location: LabelCode,
    },
    /// A container (box, crate, pallet).
    Container(ContainerId),
    /// A stock check: `tmk:1/chk/<uuid>`.
    StockCheck(Uuid),
}

impl Label {
    /// Reads a label in either form of the module documentation. Every error names
    /// the byte offset in `text` where the problem is.
    pub fn parse(text: &str) -> Result<Self, MarkingError> {
        let lead = text.len() - text.trim_start().len();
        let body = text.trim();
        if body.is_empty() {
            return Err(error(0, ErrorKind::Empty));
        }
        if body.len() > MAX_LABEL_BYTES {
            let kind = ErrorKind::TooLong {
                len: body.len(),
                max: MAX_LABEL_BYTES,
            };
            return Err(error(lead, kind));
        }
        if let Some(at) = body.find(['?', '#']) {
            let rule = "a Tracemark label has no query (?) or fragment (#)";
            return Err(error(lead + at, ErrorKind::Malformed(rule.into())));
        }
        let start = lead + path_start(body).map_err(|e| error(lead + e.position, e.kind))?;
        let mut parts = Parts {
            rest: text.get(start..lead + body.len()).unwrap_or_default(),
            at: start,
        };
        check_version(parts.next("label version")?)?;
        let kind = parts.next("label kind")?;
        let label = match kind.text.to_ascii_lowercase().as_str() {
            "loc" => Label::Location {
                depot: decode_code(parts.next("depot code")?)?,
                location: decode_code(parts.next("location code")?)?,
            },
            "chk" => Label::StockCheck(decode_uuid(parts.next("stock check id")?)?),
            "box" => {
                let first = parts.next("container id")?;
                if parts.rest.is_empty() {
                    Label::Container(ContainerId::Uuid(decode_uuid(first)?))
                } else {
                    Label::Container(ContainerId::Scoped {
                        agency: decode_code(first)?,
                        code: decode_code(parts.next("container code")?)?,
                    })
                }
            }
            _ => {
                let rule = format!("{:?} is not a label kind; use loc, box or chk", kind.text);
                return Err(bad_value(kind.at, kind.element, rule));
            }
        };
        if !parts.rest.is_empty() {
            let rule = "the label has more parts than its kind allows";
            return Err(error(parts.at, ErrorKind::Malformed(rule.into())));
        }
        Ok(label)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tmk:{VERSION}/")?;
        match self {
            Label::Location { depot, location } => write!(f, "loc/{depot}/{location}"),
            Label::Container(ContainerId::Uuid(id)) => write!(f, "box/{}", id.hyphenated()),
            Label::Container(ContainerId::Scoped { agency, code }) => {
                write!(f, "box/{agency}/{code}")
            }
            Label::StockCheck(id) => write!(f, "chk/{}", id.hyphenated()),
        }
    }
}

impl std::str::FromStr for Label {
    type Err = MarkingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Label {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn error(position: usize, kind: ErrorKind) -> MarkingError {
    MarkingError::new(Format::TracemarkLabel, position, kind)
}

fn bad_value(position: usize, element: &str, rule: impl Into<String>) -> MarkingError {
    let kind = ErrorKind::BadValue {
        element: element.into(),
        rule: rule.into(),
    };
    error(position, kind)
}

/// The offset in `body` just after `tmk:` or `https://<host>/tmk/`.
fn path_start(body: &str) -> Result<usize, MarkingError> {
    let tmk = strip_prefix_ci(body, "tmk:");
    if tmk.len() < body.len() {
        return Ok(body.len() - tmk.len());
    }
    let after_scheme = strip_prefix_ci(body, "https://");
    if after_scheme.len() == body.len() {
        let rule = "a Tracemark label starts with tmk: (or https://<host>/tmk/)";
        return Err(error(0, ErrorKind::Malformed(rule.into())));
    }
    let host_at = body.len() - after_scheme.len();
    let host = after_scheme.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(bad_value(host_at, "host", "the host name is missing"));
    }
    let host_ok = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if let Some((i, ch)) = host.char_indices().find(|&(_, c)| !host_ok(c)) {
        let set = "letters, digits, '.', '-', ':' and brackets";
        let kind = ErrorKind::BadCharacter {
            element: "host".into(),
            ch,
            set,
        };
        return Err(error(host_at + i, kind));
    }
    let path_at = host_at + host.len();
    let path = body.get(path_at..).unwrap_or_default();
    let rest = strip_prefix_ci(path, "/tmk/");
    if rest.len() == path.len() {
        let rule = "an https Tracemark label's path starts with /tmk/";
        return Err(error(path_at, ErrorKind::Malformed(rule.into())));
    }
    Ok(path_at + (path.len() - rest.len()))
}

/// One `/`-separated part of the label path: its text, byte offset in the input and
/// what it stands for.
#[derive(Clone, Copy)]
struct Part<'a> {
    at: usize,
    text: &'a str,
    element: &'static str,
}

/// The parts of the label path not yet read.
struct Parts<'a> {
    rest: &'a str,
    at: usize,
}

impl<'a> Parts<'a> {
    fn next(&mut self, element: &'static str) -> Result<Part<'a>, MarkingError> {
        if self.rest.is_empty() {
            return Err(error(self.at, ErrorKind::Truncated(element)));
        }
        let (text, rest) = self.rest.split_once('/').unwrap_or((self.rest, ""));
        let at = self.at;
        if text.is_empty() {
            return Err(bad_value(at, element, "this part is empty"));
        }
        if rest.is_empty() && text.len() < self.rest.len() {
            let kind = ErrorKind::Malformed("the label ends with a '/'".into());
            return Err(error(at + text.len(), kind));
        }
        self.at += self.rest.len() - rest.len();
        self.rest = rest;
        Ok(Part { at, text, element })
    }
}

fn check_version(part: Part<'_>) -> Result<(), MarkingError> {
    let text = part.text;
    let well_formed =
        text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    match text.parse::<u64>().ok().filter(|_| well_formed) {
        Some(VERSION) => Ok(()),
        Some(found) if found > VERSION => {
            let kind = ErrorKind::NewerVersion {
                found,
                supported: VERSION,
            };
            Err(error(part.at, kind))
        }
        _ => {
            let rule = format!("{text:?} is not a label version (1, 2, …)");
            Err(bad_value(part.at, part.element, rule))
        }
    }
}

/// Checks the raw characters of a part, then percent-decodes it to text.
fn decode(part: Part<'_>) -> Result<String, MarkingError> {
    let bytes = part.text.as_bytes();
    for (i, ch) in part.text.char_indices() {
        match ch {
            '%' => {
                let hex = |k| bytes.get(i + k).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(1) && hex(2)) {
                    let rule = "'%' must be followed by two hex digits";
                    return Err(bad_value(part.at + i, part.element, rule));
                }
            }
            c if c.is_ascii_alphanumeric() || RAW_ALLOWED.contains(c) => {}
            c if !c.is_ascii() && !c.is_control() && !c.is_whitespace() => {}
            ch => {
                let set = "letters, digits, -._~ and percent-encoded characters";
                let kind = ErrorKind::BadCharacter {
                    element: part.element.into(),
                    ch,
                    set,
                };
                return Err(error(part.at + i, kind));
            }
        }
    }
    percent_decode_str(part.text)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| error(part.at, ErrorKind::InvalidUtf8))
}

fn decode_code(part: Part<'_>) -> Result<LabelCode, MarkingError> {
    let text = decode(part)?;
    check_code(&text, part.element).map_err(|kind| error(part.at, kind))?;
    Ok(LabelCode(text))
}

fn decode_uuid(part: Part<'_>) -> Result<Uuid, MarkingError> {
    let text = decode(part)?;
    let rule = "expected a UUID (8-4-4-4-12 hex digits)";
    match text.len() {
        32 | 36 => Uuid::try_parse(&text).map_err(|_| bad_value(part.at, part.element, rule)),
        _ => Err(bad_value(part.at, part.element, rule)),
    }
}

fn check_code(text: &str, element: &str) -> Result<(), ErrorKind> {
    if text.is_empty() || text.len() > MAX_CODE_BYTES {
        return Err(ErrorKind::BadLength {
            element: element.into(),
            len: text.len(),
            min: 1,
            max: MAX_CODE_BYTES,
        });
    }
    if let Some(ch) = text.chars().find(|c| c.is_control()) {
        let set = "no control characters";
        let element = element.into();
        return Err(ErrorKind::BadCharacter { element, ch, set });
    }
    if text.trim() != text {
        let rule = "no space at the start or end".into();
        let element = element.into();
        return Err(ErrorKind::BadValue { element, rule });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

    #[test]
    fn reads_and_prints_canonically() {
        #[rustfmt::skip]
        let cases = [
            ("tmk:1/loc/D01/A-3-2", "tmk:1/loc/D01/A-3-2"),
            ("TMK:1/LOC/D01/A-3-2", "tmk:1/loc/D01/A-3-2"),
            (" tmk:1/loc/d01/a~b_c.d \r\n", "tmk:1/loc/d01/a~b_c.d"),
            ("tmk:1/loc/Депо/Р1", "tmk:1/loc/%D0%94%D0%B5%D0%BF%D0%BE/%D0%A01"),
            ("tmk:1/loc/%d0%94/x", "tmk:1/loc/%D0%94/x"),
            ("tmk:1/loc/%2E%2E/.", "tmk:1/loc/%2E%2E/%2E"),
            ("tmk:1/loc/..a/b", "tmk:1/loc/..a/b"),
            ("tmk:1/loc/A%2F12/B%20C", "tmk:1/loc/A%2F12/B%20C"),
            ("tmk:1/loc/a:b@c/(1)", "tmk:1/loc/a%3Ab%40c/%281%29"),
            ("tmk:1/box/67E55044-10B1-426F-9247-BB680E5FE0C8", "tmk:1/box/67e55044-10b1-426f-9247-bb680e5fe0c8"),
            ("tmk:1/box/67e5504410b1426f9247bb680e5fe0c8", "tmk:1/box/67e55044-10b1-426f-9247-bb680e5fe0c8"),
            ("tmk:1/box/MOD-UA/C-000123", "tmk:1/box/MOD-UA/C-000123"),
            ("tmk:1/chk/67e55044-10b1-426f-9247-bb680e5fe0c8", "tmk:1/chk/67e55044-10b1-426f-9247-bb680e5fe0c8"),
            ("https://tracemark.example.org/tmk/1/loc/D1/A", "tmk:1/loc/D1/A"),
            ("HTTPS://example.org:8443/TMK/1/box/A/B", "tmk:1/box/A/B"),
        ];
        for (text, canonical) in cases {
            let label = Label::parse(text);
            assert_eq!(
                label.as_ref().map(ToString::to_string),
                Ok(canonical.into()),
                "{text:?}"
            );
            assert_eq!(Label::parse(canonical), label, "{canonical:?}");
        }
    }

    #[test]
    fn variants() {
        let loc = Label::parse("tmk:1/loc/Депо/A%2F1").unwrap();
        let expected = Label::Location {
            depot: LabelCode::new("Депо").unwrap(),
            location: LabelCode::new("A/1").unwrap(),
        };
        assert_eq!(loc, expected);
        let id = Uuid::try_parse(ID).unwrap();
        assert_eq!(
            Label::parse(&format!("tmk:1/chk/{ID}")),
            Ok(Label::StockCheck(id))
        );
        assert_eq!(
            Label::parse(&format!("tmk:1/box/{ID}")),
            Ok(Label::Container(ContainerId::Uuid(id)))
        );
    }

    #[test]
    fn errors_name_the_position() {
        let long = format!("tmk:1/loc/{}/b", "a".repeat(MAX_LABEL_BYTES));
        let long_code = format!("tmk:1/loc/{}/b", "a".repeat(MAX_CODE_BYTES + 1));
        #[rustfmt::skip]
        let cases = [
            ("", 0),
            ("  \n", 0),
            ("  tmk:1/loc/a/b?x=1", 15),
            ("tmk:1/loc/a/b#top", 13),
            ("label:1/loc/a/b", 0),
            ("http://x.org/tmk/1/loc/a/b", 0),
            ("https:///tmk/1/loc/a/b", 8),
            ("https://me@x.org/tmk/1/loc/a/b", 10),
            ("https://x.org/other/1/loc/a/b", 13),
            ("https://x.org", 13),
            ("tmk:", 4),
            ("tmk:0/loc/a/b", 4),
            ("tmk:01/loc/a/b", 4),
            ("tmk:v1/loc/a/b", 4),
            ("tmk:99999999999999999999/loc/a/b", 4),
            ("tmk:1", 5),
            ("tmk:1/", 5),
            ("tmk:1/xyz/a", 6),
            ("tmk:1/loc/a", 11),
            ("tmk:1/loc/a/", 11),
            ("tmk:1/loc//b", 10),
            ("tmk:1/loc/a/b/c", 14),
            ("tmk:1/loc/a%2/b", 11),
            ("tmk:1/loc/a%zz/b", 11),
            ("tmk:1/loc/a%FF/b", 10),
            ("tmk:1/loc/a b/c", 11),
            ("tmk:1/loc/a/b\"", 13),
            ("tmk:1/loc/%00/b", 10),
            ("tmk:1/loc/%20a/b", 10),
            ("tmk:1/box/not-a-uuid", 10),
            ("tmk:1/chk/A/B", 10),
            ("tmk:1/box/Депо", 10),
            (long_code.as_str(), 10),
            (long.as_str(), 0),
        ];
        for (text, position) in cases {
            let err = Label::parse(text).unwrap_err();
            assert_eq!(err.format, Format::TracemarkLabel);
            assert_eq!(err.position, position, "{text:?}: {err}");
        }
    }

    #[test]
    fn newer_versions_ask_for_an_update() {
        let err = Label::parse("tmk:2/loc/a/b").unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::NewerVersion {
                found: 2,
                supported: 1
            }
        );
        assert_eq!(err.position, 4);
        assert!(
            err.to_string().contains("version 2 is newer than this app"),
            "{err}"
        );
        assert!(err.to_string().contains("update the app"), "{err}");
    }

    #[test]
    fn code_rules() {
        let max = "é".repeat(MAX_CODE_BYTES / 2);
        assert_eq!(
            LabelCode::new(&max).map(|c| c.as_str().len()),
            Ok(MAX_CODE_BYTES)
        );
        for bad in ["", " a", "a ", "a\u{7}b", &format!("{max}x")] {
            assert!(LabelCode::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn serde_uses_the_uri() {
        let label = Label::parse("tmk:1/loc/Депо/1").unwrap();
        let json = serde_json::to_string(&label).unwrap();
        assert_eq!(json, r#""tmk:1/loc/%D0%94%D0%B5%D0%BF%D0%BE/1""#);
        assert_eq!(serde_json::from_str::<Label>(&json).unwrap(), label);
        assert!(serde_json::from_str::<Label>(r#""tmk:2/loc/a/b""#).is_err());
    }

    fn code() -> impl Strategy<Value = LabelCode> {
        prop_oneof![
            "\\PC{1,16}",
            "[./%? #a-zA-Z0-9-]{1,8}",
            "\\.{1,3}",
            "[\u{10000}-\u{10FFFF}]{16}",
        ]
        .prop_filter_map("valid code", |s| LabelCode::new(&s).ok())
    }

    fn label() -> impl Strategy<Value = Label> {
        let id = any::<u128>().prop_map(Uuid::from_u128);
        prop_oneof![
            (code(), code()).prop_map(|(depot, location)| Label::Location { depot, location }),
            id.clone()
                .prop_map(|id| Label::Container(ContainerId::Uuid(id))),
            (code(), code())
                .prop_map(|(agency, code)| Label::Container(ContainerId::Scoped { agency, code })),
            id.prop_map(Label::StockCheck),
        ]
    }

    proptest! {
        #[test]
        fn round_trips(label in label()) {
            let printed = label.to_string();
            prop_assert!(printed.is_ascii());
            prop_assert!(printed.len() <= MAX_LABEL_BYTES);
            prop_assert_eq!(Label::parse(&printed), Ok(label.clone()));
            prop_assert_eq!(Label::parse(&printed.to_uppercase().replacen("TMK:", "tmk:", 1)).is_ok(), true);
        }

        #[test]
        fn never_panics(s in "\\PC{0,120}") {
            let _ = Label::parse(&s);
            let _ = Label::parse(&format!("tmk:1/{s}"));
            let _ = Label::parse(&format!("https://{s}"));
        }

        #[test]
        fn accepted_labels_reprint_stably(s in "(tmk:1/|https://h/tmk/1/)(loc|box|chk)/[a-zA-Z0-9%./:-]{1,12}(/[a-zA-Z0-9%./-]{1,12})?") {
            if let Ok(label) = Label::parse(&s) {
                prop_assert_eq!(Label::parse(&label.to_string()), Ok(label));
            }
        }
    }
}
