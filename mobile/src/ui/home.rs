//! Home: the sync status (always visible) and the user's work by role — the stock
//! checks assigned to an inspector, a customs officer's seizure cases with supervisors'
//! decisions, a supervisor's review and report tiles.

use crate::i18n::Tr;
use dioxus::prelude::*;
use tracemark_shared::domain::RecordKind;
use tracemark_shared::domain::Role;
use tracemark_shared::sync::ReviewDecision;

use super::{AppCore, Screen, Ui};
use tracemark_shared::sync::Change;

use super::model::conflict_fields;
use crate::core::store::{EntryState, LocalStatus, RecordBody};

/// Sync status: last sync, what waits to be sent, the last error in plain words, and
/// a "sync now" button.
#[component]
pub fn SyncBar() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    let locale = (ui.locale)();
    let status = core
        .store()
        .and_then(|s| s.sync_status().ok())
        .unwrap_or_default();
    let engine = core.engine.clone();
    let autosync = core.autosync;
    let last = match status.last_sync_at {
        Some(t) => locale.t_args("last-sync", &[("when", locale.date_time(t).into())]),
        None => ui.t("never-synced"),
    };
    let waiting = status.records_waiting + status.needs_attention;
    let mut sign_out_error = use_signal(|| None::<String>);
    let leaving = core.engine.clone();
    let sign_out = move |_| {
        let Some(engine) = leaving.clone() else {
            return;
        };
        spawn(async move {
            match engine.sign_out().await {
                Ok(()) => {
                    sign_out_error.set(None);
                    let mut s = ui.screen;
                    s.set(Screen::SignIn);
                    ui.changed();
                }
                Err(e) => sign_out_error.set(Some(e.to_string())),
            }
        });
    };
    rsx! {
        div { class: "syncbar", role: "status",
            span { class: "status",
                {last}
                " · "
                if waiting == 0 && status.photos_waiting == 0 {
                    span { class: "ok", {ui.t("all-sent")} }
                } else {
                    {locale.t_args("records-waiting", &[("count", waiting.into())])}
                    if status.photos_waiting > 0 {
                        " · "
                        {locale.t_args("photos-waiting", &[("count", status.photos_waiting.into())])}
                    }
                }
            }
            button {
                class: "secondary",
                onclick: move |_| {
                    if let Some(engine) = engine.clone() {
                        if autosync {
                            engine.sync_now();
                        } else {
                            spawn(async move {
                                let _ = engine.sync_once().await;
                                ui.changed();
                            });
                        }
                    }
                },
                {ui.t("sync-now")}
            }
            button { class: "secondary", onclick: sign_out, {ui.t("sign-out")} }
            if let Some(err) = sign_out_error() {
                div { class: "error", role: "alert", {err} }
            }
            if let Some(err) = status.last_error {
                div { class: "error", {err} }
            }
        }
    }
}

