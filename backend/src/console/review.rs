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
use tracemark_shared::api::review::DecodedCode;
use tracemark_shared::domain::Role;
use tracemark_shared::sync::ReviewDecision;

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, kind_name, status_name};
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
        @if let Some(d) = &q.decided { p.notice role="status" { (ta("review-saved", &[("status", status_name(d).into())])) } }
        @if entries.is_empty() {
            p.empty { (t("review-empty")) }
        }
        @for e in &entries {
            article.entry {
                h2 { a href={ "/records/" (e.id) } { (kind_name(&e.kind)) " · " (e.title) } }
                p.meta { (ta("review-submitted", &[
                        ("author", e.author.name.as_str().into()),
                        ("at", e.submitted_at.get(..16).unwrap_or(&e.submitted_at).replace('T', " ").into()),
                        ("revision", e.revision.into()),
                    ]))
                    @if let Some(n) = e.count_lines { " · " (ta("review-count-lines", &[("count", n.into())])) }
                    @if e.history.returned > 0 { " · " (ta("review-returned-before", &[("count", e.history.returned.into())])) } }
                @if let Some(c) = &e.history.last_return_comment {
                    p.hint { (t("review-last-comment")) " " q { (c) } }
                }
                @if !e.photos.is_empty() {
                    ul.photos {
                        @for p in &e.photos {
                            li {
                                @if p.stored {
                                    a href={ "/photos/" (p.sha256) } {
                                        img src={ "/photos/" (p.sha256) "/thumbnail" } alt=(t("record-photo-alt")) loading="lazy";
                                    }
                                } @else {
                                    span.missing { (t("review-photo-missing")) }
                                }
                            }
                        }
                    }
                }
                @if !e.codes.is_empty() {
                    table.codes {
                        thead { tr { th { (t("review-code")) } th { (t("review-code-fields")) } } }
                        tbody { @for c in &e.codes { tr { td { code { (c.text) } } td { (fields_text(c)) } } } }
                    }
                }
                (decision_form(&session, &e.id))
            }
        }
        @if let Some(next) = next {
            p.paging { a href={ "/review?after=" (urlencode(&next)) } { (t("review-next")) } }
        }
    };
    let title = t("review-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A code's fields as the reviewer reads them: `lot: 17-85-0412 · quantity: 1440`.
fn fields_text(code: &DecodedCode) -> String {
    code.field_list()
        .iter()
        .map(|f| format!("{}: {}", f.name, f.value))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The approve / return form of one record.
pub fn decision_form(session: &Session, id: &str) -> Markup {
    html! {
        form.decision method="post" action={ "/review/" (id) } {
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
    let comment = review::checked_comment(decision, Some(f.comment))?;
    let caller = session.caller.clone();
    let done = state
        .db
        .write(move |tx| {
            let done = review::decide_in(tx, &caller, &id, decision, comment.as_deref())?;
            Ok::<_, ApiError>(done)
        })
        .await?;
    Ok(Redirect::to(&format!("/review?decided={}", urlencode(&done.status))).into_response())
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
        assert_eq!(fields_text(&code), "lot: 17-85-0412 · quantity: 1440");
    }
}
