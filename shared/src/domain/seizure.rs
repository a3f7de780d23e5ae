//! Seizure cases documented by customs officers: where and how the ammunition was
//! found, its route, the parties involved, the seized items with their marks, and
//! optionally the victims of related violence. A recovered cache is the same record
//! with a [`Recovery`] (see `recovery.rs`).
//!
//! Invariant: a case outside draft has at least one seized item; no list grows past
//! its limit in [`crate::validate`]; no seized item id appears twice in a case.

use time::Date;

use super::{
    AgencyId, AmmunitionLot, CountryCode, GeoPoint, PhotoRef, RecordKind, Recovery, Revision,
    SeizedItemId, SeizureId, SharingScope, VictimCounts, check_record_date,
};
use crate::validate::{
    MAX_ITEMS_PER_CASE, MAX_MARKINGS_PER_ITEM, MAX_PARTIES_PER_CASE, MAX_PHOTOS_PER_LINE,
    MAX_QUANTITY, MAX_TRANSIT_PLACES, Rule, TextKind, Validate, Validator,
};

wire_enum! {
    /// How the consignment travelled.
    pub enum ShippingMode ("mode of shipping") {
        /// By air.
        Air = "air",
        /// By sea.
        Sea = "sea",
        /// By road.
        Road = "road",
        /// By rail.
        Rail = "rail",
        /// By post.
        Postal = "postal",
        /// By express courier.
        Courier = "courier",
        /// Carried by a person on foot.
        OnFoot = "on_foot",
        /// Any other way (say how in the concealment or a party note).
        Other = "other",
    }
}

wire_enum! {
    /// The part a party played in the consignment.
    pub enum PartyRole ("party role") {
        /// Sender.
        Consignor = "consignor",
        /// Receiver.
        Consignee = "consignee",
        /// Broker who arranged the deal.
        Broker = "broker",
        /// Carrier who moved the goods.
        Carrier = "carrier",
        /// Freight forwarder.
        FreightForwarder = "freight_forwarder",
        /// Declared or presumed end user.
        EndUser = "end_user",
        /// Any other part (say which in the note).
        Other = "other",
    }
}

wire_enum! {
    /// Where a seizure case is in its review.
    pub enum CaseStatus ("case status") {
        /// Being written by the officer.
        Draft = "draft",
        /// Submitted for review.
        Submitted = "submitted",
        /// Approved by a supervisor.
        Approved = "approved",
        /// Returned by a supervisor for corrections.
        Returned = "returned",
    }
}

wire_enum! {
    /// What a seized quantity counts.
    pub enum QuantityUnit ("quantity unit") {
        /// Single cartridges or projectiles.
        Rounds = "rounds",
        /// Boxes or cartons.
        Boxes = "boxes",
        /// Crates or cases.
        Crates = "crates",
        /// Other single pieces (grenades, fuzes, mines).
        Pieces = "pieces",
    }
}

/// A person or company involved in the consignment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Name as documented, in any script.
    pub name: String,
    /// The part it played.
    pub role: PartyRole,
    /// Its country, when known.
    pub country: Option<CountryCode>,
    /// Anything else (address, document numbers).
    pub note: Option<String>,
    /// What identifies it beyond its name: a vessel's IMO number, an aircraft's
    /// registration, a company's registration number. Absent from the wire when not
    /// known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
}

impl Validate for Party {
    fn check(&self, v: &mut Validator) {
        v.text("name", &self.name, TextKind::Short);
        v.opt_text("note", self.note.as_deref(), TextKind::Long);
        v.opt_text("identifier", self.identifier.as_deref(), TextKind::Code);
    }
}

/// The route of the consignment, places or countries as free text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Where it started, when known.
    pub origin: Option<String>,
    /// Places it passed through, in order.
    pub transit: Vec<String>,
    /// Where it was going, when known.
    pub destination: Option<String>,
}

impl Validate for Route {
    fn check(&self, v: &mut Validator) {
        v.opt_text("origin", self.origin.as_deref(), TextKind::Short);
        v.texts(
            "transit",
            &self.transit,
            TextKind::Short,
            MAX_TRANSIT_PLACES,
        );
        v.opt_text("destination", self.destination.as_deref(), TextKind::Short);
    }
}

/// One kind of seized ammunition: a lot, how much of it, photos and decoded marks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeizedItem {
    /// Its id.
    pub id: SeizedItemId,
    /// The lot, as read from the marks and confirmed by the officer.
    pub lot: AmmunitionLot,
    /// What it is, in the officer's words.
    pub description: Option<String>,
    /// How many.
    pub quantity: u64,
    /// What the quantity counts.
    pub unit: QuantityUnit,
    /// Photos of headstamps, labels and stencils.
    pub photos: Vec<PhotoRef>,
    /// The texts of the codes scanned on the item or its packaging, as decoded
    /// (GS1 and ISO/IEC 15434 separators kept).
    pub markings: Vec<String>,
}

