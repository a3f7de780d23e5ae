//! The GS1 application identifier table, read from the GS1 Barcode Syntax Dictionary
//! text vendored in `shared/gs1/` (never hand-copied), once per process.
//!
//! Invariant: every [`AiSpec`] in the table came from one dictionary line; a line
//! that cannot be understood makes [`Dictionary::parse`] fail, so an updated
//! dictionary with new syntax is caught by the tests instead of being half-read.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The vendored dictionary text (GS1 AISBL, Apache License 2.0; see `gs1/`).
pub const DICTIONARY_TEXT: &str = include_str!("../../../gs1/gs1-syntax-dictionary.txt");

/// Character set of one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// Digits only.
    Numeric,
    /// GS1 AI encodable character set 82.
    Cset82,
    /// GS1 AI encodable character set 39.
    Cset39,
    /// Base64url (file-safe) characters, with `=` padding.
    Cset64,
}

impl Charset {
    /// Whether `c` belongs to the set.
    pub fn allows(self, c: char) -> bool {
        match self {
            Charset::Numeric => c.is_ascii_digit(),
            Charset::Cset82 => CSET82.contains(c),
            Charset::Cset39 => c.is_ascii_digit() || c.is_ascii_uppercase() || "#-/".contains(c),
            Charset::Cset64 => c.is_ascii_alphanumeric() || "-_=".contains(c),
        }
    }

    /// The set in words, for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Charset::Numeric => "digits only",
            Charset::Cset82 => "GS1 character set 82",
            Charset::Cset39 => "GS1 character set 39",
            Charset::Cset64 => "base64url characters",
        }
    }
}

/// GS1 AI encodable character set 82, in the order the check-character pair uses.
pub const CSET82: &str =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// One component of an AI's data field, e.g. `N6,yymmd0` or `[X..17]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Allowed characters.
    pub charset: Charset,
    /// Shortest length (equal to `max` for fixed-length components).
    pub min: usize,
    /// Longest length.
    pub max: usize,
    /// Whether the component may be left out once the data is exhausted.
    pub optional: bool,
    /// Names of the content checks (`csum`, `yymmd0`, …) applied to the component.
    pub linters: Vec<String>,
}

/// A pattern in a `req`/`ex` attribute: digits, with `n` matching any digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiPattern(pub String);

impl AiPattern {
    /// Whether an AI matches the pattern.
    pub fn matches(&self, ai: &str) -> bool {
        self.0.len() == ai.len()
            && self
                .0
                .bytes()
                .zip(ai.bytes())
                .all(|(p, a)| p == a || (p == b'n' && a.is_ascii_digit()))
    }
}

/// One application identifier as the dictionary describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiSpec {
    /// The AI digits, e.g. `01` or `3103`.
    pub ai: String,
    /// Pre-defined length: no FNC1 separator is needed after the value.
    pub predefined_length: bool,
    /// May appear as a GS1 Digital Link data attribute (query parameter).
    pub dl_attribute: bool,
    /// The data field, component by component.
    pub components: Vec<Component>,
    /// `req` attributes: each is a list of alternatives, each alternative a set of
    /// patterns that must all be present.
    pub requires: Vec<Vec<Vec<AiPattern>>>,
    /// `ex` patterns: AIs that may not appear together with this one.
    pub excludes: Vec<AiPattern>,
    /// Digital Link primary key qualifier sequences, when the AI is a primary key.
    pub dl_primary_key: Option<Vec<Vec<String>>>,
    /// Short title, e.g. `BATCH/LOT`.
    pub title: String,
}

impl AiSpec {
    /// Shortest total value length.
    pub fn min_len(&self) -> usize {
        self.components
            .iter()
            .filter(|c| !c.optional)
            .map(|c| c.min)
            .sum()
    }

    /// Longest total value length.
    pub fn max_len(&self) -> usize {
        self.components.iter().map(|c| c.max).sum()
    }
}

/// A dictionary line that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("GS1 syntax dictionary line {line}: {message}")]
pub struct DictionaryError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The parsed table of application identifiers.
#[derive(Debug, Clone)]
pub struct Dictionary {
    by_ai: HashMap<String, AiSpec>,
}

