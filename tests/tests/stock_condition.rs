//! The condition of stock through the real service: counts pushed by the inspector's
//! device over successive stock checks give each lot a condition history, and the
//! lots whose latest check found them unserviceable are listed for disposal — to the
//! owning agency's supervisors only, in the API and the console, every read audited.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use tracemark_shared::domain::{AmmunitionLot, ConditionCode};
use tracemark_tests::Server;
use tracemark_tests::console::Browser;
use tracemark_tests::stock::{Count, import_inventory, push_counts};
use tracemark_tests::sync::device_login;

fn lot(calibre: &str, number: &str) -> AmmunitionLot {
    AmmunitionLot {
        manufacturer: "17".into(),
        calibre: calibre.into(),
        year: Some(1985),
        lot: number.into(),
        sub_lot: None,
        nsn: None,
        dodic: None,
        ammunition_type: None,
        hazard: None,
    }
}

const INVENTORY: &str = "depot,location,manufacturer,calibre,year,lot,quantity\n\
    CAD-1,B4-R1,17,82mm mortar,1985,MB-1,100\n\
    CAD-1,B4-R1,17,7.62x39mm,1985,SA-1,5000\n\
    CAD-1,B4-R2,17,PG-7VM,1985,RG-1,40\n";
const EXPECTED: [&str; 3] = ["MB-1", "SA-1", "RG-1"];

fn listed(list: &Value) -> Vec<(String, u64, String, String, u64)> {
    list["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["lot"]["lot"].as_str().unwrap().to_string(),
                l["quantity"].as_u64().unwrap(),
                l["conditions"].to_string(),
                l["title"].as_str().unwrap().to_string(),
                l["checks"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn lots_found_unserviceable_by_their_latest_check_are_listed_for_disposal() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let device = device_login(&s, "inspector.depot");

    // The first check finds water-damaged mortar bombs, condemned rockets at both
    // places they were, and good cartridges.
    let first = import_inventory(&s, &t, "Annual count 2025", INVENTORY);
    push_counts(
        &s,
        &device,
        first,
        &EXPECTED,
        vec![
            Count {
                at: "B4-R1",
                lot: lot("82mm mortar", "MB-1"),
                quantity: 100,
                condition: ConditionCode::F,
            },
            Count {
                at: "B4-R1",
                lot: lot("7.62x39mm", "SA-1"),
                quantity: 5000,
                condition: ConditionCode::A,
            },
            Count {
                at: "B4-R2",
                lot: lot("PG-7VM", "RG-1"),
                quantity: 30,
                condition: ConditionCode::H,
            },
            Count {
                at: "B4-R1",
                lot: lot("PG-7VM", "RG-1"),
                quantity: 10,
                condition: ConditionCode::H,
            },
        ],
    );
    let (status, list) = s.get("/api/v1/lots/disposal", Some(&t));
    assert_eq!(status, 200, "{list}");
    assert_eq!(
        listed(&list),
        [
            (
                "MB-1".into(),
                100,
                r#"["F"]"#.into(),
                "Annual count 2025".into(),
                1
            ),
            (
                "RG-1".into(),
                40,
                r#"["H"]"#.into(),
                "Annual count 2025".into(),
                1
            ),
        ]
    );
    assert_eq!(
        list["lots"][1]["locations"],
        serde_json::json!(["B4-R2", "B4-R1"])
    );

    // The next check finds the mortar bombs repaired; the rockets are not counted.
    let second = import_inventory(&s, &t, "Spot check 2026", INVENTORY);
    push_counts(
        &s,
        &device,
        second,
        &EXPECTED,
        vec![Count {
            at: "B4-R1",
            lot: lot("82 mm mortar", "MB-1"),
            quantity: 100,
            condition: ConditionCode::B,
        }],
    );
    let (_, list) = s.get("/api/v1/lots/disposal", Some(&t));
    assert_eq!(
        listed(&list),
        [(
            "RG-1".into(),
            40,
            r#"["H"]"#.into(),
            "Annual count 2025".into(),
            1
        )]
    );

    // The mortar bombs' history: both checks, oldest first, whatever the calibre's
    // spelling.
    let path = "/api/v1/lots/condition-history?manufacturer=17&calibre=82%20mm%20mortar&lot=mb-1";
    let (status, history) = s.get(path, Some(&t));
    assert_eq!(status, 200, "{history}");
    let entries: Vec<(String, String, u64)> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap().to_string(),
                e["condition"].as_str().unwrap().to_string(),
                e["quantity"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("Annual count 2025".into(), "F".into(), 100),
            ("Spot check 2026".into(), "B".into(), 100),
        ]
    );
    let (status, body) = s.get(
        "/api/v1/lots/condition-history?manufacturer=17&calibre=9mm&lot=NONE",
        Some(&t),
    );
    assert_eq!(status, 404, "{body}");
    let (status, body) = s.get(
        &format!(
            "/api/v1/lots/condition-history?manufacturer=17&calibre=9mm&lot={}",
            "9".repeat(201)
        ),
        Some(&t),
    );
    assert_eq!(status, 422, "{body}");

    // Only the owning agency's supervisors: another agency sees nothing of it, an
    // inspector is refused.
    let customs = s.login("supervisor.customs");
    let (status, theirs) = s.get("/api/v1/lots/disposal", Some(&customs));
    assert_eq!(status, 200);
    assert!(listed(&theirs).is_empty(), "{theirs}");
    assert_eq!(s.get(path, Some(&customs)).0, 404);
    let inspector = s.login("inspector.depot");
    assert_eq!(s.get("/api/v1/lots/disposal", Some(&inspector)).0, 403);
    assert_eq!(s.get(path, Some(&inspector)).0, 403);
    assert!(s.audit_count("read_disposal_list", "%") >= 2);
    assert_eq!(s.audit_count("read_condition_history", "%"), 1);

    // The console shows both pages.
    let mut browser = Browser::new(&s);
    browser.sign_in("supervisor.depot");
    let page = browser.get("/disposal");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Lots for disposal"), "{}", page.body);
    assert!(page.body.contains("17 PG-7VM RG-1"), "{}", page.body);
    assert!(!page.body.contains("MB-1"), "{}", page.body);
    assert!(
        page.body
            .contains("/lots/history?manufacturer=17&amp;calibre=PG-7VM&amp;lot=RG-1"),
        "{}",
        page.body
    );
    let page = browser.get("/lots/history?manufacturer=17&calibre=82mm%20mortar&lot=MB-1");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Condition history"), "{}", page.body);
    assert!(page.body.contains("Spot check 2026"), "{}", page.body);
    let mut theirs = Browser::new(&s);
    theirs.sign_in("supervisor.customs");
    assert_eq!(
        theirs
            .get("/lots/history?manufacturer=17&calibre=82mm%20mortar&lot=MB-1")
            .status,
        404
    );
}
