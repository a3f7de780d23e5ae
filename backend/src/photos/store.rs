//! SQL of the photo store: which agencies hold which photos, which of them a caller
//! may read, and the unfinished uploads each agency has open.
//!
//! Invariant: an agency holds a photo only after one of its users sent the bytes (the
//! hash was checked on arrival); a photo's bytes are served only after
//! [`visible_media_type`] found it for the caller — held by their agency, or cited by a
//! record the records' [`VISIBLE`] clause lets them see *whose own agency holds it*, so
//! citing another agency's hash in one's own record grants nothing. No answer here
//! tells a caller whether another agency stored a hash.

use crate::sql::{Conn, ConnExt, SqlError};
use crate::{args, named};
use tracemark_shared::domain::MediaType;

use crate::db;
use crate::records::VISIBLE;

/// Unfinished uploads one agency may have open at once.
pub const MAX_OPEN_UPLOADS: i64 = 64;
/// An unfinished upload untouched this long is dropped.
pub const UPLOAD_EXPIRY: time::Duration = time::Duration::hours(24);

/// Whether `agency_id` holds the photo (sent its bytes).
pub fn held_by(c: &impl Conn, agency_id: &str, sha: &str) -> Result<bool, SqlError> {
    Ok(c.query_opt(
        "SELECT 1 FROM photo_holders WHERE sha256 = ?1 AND agency_id = ?2",
        args![sha, agency_id],
        |_| Ok(()),
    )?
    .is_some())
}

/// Records that `agency_id` holds a complete photo uploaded by `user_id` (the blob is
/// kept once, whoever sends it first; each agency that sends it holds it).
pub fn insert(
    c: &impl Conn,
    agency_id: &str,
    user_id: &str,
    sha: &str,
    media: MediaType,
    size: u64,
) -> Result<(), SqlError> {
    let now = db::now();
    c.execute(
        "INSERT INTO photos (sha256, media_type, size, agency_id, uploaded_by, stored_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        args![
            sha,
            media.as_str(),
            i64::try_from(size).unwrap_or(i64::MAX),
            agency_id,
            user_id,
            now
        ],
    )?;
    c.execute(
        "INSERT INTO photo_holders (sha256, agency_id, uploaded_by, stored_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        args![sha, agency_id, user_id, now],
    )?;
    Ok(())
}

/// The photo's media type, if the caller may read it.
pub fn visible_media_type(
    c: &impl Conn,
    caller: &crate::identity::Caller,
    sha: &str,
) -> Result<Option<String>, SqlError> {
    let sql = format!(
        "SELECT ph.media_type FROM photos ph WHERE ph.sha256 = :sha AND (
           EXISTS (SELECT 1 FROM photo_holders h WHERE h.sha256 = ph.sha256 AND h.agency_id = :agency)
           OR EXISTS (SELECT 1 FROM record_photos rp
                      JOIN records r ON r.id = rp.record_id
                      JOIN photo_holders h ON h.sha256 = rp.sha256 AND h.agency_id = r.agency_id
                      WHERE rp.sha256 = ph.sha256 AND {VISIBLE}))"
    );
    c.query_opt(
        &sql,
        named! { ":sha": sha, ":agency": caller.agency_id, ":country": caller.country },
        |r| r.get(0),
    )
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
    Db(#[from] SqlError),
}

fn cutoff() -> String {
    db::timestamp(time::OffsetDateTime::now_utc() - UPLOAD_EXPIRY)
}

