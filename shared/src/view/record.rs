//! A record as people read it (console `/records/{id}`, the app's review detail): what
//! it is called, its facts by name in a fixed order, its items as a table, the photos
//! it cites, and every other field it holds.
//!
//! Invariant: nothing a record holds is hidden. The facts and items a kind names come
//! first; every other field of the body (parties, victims, GPS…) is handed on in
//! [`RecordSummary::other`] for the renderer to show as stored.

use serde_json::{Map, Value};

use super::Term;
use crate::api::review::text_of;
use crate::domain::{RecordKind, ShippingMode};

/// The message ids this view hands a renderer: fact labels and item columns.
pub const MESSAGES: &[&str] = &[
    "case-reference",
    "seized-on",
    "recovered-on",
    "recovery-circumstance",
    "recovered-by",
    "recovered-condition",
    "recovery-action",
    "action-on",
    "moved-to",
    "action-note",
    "place",
    "mode-of-shipping",
    "concealment",
    "route-origin",
    "route-transit",
    "route-destination",
    "point-of-dispatch",
    "stock-check-title",
    "depot",
    "locations",
    "expected-lines",
    "count-lines",
    "exporter",
    "importer",
    "end-user",
    "end-user-certificate",
    "transferred-on",
    "agency",
    "sharing",
    "calibre",
    "manufacturer",
    "lot",
    "sub-lot",
    "year",
    "quantity",
];

/// The table of items: message ids of its columns, in order (the NSN column is named
/// by its abbreviation in every language).
pub const ITEM_COLUMNS: [&str; 6] = [
    "calibre",
    "manufacturer",
    "lot",
    "sub-lot",
    "year",
    "quantity",
];

/// A fact's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// Text as stored (a place, a reference, a number).
    Text(String),
    /// A value of a family named in the reader's language.
    Term(Term, String),
}

/// One fact: its label's message id and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Message id of the label.
    pub label: &'static str,
    /// The value.
    pub value: Shown,
}

/// One row of the items table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemRow {
    /// Calibre.
    pub calibre: String,
    /// Manufacturer.
    pub manufacturer: String,
    /// Lot.
    pub lot: String,
    /// Sub-lot.
    pub sub_lot: String,
    /// Year of production.
    pub year: String,
    /// Quantity.
    pub quantity: String,
    /// Its unit's wire name ([`Term::Unit`]), when the record gives one.
    pub unit: Option<String>,
    /// NSN.
    pub nsn: String,
    /// The lot's ammunition type, and whether someone stated it (`false`: its marks
    /// tell it, [`AmmunitionLot::kind`](crate::domain::AmmunitionLot::kind)).
    pub ammunition_type: Option<(crate::domain::AmmunitionType, bool)>,
}

/// A record's view.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordSummary<'a> {
    /// Its facts, empty ones left out.
    pub facts: Vec<Fact>,
    /// Its items (a case's seized items, a transfer's lines); empty for other kinds.
    pub items: Vec<ItemRow>,
    /// The photo hashes it cites anywhere, sorted, each once.
    pub photos: Vec<String>,
    /// Every other field of the body, by name (`photos` lists left out: they are in
    /// [`Self::photos`]).
    pub other: Vec<(&'a str, &'a Value)>,
}

/// What a record is called: its reference, its stock check's title, its title or its
/// lot.
pub fn title_of(body: &Value) -> Option<&str> {
    ["/reference", "/stock_check/title", "/title", "/lot/lot"]
        .iter()
        .find_map(|p| body.pointer(p).and_then(Value::as_str))
}

fn text_at(v: &Value, pointer: &str) -> String {
    v.pointer(pointer).map(text_of).unwrap_or_default()
}

fn len_at(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
        .to_string()
}

/// Facts read from the body: label, pointer.
const CASE_FACTS: &[(&str, &str)] = &[
    ("case-reference", "/reference"),
    ("seized-on", "/seized_on"),
    ("place", "/place"),
];
/// A recovered cache's: the day is the recovery's.
const CACHE_FACTS: &[(&str, &str)] = &[
    ("case-reference", "/reference"),
    ("recovered-on", "/seized_on"),
    ("place", "/place"),
];
/// What a recovered cache's recovery says after its terms.
const RECOVERY_FACTS: &[(&str, &str)] = &[
    ("recovered-by", "/recovery/recovered_by"),
    ("action-on", "/recovery/action_on"),
    ("moved-to", "/recovery/moved_to"),
    ("action-note", "/recovery/action_note"),
];
const CASE_ROUTE: &[(&str, &str)] = &[
    ("concealment", "/concealment"),
    ("route-origin", "/route/origin"),
];
const CASE_AFTER_TRANSIT: &[(&str, &str)] = &[
    ("route-destination", "/route/destination"),
    ("point-of-dispatch", "/point_of_dispatch"),
];
const TRANSFER_FACTS: &[(&str, &str)] = &[
    ("exporter", "/exporter"),
    ("importer", "/importer"),
    ("end-user", "/end_user"),
    ("end-user-certificate", "/end_user_certificate_ref"),
    ("transferred-on", "/transferred_on"),
];

