//! `GET /api/v1/audit/head`: the audit chain's head, signed, for an administrator to
//! hand to a third party who records it (and later checks the chain with
//! `tracemark audit verify --expect SEQ:HASH`).

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::checkpoint::{self, Checkpoint};
use crate::api::{ApiError, ApiResult, AppState, ErrorBody};
use crate::identity::Admin;

/// The audit routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(signed_head))
}

#[utoipa::path(get, path = "/api/v1/audit/head", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "the newest entry's sequence number and hash, signed with the audit key", body = Checkpoint),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, description = "the log does not extend the last signed head: nothing is signed until it is checked", body = ErrorBody)))]
async fn signed_head(
    State(state): State<AppState>,
    Admin(_caller): Admin,
) -> ApiResult<Json<Checkpoint>> {
    let signer = std::sync::Arc::clone(&state.audit_signer);
    let cp = state
        .db
        .on_writer(move |c| {
            checkpoint::checkpoint(c, &signer).map_err(|e| match e {
                checkpoint::CheckpointError::Db(e) => ApiError::from(e),
                other => {
                    tracing::error!(error = %other, "audit checkpoint refused");
                    ApiError::Conflict(other.to_string())
                }
            })
        })
        .await?;
    Ok(Json(cp))
}
