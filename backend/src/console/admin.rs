//! Administration in the console: an administrator manages the users and devices of
//! their own agency, reads its audit log, and checks the whole chain.
//!
//! Invariant: every action is the API's and the command line's own function
//! (`identity::admin`), scoped to the session's agency in its query and audited; a
//! revocation empties the token cache before the page answers, so it holds at once.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::domain::Role;

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, day, role_name};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::audit::{self, checkpoint, listing};
use crate::identity::admin::{self, Acting};
use crate::identity::{password, store};

/// Audit entries on one page.
const AUDIT_PAGE: u32 = 100;

fn administrator(session: &Session) -> Result<Acting, ConsoleError> {
    session
        .caller
        .require(
            &[Role::Administrator],
            "only an administrator of your agency can do this",
        )
        .map_err(ConsoleError::from)?;
    Ok(Acting {
        actor: session.caller.actor(),
        via: "console",
    })
}

/// What was just done, to say so on the next page.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn done_notice(done: &Done) -> maud::Markup {
    let id = match done.done.as_deref() {
        Some("created") => "users-created",
        Some("password") => "users-password-set",
        Some("revoked") => "devices-revoked",
        Some("disabled") => "users-disabled-done",
        Some("agency") => "agencies-created",
        Some("enabled") => "users-enabled-done",
        _ => return html! {},
    };
    html! { p.notice role="status" { (t(id)) } }
}

