//! A seizure case: where and how it was found, the route, and the seized items, each
//! with photos whose codes prefill the fields (the source shown beside each value,
//! disagreements shown for the officer to settle); saved as a draft or submitted.

use dioxus::prelude::*;
use tracemark_shared::capture::{self, Field, Limits};
use tracemark_shared::domain::{CaseStatus, ShippingMode};

use super::model::{CaseForm, ItemForm};
use super::{AppCore, Screen, Ui};
use crate::core::store::RecordBody;

/// The case form, for a new case (`id` None) or one on the device.
#[component]
pub fn CaseScreen(id: Option<String>) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let existing = id.as_ref().and_then(|id| {
        core.store()
            .and_then(|s| s.list_records(Some("seizure_case")).ok())
            .and_then(|list| list.into_iter().find(|r| r.id.to_string() == *id))
    });
    // A form being typed is kept on the device at every change, under this key.
    let draft_key = format!("case:{}", id.as_deref().unwrap_or("new"));
    let kept: Option<CaseForm> = core
        .store()
        .and_then(|s| s.form_draft(&draft_key).ok().flatten())
        .and_then(|v| serde_json::from_value(v).ok());
    let mut form = use_signal(|| match (kept, existing.as_ref().map(|r| &r.body)) {
        (Some(kept), _) => kept,
        (None, Some(RecordBody::SeizureCase(c))) => CaseForm::from_case(c),
        (None, _) => CaseForm::default(),
    });
    let keeper = core.clone();
    let key = draft_key.clone();
    use_effect(move || {
        let current = form();
        if let (Some(store), Ok(json)) = (keeper.store(), serde_json::to_value(&current)) {
            let _ = store.save_form_draft(&key, &json);
        }
    });
    let mut errors = use_signal(Vec::<String>::new);
    let store = core.engine.clone();
    let mut save = move |status: CaseStatus| {
        let Some(engine) = store.clone() else { return };
        let session = engine.store().session().ok().flatten();
        let ids = session.as_ref().and_then(|s| {
            Some((
                s.user.get("agency_id")?.as_str()?.parse().ok()?,
                s.user.get("id")?.as_str()?.parse().ok()?,
            ))
        });
        let Some((agency, user)) = ids else { return };
        match form().to_record(agency, user, status) {
            Ok(case) => match engine.store().save_seizure_case(&case) {
                Ok(()) => {
                    let _ = engine.store().clear_form_draft(&draft_key);
                    ui.changed();
                    engine.sync_now();
                    let mut s = ui.screen;
                    s.set(Screen::Home);
                }
                Err(e) => errors.set(vec![e.to_string()]),
            },
            Err(e) => errors.set(e.into_iter().map(|e| e.to_string()).collect()),
        }
    };
    let mut save_submit = save.clone();
    let text = |label: &'static str, value: String, set: fn(&mut CaseForm, String)| {
        rsx! {
            label { {ui.t(label)} }
            input { initial_value: value, oninput: move |e| set(&mut form.write(), e.value()) }
        }
    };
    let f = form();
    rsx! {
        button { class: "secondary", onclick: move |_| { let mut s = ui.screen; s.set(Screen::Home); }, {ui.t("back")} }
        h2 { {ui.t("seizure-cases")} }
        div { class: "card",
            {text("case-reference", f.reference.clone(), |f, v| f.reference = v)}
            div { class: "row",
                div {
                    label { {ui.t("seized-on")} }
                    input { r#type: "date", initial_value: f.seized_on.clone(), oninput: move |e| form.write().seized_on = e.value() }
                }
                div {
                    label { {ui.t("mode-of-shipping")} }
                    select {
                        onchange: move |e| {
                            if let Ok(m) = e.value().parse::<ShippingMode>() {
                                form.write().mode = m;
                            }
                        },
                        for m in ShippingMode::ALL {
                            option { value: m.as_str(), selected: *m == f.mode, {ui.t(&format!("mode-{}", m.as_str()))} }
                        }
                    }
                }
            }
            {text("place", f.place.clone(), |f, v| f.place = v)}
            {text("concealment", f.concealment.clone(), |f, v| f.concealment = v)}
            div { class: "row",
                div { {text("route-origin", f.origin.clone(), |f, v| f.origin = v)} }
                div { {text("route-destination", f.destination.clone(), |f, v| f.destination = v)} }
            }
        }
        h2 { {ui.t("seized-items")} }
        for (i, (item_id, item)) in f.items.iter().enumerate() {
            ItemEditor { key: "{item_id}-{item.generation}", index: i, item: item.clone(), form }
        }
        if !errors().is_empty() {
            div { class: "card error", role: "alert",
                for e in errors() { p { {e} } }
            }
        }
        div { class: "actions",
            button { class: "secondary", onclick: move |_| save(CaseStatus::Draft), {ui.t("save-draft")} }
            button { onclick: move |_| save_submit(CaseStatus::Submitted), {ui.t("submit-review")} }
        }
        if let Some(r) = existing {
            if let Some(m) = r.message { p { class: "error", {m} } }
        }
    }
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::Lot => "lot",
        Field::Quantity => "quantity",
        Field::ProductionDate => "year",
        _ => "lot",
    }
}

