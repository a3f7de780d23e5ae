//! The case form — a seizure, or a recovered cache with its recovery — its facts,
//! items, sharing scope, and the domain case it becomes through the shared
//! validation.

use tracemark_shared::capture::{Field, Prefill};
use tracemark_shared::domain::{
    AgencyId, AmmunitionLot, AmmunitionType, CaseStatus, CountryCode, GeoPoint, HazardCode, Party,
    PhotoRef, QuantityUnit, RecoveredCondition, Recovery, RecoveryAction, RecoveryCircumstance,
    Revision, Route, SeizedItem, SeizedItemId, SeizureCase, SeizureId, SharingScope, ShippingMode,
    UserId, VictimCounts,
};
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::{Rule, Validate, ValidationErrors, Validator};

use crate::core::device::parse_coordinate;

use super::*;

/// The seized item being written, as text the officer can type freely.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ItemForm {
    /// Calibre.
    pub calibre: String,
    /// Maker or factory code.
    pub manufacturer: String,
    /// Lot.
    pub lot: String,
    /// Sub-lot, when marked.
    pub sub_lot: String,
    /// Year of production.
    pub year: String,
    /// NSN.
    pub nsn: String,
    /// Quantity.
    pub quantity: String,
    /// What the quantity counts.
    pub unit: QuantityUnit,
    /// The kind of ammunition as the officer chose it; `None` leaves it to the marks
    /// ([`ItemForm::suggested_type`] shows what they tell).
    #[serde(default)]
    pub ammunition_type: Option<AmmunitionType>,
    /// The lot's UN hazard classification when the record states one (kept through
    /// an edit; the field form does not ask for it).
    #[serde(default)]
    pub hazard: Option<HazardCode>,
    /// Photos of this item.
    pub photos: Vec<PhotoRef>,
    /// Code texts read in the photos.
    pub markings: Vec<String>,
    /// Where each prefilled value came from, shown next to the field.
    #[serde(skip)]
    pub sources: Vec<(Field, String, bool)>,
    /// Fields the codes disagree on, with the values, for the officer to choose.
    #[serde(skip)]
    pub conflicts: Vec<(Field, Vec<String>)>,
    /// What the last photo gave ("2 codes found", or why it could not be read).
    #[serde(skip)]
    pub note: Option<String>,
    /// The photos read in this session, with their codes outlined (not kept: the
    /// thumbnails are for the screen only; the codes' texts are in `markings`).
    #[serde(skip)]
    pub captures: Vec<CaptureView>,
    /// Bumped when photos change the fields, so the inputs show the new values
    /// (inputs are not redrawn while the officer types, so no keystroke is lost).
    #[serde(skip)]
    pub generation: u32,
    /// Set when a photo was just taken in: the item is drawn anew (its fields hold the
    /// photo's values), and focus goes back to its photo control instead of being
    /// lost, so the next photo or the next field is one key or tap away.
    #[serde(skip)]
    pub photo_taken: bool,
}

