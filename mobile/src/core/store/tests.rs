//! Unit tests of the local store on temporary directories.

use serde_json::json;
use tracemark_shared::domain::{AgencyId, CaseStatus, LocationId, StockCheckId, UserId};
use tracemark_shared::sync::{OpOutcome, OpResult, PullItem, PullResponse};

use super::*;
use crate::core::fixtures::{count_line, png, seizure_case};

fn open() -> (tempfile::TempDir, LocalStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    (dir, store)
}

fn accepted(op: &tracemark_shared::sync::Operation, revision: u32) -> OpResult {
    OpResult {
        op_id: op.op_id,
        outcome: OpOutcome::Accepted {
            record_id: op.change.record_id(),
            revision,
            replaced_revisions: vec![],
            missing_photos: vec![],
        },
    }
}

fn assignment_page(check: StockCheckId, cursor: &str) -> PullResponse {
    PullResponse {
        items: vec![PullItem::Assignment {
            assignment: json!({ "stock_check": { "id": check.to_string(),
                "revision": { "number": 1 } } }),
        }],
        cursor: cursor.into(),
        more: false,
    }
}

#[test]
fn a_save_writes_the_record_and_its_outbox_entry_together() {
    let (_d, s) = open();
    let line = count_line(StockCheckId::new(), LocationId::new(), 12, vec![]);
    s.save_count_line(&line).unwrap();
    let records = s
        .list_records(Some(tracemark_shared::domain::RecordKind::CountLine))
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].status, LocalStatus::Pending);
    let outbox = s.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].op.change.record_id(), *line.id.as_uuid());
    assert_eq!(outbox[0].op.base_revision, None);

    // A save that fails writes neither the record nor an entry.
    let mut huge = count_line(StockCheckId::new(), LocationId::new(), 1, vec![]);
    huge.note = Some("x".repeat(MAX_RECORD_BYTES));
    assert!(matches!(
        s.save_count_line(&huge),
        Err(StoreError::TooLarge(_))
    ));
    assert_eq!(s.list_records(None).unwrap().len(), 1);
    assert_eq!(s.outbox().unwrap().len(), 1);
}

#[test]
fn unsent_entries_are_coalesced_sent_ones_never() {
    let (_d, s) = open();
    let mut line = count_line(StockCheckId::new(), LocationId::new(), 1, vec![]);
    s.save_count_line(&line).unwrap();
    let first = s.outbox().unwrap()[0].op.op_id;
    line.quantity = 2;
    s.save_count_line(&line).unwrap();
    let outbox = s.outbox().unwrap();
    assert_eq!(outbox.len(), 1, "never sent: the payload is replaced");
    assert_eq!(outbox[0].op.op_id, first);
    assert!(matches!(&outbox[0].op.change,
        tracemark_shared::sync::Change::CountLine { record } if record.quantity == 2));

    // Once sent (its answer lost), a later save needs its own operation.
    let batch = s.take_batch(100, usize::MAX).unwrap();
    assert_eq!(batch.operations.len(), 1);
    line.quantity = 3;
    s.save_count_line(&line).unwrap();
    let outbox = s.outbox().unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[0].attempts, 1);
    assert_eq!(outbox[0].op.op_id, first);
    assert_ne!(outbox[1].op.op_id, first);

    // The next batch re-sends the first only: one operation per record per push.
    let again = s.take_batch(100, usize::MAX).unwrap();
    assert_eq!(again.operations.len(), 1);
    assert_eq!(again.operations[0].op_id, first);

    // Its acknowledgement rebases the later change on the new revision.
    s.apply_push_results(&[accepted(&again.operations[0], 1)])
        .unwrap();
    let outbox = s.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].op.base_revision, Some(1));
    assert_eq!(s.list_records(None).unwrap()[0].server_revision, Some(1));
    assert_eq!(
        s.list_records(None).unwrap()[0].status,
        LocalStatus::Pending
    );
    let last = s.take_batch(100, usize::MAX).unwrap();
    s.apply_push_results(&[accepted(&last.operations[0], 2)])
        .unwrap();
    assert!(s.outbox().unwrap().is_empty());
    let r = &s.list_records(None).unwrap()[0];
    assert_eq!(
        (r.status, r.server_revision),
        (LocalStatus::Synced, Some(2))
    );
}

