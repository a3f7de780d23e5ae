//! Tracing: a search by lot, sub-lot, manufacturer, calibre, year, NSN, GTIN or serial;
//! the matching lines of records the supervisor may see in a table; every agency that
//! holds a matching record the supervisor may not see as one line ("Agency X holds a
//! matching record") with a request for access; for a lot, where it went (transfers
//! to end users, inventories holding it, seizures of it); and parties across cases:
//! where else a broker, vessel, place or concealment method appears, by the same
//! hit/no-hit rule, its holders asked for access by the same search.

use crate::i18n::Tr;
use dioxus::prelude::*;
use tracemark_shared::domain::RecordKind;
use tracemark_shared::view::Term;
use tracemark_shared::view::tracing::{TraceForm, criterion_label_id, split_sections};

use super::{ErrorPanel, Loaded, ScreenTitle, client, describe, term};
use crate::core::supervisor::{
    Holder, LotSplit, MAX_COMMENT_CHARS, PartyAnswer, PartySearch, TraceAnswer, TraceCriteria,
    TraceMatch,
};
use crate::i18n::Locale;
use crate::ui::{AppCore, Ui};
use tracemark_shared::view::tracing::search_text;

/// The criteria in words, e.g. `Lot 17-85-0412 · Calibre 7.62x39mm`.
pub fn criteria_text(locale: Locale, c: &TraceCriteria) -> String {
    c.pairs()
        .into_iter()
        .map(|(k, v)| {
            let id = criterion_label_id(k);
            let v = if k == "kind" {
                term(locale, Term::Kind, &v)
            } else {
                v
            };
            format!("{} {v}", locale.t(&id))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// What the screen shows under the form.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Trace(TraceCriteria),
    Split(TraceCriteria),
}

/// The tracing screen.
#[component]
pub fn TracingScreen() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut form = use_signal(TraceForm::default);
    let mut problem = use_signal(|| None::<&'static str>);
    let mut shown = use_signal(|| None::<Shown>);
    let mut answer = use_resource(move || {
        let core = core.clone();
        let what = shown();
        async move {
            let c = client(&core)?;
            Ok(match what {
                None => None,
                Some(Shown::Trace(q)) => Some((Some(c.trace(&q).await?), None)),
                Some(Shown::Split(q)) => Some((None, Some(c.lot_split(&q).await?))),
            })
        }
    });
    let state: Loaded<Option<(Option<TraceAnswer>, Option<LotSplit>)>> = answer.read().clone();
    let f = form();
    let field = |id: &'static str, value: String, set: fn(&mut TraceForm, String)| {
        rsx! {
            div {
                label { r#for: "trace-{id}", {ui.t(&format!("trace-{id}"))} }
                input { id: "trace-{id}", dir: "ltr", initial_value: value, oninput: move |e| set(&mut form.write(), e.value()) }
            }
        }
    };
    let mut ask = move |split: bool| match form().criteria() {
        Ok(c) if split && c.lot.is_none() => problem.set(Some("trace-split-needs-lot")),
        Ok(c) => {
            problem.set(None);
            let next = if split {
                Shown::Split(c)
            } else {
                Shown::Trace(c)
            };
            if shown() == Some(next.clone()) {
                answer.restart();
            } else {
                shown.set(Some(next));
            }
        }
        Err(p) => problem.set(Some(p.message_id())),
    };
    rsx! {
        ScreenTitle { title: ui.t("tracing") }
        form { class: "card trace-form",
            onsubmit: move |e: FormEvent| { e.prevent_default(); ask(false); },
            div { class: "row",
                {field("lot", f.lot.clone(), |f, v| f.lot = v)}
                {field("sub-lot", f.sub_lot.clone(), |f, v| f.sub_lot = v)}
                {field("manufacturer", f.manufacturer.clone(), |f, v| f.manufacturer = v)}
                {field("calibre", f.calibre.clone(), |f, v| f.calibre = v)}
            }
            div { class: "row",
                {field("year", f.year.clone(), |f, v| f.year = v)}
                {field("nsn", f.nsn.clone(), |f, v| f.nsn = v)}
                {field("gtin", f.gtin.clone(), |f, v| f.gtin = v)}
                {field("serial", f.serial.clone(), |f, v| f.serial = v)}
            }
            div { class: "row",
                div {
                    label { r#for: "trace-kind", {ui.t("trace-kind")} }
                    select { id: "trace-kind", onchange: move |e| form.write().kind = e.value(),
                        option { value: "", selected: f.kind.is_empty(), {ui.t("kind-all")} }
                        for k in RecordKind::ALL {
                            option { value: k.as_str(), selected: f.kind == k.as_str(), {term((ui.locale)(), Term::Kind, k.as_str())} }
                        }
                    }
                }
            }
            if let Some(p) = problem() {
                p { class: "error", role: "alert", {ui.t(p)} }
            }
            div { class: "actions",
                button { r#type: "submit", {ui.t("trace-run")} }
                button { r#type: "button", class: "secondary", onclick: move |_| ask(true), {ui.t("trace-split")} }
            }
        }
        match state {
            Some(Ok(None)) => rsx! {},
            None => rsx! { p { class: "muted", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| answer.restart() } },
            Some(Ok(Some((Some(a), _)))) => rsx! { TraceResults { answer: a } },
            Some(Ok(Some((None, Some(s))))) => rsx! { LotSplitView { split: s } },
            Some(Ok(Some((None, None)))) => rsx! {},
        }
        PartySearchCard {}
    }
}

/// Parties across cases: the search form and its answer.
#[component]
fn PartySearchCard() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut form = use_signal(PartySearch::default);
    let mut asked = use_signal(|| None::<PartySearch>);
    let mut answer = use_resource(move || {
        let core = core.clone();
        let search = asked();
        async move {
            match search {
                None => Ok(None),
                Some(s) => client(&core)?.parties(&s).await.map(Some),
            }
        }
    });
    let state: Loaded<Option<PartyAnswer>> = answer.read().clone();
    let f = form();
    let field = |id: &'static str, value: Option<String>, set: fn(&mut PartySearch, String)| {
        rsx! {
            div {
                label { r#for: "party-search-{id}", {ui.t(&format!("party-search-{id}"))} }
                input { id: "party-search-{id}", initial_value: value.unwrap_or_default(),
                    oninput: move |e| set(&mut form.write(), e.value()) }
            }
        }
    };
    rsx! {
        form { class: "card party-search",
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                let next = form();
                if asked() == Some(next.clone()) { answer.restart(); } else { asked.set(Some(next)); }
            },
            h3 { {ui.t("party-search-title")} }
            p { class: "muted", {ui.t("party-search-hint")} }
            div { class: "row",
                {field("name", f.name.clone(), |f, v| f.name = Some(v).filter(|v| !v.trim().is_empty()))}
                {field("identifier", f.identifier.clone(), |f, v| f.identifier = Some(v).filter(|v| !v.trim().is_empty()))}
            }
            div { class: "row",
                {field("place", f.place.clone(), |f, v| f.place = Some(v).filter(|v| !v.trim().is_empty()))}
                {field("concealment", f.concealment.clone(), |f, v| f.concealment = Some(v).filter(|v| !v.trim().is_empty()))}
            }
            div { class: "actions",
                button { r#type: "submit", {ui.t("party-search-run")} }
            }
        }
        match state {
            Some(Ok(None)) => rsx! {},
            None => rsx! { p { class: "muted", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| answer.restart() } },
            Some(Ok(Some(a))) => rsx! { PartyResults { answer: a } },
        }
    }
}

/// A party search's answer: the parties and places of records the user may see, then
/// the agencies holding more, each with a request by the same search.
#[component]
pub fn PartyResults(answer: PartyAnswer) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    rsx! {
        section { class: "card trace-results",
            p { class: "muted", {locale.t_args("trace-read-as", &[("criteria", search_text(&answer.search).into())])} }
            h3 { {locale.t_args("trace-visible", &[("count", answer.matches.len().into())])} }
            if answer.matches.is_empty() {
                p { class: "muted", {ui.t("trace-no-visible")} }
            } else {
                div { class: "table-scroll",
                    table { class: "trace-table",
                        thead { tr {
                            th { {ui.t("agency")} } th { {ui.t("trace-kind")} } th { {ui.t("trace-reference")} }
                            th { {ui.t("party-role")} } th { {ui.t("party-name")} } th { {ui.t("party-search-identifier")} }
                            th { {ui.t("when")} }
                        } }
                        tbody {
                            for (i, m) in answer.matches.iter().enumerate() {
                                tr { key: "{i}",
                                    td { {m.agency_name.clone()} }
                                    td { {term(locale, Term::Kind, m.kind.as_str())} }
                                    td { {m.reference.clone().unwrap_or_default()} }
                                    td { {m.role.replace('_', " ")} }
                                    td { {m.name.clone()} if let Some(c) = m.country.clone() { " (" {c} ")" } }
                                    td { dir: "ltr", {m.identifier.clone().unwrap_or_default()} }
                                    td { dir: "ltr", {m.date.clone().unwrap_or_default()} }
                                }
                            }
                        }
                    }
                }
            }
            if answer.truncated {
                p { class: "warn", {locale.t_args("trace-truncated", &[("limit", answer.limit.into())])} }
            }
            if !answer.holders_searched {
                p { class: "muted", {ui.t("party-search-no-holders-searched")} }
            } else {
                Holders { holders: answer.holders.clone(), searched: true, ask: Ask::Party(answer.search.clone()) }
            }
        }
    }
}

fn place(m: &TraceMatch) -> String {
    m.line.place().join(" · ")
}

/// A trace's answer: the visible lines, then who else holds matching records.
#[component]
pub fn TraceResults(answer: TraceAnswer) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    rsx! {
        section { class: "card trace-results",
            p { class: "muted", {locale.t_args("trace-read-as", &[("criteria", criteria_text(locale, &answer.criteria).into())])} }
            h3 { {locale.t_args("trace-visible", &[("count", answer.matches.len().into())])} }
            if answer.matches.is_empty() {
                p { class: "muted", {ui.t("trace-no-visible")} }
            } else {
                MatchTable { matches: answer.matches.clone() }
            }
            if answer.truncated {
                p { class: "warn", {locale.t_args("trace-truncated", &[("limit", answer.limit.into())])} }
            }
            Holders { holders: answer.holders.clone(), searched: answer.holders_searched, ask: Ask::Lot(answer.criteria.clone()) }
        }
    }
}

/// What a request for access asks the holder for.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Its records of a lot (the trace's criteria).
    Lot(TraceCriteria),
    /// Its records naming a party, identifier or place (the party search).
    Party(PartySearch),
}

/// Lines of records the user may see.
#[component]
fn MatchTable(matches: Vec<TraceMatch>) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    rsx! {
        div { class: "table-scroll",
            table { class: "trace-table",
                thead {
                    tr {
                        th { {ui.t("agency")} } th { {ui.t("trace-kind")} } th { {ui.t("when")} }
                        th { {ui.t("manufacturer")} } th { {ui.t("calibre")} } th { {ui.t("year")} }
                        th { {ui.t("lot")} } th { class: "num", {ui.t("quantity")} }
                        th { {ui.t("trace-where")} } th { {ui.t("trace-reference")} } th { {ui.t("status")} }
                    }
                }
                tbody {
                    for (i, m) in matches.into_iter().enumerate() {
                        tr { key: "{i}",
                            td { {m.agency_name.clone()} " (" {m.country.clone()} ")" }
                            td { {term(locale, Term::Kind, m.kind.as_str())} }
                            td { dir: "ltr", {m.date.clone().unwrap_or_default()} }
                            td { {m.line.manufacturer.clone()} }
                            td { dir: "ltr", {m.line.calibre.clone()} }
                            td { {m.line.year.map(|y| y.to_string()).unwrap_or_default()} }
                            td { dir: "ltr",
                                {m.line.lot.clone()}
                                if let Some(s) = m.line.sub_lot.clone() { " / " {s} }
                            }
                            td { class: "num", {m.line.quantity.to_string()} }
                            td { {place(&m)} }
                            td {
                                {m.line.reference.clone().unwrap_or_default()}
                                if let Some(u) = m.line.end_user.clone() { " → " {u} }
                            }
                            td { {term(locale, Term::Status, m.status.as_str())} }
                        }
                    }
                }
            }
        }
    }
}

