//! Parties across cases in the console: a supervisor asks where else a broker, a
//! vessel, a place or a concealment method appears, and sees the records their
//! agency may see in detail and, for the rest, only the agencies that hold them.
//!
//! Invariant: the page calls the API's own search (`tracing::parties::search`) with
//! the session's caller: the same visibility in SQL, hourly allowance, notices and
//! audit entry.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tracemark_shared::api::tracing::{PartyMatch, PartySearch};
use tracemark_shared::domain::Role;
use tracemark_shared::view::review::MAX_COMMENT_CHARS;
pub use tracemark_shared::view::tracing::search_text;

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, kind_name};
use super::session::Session;
use crate::api::AppState;

/// The parties, places and concealment methods matched; with `form`, each row has a
/// box to tick its record for that form (an access grant).
pub fn party_table(matches: &[PartyMatch], form: Option<&str>) -> Markup {
    html! {
        table.parties {
            thead { tr {
                @if form.is_some() { th { (t("access-grant-pick")) } }
                th { (t("col-kind")) } th { (t("parties-reference")) } th { (t("col-agency")) }
                th { (t("parties-role")) } th { (t("parties-name")) } th { (t("parties-identifier")) }
                th { (t("parties-date")) }
            } }
            tbody {
                @for m in matches {
                    tr {
                        @if let Some(f) = form {
                            td { input type="checkbox" form=(f) name="record" value=(m.record_id) aria-label=(t("access-grant-pick")); }
                        }
                        td { (kind_name(m.kind)) }
                        td { a href={ "/records/" (m.record_id) } { (m.reference.clone().unwrap_or_default()) } }
                        td { (m.agency_name) }
                        td { (m.role.replace('_', " ")) }
                        td { (m.name) @if let Some(c) = &m.country { " (" (c) ")" } }
                        td { (m.identifier.clone().unwrap_or_default()) }
                        td { (m.date.clone().unwrap_or_default()) }
                    }
                }
            }
        }
    }
}

/// `GET /trace/parties?name=…&identifier=…&place=…&concealment=…`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<PartySearch>,
) -> Result<Response, ConsoleError> {
    session
        .caller
        .require(&[Role::Supervisor], "only a supervisor searches parties")?;
    let asked = [&q.name, &q.identifier, &q.place, &q.concealment]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
    let answer = if asked {
        let caller = session.caller.clone();
        let per_hour = state.config.trace_queries_per_hour;
        let search = q.clone();
        Some(
            state
                .db
                .on_writer(move |c| crate::tracing::parties::search(c, &caller, &search, per_hour))
                .await?,
        )
    } else {
        None
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let body = html! {
        h1 { (t("parties-title")) }
        p.hint { (t("parties-hint")) }
        form.filters method="get" action="/trace/parties" {
            label { (t("parties-name")) input name="name" value=(value(&q.name)) maxlength="200"; }
            label { (t("parties-identifier")) input name="identifier" value=(value(&q.identifier)) maxlength="200"; }
            label { (t("parties-place")) input name="place" value=(value(&q.place)) maxlength="200"; }
            label { (t("parties-concealment")) input name="concealment" value=(value(&q.concealment)) maxlength="200"; }
            button type="submit" { (t("trace-button")) }
        }
        @if let Some(a) = &answer {
            p.meta { (t("parties-read-as")) " " (search_text(&a.search)) }
            @if a.matches.is_empty() { p.empty { (t("split-none")) } }
            @else { (party_table(&a.matches, None)) }
            @if a.truncated { p.hint { (ta("trace-truncated", &[("limit", a.limit.into())])) } }
            @if a.holders_searched {
                h2 { (t("parties-holders")) }
                @if a.holders.is_empty() { p.empty { (t("parties-no-holders")) } }
                @else {
                    p.hint { (t("parties-holders-hint")) }
                    @for h in &a.holders {
                        form.request method="post" action="/access" {
                            input type="hidden" name="csrf" value=(session.csrf);
                            input type="hidden" name="agency_id" value=(h.agency_id);
                            @for (field, value) in [("party_name", &a.search.name),
                                ("party_identifier", &a.search.identifier),
                                ("party_place", &a.search.place),
                                ("party_concealment", &a.search.concealment)] {
                                @if let Some(v) = value { input type="hidden" name=(field) value=(v); }
                            }
                            strong { (h.agency_name) " (" (h.country) ")" }
                            label { (t("access-reason")) textarea name="reason" rows="2" maxlength=(MAX_COMMENT_CHARS) required {} }
                            button type="submit" { (t("access-ask")) }
                        }
                    }
                }
            }
        }
    };
    Ok(Layout::new(&t("parties-title"), &session)
        .render(body)
        .into_response())
}
