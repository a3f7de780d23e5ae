//! HTTP routes of identity: login, logout, who-am-I, and agency administration
//! (agencies, users, passwords, devices).
//!
//! Invariant: administration routes act only within the administrator's own agency
//! (or, for new agencies, their own country), enforced in the SQL of `store`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tracemark_shared::domain::{CountryCode, Platform, Role};
use tracemark_shared::validate::{Rule, TextKind, Validator};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, AgencyRow, DeviceRow, NewUser, UserRow};
use super::{Admin, Caller, password, token};
use crate::api::{ApiError, ApiJson, ApiPath, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Actor, Entry};
use crate::db;

/// The identity routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(agencies))
        .routes(routes!(create_agency))
        .routes(routes!(users, create_user))
        .routes(routes!(reset_password))
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
              (status = 429, description = "too many failed attempts", body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    if req.username.chars().count() > 64
        || req.password.chars().count() > password::MAX_PASSWORD_CHARS
    {
        return Err(ApiError::BadLogin);
    }
    if let Some(d) = &req.device {
        let mut v = Validator::new();
        v.text("device.name", &d.name, TextKind::Short);
        v.finish().map_err(ApiError::Invalid)?;
    }
    state
        .limiter
        .check(&req.username, addr.ip())
        .map_err(ApiError::TooManyRequests)?;
    let username = req.username.clone();
    let candidate = state
        .db
        .call(move |c| store::login_candidate(c, &username))
        .await?;
    let (user, stored) = match candidate {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    let ok = password::verify(req.password, stored).await;
    let Some(user) = user.filter(|_| ok) else {
        state.limiter.failed(&req.username, addr.ip());
        let username = req.username.clone();
        state
            .db
            .call(move |c| {
                audit::append(
                    c,
                    &Entry {
                        actor: Actor::default(),
                        action: "login_failed",
                        subject: &username,
                        detail: json!({ "address": addr.ip().to_string() }),
                    },
                )
                .map_err(ApiError::from)
            })
            .await?;
        return Err(ApiError::BadLogin);
    };
    state.limiter.succeeded(&req.username);
    let token = token::generate()?;
    let hash = token::hash(&token);
    let expires = time::OffsetDateTime::now_utc() + state.config.token_ttl;
    let expires_at = db::timestamp(expires);
    let device = req.device;
    let user_for_tx = user.clone();
    let exp = expires_at.clone();
    let device_id = state
        .db
        .call(move |c| {
            let tx = db::write_tx(c)?;
            let device_id = match &device {
                Some(d) => Some(store::enroll_device(
                    &tx,
                    &user_for_tx.id,
                    d.name.trim(),
                    d.platform,
                )?),
                None => None,
            };
            store::insert_token(&tx, &hash, &user_for_tx.id, device_id.as_deref(), &exp)?;
            audit::append(
                &tx,
                &Entry {
                    actor: Actor {
                        user_id: Some(user_for_tx.id.clone()),
                        agency_id: Some(user_for_tx.agency_id.clone()),
                    },
                    action: "login",
                    subject: &user_for_tx.id,
                    detail: json!({ "address": addr.ip().to_string(), "device_id": device_id }),
                },
            )?;
            tx.commit()?;
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
        .call(move |c| {
            let tx = db::write_tx(c)?;
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
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "signed_out": true })))
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
    let mut v = Validator::new();
    v.text("name", &req.name, TextKind::Short);
    let country = CountryCode::parse(&req.country);
    if let Err(e) = &country {
        v.report("country", e.rule());
    }
    v.finish().map_err(ApiError::Invalid)?;
    let country = country.map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if country.as_str() != caller.country {
        return Err(ApiError::Forbidden(
            "administrators add agencies of their own country only",
        ));
    }
    let name = req.name.trim().to_string();
    let row = state
        .db
        .call(move |c| {
            let tx = db::write_tx(c)?;
            let row = store::create_agency(&tx, &name, country.as_str())?;
            audit_admin(
                &tx,
                &caller,
                "create_agency",
                &row.id,
                json!({ "name": row.name }),
            )?;
            tx.commit()?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    Ok(Json(row))
}

fn audit_admin(
    c: &rusqlite::Connection,
    caller: &Caller,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    audit::append(
        c,
        &Entry {
            actor: caller.actor(),
            action,
            subject,
            detail,
        },
    )?;
    Ok(())
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
    let mut v = Validator::new();
    check_username(&mut v, &req.username);
    v.text("display_name", &req.display_name, TextKind::Short);
    if let Err(rule) = password::check_new(&req.password) {
        v.report(
            "password",
            Rule::Format {
                expected: rule.into(),
            },
        );
    }
    v.finish().map_err(ApiError::Invalid)?;
    let hash = password::hash(req.password).await?;
    let row = state
        .db
        .call(move |c| {
            let tx = db::write_tx(c)?;
            let row = store::create_user(
                &tx,
                &NewUser {
                    agency_id: &caller.agency_id,
                    username: &req.username,
                    display_name: req.display_name.trim(),
                    role: req.role,
                    password_hash: &hash,
                },
            )?;
            audit_admin(
                &tx,
                &caller,
                "create_user",
                &row.id,
                json!({ "role": row.role }),
            )?;
            tx.commit()?;
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
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    Admin(caller): Admin,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(req): ApiJson<PasswordRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    password::check_new(&req.password).map_err(|rule| {
        let mut v = Validator::new();
        v.report(
            "password",
            Rule::Format {
                expected: rule.into(),
            },
        );
        v.finish()
            .err()
            .map(ApiError::Invalid)
            .unwrap_or(ApiError::BadRequest("password".into()))
    })?;
    let hash = password::hash(req.password).await?;
    state
        .db
        .call(move |c| {
            let tx = db::write_tx(c)?;
            store::set_password(&tx, &caller.agency_id, &user_id, &hash)?;
            audit_admin(&tx, &caller, "reset_password", &user_id, json!({}))?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "password_reset": true })))
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
        .call(move |c| {
            let tx = db::write_tx(c)?;
            store::revoke_device(&tx, &caller.agency_id, &device_id)?;
            audit_admin(&tx, &caller, "revoke_device", &device_id, json!({}))?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "revoked": true })))
}
