//! One contract, two databases: every scenario runs the storage functions the service
//! calls against SQLite (a file, as `tracemark serve` keeps it) and against a real
//! PostgreSQL server process (see `tracemark_tests::postgres`), through the same
//! `sql::Conn` the aggregates are written against. A scenario that passes on one
//! engine and fails on the other is a difference in the SQL both must speak.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tracemark_backend::db::StoreError;
use tracemark_backend::identity::limiter;
use tracemark_backend::identity::store::{self, NewUser};
use tracemark_backend::sql::{Conn, ConnExt, PgSession};
use tracemark_backend::{args, db};
use tracemark_shared::domain::{Platform, Role};
use tracemark_tests::postgres::PgServer;

/// Runs each named scenario once per engine: `NAME::sqlite` and `NAME::postgres`.
macro_rules! on_both_engines {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                let dir = tempfile::tempdir().unwrap();
                let c = tracemark_backend::db::open_sync(&dir.path().join("t.db")).unwrap();
                super::$name(&c);
            }

            #[test]
            fn postgres() {
                let server = tracemark_tests::postgres::PgServer::start();
                let session = super::postgres_session(&server);
                super::$name(&session.conn());
            }
        }
    )+};
}

fn postgres_session(server: &PgServer) -> PgSession {
    let s = PgSession::connect(&server.database()).unwrap();
    s.migrate().unwrap();
    s
}

on_both_engines!(
    agencies_are_unique_by_name_and_found_by_id_or_name,
    usernames_are_unique_without_case_and_sign_in_without_case,
    an_agency_lists_and_changes_only_its_own_users,
    tokens_resolve_until_expired_revoked_or_their_device_is,
    a_new_password_ends_every_other_sign_in,
    a_console_session_is_extended_within_its_absolute_limit,
    devices_are_listed_and_revoked_within_their_agency,
    sign_in_attempts_are_limited_per_account_and_address,
);

fn user(c: &impl Conn, agency: &str, name: &str, role: Role) -> store::UserRow {
    store::create_user(
        c,
        &NewUser {
            agency_id: agency,
            username: name,
            display_name: name,
            role,
            password_hash: "$argon2id$stand-in",
        },
    )
    .unwrap()
}

fn in_one_hour() -> String {
    db::timestamp(time::OffsetDateTime::now_utc() + time::Duration::hours(1))
}

fn agencies_are_unique_by_name_and_found_by_id_or_name(c: &impl Conn) {
    let customs = store::create_agency(c, "Kenya Revenue Authority", "KE").unwrap();
    store::create_agency(c, "Uganda Police", "UG").unwrap();
    store::create_agency(c, "Kenya Defence Forces", "KE").unwrap();
    let taken = store::create_agency(c, "Kenya Revenue Authority", "KE").unwrap_err();
    assert!(
        matches!(&taken, StoreError::Conflict(m) if m.contains("exists already")),
        "{taken:?}"
    );
    let listed: Vec<String> = store::list_agencies(c)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        listed,
        [
            "Kenya Defence Forces",
            "Kenya Revenue Authority",
            "Uganda Police"
        ]
    );
    let by_id = store::find_agency(c, &customs.id).unwrap().unwrap();
    let by_name = store::find_agency(c, "Kenya Revenue Authority")
        .unwrap()
        .unwrap();
    assert_eq!((by_id.id, by_id.country), (customs.id.clone(), "KE".into()));
    assert_eq!(by_name.id, customs.id);
    assert!(store::find_agency(c, "kenya revenue").unwrap().is_none());
}

fn usernames_are_unique_without_case_and_sign_in_without_case(c: &impl Conn) {
    let a = store::create_agency(c, "Depot", "KE").unwrap();
    let made = user(c, &a.id, "Inspector.Depot", Role::Inspector);
    let taken = store::create_user(
        c,
        &NewUser {
            agency_id: &a.id,
            username: "INSPECTOR.depot",
            display_name: "x",
            role: Role::Supervisor,
            password_hash: "h",
        },
    )
    .unwrap_err();
    assert!(
        matches!(&taken, StoreError::Conflict(m) if m.contains("username is taken")),
        "{taken:?}"
    );
    let (found, hash) = store::login_candidate(c, "inspector.DEPOT")
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.id.as_str(), found.role),
        (made.id.as_str(), Role::Inspector)
    );
    assert_eq!(hash, "$argon2id$stand-in");
    let caller = store::caller_by_username(c, "INSPECTOR.DEPOT")
        .unwrap()
        .unwrap();
    assert_eq!(
        (caller.agency_id, caller.country),
        (a.id.clone(), "KE".into())
    );
    assert!(store::login_candidate(c, "inspector").unwrap().is_none());

    store::set_disabled(c, &a.id, &made.id, true).unwrap();
    assert!(
        store::login_candidate(c, "inspector.depot")
            .unwrap()
            .is_none()
    );
    assert!(store::username_of(c, &made.id).unwrap().is_none());
    assert!(
        store::caller_by_username(c, "inspector.depot")
            .unwrap()
            .is_none()
    );
    store::set_disabled(c, &a.id, &made.id, false).unwrap();
    assert_eq!(
        store::username_of(c, &made.id).unwrap().as_deref(),
        Some("Inspector.Depot")
    );
}

