//! The photo store over HTTP: content-addressed, resumable uploads and scoped reads.
//!
//! `PUT /api/v1/photos/{sha256}` sends the bytes, whole or from an offset with
//! `Content-Range: bytes START-END/TOTAL`; `GET /api/v1/photos/{sha256}/upload` says
//! how many bytes the server holds so an interrupted upload resumes; the blob is
//! accepted only when its bytes hash to its address and sniff as JPEG, PNG or WebP.
//!
//! Invariant: a photo is readable only by the agencies that sent its bytes and by
//! callers who may see a record of such an agency citing it, decided in SQL (see
//! `store`); an unfinished upload belongs to the agency that started it, and one upload
//! per agency and hash runs at a time; no answer says whether another agency stored a
//! hash; every read of a photo is audited.

pub mod any;
pub mod blob;
pub mod s3;
pub mod store;
pub mod thumbnail;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tracemark_shared::domain::Sha256;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use any::{PhotoStore, PhotoStoreConfig};
pub use blob::{BlobStore, FsStore};
pub use s3::{S3Credentials, S3Settings, S3Store};

use crate::api::{ApiError, ApiPath, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db;
use crate::identity::Caller;

/// Received pieces of an upload that may wait for its writer (a few MiB at most).
const PIECES_IN_FLIGHT: usize = 64;

/// Upload keys (agency and hash) with an upload in progress (one at a time each).
#[derive(Default)]
pub struct UploadLocks(Mutex<HashSet<String>>);

struct Held<'a>(&'a UploadLocks, String);

impl UploadLocks {
    fn try_hold(&self, sha: &str) -> Option<Held<'_>> {
        let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(sha.to_string())
            .then(|| Held(self, sha.to_string()))
    }

    /// Holds the upload, waiting up to [`RESUME_WAIT`] for one still held: a phone
    /// that lost its connection resumes at once, while the server is still closing
    /// the dropped request (its last bytes already counted, their flush to disk not
    /// yet done). `None` if it is still held after that (another upload is going on).
    async fn hold(&self, sha: &str) -> Option<Held<'_>> {
        let started = std::time::Instant::now();
        loop {
            if let Some(held) = self.try_hold(sha) {
                return Some(held);
            }
            if started.elapsed() >= RESUME_WAIT {
                return None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// How long a resumed upload waits for the request it replaces to finish closing.
const RESUME_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut set = self.0.0.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.1);
    }
}

/// The photo routes; uploads accept bodies up to the configured photo limit.
pub fn router(max_photo_bytes: u64) -> OpenApiRouter<AppState> {
    let limit = usize::try_from(max_photo_bytes).unwrap_or(usize::MAX);
    OpenApiRouter::new()
        .routes(routes!(upload, download))
        .routes(routes!(status))
        .routes(routes!(thumbnail::thumbnail))
        .layer(DefaultBodyLimit::max(limit))
}

pub(crate) fn checked_sha(raw: &str) -> Result<String, ApiError> {
    Sha256::parse(raw).map(|s| s.to_string()).map_err(|_| {
        ApiError::BadRequest("the address must end in the photo's SHA-256 (64 hex digits)".into())
    })
}

/// `Content-Range: bytes START-END/TOTAL` → (start, end inclusive, total).
fn content_range(headers: &HeaderMap) -> Result<Option<(u64, u64, u64)>, ApiError> {
    let Some(v) = headers.get(header::CONTENT_RANGE) else {
        return Ok(None);
    };
    let bad = || ApiError::BadRequest("Content-Range must be `bytes START-END/TOTAL`".into());
    let text = v.to_str().map_err(|_| bad())?;
    let spec = text.strip_prefix("bytes ").ok_or_else(bad)?;
    let (range, total) = spec.split_once('/').ok_or_else(bad)?;
    let (start, end) = range.split_once('-').ok_or_else(bad)?;
    let n = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
    let (start, end, total) = (n(start)?, n(end)?, n(total)?);
    if start > end || end >= total {
        return Err(bad());
    }
    Ok(Some((start, end, total)))
}

