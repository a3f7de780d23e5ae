//! The service's database, SQLite (the embedded default) or PostgreSQL (a national
//! deployment, several instances): connections whose work runs on blocking threads,
//! never on the async runtime, handed to it as one [`Any`] connection whatever the
//! engine, and versioned migrations applied at start. [`Store`] is the same for the
//! command line.
//!
//! Invariant: a database written by a newer Tracemark is refused. Reads cannot write
//! (SQLite's pooled connections are `query_only`, PostgreSQL's reads run `READ ONLY`),
//! and every write transaction holds the one write lock from its start, so writes queue
//! first come first served: on SQLite through its one writer connection, whose page
//! cache stays warm with the pages writes touch ([`Db::on_writer`], [`Db::write`]); on
//! PostgreSQL through an advisory lock that every instance takes
//! (`sql::WRITE_LOCK`). SQLite connections have foreign keys on and a busy timeout, in
//! WAL mode.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tracemark_shared::validate::ValidationErrors;

use anyhow::{Context, bail};
use deadpool_sqlite::{Config, Pool, Runtime};
use rusqlite::{Connection, OptionalExtension};

use crate::config::Database;
use crate::sql::{Any, Conn, ConnExt, PgSession, SqlError};
use rusqlite_migration::{M, Migrations};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The writer connection's page cache, in KiB: the pages of the indexes that writes
/// land in stay in memory instead of being read again from the file.
const WRITER_CACHE_KIB: i64 = 32 * 1024;

/// The schema migrations, in order. Never edit one once merged: add a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/20261123000000_init.sql"),
    include_str!("../migrations/20261123010000_sync.sql"),
    include_str!("../migrations/20261123030000_tracing.sql"),
    include_str!("../migrations/20261123040000_imports.sql"),
    include_str!("../migrations/20261130000000_provider_control.sql"),
    include_str!("../migrations/20261130010000_check_locations.sql"),
    include_str!("../migrations/20261130020000_console.sql"),
    include_str!("../migrations/20261130030000_count_line_rows.sql"),
    include_str!("../migrations/20261130040000_expected_line_rows.sql"),
    include_str!("../migrations/20261130050000_records_without_in_lists.sql"),
    include_str!("../migrations/20261130060000_count_lines_traced_from_rows.sql"),
    include_str!("../migrations/20261130070000_case_priority.sql"),
    include_str!("../migrations/20261201000000_line_safety.sql"),
    include_str!("../migrations/20261201010000_party_index.sql"),
    include_str!("../migrations/20261201020000_recovered_caches.sql"),
    include_str!("../migrations/20261201030000_access_by_party.sql"),
    include_str!("../migrations/20261201040000_operation_ids_first.sql"),
];

/// A migration hook's failure as the migration runner takes it.
fn hook_error(e: SqlError) -> rusqlite_migration::HookError {
    match e {
        SqlError::Sqlite(e) => e.into(),
        other => rusqlite_migration::HookError::Hook(other.to_string()),
    }
}

/// Schema version 11 computes the keys of the count lines already stored.
const COUNT_LINE_KEYS: usize = 11;
/// Schema version 12 flags the seizure cases already stored for priority.
const CASE_PRIORITY: usize = 12;
/// Schema version 14 indexes the parties of the records already stored.
const PARTY_INDEX: usize = 14;

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .enumerate()
            .map(|(i, sql)| match i + 1 {
                COUNT_LINE_KEYS => M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    crate::tracing::index::key_count_lines(tx).map_err(hook_error)
                }),
                CASE_PRIORITY => M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    crate::records::flag_stored_cases(tx).map_err(hook_error)
                }),
                PARTY_INDEX => M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    crate::tracing::parties::index_all(tx).map_err(hook_error)
                }),
                _ => M::up(sql),
            })
            .collect(),
    )
}

/// Number of schema versions this binary knows.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// Why a storage function refused or failed: what the storage layer itself can say,
/// with no HTTP in it. The service maps it to its answer in one place
/// (`From<StoreError> for ApiError`); the command line prints it as it is.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing the caller may see has this id (named: "record", "user"…).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The stored state does not allow this (already decided, name taken…).
    #[error("{0}")]
    Conflict(String),
    /// Fields break their rules, each named.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The request cannot be carried out as asked (a wrong option or reference).
    #[error("{0}")]
    Refused(String),
    /// The caller's role or agency may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// A limit on how often something may be done was reached: try again in so many
    /// seconds.
    #[error("too many attempts; try again in {0} seconds")]
    TooMany(u64),
    /// The database failed (busy, constraint, I/O).
    #[error(transparent)]
    Db(#[from] crate::sql::SqlError),
    /// Anything else (a record that does not serialise, a file that cannot be read).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.into())
    }
}

/// Maps unique-constraint violations to a conflict that names what is taken.
pub trait ConstraintExt<T> {
    /// On a constraint violation, [`StoreError::Conflict`] with `what`.
    fn on_conflict(self, what: &str) -> Result<T, StoreError>;
}

