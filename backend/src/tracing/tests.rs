//! Storage tests on a real SQLite file: the index follows every record write, grants
//! open one record to one agency until they expire (SQL time), and the holders query
//! says one row per agency.

use rusqlite::Connection;
use serde_json::{Value, json};
use tracemark_shared::domain::{RecordKind, RecordStatus, Role, SharingScope};

use super::query::{self, Criteria, CriteriaExt};
use crate::identity::Caller;
use crate::identity::store::{self, NewUser};
use crate::records::{self, NewRecord, NewRevision};

struct Fixture {
    c: Connection,
    _dir: tempfile::TempDir,
    agencies: Vec<(String, String)>,
    users: Vec<String>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let c = crate::db::open_sync(&dir.path().join("t.db")).unwrap();
    let mut agencies = Vec::new();
    let mut users = Vec::new();
    for (i, (name, country)) in [("A", "KE"), ("B", "KE"), ("C", "TZ")].iter().enumerate() {
        let a = store::create_agency(&c, name, country).unwrap();
        let u = store::create_user(
            &c,
            &NewUser {
                agency_id: &a.id,
                username: &format!("sup{i}"),
                display_name: "S",
                role: Role::Supervisor,
                password_hash: "x",
            },
        )
        .unwrap();
        users.push(u.id);
        agencies.push((a.id, a.country));
    }
    Fixture {
        c,
        _dir: dir,
        agencies,
        users,
    }
}

impl Fixture {
    fn caller(&self, i: usize) -> Caller {
        Caller {
            user_id: self.users[i].clone(),
            agency_id: self.agencies[i].0.clone(),
            country: self.agencies[i].1.clone(),
            role: Role::Supervisor,
            device_id: None,
            token_hash: String::new(),
        }
    }

    fn seizure(&self, owner: usize, lot: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        records::insert(
            &self.c,
            &NewRecord {
                id: &id,
                kind: RecordKind::SeizureCase,
                agency_id: &self.agencies[owner].0,
                scope: &SharingScope::OwnAgency,
                status: RecordStatus::Submitted,
                body: &case(lot),
                photos: &[],
                author_user_id: &self.users[owner],
                device_id: None,
            },
        )
        .unwrap();
        id
    }

    fn grant(&self, record: &str, to: usize, expires_at: &str) {
        self.c
            .execute(
                "INSERT INTO access_requests (id, requester_agency_id, requester_user_id,
                     holder_agency_id, criteria, reason, status, created_at)
                 VALUES ('q1', ?1, ?2, ?1, '{}', 'r', 'granted', 'now')
                 ON CONFLICT DO NOTHING",
                [&self.agencies[to].0, &self.users[to]],
            )
            .unwrap();
        self.c
            .execute(
                "INSERT INTO access_grants (record_id, agency_id, expires_at, granted_by, request_id)
                 VALUES (?1, ?2, ?3, ?4, 'q1')",
                [record, &self.agencies[to].0, expires_at, &self.users[0]],
            )
            .unwrap();
    }

    fn sees(&self, who: usize, record: &str) -> bool {
        records::get_visible(&self.c, &self.caller(who), record)
            .unwrap()
            .is_some()
    }
}

fn case(lot: &str) -> Value {
    json!({ "place": "P", "reference": "R", "seized_on": "2026-01-02", "items": [
        { "lot": { "manufacturer": "17", "calibre": "7.62x39", "year": 1985, "lot": lot },
          "quantity": 10, "markings": [] } ] })
}

fn lot_filter(lot: &str) -> query::Filter {
    Criteria {
        lot: Some(lot.into()),
        ..Criteria::default()
    }
    .filter()
    .unwrap()
}

