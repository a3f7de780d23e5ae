//! The trace and lot-split routes: thin handlers over [`super::query`], each query
//! written to the audit log with its criteria.
//!
//! Invariant: an answer's shape and every field other than `holders` depend only on
//! the records the caller may see; `holders` lists agencies, never records.

use crate::sql::Conn;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::api::tracing::TransferTerms;
use tracemark_shared::domain::{RecordKind, TransferRecord};
use tracemark_shared::validate::{Rule, Validator};

use super::notices;
use super::query::{self, Criteria, CriteriaExt, Filter, Holder, MAX_MATCHES, Match};
use crate::api::{ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
pub use tracemark_shared::api::tracing::{LotSplit, TraceAnswer};

/// Runs the queries of a trace in one transaction: within the caller's hourly limit,
/// logged for the agencies whose records it matched, and audited. Holders are
/// searched only for lot-level criteria.
fn run(
    c: &impl Conn,
    caller: &Caller,
    f: &Filter,
    action: &str,
    per_hour: u32,
) -> Result<(Vec<Match>, bool, Vec<Holder>), StoreError> {
    crate::sql::in_write(c, |tx| {
        let (matches, truncated, holders) = if f.lot_level() {
            // One pass over the lot's lines answers all three questions.
            let trace_id = notices::admit(&tx, caller, f, per_hour)?;
            let answer = query::lot_answer(&tx, caller, f)?;
            notices::notify(&tx, trace_id, &answer.matched_agencies)?;
            (answer.matches, answer.truncated, answer.holders)
        } else {
            notices::record(&tx, caller, f, per_hour)?;
            let (matches, truncated) = query::visible_matches(&tx, caller, f)?;
            (matches, truncated, Vec::new())
        };
        audit::append(
            &tx,
            &Entry {
                actor: caller.actor(),
                action,
                subject: &caller.user_id,
                detail: json!({ "criteria": f.normalised }),
            },
        )?;
        Ok((matches, truncated, holders))
    })
}

#[utoipa::path(get, path = "/api/v1/trace", tag = "tracing", security(("bearer" = [])),
    params(Criteria),
    responses((status = 200, body = TraceAnswer), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "no criterion, or a criterion is malformed", body = ErrorBody),
              (status = 429, description = "the caller's trace queries for this hour are used up", body = ErrorBody)))]
pub(super) async fn trace(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<Criteria>,
) -> ApiResult<Json<TraceAnswer>> {
    let f = q.filter().map_err(StoreError::Invalid)?;
    let per_hour = state.config.trace_queries_per_hour;
    let answer = state
        .db
        .on_writer(move |c| answer(c, &caller, f, per_hour))
        .await?;
    Ok(Json(answer))
}

/// Runs a trace for `caller` (within their hourly limit, logged for the agencies it
/// matched, audited): the API's and the console's path.
pub fn answer(
    c: &impl Conn,
    caller: &Caller,
    f: Filter,
    per_hour: u32,
) -> Result<TraceAnswer, StoreError> {
    let (matches, truncated, holders) = run(c, caller, &f, "trace_query", per_hour)?;
    Ok(TraceAnswer {
        holders_searched: f.lot_level(),
        criteria: f.normalised,
        matches,
        truncated,
        limit: MAX_MATCHES,
        holders,
    })
}

/// The lot of a lot-split view.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SplitQuery {
    /// Lot number (required).
    #[serde(default)]
    lot: Option<String>,
    /// Sub-lot number.
    #[serde(default)]
    sub_lot: Option<String>,
    /// Manufacturer or factory code.
    #[serde(default)]
    manufacturer: Option<String>,
    /// Calibre in any spelling.
    #[serde(default)]
    calibre: Option<String>,
}

/// The filter of a lot-split view: a lot is required; sub-lot, maker and calibre narrow it.
pub fn split_filter(
    lot: Option<String>,
    sub_lot: Option<String>,
    manufacturer: Option<String>,
    calibre: Option<String>,
) -> Result<Filter, StoreError> {
    let criteria = Criteria {
        lot,
        sub_lot,
        manufacturer,
        calibre,
        ..Criteria::default()
    };
    let mut v = Validator::new();
    if criteria.lot.as_deref().is_none_or(|l| l.trim().is_empty()) {
        v.report("lot", Rule::Required);
    }
    let f = criteria.check(&mut v);
    v.finish().map_err(StoreError::Invalid)?;
    Ok(f)
}

/// Where one lot went, for `caller` (within their hourly limit, audited): the API's and
/// the console's path.
pub fn split(
    c: &impl Conn,
    caller: &Caller,
    f: Filter,
    per_hour: u32,
) -> Result<LotSplit, StoreError> {
    let (matches, truncated, holders) = run(c, caller, &f, "lot_split_query", per_hour)?;
    let transfer_terms = terms_of(c, caller, &matches)?;
    let (mut transfers, mut inventories, mut seizures) = (vec![], vec![], vec![]);
    for m in matches {
        match m.kind {
            RecordKind::Transfer => transfers.push(m),
            RecordKind::SeizureCase | RecordKind::RecoveredCache => seizures.push(m),
            RecordKind::StockCheck | RecordKind::CountLine => inventories.push(m),
        }
    }
    Ok(LotSplit {
        holders_searched: f.lot_level(),
        criteria: f.normalised,
        transfers,
        inventories,
        seizures,
        truncated,
        limit: MAX_MATCHES,
        holders,
        retransfer_barred: transfer_terms.iter().any(TransferTerms::bars_retransfer),
        transfer_terms,
    })
}

/// The terms of the transfer records among `matches` (each once, in order), read
/// from their bodies. The matches are lines the caller may see in detail; each
/// record is read again through the visibility clause all the same.
pub fn terms_of(
    c: &impl Conn,
    caller: &Caller,
    matches: &[Match],
) -> Result<Vec<TransferTerms>, StoreError> {
    let mut ids: Vec<&str> = Vec::new();
    for m in matches.iter().filter(|m| m.kind == RecordKind::Transfer) {
        if !ids.contains(&m.record_id.as_str()) {
            ids.push(&m.record_id);
        }
    }
    let mut terms = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(record) = crate::records::get_visible(c, caller, id)? else {
            continue;
        };
        let Ok(t) = serde_json::from_value::<TransferRecord>(record.body) else {
            tracing::warn!(
                record = id,
                "a stored transfer does not read; its terms are left out"
            );
            continue;
        };
        terms.push(TransferTerms {
            record_id: record.id,
            end_user_certificate_ref: t.end_user_certificate_ref,
            end_user: t.end_user,
            non_retransfer: t.non_retransfer,
            delivery_verification_ref: t.delivery_verification_ref,
            authorised_retransfers: t.authorised_retransfers,
        });
    }
    Ok(terms)
}

#[utoipa::path(get, path = "/api/v1/trace/lot-split", tag = "tracing", security(("bearer" = [])),
    params(SplitQuery),
    responses((status = 200, body = LotSplit), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "no lot, or a criterion is malformed", body = ErrorBody),
              (status = 429, description = "the caller's trace queries for this hour are used up", body = ErrorBody)))]
pub(super) async fn lot_split(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<SplitQuery>,
) -> ApiResult<Json<LotSplit>> {
    let f = split_filter(q.lot, q.sub_lot, q.manufacturer, q.calibre)?;
    let per_hour = state.config.trace_queries_per_hour;
    let answer = state
        .db
        .on_writer(move |c| split(c, &caller, f, per_hour))
        .await?;
    Ok(Json(answer))
}
