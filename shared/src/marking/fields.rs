//! The normalised fields a marking fills (GTIN, lot, serial, dates, NSN, CAGE…), each
//! with the element it came from, so the app can show "lot from AI (10)".
//!
//! Invariant: a field is set by the first element that gives it; a later element with
//! a different value leaves the field alone and adds a conflict warning, so nothing is
//! silently overwritten.

use std::fmt;
use std::ops::Range;

use super::gs1::Gs1Element;
use super::iso15434::DiElement;
use super::nsn::Nsn;

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// The element it was read from, e.g. `AI (10)` or `DI 1T`.
    pub source: String,
    /// Byte range in the marking's text.
    pub span: Range<usize>,
}

/// A calendar date from a marking; GS1 allows "day 00" meaning the month only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MarkingDate {
    /// Four-digit year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day, or `None` when the marking gives the month only.
    pub day: Option<u8>,
}

impl fmt::Display for MarkingDate {
    /// ISO 8601: `2025-03-31`, or `2025-03` when the day is not given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for MarkingDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// GS1's rule for the century of a two-digit year (General Specifications 7.12):
/// within 49 years ahead of `reference_year` or 50 behind it.
pub fn century_year(yy: i32, reference_year: i32) -> i32 {
    let current = reference_year.rem_euclid(100);
    let century = reference_year - current;
    let diff = yy - current;
    if diff >= 51 {
        century - 100 + yy
    } else if diff <= -50 {
        century + 100 + yy
    } else {
        century + yy
    }
}

fn two(s: &str, r: Range<usize>) -> Option<u8> {
    s.get(r)?.parse().ok()
}

/// Reads `YYMMDD` (DD may be 00) into a date, choosing the century GS1's way.
pub fn date_yymmdd(value: &str, reference_year: i32) -> Option<MarkingDate> {
    let yy = two(value, 0..2)?;
    let month = two(value, 2..4)?;
    let day = two(value, 4..6)?;
    Some(MarkingDate {
        year: century_year(i32::from(yy), reference_year),
        month,
        day: (day != 0).then_some(day),
    })
}

/// Reads `YYYYMMDD`.
pub fn date_yyyymmdd(value: &str) -> Option<MarkingDate> {
    Some(MarkingDate {
        year: value.get(0..4)?.parse().ok()?,
        month: two(value, 4..6)?,
        day: Some(two(value, 6..8)?).filter(|d| *d != 0),
    })
}

/// Normalised fields of one marking. Unset fields are left out of JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Fields {
    /// GTIN-14 (shorter GTINs are padded with leading zeros).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<Sourced<String>>,
    /// Serial Shipping Container Code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sscc: Option<Sourced<String>>,
    /// Lot or batch number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<Sourced<String>>,
    /// Serial number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<Sourced<String>>,
    /// Production date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_date: Option<Sourced<MarkingDate>>,
    /// Expiry / use-by date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<Sourced<MarkingDate>>,
    /// A date whose meaning the marking does not say (DI `D`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Sourced<MarkingDate>>,
    /// NATO Stock Number (written out with its parts: see [`nsn_with_parts`]).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "nsn_with_parts"
    )]
    pub nsn: Option<Sourced<Nsn>>,
    /// DODIC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dodic: Option<Sourced<String>>,
    /// CAGE code of the maker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cage: Option<Sourced<String>>,
    /// Part number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_number: Option<Sourced<String>>,
    /// Unique item identifier (MIL-STD-130).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uii: Option<Sourced<String>>,
    /// Quantity or count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Sourced<u64>>,
    /// Additional product identification (AI 240).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_id: Option<Sourced<String>>,
    /// Order number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_number: Option<Sourced<String>>,
    /// Country of origin, as marked (ISO 3166 numeric or alpha-2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_of_origin: Option<Sourced<String>>,
}

fn sourced<T>(value: T, source: &str, span: &Range<usize>) -> Sourced<T> {
    Sourced {
        value,
        source: source.to_string(),
        span: span.clone(),
    }
}

/// Sets a field unless it holds a different value already; then records a conflict.
fn set<T: PartialEq + fmt::Debug>(
    slot: &mut Option<Sourced<T>>,
    name: &str,
    value: Sourced<T>,
    warnings: &mut Vec<String>,
) {
    match slot {
        None => *slot = Some(value),
        Some(old) if old.value == value.value => {}
        Some(old) => warnings.push(format!(
            "{name}: {} gives {:?} but {} gives {:?}; kept the first",
            old.source, old.value, value.source, value.value
        )),
    }
}

