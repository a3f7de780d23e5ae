//! Imports of spreadsheets supervisors keep: a depot's expected inventory (which
//! becomes a stock check for inspectors) and transfer records (which tracing reads
//! seized marks against), from CSV or XLSX, over HTTP and on the command line.
//!
//! Invariant: a dry run and a real run check exactly the same things; a real run with
//! any row error writes nothing and answers the same list of errors; only supervisors
//! import, into their own agency.

pub mod drafts;
pub mod fields;
mod formats;
pub mod inventory;
pub mod table;
pub mod transfers;

use crate::args;
use crate::sql::{Conn, ConnExt};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use tracemark_shared::domain::{AgencyId, Role, SharingScope};
use tracemark_shared::validate::Validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use table::{Format, Problems, RowError};

use crate::api::{ApiError, ApiQuery, AppState, ErrorBody};
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};

/// The MIME type of XLSX workbooks.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where an import is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the file (progress in bytes for CSV, rows for XLSX).
    Reading,
    /// Checking rows (progress in rows).
    Checking,
}

pub use tracemark_shared::api::imports::{Outcome, Summary};

/// Nothing written: a dry run, or the problems found.
pub fn failed(dry_run: bool, problems: Problems, summary: Summary) -> Outcome {
    Outcome::failed(dry_run, problems.errors, problems.not_listed, summary)
}

/// Only supervisors import (checked again here for the command line).
pub fn require_supervisor(caller: &Caller) -> Result<(), StoreError> {
    caller.require(&[Role::Supervisor], "only a supervisor can import")
}

/// A stored id as its typed form.
pub fn parse_uuid<T: std::str::FromStr>(s: &str) -> Result<T, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Other(anyhow::anyhow!("stored id {s:?} is not a UUID")))
}

/// SHA-256 of an imported file, kept in the audit entry.
pub fn file_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A scope from `scope=own_agency|national|partners` and `partners=ID,ID`.
pub fn parse_scope(scope: Option<&str>, partners: Option<&str>) -> Result<SharingScope, String> {
    let list = || -> Result<Vec<AgencyId>, String> {
        partners
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<AgencyId>()
                    .map_err(|_| format!("partner {p:?} is not an agency id"))
            })
            .collect()
    };
    match scope.map(str::trim).unwrap_or("own_agency") {
        "own_agency" | "" => Ok(SharingScope::OwnAgency),
        "national" => Ok(SharingScope::National),
        "partners" => Ok(SharingScope::Partners { agencies: list()? }),
        other => Err(format!(
            "scope {other:?} is not one of own_agency, national, partners"
        )),
    }
}

/// Reports a scope whose rules break or whose partner agencies do not exist.
pub fn check_scope(
    c: &impl Conn,
    scope: &SharingScope,
    problems: &mut Problems,
) -> Result<(), StoreError> {
    if let Err(errors) = scope.validate() {
        for e in errors {
            problems.push(RowError::new(
                None,
                Some("scope"),
                &fields::rule_name(&e.rule),
                format!("{}: {}", e.field, e.rule),
            ));
        }
    }
    if let SharingScope::Partners { agencies } = scope {
        for a in agencies {
            let known = c
                .query_opt(
                    "SELECT 1 FROM agencies WHERE id = ?1",
                    args![a.to_string()],
                    |_| Ok(()),
                )?
                .is_some();
            if !known {
                problems.push(RowError::new(
                    None,
                    Some("partners"),
                    "unknown_agency",
                    format!("no agency has the id {a}"),
                ));
            }
        }
    }
    Ok(())
}

/// The import routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_inventory))
        .routes(routes!(import_transfers))
        // The file is the body: the global JSON limit does not fit it.
        .layer(DefaultBodyLimit::max(table::MAX_FILE_BYTES))
}

/// The body of an import: the file's bytes, at most [`table::MAX_FILE_BYTES`].
pub struct RawFile(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawFile {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state)
            .await
            .map(RawFile)
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge(table::MAX_FILE_BYTES as u64)
                } else {
                    ApiError::BadRequest(e.body_text())
                }
            })
    }
}

/// The format named by `format=`, or else by the Content-Type.
fn format_of(given: Option<Format>, headers: &HeaderMap) -> Result<Format, ApiError> {
    if let Some(f) = given {
        return Ok(f);
    }
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match mime.as_str() {
        "text/csv" | "application/csv" | "text/plain" => Ok(Format::Csv),
        XLSX_MIME => Ok(Format::Xlsx),
        _ => Err(ApiError::UnsupportedMedia(format!(
            "send the file as the body with Content-Type text/csv or {XLSX_MIME}, \
             or name it with format=csv|xlsx"
        ))),
    }
}

