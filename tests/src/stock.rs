//! Stock-check helpers the end-to-end tests share: a supervisor imports an inventory
//! file through the API, the inspector's device finds its locations in the pull and
//! pushes counts through the real sync protocol.

use std::collections::HashMap;

use reqwest::Method;
use tracemark_shared::domain::{
    AmmunitionLot, ConditionCode, CountLine, CountLineId, LocationId, StockCheckId,
};
use tracemark_shared::sync::{Change, PullItem};

use crate::sync::{assert_all_accepted, op, pull_all, push};
use crate::{Server, respond};

/// Imports `csv` as a stock check titled `title` assigned to `inspector.depot` and
/// returns its id (the import must succeed).
pub fn import_inventory(s: &Server, token: &str, title: &str, csv: &str) -> StockCheckId {
    let (status, r) = respond(
        s.request(
            Method::POST,
            &format!(
                "/api/v1/imports/inventory?title={}&assign=inspector.depot",
                form_urlencoded::byte_serialize(title.as_bytes()).collect::<String>()
            ),
            Some(token),
        )
        .header("content-type", "text/csv")
        .body(csv.to_string()),
    );
    assert_eq!(status, 201, "{r}");
    r["records"][0]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("the new stock check's id")
}

/// The check's assignment as the device pulls it.
pub fn assignment(s: &Server, device: &str, check: StockCheckId) -> serde_json::Value {
    let (items, _) = pull_all(s, device, None);
    items
        .into_iter()
        .find_map(|i| match i {
            PullItem::Assignment { assignment }
                if assignment["stock_check"]["id"] == check.to_string() =>
            {
                Some(assignment)
            }
            _ => None,
        })
        .expect("the check is assigned to the device's user")
}

/// The check's locations by code, as the device pulls them.
pub fn locations(s: &Server, device: &str, check: StockCheckId) -> HashMap<String, LocationId> {
    let a = assignment(s, device, check);
    a["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .filter_map(|l| {
            Some((
                l["code"].as_str()?.to_string(),
                l["id"].as_str()?.parse().ok()?,
            ))
        })
        .collect()
}

/// One count: where, which lot, how many, in which condition.
pub struct Count<'a> {
    /// The location's code.
    pub at: &'a str,
    /// The lot.
    pub lot: AmmunitionLot,
    /// Units counted.
    pub quantity: u64,
    /// Condition found.
    pub condition: ConditionCode,
}

/// Pushes the counts from the inspector's `device`; every one must be accepted. A
/// lot counts as unexpected when `expected` does not name it.
pub fn push_counts(
    s: &Server,
    device: &str,
    check: StockCheckId,
    expected: &[&str],
    counts: Vec<Count<'_>>,
) {
    let places = locations(s, device, check);
    let ops: Vec<_> = counts
        .into_iter()
        .map(|c| {
            op(
                None,
                Change::CountLine {
                    record: CountLine {
                        id: CountLineId::new(),
                        stock_check_id: check,
                        location_id: places[c.at],
                        unexpected_lot: !expected.contains(&c.lot.lot.as_str()),
                        lot: c.lot,
                        quantity: c.quantity,
                        condition: c.condition,
                        photos: vec![],
                        note: None,
                    },
                },
            )
        })
        .collect();
    assert_all_accepted(&push(s, device, &ops));
}
