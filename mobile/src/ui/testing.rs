//! Headless tests of every main screen: the app rendered by Dioxus SSR over a real
//! local store in a temporary folder, asserted on its HTML, in each state a user
//! meets (signed out, empty, waiting to send, offline error, returned with a comment,
//! a stock check half counted, right-to-left Arabic).

use dioxus::prelude::*;
use serde_json::json;
use time::OffsetDateTime;
use tracemark_shared::domain::*;
use tracemark_shared::sync::{PullItem, PullResponse, ReviewDecision};

use super::{App, AppCore, Screen};
use crate::core::store::Session;
use crate::core::{LocalStore, SyncConfig, SyncEngine};
use crate::i18n::Locale;

pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub engine: SyncEngine,
    pub agency: AgencyId,
    pub user: UserId,
}

pub(crate) fn fixture(signed_in: bool) -> Fixture {
    fixture_as(signed_in, "customs_officer")
}

/// A store signed in (or not) as a user of `role` (`inspector`, `supervisor`…).
pub(crate) fn fixture_as(signed_in: bool, role: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    let (agency, user) = (AgencyId::new(), UserId::new());
    if signed_in {
        store
            .save_session(&Session {
                server_url: "http://127.0.0.1:9".into(),
                token: "tmk_test".into(),
                device_id: None,
                user: json!({ "id": user, "agency_id": agency, "username": "officer", "role": role }),
            })
            .unwrap();
    }
    let engine = SyncEngine::new(store, SyncConfig::default()).unwrap();
    Fixture {
        _dir: dir,
        engine,
        agency,
        user,
    }
}

pub(crate) fn render_with(f: &Fixture, locale: Locale, start: Option<Screen>) -> String {
    render_on(
        f,
        locale,
        start,
        std::sync::Arc::new(crate::core::PlatformDevice),
    )
}

fn render_on(
    f: &Fixture,
    locale: Locale,
    start: Option<Screen>,
    device: std::sync::Arc<dyn crate::core::Device>,
) -> String {
    let mut vdom = app_dom(f, locale, start, device);
    vdom.rebuild_in_place();
    dioxus_ssr::render(&vdom)
}

/// The whole app over the fixture's store, not rendered yet.
pub(crate) fn app_dom(
    f: &Fixture,
    locale: Locale,
    start: Option<Screen>,
    device: std::sync::Arc<dyn crate::core::Device>,
) -> VirtualDom {
    let core = AppCore {
        engine: Some(f.engine.clone()),
        open_error: None,
        autosync: false,
        locale,
        start,
        device,
    };
    VirtualDom::new(App).with_root_context(core)
}

pub(crate) fn render(f: &Fixture, screen: Option<Screen>) -> String {
    render_with(f, Locale::En, screen)
}

/// Stores `body` as the device's pull of an assignment.
fn pull_assignment(f: &Fixture, body: serde_json::Value) {
    f.engine
        .store()
        .apply_pull_page(&PullResponse {
            items: vec![PullItem::Assignment { assignment: body }],
            cursor: "c1".into(),
            more: false,
        })
        .unwrap();
}

fn assignment(f: &Fixture) -> (StockCheckId, LocationId) {
    let check = StockCheckId::new();
    let location = LocationId::new();
    let lot = |l: &str| {
        json!({ "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985, "lot": l,
                               "sub_lot": null, "nsn": null, "dodic": null })
    };
    let body = json!({
        "stock_check": { "id": check, "title": "Quarterly count", "assigned_to": [f.user], "status": "assigned" },
        "depot": { "name": "Central Ammunition Depot" },
        "locations": [{ "id": location, "code": "B1-R1", "description": "Bunker 1, row 1" }],
        "expected": [
            { "location_id": location, "lot": lot("17-85-0412"), "quantity": 12000 },
            { "location_id": location, "lot": lot("17-86-0001"), "quantity": 600 },
        ],
        "revision": 1, "status": "assigned",
    });
    pull_assignment(f, body);
    (check, location)
}

#[test]
fn first_start_asks_for_server_and_login() {
    let html = render(&fixture(false), None);
    assert!(html.contains("Sign in to your agency"), "{html}");
    assert!(html.contains("Server address") && html.contains("Name of this device"));
    assert!(!html.contains("Sync now"), "no sync bar before sign-in");
}

#[test]
fn empty_home_says_what_to_do() {
    let html = render(&fixture(true), None);
    assert!(html.contains("Not synced yet"));
    assert!(html.contains("Everything is sent"));
    assert!(html.contains("New seizure case"));
    assert!(
        html.contains("Sign out"),
        "a shared device can be handed on"
    );
    let html = render(&fixture_as(true, "inspector"), None);
    assert!(html.contains("No stock check is assigned to you yet"));
}

