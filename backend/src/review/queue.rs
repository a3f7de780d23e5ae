//! The review queue: the submitted records of the supervisor's agency, seizure cases
//! flagged for priority investigation (MANPADS, ATGW) first, then oldest submission
//! first, each with what a reviewer needs beside it: its photos (with the
//! server-made thumbnail's address), the codes scanned on it parsed with the shared
//! marking parser, and a summary of its revisions and earlier decisions.
//!
//! Invariant: the queue holds only records of the caller's own agency whose current
//! status is `submitted`, chosen in the SQL query; a page is bounded by
//! [`MAX_QUEUE_PAGE`] and every list inside an entry by [`MAX_PHOTOS_PER_ENTRY`].

use crate::sql::{Conn, ConnExt, Params};
use crate::{args, named};
use serde_json::Value;
use tracemark_shared::domain::{AmmunitionType, RecordKind};
use tracemark_shared::marking;

use crate::db::StoreError;
use crate::identity::Caller;

/// Largest page of the queue.
pub const MAX_QUEUE_PAGE: u32 = 100;
/// Most photos listed for one entry (a stock check's count lines may carry many).
pub const MAX_PHOTOS_PER_ENTRY: usize = 200;
/// Kinds that are submitted for review.
pub const QUEUE_KINDS: [RecordKind; 3] = [
    RecordKind::StockCheck,
    RecordKind::SeizureCase,
    RecordKind::RecoveredCache,
];

pub use tracemark_shared::api::review::{
    DecodedCode, HistorySummary, Person, PhotoLink, QueueEntry,
};

/// Where a page ends: whether its last entry was flagged, its submission time and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Whether the last entry was flagged for priority (flagged entries come first).
    pub flagged: bool,
    /// `updated_at` of the last entry.
    pub at: String,
    /// Its id.
    pub id: String,
}

impl Cursor {
    /// Reads the opaque `after` parameter.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let bad = || {
            StoreError::Refused(
                "`after` must be the `next` value of the previous page of the queue".into(),
            )
        };
        let mut parts = text.splitn(3, '|');
        let (Some(flag), Some(at), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let flagged = match flag {
            "p" => true,
            "-" => false,
            _ => return Err(bad()),
        };
        if at.is_empty() || id.is_empty() || text.len() > 200 {
            return Err(bad());
        }
        Ok(Self {
            flagged,
            at: at.into(),
            id: id.into(),
        })
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let flag = if self.flagged { "p" } else { "-" };
        write!(f, "{flag}|{}|{}", self.at, self.id)
    }
}

/// A page of the queue, flagged cases first, then oldest submission first, after
/// `after`.
pub fn page(
    c: &impl Conn,
    caller: &Caller,
    kind: Option<RecordKind>,
    after: Option<&Cursor>,
    limit: u32,
) -> Result<Vec<QueueEntry>, StoreError> {
    let rows = c.query(
        "SELECT r.id, r.kind, r.revision, r.updated_at, r.body, u.id, u.display_name, r.priority
         FROM records r JOIN users u ON u.id = r.author_user_id
         WHERE r.agency_id = :agency AND r.status = 'submitted'
           AND (r.kind = 'stock_check' OR r.kind = 'seizure_case' OR r.kind = 'recovered_cache')
           AND (CAST(:kind AS TEXT) IS NULL OR r.kind = :kind)
           AND (CAST(:after_at AS TEXT) IS NULL
                OR (r.priority IS NULL, r.updated_at, r.id) > (:after_unflagged, :after_at, :after_id))
         ORDER BY r.priority IS NULL, r.updated_at, r.id LIMIT :limit",
            named! {
                ":agency": caller.agency_id, ":kind": kind.map(RecordKind::as_str),
                ":after_unflagged": after.map(|a| !a.flagged),
                ":after_at": after.map(|a| a.at.as_str()),
                ":after_id": after.map(|a| a.id.as_str()),
                ":limit": limit,
            },
            |r| {
                let body: String = r.get(4)?;
                Ok((
                    r.get::<String>(0)?,
                    r.wire::<RecordKind>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<String>(3)?,
                    serde_json::from_str::<Value>(&body).unwrap_or(Value::Null),
                    Person {
                        id: r.get(5)?,
                        name: r.get(6)?,
                    },
                    r.get::<Option<String>>(7)?
                        .as_deref()
                        .and_then(AmmunitionType::from_wire),
                ))
            },
        )?;
    let mut entries = Vec::with_capacity(rows.len());
    for (id, kind, revision, at, body, author, priority) in rows {
        let (title, count_lines, photos, codes) = if kind == RecordKind::StockCheck {
            let title = text_at(&body, "/stock_check/title");
            let lines = count_lines_of(c, &caller.agency_id, &id)?;
            (
                title,
                Some(lines),
                check_photos(c, &caller.agency_id, &id)?,
                Vec::new(),
            )
        } else {
            let title = text_at(&body, "/reference");
            (title, None, record_photos(c, &id)?, case_codes(&body))
        };
        entries.push(QueueEntry {
            history: history(c, &id)?,
            id,
            kind,
            title,
            author,
            submitted_at: at,
            revision,
            count_lines,
            priority,
            photos,
            codes,
        });
    }
    Ok(entries)
}

