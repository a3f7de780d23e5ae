//! Trend reports: seizure cases counted by calibre, manufacturer, production year,
//! route country or concealment, per month, quarter or year, over a date range. A
//! withheld number shows as the word "suppressed", never as a number, with one line
//! saying why numbers are withheld.

use dioxus::prelude::*;
use time::Date;

use super::{ErrorPanel, Loaded, ScreenTitle, client};
use crate::core::supervisor::{
    NOT_RECORDED, OTHER_VALUES, Report, ReportBy, ReportCell, ReportPeriod, ReportQuery,
};
use crate::ui::{AppCore, Ui};

/// A day typed as `YYYY-MM-DD`; empty is "no limit".
pub fn parse_day(text: &str) -> Result<Option<Date>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let f = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &f).map(Some).map_err(|_| ())
}

/// The report form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportForm {
    /// Rows.
    pub by: ReportBy,
    /// Columns.
    pub period: ReportPeriod,
    /// First day, as typed.
    pub from: String,
    /// Last day, as typed.
    pub to: String,
}

impl ReportForm {
    /// The query, or the message ids of what to correct.
    pub fn query(&self) -> Result<ReportQuery, Vec<&'static str>> {
        let from = parse_day(&self.from).map_err(|()| "report-bad-from");
        let to = parse_day(&self.to).map_err(|()| "report-bad-to");
        match (from, to) {
            (Ok(from), Ok(to)) => {
                if let (Some(f), Some(t)) = (from, to)
                    && f > t
                {
                    return Err(vec!["report-backwards"]);
                }
                Ok(ReportQuery {
                    by: self.by,
                    period: self.period,
                    from,
                    to,
                })
            }
            (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
        }
    }
}

fn by_label(by: ReportBy) -> &'static str {
    match by {
        ReportBy::Calibre => "calibre",
        ReportBy::Manufacturer => "manufacturer",
        ReportBy::Year => "year",
        ReportBy::RouteCountry => "report-route-country",
        ReportBy::Concealment => "concealment",
    }
}

fn period_label(p: ReportPeriod) -> &'static str {
    match p {
        ReportPeriod::Month => "period-month",
        ReportPeriod::Quarter => "period-quarter",
        ReportPeriod::Year => "period-year",
    }
}

