//! Marking parsers: from the raw text of a scanned code (bytes plus the symbology
//! identifier when the reader gives one) to a parsed marking with typed fields and
//! where each came from.
//!
//! Invariant: [`parse`] either returns a marking whose every element passed its
//! format's checks, or an error naming the format and byte position; it never panics
//! and never reads more than [`MAX_MARKING_BYTES`]. [`parse_or_plain`] never fails:
//! what no parser accepts comes back as plain text with the reason attached, so a
//! scanned code is never lost.

pub mod calibre;
mod error;
pub mod factory;
pub mod fields;
pub mod gs1;
pub mod iso15434;
pub mod label;
pub mod nsn;
mod symbology;

use std::collections::BTreeMap;
use std::ops::Range;

pub use error::{ErrorKind, Format, MarkingError};
pub use fields::{Fields, MarkingDate, Sourced};
pub use symbology::{SymbologyId, unescape_controls};

use gs1::Gs1Element;
use iso15434::{DiElement, FormatEnvelope};
use nsn::{Dodic, Nsn};

/// Longest marking accepted, in bytes (the largest QR code holds under 3 KB).
pub const MAX_MARKING_BYTES: usize = 8192;

wire_enum! {
    /// What kind of marking was recognised.
    #[non_exhaustive]
    pub enum MarkingKind ("marking kind") {
        /// GS1 element string (FNC1/GS separated, or the bracketed form).
        Gs1ElementString = "gs1_element_string",
        /// GS1 Digital Link URI.
        Gs1DigitalLink = "gs1_digital_link",
        /// ISO/IEC 15434 envelope.
        Iso15434 = "iso15434",
        /// EAN/UPC retail code (a GTIN).
        RetailGtin = "retail_gtin",
        /// NATO Stock Number.
        Nsn = "nsn",
        /// DODIC.
        Dodic = "dodic",
        /// Tracemark location, container or stock-check label.
        TracemarkLabel = "tracemark_label",
        /// Anything else, kept as text.
        PlainText = "plain_text",
    }
}

/// One element of a structured marking.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Element {
    /// `gs1` for application identifiers, `di` for ASC MH10.8.2 data identifiers.
    pub scheme: &'static str,
    /// The AI or DI, e.g. `10` or `1T`.
    pub id: String,
    /// What it means, e.g. `BATCH/LOT`.
    pub title: &'static str,
    /// The value.
    pub value: String,
    /// Byte range of the value in [`ParsedMarking::text`].
    pub span: Range<usize>,
}

impl From<&Gs1Element> for Element {
    fn from(e: &Gs1Element) -> Self {
        Element {
            scheme: "gs1",
            id: e.ai.clone(),
            title: e.title(),
            value: e.value.clone(),
            span: e.span.clone(),
        }
    }
}

impl From<&DiElement> for Element {
    fn from(e: &DiElement) -> Self {
        Element {
            scheme: "di",
            id: e.di.clone(),
            title: e.title(),
            value: e.value.clone(),
            span: e.span.clone(),
        }
    }
}

/// A parsed marking.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParsedMarking {
    /// What was recognised.
    pub kind: MarkingKind,
    /// ISO/IEC 15424 symbology identifier, when known.
    pub symbology: Option<SymbologyId>,
    /// The text that was parsed: the input without its symbology prefix, escapes such
    /// as `<GS>` turned into control characters, invalid UTF-8 replaced by U+FFFD.
    pub text: String,
    /// Whether the input bytes were not valid UTF-8.
    pub lossy: bool,
    /// GS1 application identifiers and their values.
    pub ais: BTreeMap<String, String>,
    /// Every element in input order.
    pub elements: Vec<Element>,
    /// Normalised fields with their sources.
    pub fields: Fields,
    /// The Tracemark label, when the marking is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<label::Label>,
    /// Things the user should know: unmet GS1 requirements, conflicts, ambiguity.
    pub warnings: Vec<String>,
    /// Why a structured parse failed, when [`parse_or_plain`] fell back to text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<MarkingError>,
}

