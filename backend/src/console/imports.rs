//! Imports in the console: a supervisor uploads an inventory (it becomes a stock check
//! assigned to inspectors) or transfer records as CSV or XLSX; the file is checked
//! first (dry run: a summary and every row error, nothing written), and imported only
//! when the supervisor confirms a clean check.
//!
//! Invariant: checking and importing are the API's and the command line's own
//! functions (`import::inventory::import`, `import::transfers::import`); between the
//! check and the confirmation the file waits in the database for its user only
//! (`import::drafts`), and the import checks it again before writing anything.

use crate::sql::Conn;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use tracemark_shared::domain::Role;
use tracemark_shared::view::imports::{
    FigureValue, ImportForm, ImportKind, ImportProblem, OutcomeView, Verdict,
};

use super::i18n::{current, t, ta};
use super::page::{ConsoleError, Layout};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::import::table::{Format, MAX_FILE_BYTES};
use crate::import::{self, Outcome, drafts, inventory, transfers};

/// The import routes, with room for a file in the body.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/imports", get(form).post(check))
        .route("/imports/{id}", post(confirm))
        .layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024))
}

fn supervisor(session: &Session) -> Result<(), ConsoleError> {
    session
        .caller
        .require(&[Role::Supervisor], "only a supervisor imports records")
        .map_err(ConsoleError::from)
}

/// Checks or imports `bytes` with the form's settings, as the API does.
fn run(
    c: &impl Conn,
    caller: &crate::identity::Caller,
    form: &ImportForm,
    bytes: &[u8],
    format: Format,
    dry_run: bool,
) -> Result<Outcome, ApiError> {
    let settings = form
        .settings(dry_run)
        .map_err(|p| ApiError::BadRequest(t(p.message_id())))?;
    let partners = settings.partners.join(",");
    let scope = import::parse_scope(settings.scope.as_deref(), Some(&partners))
        .map_err(ApiError::BadRequest)?;
    match settings.kind {
        ImportKind::Inventory => {
            let opts = inventory::Options {
                title: settings.title,
                assign: settings.assign,
                scope,
                dry_run,
                via: "console",
            };
            Ok(inventory::import(
                c,
                caller,
                bytes,
                format,
                &opts,
                &mut |_, _, _| {},
            )?)
        }
        ImportKind::Transfers => {
            let opts = transfers::Options {
                scope,
                dry_run,
                via: "console",
            };
            Ok(transfers::import(
                c,
                caller,
                bytes,
                format,
                &opts,
                &mut |_, _, _| {},
            )?)
        }
    }
}