/// `GET /admin/users`.
pub async fn users(
    State(state): State<AppState>,
    session: Session,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    administrator(&session)?;
    let agency = session.caller.agency_id.clone();
    let users = state
        .db
        .call(move |c| store::list_users(c, &agency))
        .await?;
    let body = html! {
        h1 { (t("users-title")) }
        (done_notice(&done))
        table {
            thead { tr { th { (t("users-username")) } th { (t("users-name")) } th { (t("users-role")) } th { (t("users-state")) } th { (t("users-new-password")) } } }
            tbody {
                @for u in &users {
                    tr {
                        td { (u.username) } td { (u.display_name) } td { (role_name(u.role)) }
                        td {
                            (t(if u.disabled { "users-disabled" } else { "users-active" }))
                            @if u.id != session.caller.user_id {
                                form.inline method="post" action={ "/admin/users/" (u.id) "/disabled" } {
                                    input type="hidden" name="csrf" value=(session.csrf);
                                    @if u.disabled {
                                        input type="hidden" name="disabled" value="false";
                                        button type="submit" { (t("users-enable")) }
                                    } @else {
                                        input type="hidden" name="disabled" value="true";
                                        button.return type="submit" { (t("users-disable")) }
                                    }
                                }
                            }
                        }
                        td {
                            form.inline method="post" action={ "/admin/users/" (u.id) "/password" } {
                                input type="hidden" name="csrf" value=(session.csrf);
                                input type="password" name="password" autocomplete="new-password"
                                    minlength="12" maxlength="1024" required aria-label=(ta("users-new-password-for", &[("username", u.username.as_str().into())]));
                                button type="submit" { (t("users-set")) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (t("users-new")) }
        form.filters method="post" action="/admin/users" {
            input type="hidden" name="csrf" value=(session.csrf);
            label { (t("users-username")) input name="username" required maxlength="64" autocomplete="off"; }
            label { (t("users-name")) input name="display_name" required maxlength="200"; }
            label { (t("users-role")) select name="role" {
                @for r in [Role::Inspector, Role::CustomsOfficer, Role::Supervisor, Role::Administrator] {
                    option value=(r.as_str()) { (role_name(r)) }
                }
            } }
            label { (t("signin-password")) input type="password" name="password" required minlength="12"
                maxlength="1024" autocomplete="new-password"; }
            button type="submit" { (t("users-create")) }
        }
    };
    let title = t("nav-users");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// The new-user form.
#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    csrf: String,
    username: String,
    display_name: String,
    role: String,
    password: String,
}

/// `POST /admin/users`.
pub async fn create_user(
    State(state): State<AppState>,
    session: Session,
    Form(f): Form<NewUserForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let who = administrator(&session)?;
    let role: Role = f
        .role
        .parse()
        .map_err(|_| ApiError::BadRequest("role: choose one of the roles listed".into()))?;
    let username = f.username.trim().to_string();
    admin::check_user(&username, &f.display_name, Some(&f.password)).map_err(ApiError::Invalid)?;
    let hash = password::hash(f.password)
        .await
        .map_err(ApiError::Internal)?;
    let agency = session.caller.agency_id.clone();
    state
        .db
        .write(move |tx| {
            admin::create_user(
                tx,
                &who,
                &store::NewUser {
                    agency_id: &agency,
                    username: &username,
                    display_name: &f.display_name,
                    role,
                    password_hash: &hash,
                },
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Redirect::to("/admin/users?done=created").into_response())
}

/// The set-password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    csrf: String,
    password: String,
}

/// `POST /admin/users/{id}/password`.
pub async fn set_password(
    State(state): State<AppState>,
    session: Session,
    Path(user_id): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let who = administrator(&session)?;
    password::check_new(&f.password)
        .map_err(|rule| ApiError::BadRequest(format!("the password must be {rule}")))?;
    let hash = password::hash(f.password)
        .await
        .map_err(ApiError::Internal)?;
    let agency = session.caller.agency_id.clone();
    state
        .db
        .write(move |tx| {
            admin::reset_password(tx, &who, &agency, &user_id, &hash)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Redirect::to("/admin/users?done=password").into_response())
}

/// The disable / enable form.
#[derive(Debug, Deserialize)]
pub struct DisabledForm {
    csrf: String,
    disabled: bool,
}

/// `POST /admin/users/{id}/disabled`.
pub async fn set_disabled(
    State(state): State<AppState>,
    session: Session,
    Path(user_id): Path<String>,
    Form(f): Form<DisabledForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let who = administrator(&session)?;
    let agency = session.caller.agency_id.clone();
    let disabled = f.disabled;
    state
        .db
        .write(move |tx| {
            admin::set_disabled(tx, &who, &agency, &user_id, disabled)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    let done = if disabled { "disabled" } else { "enabled" };
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}

/// `GET /admin/devices`.
pub async fn devices(
    State(state): State<AppState>,
    session: Session,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    administrator(&session)?;
    let agency = session.caller.agency_id.clone();
    let devices = state
        .db
        .call(move |c| store::list_devices(c, &agency))
        .await?;
    let body = html! {
        h1 { (t("devices-title")) }
        (done_notice(&done))
        @if devices.is_empty() { p.empty { (t("devices-none")) } }
        @else {
            table.devices {
                thead { tr { th { (t("devices-device")) } th { (t("devices-platform")) } th { (t("devices-user")) } th { (t("devices-enrolled")) } th {} } }
                tbody {
                    @for d in &devices {
                        tr {
                            td { (d.name) } td { (d.platform.as_str()) } td { (d.username) }
                            td { (d.enrolled_at.get(..16).unwrap_or(&d.enrolled_at).replace('T', " ")) }
                            td {
                                @if let Some(at) = &d.revoked_at {
                                    (ta("devices-revoked-on", &[("day", at.get(..10).unwrap_or(at).into())]))
                                } @else {
                                    form.inline method="post" action={ "/admin/devices/" (d.id) "/revoke" } {
                                        input type="hidden" name="csrf" value=(session.csrf);
                                        button.return type="submit" { (ta("devices-revoke", &[("name", d.name.as_str().into())])) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = t("nav-devices");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// `POST /admin/devices/{id}/revoke`.
pub async fn revoke_device(
    State(state): State<AppState>,
    session: Session,
    Path(device_id): Path<String>,
    Form(f): Form<super::session::CsrfForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let who = administrator(&session)?;
    let agency = session.caller.agency_id.clone();
    state
        .db
        .write(move |tx| {
            admin::revoke_device(tx, &who, &agency, &device_id)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.tokens.clear();
    Ok(Redirect::to("/admin/devices?done=revoked").into_response())
}

/// The audit log's filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    before: Option<i64>,
}

/// `GET /admin/audit`: the agency's entries, the chain's head, and its check.
pub async fn audit_log(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AuditQuery>,
) -> Result<Response, ConsoleError> {
    let who = administrator(&session)?;
    let given = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
    let filter = listing::Filter {
        username: given(&q.user),
        action: given(&q.action),
        from: day("from", &q.from)?,
        to: day("to", &q.to)?,
        before: q.before,
    };
    let agency = session.caller.agency_id.clone();
    let detail = json!({ "user": filter.username, "action": filter.action });
    let (entries, head) = state
        .db
        .write(move |tx| {
            let entries = listing::of_agency(tx, &agency, &filter, AUDIT_PAGE)?;
            admin::audited(tx, &who, "read_audit_log", &agency, detail)?;
            let head = audit::head(tx)?;
            Ok::<_, ApiError>((entries, head))
        })
        .await?;
    let next = (entries.len() == AUDIT_PAGE as usize)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let body = html! {
        h1 { (t("audit-title")) }
        p.hint { (t("audit-hint")) " " code { (head.0) ":" (head.1) } " — " (t("audit-hint-keep")) }
        form method="post" action="/admin/audit/verify" {
            input type="hidden" name="csrf" value=(session.csrf);
            button type="submit" { (t("audit-check")) }
        }
        form.filters method="get" action="/admin/audit" {
            label { (t("audit-user")) input name="user" value=(q.user) maxlength="64"; }
            label { (t("audit-action")) input name="action" value=(q.action) maxlength="64" placeholder=(t("audit-action-example")); }
            label { (t("audit-from")) input type="date" name="from" value=(q.from); }
            label { (t("audit-to")) input type="date" name="to" value=(q.to); }
            button type="submit" { (t("filter-button")) }
        }
        @if entries.is_empty() { p.empty { (t("audit-none")) } }
        @else {
            table.audit {
                thead { tr { th { "#" } th { (t("audit-when")) } th { (t("audit-user")) } th { (t("audit-action")) } th { (t("audit-subject")) } th { (t("audit-detail")) } } }
                tbody {
                    @for e in &entries {
                        tr {
                            td { (e.seq) } td { (e.at.get(..19).unwrap_or(&e.at).replace('T', " ")) }
                            td { (e.username.as_deref().unwrap_or("—")) } td { code { (e.action) } }
                            td { code { (e.subject) } } td.detail { code { (e.detail) } }
                        }
                    }
                }
            }
        }
        @if let Some(before) = next {
            p.paging { a href={ "/admin/audit?before=" (before) } { (t("audit-older")) } }
        }
    };
    let title = t("nav-audit");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// `POST /admin/audit/verify`: walks the chain against its checkpoints, their
/// signatures and the anchor, like `tracemark audit verify`.
pub async fn verify(
    State(state): State<AppState>,
    session: Session,
    Form(f): Form<super::session::CsrfForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let who = administrator(&session)?;
    let public_key = hex::decode(state.audit_signer.public_key_hex())
        .map_err(|e| ApiError::Internal(e.into()))?;
    let anchor_path = checkpoint::Signer::anchor_path(&state.config.audit_key_file);
    let anchor = checkpoint::read_anchor(&anchor_path).map_err(ApiError::Internal)?;
    // The walk reads the whole chain on a reader, not holding up writes meanwhile.
    let report = state
        .db
        .call(move |c| {
            checkpoint::verify(c, Some(&public_key), &[], anchor.as_ref()).map_err(ApiError::from)
        })
        .await?;
    let intact = report.intact();
    state
        .db
        .write(move |tx| {
            admin::audited(
                tx,
                &who,
                "verify_audit_log",
                "chain",
                json!({ "intact": intact }),
            )
        })
        .await?;
    let body = html! {
        h1 { (t("audit-check-title")) }
        @if report.intact() {
            p.notice role="status" { (ta("audit-whole", &[("entries", report.chain.entries.into()), ("checkpoints", report.checkpoints.into())])) }
        } @else {
            p.error role="alert" { (t("audit-broken")) }
            ul { @for p in &report.problems { li { (p) } } }
            @if let Some(b) = &report.chain.first_broken { p { (ta("audit-first-broken", &[("seq", b.seq.into()), ("reason", b.reason.as_str().into())])) } }
        }
        p { a href="/admin/audit" { (t("audit-back")) } }
    };
    let title = t("audit-check-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// `GET /admin/agencies`: the agencies of the administrator's country, and a form to
/// add one.
pub async fn agencies(
    State(state): State<AppState>,
    session: Session,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    administrator(&session)?;
    let country = session.caller.country.clone();
    let agencies: Vec<store::AgencyRow> = state
        .db
        .call(|c| store::list_agencies(c))
        .await?
        .into_iter()
        .filter(|a| a.country == country)
        .collect();
    let body = html! {
        h1 { (ta("agencies-title", &[("country", session.caller.country.as_str().into())])) }
        (done_notice(&done))
        p.hint { (t("agencies-hint")) }
        table {
            thead { tr { th { (t("users-name")) } th { "ID" } } }
            tbody { @for a in &agencies { tr { td { (a.name) } td { code { (a.id) } } } } }
        }
        h2 { (t("agencies-new")) }
        form.filters method="post" action="/admin/agencies" {
            input type="hidden" name="csrf" value=(session.csrf);
            label { (t("users-name")) input name="name" required maxlength="200"; }
            button type="submit" { (t("users-create")) }
        }
    };
    let title = t("nav-agencies");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// The new-agency form.
#[derive(Debug, Deserialize)]
pub struct NewAgencyForm {
    csrf: String,
    name: String,
}

/// `POST /admin/agencies`: adds an agency of the administrator's own country.
pub async fn create_agency(
    State(state): State<AppState>,
    session: Session,
    Form(f): Form<NewAgencyForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    let who = administrator(&session)?;
    let country = admin::check_agency(&f.name, &session.caller.country)?;
    state
        .db
        .write(move |tx| {
            admin::create_agency(tx, &who, &f.name, &country)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Redirect::to("/admin/agencies?done=agency").into_response())
}
