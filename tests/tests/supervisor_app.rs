//! The app's supervisor core against the real service: a supervisor signs in like on
//! any device, reads the review queue with photos, codes and history, fetches
//! thumbnails and an original, returns and approves records (the queue follows), and
//! reads a trend report; a field user is refused, a dead server reads as "offline" and
//! an ended session as "sign in again".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tokio::runtime::Runtime;
use tracemark_mobile::core::supervisor::{
    Decision, ErrorKind, QueueKind, ReconStatus, ReportBy, ReportQuery, SupervisorClient,
    SupervisorError,
};
use tracemark_mobile::core::{LocalStore, SyncConfig, SyncEngine};
use tracemark_shared::domain::Platform;
use tracemark_shared::domain::{RecordKind, RecordStatus};
use tracemark_tests::{DEMO_PASSWORD, Server};

struct App {
    _dir: tempfile::TempDir,
    engine: SyncEngine,
}

fn sign_in(rt: &Runtime, url: &str, user: &str) -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    let engine = SyncEngine::new(store, SyncConfig::default()).unwrap();
    rt.block_on(engine.sign_in(
        url,
        user,
        DEMO_PASSWORD,
        "office desktop",
        Platform::Desktop,
    ))
    .unwrap();
    App { _dir: dir, engine }
}

fn client(app: &App) -> SupervisorClient {
    app.engine.supervisor().unwrap()
}

fn rt() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn supervisor_reviews_the_queue_with_photos_history_and_decisions() {
    let rt = rt();
    let s = Server::demo();
    let app = sign_in(&rt, &s.url, "supervisor.customs");
    let sup = client(&app);

    let page = rt.block_on(sup.queue(QueueKind::All, 50, None)).unwrap();
    assert_eq!(page.entries.len(), 3, "{page:?}");
    assert!(page.next.is_none());
    assert!(page.entries[0].submitted_at <= page.entries[1].submitted_at);
    let entry = page
        .entries
        .iter()
        .find(|e| e.title == "KE-CUS-2026-0117")
        .unwrap()
        .clone();
    assert_eq!(entry.kind, RecordKind::SeizureCase);
    assert_eq!(entry.author.name, "Joseph Mwangi");
    assert_eq!(entry.photos.len(), 3);
    assert_eq!(entry.codes[0].text, "17 85");
    assert_eq!(entry.codes[0].kind, "plain_text");
    // Paging by the opaque cursor and the kind filter.
    let first = rt.block_on(sup.queue(QueueKind::All, 1, None)).unwrap();
    let rest = rt
        .block_on(sup.queue(QueueKind::All, 1, first.next.as_deref()))
        .unwrap();
    assert_eq!(rest.entries[0].id, page.entries[1].id);
    let checks = rt
        .block_on(sup.queue(QueueKind::StockCheck, 50, None))
        .unwrap();
    assert!(checks.entries.is_empty());
    let caches = rt
        .block_on(sup.queue(QueueKind::RecoveredCache, 50, None))
        .unwrap();
    assert_eq!(caches.entries.len(), 1, "{caches:?}");
    assert_eq!(caches.entries[0].kind, RecordKind::RecoveredCache);

    // The record itself and its photos.
    let record = rt.block_on(sup.record(&entry.id)).unwrap();
    assert_eq!(record.body["reference"], "KE-CUS-2026-0117");
    let photo = &entry.photos[0];
    let thumb = rt.block_on(sup.thumbnail(&photo.sha256)).unwrap();
    assert_eq!(thumb.media_type, "image/jpeg");
    assert!(thumb.bytes.starts_with(&[0xFF, 0xD8]));
    assert!(thumb.data_url().starts_with("data:image/jpeg;base64,/9j/"));
    let original = rt.block_on(sup.original(&photo.sha256)).unwrap();
    assert!(original.media_type.starts_with("image/"));
    assert_eq!(hex::encode(sha2_256(&original.bytes)), photo.sha256);
    // A photo nobody has: not found, in plain words.
    let missing = rt.block_on(sup.thumbnail(&"0".repeat(64))).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);

    // A return needs a comment: refused before any request.
    let err = rt
        .block_on(sup.decide(&entry.id, &Decision::Return("   ".into())))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let out = rt
        .block_on(sup.decide(
            &entry.id,
            &Decision::Return("Photograph the crate stencil".into()),
        ))
        .unwrap();
    assert_eq!((out.status.as_str(), out.revision), ("returned", 2));
    // Deciding again: the record is no longer submitted.
    let again = rt
        .block_on(sup.decide(&entry.id, &Decision::Approve))
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict, "{again}");
    // The queue refreshed holds the other case and the recovered cache only.
    let after = rt.block_on(sup.queue(QueueKind::All, 50, None)).unwrap();
    assert_eq!(after.entries.len(), 2);
    assert!(after.entries.iter().all(|e| e.id != entry.id));

    // The history shows both revisions and the decision with its comment.
    let history = rt.block_on(sup.revisions(&entry.id)).unwrap();
    assert_eq!(history.revisions.len(), 2);
    assert_eq!(history.revisions[1].status, Some(RecordStatus::Returned));
    assert_eq!(history.reviews.len(), 1);
    assert_eq!(history.reviews[0].decision, "return");
    assert_eq!(
        history.reviews[0].comment.as_deref(),
        Some("Photograph the crate stencil")
    );

    for other in &after.entries {
        let out = rt
            .block_on(sup.decide(&other.id, &Decision::Approve))
            .unwrap();
        assert_eq!(out.status, RecordStatus::Approved);
    }
    assert!(
        rt.block_on(sup.queue(QueueKind::All, 50, None))
            .unwrap()
            .entries
            .is_empty()
    );
    // An id that is not one never reaches the server's path.
    assert_eq!(
        rt.block_on(sup.record("../me")).unwrap_err(),
        SupervisorError::NotFound
    );
}

