//! Calibre text: the many spellings officers type from headstamps and box labels
//! (`7,62×39 mm`, `7.62X39MM`, `7,62х39`, `.50 BMG`, `12 ga`…) read into one value.
//!
//! Canonical form (what [`Calibre`]'s `Display` prints), ASCII only so that it can be
//! typed on any keyboard, searched in any database and exported to any file:
//! - metric: `<bore>[x<case>]mm[<rim>][ <designation>]`, e.g. `7.62x39mm`,
//!   `7.62x54mmR`, `5.56x45mm NATO`, `9mm Luger`, `82mm mortar`;
//! - inch: `.<digits>[-<digits>][ <designation>]`, e.g. `.223 Remington`, `.50 BMG`,
//!   `.30-06 Springfield`;
//! - shotgun: `<gauge> gauge` or `<gauge>/<chamber mm>`, e.g. `12 gauge`, `12/70`.
//!
//! Numbers print without trailing zeros (`7.60` becomes `7.6`), designation words in
//! the spelling of [`DESIGNATIONS`] (`Rem` becomes `Remington`).
//!
//! Invariant: a [`Calibre`] holds only non-zero dimensions within the limits below
//! and designation words from [`DESIGNATIONS`], so `Calibre::parse(&c.to_string())`
//! gives back `c` for every value.

use std::fmt;
use std::num::NonZeroU8;

use super::error::{ErrorKind, Format, MarkingError};

/// Longest input accepted, in bytes (64 two-byte characters such as Cyrillic).
pub const MAX_INPUT_BYTES: usize = 128;
/// Most designation words after the dimensions (`.338 Lapua Magnum` has two).
pub const MAX_DESIGNATION_WORDS: usize = 4;
/// Largest metric length, in hundredths of a millimetre (9999.99 mm).
const MAX_HUNDREDTHS: u32 = 999_999;
/// Most digits before the decimal separator of a metric length.
const MAX_INT_DIGITS: usize = 4;

/// Designation words: the lower-case spellings accepted, then the canonical spelling.
/// Related but different cartridges (`.223 Remington` and `5.56x45mm NATO`,
/// `.308 Winchester` and `7.62x51mm NATO`) stay different: only [`Calibre::key`]
/// resolves true synonyms, through [`SYNONYMS`].
pub const DESIGNATIONS: &[(&[&str], &str)] = &[
    (&["nato"], "NATO"),
    (&["bmg"], "BMG"),
    (&["acp", "auto"], "ACP"),
    (&["luger"], "Luger"),
    (&["parabellum", "para"], "Parabellum"),
    (&["makarov", "mak"], "Makarov"),
    (&["tokarev", "tok"], "Tokarev"),
    (&["mauser"], "Mauser"),
    (&["remington", "rem"], "Remington"),
    (&["winchester", "win"], "Winchester"),
    (&["magnum", "mag"], "Magnum"),
    (&["lapua"], "Lapua"),
    (&["special", "spl"], "Special"),
    (&["lr"], "LR"),
    (&["s&w"], "S&W"),
    (&["short"], "Short"),
    (&["long"], "Long"),
    (&["british"], "British"),
    (&["springfield"], "Springfield"),
    (&["browning"], "Browning"),
    (&["carbine"], "Carbine"),
    (&["kurz"], "Kurz"),
    (&["russian"], "Russian"),
    (&["swiss"], "Swiss"),
    (&["mortar"], "mortar"),
    (&["grenade"], "grenade"),
];

/// Words that say "this is a calibre" and carry nothing: `.50 cal`.
const NOISE_WORDS: &[&str] = &["cal", "caliber", "calibre"];

/// Gauge words after a shotgun gauge number: `12 gauge`, `12 ga`, `12G`, `12 bore`.
const GAUGE_WORDS: &[&str] = &["gauge", "gage", "ga", "g", "bore"];

/// True synonyms, used by [`Calibre::key`]: a calibre written as the first two
/// columns (metric bore in hundredths of a mm with no case length, or inch digits,
/// plus one designation word) is the same cartridge as the metric bore × case length
/// of the last two columns.
pub const SYNONYMS: &[(Synonym, &str, u32, u32)] = &[
    (Synonym::Metric(900), "Luger", 900, 1900),
    (Synonym::Metric(900), "Parabellum", 900, 1900),
    (Synonym::Metric(900), "NATO", 900, 1900),
    (Synonym::Metric(900), "Makarov", 900, 1800),
    (Synonym::Metric(762), "Tokarev", 762, 2500),
    (Synonym::Metric(762), "NATO", 762, 5100),
    (Synonym::Metric(556), "NATO", 556, 4500),
    (Synonym::Metric(1270), "NATO", 1270, 9900),
    (Synonym::Metric(1270), "BMG", 1270, 9900),
    (
        Synonym::Inch(InchDigits {
            value: 50,
            width: 2,
        }),
        "BMG",
        1270,
        9900,
    ),
];

