//! The review queue in the console: a supervisor sees the submitted records of their
//! agency, oldest first, with their photos and decoded codes, and approves or returns
//! each with a comment.
//!
//! Invariant: the queue and the decision are the API's own functions
//! (`review::queue::page`, `review::decide_in`) called with the session's caller, so a
//! decision is checked, revisioned, pulled by the author and audited exactly alike.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::api::review::{DecodedCode, PhotoLink};
use tracemark_shared::domain::Role;
use tracemark_shared::sync::ReviewDecision;
use tracemark_shared::view::Term;
use tracemark_shared::view::review::{DecisionProblem, EntryView, checked_comment};

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, kind_name, status_name, term, urlencode};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::review::{self, queue};

/// Entries on one page of the queue.
const PAGE: u32 = 25;

fn supervisor(session: &Session) -> Result<(), ConsoleError> {
    session
        .caller
        .require(&[Role::Supervisor], "only a supervisor reviews records")
        .map_err(ConsoleError::from)
}

/// Paging of the queue.
#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    /// The cursor of the previous page's last entry.
    #[serde(default)]
    after: Option<String>,
    /// What was just decided, to say so.
    #[serde(default)]
    decided: Option<String>,
}

/// `GET /review`.
pub async fn queue_page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<QueueQuery>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let after = q.after.as_deref().map(queue::Cursor::parse).transpose()?;
    let caller = session.caller.clone();
    let (entries, next) = state
        .db
        .write(move |tx| {
            queue::read(
                tx,
                &caller,
                None,
                after.as_ref(),
                PAGE,
                json!({ "console": true }),
            )
        })
        .await?;
    let body = html! {
        h1 { (t("review-title")) }
        @if let Some(d) = q.decided.as_deref().and_then(|d| d.parse().ok()) { p.notice role="status" { (ta("review-saved", &[("status", status_name(d).into())])) } }
        @if entries.is_empty() {
            p.empty { (t("review-empty")) }
        }
        @for e in entries.iter().map(EntryView::new) {
            (entry(&session, &e))
        }
        @if let Some(next) = next {
            p.paging { a href={ "/review?after=" (urlencode(&next)) } { (t("review-next")) } }
        }
    };
    let title = t("review-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// One queued record: what it is, who sent it when, its photos and codes, and the
/// decision form.
fn entry(session: &Session, v: &EntryView<'_>) -> Markup {
    let e = v.entry;
    html! {
        article.entry {
            h2 { a href={ "/records/" (e.id) } { (kind_name(e.kind)) " · " (e.title) } }
            @if let Some(p) = e.priority {
                p.priority role="note" { (t(&format!("review-priority-{}", p.as_str()))) }
            }
            p.meta { (ta("review-submitted", &[
                    ("author", e.author.name.as_str().into()),
                    ("at", super::records::short_time(&e.submitted_at).into()),
                    ("revision", e.revision.into()),
                ]))
                @if let Some(n) = e.count_lines { " · " (ta("review-count-lines", &[("count", n.into())])) } }
            @if let Some((times, comment)) = v.returned {
                p.hint { (ta("review-returned-before", &[("count", times.into())]))
                    @if let Some(c) = comment { " · " (t("review-last-comment")) " " q { (c) } } }
            }
            (photo_list(v.photos))
            @if let Some(codes) = v.codes {
                @if codes.is_empty() { p.hint { (t("no-codes")) } }
                @else { (code_table(codes)) }
            }
            (decision_form(session, &e.id, None))
        }
    }
}

/// Thumbnails of a record's photos, each opening its original; a photo a device is
/// still sending says so.
pub fn photo_list(photos: &[PhotoLink]) -> Markup {
    html! {
        @if !photos.is_empty() {
            ul.photos {
                @for (i, p) in photos.iter().enumerate() {
                    @let alt = ta("photo-n", &[("number", (i + 1).into())]);
                    li {
                        @if p.stored {
                            a href={ "/photos/" (p.sha256) } {
                                img src={ "/photos/" (p.sha256) "/thumbnail" } alt=(alt) loading="lazy";
                            }
                        } @else {
                            span.missing { (alt) ": " (t("review-photo-missing")) }
                        }
                    }
                }
            }
        }
    }
}

/// The codes scanned on a record's items: what each was read as, its fields by name,
/// and its warnings.
fn code_table(codes: &[DecodedCode]) -> Markup {
    html! {
        table.codes {
            thead { tr { th { (t("review-code")) } th { (t("review-code-fields")) } } }
            tbody { @for c in codes { tr {
                td { span.badge { (term(Term::CodeKind, &c.kind)) } " " code dir="ltr" { (c.text) } }
                td { (fields_text(c))
                    @for w in &c.warnings { p.warn { (w) } } }
            } } }
        }
    }
}

/// A code's fields as the reviewer reads them: `Lot: 17-85-0412 · Quantity: 1440`.
fn fields_text(code: &DecodedCode) -> String {
    code.field_list()
        .iter()
        .map(|f| format!("{}: {}", term(Term::CodeField, &f.name), f.value))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The approve / return form of one record, with what to correct when a decision was
/// refused.
pub fn decision_form(session: &Session, id: &str, problem: Option<DecisionProblem>) -> Markup {
    html! {
        form.decision method="post" action={ "/review/" (id) } {
            @if let Some(p) = problem { p.error role="alert" { (t(p.message_id())) } }
            input type="hidden" name="csrf" value=(session.csrf);
            label { (t("review-comment"))
                textarea name="comment" rows="2" maxlength="2000" {} }
            button type="submit" name="decision" value="approve" { (t("review-approve")) }
            button.return type="submit" name="decision" value="return" { (t("review-return")) }
        }
    }
}

/// The decision form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    comment: String,
}

/// `POST /review/{id}`.
pub async fn decide(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    supervisor(&session)?;
    let decision = match f.decision.as_str() {
        "approve" => ReviewDecision::Approve,
        "return" => ReviewDecision::Return,
        _ => {
            return Err(ApiError::BadRequest("decide to approve or to return".into()).into());
        }
    };
    let comment = match checked_comment(decision, &f.comment) {
        Ok(c) => c,
        Err(p) => {
            let to = format!("/records/{}?problem={}", urlencode(&id), p.message_id());
            return Ok(Redirect::to(&to).into_response());
        }
    };
    let caller = session.caller.clone();
    let done = state
        .db
        .write(move |tx| {
            let done = review::decide_in(tx, &caller, &id, decision, comment.as_deref())?;
            Ok::<_, ApiError>(done)
        })
        .await?;
    Ok(Redirect::to(&format!("/review?decided={}", done.status.as_str())).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_codes_fields_read_as_values_not_as_json() {
        let code: DecodedCode = serde_json::from_value(json!({
            "item_id": "i1", "text": "(10)17-85-0412(30)1440", "kind": "gs1_element_string",
            "warnings": [],
            "fields": {
                "lot": { "value": "17-85-0412", "source": "AI (10)", "span": [4, 14] },
                "quantity": { "value": 1440, "source": "AI (30)", "span": [18, 22] }
            }
        }))
        .unwrap();
        let text =
            super::super::i18n::in_language(super::super::i18n::Locale::En, || fields_text(&code));
        assert_eq!(text, "Lot: 17-85-0412 · Quantity: 1440");
    }
}