impl Default for ItemForm {
    fn default() -> Self {
        Self {
            calibre: String::new(),
            manufacturer: String::new(),
            lot: String::new(),
            sub_lot: String::new(),
            year: String::new(),
            nsn: String::new(),
            quantity: String::new(),
            unit: QuantityUnit::Rounds,
            ammunition_type: None,
            hazard: None,
            photos: Vec::new(),
            markings: Vec::new(),
            sources: Vec::new(),
            conflicts: Vec::new(),
            note: None,
            captures: Vec::new(),
            generation: 0,
            photo_taken: false,
        }
    }
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
            let invalid = s.candidate.from.iter().any(|o| o.invalid_code);
            let value = s.candidate.value.clone();
            let slot = match s.field {
                Field::Lot => Some(&mut self.lot),
                Field::Nsn => Some(&mut self.nsn),
                Field::Quantity => Some(&mut self.quantity),
                Field::ProductionDate => {
                    let year = value.get(..4).unwrap_or_default().to_string();
                    if self.year.is_empty() && !year.is_empty() {
                        self.year = year;
                        self.sources.push((s.field, source.clone(), invalid));
                    }
                    None
                }
                _ => None,
            };
            if let Some(slot) = slot.filter(|slot| slot.is_empty()) {
                *slot = value;
                self.sources.push((s.field, source, invalid));
            }
        }
        for c in &prefill.conflicts {
            self.conflicts.push((
                c.field,
                c.candidates.iter().map(|v| v.value.clone()).collect(),
            ));
        }
    }

    /// Takes the values of one code the officer chose (tapping it on the photo or in
    /// the list): they replace what the fields held, with that code as their source.
    pub fn choose(&mut self, prefill: &Prefill) {
        for s in &prefill.suggestions {
            let value = s.candidate.value.clone();
            let slot = match s.field {
                Field::Lot => &mut self.lot,
                Field::Nsn => &mut self.nsn,
                Field::Quantity => &mut self.quantity,
                Field::ProductionDate => {
                    let year = value.get(..4).unwrap_or_default().to_string();
                    self.year = year;
                    self.set_source(s.field, &s.candidate);
                    continue;
                }
                _ => continue,
            };
            *slot = value;
            self.set_source(s.field, &s.candidate);
        }
        let chosen: Vec<Field> = prefill.suggestions.iter().map(|s| s.field).collect();
        self.conflicts.retain(|(f, _)| !chosen.contains(f));
    }

    /// Sets one field to a value the officer picked among disagreeing codes.
    pub fn settle(&mut self, field: Field, value: &str) {
        match field {
            Field::Lot => self.lot = value.to_string(),
            Field::Nsn => self.nsn = value.to_string(),
            Field::Quantity => self.quantity = value.to_string(),
            Field::ProductionDate => self.year = value.get(..4).unwrap_or_default().to_string(),
            _ => return,
        }
        self.conflicts.retain(|(f, _)| *f != field);
    }

    fn set_source(&mut self, field: Field, candidate: &tracemark_shared::capture::Candidate) {
        let source = candidate
            .from
            .iter()
            .map(|o| o.element.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let invalid = candidate.from.iter().any(|o| o.invalid_code);
        self.sources.retain(|(f, _, _)| *f != field);
        self.sources.push((field, source, invalid));
    }

    /// The domain item, with parse problems of the typed text reported under `path`
    /// (e.g. `items[0]`) so the officer sees which field to correct.
    /// The type the item's calibre and NSN tell, as typed so far (`None` when they
    /// tell none): what the form offers while the officer has not chosen.
    pub fn suggested_type(&self) -> Option<AmmunitionType> {
        AmmunitionType::infer(&AmmunitionLot {
            manufacturer: String::new(),
            calibre: self.calibre.trim().to_string(),
            year: None,
            lot: String::new(),
            sub_lot: None,
            nsn: Nsn::parse(self.nsn.trim()).ok(),
            dodic: None,
            ammunition_type: None,
            hazard: None,
        })
    }

    fn to_item(&self, id: SeizedItemId, path: &str, v: &mut Validator) -> SeizedItem {
        let year = match self.year.trim() {
            "" => None,
            y => {
                let parsed = y.parse().ok();
                if parsed.is_none() {
                    v.report(
                        &format!("{path}.lot.year"),
                        format_rule("a year such as 1985"),
                    );
                }
                parsed
            }
        };
        let nsn = match self.nsn.trim() {
            "" => None,
            n => {
                let parsed = Nsn::parse(n).ok();
                if parsed.is_none() {
                    v.report(
                        &format!("{path}.lot.nsn"),
                        format_rule("an NSN of 13 digits, e.g. 1305-01-234-5678"),
                    );
                }
                parsed
            }
        };
        let quantity = self.quantity.trim().parse().unwrap_or_else(|_| {
            v.report(&format!("{path}.quantity"), format_rule("a whole number"));
            0
        });
        SeizedItem {
            id,
            lot: AmmunitionLot {
                manufacturer: self.manufacturer.trim().to_string(),
                calibre: tracemark_shared::marking::calibre::normalise(&self.calibre),
                year,
                lot: self.lot.trim().to_string(),
                sub_lot: opt(&self.sub_lot),
                nsn,
                dodic: None,
                ammunition_type: self.ammunition_type,
                hazard: self.hazard,
            },
            description: None,
            quantity,
            unit: self.unit,
            photos: self.photos.clone(),
            markings: self.markings.clone(),
        }
    }
}

fn format_rule(expected: &'static str) -> Rule {
    Rule::Format {
        expected: expected.into(),
    }
}

/// Who may see a case, as the officer chooses (partners are chosen on the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeChoice {
    /// Only the officer's agency.
    OwnAgency,
    /// Every agency of the country.
    #[default]
    National,
}