#[test]
fn home_shows_the_work_of_the_users_role() {
    let officer = render(&fixture(true), None);
    assert!(officer.contains("Seizures and recovered caches") && !officer.contains("Stock checks"));
    let inspector = render(&fixture_as(true, "inspector"), None);
    assert!(
        inspector.contains("Stock checks") && !inspector.contains("Seizures and recovered caches")
    );
    // An account without a known role keeps both field tiles.
    let admin = render(&fixture_as(true, "administrator"), None);
    assert!(admin.contains("Stock checks") && admin.contains("Seizures and recovered caches"));
}

#[test]
fn offline_work_waits_and_the_error_is_in_plain_words() {
    let f = fixture(true);
    let mut form = super::model::CaseForm {
        reference: "KE-1".into(),
        place: "Malaba".into(),
        ..Default::default()
    };
    form.items[0].1.calibre = "7.62x39".into();
    form.items[0].1.manufacturer = "17".into();
    form.items[0].1.lot = "L1".into();
    form.items[0].1.quantity = "10".into();
    let case = form.to_record(f.agency, f.user, CaseStatus::Draft).unwrap();
    f.engine.store().save_seizure_case(&case).unwrap();
    f.engine
        .store()
        .record_sync_error("No connection to the server. Your work is saved on this device and will be sent when the network is back.")
        .unwrap();
    let html = render(&f, None);
    assert!(html.contains("1 record waiting to be sent"), "{html}");
    assert!(html.contains("No connection to the server"));
    assert!(html.contains("KE-1") && html.contains("Draft"));
}

/// A complete case typed into the form and submitted by the fixture's user.
fn submitted_case(f: &Fixture, reference: &str, place: &str) -> SeizureCase {
    let mut form = super::model::CaseForm {
        reference: reference.into(),
        place: place.into(),
        ..Default::default()
    };
    form.items[0].1 = super::model::ItemForm {
        calibre: "7.62x39".into(),
        manufacturer: "17".into(),
        lot: "L1".into(),
        quantity: "10".into(),
        ..Default::default()
    };
    form.to_record(f.agency, f.user, CaseStatus::Submitted)
        .unwrap()
}

#[test]
fn returned_case_shows_the_supervisors_comment() {
    let f = fixture(true);
    let case = submitted_case(&f, "KE-2", "Namanga");
    f.engine.store().save_seizure_case(&case).unwrap();
    f.engine
        .store()
        .apply_pull_page(&PullResponse {
            items: vec![PullItem::Review {
                record_id: *case.id.as_uuid(),
                record_kind: "seizure_case".into(),
                decision: ReviewDecision::Return,
                comment: Some("Add the crate stencil photo".into()),
                revision: 2,
                at: OffsetDateTime::now_utc(),
            }],
            cursor: "c2".into(),
            more: false,
        })
        .unwrap();
    let html = render(&f, None);
    assert!(
        html.contains("Returned by your supervisor: Add the crate stencil photo"),
        "{html}"
    );
    // Opening it shows the comment above the case as it was, ready to correct.
    let html = render(&f, Some(Screen::Case(Some(case.id.to_string()))));
    assert!(
        html.contains("Returned by your supervisor: Add the crate stencil photo")
            && html.contains("KE-2")
            && html.contains("Namanga"),
        "{html}"
    );
}

#[test]
fn stock_check_shows_progress_per_location() {
    let f = fixture_as(true, "inspector");
    let (check, location) = assignment(&f);
    let line = super::model::count_line(
        check,
        location,
        None,
        serde_json::from_value(
            json!({ "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985,
            "lot": "17-85-0412", "sub_lot": null, "nsn": null, "dodic": null }),
        )
        .unwrap(),
        11_990,
        ConditionCode::A,
        false,
    )
    .unwrap();
    f.engine.store().save_count_line(&line).unwrap();
    let home = render(&f, None);
    assert!(home.contains("Quarterly count") && home.contains("Central Ammunition Depot"));
    let html = render(&f, Some(Screen::StockCheck(check.to_string())));
    assert!(html.contains("11,990 of 12,600 counted"), "{html}");
    // Each line's expected quantity is grouped as the progress is.
    assert!(html.contains("Expected: </span>12,000<"), "{html}");
    assert!(html.contains("1 line left"));
    assert!(html.contains("B1-R1") && html.contains("1/2"));
    assert!(html.contains("Submit stock check"));
}