#[test]
fn refused_and_conflicting_changes_stay_for_the_user() {
    let (_d, s) = open();
    let agency = AgencyId::new();
    let case = seizure_case(agency, UserId::new(), CaseStatus::Draft, vec![]);
    let other = seizure_case(agency, UserId::new(), CaseStatus::Draft, vec![]);
    s.save_seizure_case(&case).unwrap();
    s.save_seizure_case(&other).unwrap();
    let batch = s.take_batch(100, usize::MAX).unwrap();
    assert_eq!(batch.operations.len(), 2);
    let server_case = json!(seizure_case(
        agency,
        UserId::new(),
        CaseStatus::Submitted,
        vec![]
    ));
    s.apply_push_results(&[
        OpResult {
            op_id: batch.operations[0].op_id,
            outcome: OpOutcome::Rejected {
                message: "place is required".into(),
                errors: vec![],
            },
        },
        OpResult {
            op_id: batch.operations[1].op_id,
            outcome: OpOutcome::Conflict {
                record_id: *other.id.as_uuid(),
                server_revision: 4,
                server_record: server_case,
            },
        },
    ])
    .unwrap();
    let outbox = s.outbox().unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[0].state, EntryState::Rejected);
    assert_eq!(outbox[1].state, EntryState::Conflict);
    assert!(s.take_batch(100, usize::MAX).unwrap().operations.is_empty());
    let status = s.sync_status().unwrap();
    assert_eq!((status.records_waiting, status.needs_attention), (0, 2));
    let rejected = s
        .list_records(None)
        .unwrap()
        .into_iter()
        .find(|r| r.id == *case.id.as_uuid())
        .unwrap();
    assert_eq!(rejected.status, LocalStatus::Rejected);
    assert_eq!(rejected.message.as_deref(), Some("place is required"));

    // Saving the corrected record supersedes the refused change.
    s.save_seizure_case(&case).unwrap();
    assert_eq!(
        s.outbox()
            .unwrap()
            .iter()
            .filter(|e| e.state == EntryState::Rejected)
            .count(),
        0
    );

    // The user applies their change on top of the server's version.
    s.apply_mine_on_top(batch.operations[1].op_id).unwrap();
    let entry = s
        .outbox()
        .unwrap()
        .into_iter()
        .find(|e| e.op.change.record_id() == *other.id.as_uuid())
        .unwrap();
    assert_eq!(
        (entry.state, entry.op.base_revision, entry.attempts),
        (EntryState::Pending, Some(4), 0)
    );
    assert_ne!(entry.op.op_id, batch.operations[1].op_id);
}

#[test]
fn keeping_the_server_version_replaces_the_local_record() {
    let (_d, s) = open();
    let agency = AgencyId::new();
    let mine = seizure_case(agency, UserId::new(), CaseStatus::Draft, vec![]);
    s.save_seizure_case(&mine).unwrap();
    let batch = s.take_batch(100, usize::MAX).unwrap();
    let mut theirs = mine.clone();
    theirs.place = "Changed by the supervisor".into();
    s.apply_push_results(&[OpResult {
        op_id: batch.operations[0].op_id,
        outcome: OpOutcome::Conflict {
            record_id: *mine.id.as_uuid(),
            server_revision: 3,
            server_record: json!(theirs),
        },
    }])
    .unwrap();
    s.keep_server_version(batch.operations[0].op_id).unwrap();
    assert!(s.outbox().unwrap().is_empty());
    let r = &s.list_records(None).unwrap()[0];
    assert_eq!(
        (r.status, r.server_revision),
        (LocalStatus::Synced, Some(3))
    );
    assert!(
        matches!(&r.body, RecordBody::SeizureCase(c) if c.place == "Changed by the supervisor")
    );
}