async fn held(state: &AppState, caller: &Caller, sha: &str) -> ApiResult<bool> {
    let (agency, sha) = (caller.agency_id.clone(), sha.to_string());
    Ok(state
        .db
        .call(move |c| store::held_by(c, &agency, &sha).map_err(ApiError::from))
        .await?)
}

#[utoipa::path(get, path = "/api/v1/photos/{sha256}/upload", tag = "photos", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the photo, 64 hex digits")),
    responses((status = 200, description = "`complete` when the caller's agency holds the photo, else the `received` bytes of its own unfinished upload"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 503, description = "the photo store failed; try again shortly", body = ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let sha = checked_sha(&raw)?;
    if held(&state, &caller, &sha).await? {
        return Ok(Json(json!({ "sha256": sha, "complete": true })));
    }
    let (agency, sha2) = (caller.agency_id.clone(), sha.clone());
    let open = state
        .db
        .call(move |c| store::has_session(c, &agency, &sha2).map_err(ApiError::from))
        .await?;
    let received = if open {
        state
            .photos
            .partial_len(&blob::upload_key(&caller.agency_id, &sha))
            .await
            .map_err(ApiError::PhotoStore)?
    } else {
        0
    };
    Ok(Json(
        json!({ "sha256": sha, "complete": false, "received": received }),
    ))
}

#[utoipa::path(put, path = "/api/v1/photos/{sha256}", tag = "photos", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the photo, 64 hex digits"),
           ("Content-Range" = Option<String>, Header, description = "`bytes START-END/TOTAL` to send part of the photo")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "stored: the caller's agency now holds the photo"),
              (status = 200, description = "the caller's agency already holds it"),
              (status = 202, description = "part stored; send the rest"),
              (status = 400, description = "bad address, range, or bytes that do not hash to the address", body = ErrorBody),
              (status = 401, body = ErrorBody),
              (status = 409, description = "wrong offset (the body says which) or an upload in progress", body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 415, description = "not JPEG, PNG or WebP", body = ErrorBody),
              (status = 429, description = "the agency has too many unfinished uploads", body = ErrorBody),
              (status = 503, description = "the photo store failed; what was received is kept, resume later", body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let sha = checked_sha(&raw)?;
    let max = state.config.max_photo_bytes;
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (start, end, total) = match content_range(&headers)? {
        Some(r) => r,
        None => {
            let len = length.ok_or_else(|| {
                ApiError::BadRequest("send Content-Length, or Content-Range to resume".into())
            })?;
            if len == 0 {
                return Err(ApiError::BadRequest("the photo is empty".into()));
            }
            (0, len - 1, len)
        }
    };
    if total > max {
        return Err(ApiError::TooLarge(max));
    }
    // Only the caller's own agency counts: whether anyone else sent these bytes is
    // never said, and an agency holds a photo only by sending its bytes itself.
    if held(&state, &caller, &sha).await? {
        drain(body).await;
        return Ok((
            StatusCode::OK,
            Json(json!({ "sha256": sha, "complete": true })),
        )
            .into_response());
    }
    let key = blob::upload_key(&caller.agency_id, &sha);
    let _held = state.uploads.hold(&key).await.ok_or_else(|| {
        ApiError::Conflict("an upload of this photo is already in progress".into())
    })?;
    let (agency, user, sha2) = (
        caller.agency_id.clone(),
        caller.user_id.clone(),
        sha.clone(),
    );
    state
        .db
        .on_writer(move |c| store::open_session(c, &agency, &user, &sha2, total))
        .await
        .map_err(|e| match e {
            db::DbError::Work(store::SessionError::Quota) => {
                ApiError::Quota(store::SessionError::Quota.to_string())
            }
            db::DbError::Work(store::SessionError::Db(e)) => ApiError::from(e),
            db::DbError::Unavailable(e) => ApiError::Unavailable(e),
        })?;
    let received = state
        .photos
        .partial_len(&key)
        .await
        .map_err(ApiError::PhotoStore)?;
    if received != start {
        // Read the body the client is sending before answering, so that it gets the
        // answer (and the offset to resume from) instead of a reset connection.
        drain(body).await;
        return Ok((
            StatusCode::CONFLICT,
            Json(json!({ "error": { "code": "wrong_offset",
                "message": format!("the server holds {received} bytes of this photo; resume from there") },
                "received": received })),
        )
            .into_response());
    }
    let expected = end - start + 1;
    let mut written = 0u64;
    // The bytes go to a writer on its own thread as they arrive; a photo sent whole is
    // hashed on the way by a thread of its own, so that receiving, hashing and writing
    // overlap and finishing need not read the photo back.
    let (pieces, arriving) = tokio::sync::mpsc::channel::<bytes::Bytes>(PIECES_IN_FLIGHT);
    let writer = {
        let (photos, key) = (state.photos.clone(), key.clone());
        tokio::spawn(async move { photos.append_stream(&key, arriving).await })
    };
    let mut hashing = (start == 0).then(|| {
        let (to_hash, mut hash_these) =
            tokio::sync::mpsc::channel::<bytes::Bytes>(PIECES_IN_FLIGHT);
        let digest = tokio::task::spawn_blocking(move || {
            let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
            while let Some(piece) = hash_these.blocking_recv() {
                sha2::Digest::update(&mut hasher, &piece);
            }
            hex::encode(sha2::Digest::finalize(hasher))
        });
        (to_hash, digest)
    });
    let mut head: Vec<u8> = Vec::with_capacity(16);
    let mut too_long = false;
    let mut stream = body.into_data_stream();
    use futures_util::StreamExt;
    while let Some(chunk) = stream.next().await {
        // A dropped connection keeps what arrived; the client resumes from there.
        let Ok(chunk) = chunk else { break };
        written += chunk.len() as u64;
        if written > expected {
            too_long = true;
            break;
        }
        if head.len() < 16 {
            head.extend(chunk.iter().take(16 - head.len()));
        }
        if let Some((to_hash, _)) = hashing.as_mut() {
            // A piece is shared, not copied; the hashing thread never fails.
            let _ = to_hash.send(chunk.clone()).await;
        }
        if pieces.send(chunk).await.is_err() {
            break; // the writer failed: its error is reported below
        }
    }
    drop(pieces);
    let hashed = match hashing {
        Some((to_hash, digest)) => {
            drop(to_hash);
            Some(
                digest
                    .await
                    .map_err(|e| anyhow::anyhow!("photo hashing: {e}"))?,
            )
        }
        None => None,
    };
    let appended = writer
        .await
        .map_err(|e| anyhow::anyhow!("photo writer: {e}"))?
        .map_err(ApiError::PhotoStore)?;
    if too_long {
        discard(&state, &caller, &sha).await?;
        return Err(ApiError::BadRequest(
            "the body is longer than its Content-Range".into(),
        ));
    }
    let now_held = start + appended;
    if now_held < total {
        return Ok((
            StatusCode::ACCEPTED,
            Json(json!({ "sha256": sha, "complete": false, "received": now_held })),
        )
            .into_response());
    }
    let finished = match hashed {
        Some(actual) => {
            if actual == sha {
                state.photos.finish_hashed(&key, &sha, &head).await
            } else {
                Err(blob::FinishError::HashMismatch { actual })
            }
        }
        None => state.photos.finish(&key, &sha).await,
    };
    let (size, media) = match finished {
        Ok(v) => v,
        Err(e @ (blob::FinishError::HashMismatch { .. } | blob::FinishError::Unsupported)) => {
            discard(&state, &caller, &sha).await?;
            return Err(match e {
                blob::FinishError::Unsupported => ApiError::UnsupportedMedia(e.to_string()),
                _ => ApiError::BadRequest(e.to_string()),
            });
        }
        Err(blob::FinishError::Io(e)) => return Err(ApiError::PhotoStore(e)),
    };
    let stored_sha = sha.clone();
    state
        .db
        .write(move |tx| {
            store::insert(
                &tx,
                &caller.agency_id,
                &caller.user_id,
                &stored_sha,
                media,
                size,
            )?;
            store::close_session(&tx, &caller.agency_id, &stored_sha)?;
            audit::append(
                &tx,
                &Entry {
                    actor: caller.actor(),
                    action: "upload_photo",
                    subject: &stored_sha,
                    detail: json!({ "size": size, "media_type": media.as_str() }),
                },
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "sha256": sha, "complete": true, "size": size, "media_type": media.as_str() }),
        ),
    )
        .into_response())
}

