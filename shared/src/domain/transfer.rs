//! Transfer records: exports and imports of ammunition lots between States, with the
//! end-user certificate that authorised them; tracing reads seized marks against them.
//!
//! Invariant: a transfer record has at least one line, each with a positive quantity
//! within [`MAX_QUANTITY`].

use time::Date;

use super::{AgencyId, AmmunitionLot, Revision, SharingScope, TransferId, check_record_date};
use crate::validate::{MAX_QUANTITY, MAX_TRANSFER_LINES, TextKind, Validate, Validator};

/// Most authorised retransfers one transfer record lists.
pub const MAX_AUTHORISED_RETRANSFERS: usize = 50;

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

/// Whether the end-user certificate forbids the end user to pass the ammunition on
/// (Global Framework objectives 8 and 9), and on what conditions it may.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NonRetransfer {
    /// Whether the certificate has a non-retransfer clause.
    pub clause: bool,
    /// Its conditions as written (e.g. "not without the exporting State's written
    /// consent").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
}

impl Validate for NonRetransfer {
    fn check(&self, v: &mut Validator) {
        v.opt_text("conditions", self.conditions.as_deref(), TextKind::Long);
    }
}

/// A retransfer the exporting State authorised despite the clause.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorisedRetransfer {
    /// To whom.
    pub to: String,
    /// The authorisation's reference.
    pub reference: String,
    /// When it was authorised (`YYYY-MM-DD`).
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub authorised_on: Date,
}

impl Validate for AuthorisedRetransfer {
    fn check(&self, v: &mut Validator) {
        v.text("to", &self.to, TextKind::Short);
        v.text("reference", &self.reference, TextKind::Short);
        check_record_date(v, "authorised_on", self.authorised_on);
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
    /// The certificate's non-retransfer clause, when known (absent from the wire
    /// when not, as for records made before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_retransfer: Option<NonRetransfer>,
    /// Reference of the delivery verification certificate, when one was issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_verification_ref: Option<String>,
    /// Retransfers the exporting State authorised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorised_retransfers: Vec<AuthorisedRetransfer>,
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
        v.nested_opt("non_retransfer", self.non_retransfer.as_ref());
        v.opt_text(
            "delivery_verification_ref",
            self.delivery_verification_ref.as_deref(),
            TextKind::Short,
        );
        v.list(
            "authorised_retransfers",
            &self.authorised_retransfers,
            MAX_AUTHORISED_RETRANSFERS,
        );
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
            non_retransfer: Some(NonRetransfer {
                clause: true,
                conditions: Some("Не без письменного согласия".into()),
            }),
            delivery_verification_ref: Some("DVC-2019/0042".into()),
            authorised_retransfers: vec![AuthorisedRetransfer {
                to: "Police Force".into(),
                reference: "AUTH-2021-7".into(),
                authorised_on: date!(2021 - 02 - 01),
            }],
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
        transfer_clause_unknown: |t| {
            t.non_retransfer = None;
            t.delivery_verification_ref = None;
            t.authorised_retransfers.clear();
        } => &[];
        transfer_blank_dvc: |t| t.delivery_verification_ref = Some(" ".into()) =>
            &["delivery_verification_ref: is required"];
        transfer_blank_retransfer: |t| t.authorised_retransfers[0].to.clear() =>
            &["authorised_retransfers[0].to: is required"];
        transfer_old_retransfer: |t| t.authorised_retransfers[0].authorised_on = date!(1899 - 12 - 31) =>
            &["authorised_retransfers[0].authorised_on: must be between 1900 and 2100"];
        transfer_too_many_retransfers: |t| {
            t.authorised_retransfers = vec![t.authorised_retransfers[0].clone(); MAX_AUTHORISED_RETRANSFERS + 1];
        } => &["authorised_retransfers: must have at most 50 entries"];
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

    #[test]
    fn transfers_stored_before_the_clause_read_as_unknown() {
        let mut t = transfer();
        t.non_retransfer = None;
        t.delivery_verification_ref = None;
        t.authorised_retransfers.clear();
        let json = serde_json::to_value(&t).unwrap();
        for absent in [
            "non_retransfer",
            "delivery_verification_ref",
            "authorised_retransfers",
        ] {
            assert!(json.get(absent).is_none(), "{absent}");
        }
        assert_eq!(serde_json::from_value::<TransferRecord>(json).unwrap(), t);
    }
}