#[test]
fn drafts_may_be_incomplete_submitted_cases_may_not() {
    let (_d, s) = open();
    let mut case = seizure_case(AgencyId::new(), UserId::new(), CaseStatus::Draft, vec![]);
    case.place = String::new();
    s.save_seizure_case(&case).unwrap();
    case.status = CaseStatus::Submitted;
    let err = s.save_seizure_case(&case).unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if e.has("place")),
        "{err}"
    );
    assert_eq!(s.outbox().unwrap().len(), 1);
}

#[test]
fn a_stock_check_is_submitted_once_with_valid_lines() {
    let (_d, s) = open();
    let check = StockCheckId::new();
    assert!(matches!(
        s.submit_stock_check(check),
        Err(StoreError::UnknownStockCheck(_))
    ));
    s.apply_pull_page(&assignment_page(check, "c1")).unwrap();
    let mut line = count_line(check, LocationId::new(), 5, vec![]);
    line.lot.calibre = " ".into();
    s.save_count_line(&line).unwrap();
    assert!(matches!(
        s.submit_stock_check(check),
        Err(StoreError::Invalid(_))
    ));
    line.lot.calibre = "7.62x39mm".into();
    s.save_count_line(&line).unwrap();
    s.submit_stock_check(check).unwrap();
    assert!(s.list_assignments().unwrap()[0].submitted);
    assert!(matches!(
        s.save_count_line(&line),
        Err(StoreError::AlreadySubmitted)
    ));
    let outbox = s.outbox().unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[1].op.base_revision, Some(1));
}

#[test]
fn photos_are_kept_once_by_hash_until_the_server_holds_them() {
    let (dir, s) = open();
    let bytes = png(10_000, 7);
    let a = s.add_photo(&bytes).unwrap();
    let b = s.add_photo(&bytes).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.size, 10_000);
    assert_eq!(a.media_type, tracemark_shared::domain::MediaType::Png);
    let path = dir.path().join(PHOTO_DIR).join(a.sha256.to_string());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(
        std::fs::read_dir(dir.path().join(PHOTO_DIR))
            .unwrap()
            .count(),
        1
    );
    assert!(s.photo_intact(&a.sha256).unwrap());
    assert_eq!(
        s.read_photo_chunk(&a.sha256, 9_990, 100).unwrap(),
        bytes[9_990..]
    );
    let status = s.sync_status().unwrap();
    assert_eq!(
        (status.photos_waiting, status.photo_bytes_waiting),
        (1, 10_000)
    );

    assert!(matches!(
        s.add_photo(b"GIF89a"),
        Err(StoreError::UnsupportedPhoto)
    ));
    assert!(matches!(
        s.add_photo(b""),
        Err(StoreError::UnsupportedPhoto)
    ));

    s.mark_photo_uploaded(&a.sha256).unwrap();
    assert!(!path.exists());
    assert!(s.pending_photos().unwrap().is_empty());
    assert_eq!(s.sync_status().unwrap().photo_bytes_waiting, 0);
}

#[test]
fn leftovers_of_an_interrupted_photo_write_are_removed_on_open() {
    let (dir, s) = open();
    let temp = dir.path().join(PHOTO_DIR).join("abc.tmp-123");
    std::fs::write(&temp, b"partial").unwrap();
    drop(s);
    let _s = LocalStore::open(dir.path()).unwrap();
    assert!(!temp.exists());
}

#[test]
fn cursor_and_pulled_items_survive_a_restart() {
    let (dir, s) = open();
    assert_eq!(s.cursor().unwrap(), None);
    let check = StockCheckId::new();
    let mut page = assignment_page(check, "c7");
    page.items.push(PullItem::FactoryCodes {
        vocabulary: json!({ "17": "Poland" }),
    });
    page.items.push(PullItem::Review {
        record_id: *check.as_uuid(),
        record_kind: "stock_check".into(),
        decision: tracemark_shared::sync::ReviewDecision::Return,
        comment: Some("Recount bunker 2".into()),
        revision: 2,
        at: time::OffsetDateTime::UNIX_EPOCH,
    });
    s.apply_pull_page(&page).unwrap();
    drop(s);
    let s = LocalStore::open(dir.path()).unwrap();
    assert_eq!(s.cursor().unwrap().as_deref(), Some("c7"));
    assert_eq!(s.list_assignments().unwrap().len(), 1);
    assert_eq!(
        s.vocabulary(pulled::FACTORY_CODES).unwrap(),
        Some(json!({ "17": "Poland" }))
    );
    let reviews = s.list_review_decisions().unwrap();
    assert_eq!(reviews[0].comment.as_deref(), Some("Recount bunker 2"));
}