/// The left-hand side of a [`SYNONYMS`] row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synonym {
    /// A metric bore in hundredths of a millimetre, written without a case length.
    Metric(u32),
    /// An inch calibre without a hyphenated part, e.g. `.50`.
    Inch(InchDigits),
}

/// A metric length, held in hundredths of a millimetre so that it compares exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Millimetres(u32);

impl Millimetres {
    /// A length from hundredths of a millimetre; `None` for zero or over 9999.99 mm.
    pub fn from_hundredths(hundredths: u32) -> Option<Self> {
        (1..=MAX_HUNDREDTHS)
            .contains(&hundredths)
            .then_some(Self(hundredths))
    }

    /// The length in hundredths of a millimetre.
    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// The length in millimetres.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Millimetres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}"),
            _ if frac % 10 == 0 => write!(f, "{whole}.{}", frac / 10),
            _ => write!(f, "{whole}.{frac:02}"),
        }
    }
}

/// The rim suffix of a metric designation; rimless cases have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rim {
    /// `R`, rimmed (`7.62x54mmR`).
    Rimmed,
    /// `SR`, semi-rimmed.
    SemiRimmed,
    /// `RB`, rebated rim.
    Rebated,
    /// `B`, belted.
    Belted,
}

impl Rim {
    const ALL: [Rim; 4] = [Rim::Rimmed, Rim::SemiRimmed, Rim::Rebated, Rim::Belted];

    /// The suffix as printed: `R`, `SR`, `RB` or `B`.
    pub fn suffix(self) -> &'static str {
        match self {
            Rim::Rimmed => "R",
            Rim::SemiRimmed => "SR",
            Rim::Rebated => "RB",
            Rim::Belted => "B",
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|rim| rim.suffix().eq_ignore_ascii_case(word))
    }
}

/// Digits of an inch calibre, kept with their count so `.50` and `.500` (different
/// cartridges) stay apart and `.30-06` keeps its leading zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InchDigits {
    value: u16,
    width: u8,
}

impl InchDigits {
    /// Two or three digits, as in `.45` or `.223`; `None` for another width or a
    /// value that does not fit it.
    pub fn new(value: u16, width: u8) -> Option<Self> {
        let fits = match width {
            2 => value < 100,
            3 => value < 1000,
            _ => false,
        };
        fits.then_some(Self { value, width })
    }

    /// The fraction of an inch these digits stand for (`.50` → 0.5).
    pub fn inches(self) -> f64 {
        f64::from(self.value) / 10f64.powi(i32::from(self.width))
    }
}

impl fmt::Display for InchDigits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0width$}", self.value, width = usize::from(self.width))
    }
}

/// The measurable part of a calibre, without its designation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimensions {
    /// Metric: bore, case length when known, rim suffix.
    Metric {
        /// Bore (nominal calibre).
        bore: Millimetres,
        /// Case length, the second number of `7.62x39`.
        case_length: Option<Millimetres>,
        /// Rim suffix, `R` in `7.62x54R`.
        rim: Option<Rim>,
    },
    /// Inch calibre: `.223`, `.30-06` (the part after the hyphen in `variant`).
    Inch {
        /// Digits after the dot.
        bore: InchDigits,
        /// Digits after a hyphen, `06` in `.30-06`.
        variant: Option<InchDigits>,
    },
    /// Shotgun gauge, with the chamber length in mm of `12/70` when given.
    Gauge {
        /// Gauge number (12 for `12 gauge`).
        gauge: NonZeroU8,
        /// Chamber length in millimetres.
        chamber: Option<NonZeroU8>,
    },
}

impl fmt::Display for Dimensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dimensions::Metric {
                bore,
                case_length,
                rim,
            } => {
                write!(f, "{bore}")?;
                if let Some(case) = case_length {
                    write!(f, "x{case}")?;
                }
                write!(f, "mm{}", rim.map(Rim::suffix).unwrap_or_default())
            }
            Dimensions::Inch { bore, variant } => {
                write!(f, ".{bore}")?;
                match variant {
                    Some(v) => write!(f, "-{v}"),
                    None => Ok(()),
                }
            }
            Dimensions::Gauge { gauge, chamber } => match chamber {
                Some(chamber) => write!(f, "{gauge}/{chamber}"),
                None => write!(f, "{gauge} gauge"),
            },
        }
    }
}

