//! One queued record as a reviewer sees it: its photos side by side (server-made
//! thumbnails, the original on demand), what it says, the codes scanned on it with
//! their parsed fields, its revisions and earlier decisions, and the decision itself —
//! approve, or return with a comment that cannot be left empty.

use crate::i18n::Tr;
use dioxus::prelude::*;

use super::{ErrorPanel, Loaded, Time, client, describe, term};
use crate::core::supervisor::{
    Decision, DecodedCode, ErrorKind, History, MAX_COMMENT_CHARS, PhotoBytes, PhotoLink,
    QueueEntry, RecordView, SupervisorError,
};
use crate::i18n::Locale;
use crate::ui::{AppCore, Screen, Ui};
use tracemark_shared::domain::{RecordKind, RecordStatus};
use tracemark_shared::sync::ReviewDecision;
use tracemark_shared::view::Term;
use tracemark_shared::view::record::{ITEM_COLUMNS, ItemRow, RecordSummary, Shown, one_line};
use tracemark_shared::view::review::{
    DecisionProblem, EntryView, checked_comment, decision_label_id,
};

/// Loads a queued record's body and history, then shows it with the decision form.
#[component]
pub fn EntryDetail(
    entry: QueueEntry,
    on_close: EventHandler<()>,
    on_decided: EventHandler<String>,
) -> Element {
    let core = use_context::<AppCore>();
    let (c1, c2) = (core.clone(), core.clone());
    let (id1, id2) = (entry.id.clone(), entry.id.clone());
    let mut record = use_resource(move || {
        let (core, id) = (c1.clone(), id1.clone());
        async move { client(&core)?.record(&id).await }
    });
    let mut history = use_resource(move || {
        let (core, id) = (c2.clone(), id2.clone());
        async move { client(&core)?.revisions(&id).await }
    });
    let (r, h) = (record.read().clone(), history.read().clone());
    let (id, title) = (entry.id.clone(), entry.title.clone());
    rsx! {
        EntryBody {
            entry,
            record: r,
            history: h,
            on_close,
            on_retry: move |_| { record.restart(); history.restart(); },
        }
        DecisionForm { id, title, on_decided }
    }
}

/// A queued record with what was loaded about it so far.
#[component]
pub fn EntryBody(
    entry: QueueEntry,
    record: Loaded<RecordView>,
    history: Loaded<History>,
    on_close: EventHandler<()>,
    on_retry: EventHandler<()>,
) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let view = EntryView::new(&entry);
    let returned = view.returned.map(|(n, c)| (n, c.map(str::to_string)));
    let codes = view.codes.map(<[DecodedCode]>::to_vec);
    rsx! {
        article { class: "card entry-detail",
            div { class: "entry-head",
                h2 { {entry.title.clone()} " " span { class: "badge {entry.kind}", {term(locale, Term::Kind, entry.kind.as_str())} } }
                button { class: "secondary small", onclick: move |_| on_close.call(()), {ui.t("back-to-queue")} }
            }
            p { class: "muted",
                {locale.t_args("submitted-by", &[("author", entry.author.name.clone().into())])}
                " "
                Time { at: entry.submitted_at.clone() }
                " · "
                {locale.t_args("revision-n", &[("revision", entry.revision.into())])}
            }
            if let Some((times, comment)) = returned {
                p { class: "warn",
                    {locale.t_args("returned-before", &[("count", times.into())])}
                    if let Some(c) = comment {
                        " · " {locale.t_args("last-return-comment", &[("comment", c.into())])}
                    }
                }
            }
            h3 { {locale.t_args("photos-heading", &[("count", entry.photos.len().into())])} }
            PhotoStrip { photos: entry.photos.clone() }
            h3 { {ui.t("record-heading")} }
            match record {
                None => rsx! { p { class: "muted", {ui.t("loading")} } },
                Some(Err(error)) => rsx! { ErrorPanel { error, on_retry } },
                Some(Ok(record)) => rsx! { RecordFacts { record, count_lines: entry.count_lines } },
            }
            if let Some(codes) = codes {
                h3 { {locale.t_args("codes-heading", &[("count", codes.len().into())])} }
                CodesView { codes }
            }
            h3 { {ui.t("history-heading")} }
            match history {
                None => rsx! { p { class: "muted", {ui.t("loading")} } },
                Some(Err(error)) => rsx! { p { class: "error", {describe(locale, &error)} } },
                Some(Ok(history)) => rsx! { HistoryView { history } },
            }
        }
    }
}

