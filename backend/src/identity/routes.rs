//! HTTP routes of identity: login, logout, who-am-I, and agency administration
//! (agencies, users, passwords, devices).
//!
//! Invariant: administration routes act only within the administrator's own agency
//! (or, for new agencies, their own country), enforced in the SQL of `store`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tracemark_shared::domain::{Platform, Role};
use tracemark_shared::validate::{Rule, TextKind, Validator};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::limiter::client_ip;
use super::store::{self, AgencyRow, DeviceRow, UserRow};
use super::{Admin, Caller, admin, authenticate, password, token};
use crate::api::{ApiError, ApiJson, ApiPath, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;

/// The identity routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(change_password))
        .routes(routes!(me))
        .routes(routes!(agencies))
        .routes(routes!(create_agency))
        .routes(routes!(users, create_user))
        .routes(routes!(reset_password))
        .routes(routes!(set_disabled))
        .routes(routes!(devices))
        .routes(routes!(revoke_device))
}

/// Login request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    username: String,
    password: String,
    /// Enrol this device and bind the token to it.
    #[serde(default)]
    device: Option<DeviceInfo>,
}

/// A device to enrol at login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceInfo {
    name: String,
    #[schema(value_type = String, example = "android")]
    platform: Platform,
}

/// Login answer: the token is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    token: String,
    expires_at: String,
    user: UserRow,
    device_id: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody),
              (status = 422, description = "a field breaks its rule (an empty username, a device name too long…)", body = ErrorBody),
              (status = 429, description = "too many attempts for this account or address", body = ErrorBody),
              (status = 503, description = "too many sign-ins at once; try again", body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    if let Some(d) = &req.device {
        let mut v = Validator::new();
        v.text("device.name", &d.name, TextKind::Short);
        v.finish().map_err(ApiError::Invalid)?;
    }
    let addr = client_ip(peer.ip(), &headers, &state.config.trusted_proxies);
    let user = authenticate(&state, &req.username, req.password, addr).await?;
    let token = token::generate()?;
    let hash = token::hash(&token);
    let expires = time::OffsetDateTime::now_utc() + state.config.token_ttl;
    let expires_at = db::timestamp(expires);
    let device = req.device;
    let user_for_tx = user.clone();
    let exp = expires_at.clone();
    let device_id = state
        .db
        .write(move |tx| {
            let device_id = match &device {
                Some(d) => Some(store::enroll_device(
                    &tx,
                    &user_for_tx.id,
                    d.name.trim(),
                    d.platform,
                )?),
                None => None,
            };
            super::record_sign_in(
                &tx,
                &user_for_tx,
                &hash,
                device_id.as_deref(),
                &exp,
                json!({ "address": addr.to_string(), "device_id": device_id }),
            )?;
            Ok::<_, ApiError>(device_id)
        })
        .await?;
    Ok(Json(LoginResponse {
        token,
        expires_at,
        user,
        device_id,
    }))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "the token is revoked"), (status = 401, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<serde_json::Value>> {
    let hash = caller.token_hash.clone();
    state
        .db
        .write(move |tx| {
            store::revoke_token(&tx, &hash)?;
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "logout",
                    subject: &caller.user_id,
                    detail: json!({}),
                },
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Json(json!({ "signed_out": true })))
}

/// A change of one's own password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    current_password: String,
    new_password: String,
}

/// Checks a new password against the length rules, as a validation error on `field`.
fn checked_new_password(field: &str, text: &str) -> Result<(), ApiError> {
    password::check_new(text).map_err(|rule| {
        let mut v = Validator::new();
        v.report(
            field,
            Rule::Format {
                expected: rule.into(),
            },
        );
        v.finish()
            .err()
            .map(ApiError::Invalid)
            .unwrap_or(ApiError::BadRequest(field.to_string()))
    })
}

#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses((status = 200, description = "changed; every other sign-in of the user is ended"),
              (status = 401, description = "not signed in, or the current password is wrong", body = ErrorBody),
              (status = 422, description = "the new password breaks the length rules", body = ErrorBody),
              (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    caller: Caller,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    checked_new_password("new_password", &req.new_password)?;
    let user_id = caller.user_id.clone();
    let username = state
        .db
        .call(move |c| store::username_of(c, &user_id).map_err(ApiError::from))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let addr = client_ip(peer.ip(), &headers, &state.config.trusted_proxies);
    // The same limits as a sign-in: a stolen token does not buy password guesses.
    let user = authenticate(&state, &username, req.current_password, addr).await?;
    if user.id != caller.user_id {
        return Err(ApiError::BadLogin);
    }
    let hash = password::hash(req.new_password).await?;
    state
        .db
        .write(move |tx| {
            store::set_password(
                &tx,
                &caller.agency_id,
                &caller.user_id,
                &hash,
                Some(&caller.token_hash),
            )?;
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "change_password",
                    subject: &caller.user_id,
                    detail: json!({ "address": addr.to_string() }),
                },
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Json(json!({ "password_changed": true })))
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    user_id: String,
    agency_id: String,
    country: String,
    #[schema(value_type = String, example = "supervisor")]
    role: Role,
    device_id: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(caller: Caller) -> Json<Me> {
    Json(Me {
        user_id: caller.user_id,
        agency_id: caller.agency_id,
        country: caller.country,
        role: caller.role,
        device_id: caller.device_id,
    })
}

#[utoipa::path(get, path = "/api/v1/agencies", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<AgencyRow>), (status = 401, body = ErrorBody)))]
async fn agencies(
    State(state): State<AppState>,
    _caller: Caller,
) -> ApiResult<Json<Vec<AgencyRow>>> {
    Ok(Json(state.db.call(|c| store::list_agencies(c)).await?))
}

/// New agency.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgency {
    name: String,
    country: String,
}

