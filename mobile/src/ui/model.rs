//! View models of the field app: plain Rust that the screens render and the tests
//! check without a window — stock-check progress, forms and their validation, and
//! prefill from what the capture pipeline read in a photo.
//!
//! Invariant: nothing here touches the store or the network; a form becomes a domain
//! record only through `to_record`, which applies the shared validation.

use serde_json::Value;
use tracemark_shared::capture::{Field, Prefill};
use tracemark_shared::domain::{
    AgeBand, AgencyId, AmmunitionLot, CaseStatus, ConditionCode, CountLine, CountLineId,
    CountryCode, GeoPoint, LocationId, Party, PartyRole, PhotoRef, QuantityUnit, Revision, Route,
    SeizedItem, SeizedItemId, SeizureCase, SeizureId, Sex, SharingScope, ShippingMode,
    StockCheckId, UserId, VictimCounts,
};
use tracemark_shared::marking::label::Label;
use tracemark_shared::marking::nsn::Nsn;
use tracemark_shared::validate::{Rule, Validate, ValidationErrors, Validator};

use crate::core::device::parse_coordinate;

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
                            condition: count.map(|c| c.condition),
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

/// Why a scanned label does not lead to a location of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelMismatch {
    /// The code is not a Tracemark location label.
    NotALocation,
    /// A location of another depot (its code).
    OtherDepot(String),
    /// A location of this depot that the check does not cover (its code).
    NotInCheck(String),
}

/// What a photographed box label says about the lot in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoxScan {
    /// Lot, when a code gives one.
    pub lot: Option<String>,
    /// NSN.
    pub nsn: Option<String>,
    /// Quantity in the box.
    pub quantity: Option<String>,
    /// Codes found.
    pub codes: usize,
}

impl BoxScan {
    /// Takes the values the codes agree on (a disagreement leaves the field empty for
    /// the inspector to read off the label).
    pub fn of(prefill: &Prefill, codes: usize) -> Self {
        let get = |field: Field| {
            prefill
                .suggestions
                .iter()
                .find(|s| s.field == field)
                .map(|s| s.candidate.value.clone())
        };
        Self {
            lot: get(Field::Lot),
            nsn: get(Field::Nsn),
            quantity: get(Field::Quantity),
            codes,
        }
    }

    /// The expected line of `location` whose lot the box carries.
    pub fn matching_line<'a>(&self, location: &'a LocationView) -> Option<&'a LineView> {
        let lot = self.lot.as_deref()?.trim();
        location
            .lines
            .iter()
            .find(|l| l.lot.lot.trim().eq_ignore_ascii_case(lot))
    }
}

/// One field that differs between the user's change and the server's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// Field name (top level of the record).
    pub field: String,
    /// The user's value, shortened for the screen.
    pub mine: String,
    /// The server's value, shortened for the screen.
    pub theirs: String,
}

fn short(v: Option<&Value>) -> String {
    let text = match v {
        None | Some(Value::Null) => "–".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => format!("[{}]", a.len()),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text
    }
}

/// The fields a conflicting change and the server's record disagree on (bookkeeping
/// fields — revision, status — left out), for the user to decide between them.
pub fn conflict_fields(mine: &Value, theirs: &Value) -> Vec<FieldDiff> {
    let (Some(a), Some(b)) = (mine.as_object(), theirs.as_object()) else {
        return Vec::new();
    };
    let mut fields: Vec<&String> = a.keys().chain(b.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|k| !matches!(k.as_str(), "revision" | "status"))
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldDiff {
            field: k.clone(),
            mine: short(a.get(k)),
            theirs: short(b.get(k)),
        })
        .collect()
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
            photos: Vec::new(),
            markings: Vec::new(),
            sources: Vec::new(),
            conflicts: Vec::new(),
            note: None,
            captures: Vec::new(),
            generation: 0,
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

/// One code read in a photo, as the screen outlines it.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeView {
    /// Symbology, e.g. `QR Code`.
    pub format: String,
    /// The text read.
    pub text: String,
    /// Corners as SVG polygon points, in photo pixels.
    pub points: String,
    /// What this code alone would fill in.
    pub prefill: Prefill,
}

/// A code's text with its control characters named (`<GS>`, `<RS>`, `<EOT>`), as the
/// marking standards print them, instead of glyphs no font has.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\u{1d}' => out.push_str("<GS>"),
            '\u{1e}' => out.push_str("<RS>"),
            '\u{04}' => out.push_str("<EOT>"),
            c if c.is_control() => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A photo read in this session: its thumbnail and every code found, outlined.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureView {
    /// The thumbnail as a `data:` URL.
    pub thumbnail: String,
    /// Photo width in pixels (the outline coordinates' space).
    pub width: u32,
    /// Photo height in pixels.
    pub height: u32,
    /// The codes, in reading order.
    pub codes: Vec<CodeView>,
}

impl CaptureView {
    /// The view of what the capture pipeline read in one photo.
    pub fn of(capture: &tracemark_shared::capture::Capture) -> Self {
        use base64::Engine as _;
        let codes = capture
            .codes
            .iter()
            .map(|c| CodeView {
                format: c.format.name().to_string(),
                text: visible(&c.text),
                points: c
                    .position
                    .0
                    .iter()
                    .map(|p| format!("{},{}", p.x, p.y))
                    .collect::<Vec<_>>()
                    .join(" "),
                prefill: tracemark_shared::capture::prefill(std::slice::from_ref(c)),
            })
            .collect();
        Self {
            thumbnail: format!(
                "data:image/jpeg;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&capture.thumbnail.jpeg)
            ),
            width: capture.width,
            height: capture.height,
            codes,
        }
    }
}

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
}

impl Default for PartyForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            role: PartyRole::Consignor,
            country: String::new(),
            note: String::new(),
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
        }
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl CaseForm {
    /// The domain case at `status`, validated by the shared rules; text that does
    /// not parse (a date, a number, coordinates) is reported with the field's path.
    pub fn to_record(
        &self,
        agency: AgencyId,
        author: UserId,
        status: CaseStatus,
    ) -> Result<SeizureCase, ValidationErrors> {
        let mut v = Validator::new();
        let date_format = time::macros::format_description!("[year]-[month]-[day]");
        let seized_on = match time::Date::parse(self.seized_on.trim(), date_format) {
            Ok(d) => d,
            Err(_) => {
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

#[cfg(test)]
mod tests;
