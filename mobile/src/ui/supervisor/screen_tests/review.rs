//! The review queue, reports and the home screen, headless.

use crate::i18n::Tr;
use std::time::Duration;

use dioxus::prelude::*;
use serde_json::json;
use tracemark_shared::domain::{RecordKind, RecordStatus};

use super::render_view;
use crate::core::supervisor::{
    Decision, DecisionView, History, NextRelease, Person, QueueEntry, QueuePage, RecordView,
    Report, ReportCell, ReportRow, RevisionView, SupervisorError,
};
use crate::i18n::Locale;
use crate::ui::Screen;
use crate::ui::supervisor::detail::{DecisionForm, check_decision};
use crate::ui::supervisor::{EntryBody, QueueView, ReportTable};
use crate::ui::testing::{app_dom, fixture_as, render_with};

fn entry() -> QueueEntry {
    serde_json::from_value(json!({
        "id": "0b9d7a4e-6f0c-4c8e-9d43-5a1f3c7d2e10",
        "kind": "seizure_case",
        "title": "KE-CUS-2026-0117",
        "author": { "id": "u1", "name": "Joseph Mwangi" },
        "submitted_at": "2026-11-23T05:04:11.123Z",
        "revision": 3,
        "photos": [
            { "sha256": "a".repeat(64), "stored": true, "media_type": "image/jpeg",
              "thumbnail_url": format!("/api/v1/photos/{}/thumbnail", "a".repeat(64)),
              "original_url": format!("/api/v1/photos/{}", "a".repeat(64)) },
            { "sha256": "b".repeat(64), "stored": false, "media_type": null,
              "thumbnail_url": format!("/api/v1/photos/{}/thumbnail", "b".repeat(64)),
              "original_url": format!("/api/v1/photos/{}", "b".repeat(64)) },
        ],
        "codes": [
            { "item_id": "i1", "text": "(01)09501101530003(10)AB12", "kind": "gs1_element_string",
              "fields": { "lot": { "value": "AB12", "source": "AI (10)" },
                          "gtin": { "value": "09501101530003", "source": "AI (01)" } },
              "warnings": [] },
            { "item_id": "i1", "text": "17 85", "kind": "plain_text", "fields": {},
              "warnings": ["read as plain text: no known marking"] },
        ],
        "history": { "revisions": 3, "returned": 1, "last_return_comment": "Photograph the crate stencil" },
    }))
    .unwrap()
}

fn record() -> RecordView {
    serde_json::from_value(json!({
        "id": "0b9d7a4e-6f0c-4c8e-9d43-5a1f3c7d2e10", "kind": "seizure_case",
        "agency_id": "a", "agency_name": "Kenya Revenue Authority – Customs",
        "scope": "national", "status": "submitted", "revision": 3,
        "updated_at": "2026-11-23T05:04:11Z",
        "body": {
            "reference": "KE-CUS-2026-0117", "seized_on": "2026-11-20", "place": "Malaba",
            "mode_of_shipping": "road", "concealment": "False floor of a lorry",
            "route": { "origin": "UG", "transit": ["KE"], "destination": "SO" },
            "parties": [{ "role": "carrier", "name": "Lakeside Haulage" }],
            "items": [{ "lot": { "calibre": "7.62x39mm", "manufacturer": "17", "lot": "17-85-0412",
                                 "year": 1985, "sub_lot": null, "nsn": null },
                        "quantity": 1200, "unit": "rounds" }],
        },
    }))
    .unwrap()
}

fn history() -> History {
    let person = |name: &str| Person {
        id: name.into(),
        name: name.into(),
    };
    History {
        record_id: "r".into(),
        kind: RecordKind::SeizureCase,
        revisions: vec![
            RevisionView {
                revision: 1,
                author: person("Joseph Mwangi"),
                device: None,
                at: "2026-11-20T08:00:00Z".into(),
                status: Some(RecordStatus::Submitted),
            },
            RevisionView {
                revision: 2,
                author: person("Grace Otieno"),
                device: None,
                at: "2026-11-21T09:30:00Z".into(),
                status: Some(RecordStatus::Returned),
            },
        ],
        reviews: vec![DecisionView {
            revision: 2,
            decision: "return".into(),
            comment: Some("Photograph the crate stencil".into()),
            reviewer: person("Grace Otieno"),
            at: "2026-11-21T09:30:00Z".into(),
        }],
    }
}