#[test]
fn a_location_holding_groups_kept_apart_warns_the_inspector() {
    let f = fixture_as(true, "inspector");
    let check = StockCheckId::new();
    let (b1, b2) = (LocationId::new(), LocationId::new());
    let lot = |l: &str, calibre: &str, hazard: &str| {
        json!({ "manufacturer": "17", "calibre": calibre, "year": 1985, "lot": l,
                "sub_lot": null, "nsn": null, "dodic": null, "hazard": hazard })
    };
    let body = json!({
        "stock_check": { "id": check, "title": "Bunker 3", "assigned_to": [f.user], "status": "assigned" },
        "depot": { "name": "Central Ammunition Depot" },
        "locations": [{ "id": b1, "code": "B3-R1" }, { "id": b2, "code": "B3-R2" }],
        "expected": [
            { "location_id": b1, "lot": lot("HE-1", "82mm mortar", "1.1D"), "quantity": 40 },
            { "location_id": b1, "lot": lot("WP-1", "81mm WP", "1.2H"), "quantity": 20 },
            { "location_id": b2, "lot": lot("HE-2", "82mm mortar", "1.1D"), "quantity": 10 },
            { "location_id": b2, "lot": lot("SA-1", "7.62x39mm", "1.4S"), "quantity": 900 },
        ],
        "revision": 1, "status": "assigned",
    });
    pull_assignment(&f, body);
    let forbidden = "Compatibility groups D and H must not be stored together here.";
    let html = render(&f, Some(Screen::StockCheck(check.to_string())));
    assert_eq!(html.matches(forbidden).count(), 1, "{html}");
    assert!(html.contains("Mortar bomb · 1.1D"), "{html}");
    assert!(html.contains("Small calibre · 1.4S"), "{html}");

    // Counting the phosphorus lot at zero (it was moved) clears the warning.
    let wp: AmmunitionLot = serde_json::from_value(lot("WP-1", "81mm WP", "1.2H")).unwrap();
    let line = super::model::count_line(check, b1, None, wp, 0, ConditionCode::A, false).unwrap();
    f.engine.store().save_count_line(&line).unwrap();
    let html = render(&f, Some(Screen::StockCheck(check.to_string())));
    assert!(!html.contains(forbidden), "{html}");
}

