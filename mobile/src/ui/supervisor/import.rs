//! Importing a depot's expected inventory (one stock check, assigned to inspectors) or
//! transfer records from a CSV or XLSX file: the file is checked first (a dry run that
//! lists every row error by line, column and rule), and only a file that checked clean
//! can be imported.
//!
//! Invariant: "Import" sends exactly the bytes and options that the last clean check
//! saw; changing the file or an option asks for a new check.

use crate::i18n::Tr;
use dioxus::prelude::*;

use super::{ScreenTitle, client, describe};
use crate::core::supervisor::{
    FileFormat, ImportKind, ImportOptions, ImportOutcome, MAX_IMPORT_BYTES,
};
use crate::ui::{AppCore, Screen, Ui};
use tracemark_shared::view::imports::{FigureValue, ImportForm, OutcomeView, Verdict};

/// A file chosen for import.
#[derive(Debug, Clone, PartialEq)]
struct Chosen {
    name: String,
    format: FileFormat,
    bytes: Vec<u8>,
}

/// The import screen.
#[component]
pub fn ImportScreen() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let mut form = use_signal(ImportForm::default);
    let mut file = use_signal(|| None::<Chosen>);
    let mut problem = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    // The last answer, and what it answered (file and form), so "Import" only follows
    // a clean check of exactly this.
    let mut outcome = use_signal(|| None::<(ImportOutcome, Option<Chosen>, ImportForm)>);
    let choose = move |e: FormEvent| async move {
        outcome.set(None);
        problem.set(None);
        let Some(f) = e.files().into_iter().next() else {
            return;
        };
        let name = f.name();
        let Some(format) = FileFormat::from_name(&name) else {
            problem.set(Some(
                locale.t_args("import-bad-type", &[("name", name.into())]),
            ));
            file.set(None);
            return;
        };
        if f.size() > MAX_IMPORT_BYTES as u64 {
            problem.set(Some(ui.t("import-too-large")));
            file.set(None);
            return;
        }
        match f.read_bytes().await {
            Ok(bytes) => file.set(Some(Chosen {
                name,
                format,
                bytes: bytes.to_vec(),
            })),
            Err(e) => problem.set(Some(
                locale.t_args("import-unreadable", &[("reason", e.to_string().into())]),
            )),
        }
    };
    let run = move |dry_run: bool| {
        let core = core.clone();
        let Some(chosen) = file() else {
            problem.set(Some(ui.t("import-choose-file")));
            return;
        };
        let f = form();
        let options = match f.settings(dry_run) {
            Ok(s) => ImportOptions::from(s),
            Err(p) => {
                problem.set(Some(ui.t(p.message_id())));
                return;
            }
        };
        busy.set(true);
        problem.set(None);
        spawn(async move {
            let result = match client(&core) {
                Ok(c) => {
                    c.import(f.kind, chosen.bytes.clone(), chosen.format, &options)
                        .await
                }
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(o) => outcome.set(Some((o, Some(chosen), f))),
                Err(e) => problem.set(Some(describe(locale, &e))),
            }
        });
    };
    let mut check = run.clone();
    let mut import = run;
    let f = form();
    let checked_clean = outcome()
        .is_some_and(|(o, c, was)| o.dry_run && o.errors.is_empty() && c == file() && was == f);
    let inventory = f.kind == ImportKind::Inventory;
    rsx! {
        ScreenTitle { title: ui.t("import-title") }
        section { class: "card import-form",
            div { class: "row",
                div {
                    label { r#for: "import-kind", {ui.t("import-kind")} }
                    select { id: "import-kind",
                        onchange: move |e| {
                            form.write().kind = ImportKind::from_form(&e.value());
                            outcome.set(None);
                        },
                        option { value: "inventory", selected: inventory, {ui.t("import-inventory")} }
                        option { value: "transfers", selected: !inventory, {ui.t("import-transfers")} }
                    }
                }
                div {
                    label { r#for: "import-file", {ui.t("import-file")} }
                    input { id: "import-file", r#type: "file", accept: ".csv,.txt,.xlsx,.xlsm", onchange: choose }
                }
            }
            p { class: "muted", {ui.t(if inventory { "import-inventory-help" } else { "import-transfers-help" })} }
            div { class: "row",
                if inventory {
                    div {
                        label { r#for: "import-title", {ui.t("import-check-title")} }
                        input { id: "import-title", initial_value: f.title.clone(), oninput: move |e| form.write().title = e.value() }
                    }
                    div {
                        label { r#for: "import-assign", {ui.t("import-assign")} }
                        input { id: "import-assign", dir: "ltr", initial_value: f.assign.clone(), oninput: move |e| form.write().assign = e.value() }
                    }
                }
                div {
                    label { r#for: "import-scope", {ui.t("import-scope")} }
                    select { id: "import-scope", onchange: move |e| form.write().scope = e.value(),
                        option { value: "", {ui.t("scope-own_agency")} }
                        option { value: "national", {ui.t("scope-national")} }
                    }
                }
            }
            if let Some(c) = file() {
                p { class: "muted", {locale.t_args("import-chosen", &[("name", c.name.clone().into()), ("size", c.bytes.len().into())])} }
            }
            if let Some(p) = problem() {
                p { class: "error", role: "alert", {p} }
            }
            div { class: "actions",
                button { class: "secondary", disabled: busy() || file().is_none(), onclick: move |_| check(true), {ui.t("import-check")} }
                button { disabled: busy() || !checked_clean, onclick: move |_| import(false), {ui.t("import-run")} }
                if busy() {
                    span { class: "muted", role: "status", {ui.t("import-busy")} }
                }
            }
            if !checked_clean && file().is_some() && !busy() {
                p { class: "muted", {ui.t("import-check-first")} }
            }
        }
        if let Some((o, _, was)) = outcome() {
            ImportResult { outcome: o, kind: was.kind }
        }
    }
}

/// What a check or an import found (the shared [`OutcomeView`] decides what first).
#[component]
pub fn ImportResult(outcome: ImportOutcome, kind: ImportKind) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let view = OutcomeView::new(&outcome);
    let figures: Vec<(String, String)> = view
        .figures
        .iter()
        .map(|(label, value)| {
            let value = match value {
                FigureValue::Count(n) => locale.count(*n),
                FigureValue::Text(t) => t.clone(),
            };
            (ui.t(label), value)
        })
        .collect();
    let (verdict, not_listed) = (view.verdict, view.not_listed);
    rsx! {
        section { class: "card import-result",
            match verdict {
                Verdict::Written(n) => rsx! {
                    p { class: "notice", role: "status", {locale.t_args("import-done", &[("records", n.into())])} }
                    if kind == ImportKind::Inventory {
                        button { class: "secondary", onclick: move |_| { let mut sc = ui.screen; sc.set(Screen::Reconciliation(None)); }, {ui.t("reconciliation")} }
                    }
                },
                Verdict::Clean => rsx! { p { class: "notice", role: "status", {ui.t("import-clean")} } },
                Verdict::Problems(n) => rsx! { p { class: "error", role: "alert", {locale.t_args("import-problems", &[("count", n.into())])} } },
            }
            table { class: "facts",
                tbody {
                    for (label, value) in figures {
                        tr { th { {label} } td { {value} } }
                    }
                }
            }
            if !outcome.errors.is_empty() {
                div { class: "table-scroll",
                    table { class: "row-errors",
                        thead { tr { th { {ui.t("import-line")} } th { {ui.t("import-column")} } th { {ui.t("import-rule")} } th { {ui.t("import-problem")} } } }
                        tbody {
                            for (i, e) in outcome.errors.iter().enumerate() {
                                tr { key: "{i}",
                                    td { {e.line.map(|l| l.to_string()).unwrap_or_else(|| "–".into())} }
                                    td { {e.column.clone().unwrap_or_default()} }
                                    td { code { {e.rule.clone()} } }
                                    td { {e.message.clone()} }
                                }
                            }
                        }
                    }
                }
            }
            if not_listed > 0 {
                p { class: "muted", {locale.t_args("import-not-listed", &[("count", not_listed.into())])} }
            }
        }
    }
}
