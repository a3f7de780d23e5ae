//! The append-only, hash-chained audit log: logins, reads of case records, exports,
//! review decisions, access grants and administration.
//!
//! Invariant: entry N stores the SHA-256 of entry N-1 and its own hash covers its
//! sequence number and every field, so editing, deleting or reordering any entry
//! breaks the chain that [`verify`] walks; signed checkpoints ([`checkpoint`]) pin the
//! chain to a key kept outside the database, so re-hashing the whole chain is found
//! too. An append reads the head and writes the next entry under the database's write
//! lock, so two appends never race for one sequence number. Secrets are never written
//! here.

pub mod checkpoint;
pub mod listing;
mod routes;

pub use checkpoint::{Checkpoint, Signer};
pub use routes::router;

use sha2::{Digest, Sha256};

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    /// User id, if known.
    pub user_id: Option<String>,
    /// Agency id, if known.
    pub agency_id: Option<String>,
}

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Who.
    pub actor: Actor,
    /// What, e.g. `login`, `login_failed`, `read_record`, `create_user`.
    pub action: &'a str,
    /// On what, e.g. a record or user id, or a username for failed logins.
    pub subject: &'a str,
    /// Details as JSON (no secrets).
    pub detail: serde_json::Value,
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    user: Option<&str>,
    agency: Option<&str>,
    action: &str,
    subject: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields, so no two different entries serialise alike.
    for field in [
        prev,
        &seq.to_string(),
        at,
        user.unwrap_or("-"),
        agency.unwrap_or("-"),
        action,
        subject,
        detail,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends an entry; call inside the (write) transaction of the action it records.
/// Called outside a transaction, it takes the write lock itself for the read of the
/// head and the insert, so concurrent appends queue instead of colliding.
pub fn append(conn: &impl Conn, e: &Entry<'_>) -> Result<String, SqlError> {
    crate::sql::in_write(conn, |c| append_locked(c, e))
}

fn append_locked(conn: &impl Conn, e: &Entry<'_>) -> Result<String, SqlError> {
    let (prev_seq, prev_hash) = head(conn)?;
    let seq = prev_seq + 1;
    let at = crate::db::now();
    let detail = e.detail.to_string();
    let hash = entry_hash(
        &prev_hash,
        seq,
        &at,
        e.actor.user_id.as_deref(),
        e.actor.agency_id.as_deref(),
        e.action,
        e.subject,
        &detail,
    );
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor_user_id, actor_agency_id, action, subject, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![seq, at, e.actor.user_id, e.actor.agency_id, e.action, e.subject, detail, prev_hash, hash])?;
    Ok(hash)
}

/// Records that `caller` read case data: one entry naming every record (or photo)
/// the answer carried, so a listing costs one append, not one per record. Nothing is
/// written when the answer carried none.
pub fn reads(
    conn: &impl Conn,
    actor: Actor,
    action: &str,
    ids: &[&str],
    detail: serde_json::Value,
) -> Result<(), SqlError> {
    let Some(first) = ids.first() else {
        return Ok(());
    };
    let subject = if ids.len() == 1 {
        (*first).to_string()
    } else {
        format!("{} items", ids.len())
    };
    let mut detail = detail;
    if let serde_json::Value::Object(map) = &mut detail {
        map.insert("ids".into(), serde_json::json!(ids));
    }
    append(
        conn,
        &Entry {
            actor,
            action,
            subject: &subject,
            detail,
        },
    )
    .map(|_| ())
}

/// Result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// Entries checked.
    pub entries: u64,
    /// Hash of the last entry (the genesis value for an empty log).
    pub head: String,
    /// The first broken entry and why, if any.
    pub first_broken: Option<Broken>,
}

/// A break in the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Broken {
    /// Sequence number of the entry (or the position where one is missing).
    pub seq: i64,
    /// What is wrong.
    pub reason: String,
}

