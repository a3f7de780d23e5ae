//! The one error type of the marking parsers: what went wrong, where, in which format.
//!
//! Every error names the format that was being read and the byte offset in the input,
//! so the user (and the logs) can tell which part of a scanned code is wrong.

use std::fmt;

/// Which parser produced an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// The input as a whole, before any format was chosen.
    Input,
    /// GS1 element string (FNC1/GS separated or bracketed).
    Gs1,
    /// GS1 Digital Link URI.
    Gs1DigitalLink,
    /// ISO/IEC 15434 envelope.
    Iso15434,
    /// NATO Stock Number.
    Nsn,
    /// DODIC code.
    Dodic,
    /// Tracemark location or container label.
    TracemarkLabel,
    /// Calibre text.
    Calibre,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Input => "marking",
            Format::Gs1 => "GS1 element string",
            Format::Gs1DigitalLink => "GS1 Digital Link",
            Format::Iso15434 => "ISO/IEC 15434 envelope",
            Format::Nsn => "NATO Stock Number",
            Format::Dodic => "DODIC",
            Format::TracemarkLabel => "Tracemark label",
            Format::Calibre => "calibre",
        })
    }
}

/// What exactly is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Nothing to parse.
    #[error("the input is empty")]
    Empty,
    /// Input longer than the parser accepts.
    #[error("the input is {len} bytes long; the limit is {max} bytes")]
    TooLong {
        /// Bytes given.
        len: usize,
        /// Bytes allowed.
        max: usize,
    },
    /// The bytes are not UTF-8 where text is required.
    #[error("the input is not valid UTF-8 text")]
    InvalidUtf8,
    /// A GS1 application identifier that the dictionary does not know.
    #[error("unknown application identifier starting {0:?}")]
    UnknownAi(String),
    /// A value that is too short or too long for its element.
    #[error("{element}: value length {len} is outside {min}..={max}")]
    BadLength {
        /// Element name, e.g. `AI (10)`.
        element: String,
        /// Length found.
        len: usize,
        /// Shortest allowed.
        min: usize,
        /// Longest allowed.
        max: usize,
    },
    /// A character not allowed in the element's character set.
    #[error("{element}: character {ch:?} is not allowed ({set})")]
    BadCharacter {
        /// Element name.
        element: String,
        /// Offending character.
        ch: char,
        /// Description of the allowed set.
        set: &'static str,
    },
    /// A check digit that does not match.
    #[error("{element}: check digit is {found}, expected {expected}")]
    BadCheckDigit {
        /// Element name.
        element: String,
        /// Check character found.
        found: char,
        /// Check character computed.
        expected: char,
    },
    /// A value that breaks a content rule (date, country code, flag…).
    #[error("{element}: {rule}")]
    BadValue {
        /// Element name.
        element: String,
        /// The rule, in words.
        rule: String,
    },
    /// An element present without one it requires.
    #[error("{element} requires {requires}")]
    MissingRequired {
        /// Element name.
        element: String,
        /// The alternatives, in words, e.g. `(01), (02) or (8006)`.
        requires: String,
    },
    /// Two elements that may not appear together.
    #[error("{element} may not appear together with {other}")]
    Excluded {
        /// Element name.
        element: String,
        /// The other element.
        other: String,
    },
    /// The same element given twice with different values.
    #[error("{element} appears twice with different values")]
    Conflict {
        /// Element name.
        element: String,
    },
    /// The input ends before the structure is complete.
    #[error("the input ends too early: {0}")]
    Truncated(&'static str),
    /// A format version newer than this app reads (e.g. a label printed by a later
    /// release): the user should update the app rather than retype the marking.
    #[error(
        "version {found} is newer than this app, which reads up to version {supported}; update the app"
    )]
    NewerVersion {
        /// Version found.
        found: u64,
        /// Newest version this app reads.
        supported: u64,
    },
    /// The structure is wrong in some other way.
    #[error("{0}")]
    Malformed(String),
}

/// A marking that could not be read, with the format and byte offset where it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkingError {
    /// The format being read.
    pub format: Format,
    /// Byte offset in the input where the problem was found.
    pub position: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl MarkingError {
    /// Builds an error.
    pub fn new(format: Format, position: usize, kind: ErrorKind) -> Self {
        Self {
            format,
            position,
            kind,
        }
    }
}

impl fmt::Display for MarkingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at byte {}: {}",
            self.format, self.position, self.kind
        )
    }
}

impl std::error::Error for MarkingError {}

impl serde::Serialize for MarkingError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("MarkingError", 3)?;
        st.serialize_field("format", &self.format)?;
        st.serialize_field("position", &self.position)?;
        st.serialize_field("message", &self.kind.to_string())?;
        st.end()
    }
}