#[test]
fn index_follows_inserts_and_revisions() {
    let f = fixture();
    let id = f.seizure(0, "L-1");
    let rows = |lot: &str| query::own_record_ids(&f.c, &f.agencies[0].0, &lot_filter(lot)).unwrap();
    assert_eq!(rows("l-1"), std::slice::from_ref(&id));
    records::write_revision(
        &f.c,
        &NewRevision {
            id: &id,
            revision: 2,
            status: RecordStatus::Submitted,
            body: &case("L-2"),
            photos: &[],
            scope: None,
            author_user_id: &f.users[0],
            device_id: None,
        },
    )
    .unwrap();
    assert!(rows("L-1").is_empty(), "the old line left the index");
    assert_eq!(rows("L-2"), [id]);
}

#[test]
fn grants_expire_by_sql_time() {
    let f = fixture();
    let past = f.seizure(0, "L");
    let live = f.seizure(0, "L");
    f.grant(&past, 2, "2000-01-01T00:00:00Z");
    f.grant(&live, 2, &crate::db::grant_expiry(1));
    assert!(!f.sees(2, &past), "an expired grant opens nothing");
    assert!(f.sees(2, &live), "a live grant opens its record");
    assert!(!f.sees(1, &live), "to the granted agency only");
    // The stored form is the one SQL's clock prints, so text order is time order.
    let (now, expiry): (String, String) =
        f.c.query_row(
            "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1",
            [crate::db::grant_expiry(0)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(now.len(), expiry.len(), "{now} vs {expiry}");
    assert!(expiry.ends_with('Z') && !expiry.contains('.'), "{expiry}");
    // A grant that ends this second is over once the clock passes it.
    f.grant(&past, 1, &now);
    assert!(!f.sees(1, &past));
}

#[test]
fn holders_are_one_row_per_agency() {
    let f = fixture();
    for _ in 0..5 {
        f.seizure(1, "MANY");
    }
    f.seizure(2, "MANY");
    let seen = f.seizure(2, "MANY");
    f.grant(&seen, 0, &crate::db::grant_expiry(1));
    let filter = lot_filter("many");
    let holders = query::holders(&f.c, &f.caller(0), &filter).unwrap();
    let names: Vec<&str> = holders.iter().map(|h| h.agency_name.as_str()).collect();
    assert_eq!(names, ["B", "C"]);
    let (visible, truncated) = query::visible_matches(&f.c, &f.caller(0), &filter).unwrap();
    assert_eq!((visible.len(), truncated), (1, false));
    assert_eq!(visible[0].record_id, seen);
    // The holder itself sees its own records and no holder row for itself.
    assert_eq!(
        query::holders(&f.c, &f.caller(1), &filter).unwrap().len(),
        1
    );
}

#[test]
fn count_lines_take_their_depot_and_location_from_the_checks_places() {
    let f = fixture();
    let check = uuid::Uuid::new_v4().to_string();
    let body = json!({
        "stock_check": { "id": check, "status": "assigned" },
        "depot": { "id": "d", "code": "CAD-1", "name": "Central" },
        "locations": [{ "id": "l1", "code": "B1-R1" }, { "id": "l2", "code": "B2-R1" }],
        "expected": [{ "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "lot": "L1" },
                       "quantity": 12, "location_id": "l1" }]
    });
    let insert = |id: &str, kind: RecordKind, body: &Value| {
        records::insert(
            &f.c,
            &NewRecord {
                id,
                kind,
                agency_id: &f.agencies[0].0,
                scope: &SharingScope::OwnAgency,
                status: RecordStatus::Assigned,
                body,
                photos: &[],
                author_user_id: &f.users[0],
                device_id: None,
            },
        )
        .unwrap();
    };
    insert(&check, RecordKind::StockCheck, &body);
    let line = uuid::Uuid::new_v4().to_string();
    insert(
        &line,
        RecordKind::CountLine,
        &json!({ "stock_check_id": check, "location_id": "l2", "quantity": 3,
                 "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "lot": "L1" } }),
    );
    let (depot, location): (Option<String>, Option<String>) =
        f.c.query_row(
            "SELECT depot, location FROM lot_lines WHERE record_id = ?1",
            [&line],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (depot.as_deref(), location.as_deref()),
        (Some("CAD-1 Central"), Some("B2-R1"))
    );
    // A location the check does not hold: the depot still, no code.
    let stray = uuid::Uuid::new_v4().to_string();
    insert(
        &stray,
        RecordKind::CountLine,
        &json!({ "stock_check_id": check, "location_id": "l9", "quantity": 1,
                 "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "lot": "L1" } }),
    );
    let location: Option<String> =
        f.c.query_row(
            "SELECT location FROM lot_lines WHERE record_id = ?1",
            [&stray],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(location, None);

    // Each line's row for reconciliation follows its current revision, one row a line.
    records::write_revision(
        &f.c,
        &NewRevision {
            id: &line,
            revision: 2,
            status: RecordStatus::Assigned,
            body: &json!({ "stock_check_id": check, "location_id": "l2", "quantity": 5,
                           "condition": "F", "note": "recounted",
                           "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "lot": "L1" } }),
            photos: &[],
            scope: None,
            author_user_id: &f.users[0],
            device_id: None,
        },
    )
    .unwrap();
    let rows: Vec<(String, i64, String, Option<String>)> = f
        .c
        .prepare("SELECT record_id, quantity, condition, note FROM count_line_rows WHERE check_id = ?1 ORDER BY record_id")
        .unwrap()
        .query_map([&check], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = vec![
        (
            line.clone(),
            5,
            "F".to_string(),
            Some("recounted".to_string()),
        ),
        (stray.clone(), 1, "A".to_string(), None),
    ];
    expected.sort();
    assert_eq!(rows, expected);

    // The check's own rows follow its current revision too: a revised check with a
    // new title, its locations swapped and one more expected line.
    let revised = json!({
        "stock_check": { "id": check, "status": "assigned", "title": "Recount" },
        "depot": { "id": "d", "code": "CAD-1", "name": "Central" },
        "locations": [{ "id": "l2", "code": "B2-R1" }, { "id": "l1", "code": "B1-R1" }],
        "expected": [{ "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "lot": "L1" },
                       "quantity": 12, "location_id": "l1" },
                     { "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "lot": "L2",
                                "dodic": "A131" },
                       "quantity": 4, "location_id": "l2" }]
    });
    records::write_revision(
        &f.c,
        &NewRevision {
            id: &check,
            revision: 2,
            status: RecordStatus::Assigned,
            body: &revised,
            photos: &[],
            scope: None,
            author_user_id: &f.users[0],
            device_id: None,
        },
    )
    .unwrap();
    let title: String =
        f.c.query_row(
            "SELECT title FROM stock_check_heads WHERE check_id = ?1",
            [&check],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "Recount");
    let codes: Vec<String> =
        f.c.prepare("SELECT code FROM stock_check_locations WHERE check_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([&check], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(codes, ["B2-R1", "B1-R1"]);
    let lines: Vec<(String, String, Option<String>, i64)> = f
        .c
        .prepare("SELECT location_id, lot, dodic, quantity FROM expected_line_rows WHERE check_id = ?1 ORDER BY line")
        .unwrap()
        .query_map([&check], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        lines,
        [
            ("l1".into(), "L1".into(), None, 12),
            ("l2".into(), "L2".into(), Some("A131".into()), 4)
        ]
    );
}

#[test]
fn one_pass_answer_equals_the_separate_queries() {
    let f = fixture();
    for owner in [0, 0, 1, 1, 1, 2] {
        f.seizure(owner, "ONE");
    }
    let granted = f.seizure(2, "ONE");
    f.grant(&granted, 1, &crate::db::grant_expiry(1));
    let expired = f.seizure(1, "ONE");
    f.grant(&expired, 0, "2000-01-01T00:00:00Z");
    f.c.execute(
        "UPDATE records SET scope = 'national' WHERE id IN (SELECT id FROM records WHERE agency_id = ?1 LIMIT 1)",
        [&f.agencies[1].0],
    )
    .unwrap();
    let filter = lot_filter("one");
    for who in 0..3 {
        let caller = f.caller(who);
        let answer = query::lot_answer(&f.c, &caller, &filter).unwrap();
        let (matches, truncated) = query::visible_matches(&f.c, &caller, &filter).unwrap();
        assert_eq!(answer.matches, matches, "caller {who}");
        assert_eq!(answer.truncated, truncated);
        assert_eq!(
            answer.holders,
            query::holders(&f.c, &caller, &filter).unwrap()
        );
        assert_eq!(
            answer.matched_agencies,
            {
                let mut m = query::matched_agencies(&f.c, &caller, &filter).unwrap();
                m.sort();
                m
            },
            "caller {who}"
        );
        assert!(!answer.matched_agencies.contains(&caller.agency_id));
    }
    // More visible lines than an answer holds: cut at the same place, and said so.
    for _ in 0..query::MAX_MATCHES {
        f.seizure(0, "ONE");
    }
    let caller = f.caller(0);
    let answer = query::lot_answer(&f.c, &caller, &filter).unwrap();
    let (matches, truncated) = query::visible_matches(&f.c, &caller, &filter).unwrap();
    assert!(truncated && answer.truncated);
    assert_eq!(answer.matches, matches);
}

/// Every kind of trace reads the lot index and the count lines' rows through their
/// indexes: the view's conditions reach both arms (a cast missing from the view, or a
/// criterion with no index on one side, would scan every lot line ever stored). A GTIN
/// or a serial, which count lines never carry, reads the lot index alone.
#[test]
fn each_trace_searches_both_arms_by_index() {
    let f = fixture();
    let by = |c: Criteria| c.filter().unwrap();
    for (what, counts_too, filter) in [
        ("lot", true, lot_filter("L1")),
        (
            "lot and maker",
            true,
            by(Criteria {
                lot: Some("L1".into()),
                manufacturer: Some("17".into()),
                ..Criteria::default()
            }),
        ),
        (
            "calibre",
            true,
            by(Criteria {
                calibre: Some("7.62x39mm".into()),
                ..Criteria::default()
            }),
        ),
        (
            "nsn",
            true,
            by(Criteria {
                nsn: Some("1305-01-234-5678".into()),
                ..Criteria::default()
            }),
        ),
        (
            "gtin",
            false,
            by(Criteria {
                gtin: Some("05012345678900".into()),
                ..Criteria::default()
            }),
        ),
        (
            "serial",
            false,
            by(Criteria {
                serial: Some("SN-1".into()),
                ..Criteria::default()
            }),
        ),
    ] {
        let sql = format!("EXPLAIN QUERY PLAN {}", query::lot_answer_sql(&filter));
        let mut stmt = f.c.prepare(&sql).unwrap();
        // Unbound parameters are NULL, which does not change the plan.
        let mut rows = stmt.raw_query();
        let mut plan: Vec<String> = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            plan.push(r.get(3).unwrap());
        }
        // The one scan allowed is of the view's rows as its arms hand them over.
        let coroutine = plan.iter().any(|p| p.starts_with("CO-ROUTINE"));
        let scans: Vec<&String> = plan
            .iter()
            .filter(|p| p.starts_with("SCAN") && !(coroutine && p.as_str() == "SCAN li"))
            .collect();
        assert!(scans.is_empty(), "{what}: {plan:#?}");
        assert!(
            plan.iter().any(|p| p.contains("INDEX lot_index_")),
            "{what}: {plan:#?}"
        );
        assert_eq!(
            plan.iter().any(|p| p.contains("INDEX count_line_rows_")),
            counts_too,
            "{what}: {plan:#?}"
        );
    }
}