impl Validate for SeizedItem {
    fn check(&self, v: &mut Validator) {
        v.nested("lot", &self.lot);
        v.opt_text("description", self.description.as_deref(), TextKind::Long);
        v.range("quantity", self.quantity, 1, MAX_QUANTITY);
        v.list("photos", &self.photos, MAX_PHOTOS_PER_LINE);
        v.unique("photos", self.photos.iter().map(|p| p.sha256));
        v.texts(
            "markings",
            &self.markings,
            TextKind::Marking,
            MAX_MARKINGS_PER_ITEM,
        );
    }
}

/// A seizure of ammunition documented by one agency, or, with `recovery` set, a
/// recovered cache (found, abandoned, uncleared or handed-in ammunition): then
/// `seized_on` is the day of the recovery and `place` where it was found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeizureCase {
    /// Its id.
    pub id: SeizureId,
    /// The agency that owns the case.
    pub agency_id: AgencyId,
    /// The agency's own case reference.
    pub reference: String,
    /// Day of the seizure (`YYYY-MM-DD`).
    #[serde(with = "super::iso_date")]
    pub seized_on: Date,
    /// Where it happened (border post, port, town).
    pub place: String,
    /// GPS position, when the device had one.
    pub gps: Option<GeoPoint>,
    /// How the consignment travelled.
    pub mode_of_shipping: ShippingMode,
    /// How the ammunition was hidden, if it was.
    pub concealment: Option<String>,
    /// Where it came from and was going.
    pub route: Route,
    /// Where it was dispatched from, when known.
    pub point_of_dispatch: Option<String>,
    /// People and companies involved.
    pub parties: Vec<Party>,
    /// What was seized.
    pub items: Vec<SeizedItem>,
    /// Victims of related violence, when the case involves any.
    pub victims: Option<VictimCounts>,
    /// How a recovered cache was found and what was done with it; absent (and absent
    /// from the wire) for a seizure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Recovery>,
    /// Where it is in its review.
    pub status: CaseStatus,
    /// Who else may see it.
    pub scope: SharingScope,
    /// Its current revision.
    pub revision: Revision,
}

impl SeizureCase {
    /// The record kind it is stored as: a recovered cache when it has a recovery.
    pub fn kind(&self) -> RecordKind {
        if self.recovery.is_some() {
            RecordKind::RecoveredCache
        } else {
            RecordKind::SeizureCase
        }
    }

    /// Total quantity seized in `unit`, over all items.
    pub fn total_quantity(&self, unit: QuantityUnit) -> u64 {
        self.items
            .iter()
            .filter(|i| i.unit == unit)
            .map(|i| i.quantity)
            .fold(0, u64::saturating_add)
    }
}

