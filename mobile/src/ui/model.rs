//! View models of the field app: plain Rust that the screens render and the tests
//! check without a window — stock-check progress, forms and their validation, and
//! prefill from what the capture pipeline read in a photo.
//!
//! Invariant: nothing here touches the store or the network; a form becomes a domain
//! record only through `to_record`, which applies the shared validation.

use serde_json::Value;
use tracemark_shared::capture::{Field, Prefill};
use tracemark_shared::domain::{
    AgencyId, AmmunitionLot, CaseStatus, ConditionCode, CountLine, CountLineId, LocationId,
    PhotoRef, QuantityUnit, Revision, Route, SeizedItem, SeizedItemId, SeizureCase, SeizureId,
    SharingScope, ShippingMode, StockCheckId, UserId,
};
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::{Validate, ValidationErrors};

/// One expected line of a location, with what was counted.
#[derive(Debug, Clone, PartialEq)]
pub struct LineView {
    /// Lot expected.
    pub lot: AmmunitionLot,
    /// Quantity expected.
    pub expected: u64,
    /// Quantity counted, if counted.
    pub counted: Option<u64>,
    /// The saved count line, if any.
    pub count_line: Option<CountLineId>,
}

/// One location of a stock check.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationView {
    /// Location id.
    pub id: LocationId,
    /// Code, e.g. `B1-R1`.
    pub code: String,
    /// Description.
    pub description: String,
    /// Expected lines, then unexpected lots counted here.
    pub lines: Vec<LineView>,
}

impl LocationView {
    /// (lines counted, lines in all).
    pub fn progress(&self) -> (usize, usize) {
        let counted = self.lines.iter().filter(|l| l.counted.is_some()).count();
        (counted, self.lines.len())
    }
}

/// A stock check as the inspector walks it.
#[derive(Debug, Clone, PartialEq)]
pub struct StockCheckView {
    /// Id.
    pub id: StockCheckId,
    /// Title.
    pub title: String,
    /// Depot name.
    pub depot: String,
    /// Locations in order.
    pub locations: Vec<LocationView>,
    /// Whether it was submitted.
    pub submitted: bool,
}

impl StockCheckView {
    /// Builds the view from an assignment as pulled and the count lines saved so far.
    pub fn build(assignment: &Value, counts: &[CountLine], submitted: bool) -> Option<Self> {
        let check = assignment.get("stock_check")?;
        let id: StockCheckId = check.get("id")?.as_str()?.parse().ok()?;
        let expected: Vec<(LocationId, AmmunitionLot, u64)> = assignment
            .get("expected")?
            .as_array()?
            .iter()
            .filter_map(|l| {
                Some((
                    l.get("location_id")?.as_str()?.parse().ok()?,
                    serde_json::from_value(l.get("lot")?.clone()).ok()?,
                    l.get("quantity")?.as_u64()?,
                ))
            })
            .collect();
        let locations = assignment
            .get("locations")?
            .as_array()?
            .iter()
            .filter_map(|loc| {
                let lid: LocationId = loc.get("id")?.as_str()?.parse().ok()?;
                let mut lines: Vec<LineView> = expected
                    .iter()
                    .filter(|(l, _, _)| *l == lid)
                    .map(|(_, lot, qty)| {
                        let count = counts
                            .iter()
                            .find(|c| c.location_id == lid && c.lot == *lot);
                        LineView {
                            lot: lot.clone(),
                            expected: *qty,
                            counted: count.map(|c| c.quantity),
                            count_line: count.map(|c| c.id),
                        }
                    })
                    .collect();
                lines.extend(
                    counts
                        .iter()
                        .filter(|c| c.location_id == lid && c.unexpected_lot)
                        .map(|c| LineView {
                            lot: c.lot.clone(),
                            expected: 0,
                            counted: Some(c.quantity),
                            count_line: Some(c.id),
                        }),
                );
                Some(LocationView {
                    id: lid,
                    code: loc.get("code")?.as_str()?.to_string(),
                    description: loc
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    lines,
                })
            })
            .collect();
        Some(Self {
            id,
            title: check.get("title")?.as_str()?.to_string(),
            depot: assignment
                .pointer("/depot/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            locations,
            submitted,
        })
    }

    /// (quantity counted, quantity expected) over the whole check.
    pub fn totals(&self) -> (u64, u64) {
        self.locations
            .iter()
            .flat_map(|l| &l.lines)
            .fold((0, 0), |(c, e), l| {
                (c + l.counted.unwrap_or(0), e + l.expected)
            })
    }

    /// Lines not counted yet.
    pub fn lines_left(&self) -> usize {
        self.locations
            .iter()
            .flat_map(|l| &l.lines)
            .filter(|l| l.counted.is_none())
            .count()
    }
}

/// A count the inspector enters for one line.
pub fn count_line(
    check: StockCheckId,
    location: LocationId,
    existing: Option<CountLineId>,
    lot: AmmunitionLot,
    quantity: u64,
    condition: ConditionCode,
    unexpected: bool,
) -> Result<CountLine, ValidationErrors> {
    let line = CountLine {
        id: existing.unwrap_or_else(CountLineId::new),
        stock_check_id: check,
        location_id: location,
        lot,
        quantity,
        condition,
        photos: Vec::new(),
        unexpected_lot: unexpected,
        note: None,
    };
    line.validate().map(|()| line)
}

/// The seized item being written, as text the officer can type freely.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ItemForm {
    /// Calibre.
    pub calibre: String,
    /// Maker or factory code.
    pub manufacturer: String,
    /// Lot.
    pub lot: String,
    /// Year of production.
    pub year: String,
    /// NSN.
    pub nsn: String,
    /// Quantity.
    pub quantity: String,
    /// Photos of this item.
    pub photos: Vec<PhotoRef>,
    /// Code texts read in the photos.
    pub markings: Vec<String>,
    /// Where each prefilled value came from, shown next to the field.
    #[serde(skip)]
    pub sources: Vec<(Field, String)>,
    /// Fields the codes disagree on, with the values, for the officer to choose.
    #[serde(skip)]
    pub conflicts: Vec<(Field, Vec<String>)>,
    /// What the last photo gave ("2 codes found", or why it could not be read).
    #[serde(skip)]
    pub note: Option<String>,
    /// Bumped when photos change the fields, so the inputs show the new values
    /// (inputs are not redrawn while the officer types, so no keystroke is lost).
    #[serde(skip)]
    pub generation: u32,
}

