//! Access requests: a supervisor asks the agency that holds matching records to see
//! them — records of a lot (trace criteria) or records naming a party, identifier or
//! place (a party search); a supervisor of the holder grants (all its matching
//! records, or some, for a number of days) or refuses. Every step is in the audit log.
//!
//! Invariant: only the two agencies of a request see it; only the holder sees which of
//! its records match, and only the holder decides; a grant names records of the holder
//! that match the request's criteria or party search, and nothing else.

use crate::args;
use crate::sql::{Conn, ConnExt, Row, SqlError};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::validate::{Rule, TextKind, Validator};

use super::parties;
use super::query::{self, Criteria, CriteriaExt};
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
pub use tracemark_shared::api::tracing::{
    AccessRequest as RequestView, Decision, DecisionBody, MAX_GRANT_DAYS, Mailbox, NewRequest,
    PartySearch,
};

/// Default length of a grant, in days.
pub const DEFAULT_GRANT_DAYS: u16 = 30;
/// Most records one decision may name.
pub const MAX_GRANT_RECORDS: usize = 1000;
/// Most requests in one listing (newest first).
pub const MAX_LISTED: u32 = 200;

const SELECT_REQUEST: &str = "SELECT q.id, q.requester_agency_id, ra.name, q.holder_agency_id,
        ha.name, q.criteria, q.reason, q.status, q.created_at, q.decided_at, q.comment,
        q.expires_at, q.party
    FROM access_requests q JOIN agencies ra ON ra.id = q.requester_agency_id
         JOIN agencies ha ON ha.id = q.holder_agency_id";

fn request_row(r: &Row<'_>) -> Result<RequestView, SqlError> {
    let criteria: String = r.get(5)?;
    let party: Option<String> = r.get(12)?;
    Ok(RequestView {
        id: r.get(0)?,
        requester_agency_id: r.get(1)?,
        requester_agency_name: r.get(2)?,
        holder_agency_id: r.get(3)?,
        holder_agency_name: r.get(4)?,
        criteria: serde_json::from_str(&criteria).unwrap_or_default(),
        reason: r.get(6)?,
        status: r.get(7)?,
        created_at: r.get(8)?,
        decided_at: r.get(9)?,
        comment: r.get(10)?,
        expires_at: r.get(11)?,
        party: party.and_then(|p| serde_json::from_str(&p).ok()),
        granted_records: Vec::new(),
        matching: None,
        matching_parties: None,
        matching_truncated: None,
    })
}

fn load(c: &impl Conn, id: &str) -> Result<Option<RequestView>, SqlError> {
    let Some(mut view) = c.query_opt(
        &format!("{SELECT_REQUEST} WHERE q.id = ?1"),
        args![id],
        request_row,
    )?
    else {
        return Ok(None);
    };
    view.granted_records = c.query(
        "SELECT record_id FROM access_grants WHERE request_id = ?1 ORDER BY record_id",
        args![id],
        |r| r.get(0),
    )?;
    Ok(Some(view))
}

/// A request one of whose agencies is the caller's; anyone else gets 404.
fn load_for(c: &impl Conn, caller: &Caller, id: &str) -> Result<RequestView, StoreError> {
    load(c, id)?
        .filter(|q| {
            q.holder_agency_id == caller.agency_id || q.requester_agency_id == caller.agency_id
        })
        .ok_or(StoreError::NotFound("access request"))
}

/// Adds the holder's own matching records to a request the holder reads.
fn with_matches(
    c: &impl Conn,
    caller: &Caller,
    mut view: RequestView,
) -> Result<RequestView, StoreError> {
    if view.holder_agency_id == caller.agency_id {
        if let Some(search) = &view.party {
            let (matching, truncated) = parties::own_matches(c, &caller.agency_id, search)?;
            view.matching_parties = Some(matching);
            view.matching_truncated = Some(truncated);
        } else {
            let f = view.criteria.filter().map_err(StoreError::Invalid)?;
            let (matching, truncated) = query::own_matches(c, caller, &f)?;
            view.matching = Some(matching);
            view.matching_truncated = Some(truncated);
        }
    }
    Ok(view)
}

