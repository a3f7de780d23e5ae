//! Access requests: incoming ones (another agency asks to see records of ours that
//! match its criteria — read them, see our matching records, grant all or some of them
//! for a number of days, or refuse) and outgoing ones (what we asked, and the answer).

use crate::i18n::Tr;
use dioxus::prelude::*;

use super::tracing::criteria_text;
use super::{ErrorPanel, Loaded, ScreenTitle, Time, client, describe, term};
use crate::core::supervisor::{
    AccessDecision, AccessRequest, MAX_COMMENT_CHARS, MAX_GRANT_DAYS, Mailbox,
};
use crate::i18n::Locale;
use crate::ui::{AppCore, Ui};
use tracemark_shared::api::tracing::{Decision, DecisionBody};
use tracemark_shared::view::Term;
use tracemark_shared::view::access::{DEFAULT_GRANT_DAYS, GrantForm, RequestView};
use tracemark_shared::view::tracing::search_text;

/// The access requests screen.
#[component]
pub fn AccessScreen() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut mailbox = use_signal(Mailbox::default);
    let mut open = use_signal(|| None::<String>);
    let list_core = core.clone();
    let mut list = use_resource(move || {
        let core = list_core.clone();
        let m = mailbox();
        async move { client(&core)?.access_requests(m).await }
    });
    let state: Loaded<Vec<AccessRequest>> = list.read().clone();
    let tab = |m: Mailbox, label: &'static str| {
        let current = mailbox() == m;
        rsx! {
            button {
                class: if current { "tab current" } else { "tab secondary" },
                "aria-pressed": if current { "true" } else { "false" },
                onclick: move |_| { mailbox.set(m); open.set(None); },
                {ui.t(label)}
            }
        }
    };
    rsx! {
        ScreenTitle { title: ui.t("access-requests") }
        div { class: "toolbar",
            {tab(Mailbox::Incoming, "access-incoming")}
            {tab(Mailbox::Outgoing, "access-outgoing")}
            button { class: "secondary", onclick: move |_| list.restart(), {ui.t("refresh")} }
        }
        match state {
            None => rsx! { p { class: "muted", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| list.restart() } },
            Some(Ok(requests)) => rsx! {
                RequestList {
                    requests,
                    incoming: mailbox() == Mailbox::Incoming,
                    open: open(),
                    on_open: move |id: String| open.set(Some(id)),
                    on_decided: move |_| { open.set(None); list.restart(); },
                }
            },
        }
    }
}

