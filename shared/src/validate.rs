//! Validation of domain records: the limits every record must respect and the errors
//! that explain, field by field, what a user has to fix.
//!
//! Invariant: validation never stops at the first problem. A [`Validator`] collects
//! every broken rule with the path of its field (`items[2].lot.calibre`), and a
//! [`ValidationErrors`] value always holds at least one error.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;

/// Longest one-line text (names, titles, calibres, places), in Unicode characters.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
/// Longest free text (notes, descriptions, concealment), in Unicode characters.
pub const LONG_TEXT_MAX_CHARS: usize = 4000;
/// Longest code (depot, location and user names typed as codes), in Unicode characters.
pub const CODE_MAX_CHARS: usize = 64;
/// Longest decoded marking (a barcode's text), in Unicode characters.
pub const MARKING_MAX_CHARS: usize = 4000;
/// Most seized items in one seizure case.
pub const MAX_ITEMS_PER_CASE: usize = 1000;
/// Most parties named in one seizure case.
pub const MAX_PARTIES_PER_CASE: usize = 100;
/// Most transit places in one route.
pub const MAX_TRANSIT_PLACES: usize = 50;
/// Most decoded markings kept for one seized item.
pub const MAX_MARKINGS_PER_ITEM: usize = 100;
/// Most photos attached to one line (count line or seized item).
pub const MAX_PHOTOS_PER_LINE: usize = 100;
/// Largest photo accepted, in bytes (40 MiB; a 50 MP camera JPEG is about 25 MB): the one
/// limit of the device's store, the capture pipeline, the device plugin and the server's
/// default, so that a photo kept on a device can always be sent.
pub const MAX_PHOTO_BYTES: u64 = 40 * 1024 * 1024;
/// Largest quantity on any line (rounds, boxes, crates or pieces).
pub const MAX_QUANTITY: u64 = 1_000_000_000;
/// Most partner agencies a record can be shared with.
pub const MAX_PARTNER_AGENCIES: usize = 100;
/// Most users one stock check can be assigned to.
pub const MAX_ASSIGNEES: usize = 100;
/// Most lines in one transfer record.
pub const MAX_TRANSFER_LINES: usize = 1000;
/// Largest number of victims in one cell of a victim count.
pub const MAX_VICTIMS_PER_CELL: u32 = 1_000_000;
/// Earliest production year accepted on a lot.
pub const MIN_LOT_YEAR: u16 = 1850;
/// Latest production year accepted on a lot.
pub const MAX_LOT_YEAR: u16 = 2100;
/// Earliest year for the date of a seizure or transfer.
pub const MIN_RECORD_YEAR: i32 = 1900;
/// Latest year for the date of a seizure or transfer.
pub const MAX_RECORD_YEAR: i32 = 2100;
/// Worst GPS accuracy worth recording, in metres.
pub const MAX_GPS_ACCURACY_M: u32 = 100_000;

/// A rule that a field breaks. Its `Display` completes a sentence that starts with the
/// field's path: `items[2].quantity: must be between 1 and 1000000000`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Rule {
    /// The field is missing, empty or only whitespace.
    Required,
    /// The text is longer than allowed.
    TooLong {
        /// Most Unicode characters allowed.
        max_chars: usize,
    },
    /// The list has more entries than allowed.
    TooMany {
        /// Most entries allowed.
        max: usize,
    },
    /// The list has fewer entries than needed.
    TooFew {
        /// Fewest entries needed.
        min: usize,
    },
    /// The number is outside the allowed range (bounds included).
    OutOfRange {
        /// Smallest value allowed.
        min: i64,
        /// Largest value allowed.
        max: i64,
    },
    /// The value does not have the expected shape.
    Format {
        /// What is expected, completing "must be …", e.g. "a two-letter country code".
        expected: Cow<'static, str>,
    },
    /// The text contains a control character that is not allowed here.
    ControlCharacter {
        /// Whether line breaks and tabs are allowed in this field.
        multiline: bool,
    },
    /// The same value appears more than once where each must be unique.
    Duplicate,
    /// The value comes before another field's value, which it must not.
    NotBefore {
        /// Path of the other field.
        other: String,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::TooLong { max_chars } => write!(f, "must be at most {max_chars} characters"),
            Rule::TooMany { max } => write!(f, "must have at most {max} entries"),
            Rule::TooFew { min } => write!(f, "must have at least {min} entries"),
            Rule::OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
            Rule::Format { expected } => write!(f, "must be {expected}"),
            Rule::ControlCharacter { multiline: true } => f.write_str(
                "must not contain control characters (only line breaks and tabs are allowed)",
            ),
            Rule::ControlCharacter { multiline: false } => {
                f.write_str("must not contain control characters, line breaks or tabs")
            }
            Rule::Duplicate => f.write_str("is given more than once"),
            Rule::NotBefore { other } => write!(f, "must not be before {other}"),
        }
    }
}