/// One calibre in canonical form: dimensions plus an optional designation kept apart,
/// so `5.56x45` and `5.56x45 NATO` share a [`key`](Calibre::key) and neither loses
/// what the officer wrote.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Calibre {
    dimensions: Dimensions,
    designation: Vec<&'static str>,
}

impl Calibre {
    /// Reads a calibre in any of the spellings listed in the module documentation.
    ///
    /// Accepts `.` or `,` as decimal separator; `x`, `X`, `×`, Cyrillic `х`/`Х` or `*`
    /// as times sign; `mm` or Cyrillic `мм`; full-width and Arabic-Indic digits;
    /// any Unicode spaces. Text that is not a calibre is an error naming the byte
    /// where reading stopped; [`normalise`] keeps such text instead.
    pub fn parse(text: &str) -> Result<Self, MarkingError> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(error(
                0,
                ErrorKind::TooLong {
                    len: text.len(),
                    max: MAX_INPUT_BYTES,
                },
            ));
        }
        let mut s = Scanner::new(text);
        s.skip_ws();
        let dimensions = match s.peek() {
            None => return Err(error(0, ErrorKind::Empty)),
            Some('.') => s.inch()?,
            Some(c) if c.is_ascii_digit() => s.metric_or_gauge()?,
            Some(ch) => {
                return Err(error(
                    s.pos(),
                    ErrorKind::BadCharacter {
                        element: "calibre".into(),
                        ch,
                        set: "a calibre starts with a digit, or a dot for inch calibres",
                    },
                ));
            }
        };
        let designation = s.designation()?;
        Ok(Self {
            dimensions,
            designation,
        })
    }

    /// The measured part as written (inch stays inch).
    pub fn dimensions(&self) -> Dimensions {
        self.dimensions
    }

    /// The designation words joined by spaces (`NATO`, `Lapua Magnum`), if any.
    pub fn designation(&self) -> Option<String> {
        (!self.designation.is_empty()).then(|| self.designation.join(" "))
    }

    /// The dimensional key for comparing cartridges: the dimensions, with true
    /// synonyms from [`SYNONYMS`] resolved, so `9mm Luger`, `9x19mm Parabellum` and
    /// `9x19mm` share one key and `.50 BMG` shares `12.7x99mm`'s. Related but
    /// different cartridges (`.223 Remington`, `5.56x45mm`) keep different keys.
    pub fn key(&self) -> Dimensions {
        let written = match self.dimensions {
            Dimensions::Metric {
                bore,
                case_length: None,
                rim: None,
            } => Synonym::Metric(bore.hundredths()),
            Dimensions::Inch {
                bore,
                variant: None,
            } => Synonym::Inch(bore),
            _ => return self.dimensions,
        };
        SYNONYMS
            .iter()
            .find(|(lhs, word, _, _)| *lhs == written && self.designation.contains(word))
            .and_then(|(_, _, bore, case)| {
                Some(Dimensions::Metric {
                    bore: Millimetres::from_hundredths(*bore)?,
                    case_length: Some(Millimetres::from_hundredths(*case)?),
                    rim: None,
                })
            })
            .unwrap_or(self.dimensions)
    }

    /// Nominal bore in millimetres (inch calibres converted); `None` for gauges.
    pub fn bore_mm(&self) -> Option<f64> {
        match self.dimensions {
            Dimensions::Metric { bore, .. } => Some(bore.as_f64()),
            Dimensions::Inch { bore, .. } => Some(bore.inches() * 25.4),
            Dimensions::Gauge { .. } => None,
        }
    }

    /// Case length in millimetres, when the calibre is metric and gives one.
    pub fn case_length_mm(&self) -> Option<f64> {
        match self.dimensions {
            Dimensions::Metric { case_length, .. } => case_length.map(Millimetres::as_f64),
            _ => None,
        }
    }

    /// Rim suffix of a metric calibre.
    pub fn rim(&self) -> Option<Rim> {
        match self.dimensions {
            Dimensions::Metric { rim, .. } => rim,
            _ => None,
        }
    }
}

impl fmt::Display for Calibre {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.dimensions)?;
        self.designation
            .iter()
            .try_for_each(|word| write!(f, " {word}"))
    }
}