#[utoipa::path(post, path = "/api/v1/access-requests", tag = "tracing", security(("bearer" = [])),
    request_body = NewRequest,
    responses((status = 201, body = RequestView), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, description = "no such agency", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(super) async fn create(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiJson(req): ApiJson<NewRequest>,
) -> ApiResult<(StatusCode, Json<RequestView>)> {
    let view = state
        .db
        .write(move |tx| {
            let asked = Asked {
                criteria: &req.criteria,
                party: req.party.as_ref(),
            };
            let view = create_in(&tx, &caller, &req.agency_id, asked, &req.reason)?;
            Ok::<_, StoreError>(view)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// What a request asks for: records of a lot (`criteria`), or records a party
/// search matches (`party`, with `criteria` empty).
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// Trace criteria.
    pub criteria: &'a Criteria,
    /// A party search.
    pub party: Option<&'a PartySearch>,
}

/// Sends an access request from `caller`'s agency to `agency_id` (checked, stored,
/// audited): the API's and the console's path.
pub fn create_in(
    tx: &impl Conn,
    caller: &Caller,
    agency_id: &str,
    asked: Asked<'_>,
    reason: &str,
) -> Result<RequestView, StoreError> {
    let mut v = Validator::new();
    let mut filter = None;
    let mut party = None;
    match asked.party {
        Some(search) => {
            if !asked.criteria.is_empty() {
                v.report(
                    "criteria",
                    Rule::Format {
                        expected: "empty when the request names a party".into(),
                    },
                );
            }
            let mut n = PartySearch::default();
            v.within("party", |v| n = parties::normalised(search, v));
            // As for holders in a search: concealment words alone name no one.
            if !parties::names_holders(&n) {
                v.report(
                    "party",
                    Rule::Format {
                        expected: "a party's name, an identifier or a place".into(),
                    },
                );
            }
            party = Some(n);
        }
        None => v.within("criteria", |v| filter = Some(asked.criteria.check(v))),
    }
    v.text("reason", reason.trim(), TextKind::Long);
    if agency_id == caller.agency_id {
        v.report(
            "agency_id",
            Rule::Format {
                expected: "another agency than yours (your own records need no request)".into(),
            },
        );
    }
    v.finish().map_err(StoreError::Invalid)?;
    let criteria = filter.map(|f| f.normalised).unwrap_or_default();
    let known: Option<i64> = tx.query_opt(
        "SELECT 1 FROM agencies WHERE id = ?1",
        args![agency_id],
        |r| r.get(0),
    )?;
    if known.is_none() {
        return Err(StoreError::NotFound("agency"));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let criteria_json = serde_json::to_string(&criteria).map_err(anyhow::Error::from)?;
    let party_json = party
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(anyhow::Error::from)?;
    tx.execute(
        "INSERT INTO access_requests (id, requester_agency_id, requester_user_id,
             holder_agency_id, criteria, reason, status, created_at, party)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8)",
        args![
            id,
            caller.agency_id,
            caller.user_id,
            agency_id,
            criteria_json,
            reason.trim(),
            db::now(),
            party_json
        ],
    )?;
    let detail = match &party {
        Some(p) => json!({ "holder": agency_id, "criteria": criteria, "party": p }),
        None => json!({ "holder": agency_id, "criteria": criteria }),
    };
    audit::append(
        tx,
        &Entry {
            actor: caller.actor(),
            action: "access_request",
            subject: &id,
            detail,
        },
    )?;
    load(tx, &id)?.ok_or(StoreError::NotFound("access request"))
}

/// Listing parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `incoming` (default) or `outgoing`.
    #[serde(rename = "box", default)]
    #[param(rename = "box", inline)]
    mailbox: Mailbox,
}

#[utoipa::path(get, path = "/api/v1/access-requests", tag = "tracing", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Vec<RequestView>), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub(super) async fn list(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<RequestView>>> {
    let views = state
        .db
        .call(move |c| list_in(c, &caller, q.mailbox))
        .await?;
    Ok(Json(views))
}

