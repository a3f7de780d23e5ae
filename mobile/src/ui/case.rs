//! A seizure case: where and how it was found (with the GPS when the device has one),
//! the route and the parties, the seized items — each with photos whose codes are
//! outlined and prefill the fields, the source shown beside each value and
//! disagreements left for the officer to settle — victims, and who may see it; saved
//! as a draft or submitted. A recovered cache is the same form with its recovery (how
//! it was found, who recovered it, its condition and what was done) in place of the
//! way of shipping and the route.

use crate::i18n::Tr;
use dioxus::html::HasFileData;
use dioxus::prelude::*;
use tracemark_shared::capture::{self, Field, Limits};
use tracemark_shared::domain::{
    AgeBand, CaseStatus, PartyRole, QuantityUnit, RecoveredCondition, RecoveryAction,
    RecoveryCircumstance, SeizureCase, Sex, ShippingMode,
};
use tracemark_shared::domain::{AmmunitionType, RecordKind};

use super::model::{
    CaptureView, CaseForm, ItemForm, PartyForm, RecoveryForm, ScopeChoice, VictimForm,
};
use super::{AppCore, Screen, Ui};
use crate::core::device::PhotoSource;
use crate::core::store::RecordBody;
use crate::i18n::Locale;

/// The case form, for a new case (`id` None; a recovered cache when `recovery`) or
/// one on the device.
#[component]
pub fn CaseScreen(id: Option<String>, #[props(default)] recovery: bool) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let existing = id.as_ref().and_then(|id| {
        core.store()
            .and_then(|s| s.list_records(Some(RecordKind::SeizureCase)).ok())
            .and_then(|list| list.into_iter().find(|r| r.id.to_string() == *id))
    });
    let returned = existing.as_ref().and_then(|r| {
        core.store()
            .and_then(|s| s.list_review_decisions().ok())
            .and_then(|list| list.into_iter().rfind(|v| v.record_id == r.id))
            .filter(|v| v.decision == tracemark_shared::sync::ReviewDecision::Return)
            .and_then(|v| v.comment)
    });
    // A form being typed is kept on the device at every change, under this key.
    let draft_key = match (id.as_deref(), recovery) {
        (Some(id), _) => format!("case:{id}"),
        (None, false) => "case:new".to_string(),
        (None, true) => "recovery:new".to_string(),
    };
    let kept: Option<CaseForm> = core
        .store()
        .and_then(|s| s.form_draft(&draft_key).ok().flatten())
        .and_then(|v| serde_json::from_value(v).ok());
    let mut form = use_signal(|| match (kept, existing.as_ref().map(|r| &r.body)) {
        (Some(kept), _) => kept,
        (None, Some(RecordBody::SeizureCase(c))) => CaseForm::from_case(c),
        (None, _) if recovery => CaseForm::new_recovery(),
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
    // Bumped when code changes a list or the coordinates, so their inputs show the
    // new values (inputs are not redrawn while typed in, so no keystroke is lost).
    let mut generation = use_signal(|| 0u32);
    let mut errors = use_signal(Vec::<String>::new);
    let mut gps_note = use_signal(|| None::<String>);
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
    let device = core.device.clone();
    let locate = move |_| {
        let device = device.clone();
        gps_note.set(Some(ui.t("locating")));
        spawn(async move {
            let fix = tokio::task::spawn_blocking(move || device.locate()).await;
            match fix {
                Ok(Ok(p)) => {
                    {
                        let mut f = form.write();
                        f.latitude = format!("{:.6}", p.latitude);
                        f.longitude = format!("{:.6}", p.longitude);
                        f.accuracy_m = p.accuracy_m;
                    }
                    generation += 1;
                    gps_note.set(Some(match p.accuracy_m {
                        Some(a) => {
                            locale.t_args("gps-set", &[("metres", format!("{a:.0}").into())])
                        }
                        None => ui.t("gps-set-plain"),
                    }));
                }
                Ok(Err(e)) => gps_note.set(Some(
                    locale.t_args("gps-failed", &[("reason", e.to_string().into())]),
                )),
                Err(_) => gps_note.set(None),
            }
        });
    };
    let text = |label: &'static str, value: String, set: fn(&mut CaseForm, String)| {
        rsx! {
            label { {ui.t(label)} }
            input { initial_value: value, oninput: move |e| set(&mut form.write(), e.value()) }
        }
    };
    let f = form();
    let g = generation();
    let coordinates = rsx! {
            div { class: "row", key: "gps-{g}",
                div {
                    label { {ui.t("latitude")} }
                    input { initial_value: f.latitude.clone(), inputmode: "decimal", placeholder: "-1.2921",
                        oninput: move |e| { let mut w = form.write(); w.latitude = e.value(); w.accuracy_m = None; } }
                }
                div {
                    label { {ui.t("longitude")} }
                    input { initial_value: f.longitude.clone(), inputmode: "decimal", placeholder: "36.8219",
                        oninput: move |e| { let mut w = form.write(); w.longitude = e.value(); w.accuracy_m = None; } }
                }
            }
    };
    let is_cache = f.recovery.is_some();
    let heading = match (existing.is_some(), is_cache) {
        (true, false) => "seizure-case",
        (false, false) => "new-case",
        (true, true) => "recovered-cache",
        (false, true) => "new-recovery",
    };
    rsx! {
        button { class: "secondary", onclick: move |_| { let mut s = ui.screen; s.set(Screen::Home); }, {ui.t("back")} }
        h2 { {ui.t(heading)} }
        if let Some(comment) = returned {
            div { class: "card error", role: "alert",
                {locale.t_args("returned-comment", &[("comment", comment.into())])}
            }
        }
        div { class: "card",
            {text("case-reference", f.reference.clone(), |f, v| f.reference = v)}
            div { class: "row",
                div {
                    label { {ui.t(if is_cache { "recovered-on" } else { "seized-on" })} }
                    input { r#type: "date", initial_value: f.seized_on.clone(), oninput: move |e| form.write().seized_on = e.value() }
                }
                if !is_cache { div {
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
                } }
            }
            {text("place", f.place.clone(), |f, v| f.place = v)}
            {coordinates}
            button { class: "secondary", onclick: locate, {ui.t("use-gps")} }
            if let Some(n) = gps_note() { p { class: "muted", role: "status", {n} } }
            {text("concealment", f.concealment.clone(), |f, v| f.concealment = v)}
        }
        if let Some(r) = f.recovery.clone() {
            RecoveryEditor { key: "recovery-{g}", recovery: r, form }
        }
        if !is_cache { div { class: "card",
            h2 { {ui.t("route")} }
            div { class: "row",
                div { {text("route-origin", f.origin.clone(), |f, v| f.origin = v)} }
                div { {text("route-destination", f.destination.clone(), |f, v| f.destination = v)} }
            }
            label { {ui.t("route-transit")} }
            textarea { initial_value: f.transit.clone(), rows: "2", placeholder: ui.t("route-transit-hint"),
                oninput: move |e| form.write().transit = e.value() }
            {text("point-of-dispatch", f.dispatch.clone(), |f, v| f.dispatch = v)}
        } }
        div { class: "card",
            h2 { {ui.t("parties")} }
            for (i, p) in f.parties.iter().enumerate() {
                PartyEditor { key: "{g}-{i}", index: i, party: p.clone(), form, generation }
            }
            button { class: "secondary", onclick: move |_| { form.write().parties.push(PartyForm::default()); },
                "+ " {ui.t("add-party")} }
        }
        h2 { {ui.t(if is_cache { "recovered-items" } else { "seized-items" })} }
        for (i, (item_id, item)) in f.items.iter().enumerate() {
            ItemEditor { key: "{item_id}-{item.generation}", index: i, count: f.items.len(), item: item.clone(), form }
        }
        button { class: "secondary", onclick: move |_| { form.write().items.push((tracemark_shared::domain::SeizedItemId::new(), ItemForm::default())); },
            "+ " {ui.t("add-item")} }
        div { class: "card",
            h2 { {ui.t("victims")} }
            p { class: "muted", {ui.t("victims-help")} }
            for (i, v) in f.victims.iter().enumerate() {
                VictimEditor { key: "{g}-{i}", index: i, row: v.clone(), form, generation }
            }
            button { class: "secondary", onclick: move |_| { form.write().victims.push(VictimForm::default()); },
                "+ " {ui.t("add-victims")} }
        }
        div { class: "card",
            label { {ui.t("sharing")} }
            select {
                onchange: move |e| {
                    form.write().scope = if e.value() == "own_agency" { ScopeChoice::OwnAgency } else { ScopeChoice::National };
                },
                option { value: "national", selected: f.scope == ScopeChoice::National, {ui.t("scope-national")} }
                option { value: "own_agency", selected: f.scope == ScopeChoice::OwnAgency, {ui.t("scope-own_agency")} }
            }
        }
        if !errors().is_empty() {
            div { class: "card error", role: "alert",
                p { strong { {ui.t("fix-before-saving")} } }
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

/// How a recovered cache was found, who recovered it, its condition and what was
/// done with it.
#[component]
fn RecoveryEditor(recovery: RecoveryForm, form: Signal<CaseForm>) -> Element {
    let ui = use_context::<Ui>();
    let edit = move |set: fn(&mut RecoveryForm, String), value: String| {
        let mut form = form;
        if let Some(r) = form.write().recovery.as_mut() {
            set(r, value);
        }
    };
    rsx! {
        div { class: "card",
            h2 { {ui.t("recovery")} }
            div { class: "row",
                div {
                    label { r#for: "recovery-circumstance", {ui.t("recovery-circumstance")} }
                    select { id: "recovery-circumstance",
                        onchange: move |e| edit(|r, v| if let Ok(c) = v.parse() { r.circumstance = c }, e.value()),
                        for c in RecoveryCircumstance::ALL {
                            option { value: c.as_str(), selected: *c == recovery.circumstance, {ui.t(&format!("circumstance-{}", c.as_str()))} }
                        }
                    }
                }
                div {
                    label { r#for: "recovered-condition", {ui.t("recovered-condition")} }
                    select { id: "recovered-condition",
                        onchange: move |e| edit(|r, v| if let Ok(c) = v.parse() { r.condition = c }, e.value()),
                        for c in RecoveredCondition::ALL {
                            option { value: c.as_str(), selected: *c == recovery.condition, {ui.t(&format!("cache-condition-{}", c.as_str()))} }
                        }
                    }
                }
            }
            label { r#for: "recovered-by", {ui.t("recovered-by")} }
            input { id: "recovered-by", initial_value: recovery.recovered_by.clone(),
                oninput: move |e| edit(|r, v| r.recovered_by = v, e.value()) }
            div { class: "row",
                div {
                    label { r#for: "recovery-action", {ui.t("recovery-action")} }
                    select { id: "recovery-action",
                        onchange: move |e| edit(|r, v| if let Ok(a) = v.parse() { r.action = a }, e.value()),
                        for a in RecoveryAction::ALL {
                            option { value: a.as_str(), selected: *a == recovery.action, {ui.t(&format!("cache-action-{}", a.as_str()))} }
                        }
                    }
                }
                div {
                    label { r#for: "action-on", {ui.t("action-on")} }
                    input { id: "action-on", r#type: "date", initial_value: recovery.action_on.clone(),
                        oninput: move |e| edit(|r, v| r.action_on = v, e.value()) }
                }
            }
            if recovery.action == RecoveryAction::Moved {
                label { r#for: "moved-to", {ui.t("moved-to")} }
                input { id: "moved-to", initial_value: recovery.moved_to.clone(),
                    oninput: move |e| edit(|r, v| r.moved_to = v, e.value()) }
            }
            label { r#for: "action-note", {ui.t("action-note")} }
            input { id: "action-note", initial_value: recovery.action_note.clone(),
                oninput: move |e| edit(|r, v| r.action_note = v, e.value()) }
        }
    }
}

/// One party to the consignment.
#[component]
fn PartyEditor(
    index: usize,
    party: PartyForm,
    form: Signal<CaseForm>,
    generation: Signal<u32>,
) -> Element {
    let ui = use_context::<Ui>();
    let edit = move |set: fn(&mut PartyForm, String), value: String| {
        let mut form = form;
        if let Some(p) = form.write().parties.get_mut(index) {
            set(p, value);
        }
    };
    rsx! {
        div { class: "subcard",
            div { class: "row",
                div {
                    label { {ui.t("party-name")} }
                    input { initial_value: party.name.clone(), oninput: move |e| edit(|p, v| p.name = v, e.value()) }
                }
                div {
                    label { {ui.t("party-role")} }
                    select {
                        onchange: move |e| edit(|p, v| if let Ok(r) = v.parse() { p.role = r }, e.value()),
                        for r in PartyRole::ALL {
                            option { value: r.as_str(), selected: *r == party.role, {ui.t(&format!("role-{}", r.as_str()))} }
                        }
                    }
                }
                div {
                    label { {ui.t("country")} }
                    input { initial_value: party.country.clone(), maxlength: "2", placeholder: "KE",
                        oninput: move |e| edit(|p, v| p.country = v, e.value()) }
                }
            }
            label { {ui.t("party-identifier")} }
            input { initial_value: party.identifier.clone(), placeholder: "IMO 9074729",
                oninput: move |e| edit(|p, v| p.identifier = v, e.value()) }
            label { {ui.t("note")} }
            input { initial_value: party.note.clone(), oninput: move |e| edit(|p, v| p.note = v, e.value()) }
            button { class: "link", onclick: move |_| {
                    let mut form = form;
                    if index < form().parties.len() { form.write().parties.remove(index); }
                    generation += 1;
                }, {ui.t("remove")} }
        }
    }
}

/// One row of victim counts.
#[component]
fn VictimEditor(
    index: usize,
    row: VictimForm,
    form: Signal<CaseForm>,
    generation: Signal<u32>,
) -> Element {
    let ui = use_context::<Ui>();
    let edit = move |set: fn(&mut VictimForm, String), value: String| {
        let mut form = form;
        if let Some(r) = form.write().victims.get_mut(index) {
            set(r, value);
        }
    };
    rsx! {
        div { class: "row subcard",
            div {
                label { {ui.t("sex")} }
                select { onchange: move |e| edit(|r, v| if let Ok(s) = v.parse() { r.sex = s }, e.value()),
                    for s in Sex::ALL { option { value: s.as_str(), selected: *s == row.sex, {ui.t(&format!("sex-{}", s.as_str()))} } }
                }
            }
            div {
                label { {ui.t("age-band")} }
                select { onchange: move |e| edit(|r, v| if let Ok(a) = v.parse() { r.age = a }, e.value()),
                    for a in AgeBand::ALL { option { value: a.as_str(), selected: *a == row.age, {ui.t(&format!("age-{}", a.as_str()))} } }
                }
            }
            div {
                label { {ui.t("killed")} }
                input { initial_value: row.killed.clone(), inputmode: "numeric", oninput: move |e| edit(|r, v| r.killed = v, e.value()) }
            }
            div {
                label { {ui.t("injured")} }
                input { initial_value: row.injured.clone(), inputmode: "numeric", oninput: move |e| edit(|r, v| r.injured = v, e.value()) }
            }
            button { class: "link", onclick: move |_| {
                    let mut form = form;
                    if index < form().victims.len() { form.write().victims.remove(index); }
                    generation += 1;
                }, {ui.t("remove")} }
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

/// Keeps a photo on the device, reads its codes and prefills the item at `index`.
async fn take_in_photo(
    core: AppCore,
    mut form: Signal<CaseForm>,
    index: usize,
    bytes: Vec<u8>,
    locale: Locale,
) {
    let Some(store) = core.store() else { return };
    let note = |it: &mut ItemForm, text: String| {
        it.note = Some(text);
        it.generation += 1;
        it.photo_taken = true;
    };
    let photo = match store.add_photo(&bytes) {
        Ok(p) => p,
        Err(err) => {
            if let Some((_, it)) = form.write().items.get_mut(index) {
                note(
                    it,
                    locale.t_args("photo-error", &[("reason", err.to_string().into())]),
                );
            }
            return;
        }
    };
    let read =
        tokio::task::spawn_blocking(move || capture::read_photo(&bytes, &Limits::default())).await;
    let mut w = form.write();
    let Some((_, it)) = w.items.get_mut(index) else {
        return;
    };
    if !it.photos.contains(&photo) {
        it.photos.push(photo);
    }
    match read {
        Ok(Ok(c)) => {
            let text = if c.codes.is_empty() {
                locale.t("no-code-found")
            } else {
                locale.t_args("codes-found", &[("count", c.codes.len().into())])
            };
            for code in &c.codes {
                let marking = code.marking();
                if !it.markings.contains(&marking) {
                    it.markings.push(marking);
                }
            }
            it.apply(&c.prefill);
            it.captures.push(CaptureView::of(&c));
            note(it, text);
        }
        Ok(Err(err)) => note(
            it,
            locale.t_args("photo-error", &[("reason", err.to_string().into())]),
        ),
        Err(_) => note(it, locale.t("photo-error-plain")),
    }
}

/// One seized item with its photos.
#[component]
fn ItemEditor(index: usize, count: usize, item: ItemForm, form: Signal<CaseForm>) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let mut dragging = use_signal(|| false);
    let edit = move |set: fn(&mut ItemForm, String), value: String| {
        let mut form = form;
        if let Some((_, it)) = form.write().items.get_mut(index) {
            set(it, value);
        }
    };
    let update = move |f: &dyn Fn(&mut ItemForm)| {
        let mut form = form;
        if let Some((_, it)) = form.write().items.get_mut(index) {
            f(it);
            it.generation += 1;
            it.photo_taken = false;
        }
    };
    // Drawn anew after a photo: focus back on the photo control (see `photo_taken`).
    let photo_taken = item.photo_taken;
    let refocus = move |e: MountedEvent| async move {
        if photo_taken {
            let _ = e.set_focus(true).await;
        }
    };
    let source = |field: Field| -> Option<String> {
        item.sources
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, s, invalid)| {
                // A value from a code GS1 forbids as a whole is offered, and says so.
                let id = if *invalid {
                    "from-invalid-code"
                } else {
                    "from-source"
                };
                locale.t_args(id, &[("source", s.clone().into())])
            })
    };
    let picker_core = core.clone();
    let add_files = move |e: FormEvent| {
        let core = picker_core.clone();
        async move {
            for file in e.files() {
                if let Ok(bytes) = file.read_bytes().await {
                    take_in_photo(core.clone(), form, index, bytes.to_vec(), locale).await;
                }
            }
        }
    };
    let drop_core = core.clone();
    let dropped = move |e: DragEvent| {
        e.prevent_default();
        dragging.set(false);
        let core = drop_core.clone();
        async move {
            for file in e.files() {
                if let Ok(bytes) = file.read_bytes().await {
                    take_in_photo(core.clone(), form, index, bytes.to_vec(), locale).await;
                }
            }
        }
    };
    let from_device = move |source: PhotoSource| {
        let core = core.clone();
        spawn(async move {
            let device = core.device.clone();
            match tokio::task::spawn_blocking(move || device.photo(source)).await {
                Ok(Ok(Some(bytes))) => take_in_photo(core, form, index, bytes, locale).await,
                Ok(Ok(None)) | Err(_) => {}
                Ok(Err(e)) => update(&|it| {
                    it.note =
                        Some(locale.t_args("photo-error", &[("reason", e.to_string().into())]));
                }),
            }
        });
    };
    let from_gallery = from_device.clone();
    let from_camera = from_device;
    let has_camera = use_context::<AppCore>().device.has_camera();
    rsx! {
        div {
            class: if dragging() { "card dropping" } else { "card" },
            ondragover: move |e| { e.prevent_default(); dragging.set(true); },
            ondragleave: move |_| dragging.set(false),
            ondrop: dropped,
            div { class: "row",
                div {
                    label { {ui.t("calibre")} }
                    input { initial_value: item.calibre.clone(), placeholder: "7.62x39mm", oninput: move |e| edit(|i, v| i.calibre = v, e.value()) }
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
                    label { {ui.t("sub-lot")} }
                    input { initial_value: item.sub_lot.clone(), oninput: move |e| edit(|i, v| i.sub_lot = v, e.value()) }
                }
                div {
                    label { {ui.t("year")} if let Some(s) = source(Field::ProductionDate) { span { class: "source", {s} } } }
                    input { initial_value: item.year.clone(), inputmode: "numeric", oninput: move |e| edit(|i, v| i.year = v, e.value()) }
                }
            }
            div { class: "row",
                div {
                    label { {ui.t("quantity")} if let Some(s) = source(Field::Quantity) { span { class: "source", {s} } } }
                    input { initial_value: item.quantity.clone(), inputmode: "numeric", oninput: move |e| edit(|i, v| i.quantity = v, e.value()) }
                }
                div {
                    label { {ui.t("unit")} }
                    select {
                        onchange: move |e| edit(|i, v| if let Ok(u) = v.parse() { i.unit = u }, e.value()),
                        for u in QuantityUnit::ALL {
                            option { value: u.as_str(), selected: *u == item.unit, {ui.t(&format!("unit-{}", u.as_str()))} }
                        }
                    }
                }
            }
            label { "NSN" if let Some(s) = source(Field::Nsn) { span { class: "source", {s} } } }
            input { initial_value: item.nsn.clone(), placeholder: "1305-01-234-5678", oninput: move |e| edit(|i, v| i.nsn = v, e.value()) }
            label { {ui.t("ammunition-type")} }
            select {
                onchange: move |e| edit(|i, v| i.ammunition_type = AmmunitionType::from_wire(&v), e.value()),
                option { value: "", selected: item.ammunition_type.is_none(),
                    {match item.suggested_type() {
                        Some(t) => locale.t_args("ammunition-type-from-marks", &[("type", ui.t(&format!("ammo-{}", t.as_str())).into())]),
                        None => ui.t("ammunition-type-unknown"),
                    }}
                }
                for t in AmmunitionType::ALL {
                    option { value: t.as_str(), selected: item.ammunition_type == Some(t), {ui.t(&format!("ammo-{}", t.as_str()))} }
                }
            }
            for (field, values) in item.conflicts.clone() {
                div { class: "conflict",
                    p { {locale.t_args("conflict", &[("field", ui.t(field_name(field)).into()), ("values", values.join(" / ").into())])} }
                    for value in values {
                        button { class: "secondary small", onclick: move |_| {
                                let value = value.clone();
                                update(&move |it| it.settle(field, &value));
                            }, {value.clone()} }
                    }
                }
            }
            for (p, cap) in item.captures.iter().enumerate() {
                div { class: "capture", key: "{p}",
                    div { class: "photo",
                        img { src: cap.thumbnail.clone(), alt: ui.t("photo") }
                        svg { view_box: "0 0 {cap.width} {cap.height}", preserve_aspect_ratio: "none",
                            for (c, code) in cap.codes.iter().enumerate() {
                                polygon { key: "{c}", points: code.points.clone(), class: "code-outline",
                                    onclick: {
                                        let prefill = code.prefill.clone();
                                        move |_| { let prefill = prefill.clone(); update(&move |it| it.choose(&prefill)); }
                                    },
                                    title { {code.text.clone()} }
                                }
                            }
                        }
                    }
                    for (c, code) in cap.codes.iter().enumerate() {
                        button { class: "secondary code", key: "list-{c}",
                            onclick: {
                                let prefill = code.prefill.clone();
                                move |_| { let prefill = prefill.clone(); update(&move |it| it.choose(&prefill)); }
                            },
                            span { class: "muted", "{c + 1} · {code.format}" }
                            br {}
                            code { {code.text.clone()} }
                        }
                    }
                }
            }
            if has_camera {
                div { class: "actions",
                    button { onmounted: refocus, onclick: move |_| from_camera(PhotoSource::Camera), {ui.t("take-photo")} }
                    button { class: "secondary", onclick: move |_| from_gallery(PhotoSource::Gallery), {ui.t("from-gallery")} }
                }
            } else {
                label { r#for: "photos-{index}", {ui.t("add-photo")} }
                input { id: "photos-{index}", r#type: "file", accept: "image/jpeg,image/png,image/webp", multiple: true,
                    onmounted: refocus, onchange: add_files }
                p { class: "muted", {ui.t("drop-photos")} }
            }
            if let Some(n) = item.note.clone() { p { class: "muted", role: "status", {n} } }
            if !item.photos.is_empty() {
                p { class: "muted", {locale.t_args("photos-kept", &[("count", item.photos.len().into())])} }
            }
            if count > 1 {
                button { class: "link", onclick: move |_| {
                        let mut form = form;
                        if index < form().items.len() { form.write().items.remove(index); }
                    }, {ui.t("remove-item")} }
            }
        }
    }
}

impl CaseForm {
    /// The form for a case already on the device.
    pub fn from_case(c: &SeizureCase) -> Self {
        let victims = c
            .victims
            .as_ref()
            .map(|v| {
                v.cells()
                    .iter()
                    .map(|cell| VictimForm {
                        sex: cell.sex,
                        age: cell.age,
                        killed: cell.killed.to_string(),
                        injured: cell.injured.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            id: c.id,
            reference: c.reference.clone(),
            seized_on: c.seized_on.to_string(),
            place: c.place.clone(),
            mode: c.mode_of_shipping,
            concealment: c.concealment.clone().unwrap_or_default(),
            origin: c.route.origin.clone().unwrap_or_default(),
            destination: c.route.destination.clone().unwrap_or_default(),
            transit: c.route.transit.join(", "),
            dispatch: c.point_of_dispatch.clone().unwrap_or_default(),
            latitude: c.gps.map(|g| g.latitude.to_string()).unwrap_or_default(),
            longitude: c.gps.map(|g| g.longitude.to_string()).unwrap_or_default(),
            accuracy_m: c.gps.and_then(|g| g.accuracy_m),
            parties: c
                .parties
                .iter()
                .map(|p| PartyForm {
                    name: p.name.clone(),
                    role: p.role,
                    country: p.country.map(|c| c.to_string()).unwrap_or_default(),
                    note: p.note.clone().unwrap_or_default(),
                    identifier: p.identifier.clone().unwrap_or_default(),
                })
                .collect(),
            victims,
            scope: match c.scope {
                tracemark_shared::domain::SharingScope::OwnAgency => ScopeChoice::OwnAgency,
                _ => ScopeChoice::National,
            },
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
                            sub_lot: i.lot.sub_lot.clone().unwrap_or_default(),
                            year: i.lot.year.map(|y| y.to_string()).unwrap_or_default(),
                            nsn: i.lot.nsn.map(|n| n.to_string()).unwrap_or_default(),
                            quantity: i.quantity.to_string(),
                            unit: i.unit,
                            ammunition_type: i.lot.ammunition_type,
                            hazard: i.lot.hazard,
                            photos: i.photos.clone(),
                            markings: i.markings.clone(),
                            ..ItemForm::default()
                        },
                    )
                })
                .collect(),
            recovery: c.recovery.as_ref().map(RecoveryForm::of),
        }
    }
}
