//! A stock check's reconciliation: pick one of the agency's stock checks, read expected
//! against counted by location and lot with each line's status, the totals per
//! location and overall, the condition findings, and save the server's CSV to a file
//! (the downloads folder unless the user names another), saying where it went. The
//! tables draw `tracemark_shared::view::reconcile::ReconView`, the view the browser
//! console draws too.

use crate::i18n::Tr;
use std::path::{Path, PathBuf};
use tracemark_shared::domain::RecordKind;

use dioxus::prelude::*;

use super::{ErrorPanel, Loaded, ScreenTitle, client, describe};
use crate::core::supervisor::{
    LocationTotals, ReconLine, Reconciliation, RecordView, SupervisorError,
};
use crate::ui::{AppCore, Ui};
use tracemark_shared::view::reconcile::{ReconView, SHOWN_LINES, status_counts};

/// Most stock checks listed to pick from (newest ids last; the API pages by id).
const MAX_CHECKS: u32 = 200;

/// Where "Save as CSV" writes by default: the downloads folder (or home), with a name
/// made of the depot and the title.
pub fn default_csv_path(downloads: Option<PathBuf>, depot: &str, title: &str) -> PathBuf {
    let clean: String = format!("reconciliation-{depot}-{title}")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let name: String = clean.chars().take(120).collect();
    downloads
        .unwrap_or_else(|| PathBuf::from("."))
        .join(format!("{name}.csv"))
}

fn downloads() -> Option<PathBuf> {
    dirs::download_dir().or_else(dirs::home_dir)
}

/// The agency's stock checks from the records the user may see.
async fn own_checks(core: &AppCore) -> Result<Vec<RecordView>, SupervisorError> {
    let agency = core
        .store()
        .and_then(|s| s.session().ok().flatten())
        .and_then(|s| {
            s.user
                .get("agency_id")
                .and_then(|a| a.as_str())
                .map(str::to_string)
        });
    let page = client(core)?
        .records(Some(RecordKind::StockCheck), None, MAX_CHECKS)
        .await?;
    Ok(page
        .records
        .into_iter()
        .filter(|r| agency.as_deref().is_none_or(|a| a == r.agency_id))
        .collect())
}