impl Fields {
    /// Fills fields from GS1 elements.
    pub fn add_gs1(&mut self, elements: &[Gs1Element], reference_year: i32, w: &mut Vec<String>) {
        for e in elements {
            let source = format!("AI ({})", e.ai);
            let v = e.value.clone();
            match e.ai.as_str() {
                "00" => set(&mut self.sscc, "sscc", sourced(v, &source, &e.span), w),
                "01" => set(&mut self.gtin, "gtin", sourced(v, &source, &e.span), w),
                "10" => set(&mut self.lot, "lot", sourced(v, &source, &e.span), w),
                "21" => set(&mut self.serial, "serial", sourced(v, &source, &e.span), w),
                "240" => set(
                    &mut self.additional_id,
                    "additional_id",
                    sourced(v, &source, &e.span),
                    w,
                ),
                "400" => set(
                    &mut self.order_number,
                    "order_number",
                    sourced(v, &source, &e.span),
                    w,
                ),
                "422" => set(
                    &mut self.country_of_origin,
                    "country_of_origin",
                    sourced(v, &source, &e.span),
                    w,
                ),
                "8004" => set(&mut self.uii, "uii", sourced(v, &source, &e.span), w),
                "30" | "37" => {
                    if let Ok(n) = v.parse() {
                        set(
                            &mut self.quantity,
                            "quantity",
                            sourced(n, &source, &e.span),
                            w,
                        );
                    }
                }
                "11" | "17" => {
                    if let Some(d) = date_yymmdd(&v, reference_year) {
                        let slot = if e.ai == "11" {
                            &mut self.production_date
                        } else {
                            &mut self.expiry_date
                        };
                        set(slot, "date", sourced(d, &source, &e.span), w);
                    }
                }
                "7001" => {
                    if let Ok(n) = Nsn::parse(&v) {
                        set(&mut self.nsn, "nsn", sourced(n, &source, &e.span), w);
                    }
                }
                _ => {}
            }
        }
    }

    /// Fills fields from ISO 15434 format 06 data identifiers.
    pub fn add_data_identifiers(
        &mut self,
        elements: &[DiElement],
        reference_year: i32,
        w: &mut Vec<String>,
    ) {
        // 1T (supplier lot) is preferred over T when both are present.
        let mut ordered: Vec<&DiElement> = elements.iter().collect();
        ordered.sort_by_key(|e| e.di != "1T");
        for e in ordered {
            let source = format!("DI {}", e.di);
            let v = e.value.clone();
            match e.di.as_str() {
                "1T" | "T" => set(&mut self.lot, "lot", sourced(v, &source, &e.span), w),
                "S" => set(&mut self.serial, "serial", sourced(v, &source, &e.span), w),
                "25S" => set(&mut self.uii, "uii", sourced(v, &source, &e.span), w),
                "1P" | "P" => set(
                    &mut self.part_number,
                    "part_number",
                    sourced(v, &source, &e.span),
                    w,
                ),
                "17V" => set(&mut self.cage, "cage", sourced(v, &source, &e.span), w),
                "K" => set(
                    &mut self.order_number,
                    "order_number",
                    sourced(v, &source, &e.span),
                    w,
                ),
                "4L" => set(
                    &mut self.country_of_origin,
                    "country_of_origin",
                    sourced(v, &source, &e.span),
                    w,
                ),
                "Q" => {
                    if let Ok(n) = v.parse() {
                        set(
                            &mut self.quantity,
                            "quantity",
                            sourced(n, &source, &e.span),
                            w,
                        );
                    }
                }
                "16D" | "14D" => {
                    if let Some(d) = date_yyyymmdd(&v) {
                        let slot = if e.di == "16D" {
                            &mut self.production_date
                        } else {
                            &mut self.expiry_date
                        };
                        set(slot, "date", sourced(d, &source, &e.span), w);
                    }
                }
                "D" => {
                    if let Some(d) = date_yymmdd(&v, reference_year) {
                        set(&mut self.date, "date", sourced(d, &source, &e.span), w);
                    }
                }
                _ => {}
            }
        }
    }
}

/// An NSN as written out: its usual form (`value`, `1305-01-234-5678`) and, however it
/// was printed (hyphens, spaces, `NSN` before it or not), the 13 digits, the supply
/// class (FSC), the NCB code, the NIIN and, for ammunition, the class's name.
fn nsn_with_parts<S: serde::Serializer>(
    nsn: &Option<Sourced<Nsn>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(serde::Serialize)]
    struct WithParts<'a> {
        value: &'a Nsn,
        digits: &'a str,
        supply_class: &'a str,
        ncb_code: &'a str,
        niin: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        supply_class_name: Option<&'static str>,
        source: &'a str,
        span: &'a Range<usize>,
    }
    match nsn {
        Some(n) => s.serialize_some(&WithParts {
            value: &n.value,
            digits: n.value.digits(),
            supply_class: n.value.supply_class(),
            ncb_code: n.value.ncb_code(),
            niin: n.value.niin(),
            supply_class_name: n.value.supply_class_name(),
            source: &n.source,
            span: &n.span,
        }),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gs1_century_rule() {
        assert_eq!(century_year(25, 2026), 2025);
        assert_eq!(century_year(75, 2026), 2075);
        assert_eq!(century_year(77, 2026), 1977);
        assert_eq!(century_year(99, 2026), 1999);
        assert_eq!(century_year(0, 2026), 2000);
        assert_eq!(century_year(10, 2090), 2110);
    }

    #[test]
    fn dates_print_as_iso_8601() {
        assert_eq!(date_yymmdd("250300", 2026).unwrap().to_string(), "2025-03");
        assert_eq!(
            date_yymmdd("251231", 2026).unwrap().to_string(),
            "2025-12-31"
        );
        assert_eq!(date_yyyymmdd("20240115").unwrap().to_string(), "2024-01-15");
        assert!(date_yymmdd("25", 2026).is_none());
    }
}
