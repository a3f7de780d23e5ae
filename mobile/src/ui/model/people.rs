//! The people a seizure case names: parties (consignor, broker, carrier…) and the
//! counts of victims by sex and age band.

use tracemark_shared::domain::{AgeBand, PartyRole, Sex};

/// A party to the consignment as typed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PartyForm {
    /// Name.
    pub name: String,
    /// Role.
    pub role: PartyRole,
    /// Country, two letters.
    pub country: String,
    /// Note.
    pub note: String,
    /// IMO number, aircraft registration or company number.
    pub identifier: String,
}

impl Default for PartyForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            role: PartyRole::Consignor,
            country: String::new(),
            note: String::new(),
            identifier: String::new(),
        }
    }
}

/// One row of victim counts as typed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct VictimForm {
    /// Sex.
    pub sex: Sex,
    /// Age band.
    pub age: AgeBand,
    /// Killed.
    pub killed: String,
    /// Injured.
    pub injured: String,
}

impl Default for VictimForm {
    fn default() -> Self {
        Self {
            sex: Sex::Unknown,
            age: AgeBand::Unknown,
            killed: String::new(),
            injured: String::new(),
        }
    }
}
