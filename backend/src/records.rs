//! Records of every kind (stock checks, count lines, seizure cases, transfers) and the
//! one rule that guards them: who may see a record is decided in SQL, by its owning
//! agency and the sharing scope its provider chose.
//!
//! Invariant: every read here goes through [`VISIBLE`], a `WHERE` clause over the
//! caller's agency and country; no handler filters records after the query.

use crate::sql::{Conn, ConnExt, Row, SqlError};
use crate::{args, named};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::domain::{
    AmmunitionLot, AmmunitionType, RecordKind, RecordStatus, SharingScope,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiError, ApiPath, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::db::StoreError;
use crate::identity::Caller;

/// The visibility rule with the owner's country given by `$country` (an SQL
/// expression): one text for both forms below, so they cannot drift apart.
macro_rules! visible_rule {
    ($country:literal) => {
        concat!(
            "(r.agency_id = :agency
    OR (r.scope = 'national' AND ",
            $country,
            " = :country)
    OR (r.scope = 'partners' AND EXISTS (SELECT 1 FROM record_partners p
                                         WHERE p.record_id = r.id AND p.agency_id = :agency))
    OR EXISTS (SELECT 1 FROM access_grants g
               WHERE g.record_id = r.id AND g.agency_id = :agency
                 AND g.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
        )
    };
}

/// The visibility rule, for a record aliased `r`; binds `:agency` and `:country`.
/// Besides the provider's scope, a live access grant (see `tracing`) makes one record
/// visible to one agency until it expires; the time is SQL's own, in the text form of
/// [`db::grant_expiry`] (whole seconds, so text order is time order).
pub const VISIBLE: &str =
    visible_rule!("(SELECT a.country FROM agencies a WHERE a.id = r.agency_id)");

/// [`VISIBLE`] for a query that already joins the owning agency as `a`
/// (`JOIN agencies a ON a.id = r.agency_id`), which then gives the country.
pub const VISIBLE_OWNER_JOINED: &str = visible_rule!("a.country");

/// A record kind given by name (a query parameter, a form field), or a 400 naming the
/// kinds there are.
pub fn kind_named(name: &str) -> Result<RecordKind, StoreError> {
    name.trim().parse().map_err(|_| {
        let kinds: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        StoreError::Refused(format!(
            "unknown record kind {name:?}; use one of {}",
            kinds.join(", ")
        ))
    })
}

/// Largest page of a listing.
pub const MAX_PAGE: u32 = 500;

/// A record to store (its first revision).
pub struct NewRecord<'a> {
    /// Client-made id.
    pub id: &'a str,
    /// What it is.
    pub kind: RecordKind,
    /// Owning agency.
    pub agency_id: &'a str,
    /// Sharing scope chosen by the provider.
    pub scope: &'a SharingScope,
    /// Workflow status (draft, submitted…).
    pub status: RecordStatus,
    /// The record as JSON.
    pub body: &'a serde_json::Value,
    /// SHA-256 of the photos it references.
    pub photos: &'a [String],
    /// Author.
    pub author_user_id: &'a str,
    /// Device it came from.
    pub device_id: Option<&'a str>,
}

fn scope_name(scope: &SharingScope) -> &'static str {
    match scope {
        SharingScope::OwnAgency => "own_agency",
        SharingScope::National => "national",
        SharingScope::Partners { .. } => "partners",
    }
}

/// Inserts a record with its first revision, partners, photo references and lot
/// index rows.
pub fn insert(c: &impl Conn, r: &NewRecord<'_>) -> Result<(), StoreError> {
    let now = db::now();
    let body = r.body.to_string();
    let priority = r.kind.is_case().then(|| case_priority(r.body)).flatten();
    c.execute("INSERT INTO records (id, kind, agency_id, scope, status, revision, body, author_user_id, updated_at, priority)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9)", args![r.id, r.kind.as_str(), r.agency_id, scope_name(r.scope), r.status.as_str(), body, r.author_user_id, now, priority.map(AmmunitionType::as_str)])?;
    // A new record has no partners, lot index rows or photo links to replace yet.
    add_partners(c, r.id, r.scope)?;
    crate::tracing::index_new(c, r.id, r.kind, r.agency_id, r.body)?;
    keep_revision(
        c,
        r.id,
        1,
        &body,
        r.author_user_id,
        r.device_id,
        &now,
        r.photos,
    )
}

/// The ammunition type that flags a seizure case's body for priority investigation:
/// the first of its items whose lot is MANPADS or ATGW, as stated or, where the item
/// says no type, as its marks tell ([`AmmunitionLot::kind`]).
pub fn case_priority(body: &serde_json::Value) -> Option<AmmunitionType> {
    body.get("items")?
        .as_array()?
        .iter()
        .filter_map(|item| AmmunitionLot::deserialize(item.get("lot")?).ok())
        .filter_map(|lot| lot.kind())
        .find(|t| t.is_priority())
}

/// Flags the seizure cases already stored (schema version 12), by [`case_priority`].
pub fn flag_stored_cases(c: &impl Conn) -> Result<(), SqlError> {
    let cases: Vec<(String, String)> = c.query(
        "SELECT id, body FROM records WHERE kind = 'seizure_case'",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    for (id, body) in cases {
        let body: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        if let Some(t) = case_priority(&body) {
            c.execute(
                "UPDATE records SET priority = ?2 WHERE id = ?1",
                args![id, t.as_str()],
            )?;
        }
    }
    Ok(())
}

/// Keeps one revision for ever and points the record at the photos it references.
#[allow(clippy::too_many_arguments)]
fn keep_revision(
    c: &impl Conn,
    id: &str,
    revision: i64,
    body: &str,
    author: &str,
    device: Option<&str>,
    at: &str,
    photos: &[String],
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO record_revisions (record_id, revision, body, author_user_id, device_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![id, revision, body, author, device, at],
    )?;
    if revision > 1 {
        c.execute("DELETE FROM record_photos WHERE record_id = ?1", args![id])?;
    }
    for sha in photos {
        c.execute(
            "INSERT INTO record_photos (record_id, sha256) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            args![id, sha],
        )?;
    }
    Ok(())
}

/// A record's stored state, read by writers before they decide (unscoped: writers
/// check the owning agency themselves and never return this to another agency).
#[derive(Debug, Clone)]
pub struct Current {
    /// Kind.
    pub kind: RecordKind,
    /// Owning agency.
    pub agency_id: String,
    /// Workflow status.
    pub status: RecordStatus,
    /// Current revision.
    pub revision: i64,
    /// The record.
    pub body: serde_json::Value,
    /// Author of the current revision.
    pub author_user_id: String,
}

/// The stored state of a record, if it exists.
pub fn current(c: &impl Conn, id: &str) -> Result<Option<Current>, SqlError> {
    c.query_opt(
        "SELECT kind, agency_id, status, revision, body, author_user_id FROM records WHERE id = ?1",
        args![id],
        |r| {
            let body: String = r.get(4)?;
            Ok(Current {
                kind: r.wire(0)?,
                agency_id: r.get(1)?,
                status: r.wire(2)?,
                revision: r.get(3)?,
                body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
                author_user_id: r.get(5)?,
            })
        },
    )
}

/// Sets the workflow status inside a record's JSON (where its kind keeps it).
pub fn set_body_status(kind: RecordKind, body: &mut serde_json::Value, status: RecordStatus) {
    if let Some(slot) = body.pointer_mut(kind.status_pointer()) {
        *slot = serde_json::Value::String(status.as_str().to_string());
    }
}

/// A new revision of an existing record.
pub struct NewRevision<'a> {
    /// Record id.
    pub id: &'a str,
    /// Revision number (current + 1).
    pub revision: i64,
    /// Workflow status after the change.
    pub status: RecordStatus,
    /// The record as JSON.
    pub body: &'a serde_json::Value,
    /// Photos it references (replaces the previous set).
    pub photos: &'a [String],
    /// New sharing scope, when the change sets one.
    pub scope: Option<&'a SharingScope>,
    /// Author.
    pub author_user_id: &'a str,
    /// Device it came from.
    pub device_id: Option<&'a str>,
}

fn write_partners(c: &impl Conn, id: &str, scope: &SharingScope) -> Result<(), SqlError> {
    c.execute(
        "DELETE FROM record_partners WHERE record_id = ?1",
        args![id],
    )?;
    add_partners(c, id, scope)
}

fn add_partners(c: &impl Conn, id: &str, scope: &SharingScope) -> Result<(), SqlError> {
    if let SharingScope::Partners { agencies } = scope {
        for a in agencies {
            c.execute(
                "INSERT INTO record_partners (record_id, agency_id)
                 SELECT ?1, id FROM agencies WHERE id = ?2 ON CONFLICT DO NOTHING",
                args![id, a.to_string()],
            )?;
        }
    }
    Ok(())
}

/// Stores a new revision: the record row moves on (its lot index rows with it), every
/// revision stays.
pub fn write_revision(c: &impl Conn, r: &NewRevision<'_>) -> Result<(), StoreError> {
    let now = db::now();
    let body = r.body.to_string();
    let priority = case_priority(r.body).map(AmmunitionType::as_str);
    let n = c.execute("UPDATE records SET revision = ?2, status = ?3, body = ?4, author_user_id = ?5, updated_at = ?6,
             priority = CASE WHEN kind = 'seizure_case' OR kind = 'recovered_cache' THEN ?7 END
         WHERE id = ?1 AND revision = ?2 - 1", args![r.id, r.revision, r.status.as_str(), body, r.author_user_id, now, priority])?;
    if n != 1 {
        return Err(StoreError::Conflict(
            "the record changed meanwhile; try again".into(),
        ));
    }
    if let Some(scope) = r.scope {
        c.execute(
            "UPDATE records SET scope = ?2 WHERE id = ?1",
            args![r.id, scope_name(scope)],
        )?;
        write_partners(c, r.id, scope)?;
    }
    crate::tracing::reindex(c, r.id, r.body)?;
    keep_revision(
        c,
        r.id,
        r.revision,
        &body,
        r.author_user_id,
        r.device_id,
        &now,
        r.photos,
    )
}

pub use tracemark_shared::api::review::RecordView;

pub(crate) const SELECT_VIEW: &str =
    "SELECT r.id, r.kind, r.agency_id, a.name, r.scope, r.status, r.revision, r.updated_at, r.body
     FROM records r JOIN agencies a ON a.id = r.agency_id";

pub(crate) fn view(row: &Row<'_>) -> Result<RecordView, SqlError> {
    let body: String = row.get(8)?;
    Ok(RecordView {
        id: row.get(0)?,
        kind: row.wire(1)?,
        agency_id: row.get(2)?,
        agency_name: row.get(3)?,
        scope: row.get(4)?,
        status: row.wire(5)?,
        revision: row.get(6)?,
        updated_at: row.get(7)?,
        body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    })
}

/// One record, if the caller may see it.
pub fn get_visible(
    c: &impl Conn,
    caller: &Caller,
    id: &str,
) -> Result<Option<RecordView>, SqlError> {
    let sql = format!("{SELECT_VIEW} WHERE r.id = :id AND {VISIBLE}");
    c.query_opt(
        &sql,
        named! { ":id": id, ":agency": caller.agency_id, ":country": caller.country },
        view,
    )
}

/// One record the caller may see, its reading audited (`read_record`); "not found"
/// when there is none.
pub fn read_one(c: &impl Conn, caller: &Caller, id: &str) -> Result<RecordView, StoreError> {
    let record = get_visible(c, caller, id)?.ok_or(StoreError::NotFound("record"))?;
    audit::append(
        c,
        &Entry {
            actor: caller.actor(),
            action: "read_record",
            subject: &record.id,
            detail: json!({ "kind": record.kind, "owner": record.agency_id }),
        },
    )?;
    Ok(record)
}

/// A page of records the caller may see, ordered by id, after `after`.
pub fn list_visible(
    c: &impl Conn,
    caller: &Caller,
    kind: Option<RecordKind>,
    after: &str,
    limit: u32,
) -> Result<Vec<RecordView>, SqlError> {
    let sql = format!(
        "{SELECT_VIEW} WHERE (CAST(:kind AS TEXT) IS NULL OR r.kind = :kind) AND r.id > :after AND {VISIBLE}
         ORDER BY r.id LIMIT :limit"
    );
    c.query(
        &sql,
        named! {
            ":kind": kind.map(RecordKind::as_str), ":after": after, ":limit": limit,
            ":agency": caller.agency_id, ":country": caller.country,
        },
        view,
    )
}

/// The record routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
}

/// Listing parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only records of this kind.
    kind: Option<String>,
    /// Id of the last record of the previous page.
    #[serde(default)]
    after: String,
    /// Page size, 1 to 500 (default 100).
    limit: Option<u32>,
}