/// Agencies holding matching records the user may not see, each with a request.
#[component]
fn Holders(holders: Vec<Holder>, searched: bool, ask: Ask) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    if !searched {
        return rsx! { p { class: "muted", {ui.t("trace-holders-need-a-lot")} } };
    }
    if holders.is_empty() {
        return rsx! { p { class: "muted", {ui.t("trace-no-holders")} } };
    }
    rsx! {
        h3 { {ui.t("trace-holders")} }
        p { class: "muted", {ui.t("trace-holders-help")} }
        ul { class: "holders",
            for h in holders {
                li { key: "{h.agency_id}",
                    span { {locale.t_args("trace-holder", &[("agency", h.agency_name.clone().into()), ("country", h.country.clone().into())])} }
                    RequestAccess { holder: h.clone(), ask: ask.clone() }
                }
            }
        }
    }
}

/// "Request access" for one holder: the reason, then the request.
#[component]
fn RequestAccess(holder: Holder, ask: Ask) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let mut open = use_signal(|| false);
    let mut reason = use_signal(String::new);
    let mut outcome = use_signal(|| None::<Result<(), String>>);
    let mut busy = use_signal(|| false);
    if outcome().is_some_and(|o| o.is_ok()) {
        return rsx! { p { class: "notice", role: "status", {locale.t_args("access-sent", &[("agency", holder.agency_name.clone().into())])} } };
    }
    let send = move |_| {
        if reason().trim().is_empty() {
            outcome.set(Some(Err(ui.t("access-reason-required"))));
            return;
        }
        let (core, holder, ask) = (core.clone(), holder.agency_id.clone(), ask.clone());
        busy.set(true);
        spawn(async move {
            let result = match (client(&core), ask) {
                (Ok(c), Ask::Lot(criteria)) => c
                    .request_access(&holder, &criteria, &reason())
                    .await
                    .map(|_| ()),
                (Ok(c), Ask::Party(search)) => c
                    .request_access_by_party(&holder, &search, &reason())
                    .await
                    .map(|_| ()),
                (Err(e), _) => Err(e),
            };
            busy.set(false);
            outcome.set(Some(result.map_err(|e| describe(locale, &e))));
        });
    };
    rsx! {
        if !open() {
            button { class: "secondary small", onclick: move |_| open.set(true), {ui.t("access-request")} }
        } else {
            div { class: "request-form",
                label { {ui.t("access-reason")} }
                textarea { rows: "2", maxlength: MAX_COMMENT_CHARS.to_string(), value: reason(), oninput: move |e| reason.set(e.value()) }
                if let Some(Err(e)) = outcome() {
                    p { class: "error", role: "alert", {e} }
                }
                div { class: "actions",
                    button { disabled: busy(), onclick: send, {ui.t("access-send")} }
                    button { class: "secondary", onclick: move |_| open.set(false), {ui.t("cancel")} }
                }
            }
        }
    }
}