fn an_agency_lists_and_changes_only_its_own_users(c: &impl Conn) {
    let depot = store::create_agency(c, "Depot", "KE").unwrap();
    let customs = store::create_agency(c, "Customs", "KE").unwrap();
    user(c, &depot.id, "b.inspector", Role::Inspector);
    user(c, &depot.id, "a.supervisor", Role::Supervisor);
    let officer = user(c, &customs.id, "officer", Role::CustomsOfficer);
    let names: Vec<String> = store::list_users(c, &depot.id)
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, ["a.supervisor", "b.inspector"]);
    // The depot's administrator cannot reach the customs officer: not found, and
    // nothing changed.
    for attempt in [
        store::set_disabled(c, &depot.id, &officer.id, true),
        store::set_password(c, &depot.id, &officer.id, "new", None),
    ] {
        assert!(
            matches!(attempt, Err(StoreError::NotFound("user"))),
            "{attempt:?}"
        );
    }
    let listed = store::list_users(c, &customs.id).unwrap();
    assert!(!listed[0].disabled);
    assert_eq!(
        store::login_candidate(c, "officer").unwrap().unwrap().1,
        "$argon2id$stand-in"
    );
}

fn tokens_resolve_until_expired_revoked_or_their_device_is(c: &impl Conn) {
    let a = store::create_agency(c, "Depot", "KE").unwrap();
    let u = user(c, &a.id, "inspector", Role::Inspector);
    let device = store::enroll_device(c, &u.id, "tablet 1", Platform::Android).unwrap();
    store::insert_token(c, "plain", &u.id, None, &in_one_hour()).unwrap();
    store::insert_token(c, "on-device", &u.id, Some(&device), &in_one_hour()).unwrap();
    let past = db::timestamp(time::OffsetDateTime::now_utc() - time::Duration::minutes(1));
    store::insert_token(c, "expired", &u.id, None, &past).unwrap();

    let (caller, _) = store::resolve_token(c, "on-device").unwrap().unwrap();
    assert_eq!(caller.device_id.as_deref(), Some(device.as_str()));
    assert_eq!(
        (caller.role, caller.token_hash.as_str()),
        (Role::Inspector, "on-device")
    );
    assert!(store::resolve_token(c, "expired").unwrap().is_none());
    assert!(store::resolve_token(c, "unknown").unwrap().is_none());

    store::revoke_device(c, &a.id, &device).unwrap();
    assert!(store::resolve_token(c, "on-device").unwrap().is_none());
    assert!(store::resolve_token(c, "plain").unwrap().is_some());
    store::revoke_token(c, "plain").unwrap();
    assert!(store::resolve_token(c, "plain").unwrap().is_none());

    store::insert_token(c, "again", &u.id, None, &in_one_hour()).unwrap();
    store::set_disabled(c, &a.id, &u.id, true).unwrap();
    store::set_disabled(c, &a.id, &u.id, false).unwrap();
    // Disabling ended the sign-in for good: enabling again does not revive it.
    assert!(store::resolve_token(c, "again").unwrap().is_none());
}

fn a_new_password_ends_every_other_sign_in(c: &impl Conn) {
    let a = store::create_agency(c, "Depot", "KE").unwrap();
    let u = user(c, &a.id, "inspector", Role::Inspector);
    for t in ["this-browser", "tablet", "laptop"] {
        store::insert_token(c, t, &u.id, None, &in_one_hour()).unwrap();
    }
    store::set_password(c, &a.id, &u.id, "$argon2id$new", Some("this-browser")).unwrap();
    assert!(store::resolve_token(c, "this-browser").unwrap().is_some());
    assert!(store::resolve_token(c, "tablet").unwrap().is_none());
    assert!(store::resolve_token(c, "laptop").unwrap().is_none());
    assert_eq!(
        store::login_candidate(c, "inspector").unwrap().unwrap().1,
        "$argon2id$new"
    );
    // Reset by an administrator: no sign-in is kept.
    store::set_password(c, &a.id, &u.id, "$argon2id$newer", None).unwrap();
    assert!(store::resolve_token(c, "this-browser").unwrap().is_none());
}

