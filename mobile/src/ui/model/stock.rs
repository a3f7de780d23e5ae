//! A stock check as the inspector counts it: its locations in order, each expected line
//! with what was counted, and a count line made from what was typed.

use std::collections::HashMap;

use serde_json::Value;
use tracemark_shared::domain::{
    AmmunitionLot, AmmunitionType, ConditionCode, CountLine, CountLineId, HazardCode, LocationId,
    MixedGroups, StockCheckId, mixed_groups,
};
use tracemark_shared::marking::label::Label;
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::{Validate, ValidationErrors};

use super::*;

/// One expected line of a location, with what was counted.
#[derive(Debug, Clone, PartialEq)]
pub struct LineView {
    /// Lot expected.
    pub lot: AmmunitionLot,
    /// Quantity expected.
    pub expected: u64,
    /// Quantity counted, if counted.
    pub counted: Option<u64>,
    /// Condition found, if counted.
    pub condition: Option<ConditionCode>,
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

    /// The pairs of compatibility groups held here that the storage mixing chart keeps
    /// apart, forbidden ones first (docs/SAFETY.md). Held, as the reconciliation
    /// judges it: the lots counted above zero, or, until anything here is counted,
    /// the lots expected here. Unclassified lots are not judged.
    pub fn mixed_groups(&self) -> Vec<MixedGroups> {
        let counting = self.lines.iter().any(|l| l.counted.is_some());
        mixed_groups(
            self.lines
                .iter()
                .filter(|l| match l.counted {
                    Some(n) => n > 0,
                    None => !counting && l.expected > 0,
                })
                .filter_map(|l| l.lot.hazard.map(|h| h.group())),
        )
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
    /// Depot code, as printed on its location labels.
    pub depot_code: String,
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
        // Indexed once, so a check of thousands of lines builds in time linear in its
        // size: the first count of each lot at each location, and the counts of lots
        // not expected there, by location.
        let mut counted: HashMap<(LocationId, &AmmunitionLot), &CountLine> = HashMap::new();
        let mut unexpected: HashMap<LocationId, Vec<&CountLine>> = HashMap::new();
        for c in counts {
            counted.entry((c.location_id, &c.lot)).or_insert(c);
            if c.unexpected_lot {
                unexpected.entry(c.location_id).or_default().push(c);
            }
        }
        let mut expected_at: HashMap<LocationId, Vec<(&AmmunitionLot, u64)>> = HashMap::new();
        for (l, lot, qty) in &expected {
            expected_at.entry(*l).or_default().push((lot, *qty));
        }
        let locations = assignment
            .get("locations")?
            .as_array()?
            .iter()
            .filter_map(|loc| {
                let lid: LocationId = loc.get("id")?.as_str()?.parse().ok()?;
                let mut lines: Vec<LineView> = expected_at
                    .get(&lid)
                    .into_iter()
                    .flatten()
                    .map(|(lot, qty)| {
                        let count = counted.get(&(lid, *lot));
                        LineView {
                            lot: (*lot).clone(),
                            expected: *qty,
                            counted: count.map(|c| c.quantity),
                            condition: count.map(|c| c.condition),
                            count_line: count.map(|c| c.id),
                        }
                    })
                    .collect();
                lines.extend(
                    unexpected
                        .get(&lid)
                        .into_iter()
                        .flatten()
                        .map(|c| LineView {
                            lot: c.lot.clone(),
                            expected: 0,
                            counted: Some(c.quantity),
                            condition: Some(c.condition),
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
            depot_code: assignment
                .pointer("/depot/code")
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

    /// The location a scanned label names, or why it is not one of this check's.
    pub fn locate(&self, label: &Label) -> Result<LocationId, LabelMismatch> {
        let Label::Location { depot, location } = label else {
            return Err(LabelMismatch::NotALocation);
        };
        if !self.depot_code.is_empty() && depot.as_str() != self.depot_code {
            return Err(LabelMismatch::OtherDepot(depot.as_str().to_string()));
        }
        self.locations
            .iter()
            .find(|l| l.code == location.as_str())
            .map(|l| l.id)
            .ok_or_else(|| LabelMismatch::NotInCheck(location.as_str().to_string()))
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

/// A lot not on the list, as the inspector types it (or a box label filled it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewLotForm {
    /// Lot number.
    pub lot: String,
    /// Calibre as marked.
    pub calibre: String,
    /// Manufacturer as marked.
    pub maker: String,
    /// NSN, if typed.
    pub nsn: String,
    /// Quantity counted.
    pub quantity: String,
    /// Ammunition type, if chosen.
    pub kind: Option<AmmunitionType>,
    /// UN hazard classification, if typed (`1.1D`).
    pub hazard: String,
}

impl NewLotForm {
    /// The lot and quantity, or the message id of the first thing to correct (the
    /// lot's own rules are checked with the count line).
    pub fn to_lot(&self) -> Result<(AmmunitionLot, u64), &'static str> {
        let nsn = match self.nsn.trim() {
            "" => None,
            n => Some(Nsn::parse(n).map_err(|_| "nsn-invalid")?),
        };
        let quantity = self
            .quantity
            .trim()
            .parse::<u64>()
            .map_err(|_| "quantity-whole-number")?;
        let hazard = match self.hazard.trim() {
            "" => None,
            h => Some(h.parse::<HazardCode>().map_err(|_| "hazard-invalid")?),
        };
        let lot = AmmunitionLot {
            manufacturer: self.maker.trim().to_string(),
            calibre: tracemark_shared::marking::calibre::normalise(&self.calibre),
            year: None,
            lot: self.lot.trim().to_string(),
            sub_lot: None,
            nsn,
            dodic: None,
            ammunition_type: self.kind,
            hazard,
        };
        Ok((lot, quantity))
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