impl<T, E: Into<crate::sql::SqlError>> ConstraintExt<T> for Result<T, E> {
    fn on_conflict(self, what: &str) -> Result<T, StoreError> {
        self.map_err(|e| match e.into() {
            e if e.is_constraint() => StoreError::Conflict(what.to_string()),
            e => StoreError::Db(e),
        })
    }
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

/// The service's database: a SQLite file or a PostgreSQL database. Every call hands
/// its work an [`Any`] connection on a blocking thread, never on the async runtime.
#[derive(Clone)]
pub enum Db {
    /// A SQLite file: a pool of read-only connections and one writer.
    Sqlite(SqliteDb),
    /// A PostgreSQL database: pooled sessions, writes under one advisory lock.
    Postgres(PgDb),
}

/// The connections to one SQLite file: a pool of readers and one writer.
#[derive(Clone)]
pub struct SqliteDb {
    pool: Pool,
    /// The writer connection, opened on first use (again if opening failed).
    writer: Arc<tokio::sync::Mutex<Option<Connection>>>,
    /// Tells the checkpointing thread that the writer wrote ([`checkpoint_beside`]);
    /// the thread ends when the last of these is dropped.
    wrote: std::sync::mpsc::SyncSender<()>,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database, applies pending migrations, and
    /// refuses a database whose schema is newer than this binary.
    pub async fn open(database: &Database) -> anyhow::Result<Self> {
        match database {
            Database::Sqlite(path) => Ok(Db::Sqlite(SqliteDb::open(path).await?)),
            Database::Postgres(url) => Ok(Db::Postgres(PgDb::open(url).await?)),
        }
    }

    /// Runs `f` with a read-only connection on a blocking thread.
    pub async fn call<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&Any<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<SqlError> + Send + 'static,
    {
        match self {
            Db::Sqlite(db) => db.call(f).await,
            Db::Postgres(db) => db.call(f).await,
        }
    }

    /// Runs `f` with a connection that may write, on a blocking thread, outside a
    /// transaction: what `f` writes commits statement by statement unless it opens a
    /// write transaction itself ([`crate::sql::in_write`]). Writes queue one at a time.
    pub async fn on_writer<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&Any<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<SqlError> + Send + 'static,
    {
        match self {
            // A transaction the work opens is closed by `sql::in_write`, also when the
            // work fails or panics.
            Db::Sqlite(db) => db.on_writer(move |c| f(&Any::Sqlite(c))).await,
            Db::Postgres(db) => db.on_writer(f).await,
        }
    }