/// Body fields shown elsewhere on the page (its header) or by a kind's facts.
const SHOWN_BY_HEADER: &[&str] = &["id", "agency_id", "status", "scope", "revision", "photos"];

fn item_row(item: &Value, unit: bool) -> ItemRow {
    ItemRow {
        calibre: text_at(item, "/lot/calibre"),
        manufacturer: text_at(item, "/lot/manufacturer"),
        lot: text_at(item, "/lot/lot"),
        sub_lot: text_at(item, "/lot/sub_lot"),
        year: text_at(item, "/lot/year"),
        quantity: text_at(item, "/quantity"),
        unit: unit
            .then(|| item.get("unit").and_then(Value::as_str).map(str::to_string))
            .flatten(),
        nsn: text_at(item, "/lot/nsn"),
        ammunition_type: item
            .get("lot")
            .and_then(|l| <crate::domain::AmmunitionLot as serde::Deserialize>::deserialize(l).ok())
            .and_then(|l| Some((l.kind()?, l.ammunition_type.is_some()))),
    }
}

fn rows(body: &Value, key: &str, unit: bool) -> Vec<ItemRow> {
    body.get(key)
        .and_then(Value::as_array)
        .map(|list| list.iter().map(|i| item_row(i, unit)).collect())
        .unwrap_or_default()
}

impl<'a> RecordSummary<'a> {
    /// The view of a record of `kind` holding `body`, owned by `agency_name` and
    /// shared as `scope`; `count_lines` is what the server counted for a stock check.
    pub fn new(
        kind: RecordKind,
        body: &'a Value,
        agency_name: &str,
        scope: &str,
        count_lines: Option<i64>,
    ) -> Self {
        let mut facts = Vec::new();
        let mut add = |label: &'static str, value: Shown| {
            let blank = match &value {
                Shown::Text(t) | Shown::Term(_, t) => t.trim().is_empty(),
            };
            if !blank {
                facts.push(Fact { label, value });
            }
        };
        let from = |pairs: &[(&'static str, &str)], add: &mut dyn FnMut(&'static str, Shown)| {
            for (label, pointer) in pairs {
                add(label, Shown::Text(text_at(body, pointer)));
            }
        };
        let (items, covered): (Vec<ItemRow>, &[&str]) = match kind {
            RecordKind::SeizureCase | RecordKind::RecoveredCache => {
                if kind == RecordKind::RecoveredCache {
                    from(CACHE_FACTS, &mut add);
                    for (label, term, pointer) in [
                        (
                            "recovery-circumstance",
                            Term::Circumstance,
                            "/recovery/circumstance",
                        ),
                        (
                            "recovered-condition",
                            Term::Condition,
                            "/recovery/condition",
                        ),
                        ("recovery-action", Term::Action, "/recovery/action"),
                    ] {
                        add(label, Shown::Term(term, text_at(body, pointer)));
                    }
                    from(RECOVERY_FACTS, &mut add);
                    // A cache's way of travel is seldom known: `other` says so.
                    let mode = text_at(body, "/mode_of_shipping");
                    if mode != ShippingMode::Other.as_str() {
                        add("mode-of-shipping", Shown::Term(Term::Mode, mode));
                    }
                } else {
                    from(CASE_FACTS, &mut add);
                    add(
                        "mode-of-shipping",
                        Shown::Term(Term::Mode, text_at(body, "/mode_of_shipping")),
                    );
                }
                from(CASE_ROUTE, &mut add);
                let transit: Vec<String> = body
                    .pointer("/route/transit")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(text_of).collect())
                    .unwrap_or_default();
                add("route-transit", Shown::Text(transit.join(", ")));
                from(CASE_AFTER_TRANSIT, &mut add);
                (
                    rows(body, "items", true),
                    &[
                        "reference",
                        "seized_on",
                        "place",
                        "mode_of_shipping",
                        "concealment",
                        "route",
                        "point_of_dispatch",
                        "items",
                        "recovery",
                    ],
                )
            }
            RecordKind::StockCheck => {
                add(
                    "stock-check-title",
                    Shown::Text(text_at(body, "/stock_check/title")),
                );
                add("depot", Shown::Text(text_at(body, "/depot/name")));
                add("locations", Shown::Text(len_at(body, "/locations")));
                add("expected-lines", Shown::Text(len_at(body, "/expected")));
                if let Some(n) = count_lines {
                    add("count-lines", Shown::Text(n.to_string()));
                }
                (Vec::new(), &["locations", "expected"])
            }
            RecordKind::Transfer => {
                from(TRANSFER_FACTS, &mut add);
                (
                    rows(body, "lines", false),
                    &[
                        "exporter",
                        "importer",
                        "end_user",
                        "end_user_certificate_ref",
                        "transferred_on",
                        "lines",
                    ],
                )
            }
            RecordKind::CountLine => (Vec::new(), &[]),
        };
        add("agency", Shown::Text(agency_name.to_string()));
        add("sharing", Shown::Term(Term::Scope, scope.to_string()));
        let other = body
            .as_object()
            .map(Map::iter)
            .into_iter()
            .flatten()
            .filter(|(k, v)| {
                !v.is_null()
                    && !covered.contains(&k.as_str())
                    && !SHOWN_BY_HEADER.contains(&k.as_str())
            })
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        RecordSummary {
            facts,
            items,
            photos: photo_hashes(body),
            other,
        }
    }
}

