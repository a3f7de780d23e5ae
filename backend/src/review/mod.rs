//! Review: a supervisor reads the queue of submitted records of their agency
//! ([`queue`]), looks at a record's whole history ([`revisions`]), and approves it or
//! returns it to its author with a comment; the decision reaches the author's device
//! on its next pull, and is written to the audit log.
//!
//! Invariant: only submitted records are decided; a decision is a new revision (the
//! record is never changed in place) and the author gets exactly one pull item for it.

pub mod queue;
pub mod revisions;

use crate::args;
use crate::sql::{Conn, ConnExt};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::domain::{RecordKind, RecordStatus};
use tracemark_shared::sync::ReviewDecision;
use tracemark_shared::validate::{TextKind, Validator};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
use crate::records::{self, NewRevision};
use crate::sync::pull::record_change;

/// The review routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(decide))
        .routes(routes!(queue_page))
        .routes(routes!(history))
}

/// Queue parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only `stock_check` or only `seizure_case`.
    kind: Option<String>,
    /// Page size, 1 to 100 (default 50).
    limit: Option<u32>,
    /// The `next` value of the previous page.
    after: Option<String>,
}

pub use tracemark_shared::api::review::QueuePage;

#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", security(("bearer" = [])),
    params(QueueQuery),
    responses((status = 200, body = QueuePage), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
async fn queue_page(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> ApiResult<Json<QueuePage>> {
    let kind = match q.kind.as_deref() {
        None => None,
        Some(name) => match name.parse::<RecordKind>() {
            Ok(k) if queue::QUEUE_KINDS.contains(&k) => Some(k),
            _ => {
                let kinds: Vec<&str> = queue::QUEUE_KINDS.iter().map(|k| k.as_str()).collect();
                return Err(ApiError::BadRequest(format!(
                    "records of kind {name:?} are not reviewed; use one of {}",
                    kinds.join(", ")
                )));
            }
        },
    };
    let after = q.after.as_deref().map(queue::Cursor::parse).transpose()?;
    let limit = q.limit.unwrap_or(50).clamp(1, queue::MAX_QUEUE_PAGE);
    let (entries, next) = state
        .db
        .write(move |tx| queue::read(tx, &caller, kind, after.as_ref(), limit, json!({})))
        .await?;
    Ok(Json(QueuePage { entries, next }))
}

#[utoipa::path(get, path = "/api/v1/records/{id}/revisions", tag = "records", security(("bearer" = [])),
    params(("id" = String, Path, description = "record id")),
    responses((status = 200, body = revisions::History),
              (status = 404, description = "no record the caller may see has this id", body = ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<revisions::History>> {
    let history = state
        .db
        .write(move |tx| {
            let history =
                revisions::of_record(&tx, &caller, &id)?.ok_or(StoreError::NotFound("record"))?;
            // Who looked at a case's history is audited like a read of the case.
            if history.kind.is_case() {
                audit::append(
                    &tx,
                    &Entry {
                        actor: caller.actor(),
                        action: "read_revisions",
                        subject: &id,
                        detail: json!({ "kind": history.kind }),
                    },
                )?;
            }
            Ok::<_, StoreError>(history)
        })
        .await?;
    Ok(Json(history))
}

/// A decision.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `approve` or `return`.
    #[schema(value_type = String, example = "return")]
    decision: ReviewDecision,
    /// Required when returning: what the author should correct.
    comment: Option<String>,
}

pub use tracemark_shared::api::review::DecisionResponse;

#[utoipa::path(post, path = "/api/v1/records/{id}/review", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "record id")),
    request_body = DecisionRequest,
    responses((status = 200, body = DecisionResponse), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 409, description = "the record is not submitted", body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> ApiResult<Json<DecisionResponse>> {
    let comment = checked_comment(req.decision, req.comment)?;
    let response = state
        .db
        .write(move |tx| {
            let response = decide_in(&tx, &caller, &id, req.decision, comment.as_deref())?;
            Ok::<_, StoreError>(response)
        })
        .await?;
    Ok(Json(response))
}

/// Checks a decision's comment: trimmed, required when returning, bounded.
pub fn checked_comment(
    decision: ReviewDecision,
    comment: Option<String>,
) -> Result<Option<String>, StoreError> {
    let comment = comment
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let mut v = Validator::new();
    if decision == ReviewDecision::Return && comment.is_none() {
        v.report("comment", tracemark_shared::validate::Rule::Required);
    }
    v.opt_text("comment", comment.as_deref(), TextKind::Long);
    v.finish().map_err(StoreError::Invalid)?;
    Ok(comment)
}

/// Approves or returns the submitted record `id` of the caller's agency in `tx`: a new
/// revision, the review row, the author's pull item and the audit entry. Another
/// agency's record is "not found"; one not submitted is a conflict.
pub fn decide_in(
    tx: &impl Conn,
    caller: &Caller,
    id: &str,
    decision: ReviewDecision,
    comment: Option<&str>,
) -> Result<DecisionResponse, StoreError> {
    let cur = records::current(tx, id)?
        .filter(|r| r.agency_id == caller.agency_id)
        .ok_or(StoreError::NotFound("record"))?;
    if cur.status != RecordStatus::Submitted {
        return Err(StoreError::Conflict(format!(
            "only submitted records can be reviewed; this one is {}",
            cur.status
        )));
    }
    let status = match decision {
        ReviewDecision::Approve => RecordStatus::Approved,
        ReviewDecision::Return => RecordStatus::Returned,
    };
    let mut body = cur.body.clone();
    records::set_body_status(cur.kind, &mut body, status);
    let revision = cur.revision + 1;
    // The decided revision keeps referencing the record's photos.
    let photos: Vec<String> = tx.query(
        "SELECT sha256 FROM record_photos WHERE record_id = ?1",
        args![id],
        |r| r.get(0),
    )?;
    records::write_revision(
        tx,
        &NewRevision {
            id,
            revision,
            status,
            body: &body,
            photos: &photos,
            scope: None,
            author_user_id: &caller.user_id,
            device_id: None,
        },
    )?;
    let review_id: i64 = tx.query_one(
        "INSERT INTO reviews (record_id, revision, decision, comment, reviewer_user_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        args![
            id,
            revision,
            if status == RecordStatus::Approved {
                "approve"
            } else {
                "return"
            },
            comment,
            caller.user_id,
            db::now()
        ],
        |r| r.get(0),
    )?;
    let review_id = review_id.to_string();
    record_change(tx, "review", &review_id, Some(&cur.author_user_id), None)?;
    audit::append(
        tx,
        &Entry {
            actor: caller.actor(),
            action: "review_decision",
            subject: id,
            detail: json!({ "decision": status.as_str(), "revision": revision }),
        },
    )?;
    Ok(DecisionResponse {
        record_id: id.to_string(),
        status,
        revision,
    })
}