    /// Runs `f` in one write transaction that holds the write lock from its start,
    /// committed when `f` succeeds and rolled back otherwise.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&Any<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<SqlError> + Send + 'static,
    {
        self.on_writer(move |c| crate::sql::in_write(c, f)).await
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), DbError<SqlError>> {
        self.call(|c| c.query_one("SELECT 1", crate::args![], |r| r.get::<i64>(0)))
            .await
            .map(|_| ())
    }
}

impl SqliteDb {
    async fn open(path: &Path) -> anyhow::Result<Self> {
        let owned = path.to_path_buf();
        tokio::task::spawn_blocking(move || migrate(&owned))
            .await
            .context("running migrations")??;
        let pool = Config::new(path)
            .create_pool(Runtime::Tokio1)
            .context("creating the database pool")?;
        Ok(Self {
            pool,
            writer: Arc::default(),
            wrote: checkpoint_beside(path)?,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn call<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&Any<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Send + 'static,
    {
        let conn = self
            .pool
            .get()
            .await
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        conn.interact(move |c| {
            prepare(c)
                .and_then(|()| c.pragma_update(None, "query_only", true))
                .map_err(|e| DbError::Unavailable(e.to_string()))?;
            f(&Any::Sqlite(c)).map_err(DbError::Work)
        })
        .await
        .map_err(|e| DbError::Unavailable(e.to_string()))?
    }

    /// Runs `f` with the writer connection on a blocking thread, after the writes
    /// queued before it. The queue's place is held until `f` returns, even when the
    /// caller stops waiting (its request was dropped).
    pub async fn on_writer<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Send + 'static,
    {
        let mut slot = Arc::clone(&self.writer).lock_owned().await;
        let (path, wrote) = (self.path.clone(), self.wrote.clone());
        tokio::task::spawn_blocking(move || {
            let conn = match slot.take() {
                Some(c) => c,
                None => open_writer(&path).map_err(|e| DbError::Unavailable(e.to_string()))?,
            };
            // A write that panics rolls its transaction back as it unwinds; the
            // connection stays for the next.
            let conn = slot.insert(conn);
            let done = f(conn).map_err(DbError::Work);
            // Full means the thread has yet to wake for an earlier write: this one's
            // log goes with it.
            let _ = wrote.try_send(());
            done
        })
        .await
        .map_err(|e| DbError::Unavailable(e.to_string()))?
    }
}

/// Sessions with one PostgreSQL database: readers and writers pooled apart, so that
/// writers waiting for the write lock never hold every session readers need.
#[derive(Clone)]
pub struct PgDb {
    readers: PgPool,
    writers: PgPool,
}

/// Sessions reading at once, per instance.
const PG_READERS: usize = 8;
/// Sessions writing at once, per instance (they take the write lock in turn; a second
/// one prepares its statements while the first commits).
const PG_WRITERS: usize = 2;

impl PgDb {
    async fn open(url: &str) -> anyhow::Result<Self> {
        let owned = url.to_string();
        tokio::task::spawn_blocking(move || PgSession::connect(&owned)?.migrate())
            .await
            .context("running migrations")??;
        Ok(Self {
            readers: PgPool::new(url, PG_READERS),
            writers: PgPool::new(url, PG_WRITERS),
        })
    }

    async fn call<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&Any<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<SqlError> + Send + 'static,
    {
        self.readers
            .run(move |s| s.transaction_from("BEGIN READ ONLY", |pg| f(&Any::Postgres(*pg))))
            .await
    }

    async fn on_writer<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&Any<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<SqlError> + Send + 'static,
    {
        self.writers.run(move |s| f(&Any::Postgres(s.conn()))).await
    }
}

/// A pool of PostgreSQL sessions, each used on a blocking thread.
#[derive(Clone)]
struct PgPool {
    url: Arc<str>,
    idle: Arc<IdleSessions>,
    permits: Arc<tokio::sync::Semaphore>,
}

/// The sessions waiting for work.
#[derive(Default)]
struct IdleSessions(std::sync::Mutex<Vec<PgSession>>);

impl Drop for IdleSessions {
    fn drop(&mut self) {
        // rust-postgres closes a session by blocking on a runtime of its own, which
        // panics on a thread that drives async tasks, where the last handle to the
        // pool may go: the sessions are closed on a thread of their own.
        let sessions = std::mem::take(self.0.get_mut().unwrap_or_else(|e| e.into_inner()));
        if !sessions.is_empty() {
            std::thread::spawn(move || drop(sessions));
        }
    }
}

impl PgPool {
    fn new(url: &str, size: usize) -> Self {
        Self {
            url: url.into(),
            idle: Arc::default(),
            permits: Arc::new(tokio::sync::Semaphore::new(size)),
        }
    }

    /// Runs `f` with an idle session (or a new one) on a blocking thread; the session
    /// goes back to the pool unless its connection ended.
    async fn run<T, E, F>(&self, f: F) -> Result<T, DbError<E>>
    where
        F: FnOnce(&PgSession) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        let idle = Arc::clone(&self.idle);
        let url = Arc::clone(&self.url);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let taken = idle.0.lock().map(|mut v| v.pop()).unwrap_or_default();
            let session = match taken {
                Some(s) => s,
                None => {
                    PgSession::connect(&url).map_err(|e| DbError::Unavailable(format!("{e:#}")))?
                }
            };
            let out = f(&session);
            if let Ok(mut v) = idle.0.lock() {
                if session.is_closed() {
                    // The server went away (a restart, a failover): the idle sessions
                    // went with it, and the next calls open new ones.
                    let lost = std::mem::take(&mut *v);
                    drop(v);
                    drop(lost);
                } else {
                    v.push(session);
                }
            }
            out.map_err(DbError::Work)
        })
        .await
        .map_err(|e| DbError::Unavailable(e.to_string()))?
    }
}

/// The database as the command line opens it: one SQLite connection or one
/// PostgreSQL session, migrated, without a pool.
pub enum Store {
    /// A SQLite file.
    Sqlite(Connection),
    /// A PostgreSQL database.
    Postgres(Box<PgSession>),
}

impl Store {
    /// Opens `database`, applying pending migrations. A SQLite file that does not
    /// exist is created only with `create` (administration makes the first one);
    /// otherwise it is an error that names the path.
    pub fn open(database: &Database, create: bool) -> anyhow::Result<Self> {
        match database {
            Database::Sqlite(path) => {
                if create {
                    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                        std::fs::create_dir_all(parent)
                            .with_context(|| format!("creating {}", parent.display()))?;
                    }
                } else if !path.exists() {
                    bail!("there is no database at {}", path.display());
                }
                Ok(Store::Sqlite(open_sync(path)?))
            }
            Database::Postgres(url) => {
                let session = PgSession::connect(url)?;
                session.migrate()?;
                Ok(Store::Postgres(Box::new(session)))
            }
        }
    }

    /// The connection.
    pub fn conn(&self) -> Any<'_> {
        match self {
            Store::Sqlite(c) => Any::Sqlite(c),
            Store::Postgres(s) => Any::Postgres(s.conn()),
        }
    }

    /// Opens a write transaction holding the write lock; rolled back unless
    /// committed.
    pub fn begin_write(&self) -> Result<WriteTx<'_>, SqlError> {
        let conn = self.conn();
        crate::sql::begin_write(&conn)?;
        Ok(WriteTx { conn, open: true })
    }
}

crate::delegate_conn!(impl[] Store, |s| s.conn());

/// A write transaction of a [`Store`]: rolled back when dropped uncommitted.
pub struct WriteTx<'a> {
    conn: Any<'a>,
    open: bool,
}

