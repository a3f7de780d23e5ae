//! Tracing in the console: a supervisor searches the lot index, sees in detail the
//! lines their agency may see and, for criteria that name one lot, the agencies that
//! hold more; asks a holder for access; and, as a holder, grants or refuses requests.
//!
//! Invariant: the trace and every access-request step are the API's own functions
//! (`tracing::trace::answer`, `tracing::requests::{create_in, list_in, one_in, decide_in}`)
//! with the session's caller: the same hourly limit, visibility in SQL, notices to
//! the holders and audit entries.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tracemark_shared::domain::{RecordKind, Role};
use tracemark_shared::view::Term;
use tracemark_shared::view::access::{
    DEFAULT_GRANT_DAYS, GrantForm, GrantProblem, RequestView as AccessView,
};
use tracemark_shared::view::review::MAX_COMMENT_CHARS;
use tracemark_shared::view::tracing::{TraceForm, criterion_label_id, split_sections};

use super::i18n::{t, ta};
use super::page::{ConsoleError, Layout, kind_name, status_name, term, urlencode};
use super::parties::{party_table, search_text};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::tracing::query::{Criteria, CriteriaExt, Match};
use crate::tracing::requests::{self, Decision, MAX_GRANT_DAYS, Mailbox, RequestView};
use crate::tracing::trace;
use tracemark_shared::api::tracing::{Holder, PartySearch, TransferTerms};

fn supervisor(session: &Session) -> Result<(), ConsoleError> {
    session
        .caller
        .require(&[Role::Supervisor], "only a supervisor traces lots")
        .map_err(ConsoleError::from)
}

/// The trace form's criteria, or the reader's words for what to correct.
fn criteria_of(form: &TraceForm) -> Result<Criteria, ConsoleError> {
    form.criteria()
        .map_err(|p| ApiError::BadRequest(t(p.message_id())).into())
}

/// The criteria again, as hidden fields of another form.
fn hidden(c: &Criteria) -> Markup {
    html! {
        @for (name, value) in c.pairs() {
            input type="hidden" name=(name) value=(value);
        }
    }
}

/// What each transfer's certificate says of retransfer, and its delivery verification.
fn terms_list(terms: &[TransferTerms]) -> Markup {
    html! {
        ul.terms {
            @for term in terms {
                li {
                    strong { (term.end_user_certificate_ref) } " — " (term.end_user) ": "
                    @match &term.non_retransfer {
                        Some(n) if n.clause => {
                            span.mixing.forbidden { (t("terms-no-retransfer")) }
                            @if let Some(c) = &n.conditions { " (" (c) ")" }
                        }
                        Some(_) => { (t("terms-retransfer-allowed")) }
                        None => { (t("terms-unknown")) }
                    }
                    @if let Some(dvc) = &term.delivery_verification_ref {
                        " · " (ta("terms-dvc", &[("reference", dvc.clone().into())]))
                    }
                    @for r in &term.authorised_retransfers {
                        br;
                        (ta("terms-authorised", &[
                            ("to", r.to.clone().into()),
                            ("reference", r.reference.clone().into()),
                            ("date", r.authorised_on.to_string().into()),
                        ]))
                    }
                }
            }
        }
    }
}

fn match_rows(matches: &[Match]) -> Markup {
    match_table(matches, None)
}

/// The matching records' lines; with `form`, each line has a box to tick its record
/// for that form (a record of several lines is ticked from any of them).
fn match_table(matches: &[Match], form: Option<&str>) -> Markup {
    html! {
        table.matches {
            thead { tr {
                @if form.is_some() { th { (t("access-grant-pick")) } }
                th { (t("col-kind")) } th { (t("col-agency")) } th { (t("trace-lot")) }
                th { (t("trace-quantity")) } th { (t("trace-where")) } th { (t("trace-date")) }
            } }
            tbody {
                @for m in matches {
                    tr {
                        @if let Some(f) = form {
                            td { input type="checkbox" form=(f) name="record" value=(m.record_id) aria-label=(t("access-grant-pick")); }
                        }
                        td { a href={ "/records/" (m.record_id) } { (kind_name(m.kind)) } " "
                            span class={ "status " (m.status) } { (status_name(m.status)) } }
                        td { (m.agency_name) " (" (m.country) ")" }
                        td { (m.line.manufacturer) " " (m.line.calibre) " "
                            (m.line.year.map(|y| y.to_string()).unwrap_or_default()) " "
                            strong { (m.line.lot) }
                            @if let Some(s) = &m.line.sub_lot { " / " (s) } }
                        td.num { (m.line.quantity) }
                        td { @for part in [&m.line.depot, &m.line.location, &m.line.end_user, &m.line.reference].into_iter().flatten() {
                            span.part { (part) } } }
                        td { (m.date.as_deref().unwrap_or("—")) }
                    }
                }
            }
        }
    }
}

