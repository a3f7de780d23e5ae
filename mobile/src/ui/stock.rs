//! One stock check: locations with counted-against-expected progress, a count entry
//! per expected lot, lots found that were not on the list, and submission.

use dioxus::prelude::*;
use tracemark_shared::domain::{AmmunitionLot, ConditionCode, LocationId, StockCheckId};

use super::model::{LineView, StockCheckView, count_line};
use super::{AppCore, Screen, Ui};
use crate::core::store::RecordBody;

/// The stock check screen.
#[component]
pub fn StockCheckScreen(id: String) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    let locale = (ui.locale)();
    let store = core.store();
    let assignment = store
        .and_then(|s| s.list_assignments().ok())
        .and_then(|list| list.into_iter().find(|a| a.id == id));
    let Some(assignment) = assignment else {
        return rsx! { p { class: "error", {ui.t("no-assignments")} } };
    };
    let check_id: Option<StockCheckId> = assignment.id.parse().ok();
    let counts: Vec<_> = check_id
        .and_then(|c| store.and_then(|s| s.count_lines(c).ok()))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r.body {
            RecordBody::CountLine(l) => Some(*l),
            RecordBody::SeizureCase(_) => None,
        })
        .collect();
    let Some(view) = StockCheckView::build(&assignment.body, &counts, assignment.submitted) else {
        return rsx! { p { class: "error", "?" } };
    };
    let (counted, expected) = view.totals();
    let percent = (counted.min(expected) * 100)
        .checked_div(expected)
        .unwrap_or(100);
    let check = view.id;
    let submitted = view.submitted;
    let store_for_submit = core.engine.clone();
    rsx! {
        button { class: "secondary", onclick: move |_| { let mut s = ui.screen; s.set(Screen::Home); }, {ui.t("back")} }
        h2 { {view.title.clone()} " · " {view.depot.clone()} }
        div { class: "card",
            {locale.t_args("progress", &[("counted", counted.into()), ("expected", expected.into())])}
            " · "
            {locale.t_args("lines-left", &[("count", view.lines_left().into())])}
            div { class: "progress", div { style: "width:{percent}%" } }
        }
        for loc in view.locations.clone() {
            {
                let (done, all) = loc.progress();
                rsx! {
                    div { class: "card", key: "{loc.id}",
                        h2 { {ui.t("location")} " " {loc.code.clone()} }
                        p { class: "muted", {loc.description.clone()} " · " "{done}/{all}" }
                        table {
                            thead { tr {
                                th { {ui.t("lot")} }
                                th { {ui.t("expected")} }
                                th { {ui.t("counted")} }
                            } }
                            tbody {
                                for (i, line) in loc.lines.clone().into_iter().enumerate() {
                                    LineRow { key: "{loc.id}-{i}", check, location: loc.id, line, locked: submitted }
                                }
                            }
                        }
                        if !submitted {
                            AddLot { check, location: loc.id }
                        }
                    }
                }
            }
        }
        div { class: "actions",
            button {
                disabled: submitted,
                onclick: move |_| {
                    if let Some(engine) = store_for_submit
                        .clone()
                        .filter(|e| e.store().submit_stock_check(check).is_ok())
                    {
                        ui.changed();
                        engine.sync_now();
                    }
                },
                if submitted { {ui.t("status-submitted")} } else { {ui.t("submit-check")} }
            }
        }
    }
}

fn lot_text(lot: &AmmunitionLot) -> String {
    let year = lot.year.map(|y| format!(" ({y})")).unwrap_or_default();
    format!(
        "{} · {} · {}{}",
        lot.lot, lot.calibre, lot.manufacturer, year
    )
}

fn condition_select(mut condition: Signal<ConditionCode>, disabled: bool) -> Element {
    rsx! {
        select {
            "aria-label": "condition",
            disabled,
            onchange: move |e| {
                if let Ok(c) = e.value().parse::<ConditionCode>() {
                    condition.set(c);
                }
            },
            for c in ConditionCode::ALL {
                option { value: c.as_str(), selected: *c == condition(), "{c.as_str()} – {c.description()}" }
            }
        }
    }
}

