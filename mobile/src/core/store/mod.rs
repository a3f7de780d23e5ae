//! The device's local store: records, the outbox of changes waiting for the server,
//! photos kept by hash, what pull brought, and where sync stands, in one SQLite
//! database (WAL, foreign keys, versioned migrations) next to a folder of photo files.
//!
//! Invariant: every change the user makes is written together with its outbox entry in
//! one transaction, so after a crash either both exist or neither does; an outbox entry
//! leaves the store only when the server acknowledged it.

mod drafts;
mod outbox;
mod photos;
mod pulled;
mod records;
mod session;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};
use time::OffsetDateTime;
use tracemark_shared::validate::ValidationErrors;

pub use outbox::{EntryState, OutboxEntry, PushBatch};
pub use photos::PendingPhoto;
pub use pulled::{Assignment, ReviewView, SyncStatus};
pub use records::{LocalRecord, LocalStatus, RecordBody};
pub use session::Session;

/// Name of the database file in the data directory.
pub const DATABASE_FILE: &str = "tracemark.db";
/// Folder of photo files in the data directory.
pub const PHOTO_DIR: &str = "photos";
/// Folder under the platform's data directory that belongs to the app (desktop).
pub const APP_DIR: &str = "tracemark";
/// Largest record body in bytes, so a push of many records stays within the server's
/// body limit.
pub const MAX_RECORD_BYTES: usize = 256 * 1024;
/// How long a write waits for another connection before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema migrations, in order. Never edit one once merged: add a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/20261123000000_device_store.sql"),
    include_str!("../../../migrations/20261123020000_form_drafts.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// Errors of the local store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed (disk full, corrupt file…).
    #[error("the local database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("the local database could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The database was written by a newer version of the app.
    #[error(
        "the data on this device was written by a newer Tracemark (schema {found}, this app knows {known}): update the app"
    )]
    NewerDatabase {
        /// Schema version found.
        found: usize,
        /// Newest schema version this app knows.
        known: usize,
    },
    /// A file could not be read or written.
    #[error("a file on this device could not be read or written: {0}")]
    Io(#[from] std::io::Error),
    /// Stored JSON could not be read back.
    #[error("stored data is damaged: {0}")]
    Json(#[from] serde_json::Error),
    /// The record breaks validation rules (only checked for submitted records).
    #[error("the record is not complete: {0}")]
    Invalid(#[from] ValidationErrors),
    /// The record is bigger than [`MAX_RECORD_BYTES`] or a photo than the photo limit.
    #[error("{0} is too large")]
    TooLarge(&'static str),
    /// The photo is not JPEG, PNG or WebP.
    #[error("this photo format is not supported: use JPEG, PNG or WebP")]
    UnsupportedPhoto,
    /// The stock check is not one of the user's assignments.
    #[error("stock check {0} is not assigned to you on this device")]
    UnknownStockCheck(String),
    /// The stock check was already submitted from this device; its lines are
    /// read-only until a supervisor returns it.
    #[error(
        "this stock check was already submitted; it can change again if a supervisor returns it"
    )]
    AlreadySubmitted,
    /// The platform gave no data directory.
    #[error("this device gave the app no folder to keep its data in")]
    NoDataDir,
    /// Signing out would strand work that has not reached the server.
    #[error(
        "not everything has reached the server yet ({records} changes, {photos} photos waiting): sync, or settle what needs attention, before signing out"
    )]
    WorkWaiting {
        /// Outbox entries (waiting, refused or in conflict).
        records: usize,
        /// Photos not uploaded yet.
        photos: usize,
    },
}

/// The app's data directory on desktop platforms: `<data dir>/tracemark`
/// (`~/.local/share/tracemark` on Linux, `%APPDATA%\tracemark` on Windows,
/// `~/Library/Application Support/tracemark` on macOS).
///
/// On Android `dirs` has no answer unless `HOME` happens to be set: the path must come
/// from the platform (`Context.getFilesDir()` through JNI, done by the UI shell) and be
/// passed to [`LocalStore::open`]. On iOS the app's sandboxed `Library/Application
/// Support` is what `dirs::data_dir()` returns.
pub fn default_data_dir() -> Result<PathBuf, StoreError> {
    dirs::data_dir()
        .map(|d| d.join(APP_DIR))
        .ok_or(StoreError::NoDataDir)
}

/// The local store. Cheap to clone; clones share one connection. Calls are short
/// blocking SQLite work: call them from a blocking thread in async code.
#[derive(Clone)]
pub struct LocalStore {
    conn: Arc<Mutex<Connection>>,
    dir: PathBuf,
}

impl std::fmt::Debug for LocalStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalStore")
            .field("dir", &self.dir)
            .finish()
    }
}

impl LocalStore {
    /// Opens (creating if needed) the store in `dir`, applies pending migrations, and
    /// refuses a database written by a newer app.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir.join(PHOTO_DIR))?;
        let mut conn = Connection::open(dir.join(DATABASE_FILE))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "wal")?;
        // WAL with synchronous=FULL: a committed change survives a power cut, which
        // matters more here than write speed.
        conn.pragma_update(None, "synchronous", "full")?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let found = usize::try_from(found).unwrap_or(usize::MAX);
        if found > schema_version() {
            return Err(StoreError::NewerDatabase {
                found,
                known: schema_version(),
            });
        }
        migrations().to_latest(&mut conn)?;
        let store = Self {
            conn: Arc::new(Mutex::new(conn)),
            dir: dir.to_path_buf(),
        };
        store.remove_stale_temp_files()?;
        Ok(store)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The connection (a poisoned lock still holds a consistent database: every write
    /// is a transaction that rolled back if its thread panicked).
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one write transaction, committed only if `f` succeeds.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` with the connection for reads.
    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        f(&self.conn())
    }
}

/// Number of schema versions this app knows.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// A time as stored (RFC 3339, UTC).
fn timestamp(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Now, as stored.
fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// A stored time read back (`None` if absent or unreadable).
fn parse_time(text: Option<String>) -> Option<OffsetDateTime> {
    text.and_then(|t| {
        OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
    })
}

/// Converts a count or size read from SQLite (never negative) to `u64`.
fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Converts a size to SQLite's integer.
fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