/// Walks the whole chain from the first entry, calling `seen(seq, hash)` for every
/// entry that links correctly.
pub fn walk(conn: &impl Conn, seen: impl FnMut(i64, &str)) -> Result<Verification, SqlError> {
    walk_after(conn, 0, GENESIS, seen)
}

/// Walks the chain after entry `seq` (whose hash is `hash`; 0 and [`GENESIS`] for the
/// whole chain), calling `seen(seq, hash)` for every entry that links correctly.
fn walk_after(
    conn: &impl Conn,
    seq: i64,
    hash: &str,
    mut seen: impl FnMut(i64, &str),
) -> Result<Verification, SqlError> {
    let mut expected_prev = hash.to_string();
    let mut expected_seq = seq + 1;
    let mut entries = 0u64;
    let mut problem = None;
    conn.each_row(
        "SELECT seq, at, actor_user_id, actor_agency_id, action, subject, detail, prev_hash, hash
         FROM audit_log WHERE seq > ?1 ORDER BY seq",
        args![seq],
        &mut |r| {
            if problem.is_some() {
                return Ok(());
            }
            let seq: i64 = r.get(0)?;
            let (at, user, agency): (String, Option<String>, Option<String>) =
                (r.get(1)?, r.get(2)?, r.get(3)?);
            let (action, subject, detail): (String, String, String) =
                (r.get(4)?, r.get(5)?, r.get(6)?);
            let (prev, hash): (String, String) = (r.get(7)?, r.get(8)?);
            let broken = |reason: &str| Broken {
                seq,
                reason: reason.to_string(),
            };
            problem = if seq != expected_seq {
                Some(Broken {
                    seq: expected_seq,
                    reason: format!("entry {expected_seq} is missing (next is {seq})"),
                })
            } else if prev != expected_prev {
                Some(broken(
                    "its previous-hash does not match the entry before it",
                ))
            } else if entry_hash(
                &prev,
                seq,
                &at,
                user.as_deref(),
                agency.as_deref(),
                &action,
                &subject,
                &detail,
            ) != hash
            {
                Some(broken("its content does not match its hash (edited)"))
            } else {
                None
            };
            if problem.is_none() {
                seen(seq, &hash);
                entries += 1;
                expected_prev = hash;
                expected_seq += 1;
            }
            Ok(())
        },
    )?;
    Ok(Verification {
        entries,
        head: expected_prev,
        first_broken: problem,
    })
}

/// Walks the whole chain from the first entry (see [`checkpoint::verify`] for the
/// check against signed checkpoints and third-party records).
pub fn verify(conn: &impl Conn) -> Result<Verification, SqlError> {
    walk(conn, |_, _| {})
}

/// Whether the chain still holds entry `seq` with `hash` and every entry after it links
/// on from there: `Err` says how it does not.
pub fn extends(conn: &impl Conn, seq: i64, hash: &str) -> Result<Result<(), String>, SqlError> {
    if seq > 0 {
        let stored: Option<String> = conn.query_opt(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            args![seq],
            |r| r.get(0),
        )?;
        match stored {
            None => return Ok(Err(format!("entry {seq}, signed before, is gone"))),
            Some(h) if h != hash => {
                return Ok(Err(format!(
                    "entry {seq} differs from what was signed before"
                )));
            }
            Some(_) => {}
        }
    }
    let v = walk_after(conn, seq, hash, |_, _| {})?;
    Ok(match v.first_broken {
        None => Ok(()),
        Some(b) => Err(format!("entry {}: {}", b.seq, b.reason)),
    })
}