impl std::str::FromStr for Calibre {
    type Err = MarkingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for Calibre {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Calibre {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The canonical form of a calibre when the text is one; otherwise the text itself,
/// trimmed and with runs of whitespace made single spaces, so nothing is lost.
pub fn normalise(text: &str) -> String {
    match Calibre::parse(text) {
        Ok(calibre) => calibre.to_string(),
        Err(_) => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Folds the compatibility forms met in typed markings to ASCII: full-width forms
/// (`７`, `ｍ`), Arabic-Indic digits and the Arabic decimal separator. Other
/// characters are returned unchanged.
pub(crate) fn fold_compat(ch: char) -> char {
    let code = u32::from(ch);
    let folded = match code {
        0xFF01..=0xFF5E => code - 0xFEE0,
        0x0660..=0x0669 => code - 0x0660 + u32::from(b'0'),
        0x06F0..=0x06F9 => code - 0x06F0 + u32::from(b'0'),
        0x066B => u32::from(b'.'),
        _ => code,
    };
    char::from_u32(folded).unwrap_or(ch)
}

fn error(position: usize, kind: ErrorKind) -> MarkingError {
    MarkingError::new(Format::Calibre, position, kind)
}

fn malformed(position: usize, what: &str) -> MarkingError {
    error(position, ErrorKind::Malformed(what.into()))
}

/// A cursor over the folded characters, each with its byte offset in the input.
struct Scanner {
    chars: Vec<(usize, char)>,
    at: usize,
    len: usize,
}

impl Scanner {
    fn new(text: &str) -> Self {
        Self {
            chars: text
                .char_indices()
                .map(|(i, c)| (i, fold_compat(c)))
                .collect(),
            at: 0,
            len: text.len(),
        }
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).map(|&(_, c)| c)
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(0)
    }

    /// Byte offset of the next character, or the input length at the end.
    fn pos(&self) -> usize {
        self.chars.get(self.at).map_or(self.len, |&(i, _)| i)
    }

    fn bump(&mut self) {
        self.at += 1;
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn eat(&mut self, pred: impl Fn(char) -> bool) -> bool {
        let hit = self.peek().is_some_and(pred);
        if hit {
            self.bump();
        }
        hit
    }

    /// `mm`, `MM` or Cyrillic `мм`, even when glued to what follows (`mmR`).
    fn eat_mm(&mut self) -> bool {
        let is_m = |c: Option<char>| matches!(c, Some('m' | 'M' | 'м' | 'М'));
        let hit = is_m(self.peek()) && is_m(self.peek_at(1));
        if hit {
            self.at += 2;
        }
        hit
    }

    fn eat_times(&mut self) -> bool {
        self.eat(|c| matches!(c, 'x' | 'X' | '×' | 'х' | 'Х' | '*' | '✕' | '⨯'))
    }

    /// Reads ASCII digits; returns their value (saturating) and count.
    fn digits(&mut self) -> (u32, usize) {
        let (mut value, mut count) = (0u32, 0usize);
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(d);
            count += 1;
            self.bump();
        }
        (value, count)
    }

    /// A decimal number with `.` or `,`: value in hundredths, and whether it had
    /// a fraction.
    fn number(&mut self) -> Result<(u32, bool), MarkingError> {
        let start = self.pos();
        let (whole, count) = self.digits();
        if count == 0 {
            return Err(malformed(start, "expected a number"));
        }
        if count > MAX_INT_DIGITS {
            return Err(malformed(start, "a number here has at most four digits"));
        }
        let decimal = matches!(self.peek(), Some('.' | ','))
            && self.peek_at(1).is_some_and(|c| c.is_ascii_digit());
        if !decimal {
            return Ok((whole * 100, false));
        }
        self.bump();
        let frac_start = self.pos();
        let (frac, places) = self.digits();
        let frac = match places {
            1 => frac * 10,
            2 => frac,
            _ => return Err(malformed(frac_start, "at most two decimals (7.62)")),
        };
        Ok((whole * 100 + frac, true))
    }

    /// The next word (letters and `&`), lower-cased, with the index after it and
    /// after an abbreviation dot (`Rem.`); does not move.
    fn peek_word(&self) -> Option<(String, usize)> {
        let is_word = |c: char| c.is_alphabetic() || c == '&';
        let mut end = self.at;
        let mut word = String::new();
        while let Some(&(_, c)) = self.chars.get(end).filter(|(_, c)| is_word(*c)) {
            word.extend(c.to_lowercase());
            end += 1;
        }
        if word.is_empty() {
            return None;
        }
        let dot = self.chars.get(end).is_some_and(|&(_, c)| c == '.')
            && !self
                .chars
                .get(end + 1)
                .is_some_and(|&(_, c)| c.is_ascii_digit());
        Some((word, end + usize::from(dot)))
    }

    /// Consumes the next word when `accept` says so.
    fn eat_word<T>(&mut self, accept: impl Fn(&str) -> Option<T>) -> Option<T> {
        let (word, end) = self.peek_word()?;
        let found = accept(&word)?;
        self.at = end;
        Some(found)
    }

    fn inch(&mut self) -> Result<Dimensions, MarkingError> {
        self.bump();
        let bore = self.inch_digits()?;
        let variant = if self.peek() == Some('-') {
            self.bump();
            Some(self.inch_digits()?)
        } else {
            None
        };
        Ok(Dimensions::Inch { bore, variant })
    }

    fn inch_digits(&mut self) -> Result<InchDigits, MarkingError> {
        let start = self.pos();
        let (value, count) = self.digits();
        u16::try_from(value)
            .ok()
            .zip(u8::try_from(count).ok())
            .and_then(|(v, w)| InchDigits::new(v, w))
            .ok_or_else(|| malformed(start, "inch calibres have two or three digits (.45, .223)"))
    }

    fn metric_or_gauge(&mut self) -> Result<Dimensions, MarkingError> {
        let start = self.pos();
        let (value, fraction) = self.number()?;
        let after_number = self.pos();
        self.skip_ws();
        if !fraction {
            let word = self.eat_word(|w| GAUGE_WORDS.contains(&w).then_some(()));
            self.skip_ws();
            if word.is_some() || self.peek() == Some('/') {
                return self.gauge(start, value / 100);
            }
        }
        let bore = Millimetres::from_hundredths(value)
            .ok_or_else(|| malformed(start, "the bore must be more than zero"))?;
        let unit = self.eat_mm();
        self.skip_ws();
        let case_length = if self.eat_times() {
            self.skip_ws();
            let case_start = self.pos();
            let (case, _) = self.number()?;
            let case = Millimetres::from_hundredths(case)
                .ok_or_else(|| malformed(case_start, "the case length must be more than zero"))?;
            self.skip_ws();
            // The unit after the case length is optional: `7.62x39` and `7.62x39mm`.
            self.eat_mm();
            Some(case)
        } else if unit {
            None
        } else {
            return Err(malformed(
                after_number,
                "a bare number is not a calibre: add mm, a case length (7.62x39), \
                 gauge, or write inch calibres with a leading dot (.45)",
            ));
        };
        self.skip_ws();
        let rim = self.eat_word(Rim::from_word);
        Ok(Dimensions::Metric {
            bore,
            case_length,
            rim,
        })
    }

    fn gauge(&mut self, start: usize, gauge: u32) -> Result<Dimensions, MarkingError> {
        let gauge = u8::try_from(gauge)
            .ok()
            .and_then(NonZeroU8::new)
            .ok_or_else(|| malformed(start, "a gauge is a whole number from 1 to 255"))?;
        let chamber = if self.eat(|c| c == '/') {
            self.skip_ws();
            let at = self.pos();
            let (value, count) = self.digits();
            let chamber = u8::try_from(value).ok().and_then(NonZeroU8::new);
            match chamber.filter(|_| count > 0) {
                Some(c) => Some(c),
                None => return Err(malformed(at, "expected the chamber length in mm (12/70)")),
            }
        } else {
            None
        };
        Ok(Dimensions::Gauge { gauge, chamber })
    }

    fn designation(&mut self) -> Result<Vec<&'static str>, MarkingError> {
        let mut words = Vec::new();
        loop {
            self.skip_ws();
            let at = self.pos();
            let Some(ch) = self.peek() else {
                return Ok(words);
            };
            let (word, end) = self.peek_word().ok_or_else(|| {
                error(
                    at,
                    ErrorKind::BadCharacter {
                        element: "calibre designation".into(),
                        ch,
                        set: "words such as NATO, Luger, Magnum",
                    },
                )
            })?;
            self.at = end;
            if NOISE_WORDS.contains(&word.as_str()) {
                continue;
            }
            let canonical = DESIGNATIONS
                .iter()
                .find(|(spellings, _)| spellings.contains(&word.as_str()))
                .map(|(_, canonical)| *canonical)
                .ok_or_else(|| {
                    error(
                        at,
                        ErrorKind::BadValue {
                            element: "calibre designation".into(),
                            rule: format!("{word:?} is not a known designation"),
                        },
                    )
                })?;
            if words.len() == MAX_DESIGNATION_WORDS {
                return Err(malformed(at, "at most four designation words"));
            }
            words.push(canonical);
        }
    }
}

#[cfg(test)]
#[path = "calibre/tests.rs"]
mod tests;