impl Dictionary {
    /// The table from the vendored dictionary, parsed on first use.
    ///
    /// The vendored text is tested to parse, so an error here means a corrupted build.
    pub fn get() -> &'static Dictionary {
        static TABLE: OnceLock<Dictionary> = OnceLock::new();
        TABLE.get_or_init(|| {
            Dictionary::parse(DICTIONARY_TEXT).unwrap_or_else(|_| Dictionary {
                by_ai: HashMap::new(),
            })
        })
    }

    /// Parses dictionary text.
    pub fn parse(text: &str) -> Result<Self, DictionaryError> {
        let mut by_ai = HashMap::new();
        for (idx, raw) in text.lines().enumerate() {
            let line = idx + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            for spec in parse_line(trimmed).map_err(|message| DictionaryError { line, message })? {
                if by_ai.insert(spec.ai.clone(), spec).is_some() {
                    return Err(DictionaryError {
                        line,
                        message: "an AI is defined twice".into(),
                    });
                }
            }
        }
        Ok(Self { by_ai })
    }

    /// Looks up one AI.
    pub fn spec(&self, ai: &str) -> Option<&AiSpec> {
        self.by_ai.get(ai)
    }

    /// Finds the AI that starts `data`: AIs are prefix-free, so at most one of the
    /// 2-, 3- and 4-digit prefixes is in the table.
    pub fn match_prefix(&self, data: &str) -> Option<&AiSpec> {
        (2..=4).find_map(|n| data.get(..n).and_then(|p| self.by_ai.get(p)))
    }

    /// Number of AIs in the table.
    pub fn len(&self) -> usize {
        self.by_ai.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_ai.is_empty()
    }

    /// Every AI in the table, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &AiSpec> {
        self.by_ai.values()
    }
}

const FLAG_CHARS: &str = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~";

fn parse_line(line: &str) -> Result<Vec<AiSpec>, String> {
    let (body, title) = match line.split_once('#') {
        Some((b, t)) => (b, t.trim().to_string()),
        None => (line, String::new()),
    };
    let mut tokens = body.split_whitespace().peekable();
    let ais = tokens.next().ok_or("no AI")?;
    let flags = match tokens.peek() {
        Some(t) if t.chars().all(|c| FLAG_CHARS.contains(c)) => tokens.next().unwrap_or(""),
        _ => "",
    };
    let mut components = Vec::new();
    let mut requires = Vec::new();
    let mut excludes = Vec::new();
    let mut dl_primary_key = None;
    for token in tokens {
        if let Some(v) = token.strip_prefix("req=") {
            requires.push(
                v.split(',')
                    .map(|alt| alt.split('+').map(|p| AiPattern(p.to_string())).collect())
                    .collect(),
            );
        } else if let Some(v) = token.strip_prefix("ex=") {
            excludes.extend(v.split(',').map(|p| AiPattern(p.to_string())));
        } else if token == "dlpkey" {
            dl_primary_key = Some(Vec::new());
        } else if let Some(v) = token.strip_prefix("dlpkey=") {
            dl_primary_key = Some(
                v.split('|')
                    .map(|seq| seq.split(',').map(str::to_string).collect())
                    .collect(),
            );
        } else {
            components.push(parse_component(token)?);
        }
    }
    if components.is_empty() {
        return Err("no data field specification".into());
    }
    let (first, last) = match ais.split_once('-') {
        Some((a, b)) => (a, b),
        None => (ais, ais),
    };
    let width = first.len();
    let (lo, hi) = (
        first
            .parse::<u32>()
            .map_err(|_| format!("bad AI {first:?}"))?,
        last.parse::<u32>()
            .map_err(|_| format!("bad AI {last:?}"))?,
    );
    if !(2..=4).contains(&width) || last.len() != width || hi < lo {
        return Err(format!("bad AI range {ais:?}"));
    }
    Ok((lo..=hi)
        .map(|n| AiSpec {
            ai: format!("{n:0width$}"),
            predefined_length: flags.contains('*'),
            dl_attribute: flags.contains('?'),
            components: components.clone(),
            requires: requires.clone(),
            excludes: excludes.clone(),
            dl_primary_key: dl_primary_key.clone(),
            title: title.clone(),
        })
        .collect())
}

