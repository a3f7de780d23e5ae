//! Headstamp factory codes: the vocabulary supervisors import and devices sync, used to
//! name the manufacturer behind a code read off a cartridge base or a crate stencil.
//!
//! Codes are looked up by a [key](code_key) that ignores case, separators and the
//! circles, brackets and boxes drawn around codes on headstamps, so `⟨17⟩`, `17` and
//! `1-7` find the same entry, and `lc` finds `LC`.
//!
//! Invariant: a [`FactoryVocabulary`] holds at most [`MAX_ENTRIES`] entries, each
//! validated (trimmed, within its field limit, no control characters, a two-letter
//! upper-case country, a code with at least one letter or digit), no two with the same
//! key, each with the version of the list that last set it (never above the
//! vocabulary's own version); its index always matches its entries.

use std::collections::HashMap;
use std::fmt;

use super::calibre::fold_compat;

/// Most entries in one vocabulary or one imported list.
pub const MAX_ENTRIES: usize = 100_000;
/// Longest code, in characters.
pub const MAX_CODE_CHARS: usize = 32;
/// Longest manufacturer name, in characters.
pub const MAX_MANUFACTURER_CHARS: usize = 200;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 1_000;
/// Longest source reference, in characters.
pub const MAX_SOURCE_CHARS: usize = 500;
/// Longest text [`FactoryVocabulary::lookup`] will look at, in bytes.
const MAX_LOOKUP_BYTES: usize = 256;

/// One factory code as imported: the code as marked (any script, e.g. `539`, `LC`,
/// `ППУ`), who made it, where, and where that knowledge comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactoryCode {
    /// The code as it appears on the headstamp or stencil.
    pub code: String,
    /// The manufacturer's name.
    pub manufacturer: String,
    /// ISO 3166 alpha-2 country of the manufacturer (`US`, `RU`; historic codes
    /// such as `SU` are accepted: any two letters A–Z).
    pub country: String,
    /// Free remarks (period of use, ambiguity with other codes…).
    #[serde(default)]
    pub note: Option<String>,
    /// Where the entry comes from (publication, report, case number).
    #[serde(default)]
    pub source: Option<String>,
}

/// A field of a [`FactoryCode`], as named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// [`FactoryCode::code`].
    Code,
    /// [`FactoryCode::manufacturer`].
    Manufacturer,
    /// [`FactoryCode::country`].
    Country,
    /// [`FactoryCode::note`].
    Note,
    /// [`FactoryCode::source`].
    Source,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Code => "code",
            Field::Manufacturer => "manufacturer",
            Field::Country => "country",
            Field::Note => "note",
            Field::Source => "source",
        })
    }
}

/// A problem with one row of an imported list, or with the list as a whole. Rows are
/// numbered from 1 in the order given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VocabularyError {
    /// A required field is empty.
    #[error("row {row}: the {field} is empty; fill it in")]
    Empty {
        /// Row number, from 1.
        row: usize,
        /// The empty field.
        field: Field,
    },
    /// A field longer than its limit.
    #[error("row {row}: the {field} is {len} characters long; the limit is {max}")]
    TooLong {
        /// Row number, from 1.
        row: usize,
        /// The field.
        field: Field,
        /// Characters given.
        len: usize,
        /// Characters allowed.
        max: usize,
    },
    /// A field containing a control character (tab, line break…).
    #[error("row {row}: the {field} contains a control character; remove it")]
    ControlCharacter {
        /// Row number, from 1.
        row: usize,
        /// The field.
        field: Field,
    },
    /// A code made only of separators and decorations.
    #[error("row {row}: the code {code:?} has no letter or digit")]
    CodeWithoutContent {
        /// Row number, from 1.
        row: usize,
        /// The code given.
        code: String,
    },
    /// A country that is not two letters.
    #[error("row {row}: the country {value:?} is not an ISO 3166 alpha-2 code (two letters)")]
    BadCountry {
        /// Row number, from 1.
        row: usize,
        /// The value given.
        value: String,
    },
    /// The same code (by lookup key) twice in one list.
    #[error("row {row}: the code {code:?} was already given in row {first_row}")]
    DuplicateCode {
        /// Row number of the repeat, from 1.
        row: usize,
        /// Row number of the first occurrence.
        first_row: usize,
        /// The code as given in the repeat.
        code: String,
    },
    /// An entry claiming a version newer than the list holding it.
    #[error("row {row}: entry version {entry} is newer than the list's version {list}")]
    EntryNewerThanList {
        /// Row number, from 1.
        row: usize,
        /// The entry's version.
        entry: u64,
        /// The list's version.
        list: u64,
    },
    /// More entries than a vocabulary may hold.
    #[error("{len} entries is more than the limit of {max}; split the list")]
    TooManyEntries {
        /// Entries there would be.
        len: usize,
        /// Entries allowed.
        max: usize,
    },
}

