//! Tracing across agencies (`GET /api/v1/trace`, `GET /api/v1/trace/lot-split`): the
//! criteria a supervisor gives, the matching lines the caller may see in detail, and
//! the agencies holding matches the caller may not see.
//!
//! Invariant: an agency holding matching records the caller may not see is only ever a
//! [`Holder`] (its name and country): no answer here carries a count, a record or a
//! kind of those records.

use serde::{Deserialize, Serialize};

use crate::domain::{RecordKind, RecordStatus};

/// The criteria of a trace: every one given must match (after normalisation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// Lot number (case and spacing ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// Sub-lot number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_lot: Option<String>,
    /// Manufacturer or factory code (case and spacing ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// Calibre in any spelling (`7,62×39`, `9mm Luger` = `9x19mm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibre: Option<String>,
    /// Year of production.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// NATO Stock Number, with or without hyphens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsn: Option<String>,
    /// GTIN (8, 12, 13 or 14 digits), as read from a seized item's markings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    /// Serial number, as read from a seized item's markings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Only records of this kind (not a criterion by itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

fn given(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Criteria {
    /// The criteria given, trimmed, in the order screens show them, each named as in
    /// the query string (`lot`, `sub_lot`, …, `kind`).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("lot", given(&self.lot)),
            ("sub_lot", given(&self.sub_lot)),
            ("manufacturer", given(&self.manufacturer)),
            ("calibre", given(&self.calibre)),
            ("year", self.year.map(|y| y.to_string())),
            ("nsn", given(&self.nsn)),
            ("gtin", given(&self.gtin)),
            ("serial", given(&self.serial)),
            ("kind", given(&self.kind)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }

    /// Whether no criterion (other than the kind) is given.
    pub fn is_empty(&self) -> bool {
        self.pairs().iter().all(|(k, _)| *k == "kind")
    }

    /// The criteria trimmed, blank ones left out.
    pub fn cleaned(&self) -> Criteria {
        Criteria {
            lot: given(&self.lot),
            sub_lot: given(&self.sub_lot),
            manufacturer: given(&self.manufacturer),
            calibre: given(&self.calibre),
            year: self.year,
            nsn: given(&self.nsn),
            gtin: given(&self.gtin),
            serial: given(&self.serial),
            kind: given(&self.kind),
        }
    }
}

/// A lot line as indexed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// Position of the line in its record (0 first).
    pub line: i64,
    /// Manufacturer (normalised).
    pub manufacturer: String,
    /// Calibre (canonical form).
    pub calibre: String,
    /// Year of production.
    pub year: Option<i64>,
    /// Lot (normalised).
    pub lot: String,
    /// Sub-lot.
    pub sub_lot: Option<String>,
    /// NSN digits.
    pub nsn: Option<String>,
    /// GTIN-14 read from the markings.
    pub gtin: Option<String>,
    /// Serial read from the markings.
    pub serial: Option<String>,
    /// Quantity.
    pub quantity: i64,
    /// Depot of a stock check or count line.
    pub depot: Option<String>,
    /// Storage location code, or the place of a seizure.
    pub location: Option<String>,
    /// End user of a transfer.
    pub end_user: Option<String>,
    /// Importer of a transfer.
    pub importer: Option<String>,
    /// End-user certificate reference of a transfer, or a seizure's case reference.
    pub reference: Option<String>,
}

impl Line {
    /// Where the line is: its depot and location, as given.
    pub fn place(&self) -> Vec<&str> {
        [self.depot.as_deref(), self.location.as_deref()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// One matching lot line the caller may see.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Match {
    /// The record.
    pub record_id: String,
    /// Its kind.
    pub kind: RecordKind,
    /// Owning agency.
    pub agency_id: String,
    /// Owning agency's name.
    pub agency_name: String,
    /// Owning agency's country.
    pub country: String,
    /// The record's workflow status.
    pub status: RecordStatus,
    /// Last change of the record.
    pub updated_at: String,
    /// Day of the seizure or transfer, when the kind has one.
    pub date: Option<String>,
    /// The matching line.
    pub line: Line,
}

/// An agency holding at least one matching record the caller may not see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holder {
    /// The agency (to address an access request).
    pub agency_id: String,
    /// Its name.
    pub agency_name: String,
    /// Its country.
    pub country: String,
}

/// The answer to a trace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceAnswer {
    /// The criteria as the index compared them (normalised).
    pub criteria: Criteria,
    /// Matching lines the caller may see, in detail.
    pub matches: Vec<Match>,
    /// Whether there were more than `limit` visible matches.
    pub truncated: bool,
    /// Most visible matches in one answer.
    pub limit: usize,
    /// Agencies that hold at least one matching record the caller may not see (no
    /// count, no record, no kind), by name; ask them with an access request. Only
    /// searched for lot-level criteria (see `holders_searched`).
    pub holders: Vec<Holder>,
    /// Whether other agencies' records were searched for holders: only when the
    /// criteria name one lot (a lot with its maker or calibre, an NSN with a lot, a
    /// GTIN with a serial or a lot); broader criteria search only what the caller may
    /// see.
    pub holders_searched: bool,
}

