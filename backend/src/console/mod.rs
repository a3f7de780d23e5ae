//! The browser console at `/`: supervisors review, trace and reconcile, administrators
//! manage their agency, field users follow their submissions — in a web page served by
//! the same binary on the same port.
//!
//! Server-rendered HTML (maud) with plain forms and links: it works in any browser,
//! runs no script (the security policy forbids it), and calls the same storage and
//! decision functions as the API with the same [`crate::identity::Caller`], so every
//! visibility rule and every audit entry holds by construction.
//!
//! Invariant: every page but the sign-in form needs a live session; every form needs
//! the session's CSRF token; every answer carries [`page::security_headers`].

mod admin;
mod checks;
mod condition;
pub(crate) mod i18n;
mod imports;
mod page;
mod parties;
mod records;
mod reports;
mod review;
mod session;
mod tracing;

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tracemark_shared::domain::Role;

use crate::api::AppState;
pub use session::{ABSOLUTE, IDLE};

/// The console's routes, with its security headers.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signin", get(session::form).post(session::sign_in))
        .route("/signout", post(session::sign_out))
        .route("/records", get(records::list))
        .route("/records/{id}", get(records::one))
        .route("/records/{id}/reconciliation", get(checks::reconciliation))
        .route(
            "/records/{id}/reconciliation.csv",
            get(checks::reconciliation_csv),
        )
        .route("/records/{id}/labels.pdf", get(checks::labels_pdf))
        .route("/records/{id}/report.pdf", get(records::report_pdf))
        .route("/photos/{sha}", get(records::photo))
        .route("/photos/{sha}/thumbnail", get(records::thumbnail))
        .route("/disposal", get(condition::disposal))
        .route("/lots/history", get(condition::history))
        .route("/review", get(review::queue_page))
        .route("/review/{id}", post(review::decide))
        .route("/reports", get(reports::page))
        .route("/reports.csv", get(reports::csv))
        .route("/trace", get(tracing::trace_page))
        .route("/trace/notices", get(tracing::notices))
        .route("/trace/lot-split", get(tracing::lot_split))
        .route("/trace/parties", get(parties::page))
        .route("/access", get(tracing::mailbox).post(tracing::ask))
        .route("/access/{id}", get(tracing::request).post(tracing::decide))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/users/{id}/password", post(admin::set_password))
        .route("/admin/users/{id}/disabled", post(admin::set_disabled))
        .route("/admin/devices", get(admin::devices))
        .route(
            "/admin/agencies",
            get(admin::agencies).post(admin::create_agency),
        )
        .route("/admin/devices/{id}/revoke", post(admin::revoke_device))
        .route("/admin/audit", get(admin::audit_log))
        .route("/admin/audit/verify", post(admin::verify))
        .route("/language/{tag}", get(i18n::pick))
        .route("/console.css", get(stylesheet))
        .merge(imports::router())
        .layer(axum::middleware::from_fn(i18n::with_language))
        .layer(axum::middleware::map_response(page::security_headers))
}

/// `GET /`: the sign-in page for a visitor, the first page of their role otherwise.
async fn home(session: Result<session::Session, page::ConsoleError>) -> Response {
    match session {
        Err(_) => Redirect::to("/signin").into_response(),
        Ok(s) if s.caller.role == Role::Supervisor => Redirect::to("/review").into_response(),
        Ok(s) if s.caller.role == Role::Administrator => {
            Redirect::to("/admin/users").into_response()
        }
        Ok(_) => Redirect::to("/records").into_response(),
    }
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/console.css"),
    )
        .into_response()
}