/// One broken rule and the path of the field that breaks it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(deny_unknown_fields)]
#[error("{field}: {rule}")]
pub struct ValidationError {
    /// Path of the field, e.g. `items[2].lot.calibre`.
    pub field: String,
    /// What is wrong with it.
    pub rule: Rule,
}

/// Every problem found in one record; never empty.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// The errors, in the order the fields were checked.
    pub fn errors(&self) -> &[ValidationError] {
        &self.0
    }

    /// How many errors there are (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false; present because `len` is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether some error concerns exactly `field`.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The errors, owned.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.0
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A record or part of a record that can check its own fields.
pub trait Validate {
    /// Reports every broken rule into `v`, with field names relative to this value.
    fn check(&self, v: &mut Validator);

    /// Checks the value as a whole record: all errors, or nothing.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut v = Validator::new();
        self.check(&mut v);
        v.finish()
    }
}

/// The kinds of text field, each with its length limit and allowed control characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A short identifier typed or scanned: one line, [`CODE_MAX_CHARS`].
    Code,
    /// A name, title, calibre or place: one line, [`SHORT_TEXT_MAX_CHARS`].
    Short,
    /// Free text: line breaks and tabs allowed, [`LONG_TEXT_MAX_CHARS`].
    Long,
    /// A barcode's decoded text: keeps the ASCII separators (EOT, FS, GS, RS, US) that
    /// GS1 and ISO/IEC 15434 data use, [`MARKING_MAX_CHARS`].
    Marking,
}

impl TextKind {
    /// Most Unicode characters allowed.
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::Code => CODE_MAX_CHARS,
            TextKind::Short => SHORT_TEXT_MAX_CHARS,
            TextKind::Long => LONG_TEXT_MAX_CHARS,
            TextKind::Marking => MARKING_MAX_CHARS,
        }
    }

    /// Whether `ch` is allowed; only control characters are ever refused, so any
    /// script (Cyrillic, Arabic, Chinese…) and any format character pass.
    pub fn allows(self, ch: char) -> bool {
        if !ch.is_control() {
            return true;
        }
        match self {
            TextKind::Code | TextKind::Short => false,
            // A CR is accepted as part of a Windows line break pasted on the desktop.
            TextKind::Long => matches!(ch, '\n' | '\r' | '\t'),
            TextKind::Marking => matches!(ch, '\u{04}' | '\u{1C}'..='\u{1F}'),
        }
    }
}

/// A number that can be checked against a range reported as whole numbers.
pub trait Bound: Copy + PartialOrd {
    /// The value as a whole number for reporting (bounds are always whole numbers).
    fn report(self) -> i64;
}

macro_rules! impl_bound {
    ($($t:ty),+) => {$(
        impl Bound for $t {
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap,
                reason = "only limits are reported, and they fit in i64")]
            fn report(self) -> i64 {
                self as i64
            }
        }
    )+};
}
impl_bound!(u16, u32, u64, i32, f32, f64);

/// Collects validation errors while walking a record; keeps the path of the part being
/// checked so nested fields are reported as `items[2].lot.calibre`.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<ValidationError>,
    path: String,
}

impl Validator {
    /// A validator with no errors, at the root of a record.
    pub fn new() -> Self {
        Self::default()
    }

    /// The full path of `field` under the current position.
    fn path_of(&self, field: &str) -> String {
        // An index (`[2]`) attaches to the list's name without a dot.
        if self.path.is_empty() || field.is_empty() || field.starts_with('[') {
            format!("{}{field}", self.path)
        } else {
            format!("{}.{field}", self.path)
        }
    }

    /// Records that `field` breaks `rule`.
    pub fn report(&mut self, field: &str, rule: Rule) {
        let field = self.path_of(field);
        self.errors.push(ValidationError { field, rule });
    }

    /// Runs `f` with the position moved into `segment` (a field name, or `name[i]`).
    pub fn within(&mut self, segment: &str, f: impl FnOnce(&mut Self)) {
        let saved = self.path.len();
        self.path = self.path_of(segment);
        f(self);
        self.path.truncate(saved);
    }

