//! Domain records of Tracemark: who works (agencies, users, devices), what is held
//! (depots, lots, stock checks and counts), what was seized, and what was transferred.
//!
//! Invariant: these are pure data with no I/O. Values whose shape can be checked alone
//! (ids, country codes, hashes, NSNs) cannot be built in a bad shape; everything that
//! depends on limits or on other fields is checked by [`crate::validate::Validate`].

#[macro_use]
mod macros;

mod ammunition_type;
mod common;
mod hazard;
mod identity;
mod ids;
mod inventory;
mod names;
mod recovery;
mod seizure;
#[cfg(test)]
pub(crate) mod testing;
mod transfer;
mod victims;

pub use ammunition_type::AmmunitionType;
pub use common::{
    CountryCode, GeoPoint, MediaType, PhotoRef, RecordKind, RecordStatus, Revision, Sha256,
    SharingScope,
};
pub use hazard::{
    CompatibilityGroup, HazardCode, HazardDivision, MixedGroups, Mixing, mixed_groups,
};
pub use identity::{Agency, Device, Platform, Role, User};
pub use ids::{
    AgencyId, CountLineId, DepotId, DeviceId, ExpectedLineId, LocationId, SeizedItemId, SeizureId,
    StockCheckId, TransferId, UserId,
};
pub use inventory::{
    AmmunitionLot, ConditionCode, CountLine, Depot, ExpectedLine, StockCheck, StockCheckStatus,
    StorageLocation,
};
pub use names::{identifier_key, party_key, place_key};
pub use recovery::{RecoveredCondition, Recovery, RecoveryAction, RecoveryCircumstance};
pub use seizure::{
    CaseStatus, Party, PartyRole, QuantityUnit, Route, SeizedItem, SeizureCase, ShippingMode,
};
pub use transfer::{AuthorisedRetransfer, NonRetransfer, TransferLine, TransferRecord};
pub use victims::{AgeBand, Sex, VictimCell, VictimCounts, VictimTotals};

use crate::validate::Rule;

/// Longest part of a refused input quoted back in a [`ParseError`].
const QUOTED_INPUT_MAX_CHARS: usize = 40;

/// Text that is not a valid value of a domain type (an id, code, hash or enum name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid {what}: expected {expected}")]
pub struct ParseError {
    what: &'static str,
    expected: &'static str,
    input: String,
}

impl ParseError {
    /// An error for `input`, quoted back shortened so hostile input stays small.
    pub(crate) fn new(what: &'static str, expected: &'static str, input: &str) -> Self {
        let input = input.chars().take(QUOTED_INPUT_MAX_CHARS).collect();
        Self {
            what,
            expected,
            input,
        }
    }

    /// What kind of value was being read, e.g. "country code".
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// What was expected, e.g. "two letters (ISO 3166-1 alpha-2), e.g. KE".
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// The same problem as a validation rule, for forms that parse while validating.
    pub fn rule(&self) -> Rule {
        Rule::Format {
            expected: self.expected.into(),
        }
    }
}

/// Serde for calendar dates as ISO 8601 `YYYY-MM-DD` (plain `time` would use a tuple).
mod date_serde {
    time::serde::format_description!(pub(crate) iso_date, Date, "[year]-[month]-[day]");
}
pub(crate) use date_serde::iso_date;

/// Serde for optional calendar dates as `YYYY-MM-DD` or null. Read through an
/// optional string, so it also reads inside internally tagged enums (sync changes),
/// where `time`'s own optional form refuses a null.
pub(crate) mod iso_date_opt {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub(crate) fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::iso_date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                Date::parse(
                    &text,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .map_err(|_| {
                    serde::de::Error::custom(format!("{text:?} is not a date such as 2026-11-23"))
                })
            })
            .transpose()
    }
}

/// Checks a calendar date's year against the record limits.
pub(crate) fn check_record_date(v: &mut crate::validate::Validator, field: &str, date: time::Date) {
    use crate::validate::{MAX_RECORD_YEAR, MIN_RECORD_YEAR};
    v.range(field, date.year(), MIN_RECORD_YEAR, MAX_RECORD_YEAR);
}