/// Options of a parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// The year that two-digit years are read against (GS1 century rule).
    pub reference_year: i32,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self {
            reference_year: time::OffsetDateTime::now_utc().year(),
        }
    }
}

impl ParsedMarking {
    fn new(kind: MarkingKind, symbology: Option<SymbologyId>, text: String, lossy: bool) -> Self {
        Self {
            kind,
            symbology,
            text,
            lossy,
            ais: BTreeMap::new(),
            elements: Vec::new(),
            fields: Fields::default(),
            label: None,
            warnings: Vec::new(),
            problem: None,
        }
    }

    fn add_gs1(&mut self, elements: &[Gs1Element], opts: ParseOptions) {
        for e in elements {
            self.ais.insert(e.ai.clone(), e.value.clone());
            self.elements.push(e.into());
        }
        self.fields
            .add_gs1(elements, opts.reference_year, &mut self.warnings);
    }

    fn add_dis(&mut self, elements: &[DiElement], opts: ParseOptions) {
        self.elements.extend(elements.iter().map(Element::from));
        self.fields
            .add_data_identifiers(elements, opts.reference_year, &mut self.warnings);
    }
}

/// Parses one marking. `symbology` is the reader's identifier if it gave one apart
/// from the text; a `]Xm` prefix in the bytes is recognised too.
pub fn parse(bytes: &[u8], symbology: Option<SymbologyId>) -> Result<ParsedMarking, MarkingError> {
    parse_with(bytes, symbology, ParseOptions::default())
}