/// One seized item with its photos.
#[component]
fn ItemEditor(index: usize, item: ItemForm, form: Signal<CaseForm>) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let edit = move |set: fn(&mut ItemForm, String), value: String| {
        let mut form = form;
        if let Some((_, it)) = form.write().items.get_mut(index) {
            set(it, value);
        }
    };
    let source = |field: Field| -> Option<String> {
        item.sources
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, s)| locale.t_args("from-source", &[("source", s.clone().into())]))
    };
    let add_photos = move |e: FormEvent| {
        let core = core.clone();
        async move {
            for file in e.files() {
                let Ok(bytes) = file.read_bytes().await else {
                    continue;
                };
                let Some(store) = core.store() else { return };
                let photo = match store.add_photo(&bytes) {
                    Ok(p) => p,
                    Err(err) => {
                        let mut form = form;
                        if let Some((_, it)) = form.write().items.get_mut(index) {
                            it.note = Some(
                                locale.t_args("photo-error", &[("reason", err.to_string().into())]),
                            );
                            it.generation += 1;
                        }
                        continue;
                    }
                };
                let read = tokio::task::spawn_blocking(move || {
                    capture::read_photo(&bytes, &Limits::default())
                })
                .await;
                let mut form = form;
                let mut w = form.write();
                let Some((_, it)) = w.items.get_mut(index) else {
                    return;
                };
                it.photos.push(photo);
                it.generation += 1;
                match read {
                    Ok(Ok(c)) => {
                        it.note = Some(if c.codes.is_empty() {
                            locale.t("no-code-found")
                        } else {
                            locale.t_args("codes-found", &[("count", c.codes.len().into())])
                        });
                        it.markings
                            .extend(c.codes.iter().map(|code| code.text.clone()));
                        it.apply(&c.prefill);
                    }
                    Ok(Err(err)) => {
                        it.note = Some(
                            locale.t_args("photo-error", &[("reason", err.to_string().into())]),
                        );
                    }
                    Err(_) => {}
                }
            }
        }
    };
    rsx! {
        div { class: "card",
            div { class: "row",
                div {
                    label { {ui.t("calibre")} }
                    input { initial_value: item.calibre.clone(), oninput: move |e| edit(|i, v| i.calibre = v, e.value()) }
                }
                div {
                    label { {ui.t("manufacturer")} }
                    input { initial_value: item.manufacturer.clone(), oninput: move |e| edit(|i, v| i.manufacturer = v, e.value()) }
                }
            }
            div { class: "row",
                div {
                    label { {ui.t("lot")} if let Some(s) = source(Field::Lot) { span { class: "source", {s} } } }
                    input { initial_value: item.lot.clone(), oninput: move |e| edit(|i, v| i.lot = v, e.value()) }
                }
                div {
                    label { {ui.t("year")} if let Some(s) = source(Field::ProductionDate) { span { class: "source", {s} } } }
                    input { initial_value: item.year.clone(), inputmode: "numeric", oninput: move |e| edit(|i, v| i.year = v, e.value()) }
                }
                div {
                    label { {ui.t("quantity")} if let Some(s) = source(Field::Quantity) { span { class: "source", {s} } } }
                    input { initial_value: item.quantity.clone(), inputmode: "numeric", oninput: move |e| edit(|i, v| i.quantity = v, e.value()) }
                }
            }
            label { "NSN" if let Some(s) = source(Field::Nsn) { span { class: "source", {s} } } }
            input { initial_value: item.nsn.clone(), oninput: move |e| edit(|i, v| i.nsn = v, e.value()) }
            for (field, values) in item.conflicts.clone() {
                p { class: "conflict",
                    {locale.t_args("conflict", &[("field", ui.t(field_name(field)).into()), ("values", values.join(" / ").into())])}
                }
            }
            label { r#for: "photos-{index}", {ui.t("add-photo")} }
            input { id: "photos-{index}", r#type: "file", accept: "image/jpeg,image/png,image/webp", multiple: true, onchange: add_photos }
            if let Some(n) = item.note.clone() { p { class: "muted", {n} } }
            if !item.photos.is_empty() {
                p { class: "muted", "📷 {item.photos.len()}" }
            }
        }
    }
}

impl CaseForm {
    /// The form for a case already on the device.
    pub fn from_case(c: &tracemark_shared::domain::SeizureCase) -> Self {
        Self {
            id: c.id,
            reference: c.reference.clone(),
            seized_on: c.seized_on.to_string(),
            place: c.place.clone(),
            mode: c.mode_of_shipping,
            concealment: c.concealment.clone().unwrap_or_default(),
            origin: c.route.origin.clone().unwrap_or_default(),
            destination: c.route.destination.clone().unwrap_or_default(),
            items: c
                .items
                .iter()
                .map(|i| {
                    (
                        i.id,
                        ItemForm {
                            calibre: i.lot.calibre.clone(),
                            manufacturer: i.lot.manufacturer.clone(),
                            lot: i.lot.lot.clone(),
                            year: i.lot.year.map(|y| y.to_string()).unwrap_or_default(),
                            nsn: i.lot.nsn.map(|n| n.to_string()).unwrap_or_default(),
                            quantity: i.quantity.to_string(),
                            photos: i.photos.clone(),
                            markings: i.markings.clone(),
                            sources: Vec::new(),
                            conflicts: Vec::new(),
                            note: None,
                            generation: 0,
                        },
                    )
                })
                .collect(),
        }
    }
}