/// Where one lot went: transfers to end users, inventories holding it, seizures of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LotSplit {
    /// The lot as the index compared it.
    pub criteria: Criteria,
    /// Transfer lines of the lot: `line.end_user`, `line.reference` (end-user
    /// certificate), `line.importer`, `date`, `line.quantity`.
    pub transfers: Vec<Match>,
    /// Stock-check expected lines and count lines: `line.depot`, `line.location`,
    /// `line.quantity`.
    pub inventories: Vec<Match>,
    /// Seized items of the lot: `line.location` (place), `line.reference` (case),
    /// `date`, `line.quantity`.
    pub seizures: Vec<Match>,
    /// Whether there were more than `limit` visible lines in all.
    pub truncated: bool,
    /// Most visible lines in one answer.
    pub limit: usize,
    /// Agencies holding matching records of any kind the caller may not see (searched
    /// only when the lot comes with its maker or calibre: `holders_searched`).
    pub holders: Vec<Holder>,
    /// Whether other agencies' records were searched for holders.
    pub holders_searched: bool,
    /// The terms of the transfers listed (one per transfer record, in their order):
    /// the end-user certificate's non-retransfer clause, the delivery verification
    /// certificate and the retransfers authorised.
    #[serde(default)]
    pub transfer_terms: Vec<TransferTerms>,
    /// Whether a transfer listed forbade retransfer: then a seizure of the lot outside
    /// its end user's hands is marked, since it may be a diversion in breach of the
    /// certificate.
    #[serde(default)]
    pub retransfer_barred: bool,
}

/// What a party search looks for (at least one): a party's name, its identifier, a
/// place (origin, transit, destination, point of dispatch), or words of a
/// concealment method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PartySearch {
    /// A party's name in any spelling of it (`Example Freight Ltd` =
    /// `EXAMPLE FREIGHT LIMITED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An IMO number, aircraft registration or company number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// A place of a route or a point of dispatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Words of a concealment method (matched as a phrase within it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concealment: Option<String>,
}

/// One party, place or concealment method of a record the caller may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyMatch {
    /// The record.
    pub record_id: String,
    /// Its kind (seizure case or transfer).
    pub kind: RecordKind,
    /// The agency that holds it.
    pub agency_name: String,
    /// `party`, `place` or `concealment`.
    pub facet: String,
    /// The party's role (`broker`, `carrier`…; `exporter`, `importer`, `end_user` for a
    /// transfer), or where the place stands (`origin`, `transit`, `destination`,
    /// `dispatch`).
    pub role: String,
    /// As written in the record.
    pub name: String,
    /// Its identifier, when the record gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Its country, when the record gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The case reference or end-user certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The day of the seizure or transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Where else a party, place or concealment method appears.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyAnswer {
    /// The search as its keys compared it.
    pub search: PartySearch,
    /// Matches in records the caller may see, newest first.
    pub matches: Vec<PartyMatch>,
    /// Whether there were more than `limit`.
    pub truncated: bool,
    /// Most matches in one answer.
    pub limit: usize,
    /// Agencies holding records that name it which the caller may not see (no count,
    /// no record): ask them with an access request. Not searched for concealment
    /// words alone, which are too broad to say who holds what.
    pub holders: Vec<Holder>,
    /// Whether holders were searched.
    pub holders_searched: bool,
}

