//! Imports of expected inventory and transfers (`POST /api/v1/imports/{kind}`): what a
//! file holds, every problem found where the user can find it, and what was written.
//!
//! Invariant: records are written only when no problem was found (`written` implies
//! empty `errors` and no `errors_not_listed`); a dry run never writes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a file holds, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    /// Data rows read (blank rows not counted).
    pub rows: u64,
    /// Distinct storage locations (inventory imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<u64>,
    /// Distinct lots (manufacturer, calibre, lot, sub-lot).
    pub lots: u64,
    /// Sum of the quantities.
    pub total_quantity: u64,
    /// Records the import makes (or made): 1 stock check, or one transfer per
    /// certificate; 0 while anything is wrong.
    pub records: u64,
    /// The depot's code (inventory imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depot: Option<String>,
    /// Headers of the file that no column takes (their cells are ignored).
    pub ignored_columns: Vec<String>,
}

/// One problem in an import, where the user can find it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// Row number as the spreadsheet shows it; absent for the whole file or a parameter.
    pub line: Option<u64>,
    /// Column header as written in the file (or the parameter name); absent for a
    /// problem of the whole row or file.
    pub column: Option<String>,
    /// Stable name of the rule broken, e.g. `required`, `format`, `out_of_range`.
    pub rule: String,
    /// What is wrong, completing "line 14, column quantity: …".
    pub message: String,
}

impl RowError {
    /// A problem of one cell, row or the file.
    pub fn new(
        line: Option<u64>,
        column: Option<&str>,
        rule: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            line,
            column: column.map(str::to_string),
            rule: rule.to_string(),
            message: message.into(),
        }
    }

    /// A problem of the whole file.
    pub fn file(rule: &str, message: impl Into<String>) -> Self {
        Self::new(None, None, rule, message)
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            (None, Some(c)) => write!(f, "{c}: {}", self.message),
            (None, None) => write!(f, "file: {}", self.message),
        }
    }
}

/// The answer to an import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether records were written.
    pub written: bool,
    /// What the file holds.
    pub summary: Summary,
    /// Every problem found (nothing is written while there is one).
    pub errors: Vec<RowError>,
    /// Problems found beyond the listed ones.
    pub errors_not_listed: u64,
    /// Ids of the records written.
    pub records: Vec<String>,
}

impl Outcome {
    /// Nothing written: a dry run, or problems (listed by row, the file's and the
    /// parameters' first; the columns of one row in the order they were checked).
    pub fn failed(
        dry_run: bool,
        mut errors: Vec<RowError>,
        errors_not_listed: u64,
        summary: Summary,
    ) -> Self {
        errors.sort_by_key(|e| e.line);
        Self {
            dry_run,
            written: false,
            summary,
            errors,
            errors_not_listed,
            records: Vec::new(),
        }
    }

    /// Records written.
    pub fn written(summary: Summary, records: Vec<String>) -> Self {
        Self {
            dry_run: false,
            written: true,
            summary,
            errors: Vec::new(),
            errors_not_listed: 0,
            records,
        }
    }

    /// Whether anything is wrong.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.errors_not_listed > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_where_the_user_finds_them_and_sort_by_row() {
        let e = |line, column| RowError::new(line, column, "required", "is empty");
        assert_eq!(
            e(Some(14), Some("quantity")).to_string(),
            "line 14, column quantity: is empty"
        );
        assert_eq!(e(Some(3), None).to_string(), "line 3: is empty");
        assert_eq!(e(None, Some("depot")).to_string(), "depot: is empty");
        assert_eq!(
            RowError::file("format", "not CSV").to_string(),
            "file: not CSV"
        );
        let o = Outcome::failed(
            true,
            vec![e(Some(9), None), e(None, None), e(Some(2), None)],
            4,
            Summary::default(),
        );
        let lines: Vec<_> = o.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![None, Some(2), Some(9)]);
        assert!(o.has_errors() && !o.written);
        assert!(!Outcome::written(Summary::default(), vec!["r".into()]).has_errors());
    }
}
