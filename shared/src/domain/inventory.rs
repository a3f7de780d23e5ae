//! Depot inventory: depots and their storage locations, ammunition lots, stock checks
//! with the expected lines an inspector downloads and the count lines they enter.
//!
//! Invariant: every quantity is bounded by [`MAX_QUANTITY`] and every lot names its
//! manufacturer, calibre and lot number; an expected line always expects at least one
//! unit, while a count line may count zero (an empty location is a finding).

use super::{
    AgencyId, AmmunitionType, CountLineId, DepotId, ExpectedLineId, HazardCode, LocationId,
    PhotoRef, Revision, SharingScope, StockCheckId, UserId,
};
use crate::marking::nsn::{Dodic, Nsn};
use crate::validate::{
    MAX_ASSIGNEES, MAX_LOT_YEAR, MAX_PHOTOS_PER_LINE, MAX_QUANTITY, MIN_LOT_YEAR, TextKind,
    Validate, Validator,
};

/// A place where an agency stores ammunition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Depot {
    /// Its id.
    pub id: DepotId,
    /// The agency that runs it.
    pub agency_id: AgencyId,
    /// The agency's short code for it.
    pub code: String,
    /// Its name.
    pub name: String,
}

impl Validate for Depot {
    fn check(&self, v: &mut Validator) {
        v.text("code", &self.code, TextKind::Code);
        v.text("name", &self.name, TextKind::Short);
    }
}

/// A storage location inside a depot: a building, bay or shelf with its own label.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageLocation {
    /// Its id.
    pub id: LocationId,
    /// The depot it is in.
    pub depot_id: DepotId,
    /// The code on its label, e.g. `B3-R2-S4`.
    pub code: String,
    /// What or where it is, if the code is not enough.
    pub description: Option<String>,
}

impl Validate for StorageLocation {
    fn check(&self, v: &mut Validator) {
        v.text("code", &self.code, TextKind::Code);
        v.opt_text("description", self.description.as_deref(), TextKind::Short);
    }
}

/// The marks that identify a production lot of ammunition, as read from headstamps,
/// packaging and stencils. Text fields keep the marking's own script.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmmunitionLot {
    /// Manufacturer: factory code or name as marked, e.g. `711` or `Norinco`.
    pub manufacturer: String,
    /// Calibre or type as marked, e.g. `7,62×39 мм`.
    pub calibre: String,
    /// Four-digit year of production, when marked.
    pub year: Option<u16>,
    /// Lot (batch) number.
    pub lot: String,
    /// Sub-lot number, when marked.
    pub sub_lot: Option<String>,
    /// NATO Stock Number, when marked.
    pub nsn: Option<Nsn>,
    /// DODIC, when marked.
    pub dodic: Option<Dodic>,
    /// What kind of ammunition it is, as an officer or an inventory said
    /// ([`AmmunitionType::infer`] guesses it from the marks where this is empty).
    /// Absent from the wire when not said, so records without it read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ammunition_type: Option<AmmunitionType>,
    /// Its UN hazard classification (division and compatibility group), as the
    /// depot's inventory or an inspector gives it; absent from the wire when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazard: Option<HazardCode>,
}

impl AmmunitionLot {
    /// The type as stated, else as the marks tell it.
    pub fn kind(&self) -> Option<AmmunitionType> {
        self.ammunition_type.or_else(|| AmmunitionType::infer(self))
    }
}

impl Validate for AmmunitionLot {
    fn check(&self, v: &mut Validator) {
        v.text("manufacturer", &self.manufacturer, TextKind::Short);
        v.text("calibre", &self.calibre, TextKind::Short);
        if let Some(year) = self.year {
            v.range("year", year, MIN_LOT_YEAR, MAX_LOT_YEAR);
        }
        v.text("lot", &self.lot, TextKind::Short);
        v.opt_text("sub_lot", self.sub_lot.as_deref(), TextKind::Short);
    }
}

/// One lot and quantity the records say should be at a location; part of the stock
/// check the inspector downloads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedLine {
    /// Its id.
    pub id: ExpectedLineId,
    /// The stock check it belongs to.
    pub stock_check_id: StockCheckId,
    /// Where the lot should be.
    pub location_id: LocationId,
    /// Which lot.
    pub lot: AmmunitionLot,
    /// How many units the records hold.
    pub quantity: u64,
}