/// Where a lot went: transfers, inventories, seizures.
#[component]
pub fn LotSplitView(split: LotSplit) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let sections: Vec<(&str, Vec<TraceMatch>)> = split_sections(&split)
        .into_iter()
        .map(|(title, lines)| (title, lines.to_vec()))
        .collect();
    rsx! {
        section { class: "card lot-split",
            p { class: "muted", {locale.t_args("trace-read-as", &[("criteria", criteria_text(locale, &split.criteria).into())])} }
            for (title, lines) in sections {
                h3 { {locale.t_args(title, &[("count", lines.len().into())])} }
                if title == "split-seizures" && split.retransfer_barred && !lines.is_empty() {
                    p { class: "warning", role: "alert", {ui.t("split-breach")} }
                }
                if lines.is_empty() {
                    p { class: "muted", {ui.t("split-none")} }
                } else {
                    MatchTable { matches: lines }
                }
                if title == "split-transfers" {
                    for term in split.transfer_terms.clone() {
                        p { class: "muted", key: "{term.record_id}",
                            strong { {term.end_user_certificate_ref.clone()} }
                            " — "
                            {match &term.non_retransfer {
                                Some(n) if n.clause => match &n.conditions {
                                    Some(c) => format!("{} ({c})", ui.t("terms-no-retransfer")),
                                    None => ui.t("terms-no-retransfer"),
                                },
                                Some(_) => ui.t("terms-retransfer-allowed"),
                                None => ui.t("terms-unknown"),
                            }}
                            if let Some(dvc) = term.delivery_verification_ref.clone() {
                                " · " {locale.t_args("terms-dvc", &[("reference", dvc.into())])}
                            }
                        }
                    }
                }
            }
            if split.truncated {
                p { class: "warn", {locale.t_args("trace-truncated", &[("limit", split.limit.into())])} }
            }
            Holders { holders: split.holders.clone(), searched: split.holders_searched, ask: Ask::Lot(split.criteria.clone()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_criteria_read_in_words() {
        let mut f = TraceForm {
            kind: "transfer".into(),
            ..TraceForm::default()
        };
        f.year = "1985".into();
        f.lot = " 17-85-0412 ".into();
        let c = f.criteria().unwrap();
        assert_eq!((c.year, c.lot.as_deref()), (Some(1985), Some("17-85-0412")));
        assert_eq!(
            criteria_text(Locale::En, &c),
            "Lot 17-85-0412 · Year 1985 · Kind Transfer"
        );
    }
}