/// The reports screen: the form, then the table.
#[component]
pub fn ReportsScreen() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut form = use_signal(ReportForm::default);
    let mut problems = use_signal(Vec::<&'static str>::new);
    // The query shown: the defaults at first, then each one the user asks for.
    let mut query = use_signal(ReportQuery::default);
    let mut report = use_resource(move || {
        let core = core.clone();
        let q = query();
        async move { client(&core)?.seizure_report(&q).await }
    });
    let state: Loaded<Report> = report.read().clone();
    let f = form();
    rsx! {
        ScreenTitle { title: ui.t("reports") }
        form {
            class: "card report-form",
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                match form().query() {
                    Ok(q) => {
                        problems.set(Vec::new());
                        if q == query() { report.restart(); } else { query.set(q); }
                    }
                    Err(p) => problems.set(p),
                }
            },
            div { class: "row",
                div {
                    label { r#for: "report-by", {ui.t("report-by")} }
                    select { id: "report-by",
                        onchange: move |e| { if let Some(b) = ReportBy::from_param(&e.value()) { form.write().by = b; } },
                        for b in ReportBy::ALL {
                            option { value: b.param(), selected: b == f.by, {ui.t(by_label(b))} }
                        }
                    }
                }
                div {
                    label { r#for: "report-period", {ui.t("report-period")} }
                    select { id: "report-period",
                        onchange: move |e| { if let Some(p) = ReportPeriod::from_param(&e.value()) { form.write().period = p; } },
                        for p in ReportPeriod::ALL {
                            option { value: p.param(), selected: p == f.period, {ui.t(period_label(p))} }
                        }
                    }
                }
                div {
                    label { r#for: "report-from", {ui.t("report-from")} }
                    input { id: "report-from", r#type: "date", placeholder: "YYYY-MM-DD", initial_value: f.from.clone(),
                        oninput: move |e| form.write().from = e.value() }
                }
                div {
                    label { r#for: "report-to", {ui.t("report-to")} }
                    input { id: "report-to", r#type: "date", placeholder: "YYYY-MM-DD", initial_value: f.to.clone(),
                        oninput: move |e| form.write().to = e.value() }
                }
            }
            for p in problems() {
                p { class: "error", role: "alert", {ui.t(p)} }
            }
            div { class: "actions",
                button { r#type: "submit", {ui.t("show-report")} }
            }
        }
        match state {
            None => rsx! { p { class: "muted loading", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| report.restart() } },
            Some(Ok(report)) => rsx! { ReportTable { report } },
        }
    }
}

/// A report as a table: suppressed numbers as a word, totals last.
#[component]
pub fn ReportTable(report: Report) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let by =
        ReportBy::from_param(&report.by).map_or_else(|| report.by.clone(), |b| ui.t(by_label(b)));
    let range = match (&report.from, &report.to) {
        (None, None) => ui.t("report-all-dates"),
        (f, t) => locale.t_args(
            "report-range",
            &[
                ("from", f.clone().unwrap_or_else(|| "…".into()).into()),
                ("to", t.clone().unwrap_or_else(|| "…".into()).into()),
            ],
        ),
    };
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
    rsx! {
        section { class: "card report",
            h3 { {by} " · " {range} }
            p { class: "muted why", {why.clone()} }
            if report.nothing_shown() && !report.rows.is_empty() {
                p { class: "warn", {ui.t("report-nothing-shown")} }
            }
            if report.rows.is_empty() {
                p { {ui.t("report-empty")} }
            } else {
                div { class: "table-scroll",
                    table { class: "report-table",
                        thead {
                            tr {
                                th { scope: "col", {ui.t(ReportBy::from_param(&report.by).map_or("report-value", by_label))} }
                                for c in report.columns.iter() {
                                    th { scope: "col", class: "num", dir: "ltr", {c.clone()} }
                                }
                                th { scope: "col", class: "num total", {ui.t("total")} }
                            }
                        }
                        tbody {
                            for (i, row) in report.rows.iter().enumerate() {
                                tr { key: "{i}",
                                    th { scope: "row", {value(&row.value)} }
                                    for c in row.cells.iter() {
                                        CellView { cell: *c, why: why.clone() }
                                    }
                                    CellView { cell: row.total, why: why.clone(), total: true }
                                }
                            }
                        }
                        tfoot {
                            tr {
                                th { scope: "row", {ui.t("total")} }
                                for c in report.column_totals.iter() {
                                    CellView { cell: *c, why: why.clone(), total: true }
                                }
                                CellView { cell: report.total, why: why.clone(), total: true }
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
fn CellView(cell: ReportCell, why: String, #[props(default)] total: bool) -> Element {
    let ui = use_context::<Ui>();
    let class = if total { "num total" } else { "num" };
    match cell.shown() {
        Some(n) => rsx! { td { class, {n.to_string()} } },
        None => {
            rsx! { td { class: "{class} suppressed", title: why, {ui.t("report-suppressed")} } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_checks_days_before_asking() {
        let mut f = ReportForm::default();
        assert_eq!(f.query().unwrap(), ReportQuery::default());
        f.from = "2026-13-01".into();
        f.to = "soon".into();
        assert_eq!(
            f.query().unwrap_err(),
            vec!["report-bad-from", "report-bad-to"]
        );
        f.from = "2026-02-01".into();
        f.to = "2026-01-01".into();
        assert_eq!(f.query().unwrap_err(), vec!["report-backwards"]);
        f.to = " 2026-03-31 ".into();
        let q = f.query().unwrap();
        assert_eq!(q.to.map(|d| d.to_string()).as_deref(), Some("2026-03-31"));
    }
}