fn sha2_256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

#[test]
fn reports_field_users_offline_and_ended_sessions() {
    let rt = rt();
    let s = Server::demo();
    let app = sign_in(&rt, &s.url, "supervisor.customs");
    let sup = client(&app);
    let q = ReportQuery {
        by: ReportBy::Calibre,
    };
    let report = rt.block_on(sup.seizure_report(&q)).unwrap();
    assert_eq!(report.by, ReportBy::Calibre);
    assert_eq!((report.min_records, report.min_agencies), (5, 3));
    assert!(!report.next_release.period.is_empty(), "{report:?}");
    for row in &report.rows {
        assert_eq!(row.cells.len(), report.columns.len());
        for c in &row.cells {
            assert!(!c.suppressed || c.shown().is_none());
        }
    }
    let r = rt
        .block_on(sup.seizure_report(&ReportQuery {
            by: ReportBy::RouteCountry,
        }))
        .unwrap();
    assert_eq!(r.by, ReportBy::RouteCountry);

    // A customs officer's session is refused by the server, in plain words.
    let officer = sign_in(&rt, &s.url, "officer.customs");
    let err = rt
        .block_on(client(&officer).queue(QueueKind::All, 50, None))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let err = rt
        .block_on(client(&officer).seizure_report(&q))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);

    // A session whose token the server no longer knows: sign in again.
    let mut session = app.engine.store().session().unwrap().unwrap();
    session.token = "tmk_not_a_token".into();
    app.engine.store().save_session(&session).unwrap();
    let err = rt
        .block_on(client(&app).queue(QueueKind::All, 50, None))
        .unwrap_err();
    assert_eq!(err, SupervisorError::SignedOut);

    // The server gone: offline, and worth a retry.
    let url = s.url.clone();
    drop(s.kill());
    let gone = sign_in_offline(&app, &url);
    let err = rt
        .block_on(gone.queue(QueueKind::All, 50, None))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Offline, "{err}");
    assert!(err.is_retryable());
}

fn sign_in_offline(app: &App, url: &str) -> SupervisorClient {
    let mut session = app.engine.store().session().unwrap().unwrap();
    session.server_url = url.to_string();
    app.engine.store().save_session(&session).unwrap();
    client(app)
}