impl ItemForm {
    /// Fills empty fields from what a photo's codes say; never overwrites what the
    /// officer typed; records each value's source and every disagreement.
    pub fn apply(&mut self, prefill: &Prefill) {
        for s in &prefill.suggestions {
            let source = s
                .candidate
                .from
                .iter()
                .map(|o| o.element.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let value = s.candidate.value.clone();
            let slot = match s.field {
                Field::Lot => Some(&mut self.lot),
                Field::Nsn => Some(&mut self.nsn),
                Field::Quantity => Some(&mut self.quantity),
                Field::ProductionDate => {
                    let year = value.get(..4).unwrap_or_default().to_string();
                    if self.year.is_empty() && !year.is_empty() {
                        self.year = year;
                        self.sources.push((s.field, source.clone()));
                    }
                    None
                }
                _ => None,
            };
            if let Some(slot) = slot.filter(|slot| slot.is_empty()) {
                *slot = value;
                self.sources.push((s.field, source));
            }
        }
        for c in &prefill.conflicts {
            self.conflicts.push((
                c.field,
                c.candidates.iter().map(|v| v.value.clone()).collect(),
            ));
        }
    }

    /// The domain item; fields that do not parse are reported by validation.
    pub fn to_item(&self, id: SeizedItemId) -> SeizedItem {
        SeizedItem {
            id,
            lot: AmmunitionLot {
                manufacturer: self.manufacturer.trim().to_string(),
                calibre: tracemark_shared::marking::calibre::normalise(&self.calibre),
                year: self.year.trim().parse().ok(),
                lot: self.lot.trim().to_string(),
                sub_lot: None,
                nsn: Nsn::parse(&self.nsn).ok(),
                dodic: None,
            },
            description: None,
            quantity: self.quantity.trim().parse().unwrap_or(0),
            unit: QuantityUnit::Rounds,
            photos: self.photos.clone(),
            markings: self.markings.clone(),
        }
    }
}

/// The case being written; kept on the device as it is typed (see `form_drafts`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CaseForm {
    /// Case id (kept across saves).
    pub id: SeizureId,
    /// Reference number.
    pub reference: String,
    /// Date, `YYYY-MM-DD`.
    pub seized_on: String,
    /// Place.
    pub place: String,
    /// Mode of shipping.
    pub mode: ShippingMode,
    /// Concealment.
    pub concealment: String,
    /// Route origin.
    pub origin: String,
    /// Route destination.
    pub destination: String,
    /// Items, one form each.
    pub items: Vec<(SeizedItemId, ItemForm)>,
}

impl Default for CaseForm {
    fn default() -> Self {
        Self {
            id: SeizureId::new(),
            reference: String::new(),
            seized_on: String::new(),
            place: String::new(),
            mode: ShippingMode::Road,
            concealment: String::new(),
            origin: String::new(),
            destination: String::new(),
            items: vec![(SeizedItemId::new(), ItemForm::default())],
        }
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl CaseForm {
    /// The domain case at `status`, validated by the shared rules.
    pub fn to_record(
        &self,
        agency: AgencyId,
        author: UserId,
        status: CaseStatus,
    ) -> Result<SeizureCase, ValidationErrors> {
        let date_format = time::macros::format_description!("[year]-[month]-[day]");
        let seized_on = time::Date::parse(self.seized_on.trim(), date_format)
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc().date());
        let case = SeizureCase {
            id: self.id,
            agency_id: agency,
            reference: self.reference.trim().to_string(),
            seized_on,
            place: self.place.trim().to_string(),
            gps: None,
            mode_of_shipping: self.mode,
            concealment: opt(&self.concealment),
            route: Route {
                origin: opt(&self.origin),
                transit: Vec::new(),
                destination: opt(&self.destination),
            },
            point_of_dispatch: None,
            parties: Vec::new(),
            items: self.items.iter().map(|(id, f)| f.to_item(*id)).collect(),
            victims: None,
            status,
            scope: SharingScope::National,
            revision: Revision {
                number: 1,
                author,
                device: None,
                at: time::OffsetDateTime::now_utc(),
            },
        };
        case.validate().map(|()| case)
    }
}

#[cfg(test)]
mod tests;
