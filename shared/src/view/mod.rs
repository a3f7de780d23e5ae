//! Renderer-free screen views: what a screen shows, in what order, and what it leaves
//! out, decided once and drawn by both the browser console (server-side HTML) and the
//! field app's supervisor screens (Dioxus). Each renderer only turns a view into its
//! own markup and its own language's words.
//!
//! Invariant: no text of a language is made here (statuses stay [`Status`] values,
//! numbers stay numbers) and nothing is read or written: a view is a pure function of
//! an API answer.
//!
//! [`Status`]: crate::api::reconcile::Status

pub mod access;
pub mod failure;
pub mod imports;
pub mod reconcile;
pub mod record;
pub mod reports;
pub mod review;
pub mod tracing;

use crate::domain::{
    QuantityUnit, RecordKind, RecordStatus, RecoveredCondition, RecoveryAction,
    RecoveryCircumstance, ShippingMode,
};
use crate::marking::MarkingKind;

/// A family of values that travel as wire names (`seizure_case`, `in_progress`) and
/// are shown as words: the message id of a value is `{family}-{wire name}`, the same in
/// the console's and the app's catalogs. A renderer shows the value itself when its
/// catalog has no word for it (a newer server's value reads as sent, never as blank).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// A record's kind.
    Kind,
    /// A record's workflow status (cases and stock checks).
    Status,
    /// A record's sharing scope.
    Scope,
    /// A seizure's mode of shipping.
    Mode,
    /// A quantity's unit.
    Unit,
    /// What a decoded marking was recognised as.
    CodeKind,
    /// A field parsed from a marking.
    CodeField,
    /// Where an access request stands.
    AccessStatus,
    /// How a recovered cache came to be recovered.
    Circumstance,
    /// The state a recovered cache was found in.
    Condition,
    /// What was done with a recovered cache.
    Action,
}

/// The fields a marking's parser names (`marking::Fields`), in its order.
pub const CODE_FIELDS: &[&str] = &[
    "gtin",
    "sscc",
    "lot",
    "serial",
    "production_date",
    "expiry_date",
    "date",
    "nsn",
    "dodic",
    "cage",
    "part_number",
    "uii",
    "quantity",
    "additional_id",
    "order_number",
    "country_of_origin",
];

/// Sharing scopes by their wire names.
pub const SCOPES: &[&str] = &["own_agency", "national", "partners"];

/// Where an access request stands, by wire name.
pub const ACCESS_STATUSES: &[&str] = &["pending", "granted", "refused"];

impl Term {
    /// Every family.
    pub const ALL: [Term; 11] = [
        Term::Kind,
        Term::Status,
        Term::Scope,
        Term::Mode,
        Term::Unit,
        Term::CodeKind,
        Term::CodeField,
        Term::AccessStatus,
        Term::Circumstance,
        Term::Condition,
        Term::Action,
    ];

    const fn prefix(self) -> &'static str {
        match self {
            Term::Kind => "kind",
            Term::Status => "status",
            Term::Scope => "scope",
            Term::Mode => "mode",
            Term::Unit => "unit",
            Term::CodeKind => "code-kind",
            Term::CodeField => "code-field",
            Term::AccessStatus => "access-status",
            Term::Circumstance => "circumstance",
            Term::Condition => "cache-condition",
            Term::Action => "cache-action",
        }
    }

    /// The message id of `value` in this family, e.g. `kind-seizure_case`.
    pub fn id(self, value: &str) -> String {
        format!("{}-{value}", self.prefix())
    }

    /// Every value of the family this version knows, by wire name.
    pub fn values(self) -> Vec<&'static str> {
        fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|v| name(*v)).collect()
        }
        match self {
            Term::Kind => names(RecordKind::ALL, RecordKind::as_str),
            Term::Status => names(RecordStatus::ALL, RecordStatus::as_str),
            Term::Scope => SCOPES.to_vec(),
            Term::Mode => names(ShippingMode::ALL, ShippingMode::as_str),
            Term::Unit => names(QuantityUnit::ALL, QuantityUnit::as_str),
            Term::CodeKind => names(MarkingKind::ALL, MarkingKind::as_str),
            Term::CodeField => CODE_FIELDS.to_vec(),
            Term::AccessStatus => ACCESS_STATUSES.to_vec(),
            Term::Circumstance => names(RecoveryCircumstance::ALL, RecoveryCircumstance::as_str),
            Term::Condition => names(RecoveredCondition::ALL, RecoveredCondition::as_str),
            Term::Action => names(RecoveryAction::ALL, RecoveryAction::as_str),
        }
    }
}

/// Every message id a view can hand a renderer: each [`Term`] value's and each fixed
/// label or problem. Both catalogs' tests check they carry all of them.
pub fn message_ids() -> Vec<String> {
    let mut ids: Vec<String> = Term::ALL
        .iter()
        .flat_map(|t| t.values().into_iter().map(move |v| t.id(v)))
        .collect();
    for fixed in [
        tracing::MESSAGES,
        review::MESSAGES,
        record::MESSAGES,
        access::MESSAGES,
        failure::MESSAGES,
        imports::MESSAGES,
    ] {
        ids.extend(fixed.iter().map(|s| s.to_string()));
    }
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_named_by_family_and_wire_name() {
        assert_eq!(Term::Kind.id("seizure_case"), "kind-seizure_case");
        assert_eq!(Term::CodeKind.id("nsn"), "code-kind-nsn");
        assert!(Term::Status.values().contains(&"in_progress"));
        assert!(Term::Status.values().contains(&"draft"));
        let ids = message_ids();
        assert!(ids.len() > 100, "{}", ids.len());
        assert!(ids.iter().all(|id| !id.is_empty() && !id.ends_with('-')));
    }
}