/// Changes the server could not take because the record moved on after submission:
/// what differs, and the user's choice — keep the server's version or apply theirs on
/// top of it.
#[component]
fn Conflicts() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    let Some(engine) = core.engine.clone() else {
        return rsx! {};
    };
    let conflicts: Vec<_> = engine
        .store()
        .outbox()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.state == EntryState::Conflict)
        .collect();
    if conflicts.is_empty() {
        return rsx! {};
    }
    rsx! {
        div { class: "card error", role: "alert",
            h2 { {ui.t("conflicts-title")} }
            p { {ui.t("conflicts-help")} }
            for entry in conflicts {
                {
                    let (title, mine) = match &entry.op.change {
                        Change::SeizureCase { record } => (record.reference.clone(), serde_json::to_value(record).ok()),
                        Change::CountLine { record } => (record.lot.lot.clone(), serde_json::to_value(record).ok()),
                        Change::SubmitStockCheck { .. } => (ui.t("stock-checks"), None),
                    };
                    let diffs = match (mine, entry.server_record.as_ref()) {
                        (Some(m), Some(t)) => conflict_fields(&m, t),
                        _ => Vec::new(),
                    };
                    let op = entry.op.op_id;
                    let (keep, mine_on_top) = (engine.clone(), engine.clone());
                    rsx! {
                        div { class: "subcard", key: "{op}",
                            strong { {title} }
                            table {
                                thead { tr { th { {ui.t("field")} } th { {ui.t("yours")} } th { {ui.t("servers")} } } }
                                tbody {
                                    for d in diffs {
                                        tr { td { {d.field} } td { {d.mine} } td { {d.theirs} } }
                                    }
                                }
                            }
                            div { class: "actions",
                                button { class: "secondary", onclick: move |_| {
                                        if keep.store().keep_server_version(op).is_ok() { ui.changed(); }
                                    }, {ui.t("keep-server")} }
                                button { onclick: move |_| {
                                        if mine_on_top.store().apply_mine_on_top(op).is_ok() {
                                            ui.changed();
                                            mine_on_top.sync_now();
                                        }
                                    }, {ui.t("apply-mine")} }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The user's work.
#[component]
pub fn Home() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    // Each user sees the work of their role: inspectors count stock, customs officers
    // document seizures, supervisors review and report (an account without a known
    // role sees both field tiles, as before roles were read).
    let role = super::supervisor::session_role(&core);
    let (stock, seizures) = match role {
        Some(Role::Inspector) => (true, false),
        Some(Role::CustomsOfficer) => (false, true),
        Some(Role::Supervisor) => (false, false),
        _ => (true, true),
    };
    rsx! {
        Conflicts {}
        h2 { {ui.t("home-title")} }
        if role == Some(Role::Supervisor) {
            super::supervisor::SupervisorTiles {}
        }
        if stock || seizures {
            div { class: "tiles",
                if stock {
                    StockChecksCard {}
                }
                if seizures {
                    CasesCard {}
                }
            }
        }
    }
}

/// The stock checks assigned to the user.
#[component]
fn StockChecksCard() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    let assignments = core
        .store()
        .and_then(|s| s.list_assignments().ok())
        .unwrap_or_default();
    rsx! {
        div { class: "card",
            h2 { {ui.t("stock-checks")} }
            if assignments.is_empty() {
                p { class: "muted", {ui.t("no-assignments")} }
            }
            for a in assignments {
                {
                    let id = a.id.clone();
                    let title = a.body.pointer("/stock_check/title").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    let depot = a.body.pointer("/depot/name").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    rsx! {
                        div { key: "{id}", style: "margin-bottom:10px",
                            button {
                                class: "secondary",
                                style: "width:100%;text-align:start",
                                onclick: move |_| { let mut s = ui.screen; s.set(Screen::StockCheck(id.clone())); },
                                strong { {title} }
                                br {}
                                span { class: "muted", {depot} }
                            }
                            if a.submitted {
                                span { class: "badge submitted", {ui.t("status-submitted")} }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The seizure cases on this device, with supervisors' decisions.
#[component]
fn CasesCard() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    let locale = (ui.locale)();
    let store = core.store();
    let cases: Vec<_> = store
        .and_then(|s| s.list_records(Some(RecordKind::SeizureCase)).ok())
        .unwrap_or_default();
    let reviews = store
        .and_then(|s| s.list_review_decisions().ok())
        .unwrap_or_default();
    rsx! {
        div { class: "card",
            h2 { {ui.t("seizure-cases")} }
            div { class: "actions",
                button { onclick: move |_| { let mut s = ui.screen; s.set(Screen::Case(None)); }, {ui.t("new-case")} }
                button { class: "secondary", onclick: move |_| { let mut s = ui.screen; s.set(Screen::NewRecovery); }, {ui.t("new-recovery")} }
            }
            if cases.is_empty() {
                p { class: "muted", {ui.t("no-cases")} }
            }
            for r in cases {
                if let RecordBody::SeizureCase(case) = &r.body {
                    {
                        let id = r.id.to_string();
                        let review = reviews.iter().rfind(|v| v.record_id == r.id);
                        let status = case.status.as_str();
                        let open_id = id.clone();
                        rsx! {
                            div { key: "{id}", style: "margin-top:10px",
                                button {
                                    class: "secondary",
                                    style: "width:100%;text-align:start",
                                    onclick: move |_| { let mut s = ui.screen; s.set(Screen::Case(Some(open_id.clone()))); },
                                    strong { {case.reference.clone()} }
                                    " "
                                    span { class: "badge {status}", {ui.t(&format!("status-{status}"))} }
                                    if case.recovery.is_some() {
                                        " "
                                        span { class: "badge recovered_cache", {ui.t("kind-recovered_cache")} }
                                    }
                                    br {}
                                    span { class: "muted", {case.place.clone()} }
                                }
                                if let Some(v) = review.filter(|v| v.decision == ReviewDecision::Return) {
                                    p { class: "error",
                                        {locale.t_args("returned-comment", &[("comment", v.comment.clone().unwrap_or_default().into())])}
                                    }
                                }
                                if r.status == LocalStatus::Rejected || r.status == LocalStatus::Conflict {
                                    p { class: "error", {r.message.clone().unwrap_or_default()} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
