//! The console's page frame, its errors as pages, and the headers every page carries.
//!
//! Invariant: every answer of the console forbids caching, framing, sniffing and
//! script (`Content-Security-Policy` without `unsafe-inline` or `unsafe-eval`; the
//! console runs no script at all); errors never say more than the API's would.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};
use tracemark_shared::domain::Role;

use super::session::Session;
use crate::api::ApiError;

/// The policy of every console answer: its own styles and images, forms to itself,
/// nothing else.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

/// Adds the console's security headers to an answer.
pub async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Why a console page could not be shown.
#[derive(Debug)]
pub enum ConsoleError {
    /// Not signed in, or the session ended: to the sign-in page.
    SignIn,
    /// A form without this session's CSRF token.
    Csrf,
    /// Anything the API would answer with an error.
    Api(ApiError),
}

impl From<ApiError> for ConsoleError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthorized => ConsoleError::SignIn,
            e => ConsoleError::Api(e),
        }
    }
}

impl From<crate::db::DbError<ApiError>> for ConsoleError {
    fn from(e: crate::db::DbError<ApiError>) -> Self {
        ApiError::from(e).into()
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        match self {
            ConsoleError::SignIn => Redirect::to("/signin?reason=expired").into_response(),
            ConsoleError::Csrf => error_page(
                StatusCode::FORBIDDEN,
                "This form has expired or did not come from this console. Go back, reload the \
                 page and try again.",
            ),
            ConsoleError::Api(e) => {
                let (status, _) = e.status_and_code();
                let message = match &e {
                    // Logged with its detail by the API's own answer; said generically here.
                    ApiError::Internal(_) => "Something went wrong on the server. Try again; \
                                              if it keeps happening, tell your administrator."
                        .to_string(),
                    e => e.to_string(),
                };
                if let ApiError::Internal(e) = &e {
                    tracing::error!(error = ?e, "internal error on a console page");
                }
                error_page(status, &message)
            }
        }
    }
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = html! {
        h1 { (title) }
        p.error role="alert" { (message) }
        p { a href="/" { "Back to the console" } }
    };
    (status, Layout::signed_out(title).render(body)).into_response()
}

/// The frame of a page.
pub struct Layout<'a> {
    title: &'a str,
    session: Option<&'a Session>,
}

impl<'a> Layout<'a> {
    /// A page for a signed-in user, with the menu of their role.
    pub fn new(title: &'a str, session: &'a Session) -> Self {
        Self {
            title,
            session: Some(session),
        }
    }

    /// A page before signing in.
    pub fn signed_out(title: &'a str) -> Self {
        Self {
            title,
            session: None,
        }
    }

    /// The whole page around `main`.
    pub fn render(&self, main: Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang="en" dir="ltr" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " · Tracemark" }
                    link rel="stylesheet" href="/console.css";
                }
                body {
                    header.top {
                        a.brand href="/" { "Tracemark" }
                        @if let Some(s) = self.session {
                            nav aria-label="Console" {
                                a href="/records" { "Records" }
                                @if s.caller.role == Role::Supervisor {
                                    a href="/review" { "Review" }
                                }
                                @if s.caller.role == Role::Administrator {
                                    a href="/admin/users" { "Users" }
                                    a href="/admin/devices" { "Devices" }
                                    a href="/admin/audit" { "Audit log" }
                                }
                            }
                            form.signout method="post" action="/signout" {
                                input type="hidden" name="csrf" value=(s.csrf);
                                span.who { (role_name(s.caller.role)) }
                                button type="submit" { "Sign out" }
                            }
                        }
                    }
                    main { (main) }
                }
            }
        }
    }
}

/// A role as users call it.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Inspector => "Inspector",
        Role::CustomsOfficer => "Customs officer",
        Role::Supervisor => "Supervisor",
        Role::Administrator => "Administrator",
    }
}

/// A record kind as users call it.
pub fn kind_name(kind: &str) -> &str {
    match kind {
        "stock_check" => "Stock check",
        "count_line" => "Count line",
        "seizure_case" => "Seizure case",
        "transfer" => "Transfer",
        other => other,
    }
}

/// An optional day from a form field (`YYYY-MM-DD`), refused with a clear message.
pub fn day(field: &str, text: &str) -> Result<Option<String>, ConsoleError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map(|_| Some(text.to_string()))
        .map_err(|_| {
            ApiError::BadRequest(format!("{field}: give a date as YYYY-MM-DD, not {text:?}")).into()
        })
}

/// An optional choice from a form field, one of `allowed`.
pub fn one_of(field: &str, text: &str, allowed: &[&str]) -> Result<Option<String>, ConsoleError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else if allowed.contains(&text) {
        Ok(Some(text.to_string()))
    } else {
        Err(ApiError::BadRequest(format!("{field}: use one of {}", allowed.join(", "))).into())
    }
}