/// The agencies holding more of the lot, each with a form asking it for access.
fn holders(session: &Session, holders: &[Holder], searched: bool, criteria: &Criteria) -> Markup {
    html! {
        h2 { (t("trace-holders")) }
        @if !searched {
            p.notice { (t("trace-holders-need-a-lot")) }
        } @else if holders.is_empty() {
            p.empty { (t("trace-no-holders")) }
        } @else {
            p.hint { (t("trace-holders-hint")) }
            @for h in holders {
                form.request method="post" action="/access" {
                    input type="hidden" name="csrf" value=(session.csrf);
                    input type="hidden" name="agency_id" value=(h.agency_id);
                    (hidden(criteria))
                    strong { (h.agency_name) " (" (h.country) ")" }
                    label { (t("access-reason")) textarea name="reason" rows="2" maxlength=(MAX_COMMENT_CHARS) required {} }
                    button type="submit" { (t("access-ask")) }
                }
            }
        }
    }
}

/// `GET /trace`: the form and, when criteria are given, the answer.
pub async fn trace_page(
    State(state): State<AppState>,
    session: Session,
    Query(form): Query<TraceForm>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    // What to correct is said above the form, the typed values kept.
    let (answer, problem) = match form.criteria() {
        _ if form.is_blank() => (None, None),
        Err(p) => (None, Some(t(p.message_id()))),
        Ok(criteria) => {
            let f = criteria.filter().map_err(ApiError::Invalid)?;
            let caller = session.caller.clone();
            let per_hour = state.config.trace_queries_per_hour;
            let answer = state
                .db
                .on_writer(move |c| trace::answer(c, &caller, f, per_hour))
                .await?;
            (Some(answer), None)
        }
    };
    let body = html! {
        h1 { (t("trace-title")) }
        p.hint { (t("trace-hint")) }
        @if let Some(problem) = problem { p.error role="alert" { (problem) } }
        form.filters method="get" action="/trace" {
            label { (t("trace-lot")) input name="lot" value=(form.lot) maxlength="64"; }
            label { (t("trace-sub-lot")) input name="sub_lot" value=(form.sub_lot) maxlength="64"; }
            label { (t("trace-manufacturer")) input name="manufacturer" value=(form.manufacturer) maxlength="64"; }
            label { (t("trace-calibre")) input name="calibre" value=(form.calibre) maxlength="64"; }
            label { (t("trace-year")) input name="year" value=(form.year) inputmode="numeric" maxlength="4" size="5"; }
            label { (t("trace-nsn")) input name="nsn" value=(form.nsn) maxlength="20"; }
            label { (t("trace-gtin")) input name="gtin" value=(form.gtin) maxlength="20"; }
            label { (t("trace-serial")) input name="serial" value=(form.serial) maxlength="64"; }
            label { (t("filter-kind")) select name="kind" {
                option value="" { (t("filter-any")) }
                @for k in RecordKind::ALL { option value=(k.as_str()) selected[form.kind == k.as_str()] { (kind_name(*k)) } }
            } }
            button type="submit" { (t("trace-button")) }
        }
        p { a href="/trace/lot-split" { (t("split-title")) } " · " a href="/trace/parties" { (t("parties-title")) } " · " a href="/trace/notices" { (t("trace-notices-link")) }
            " · " a href="/access" { (t("access-link")) } }
        @if let Some(a) = &answer {
            h2 { (ta("trace-visible", &[("count", a.matches.len().into())])) }
            @if a.matches.is_empty() { p.empty { (t("trace-none-visible")) } }
            @else { (match_rows(&a.matches)) }
            @if a.truncated { p.hint { (ta("trace-truncated", &[("limit", a.limit.into())])) } }
            (holders(&session, &a.holders, a.holders_searched, &a.criteria))
        }
    };
    let title = t("trace-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// The access-request form, with the criteria (or the party search, `party_…`) it
/// was made from.
#[derive(Debug, Deserialize)]
pub struct RequestForm {
    csrf: String,
    agency_id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    party_name: Option<String>,
    #[serde(default)]
    party_identifier: Option<String>,
    #[serde(default)]
    party_place: Option<String>,
    #[serde(default)]
    party_concealment: Option<String>,
    #[serde(flatten)]
    criteria: TraceForm,
}

impl RequestForm {
    /// The party search the form carries, when it is a request by party.
    fn party(&self) -> Option<PartySearch> {
        let search = PartySearch {
            name: self.party_name.clone(),
            identifier: self.party_identifier.clone(),
            place: self.party_place.clone(),
            concealment: self.party_concealment.clone(),
        };
        (search != PartySearch::default()).then_some(search)
    }
}

/// `POST /access`: asks a holder for access to its matching records.
pub async fn ask(
    State(state): State<AppState>,
    session: Session,
    Form(f): Form<RequestForm>,
) -> Result<Response, ConsoleError> {
    session.check(&f.csrf)?;
    supervisor(&session)?;
    let party = f.party();
    let criteria = match party {
        Some(_) => Criteria::default(),
        None => criteria_of(&f.criteria)?,
    };
    let caller = session.caller.clone();
    state
        .db
        .write(move |tx| {
            let asked = requests::Asked {
                criteria: &criteria,
                party: party.as_ref(),
            };
            requests::create_in(tx, &caller, &f.agency_id, asked, &f.reason)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Redirect::to("/access?box=outgoing&done=sent").into_response())
}

/// Which mailbox, and what was just done.
#[derive(Debug, Default, Deserialize)]
pub struct AccessQuery {
    #[serde(rename = "box", default)]
    mailbox: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// What a request asks for in the reader's words: its party search, or its criteria.
fn asked_text(v: &RequestView) -> String {
    match &v.party {
        Some(p) => format!("{}: {}", t("access-by-party"), search_text(p)),
        None => criteria_text(&v.criteria),
    }
}

/// The criteria in the reader's words, e.g. `Lot: 17-85-0412 · Calibre: 7.62x39mm`.
fn criteria_text(c: &Criteria) -> String {
    c.pairs()
        .into_iter()
        .map(|(name, value)| {
            let value = match value.parse::<RecordKind>() {
                Ok(kind) if name == "kind" => kind_name(kind),
                _ => value,
            };
            format!("{}: {value}", t(&criterion_label_id(name)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `GET /access`: requests to and from the caller's agency.
pub async fn mailbox(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AccessQuery>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let outgoing = q.mailbox.as_deref() == Some("outgoing");
    let mailbox = if outgoing {
        Mailbox::Outgoing
    } else {
        Mailbox::Incoming
    };
    let caller = session.caller.clone();
    let views = state
        .db
        .call(move |c| requests::list_in(c, &caller, mailbox))
        .await?;
    let body = html! {
        h1 { (t("access-title")) }
        @match q.done.as_deref() {
            Some("sent") => p.notice role="status" { (t("access-sent")) },
            Some("decided") => p.notice role="status" { (t("access-decided")) },
            _ => {},
        }
        p.tabs {
            @if outgoing { a href="/access" { (t("access-incoming")) } " · " strong { (t("access-outgoing")) } }
            @else { strong { (t("access-incoming")) } " · " a href="/access?box=outgoing" { (t("access-outgoing")) } }
        }
        @if views.is_empty() { p.empty { (t("access-none")) } }
        @else {
            table.requests {
                thead { tr { th { (t("access-from-to")) } th { (t("access-criteria")) } th { (t("access-reason")) }
                    th { (t("col-status")) } th { (t("col-changed")) } } }
                tbody {
                    @for v in &views {
                        @let seen = AccessView::new(v, mailbox);
                        tr {
                            td { a href={ "/access/" (v.id) } { (seen.counterpart) } }
                            td { (asked_text(v)) }
                            td { (v.reason) }
                            td { (term(Term::AccessStatus, &v.status)) }
                            td { (v.created_at.get(..10).unwrap_or(&v.created_at)) }
                        }
                    }
                }
            }
        }
    };
    let title = t("access-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

fn request_page(session: &Session, v: &RequestView, problem: Option<GrantProblem>) -> Markup {
    let mailbox = if v.holder_agency_id == session.caller.agency_id {
        Mailbox::Incoming
    } else {
        Mailbox::Outgoing
    };
    let seen = AccessView::new(v, mailbox);
    let form_id = "grant";
    html! {
        h1 { (t("access-request")) }
        dl.summary {
            dt { (t("access-requester")) } dd { (v.requester_agency_name) }
            dt { (t("access-holder")) } dd { (v.holder_agency_name) }
            dt { (t("access-criteria")) } dd { (asked_text(v)) }
            dt { (t("access-reason")) } dd { (v.reason) }
            dt { (t("col-status")) } dd { (term(Term::AccessStatus, &v.status)) }
            @if let Some(c) = &v.comment { dt { (t("access-comment")) } dd { (c) } }
            @if let Some(e) = &v.expires_at { dt { (t("access-until")) } dd { (e.get(..10).unwrap_or(e)) } }
        }
        @if !v.granted_records.is_empty() {
            h2 { (t("access-granted-records")) }
            ul { @for r in &v.granted_records { li { a href={ "/records/" (r) } { (r) } } } }
        }
        @if let Some(matching) = &v.matching {
            h2 { (t("access-matching")) }
            @if matching.is_empty() { p.empty { (t("trace-none-visible")) } }
            @else { (match_table(matching, seen.decidable.then_some(form_id))) }
            @if v.matching_truncated == Some(true) { p.hint { (t("access-matching-truncated")) } }
        }
        @if let Some(matching) = &v.matching_parties {
            h2 { (t("access-matching")) }
            @if matching.is_empty() { p.empty { (t("trace-none-visible")) } }
            @else { (party_table(matching, seen.decidable.then_some(form_id))) }
            @if v.matching_truncated == Some(true) { p.hint { (t("access-matching-truncated")) } }
        }
        @if seen.decidable {
            form.decision id=(form_id) method="post" action={ "/access/" (v.id) } {
                @if let Some(p) = problem { p.error role="alert" { (t(p.message_id())) } }
                input type="hidden" name="csrf" value=(session.csrf);
                @if v.matching.as_ref().is_some_and(|m| !m.is_empty())
                    || v.matching_parties.as_ref().is_some_and(|m| !m.is_empty()) {
                    fieldset {
                        label.check { input type="radio" name="which" value="all" checked; (t("access-grant-all")) }
                        label.check { input type="radio" name="which" value="some"; (t("access-grant-some")) }
                    }
                }
                label { (t("access-days")) input type="number" name="days" min="1" max=(MAX_GRANT_DAYS) value=(DEFAULT_GRANT_DAYS); }
                label { (t("access-comment")) textarea name="comment" rows="2" maxlength=(MAX_COMMENT_CHARS) {} }
                button type="submit" name="decision" value="grant" { (t("access-grant")) }
                button.return type="submit" name="decision" value="refuse" { (t("access-refuse")) }
            }
        }
        p { a href="/access" { (t("access-back")) } }
    }
}

/// `GET /access/{id}`.
pub async fn request(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<ProblemQuery>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let caller = session.caller.clone();
    let view = state
        .db
        .write(move |tx| {
            let view = requests::one_in(tx, &caller, &id)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    let title = t("access-request");
    Ok(Layout::new(&title, &session)
        .render(request_page(&session, &view, q.problem()))
        .into_response())
}

/// Where the request page was sent back to, and why.
#[derive(Debug, Default, Deserialize)]
pub struct ProblemQuery {
    /// A decision refused before it was sent, by its message id.
    #[serde(default)]
    problem: Option<String>,
}

impl ProblemQuery {
    fn problem(&self) -> Option<GrantProblem> {
        [
            GrantProblem::BadDays,
            GrantProblem::ChooseRecords,
            GrantProblem::CommentTooLong,
        ]
        .into_iter()
        .find(|p| self.problem.as_deref() == Some(p.message_id()))
    }
}

/// `POST /access/{id}`: grants (every matching record, or the ticked ones, for the days
/// given) or refuses. The form repeats `record`, so it is read as pairs.
pub async fn decide(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, ConsoleError> {
    let (mut csrf, mut decision) = (String::new(), String::new());
    let mut form = GrantForm::default();
    let mut which = String::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match &*k {
            "csrf" => csrf = v.into_owned(),
            "decision" => decision = v.into_owned(),
            "which" => which = v.into_owned(),
            "days" => form.days = v.into_owned(),
            "comment" => form.comment = v.into_owned(),
            "record" if form.records.len() < 1_000 => form.records.push(v.into_owned()),
            _ => {}
        }
    }
    session.check(&csrf)?;
    supervisor(&session)?;
    form.only_some = which == "some";
    let decision = match decision.as_str() {
        "grant" => Decision::Grant,
        "refuse" => Decision::Refuse,
        _ => return Err(ApiError::BadRequest("decide to grant or to refuse".into()).into()),
    };
    let body = match form.body(decision) {
        Ok(b) => b,
        Err(p) => {
            let to = format!("/access/{}?problem={}", urlencode(&id), p.message_id());
            return Ok(Redirect::to(&to).into_response());
        }
    };
    let caller = session.caller.clone();
    state
        .db
        .write(move |tx| {
            requests::decide_in(tx, &caller, &id, &body)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Redirect::to("/access?done=decided").into_response())
}

/// `GET /trace/notices`: traces by other agencies that matched this agency's records.
pub async fn notices(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let agency = session.caller.agency_id.clone();
    let notices = state
        .db
        .call(move |c| {
            crate::tracing::notices::page(c, &agency, i64::MAX, 200).map_err(ApiError::from)
        })
        .await?;
    let body = html! {
        h1 { (t("notices-title")) }
        p.hint { (t("notices-hint")) }
        @if notices.is_empty() { p.empty { (t("notices-none")) } }
        @else {
            table.notices {
                thead { tr { th { (t("audit-when")) } th { (t("col-agency")) } th { (t("audit-user")) } th { (t("access-criteria")) } } }
                tbody {
                    @for n in &notices {
                        tr { td { (n.at.get(..16).unwrap_or(&n.at).replace('T', " ")) }
                            td { (n.agency_name) " (" (n.country) ")" }
                            td { (n.user_display_name) }
                            td { @match &n.party_search {
                                Some(p) => { (t("parties-searched")) ": " (super::parties::search_text(p)) }
                                None => { (criteria_text(&n.criteria)) }
                            } } }
                    }
                }
            }
        }
    };
    let title = t("notices-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// The lot of a lot-split page.
#[derive(Debug, Default, Deserialize)]
pub struct SplitForm {
    #[serde(default)]
    lot: String,
    #[serde(default)]
    sub_lot: String,
    #[serde(default)]
    manufacturer: String,
    #[serde(default)]
    calibre: String,
}

/// `GET /trace/lot-split`: where one lot went — transfers to end users, inventories
/// holding it, seizures of it — with the holders of what the caller may not see.
pub async fn lot_split(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<SplitForm>,
) -> Result<Response, ConsoleError> {
    supervisor(&session)?;
    let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let split = if q.lot.trim().is_empty() {
        None
    } else {
        let f = trace::split_filter(
            given(&q.lot),
            given(&q.sub_lot),
            given(&q.manufacturer),
            given(&q.calibre),
        )?;
        let caller = session.caller.clone();
        let per_hour = state.config.trace_queries_per_hour;
        Some(
            state
                .db
                .on_writer(move |c| trace::split(c, &caller, f, per_hour))
                .await?,
        )
    };
    let body = html! {
        h1 { (t("split-title")) }
        p.hint { (t("split-hint")) }
        form.filters method="get" action="/trace/lot-split" {
            label { (t("trace-lot")) input name="lot" value=(q.lot) required maxlength="64"; }
            label { (t("split-sub-lot")) input name="sub_lot" value=(q.sub_lot) maxlength="64"; }
            label { (t("trace-manufacturer")) input name="manufacturer" value=(q.manufacturer) maxlength="64"; }
            label { (t("trace-calibre")) input name="calibre" value=(q.calibre) maxlength="64"; }
            button type="submit" { (t("trace-button")) }
        }
        @if let Some(sp) = &split {
            @for (title, lines) in split_sections(sp) {
                h2 { (ta(title, &[("count", lines.len().into())])) }
                @if title == "split-seizures" && sp.retransfer_barred && !lines.is_empty() {
                    p.warn.breach { (t("split-breach")) }
                }
                @if lines.is_empty() { p.empty { (t("split-none")) } } @else { (match_rows(lines)) }
                @if title == "split-transfers" && !sp.transfer_terms.is_empty() {
                    (terms_list(&sp.transfer_terms))
                }
            }
            @if sp.truncated { p.hint { (ta("trace-truncated", &[("limit", sp.limit.into())])) } }
            (holders(&session, &sp.holders, sp.holders_searched, &sp.criteria))
        }
    };
    let title = t("split-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}