#[test]
fn supervisor_checks_an_import_then_imports_and_reads_the_reconciliation() {
    use tracemark_mobile::core::supervisor::{FileFormat, ImportKind, ImportOptions};
    let rt = rt();
    let s = Server::demo();
    let app = sign_in(&rt, &s.url, "supervisor.depot");
    let sup = client(&app);
    let options = |dry_run| ImportOptions {
        dry_run,
        title: Some("Spot check from the app".into()),
        assign: vec!["inspector.depot".into()],
        scope: None,
    };
    // A file with a bad row: the dry run lists it by line, column and rule, and the
    // real run answers the same list and writes nothing.
    let bad = "depot,location,manufacturer,calibre,lot,quantity\nCAD-1,B1-R1,17,7.62x39mm,L1,12x\n";
    let dry = rt
        .block_on(sup.import(
            ImportKind::Inventory,
            bad.into(),
            FileFormat::Csv,
            &options(true),
        ))
        .unwrap();
    assert!(dry.dry_run && !dry.written);
    assert_eq!(dry.errors.len(), 1, "{dry:?}");
    let e = &dry.errors[0];
    assert_eq!(
        (e.line, e.column.as_deref(), e.rule.as_str()),
        (Some(2), Some("quantity"), "format")
    );
    let real = rt
        .block_on(sup.import(
            ImportKind::Inventory,
            bad.into(),
            FileFormat::Csv,
            &options(false),
        ))
        .unwrap();
    assert!(!real.written && real.errors == dry.errors);

    let good = "depot,location,manufacturer,calibre,year,lot,quantity\n\
                CAD-1,B1-R1,17,7.62x39mm,1985,17-85-0412,12000\n\
                CAD-1,B9-R9,LC,5.56x45mm NATO,2019,LC-19-K021,800\n";
    let dry = rt
        .block_on(sup.import(
            ImportKind::Inventory,
            good.into(),
            FileFormat::Csv,
            &options(true),
        ))
        .unwrap();
    assert!(dry.errors.is_empty(), "{dry:?}");
    assert_eq!((dry.summary.rows, dry.summary.total_quantity), (2, 12_800));
    let done = rt
        .block_on(sup.import(
            ImportKind::Inventory,
            good.into(),
            FileFormat::Csv,
            &options(false),
        ))
        .unwrap();
    assert!(done.written && done.records.len() == 1, "{done:?}");
    let check = done.records[0].clone();

    // The agency's stock checks, as the reconciliation screen lists them.
    let page = rt
        .block_on(sup.records(Some(RecordKind::StockCheck), None, 100))
        .unwrap();
    assert!(page.records.iter().any(|r| r.id == check));
    let r = rt.block_on(sup.reconciliation(&check)).unwrap();
    assert_eq!(r.title, "Spot check from the app");
    assert_eq!(r.lines.len(), 2);
    assert!(
        r.lines
            .iter()
            .all(|l| l.status == ReconStatus::Missing && l.counted == 0)
    );
    assert_eq!((r.totals.expected, r.totals.difference), (12_800, -12_800));
    assert_eq!(r.totals.lines.missing, 2);
    assert_eq!(r.locations.len(), 2);
    let csv = rt.block_on(sup.reconciliation_csv(&check)).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("location,manufacturer,calibre"), "{text}");
    assert!(text.contains("LC-19-K021"));
    // Another agency's supervisor gets "not found", in plain words.
    let other = sign_in(&rt, &s.url, "supervisor.customs");
    let err = rt
        .block_on(client(&other).reconciliation(&check))
        .unwrap_err();
    assert_eq!(err, SupervisorError::NotFound);
}

