//! Transfer records: exports and imports of ammunition lots between States, with the
//! end-user certificate that authorised them; tracing reads seized marks against them.
//!
//! Invariant: a transfer record has at least one line, each with a positive quantity
//! within [`MAX_QUANTITY`].

use time::Date;

use super::{AgencyId, AmmunitionLot, Revision, SharingScope, TransferId, check_record_date};
use crate::validate::{MAX_QUANTITY, MAX_TRANSFER_LINES, TextKind, Validate, Validator};

/// One lot and quantity in a transfer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferLine {
    /// Which lot.
    pub lot: AmmunitionLot,
    /// How many units.
    pub quantity: u64,
}

impl Validate for TransferLine {
    fn check(&self, v: &mut Validator) {
        v.nested("lot", &self.lot);
        v.range("quantity", self.quantity, 1, MAX_QUANTITY);
    }
}

/// A record of ammunition transferred from an exporter to an importer for an end user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRecord {
    /// Its id.
    pub id: TransferId,
    /// The agency that owns the record.
    pub agency_id: AgencyId,
    /// Who exported (company or State body).
    pub exporter: String,
    /// Who imported.
    pub importer: String,
    /// The declared end user.
    pub end_user: String,
    /// Reference of the end-user certificate.
    pub end_user_certificate_ref: String,
    /// What was transferred.
    pub lines: Vec<TransferLine>,
    /// Day of the transfer (`YYYY-MM-DD`).
    #[serde(with = "super::iso_date")]
    pub transferred_on: Date,
    /// Who else may see it.
    pub scope: SharingScope,
    /// Its current revision.
    pub revision: Revision,
}

impl Validate for TransferRecord {
    fn check(&self, v: &mut Validator) {
        v.text("exporter", &self.exporter, TextKind::Short);
        v.text("importer", &self.importer, TextKind::Short);
        v.text("end_user", &self.end_user, TextKind::Short);
        v.text(
            "end_user_certificate_ref",
            &self.end_user_certificate_ref,
            TextKind::Short,
        );
        v.count("lines", self.lines.len(), 1, MAX_TRANSFER_LINES);
        v.each("lines", &self.lines);
        check_record_date(v, "transferred_on", self.transferred_on);
        v.nested("scope", &self.scope);
        v.nested("revision", &self.revision);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{edit_cases, json_round_trip, lot, revision};
    use time::macros::date;

    fn transfer() -> TransferRecord {
        TransferRecord {
            id: TransferId::new(),
            agency_id: AgencyId::new(),
            exporter: "Завод № 711".into(),
            importer: "وزارة الدفاع".into(),
            end_user: "国防部".into(),
            end_user_certificate_ref: "EUC-2019/0042".into(),
            lines: vec![TransferLine {
                lot: lot(),
                quantity: 1_000_000,
            }],
            transferred_on: date!(2019 - 06 - 30),
            scope: SharingScope::National,
            revision: revision(3),
        }
    }

    edit_cases! {
        fixture: transfer();
        transfer_valid: |t| () => &[];
        transfer_no_lines: |t| t.lines.clear() => &["lines: is required"];
        transfer_too_many_lines: |t| t.lines = vec![t.lines[0].clone(); MAX_TRANSFER_LINES + 1] =>
            &["lines: must have at most 1000 entries"];
        transfer_zero_quantity: |t| t.lines[0].quantity = 0 =>
            &["lines[0].quantity: must be between 1 and 1000000000"];
        transfer_blank_euc: |t| t.end_user_certificate_ref = "\t".into() =>
            &["end_user_certificate_ref: is required"];
        transfer_far_future: |t| t.transferred_on = date!(2101 - 01 - 01) =>
            &["transferred_on: must be between 1900 and 2100"];
        transfer_nested_lot_and_parties: |t| {
            t.exporter.clear();
            t.lines[0].lot.manufacturer.clear();
        } =>
            &["exporter: is required", "lines[0].lot.manufacturer: is required"];
    }

    #[test]
    fn transfer_round_trips() {
        let t = transfer();
        json_round_trip(&t);
        assert_eq!(
            serde_json::to_value(&t).unwrap()["transferred_on"],
            "2019-06-30"
        );
    }
}