/// The newest requests to (`Incoming`) or from (`Outgoing`) the caller's agency.
pub fn list_in(
    c: &impl Conn,
    caller: &Caller,
    mailbox: Mailbox,
) -> Result<Vec<RequestView>, StoreError> {
    let column = match mailbox {
        Mailbox::Incoming => "q.holder_agency_id",
        Mailbox::Outgoing => "q.requester_agency_id",
    };
    let ids: Vec<String> = c.query(
        &format!(
            "SELECT q.id FROM access_requests q WHERE {column} = ?1
             ORDER BY q.created_at DESC, q.id LIMIT ?2"
        ),
        args![caller.agency_id, MAX_LISTED],
        |r| r.get(0),
    )?;
    let mut views = Vec::new();
    for id in ids {
        views.extend(load(c, &id)?);
    }
    Ok(views)
}

#[utoipa::path(get, path = "/api/v1/access-requests/{id}", tag = "tracing", security(("bearer" = [])),
    params(("id" = String, Path, description = "access request id")),
    responses((status = 200, description = "the request; the holder also gets its matching records", body = RequestView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn one(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<RequestView>> {
    let view = state
        .db
        .write(move |tx| {
            let view = one_in(&tx, &caller, &id)?;
            Ok::<_, StoreError>(view)
        })
        .await?;
    Ok(Json(view))
}

/// One request of the caller's agency; the holder also gets its matching records,
/// and that reading is audited.
pub fn one_in(tx: &impl Conn, caller: &Caller, id: &str) -> Result<RequestView, StoreError> {
    let view = load_for(tx, caller, id)?;
    let view = with_matches(tx, caller, view)?;
    let mut ids: Vec<&str> = view
        .matching
        .iter()
        .flatten()
        .map(|m| m.record_id.as_str())
        .chain(
            view.matching_parties
                .iter()
                .flatten()
                .map(|m| m.record_id.as_str()),
        )
        .collect();
    ids.sort_unstable();
    ids.dedup();
    audit::reads(
        tx,
        caller.actor(),
        "read_request_matches",
        &ids,
        serde_json::json!({ "request": view.id }),
    )?;
    Ok(view)
}

fn check_decision(d: &DecisionBody) -> Result<(), StoreError> {
    let mut v = Validator::new();
    let only_with_grant = || Rule::Format {
        expected: "given only when granting".into(),
    };
    if let Some(days) = d.days {
        v.range("days", days, 1, MAX_GRANT_DAYS);
    }
    if let Some(ids) = &d.record_ids {
        v.count("record_ids", ids.len(), 1, MAX_GRANT_RECORDS);
        v.unique("record_ids", ids);
    }
    if d.decision == Decision::Refuse {
        if d.days.is_some() {
            v.report("days", only_with_grant());
        }
        if d.record_ids.is_some() {
            v.report("record_ids", only_with_grant());
        }
    }
    v.opt_text("comment", d.comment.as_deref(), TextKind::Long);
    v.finish().map_err(StoreError::Invalid)
}

#[utoipa::path(post, path = "/api/v1/access-requests/{id}/decision", tag = "tracing", security(("bearer" = [])),
    params(("id" = String, Path, description = "access request id")),
    request_body = DecisionBody,
    responses((status = 200, body = RequestView), (status = 400, body = ErrorBody),
              (status = 403, description = "the caller's agency sent the request; the holder decides", body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 409, description = "already decided", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(super) async fn decide(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<Json<RequestView>> {
    let view = state
        .db
        .write(move |tx| {
            let view = decide_in(&tx, &caller, &id, &body)?;
            Ok::<_, StoreError>(view)
        })
        .await?;
    Ok(Json(view))
}

/// The holder's decision on request `id` (checked, stored, audited): the API's and the
/// console's path.
pub fn decide_in(
    tx: &impl Conn,
    caller: &Caller,
    id: &str,
    body: &DecisionBody,
) -> Result<RequestView, StoreError> {
    check_decision(body)?;
    let request = load_for(tx, caller, id)?;
    if request.holder_agency_id != caller.agency_id {
        return Err(StoreError::Forbidden(
            "only a supervisor of the agency holding the records decides",
        ));
    }
    if request.status != "pending" {
        return Err(StoreError::Conflict(format!(
            "this request was already {}",
            request.status
        )));
    }
    let comment = body
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    match body.decision {
        Decision::Grant => grant(tx, caller, &request, body, comment)?,
        Decision::Refuse => refuse(tx, caller, &request, comment)?,
    }
    let view = load(tx, id)?.ok_or(StoreError::NotFound("access request"))?;
    with_matches(tx, caller, view)
}

fn grant(
    tx: &impl Conn,
    caller: &Caller,
    request: &RequestView,
    body: &DecisionBody,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    let matching = match &request.party {
        Some(search) => parties::own_record_ids(tx, &caller.agency_id, search)?,
        None => {
            let f = request.criteria.filter().map_err(StoreError::Invalid)?;
            query::own_record_ids(tx, &caller.agency_id, &f)?
        }
    };
    let chosen: Vec<String> = match &body.record_ids {
        Some(ids) => {
            let mut v = Validator::new();
            for (i, rid) in ids.iter().enumerate() {
                if !matching.contains(rid) {
                    v.report(
                        &format!("record_ids[{i}]"),
                        Rule::Format {
                            expected: "one of your records that match the request".into(),
                        },
                    );
                }
            }
            v.finish().map_err(StoreError::Invalid)?;
            ids.clone()
        }
        None => matching,
    };
    if chosen.is_empty() {
        let mut v = Validator::new();
        v.report(
            "record_ids",
            Rule::Format {
                expected: "records of yours that match the request; none does, so refuse it".into(),
            },
        );
        return v.finish().map_err(StoreError::Invalid);
    }
    if chosen.len() > MAX_GRANT_RECORDS {
        let mut v = Validator::new();
        v.count("record_ids", chosen.len(), 1, MAX_GRANT_RECORDS);
        return v.finish().map_err(StoreError::Invalid);
    }
    let days = body.days.unwrap_or(DEFAULT_GRANT_DAYS);
    let expires_at = db::grant_expiry(days);
    let insert =
        "INSERT INTO access_grants (record_id, agency_id, expires_at, granted_by, request_id)
         VALUES (?1, ?2, ?3, ?4, ?5)";
    for rid in &chosen {
        tx.execute(
            insert,
            args![
                rid,
                request.requester_agency_id,
                expires_at,
                caller.user_id,
                request.id
            ],
        )?;
    }
    decided(
        tx,
        caller,
        &request.id,
        "granted",
        comment,
        Some(&expires_at),
    )?;
    audit::append(
        tx,
        &Entry {
            actor: caller.actor(),
            action: "access_grant",
            subject: &request.id,
            detail: json!({
                "requester": request.requester_agency_id,
                "records": chosen,
                "days": days,
                "expires_at": expires_at,
            }),
        },
    )?;
    Ok(())
}

fn refuse(
    tx: &impl Conn,
    caller: &Caller,
    request: &RequestView,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    decided(tx, caller, &request.id, "refused", comment, None)?;
    audit::append(
        tx,
        &Entry {
            actor: caller.actor(),
            action: "access_refuse",
            subject: &request.id,
            detail: json!({ "requester": request.requester_agency_id }),
        },
    )?;
    Ok(())
}

fn decided(
    tx: &impl Conn,
    caller: &Caller,
    id: &str,
    status: &str,
    comment: Option<&str>,
    expires_at: Option<&str>,
) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE access_requests SET status = ?2, decided_by = ?3, decided_at = ?4, comment = ?5,
             expires_at = ?6
         WHERE id = ?1 AND status = 'pending'",
        args![id, status, caller.user_id, db::now(), comment, expires_at],
    )?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(
            "this request was decided meanwhile".into(),
        ))
    }
}