/// [`parse`] with explicit options.
pub fn parse_with(
    bytes: &[u8],
    symbology: Option<SymbologyId>,
    opts: ParseOptions,
) -> Result<ParsedMarking, MarkingError> {
    let input_err = |kind| MarkingError::new(Format::Input, 0, kind);
    if bytes.len() > MAX_MARKING_BYTES {
        return Err(input_err(ErrorKind::TooLong {
            len: bytes.len(),
            max: MAX_MARKING_BYTES,
        }));
    }
    let (lossy, decoded) = match std::str::from_utf8(bytes) {
        Ok(s) => (false, std::borrow::Cow::Borrowed(s)),
        Err(_) => (true, String::from_utf8_lossy(bytes)),
    };
    let (prefix, rest) = SymbologyId::split_prefix(&decoded);
    let symbology = symbology.or(prefix);
    let text = unescape_controls(rest);
    if text.trim().is_empty() {
        return Err(input_err(ErrorKind::Empty));
    }
    let mut m = ParsedMarking::new(MarkingKind::PlainText, symbology, text, lossy);
    if lossy {
        // Binary content (e.g. a Data Matrix in a legacy code page): keep it as text.
        return Ok(m);
    }
    let text = m.text.clone();
    let trimmed = text.trim();
    if m.symbology.as_ref().is_some_and(SymbologyId::is_gs1) {
        let elements = gs1::parse_element_string(&text, 0)?;
        m.kind = MarkingKind::Gs1ElementString;
        m.add_gs1(&elements, opts);
    } else if text.starts_with("[)>") {
        let env = iso15434::parse_envelope(&text)?;
        m.kind = MarkingKind::Iso15434;
        if env.missing_eot {
            m.warnings.push("the envelope has no EOT trailer".into());
        }
        for f in &env.formats {
            match f {
                FormatEnvelope::Gs1 { elements } => m.add_gs1(elements, opts),
                FormatEnvelope::DataIdentifiers { elements } => m.add_dis(elements, opts),
                FormatEnvelope::Other { indicator, .. } => m.warnings.push(format!(
                    "format {indicator} is kept as it is, not interpreted"
                )),
            }
        }
    } else if looks_like_label(trimmed) {
        m.label = Some(label::Label::parse(trimmed)?);
        m.kind = MarkingKind::TracemarkLabel;
    } else if looks_bracketed(&text) {
        let elements = gs1::parse_bracketed(&text, 0)?;
        m.kind = MarkingKind::Gs1ElementString;
        m.add_gs1(&elements, opts);
    } else if let Some(dl) = gs1::parse_digital_link(trimmed)? {
        m.kind = MarkingKind::Gs1DigitalLink;
        let offset = text.len() - text.trim_start().len();
        m.add_gs1(&shifted(dl.elements, offset), opts);
    } else if let Some(gtin) = retail_gtin(&m, trimmed)? {
        m.kind = MarkingKind::RetailGtin;
        let start = text.len() - text.trim_start().len();
        let itf = m.symbology.as_ref().is_some_and(SymbologyId::is_itf);
        m.fields.gtin = Some(Sourced {
            value: gtin,
            source: if itf { "ITF-14" } else { "EAN/UPC" }.into(),
            span: start..start + trimmed.len(),
        });
    } else if let Some(nsn) = nsn_candidate(trimmed) {
        m.kind = MarkingKind::Nsn;
        let start = text.len() - text.trim_start().len();
        if nsn.digits() == trimmed && gs1::lint::check("csum", trimmed).is_ok() {
            m.warnings
                .push("13 digits with a valid GS1 check digit: this may be a GTIN-13".into());
        }
        m.fields.nsn = Some(Sourced {
            value: nsn,
            source: "NSN".into(),
            span: start..start + trimmed.len(),
        });
    } else if let Some(dodic) = dodic_candidate(trimmed) {
        m.kind = MarkingKind::Dodic;
        let start = text.len() - text.trim_start().len();
        m.fields.dodic = Some(Sourced {
            value: dodic.to_string(),
            source: "DODIC".into(),
            span: start..start + trimmed.len(),
        });
    } else if text.contains(gs1::GS) {
        // GS1 data from a reader that dropped the symbology identifier.
        if let Ok(elements) = gs1::parse_element_string(&text, 0) {
            m.kind = MarkingKind::Gs1ElementString;
            m.add_gs1(&elements, opts);
        }
    } else if let Some(elements) = unflagged_gs1(trimmed) {
        // Only offered: the digits read as GS1 throughout, led by a key whose check
        // digit is right; the officer sees the warning and decides.
        let start = text.len() - text.trim_start().len();
        m.kind = MarkingKind::Gs1ElementString;
        m.add_gs1(&shifted(elements, start), opts);
        m.warnings
            .push("no FNC1 was seen: read as GS1 because its AIs and check digit are valid".into());
    }
    if !m.ais.is_empty() {
        let gs1_elements: Vec<Gs1Element> = m
            .elements
            .iter()
            .filter(|e| e.scheme == "gs1")
            .map(|e| Gs1Element {
                ai: e.id.clone(),
                value: e.value.clone(),
                span: e.span.clone(),
            })
            .collect();
        m.warnings.extend(gs1::missing_requirements(&gs1_elements));
    }
    Ok(m)
}

/// Never fails: a marking that no parser accepts comes back as plain text with the
/// reason in [`ParsedMarking::problem`] (and cut to [`MAX_MARKING_BYTES`] if longer).
/// A GS1 code that breaks only a rule about which AIs go together keeps its fields.
pub fn parse_or_plain(bytes: &[u8], symbology: Option<SymbologyId>) -> ParsedMarking {
    match parse(bytes, symbology.clone()) {
        Ok(m) => m,
        Err(problem) => {
            let kept = bytes.get(..MAX_MARKING_BYTES).unwrap_or(bytes);
            let lossy = std::str::from_utf8(kept).is_err();
            let mut m = ParsedMarking::new(
                MarkingKind::PlainText,
                symbology,
                String::from_utf8_lossy(kept).into_owned(),
                lossy,
            );
            if matches!(problem.kind, ErrorKind::Excluded { .. }) && !lossy {
                // Every element valid, only their combination not: what the code says
                // is still offered, with the problem beside it (strict verdict, no
                // data lost).
                let (_, rest) = SymbologyId::split_prefix(&m.text);
                let shift = m.text.len() - rest.len();
                let text = unescape_controls(rest);
                let separated = !looks_bracketed(&text);
                if let Some(elements) = gs1::elements_despite_combination(&text, separated) {
                    m.add_gs1(&shifted(elements, shift), ParseOptions::default());
                }
            }
            m.problem = Some(problem);
            m
        }
    }
}