/// Parses `N6,yymmd0`, `X..20`, `[N3],iso3166` or `[X..17]`.
fn parse_component(token: &str) -> Result<Component, String> {
    let (kind, linters) = match token.find(',') {
        Some(i) => (
            token.get(..i).unwrap_or(token),
            token.get(i + 1..).unwrap_or(""),
        ),
        None => (token, ""),
    };
    let (optional, kind) = match kind.strip_prefix('[') {
        Some(inner) => (
            true,
            inner
                .strip_suffix(']')
                .ok_or_else(|| format!("unclosed [ in {token:?}"))?,
        ),
        None => (false, kind),
    };
    let mut chars = kind.chars();
    let charset = match chars.next() {
        Some('N') => Charset::Numeric,
        Some('X') => Charset::Cset82,
        Some('Y') => Charset::Cset39,
        Some('Z') => Charset::Cset64,
        _ => return Err(format!("unknown component type in {token:?}")),
    };
    let len = chars.as_str();
    let (min, max) = match len.strip_prefix("..") {
        Some(m) => (
            1,
            m.parse().map_err(|_| format!("bad length in {token:?}"))?,
        ),
        None => {
            let n = len
                .parse()
                .map_err(|_| format!("bad length in {token:?}"))?;
            (n, n)
        }
    };
    Ok(Component {
        charset,
        min,
        max,
        optional,
        linters: linters
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_dictionary_keeps_its_licence() {
        // The dictionary is redistributed under Apache-2.0: its licence travels with it.
        let licence = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/gs1/gs1-syntax-dictionary.LICENSE"
        ))
        .unwrap();
        assert!(licence.contains("Apache License"), "licence text missing");
        assert!(DICTIONARY_TEXT.contains("GS1"), "dictionary text missing");
    }

    #[test]
    fn whole_dictionary_parses() {
        let dict = Dictionary::parse(DICTIONARY_TEXT).unwrap();
        assert!(dict.len() > 500, "only {} AIs", dict.len());
        assert_eq!(Dictionary::get().len(), dict.len());
    }

    #[test]
    fn well_known_entries() {
        let d = Dictionary::get();
        let gtin = d.spec("01").unwrap();
        assert!(gtin.predefined_length && gtin.dl_attribute);
        assert_eq!(gtin.components[0].linters, ["csum", "gcppos2"]);
        assert_eq!((gtin.min_len(), gtin.max_len()), (14, 14));
        assert_eq!(
            gtin.dl_primary_key,
            Some(vec![
                vec!["22".into(), "10".into(), "21".into()],
                vec!["235".into()]
            ])
        );
        let lot = d.spec("10").unwrap();
        assert!(!lot.predefined_length);
        assert_eq!((lot.min_len(), lot.max_len()), (1, 20));
        assert_eq!(lot.title, "BATCH/LOT");
        let weight = d.spec("3103").unwrap();
        assert!(weight.excludes.iter().any(|p| p.matches("3102")));
        let gdti = d.spec("253").unwrap();
        assert_eq!((gdti.min_len(), gdti.max_len()), (13, 30));
        assert_eq!(d.spec("99").unwrap().title, "INTERNAL");
        let req = &d.spec("250").unwrap().requires[0];
        assert_eq!(req[0].len(), 2, "01+21 is one alternative of two AIs");
        assert_eq!(d.match_prefix("0112345").unwrap().ai, "01");
        assert_eq!(d.match_prefix("3103000123").unwrap().ai, "3103");
        assert!(d.match_prefix("2").is_none());
    }

    #[test]
    fn bad_lines_are_refused_with_their_line() {
        for bad in ["01 * Q14", "0x N4", "10 [X..20", "7-3 N1", "12"] {
            let err = Dictionary::parse(&format!("# c\n{bad}\n")).unwrap_err();
            assert_eq!(err.line, 2, "{bad}");
        }
    }
}
