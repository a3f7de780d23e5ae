//! Trend reports: seizure cases counted by calibre, manufacturer, production year,
//! route country or concealment, in quarterly releases the server computes once when
//! each quarter closes. A withheld number shows as the word "suppressed", never as a
//! number, with one line saying why numbers are withheld and when the next release
//! comes. The table draws `tracemark_shared::view::reports::ReportView`, the view the
//! browser console draws too.

use crate::i18n::Tr;
use dioxus::prelude::*;

use super::{ErrorPanel, Loaded, ScreenTitle, client};
use crate::core::supervisor::{Report, ReportBy, ReportQuery};
use crate::ui::{AppCore, Ui};
use tracemark_shared::domain::AmmunitionType;
use tracemark_shared::view::reports::{ReportView, RowLabel};

fn by_label(by: ReportBy) -> &'static str {
    match by {
        ReportBy::Calibre => "calibre",
        ReportBy::Manufacturer => "manufacturer",
        ReportBy::Year => "year",
        ReportBy::RouteCountry => "report-route-country",
        ReportBy::Concealment => "concealment",
        ReportBy::AmmunitionType => "ammunition-type",
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
    let view = ReportView::new(&report);
    let types = report.by == ReportBy::AmmunitionType;
    let label = |l: RowLabel<'_>| match l {
        // Types are stored by their wire names: shown in the reader's language.
        RowLabel::Value(v) if types && AmmunitionType::from_wire(v).is_some() => {
            ui.t(&format!("ammo-{v}"))
        }
        RowLabel::Value(v) => v.to_string(),
        RowLabel::OtherValues => ui.t("report-other-values"),
        RowLabel::NotRecorded => ui.t("report-not-recorded"),
    };
    let rows: Vec<(String, Vec<Option<u64>>)> = view
        .rows
        .iter()
        .map(|r| (label(r.label), r.cells.clone()))
        .collect();
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
            if view.nothing_shown {
                p { class: "warn", {ui.t("report-nothing-shown")} }
            }
            if view.no_release_yet {
                p { {ui.t("report-empty")} }
            } else if !rows.is_empty() {
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
                            for (i, (name, cells)) in rows.into_iter().enumerate() {
                                tr { key: "{i}",
                                    th { scope: "row", {name} }
                                    for c in cells {
                                        CellView { shown: c, why: why.clone() }
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

/// One number, or the word for a withheld one (`shown` is `None`).
#[component]
fn CellView(shown: Option<u64>, why: String) -> Element {
    let ui = use_context::<Ui>();
    let class = "num";
    match shown {
        Some(n) => {
            rsx! { td { class, {(ui.locale)().count(n)} } }
        }
        None => {
            rsx! { td { class: "{class} suppressed", title: why, {ui.t("report-suppressed")} } }
        }
    }
}