/// How a recovered cache was found and what was done with it, as typed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RecoveryForm {
    /// How it came to be recovered.
    pub circumstance: RecoveryCircumstance,
    /// The unit, team or officer who recovered it.
    pub recovered_by: String,
    /// The state it was found in.
    pub condition: RecoveredCondition,
    /// What was done with it.
    pub action: RecoveryAction,
    /// Day of the action, `YYYY-MM-DD` (may stay empty).
    pub action_on: String,
    /// Where it was taken, when moved.
    pub moved_to: String,
    /// How it was done.
    pub action_note: String,
}

impl Default for RecoveryForm {
    fn default() -> Self {
        Self {
            circumstance: RecoveryCircumstance::Found,
            recovered_by: String::new(),
            condition: RecoveredCondition::Intact,
            action: RecoveryAction::Secured,
            action_on: String::new(),
            moved_to: String::new(),
            action_note: String::new(),
        }
    }
}

impl RecoveryForm {
    /// The form of a stored recovery.
    pub fn of(r: &Recovery) -> Self {
        Self {
            circumstance: r.circumstance,
            recovered_by: r.recovered_by.clone(),
            condition: r.condition,
            action: r.action,
            action_on: r.action_on.map(|d| d.to_string()).unwrap_or_default(),
            moved_to: r.moved_to.clone().unwrap_or_default(),
            action_note: r.action_note.clone().unwrap_or_default(),
        }
    }

    /// The recovery, with a day that does not parse reported as `recovery.action_on`.
    /// A place typed before the action was changed from `moved` is dropped, not
    /// refused: the officer sees the field only while the action is `moved`.
    fn to_recovery(&self, v: &mut Validator) -> Recovery {
        let action_on = match self.action_on.trim() {
            "" => None,
            day => {
                let parsed = parse_day(day);
                if parsed.is_none() {
                    v.report(
                        "recovery.action_on",
                        format_rule("a date such as 2026-11-23"),
                    );
                }
                parsed
            }
        };
        Recovery {
            circumstance: self.circumstance,
            recovered_by: self.recovered_by.trim().to_string(),
            condition: self.condition,
            action: self.action,
            action_on,
            moved_to: opt(&self.moved_to).filter(|_| self.action == RecoveryAction::Moved),
            action_note: opt(&self.action_note),
        }
    }
}

fn parse_day(text: &str) -> Option<time::Date> {
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// The case being written; kept on the device as it is typed (see `form_drafts`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
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
    /// Places in transit, one per line or separated by commas.
    pub transit: String,
    /// Point of dispatch.
    pub dispatch: String,
    /// Latitude as typed or from the GPS.
    pub latitude: String,
    /// Longitude as typed or from the GPS.
    pub longitude: String,
    /// Accuracy of a GPS fix, in metres (cleared when coordinates are typed).
    pub accuracy_m: Option<f32>,
    /// Parties to the consignment.
    pub parties: Vec<PartyForm>,
    /// Victim counts, when the case involved violence.
    pub victims: Vec<VictimForm>,
    /// Who may see the case.
    pub scope: ScopeChoice,
    /// Items, one form each.
    pub items: Vec<(SeizedItemId, ItemForm)>,
    /// Set when the case is a recovered cache: how it was found and what was done.
    pub recovery: Option<RecoveryForm>,
}