#[utoipa::path(post, path = "/api/v1/admin/agencies", tag = "admin", security(("bearer" = [])),
    request_body = NewAgency,
    responses((status = 200, body = AgencyRow), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_agency(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiJson(req): ApiJson<NewAgency>,
) -> ApiResult<Json<AgencyRow>> {
    let country = admin::check_agency(&req.name, &req.country)?;
    if country.as_str() != caller.country {
        return Err(ApiError::Forbidden(
            "administrators add agencies of their own country only",
        ));
    }
    let who = acting(&caller);
    let row = state
        .db
        .write(move |tx| {
            let row = admin::create_agency(&tx, &who, &req.name, &country)?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(Json(row))
}

/// An administrator acting over HTTP, for the audit entry.
fn acting(caller: &Caller) -> admin::Acting {
    admin::Acting {
        actor: caller.actor(),
        via: "http",
    }
}

#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<UserRow>), (status = 403, body = ErrorBody)))]
async fn users(
    State(state): State<AppState>,
    Admin(caller): Admin,
) -> ApiResult<Json<Vec<UserRow>>> {
    Ok(Json(
        state
            .db
            .call(move |c| store::list_users(c, &caller.agency_id))
            .await?,
    ))
}

/// New user of the administrator's agency.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    username: String,
    display_name: String,
    #[schema(value_type = String, example = "inspector")]
    role: Role,
    password: String,
}

/// Checks a login name: 1–64 characters, no spaces or control characters.
pub fn check_username(v: &mut Validator, username: &str) {
    v.text("username", username, TextKind::Code);
    if username.chars().any(char::is_whitespace) {
        v.report(
            "username",
            Rule::Format {
                expected: "a name without spaces".into(),
            },
        );
    }
}

#[utoipa::path(post, path = "/api/v1/admin/users", tag = "admin", security(("bearer" = [])),
    request_body = NewUserRequest,
    responses((status = 200, body = UserRow), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiJson(req): ApiJson<NewUserRequest>,
) -> ApiResult<Json<UserRow>> {
    admin::check_user(&req.username, &req.display_name, Some(&req.password))
        .map_err(ApiError::Invalid)?;
    let hash = password::hash(req.password).await?;
    let who = acting(&caller);
    let row = state
        .db
        .write(move |tx| {
            let row = admin::create_user(
                &tx,
                &who,
                &store::NewUser {
                    agency_id: &caller.agency_id,
                    username: &req.username,
                    display_name: &req.display_name,
                    role: req.role,
                    password_hash: &hash,
                },
            )?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(Json(row))
}

/// A new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    password: String,
}

#[utoipa::path(post, path = "/api/v1/admin/users/{id}/password", tag = "admin",
    security(("bearer" = [])), params(("id" = String, Path, description = "user id")),
    request_body = PasswordRequest,
    responses((status = 200, description = "password set; the user's tokens are revoked"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, description = "the password breaks the length rule", body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(req): ApiJson<PasswordRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    checked_new_password("password", &req.password)?;
    let hash = password::hash(req.password).await?;
    state
        .db
        .write(move |tx| {
            admin::reset_password(&tx, &acting(&caller), &caller.agency_id, &user_id, &hash)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Json(json!({ "password_reset": true })))
}

/// Whether an account is disabled.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisabledRequest {
    disabled: bool,
}

#[utoipa::path(put, path = "/api/v1/admin/users/{id}/disabled", tag = "admin",
    security(("bearer" = [])), params(("id" = String, Path, description = "user id")),
    request_body = DisabledRequest,
    responses((status = 200, description = "set; a disabled user's sign-ins end at once"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "an administrator cannot disable their own account", body = ErrorBody)))]
async fn set_disabled(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(req): ApiJson<DisabledRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    let disabled = req.disabled;
    state
        .db
        .write(move |tx| {
            admin::set_disabled(&tx, &acting(&caller), &caller.agency_id, &user_id, disabled)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Json(json!({ "disabled": disabled })))
}

#[utoipa::path(get, path = "/api/v1/admin/devices", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<DeviceRow>), (status = 403, body = ErrorBody)))]
async fn devices(
    State(state): State<AppState>,
    Admin(caller): Admin,
) -> ApiResult<Json<Vec<DeviceRow>>> {
    Ok(Json(
        state
            .db
            .call(move |c| store::list_devices(c, &caller.agency_id))
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/devices/{id}/revoke", tag = "admin",
    security(("bearer" = [])), params(("id" = String, Path, description = "device id")),
    responses((status = 200, description = "revoked; its tokens stop working"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_device(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath(device_id): ApiPath<String>,
) -> ApiResult<Json<serde_json::Value>> {
    state
        .db
        .write(move |tx| {
            admin::revoke_device(&tx, &acting(&caller), &caller.agency_id, &device_id)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Json(json!({ "revoked": true })))
}
