//! What successive stock checks found of each lot's condition: one lot's condition
//! history (`GET /api/v1/lots/condition-history`) and the lots whose latest count
//! found them unserviceable, listed for disposal (`GET /api/v1/lots/disposal`).
//!
//! Invariant: both read only the caller's own agency's counts; a lot is listed for
//! disposal only on the word of the latest stock check that counted it, so a lot
//! found unserviceable once and serviceable since is not listed.

use serde::{Deserialize, Serialize};

use crate::domain::{AmmunitionLot, ConditionCode};

/// One count of the lot: one count line of one stock check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionEntry {
    /// The stock check.
    pub stock_check_id: String,
    /// Its title.
    pub title: String,
    /// When the check was opened (RFC 3339): checks are listed in this order.
    pub check_opened_at: String,
    /// When this count was last saved (RFC 3339).
    pub counted_at: String,
    /// Where it was counted (the location's code).
    pub location: String,
    /// Units counted.
    pub quantity: u64,
    /// The condition found.
    pub condition: ConditionCode,
    /// The inspector's remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A lot's condition over the stock checks that counted it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionHistory {
    /// The lot, as its latest count names it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub lot: AmmunitionLot,
    /// Every count of it, by check then time.
    pub entries: Vec<ConditionEntry>,
}

/// A lot whose latest stock check found units of it unserviceable (codes E–H).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisposalLot {
    /// The lot.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub lot: AmmunitionLot,
    /// Units found unserviceable by that check.
    pub quantity: u64,
    /// The unserviceable conditions found, in code order.
    pub conditions: Vec<ConditionCode>,
    /// Where they are (location codes, in the order counted).
    pub locations: Vec<String>,
    /// The check that found them.
    pub stock_check_id: String,
    /// Its title.
    pub title: String,
    /// When the check was opened (RFC 3339).
    pub check_opened_at: String,
    /// How many stock checks counted the lot in all (its history's length).
    pub checks: u32,
}

/// The lots to dispose of, by check (latest first), then lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisposalList {
    /// The lots.
    pub lots: Vec<DisposalLot>,
}