impl WriteTx<'_> {
    /// Commits what was written.
    pub fn commit(mut self) -> Result<(), SqlError> {
        self.open = false;
        self.conn.batch("COMMIT")
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.batch("ROLLBACK");
        }
    }
}

crate::delegate_conn!(impl['a] WriteTx<'a>, |s| s.conn);

/// Prepared statements kept per connection. A push alone runs about twenty different
/// statements in turn; rusqlite keeps 16 unless told, and the least recently used went
/// first, so some were prepared again for every batch.
const STATEMENT_CACHE: usize = 64;

/// Per-connection settings (cheap: no I/O).
fn prepare(c: &Connection) -> rusqlite::Result<()> {
    c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    c.pragma_update(None, "foreign_keys", true)?;
    c.busy_timeout(BUSY_TIMEOUT)
}

fn open_writer(path: &Path) -> rusqlite::Result<Connection> {
    let c = Connection::open(path)?;
    prepare(&c)?;
    c.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
    // The log is copied into the database by the checkpointing thread
    // ([`checkpoint_beside`]); the writer does it itself only if that thread falls
    // this far behind.
    c.pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_PAGES)?;
    Ok(c)
}

/// How long the checkpointing thread lets writes gather before copying them.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);
/// Pages of log (4 KiB each) past which the writer checkpoints itself.
const WRITER_CHECKPOINT_PAGES: i64 = 16_384;

/// Starts the thread that copies the write-ahead log into the database, and answers
/// the sender that wakes it: after a write, it lets writes gather for
/// [`CHECKPOINT_EVERY`] and checkpoints them; it sleeps while nothing is written and
/// ends when every sender is dropped. SQLite would otherwise do it inside the commit
/// that fills 1,000 pages of log: a tenth of the writer's time under a steady push,
/// during which every other write waited. A passive checkpoint never blocks the
/// writer or readers.
fn checkpoint_beside(path: &Path) -> anyhow::Result<std::sync::mpsc::SyncSender<()>> {
    let c = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    prepare(&c)?;
    let (wrote, writes) = std::sync::mpsc::sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("wal-checkpoint".into())
        .spawn(move || {
            while writes.recv().is_ok() {
                std::thread::sleep(CHECKPOINT_EVERY);
                if let Err(e) = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(error = %e, "checkpointing the write-ahead log failed");
                }
            }
        })
        .context("starting the checkpointing thread")?;
    Ok(wrote)
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
    // Migrations run with foreign keys off, as SQLite's procedure for rebuilding a
    // table asks (dropping the old table must not cascade); every reference is
    // checked once they are done.
    c.pragma_update(None, "foreign_keys", false)?;
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
    foreign_key_check(&c)
}