/// Opens (or touches) the caller's agency's upload session for `sha`, within its quota
/// (sessions left untouched past [`UPLOAD_EXPIRY`] no longer count; the sweep drops
/// them, see [`expired_sessions`]).
pub fn open_session(
    c: &impl Conn,
    agency_id: &str,
    user_id: &str,
    sha: &str,
    total: u64,
) -> Result<(), SessionError> {
    crate::sql::in_write(c, |tx| {
        let now = db::now();
        let total = i64::try_from(total).unwrap_or(i64::MAX);
        let touched = tx.execute(
        "UPDATE upload_sessions SET touched_at = ?3, total = ?4 WHERE agency_id = ?1 AND sha256 = ?2",
        args![agency_id, sha, now, total])?;
        if touched == 0 {
            let open: i64 = tx.query_one(
                "SELECT count(*) FROM upload_sessions WHERE agency_id = ?1 AND touched_at >= ?2",
                args![agency_id, cutoff()],
                |r| r.get(0),
            )?;
            if open >= MAX_OPEN_UPLOADS {
                return Err(SessionError::Quota);
            }
            tx.execute(
            "INSERT INTO upload_sessions (agency_id, sha256, user_id, total, started_at, touched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            args![agency_id, sha, user_id, total, now])?;
        }
        Ok(())
    })
}

/// Upload sessions left untouched past [`UPLOAD_EXPIRY`], at most `limit`, as (agency,
/// hash).
pub fn expired_sessions(c: &impl Conn, limit: u32) -> Result<Vec<(String, String)>, SqlError> {
    c.query(
        "SELECT agency_id, sha256 FROM upload_sessions WHERE touched_at < ?1 LIMIT ?2",
        args![cutoff(), limit],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Drops one session if it is still expired (its owner may have resumed since it was
/// listed); says whether it did, so the caller discards its bytes only then.
pub fn drop_if_expired(c: &impl Conn, agency_id: &str, sha: &str) -> Result<bool, SqlError> {
    Ok(c.execute(
        "DELETE FROM upload_sessions WHERE agency_id = ?1 AND sha256 = ?2 AND touched_at < ?3",
        args![agency_id, sha, cutoff()],
    )? == 1)
}

/// Whether the agency has an unfinished upload of `sha` open.
pub fn has_session(c: &impl Conn, agency_id: &str, sha: &str) -> Result<bool, SqlError> {
    Ok(c.query_opt(
        "SELECT 1 FROM upload_sessions WHERE agency_id = ?1 AND sha256 = ?2",
        args![agency_id, sha],
        |_| Ok(()),
    )?
    .is_some())
}

/// Closes the agency's upload session for `sha` (finished or refused).
pub fn close_session(c: &impl Conn, agency_id: &str, sha: &str) -> Result<(), SqlError> {
    c.execute(
        "DELETE FROM upload_sessions WHERE agency_id = ?1 AND sha256 = ?2",
        args![agency_id, sha],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::store::{self as people, NewUser};
    use rusqlite::{Connection, params};
    use tracemark_shared::domain::Role;

    fn db() -> (tempfile::TempDir, Connection, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let c = db::open_sync(&dir.path().join("t.db")).unwrap();
        let a = people::create_agency(&c, "A", "KE").unwrap();
        let u = people::create_user(
            &c,
            &NewUser {
                agency_id: &a.id,
                username: "officer",
                display_name: "O",
                role: Role::CustomsOfficer,
                password_hash: "x",
            },
        )
        .unwrap();
        (dir, c, a.id, u.id)
    }

    fn age(c: &Connection, sha: &str, hours: i64) {
        let at = db::timestamp(time::OffsetDateTime::now_utc() - time::Duration::hours(hours));
        c.execute(
            "UPDATE upload_sessions SET touched_at = ?1 WHERE sha256 = ?2",
            params![at, sha],
        )
        .unwrap();
    }

    #[test]
    fn the_quota_counts_live_sessions_and_the_sweep_drops_only_expired_ones() {
        let (_d, c, agency, user) = db();
        let sha = |i: usize| format!("{i:064x}");
        for i in 0..MAX_OPEN_UPLOADS as usize {
            open_session(&c, &agency, &user, &sha(i), 10).unwrap();
        }
        assert!(matches!(
            open_session(&c, &agency, &user, &sha(999), 10),
            Err(SessionError::Quota)
        ));
        // A day untouched: no longer counted, listed for the sweep.
        age(&c, &sha(0), 25);
        age(&c, &sha(1), 25);
        open_session(&c, &agency, &user, &sha(999), 10).unwrap();
        let expired = expired_sessions(&c, 10).unwrap();
        assert_eq!(expired.len(), 2);
        // The owner resumes one before the sweep reaches it: that one stays.
        open_session(&c, &agency, &user, &sha(1), 10).unwrap();
        assert!(drop_if_expired(&c, &agency, &sha(0)).unwrap());
        assert!(!drop_if_expired(&c, &agency, &sha(1)).unwrap());
        assert!(has_session(&c, &agency, &sha(1)).unwrap());
        assert!(!has_session(&c, &agency, &sha(0)).unwrap());
    }
}