/// Reads and drops a request body (already bounded by the route's body limit).
async fn drain(body: Body) {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    while let Some(Ok(_)) = stream.next().await {}
}

/// Drops the caller's agency's unfinished upload of `sha` and its session.
async fn discard(state: &AppState, caller: &Caller, sha: &str) -> ApiResult<()> {
    state
        .photos
        .discard(&blob::upload_key(&caller.agency_id, sha))
        .await
        .map_err(ApiError::PhotoStore)?;
    let (agency, sha) = (caller.agency_id.clone(), sha.to_string());
    state
        .db
        .on_writer(move |c| store::close_session(c, &agency, &sha).map_err(ApiError::from))
        .await?;
    Ok(())
}

/// The media type of a photo the caller may read, with the read audited; 404 when the
/// caller may not (exactly as when no such photo exists).
pub(crate) async fn readable(
    state: &AppState,
    caller: &Caller,
    sha: &str,
    action: &'static str,
) -> ApiResult<String> {
    let (caller, sha) = (caller.clone(), sha.to_string());
    let media = state
        .db
        .write(move |tx| {
            let media = store::visible_media_type(&tx, &caller, &sha)?;
            if media.is_some() {
                audit::append(
                    &tx,
                    &Entry {
                        actor: caller.actor(),
                        action,
                        subject: &sha,
                        detail: json!({}),
                    },
                )?;
            }
            Ok::<_, ApiError>(media)
        })
        .await?;
    media.ok_or(ApiError::NotFound("photo"))
}

