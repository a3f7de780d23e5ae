//! Sync endpoints: `POST /api/v1/sync/push` applies a device's batch of operations in
//! one transaction; `GET /api/v1/sync/pull` pages through what the device should have.
//!
//! Invariant: a batch is applied all or nothing (a failure leaves nothing half
//! written, and the device retries the same op ids); each operation gets its own
//! answer, so one bad record never blocks the rest of the batch.

mod apply;
#[cfg(test)]
pub(crate) use apply::answers_sql;
pub mod pull;
mod rules;

use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use serde::Deserialize;
use tracemark_shared::sync::{
    MAX_OPS_PER_PUSH, MAX_PUSH_BYTES, OLDEST_PROTOCOL_VERSION, OpResult, Operation,
    PROTOCOL_VERSION, PullResponse, PushResponse, unsupported_version,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{ApiError, ApiJson, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::identity::Caller;
use crate::sql::{Conn, Deferred};

/// The sync routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push))
        .routes(routes!(pull_page))
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES))
}

/// A push as received: operations are parsed one by one so that a malformed or
/// unknown one is answered on its own; each is kept as its JSON text until then (no
/// tree of values built only to be read once).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPush {
    version: u32,
    #[schema(value_type = Vec<Object>)]
    operations: Vec<Box<serde_json::value::RawValue>>,
}

/// The one field read before an operation is parsed whole: its id.
#[derive(Deserialize)]
struct OpIdOnly {
    op_id: Option<serde_json::Value>,
}

fn check_version(version: u32) -> Result<(), ApiError> {
    if (OLDEST_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&version) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedVersion(unsupported_version(version)))
    }
}

#[utoipa::path(post, path = "/api/v1/sync/push", tag = "sync", security(("bearer" = [])),
    request_body = RawPush,
    responses((status = 200, description = "one outcome per operation, in order"),
              (status = 400, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 426, description = "the app speaks another protocol version", body = ErrorBody)))]
async fn push(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(raw): ApiJson<RawPush>,
) -> ApiResult<Json<PushResponse>> {
    check_version(raw.version)?;
    let version = raw.version;
    if raw.operations.len() > MAX_OPS_PER_PUSH {
        return Err(ApiError::BadRequest(format!(
            "a push holds at most {MAX_OPS_PER_PUSH} operations; send the rest in another"
        )));
    }
    let mut parsed = Vec::with_capacity(raw.operations.len());
    for (i, raw) in raw.operations.iter().enumerate() {
        let op_id = serde_json::from_str::<OpIdOnly>(raw.get())
            .ok()
            .and_then(|o| o.op_id)
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| ApiError::BadRequest(format!("operations[{i}] has no valid op_id")))?;
        let op = serde_json::from_str::<Operation>(raw.get())
            .map_err(|e| format!("the operation cannot be read: {e}"));
        parsed.push((op_id, op));
    }
    let results = state
        .db
        .write(move |tx| {
            // The batch's rows go out a table at a time (sql::Deferred): on
            // PostgreSQL every statement is a round trip.
            let deferred = Deferred::new(tx);
            let results = apply_batch(&deferred, &caller, version, parsed)?;
            deferred.flush()?;
            Ok::<_, ApiError>(results)
        })
        .await?;
    Ok(Json(PushResponse { results }))
}

/// Applies a push's operations in order and audits the batch in one entry.
fn apply_batch(
    tx: &impl Conn,
    caller: &Caller,
    version: u32,
    parsed: Vec<(Uuid, Result<Operation, String>)>,
) -> Result<Vec<OpResult>, ApiError> {
    let mut results = Vec::with_capacity(parsed.len());
    let mut cache = apply::BatchCache::for_version(version);
    cache.prefetch(tx, caller, &parsed)?;
    for (op_id, op) in parsed {
        results.push(apply::apply(tx, &mut cache, caller, op_id, op)?);
    }
    // One audit entry for the batch, naming every write in it.
    apply::audit_batch(tx, &cache, caller)?;
    Ok(results)
}

/// Pull parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PullParams {
    /// Protocol version of the app.
    version: u32,
    /// Cursor from the last pull; absent on the first.
    cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/sync/pull", tag = "sync", security(("bearer" = [])),
    params(PullParams),
    responses((status = 200, description = "a page of items and the next cursor"),
              (status = 400, body = ErrorBody), (status = 426, body = ErrorBody)))]
async fn pull_page(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<PullParams>,
) -> ApiResult<Json<PullResponse>> {
    check_version(params.version)?;
    let after = pull::parse_cursor(params.cursor.as_deref())?;
    let page = state
        .db
        .call(move |c| pull::page(c, &caller, after, params.version))
        .await?;
    Ok(Json(page))
}
