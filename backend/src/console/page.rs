//! The console's page frame, its errors as pages, and the headers every page carries.
//!
//! Invariant: every answer of the console forbids caching, framing, sniffing and
//! script (`Content-Security-Policy` without `unsafe-inline` or `unsafe-eval`; the
//! console runs no script at all); errors never say more than the API's would.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, html};
use tracemark_shared::domain::{RecordKind, RecordStatus, Role};
use tracemark_shared::view::Term;
use tracemark_shared::view::failure::Failure;

use super::i18n::{self, CATALOG, Locale, current, t, ta};
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

impl From<crate::db::StoreError> for ConsoleError {
    fn from(e: crate::db::StoreError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<ApiError> for ConsoleError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unauthorized => ConsoleError::SignIn,
            e => ConsoleError::Api(e),
        }
    }
}

impl From<rusqlite::Error> for ConsoleError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::from(e).into()
    }
}

impl From<crate::sql::SqlError> for ConsoleError {
    fn from(e: crate::sql::SqlError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<crate::db::DbError<ConsoleError>> for ConsoleError {
    fn from(e: crate::db::DbError<ConsoleError>) -> Self {
        match e {
            crate::db::DbError::Work(e) => e,
            crate::db::DbError::Unavailable(m) => ApiError::Unavailable(m).into(),
        }
    }
}

impl From<crate::db::DbError<ApiError>> for ConsoleError {
    fn from(e: crate::db::DbError<ApiError>) -> Self {
        ApiError::from(e).into()
    }
}

impl From<crate::db::DbError<crate::db::StoreError>> for ConsoleError {
    fn from(e: crate::db::DbError<crate::db::StoreError>) -> Self {
        ApiError::from(e).into()
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        match self {
            ConsoleError::SignIn => Redirect::to("/signin?reason=expired").into_response(),
            ConsoleError::Csrf => error_page(StatusCode::FORBIDDEN, &t("error-csrf")),
            ConsoleError::Api(e) => {
                let (status, _) = e.status_and_code();
                let message = match &e {
                    // Logged with its detail by the API's own answer; said generically here.
                    ApiError::Internal(_) => t("error-internal"),
                    // What happened and what to do in the reader's words, the same as
                    // the app's, with the server's detail inside.
                    e => ta(
                        Failure::of_status(status.as_u16()).message_id(),
                        &[("message", e.to_string().into())],
                    ),
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
    let title = t("error-title");
    let body = html! {
        h1 { (title) }
        p.error role="alert" { (message) }
        p { a href="/" { (t("back-to-console")) } }
    };
    (status, Layout::signed_out(&title).render(body)).into_response()
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

    /// The whole page around `main`, in the request's language.
    pub fn render(&self, main: Markup) -> Markup {
        let locale = i18n::current();
        html! {
            (DOCTYPE)
            html lang=(locale.tag()) dir=(locale.dir()) {
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
                            nav aria-label=(t("nav-menu")) {
                                a href="/records" { (t("nav-records")) }
                                @if s.caller.role == Role::Supervisor {
                                    a href="/review" { (t("nav-review")) }
                                    a href="/trace" { (t("nav-trace")) }
                                    a href="/reports" { (t("nav-reports")) }
                                    a href="/disposal" { (t("nav-disposal")) }
                                    a href="/imports" { (t("nav-imports")) }
                                }
                                @if s.caller.role == Role::Administrator {
                                    a href="/admin/users" { (t("nav-users")) }
                                    a href="/admin/devices" { (t("nav-devices")) }
                                    a href="/admin/agencies" { (t("nav-agencies")) }
                                    a href="/admin/audit" { (t("nav-audit")) }
                                }
                            }
                            form.signout method="post" action="/signout" {
                                input type="hidden" name="csrf" value=(s.csrf);
                                span.who { (role_name(s.caller.role)) }
                                button type="submit" { (t("sign-out")) }
                            }
                        } @else {
                            span.spacer {}
                        }
                    }
                    main { (main) }
                    footer.languages {
                        span { (t("language")) ": " }
                        @for l in Locale::ALL {
                            @if l == locale {
                                strong lang=(l.tag()) { (l.native_name()) }
                            } @else {
                                a href={ "/language/" (l.tag()) } lang=(l.tag()) hreflang=(l.tag()) { (l.native_name()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Text as one value of a link's query string.
pub fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A role as users call it, in the request's language.
pub fn role_name(role: Role) -> String {
    t(match role {
        Role::Inspector => "role-inspector",
        Role::CustomsOfficer => "role-customs-officer",
        Role::Supervisor => "role-supervisor",
        Role::Administrator => "role-administrator",
    })
}

/// A value of a family ([`Term`]: kinds, statuses, scopes…) as users call it, in the
/// request's language; the value itself when the catalog has no word for it.
pub fn term(family: Term, value: &str) -> String {
    CATALOG.term(current(), family, value)
}

/// A record kind as users call it, in the request's language.
pub fn kind_name(kind: RecordKind) -> String {
    term(Term::Kind, kind.as_str())
}

/// A workflow status as users call it, in the request's language.
pub fn status_name(status: RecordStatus) -> String {
    term(Term::Status, status.as_str())
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

/// An optional choice from a form field: empty means "any"; anything else must name one
/// of `T`'s values (a kind, a status…), or the answer says which there are.
pub fn choice<T>(field: &str, text: &str) -> Result<Option<T>, ConsoleError>
where
    T: std::str::FromStr<Err = tracemark_shared::domain::ParseError>,
{
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e| ApiError::BadRequest(format!("{field}: {e}")).into())
}