/// `tmk:` labels, and their web form `https://host/tmk/…`.
fn looks_like_label(trimmed: &str) -> bool {
    let head = trimmed.get(..4).unwrap_or("");
    if head.eq_ignore_ascii_case("tmk:") {
        return true;
    }
    let rest = nsn::strip_prefix_ci(trimmed, "https://");
    rest.len() < trimmed.len()
        && rest
            .split_once('/')
            .is_some_and(|(_, path)| path.starts_with("tmk/"))
}

fn looks_bracketed(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('(') else {
        return false;
    };
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    (2..=4).contains(&digits) && inner.as_bytes().get(digits) == Some(&b')')
}

/// EAN-13, EAN-8 and UPC-A from a reader that says so (`]E0`, `]E4`), and ITF-14
/// (`]I0`, `]I1`: 14 digits, the GTIN of an outer carton).
fn retail_gtin(m: &ParsedMarking, trimmed: &str) -> Result<Option<String>, MarkingError> {
    let retail = m.symbology.as_ref().is_some_and(SymbologyId::is_ean_upc)
        && matches!(trimmed.len(), 8 | 12 | 13);
    let itf14 = m.symbology.as_ref().is_some_and(SymbologyId::is_itf)
        && trimmed.len() == 14
        && trimmed.bytes().all(|b| b.is_ascii_digit());
    if !retail && !itf14 {
        return Ok(None);
    }
    let gtin = format!("{trimmed:0>14}");
    gs1::lint::check("csum", &gtin).map_err(|rule| {
        MarkingError::new(
            Format::Gs1,
            0,
            ErrorKind::BadValue {
                element: "EAN/UPC".into(),
                rule,
            },
        )
    })?;
    Ok(Some(gtin))
}

/// Elements read from a part of the text that starts `by` bytes into it, with spans
/// in the whole text.
fn shifted(elements: Vec<Gs1Element>, by: usize) -> Vec<Gs1Element> {
    elements
        .into_iter()
        .map(|e| Gs1Element {
            span: e.span.start + by..e.span.end + by,
            ..e
        })
        .collect()
}

/// All digits, no symbology identifier and no FNC1: GS1 only if the whole text
/// parses as an element string that starts with a key carrying a check digit (SSCC,
/// GTIN or the GTIN of contained items), so a plain number is never taken for GS1.
fn unflagged_gs1(trimmed: &str) -> Option<Vec<Gs1Element>> {
    if trimmed.len() < 16 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let elements = gs1::parse_element_string(trimmed, 0).ok()?;
    let key = elements.first()?;
    matches!(key.ai.as_str(), "00" | "01" | "02").then_some(elements)
}

/// An NSN when the text is one: 13 digits, the hyphenated form, or `NSN …`.
fn nsn_candidate(trimmed: &str) -> Option<Nsn> {
    Nsn::parse(trimmed).ok()
}

/// A DODIC only in its exact printed form (`A059`) or with a `DODIC` prefix, so that
/// ordinary four-letter words are not taken for one.
fn dodic_candidate(trimmed: &str) -> Option<Dodic> {
    let prefixed = trimmed.len() > 5 && nsn::strip_prefix_ci(trimmed, "DODIC") != trimmed;
    let exact = trimmed.len() == 4
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    (prefixed || exact)
        .then(|| Dodic::parse(trimmed).ok())
        .flatten()
}

#[cfg(test)]
mod tests;
