//! Console sessions: signing in with a form, the session cookie, and the CSRF token
//! every form carries.
//!
//! Invariant: a session is an ordinary login token (same table, same look-up, same
//! revocation) kept in an `HttpOnly`, `SameSite=Strict` cookie, never readable by
//! script; it ends after [`IDLE`] without a page view and [`ABSOLUTE`] after signing
//! in, whichever comes first. A form is accepted only with the CSRF token derived from
//! the session (or, before signing in, the one in the sign-in cookie).

use std::net::SocketAddr;
use std::time::Duration;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout};
use crate::api::{ApiError, AppState};
use crate::audit::{self, Entry};
use crate::db;
use crate::identity::{self, Caller, authenticate, limiter::client_ip, store, token};

/// The session cookie.
const SESSION: &str = "tm_session";
/// The sign-in form's CSRF cookie.
const SIGNIN_CSRF: &str = "tm_signin";
/// A session ends after this long without a page view…
pub const IDLE: Duration = Duration::from_secs(30 * 60);
/// …and this long after signing in, whatever happens.
pub const ABSOLUTE: Duration = Duration::from_secs(12 * 60 * 60);

/// A signed-in console user.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who they are.
    pub caller: Caller,
    /// The token every form of theirs must carry.
    pub csrf: String,
}

/// The CSRF token of a session: derived from its secret token, so a page of another
/// site can neither read nor guess it.
fn csrf_of(token: &str) -> String {
    hex::encode(Sha256::digest(format!("tracemark console csrf\0{token}")))
}

/// The value of cookie `name` in the request.
pub(super) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the request reached us over TLS: said by `X-Forwarded-Proto` from a trusted
/// proxy (the service itself speaks plain HTTP behind it).
fn over_tls(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> bool {
    state.config.trusted_proxies.contains(&peer.ip())
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

fn set_cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        max_age.as_secs()
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("tm_invalid=; Max-Age=0"))
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ConsoleError> {
        let token = cookie(&parts.headers, SESSION)
            .filter(|t| token::well_formed(t))
            .ok_or(ConsoleError::SignIn)?
            .to_string();
        let caller = identity::resolve(state, &token)
            .await
            .map_err(ConsoleError::from)?;
        // A page view keeps the session alive, up to its absolute end.
        let hash = caller.token_hash.clone();
        state
            .db
            .on_writer(move |c| store::extend_session(c, &hash, IDLE, ABSOLUTE))
            .await
            .map_err(|e| ConsoleError::from(ApiError::from(e)))?;
        Ok(Session {
            csrf: csrf_of(&token),
            caller,
        })
    }
}

impl Session {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check(&self, csrf: &str) -> Result<(), ConsoleError> {
        if constant_time_eq(csrf.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(ConsoleError::Csrf)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    /// Why the user is here (`expired`, `signed_out`).
    #[serde(default)]
    reason: Option<String>,
}

/// `GET /signin`: the form, with a fresh CSRF cookie.
pub async fn form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<SignInQuery>,
) -> Result<Response, ConsoleError> {
    let notice = match q.reason.as_deref() {
        Some("signed_out") => Some(t("signin-signed-out")),
        Some("expired") => Some(t("signin-expired")),
        _ => None,
    };
    sign_in_page(&state, peer, &headers, notice.as_deref(), None, "")
}

fn sign_in_page(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    notice: Option<&str>,
    error: Option<&str>,
    username: &str,
) -> Result<Response, ConsoleError> {
    let csrf = token::generate().map_err(|e| ConsoleError::from(ApiError::Internal(e)))?;
    let body = html! {
        section.signin {
            h1 { (t("signin-title")) }
            @if let Some(n) = notice { p.notice role="status" { (n) } }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form method="post" action="/signin" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t("signin-username")) input name="username" autocomplete="username" required
                    autofocus value=(username) maxlength="64"; }
                label { (t("signin-password")) input name="password" type="password"
                    autocomplete="current-password" required maxlength="1024"; }
                button type="submit" { (t("signin-button")) }
            }
            p.hint { (t("signin-hint")) }
        }
    };
    let title = t("signin-button");
    let mut response = Layout::signed_out(&title).render(body).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SIGNIN_CSRF,
            &csrf,
            Duration::from_secs(3600),
            over_tls(state, peer, headers),
        ),
    );
    Ok(response)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    csrf: String,
    username: String,
    password: String,
}

/// `POST /signin`: the same checks and limits as the API's sign-in; a session token
/// in the cookie on success.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Result<Response, ConsoleError> {
    let expected = cookie(&headers, SIGNIN_CSRF).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), f.csrf.as_bytes()) {
        return Err(ConsoleError::Csrf);
    }
    let addr = client_ip(peer.ip(), &headers, &state.config.trusted_proxies);
    let user = match authenticate(&state, f.username.trim(), f.password, addr).await {
        Ok(user) => user,
        Err(e @ (ApiError::BadLogin | ApiError::TooManyRequests(_) | ApiError::Unavailable(_))) => {
            let status = e.status_and_code().0;
            let message = match e {
                ApiError::TooManyRequests(seconds) => {
                    ta("signin-wait", &[("seconds", seconds.into())])
                }
                ApiError::Unavailable(_) => t("signin-busy"),
                _ => t("signin-wrong"),
            };
            let mut page = sign_in_page(
                &state,
                peer,
                &headers,
                None,
                Some(&message),
                f.username.trim(),
            )?;
            *page.status_mut() = status;
            return Ok(page);
        }
        Err(e) => return Err(e.into()),
    };
    let session = token::generate().map_err(|e| ConsoleError::from(ApiError::Internal(e)))?;
    let hash = token::hash(&session);
    let expires_at = db::timestamp(time::OffsetDateTime::now_utc() + IDLE);
    state
        .db
        .write(move |tx| {
            identity::record_sign_in(
                tx,
                &user,
                &hash,
                None,
                &expires_at,
                json!({ "address": addr.to_string(), "console": true }),
            )
        })
        .await?;
    let secure = over_tls(&state, peer, &headers);
    let mut response = Redirect::to("/").into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(SESSION, &session, ABSOLUTE, secure),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(SIGNIN_CSRF, "", Duration::ZERO, secure),
    );
    Ok(response)
}

/// A form that carries only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: String,
}

/// `POST /signout`: ends the session (its token is revoked) and clears the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    Form(f): Form<CsrfForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let caller = session.caller;
    state
        .db
        .write(move |tx| {
            store::revoke_token(tx, &caller.token_hash)?;
            audit::append(
                tx,
                &Entry {
                    actor: caller.actor(),
                    action: "logout",
                    subject: &caller.user_id,
                    detail: json!({ "console": true }),
                },
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    let mut response = Redirect::to("/signin?reason=signed_out").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION,
            "",
            Duration::ZERO,
            over_tls(&state, peer, &headers),
        ),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name_and_csrf_tokens_differ_per_session() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; tm_session_x=2; tm_session=tmk_3"),
        );
        assert_eq!(cookie(&h, "tm_session"), Some("tmk_3"));
        assert_eq!(cookie(&h, "b"), None);
        assert_ne!(csrf_of("tmk_a"), csrf_of("tmk_b"));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        let c = set_cookie(SESSION, "v", ABSOLUTE, true);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
    }
}