#[test]
fn a_count_typed_but_not_saved_comes_back_after_a_restart() {
    let f = fixture_as(true, "inspector");
    let (check, location) = assignment(&f);
    f.engine
        .store()
        .save_form_draft(
            &format!("count:{check}:{location}:17-85-0412"),
            &json!({ "quantity": "11990", "condition": "E" }),
        )
        .unwrap();
    let html = render(&f, Some(Screen::StockCheck(check.to_string())));
    assert!(
        html.contains("11990") && html.contains("Typed but not saved yet"),
        "{html}"
    );
    assert!(html.contains(r#"value="E" selected"#), "{html}");
    for label in [
        "Go to a location",
        "Scan a location label",
        "Scan a box label",
        "B1-R1 (0/2)",
    ] {
        assert!(html.contains(label), "{label} missing");
    }
}

#[test]
fn a_conflict_shows_what_differs_and_both_ways_out() {
    use tracemark_shared::sync::{OpOutcome, OpResult};
    let f = fixture(true);
    let mine = submitted_case(&f, "KE-9", "Malaba");
    let store = f.engine.store();
    store.save_seizure_case(&mine).unwrap();
    let batch = store.take_batch(10, usize::MAX).unwrap();
    let mut theirs = mine.clone();
    theirs.place = "Busia".into();
    store
        .apply_push_results(&[OpResult {
            op_id: batch.operations[0].op_id,
            outcome: OpOutcome::Conflict {
                record_id: *mine.id.as_uuid(),
                server_revision: 3,
                server_record: json!(theirs),
            },
        }])
        .unwrap();
    let html = render(&f, None);
    for text in [
        "Changed on the server",
        "Malaba",
        "Busia",
        "Keep the server&#39;s version",
        "Apply my change on top",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    store
        .keep_server_version(batch.operations[0].op_id)
        .unwrap();
    assert!(!render(&f, None).contains("Changed on the server"));
}

#[test]
fn new_recovered_cache_form_asks_for_the_recovery_instead_of_the_route() {
    let f = fixture(true);
    let home = render(&f, None);
    assert!(home.contains("New recovered cache"), "{home}");
    let html = render(&f, Some(Screen::NewRecovery));
    for label in [
        "New recovered cache",
        "Date of recovery",
        "How it was found",
        "Found hidden",
        "Left uncleared after fighting",
        "Recovered by (unit, team or officer)",
        "Condition when found",
        "Unsafe to move",
        "What was done",
        "Destroyed",
        "Date of the action",
        "Recovered items",
        "Concealment method",
        "Add photos",
        "Submit for review",
    ] {
        assert!(html.contains(label), "{label} missing");
    }
    for seizure_only in ["Mode of shipping", "Transit places", "Point of dispatch"] {
        assert!(!html.contains(seizure_only), "{seizure_only} shown");
    }
    // `Moved to` is asked only once the action is a move.
    assert!(!html.contains(">Moved to<"));
}

#[test]
fn new_case_form_has_every_field() {
    let html = render(&fixture(true), Some(Screen::Case(None)));
    for label in [
        "Reference number",
        "Date of seizure",
        "Mode of shipping",
        "Concealment method",
        "Origin",
        "Destination",
        "Calibre",
        "Lot",
        "Add photos",
        "Save draft",
        "Submit for review",
    ] {
        assert!(html.contains(label), "{label} missing");
    }
    assert!(html.contains(r#"type="file""#));
    for label in [
        "Latitude",
        "Use my position",
        "Transit places",
        "Point of dispatch",
        "Parties",
        "Add a party",
        "Sub-lot",
        "Counted in",
        "Add another item",
        "Victims (optional)",
        "Who may see this case",
        "Or drop photos here",
    ] {
        assert!(html.contains(label), "{label} missing");
    }
    assert!(!html.contains("Take a photo"), "no camera on the desktop");
}

/// A phone's sources as the screens see them (the real plugin cannot run here).
struct Phone;

impl crate::core::Device for Phone {
    fn has_camera(&self) -> bool {
        true
    }
    fn photo(
        &self,
        _: crate::core::device::PhotoSource,
    ) -> Result<Option<Vec<u8>>, crate::core::device::DeviceError> {
        Ok(None)
    }
    fn locate(
        &self,
    ) -> Result<tracemark_shared::domain::GeoPoint, crate::core::device::DeviceError> {
        Err(crate::core::device::DeviceError::Timeout)
    }
}

#[test]
fn on_a_phone_the_case_form_offers_the_camera_not_a_file_input() {
    let f = fixture(true);
    let html = render_on(
        &f,
        Locale::En,
        Some(Screen::Case(None)),
        std::sync::Arc::new(Phone),
    );
    assert!(html.contains("Take a photo") && html.contains("Choose from the gallery"));
    assert!(
        !html.contains(r#"type="file""#),
        "a file input does nothing on a phone"
    );
}

#[test]
fn arabic_is_right_to_left_and_translated() {
    let f = fixture(true);
    let html = render_with(&f, Locale::Ar, None);
    assert!(html.contains(r#"dir="rtl""#) && html.contains(r#"lang="ar""#));
    assert!(html.contains("مزامنة الآن"), "{html}");
    let html = render_with(&f, Locale::Fr, None);
    assert!(html.contains("Synchroniser") && html.contains(r#"dir="ltr""#));
}

#[test]
fn a_form_killed_mid_entry_reopens_as_it_was() {
    let f = fixture(true);
    let typed = super::model::CaseForm {
        reference: "KE-DRAFT-7".into(),
        place: "Lunga Lunga".into(),
        ..Default::default()
    };
    f.engine
        .store()
        .save_form_draft("case:new", &serde_json::to_value(&typed).unwrap())
        .unwrap();
    let html = render(&f, Some(Screen::Case(None)));
    assert!(
        html.contains("KE-DRAFT-7") && html.contains("Lunga Lunga"),
        "{html}"
    );
}

#[test]
fn no_screen_shows_a_raw_message_id_in_any_language() {
    // Every id English knows; a screen that shows one of them as text lost its
    // translation.
    let ids = crate::i18n::message_ids(include_str!("../../locales/en.ftl"));
    let screens = [
        ("customs_officer", None),
        ("customs_officer", Some(Screen::Case(None))),
        ("inspector", None),
        ("supervisor", None),
        ("supervisor", Some(Screen::Reports)),
        ("supervisor", Some(Screen::Tracing)),
        ("supervisor", Some(Screen::Import)),
    ];
    for locale in Locale::ALL {
        for (role, screen) in &screens {
            let f = fixture_as(true, role);
            let html = render_with(&f, locale, screen.clone());
            for id in ids.iter().filter(|id| id.contains('-')) {
                let shown = [">", "title=\"", "placeholder=\"", "aria-label=\""]
                    .iter()
                    .any(|before| {
                        let end = if *before == ">" { "<" } else { "\"" };
                        html.contains(&format!("{before}{id}{end}"))
                    });
                assert!(!shown, "{locale:?} {role} {screen:?} shows the id {id}");
            }
        }
        let signed_out = fixture_as(false, "customs_officer");
        let html = render_with(&signed_out, locale, None);
        assert!(
            html.contains(&format!(r#"lang="{}""#, locale.tag())),
            "{html}"
        );
    }
}