const SUPERVISOR_TILES: [&str; 6] = [
    "Review queue",
    "Tracing",
    "Access requests",
    "Reconciliation",
    "Import a file",
    "Trend reports",
];

#[test]
fn a_supervisor_home_has_the_supervisor_tiles_and_no_field_work() {
    let f = fixture_as(true, "supervisor");
    let html = render_with(&f, Locale::En, None);
    for tile in SUPERVISOR_TILES {
        assert!(html.contains(tile), "{tile} missing in {html}");
    }
    assert!(!html.contains("New seizure case") && !html.contains("Stock checks"));
}

#[test]
fn a_field_user_never_sees_supervisor_tiles_or_screens() {
    for role in ["customs_officer", "inspector"] {
        let f = fixture_as(true, role);
        let home = render_with(&f, Locale::En, None);
        for tile in SUPERVISOR_TILES {
            assert!(!home.contains(tile), "{role} sees {tile}");
        }
        // Asked for directly (e.g. TRACEMARK_APP_OPEN=review), the app shows home.
        for screen in [
            Screen::Review,
            Screen::ReviewFirst,
            Screen::Reports,
            Screen::Reconciliation(None),
            Screen::Import,
            Screen::Tracing,
            Screen::AccessRequests,
        ] {
            let html = render_with(&f, Locale::En, Some(screen));
            assert!(html.contains("Your work"), "{role}: {html}");
            assert!(!html.contains("Review queue") && !html.contains("Route country"));
        }
    }
}

#[test]
fn the_review_screen_says_it_is_loading() {
    let f = fixture_as(true, "supervisor");
    let html = render_with(&f, Locale::En, Some(Screen::Review));
    assert!(
        html.contains("Review queue") && html.contains("Loading…"),
        "{html}"
    );
    assert!(html.contains("Oldest submission first") && html.contains("Seizure case"));
    let html = render_with(&f, Locale::En, Some(Screen::Reports));
    for text in ["Rows", "Calibre", "Route country", "Concealment"] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}

/// Drives the app until `done` holds for its HTML (the queue's request finishing).
fn settle(f: &crate::ui::testing::Fixture, screen: Screen, done: impl Fn(&str) -> bool) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut vdom = app_dom(
        f,
        Locale::En,
        Some(screen),
        std::sync::Arc::new(crate::core::PlatformDevice),
    );
    rt.block_on(async {
        vdom.rebuild_in_place();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let html = dioxus_ssr::render(&vdom);
            if done(&html) || tokio::time::Instant::now() > deadline {
                return html;
            }
            let _ = tokio::time::timeout(Duration::from_millis(500), vdom.wait_for_work()).await;
            vdom.render_immediate(&mut dioxus_core::NoOpMutations);
        }
    })
}

#[test]
fn offline_the_queue_says_so_and_offers_a_retry() {
    // The fixture's session points at a port nobody listens on.
    let f = fixture_as(true, "supervisor");
    let html = settle(&f, Screen::Review, |h| !h.contains("Loading…"));
    assert!(html.contains("No connection to the server"), "{html}");
    assert!(html.contains("Try again") && html.contains("Home"));
    let html = settle(&f, Screen::Reports, |h| !h.contains("Loading…"));
    assert!(html.contains("No connection to the server"), "{html}");
}

#[test]
fn a_case_flagged_for_priority_says_why() {
    let mut flagged = entry();
    flagged.priority = Some(tracemark_shared::domain::AmmunitionType::Manpads);
    let page = QueuePage {
        entries: vec![flagged, entry()],
        next: None,
    };
    let html = render_view(Locale::En, move || {
        rsx! { QueueView { page: page.clone(), selected: None, page_number: 1,
        on_select: |_| {}, on_next: |_| {}, on_prev: |_| {} } }
    });
    assert_eq!(
        html.matches("Priority: MANPADS missile").count(),
        1,
        "{html}"
    );
    let html = render_view(Locale::Ru, move || {
        let mut atgw = entry();
        atgw.priority = Some(tracemark_shared::domain::AmmunitionType::Atgw);
        rsx! { QueueView { page: QueuePage { entries: vec![atgw], next: None }, selected: None,
        page_number: 1, on_select: |_| {}, on_next: |_| {}, on_prev: |_| {} } }
    });
    assert!(html.contains("Первоочередное: ПТУР"), "{html}");
}