/// The reconciliation screen.
#[component]
pub fn ReconcileScreen(check: Option<String>) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let list_core = core.clone();
    let mut checks = use_resource(move || {
        let core = list_core.clone();
        async move { own_checks(&core).await }
    });
    let mut chosen = use_signal(move || check.clone());
    let recon_core = core.clone();
    let mut recon = use_resource(move || {
        let core = recon_core.clone();
        let id = chosen();
        async move {
            match id {
                Some(id) => client(&core)?.reconciliation(&id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let list: Loaded<Vec<RecordView>> = checks.read().clone();
    let state = recon.read().clone();
    rsx! {
        ScreenTitle { title: ui.t("reconciliation") }
        match list {
            None => rsx! { p { class: "muted", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| checks.restart() } },
            Some(Ok(list)) if list.is_empty() => rsx! { div { class: "card empty", p { {ui.t("no-stock-checks")} } } },
            Some(Ok(list)) => rsx! {
                div { class: "toolbar",
                    label { r#for: "check", {ui.t("stock-check-title")} }
                    select { id: "check",
                        onchange: move |e| { let v = e.value(); chosen.set(Some(v).filter(|v| !v.is_empty())); },
                        option { value: "", selected: chosen().is_none(), {ui.t("choose-stock-check")} }
                        for r in list {
                            option { value: r.id.clone(), selected: chosen().as_deref() == Some(r.id.as_str()),
                                {check_label(&r)}
                            }
                        }
                    }
                }
            },
        }
        match state {
            Some(Ok(None)) => rsx! {},
            None => rsx! { p { class: "muted", role: "status", {ui.t("loading")} } },
            Some(Err(error)) => rsx! { ErrorPanel { error, on_retry: move |_| recon.restart() } },
            Some(Ok(Some(r))) => rsx! {
                ReconciliationView { report: r.clone() }
                SaveCsv { id: r.stock_check_id.clone(), default_path: default_csv_path(downloads(), &r.depot, &r.title).display().to_string() }
            },
        }
    }
}

fn check_label(r: &RecordView) -> String {
    let text = |p: &str| {
        r.body
            .pointer(p)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    format!(
        "{} · {} · {}",
        text("/stock_check/title"),
        text("/depot/name"),
        r.status
    )
}

fn status_label(status: &str) -> String {
    format!("recon-{status}")
}

/// The reconciliation as tables.
#[component]
pub fn ReconciliationView(report: Reconciliation) -> Element {
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let t = report.totals;
    let status = |s: &str| {
        let id = status_label(s);
        if locale.has(&id) {
            locale.t(&id)
        } else {
            s.to_string()
        }
    };
    let view = ReconView::new(&report, SHOWN_LINES);
    let badges = status_counts(&t);
    let hidden = view.hidden_lines;
    let groups: Vec<(LocationTotals, Vec<ReconLine>)> = view
        .groups
        .iter()
        .map(|g| {
            (
                g.location.clone(),
                g.lines.iter().map(|l| (*l).clone()).collect(),
            )
        })
        .collect();
    rsx! {
        section { class: "card recon",
            h3 { {report.title.clone()} " · " {report.depot_name.clone()} " (" {report.depot.clone()} ")" }
            p {
                {locale.t_args("recon-summary", &[
                    ("expected", t.expected.into()),
                    ("counted", t.counted.into()),
                    ("difference", locale.signed(t.difference).into()),
                ])}
            }
            p { class: "recon-counts",
                for (s, n) in badges {
                    span { class: "badge {s}", {status(s.as_str())} " " {n.to_string()} }
                }
                span { class: "badge finding", {ui.t("condition-findings")} " " {t.lines.condition_findings.to_string()} }
            }
            div { class: "table-scroll",
                table { class: "recon-table",
                    thead {
                        tr {
                            th { {ui.t("location")} } th { {ui.t("manufacturer")} } th { {ui.t("calibre")} }
                            th { {ui.t("year")} } th { {ui.t("lot")} } th { {ui.t("sub-lot")} }
                            th { class: "num", {ui.t("expected")} } th { class: "num", {ui.t("counted")} }
                            th { class: "num", {ui.t("difference")} } th { {ui.t("status")} }
                        }
                    }
                    for (loc, lines) in groups {
                        tbody { key: "{loc.location}",
                            for (i, l) in lines.into_iter().enumerate() {
                                tr { key: "{i}", class: "line {l.status}",
                                    td { {l.location.to_string()} }
                                    td { {l.lot.manufacturer.clone()} }
                                    td { {l.lot.calibre.clone()} }
                                    td { {l.lot.year.map(|y| y.to_string()).unwrap_or_default()} }
                                    td { dir: "ltr", {l.lot.lot.clone()} }
                                    td { {l.lot.sub_lot.clone().unwrap_or_default()} }
                                    td { class: "num", {locale.count(l.expected)} }
                                    td { class: "num", {locale.count(l.counted)} }
                                    td { class: "num", {locale.signed(l.difference)} }
                                    td {
                                        span { class: "badge {l.status}", {status(l.status.as_str())} }
                                        if !l.expected_at.is_empty() {
                                            " "
                                            span { class: "muted", {locale.t_args("expected-at", &[("locations", l.expected_at.iter().map(|c| &**c).collect::<Vec<_>>().join(", ").into())])} }
                                        }
                                    }
                                }
                            }
                            tr { class: "subtotal",
                                th { colspan: "6", {locale.t_args("location-total", &[("location", loc.location.to_string().into())])} }
                                td { class: "num", {locale.count(loc.totals.expected)} }
                                td { class: "num", {locale.count(loc.totals.counted)} }
                                td { class: "num", {locale.signed(loc.totals.difference)} }
                                td {}
                            }
                        }
                    }
                    tfoot {
                        tr {
                            th { colspan: "6", {ui.t("total")} }
                            td { class: "num", {locale.count(t.expected)} }
                            td { class: "num", {locale.count(t.counted)} }
                            td { class: "num", {locale.signed(t.difference)} }
                            td {}
                        }
                    }
                }
            }
            if hidden > 0 {
                p { class: "muted", {locale.t_args("recon-more-lines", &[("count", hidden.into())])} }
            }
            if report.lines.is_empty() {
                p { class: "muted", {ui.t("recon-empty")} }
            }
            h3 { {ui.t("condition-findings")} }
            if report.findings.is_empty() {
                p { class: "muted", {ui.t("no-findings")} }
            } else {
                div { class: "table-scroll",
                    table {
                        thead { tr { th { {ui.t("location")} } th { {ui.t("lot")} } th { class: "num", {ui.t("quantity")} } th { {ui.t("condition")} } th { {ui.t("note")} } } }
                        tbody {
                            for f in report.findings.clone() {
                                tr { key: "{f.count_line_id}",
                                    td { {f.location.to_string()} }
                                    td { dir: "ltr", {format!("{} {} {}", f.lot.manufacturer, f.lot.calibre, f.lot.lot)} }
                                    td { class: "num", {f.quantity.to_string()} }
                                    td { strong { {f.condition.clone()} } " " {f.condition_description.clone()} }
                                    td { {f.note.clone().unwrap_or_default()} }
                                }
                            }
                        }
                    }
                }
            }
            if !report.mixed_storage.is_empty() {
                h3 { {ui.t("mixed-storage")} }
                p { class: "muted", {ui.t("mixed-storage-hint")} }
                for m in report.mixed_storage.clone() {
                    div { class: "card", key: "{m.location_id}",
                        strong { {m.location.to_string()} }
                        for pair in m.pairs.clone() {
                            crate::ui::stock::MixedPair { pair }
                        }
                        ul {
                            for l in m.lots.clone() {
                                li { dir: "ltr",
                                    {format!("{} {} {} · {}", l.manufacturer, l.calibre, l.lot,
                                        l.hazard.map(|h| h.to_string()).unwrap_or_default())}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Save as CSV": the server's CSV written to a file; the screen says where.
#[component]
fn SaveCsv(id: String, default_path: String) -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let locale = (ui.locale)();
    let mut path = use_signal(|| default_path.clone());
    let mut outcome = use_signal(|| None::<Result<String, String>>);
    let mut busy = use_signal(|| false);
    let save = move |_| {
        let (core, id, target) = (core.clone(), id.clone(), PathBuf::from(path().trim()));
        busy.set(true);
        outcome.set(None);
        spawn(async move {
            let result = match client(&core) {
                Ok(c) => c
                    .reconciliation_csv(&id)
                    .await
                    .map_err(|e| describe(locale, &e)),
                Err(e) => Err(describe(locale, &e)),
            };
            let written = match result {
                Ok(bytes) => write_file(target, bytes)
                    .await
                    .map_err(|e| locale.t_args("save-failed", &[("reason", e.into())])),
                Err(e) => Err(e),
            };
            busy.set(false);
            outcome.set(Some(written));
        });
    };
    rsx! {
        section { class: "card save-csv",
            label { r#for: "csv-path", {ui.t("save-csv-to")} }
            div { class: "row",
                input { id: "csv-path", dir: "ltr", initial_value: default_path.clone(), oninput: move |e| path.set(e.value()) }
                button { disabled: busy() || path().trim().is_empty(), onclick: save, {ui.t("save-csv")} }
            }
            match outcome() {
                Some(Ok(p)) => rsx! { p { class: "notice", role: "status", {locale.t_args("saved-to", &[("path", p.into())])} } },
                Some(Err(e)) => rsx! { p { class: "error", role: "alert", {e} } },
                None => rsx! {},
            }
        }
    }
}

/// Writes `bytes` to `path` (creating its folder), on a blocking thread; the full
/// path written, or why not.
async fn write_file(path: PathBuf, bytes: Vec<u8>) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        Ok(absolute(&path).display().to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_is_in_downloads_with_a_safe_name() {
        let p = default_csv_path(Some("/home/a/Downloads".into()), "CAD-1", "Q1 count / 2026");
        assert_eq!(
            p,
            PathBuf::from("/home/a/Downloads/reconciliation-CAD-1-Q1-count-2026.csv")
        );
        let p = default_csv_path(None, "../..", "x");
        assert_eq!(p, PathBuf::from("./reconciliation-x.csv"));
    }
}