/// Fails naming the first row whose reference points nowhere.
fn foreign_key_check(c: &Connection) -> anyhow::Result<()> {
    let broken: Option<(String, Option<i64>, String)> = c
        .query_row("PRAGMA foreign_key_check", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match broken {
        Some((table, rowid, parent)) => bail!(
            "the database has a broken reference after its migrations: a row{} of {table} \
             points at a missing row of {parent}; restore a backup",
            rowid.map(|r| format!(" ({r})")).unwrap_or_default()
        ),
        None => Ok(()),
    }
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
    use tracemark_tests::postgres::PgServer;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
        assert_eq!(schema_version(), 17);
    }

    #[test]
    fn operation_ids_lead_their_key_and_every_answer_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut c = Connection::open(&path).unwrap();
        migrations().to_version(&mut c, 16).unwrap();
        c.execute_batch(
            "INSERT INTO agencies (id, name, country, created_at) VALUES ('a1', 'Depot', 'KE', 'now');
             INSERT INTO users (id, agency_id, username, display_name, role, password_hash, created_at)
                 VALUES ('u1', 'a1', 'inspector', 'Inspector', 'inspector', 'x', 'now');
             INSERT INTO sync_ops (user_id, op_id, result, applied_at) VALUES ('u1', 'op1', '{}', 'then');",
        )
        .unwrap();
        drop(c);
        migrate(&path).unwrap();
        let c = Connection::open(&path).unwrap();
        let kept: String = c
            .query_row(
                "SELECT result || applied_at FROM sync_ops WHERE user_id = 'u1' AND op_id = 'op1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, "{}then");
        // The look-up by operation id alone is a search of the key, not a scan.
        let plan: String = c
            .query_row(
                "EXPLAIN QUERY PLAN SELECT result FROM sync_ops WHERE op_id = 'op1'",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(
            plan.contains("SEARCH") && plan.contains("PRIMARY KEY"),
            "{plan}"
        );
    }

    /// Stores, as schema version 12 did, a stock check with one expected line and
    /// one count line whose lots state a type and a hazard classification.
    fn store_lines_of_version_12(c: &impl Conn) {
        let lot = serde_json::json!({ "manufacturer": "17", "calibre": "82mm", "year": 1985,
            "lot": "M-1", "sub_lot": null, "nsn": null, "dodic": null,
            "ammunition_type": "mortar", "hazard": "1.2E" });
        let check = serde_json::json!({ "expected": [
            { "location_id": "loc-1", "lot": { "manufacturer": "17", "calibre": "7.62x39mm",
              "year": null, "lot": "R-0", "sub_lot": null, "nsn": null, "dodic": null },
              "quantity": 1 },
            { "location_id": "loc-1", "lot": lot, "quantity": 10 },
        ]});
        let line = serde_json::json!({ "stock_check_id": "check-1", "lot": lot });
        let record = "INSERT INTO records (id, kind, agency_id, scope, status, revision, body,
                author_user_id, updated_at)
             VALUES (?1, ?2, 'agency-1', 'own_agency', 'assigned', 1, ?3, 'user-1', 'now')";
        c.execute(
            record,
            crate::args!["check-1", "stock_check", check.to_string()],
        )
        .unwrap();
        c.execute(
            record,
            crate::args!["line-1", "count_line", line.to_string()],
        )
        .unwrap();
        for n in [0_i64, 1] {
            c.execute(
                "INSERT INTO expected_line_rows (check_id, line, location_id, manufacturer,
                     calibre, lot, quantity)
                 VALUES ('check-1', ?1, 'loc-1', '17', '82mm', 'M-1', 10)",
                crate::args![n],
            )
            .unwrap();
        }
        c.execute(
            "INSERT INTO count_line_rows (check_id, record_id, agency_id, location_id,
                 manufacturer, calibre, lot, quantity, condition)
             VALUES ('check-1', 'line-1', 'agency-1', 'loc-1', '17', '82mm', 'M-1', 10, 'A')",
            crate::args![],
        )
        .unwrap();
    }

    /// What schema version 13 gave the lines stored before it.
    fn line_safety_columns(c: &impl Conn) -> Vec<(Option<String>, Option<String>)> {
        c.query(
            "SELECT ammunition_type, hazard FROM expected_line_rows
             UNION ALL SELECT ammunition_type, hazard FROM count_line_rows
             ORDER BY 1 NULLS FIRST, 2 NULLS FIRST",
            crate::args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    /// What those lines hold after schema version 13: the untyped line nothing, the
    /// others what their bodies say.
    fn safety_of_version_12() -> Vec<(Option<String>, Option<String>)> {
        let typed = (Some("mortar".to_string()), Some("1.2E".to_string()));
        vec![(None, None), typed.clone(), typed]
    }

    /// Stores, as schema version 13 did, a seizure case naming a broker.
    fn store_case_of_version_13(c: &impl Conn) {
        let case = serde_json::json!({ "reference": "KE-1", "seized_on": "2026-03-15",
            "parties": [{ "name": "Example Freight Ltd", "role": "broker", "country": "AE",
                          "note": null }],
            "route": { "origin": null, "transit": [], "destination": null } });
        c.execute(
            "INSERT INTO records (id, kind, agency_id, scope, status, revision, body,
                author_user_id, updated_at)
             VALUES ('case-1', 'seizure_case', 'agency-1', 'own_agency', 'submitted', 1, ?1,
                'user-1', 'now')",
            crate::args![case.to_string()],
        )
        .unwrap();
    }

    fn indexed_parties(c: &impl Conn) -> Vec<(String, String, String)> {
        c.query(
            "SELECT record_id, role, name_key FROM party_index",
            crate::args![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    }

    fn parties_of_version_13() -> Vec<(String, String, String)> {
        vec![("case-1".into(), "broker".into(), "example freight".into())]
    }

    /// A SQLite database at schema `version` holding what `store` wrote (no foreign
    /// key checked), then migrated to the latest version.
    fn sqlite_migrated_from(version: usize, store: fn(&Connection)) -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut c, version).unwrap();
        c.pragma_update(None, "foreign_keys", false).unwrap();
        store(&c);
        migrations().to_latest(&mut c).unwrap();
        c
    }

    /// The same on PostgreSQL: the server (kept running) and a session on it.
    fn postgres_migrated_from(
        version: usize,
        store: fn(&crate::sql::Pg<'_>),
    ) -> (PgServer, crate::sql::PgSession) {
        let server = PgServer::start();
        let session = crate::sql::PgSession::connect(&server.database()).unwrap();
        session.migrate_to(version).unwrap();
        let c = session.conn();
        // Agencies and authors do not matter here: no foreign key is checked.
        c.batch("SET session_replication_role = replica").unwrap();
        store(&c);
        c.batch("SET session_replication_role = DEFAULT").unwrap();
        session.migrate().unwrap();
        (server, session)
    }

    /// Stores, as schema version 14 did, a flagged seizure case and its parties' rows.
    fn store_flagged_case_of_version_14(c: &impl Conn) {
        store_case_of_version_13(c);
        c.execute(
            "UPDATE records SET priority = 'manpads' WHERE id = 'case-1'",
            crate::args![],
        )
        .unwrap();
        crate::tracing::parties::index_all(c).unwrap();
    }

    /// What schema version 15 keeps of a version-14 record, and whether it then takes a
    /// recovered cache (and still refuses an unknown kind).
    fn recovered_caches_after_version_15(c: &impl Conn) {
        let kept: Vec<(String, String, Option<String>, String)> = c
            .query(
                "SELECT id, kind, priority, body FROM records ORDER BY id",
                crate::args![],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!((&kept[0].0[..], &kept[0].1[..]), ("case-1", "seizure_case"));
        assert_eq!(kept[0].2.as_deref(), Some("manpads"));
        assert!(kept[0].3.contains("Example Freight Ltd"));
        let insert = |id: &str, kind: &str| {
            c.execute(
                "INSERT INTO records (id, kind, agency_id, scope, status, revision, body,
                    author_user_id, updated_at)
                 VALUES (?1, ?2, 'agency-1', 'own_agency', 'draft', 1, '{}', 'user-1', 'now')",
                crate::args![id, kind],
            )
        };
        insert("cache-1", "recovered_cache").unwrap();
        assert!(insert("other-1", "cache").is_err());
    }

    #[test]
    fn on_sqlite_version_15_keeps_every_record_and_takes_recovered_caches() {
        let c = sqlite_migrated_from(14, store_flagged_case_of_version_14);
        assert_eq!(indexed_parties(&c), parties_of_version_13());
        recovered_caches_after_version_15(&c);
    }

    #[test]
    fn on_postgres_version_15_keeps_every_record_and_takes_recovered_caches() {
        let (_server, session) =
            postgres_migrated_from(14, |c| store_flagged_case_of_version_14(c));
        let c = session.conn();
        assert_eq!(indexed_parties(&c), parties_of_version_13());
        c.batch("SET session_replication_role = replica").unwrap();
        recovered_caches_after_version_15(&c);
    }

    #[test]
    fn on_sqlite_cases_stored_before_version_14_have_their_parties_indexed() {
        let c = sqlite_migrated_from(13, store_case_of_version_13);
        assert_eq!(indexed_parties(&c), parties_of_version_13());
    }

    #[test]
    fn on_postgres_cases_stored_before_version_14_have_their_parties_indexed() {
        let (_server, session) = postgres_migrated_from(13, |c| store_case_of_version_13(c));
        assert_eq!(indexed_parties(&session.conn()), parties_of_version_13());
    }

    #[test]
    fn on_sqlite_lines_stored_before_version_13_get_their_type_and_hazard() {
        let c = sqlite_migrated_from(12, store_lines_of_version_12);
        assert_eq!(line_safety_columns(&c), safety_of_version_12());
    }

    #[test]
    fn on_postgres_lines_stored_before_version_13_get_their_type_and_hazard() {
        let (_server, session) = postgres_migrated_from(12, |c| store_lines_of_version_12(c));
        assert_eq!(line_safety_columns(&session.conn()), safety_of_version_12());
    }

    #[test]
    fn seizure_cases_stored_before_version_12_are_flagged_for_priority() {
        let mut c = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut c, 11).unwrap();
        c.pragma_update(None, "foreign_keys", false).unwrap();
        let case = |calibre: &str| {
            serde_json::json!({ "items": [
                { "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "year": null,
                           "lot": "1", "sub_lot": null, "nsn": null, "dodic": null } },
                { "lot": { "manufacturer": "?", "calibre": calibre, "year": null,
                           "lot": "2", "sub_lot": null, "nsn": null, "dodic": null } },
            ]})
            .to_string()
        };
        for (id, kind, body) in [
            ("case-igla", "seizure_case", case("9K38 Igla")),
            ("case-rifle", "seizure_case", case("5.56x45mm")),
            // A stock check is never flagged, whatever its lines hold.
            ("check", "stock_check", case("9K38 Igla")),
        ] {
            c.execute(
                "INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at)
                 VALUES (?1, ?2, 'agency-1', 'own_agency', 'submitted', 1, ?3, 'user-1', 'now')",
                rusqlite::params![id, kind, body],
            )
            .unwrap();
        }
        migrations().to_latest(&mut c).unwrap();
        let flags: Vec<(String, Option<String>)> = c
            .prepare("SELECT id, priority FROM records ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            flags,
            [
                ("case-igla".into(), Some("manpads".into())),
                ("case-rifle".into(), None),
                ("check".into(), None),
            ]
        );
    }

    #[test]
    fn count_lines_stored_before_version_8_get_their_rows() {
        let mut c = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut c, 7).unwrap();
        // Agencies and authors do not matter here.
        c.pragma_update(None, "foreign_keys", false).unwrap();
        let body = serde_json::json!({
            "id": "0193a0f0-0000-7000-8000-000000000001",
            "stock_check_id": "0193a0f0-0000-7000-8000-0000000000c1",
            "location_id": "0193a0f0-0000-7000-8000-0000000000a1",
            "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985,
                     "lot": "17-85-0412", "sub_lot": null, "nsn": "1305-01-234-5678", "dodic": null },
            "quantity": 1440, "condition": "F", "photos": [], "unexpected_lot": false,
            "note": "wet boxes"
        });
        c.execute(
            "INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at)
             VALUES ('0193a0f0-0000-7000-8000-000000000001', 'count_line', 'agency-1', 'own_agency',
                     'draft', 1, ?1, 'user-1', 'now')",
            [body.to_string()],
        )
        .unwrap();
        migrations().to_latest(&mut c).unwrap();
        let row: (String, String, String, i64, String, i64, String, Option<String>) = c
            .query_row(
                "SELECT check_id, agency_id, lot, year, nsn, quantity, condition, note FROM count_line_rows",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            (
                "0193a0f0-0000-7000-8000-0000000000c1".into(),
                "agency-1".into(),
                "17-85-0412".into(),
                1985,
                "1305-01-234-5678".into(),
                1440,
                "F".into(),
                Some("wet boxes".into())
            )
        );
        // Version 11 keys it for tracing, which reads it through the view.
        let traced: (String, String, String, String) = c
            .query_row(
                "SELECT kind, manufacturer, calibre_key, nsn FROM lot_lines
                 WHERE lot = '17-85-0412' AND manufacturer = '17'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(
            traced,
            (
                "count_line".into(),
                "17".into(),
                "7.62x39mm".into(),
                "1305012345678".into()
            )
        );
    }

    #[test]
    fn stock_checks_stored_before_version_9_get_their_rows() {
        let mut c = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut c, 8).unwrap();
        c.pragma_update(None, "foreign_keys", false).unwrap();
        let (b1, b2) = (
            "0193a0f0-0000-7000-8000-0000000000b1",
            "0193a0f0-0000-7000-8000-0000000000b2",
        );
        let lot = |l: &str| {
            serde_json::json!({ "manufacturer": "17", "calibre": "7.62x39mm",
            "year": 1985, "lot": l, "sub_lot": null, "nsn": null, "dodic": "A131" })
        };
        let body = serde_json::json!({
            "stock_check": { "title": "Annual count", "assigned_to": [] },
            "depot": { "code": "D-1", "name": "North depot" },
            "locations": [ { "id": b2, "code": "B2" }, { "id": b1, "code": "B1" } ],
            "expected": [
                { "location_id": b1, "lot": lot("L-1"), "quantity": 10 },
                { "location_id": b2, "lot": lot("L-2"), "quantity": 20 },
            ],
        });
        c.execute(
            "INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at)
             VALUES ('check-1', 'stock_check', 'agency-1', 'own_agency', 'assigned', 1, ?1, 'user-1', 'now')",
            [body.to_string()],
        )
        .unwrap();
        c.execute(
            "INSERT INTO stock_check_locations (check_id, location_id, code, depot)
             VALUES ('check-1', ?1, 'B1', 'D-1 North depot'), ('check-1', ?2, 'B2', 'D-1 North depot')",
            [b1, b2],
        )
        .unwrap();
        migrations().to_latest(&mut c).unwrap();
        let head: (String, String, String) = c
            .query_row(
                "SELECT title, depot_code, depot_name FROM stock_check_heads WHERE check_id = 'check-1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            head,
            ("Annual count".into(), "D-1".into(), "North depot".into())
        );
        let order: Vec<String> = c
            .prepare("SELECT code FROM stock_check_locations WHERE check_id = 'check-1' ORDER BY position")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(order, ["B2", "B1"]);
        let lines: Vec<(i64, String, String, String, i64)> = c
            .prepare("SELECT line, location_id, lot, dodic, quantity FROM expected_line_rows ORDER BY line")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            lines,
            [
                (0, b1.into(), "L-1".into(), "A131".into(), 10),
                (1, b2.into(), "L-2".into(), "A131".into(), 20),
            ]
        );
    }

    #[test]
    fn rebuilding_records_keeps_every_row_that_points_at_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut c = Connection::open(&path).unwrap();
        migrations().to_version(&mut c, 9).unwrap();
        c.execute_batch(
            "INSERT INTO agencies (id, name, country, created_at) VALUES ('a1', 'Customs', 'KE', 'now');
             INSERT INTO users (id, agency_id, username, display_name, role, password_hash, created_at)
                 VALUES ('u1', 'a1', 'officer', 'Officer', 'customs_officer', 'x', 'now');
             INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at)
                 VALUES ('r1', 'seizure_case', 'a1', 'national', 'draft', 1, '{}', 'u1', 'now');
             INSERT INTO record_revisions (record_id, revision, body, author_user_id, at)
                 VALUES ('r1', 1, '{}', 'u1', 'now');",
        )
        .unwrap();
        drop(c);
        // The real path: foreign keys stay on for the service, off while migrating.
        migrate(&path).unwrap();
        let c = Connection::open(&path).unwrap();
        let kept: (i64, i64) = c
            .query_row(
                "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM record_revisions)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(kept, (1, 1));
        // The constraints still hold.
        let bad = c.execute(
            "INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at)
             VALUES ('r2', 'parcel', 'a1', 'national', 'draft', 1, '{}', 'u1', 'now')",
            [],
        );
        assert!(bad.is_err());
        // Writing a record builds no temporary B-tree per row.
        let program: Vec<String> = c
            .prepare(
                "EXPLAIN INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8)",
            )
            .unwrap()
            .query_map(
                rusqlite::params_from_iter(std::iter::repeat_n(None::<String>, 8)),
                |r| r.get(1),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            !program.iter().any(|op| op == "OpenEphemeral"),
            "{program:?}"
        );
    }

    fn sqlite(dir: &tempfile::TempDir) -> Database {
        Database::Sqlite(dir.path().join("t.db"))
    }

    #[tokio::test]
    async fn newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Db::open(&sqlite(&dir)).await.unwrap();
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        drop(c);
        let err = Db::open(&sqlite(&dir)).await.err().unwrap().to_string();
        assert!(err.contains("newer than this Tracemark"), "{err}");
    }

    const INSERT: &str =
        "INSERT INTO vocabularies (name, version, body, updated_at) VALUES (?1, 1, '{}', 'now')";

    async fn readers_refuse_writes_and_writers_take_turns(db: Db) {
        let refused = db
            .call(|c| c.execute(INSERT, crate::args!["x"]))
            .await
            .err()
            .unwrap()
            .to_string();
        assert!(
            refused.contains("readonly") || refused.contains("read-only"),
            "{refused}"
        );
        // Many writers at once all get their turn.
        let writes = (0..50).map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |tx| tx.execute(INSERT, crate::args![format!("v{i}")]))
                    .await
            })
        });
        for w in writes.collect::<Vec<_>>() {
            assert_eq!(w.await.unwrap().unwrap(), 1);
        }
        let n: i64 = db
            .call(|c| {
                c.query_one(
                    "SELECT count(*) FROM vocabularies WHERE name LIKE 'v%'",
                    crate::args![],
                    |r| r.get(0),
                )
            })
            .await
            .unwrap();
        assert_eq!(n, 50);
    }

    async fn a_write_that_panics_rolls_back_and_writes_go_on(db: Db) {
        let failed = db
            .write(|tx| -> Result<(), SqlError> {
                tx.execute(INSERT, crate::args!["lost"])?;
                panic!("a bug in a handler");
            })
            .await;
        assert!(failed.is_err());
        db.write(|tx| tx.execute(INSERT, crate::args!["kept"]))
            .await
            .unwrap();
        let names: Vec<String> = db
            .call(|c| {
                c.query(
                    "SELECT name FROM vocabularies WHERE name IN ('lost', 'kept')",
                    crate::args![],
                    |r| r.get(0),
                )
            })
            .await
            .unwrap();
        assert_eq!(names, ["kept"]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite_readers_refuse_writes_and_writers_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        readers_refuse_writes_and_writers_take_turns(Db::open(&sqlite(&dir)).await.unwrap()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres_readers_refuse_writes_and_writers_take_turns() {
        let server = tokio::task::spawn_blocking(PgServer::start).await.unwrap();
        let db = Db::open(&Database::Postgres(server.database()))
            .await
            .unwrap();
        readers_refuse_writes_and_writers_take_turns(db).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite_a_write_that_panics_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        a_write_that_panics_rolls_back_and_writes_go_on(Db::open(&sqlite(&dir)).await.unwrap())
            .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres_a_write_that_panics_rolls_back() {
        let server = tokio::task::spawn_blocking(PgServer::start).await.unwrap();
        let db = Db::open(&Database::Postgres(server.database()))
            .await
            .unwrap();
        a_write_that_panics_rolls_back_and_writes_go_on(db).await;
    }

    #[tokio::test]
    async fn calls_run_with_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let Db::Sqlite(db) = Db::open(&sqlite(&dir)).await.unwrap() else {
            unreachable!("a SQLite database")
        };
        let fk: bool = db
            .call(|c| {
                let Any::Sqlite(c) = c else {
                    unreachable!("a SQLite connection")
                };
                c.pragma_query_value(None, "foreign_keys", |r| r.get(0))
                    .map_err(SqlError::from)
            })
            .await
            .unwrap();
        assert!(fk);
    }
    #[tokio::test]
    async fn the_log_reaches_the_database_file_without_the_writer_checkpointing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let db = Db::open(&sqlite(&dir)).await.unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        // About 2 MiB of rows: 500 pages of log, well under the writer's own
        // checkpoint (16,384 pages), so only the checkpointing thread moves them.
        db.write(|tx| {
            for i in 0..500 {
                tx.execute(
                    "INSERT INTO vocabularies (name, version, body, updated_at) VALUES (?1, 1, ?2, 'now')",
                    crate::args![format!("v{i}"), "x".repeat(4000)],
                )?;
            }
            Ok::<_, SqlError>(())
        })
        .await
        .unwrap();
        let grown = |at: u64| std::fs::metadata(&path).unwrap().len() > at + (1 << 20);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !grown(before) && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            grown(before),
            "the database file is still {} bytes: the log was not checkpointed",
            std::fs::metadata(&path).unwrap().len()
        );
        // The writer leaves it to that thread.
        let Db::Sqlite(sqlite) = &db else {
            unreachable!("a SQLite database")
        };
        let pages: i64 = sqlite
            .on_writer(|c| c.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(pages, WRITER_CHECKPOINT_PAGES);
    }
}