impl Default for CaseForm {
    fn default() -> Self {
        Self {
            id: SeizureId::new(),
            reference: String::new(),
            // Cases are mostly written the day of the seizure.
            seized_on: time::OffsetDateTime::now_utc().date().to_string(),
            place: String::new(),
            mode: ShippingMode::Road,
            concealment: String::new(),
            origin: String::new(),
            destination: String::new(),
            transit: String::new(),
            dispatch: String::new(),
            latitude: String::new(),
            longitude: String::new(),
            accuracy_m: None,
            parties: Vec::new(),
            victims: Vec::new(),
            scope: ScopeChoice::National,
            items: vec![(SeizedItemId::new(), ItemForm::default())],
            recovery: None,
        }
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl CaseForm {
    /// A new recovered cache's form: nothing travelled, so no way of shipping.
    pub fn new_recovery() -> Self {
        Self {
            mode: ShippingMode::Other,
            recovery: Some(RecoveryForm::default()),
            ..Self::default()
        }
    }

    /// The domain case at `status`, validated by the shared rules; text that does
    /// not parse (a date, a number, coordinates) is reported with the field's path.
    pub fn to_record(
        &self,
        agency: AgencyId,
        author: UserId,
        status: CaseStatus,
    ) -> Result<SeizureCase, ValidationErrors> {
        let mut v = Validator::new();
        let seized_on = match parse_day(self.seized_on.trim()) {
            Some(d) => d,
            None => {
                if self.seized_on.trim().is_empty() {
                    v.report("seized_on", Rule::Required);
                } else {
                    v.report("seized_on", format_rule("a date such as 2026-11-23"));
                }
                time::OffsetDateTime::now_utc().date()
            }
        };
        let gps = self.gps(&mut v);
        let parties = self
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                !(p.name.trim().is_empty()
                    && p.country.trim().is_empty()
                    && p.note.trim().is_empty())
            })
            .map(|(i, p)| {
                let country = match p.country.trim() {
                    "" => None,
                    c => {
                        let parsed = c.to_uppercase().parse::<CountryCode>().ok();
                        if parsed.is_none() {
                            v.report(
                                &format!("parties[{i}].country"),
                                format_rule("a two-letter country code such as KE"),
                            );
                        }
                        parsed
                    }
                };
                Party {
                    name: p.name.trim().to_string(),
                    role: p.role,
                    country,
                    note: opt(&p.note),
                    identifier: opt(&p.identifier),
                }
            })
            .collect();
        let victims = self.victim_counts(&mut v);
        let items = self
            .items
            .iter()
            .enumerate()
            .map(|(i, (id, f))| f.to_item(*id, &format!("items[{i}]"), &mut v))
            .collect();
        let case = SeizureCase {
            id: self.id,
            agency_id: agency,
            reference: self.reference.trim().to_string(),
            seized_on,
            place: self.place.trim().to_string(),
            gps,
            mode_of_shipping: self.mode,
            concealment: opt(&self.concealment),
            route: Route {
                origin: opt(&self.origin),
                transit: self
                    .transit
                    .split([',', '\n', ';'])
                    .filter_map(opt)
                    .collect(),
                destination: opt(&self.destination),
            },
            point_of_dispatch: opt(&self.dispatch),
            parties,
            items,
            victims,
            recovery: self.recovery.as_ref().map(|r| r.to_recovery(&mut v)),
            status,
            scope: match self.scope {
                ScopeChoice::OwnAgency => SharingScope::OwnAgency,
                ScopeChoice::National => SharingScope::National,
            },
            revision: Revision {
                number: 1,
                author,
                device: None,
                at: time::OffsetDateTime::now_utc(),
            },
        };
        case.check(&mut v);
        v.finish().map(|()| case)
    }

    fn gps(&self, v: &mut Validator) -> Option<GeoPoint> {
        let (lat, lon) = (self.latitude.trim(), self.longitude.trim());
        if lat.is_empty() && lon.is_empty() {
            return None;
        }
        let latitude = parse_coordinate(lat, true);
        let longitude = parse_coordinate(lon, false);
        if latitude.is_none() {
            v.report(
                "gps.latitude",
                format_rule("degrees between -90 and 90, e.g. -1.2921"),
            );
        }
        if longitude.is_none() {
            v.report(
                "gps.longitude",
                format_rule("degrees between -180 and 180, e.g. 36.8219"),
            );
        }
        Some(GeoPoint {
            latitude: latitude?,
            longitude: longitude?,
            accuracy_m: self.accuracy_m,
        })
    }

    fn victim_counts(&self, v: &mut Validator) -> Option<VictimCounts> {
        let mut counts = VictimCounts::new();
        let mut any = false;
        for (i, row) in self.victims.iter().enumerate() {
            let mut number = |text: &str, field: &str| -> u32 {
                match text.trim() {
                    "" => 0,
                    t => t.parse().unwrap_or_else(|_| {
                        v.report(
                            &format!("victims[{i}].{field}"),
                            format_rule("a whole number"),
                        );
                        0
                    }),
                }
            };
            let killed = number(&row.killed, "killed");
            let injured = number(&row.injured, "injured");
            if counts.get(row.sex, row.age).is_some() {
                v.report(&format!("victims[{i}]"), Rule::Duplicate);
            }
            counts.set(row.sex, row.age, killed, injured);
            any = true;
        }
        any.then_some(counts)
    }
}
