//! Reconciliation, imports, tracing and access requests, headless.

use dioxus::prelude::*;
use serde_json::json;

use super::render_view;
use crate::i18n::Locale;
use crate::ui::Screen;
use crate::ui::testing::{fixture_as, render_with};

#[test]
fn a_reconciliation_reads_by_location_with_statuses_and_totals() {
    use crate::core::supervisor::Reconciliation;
    use crate::ui::supervisor::ReconciliationView;
    // The answer exactly as the server writes it: the wire types are the server's own
    // (tracemark_shared::api), so a field it stopped sending fails here.
    let lot = |maker: &str, calibre: &str, year: Option<u16>, lot: &str| {
        json!({ "manufacturer": maker, "calibre": calibre, "year": year, "lot": lot,
                "sub_lot": null, "nsn": null, "dodic": null })
    };
    let r: Reconciliation = serde_json::from_value(json!({
        "stock_check_id": "c", "title": "Quarterly count", "status": "submitted",
        "depot": "CAD-1", "depot_name": "Central Ammunition Depot",
        "lines": [
            { "location_id": "l1", "location": "B1-R1", "lot": lot("17", "7.62x39mm", Some(1985), "17-85-0412"),
              "expected": 12000, "counted": 11600, "difference": -400, "status": "missing" },
            { "location_id": "l2", "location": "B1-R2", "lot": lot("LC", "12.7x99mm", None, "LC-12"),
              "expected": 0, "counted": 50, "difference": 50, "status": "wrong_location", "expected_at": ["B2-R1"] },
        ],
        "findings": [{ "count_line_id": "f1", "location_id": "l2", "location": "B1-R2",
                       "lot": lot("LC", "12.7x99mm", None, "LC-12"),
                       "quantity": 50, "condition": "H", "condition_description": "condemned", "note": "water damage" }],
        "mixed_storage": [{ "location_id": "l2", "location": "B1-R2",
            "pairs": [{ "first": "D", "second": "H", "mixing": "forbidden" }],
            "lots": [
                { "manufacturer": "17", "calibre": "122mm", "year": null, "lot": "HE-1", "sub_lot": null,
                  "nsn": null, "dodic": null, "hazard": "1.1D" },
                { "manufacturer": "17", "calibre": "81mm WP", "year": null, "lot": "WP-1", "sub_lot": null,
                  "nsn": null, "dodic": null, "hazard": "1.2H" },
            ] }],
        "locations": [
            { "location_id": "l1", "location": "B1-R1", "expected": 12000, "counted": 11600, "difference": -400,
              "lines": { "matched": 0, "missing": 1, "surplus": 0, "unexpected_lot": 0, "wrong_location": 0, "condition_findings": 0 } },
            { "location_id": "l2", "location": "B1-R2", "expected": 0, "counted": 50, "difference": 50,
              "lines": { "matched": 0, "missing": 0, "surplus": 0, "unexpected_lot": 0, "wrong_location": 1, "condition_findings": 1 } },
        ],
        "totals": { "expected": 12000, "counted": 11650, "difference": -350,
                    "lines": { "matched": 0, "missing": 1, "surplus": 0, "unexpected_lot": 0, "wrong_location": 1, "condition_findings": 1 } },
    }))
    .unwrap();
    let html = render_view(
        Locale::En,
        move || rsx! { ReconciliationView { report: r.clone() } },
    );
    for text in [
        "Quarterly count · Central Ammunition Depot (CAD-1)",
        "Expected 12,000 · counted 11,650 · difference -350",
        "Missing",
        "Wrong location",
        "expected at B2-R1",
        "Total of B1-R1",
        ">-400<",
        ">+50<",
        "Condition findings",
        "condemned",
        "water damage",
        "Mixed storage",
        "Compatibility groups D and H must not be stored together here.",
        "17 81mm WP WP-1 · 1.2H",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}

#[test]
fn a_long_reconciliation_shows_its_differences_and_says_how_many_lines_are_left_out() {
    use crate::core::supervisor::{ReconLine, ReconStatus, ReconTotals, Reconciliation};
    use crate::ui::supervisor::ReconciliationView;
    use tracemark_shared::api::reconcile::LocationTotals;
    use tracemark_shared::domain::AmmunitionLot;
    use tracemark_shared::view::reconcile::SHOWN_LINES;
    let line = |lot: String, counted: u64, status: ReconStatus| ReconLine {
        location_id: "l1".into(),
        location: "B1-R1".into(),
        lot: AmmunitionLot {
            manufacturer: "17".into(),
            calibre: "7.62x39mm".into(),
            year: None,
            lot,
            sub_lot: None,
            nsn: None,
            dodic: None,
            ammunition_type: None,
            hazard: None,
        },
        expected: 10,
        counted,
        difference: i64::try_from(counted).unwrap() - 10,
        status,
        expected_at: vec![],
    };
    let mut lines: Vec<ReconLine> = (0..SHOWN_LINES + 5)
        .map(|i| line(format!("M-{i}"), 10, ReconStatus::Matched))
        .collect();
    lines.push(line("SHORT-1".into(), 7, ReconStatus::Missing));
    let mut totals = ReconTotals::default();
    for l in &lines {
        totals.add(l);
    }
    let r = Reconciliation {
        stock_check_id: "c".into(),
        title: "Annual count".into(),
        status: "submitted".into(),
        depot: "CAD-1".into(),
        depot_name: "Central".into(),
        lines,
        findings: vec![],
        mixed_storage: vec![],
        locations: vec![LocationTotals {
            location_id: "l1".into(),
            location: "B1-R1".into(),
            totals,
        }],
        totals,
    };
    let html = render_view(
        Locale::En,
        move || rsx! { ReconciliationView { report: r.clone() } },
    );
    // The one short lot is shown, and first, though it was counted last.
    let short = html.find("SHORT-1").expect("the short lot is shown");
    assert!(short < html.find("M-0").unwrap());
    assert!(!html.contains(&format!("M-{}<", SHOWN_LINES + 4)));
    assert!(
        html.contains("6 more lines"),
        "{}",
        &html[html.len().saturating_sub(2000)..]
    );
}

#[test]
fn an_import_check_lists_row_errors_by_line_column_and_rule() {
    use crate::core::supervisor::{ImportKind, ImportOutcome};
    use crate::ui::supervisor::ImportResult;
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
        "26,000",
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

fn trace_answer() -> crate::core::supervisor::TraceAnswer {
    serde_json::from_value(json!({
        "criteria": { "lot": "17-85-0412", "calibre": "7.62x39mm" },
        "matches": [{ "record_id": "r1", "kind": "seizure_case", "agency_id": "a1",
            "agency_name": "Customs Directorate (demo)", "country": "KE", "status": "submitted",
            "updated_at": "2026-10-14T08:00:00Z", "date": "2026-10-14",
            "line": { "line": 0, "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985,
                      "lot": "17-85-0412", "quantity": 1440, "location": "Namanga border post",
                      "reference": "KE-CUS-2026-0121" } }],
        "truncated": false, "limit": 500,
        "holders": [{ "agency_id": "a2", "agency_name": "Defence Logistics Command (demo)", "country": "KE" }],
        "holders_searched": true,
    }))
    .unwrap()
}

#[test]
fn a_trace_shows_visible_lines_and_only_the_holders_of_the_rest() {
    use crate::ui::supervisor::TraceResults;
    let html = render_view(
        Locale::En,
        || rsx! { TraceResults { answer: trace_answer() } },
    );
    for text in [
        "Searched for: Lot 17-85-0412 · Calibre 7.62x39mm",
        "1 matching line you may see",
        "Customs Directorate (demo) (KE)",
        "Namanga border post",
        "KE-CUS-2026-0121",
        ">1440<",
        "Held by other agencies",
        "Defence Logistics Command (demo) (KE) holds a matching record",
        "Request access",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    let none = crate::core::supervisor::TraceAnswer {
        matches: vec![],
        holders: vec![],
        ..trace_answer()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { TraceResults { answer: none.clone() } },
    );
    assert!(html.contains("No matching record that you may see."));
    assert!(html.contains("No other agency holds a matching record hidden from you."));
    // Broad criteria: other agencies were not searched, and the screen says why.
    let broad = crate::core::supervisor::TraceAnswer {
        holders_searched: false,
        ..trace_answer()
    };
    let html = render_view(
        Locale::En,
        move || rsx! { TraceResults { answer: broad.clone() } },
    );
    assert!(
        html.contains("Other agencies are named only for one lot"),
        "{html}"
    );
    assert!(!html.contains("Request access"));
    let html = render_view(
        Locale::Ar,
        || rsx! { TraceResults { answer: trace_answer() } },
    );
    assert!(
        html.contains("لدى Defence Logistics Command (demo) (KE) سجل مطابق"),
        "{html}"
    );
    // The search form before any search.
    let f = fixture_as(true, "supervisor");
    let html = render_with(&f, Locale::En, Some(Screen::Tracing));
    for label in [
        "Lot",
        "Sub-lot",
        "Manufacturer",
        "Calibre",
        "Year",
        "NSN",
        "GTIN",
        "Serial",
        "Trace",
        "Where did this lot go?",
        "Parties across cases",
        "Identifier (IMO, registration)",
        "Place or point of dispatch",
        "Search parties",
    ] {
        assert!(html.contains(label), "{label} missing in {html}");
    }
}

#[test]
fn a_party_search_shows_what_may_be_seen_and_asks_its_holders_by_the_same_search() {
    use crate::core::supervisor::PartyAnswer;
    use crate::ui::supervisor::PartyResults;
    let answer: PartyAnswer = serde_json::from_value(json!({
        "search": { "identifier": "9074729" },
        "matches": [{ "record_id": "r1", "kind": "recovered_cache", "agency_name": "Customs Directorate (demo)",
            "facet": "party", "role": "carrier", "name": "MV Example Star", "identifier": "IMO 9074729",
            "reference": "KE-CUS-2026-0133", "date": "2026-10-20" }],
        "truncated": false, "limit": 500,
        "holders": [{ "agency_id": "a-border", "agency_name": "Border Police (demo)", "country": "TZ" }],
        "holders_searched": true,
    }))
    .unwrap();
    let shown = answer.clone();
    let html = render_view(
        Locale::En,
        move || rsx! { PartyResults { answer: shown.clone() } },
    );
    for text in [
        "identifier: 9074729",
        "Recovered cache",
        "KE-CUS-2026-0133",
        "MV Example Star",
        "Border Police (demo) (TZ) holds a matching record",
        "Request access",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    // Concealment words alone name no holder, and say so.
    let words = PartyAnswer {
        holders: vec![],
        holders_searched: false,
        ..answer
    };
    let html = render_view(
        Locale::En,
        move || rsx! { PartyResults { answer: words.clone() } },
    );
    assert!(html.contains("Concealment words alone"), "{html}");
    assert!(!html.contains("Request access"));
}

#[test]
fn access_requests_show_their_state_and_the_holder_decides_with_its_matches() {
    use crate::core::supervisor::AccessRequest;
    use crate::ui::supervisor::{DecisionPanel, RequestList};
    let request: AccessRequest = serde_json::from_value(json!({
        "id": "q1", "requester_agency_id": "a-border", "requester_agency_name": "Border Police (demo)",
        "holder_agency_id": "a-customs", "holder_agency_name": "Customs Directorate (demo)",
        "criteria": { "lot": "17-85-0412" }, "reason": "Seized at the border", "status": "pending",
        "created_at": "2026-11-23T05:00:00Z", "granted_records": [],
    }))
    .unwrap();
    let request = AccessRequest {
        matching: Some(trace_answer().matches),
        ..request
    };
    let list = vec![request.clone()];
    let html = render_view(Locale::En, move || {
        rsx! { RequestList { requests: list.clone(), incoming: true, open: None, on_open: |_| {}, on_decided: |_| {} } }
    });
    for text in [
        "From Border Police (demo)",
        "Waiting",
        "Records matching: Lot 17-85-0412",
        "Seized at the border",
        "Review this request",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    let r = request.clone();
    let html = render_view(
        Locale::En,
        move || rsx! { DecisionPanel { request: r.clone(), on_decided: |_| {} } },
    );
    for text in [
        "1 of your records matches",
        "Grant every matching record",
        "Grant only the records ticked",
        "KE-CUS-2026-0121",
        "Days the access lasts",
        "Grant",
        "Refuse",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    let granted = AccessRequest {
        status: "granted".into(),
        comment: Some("For this case only".into()),
        expires_at: Some("2026-11-30T05:00:00Z".into()),
        granted_records: vec!["r1".into()],
        matching: None,
        ..request
    };
    let html = render_view(Locale::En, move || {
        rsx! { RequestList { requests: vec![granted.clone()], incoming: false, open: None, on_open: |_| {}, on_decided: |_| {} } }
    });
    for text in [
        "To Customs Directorate (demo)",
        "Granted",
        "Answer: For this case only",
        "1 record granted",
        "until",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    assert!(!html.contains("Review this request"));
    let html = render_view(Locale::En, || {
        rsx! { RequestList { requests: vec![], incoming: true, open: None, on_open: |_| {}, on_decided: |_| {} } }
    });
    assert!(html.contains("No agency has asked for access to your records."));
}

#[test]
fn a_request_by_party_shows_its_search_and_the_holders_matching_parties() {
    use crate::core::supervisor::AccessRequest;
    use crate::ui::supervisor::{DecisionPanel, RequestList};
    let request: AccessRequest = serde_json::from_value(json!({
        "id": "q2", "requester_agency_id": "a-border", "requester_agency_name": "Border Police (demo)",
        "holder_agency_id": "a-customs", "holder_agency_name": "Customs Directorate (demo)",
        "criteria": {}, "party": { "identifier": "9074729" },
        "reason": "The vessel called at our port", "status": "pending",
        "created_at": "2026-11-23T05:00:00Z", "granted_records": [],
        "matching_parties": [{ "record_id": "r7", "kind": "seizure_case",
            "agency_name": "Customs Directorate (demo)", "facet": "party", "role": "carrier",
            "name": "MV Example Star", "identifier": "IMO 9074729",
            "reference": "KE-CUS-2026-0117", "date": "2026-10-14" }],
        "matching_truncated": false,
    }))
    .unwrap();
    let list = vec![request.clone()];
    let html = render_view(Locale::En, move || {
        rsx! { RequestList { requests: list.clone(), incoming: true, open: None, on_open: |_| {}, on_decided: |_| {} } }
    });
    assert!(
        html.contains("Records naming: identifier: 9074729"),
        "{html}"
    );
    let html = render_view(
        Locale::En,
        move || rsx! { DecisionPanel { request: request.clone(), on_decided: |_| {} } },
    );
    for text in [
        "1 of your records matches",
        "Grant only the records ticked",
        "KE-CUS-2026-0117",
        "carrier MV Example Star",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}

#[test]
fn a_lot_split_shows_each_certificates_clause_and_marks_the_seizures() {
    use crate::ui::supervisor::LotSplitView;
    use tracemark_shared::api::tracing::LotSplit;
    let line = |reference: &str| {
        json!({ "line": 0, "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985,
                "lot": "17-85-0412", "sub_lot": null, "nsn": null, "gtin": null, "serial": null,
                "quantity": 100, "depot": null, "location": null, "end_user": "Army",
                "importer": null, "reference": reference })
    };
    let hit = |kind: &str, reference: &str| {
        json!({ "record_id": reference, "kind": kind, "agency_id": "a", "agency_name": "Customs",
                "country": "KE", "status": "approved", "updated_at": "2026-01-01T00:00:00Z",
                "date": "2016-06-12", "line": line(reference) })
    };
    let split: LotSplit = serde_json::from_value(json!({
        "criteria": { "lot": "17-85-0412" },
        "transfers": [hit("transfer", "EUC-1")],
        "inventories": [],
        "seizures": [hit("seizure_case", "CASE-1")],
        "truncated": false, "limit": 500, "holders": [], "holders_searched": true,
        "transfer_terms": [{ "record_id": "EUC-1", "end_user_certificate_ref": "EUC-1",
            "end_user": "Army", "non_retransfer": { "clause": true, "conditions": "written consent" },
            "delivery_verification_ref": "DVC-1" }],
        "retransfer_barred": true,
    }))
    .unwrap();
    let html = render_view(
        Locale::En,
        move || rsx! { LotSplitView { split: split.clone() } },
    );
    for text in [
        "no retransfer (written consent)",
        "delivery verified (DVC-1)",
        "may be a diversion in breach of the end-user certificate",
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
}
