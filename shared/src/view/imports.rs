//! The import screens (console `/imports`, the app's Import screen): the form as typed
//! and the settings it gives, and what a check or an import found.
//!
//! Invariant: an inventory is imported only with at least one inspector to count it,
//! and inspectors' names are split the same way on both screens (commas, semicolons or
//! spaces); the form says what to correct before any file is sent.

use serde::{Deserialize, Serialize};

use crate::api::imports::{Outcome, RowError};

/// The message ids this view hands a renderer.
pub const MESSAGES: &[&str] = &[
    "import-assign-required",
    "import-partners-required",
    "import-done",
    "import-clean",
    "import-problems",
    "import-rows",
    "depot",
    "locations",
    "import-lots",
    "import-total-quantity",
    "import-records",
    "import-ignored",
];

/// What a file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// A depot's expected inventory: one stock check, assigned to inspectors.
    #[default]
    Inventory,
    /// Transfer records, one per end-user certificate.
    Transfers,
}

impl ImportKind {
    /// The name in forms and in the API's path (`/api/v1/imports/{name}`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ImportKind::Inventory => "inventory",
            ImportKind::Transfers => "transfers",
        }
    }

    /// The kind a form names (anything but `transfers` is an inventory, the form's
    /// default).
    pub fn from_form(name: &str) -> Self {
        if name.trim() == "transfers" {
            ImportKind::Transfers
        } else {
            ImportKind::Inventory
        }
    }
}

/// What is wrong with the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportProblem {
    /// An inventory names no inspector to count it.
    AssignRequired,
    /// Shared with partners, but none named.
    PartnersRequired,
}

impl ImportProblem {
    /// The message id both catalogs carry.
    pub const fn message_id(self) -> &'static str {
        match self {
            ImportProblem::AssignRequired => "import-assign-required",
            ImportProblem::PartnersRequired => "import-partners-required",
        }
    }
}

/// The import form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    /// Inventory or transfers.
    pub kind: ImportKind,
    /// The stock check's title (inventory; empty: the server names it).
    pub title: String,
    /// Inspectors' usernames (inventory).
    pub assign: String,
    /// `own_agency` (also when empty), `national` or `partners`.
    pub scope: String,
    /// Partner agencies' ids (scope `partners`).
    pub partners: String,
}

/// What to ask the server, from a form that needs no correction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSettings {
    /// Inventory or transfers.
    pub kind: ImportKind,
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// The stock check's title.
    pub title: Option<String>,
    /// Inspectors' usernames (inventory).
    pub assign: Vec<String>,
    /// The scope's wire name, when not the default.
    pub scope: Option<String>,
    /// Partner agencies' ids.
    pub partners: Vec<String>,
}

fn list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in text.split([',', ';', ' ', '\n', '\t']).map(str::trim) {
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

impl ImportForm {
    /// The settings to send, or what to correct first.
    pub fn settings(&self, dry_run: bool) -> Result<ImportSettings, ImportProblem> {
        let inventory = self.kind == ImportKind::Inventory;
        let assign = if inventory {
            list(&self.assign)
        } else {
            Vec::new()
        };
        if inventory && assign.is_empty() {
            return Err(ImportProblem::AssignRequired);
        }
        let scope =
            Some(self.scope.trim().to_string()).filter(|s| !s.is_empty() && s != "own_agency");
        let partners = if scope.as_deref() == Some("partners") {
            list(&self.partners)
        } else {
            Vec::new()
        };
        if scope.as_deref() == Some("partners") && partners.is_empty() {
            return Err(ImportProblem::PartnersRequired);
        }
        Ok(ImportSettings {
            kind: self.kind,
            dry_run,
            title: Some(self.title.trim().to_string()).filter(|t| inventory && !t.is_empty()),
            assign,
            scope,
            partners,
        })
    }
}

/// What the answer says, first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Records were written (how many).
    Written(usize),
    /// A check found nothing wrong: the file may be imported.
    Clean,
    /// Problems were found (how many, listed or not); nothing was written.
    Problems(u64),
}

/// A figure's value: a count (each renderer groups its digits) or text as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureValue {
    /// A number of rows, lots, units…
    Count(u64),
    /// Text from the file (a depot code, column names).
    Text(String),
}