impl Validate for SeizureCase {
    fn check(&self, v: &mut Validator) {
        v.text("reference", &self.reference, TextKind::Short);
        check_record_date(v, "seized_on", self.seized_on);
        v.text("place", &self.place, TextKind::Short);
        v.nested_opt("gps", self.gps.as_ref());
        v.opt_text("concealment", self.concealment.as_deref(), TextKind::Long);
        v.nested("route", &self.route);
        v.opt_text(
            "point_of_dispatch",
            self.point_of_dispatch.as_deref(),
            TextKind::Short,
        );
        v.list("parties", &self.parties, MAX_PARTIES_PER_CASE);
        // A draft may be saved before the first item is photographed.
        let min_items = usize::from(self.status != CaseStatus::Draft);
        v.count("items", self.items.len(), min_items, MAX_ITEMS_PER_CASE);
        v.each("items", &self.items);
        v.unique("items", self.items.iter().map(|i| i.id));
        v.nested_opt("victims", self.victims.as_ref());
        v.nested_opt("recovery", self.recovery.as_ref());
        if let Some(day) = self.recovery.as_ref().and_then(|r| r.action_on)
            && day < self.seized_on
        {
            v.report(
                "recovery.action_on",
                Rule::NotBefore {
                    other: "seized_on".into(),
                },
            );
        }
        v.nested("scope", &self.scope);
        v.nested("revision", &self.revision);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{
        edit_cases, json_round_trip, seized_item, seizure_case, seizure_case_strategy,
    };
    use crate::domain::{AgeBand, Sex, VictimCell};
    use proptest::prelude::*;

    edit_cases! {
        fixture: seizure_case();
        case_valid: |c| () => &[];
        case_unicode_everywhere: |c| {
            c.place = "Пункт пропуска «Северный»".into();
            c.concealment = Some("مخبأة في شحنة أرز\nHidden in rice".into());
            c.route.transit = vec!["广州".into(), "Dubai".into()];
            c.parties[0].name = "ООО «Восток»".into();
        } => &[];
        case_blank_reference: |c| c.reference = " ".into() => &["reference: is required"];
        case_date_too_early: |c| c.seized_on = time::macros::date!(1899 - 12 - 31) =>
            &["seized_on: must be between 1900 and 2100"];
        case_bad_gps: |c| c.gps.iter_mut().for_each(|g| g.latitude = 91.0) =>
            &["gps.latitude: must be between -90 and 90"];
        case_blank_transit: |c| c.route.transit.push(String::new()) =>
            &["route.transit[2]: is required"];
        case_too_many_transit: |c| c.route.transit = vec!["x".into(); 51] =>
            &["route.transit: must have at most 50 entries"];
        case_party_note_control: |c| c.parties[0].note = Some("\u{7}".into()) =>
            &["parties[0].note: must not contain control characters \
                (only line breaks and tabs are allowed)"];
        case_item_calibre: |c| c.items[0].lot.calibre.clear() =>
            &["items[0].lot.calibre: is required"];
        case_item_zero_quantity: |c| { c.items.push(seized_item()); c.items[1].quantity = 0; } =>
            &["items[1].quantity: must be between 1 and 1000000000"];
        case_item_duplicate_id: |c| { let twin = c.items[0].clone(); c.items.push(twin); } =>
            &["items[1]: is given more than once"];
        case_item_markings_keep_separators: |c| c.items[0].markings.push("\u{1D}10L\u{1D}".into())
            => &[];
        case_item_marking_nul: |c| c.items[0].markings.push("10\0".into()) =>
            &["items[0].markings[1]: must not contain control characters, line breaks or tabs"];
        case_item_too_many_markings: |c| c.items[0].markings = vec!["x".into(); 101] =>
            &["items[0].markings: must have at most 100 entries"];
        case_draft_without_items: |c| { c.status = CaseStatus::Draft; c.items.clear(); } => &[];
        case_submitted_without_items: |c| c.items.clear() => &["items: is required"];
        case_too_many_items: |c| c.items = (0..1001).map(|_| seized_item()).collect() =>
            &["items: must have at most 1000 entries"];
        case_item_limit: |c| c.items = (0..1000).map(|_| seized_item()).collect() => &[];
        case_victim_cell_twice: |c| {
            let cell = VictimCell { sex: Sex::Male, age: AgeBand::Adult, killed: 1, injured: 0 };
            c.victims = Some(VictimCounts::from_cells(vec![cell, cell]));
        } => &["victims[1]: is given more than once"];
        case_many_errors_at_once: |c| {
            c.place.clear();
            c.items[0].lot.lot = "弹".repeat(201);
            c.scope = SharingScope::Partners { agencies: vec![] };
        } => &[
            "place: is required",
            "items[0].lot.lot: must be at most 200 characters",
            "scope.agencies: is required",
        ];
    }

    #[test]
    fn wire_names() {
        let c = seizure_case();
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["seized_on"], "2024-03-15");
        assert_eq!(json["mode_of_shipping"], "on_foot");
        assert_eq!(json["status"], "submitted");
        assert_eq!(json["items"][0]["unit"], "rounds");
        assert_eq!(json["parties"][0]["role"], "freight_forwarder");
        json_round_trip(&c);
        let mut bad = json.clone();
        bad["items"][0]["colour"] = "green".into();
        assert!(serde_json::from_value::<SeizureCase>(bad).is_err());
        let mut bad = json;
        bad["seized_on"] = "15/03/2024".into();
        assert!(serde_json::from_value::<SeizureCase>(bad).is_err());
    }

    #[test]
    fn totals_by_unit() {
        let mut c = seizure_case();
        let mut boxes = seized_item();
        boxes.unit = QuantityUnit::Boxes;
        boxes.quantity = 7;
        c.items.push(boxes);
        c.items.push(seized_item());
        assert_eq!(
            c.total_quantity(QuantityUnit::Rounds),
            2 * seized_item().quantity
        );
        assert_eq!(c.total_quantity(QuantityUnit::Boxes), 7);
        assert_eq!(c.total_quantity(QuantityUnit::Crates), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn seizure_case_round_trips_and_validates(c in seizure_case_strategy()) {
            json_round_trip(&c);
            prop_assert!(c.validate().is_ok(), "{:?}", c.validate());
        }
    }
}
