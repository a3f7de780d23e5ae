//! Records in the console: the list with filters and paging, a record's page (its
//! fields, photos, revisions and decisions), and its photos.
//!
//! Invariant: every list and page reads through the records' visibility rule with the
//! session's caller, in the SQL itself, and every read is audited like the API's; a
//! record the caller may not see answers like a missing one.

use crate::named;
use crate::sql::{Conn, ConnExt};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};
use tracemark_shared::domain::{RecordKind, RecordStatus, Role};

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, choice, day, kind_name, status_name, term};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::records::{self, RecordView, SELECT_VIEW, VISIBLE};
use crate::review::{queue, revisions};
use crate::{audit, photos};
use tracemark_shared::api::review::PhotoLink;
use tracemark_shared::view::Term;
use tracemark_shared::view::record::{self as record, ITEM_COLUMNS, RecordSummary, Shown};
use tracemark_shared::view::review::{DecisionProblem, decision_label_id, may_decide};

/// Records on one page of the list.
const PAGE: u32 = 50;

/// The list's filters, as the form sends them (empty fields mean "any").
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    /// Part of the record's reference.
    #[serde(default)]
    reference: String,
    /// Changed on or after this day (YYYY-MM-DD).
    #[serde(default)]
    from: String,
    /// Changed on or before this day (YYYY-MM-DD).
    #[serde(default)]
    to: String,
    /// Only the caller's own records.
    #[serde(default)]
    mine: Option<String>,
    /// Where the previous page ended (`updated_at|id`).
    #[serde(default)]
    before: String,
}

/// A page of the list: newest change first.
fn page(
    c: &impl Conn,
    session: &Session,
    f: &Filters,
) -> Result<(Vec<RecordView>, Option<String>), ConsoleError> {
    let kind: Option<RecordKind> = choice("kind", &f.kind)?;
    let status: Option<RecordStatus> = choice("status", &f.status)?;
    let (from, to) = (day("from", &f.from)?, day("to", &f.to)?);
    let reference = Some(f.reference.trim())
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(64).collect::<String>().to_lowercase());
    let (before_at, before_id) = f
        .before
        .split_once('|')
        .map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let caller = &session.caller;
    let author = f.mine.is_some().then_some(caller.user_id.as_str());
    let sql = format!(
        "{SELECT_VIEW}
         WHERE (CAST(:kind AS TEXT) IS NULL OR r.kind = :kind) AND (CAST(:status AS TEXT) IS NULL OR r.status = :status)
           AND (CAST(:author AS TEXT) IS NULL OR r.author_user_id = :author)
           AND (CAST(:from AS TEXT) IS NULL OR r.updated_at >= :from)
           AND (CAST(:to AS TEXT) IS NULL OR substr(r.updated_at, 1, 10) <= :to)
           AND (CAST(:reference AS TEXT) IS NULL
                OR instr(lower(coalesce(json_extract(r.body, '$.reference'), '')), :reference) > 0)
           AND (CAST(:before_at AS TEXT) IS NULL OR (r.updated_at, r.id) < (:before_at, :before_id))
           AND {VISIBLE}
         ORDER BY r.updated_at DESC, r.id DESC LIMIT :limit"
    );
    let rows = c
        .query(
            &sql,
            named! {
                ":kind": kind.map(RecordKind::as_str), ":status": status.map(RecordStatus::as_str), ":author": author, ":from": from, ":to": to,
                ":reference": reference, ":before_at": before_at, ":before_id": before_id,
                ":limit": PAGE, ":agency": caller.agency_id, ":country": caller.country,
            },
            records::view,
        )
        .map_err(ApiError::from)?;
    let next = (rows.len() == PAGE as usize)
        .then(|| rows.last().map(|r| format!("{}|{}", r.updated_at, r.id)))
        .flatten();
    Ok((rows, next))
}