#[test]
fn nothing_committed_is_lost_when_the_app_dies_without_closing() {
    let dir = tempfile::tempdir().unwrap();
    let s = LocalStore::open(dir.path()).unwrap();
    let line = count_line(StockCheckId::new(), LocationId::new(), 9, vec![]);
    s.save_count_line(&line).unwrap();
    let photo = s.add_photo(&png(5_000, 3)).unwrap();
    // No destructor runs, as when the OS kills the app: the WAL is not checkpointed.
    std::mem::forget(s);
    let s = LocalStore::open(dir.path()).unwrap();
    assert_eq!(s.list_records(None).unwrap().len(), 1);
    assert_eq!(s.outbox().unwrap().len(), 1);
    assert_eq!(s.pending_photos().unwrap()[0].photo, photo);
}

#[test]
fn a_database_from_a_newer_app_is_refused() {
    let (dir, s) = open();
    drop(s);
    let c = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let err = LocalStore::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::NewerDatabase { found: 99, .. }));
    assert!(err.to_string().contains("update the app"), "{err}");
}

#[test]
fn migrations_are_valid() {
    migrations().validate().unwrap();
}

#[test]
fn session_is_kept() {
    let (_d, s) = open();
    assert_eq!(s.session().unwrap(), None);
    let session = Session {
        server_url: "https://t.example".into(),
        token: "tok".into(),
        device_id: Some("d1".into()),
        user: json!({ "username": "inspector.depot" }),
    };
    s.save_session(&session).unwrap();
    assert_eq!(s.session().unwrap(), Some(session));
    assert!(s.sync_status().unwrap().signed_in);
}

#[test]
fn a_review_decision_is_the_revision_corrections_are_based_on() {
    let (_d, s) = open();
    let case = seizure_case(
        AgencyId::new(),
        UserId::new(),
        CaseStatus::Submitted,
        vec![],
    );
    s.save_seizure_case(&case).unwrap();
    let batch = s.take_batch(100, usize::MAX).unwrap();
    s.apply_push_results(&[accepted(&batch.operations[0], 1)])
        .unwrap();
    s.apply_pull_page(&PullResponse {
        items: vec![PullItem::Review {
            record_id: *case.id.as_uuid(),
            record_kind: "seizure_case".into(),
            decision: tracemark_shared::sync::ReviewDecision::Return,
            comment: Some("Add the stencil photo".into()),
            revision: 2,
            at: time::OffsetDateTime::UNIX_EPOCH,
        }],
        cursor: "c2".into(),
        more: false,
    })
    .unwrap();
    let r = &s.list_records(None).unwrap()[0];
    assert_eq!(r.server_revision, Some(2));
    assert!(matches!(&r.body, RecordBody::SeizureCase(c) if c.status == CaseStatus::Returned));
    s.save_seizure_case(&case).unwrap();
    assert_eq!(s.outbox().unwrap()[0].op.base_revision, Some(2));
}

#[test]
fn a_photo_larger_than_the_server_accepts_is_refused_on_the_device() {
    // The device and the server share one limit: a photo kept here could otherwise
    // never be sent, and its record would wait for it forever.
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    let server_limit = 40 * 1024 * 1024;
    let mut too_big = vec![0u8; server_limit + 1];
    too_big[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    assert!(matches!(
        store.add_photo(&too_big),
        Err(StoreError::TooLarge(_))
    ));
    too_big.truncate(server_limit);
    assert!(store.add_photo(&too_big).is_ok());
    // The plugin's reader stops at the same size (the capture pipeline's default is
    // this constant).
    assert_eq!(
        tracemark_device::MAX_PHOTO_BYTES,
        tracemark_shared::validate::MAX_PHOTO_BYTES
    );
}