/// The hash of the newest entry, to publish elsewhere.
pub fn head(conn: &impl Conn) -> Result<(i64, String), SqlError> {
    Ok(conn
        .query_opt(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, GENESIS.to_string())))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rusqlite::Connection;

    /// A fresh log of `n` entries of `action` (shared with the checkpoint tests).
    pub(super) fn log_of(n: usize, action: &str) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let c = crate::db::open_sync(&dir.path().join("a.db")).unwrap();
        for i in 0..n {
            append(
                &c,
                &Entry {
                    actor: Actor::default(),
                    action,
                    subject: &format!("user{i}"),
                    detail: serde_json::json!({ "i": i }),
                },
            )
            .unwrap();
        }
        (dir, c)
    }

    fn log_with(n: usize) -> (tempfile::TempDir, Connection) {
        log_of(n, "login")
    }

    fn untrigger(c: &Connection) {
        c.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            .unwrap();
    }

    #[test]
    fn intact_chain_verifies_and_head_matches() {
        let (_d, c) = log_with(5);
        let v = verify(&c).unwrap();
        assert_eq!(v.entries, 5);
        assert_eq!(v.first_broken, None);
        assert_eq!(head(&c).unwrap(), (5, v.head));
    }

    #[test]
    fn concurrent_appends_outside_a_transaction_never_collide() {
        // Failed logins append from many requests at once, without a transaction of
        // their own: each must get its own sequence number, none may fail.
        let (dir, _c) = log_with(0);
        let path = dir.path().join("a.db");
        let threads: Vec<_> = (0..6)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let c = crate::db::open_sync(&path).unwrap();
                    for i in 0..20 {
                        append(
                            &c,
                            &Entry {
                                actor: Actor::default(),
                                action: "login_failed",
                                subject: &format!("t{t}-{i}"),
                                detail: serde_json::json!({}),
                            },
                        )
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let c = crate::db::open_sync(&path).unwrap();
        let v = verify(&c).unwrap();
        assert_eq!((v.entries, v.first_broken), (120, None));
    }

    #[test]
    fn triggers_refuse_edits() {
        let (_d, c) = log_with(2);
        assert!(c.execute("UPDATE audit_log SET subject = 'x'", []).is_err());
        assert!(c.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn edit_is_found() {
        let (_d, c) = log_with(5);
        untrigger(&c);
        c.execute("UPDATE audit_log SET subject = 'mallory' WHERE seq = 3", [])
            .unwrap();
        let b = verify(&c).unwrap().first_broken.unwrap();
        assert_eq!(b.seq, 3);
        assert!(b.reason.contains("edited"));
    }

    #[test]
    fn delete_is_found() {
        let (_d, c) = log_with(5);
        untrigger(&c);
        c.execute("DELETE FROM audit_log WHERE seq = 2", [])
            .unwrap();
        assert_eq!(verify(&c).unwrap().first_broken.unwrap().seq, 2);
        // Deleting the newest entry changes the head, which is why it is published.
        let (_d, c) = log_with(3);
        let before = head(&c).unwrap();
        untrigger(&c);
        c.execute("DELETE FROM audit_log WHERE seq = 3", [])
            .unwrap();
        assert_ne!(head(&c).unwrap(), before);
    }

    #[test]
    fn reorder_is_found() {
        let (_d, c) = log_with(4);
        untrigger(&c);
        c.execute_batch(
            "UPDATE audit_log SET seq = 100 WHERE seq = 2;
             UPDATE audit_log SET seq = 2 WHERE seq = 3;
             UPDATE audit_log SET seq = 3 WHERE seq = 100;",
        )
        .unwrap();
        assert_eq!(verify(&c).unwrap().first_broken.unwrap().seq, 2);
    }

    #[test]
    fn rewritten_hashes_are_found() {
        // Editing an entry and recomputing its own hash still breaks the next link.
        let (_d, c) = log_with(3);
        untrigger(&c);
        let (prev, at): (String, String) = c
            .query_row(
                "SELECT prev_hash, at FROM audit_log WHERE seq = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let forged = entry_hash(&prev, 2, &at, None, None, "login", "mallory", "{\"i\":1}");
        c.execute(
            "UPDATE audit_log SET subject = 'mallory', hash = ?1 WHERE seq = 2",
            [forged],
        )
        .unwrap();
        assert_eq!(verify(&c).unwrap().first_broken.unwrap().seq, 3);
    }
}
