//! SQL of the photo store: which photos the server holds, and which of them a caller
//! may read.
//!
//! Invariant: a photo's bytes are served only after [`visible_media_type`] found it
//! for the caller — uploaded by their agency, or referenced by a record the records'
//! [`VISIBLE`] clause lets them see.

use rusqlite::{Connection, OptionalExtension, named_params, params};
use tracemark_shared::domain::MediaType;

use crate::db;
use crate::identity::Caller;
use crate::records::VISIBLE;

/// Whether the server holds a complete photo with this hash.
pub fn is_stored(c: &Connection, sha: &str) -> rusqlite::Result<bool> {
    Ok(
        c.query_row("SELECT 1 FROM photos WHERE sha256 = ?1", [sha], |_| Ok(()))
            .optional()?
            .is_some(),
    )
}

/// Records a complete photo, uploaded by `caller` (a second upload changes nothing).
pub fn insert(
    c: &Connection,
    caller: &Caller,
    sha: &str,
    media: MediaType,
    size: u64,
) -> rusqlite::Result<()> {
    c.execute(
        "INSERT OR IGNORE INTO photos (sha256, media_type, size, agency_id, uploaded_by, stored_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            sha,
            media.as_str(),
            i64::try_from(size).unwrap_or(i64::MAX),
            caller.agency_id,
            caller.user_id,
            db::now()
        ],
    )?;
    Ok(())
}

/// The photo's media type, if the caller may read it.
pub fn visible_media_type(
    c: &Connection,
    caller: &Caller,
    sha: &str,
) -> rusqlite::Result<Option<String>> {
    let sql = format!(
        "SELECT ph.media_type FROM photos ph WHERE ph.sha256 = :sha AND (ph.agency_id = :agency
           OR EXISTS (SELECT 1 FROM record_photos rp JOIN records r ON r.id = rp.record_id
                      WHERE rp.sha256 = ph.sha256 AND {VISIBLE}))"
    );
    c.query_row(
        &sql,
        named_params! { ":sha": sha, ":agency": caller.agency_id, ":country": caller.country },
        |r| r.get(0),
    )
    .optional()
}