/// `GET /records`.
pub async fn list(
    State(state): State<AppState>,
    session: Session,
    Query(f): Query<Filters>,
) -> Result<Response, ConsoleError> {
    let s = session.clone();
    let (rows, next, f) = state
        .db
        .write(move |tx| {
            let (rows, next) = page(tx, &s, &f)?;
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            audit::reads(
                tx,
                s.caller.actor(),
                "read_records",
                &ids,
                json!({ "kind": f.kind, "console": true }),
            )?;
            Ok::<_, ConsoleError>((rows, next, f))
        })
        .await?;
    let field_user = matches!(session.caller.role, Role::Inspector | Role::CustomsOfficer);
    let body = html! {
        h1 { (t("records-title")) }
        @if field_user {
            p.notice { (t("records-field-notice")) }
        }
        form.filters method="get" action="/records" {
            label { (t("filter-kind")) select name="kind" {
                option value="" { (t("filter-any")) }
                @for k in RecordKind::ALL { option value=(k.as_str()) selected[f.kind == k.as_str()] { (kind_name(*k)) } }
            } }
            label { (t("filter-status")) select name="status" {
                option value="" { (t("filter-any")) }
                @for st in RecordStatus::ALL { option value=(st.as_str()) selected[f.status == st.as_str()] { (status_name(*st)) } }
            } }
            label { (t("filter-reference")) input name="reference" value=(f.reference) maxlength="64"; }
            label { (t("filter-from")) input type="date" name="from" value=(f.from); }
            label { (t("filter-to")) input type="date" name="to" value=(f.to); }
            label.check { input type="checkbox" name="mine" value="1" checked[f.mine.is_some()]; (t("filter-mine")) }
            button type="submit" { (t("filter-button")) }
        }
        @if rows.is_empty() {
            p.empty { (t("records-none")) }
        } @else {
            table.records {
                thead { tr { th { (t("col-kind")) } th { (t("col-reference")) } th { (t("col-agency")) } th { (t("col-status")) } th { (t("col-changed")) } } }
                tbody {
                    @for r in &rows {
                        tr {
                            td { a href={ "/records/" (r.id) } { (kind_name(r.kind)) } }
                            td { (title_of(r)) }
                            td { (r.agency_name) }
                            td { span class={ "status " (r.status) } { (status_name(r.status)) } }
                            td { time datetime=(r.updated_at) { (short_time(&r.updated_at)) } }
                        }
                    }
                }
            }
        }
        @if let Some(next) = next {
            p.paging { a href={ "/records?" (next_query(&f, &next)) } { (t("records-older")) } }
        }
    };
    let title = t("records-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

fn next_query(f: &Filters, next: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("kind", &f.kind),
        ("status", &f.status),
        ("reference", &f.reference),
        ("from", &f.from),
        ("to", &f.to),
    ] {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    if f.mine.is_some() {
        q.append_pair("mine", "1");
    }
    q.append_pair("before", next);
    q.finish()
}

/// What a record is called in a list: its reference, title or lot.
fn title_of(r: &RecordView) -> String {
    record::title_of(&r.body).unwrap_or("—").to_string()
}

/// A stored time as the reader's language writes it (`30 Nov 2026, 02:03 UTC`).
pub fn short_time(t: &str) -> String {
    super::i18n::current().date_time_text(t)
}

/// What the record page was sent back with.
#[derive(Debug, Default, Deserialize)]
pub struct RecordQuery {
    /// A decision refused before it was sent, by its message id.
    #[serde(default)]
    problem: Option<String>,
}

/// `GET /records/{id}/report.pdf`: the case report, made as the session's user.
pub async fn report_pdf(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let caller = session.caller.clone();
    let per_hour = state.config.trace_queries_per_hour;
    let report = state
        .db
        .write(move |tx| crate::report::make(tx, &caller, &id, "pdf", "console", per_hour))
        .await
        .map_err(ApiError::from)?;
    let locale = super::i18n::current();
    Ok(crate::report::pdf_answer(&state, &report, locale).await?)
}

/// `GET /records/{id}`.
pub async fn one(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<RecordQuery>,
) -> Result<Response, ConsoleError> {
    let caller = session.caller.clone();
    let (record, history, count_lines) = state
        .db
        .write(move |tx| {
            let record = records::read_one(tx, &caller, &id)?;
            let history = revisions::of_record(tx, &caller, &id)?;
            // A check's lines are counted for its own agency only.
            let lines = (record.kind == RecordKind::StockCheck
                && record.agency_id == caller.agency_id)
                .then(|| queue::count_lines_of(tx, &caller.agency_id, &record.id))
                .transpose()?;
            Ok::<_, ApiError>((record, history, lines))
        })
        .await?;
    let summary = RecordSummary::new(
        record.kind,
        &record.body,
        &record.agency_name,
        &record.scope,
        count_lines,
    );
    let caller = &session.caller;
    let decide = may_decide(
        caller.role,
        &caller.agency_id,
        &record.agency_id,
        record.status,
    );
    let problem = [
        DecisionProblem::CommentRequired,
        DecisionProblem::CommentTooLong,
    ]
    .into_iter()
    .find(|p| q.problem.as_deref() == Some(p.message_id()));
    let body = html! {
        h1 { (kind_name(record.kind)) " " span.ref { (title_of(&record)) } }
        dl.summary {
            dt { (t("record-status")) } dd { span class={ "status " (record.status) } { (status_name(record.status)) } }
            dt { (t("record-revision")) } dd { (record.revision) }
            dt { (t("record-changed")) } dd { (short_time(&record.updated_at)) }
        }
        @if decide { (super::review::decision_form(&session, &record.id, problem)) }
        @if record.kind == RecordKind::StockCheck && session.caller.role == Role::Supervisor
            && record.agency_id == session.caller.agency_id {
            p { a href={ "/records/" (record.id) "/reconciliation" } { (t("record-reconcile")) } " · "
                a href={ "/records/" (record.id) "/labels.pdf" } download { (t("labels-download")) } }
        }
        @if record.kind.is_case() && record.agency_id == session.caller.agency_id
            && matches!(session.caller.role, Role::Supervisor | Role::CustomsOfficer) {
            p { a.button href={ "/records/" (record.id) "/report.pdf" } download { (t("case-report-download")) } }
        }
        @if !summary.photos.is_empty() {
            h2 { (t("record-photos")) }
            (super::review::photo_list(&summary.photos.iter().map(|sha| PhotoLink {
                stored: true,
                sha256: sha.clone(),
                ..PhotoLink::default()
            }).collect::<Vec<_>>()))
        }
        h2 { (t("record-fields")) }
        (facts(&summary))
        @if let Some(h) = &history {
            h2 { (t("record-history")) }
            ol.history {
                @for r in &h.revisions {
                    li { (ta("record-revision-line", &[
                            ("revision", r.revision.into()),
                            ("status", r.status.map_or_else(|| "—".to_string(), status_name).into()),
                            ("author", r.author.name.as_str().into()),
                            ("at", short_time(&r.at).into()),
                        ]))
                        @if let Some(d) = &r.device { " · " (d.name) } }
                }
            }
            @if !h.reviews.is_empty() {
                h2 { (t("record-decisions")) }
                ul.decisions {
                    @for d in &h.reviews {
                        li { strong { (t(decision_label_id(&d.decision))) }
                            " " (ta("decision-by", &[("reviewer", d.reviewer.name.as_str().into()), ("at", short_time(&d.at).into())]))
                            @if let Some(c) = &d.comment { blockquote { (c) } } }
                    }
                }
            }
        }
    };
    let title = t("record-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// A record's facts, its items as a table, then every other field it holds.
fn facts(s: &RecordSummary<'_>) -> Markup {
    let shown = |v: &Shown| match v {
        Shown::Text(text) => text.clone(),
        Shown::Term(family, value) => term(*family, value),
    };
    html! {
        dl.summary {
            @for f in &s.facts { dt { (t(f.label)) } dd { (shown(&f.value)) } }
        }
        @if !s.items.is_empty() {
            div.table-scroll { table.items {
                thead { tr { @for c in ITEM_COLUMNS { th { (t(c)) } } th { "NSN" } th { (t("ammunition-type")) } } }
                tbody { @for i in s.items.iter().take(500) { tr {
                    td { (i.calibre) } td { (i.manufacturer) } td { (i.lot) } td { (i.sub_lot) } td { (i.year) }
                    td { (i.quantity) @if let Some(u) = &i.unit { " " (term(Term::Unit, u).to_lowercase()) } }
                    td dir="ltr" { (i.nsn) }
                    td { @if let Some((kind, stated)) = i.ammunition_type {
                        (t(&format!("ammo-{}", kind.as_str())))
                        @if !stated { " " span.hint { (t("ammunition-type-from-marks-short")) } }
                    } }
                } } }
            } }
            @if s.items.len() > 500 { p.hint { (ta("more-not-shown", &[("count", (s.items.len() - 500).into())])) } }
        }
        @if !s.other.is_empty() {
            dl.fields {
                @for (k, v) in &s.other { dt { (k.replace('_', " ")) } dd { (fields(v)) } }
            }
        }
    }
}

/// A record's body as nested definition lists, in the order it was stored.
fn fields(v: &Value) -> Markup {
    match v {
        Value::Object(m) => html! {
            dl.fields {
                @for (k, v) in m {
                    @if k != "photos" && !v.is_null() {
                        dt { (k.replace('_', " ")) } dd { (fields(v)) }
                    }
                }
            }
        },
        Value::Array(list) if list.is_empty() => html! { "—" },
        Value::Array(list) => html! {
            ol.items { @for item in list.iter().take(500) { li { (fields(item)) } } }
            @if list.len() > 500 { p.hint { (ta("more-not-shown", &[("count", (list.len() - 500).into())])) } }
        },
        Value::String(s) => html! { (s) },
        Value::Bool(b) => html! { (t(if *b { "value-yes" } else { "value-no" })) },
        Value::Number(n) => html! { (n) },
        Value::Null => html! { "—" },
    }
}

/// `GET /photos/{sha}`: the original, if the caller may see it.
pub async fn photo(
    State(state): State<AppState>,
    session: Session,
    Path(sha): Path<String>,
) -> Result<Response, ConsoleError> {
    Ok(not_kept(
        photos::original(&state, &session.caller, &sha).await?,
    ))
}

/// Photos are case data: a browser on a shared office PC must not keep them after the
/// session (the API's answers let a device cache them).
fn not_kept(mut response: Response) -> Response {
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// `GET /photos/{sha}/thumbnail`.
pub async fn thumbnail(
    State(state): State<AppState>,
    session: Session,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ConsoleError> {
    Ok(not_kept(
        photos::thumbnail::answer(&state, &session.caller, &sha, &headers).await?,
    ))
}