/// The HTTP answer: 200 for a dry run, 201 when written, 422 with every row error.
fn answer(outcome: Outcome) -> Response {
    if outcome.has_errors() && !outcome.dry_run {
        let total = outcome.errors.len() as u64 + outcome.errors_not_listed;
        let body = json!({
            "error": {
                "code": "invalid_rows",
                "message": format!(
                    "the file has {total} problem(s); nothing was imported. Correct them and import it again"
                ),
                "rows": outcome.errors,
                "not_listed": outcome.errors_not_listed,
            },
            "summary": outcome.summary,
        });
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    let status = if outcome.written {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(outcome)).into_response()
}

/// Parameters of an inventory import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InventoryQuery {
    /// Check everything and write nothing (default false).
    #[serde(default)]
    dry_run: bool,
    /// `csv` or `xlsx` (default: from the Content-Type).
    #[param(value_type = Option<String>)]
    format: Option<Format>,
    /// Title of the stock check (default "Stock check DEPOT, DATE").
    title: Option<String>,
    /// Usernames of the inspectors who count, comma-separated.
    assign: Option<String>,
    /// `own_agency` (default), `national` or `partners`.
    scope: Option<String>,
    /// With `scope=partners`: agency ids, comma-separated.
    partners: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/imports/inventory", tag = "inventory", security(("bearer" = [])),
    params(InventoryQuery),
    request_body(content = String, description = "the CSV or XLSX file", content_type = "text/csv"),
    responses((status = 200, description = "dry run: summary and every row error", body = Outcome),
              (status = 201, description = "the stock check was created", body = Outcome),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, description = "the file is larger than 20 MiB", body = ErrorBody),
              (status = 415, body = ErrorBody),
              (status = 422, description = "row errors; nothing was written")))]
async fn import_inventory(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<InventoryQuery>,
    headers: HeaderMap,
    RawFile(bytes): RawFile,
) -> Result<Response, ApiError> {
    let format = format_of(q.format, &headers)?;
    let scope =
        parse_scope(q.scope.as_deref(), q.partners.as_deref()).map_err(ApiError::BadRequest)?;
    let opts = inventory::Options {
        title: q.title,
        assign: split_list(q.assign.as_deref()),
        scope,
        dry_run: q.dry_run,
        via: "http",
    };
    let outcome = state
        .db
        .on_writer(move |c| inventory::import(c, &caller, &bytes, format, &opts, &mut |_, _, _| {}))
        .await?;
    Ok(answer(outcome))
}

/// Parameters of a transfer import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TransfersQuery {
    /// Check everything and write nothing (default false).
    #[serde(default)]
    dry_run: bool,
    /// `csv` or `xlsx` (default: from the Content-Type).
    #[param(value_type = Option<String>)]
    format: Option<Format>,
    /// `own_agency` (default), `national` or `partners`.
    scope: Option<String>,
    /// With `scope=partners`: agency ids, comma-separated.
    partners: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/imports/transfers", tag = "inventory", security(("bearer" = [])),
    params(TransfersQuery),
    request_body(content = String, description = "the CSV or XLSX file", content_type = "text/csv"),
    responses((status = 200, description = "dry run: summary and every row error", body = Outcome),
              (status = 201, description = "the transfer records were created", body = Outcome),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
              (status = 422, description = "row errors; nothing was written")))]
async fn import_transfers(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiQuery(q): ApiQuery<TransfersQuery>,
    headers: HeaderMap,
    RawFile(bytes): RawFile,
) -> Result<Response, ApiError> {
    let format = format_of(q.format, &headers)?;
    let scope =
        parse_scope(q.scope.as_deref(), q.partners.as_deref()).map_err(ApiError::BadRequest)?;
    let opts = transfers::Options {
        scope,
        dry_run: q.dry_run,
        via: "http",
    };
    let outcome = state
        .db
        .on_writer(move |c| transfers::import(c, &caller, &bytes, format, &opts, &mut |_, _, _| {}))
        .await?;
    Ok(answer(outcome))
}

/// `a, b,,c` → `["a", "b", "c"]`.
pub fn split_list(s: Option<&str>) -> Vec<String> {
    s.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}
