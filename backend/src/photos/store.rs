//! SQL of the photo store: which agencies hold which photos, which of them a caller
//! may read, and the unfinished uploads each agency has open.
//!
//! Invariant: an agency holds a photo only after one of its users sent the bytes (the
//! hash was checked on arrival); a photo's bytes are served only after
//! [`visible_media_type`] found it for the caller — held by their agency, or cited by a
//! record the records' [`VISIBLE`] clause lets them see *whose own agency holds it*, so
//! citing another agency's hash in one's own record grants nothing. No answer here
//! tells a caller whether another agency stored a hash.

use rusqlite::{Connection, OptionalExtension, named_params, params};
use tracemark_shared::domain::MediaType;

use crate::db;
use crate::records::VISIBLE;

/// Unfinished uploads one agency may have open at once.
pub const MAX_OPEN_UPLOADS: i64 = 64;
/// An unfinished upload untouched this long is dropped.
pub const UPLOAD_EXPIRY: time::Duration = time::Duration::hours(24);

/// Whether `agency_id` holds the photo (sent its bytes).
pub fn held_by(c: &Connection, agency_id: &str, sha: &str) -> rusqlite::Result<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM photo_holders WHERE sha256 = ?1 AND agency_id = ?2")?
            .query_row(params![sha, agency_id], |_| Ok(()))
            .optional()?
            .is_some(),
    )
}

/// Records that `agency_id` holds a complete photo uploaded by `user_id` (the blob is
/// kept once, whoever sends it first; each agency that sends it holds it).
pub fn insert(
    c: &Connection,
    agency_id: &str,
    user_id: &str,
    sha: &str,
    media: MediaType,
    size: u64,
) -> rusqlite::Result<()> {
    let now = db::now();
    c.execute(
        "INSERT OR IGNORE INTO photos (sha256, media_type, size, agency_id, uploaded_by, stored_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            sha,
            media.as_str(),
            i64::try_from(size).unwrap_or(i64::MAX),
            agency_id,
            user_id,
            now
        ],
    )?;
    c.execute(
        "INSERT OR IGNORE INTO photo_holders (sha256, agency_id, uploaded_by, stored_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![sha, agency_id, user_id, now],
    )?;
    Ok(())
}

/// The photo's media type, if the caller may read it.
pub fn visible_media_type(
    c: &Connection,
    caller: &crate::identity::Caller,
    sha: &str,
) -> rusqlite::Result<Option<String>> {
    let sql = format!(
        "SELECT ph.media_type FROM photos ph WHERE ph.sha256 = :sha AND (
           EXISTS (SELECT 1 FROM photo_holders h WHERE h.sha256 = ph.sha256 AND h.agency_id = :agency)
           OR EXISTS (SELECT 1 FROM record_photos rp
                      JOIN records r ON r.id = rp.record_id
                      JOIN photo_holders h ON h.sha256 = rp.sha256 AND h.agency_id = r.agency_id
                      WHERE rp.sha256 = ph.sha256 AND {VISIBLE}))"
    );
    c.prepare_cached(&sql)?
        .query_row(
            named_params! { ":sha": sha, ":agency": caller.agency_id, ":country": caller.country },
            |r| r.get(0),
        )
        .optional()
}

/// Why an upload session could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The agency has too many unfinished uploads.
    #[error(
        "your agency has {MAX_OPEN_UPLOADS} unfinished photo uploads; finish them, or wait a day for them to expire"
    )]
    Quota,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
}

/// Opens (or touches) the caller's agency's upload session for `sha`, within its quota,
/// and drops sessions left untouched past [`UPLOAD_EXPIRY`]. Returns the upload keys
/// of the dropped sessions, whose partial bytes the caller discards.
pub fn open_session(
    c: &mut Connection,
    agency_id: &str,
    user_id: &str,
    sha: &str,
    total: u64,
) -> Result<Vec<String>, SessionError> {
    let tx = db::write_tx(c)?;
    let cutoff = db::timestamp(time::OffsetDateTime::now_utc() - UPLOAD_EXPIRY);
    let expired: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT agency_id, sha256 FROM upload_sessions WHERE touched_at < ?1 LIMIT 100",
        )?
        .query_map([&cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (agency, h) in &expired {
        tx.execute(
            "DELETE FROM upload_sessions WHERE agency_id = ?1 AND sha256 = ?2",
            params![agency, h],
        )?;
    }
    let now = db::now();
    let touched = tx.execute(
        "UPDATE upload_sessions SET touched_at = ?3, total = ?4 WHERE agency_id = ?1 AND sha256 = ?2",
        params![agency_id, sha, now, i64::try_from(total).unwrap_or(i64::MAX)],
    )?;
    if touched == 0 {
        let open: i64 = tx.query_row(
            "SELECT count(*) FROM upload_sessions WHERE agency_id = ?1",
            [agency_id],
            |r| r.get(0),
        )?;
        if open >= MAX_OPEN_UPLOADS {
            return Err(SessionError::Quota);
        }
        tx.execute(
            "INSERT INTO upload_sessions (agency_id, sha256, user_id, total, started_at, touched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![agency_id, sha, user_id, i64::try_from(total).unwrap_or(i64::MAX), now],
        )?;
    }
    tx.commit()?;
    Ok(expired
        .iter()
        .map(|(agency, h)| super::blob::upload_key(agency, h))
        .collect())
}

/// Whether the agency has an unfinished upload of `sha` open.
pub fn has_session(c: &Connection, agency_id: &str, sha: &str) -> rusqlite::Result<bool> {
    Ok(c.query_row(
        "SELECT 1 FROM upload_sessions WHERE agency_id = ?1 AND sha256 = ?2",
        params![agency_id, sha],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

/// Closes the agency's upload session for `sha` (finished or refused).
pub fn close_session(c: &Connection, agency_id: &str, sha: &str) -> rusqlite::Result<()> {
    c.execute(
        "DELETE FROM upload_sessions WHERE agency_id = ?1 AND sha256 = ?2",
        params![agency_id, sha],
    )?;
    Ok(())
}
