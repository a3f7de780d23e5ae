//! The HTTP service: routes of every feature merged in one place, the layers every
//! request passes (limits, timeouts, request ids, tracing, compression, panic guard),
//! and a graceful shutdown that finishes requests in flight.
//!
//! Invariant: the `Authorization` header is marked sensitive before the trace layer,
//! so tokens never reach the logs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::api::{ApiError, AppState};
use crate::config::Config;
use crate::db::Db;
use crate::identity;
use crate::{audit, import, labels, photos, reconcile, records, reports, review, sync};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest JSON body of any route (photo uploads have their own limit).
pub const JSON_BODY_LIMIT: usize = 256 * 1024;
/// Longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The OpenAPI document's fixed parts; every path comes from the handlers themselves.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Tracemark API", description = "Records and tracing of conventional ammunition."),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Sign-in and the signed-in user"),
        (name = "admin", description = "Administration of the caller's own agency (administrators only)"),
        (name = "records", description = "Records the caller's agency may see"),
        (name = "photos", description = "Content-addressed, resumable photo store"),
        (name = "sync", description = "Offline-first sync of devices (protocol v1)"),
        (name = "review", description = "Supervisors' decisions on submitted records"),
        (name = "reports", description = "Trend reports with small-cell suppression (supervisors only)"),
        (name = "inventory", description = "Imports of expected inventory and transfer records, and stock-check reconciliation (supervisors only)"),
        (name = "tracing", description = "Tracing lots across agencies, access requests and grants (supervisors only)"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// All routes with their OpenAPI description, before layers and state.
pub fn routes(max_photo_bytes: u64) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(ready))
        .merge(identity::router())
        .merge(records::router())
        .merge(crate::report::router())
        .merge(photos::router(max_photo_bytes))
        .merge(sync::router())
        .merge(review::router())
        .merge(reports::router())
        .merge(labels::router())
        .merge(import::router().merge(reconcile::router()))
        // `crate::` spelled out: `tracing` alone is the logging crate here.
        .merge(crate::tracing::router())
        .merge(audit::router())
        .split_for_parts();
    document_shared_answers(&mut api);
    (router, api)
}

/// The answers every operation of a kind can give, whatever its handler says, added
/// where a handler's own list leaves them out: 401 wherever a token is needed, 400
/// for query or path parameters that do not parse, 400 / 413 / 415 for a JSON body
/// that does not parse, is too large or is not JSON, and 408 for any request past
/// [`REQUEST_TIMEOUT`]. A client reads every status the service can send in the
/// document (schemathesis checks it in CI).
fn document_shared_answers(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let error = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build(),
        )
    };
    for item in api.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let params = |place: ParameterIn| {
                op.parameters.iter().flatten().any(|p| match p {
                    RefOr::T(p) => p.parameter_in == place,
                    RefOr::Ref(_) => false,
                })
            };
            let (query, path) = (params(ParameterIn::Query), params(ParameterIn::Path));
            let json_body = op.request_body.as_ref().is_some_and(|b| match b {
                RefOr::T(b) => b.content.contains_key("application/json"),
                RefOr::Ref(_) => false,
            });
            let answers = &mut op.responses.responses;
            let mut add = |status: &str, description: &str| {
                answers
                    .entry(status.to_string())
                    .or_insert_with(|| error(description));
            };
            if secured {
                add("401", "no valid token: sign in (again)");
            }
            if query || path {
                add("400", "a parameter does not parse");
            }
            if json_body {
                add("400", "the body is not the JSON this operation takes");
                add("413", "the body is larger than the service takes");
                add("415", "the body is not sent as application/json");
            }
            add("408", "the request took longer than the service allows");
        }
    }
}

/// Every route of the service with its layers.
pub fn app(state: AppState) -> Router {
    let request_id = header::HeaderName::from_static("x-request-id");
    let (router, api) = routes(state.config.max_photo_bytes);
    // Serialised once; the document only changes with the code.
    let api: Arc<str> = api.to_json().unwrap_or_else(|_| "{}".into()).into();
    router
        .route(
            "/api/openapi.json",
            get(move || {
                let api = Arc::clone(&api);
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        api.to_string(),
                    )
                }
            }),
        )
        .merge(crate::console::router())
        .fallback(|| async { ApiError::NotFound("route") })
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(
            ServiceBuilder::new()
                .layer(SetSensitiveRequestHeadersLayer::new([
                    header::AUTHORIZATION,
                    header::COOKIE,
                ]))
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http())
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(CatchPanicLayer::custom(|_| {
                    ApiError::Internal(anyhow::anyhow!("a request handler panicked"))
                        .into_response()
                }))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    REQUEST_TIMEOUT,
                ))
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}