#[test]
fn an_empty_queue_says_nothing_waits() {
    let html = render_view(Locale::En, || {
        rsx! { QueueView { page: QueuePage::default(), selected: None, page_number: 1,
        on_select: |_| {}, on_next: |_| {}, on_prev: |_| {} } }
    });
    assert!(html.contains("Nothing waits for review."), "{html}");
    assert!(html.contains("Page 1") && !html.contains("Next page"));
}

#[test]
fn a_queue_with_a_record_shows_it_and_its_detail() {
    let page = QueuePage {
        entries: vec![entry()],
        next: Some("cursor".into()),
    };
    let html = render_view(Locale::En, move || {
        rsx! { QueueView { page: page.clone(), selected: Some(entry().id), page_number: 2,
        on_select: |_| {}, on_next: |_| {}, on_prev: |_| {} } }
    });
    for text in [
        "KE-CUS-2026-0117",
        "Submitted by Joseph Mwangi on",
        r#"<bdi dir="ltr" class="time">23 Nov 2026, 05:04 UTC</bdi>"#,
        "2 photos",
        "Returned once before",
        "Next page",
        "Previous page",
        r#"aria-current="true""#,
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    let html = render_view(Locale::En, || {
        rsx! { EntryBody { entry: entry(), record: Some(Ok(record())), history: Some(Ok(history())),
        on_close: |_| {}, on_retry: |_| {} } }
    });
    for text in [
        "Photos (2)",
        "Loading the photo…",
        "Open the original",
        "Malaba",
        "False floor of a lorry",
        "Small calibre",
        "(from the marks)",
        "Road",
        "UG",
        "17-85-0412",
        "1200 rounds",
        "Kenya Revenue Authority",
        "Every agency of my country",
        "name: Lakeside Haulage; role: carrier",
        "Codes scanned (2)",
        "GS1",
        "AB12",
        "from AI (10)",
        "GTIN",
        "read as plain text",
        "Revisions and decisions",
        "Grace Otieno",
        "Returned",
        "Photograph the crate stencil",
        "revision 3",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    // The photo still being uploaded says so instead of a broken image.
    assert!(html.contains("the device is still sending it"));
    // The record failed to load: the error and a retry, the rest still shown.
    let html = render_view(Locale::En, || {
        rsx! { EntryBody { entry: entry(), record: Some(Err(SupervisorError::Server(503, "busy".into()))),
        history: None, on_close: |_| {}, on_retry: |_| {} } }
    });
    assert!(
        html.contains("The server is not answering properly: busy") && html.contains("Try again")
    );
    assert!(html.contains("Codes scanned (2)") && html.contains("Loading…"));
}

#[test]
fn a_stock_check_in_review_leads_to_its_reconciliation() {
    let mut check = record();
    check.kind = RecordKind::StockCheck;
    check.body = json!({
        "stock_check": { "title": "Quarterly count" },
        "depot": { "name": "Central Ammunition Depot" },
        "locations": [{}, {}], "expected": [{}, {}, {}],
    });
    let mut e = entry();
    e.kind = RecordKind::StockCheck;
    e.count_lines = Some(3);
    let html = render_view(Locale::En, move || {
        rsx! { EntryBody { entry: e.clone(), record: Some(Ok(check.clone())), history: None,
        on_close: |_| {}, on_retry: |_| {} } }
    });
    for text in [
        "Quarterly count",
        "Central Ammunition Depot",
        "Open its reconciliation",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}

#[test]
fn the_decision_needs_a_comment_to_return() {
    assert_eq!(check_decision(&Decision::Approve), Ok(()));
    assert_eq!(
        check_decision(&Decision::Return("  ".into())),
        Err("comment-required")
    );
    assert_eq!(
        check_decision(&Decision::Return("x".repeat(4001))),
        Err("comment-too-long")
    );
    assert_eq!(
        check_decision(&Decision::Return("Add the stencil".into())),
        Ok(())
    );
    assert!(
        Locale::En
            .t("comment-required")
            .contains("before returning")
    );
    let html = render_view(Locale::En, || {
        rsx! { DecisionForm { id: "r", title: "KE-1", on_decided: |_| {} } }
    });
    for text in [
        "Your decision",
        "Comment for the author",
        "Approve",
        "Return to the author",
        "Required to return",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}

fn report() -> Report {
    let n = |c: u64| ReportCell {
        count: Some(c),
        suppressed: false,
    };
    let hidden = ReportCell {
        count: None,
        suppressed: true,
    };
    Report {
        by: tracemark_shared::api::reports::By::Calibre,
        min_records: 5,
        min_agencies: 3,
        columns: vec!["2026-Q1".into(), "2026-Q2".into()],
        rows: vec![
            ReportRow {
                value: "7.62x39mm".into(),
                cells: vec![n(10), hidden],
            },
            ReportRow {
                value: "(other values)".into(),
                // A server sending a number with "suppressed" must still not show it.
                cells: vec![
                    ReportCell {
                        count: Some(4321),
                        suppressed: true,
                    },
                    n(5),
                ],
            },
        ],
        next_release: NextRelease {
            period: "2026-Q4".into(),
            published_from: "2027-01-01".into(),
        },
    }
}

#[test]
fn a_report_by_ammunition_type_names_the_types_in_the_readers_language() {
    let mut by_type = report();
    by_type.by = tracemark_shared::api::reports::By::AmmunitionType;
    by_type.rows[0].value = "manpads".into();
    let html = render_view(
        Locale::Fr,
        move || rsx! { ReportTable { report: by_type.clone() } },
    );
    for text in ["Type de munition", "Missile sol-air portable (MANPADS)"] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    assert!(!html.contains(">manpads<"), "{html}");
}

#[test]
fn a_report_shows_withheld_numbers_as_words_with_the_reason() {
    let html = render_view(Locale::En, || rsx! { ReportTable { report: report() } });
    assert_eq!(html.matches(">suppressed<").count(), 2, "{html}");
    assert!(!html.contains("4321"), "a withheld number leaked: {html}");
    for text in [
        "Calibre",
        "at least 5 cases from at least 3 agencies",
        "rounded to a multiple of 5",
        "The release for 2026-Q4 is published from 2027-01-01.",
        "2026-Q1",
        "7.62x39mm",
        "(other values)",
        ">10<",
        ">5<",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    assert!(!html.contains("Total"), "no totals are published: {html}");
    assert!(!html.contains("Every number of these releases is withheld"));
    let hidden = ReportCell {
        count: None,
        suppressed: true,
    };
    let all_hidden = Report {
        rows: vec![ReportRow {
            value: "(other values)".into(),
            cells: vec![hidden, hidden],
        }],
        ..report()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { ReportTable { report: all_hidden.clone() } },
    );
    assert!(
        html.contains("Every number of these releases is withheld"),
        "{html}"
    );
    let none_yet = Report {
        columns: vec![],
        rows: vec![],
        ..report()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { ReportTable { report: none_yet.clone() } },
    );
    assert!(html.contains("No release published yet."), "{html}");
    assert!(html.contains("The release for 2026-Q4 is published from 2027-01-01."));
}

#[test]
fn supervisor_screens_in_arabic_are_right_to_left() {
    let html = render_view(Locale::Ar, || rsx! { ReportTable { report: report() } });
    assert!(
        html.contains(r#"dir="rtl""#) && html.contains("محجوب"),
        "{html}"
    );
    assert!(html.contains("(قيم أخرى)") && !html.contains(">suppressed<"));
    // Period labels and codes stay left to right inside the Arabic page.
    assert!(html.contains(r#"dir="ltr""#));
    let f = fixture_as(true, "supervisor");
    let home = render_with(&f, Locale::Ar, None);
    assert!(
        home.contains(r#"dir="rtl""#) && home.contains("قائمة المراجعة"),
        "{home}"
    );
    let queue = render_view(Locale::Fr, || {
        rsx! { QueueView { page: QueuePage::default(), selected: None, page_number: 1,
        on_select: |_| {}, on_next: |_| {}, on_prev: |_| {} } }
    });
    assert!(queue.contains("Rien n’attend de validation."));
}
