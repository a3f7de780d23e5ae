//! Case reports: one seizure case as JSON or PDF for bilateral exchange and
//! prosecution files — its facts, route, parties, items with photos and decoded
//! markings, the traces of its lots as the author may see them, and its history.
//!
//! Invariant: only the case's own agency makes its report (another agency that may
//! read the case gets 403: a report carries the provider's name, and the provider
//! decides who receives it); the traces are run as the author, within their hourly
//! limit, with the usual notices to the agencies that hold the lots; every report made
//! is audited (`export_case_report`).

pub mod pdf;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tracemark_shared::api::report::{
    CaseReport, DecodedElement, DecodedMarking, LotTrace, ReportItem,
};
use tracemark_shared::api::tracing::Criteria;
use tracemark_shared::domain::{Role, SeizedItem, SeizureCase};
use tracemark_shared::i18n::Locale;
use tracemark_shared::marking;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiError, ApiPath, ApiQuery, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::Caller;
use crate::named;
use crate::sql::{Conn, ConnExt};
use crate::tracing::query::CriteriaExt;
use crate::tracing::trace;

/// Most lots one report traces: each is a trace query of the author's hourly
/// allowance. A case with more lots says which were left out.
pub const MAX_TRACED_LOTS: usize = 10;

fn decoded(text: &str) -> DecodedMarking {
    let m = marking::parse_or_plain(text.as_bytes(), None);
    DecodedMarking {
        text: text.to_string(),
        kind: m.kind.as_str().to_string(),
        elements: m
            .elements
            .iter()
            .map(|e| DecodedElement {
                id: e.id.clone(),
                title: e.title.to_string(),
                value: e.value.clone(),
            })
            .collect(),
    }
}

fn item(i: &SeizedItem) -> ReportItem {
    let kind = i.lot.kind();
    ReportItem {
        item_id: i.id.to_string(),
        ammunition_type: kind,
        type_from_marks: kind.is_some() && i.lot.ammunition_type.is_none(),
        markings: i.markings.iter().map(|m| decoded(m)).collect(),
    }
}

/// Traces the case's lots (lot with its maker, each once, in item order) as `caller`,
/// and says why any were left out.
fn traces(
    c: &impl Conn,
    caller: &Caller,
    case: &SeizureCase,
    per_hour: u32,
) -> Result<(Vec<LotTrace>, Option<String>), StoreError> {
    if caller.role != Role::Supervisor {
        return Ok((
            Vec::new(),
            Some("lots are traced by supervisors: a supervisor's report shows the traces".into()),
        ));
    }
    let mut lots: Vec<(&str, &str)> = Vec::new();
    for i in &case.items {
        let key = (i.lot.lot.as_str(), i.lot.manufacturer.as_str());
        if !lots.contains(&key) {
            lots.push(key);
        }
    }
    let mut out = Vec::new();
    let mut note = (lots.len() > MAX_TRACED_LOTS).then(|| {
        format!(
            "{} of the case's {} lots were traced (at most {MAX_TRACED_LOTS} per report)",
            MAX_TRACED_LOTS,
            lots.len()
        )
    });
    for (lot, manufacturer) in lots.into_iter().take(MAX_TRACED_LOTS) {
        let criteria = Criteria {
            lot: Some(lot.to_string()),
            manufacturer: Some(manufacturer.to_string()),
            ..Criteria::default()
        };
        let Ok(filter) = criteria.filter() else {
            continue;
        };
        match trace::answer(c, caller, filter, per_hour) {
            Ok(answer) => {
                let barred = trace::terms_of(c, caller, &answer.matches)?
                    .into_iter()
                    .filter(|t| t.bars_retransfer())
                    .map(|t| t.end_user_certificate_ref)
                    .collect();
                out.push(LotTrace {
                    lot: lot.to_string(),
                    manufacturer: manufacturer.to_string(),
                    answer,
                    non_retransfer_certificates: barred,
                });
            }
            Err(StoreError::TooMany(_)) => {
                note = Some(format!(
                    "{} lots were traced before the hourly limit of traces was reached",
                    out.len()
                ));
                break;
            }
            Err(e) => return Err(e),
        }
    }
    Ok((out, note))
}