/// `GET /imports`.
pub async fn form(session: Session) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let body = html! {
        h1 { (t("imports-title")) }
        p.hint { (t("imports-hint")) }
        (upload_form(&session, &ImportForm::default(), None))
    };
    let title = t("imports-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

fn upload_form(session: &Session, s: &ImportForm, problem: Option<ImportProblem>) -> Markup {
    let kind = s.kind.as_str();
    html! {
        form.filters method="post" action="/imports" enctype="multipart/form-data" {
            @if let Some(p) = problem { p.error role="alert" { (t(p.message_id())) } }
            input type="hidden" name="csrf" value=(session.csrf);
            label { (t("imports-kind")) select name="kind" {
                option value="inventory" selected[kind == "inventory"] { (t("imports-inventory")) }
                option value="transfers" selected[kind == "transfers"] { (t("imports-transfers")) }
            } }
            label { (t("imports-file")) input type="file" name="file" required accept=".csv,.xlsx,text/csv"; }
            label { (t("imports-check-title")) input name="title" value=(s.title) maxlength="200"; }
            label { (t("imports-assign")) input name="assign" value=(s.assign) maxlength="500" placeholder="inspector.depot"; }
            label { (t("imports-scope")) select name="scope" {
                option value="own_agency" selected[s.scope == "own_agency" || s.scope.is_empty()] { (t("scope-own_agency")) }
                option value="national" selected[s.scope == "national"] { (t("scope-national")) }
                option value="partners" selected[s.scope == "partners"] { (t("scope-partners")) }
            } }
            label { (t("imports-partners")) input name="partners" value=(s.partners) maxlength="2000"; }
            button type="submit" { (t("imports-check")) }
        }
    }
}

fn outcome_view(o: &Outcome) -> Markup {
    let v = OutcomeView::new(o);
    html! {
        @match v.verdict {
            Verdict::Written(n) => p.notice role="status" { (ta("import-done", &[("records", n.into())])) },
            Verdict::Clean => p.notice role="status" { (t("import-clean")) },
            Verdict::Problems(n) => p.error role="alert" { (ta("import-problems", &[("count", n.into())])) },
        }
        dl.summary {
            @for (label, value) in &v.figures { dt { (t(label)) } dd { (match value {
                FigureValue::Count(n) => current().count(*n),
                FigureValue::Text(text) => text.clone(),
            }) } }
        }
        @if !v.errors.is_empty() {
            table.errors {
                thead { tr { th { (t("imports-line")) } th { (t("imports-column")) } th { (t("imports-problem")) } } }
                tbody { @for e in v.errors { tr {
                    td { (e.line.map(|l| l.to_string()).unwrap_or_default()) }
                    td { (e.column.as_deref().unwrap_or("")) }
                    td { (e.message) }
                } } }
            }
            @if v.not_listed > 0 { p.hint { (ta("more-not-shown", &[("count", v.not_listed.into())])) } }
        }
    }
}

/// `POST /imports`: checks the file (dry run) and, when it is clean, keeps it for the
/// confirmation.
pub async fn check(
    State(state): State<AppState>,
    session: Session,
    mut multipart: Multipart,
) -> Result<Response, ConsoleError> {
    let mut settings = ImportForm::default();
    let (mut csrf, mut file, mut format) = (String::new(), None, None);
    let bad = |e: axum::extract::multipart::MultipartError| {
        ConsoleError::from(ApiError::BadRequest(format!(
            "the upload was cut short: {e}"
        )))
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            format = field
                .file_name()
                .and_then(|n| Format::from_path(std::path::Path::new(n)));
            file = Some(field.bytes().await.map_err(bad)?);
            continue;
        }
        let text = field.text().await.map_err(bad)?;
        match name.as_str() {
            "csrf" => csrf = text,
            "kind" => settings.kind = ImportKind::from_form(&text),
            "title" => settings.title = text,
            "assign" => settings.assign = text,
            "scope" => settings.scope = text,
            "partners" => settings.partners = text,
            _ => {}
        }
    }
    session.check(&csrf)?;
    supervisor(&session)?;
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| ApiError::BadRequest(t("imports-no-file")))?;
    let format = format.ok_or_else(|| ApiError::UnsupportedMedia(t("imports-format")))?;
    if let Err(problem) = settings.settings(true) {
        let body = html! {
            h1 { (t("imports-title")) }
            (upload_form(&session, &settings, Some(problem)))
        };
        let title = t("imports-title");
        return Ok(Layout::new(&title, &session).render(body).into_response());
    }
    let caller = session.caller.clone();
    let kept = settings.clone();
    let (outcome, draft) = state
        .db
        .on_writer(move |c| {
            let outcome = run(c, &caller, &kept, &file, format, true)?;
            let draft = if outcome.has_errors() {
                None
            } else {
                let options = serde_json::to_string(&kept).map_err(anyhow::Error::from)?;
                let format = match format {
                    Format::Csv => "csv",
                    Format::Xlsx => "xlsx",
                };
                Some(drafts::keep(
                    c,
                    &caller,
                    &drafts::Draft {
                        kind: kept.kind.as_str().into(),
                        format: format.into(),
                        options,
                        file: file.to_vec(),
                    },
                )?)
            };
            Ok::<_, ApiError>((outcome, draft))
        })
        .await?;
    let body = html! {
        h1 { (t("imports-title")) }
        (outcome_view(&outcome))
        @if let Some(id) = &draft {
            form method="post" action={ "/imports/" (id) } {
                input type="hidden" name="csrf" value=(session.csrf);
                button type="submit" { (t("imports-confirm")) }
            }
        } @else {
            p { (t("imports-fix")) }
        }
        h2 { (t("imports-another")) }
        (upload_form(&session, &settings, None))
    };
    let title = t("imports-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// `POST /imports/{id}`: imports a file checked clean.
pub async fn confirm(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(f): Form<super::session::CsrfForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    supervisor(&session)?;
    let caller = session.caller.clone();
    let outcome = state
        .db
        .on_writer(move |c| {
            let draft = drafts::take(c, &caller, &id)?.ok_or(ApiError::NotFound("checked file"))?;
            let settings: ImportForm =
                serde_json::from_str(&draft.options).map_err(anyhow::Error::from)?;
            let format = if draft.format == "xlsx" {
                Format::Xlsx
            } else {
                Format::Csv
            };
            run(c, &caller, &settings, &draft.file, format, false)
        })
        .await?;
    let body = html! {
        h1 { (t("imports-title")) }
        @if outcome.written {
            ul { @for r in outcome.records.iter().take(50) { li { a href={ "/records/" (r) } { (r) } } } }
        }
        (outcome_view(&outcome))
        p { a href="/imports" { (t("imports-another")) } }
    };
    let title = t("imports-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}