/// A page of the queue read for `caller`, the reading audited (`read_review_queue`,
/// with `detail`), and the cursor of the next page when there may be one: the API's
/// and the console's path.
pub fn read(
    tx: &impl Conn,
    caller: &Caller,
    kind: Option<RecordKind>,
    after: Option<&Cursor>,
    limit: u32,
    detail: Value,
) -> Result<(Vec<QueueEntry>, Option<String>), StoreError> {
    let entries = page(tx, caller, kind, after, limit)?;
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    crate::audit::reads(tx, caller.actor(), "read_review_queue", &ids, detail)?;
    let next = (entries.len() == limit as usize)
        .then(|| {
            entries.last().map(|e| {
                Cursor {
                    flagged: e.priority.is_some(),
                    at: e.submitted_at.clone(),
                    id: e.id.clone(),
                }
                .to_string()
            })
        })
        .flatten();
    Ok((entries, next))
}

fn text_at(body: &Value, pointer: &str) -> String {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Links to a photo by its hash; `media_type` is known only when the record's own
/// agency holds the photo (whether anyone else stored the hash is never said).
pub fn photo_link(sha: String, media_type: Option<String>) -> PhotoLink {
    PhotoLink {
        thumbnail_url: format!("/api/v1/photos/{sha}/thumbnail"),
        original_url: format!("/api/v1/photos/{sha}"),
        stored: media_type.is_some(),
        media_type,
        sha256: sha,
    }
}

fn collect_photos(
    c: &impl Conn,
    sql: &str,
    params: Params<'_>,
) -> Result<Vec<PhotoLink>, StoreError> {
    Ok(c.query(sql, params, |r| Ok(photo_link(r.get(0)?, r.get(1)?)))?)
}

fn record_photos(c: &impl Conn, id: &str) -> Result<Vec<PhotoLink>, StoreError> {
    let limit = i64::try_from(MAX_PHOTOS_PER_ENTRY).unwrap_or(i64::MAX);
    collect_photos(
        c,
        "SELECT rp.sha256, ph.media_type FROM record_photos rp
         JOIN records r ON r.id = rp.record_id
         LEFT JOIN (photos ph JOIN photo_holders h ON h.sha256 = ph.sha256)
                ON ph.sha256 = rp.sha256 AND h.agency_id = r.agency_id
         WHERE rp.record_id = :id ORDER BY rp.sha256 LIMIT :limit",
        named! { ":id": id, ":limit": limit },
    )
}

/// The count lines of a stock check are records of their own, of the same agency
/// (their rows name the check: `count_line_rows`; `l.record_id` is the line).
const LINES_OF_CHECK: &str =
    "FROM count_line_rows l WHERE l.check_id = :check AND l.agency_id = :agency";

/// How many count lines the stock check `check` of `agency` holds.
pub fn count_lines_of(c: &impl Conn, agency: &str, check: &str) -> Result<i64, StoreError> {
    Ok(c.query_one(
        &format!("SELECT count(*) {LINES_OF_CHECK}"),
        named! { ":agency": agency, ":check": check },
        |r| r.get(0),
    )?)
}

fn check_photos(c: &impl Conn, agency: &str, check: &str) -> Result<Vec<PhotoLink>, StoreError> {
    let limit = i64::try_from(MAX_PHOTOS_PER_ENTRY).unwrap_or(i64::MAX);
    collect_photos(
        c,
        &format!(
            "SELECT DISTINCT rp.sha256, ph.media_type FROM record_photos rp
             LEFT JOIN (photos ph JOIN photo_holders h ON h.sha256 = ph.sha256)
                    ON ph.sha256 = rp.sha256 AND h.agency_id = :agency
             WHERE rp.record_id IN (SELECT l.record_id {LINES_OF_CHECK})
             ORDER BY rp.sha256 LIMIT :limit"
        ),
        named! { ":agency": agency, ":check": check, ":limit": limit },
    )
}

/// Every marking of every seized item, parsed (never fails: unparsed text comes back
/// as plain text with the reason among the warnings).
fn case_codes(body: &Value) -> Vec<DecodedCode> {
    let items = body
        .get("items")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut codes = Vec::new();
    for item in items {
        let item_id = text_at(item, "/id");
        let markings = item
            .get("markings")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for text in markings.iter().filter_map(Value::as_str) {
            let parsed = marking::parse_or_plain(text.as_bytes(), None);
            let mut warnings = parsed.warnings;
            if let Some(problem) = parsed.problem {
                warnings.push(format!("read as plain text: {problem}"));
            }
            codes.push(DecodedCode {
                item_id: item_id.clone(),
                text: text.to_string(),
                kind: parsed.kind.as_str().to_string(),
                fields: match serde_json::to_value(&parsed.fields) {
                    Ok(Value::Object(fields)) => fields,
                    _ => serde_json::Map::new(),
                },
                warnings,
            });
        }
    }
    codes
}

fn history(c: &impl Conn, id: &str) -> Result<HistorySummary, StoreError> {
    let (revisions, first_at) = c.query_one(
        "SELECT count(*), min(at) FROM record_revisions WHERE record_id = ?1",
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (returned, last_return_comment) = c.query_one(
        "SELECT count(*),
                (SELECT comment FROM reviews WHERE record_id = ?1 AND decision = 'return'
                 ORDER BY id DESC LIMIT 1)
         FROM reviews WHERE record_id = ?1 AND decision = 'return'",
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(HistorySummary {
        revisions,
        returned,
        last_return_comment,
        first_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_refuses_junk() {
        for flagged in [true, false] {
            let c = Cursor {
                flagged,
                at: "2026-11-23T05:00:00Z".into(),
                id: "abc".into(),
            };
            assert_eq!(Cursor::parse(&c.to_string()).unwrap(), c);
        }
        for bad in [
            "",
            "abc",
            "|x",
            "x|",
            "-|x",
            "q|a|b",
            "p||b",
            &"-|x|".repeat(60),
        ] {
            assert!(Cursor::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn markings_are_parsed_and_plain_text_kept() {
        let body = serde_json::json!({ "items": [
            { "id": "i1", "markings": ["1305-12-345-6789", "17 85"] },
            { "id": "i2", "markings": [] },
        ]});
        let codes = case_codes(&body);
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[0].kind, "nsn");
        assert!(codes[0].fields.contains_key("nsn"));
        assert_eq!(codes[1].kind, "plain_text");
        assert_eq!(codes[1].item_id, "i1");
        assert!(case_codes(&Value::Null).is_empty());
    }
}