    /// Checks a nested value under `field`.
    pub fn nested(&mut self, field: &str, value: &impl Validate) {
        self.within(field, |v| value.check(v));
    }

    /// Checks an optional nested value under `field` when present.
    pub fn nested_opt(&mut self, field: &str, value: Option<&impl Validate>) {
        if let Some(value) = value {
            self.nested(field, value);
        }
    }

    /// Checks a list's length against `max` and each entry under `field[i]`.
    pub fn list<T: Validate>(&mut self, field: &str, items: &[T], max: usize) {
        self.count(field, items.len(), 0, max);
        self.each(field, items);
    }

    /// Checks each entry of a list under `field[i]`.
    pub fn each<T: Validate>(&mut self, field: &str, items: &[T]) {
        for (i, item) in items.iter().enumerate() {
            self.nested(&format!("{field}[{i}]"), item);
        }
    }

    /// Checks that a list has between `min` and `max` entries.
    pub fn count(&mut self, field: &str, len: usize, min: usize, max: usize) {
        if len > max {
            self.report(field, Rule::TooMany { max });
        } else if len < min {
            let rule = if min == 1 && len == 0 {
                Rule::Required
            } else {
                Rule::TooFew { min }
            };
            self.report(field, rule);
        }
    }

    /// Checks a required text: not blank, within the kind's length, allowed characters.
    pub fn text(&mut self, field: &str, value: &str, kind: TextKind) {
        if value.trim().is_empty() {
            self.report(field, Rule::Required);
        } else {
            self.text_content(field, value, kind);
        }
    }

    /// Checks an optional text when present; present but blank is refused, because
    /// the app stores an absent value as `None`.
    pub fn opt_text(&mut self, field: &str, value: Option<&str>, kind: TextKind) {
        if let Some(value) = value {
            self.text(field, value, kind);
        }
    }