#[utoipa::path(get, path = "/api/v1/photos/{sha256}", tag = "photos", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the photo, 64 hex digits")),
    responses((status = 200, description = "the original bytes", content_type = "image/*"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 404, description = "no photo the caller may see has this hash", body = ErrorBody),
              (status = 503, description = "the photo store failed; try again shortly", body = ErrorBody)))]
async fn download(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath<String>,
) -> ApiResult<Response> {
    original(&state, &caller, &raw).await
}

/// A photo's original bytes, if the caller may see it (audited as `read_photo`): the
/// API's and the console's answer.
pub(crate) async fn original(state: &AppState, caller: &Caller, raw: &str) -> ApiResult<Response> {
    let sha = checked_sha(raw)?;
    let media = readable(state, caller, &sha, "read_photo").await?;
    // Sent as it is read: a 40 MB original never sits whole in the server's memory.
    let (size, pieces) = state
        .photos
        .read_stream(&sha)
        .await
        .map_err(ApiError::PhotoStore)?;
    Ok((
        [
            (header::CONTENT_TYPE, media),
            (header::CONTENT_LENGTH, size.to_string()),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_string(),
            ),
        ],
        Body::from_stream(pieces),
    )
        .into_response())
}

/// Drops unfinished uploads left untouched past `store::UPLOAD_EXPIRY`: each under its
/// own upload lock, and only if still expired once the lock is held, so an owner who
/// resumes meanwhile keeps its bytes. Returns how many were dropped.
pub async fn sweep_expired_uploads(state: &AppState) -> ApiResult<usize> {
    let expired = state
        .db
        .call(|c| store::expired_sessions(c, 500).map_err(ApiError::from))
        .await?;
    let mut dropped = 0;
    for (agency, sha) in expired {
        let key = blob::upload_key(&agency, &sha);
        let Some(_held) = state.uploads.try_hold(&key) else {
            continue; // being resumed right now
        };
        let gone = state
            .db
            .on_writer(move |c| store::drop_if_expired(c, &agency, &sha).map_err(ApiError::from))
            .await?;
        if gone {
            state
                .photos
                .discard(&key)
                .await
                .map_err(ApiError::PhotoStore)?;
            dropped += 1;
        }
    }
    Ok(dropped)
}

/// The store and locks shared by requests.
pub fn shared(config: &PhotoStoreConfig) -> anyhow::Result<(Arc<PhotoStore>, Arc<UploadLocks>)> {
    Ok((
        Arc::new(PhotoStore::open(config)?),
        Arc::new(UploadLocks::default()),
    ))
}
