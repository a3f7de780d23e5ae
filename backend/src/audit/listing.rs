//! One agency's audit entries, newest first, for its administrators.
//!
//! Invariant: an administrator reads only entries whose actor belongs to their own
//! agency, decided in the query; reading them is itself audited by the caller.

use crate::named;
use crate::sql::{Conn, ConnExt, SqlError};

/// An audit entry as listed.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Sequence number.
    pub seq: i64,
    /// When.
    pub at: String,
    /// The acting user's login name, if a user acted.
    pub username: Option<String>,
    /// What was done.
    pub action: String,
    /// To what.
    pub subject: String,
    /// Details (JSON text).
    pub detail: String,
}

/// Which entries (every one given must match).
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// The acting user's login name.
    pub username: Option<String>,
    /// The action.
    pub action: Option<String>,
    /// On or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// On or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Older than this entry (paging).
    pub before: Option<i64>,
}

/// Entries of `agency_id`'s users matching `f`, newest first, at most `limit`.
pub fn of_agency(
    c: &impl Conn,
    agency_id: &str,
    f: &Filter,
    limit: u32,
) -> Result<Vec<Listed>, SqlError> {
    c.query(
        "SELECT l.seq, l.at, u.username, l.action, l.subject, l.detail
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id
         WHERE l.actor_agency_id = :agency
           AND (CAST(:user AS TEXT) IS NULL OR u.username = :user)
           AND (CAST(:action AS TEXT) IS NULL OR l.action = :action)
           AND (CAST(:from AS TEXT) IS NULL OR l.at >= :from)
           AND (CAST(:to AS TEXT) IS NULL OR substr(l.at, 1, 10) <= :to)
           AND (CAST(:before AS BIGINT) IS NULL OR l.seq < :before)
         ORDER BY l.seq DESC LIMIT :limit",
        named! {
            ":agency": agency_id, ":user": f.username, ":action": f.action,
            ":from": f.from, ":to": f.to, ":before": f.before, ":limit": limit,
        },
        |r| {
            Ok(Listed {
                seq: r.get(0)?,
                at: r.get(1)?,
                username: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                detail: r.get(5)?,
            })
        },
    )
}