/// A stored value on one line, for a compact screen: text as is, an object's fields as
/// `name: value` separated by `; `, a list's entries separated by ` · ` (empty ones
/// left out). Names keep their stored spelling with spaces for underscores.
pub fn one_line(v: &Value) -> String {
    match v {
        Value::Object(m) => m
            .iter()
            .filter(|(k, v)| !v.is_null() && *k != "photos")
            .map(|(k, v)| format!("{}: {}", k.replace('_', " "), one_line(v)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Array(list) => list
            .iter()
            .map(one_line)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        other => text_of(other),
    }
}

/// Every photo hash a body cites (`photos` lists at any depth, of hashes or of
/// `{sha256}` objects), sorted, each once.
pub fn photo_hashes(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(list)) = m.get("photos") {
                    out.extend(list.iter().filter_map(|p| {
                        p.as_str()
                            .or_else(|| p.get("sha256").and_then(Value::as_str))
                            .map(str::to_string)
                    }));
                }
                stack.extend(m.iter().filter(|(k, _)| *k != "photos").map(|(_, v)| v));
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(s: &RecordSummary<'_>) -> Vec<&'static str> {
        s.facts.iter().map(|f| f.label).collect()
    }

    #[test]
    fn a_recovered_cache_reads_as_its_recovery_and_items() {
        let body = json!({
            "id": "c2", "reference": "CACHE-7", "seized_on": "2026-10-30",
            "place": "Garissa", "mode_of_shipping": "other",
            "concealment": "Buried in drums",
            "route": { "origin": null, "transit": [], "destination": null },
            "recovery": { "circumstance": "found", "recovered_by": "EOD team 3",
                          "condition": "deteriorated", "action": "moved",
                          "action_on": "2026-10-31", "moved_to": "Armoury 2",
                          "action_note": null },
            "items": [{ "lot": { "calibre": "82mm", "manufacturer": "17", "lot": "4" },
                        "quantity": 12, "unit": "pieces", "photos": [] }],
            "status": "submitted"
        });
        let s = RecordSummary::new(
            RecordKind::RecoveredCache,
            &body,
            "Police",
            "national",
            None,
        );
        assert_eq!(
            labels(&s),
            [
                "case-reference",
                "recovered-on",
                "place",
                "recovery-circumstance",
                "recovered-condition",
                "recovery-action",
                "recovered-by",
                "action-on",
                "moved-to",
                "concealment",
                "agency",
                "sharing"
            ]
        );
        assert_eq!(
            s.facts[3].value,
            Shown::Term(Term::Circumstance, "found".into())
        );
        assert_eq!(s.facts[5].value, Shown::Term(Term::Action, "moved".into()));
        assert_eq!(s.items.len(), 1);
        // Nothing of the recovery is left over as an unnamed field.
        assert!(
            s.other.iter().all(|(k, _)| *k != "recovery"),
            "{:?}",
            s.other
        );
        // A known way of travel is shown.
        let mut by_sea = body.clone();
        by_sea["mode_of_shipping"] = "sea".into();
        let s = RecordSummary::new(
            RecordKind::RecoveredCache,
            &by_sea,
            "Police",
            "national",
            None,
        );
        assert!(labels(&s).contains(&"mode-of-shipping"));
    }

    #[test]
    fn a_case_reads_as_its_facts_items_and_everything_else_it_holds() {
        let body = json!({
            "id": "c1", "reference": "SZ-2026-0142", "seized_on": "2026-11-02",
            "place": "Port of Tema", "mode_of_shipping": "sea", "concealment": null,
            "route": { "origin": "A", "transit": ["B", "C"], "destination": "D" },
            "gps": { "lat": 5.6, "lon": -0.01 },
            "parties": [{ "role": "broker", "name": "X" }],
            "items": [{ "lot": { "calibre": "7.62x39mm", "manufacturer": "Factory 17",
                                 "lot": "17-85-0412", "year": 1985 },
                        "quantity": 1440, "unit": "rounds",
                        "photos": [{ "sha256": "bb" }, "aa"] }],
            "photos": ["aa"], "status": "submitted"
        });
        let s = RecordSummary::new(
            RecordKind::SeizureCase,
            &body,
            "Customs HQ",
            "national",
            None,
        );
        assert_eq!(
            labels(&s),
            [
                "case-reference",
                "seized-on",
                "place",
                "mode-of-shipping",
                "route-origin",
                "route-transit",
                "route-destination",
                "agency",
                "sharing"
            ]
        );
        assert_eq!(s.facts[3].value, Shown::Term(Term::Mode, "sea".into()));
        assert_eq!(s.facts[5].value, Shown::Text("B, C".into()));
        assert_eq!(
            s.facts[8].value,
            Shown::Term(Term::Scope, "national".into())
        );
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            (
                s.items[0].lot.as_str(),
                s.items[0].year.as_str(),
                s.items[0].unit.as_deref()
            ),
            ("17-85-0412", "1985", Some("rounds"))
        );
        assert_eq!(s.photos, ["aa", "bb"]);
        let other: Vec<&str> = s.other.iter().map(|(k, _)| *k).collect();
        assert_eq!(other, ["gps", "parties"]);
        assert_eq!(title_of(&body), Some("SZ-2026-0142"));
    }

    #[test]
    fn a_stock_check_and_a_transfer_name_their_own_facts() {
        let check = json!({ "stock_check": { "title": "Q4 count" }, "depot": { "name": "North" },
                            "locations": [{}, {}], "expected": [{}, {}, {}] });
        let s = RecordSummary::new(
            RecordKind::StockCheck,
            &check,
            "Depot",
            "own_agency",
            Some(7),
        );
        assert_eq!(
            labels(&s),
            [
                "stock-check-title",
                "depot",
                "locations",
                "expected-lines",
                "count-lines",
                "agency",
                "sharing"
            ]
        );
        assert_eq!(s.facts[3].value, Shown::Text("3".into()));
        let other: Vec<&str> = s.other.iter().map(|(k, _)| *k).collect();
        assert_eq!(other, ["depot", "stock_check"]);
        assert_eq!(title_of(&check), Some("Q4 count"));

        let transfer = json!({ "exporter": "E", "importer": "I", "end_user": "MoD",
            "end_user_certificate_ref": "EUC-1", "transferred_on": "2025-01-02",
            "lines": [{ "lot": { "lot": "L1" }, "quantity": 10 }] });
        let s = RecordSummary::new(
            RecordKind::Transfer,
            &transfer,
            "Ministry",
            "national",
            None,
        );
        assert_eq!(
            labels(&s)[..5],
            [
                "exporter",
                "importer",
                "end-user",
                "end-user-certificate",
                "transferred-on"
            ]
        );
        assert_eq!(
            (s.items[0].lot.as_str(), s.items[0].unit.clone()),
            ("L1", None)
        );
        assert!(s.other.is_empty());
    }

    #[test]
    fn a_nested_value_reads_on_one_line() {
        let v = json!([{ "role": "broker", "name": "Ocean Freight Ltd", "photos": ["aa"] },
                       { "role": "carrier", "name": null }]);
        assert_eq!(
            one_line(&v),
            "name: Ocean Freight Ltd; role: broker · role: carrier"
        );
        assert_eq!(one_line(&json!({ "lat": 5.6 })), "lat: 5.6");
    }

    #[test]
    fn a_kind_without_named_facts_keeps_every_field_for_the_renderer() {
        let body = json!({ "lot": { "lot": "L9" }, "quantity": 3, "note": "wet" });
        let s = RecordSummary::new(RecordKind::CountLine, &body, "Depot", "own_agency", None);
        assert_eq!(labels(&s), ["agency", "sharing"]);
        assert_eq!(s.other.len(), 3);
        assert_eq!(title_of(&body), Some("L9"));
    }
}
