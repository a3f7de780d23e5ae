//! One stock check: find a location by scanning its label (or from the list), scan or
//! photograph a box to find its lot, count it with its condition — kept on the device
//! as it is typed — add lots that were not on the list, follow progress, and submit.

use crate::i18n::Tr;
use dioxus::prelude::*;
use tracemark_shared::capture::{self, Limits};
use tracemark_shared::domain::{
    AmmunitionLot, AmmunitionType, ConditionCode, LocationId, MixedGroups, Mixing, StockCheckId,
};

use super::model::{BoxScan, LabelMismatch, LineView, NewLotForm, StockCheckView, count_line};
use super::{AppCore, Screen, Ui};
use crate::core::device::PhotoSource;
use crate::core::store::RecordBody;

/// A photo source: the camera on a phone, a file input on desktop. Hands the photo's
/// bytes to `on_photo`.
#[component]
fn PhotoButton(label: String, id: String, on_photo: EventHandler<Vec<u8>>) -> Element {
    let core = use_context::<AppCore>();
    if core.device.has_camera() {
        let device = core.device.clone();
        return rsx! {
            button { class: "secondary",
                onclick: move |_| {
                    let device = device.clone();
                    spawn(async move {
                        let shot = tokio::task::spawn_blocking(move || device.photo(PhotoSource::Camera)).await;
                        if let Ok(Ok(Some(bytes))) = shot {
                            on_photo.call(bytes);
                        }
                    });
                },
                "{label}"
            }
        };
    }
    rsx! {
        label { r#for: "{id}", class: "button secondary", "{label}" }
        input { id: "{id}", r#type: "file", class: "hidden-file", accept: "image/jpeg,image/png,image/webp",
            onchange: move |e: FormEvent| async move {
                for file in e.files() {
                    if let Ok(bytes) = file.read_bytes().await {
                        on_photo.call(bytes.to_vec());
                    }
                }
            }
        }
    }
}

/// Reads a photo's codes on a blocking thread.
async fn read(bytes: Vec<u8>) -> Result<capture::Capture, String> {
    match tokio::task::spawn_blocking(move || capture::read_photo(&bytes, &Limits::default())).await
    {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// The stock check screen.
#[component]
pub fn StockCheckScreen(id: String) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let _ = (ui.revision)();
    let locale = (ui.locale)();
    let mut focus = use_signal(|| None::<LocationId>);
    let mut scan_note = use_signal(|| None::<String>);
    let mut box_scan = use_signal(|| None::<(LocationId, BoxScan)>);
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
        return rsx! { p { class: "error", {ui.t("assignment-unreadable")} } };
    };
    let (counted, expected) = view.totals();
    let percent = (counted.min(expected) * 100)
        .checked_div(expected)
        .unwrap_or(100);
    let check = view.id;
    let submitted = view.submitted;
    let store_for_submit = core.engine.clone();
    let for_scan = view.clone();
    let scan_location = move |bytes: Vec<u8>| {
        let view = for_scan.clone();
        spawn(async move {
            scan_note.set(Some(locale.t("reading-photo")));
            let capture = match read(bytes).await {
                Ok(c) => c,
                Err(reason) => {
                    scan_note.set(Some(
                        locale.t_args("photo-error", &[("reason", reason.into())]),
                    ));
                    return;
                }
            };
            let mut answer = Err(LabelMismatch::NotALocation);
            for label in capture.codes.iter().filter_map(|c| c.parsed.label.as_ref()) {
                answer = view.locate(label);
                if answer.is_ok() {
                    break;
                }
            }
            match answer {
                Ok(location) => {
                    focus.set(Some(location));
                    scan_note.set(None);
                }
                Err(LabelMismatch::NotALocation) => {
                    scan_note.set(Some(locale.t("no-location-label")))
                }
                Err(LabelMismatch::OtherDepot(d)) => scan_note.set(Some(locale.t_args(
                    "label-other-depot",
                    &[
                        ("depot", d.into()),
                        ("expected", view.depot_code.clone().into()),
                    ],
                ))),
                Err(LabelMismatch::NotInCheck(l)) => scan_note.set(Some(
                    locale.t_args("label-not-in-check", &[("location", l.into())]),
                )),
            }
        });
    };
    let shown: Vec<_> = view
        .locations
        .iter()
        .filter(|l| focus().is_none_or(|f| f == l.id))
        .cloned()
        .collect();
    rsx! {
        button { class: "secondary", onclick: move |_| { let mut s = ui.screen; s.set(Screen::Home); }, {ui.t("back")} }
        h2 { {view.title.clone()} " · " {view.depot.clone()} }
        div { class: "card",
            {locale.t_args("progress", &[("counted", counted.into()), ("expected", expected.into())])}
            " · "
            {locale.t_args("lines-left", &[("count", view.lines_left().into())])}
            div { class: "progress", div { style: "width:{percent}%" } }
        }
        if !submitted {
            div { class: "card",
                label { r#for: "go-to", {ui.t("go-to-location")} }
                select { id: "go-to",
                    onchange: move |e| {
                        focus.set(e.value().parse().ok());
                        scan_note.set(None);
                    },
                    option { value: "", selected: focus().is_none(), {ui.t("all-locations")} }
                    for l in view.locations.clone() {
                        {
                            let (done, all) = l.progress();
                            rsx! { option { value: "{l.id}", selected: focus() == Some(l.id), "{l.code} ({done}/{all})" } }
                        }
                    }
                }
                div { class: "actions",
                    PhotoButton { label: ui.t("scan-location"), id: "scan-location", on_photo: scan_location }
                }
                if let Some(n) = scan_note() { p { class: "muted", role: "status", {n} } }
            }
        }
        for loc in shown {
            {
                let (done, all) = loc.progress();
                let scanned = box_scan().filter(|(l, _)| *l == loc.id).map(|(_, s)| s);
                let matched = scanned.as_ref().and_then(|s| s.matching_line(&loc)).map(|l| l.lot.clone());
                let location = loc.id;
                let scan_box = move |bytes: Vec<u8>| {
                    spawn(async move {
                        match read(bytes).await {
                            Ok(c) => box_scan.set(Some((location, BoxScan::of(&c.prefill, c.codes.len())))),
                            Err(reason) => scan_note.set(Some(locale.t_args("photo-error", &[("reason", reason.into())]))),
                        }
                    });
                };
                rsx! {
                    div { class: "card", key: "{loc.id}",
                        h2 { {ui.t("location")} " " {loc.code.clone()} }
                        p { class: "muted", {loc.description.clone()} " · " "{done}/{all}" }
                        for pair in loc.mixed_groups() {
                            MixedPair { pair }
                        }
                        if !submitted {
                            PhotoButton { label: ui.t("scan-box"), id: "scan-box-{loc.id}", on_photo: scan_box }
                        }
                        if let Some(s) = scanned.clone() {
                            p { class: "muted", role: "status",
                                match (&matched, &s.lot) {
                                    (Some(_), Some(lot)) => locale.t_args("box-matches", &[("lot", lot.clone().into())]),
                                    (None, Some(lot)) => locale.t_args("box-not-expected", &[("lot", lot.clone().into())]),
                                    _ => locale.t_args("box-no-lot", &[("count", s.codes.into())]),
                                }
                            }
                        }
                        table { class: "lines",
                            thead { tr {
                                th { {ui.t("lot")} }
                                th { {ui.t("expected")} }
                                th { {ui.t("counted")} }
                            } }
                            tbody {
                                for (i, line) in loc.lines.clone().into_iter().enumerate() {
                                    {
                                        let hit = matched.as_ref() == Some(&line.lot);
                                        let suggested = if hit { scanned.as_ref().and_then(|s| s.quantity.clone()) } else { None };
                                        rsx! { LineRow { key: "{loc.id}-{i}-{hit}", check, location: loc.id, line, locked: submitted, highlight: hit, suggested } }
                                    }
                                }
                            }
                        }
                        if !submitted {
                            AddLot { key: "{loc.id}-{scanned.is_some()}", check, location: loc.id,
                                scanned: scanned.filter(|s| matched.is_none() && s.lot.is_some()) }
                        }
                    }
                }
            }
        }
        if focus().is_some() {
            button { class: "secondary", onclick: move |_| focus.set(None), {ui.t("all-locations")} }
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

/// Two compatibility groups found at one location: in red when the chart forbids
/// them together, in amber when it allows them only under conditions.
#[component]
pub(crate) fn MixedPair(pair: MixedGroups) -> Element {
    let ui = use_context::<Ui>();
    let forbidden = pair.mixing == Mixing::Forbidden;
    rsx! {
        p { class: if forbidden { "error" } else { "warning" }, role: "alert",
            {(ui.locale)().t_args(
                if forbidden { "mixing-forbidden" } else { "mixing-conditional" },
                &[("first", pair.first.as_str().into()), ("second", pair.second.as_str().into())],
            )}
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

/// What the lot is and how it is classified, where known: "Mortar bomb · 1.2E".
fn lot_kind_text(ui: &Ui, lot: &AmmunitionLot) -> String {
    let kind = lot.kind().map(|k| ui.t(&format!("ammo-{}", k.as_str())));
    let hazard = lot.hazard.map(|h| h.to_string());
    kind.into_iter()
        .chain(hazard)
        .collect::<Vec<_>>()
        .join(" · ")
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

/// A count being typed, kept on the device until it is saved.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CountDraft {
    quantity: String,
    condition: ConditionCode,
}

/// One expected (or unexpected) lot with its count.
#[component]
fn LineRow(
    check: StockCheckId,
    location: LocationId,
    line: LineView,
    locked: bool,
    highlight: bool,
    suggested: Option<String>,
) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let draft_key = format!("count:{check}:{location}:{}", line.lot.lot);
    let kept: Option<CountDraft> = core
        .store()
        .and_then(|s| s.form_draft(&draft_key).ok().flatten())
        .and_then(|v| serde_json::from_value(v).ok());
    let unsaved = kept.is_some();
    let initial = kept.unwrap_or(CountDraft {
        quantity: line
            .counted
            .map(|q| q.to_string())
            .or(suggested)
            .unwrap_or_default(),
        condition: line.condition.unwrap_or(ConditionCode::A),
    });
    let mut quantity = use_signal(|| initial.quantity.clone());
    let condition = use_signal(|| initial.condition);
    let mut message = use_signal(move || unsaved.then(|| ui.t("not-saved-yet")));
    // Keep what is typed on the device at every change (the app may be killed).
    let keeper = core.clone();
    let key = draft_key.clone();
    let saved_quantity = line.counted.map(|q| q.to_string()).unwrap_or_default();
    let saved_condition = line.condition.unwrap_or(ConditionCode::A);
    use_effect(move || {
        let draft = CountDraft {
            quantity: quantity(),
            condition: condition(),
        };
        let Some(store) = keeper.store() else { return };
        if draft.quantity == saved_quantity && draft.condition == saved_condition {
            let _ = store.clear_form_draft(&key);
        } else if let Ok(json) = serde_json::to_value(&draft) {
            let _ = store.save_form_draft(&key, &json);
        }
    });
    let unexpected = line.expected == 0;
    let lot = line.lot.clone();
    let existing = line.count_line;
    let save = move |_| {
        let Some(store) = core.store() else { return };
        let Ok(q) = quantity().trim().parse::<u64>() else {
            message.set(Some(ui.t("quantity-whole-number")));
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
                    let _ = store.clear_form_draft(&draft_key);
                    message.set(Some(ui.t("saved")));
                    ui.changed();
                }
                Err(e) => message.set(Some(e.to_string())),
            },
            Err(errors) => message.set(Some(errors.to_string())),
        }
    };
    rsx! {
        tr { class: if highlight { "hit" } else { "" },
            td { {lot_text(&line.lot)}
                {
                    let kind = lot_kind_text(&ui, &line.lot);
                    rsx! { if !kind.is_empty() { br {} span { class: "muted", {kind} } } }
                }
                if unexpected { br {} span { class: "badge returned", {ui.t("unexpected-lot")} } }
            }
            td { span { class: "cell-label", {ui.t("expected")} ": " } if unexpected { "–" } else { {(ui.locale)().count(line.expected)} } }
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

/// A lot found at a location that was not expected there, typed or from a box label.
#[component]
fn AddLot(check: StockCheckId, location: LocationId, scanned: Option<BoxScan>) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let from_box = scanned.clone().unwrap_or_default();
    let mut open = use_signal(|| scanned.is_some());
    let mut form = use_signal(|| NewLotForm {
        lot: from_box.lot.clone().unwrap_or_default(),
        nsn: from_box.nsn.clone().unwrap_or_default(),
        quantity: from_box.quantity.clone().unwrap_or_default(),
        ..NewLotForm::default()
    });
    let condition = use_signal(|| ConditionCode::A);
    let mut error = use_signal(|| None::<String>);
    if !open() {
        return rsx! { button { class: "secondary", onclick: move |_| open.set(true), "+ " {ui.t("unexpected-lot")} } };
    }
    let save = move |_| {
        let Some(store) = core.store() else { return };
        let (l, q) = match form.read().to_lot() {
            Ok(read) => read,
            Err(message) => {
                error.set(Some(ui.t(message)));
                return;
            }
        };
        match count_line(check, location, None, l, q, condition(), true) {
            Ok(line) => match store.save_count_line(&line) {
                Ok(()) => {
                    open.set(false);
                    ui.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            },
            Err(errors) => error.set(Some(errors.to_string())),
        }
    };
    let f = form();
    rsx! {
        div { class: "row",
            div { label { {ui.t("lot")} } input { initial_value: f.lot.clone(), oninput: move |e| form.write().lot = e.value() } }
            div { label { {ui.t("calibre")} } input { initial_value: f.calibre.clone(), oninput: move |e| form.write().calibre = e.value() } }
            div { label { {ui.t("manufacturer")} } input { initial_value: f.maker.clone(), oninput: move |e| form.write().maker = e.value() } }
            div { label { "NSN" } input { initial_value: f.nsn.clone(), oninput: move |e| form.write().nsn = e.value() } }
            div { label { {ui.t("quantity")} } input { r#type: "number", initial_value: f.quantity.clone(), oninput: move |e| form.write().quantity = e.value() } }
            div { label { r#for: "add-lot-type-{location}", {ui.t("ammunition-type")} }
                select { id: "add-lot-type-{location}",
                    onchange: move |e| form.write().kind = AmmunitionType::from_wire(&e.value()),
                    option { value: "", selected: f.kind.is_none(), {ui.t("ammunition-type-unknown")} }
                    for t in AmmunitionType::ALL {
                        option { value: t.as_str(), selected: f.kind == Some(t), {ui.t(&format!("ammo-{}", t.as_str()))} }
                    }
                }
            }
            div { label { r#for: "add-lot-hazard-{location}", {ui.t("hazard-classification")} }
                input { id: "add-lot-hazard-{location}", placeholder: "1.1D", initial_value: f.hazard.clone(),
                    oninput: move |e| form.write().hazard = e.value() }
            }
        }
        label { {ui.t("condition")} }
        {condition_select(condition, false)}
        if let Some(e) = error() { p { class: "error", {e} } }
        div { class: "actions",
            button { onclick: save, {ui.t("save-count")} }
            button { class: "secondary", onclick: move |_| open.set(false), {ui.t("cancel")} }
        }
    }
}