/// One expected (or unexpected) lot with its count.
#[component]
fn LineRow(check: StockCheckId, location: LocationId, line: LineView, locked: bool) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut quantity = use_signal(|| line.counted.map(|q| q.to_string()).unwrap_or_default());
    let condition = use_signal(|| ConditionCode::A);
    let mut message = use_signal(|| None::<String>);
    let unexpected = line.expected == 0;
    let lot = line.lot.clone();
    let existing = line.count_line;
    let save = move |_| {
        let Some(store) = core.store() else { return };
        let Ok(q) = quantity().trim().parse::<u64>() else {
            message.set(Some(ui.t("quantity")));
            return;
        };
        match count_line(
            check,
            location,
            existing,
            lot.clone(),
            q,
            condition(),
            unexpected,
        ) {
            Ok(l) => match store.save_count_line(&l) {
                Ok(()) => {
                    message.set(Some(ui.t("saved")));
                    ui.changed();
                }
                Err(e) => message.set(Some(e.to_string())),
            },
            Err(errors) => message.set(Some(format!("{errors:?}"))),
        }
    };
    rsx! {
        tr {
            td { {lot_text(&line.lot)}
                if unexpected { br {} span { class: "badge returned", {ui.t("unexpected-lot")} } }
            }
            td { if unexpected { "–" } else { "{line.expected}" } }
            td {
                input { r#type: "number", min: "0", inputmode: "numeric", disabled: locked, initial_value: quantity(),
                    "aria-label": ui.t("quantity"), oninput: move |e| quantity.set(e.value()) }
                {condition_select(condition, locked)}
                if !locked {
                    button { class: "secondary", onclick: save, {ui.t("save-count")} }
                }
                if let Some(m) = message() { p { class: "muted", {m} } }
            }
        }
    }
}

/// A lot found at a location that was not expected there.
#[component]
fn AddLot(check: StockCheckId, location: LocationId) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut open = use_signal(|| false);
    let mut lot = use_signal(String::new);
    let mut calibre = use_signal(String::new);
    let mut maker = use_signal(String::new);
    let mut quantity = use_signal(String::new);
    let condition = use_signal(|| ConditionCode::A);
    let mut error = use_signal(|| None::<String>);
    if !open() {
        return rsx! { button { class: "secondary", onclick: move |_| open.set(true), "+ " {ui.t("unexpected-lot")} } };
    }
    let save = move |_| {
        let Some(store) = core.store() else { return };
        let l = AmmunitionLot {
            manufacturer: maker().trim().to_string(),
            calibre: tracemark_shared::marking::calibre::normalise(&calibre()),
            year: None,
            lot: lot().trim().to_string(),
            sub_lot: None,
            nsn: None,
            dodic: None,
        };
        let q = quantity().trim().parse().unwrap_or(0);
        match count_line(check, location, None, l, q, condition(), true) {
            Ok(line) => match store.save_count_line(&line) {
                Ok(()) => {
                    open.set(false);
                    ui.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            },
            Err(errors) => error.set(Some(
                errors
                    .into_iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        }
    };
    rsx! {
        div { class: "row",
            div { label { {ui.t("lot")} } input { initial_value: lot(), oninput: move |e| lot.set(e.value()) } }
            div { label { {ui.t("calibre")} } input { initial_value: calibre(), oninput: move |e| calibre.set(e.value()) } }
            div { label { {ui.t("manufacturer")} } input { initial_value: maker(), oninput: move |e| maker.set(e.value()) } }
            div { label { {ui.t("quantity")} } input { r#type: "number", initial_value: quantity(), oninput: move |e| quantity.set(e.value()) } }
        }
        label { {ui.t("condition")} }
        {condition_select(condition, false)}
        if let Some(e) = error() { p { class: "error", {e} } }
        div { class: "actions", button { onclick: save, {ui.t("save-count")} } }
    }
}
