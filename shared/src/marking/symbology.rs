//! ISO/IEC 15424 symbology identifiers (`]C1`, `]d2`, `]Q3`, `]e0`…) and the escape
//! forms in which people and readers write control characters (`<GS>`, `\x1d`, ␝).
//!
//! Invariant: a [`SymbologyId`] is always `]`, an ASCII letter and one ASCII
//! alphanumeric modifier.

use std::fmt;

/// A symbology identifier such as `]d2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SymbologyId(String);

impl SymbologyId {
    /// Checks and wraps an identifier.
    pub fn new(id: &str) -> Option<Self> {
        let b = id.as_bytes();
        match b {
            [b']', letter, modifier]
                if letter.is_ascii_alphabetic() && modifier.is_ascii_alphanumeric() =>
            {
                Some(Self(id.to_string()))
            }
            _ => None,
        }
    }

    /// Splits a leading identifier off decoded text.
    pub fn split_prefix(text: &str) -> (Option<Self>, &str) {
        match text.get(..3).and_then(Self::new) {
            Some(id) => (Some(id), text.get(3..).unwrap_or("")),
            None => (None, text),
        }
    }

    /// The identifier text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the symbol carries GS1 element strings (FNC1 in first position).
    pub fn is_gs1(&self) -> bool {
        matches!(
            self.0.as_str(),
            "]C1" | "]e0" | "]d2" | "]d5" | "]Q3" | "]Q4" | "]J1"
        )
    }

    /// Whether the symbol is an EAN/UPC retail code.
    pub fn is_ean_upc(&self) -> bool {
        matches!(self.0.as_str(), "]E0" | "]E3" | "]E4")
    }

    /// Whether the symbol is Interleaved 2 of 5 (ITF-14 on outer cartons).
    pub fn is_itf(&self) -> bool {
        matches!(self.0.as_str(), "]I0" | "]I1")
    }
}

impl fmt::Display for SymbologyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for SymbologyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

const ESCAPES: &[(&str, char)] = &[
    ("<GS>", '\u{1d}'),
    ("<FNC1>", '\u{1d}'),
    ("<RS>", '\u{1e}'),
    ("<EOT>", '\u{04}'),
    ("\\x1d", '\u{1d}'),
    ("\\x1D", '\u{1d}'),
    ("\\x1e", '\u{1e}'),
    ("\\x1E", '\u{1e}'),
    ("\\x04", '\u{04}'),
    ("\u{241d}", '\u{1d}'),
    ("\u{241e}", '\u{1e}'),
    ("\u{2404}", '\u{04}'),
];

/// Turns the written forms of GS, RS and EOT into the control characters themselves.
pub fn unescape_controls(text: &str) -> String {
    if !text.contains(['<', '\\', '\u{241d}', '\u{241e}', '\u{2404}']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(c) = rest.chars().next() {
        for (pattern, control) in ESCAPES {
            if let Some(after) = rest.strip_prefix(pattern) {
                out.push(*control);
                rest = after;
                continue 'outer;
            }
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(
            SymbologyId::split_prefix("]d2010950"),
            (SymbologyId::new("]d2"), "010950")
        );
        assert_eq!(SymbologyId::split_prefix("]]d2"), (None, "]]d2"));
        assert_eq!(SymbologyId::split_prefix("]"), (None, "]"));
        assert!(SymbologyId::new("]Q3").unwrap().is_gs1());
        assert!(!SymbologyId::new("]Q1").unwrap().is_gs1());
        assert!(SymbologyId::new("]E0").unwrap().is_ean_upc());
        assert!(SymbologyId::new("]é1").is_none());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape_controls("[)><RS>06<GS>1TA\\x1eB\u{241d}<EOT>"),
            "[)>\u{1e}06\u{1d}1TA\u{1e}B\u{1d}\u{04}"
        );
        assert_eq!(unescape_controls("a<b>c\\d"), "a<b>c\\d");
        assert_eq!(unescape_controls("ذخيرة<GS>"), "ذخيرة\u{1d}");
    }
}
