//! Who is asking: agencies, users, roles, devices, login tokens, and the [`Caller`]
//! extractor every protected route takes.
//!
//! Invariant: a request reaches a protected handler only with a live token (not
//! expired, not revoked, user enabled, device not revoked), resolved in one query.

pub mod admin;
pub mod cache;
pub mod limiter;
mod login;
pub mod password;
mod routes;
pub mod store;
pub mod token;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tracemark_shared::domain::Role;

pub use login::{authenticate, record_sign_in};
pub use routes::{check_username, router};

use crate::api::{ApiError, AppState};
use crate::audit::Actor;
use crate::db::StoreError;

/// The signed-in user behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// User id.
    pub user_id: String,
    /// The user's agency.
    pub agency_id: String,
    /// The agency's country (ISO 3166-1 alpha-2).
    pub country: String,
    /// The user's role.
    pub role: Role,
    /// The enrolled device the token belongs to, if any.
    pub device_id: Option<String>,
    /// SHA-256 of the token used (for logout).
    pub token_hash: String,
}

impl Caller {
    /// The caller as an audit actor.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user_id.clone()),
            agency_id: Some(self.agency_id.clone()),
        }
    }

    /// Refuses callers without one of the roles.
    pub fn require(&self, roles: &[Role], what: &'static str) -> Result<(), StoreError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(StoreError::Forbidden(what))
        }
    }
}

/// Extractors for callers of one role: anyone else gets 403 before the request body
/// is even read.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $role:expr, $refusal:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Caller);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, ApiError> {
                let caller = Caller::from_request_parts(parts, state).await?;
                caller.require(&[$role], $refusal)?;
                Ok($name(caller))
            }
        }
    };
}

role_extractor!(
    /// An administrator of their agency.
    Admin,
    Role::Administrator,
    "only an administrator of your agency can do this"
);
role_extractor!(
    /// A supervisor of their agency.
    Supervisor,
    Role::Supervisor,
    "only a supervisor can do this"
);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ApiError::Unauthorized)?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| token::well_formed(t))
            .ok_or(ApiError::Unauthorized)?;
        resolve(state, token).await
    }
}

/// The caller behind a well-formed token (a bearer token or a console session), if it
/// is live: answered from [`cache`] when it was resolved less than a second ago.
pub async fn resolve(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    let hash = token::hash(token);
    if let Some(caller) = state.tokens.get(&hash) {
        return Ok(caller);
    }
    let generation = state.tokens.generation();
    let resolved = state
        .db
        .call(move |c| store::resolve_token(c, &hash).map_err(ApiError::from))
        .await?;
    let (caller, expires_at) = resolved.ok_or(ApiError::Unauthorized)?;
    state.tokens.put(&caller, expires_at, generation);
    Ok(caller)
}