#[test]
fn supervisor_traces_asks_for_access_and_the_holder_grants_one_record() {
    use tracemark_mobile::core::supervisor::{AccessDecision, Mailbox, TraceCriteria};
    let rt = rt();
    let s = Server::demo();
    let border = sign_in(&rt, &s.url, "supervisor.border");
    let bsup = client(&border);
    let lot = TraceCriteria {
        lot: Some(" 17-85-0412 ".into()),
        manufacturer: Some("17".into()),
        ..TraceCriteria::default()
    };
    let a = rt.block_on(bsup.trace(&lot)).unwrap();
    assert_eq!(a.criteria.lot.as_deref(), Some("17-85-0412"));
    let kinds: Vec<&str> = a.matches.iter().map(|m| m.kind.as_str()).collect();
    assert!(
        kinds.contains(&"seizure_case") && kinds.contains(&"transfer"),
        "{a:?}"
    );
    let holders: Vec<&str> = a.holders.iter().map(|h| h.agency_name.as_str()).collect();
    assert_eq!(
        holders,
        [
            "Customs Directorate (demo)",
            "Defence Logistics Command (demo)"
        ]
    );
    // No criterion: refused before any request, in plain words.
    let none = rt
        .block_on(bsup.trace(&TraceCriteria::default()))
        .unwrap_err();
    assert_eq!(none.kind(), ErrorKind::Invalid);
    // Where the lot went.
    let split = rt.block_on(bsup.lot_split(&lot)).unwrap();
    assert!(
        !split.transfers.is_empty() && !split.seizures.is_empty(),
        "{split:?}"
    );

    // Ask the depot (Defence Logistics Command) for access.
    let depot = a
        .holders
        .iter()
        .find(|h| h.agency_name.starts_with("Defence"))
        .unwrap();
    let empty_reason = rt
        .block_on(bsup.request_access(&depot.agency_id, &lot, "  "))
        .unwrap_err();
    assert_eq!(empty_reason.kind(), ErrorKind::Invalid);
    let sent = rt
        .block_on(bsup.request_access(
            &depot.agency_id,
            &lot,
            "Seized at the border; tracing the route",
        ))
        .unwrap();
    assert_eq!(sent.status, "pending");
    assert!(sent.matching.is_none(), "the requester never sees matches");
    let outgoing = rt
        .block_on(bsup.access_requests(Mailbox::Outgoing))
        .unwrap();
    assert_eq!(outgoing[0].id, sent.id);

    // The holder reads it with its own matching records and grants one for 7 days.
    let holder = sign_in(&rt, &s.url, "supervisor.depot");
    let hsup = client(&holder);
    let incoming = rt
        .block_on(hsup.access_requests(Mailbox::Incoming))
        .unwrap();
    assert_eq!(incoming[0].id, sent.id);
    assert_eq!(
        incoming[0].reason,
        "Seized at the border; tracing the route"
    );
    let detail = rt.block_on(hsup.access_request(&sent.id)).unwrap();
    let matching = detail.matching.clone().unwrap();
    assert!(!matching.is_empty());
    let one = matching[0].record_id.clone();
    // The requester cannot decide its own request.
    let err = rt
        .block_on(bsup.decide_access(&sent.id, &AccessDecision::Refuse { comment: None }))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let bad_days = rt
        .block_on(hsup.decide_access(
            &sent.id,
            &AccessDecision::Grant {
                record_ids: None,
                days: Some(400),
                comment: None,
            },
        ))
        .unwrap_err();
    assert_eq!(bad_days.kind(), ErrorKind::Invalid);
    let granted = rt
        .block_on(hsup.decide_access(
            &sent.id,
            &AccessDecision::Grant {
                record_ids: Some(vec![one.clone()]),
                days: Some(7),
                comment: Some("For this case only".into()),
            },
        ))
        .unwrap();
    assert_eq!(granted.status, "granted");
    assert_eq!(granted.granted_records, vec![one.clone()]);
    // Deciding twice: changed meanwhile.
    let again = rt
        .block_on(hsup.decide_access(&sent.id, &AccessDecision::Refuse { comment: None }))
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict);

    // The requester sees the answer and, in its trace, the granted record.
    let out = rt
        .block_on(bsup.access_requests(Mailbox::Outgoing))
        .unwrap();
    assert_eq!(out[0].status, "granted");
    assert_eq!(out[0].comment.as_deref(), Some("For this case only"));
    assert!(out[0].expires_at.is_some());
    let after = rt.block_on(bsup.trace(&lot)).unwrap();
    assert!(
        after.matches.iter().any(|m| m.record_id == one),
        "{after:?}"
    );
    // A field user cannot trace.
    let officer = sign_in(&rt, &s.url, "officer.customs");
    let err = rt.block_on(client(&officer).trace(&lot)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

/// Parties across cases from the app: the customs supervisor finds the demo vessel in
/// its own cases and asks the border police, who hold it in a case of their own, for
/// access by the same search; the holder grants it from the app too.
#[test]
fn supervisor_searches_parties_and_asks_a_holder_for_access_by_party() {
    use tracemark_mobile::core::fixtures::seizure_case;
    use tracemark_mobile::core::supervisor::{AccessDecision, Mailbox, PartySearch};
    use tracemark_shared::domain::{CaseStatus, Party, PartyRole};
    use tracemark_shared::sync::Change;
    use tracemark_tests::sync::{assert_all_accepted, device_login, me, op, push};
    let rt = rt();
    let s = Server::demo();
    // The border police record the vessel by its bare IMO number, shared with no one.
    let device = device_login(&s, "officer.border");
    let (agency, user) = me(&s, &device);
    let mut case = seizure_case(agency, user, CaseStatus::Submitted, vec![]);
    case.reference = "TZ-POL-2026-0042".into();
    case.parties = vec![Party {
        name: "Example Star".into(),
        role: PartyRole::Carrier,
        country: None,
        note: None,
        identifier: Some("9074729".into()),
    }];
    let change = Change::SeizureCase {
        record: Box::new(case),
    };
    assert_all_accepted(&push(&s, &device, &[op(None, change)]));

    let customs = sign_in(&rt, &s.url, "supervisor.customs");
    let csup = client(&customs);
    let vessel = PartySearch {
        identifier: Some("IMO 9074729".into()),
        ..PartySearch::default()
    };
    let a = rt.block_on(csup.parties(&vessel)).unwrap();
    assert_eq!(a.search.identifier.as_deref(), Some("9074729"));
    assert!(
        a.matches
            .iter()
            .any(|m| m.reference.as_deref() == Some("KE-CUS-2026-0117")),
        "{a:?}"
    );
    assert!(
        !a.matches
            .iter()
            .any(|m| m.reference.as_deref() == Some("TZ-POL-2026-0042"))
    );
    let holder = a
        .holders
        .iter()
        .find(|h| h.agency_name == "Border Police (demo)")
        .unwrap()
        .clone();
    // No term, or no reason: refused before any request.
    let none = rt
        .block_on(csup.parties(&PartySearch::default()))
        .unwrap_err();
    assert_eq!(none.kind(), ErrorKind::Invalid);
    let no_reason = rt
        .block_on(csup.request_access_by_party(&holder.agency_id, &vessel, " "))
        .unwrap_err();
    assert_eq!(no_reason.kind(), ErrorKind::Invalid);
    let sent = rt
        .block_on(csup.request_access_by_party(
            &holder.agency_id,
            &a.search,
            "The vessel carried our seizure KE-CUS-2026-0117",
        ))
        .unwrap();
    assert_eq!(sent.party, Some(a.search.clone()));

    let border = sign_in(&rt, &s.url, "supervisor.border");
    let bsup = client(&border);
    let incoming = rt
        .block_on(bsup.access_requests(Mailbox::Incoming))
        .unwrap();
    assert!(incoming.iter().any(|r| r.id == sent.id));
    let detail = rt.block_on(bsup.access_request(&sent.id)).unwrap();
    let matching = detail.matching_parties.clone().unwrap();
    assert!(
        matching
            .iter()
            .any(|m| m.reference.as_deref() == Some("TZ-POL-2026-0042")),
        "{detail:?}"
    );
    let granted = rt
        .block_on(bsup.decide_access(
            &sent.id,
            &AccessDecision::Grant {
                record_ids: None,
                days: Some(3),
                comment: None,
            },
        ))
        .unwrap();
    assert_eq!(granted.status, "granted");
    let after = rt.block_on(csup.parties(&vessel)).unwrap();
    assert!(
        after
            .matches
            .iter()
            .any(|m| m.reference.as_deref() == Some("TZ-POL-2026-0042")),
        "{after:?}"
    );
}