fn a_console_session_is_extended_within_its_absolute_limit(c: &impl Conn) {
    use std::time::Duration;
    let a = store::create_agency(c, "Depot", "KE").unwrap();
    let u = user(c, &a.id, "supervisor", Role::Supervisor);
    let soon = db::timestamp(time::OffsetDateTime::now_utc() + time::Duration::minutes(5));
    store::insert_token(c, "session", &u.id, None, &soon).unwrap();
    let expiry = |c: &_| {
        let (_, at) = store::resolve_token(c, "session").unwrap().unwrap();
        at - time::OffsetDateTime::now_utc()
    };
    store::extend_session(
        c,
        "session",
        Duration::from_secs(3600),
        Duration::from_secs(8 * 3600),
    )
    .unwrap();
    let after = expiry(c);
    assert!(after > time::Duration::minutes(55), "{after}");
    // Never beyond the absolute limit from the sign-in.
    store::extend_session(
        c,
        "session",
        Duration::from_secs(24 * 3600),
        Duration::from_secs(7200),
    )
    .unwrap();
    let capped = expiry(c);
    assert!(capped <= time::Duration::hours(2), "{capped}");
    assert!(capped > time::Duration::minutes(115), "{capped}");
}

fn devices_are_listed_and_revoked_within_their_agency(c: &impl Conn) {
    let depot = store::create_agency(c, "Depot", "KE").unwrap();
    let customs = store::create_agency(c, "Customs", "KE").unwrap();
    let inspector = user(c, &depot.id, "inspector", Role::Inspector);
    let officer = user(c, &customs.id, "officer", Role::CustomsOfficer);
    let tablet = store::enroll_device(c, &inspector.id, "tablet", Platform::Android).unwrap();
    let phone = store::enroll_device(c, &officer.id, "phone", Platform::Ios).unwrap();
    let listed = store::list_devices(c, &depot.id).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].id.as_str(),
            listed[0].username.as_str(),
            listed[0].platform
        ),
        (tablet.as_str(), "inspector", Platform::Android)
    );
    assert!(listed[0].revoked_at.is_none());
    let refused = store::revoke_device(c, &depot.id, &phone);
    assert!(
        matches!(refused, Err(StoreError::NotFound("device"))),
        "{refused:?}"
    );
    assert!(
        store::list_devices(c, &customs.id).unwrap()[0]
            .revoked_at
            .is_none()
    );
    store::revoke_device(c, &depot.id, &tablet).unwrap();
    let first = store::list_devices(c, &depot.id).unwrap()[0]
        .revoked_at
        .clone();
    assert!(first.is_some());
    // Revoking again keeps the first time.
    store::revoke_device(c, &depot.id, &tablet).unwrap();
    assert_eq!(
        store::list_devices(c, &depot.id).unwrap()[0].revoked_at,
        first
    );
    let stored: i64 = c
        .query_one("SELECT count(*) FROM devices", args![], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 2);
}

fn sign_in_attempts_are_limited_per_account_and_address(c: &impl Conn) {
    use std::net::IpAddr;
    let a: IpAddr = "192.0.2.1".parse().unwrap();
    let b: IpAddr = "192.0.2.2".parse().unwrap();
    let mut last = None;
    for _ in 0..limiter::ACCOUNT_ADDRESS_LIMIT {
        last = Some(limiter::reserve(c, "Alice", a, 1000).unwrap().unwrap());
    }
    let wait = limiter::reserve(c, "alice", a, 1010).unwrap().unwrap_err();
    assert_eq!(
        wait,
        (1000 + limiter::WINDOW_SECS - 1010) as u64,
        "blocked from that address for the rest of the window"
    );
    assert!(limiter::reserve(c, "alice", b, 1010).unwrap().is_ok());
    // A right password forgets this address's failures on the account.
    limiter::succeeded(c, &last.unwrap()).unwrap();
    let again = limiter::reserve(c, "alice", a, 1020).unwrap().unwrap();
    // A check never made is handed back on every key.
    limiter::release(c, &again).unwrap();
    for _ in 0..limiter::ACCOUNT_ADDRESS_LIMIT {
        limiter::reserve(c, "alice", a, 1030).unwrap().unwrap();
    }
    assert!(limiter::reserve(c, "alice", a, 1030).unwrap().is_err());
    // The window ends.
    assert!(
        limiter::reserve(c, "alice", a, 1020 + limiter::WINDOW_SECS)
            .unwrap()
            .is_ok()
    );
    let kept: i64 = c
        .query_one("SELECT count(*) FROM login_attempts", args![], |r| r.get(0))
        .unwrap();
    assert!(kept >= 3, "{kept}");
}
