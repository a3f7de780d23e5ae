//! Headless tests of the supervisor screens: the app rendered by Dioxus SSR with a
//! supervisor's (or a field user's) session, and the screens' views with the answers a
//! server gives, in each state a supervisor meets — loading, offline, an empty queue,
//! a queue with a record, a report with withheld numbers, Arabic.

use std::rc::Rc;
use std::time::Duration;

use dioxus::prelude::*;
use serde_json::json;

use super::detail::{DecisionForm, check_decision};
use super::{EntryBody, QueueView, ReportTable};
use crate::core::supervisor::{
    Decision, DecisionView, History, Person, QueueEntry, QueuePage, RecordView, Report, ReportCell,
    ReportRow, RevisionView, SupervisorError,
};
use crate::i18n::Locale;
use crate::ui::testing::{app_dom, fixture_as, render_with};
use crate::ui::{Screen, Ui};

/// A view rendered with the app's UI context, as a screen would render it.
#[derive(Clone)]
struct View(Rc<dyn Fn() -> Element>);

impl PartialEq for View {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[derive(Props, Clone, PartialEq)]
struct HarnessProps {
    locale: Locale,
    view: View,
}

#[allow(non_snake_case)]
fn Harness(p: HarnessProps) -> Element {
    use_context_provider(|| Ui {
        screen: Signal::new(Screen::Review),
        locale: Signal::new(p.locale),
        revision: Signal::new(0),
    });
    let f = fixture_as(true, "supervisor");
    use_context_provider(|| crate::ui::AppCore {
        engine: Some(f.engine.clone()),
        open_error: None,
        autosync: false,
        locale: p.locale,
        start: None,
        device: std::sync::Arc::new(crate::core::PlatformDevice),
    });
    rsx! { div { dir: p.locale.dir(), lang: p.locale.tag(), {(p.view.0)()} } }
}

fn render_view(locale: Locale, view: impl Fn() -> Element + 'static) -> String {
    let mut vdom = VirtualDom::new_with_props(
        Harness,
        HarnessProps {
            locale,
            view: View(Rc::new(view)),
        },
    );
    vdom.rebuild_in_place();
    dioxus_ssr::render(&vdom)
}

fn entry() -> QueueEntry {
    serde_json::from_value(json!({
        "id": "0b9d7a4e-6f0c-4c8e-9d43-5a1f3c7d2e10",
        "kind": "seizure_case",
        "title": "KE-CUS-2026-0117",
        "author": { "id": "u1", "name": "Joseph Mwangi" },
        "submitted_at": "2026-11-23T05:04:11.123Z",
        "revision": 3,
        "photos": [
            { "sha256": "a".repeat(64), "stored": true, "media_type": "image/jpeg" },
            { "sha256": "b".repeat(64), "stored": false },
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
        kind: "seizure_case".into(),
        revisions: vec![
            RevisionView {
                revision: 1,
                author: person("Joseph Mwangi"),
                device: None,
                at: "2026-11-20T08:00:00Z".into(),
                status: Some("submitted".into()),
            },
            RevisionView {
                revision: 2,
                author: person("Grace Otieno"),
                device: None,
                at: "2026-11-21T09:30:00Z".into(),
                status: Some("returned".into()),
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

#[test]
fn a_supervisor_home_has_the_supervisor_tiles_and_no_field_work() {
    let f = fixture_as(true, "supervisor");
    let html = render_with(&f, Locale::En, None);
    assert!(
        html.contains("Review queue") && html.contains("Trend reports"),
        "{html}"
    );
    assert!(!html.contains("New seizure case") && !html.contains("Stock checks"));
}

#[test]
fn a_field_user_never_sees_supervisor_tiles_or_screens() {
    for role in ["customs_officer", "inspector"] {
        let f = fixture_as(true, role);
        let home = render_with(&f, Locale::En, None);
        assert!(
            !home.contains("Review queue") && !home.contains("Trend reports"),
            "{role}"
        );
        // Asked for directly (e.g. TRACEMARK_APP_OPEN=review), the app shows home.
        for screen in [
            Screen::Review,
            Screen::ReviewFirst,
            Screen::Reports,
            Screen::Reconciliation,
            Screen::Import,
        ] {
            let html = render_with(&f, Locale::En, Some(screen));
            assert!(html.contains("Your work"), "{role}: {html}");
            assert!(!html.contains("Review queue") && !html.contains("Show the report"));
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
    for text in [
        "Rows",
        "Columns",
        "First day",
        "Route country",
        "Quarters",
        "Show the report",
    ] {
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
        r#"<bdi dir="ltr" class="time">2026-11-23 05:04 UTC</bdi>"#,
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
        "Road",
        "UG",
        "17-85-0412",
        "1200 rounds",
        "Kenya Revenue Authority",
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
        by: "calibre".into(),
        period: "quarter".into(),
        from: Some("2026-01-01".into()),
        to: Some("2026-06-30".into()),
        min_records: 5,
        min_agencies: 3,
        columns: vec!["2026-Q1".into(), "2026-Q2".into()],
        rows: vec![
            ReportRow {
                value: "7.62x39mm".into(),
                cells: vec![n(6), hidden],
                total: hidden,
            },
            ReportRow {
                value: "(other values)".into(),
                // A server sending a number with "suppressed" must still not show it.
                cells: vec![
                    ReportCell {
                        count: Some(4321),
                        suppressed: true,
                    },
                    n(0),
                ],
                total: hidden,
            },
        ],
        column_totals: vec![n(14), n(12)],
        total: n(26),
    }
}

#[test]
fn a_report_shows_withheld_numbers_as_words_with_the_reason() {
    let html = render_view(Locale::En, || rsx! { ReportTable { report: report() } });
    assert_eq!(html.matches(">suppressed<").count(), 4, "{html}");
    assert!(!html.contains("4321"), "a withheld number leaked: {html}");
    for text in [
        "Calibre · 2026-01-01 to 2026-06-30",
        "fewer than 5 cases or fewer than 3 agencies",
        "2026-Q1",
        "7.62x39mm",
        "(other values)",
        ">6<",
        ">0<",
        ">26<",
        "Total",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    assert!(!html.contains("Every number of this table is withheld"));
    let hidden = ReportCell {
        count: None,
        suppressed: true,
    };
    let all_hidden = Report {
        rows: vec![ReportRow {
            value: "(other values)".into(),
            cells: vec![hidden, hidden],
            total: hidden,
        }],
        column_totals: vec![hidden, hidden],
        total: hidden,
        ..report()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { ReportTable { report: all_hidden.clone() } },
    );
    assert!(
        html.contains("Every number of this table is withheld"),
        "{html}"
    );
    let empty = Report {
        rows: vec![],
        ..report()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { ReportTable { report: empty.clone() } },
    );
    assert!(html.contains("No shared seizure case in this range."));
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

#[test]
fn a_reconciliation_reads_by_location_with_statuses_and_totals() {
    use super::ReconciliationView;
    use crate::core::supervisor::Reconciliation;
    let r: Reconciliation = serde_json::from_value(json!({
        "stock_check_id": "c", "title": "Quarterly count", "status": "submitted",
        "depot": "CAD-1", "depot_name": "Central Ammunition Depot",
        "lines": [
            { "location": "B1-R1", "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985, "lot": "17-85-0412" },
              "expected": 12000, "counted": 11600, "difference": -400, "status": "missing" },
            { "location": "B1-R2", "lot": { "manufacturer": "LC", "calibre": "12.7x99mm", "lot": "LC-12" },
              "expected": 0, "counted": 50, "difference": 50, "status": "wrong_location", "expected_at": ["B2-R1"] },
        ],
        "findings": [{ "count_line_id": "f1", "location": "B1-R2", "lot": { "manufacturer": "LC", "calibre": "12.7x99mm", "lot": "LC-12" },
                       "quantity": 50, "condition": "H", "condition_description": "condemned", "note": "water damage" }],
        "locations": [
            { "location": "B1-R1", "expected": 12000, "counted": 11600, "difference": -400, "lines": { "missing": 1 } },
            { "location": "B1-R2", "expected": 0, "counted": 50, "difference": 50, "lines": { "wrong_location": 1 } },
        ],
        "totals": { "expected": 12000, "counted": 11650, "difference": -350,
                    "lines": { "missing": 1, "wrong_location": 1, "condition_findings": 1 } },
    }))
    .unwrap();
    let html = render_view(
        Locale::En,
        move || rsx! { ReconciliationView { report: r.clone() } },
    );
    for text in [
        "Quarterly count · Central Ammunition Depot (CAD-1)",
        "Expected 12000 · counted 11650 · difference -350",
        "Missing",
        "Wrong location",
        "expected at B2-R1",
        "Total of B1-R1",
        ">-400<",
        ">+50<",
        "Condition findings",
        "condemned",
        "water damage",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}

#[test]
fn an_import_check_lists_row_errors_by_line_column_and_rule() {
    use super::ImportResult;
    use crate::core::supervisor::{ImportKind, ImportOutcome};
    let o: ImportOutcome = serde_json::from_value(json!({
        "dry_run": true, "written": false,
        "summary": { "rows": 4, "locations": 3, "lots": 4, "total_quantity": 26000, "records": 0,
                     "depot": "CAD-1", "ignored_columns": ["Remarks"] },
        "errors": [
            { "line": 3, "column": "Qty", "rule": "format", "message": "must be a whole number" },
            { "line": null, "column": "assign", "rule": "unknown_user", "message": "no user called nobody" },
        ],
        "errors_not_listed": 5, "records": [],
    }))
    .unwrap();
    let html = render_view(
        Locale::En,
        move || rsx! { ImportResult { outcome: o.clone(), kind: ImportKind::Inventory } },
    );
    for text in [
        "7 problems: correct them in the file",
        "Nothing was written",
        ">3<",
        "Qty",
        "format",
        "must be a whole number",
        "unknown_user",
        "5 more problems are not listed",
        "CAD-1",
        "26000",
        "Remarks",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    let clean = ImportOutcome {
        dry_run: true,
        ..ImportOutcome::default()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { ImportResult { outcome: clean.clone(), kind: ImportKind::Inventory } },
    );
    assert!(html.contains("No problem found. Nothing is written yet"));
    let done = ImportOutcome {
        written: true,
        records: vec!["r".into()],
        ..ImportOutcome::default()
    };
    let html = render_view(
        Locale::Ar,
        move || rsx! { ImportResult { outcome: done.clone(), kind: ImportKind::Inventory } },
    );
    assert!(
        html.contains("كُتب سجل واحد") && html.contains(r#"dir="rtl""#),
        "{html}"
    );
}

#[test]
fn the_import_screen_asks_for_a_file_and_checks_before_importing() {
    let f = fixture_as(true, "supervisor");
    let html = render_with(&f, Locale::En, Some(Screen::Import));
    for text in [
        "Import a file",
        "Expected inventory of a depot",
        "Transfer records",
        r#"type="file""#,
        "Inspectors who count",
        "Check the file",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    // Import stays off until a clean check.
    assert!(
        html.contains(r#"disabled=true>Import<"#) || html.contains(r#"disabled="true">Import<"#),
        "{html}"
    );
}