/// The photos side by side, each opening its original in a larger view.
#[component]
fn PhotoStrip(photos: Vec<PhotoLink>) -> Element {
    let ui = use_context::<Ui>();
    let core = use_context::<AppCore>();
    let locale = (ui.locale)();
    // The original shown over the screen: its hash and what loaded of it.
    let mut open = use_signal(|| None::<(String, Loaded<PhotoBytes>)>);
    let load = move |sha: String| {
        let core = core.clone();
        open.set(Some((sha.clone(), None)));
        spawn(async move {
            let result = match client(&core) {
                Ok(c) => c.original(&sha).await,
                Err(e) => Err(e),
            };
            // Only if the user did not close it or open another meanwhile.
            if open.read().as_ref().is_some_and(|(s, _)| *s == sha) {
                open.set(Some((sha, Some(result))));
            }
        });
    };
    if photos.is_empty() {
        return rsx! { p { class: "muted", {ui.t("no-photos")} } };
    }
    let mut retry = load.clone();
    rsx! {
        div { class: "photos",
            for (i, photo) in photos.into_iter().enumerate() {
                Thumb { key: "{photo.sha256}", photo, number: i + 1, on_open: load.clone() }
            }
        }
        if let Some((sha, state)) = open() {
            div { class: "lightbox", role: "dialog", "aria-modal": "true",
                div { class: "lightbox-bar",
                    span { {ui.t("original-photo")} }
                    button { class: "secondary small", onclick: move |_| open.set(None), {ui.t("close")} }
                }
                match state {
                    None => rsx! { p { class: "loading", {ui.t("loading-original")} } },
                    Some(Ok(photo)) => rsx! { img { src: photo.data_url(), alt: ui.t("original-photo") } },
                    Some(Err(e)) => rsx! {
                        p { class: "error", {describe(locale, &e)} }
                        button { onclick: move |_| retry(sha.clone()), {ui.t("try-again")} }
                    },
                }
            }
        }
    }
}

/// One photo's thumbnail, made by the server.
#[component]
fn Thumb(photo: PhotoLink, number: usize, on_open: EventHandler<String>) -> Element {
    let ui = use_context::<Ui>();
    let core = use_context::<AppCore>();
    let locale = (ui.locale)();
    let (sha, stored) = (photo.sha256.clone(), photo.stored);
    let thumb = use_resource(move || {
        let (core, sha) = (core.clone(), sha.clone());
        async move {
            if !stored {
                return Ok::<_, SupervisorError>(None);
            }
            Ok(Some(client(&core)?.thumbnail(&sha).await?.data_url()))
        }
    });
    let alt = locale.t_args("photo-n", &[("number", number.into())]);
    let sha = photo.sha256.clone();
    rsx! {
        figure { class: "thumb",
            match thumb.read().clone() {
                _ if !stored => rsx! { div { class: "placeholder", {ui.t("photo-uploading")} } },
                None => rsx! { div { class: "placeholder", {ui.t("loading-photo")} } },
                Some(Ok(None)) => rsx! { div { class: "placeholder", {ui.t("photo-uploading")} } },
                Some(Ok(Some(url))) => rsx! { img { src: url, alt: alt.clone() } },
                Some(Err(e)) if e.kind() == ErrorKind::Invalid => rsx! {
                    div { class: "placeholder error",
                        {locale.t_args("photo-unreadable", &[("reason", e.server_message().unwrap_or_default().to_string().into())])}
                    }
                },
                Some(Err(e)) => rsx! { div { class: "placeholder error", {describe(locale, &e)} } },
            }
            figcaption {
                {alt.clone()}
                " "
                button { class: "link-button", disabled: !stored, onclick: move |_| on_open.call(sha.clone()), {ui.t("open-original")} }
            }
        }
    }
}

