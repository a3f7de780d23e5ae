//! The condition of stock in the console: the lots to dispose of (their latest stock
//! check found units unserviceable) and one lot's condition over successive checks.
//!
//! Invariant: both pages call the API's own functions (`reconcile::condition::{disposal,
//! history}`) with the session's caller: supervisors only, the agency's own counts,
//! every read audited.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use tracemark_shared::domain::AmmunitionLot;

use super::i18n::{current, t, ta};
use super::page::{ConsoleError, Layout, urlencode};
use super::session::Session;
use crate::api::{ApiError, AppState};
use crate::reconcile::condition::{self, LotQuery};

/// The address of a lot's history page.
fn history_link(l: &AmmunitionLot) -> String {
    let mut link = format!(
        "/lots/history?manufacturer={}&calibre={}&lot={}",
        urlencode(&l.manufacturer),
        urlencode(&l.calibre),
        urlencode(&l.lot)
    );
    if let Some(s) = &l.sub_lot {
        link.push_str("&sub_lot=");
        link.push_str(&urlencode(s));
    }
    link
}

fn lot_text(l: &AmmunitionLot) -> String {
    let sub = l
        .sub_lot
        .as_deref()
        .map(|s| format!("/{s}"))
        .unwrap_or_default();
    let hazard = l.hazard.map(|h| format!(" · {h}")).unwrap_or_default();
    format!("{} {} {}{sub}{hazard}", l.manufacturer, l.calibre, l.lot)
}

/// `GET /disposal`.
pub async fn disposal(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, ConsoleError> {
    let caller = session.caller.clone();
    let list = state
        .db
        .write(move |tx| condition::disposal(tx, &caller, "console"))
        .await
        .map_err(ApiError::from)?;
    let body = html! {
        h1 { (t("disposal-title")) }
        p.hint { (t("disposal-hint")) }
        @if list.lots.is_empty() {
            p.empty { (t("disposal-none")) }
        } @else {
            table.disposal {
                thead { tr {
                    th { (t("recon-lot")) } th { (t("recon-counted")) } th { (t("recon-condition")) }
                    th { (t("recon-location")) } th { (t("disposal-check")) }
                } }
                tbody {
                    @for l in &list.lots {
                        tr {
                            td { a href=(history_link(&l.lot)) { (lot_text(&l.lot)) } }
                            td.num { (current().count(l.quantity)) }
                            td { @for c in &l.conditions { strong { (c.as_str()) } " " (c.description()) br; } }
                            td { (l.locations.join(", ")) }
                            td {
                                a href={ "/records/" (l.stock_check_id) "/reconciliation" } { (l.title) }
                                br;
                                span.hint { (ta("disposal-checks", &[("count", l.checks.into())])) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(Layout::new(&t("disposal-title"), &session)
        .render(body)
        .into_response())
}

/// `GET /lots/history?manufacturer=…&calibre=…&lot=…[&sub_lot=…]`.
pub async fn history(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<LotQuery>,
) -> Result<Response, ConsoleError> {
    let caller = session.caller.clone();
    let found = state
        .db
        .write(move |tx| condition::history(tx, &caller, &q, "console"))
        .await
        .map_err(ApiError::from)?
        .ok_or(ApiError::NotFound("lot"))?;
    let body = html! {
        h1 { (t("history-title")) " · " (lot_text(&found.lot)) }
        table.history {
            thead { tr {
                th { (t("disposal-check")) } th { (t("history-counted-at")) } th { (t("recon-location")) }
                th { (t("recon-counted")) } th { (t("recon-condition")) }
            } }
            tbody {
                @for e in &found.entries {
                    tr class=[(!e.condition.is_serviceable()).then_some("unserviceable")] {
                        td { a href={ "/records/" (e.stock_check_id) "/reconciliation" } { (e.title) } }
                        td { (e.counted_at) }
                        td { (e.location) }
                        td.num { (current().count(e.quantity)) }
                        td { strong { (e.condition.as_str()) } " " (e.condition.description())
                            @if let Some(n) = &e.note { br; em { (n) } } }
                    }
                }
            }
        }
    };
    Ok(Layout::new(&t("history-title"), &session)
        .render(body)
        .into_response())
}