impl Validate for ExpectedLine {
    fn check(&self, v: &mut Validator) {
        v.nested("lot", &self.lot);
        v.range("quantity", self.quantity, 1, MAX_QUANTITY);
    }
}

wire_enum! {
    /// Where a stock check is in its life.
    pub enum StockCheckStatus ("stock check status") {
        /// Assigned to inspectors, not started.
        Assigned = "assigned",
        /// Counting has started.
        InProgress = "in_progress",
        /// Submitted for review.
        Submitted = "submitted",
        /// Approved by a supervisor.
        Approved = "approved",
        /// Returned by a supervisor for corrections.
        Returned = "returned",
    }
}

/// A physical stock count of one depot assigned to one or more inspectors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockCheck {
    /// Its id.
    pub id: StockCheckId,
    /// The agency that owns it.
    pub agency_id: AgencyId,
    /// The depot to count.
    pub depot_id: DepotId,
    /// A title for lists, e.g. "Annual count 2025, bunker 4".
    pub title: String,
    /// The inspectors who count; at least one, none twice.
    pub assigned_to: Vec<UserId>,
    /// Where it is in its life.
    pub status: StockCheckStatus,
    /// Who else may see it.
    pub scope: SharingScope,
    /// Its current revision.
    pub revision: Revision,
}

impl Validate for StockCheck {
    fn check(&self, v: &mut Validator) {
        v.text("title", &self.title, TextKind::Short);
        v.count("assigned_to", self.assigned_to.len(), 1, MAX_ASSIGNEES);
        v.unique("assigned_to", &self.assigned_to);
        v.nested("scope", &self.scope);
        v.nested("revision", &self.revision);
    }
}

wire_enum! {
    /// Supply condition code of ammunition (letters A–L, without I), as in NATO and US
    /// supply practice. Serialised as the letter.
    pub enum ConditionCode ("condition code") {
        /// Serviceable, issuable without qualification.
        A = "A",
        /// Serviceable, issuable with qualification.
        B = "B",
        /// Serviceable, priority issue.
        C = "C",
        /// Serviceable, test or modification needed.
        D = "D",
        /// Unserviceable, limited restoration.
        E = "E",
        /// Unserviceable, reparable.
        F = "F",
        /// Unserviceable, incomplete.
        G = "G",
        /// Unserviceable, condemned.
        H = "H",
        /// Suspended, in stock.
        J = "J",
        /// Suspended, returns.
        K = "K",
        /// Suspended, litigation.
        L = "L",
    }
}

impl ConditionCode {
    /// What the code means, for the condition picker.
    pub const fn description(self) -> &'static str {
        match self {
            ConditionCode::A => "Serviceable (issuable without qualification)",
            ConditionCode::B => "Serviceable (issuable with qualification)",
            ConditionCode::C => "Serviceable (priority issue)",
            ConditionCode::D => "Serviceable (test/modification)",
            ConditionCode::E => "Unserviceable (limited restoration)",
            ConditionCode::F => "Unserviceable (reparable)",
            ConditionCode::G => "Unserviceable (incomplete)",
            ConditionCode::H => "Unserviceable (condemned)",
            ConditionCode::J => "Suspended (in stock)",
            ConditionCode::K => "Suspended (returns)",
            ConditionCode::L => "Suspended (litigation)",
        }
    }

    /// Whether the stock may be issued (codes A to D).
    pub const fn is_serviceable(self) -> bool {
        matches!(
            self,
            ConditionCode::A | ConditionCode::B | ConditionCode::C | ConditionCode::D
        )
    }

    /// Whether the stock is suspended pending a decision (codes J to L).
    pub const fn is_suspended(self) -> bool {
        matches!(self, ConditionCode::J | ConditionCode::K | ConditionCode::L)
    }
}