/// The report of the case `id` made by `caller`, audited as an export in `format`.
pub fn make(
    c: &impl Conn,
    caller: &Caller,
    id: &str,
    format: &str,
    via: &str,
    per_hour: u32,
) -> Result<CaseReport, StoreError> {
    let record =
        crate::records::get_visible(c, caller, id)?.ok_or(StoreError::NotFound("record"))?;
    if !record.kind.is_case() {
        return Err(StoreError::Refused(
            "only a seizure case or a recovered cache has a case report".into(),
        ));
    }
    if record.agency_id != caller.agency_id {
        return Err(StoreError::Forbidden(
            "only the case's own agency makes its report",
        ));
    }
    caller.require(
        &[Role::Supervisor, Role::CustomsOfficer],
        "only supervisors and customs officers make case reports",
    )?;
    let case: SeizureCase = serde_json::from_value(record.body.clone())
        .map_err(|e| StoreError::Other(anyhow::anyhow!("stored case {id} does not read: {e}")))?;
    let history = crate::review::revisions::of_record(c, caller, id)?
        .ok_or(StoreError::NotFound("record"))?;
    let generated_by: String = c.query_one(
        "SELECT display_name FROM users WHERE id = :id",
        named! { ":id": caller.user_id },
        |r| r.get(0),
    )?;
    let (traces, traces_note) = traces(c, caller, &case, per_hour)?;
    audit::append(
        c,
        &Entry {
            actor: caller.actor(),
            action: "export_case_report",
            subject: &record.id,
            detail: json!({ "format": format, "via": via, "revision": record.revision,
                            "items": case.items.len(), "lots_traced": traces.len() }),
        },
    )?;
    Ok(CaseReport {
        generated_at: crate::db::now(),
        generated_by,
        agency: record.agency_name,
        record_id: record.id,
        revision: record.revision,
        items: case.items.iter().map(item).collect(),
        case,
        traces,
        traces_note,
        history,
    })
}

/// The report routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_report))
}

/// Report formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// A PDF document (default).
    #[default]
    Pdf,
    /// The same content as JSON.
    Json,
}

/// Report parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `pdf` (default) or `json`.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    format: ReportFormat,
    /// The language of the PDF's own words: `en`, `fr`, `es`, `ru`, `zh` or `ar`
    /// (default: the request's `Accept-Language`, else English). The case's text stays
    /// as written.
    #[serde(default)]
    lang: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/records/{id}/report", tag = "records", security(("bearer" = [])),
    params(("id" = String, Path, description = "seizure case or recovered cache id"), ReportQuery),
    responses((status = 200, description = "the case report (PDF, or JSON with format=json)", body = CaseReport),
              (status = 403, description = "the case is another agency's, or the caller's role makes no reports", body = ErrorBody),
              (status = 404, description = "no record the caller may see has this id", body = ErrorBody),
              (status = 400, description = "the record is not a case, or `lang` is not one of the six", body = ErrorBody)))]
async fn get_report(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    headers: axum::http::HeaderMap,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let locale = match q.lang.as_deref() {
        Some(tag) => Locale::from_tag(tag).ok_or_else(|| {
            ApiError::BadRequest(format!("lang {tag:?} is not one of en, fr, es, ru, zh, ar"))
        })?,
        None => headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Locale::from_accept_language)
            .unwrap_or_default(),
    };
    let per_hour = state.config.trace_queries_per_hour;
    let format = q.format;
    let name = if format == ReportFormat::Pdf {
        "pdf"
    } else {
        "json"
    };
    let report = state
        .db
        .write(move |tx| make(tx, &caller, &id, name, "http", per_hour))
        .await?;
    match format {
        ReportFormat::Json => Ok(axum::Json(report).into_response()),
        ReportFormat::Pdf => pdf_answer(&state, &report, locale).await,
    }
}

/// The report as a PDF download, with the items' photos, its own words in `locale`.
pub async fn pdf_answer(
    state: &AppState,
    report: &CaseReport,
    locale: Locale,
) -> Result<Response, ApiError> {
    let photos = pdf::photos_of(&state.photos, report).await;
    let bytes = pdf::render(report, &photos, locale).map_err(|e| ApiError::Internal(e.into()))?;
    let mut resp = bytes.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    let file = format!(
        "attachment; filename=\"case-report-{}.pdf\"",
        report.record_id
    );
    if let Ok(v) = HeaderValue::from_str(&file) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}
