//! Moving records from SQLite into PostgreSQL (`sql::copy`): every row of every table
//! arrives, an interrupted copy goes on where it stopped, the audit chain verifies in
//! the target, and the service's numbering goes on after the copied rows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tracemark_backend::config::Database;
use tracemark_backend::db::Db;
use tracemark_backend::photos::{FsStore, PhotoStore};
use tracemark_backend::sql::{Conn, ConnExt, PgSession, copy};
use tracemark_backend::{args, audit, db, demo};
use tracemark_tests::postgres::PgServer;

/// A SQLite database with the demo seeded into it.
fn seeded_sqlite(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("tracemark.db");
    let photos = PhotoStore::Files(FsStore::new(dir.path().join("photos")));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = Db::open(&Database::Sqlite(path.clone())).await.unwrap();
        demo::seed(&db, &photos, "a-demo-password-1").await.unwrap();
    });
    path
}

fn table_counts(c: &impl Conn, tables: &[String]) -> Vec<(String, i64)> {
    tables
        .iter()
        .map(|t| {
            let n = c
                .query_one(&format!("SELECT count(*) FROM \"{t}\""), args![], |r| {
                    r.get(0)
                })
                .unwrap();
            (t.clone(), n)
        })
        .collect()
}

#[test]
fn every_row_arrives_an_interrupted_copy_goes_on_and_the_chain_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let source = db::open_sync(&seeded_sqlite(&dir)).unwrap();
    let server = PgServer::start();
    let target = PgSession::connect(&server.database()).unwrap();
    target.migrate().unwrap();

    // The first run stops (as a killed process would) after its third table.
    let mut finished = 0;
    let interrupted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        copy::sqlite_to_postgres(&source, &target, &mut |_, done, total| {
            if done == total {
                finished += 1;
                assert!(finished < 3, "interrupted");
            }
        })
    }));
    assert!(interrupted.is_err());
    let again = copy::sqlite_to_postgres(&source, &target, &mut |_, _, _| {}).unwrap();
    assert_eq!(again.already.len(), 3, "{again:?}");
    assert!(again.rows > 0);

    let tables: Vec<String> = source
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.len() > 30);
    assert_eq!(
        table_counts(&source, &tables),
        table_counts(&target.conn(), &tables)
    );
    let records: i64 = target
        .conn()
        .query_one("SELECT count(*) FROM records", args![], |r| r.get(0))
        .unwrap();
    assert!(records > 5, "{records}");

    // The chain is the source's, entry for entry.
    let moved = audit::verify(&target.conn()).unwrap();
    let original = audit::verify(&source).unwrap();
    assert_eq!(moved, original);
    assert!(moved.first_broken.is_none());

    // Numbering goes on after the copied rows.
    let before: i64 = target
        .conn()
        .query_one("SELECT max(seq) FROM changes", args![], |r| r.get(0))
        .unwrap();
    let next: i64 = target
        .conn()
        .query_one(
            "INSERT INTO changes (kind, ref_id, at) VALUES ('factory_codes', 'x', 'now')
             RETURNING seq",
            args![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(next, before + 1);

    // A database that holds records already is refused, and left alone.
    let e = copy::sqlite_to_postgres(&source, &target, &mut |_, _, _| {}).unwrap_err();
    assert!(e.to_string().contains("copy into an empty database"), "{e}");
}