/// What the record says: its facts by name, its items, and a stock check's way to its
/// reconciliation (the shared [`RecordSummary`] decides which and in what order).
#[component]
fn RecordFacts(record: RecordView, count_lines: Option<i64>) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let summary = RecordSummary::new(
        record.kind,
        &record.body,
        &record.agency_name,
        &record.scope,
        count_lines,
    );
    let shown = |v: &Shown| match v {
        Shown::Text(t) => t.clone(),
        Shown::Term(family, value) => term(locale, *family, value),
    };
    let facts: Vec<(String, String)> = summary
        .facts
        .iter()
        .map(|f| (ui.t(f.label), shown(&f.value)))
        .collect();
    let other: Vec<(String, String)> = summary
        .other
        .iter()
        .map(|(k, v)| (k.replace('_', " "), one_line(v)))
        .collect();
    let items = summary.items.clone();
    let check = record.kind == RecordKind::StockCheck;
    rsx! {
        table { class: "facts",
            tbody {
                for (label, value) in facts {
                    tr { th { scope: "row", {label} } td { {value} } }
                }
                for (name, value) in other {
                    tr { class: "stored-field", th { scope: "row", {name} } td { {value} } }
                }
            }
        }
        if check {
            button { class: "secondary",
                onclick: {
                    let id = record.id.clone();
                    move |_| { let mut s = ui.screen; s.set(Screen::Reconciliation(Some(id.clone()))); }
                },
                {ui.t("open-reconciliation")}
            }
        }
        if !items.is_empty() {
            div { class: "table-scroll",
                table { class: "items",
                    thead {
                        tr {
                            for c in ITEM_COLUMNS { th { {ui.t(c)} } }
                            th { "NSN" }
                            th { {ui.t("ammunition-type")} }
                        }
                    }
                    tbody {
                        for item in items {
                            tr {
                                td { {item.calibre.clone()} }
                                td { {item.manufacturer.clone()} }
                                td { {item.lot.clone()} }
                                td { {item.sub_lot.clone()} }
                                td { {item.year.clone()} }
                                td { {unit_quantity(locale, &item)} }
                                td { dir: "ltr", {item.nsn.clone()} }
                                td {
                                    if let Some((kind, stated)) = item.ammunition_type {
                                        {ui.t(&format!("ammo-{}", kind.as_str()))}
                                        if !stated {
                                            " "
                                            span { class: "muted", {ui.t("ammunition-type-from-marks-short")} }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn unit_quantity(locale: Locale, item: &ItemRow) -> String {
    match &item.unit {
        Some(u) => format!(
            "{} {}",
            item.quantity,
            term(locale, Term::Unit, u).to_lowercase()
        ),
        None => item.quantity.clone(),
    }
}

/// The codes scanned on the record, each with its parsed fields and warnings.
#[component]
pub fn CodesView(codes: Vec<DecodedCode>) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    if codes.is_empty() {
        return rsx! { p { class: "muted", {ui.t("no-codes")} } };
    }
    rsx! {
        for (i, code) in codes.into_iter().enumerate() {
            div { class: "code-card", key: "{i}",
                div {
                    span { class: "badge", {term(locale, Term::CodeKind, &code.kind)} }
                    " "
                    code { dir: "ltr", {code.text.clone()} }
                }
                if !code.fields.is_empty() {
                    table { class: "facts",
                        tbody {
                            for f in code.field_list() {
                                tr {
                                    th { scope: "row", {term(locale, Term::CodeField, &f.name)} }
                                    td { dir: "ltr", {f.value.clone()} }
                                    td { class: "muted",
                                        if let Some(s) = f.source.clone() {
                                            {locale.t_args("from-source", &[("source", s.into())])}
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for w in code.warnings.clone() {
                    p { class: "warn", {w} }
                }
            }
        }
    }
}

/// Every revision and decision, oldest first.
#[component]
pub fn HistoryView(history: History) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let status = |s: &Option<RecordStatus>| {
        s.map(|s| term(locale, Term::Status, s.as_str()))
            .unwrap_or_default()
    };
    rsx! {
        div { class: "table-scroll",
            table { class: "history",
                thead {
                    tr {
                        th { "#" } th { {ui.t("status")} } th { {ui.t("author")} }
                        th { {ui.t("device")} } th { {ui.t("when")} }
                    }
                }
                tbody {
                    for r in history.revisions.clone() {
                        tr { key: "{r.revision}",
                            td { {r.revision.to_string()} }
                            td { {status(&r.status)} }
                            td { {r.author.name.clone()} }
                            td { {r.device.as_ref().map(|d| d.name.clone()).unwrap_or_default()} }
                            td { Time { at: r.at.clone() } }
                        }
                    }
                }
            }
        }
        if history.reviews.is_empty() {
            p { class: "muted", {ui.t("no-decisions")} }
        }
        ul { class: "decisions",
            for d in history.reviews.clone() {
                li {
                    strong {
                        {ui.t(decision_label_id(&d.decision))}
                    }
                    " · "
                    {locale.t_args("decided-by", &[
                        ("reviewer", d.reviewer.name.clone().into()),
                        ("revision", d.revision.into()),
                    ])}
                    " "
                    Time { at: d.at.clone() }
                    if let Some(c) = d.comment.clone() {
                        blockquote { {c} }
                    }
                }
            }
        }
    }
}

/// Whether a decision may be sent: the shared check ([`checked_comment`]). The error
/// is the message id to show.
pub fn check_decision(d: &Decision) -> Result<(), &'static str> {
    let (decision, comment) = match d {
        Decision::Approve => (ReviewDecision::Approve, ""),
        Decision::Return(c) => (ReviewDecision::Return, c.as_str()),
    };
    checked_comment(decision, comment)
        .map(|_| ())
        .map_err(DecisionProblem::message_id)
}

/// Approve, or return with a required comment; the queue is refreshed after either.
#[component]
pub fn DecisionForm(id: String, title: String, on_decided: EventHandler<String>) -> Element {
    let ui = use_context::<Ui>();
    let core = use_context::<AppCore>();
    let locale = (ui.locale)();
    let mut comment = use_signal(String::new);
    let mut problem = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let decide = move |decision: Decision| {
        if let Err(id) = check_decision(&decision) {
            problem.set(Some(ui.t(id)));
            return;
        }
        let (core, id, title) = (core.clone(), id.clone(), title.clone());
        busy.set(true);
        problem.set(None);
        spawn(async move {
            let result = match client(&core) {
                Ok(c) => c.decide(&id, &decision).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(_) => {
                    let done = match decision {
                        Decision::Approve => "decided-approve",
                        Decision::Return(_) => "decided-return",
                    };
                    comment.set(String::new());
                    on_decided.call(locale.t_args(done, &[("title", title.into())]));
                }
                Err(e) => problem.set(Some(describe(locale, &e))),
            }
        });
    };
    let mut approve = decide.clone();
    let mut send_back = decide;
    let invalid = problem().is_some() && comment().trim().is_empty();
    rsx! {
        section { class: "card decision",
            h3 { {ui.t("decision-heading")} }
            label { r#for: "review-comment", {ui.t("review-comment")} }
            textarea {
                id: "review-comment",
                rows: "2",
                maxlength: MAX_COMMENT_CHARS.to_string(),
                "aria-invalid": if invalid { "true" } else { "false" },
                value: comment(),
                oninput: move |e| { comment.set(e.value()); problem.set(None); },
            }
            p { class: "muted", {ui.t("review-comment-help")} }
            if let Some(p) = problem() {
                p { class: "error", role: "alert", {p} }
            }
            div { class: "actions",
                button {
                    class: "approve",
                    disabled: busy(),
                    onclick: move |_| approve(Decision::Approve),
                    {ui.t("approve")}
                }
                button {
                    class: "return",
                    disabled: busy(),
                    onclick: move |_| send_back(Decision::Return(comment())),
                    {ui.t("return-to-author")}
                }
                if busy() {
                    span { class: "muted", role: "status", {ui.t("sending")} }
                }
            }
        }
    }
}