#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "the process is alive")))]
async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "the database and the photo store are reachable"), (status = 503, description = "one is not")))]
async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let db = state.db.ping().await.is_ok();
    let reason = if !db {
        "the database is not reachable"
    } else if let Err(e) = state.photos.check().await {
        tracing::warn!("readiness: {e:#}");
        "the photo store is not reachable"
    } else {
        return (StatusCode::OK, Json(json!({ "ready": true })));
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({ "ready": false, "reason": reason })),
    )
}

/// Opens the store and builds the state.
pub async fn state(config: Config) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the data directory {}: {e}",
            config.data_dir.display()
        )
    })?;
    let db = Db::open(&config.database).await?;
    let (photos, uploads) = photos::shared(&config.photo_store)?;
    let audit_signer = Arc::new(audit::Signer::load_or_create(&config.audit_key_file)?);
    if config.audit_key_file.starts_with(&config.data_dir) {
        tracing::warn!(
            key = %config.audit_key_file.display(),
            "the audit signing key is kept beside the database; in production set \
             audit_key_file to a path the database's holders cannot reach"
        );
    }
    Ok(AppState {
        db,
        photos,
        uploads,
        audit_signer,
        password_checks: Arc::new(tokio::sync::Semaphore::new(
            identity::password::MAX_CONCURRENT,
        )),
        tokens: Arc::default(),
        config: Arc::new(config),
    })
}

/// Binds, reports the bound address through `ready`, and serves until SIGTERM or
/// Ctrl-C, then lets requests in flight finish.
pub async fn serve(state: AppState, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let listen = state.config.listen;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    ready(addr);
    tokio::spawn(sign_checkpoints(state.clone()));
    tokio::spawn(sweep_uploads(state.clone()));
    let state_for_shutdown = state.clone();
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    // The last entries of this run get a signature too.
    sign_once(&state_for_shutdown).await;
    tracing::info!("stopped");
    Ok(())
}

/// Signs the audit head once; a refusal (the chain does not extend the last signed
/// head) is logged as an error for the operators, and the service goes on.
async fn sign_once(state: &AppState) {
    let signer = Arc::clone(&state.audit_signer);
    match state
        .db
        .on_writer(move |c| audit::checkpoint::checkpoint(c, &signer))
        .await
    {
        Ok(_) => {}
        Err(crate::db::DbError::Work(e @ audit::checkpoint::CheckpointError::Tampered(_))) => {
            tracing::error!(error = %e, "audit checkpoint refused");
        }
        Err(e) => tracing::warn!(error = %e, "could not sign an audit checkpoint"),
    }
}

/// How often unfinished uploads past their expiry are dropped.
pub const UPLOAD_SWEEP_EVERY: Duration = Duration::from_secs(600);

async fn sweep_uploads(state: AppState) {
    let mut tick = tokio::time::interval(UPLOAD_SWEEP_EVERY);
    loop {
        tick.tick().await;
        match photos::sweep_expired_uploads(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(dropped = n, "expired unfinished photo uploads dropped"),
            Err(e) => tracing::warn!(error = %e, "could not sweep expired uploads"),
        }
    }
}

/// How often the audit head is signed while the service runs.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

/// Signs the audit head now and then every [`CHECKPOINT_EVERY`], so a rewrite of the
/// chain by whoever holds the database file disagrees with a signature it cannot make.
async fn sign_checkpoints(state: AppState) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    loop {
        tick.tick().await;
        sign_once(&state).await;
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Logs to stderr; `RUST_LOG` overrides the default level.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_the_answers_every_operation_of_a_kind_can_give() {
        let (_, api) = routes(1024);
        let doc = serde_json::to_value(&api).unwrap();
        let mut checked = (0, 0);
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let what = format!("{method} {path}");
                let answers = op["responses"].as_object().unwrap();
                assert!(answers.contains_key("408"), "{what}");
                if op.get("security").is_some() {
                    assert!(answers.contains_key("401"), "{what}");
                    checked.0 += 1;
                }
                if op["requestBody"]["content"]
                    .get("application/json")
                    .is_some()
                {
                    for status in ["400", "413", "415"] {
                        assert!(answers.contains_key(status), "{what} {status}");
                    }
                    checked.1 += 1;
                }
            }
        }
        assert!(checked.0 > 30 && checked.1 > 10, "{checked:?}");
    }
}