/// Requests, newest first; an incoming pending one opens to be decided.
#[component]
pub fn RequestList(
    requests: Vec<AccessRequest>,
    incoming: bool,
    open: Option<String>,
    on_open: EventHandler<String>,
    on_decided: EventHandler<()>,
) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    if requests.is_empty() {
        return rsx! { div { class: "card empty", p { {ui.t(if incoming { "access-none-incoming" } else { "access-none-outgoing" })} } } };
    }
    let mailbox = if incoming {
        Mailbox::Incoming
    } else {
        Mailbox::Outgoing
    };
    rsx! {
        for r in requests.iter() {
            {
                let v = RequestView::new(r, mailbox);
                let who = locale.t_args(v.counterpart_label, &[("agency", v.counterpart.to_string().into())]);
                let granted = v.granted.map(|(n, until)| (n, until.map(str::to_string)));
                let decidable = v.decidable;
                let r = r.clone();
                rsx! {
                    article { class: "card request", key: "{r.id}",
                        div { class: "entry-head",
                            strong { {who} }
                            span { class: "badge {r.status}", {term(locale, Term::AccessStatus, &r.status)} }
                        }
                        p { class: "muted", {ui.t("access-sent-on")} " " Time { at: r.created_at.clone() } }
                        p { {asked_text(locale, &r)} }
                        blockquote { {r.reason.clone()} }
                        if let Some(c) = r.comment.clone() {
                            p { {locale.t_args("access-comment", &[("comment", c.into())])} }
                        }
                        if let Some((count, until)) = granted {
                            p {
                                {locale.t_args("access-granted-records", &[("count", count.into())])}
                                if let Some(until) = until { " " {ui.t("access-until")} " " Time { at: until } }
                            }
                        }
                        if decidable {
                            if open.as_deref() == Some(r.id.as_str()) {
                                DecideAccess { id: r.id.clone(), on_decided }
                            } else {
                                button { onclick: { let id = r.id.clone(); move |_| on_open.call(id.clone()) }, {ui.t("access-review")} }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Loads an incoming request with our matching records, then grants or refuses it.
#[component]
fn DecideAccess(id: String, on_decided: EventHandler<()>) -> Element {
    let core = use_context::<AppCore>();
    let (c1, id1) = (core.clone(), id.clone());
    let mut detail = use_resource(move || {
        let (core, id) = (c1.clone(), id1.clone());
        async move { client(&core)?.access_request(&id).await }
    });
    match detail.read().clone() {
        None => rsx! { p { class: "muted", role: "status", "…" } },
        Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| detail.restart() } },
        Some(Ok(request)) => rsx! { DecisionPanel { request, on_decided } },
    }
}

/// What a request asks for: the party search of a request by party, else its lot
/// criteria.
fn asked_text(locale: Locale, r: &AccessRequest) -> String {
    match &r.party {
        Some(p) => locale.t_args("access-by-party", &[("party", search_text(p).into())]),
        None => locale.t_args(
            "access-criteria",
            &[("criteria", criteria_text(locale, &r.criteria).into())],
        ),
    }
}

/// The holder's matching records as the panel lists them: a key, the record, a line
/// of text — lot lines for a lot request, parties and places for one by party.
fn matching_rows(locale: Locale, r: &AccessRequest) -> Vec<(String, String, String)> {
    let lots = r.matching.iter().flatten().map(|m| {
        let mut text = format!(
            "{} · {} {} {} · {}",
            term(locale, Term::Kind, m.kind.as_str()),
            m.line.manufacturer,
            m.line.calibre,
            m.line.lot,
            m.line.quantity
        );
        if let Some(r) = &m.line.reference {
            text.push_str(&format!(" · {r}"));
        }
        (
            format!("{}-{}", m.record_id, m.line.line),
            m.record_id.clone(),
            text,
        )
    });
    let parties = r
        .matching_parties
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, m)| {
            let text = format!(
                "{} · {} · {} {}",
                term(locale, Term::Kind, m.kind.as_str()),
                m.reference.clone().unwrap_or_default(),
                m.role.replace('_', " "),
                m.name
            );
            (format!("{}-p{i}", m.record_id), m.record_id.clone(), text)
        });
    lots.chain(parties).collect()
}

/// The holder's records that match, which of them to grant, for how long, and why.
#[component]
pub fn DecisionPanel(request: AccessRequest, on_decided: EventHandler<()>) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let matching = matching_rows(locale, &request);
    let mut only = use_signal(Vec::<String>::new);
    let mut some = use_signal(|| false);
    let mut days = use_signal(|| DEFAULT_GRANT_DAYS.to_string());
    let mut comment = use_signal(String::new);
    let mut problem = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let id = request.id.clone();
    let decide = move |d: Decision| {
        let form = GrantForm {
            only_some: some(),
            records: only(),
            days: days(),
            comment: comment(),
        };
        let decision = match form.body(d) {
            Ok(DecisionBody {
                decision: Decision::Refuse,
                comment,
                ..
            }) => AccessDecision::Refuse { comment },
            Ok(DecisionBody {
                record_ids,
                days,
                comment,
                ..
            }) => AccessDecision::Grant {
                record_ids,
                days,
                comment,
            },
            Err(p) => {
                problem.set(Some(ui.t(p.message_id())));
                return;
            }
        };
        let (core, id) = (core.clone(), id.clone());
        busy.set(true);
        problem.set(None);
        spawn(async move {
            let result = match client(&core) {
                Ok(c) => c.decide_access(&id, &decision).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(_) => on_decided.call(()),
                Err(e) => problem.set(Some(describe(locale, &e))),
            }
        });
    };
    let mut grant = decide.clone();
    let mut refuse = decide;
    let none_match = matching.is_empty();
    rsx! {
        section { class: "decision-panel",
            h3 { {locale.t_args("access-matching", &[("count", matching.len().into())])} }
            if none_match {
                p { class: "muted", {ui.t("access-no-matching")} }
            }
            if request.matching_truncated == Some(true) {
                p { class: "warn", {ui.t("access-matching-truncated")} }
            }
            if !none_match {
                div { class: "row",
                    label { class: "choice",
                        input { r#type: "radio", name: "grant-which", checked: !some(), onchange: move |_| some.set(false) }
                        {ui.t("access-grant-all")}
                    }
                    label { class: "choice",
                        input { r#type: "radio", name: "grant-which", checked: some(), onchange: move |_| some.set(true) }
                        {ui.t("access-grant-some")}
                    }
                }
                ul { class: "matching",
                    for (key, record_id, text) in matching.clone() {
                        li { key: "{key}",
                            label { class: "choice",
                                input {
                                    r#type: "checkbox",
                                    disabled: !some(),
                                    checked: only().contains(&record_id),
                                    onchange: { let rid = record_id.clone(); move |e: FormEvent| {
                                        let on = e.checked();
                                        let mut o = only.write();
                                        o.retain(|x| *x != rid);
                                        if on { o.push(rid.clone()); }
                                    } },
                                }
                                {text}
                            }
                        }
                    }
                }
                label { r#for: "grant-days", {ui.t("access-days")} }
                input { id: "grant-days", r#type: "number", min: "1", max: MAX_GRANT_DAYS.to_string(), value: days(), oninput: move |e| days.set(e.value()) }
            }
            label { r#for: "grant-comment", {ui.t("access-note")} }
            textarea { id: "grant-comment", rows: "2", maxlength: MAX_COMMENT_CHARS.to_string(), value: comment(), oninput: move |e| comment.set(e.value()) }
            if let Some(p) = problem() {
                p { class: "error", role: "alert", {p} }
            }
            div { class: "actions",
                button { class: "approve", disabled: busy() || none_match, onclick: move |_| grant(Decision::Grant), {ui.t("access-grant")} }
                button { class: "return", disabled: busy(), onclick: move |_| refuse(Decision::Refuse), {ui.t("access-refuse")} }
            }
        }
    }
}