    /// Checks a list of required texts: at most `max`, each as [`Validator::text`].
    pub fn texts(&mut self, field: &str, values: &[String], kind: TextKind, max: usize) {
        self.count(field, values.len(), 0, max);
        for (i, value) in values.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), value, kind);
        }
    }

    fn text_content(&mut self, field: &str, value: &str, kind: TextKind) {
        let max_chars = kind.max_chars();
        // Count at most one past the limit so a hostile megabyte costs nothing extra.
        if value.chars().take(max_chars.saturating_add(1)).count() > max_chars {
            self.report(field, Rule::TooLong { max_chars });
        }
        if !value.chars().all(|ch| kind.allows(ch)) {
            let multiline = kind == TextKind::Long;
            self.report(field, Rule::ControlCharacter { multiline });
        }
    }

    /// Checks `min <= value <= max`; a NaN is out of every range.
    pub fn range<T: Bound>(&mut self, field: &str, value: T, min: T, max: T) {
        if !(value >= min && value <= max) {
            self.report(
                field,
                Rule::OutOfRange {
                    min: min.report(),
                    max: max.report(),
                },
            );
        }
    }

    /// Reports `field[i]` as a duplicate for every key already seen earlier in the list.
    pub fn unique<K: Eq + Hash>(&mut self, field: &str, keys: impl IntoIterator<Item = K>) {
        let mut seen = HashSet::new();
        for (i, key) in keys.into_iter().enumerate() {
            if !seen.insert(key) {
                self.report(&format!("{field}[{i}]"), Rule::Duplicate);
            }
        }
    }

    /// Whether any error was reported so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// All errors, or `Ok` when there are none.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(f: impl FnOnce(&mut Validator)) -> Vec<String> {
        let mut v = Validator::new();
        f(&mut v);
        v.finish()
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default()
    }

    macro_rules! text_cases {
        ($($name:ident: $kind:ident, $value:expr => $expected:expr;)+) => {$(
            #[test]
            fn $name() {
                let got = errors_of(|v| v.text("f", $value, TextKind::$kind));
                let expected: &[&str] = $expected;
                assert_eq!(got, expected, "{:?}", $value);
            }
        )+};
    }

    text_cases! {
        cyrillic_calibre: Short, "7,62×39 мм" => &[];
        arabic_word: Short, "ذخيرة" => &[];
        chinese_word: Short, "弹药" => &[];
        arabic_with_rtl_mark: Short, "\u{200F}ذخيرة 7.62" => &[];
        emoji_counts_as_text: Short, "📦" => &[];
        empty_is_required: Short, "" => &["f: is required"];
        spaces_are_blank: Short, "   " => &["f: is required"];
        ideographic_space_is_blank: Short, "\u{3000}\t" => &["f: is required"];
        newline_in_short: Short, "a\nb" =>
            &["f: must not contain control characters, line breaks or tabs"];
        newline_in_long: Long, "line one\nline two\r\n\tindented" => &[];
        nul_in_long: Long, "a\0b" =>
            &["f: must not contain control characters (only line breaks and tabs are allowed)"];
        escape_in_long: Long, "a\u{1B}[31m" =>
            &["f: must not contain control characters (only line breaks and tabs are allowed)"];
        c1_control_in_long: Long, "a\u{85}b" =>
            &["f: must not contain control characters (only line breaks and tabs are allowed)"];
        gs1_separators_in_marking: Marking, "\u{1D}0105012345678900\u{1D}10ABC" => &[];
        iso15434_envelope_in_marking: Marking, "[)>\u{1E}06\u{1D}1TLOT7\u{1E}\u{04}" => &[];
        nul_in_marking: Marking, "10ABC\0" =>
            &["f: must not contain control characters, line breaks or tabs"];
        code_at_limit: Code, &"Ж".repeat(CODE_MAX_CHARS) => &[];
        code_over_limit: Code, &"Ж".repeat(CODE_MAX_CHARS + 1) =>
            &["f: must be at most 64 characters"];
        short_at_limit_in_chinese: Short, &"弹".repeat(SHORT_TEXT_MAX_CHARS) => &[];
        short_over_limit: Short, &"ذ".repeat(SHORT_TEXT_MAX_CHARS + 1) =>
            &["f: must be at most 200 characters"];
        long_at_limit: Long, &"я".repeat(LONG_TEXT_MAX_CHARS) => &[];
        long_over_limit_and_control: Long, &format!("{}\0", "я".repeat(LONG_TEXT_MAX_CHARS)) => &[
            "f: must be at most 4000 characters",
            "f: must not contain control characters (only line breaks and tabs are allowed)",
        ];
    }

    #[test]
    fn paths_nest_and_unwind() {
        let got = errors_of(|v| {
            v.within("items[2]", |v| {
                v.within("lot", |v| v.text("calibre", "", TextKind::Short));
                v.range("quantity", 0u64, 1, MAX_QUANTITY);
            });
            v.report("reference", Rule::Duplicate);
            v.within("victims", |v| v.unique("", [1, 1]));
        });
        assert_eq!(
            got,
            [
                "items[2].lot.calibre: is required",
                "items[2].quantity: must be between 1 and 1000000000",
                "reference: is given more than once",
                "victims[1]: is given more than once",
            ]
        );
    }

    #[test]
    fn ranges_refuse_nan_and_report_whole_bounds() {
        let got = errors_of(|v| {
            v.range("lat", f64::NAN, -90.0, 90.0);
            v.range("lon", 180.0, -180.0, 180.0);
            v.range("acc", -0.5f32, 0.0, 10.0);
        });
        assert_eq!(
            got,
            [
                "lat: must be between -90 and 90",
                "acc: must be between 0 and 10"
            ]
        );
    }

    #[test]
    fn counts_and_duplicates() {
        let got = errors_of(|v| {
            v.count("a", 0, 1, 5);
            v.count("b", 1, 2, 5);
            v.count("c", 6, 0, 5);
            v.unique("d", [1, 2, 1, 3, 2]);
            v.texts("e", &["x".into(), " ".into()], TextKind::Short, 1);
        });
        assert_eq!(
            got,
            [
                "a: is required",
                "b: must have at least 2 entries",
                "c: must have at most 5 entries",
                "d[2]: is given more than once",
                "d[4]: is given more than once",
                "e: must have at most 1 entries",
                "e[1]: is required",
            ]
        );
    }

    #[test]
    fn errors_serialise_for_the_api() {
        let mut v = Validator::new();
        v.report("items[0].lot.lot", Rule::TooLong { max_chars: 200 });
        v.report(
            "country",
            Rule::Format {
                expected: "a two-letter country code".into(),
            },
        );
        let errors = v.finish().unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(!errors.is_empty());
        assert!(errors.has("country"));
        let json = serde_json::to_string(&errors).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"[{"field":"items[0].lot.lot","rule":{"rule":"too_long","max_chars":200}},"#,
                r#"{"field":"country","rule":{"rule":"format","expected":"a two-letter country code"}}]"#,
            )
        );
        let back: Vec<ValidationError> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, errors.into_vec());
    }
}
