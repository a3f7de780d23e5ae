//! The SQLite store: a connection pool whose work runs on blocking threads, never on
//! the async runtime, and versioned migrations applied at start.
//!
//! Invariant: every connection handed out has foreign keys on and a busy timeout;
//! the database is in WAL mode; a database written by a newer Tracemark is refused.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use deadpool_sqlite::{Config, Pool, Runtime};
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema migrations, in order. Never edit one once merged: add a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/20261123000000_init.sql"),
    include_str!("../migrations/20261123010000_sync.sql"),
    include_str!("../migrations/20261123030000_tracing.sql"),
    include_str!("../migrations/20261123040000_imports.sql"),
    include_str!("../migrations/20261130000000_provider_control.sql"),
    include_str!("../migrations/20261130010000_check_locations.sql"),
    include_str!("../migrations/20261130020000_console.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// Number of schema versions this binary knows.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// Errors of a database call.
#[derive(Debug, thiserror::Error)]
pub enum DbError<E> {
    /// The pool or the blocking thread failed.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The work itself failed.
    #[error(transparent)]
    Work(E),
}

/// A pool of SQLite connections to one database file.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database, applies pending migrations, and
    /// refuses a database whose schema is newer than this binary.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let owned = path.to_path_buf();
        tokio::task::spawn_blocking(move || migrate(&owned))
            .await
            .context("running migrations")??;
        let pool = Config::new(path)
            .create_pool(Runtime::Tokio1)
            .context("creating the database pool")?;
        Ok(Self {
            pool,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a connection on a blocking thread.
    pub async fn call<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Send + 'static,
    {
        let conn = self
            .pool
            .get()
            .await
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        conn.interact(move |c| {
            prepare(c).map_err(|e| DbError::Unavailable(e.to_string()))?;
            f(c).map_err(DbError::Work)
        })
        .await
        .map_err(|e| DbError::Unavailable(e.to_string()))?
    }

    /// Runs `f` in one write transaction ([`write_tx`]) on a blocking thread, committed
    /// when `f` succeeds and rolled back otherwise.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        self.call(move |c| {
            let tx = write_tx(c)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })
        .await
    }
}

/// Per-connection settings (cheap: no I/O).
fn prepare(c: &Connection) -> rusqlite::Result<()> {
    c.pragma_update(None, "foreign_keys", true)?;
    c.busy_timeout(BUSY_TIMEOUT)
}

/// Opens a connection for the command line (audit, admin): same settings, no pool.
pub fn open_sync(path: &Path) -> anyhow::Result<Connection> {
    migrate(path)?;
    let c = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    prepare(&c)?;
    Ok(c)
}

fn migrate(path: &Path) -> anyhow::Result<()> {
    let mut c = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    prepare(&c)?;
    c.pragma_update(None, "journal_mode", "wal")?;
    let found: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let found = usize::try_from(found).unwrap_or(usize::MAX);
    if found > schema_version() {
        bail!(
            "the database {} has schema version {found}, newer than this Tracemark (version {}); \
             use a newer Tracemark or restore a matching backup",
            path.display(),
            schema_version()
        );
    }
    migrations()
        .to_latest(&mut c)
        .context("applying schema migrations")?;
    Ok(())
}

/// Starts a write transaction that takes the write lock at once, so two writers wait
/// for each other (busy timeout) instead of failing when a read upgrades to a write.
pub fn write_tx(c: &mut Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

/// The current time as stored in the database (RFC 3339, UTC).
pub fn now() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

/// The expiry of an access grant `days` from now, in whole seconds (RFC 3339, UTC,
/// `YYYY-MM-DDTHH:MM:SSZ`): the form SQL's `strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`
/// prints, so the visibility rule compares them as text.
pub fn grant_expiry(days: u16) -> String {
    let now = time::OffsetDateTime::now_utc();
    let at = now.replace_nanosecond(0).unwrap_or(now) + time::Duration::days(i64::from(days));
    timestamp(at)
}

/// A time as stored in the database.
pub fn timestamp(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
        assert_eq!(schema_version(), 7);
    }

    #[tokio::test]
    async fn newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Db::open(&path).await.unwrap();
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        drop(c);
        let err = Db::open(&path).await.err().unwrap().to_string();
        assert!(err.contains("newer than this Tracemark"), "{err}");
    }

    #[tokio::test]
    async fn calls_run_with_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).await.unwrap();
        let fk: bool = db
            .call(|c| c.pragma_query_value(None, "foreign_keys", |r| r.get(0)))
            .await
            .unwrap();
        assert!(fk);
    }
}
