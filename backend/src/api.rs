//! What every HTTP route shares: the one error type that *is* the HTTP answer, the
//! JSON extractor that turns bad bodies into that error, and the application state.
//!
//! Invariant: every failure a client sees is `{ "error": { "code", "message" } }`
//! with a 4xx/5xx status; internal details are logged, never sent.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracemark_shared::validate::ValidationErrors;

use crate::config::Config;
use crate::db::{Db, DbError, StoreError};
use crate::sql::SqlError;

/// Shared state of the service.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Settings.
    pub config: Arc<Config>,
    /// Photo blobs.
    pub photos: Arc<crate::photos::PhotoStore>,
    /// Uploads in progress.
    pub uploads: Arc<crate::photos::UploadLocks>,
    /// The key that signs audit checkpoints.
    pub audit_signer: Arc<crate::audit::Signer>,
    /// Password checks allowed at once (each takes tens of MiB and a core).
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Recently resolved tokens (cleared by every revocation).
    pub tokens: Arc<crate::identity::cache::TokenCache>,
}

/// An API failure; each variant's status is in its doc comment.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no valid credentials (answered with `WWW-Authenticate: Bearer`).
    #[error("sign in again: the token is missing, expired or revoked")]
    Unauthorized,
    /// 401: wrong username or password (never says which).
    #[error("wrong username or password")]
    BadLogin,
    /// 403: signed in, but not allowed to do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// 404: nothing the caller may see has this id.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 409: the request conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// 413: the body is larger than this route accepts.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(u64),
    /// 415: the content type is not one this route accepts.
    #[error("{0}")]
    UnsupportedMedia(String),
    /// 422: the body is well-formed but breaks validation rules.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// 422: the stored content cannot be processed (e.g. a photo that cannot be
    /// decoded); the message says why.
    #[error("{0}")]
    Unprocessable(String),
    /// 426: the app speaks a sync protocol version the server does not.
    #[error("{0}")]
    UnsupportedVersion(String),
    /// 429: too many attempts; retry after the given seconds.
    #[error("too many attempts; try again in {0} seconds")]
    TooManyRequests(u64),
    /// 429: a quota of the caller's agency is used up; the message says which.
    #[error("{0}")]
    Quota(String),
    /// 503: the database cannot be reached.
    #[error("the service is temporarily unavailable; try again shortly")]
    Unavailable(String),
    /// 503: the photo store (files or bucket) failed; logged with detail.
    #[error("the photo store is temporarily unavailable; try again shortly")]
    PhotoStore(std::io::Error),
    /// 500: a bug or an environment failure, logged with detail.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub(crate) fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::BadLogin => (StatusCode::UNAUTHORIZED, "bad_login"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::UnsupportedMedia(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            ApiError::UnsupportedVersion(_) => {
                (StatusCode::UPGRADE_REQUIRED, "unsupported_version")
            }
            ApiError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Quota(_) => (StatusCode::TOO_MANY_REQUESTS, "quota"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::PhotoStore(_) => (StatusCode::SERVICE_UNAVAILABLE, "photo_store_unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

/// What went wrong.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail<'a> {
    /// Stable machine-readable code, e.g. `not_found`.
    code: &'a str,
    /// What happened and what to do, in words.
    message: String,
    /// For `invalid`: each field and the rule it breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    fields: Option<&'a ValidationErrors>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "database unavailable"),
            ApiError::PhotoStore(e) => tracing::warn!(error = %e, "photo store unavailable"),
            _ => {}
        }
        let fields = match &self {
            ApiError::Invalid(v) => Some(v),
            _ => None,
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.to_string(),
                fields,
            },
        };
        let mut resp = (status, axum::Json(body)).into_response();
        match self {
            ApiError::Unauthorized | ApiError::BadLogin => {
                resp.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::TooManyRequests(secs) => {
                if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                    resp.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        resp
    }
}

impl From<DbError<ApiError>> for ApiError {
    fn from(e: DbError<ApiError>) -> Self {
        match e {
            DbError::Unavailable(m) => ApiError::Unavailable(m),
            DbError::Work(e) => e,
        }
    }
}

impl From<SqlError> for ApiError {
    fn from(e: SqlError) -> Self {
        if e.is_constraint() {
            ApiError::Conflict("this conflicts with a stored record".into())
        } else if e.is_busy() {
            ApiError::Unavailable(e.to_string())
        } else {
            ApiError::Internal(e.into())
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        SqlError::from(e).into()
    }
}

/// The one place a storage failure becomes an HTTP answer.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(what),
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Invalid(v) => ApiError::Invalid(v),
            StoreError::Refused(m) => ApiError::BadRequest(m),
            StoreError::Forbidden(m) => ApiError::Forbidden(m),
            StoreError::TooMany(secs) => ApiError::TooManyRequests(secs),
            StoreError::Db(e) => e.into(),
            StoreError::Other(e) => ApiError::Internal(e),
        }
    }
}

impl From<DbError<StoreError>> for ApiError {
    fn from(e: DbError<StoreError>) -> Self {
        match e {
            DbError::Unavailable(m) => ApiError::Unavailable(m),
            DbError::Work(e) => e.into(),
        }
    }
}

/// A JSON body whose every failure (syntax, types, unknown fields, size, content
/// type) is an [`ApiError`] with a message that says what to fix.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::UnsupportedMedia(
                "send the body as JSON with Content-Type: application/json".into(),
            )),
            Err(JsonRejection::BytesRejection(e))
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(ApiError::TooLarge(crate::server::JSON_BODY_LIMIT as u64))
            }
            Err(e) => Err(ApiError::BadRequest(e.body_text())),
        }
    }
}

/// Query parameters whose parse failures are [`ApiError`]s.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// Path parameters whose parse failures are [`ApiError`]s.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use tracemark_shared::validate::{Rule, Validator};

    fn status(e: StoreError) -> u16 {
        ApiError::from(e).status_and_code().0.as_u16()
    }

    #[test]
    fn each_storage_failure_becomes_one_answer() {
        let mut v = Validator::new();
        v.report("name", Rule::Required);
        let invalid = v.finish().unwrap_err();
        assert_eq!(status(StoreError::NotFound("record")), 404);
        assert_eq!(status(StoreError::Conflict("decided".into())), 409);
        assert_eq!(status(StoreError::Invalid(invalid)), 422);
        assert_eq!(status(StoreError::Refused("no such option".into())), 400);
        assert_eq!(status(StoreError::Forbidden("supervisors only")), 403);
        assert_eq!(status(StoreError::TooMany(60)), 429);
        assert_eq!(status(StoreError::Other(anyhow::anyhow!("disk"))), 500);
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert_eq!(status(StoreError::from(busy)), 503);
        let taken = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
            None,
        );
        assert_eq!(status(StoreError::from(taken)), 409);
        // The command line prints the storage layer's own words.
        assert_eq!(
            StoreError::NotFound("stock check").to_string(),
            "stock check not found"
        );
    }
}