/// Every problem found in an imported list; nothing of the list was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The problems, in row order.
    pub problems: Vec<VocabularyError>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 3;
        write!(
            f,
            "{} problem(s) in the factory code list",
            self.problems.len()
        )?;
        for problem in self.problems.iter().take(SHOWN) {
            write!(f, "; {problem}")?;
        }
        if self.problems.len() > SHOWN {
            write!(f, "; …")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

impl From<VocabularyError> for ImportError {
    fn from(problem: VocabularyError) -> Self {
        Self {
            problems: vec![problem],
        }
    }
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Codes that were new.
    pub added: usize,
    /// Codes whose entry the newer list replaced.
    pub replaced: usize,
    /// Codes where the vocabulary's own entry was as new or newer and stayed.
    pub kept: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    code: FactoryCode,
    version: u64,
}

/// The factory codes known to a device or server, with the version of the newest
/// list merged into it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "WireVocabulary", into = "WireVocabulary")]
pub struct FactoryVocabulary {
    version: u64,
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

/// Serialised form of [`FactoryVocabulary`] — do not change, it is synced to devices.
#[derive(serde::Serialize, serde::Deserialize)]
struct WireVocabulary {
    version: u64,
    entries: Vec<WireEntry>,
}

/// One serialised entry: the code's fields plus the version of the list that set it.
#[derive(serde::Serialize, serde::Deserialize)]
struct WireEntry {
    #[serde(flatten)]
    code: FactoryCode,
    version: u64,
}

impl From<FactoryVocabulary> for WireVocabulary {
    fn from(v: FactoryVocabulary) -> Self {
        Self {
            version: v.version,
            entries: v
                .entries
                .into_iter()
                .map(|e| WireEntry {
                    code: e.code,
                    version: e.version,
                })
                .collect(),
        }
    }
}

impl TryFrom<WireVocabulary> for FactoryVocabulary {
    type Error = ImportError;
    fn try_from(wire: WireVocabulary) -> Result<Self, ImportError> {
        let rows = wire.entries.into_iter().map(|e| (e.code, e.version));
        Self::build(wire.version, rows)
    }
}

impl FactoryVocabulary {
    /// An empty vocabulary at version 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates an imported list given as `version`, reporting every problem with its
    /// row (from 1); on any problem nothing is built.
    pub fn from_rows(version: u64, rows: &[FactoryCode]) -> Result<Self, ImportError> {
        Self::build(version, rows.iter().map(|row| (row.clone(), version)))
    }

    fn build(
        version: u64,
        rows: impl ExactSizeIterator<Item = (FactoryCode, u64)>,
    ) -> Result<Self, ImportError> {
        if rows.len() > MAX_ENTRIES {
            return Err(VocabularyError::TooManyEntries {
                len: rows.len(),
                max: MAX_ENTRIES,
            }
            .into());
        }
        let mut vocabulary = Self {
            version,
            ..Self::default()
        };
        let mut problems = Vec::new();
        for (i, (raw, entry_version)) in rows.enumerate() {
            let row = i + 1;
            if entry_version > version {
                problems.push(VocabularyError::EntryNewerThanList {
                    row,
                    entry: entry_version,
                    list: version,
                });
            }
            let Some((code, key)) = validate(row, &raw, &mut problems) else {
                continue;
            };
            if let Some(&first) = vocabulary.index.get(&key) {
                problems.push(VocabularyError::DuplicateCode {
                    row,
                    first_row: first + 1,
                    code: raw.code,
                });
                continue;
            }
            // Row indices only index `entries` once the list is known to be clean.
            vocabulary.index.insert(key, i);
            vocabulary.entries.push(Entry {
                code,
                version: entry_version,
            });
        }
        if !problems.is_empty() {
            return Err(ImportError { problems });
        }
        Ok(vocabulary)
    }

    /// Merges a list given as `version` into this vocabulary; see [`merge`](Self::merge).
    pub fn import(
        &mut self,
        version: u64,
        rows: &[FactoryCode],
    ) -> Result<MergeSummary, ImportError> {
        let incoming = Self::from_rows(version, rows)?;
        Ok(self.merge(&incoming)?)
    }

    /// Merges another vocabulary into this one, code by code: an entry replaces ours
    /// only when the list that set it is newer than the one that set ours (on a tie
    /// ours stays, so merging the same list twice changes nothing); codes we lack are
    /// added; codes the other lacks are kept. The version becomes the higher of the
    /// two. When the result would exceed [`MAX_ENTRIES`], nothing changes.
    pub fn merge(&mut self, other: &FactoryVocabulary) -> Result<MergeSummary, VocabularyError> {
        let new_codes = other
            .index
            .keys()
            .filter(|key| !self.index.contains_key(*key))
            .count();
        if self.entries.len() + new_codes > MAX_ENTRIES {
            return Err(VocabularyError::TooManyEntries {
                len: self.entries.len() + new_codes,
                max: MAX_ENTRIES,
            });
        }
        let mut summary = MergeSummary::default();
        for entry in &other.entries {
            let key = code_key(&entry.code.code);
            match self.index.get(&key).and_then(|&i| self.entries.get_mut(i)) {
                Some(ours) if entry.version > ours.version => {
                    *ours = entry.clone();
                    summary.replaced += 1;
                }
                Some(_) => summary.kept += 1,
                None => {
                    self.index.insert(key, self.entries.len());
                    self.entries.push(entry.clone());
                    summary.added += 1;
                }
            }
        }
        self.version = self.version.max(other.version);
        Ok(summary)
    }

    /// The entry for a code as read off a marking, compared by [`code_key`].
    pub fn lookup(&self, marked: &str) -> Option<&FactoryCode> {
        if marked.len() > MAX_LOOKUP_BYTES {
            return None;
        }
        let i = *self.index.get(&code_key(marked))?;
        self.entries.get(i).map(|e| &e.code)
    }

    /// The version of the newest list merged in.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The version of the list that last set the entry for `marked`.
    pub fn entry_version(&self, marked: &str) -> Option<u64> {
        let i = *self.index.get(&code_key(marked))?;
        self.entries.get(i).map(|e| e.version)
    }

    /// The entries, in the order they were first added.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = &FactoryCode> {
        self.entries.iter().map(|e| &e.code)
    }

    /// How many codes the vocabulary holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the vocabulary holds no codes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A small demonstration vocabulary (version 1) of widely published headstamp
    /// codes, for the demo data and tests; not an authoritative reference.
    pub fn demo() -> Self {
        const DEMO: &[(&str, &str, &str)] = &[
            ("LC", "Lake City Army Ammunition Plant", "US"),
            ("WCC", "Western Cartridge Company", "US"),
            ("FA", "Frankford Arsenal", "US"),
            ("RG", "Radway Green (Royal Ordnance)", "GB"),
            ("17", "Barnaul Cartridge Plant", "RU"),
            ("539", "Tula Cartridge Works", "RU"),
        ];
        let rows: Vec<FactoryCode> = DEMO
            .iter()
            .map(|&(code, manufacturer, country)| FactoryCode {
                code: code.into(),
                manufacturer: manufacturer.into(),
                country: country.into(),
                note: Some("public reference".into()),
                source: None,
            })
            .collect();
        Self::from_rows(1, &rows).unwrap_or_default()
    }
}

/// The lookup key of a code: compatibility forms folded (full-width, Arabic-Indic
/// digits, circled and parenthesised numbers and letters such as `⑰` or `Ⓛ`), then
/// only letters and digits kept, lower-cased. Separators (`-`, `.`, spaces) and
/// decorations (`⟨⟩`, `()`, `○`, `□`, `★`) vanish. Look-alike letters of different
/// scripts (Latin `C`, Cyrillic `С`) stay different.
pub fn code_key(code: &str) -> String {
    let mut key = String::with_capacity(code.len());
    for ch in code.chars() {
        match enclosed(ch) {
            Some(Enclosed::Number(n)) => key.push_str(&n.to_string()),
            Some(Enclosed::Letter(c)) => key.push(c),
            None => {
                let ch = fold_compat(ch);
                if ch.is_alphanumeric() {
                    key.extend(ch.to_lowercase());
                }
            }
        }
    }
    key
}

enum Enclosed {
    Number(u32),
    Letter(char),
}

/// Enclosed alphanumerics (U+2460–U+24FF) and dingbat circled digits as their
/// number or lower-case letter.
fn enclosed(ch: char) -> Option<Enclosed> {
    // (first code point, last code point, value of the first, letters?)
    const RANGES: &[(u32, u32, u32, bool)] = &[
        (0x2460, 0x2473, 1, false),  // ① … ⑳
        (0x2474, 0x2487, 1, false),  // ⑴ … ⒇
        (0x2488, 0x249B, 1, false),  // ⒈ … ⒛
        (0x249C, 0x24B5, 0, true),   // ⒜ … ⒵
        (0x24B6, 0x24CF, 0, true),   // Ⓐ … Ⓩ
        (0x24D0, 0x24E9, 0, true),   // ⓐ … ⓩ
        (0x24EA, 0x24EA, 0, false),  // ⓪
        (0x24EB, 0x24F4, 11, false), // ⓫ … ⓴
        (0x24F5, 0x24FE, 1, false),  // ⓵ … ⓾
        (0x24FF, 0x24FF, 0, false),  // ⓿
        (0x2776, 0x277F, 1, false),  // ❶ … ❿
        (0x2780, 0x2789, 1, false),  // ➀ … ➉
        (0x278A, 0x2793, 1, false),  // ➊ … ➓
    ];
    let code = u32::from(ch);
    let &(first, _, base, letters) = RANGES
        .iter()
        .find(|&&(first, last, _, _)| (first..=last).contains(&code))?;
    let value = base + (code - first);
    if letters {
        char::from_u32(u32::from(b'a') + value).map(Enclosed::Letter)
    } else {
        Some(Enclosed::Number(value))
    }
}

/// Validates one row; pushes its problems and returns the cleaned entry and its key
/// when it has none.
fn validate(
    row: usize,
    raw: &FactoryCode,
    problems: &mut Vec<VocabularyError>,
) -> Option<(FactoryCode, String)> {
    let before = problems.len();
    let mut text = |field, value: &str, max| clean(row, field, value, max, problems);
    let code = text(Field::Code, &raw.code, MAX_CODE_CHARS);
    let manufacturer = text(
        Field::Manufacturer,
        &raw.manufacturer,
        MAX_MANUFACTURER_CHARS,
    );
    let note = text(
        Field::Note,
        raw.note.as_deref().unwrap_or_default(),
        MAX_NOTE_CHARS,
    );
    let source = text(
        Field::Source,
        raw.source.as_deref().unwrap_or_default(),
        MAX_SOURCE_CHARS,
    );
    for (field, value) in [(Field::Code, &code), (Field::Manufacturer, &manufacturer)] {
        if value.as_deref().is_some_and(str::is_empty) {
            problems.push(VocabularyError::Empty { row, field });
        }
    }
    let country = raw.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        problems.push(VocabularyError::BadCountry {
            row,
            value: raw.country.clone(),
        });
    }
    let key = code.as_deref().map(code_key).unwrap_or_default();
    if code.as_deref().is_some_and(|c| !c.is_empty()) && key.is_empty() {
        problems.push(VocabularyError::CodeWithoutContent {
            row,
            code: raw.code.clone(),
        });
    }
    if problems.len() > before {
        return None;
    }
    let optional = |value: Option<String>| value.filter(|v| !v.is_empty());
    let entry = FactoryCode {
        code: code?,
        manufacturer: manufacturer?,
        country,
        note: optional(note),
        source: optional(source),
    };
    Some((entry, key))
}

/// Trims a field and checks its length and characters; `None` after pushing a problem.
fn clean(
    row: usize,
    field: Field,
    value: &str,
    max: usize,
    problems: &mut Vec<VocabularyError>,
) -> Option<String> {
    let value = value.trim();
    let len = value.chars().count();
    if len > max {
        problems.push(VocabularyError::TooLong {
            row,
            field,
            len,
            max,
        });
        return None;
    }
    if value.chars().any(char::is_control) {
        problems.push(VocabularyError::ControlCharacter { row, field });
        return None;
    }
    Some(value.to_owned())
}

#[cfg(test)]
#[path = "factory/tests.rs"]
mod tests;