/// What an inspector counted of one lot at one location.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountLine {
    /// Its id.
    pub id: CountLineId,
    /// The stock check it belongs to.
    pub stock_check_id: StockCheckId,
    /// Where it was counted.
    pub location_id: LocationId,
    /// Which lot.
    pub lot: AmmunitionLot,
    /// How many units were counted; zero records an expected lot that is not there.
    pub quantity: u64,
    /// The condition found.
    pub condition: ConditionCode,
    /// Photos of labels, stencils or damage.
    pub photos: Vec<PhotoRef>,
    /// Whether the lot was not on the expected list for this stock check.
    pub unexpected_lot: bool,
    /// The inspector's remarks.
    pub note: Option<String>,
}

impl Validate for CountLine {
    fn check(&self, v: &mut Validator) {
        v.nested("lot", &self.lot);
        v.range("quantity", self.quantity, 0, MAX_QUANTITY);
        v.list("photos", &self.photos, MAX_PHOTOS_PER_LINE);
        v.unique("photos", self.photos.iter().map(|p| p.sha256));
        v.opt_text("note", self.note.as_deref(), TextKind::Long);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{
        assert_errors, count_line_strategy, edit_cases, json_round_trip, lot, lot_strategy, photo,
        revision,
    };
    use proptest::prelude::*;

    edit_cases! {
        fixture: lot();
        lot_valid: |l| () => &[];
        lot_cyrillic_calibre: |l| l.calibre = "7,62×39 мм".into() => &[];
        lot_arabic_manufacturer: |l| l.manufacturer = "ذخيرة".into() => &[];
        lot_chinese_lot: |l| l.lot = "弹药 71-3".into() => &[];
        lot_blank_calibre: |l| l.calibre = "  ".into() => &["calibre: is required"];
        lot_empty_manufacturer_and_lot: |l| { l.manufacturer.clear(); l.lot.clear(); } =>
            &["manufacturer: is required", "lot: is required"];
        lot_year_low: |l| l.year = Some(1849) => &["year: must be between 1850 and 2100"];
        lot_year_two_digits: |l| l.year = Some(87) => &["year: must be between 1850 and 2100"];
        lot_year_edges: |l| l.year = Some(MIN_LOT_YEAR) => &[];
        lot_blank_sub_lot: |l| l.sub_lot = Some(String::new()) => &["sub_lot: is required"];
        lot_long_sub_lot: |l| l.sub_lot = Some("9".repeat(201)) =>
            &["sub_lot: must be at most 200 characters"];
        lot_newline_in_lot: |l| l.lot = "12\n34".into() =>
            &["lot: must not contain control characters, line breaks or tabs"];
    }

    const NOTE_CONTROL: &str =
        "note: must not contain control characters (only line breaks and tabs are allowed)";

    fn count_line() -> CountLine {
        CountLine {
            id: CountLineId::new(),
            stock_check_id: StockCheckId::new(),
            location_id: LocationId::new(),
            lot: lot(),
            quantity: 0,
            condition: ConditionCode::J,
            photos: vec![photo(1)],
            unexpected_lot: true,
            note: Some("Ящики повреждены водой.\nCrates water-damaged.".into()),
        }
    }

    edit_cases! {
        fixture: count_line();
        count_valid_zero: |c| () => &[];
        count_max: |c| c.quantity = MAX_QUANTITY => &[];
        count_over_max: |c| c.quantity = MAX_QUANTITY + 1 =>
            &["quantity: must be between 0 and 1000000000"];
        count_nested_lot: |c| c.lot.calibre.clear() => &["lot.calibre: is required"];
        count_duplicate_photo: |c| c.photos.push(photo(1)) =>
            &["photos[1]: is given more than once"];
        count_bad_photo: |c| c.photos.push(PhotoRef { size: 0, ..photo(2) }) =>
            &["photos[1].size: must be between 1 and 41943040"];
        count_too_many_photos: |c| c.photos = (0..=100).map(photo).collect() =>
            &["photos: must have at most 100 entries"];
        count_photo_limit: |c| c.photos = (0..100).map(photo).collect() => &[];
        count_note_nul: |c| c.note = Some("a\0".into()) =>
            &[NOTE_CONTROL];
        count_note_long: |c| c.note = Some("ж".repeat(4001)) =>
            &["note: must be at most 4000 characters"];
        count_collects_all: |c| {
            c.quantity = u64::MAX;
            c.lot.lot.clear();
            c.note = Some(" ".into());
        } => &[
            "lot.lot: is required",
            "quantity: must be between 0 and 1000000000",
            "note: is required",
        ];
    }

    #[test]
    fn other_inventory_records() {
        let depot = Depot {
            id: DepotId::new(),
            agency_id: AgencyId::new(),
            code: "D-04".into(),
            name: "Склад № 4".into(),
        };
        assert_errors(&depot, &[]);
        json_round_trip(&depot);
        let location = StorageLocation {
            id: LocationId::new(),
            depot_id: depot.id,
            code: String::new(),
            description: Some("المخزن الشمالي".into()),
        };
        assert_errors(&location, &["code: is required"]);
        json_round_trip(&location);
        let expected = ExpectedLine {
            id: ExpectedLineId::new(),
            stock_check_id: StockCheckId::new(),
            location_id: location.id,
            lot: lot(),
            quantity: 0,
        };
        assert_errors(&expected, &["quantity: must be between 1 and 1000000000"]);
        json_round_trip(&expected);
    }

    #[test]
    fn stock_check_rules() {
        let inspector = UserId::new();
        let mut check = StockCheck {
            id: StockCheckId::new(),
            agency_id: AgencyId::new(),
            depot_id: DepotId::new(),
            title: "Annual count 2025".into(),
            assigned_to: vec![inspector],
            status: StockCheckStatus::InProgress,
            scope: SharingScope::OwnAgency,
            revision: revision(1),
        };
        assert_errors(&check, &[]);
        json_round_trip(&check);
        assert_eq!(
            serde_json::to_value(&check).unwrap()["status"],
            "in_progress"
        );
        check.assigned_to.push(inspector);
        check.scope = SharingScope::Partners { agencies: vec![] };
        check.revision.number = 0;
        assert_errors(
            &check,
            &[
                "assigned_to[1]: is given more than once",
                "scope.agencies: is required",
                "revision.number: must be between 1 and 4294967295",
            ],
        );
        check.assigned_to.clear();
        check.title = "\u{3000}".into();
        check.scope = SharingScope::National;
        check.revision.number = 2;
        assert_errors(&check, &["title: is required", "assigned_to: is required"]);
    }

    #[test]
    fn condition_codes() {
        let serviceable: Vec<_> = ConditionCode::ALL
            .iter()
            .filter(|c| c.is_serviceable())
            .map(|c| c.as_str())
            .collect();
        assert_eq!(serviceable, ["A", "B", "C", "D"]);
        assert_eq!(ConditionCode::ALL.len(), 11);
        assert!(ConditionCode::L.is_suspended() && !ConditionCode::H.is_suspended());
        assert_eq!(ConditionCode::H.description(), "Unserviceable (condemned)");
        assert_eq!(serde_json::to_string(&ConditionCode::F).unwrap(), "\"F\"");
        assert_eq!("K".parse::<ConditionCode>().unwrap(), ConditionCode::K);
        assert!("I".parse::<ConditionCode>().is_err());
    }

    #[test]
    fn nsn_and_dodic_are_strings_on_the_wire() {
        let mut l = lot();
        l.nsn = Some(Nsn::parse("1305012345678").unwrap());
        l.dodic = Some(Dodic::parse("a059").unwrap());
        let json = serde_json::to_value(&l).unwrap();
        assert_eq!(json["nsn"], "1305-01-234-5678");
        assert_eq!(json["dodic"], "A059");
        json_round_trip(&l);
        let mut bad = json.clone();
        bad["nsn"] = "1305-01".into();
        assert!(serde_json::from_value::<AmmunitionLot>(bad).is_err());
    }

    proptest! {
        #[test]
        fn lot_round_trips_and_validates(l in lot_strategy()) {
            json_round_trip(&l);
            prop_assert!(l.validate().is_ok(), "{:?}", l.validate());
        }

        #[test]
        fn count_line_round_trips_and_validates(c in count_line_strategy()) {
            json_round_trip(&c);
            prop_assert!(c.validate().is_ok(), "{:?}", c.validate());
        }
    }
}
