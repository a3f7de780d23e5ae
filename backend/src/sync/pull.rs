//! Pulling what a device should have: its user's assigned stock checks, the
//! vocabularies, and decisions on the user's records, in the order they changed.
//!
//! Invariant: the cursor is a position in the persistent `changes` feed, so it is
//! monotonic and survives restarts; every item is re-read through the caller's agency
//! at pull time, so a change meant for one agency never reaches another.

use crate::sql::{Conn, ConnExt, SqlError};
use crate::{args, named};
use serde_json::json;
use time::OffsetDateTime;
use tracemark_shared::domain::RecordKind;
use tracemark_shared::sync::{
    MAX_PULL_PAGE, PROTOCOL_VERSION, PullItem, PullResponse, ReviewDecision, for_version,
};
use uuid::Uuid;

use crate::db::StoreError;
use crate::identity::Caller;
use crate::records;

/// Reads a cursor (`c<position>`; absent means the beginning).
pub fn parse_cursor(cursor: Option<&str>) -> Result<i64, StoreError> {
    match cursor.filter(|c| !c.is_empty()) {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('c')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .ok_or_else(|| StoreError::Refused("the cursor is not one this server gave".into())),
    }
}

/// Records a change for one user (`user_id`), an agency, or everyone (both `None`).
pub fn record_change(
    c: &impl Conn,
    kind: &str,
    ref_id: &str,
    user_id: Option<&str>,
    agency_id: Option<&str>,
) -> Result<(), SqlError> {
    c.execute(
        "INSERT INTO changes (kind, ref_id, user_id, agency_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![kind, ref_id, user_id, agency_id, crate::db::now()],
    )?;
    Ok(())
}

/// One page after position `after`.
/// One page of what the caller's device should have after `after`, for an app of
/// protocol `version` (an older app gets records without the fields it cannot read).
pub fn page(
    c: &impl Conn,
    caller: &Caller,
    after: i64,
    version: u32,
) -> Result<PullResponse, StoreError> {
    let limit = i64::try_from(MAX_PULL_PAGE + 1).unwrap_or(i64::MAX);
    let rows: Vec<(i64, String, String)> = c.query(
        "SELECT seq, kind, ref_id FROM changes
         WHERE seq > :after
           AND (user_id = :user OR (user_id IS NULL AND (agency_id = :agency OR agency_id IS NULL)))
         ORDER BY seq LIMIT :limit",
        named! { ":after": after, ":user": caller.user_id, ":agency": caller.agency_id, ":limit": limit },
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let more = rows.len() > MAX_PULL_PAGE;
    let mut items = Vec::new();
    let mut last = after;
    for (seq, kind, ref_id) in rows.into_iter().take(MAX_PULL_PAGE) {
        last = seq;
        if let Some(item) = item(c, caller, &kind, &ref_id, version)? {
            items.push(item);
        }
    }
    Ok(PullResponse {
        items,
        cursor: format!("c{last}"),
        more,
    })
}

fn item(
    c: &impl Conn,
    caller: &Caller,
    kind: &str,
    ref_id: &str,
    version: u32,
) -> Result<Option<PullItem>, StoreError> {
    Ok(match kind {
        "assignment" => records::current(c, ref_id)?
            .filter(|r| r.kind == RecordKind::StockCheck && r.agency_id == caller.agency_id)
            .map(|r| {
                let mut assignment = r.body;
                if let Some(obj) = assignment.as_object_mut() {
                    obj.insert("revision".into(), json!(r.revision));
                    obj.insert("status".into(), json!(r.status));
                }
                if version < PROTOCOL_VERSION {
                    for_version(&mut assignment, version);
                }
                PullItem::Assignment { assignment }
            }),
        "factory_codes" => c
            .query_opt(
                "SELECT body FROM vocabularies WHERE name = ?1",
                args![ref_id],
                |r| r.get::<String>(0),
            )?
            .map(|body| PullItem::FactoryCodes {
                vocabulary: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
            }),
        "review" => c
            .query_opt(
                "SELECT v.record_id, r.kind, v.decision, v.comment, v.revision, v.at
                 FROM reviews v JOIN records r ON r.id = v.record_id
                 WHERE v.id = ?1 AND r.agency_id = ?2",
                args![ref_id, caller.agency_id],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<String>(1)?,
                        r.get::<String>(2)?,
                        r.get::<Option<String>>(3)?,
                        r.get::<i64>(4)?,
                        r.get::<String>(5)?,
                    ))
                },
            )?
            .and_then(
                |(record_id, record_kind, decision, comment, revision, at)| {
                    Some(PullItem::Review {
                        record_id: Uuid::parse_str(&record_id).ok()?,
                        record_kind,
                        decision: if decision == "approve" {
                            ReviewDecision::Approve
                        } else {
                            ReviewDecision::Return
                        },
                        comment,
                        revision: u32::try_from(revision).ok()?,
                        at: OffsetDateTime::parse(
                            &at,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .ok()?,
                    })
                },
            ),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors() {
        assert_eq!(parse_cursor(None).unwrap(), 0);
        assert_eq!(parse_cursor(Some("")).unwrap(), 0);
        assert_eq!(parse_cursor(Some("c42")).unwrap(), 42);
        for bad in ["42", "c-1", "cx", "c99999999999999999999"] {
            assert!(parse_cursor(Some(bad)).is_err(), "{bad}");
        }
    }
}