/// One figure of what a file holds: its label's message id and its value.
pub type Figure = (&'static str, FigureValue);

/// What a check or an import found.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeView<'a> {
    /// The verdict.
    pub verdict: Verdict,
    /// What the file holds, those it gives.
    pub figures: Vec<Figure>,
    /// The problems listed, the file's first, then by line.
    pub errors: &'a [RowError],
    /// Problems found beyond those listed.
    pub not_listed: u64,
}

impl<'a> OutcomeView<'a> {
    /// The view of `o`.
    pub fn new(o: &'a Outcome) -> Self {
        let s = &o.summary;
        let problems = o.errors.len() as u64 + o.errors_not_listed;
        let verdict = if o.written {
            Verdict::Written(o.records.len())
        } else if problems == 0 {
            Verdict::Clean
        } else {
            Verdict::Problems(problems)
        };
        use FigureValue::{Count, Text};
        let mut figures = vec![("import-rows", Count(s.rows))];
        if let Some(d) = &s.depot {
            figures.push(("depot", Text(d.clone())));
        }
        if let Some(n) = s.locations {
            figures.push(("locations", Count(n)));
        }
        figures.push(("import-lots", Count(s.lots)));
        figures.push(("import-total-quantity", Count(s.total_quantity)));
        figures.push(("import-records", Count(s.records)));
        if !s.ignored_columns.is_empty() {
            figures.push(("import-ignored", Text(s.ignored_columns.join(", "))));
        }
        OutcomeView {
            verdict,
            figures,
            errors: &o.errors,
            not_listed: o.errors_not_listed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::imports::Summary;

    #[test]
    fn an_inventory_needs_inspectors_and_names_are_split_alike() {
        let mut f = ImportForm::default();
        assert_eq!(f.settings(true), Err(ImportProblem::AssignRequired));
        f.assign = " inspector.depot, a.b ;c  a.b\n".into();
        f.title = "  ".into();
        let s = f.settings(true).unwrap();
        assert_eq!(s.assign, ["inspector.depot", "a.b", "c"]);
        assert!(s.dry_run && s.title.is_none() && s.scope.is_none());
        f.title = " Q4 ".into();
        f.scope = "own_agency".into();
        let s = f.settings(false).unwrap();
        assert_eq!((s.title.as_deref(), s.scope), (Some("Q4"), None));

        let t = ImportForm {
            kind: ImportKind::Transfers,
            assign: "ignored".into(),
            title: "ignored".into(),
            scope: "partners".into(),
            ..ImportForm::default()
        };
        assert_eq!(t.settings(true), Err(ImportProblem::PartnersRequired));
        let t = ImportForm {
            partners: "p1, p2".into(),
            ..t
        };
        let s = t.settings(true).unwrap();
        assert!(s.assign.is_empty() && s.title.is_none());
        assert_eq!(
            (s.scope.as_deref(), s.partners.len()),
            (Some("partners"), 2)
        );
        assert_eq!(ImportKind::from_form("transfers"), ImportKind::Transfers);
        assert_eq!(ImportKind::from_form("x"), ImportKind::Inventory);
    }

    #[test]
    fn an_outcome_says_its_verdict_first_and_lists_what_the_file_gives() {
        let summary = Summary {
            rows: 12,
            locations: Some(3),
            lots: 4,
            total_quantity: 9000,
            records: 1,
            depot: Some("NORTH".into()),
            ignored_columns: vec!["colour".into()],
        };
        let clean = Outcome::failed(true, vec![], 0, summary.clone());
        let v = OutcomeView::new(&clean);
        assert_eq!(v.verdict, Verdict::Clean);
        let labels: Vec<&str> = v.figures.iter().map(|f| f.0).collect();
        assert_eq!(
            labels,
            [
                "import-rows",
                "depot",
                "locations",
                "import-lots",
                "import-total-quantity",
                "import-records",
                "import-ignored"
            ]
        );
        let bad = Outcome::failed(
            true,
            vec![RowError::file("required", "x")],
            4,
            Summary::default(),
        );
        let v = OutcomeView::new(&bad);
        assert_eq!(v.verdict, Verdict::Problems(5));
        assert_eq!(v.figures.len(), 4);
        let done = Outcome::written(summary, vec!["r1".into()]);
        assert_eq!(OutcomeView::new(&done).verdict, Verdict::Written(1));
    }
}