pub use tracemark_shared::api::review::RecordPage as Page;

#[utoipa::path(get, path = "/api/v1/records", tag = "records", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Page), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page>> {
    let kind = q.kind.as_deref().map(kind_named).transpose()?;
    let limit = q.limit.unwrap_or(100).clamp(1, MAX_PAGE);
    let records = state
        .db
        .write(move |tx| {
            let records = list_visible(&tx, &caller, kind, &q.after, limit)?;
            // Every record the page carries is a read of case data: one entry names them.
            let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
            audit::reads(
                &tx,
                caller.actor(),
                "read_records",
                &ids,
                json!({ "kind": q.kind }),
            )?;
            Ok::<_, ApiError>(records)
        })
        .await?;
    let next = (records.len() == limit as usize)
        .then(|| records.last().map(|r| r.id.clone()))
        .flatten();
    Ok(Json(Page { records, next }))
}

#[utoipa::path(get, path = "/api/v1/records/{id}", tag = "records", security(("bearer" = [])),
    params(("id" = String, Path, description = "record id")),
    responses((status = 200, body = RecordView), (status = 404, description = "no record the caller may see has this id", body = ErrorBody)))]
async fn one(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<RecordView>> {
    let record = state
        .db
        .write(move |tx| {
            let record = read_one(&tx, &caller, &id)?;
            Ok::<_, ApiError>(record)
        })
        .await?;
    Ok(Json(record))
}
