#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::sql::{Conn, ConnExt, SqlError};
use tracemark_tests::postgres::PgServer;

#[test]
fn parameters_are_numbered_for_postgres_outside_quotes_and_comments() {
    let n = |sql| pg::numbered(sql, None).unwrap();
    assert_eq!(
        n("SELECT a FROM t WHERE a = ?1 AND b = ?12"),
        "SELECT a FROM t WHERE a = $1 AND b = $12"
    );
    assert_eq!(n("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
    assert_eq!(
        n("SELECT '?1', \"a?\" -- what?\n, ?2 /* ? */"),
        "SELECT '?1', \"a?\" -- what?\n, $2 /* ? */"
    );
    let named = |sql| pg::numbered(sql, Some(&[":agency", ":id"]));
    assert_eq!(
        named("SELECT ':id' WHERE id = :id AND (a = :agency OR b = :agency)").unwrap(),
        "SELECT ':id' WHERE id = $2 AND (a = $1 OR b = $1)"
    );
    let unbound = named("SELECT 1 WHERE x = :country").unwrap_err();
    assert!(unbound.to_string().contains(":country"), "{unbound}");
}

#[test]
fn passwords_are_left_out_of_urls_shown() {
    assert_eq!(
        pg::redacted("postgres://app:s3cret@db.example:5432/tracemark"),
        "postgres://app:***@db.example:5432/tracemark"
    );
    assert!(!pg::redacted("host=db password=s3cret").contains("s3cret"));
    // Without a password there is nothing to hide.
    assert_eq!(
        pg::redacted("postgres://app@db.example/tracemark"),
        "postgres://app@db.example/tracemark"
    );
}

const TABLE: &str = "CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT, flag BIGINT NOT NULL,
                                     x DOUBLE PRECISION, b BYTEA, note TEXT)";

/// Writes and reads back every kind of value, and fails a duplicate key as a
/// constraint.
fn round_trip(c: &impl Conn) {
    let blob = vec![0_u8, 1, 255];
    let none: Option<&str> = None;
    assert_eq!(
        c.execute(
            "INSERT INTO t (id, n, flag, x, b, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args!["a", 7_i64, true, 1.5_f64, blob, none],
        )
        .unwrap(),
        1
    );
    c.execute(
        "INSERT INTO t (id, n, flag) VALUES (?1, ?2, ?3)",
        args!["b", i64::MAX, false],
    )
    .unwrap();
    let rows = c
        .query(
            "SELECT id, n, flag, x, b, note FROM t ORDER BY id",
            args![],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<bool>(2)?,
                    r.get::<Option<f64>>(3)?,
                    r.get::<Option<Vec<u8>>>(4)?,
                    r.get::<Option<String>>(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        rows,
        vec![
            ("a".into(), 7, true, Some(1.5), Some(blob.clone()), None),
            ("b".into(), i64::MAX, false, None, None, None),
        ]
    );
    // Aggregates read as integers on both engines.
    let count: i64 = c
        .query_one("SELECT count(*) FROM t WHERE flag = ?1", args![1], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(count, 1);
    assert!(
        c.query_opt("SELECT id FROM t WHERE id = ?1", args!["z"], |r| r
            .get::<String>(0))
            .unwrap()
            .is_none()
    );
    let dup = c
        .execute("INSERT INTO t (id, flag) VALUES (?1, 0)", args!["a"])
        .unwrap_err();
    assert!(dup.is_constraint(), "{dup}");
    // A column read as what it is not is an error naming it, never a default.
    let wrong = c
        .query_one("SELECT note FROM t WHERE id = 'a'", args![], |r| {
            r.get::<String>(0)
        })
        .unwrap_err();
    assert!(!wrong.is_constraint(), "{wrong}");
}

#[test]
fn values_round_trip_on_sqlite() {
    let c = rusqlite::Connection::open_in_memory().unwrap();
    c.execute_batch(
        &TABLE
            .replace("DOUBLE PRECISION", "REAL")
            .replace("BYTEA", "BLOB"),
    )
    .unwrap();
    assert_eq!(c.engine(), Engine::Sqlite);
    round_trip(&c);
}

#[test]
fn values_round_trip_on_postgres() {
    let server = PgServer::start();
    let s = PgSession::connect(&server.database()).unwrap();
    s.conn().execute(TABLE, args![]).unwrap();
    assert_eq!(s.conn().engine(), Engine::Postgres);
    round_trip(&s.conn());
}

#[test]
fn a_postgres_transaction_commits_on_success_and_rolls_back_on_error() {
    let server = PgServer::start();
    let s = PgSession::connect(&server.database()).unwrap();
    s.conn().execute(TABLE, args![]).unwrap();
    s.transaction(|c| c.execute("INSERT INTO t (id, flag) VALUES ('kept', 0)", args![]))
        .unwrap();
    let failed: Result<(), SqlError> = s.transaction(|c| {
        c.execute("INSERT INTO t (id, flag) VALUES ('dropped', 0)", args![])?;
        c.execute("INSERT INTO t (id, flag) VALUES ('kept', 0)", args![])?;
        Ok(())
    });
    assert!(failed.unwrap_err().is_constraint());
    let ids = s
        .conn()
        .query("SELECT id FROM t ORDER BY id", args![], |r| {
            r.get::<String>(0)
        })
        .unwrap();
    assert_eq!(ids, vec!["kept".to_string()]);
}

#[test]
fn postgres_migrations_apply_once_and_refuse_a_newer_schema() {
    let server = PgServer::start();
    let url = server.database();
    let s = PgSession::connect(&url).unwrap();
    s.migrate().unwrap();
    s.migrate().unwrap();
    let tables: i64 = s
        .conn()
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            args![],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tables > 30, "{tables} tables");
    // The audit log is append-only on PostgreSQL too.
    let c = s.conn();
    c.execute(
        "INSERT INTO audit_log (at, action, subject, detail, prev_hash, hash)
         VALUES ('t', 'login', 's', '{}', '', 'h')",
        args![],
    )
    .unwrap();
    for sql in [
        "UPDATE audit_log SET detail = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let e = c.execute(sql, args![]).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    c.execute("UPDATE tracemark_schema SET version = 999", args![])
        .unwrap();
    let e = PgSession::connect(&url).unwrap().migrate().unwrap_err();
    assert!(e.to_string().contains("newer than this Tracemark"), "{e}");
}

#[test]
fn a_pushs_operation_ids_are_looked_up_by_their_own_key_on_postgres() {
    // A device's operation ids are looked up for each push batch. PostgreSQL plans the
    // look-up from its statistics, which lag behind a table that grows fast (every
    // count line adds a row): with the key led by the user, it read every answer the
    // user ever had and filtered them, so a push slowed as the table grew (100,000
    // count lines at 1,200 lines/s, 10,000 at 4,000). A table this size is read whole
    // either way; at 200,000 rows the plan shows which key it searches.
    let server = PgServer::start();
    let s = PgSession::connect(&server.database()).unwrap();
    s.migrate().unwrap();
    let c = s.conn();
    c.batch(
        "INSERT INTO agencies (id, name, country, created_at) VALUES ('a1', 'Depot', 'KE', 'now');
         INSERT INTO users (id, agency_id, username, display_name, role, password_hash, created_at)
             VALUES ('u1', 'a1', 'inspector', 'Inspector', 'inspector', 'x', 'now');
         INSERT INTO sync_ops (op_id, user_id, result, applied_at)
             SELECT md5(n::text), 'u1', '{}', 'now' FROM generate_series(1, 200000) n;",
    )
    .unwrap();
    let ids: Vec<String> = (0..250).map(|n| format!("op-{n}")).collect();
    let mut args: Vec<&dyn Arg> = vec![&"u1"];
    args.extend(ids.iter().map(|id| id as &dyn Arg));
    let plan: Vec<String> = c
        .query(
            &format!("EXPLAIN {}", crate::sync::answers_sql(ids.len())),
            Params::Positional(&args),
            |r| r.get(0),
        )
        .unwrap();
    let plan = plan.join("\n");
    let keyed = plan
        .lines()
        .any(|l| l.contains("Index Cond") && l.contains("op_id = ANY"));
    assert!(keyed, "the ids are not the index's condition:\n{plan}");
}

/// Every table and view of a schema with its columns, sorted.
fn columns(c: &impl Conn, sql: &str) -> Vec<(String, String)> {
    let mut cols = c
        .query(sql, args![], |r| {
            Ok((r.get::<String>(0)?, r.get::<String>(1)?))
        })
        .unwrap();
    cols.sort();
    cols
}

#[test]
fn both_engines_have_the_same_schema() {
    assert_eq!(pg::schema_version(), crate::db::schema_version());
    let dir = tempfile::tempdir().unwrap();
    let lite = crate::db::open_sync(&dir.path().join("t.db")).unwrap();
    let lite = columns(
        &lite,
        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type IN ('table', 'view') AND m.name <> 'sqlite_sequence'",
    );
    let server = PgServer::start();
    let s = PgSession::connect(&server.database()).unwrap();
    s.migrate().unwrap();
    let postgres = columns(
        &s.conn(),
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT)
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> 'tracemark_schema'",
    );
    assert!(lite.len() > 100, "{} columns", lite.len());
    assert_eq!(lite, postgres);
}

#[test]
fn a_url_asking_for_tls_is_refused_rather_than_sent_in_clear() {
    let server = PgServer::start();
    let url = format!("{}&sslmode=require", server.database());
    let e = PgSession::connect(&url).err().expect("refused");
    let text = format!("{e:#}");
    assert!(text.contains("TLS"), "{text}");
}