/// What a transfer record says of the ammunition's onward fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferTerms {
    /// The transfer record.
    pub record_id: String,
    /// Its end-user certificate.
    pub end_user_certificate_ref: String,
    /// Its end user.
    pub end_user: String,
    /// The certificate's non-retransfer clause, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_retransfer: Option<crate::domain::NonRetransfer>,
    /// The delivery verification certificate, when one was issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_verification_ref: Option<String>,
    /// Retransfers the exporting State authorised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorised_retransfers: Vec<crate::domain::AuthorisedRetransfer>,
}

impl TransferTerms {
    /// Whether the certificate forbids retransfer.
    pub fn bars_retransfer(&self) -> bool {
        self.non_retransfer.as_ref().is_some_and(|n| n.clause)
    }
}

/// Longest grant, in days.
pub const MAX_GRANT_DAYS: u16 = 365;

/// A new access request (`POST /api/v1/access-requests`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The agency that holds the records (one of a trace's or a party search's
    /// `holders`).
    pub agency_id: String,
    /// The trace criteria the records match (a lot request; empty with `party`).
    #[serde(default)]
    pub criteria: Criteria,
    /// The party search the records match (a request by party, place or identifier;
    /// at least a name, an identifier or a place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<PartySearch>,
    /// Why the records are needed (the holder reads this).
    pub reason: String,
}

/// An access request as one of its two agencies sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequest {
    /// Its id.
    pub id: String,
    /// The asking agency.
    pub requester_agency_id: String,
    /// Its name.
    pub requester_agency_name: String,
    /// The holding agency.
    pub holder_agency_id: String,
    /// Its name.
    pub holder_agency_name: String,
    /// The trace criteria (empty for a request by party).
    pub criteria: Criteria,
    /// The party search, for a request by party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<PartySearch>,
    /// Why.
    pub reason: String,
    /// `pending`, `granted` or `refused`.
    pub status: String,
    /// When it was sent.
    pub created_at: String,
    /// When it was decided.
    pub decided_at: Option<String>,
    /// The holder's comment on its decision.
    pub comment: Option<String>,
    /// When a grant ends.
    pub expires_at: Option<String>,
    /// The records granted (readable by the requester until `expires_at`).
    pub granted_records: Vec<String>,
    /// For the holder only: its records that match the criteria now (lot requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<Vec<Match>>,
    /// For the holder only: its parties, places and records that match the party
    /// search now (requests by party).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_parties: Option<Vec<PartyMatch>>,
    /// For the holder only: whether there were more matches than listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_truncated: Option<bool>,
}

/// Which access requests to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Mailbox {
    /// Requests to the caller's agency (the default).
    #[default]
    Incoming,
    /// Requests the caller's agency sent.
    Outgoing,
}

impl Mailbox {
    /// The name in the query string (`box=`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Mailbox::Incoming => "incoming",
            Mailbox::Outgoing => "outgoing",
        }
    }
}

/// `grant` or `refuse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Let the requester see the records.
    Grant,
    /// Do not.
    Refuse,
}

/// The holder's decision (`POST /api/v1/access-requests/{id}/decision`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `grant` or `refuse`.
    pub decision: Decision,
    /// Grant only these of your matching records (default: all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_ids: Option<Vec<String>>,
    /// How many days the grant lasts, 1 to 365 (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u16>,
    /// A note to the requester.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_trimmed_ordered_and_the_kind_alone_is_no_criterion() {
        let c = Criteria {
            lot: Some(" 17-85 ".into()),
            calibre: Some("".into()),
            year: Some(1985),
            kind: Some("transfer".into()),
            ..Criteria::default()
        };
        assert_eq!(
            c.pairs(),
            vec![
                ("lot", "17-85".to_string()),
                ("year", "1985".to_string()),
                ("kind", "transfer".to_string())
            ]
        );
        assert!(!c.is_empty());
        assert_eq!(c.cleaned().calibre, None);
        let only_kind = Criteria {
            kind: Some("transfer".into()),
            ..Criteria::default()
        };
        assert!(only_kind.is_empty());
    }

    #[test]
    fn an_answer_missing_a_field_is_an_error_and_unknown_criteria_are_refused() {
        let answer = serde_json::json!({ "criteria": {}, "matches": [], "truncated": false,
            "limit": 500, "holders": [] });
        assert!(serde_json::from_value::<TraceAnswer>(answer).is_err());
        assert!(serde_json::from_value::<Criteria>(serde_json::json!({ "lott": "1" })).is_err());
    }
}
