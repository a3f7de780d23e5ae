//! Files a supervisor checked in the console and may now import: kept in the database
//! (so any server instance can finish the import) for at most [`KEEP`].
//!
//! Invariant: a draft is taken only by the user who checked it, in their agency, and
//! only once; drafts older than [`KEEP`] are dropped whenever a new one is kept.

use crate::args;
use crate::sql::{Conn, ConnExt};
use time::OffsetDateTime;

use crate::db;
use crate::db::StoreError;
use crate::identity::Caller;

/// How long a checked file waits for its import.
pub const KEEP: time::Duration = time::Duration::hours(1);

/// A checked file and how to import it.
#[derive(Debug)]
pub struct Draft {
    /// `inventory` or `transfers`.
    pub kind: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// The import's options, as JSON.
    pub options: String,
    /// The file.
    pub file: Vec<u8>,
}

/// Keeps a checked file for `caller`; answers its id.
pub fn keep(c: &impl Conn, caller: &Caller, draft: &Draft) -> Result<String, StoreError> {
    let cutoff = db::timestamp(OffsetDateTime::now_utc() - KEEP);
    c.execute(
        "DELETE FROM import_drafts WHERE created_at < ?1",
        args![cutoff],
    )?;
    let id = uuid::Uuid::new_v4().to_string();
    c.execute(
        "INSERT INTO import_drafts (id, agency_id, user_id, kind, format, options, file, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            id,
            caller.agency_id,
            caller.user_id,
            draft.kind,
            draft.format,
            draft.options,
            draft.file,
            db::now()
        ])?;
    Ok(id)
}

/// Takes (and forgets) the draft `id` of `caller`, if it is theirs and still kept.
pub fn take(c: &impl Conn, caller: &Caller, id: &str) -> Result<Option<Draft>, StoreError> {
    let cutoff = db::timestamp(OffsetDateTime::now_utc() - KEEP);
    let draft = c.query_opt(
        "SELECT kind, format, options, file FROM import_drafts
             WHERE id = ?1 AND user_id = ?2 AND agency_id = ?3 AND created_at >= ?4",
        args![id, caller.user_id, caller.agency_id, cutoff],
        |r| {
            Ok(Draft {
                kind: r.get(0)?,
                format: r.get(1)?,
                options: r.get(2)?,
                file: r.get(3)?,
            })
        },
    )?;
    if draft.is_some() {
        c.execute("DELETE FROM import_drafts WHERE id = ?1", args![id])?;
    }
    Ok(draft)
}
