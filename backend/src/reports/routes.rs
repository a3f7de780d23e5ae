//! The report routes: `GET /api/v1/reports/seizures` (JSON or CSV) and a provider's
//! `PUT /api/v1/records/{id}/reporting` to keep one of its cases out of releases not
//! yet published.
//!
//! Invariant: both are for supervisors only, and a case is withheld or released only by
//! a supervisor of the agency that owns it; every change is audited.

use crate::args;
use crate::sql::{Conn, ConnExt};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Format, Report, ReportQuery, report, to_csv};
use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::identity::Supervisor;

/// The report routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(seizures))
        .routes(routes!(reporting))
}

#[utoipa::path(get, path = "/api/v1/reports/seizures", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, body = Report, description = "every published release of the grouping, as JSON, or as CSV with format=csv"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn seizures(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let by = q.by.ok_or_else(|| {
        ApiError::BadRequest(
            "say what the rows are: by=calibre, manufacturer, year, route_country or concealment"
                .into(),
        )
    })?;
    let report = report(&state, caller, by).await?;
    match q.format {
        Format::Json => Ok(axum::Json(report).into_response()),
        Format::Csv => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"seizure-trends.csv\"",
                ),
            ],
            to_csv(&report)?,
        )
            .into_response()),
    }
}

/// Whether a case is kept out of trend reports.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// True to keep the case out of every release not yet published.
    pub withheld: bool,
}

/// The answer to a change of [`Reporting`].
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportingAnswer {
    /// As set.
    pub withheld: bool,
    /// The release the case was already published in, if any: published releases
    /// never change (a change would itself reveal the case), so it stays counted there.
    pub published_in: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/records/{id}/reporting", tag = "reports", security(("bearer" = [])),
    params(("id" = String, Path, description = "seizure case id")),
    request_body = Reporting,
    responses((status = 200, body = ReportingAnswer),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, description = "no seizure case of the caller's agency has this id", body = ErrorBody),
              (status = 415, body = ErrorBody)))]
async fn reporting(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<Reporting>,
) -> ApiResult<axum::Json<ReportingAnswer>> {
    let answer = state
        .db
        .write(move |tx| {
            // The provider decides: a supervisor of the agency that owns the case.
            let own = crate::records::current(&tx, &id)?.filter(|r| {
                r.kind.is_case() && r.agency_id == caller.agency_id
            });
            if own.is_none() {
                return Err(ApiError::NotFound("seizure case"));
            }
            if req.withheld {
                tx.execute(
                    "INSERT INTO report_withheld (record_id, by_user, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                    args![id, caller.user_id, db::now()])?;
            } else {
                tx.execute("DELETE FROM report_withheld WHERE record_id = ?1", args![&id])?;
            }
            let published_in: Option<String> = tx.query_opt(
                "SELECT period FROM report_release_cases WHERE record_id = ?1",
                args![&id],
                |r| r.get(0))?;
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "report_withholding",
                    subject: &id,
                    detail: json!({ "withheld": req.withheld }),
                },
            )?;
            Ok::<_, ApiError>(ReportingAnswer {
                withheld: req.withheld,
                published_in,
            })
        })
        .await?;
    Ok(axum::Json(answer))
}
