//! The review queue: submitted records of the supervisor's agency, oldest first, by
//! kind and page; choosing one opens its detail ([`super::detail`]) beside the list on
//! a desktop, in its place on a phone-sized window. After a decision the queue is
//! asked again, so the decided record leaves it.

use crate::i18n::Tr;
use dioxus::prelude::*;

use super::detail::EntryDetail;
use super::{ErrorPanel, Loaded, ScreenTitle, Time, client, term};
use crate::core::supervisor::{QueueEntry, QueueKind, QueuePage};
use crate::ui::{AppCore, Ui};
use tracemark_shared::view::Term;

pub use super::detail::EntryBody;

/// Entries per page of the queue.
pub const PAGE_SIZE: u32 = 25;

fn kind_label(k: QueueKind) -> &'static str {
    match k {
        QueueKind::All => "kind-all",
        QueueKind::StockCheck => "kind-stock_check",
        QueueKind::SeizureCase => "kind-seizure_case",
        QueueKind::RecoveredCache => "kind-recovered_cache",
    }
}

/// The review screen: the queue and the chosen record (the oldest one at once with
/// `open_first`).
#[component]
pub fn ReviewScreen(#[props(default)] open_first: bool) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut kind = use_signal(QueueKind::default);
    // Cursors of the pages before the one shown, to go back.
    let mut before = use_signal(Vec::<Option<String>>::new);
    let mut after = use_signal(|| None::<String>);
    let mut selected = use_signal(|| None::<QueueEntry>);
    let mut notice = use_signal(|| None::<String>);
    let mut queue = use_resource(move || {
        let core = core.clone();
        let (k, a) = (kind(), after());
        async move { client(&core)?.queue(k, PAGE_SIZE, a.as_deref()).await }
    });
    let state: Loaded<QueuePage> = queue.read().clone();
    let mut opened_first = use_signal(|| !open_first);
    use_effect(move || {
        if opened_first() {
            return;
        }
        let first = match &*queue.read() {
            Some(Ok(page)) => page.entries.first().cloned(),
            _ => return,
        };
        opened_first.set(true);
        selected.set(first);
    });
    let chosen = selected();
    let split = if chosen.is_some() {
        "split has-selection"
    } else {
        "split"
    };
    rsx! {
        ScreenTitle { title: ui.t("review-queue") }
        div { class: "toolbar",
            label { r#for: "queue-kind", {ui.t("queue-kind")} }
            select {
                id: "queue-kind",
                onchange: move |e| {
                    kind.set(QueueKind::from_tag(&e.value()));
                    before.write().clear();
                    after.set(None);
                    selected.set(None);
                },
                for k in QueueKind::ALL {
                    option { value: k.tag(), selected: k == kind(), {ui.t(kind_label(k))} }
                }
            }
            button { class: "secondary", onclick: move |_| { notice.set(None); queue.restart(); }, {ui.t("refresh")} }
            span { class: "muted", {ui.t("oldest-first")} }
        }
        if let Some(n) = notice() {
            p { class: "notice", role: "status", {n} }
        }
        match state {
            None => rsx! { p { class: "muted loading", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| queue.restart() } },
            Some(Ok(page)) if page.entries.is_empty() => rsx! {
                QueueView {
                    page,
                    selected: None,
                    page_number: before.read().len() + 1,
                    on_select: move |_| {},
                    on_next: move |_| {},
                    on_prev: move |_| {
                        let prev = before.write().pop().flatten();
                        after.set(prev);
                    },
                }
            },
            Some(Ok(page)) => rsx! {
                div { class: split,
                    div { class: "queue-pane",
                        QueueView {
                            page,
                            selected: chosen.as_ref().map(|e| e.id.clone()),
                            page_number: before.read().len() + 1,
                            on_select: move |e: QueueEntry| { notice.set(None); selected.set(Some(e)); },
                            on_next: move |next: String| {
                                before.write().push(after());
                                after.set(Some(next));
                                selected.set(None);
                            },
                            on_prev: move |_| {
                                let prev = before.write().pop().flatten();
                                after.set(prev);
                                selected.set(None);
                            },
                        }
                    }
                    div { class: "detail-pane",
                        if let Some(entry) = chosen {
                            EntryDetail {
                                key: "{entry.id}",
                                entry,
                                on_close: move |_| selected.set(None),
                                on_decided: move |message: String| {
                                    notice.set(Some(message));
                                    selected.set(None);
                                    queue.restart();
                                },
                            }
                        } else {
                            p { class: "muted pick", {ui.t("pick-record")} }
                        }
                    }
                }
            },
        }
    }
}

/// A page of the queue: one button per record, and paging.
#[component]
pub fn QueueView(
    page: QueuePage,
    selected: Option<String>,
    page_number: usize,
    on_select: EventHandler<QueueEntry>,
    on_next: EventHandler<String>,
    on_prev: EventHandler<()>,
) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let next = page.next.clone();
    rsx! {
        if page.entries.is_empty() {
            div { class: "card empty",
                p { {ui.t("queue-empty")} }
            }
        }
        ul { class: "queue",
            for entry in page.entries {
                {
                    let current = selected.as_deref() == Some(entry.id.as_str());
                    let photos = entry.photos.len();
                    let returned = entry.history.returned;
                    let kind = entry.kind;
                    let chosen = entry.clone();
                    rsx! {
                        li { key: "{entry.id}",
                            button {
                                class: if current { "entry current" } else { "entry" },
                                "aria-current": if current { "true" } else { "false" },
                                onclick: move |_| on_select.call(chosen.clone()),
                                span { class: "entry-title",
                                    strong { {entry.title.clone()} }
                                    " "
                                    span { class: "badge {kind}", {term(locale, Term::Kind, kind.as_str())} }
                                    if let Some(p) = entry.priority {
                                        " "
                                        span { class: "badge priority", role: "note",
                                            {ui.t(&format!("priority-{}", p.as_str()))}
                                        }
                                    }
                                }
                                span { class: "muted",
                                    {locale.t_args("submitted-by", &[("author", entry.author.name.clone().into())])}
                                    " "
                                    Time { at: entry.submitted_at.clone() }
                                }
                                span { class: "muted",
                                    {locale.t_args("photo-count", &[("count", photos.into())])}
                                    if let Some(lines) = entry.count_lines {
                                        " · "
                                        {locale.t_args("count-line-count", &[("count", lines.into())])}
                                    }
                                    if returned > 0 {
                                        " · "
                                        span { class: "warn", {locale.t_args("returned-before", &[("count", returned.into())])} }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        div { class: "pager",
            if page_number > 1 {
                button { class: "secondary small", onclick: move |_| on_prev.call(()), {ui.t("previous-page")} }
            }
            span { class: "muted", {locale.t_args("page-number", &[("page", page_number.into())])} }
            if let Some(next) = next {
                button { class: "secondary small", onclick: move |_| on_next.call(next.clone()), {ui.t("next-page")} }
            }
        }
    }
}
