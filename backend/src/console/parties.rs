//! Parties across cases in the console: a supervisor asks where else a broker, a
//! vessel, a place or a concealment method appears, and sees the records their
//! agency may see in detail and, for the rest, only the agencies that hold them.
//!
//! Invariant: the page calls the API's own search (`tracing::parties::search`) with
//! the session's caller: the same visibility in SQL, hourly allowance, notices and
//! audit entry.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use tracemark_shared::api::tracing::PartySearch;
use tracemark_shared::domain::Role;

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, kind_name};
use super::session::Session;
use crate::api::AppState;

/// A party search's terms on one line (`name: example freight · place: jebel ali`).
pub fn search_text(s: &PartySearch) -> String {
    [
        ("name", &s.name),
        ("identifier", &s.identifier),
        ("place", &s.place),
        ("concealment", &s.concealment),
    ]
    .iter()
    .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}: {v}")))
    .collect::<Vec<_>>()
    .join(" · ")
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
            @else {
                table.parties {
                    thead { tr {
                        th { (t("col-kind")) } th { (t("parties-reference")) } th { (t("col-agency")) }
                        th { (t("parties-role")) } th { (t("parties-name")) } th { (t("parties-identifier")) }
                        th { (t("parties-date")) }
                    } }
                    tbody {
                        @for m in &a.matches {
                            tr {
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
            @if a.truncated { p.hint { (ta("trace-truncated", &[("limit", a.limit.into())])) } }
            @if a.holders_searched {
                h2 { (t("parties-holders")) }
                @if a.holders.is_empty() { p.empty { (t("parties-no-holders")) } }
                @else {
                    p.hint { (t("parties-holders-hint")) }
                    ul.holders {
                        @for h in &a.holders {
                            li { (h.agency_name) " (" (h.country) ")" }
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
