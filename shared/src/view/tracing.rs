//! The tracing screens (console `/trace`, the app's Tracing screen): the search form as
//! typed and the criteria it gives, checked the same way on both.
//!
//! Invariant: a form gives criteria only when at least one criterion other than the
//! kind is filled in and the year, if any, is a production year the server accepts;
//! otherwise it says which of the two is wrong, and nothing is asked of the server.

use serde::Deserialize;

use crate::api::tracing::{Criteria, LotSplit, Match, PartySearch};
use crate::validate::{MAX_LOT_YEAR, MIN_LOT_YEAR};

/// The search form as typed (every field text; empty means "not given"). Field names
/// are the query string's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct TraceForm {
    /// Lot.
    pub lot: String,
    /// Sub-lot.
    pub sub_lot: String,
    /// Manufacturer or factory code.
    pub manufacturer: String,
    /// Calibre.
    pub calibre: String,
    /// Year of production.
    pub year: String,
    /// NSN.
    pub nsn: String,
    /// GTIN.
    pub gtin: String,
    /// Serial.
    pub serial: String,
    /// Only records of this kind (empty: all).
    pub kind: String,
}

/// The message ids this view hands a renderer: the problems and each criterion's label.
pub const MESSAGES: &[&str] = &[
    "trace-need-criterion",
    "trace-bad-year",
    "trace-lot",
    "trace-sub-lot",
    "trace-manufacturer",
    "trace-calibre",
    "trace-year",
    "trace-nsn",
    "trace-gtin",
    "trace-serial",
    "trace-kind",
    "split-transfers",
    "split-inventories",
    "split-seizures",
    "split-none",
];

/// A party search's terms on one line, by their names in the search
/// (`name: example freight · place: jebel ali`).
pub fn search_text(s: &PartySearch) -> String {
    [
        ("name", &s.name),
        ("identifier", &s.identifier),
        ("place", &s.place),
        ("concealment", &s.concealment),
    ]
    .iter()
    .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}: {v}")))
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The lot-split screen's sections, in the order both screens show them: where the
/// lot went to end users (transfers), where it is held (inventories), where it was
/// seized. Each title takes the section's line count as `$count`; an empty section
/// reads `split-none`.
pub fn split_sections(s: &LotSplit) -> [(&'static str, &[Match]); 3] {
    [
        ("split-transfers", &s.transfers),
        ("split-inventories", &s.inventories),
        ("split-seizures", &s.seizures),
    ]
}

/// What is wrong with a filled-in form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    /// Nothing to search by (the kind alone does not narrow a search enough).
    NeedCriterion,
    /// The year is not four digits between the first and last production year.
    BadYear,
}

impl FormProblem {
    /// The message id both catalogs carry.
    pub const fn message_id(self) -> &'static str {
        match self {
            FormProblem::NeedCriterion => "trace-need-criterion",
            FormProblem::BadYear => "trace-bad-year",
        }
    }
}

impl TraceForm {
    /// Whether nothing at all is filled in (a first visit to the screen).
    pub fn is_blank(&self) -> bool {
        self.criteria_unchecked().pairs().is_empty() && self.year.trim().is_empty()
    }

    /// The criteria, or what to correct.
    pub fn criteria(&self) -> Result<Criteria, FormProblem> {
        let year = match self.year.trim() {
            "" => None,
            y => match y.parse::<u16>() {
                Ok(y) if (MIN_LOT_YEAR..=MAX_LOT_YEAR).contains(&y) => Some(y),
                _ => return Err(FormProblem::BadYear),
            },
        };
        let c = Criteria {
            year,
            ..self.criteria_unchecked()
        };
        if c.is_empty() {
            return Err(FormProblem::NeedCriterion);
        }
        Ok(c)
    }

    fn criteria_unchecked(&self) -> Criteria {
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Criteria {
            lot: text(&self.lot),
            sub_lot: text(&self.sub_lot),
            manufacturer: text(&self.manufacturer),
            calibre: text(&self.calibre),
            year: None,
            nsn: text(&self.nsn),
            gtin: text(&self.gtin),
            serial: text(&self.serial),
            kind: text(&self.kind),
        }
    }
}

/// The message id naming a criterion (`lot` → `trace-lot`, `sub_lot` →
/// `trace-sub-lot`), the same in both catalogs.
pub fn criterion_label_id(name: &str) -> String {
    format!("trace-{}", name.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(lot: &str, year: &str, kind: &str) -> TraceForm {
        TraceForm {
            lot: lot.into(),
            year: year.into(),
            kind: kind.into(),
            ..TraceForm::default()
        }
    }

    #[test]
    fn a_form_gives_criteria_or_says_what_to_correct() {
        let c = form(" 17-85-0412 ", "1985", "").criteria().unwrap();
        assert_eq!((c.lot.as_deref(), c.year), (Some("17-85-0412"), Some(1985)));
        assert_eq!(
            form("", "", "transfer").criteria(),
            Err(FormProblem::NeedCriterion)
        );
        assert_eq!(form("", "", "").criteria(), Err(FormProblem::NeedCriterion));
        for year in ["85", "1849", "2101", "nineteen"] {
            assert_eq!(
                form("L", year, "").criteria(),
                Err(FormProblem::BadYear),
                "{year}"
            );
        }
        assert_eq!(form("", "1985", "").criteria().unwrap().year, Some(1985));
        assert!(form("", "", "").is_blank());
        assert!(!form("", "", "transfer").is_blank());
        assert!(!form("", "19", "").is_blank());
    }

    #[test]
    fn a_split_reads_from_the_lawful_chain_to_the_seizure() {
        let line = |lot: &str| Match {
            record_id: lot.into(),
            ..Match::default()
        };
        let split = LotSplit {
            transfers: vec![line("t")],
            seizures: vec![line("s1"), line("s2")],
            ..LotSplit::default()
        };
        let sections = split_sections(&split);
        let shape: Vec<(&str, usize)> = sections.iter().map(|(t, l)| (*t, l.len())).collect();
        assert_eq!(
            shape,
            [
                ("split-transfers", 1),
                ("split-inventories", 0),
                ("split-seizures", 2)
            ]
        );
    }

    #[test]
    fn criterion_labels_follow_the_query_names() {
        assert_eq!(criterion_label_id("sub_lot"), "trace-sub-lot");
        assert_eq!(criterion_label_id("nsn"), "trace-nsn");
    }
}
