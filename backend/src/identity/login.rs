//! Checking a password: the one path every sign-in takes (the API's login, a change of
//! one's own password, and any other front end), with its limits and its audit.
//!
//! Invariant: an attempt is reserved against the account's and the address's limits
//! before the password is checked; at most `password::MAX_CONCURRENT` checks run at
//! once; every failure is audited; the answer never says whether the account exists.

use crate::sql::Conn;
use std::net::IpAddr;
use std::time::Duration;

use serde_json::json;

use super::store::{self, UserRow};
use super::{limiter, password};
use crate::api::{ApiError, AppState};
use crate::audit::{self, Actor, Entry};

/// Longest a sign-in waits for a free password check before answering 503.
const CHECK_QUEUE_WAIT: Duration = Duration::from_secs(20);

/// The user behind `username` and `password`, or why not.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password_text: String,
    addr: IpAddr,
) -> Result<UserRow, ApiError> {
    if username.chars().count() > 64 || password_text.chars().count() > password::MAX_PASSWORD_CHARS
    {
        return Err(ApiError::BadLogin);
    }
    let name = username.to_string();
    let reservation = state
        .db
        .on_writer(move |c| {
            limiter::reserve(c, &name, addr, limiter::now_secs()).map_err(ApiError::from)
        })
        .await?
        .map_err(ApiError::TooManyRequests)?;
    let name = username.to_string();
    let candidate = state
        .db
        .call(move |c| store::login_candidate(c, &name))
        .await?;
    let (user, stored) = match candidate {
        Some((u, h)) => (Some(u), Some(h)),
        None => (None, None),
    };
    let permit = tokio::time::timeout(
        CHECK_QUEUE_WAIT,
        state.password_checks.clone().acquire_owned(),
    )
    .await;
    let Ok(Ok(_permit)) = permit else {
        // Never checked: the attempt does not count against anyone.
        state
            .db
            .on_writer(move |c| limiter::release(c, &reservation).map_err(ApiError::from))
            .await?;
        return Err(ApiError::Unavailable("password checks are queued".into()));
    };
    let ok = password::verify(password_text, stored).await;
    match user.filter(|_| ok) {
        Some(user) => {
            state
                .db
                .on_writer(move |c| limiter::succeeded(c, &reservation).map_err(ApiError::from))
                .await?;
            Ok(user)
        }
        None => {
            let name = username.to_string();
            state
                .db
                .on_writer(move |c| {
                    audit::append(
                        c,
                        &Entry {
                            actor: Actor::default(),
                            action: "login_failed",
                            subject: &name,
                            detail: json!({ "address": addr.to_string() }),
                        },
                    )
                    .map_err(ApiError::from)
                })
                .await?;
            Err(ApiError::BadLogin)
        }
    }
}

/// Keeps a new sign-in of `user` (the token's hash, its device if any, its expiry) and
/// audits it as `login` with `detail`: the API's and the console's path.
pub fn record_sign_in(
    tx: &impl Conn,
    user: &UserRow,
    token_hash: &str,
    device_id: Option<&str>,
    expires_at: &str,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    store::insert_token(tx, token_hash, &user.id, device_id, expires_at)?;
    audit::append(
        tx,
        &Entry {
            actor: Actor {
                user_id: Some(user.id.clone()),
                agency_id: Some(user.agency_id.clone()),
            },
            action: "login",
            subject: &user.id,
            detail,
        },
    )?;
    Ok(())
}
