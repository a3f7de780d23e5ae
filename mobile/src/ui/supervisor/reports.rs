//! Trend reports: seizure cases counted by calibre, manufacturer, production year,
//! route country or concealment, in quarterly releases the server computes once when
//! each quarter closes. A withheld number shows as the word "suppressed", never as a
//! number, with one line saying why numbers are withheld and when the next release
//! comes.

use crate::i18n::Tr;
use dioxus::prelude::*;

use super::{ErrorPanel, Loaded, ScreenTitle, client};
use crate::core::supervisor::{
    NOT_RECORDED, OTHER_VALUES, Report, ReportBy, ReportCell, ReportQuery,
};
use crate::ui::{AppCore, Ui};

fn by_label(by: ReportBy) -> &'static str {
    match by {
        ReportBy::Calibre => "calibre",
        ReportBy::Manufacturer => "manufacturer",
        ReportBy::Year => "year",
        ReportBy::RouteCountry => "report-route-country",
        ReportBy::Concealment => "concealment",
    }
}

/// The reports screen: the form, then the table.
#[component]
pub fn ReportsScreen() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    // The grouping shown: calibre at first, then each one the user picks.
    let mut query = use_signal(ReportQuery::default);
    let mut report = use_resource(move || {
        let core = core.clone();
        let q = query();
        async move { client(&core)?.seizure_report(&q).await }
    });
    let state: Loaded<Report> = report.read().clone();
    let by = query().by;
    rsx! {
        ScreenTitle { title: ui.t("reports") }
        div { class: "card report-form",
            label { r#for: "report-by", {ui.t("report-by")} }
            select { id: "report-by",
                onchange: move |e| {
                    if let Some(b) = ReportBy::from_name(&e.value()) { query.set(ReportQuery { by: b }); }
                },
                for b in ReportBy::ALL {
                    option { value: b.as_str(), selected: b == by, {ui.t(by_label(b))} }
                }
            }
        }
        match state {
            None => rsx! { p { class: "muted loading", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| report.restart() } },
            Some(Ok(report)) => rsx! { ReportTable { report } },
        }
    }
}

/// A report as a table: one column per release, withheld numbers as a word.
#[component]
pub fn ReportTable(report: Report) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let by = ui.t(by_label(report.by));
    let value = |v: &str| match v {
        OTHER_VALUES => ui.t("report-other-values"),
        NOT_RECORDED => ui.t("report-not-recorded"),
        v => v.to_string(),
    };
    let why = locale.t_args(
        "report-why",
        &[
            ("k", report.min_records.into()),
            ("p", report.min_agencies.into()),
        ],
    );
    let next = locale.t_args(
        "report-next-release",
        &[
            ("period", report.next_release.period.clone().into()),
            ("day", report.next_release.published_from.clone().into()),
        ],
    );
    rsx! {
        section { class: "card report",
            h3 { {by} }
            p { class: "muted why", {why.clone()} }
            p { class: "muted", {next} }
            if report.nothing_shown() {
                p { class: "warn", {ui.t("report-nothing-shown")} }
            }
            if report.columns.is_empty() {
                p { {ui.t("report-empty")} }
            } else if !report.rows.is_empty() {
                div { class: "table-scroll",
                    table { class: "report-table",
                        thead {
                            tr {
                                th { scope: "col", {ui.t(by_label(report.by))} }
                                for c in report.columns.iter() {
                                    th { scope: "col", class: "num", dir: "ltr", {c.clone()} }
                                }
                            }
                        }
                        tbody {
                            for (i, row) in report.rows.iter().enumerate() {
                                tr { key: "{i}",
                                    th { scope: "row", {value(&row.value)} }
                                    for c in row.cells.iter() {
                                        CellView { cell: *c, why: why.clone() }
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

/// One number, or the word for a withheld one.
#[component]
fn CellView(cell: ReportCell, why: String) -> Element {
    let ui = use_context::<Ui>();
    let class = "num";
    match cell.shown() {
        Some(n) => rsx! { td { class, {n.to_string()} } },
        None => {
            rsx! { td { class: "{class} suppressed", title: why, {ui.t("report-suppressed")} } }
        }
    }
}
