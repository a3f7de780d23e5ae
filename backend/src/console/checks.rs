//! Stock checks in the console: a supervisor reads the reconciliation of a check of
//! their agency (expected against counted, per location, with condition findings),
//! downloads it as CSV, and prints the check's label sheets as PDF.
//!
//! The page draws `tracemark_shared::view::reconcile::ReconView`, the view the field
//! app's Reconciliation screen draws too: the same lines in the same order, cut the
//! same way.
//!
//! Invariant: the reconciliation and the label sheets are the API's own functions
//! (`reconcile::read_audited`, `labels::export`) with the session's caller, so only
//! the owning agency's supervisors get them and every read and export is audited.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::i18n::{current, t, ta};
use super::page::{ConsoleError, Layout};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::labels;
use crate::reconcile::{self, Reconciliation};
use tracemark_shared::domain::Mixing;
use tracemark_shared::view::reconcile::{ReconView, SHOWN_LINES};

async fn load(
    state: &AppState,
    session: &Session,
    id: String,
    csv: bool,
) -> Result<Reconciliation, ConsoleError> {
    let caller = session.caller.clone();
    Ok(state
        .db
        .write(move |tx| {
            let r = reconcile::read_audited(tx, &caller, &id, csv, "console")?;
            Ok::<_, ApiError>(r)
        })
        .await?)
}

fn status_text(status: reconcile::compute::Status) -> String {
    t(match status {
        reconcile::compute::Status::Matched => "recon-matched",
        reconcile::compute::Status::Missing => "recon-missing",
        reconcile::compute::Status::Surplus => "recon-surplus",
        reconcile::compute::Status::UnexpectedLot => "recon-unexpected",
        reconcile::compute::Status::WrongLocation => "recon-wrong-location",
    })
}

/// `GET /records/{id}/reconciliation`.
pub async fn reconciliation(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let r = load(&state, &session, id, false).await?;
    let c = &r;
    let view = ReconView::new(&r, SHOWN_LINES);
    let lot = |l: &tracemark_shared::domain::AmmunitionLot| {
        let year = l.year.map(|y| y.to_string()).unwrap_or_default();
        let hazard = l.hazard.map(|h| format!(" · {h}")).unwrap_or_default();
        format!(
            "{} {} {} {}{hazard}",
            l.manufacturer, l.calibre, year, l.lot
        )
    };
    let body = html! {
        h1 { (t("recon-title")) " · " (r.title) }
        p.meta { (r.depot) " — " (r.depot_name) }
        p {
            a.button href={ "/records/" (r.stock_check_id) "/reconciliation.csv" } download { (t("recon-download")) }
            " "
            a.button href={ "/records/" (r.stock_check_id) "/labels.pdf" } download { (t("labels-download")) }
        }
        h2 { (t("recon-totals")) }
        table.totals {
            thead { tr {
                th { (t("recon-location")) } th { (t("recon-expected")) } th { (t("recon-counted")) }
                th { (t("recon-difference")) } th { (t("recon-matched")) } th { (t("recon-missing")) }
                th { (t("recon-surplus")) } th { (t("recon-unexpected")) } th { (t("recon-wrong-location")) }
                th { (t("recon-findings")) }
            } }
            tbody {
                @for (name, tot) in c.locations.iter().map(|l| (l.location.to_string(), &l.totals)).chain(std::iter::once((t("recon-all"), &c.totals))) {
                    tr {
                        td { (name) } td.num { (current().count(tot.expected)) } td.num { (current().count(tot.counted)) }
                        td.num { (current().signed(tot.difference)) } td.num { (tot.lines.matched) } td.num { (tot.lines.missing) }
                        td.num { (tot.lines.surplus) } td.num { (tot.lines.unexpected_lot) }
                        td.num { (tot.lines.wrong_location) } td.num { (tot.lines.condition_findings) }
                    }
                }
            }
        }
        h2 { (t("recon-lines")) }
        table.lines {
            thead { tr { th { (t("recon-location")) } th { (t("recon-lot")) } th { (t("recon-expected")) }
                th { (t("recon-counted")) } th { (t("recon-difference")) } th { (t("col-status")) } } }
            @for g in &view.groups {
                tbody {
                    @for l in &g.lines {
                        tr class={ "recon " (l.status.as_str()) } {
                            td { (l.location) } td { (lot(&l.lot)) } td.num { (current().count(l.expected)) } td.num { (current().count(l.counted)) }
                            td.num { (current().signed(l.difference)) } td { (status_text(l.status)) }
                        }
                    }
                }
            }
        }
        @if view.hidden_lines > 0 {
            p.hint { (ta("more-not-shown", &[("count", view.hidden_lines.into())])) }
        }
        @if !c.findings.is_empty() {
            h2 { (t("recon-findings")) }
            table.findings {
                thead { tr { th { (t("recon-location")) } th { (t("recon-lot")) } th { (t("recon-counted")) } th { (t("recon-condition")) } } }
                tbody {
                    @for f in &c.findings {
                        tr { td { (f.location) } td { (lot(&f.lot)) } td.num { (f.quantity) }
                            td { (f.condition) " — " (f.condition_description)
                                @if let Some(n) = &f.note { br; em { (n) } } } }
                    }
                }
            }
        }
        @if !c.mixed_storage.is_empty() {
            h2 { (t("recon-mixed")) }
            p.hint { (t("recon-mixed-hint")) }
            table.mixed {
                thead { tr { th { (t("recon-location")) } th { (t("recon-groups")) } th { (t("recon-lot")) } } }
                tbody {
                    @for m in &c.mixed_storage {
                        tr {
                            td { (m.location) }
                            td {
                                @for p in &m.pairs {
                                    span class={ "mixing " (mixing_class(p.mixing)) } {
                                        (p.first) " + " (p.second) ": " (t(mixing_key(p.mixing)))
                                    }
                                    br;
                                }
                            }
                            td { @for l in &m.lots { (lot(l)) br; } }
                        }
                    }
                }
            }
        }
    };
    let title = t("recon-title");
    Ok(Layout::new(&title, &session).render(body).into_response())
}

/// The CSS class of a pair of groups found together.
fn mixing_class(m: Mixing) -> &'static str {
    match m {
        Mixing::Forbidden => "forbidden",
        Mixing::Conditional | Mixing::Permitted => "conditional",
    }
}

/// The message naming how two groups may be stored.
fn mixing_key(m: Mixing) -> &'static str {
    match m {
        Mixing::Forbidden => "mixing-forbidden",
        Mixing::Conditional | Mixing::Permitted => "mixing-conditional",
    }
}

/// `GET /records/{id}/reconciliation.csv`.
pub async fn reconciliation_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let r = load(&state, &session, id, true).await?;
    let mut answer = reconcile::csv_answer(&r)?;
    answer.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(answer)
}

/// `GET /records/{id}/labels.pdf`: every label of the check on A4 sheets.
pub async fn labels_pdf(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let caller = session.caller.clone();
    let out = state
        .db
        .on_writer(move |c| {
            labels::export(
                c,
                &caller,
                &id,
                labels::What::Both,
                labels::SheetFormat::Pdf,
                None,
            )
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, out.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"labels.pdf\"".to_string(),
            ),
        ],
        out.bytes,
    )
        .into_response())
}
