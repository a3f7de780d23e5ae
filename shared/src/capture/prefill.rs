//! Merges the parsed fields of every code in a photo into prefill suggestions for the
//! record, each naming the code and element it came from.
//!
//! Invariant: nothing is picked silently: a field that two codes give with different
//! values becomes a [`Conflict`] listing every value and where it came from, and no
//! [`Suggestion`] is made for it. GS1 requirement rules are judged over all the codes
//! of the photo together, as GS1 prescribes for one item.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::ops::Range;

use crate::marking::gs1::{self, Gs1Element};
use crate::marking::{Fields, ParsedMarking, Sourced};

use super::code::Code;

/// A record field that a marking can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// GTIN-14.
    Gtin,
    /// Serial Shipping Container Code.
    Sscc,
    /// Lot or batch.
    Lot,
    /// Serial number.
    Serial,
    /// Production date.
    ProductionDate,
    /// Expiry date.
    ExpiryDate,
    /// A date of unstated meaning.
    Date,
    /// NATO Stock Number.
    Nsn,
    /// DODIC.
    Dodic,
    /// Maker's CAGE code.
    Cage,
    /// Part number.
    PartNumber,
    /// Unique item identifier.
    Uii,
    /// Quantity.
    Quantity,
    /// Additional product identification.
    AdditionalId,
    /// Order number.
    OrderNumber,
    /// Country of origin.
    CountryOfOrigin,
}

/// Where a value was read: which code, which element, which bytes of its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// [`Code::index`] of the code.
    pub code: usize,
    /// The element, e.g. `AI (10)` or `DI 1T`.
    pub element: String,
    /// Byte range of the value in the code's parsed text.
    pub span: Range<usize>,
    /// The code is not valid as a whole (e.g. GS1 forbids two of its AIs together):
    /// the value is offered all the same, and shown as coming from an invalid code.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub invalid_code: bool,
}

/// One value for a field, with every place it was read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    /// The value in its printed form (dates ISO 8601, NSN hyphenated, GTIN 14 digits).
    pub value: String,
    /// Every code and element that gave this value.
    pub from: Vec<Origin>,
}

/// A field the photo fills with one value (possibly read from several codes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    /// The field.
    pub field: Field,
    /// The value and where it was read.
    #[serde(flatten)]
    pub candidate: Candidate,
}

/// A field that codes of the photo give with different values: the user chooses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    /// The field.
    pub field: Field,
    /// Every value, in the order the codes were read.
    pub candidates: Vec<Candidate>,
}

/// What a photo suggests for the record.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Prefill {
    /// Fields with one value, in [`Field`] order.
    pub suggestions: Vec<Suggestion>,
    /// Fields with disagreeing values, in [`Field`] order.
    pub conflicts: Vec<Conflict>,
    /// Things the user should know: each code's parse warnings (prefixed `code N:`)
    /// and the GS1 requirements that no code of the photo meets.
    pub warnings: Vec<String>,
}

/// Merges the fields of `codes` (numbered by [`Code::index`]).
pub fn prefill(codes: &[Code]) -> Prefill {
    let mut by_field: BTreeMap<Field, Vec<Candidate>> = BTreeMap::new();
    for code in codes {
        for e in entries(&code.parsed.fields) {
            let origin = Origin {
                code: code.index,
                element: e.element.to_string(),
                span: e.span.clone(),
                invalid_code: code.parsed.problem.is_some(),
            };
            let candidates = by_field.entry(e.field).or_default();
            match candidates.iter_mut().find(|c| c.value == e.value) {
                Some(c) => c.from.push(origin),
                None => candidates.push(Candidate {
                    value: e.value,
                    from: vec![origin],
                }),
            }
        }
    }
    let mut out = Prefill::default();
    for (field, candidates) in by_field {
        match <[Candidate; 1]>::try_from(candidates) {
            Ok([candidate]) => out.suggestions.push(Suggestion { field, candidate }),
            Err(candidates) => out.conflicts.push(Conflict { field, candidates }),
        }
    }
    out.warnings = warnings(codes);
    out
}

/// Each code's own warnings, except the GS1 requirements it fails alone (those are
/// judged again over the whole photo), then the photo's unmet requirements.
fn warnings(codes: &[Code]) -> Vec<String> {
    let mut out = Vec::new();
    let mut all = Vec::new();
    for code in codes {
        let elements = gs1_elements(&code.parsed);
        let alone = gs1::missing_requirements(&elements);
        out.extend(
            code.parsed
                .warnings
                .iter()
                .filter(|w| !alone.contains(w))
                .map(|w| format!("code {}: {w}", code.index)),
        );
        all.extend(elements);
    }
    out.extend(gs1::missing_requirements(&all));
    out
}

fn gs1_elements(m: &ParsedMarking) -> Vec<Gs1Element> {
    m.elements
        .iter()
        .filter(|e| e.scheme == "gs1")
        .map(|e| Gs1Element {
            ai: e.id.clone(),
            value: e.value.clone(),
            span: e.span.clone(),
        })
        .collect()
}

/// One set field of one marking.
struct Entry<'a> {
    field: Field,
    /// The printed value.
    value: String,
    element: &'a str,
    span: &'a Range<usize>,
}

/// Every set field of a marking.
fn entries(f: &Fields) -> Vec<Entry<'_>> {
    fn add<'a, T: Display>(out: &mut Vec<Entry<'a>>, field: Field, slot: &'a Option<Sourced<T>>) {
        if let Some(s) = slot {
            out.push(Entry {
                field,
                value: s.value.to_string(),
                element: &s.source,
                span: &s.span,
            });
        }
    }
    let mut out = Vec::new();
    add(&mut out, Field::Gtin, &f.gtin);
    add(&mut out, Field::Sscc, &f.sscc);
    add(&mut out, Field::Lot, &f.lot);
    add(&mut out, Field::Serial, &f.serial);
    add(&mut out, Field::ProductionDate, &f.production_date);
    add(&mut out, Field::ExpiryDate, &f.expiry_date);
    add(&mut out, Field::Date, &f.date);
    add(&mut out, Field::Nsn, &f.nsn);
    add(&mut out, Field::Dodic, &f.dodic);
    add(&mut out, Field::Cage, &f.cage);
    add(&mut out, Field::PartNumber, &f.part_number);
    add(&mut out, Field::Uii, &f.uii);
    add(&mut out, Field::Quantity, &f.quantity);
    add(&mut out, Field::AdditionalId, &f.additional_id);
    add(&mut out, Field::OrderNumber, &f.order_number);
    add(&mut out, Field::CountryOfOrigin, &f.country_of_origin);
    out
}
