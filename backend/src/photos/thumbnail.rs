//! Server-made thumbnails: `GET /api/v1/photos/{sha256}/thumbnail` answers a small
//! upright JPEG of a stored photo, made by the shared capture pipeline on the first
//! request (under its decoding limits, on a blocking thread) and kept beside the blob
//! for every later one.
//!
//! Invariant: a thumbnail is served only to a caller who may read the original (the
//! same SQL as the original's read); a photo that cannot be decoded is answered with
//! a 422 saying why (and the failure is remembered, so a hostile file is decoded once),
//! never a panic or a 500.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tracemark_shared::capture::{self, Limits, THUMBNAIL_MAX_SIDE, THUMBNAIL_QUALITY};

use super::{BlobStore, checked_sha};
use crate::api::{ApiError, ApiPath, ApiResult, AppState, ErrorBody};
use crate::identity::Caller;

/// Name of the kept thumbnail beside its blob; the size and quality are in the name,
/// so a change of either makes new thumbnails instead of serving old ones.
fn thumb_suffix() -> String {
    format!("thumb{THUMBNAIL_MAX_SIDE}q{THUMBNAIL_QUALITY}.jpg")
}

fn failed_suffix() -> String {
    format!("thumb{THUMBNAIL_MAX_SIDE}q{THUMBNAIL_QUALITY}.failed")
}

/// Most thumbnails made at once: decoding a 50 MP photo takes a core and up to the
/// pipeline's decode memory limit, so a burst of first views must queue.
pub const MAX_CONCURRENT_THUMBNAILS: usize = 2;

static MAKERS: Semaphore = Semaphore::const_new(MAX_CONCURRENT_THUMBNAILS);

/// The thumbnail of a stored photo, made and kept on first use.
pub async fn made_or_make(photos: &impl BlobStore, sha: &str) -> Result<Vec<u8>, ApiError> {
    let io = ApiError::PhotoStore;
    let unprocessable =
        |why: &str| ApiError::Unprocessable(format!("the photo cannot be shown: {why}"));
    if let Some(jpeg) = photos
        .read_derived(sha, &thumb_suffix())
        .await
        .map_err(io)?
    {
        return Ok(jpeg);
    }
    if let Some(why) = photos
        .read_derived(sha, &failed_suffix())
        .await
        .map_err(io)?
    {
        return Err(unprocessable(&String::from_utf8_lossy(&why)));
    }
    let _permit = MAKERS
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    // Another request may have made it while this one waited.
    if let Some(jpeg) = photos
        .read_derived(sha, &thumb_suffix())
        .await
        .map_err(io)?
    {
        return Ok(jpeg);
    }
    let original = photos.read(sha).await.map_err(io)?;
    let made = tokio::task::spawn_blocking(move || {
        capture::decode_image(&original, &Limits::default()).map(|(_, raster)| raster.thumbnail)
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("the thumbnail maker stopped: {e}")))?;
    match made {
        Ok(thumb) => {
            photos
                .write_derived(sha, &thumb_suffix(), thumb.jpeg.clone())
                .await
                .map_err(io)?;
            Ok(thumb.jpeg)
        }
        Err(e) => {
            let why = e.to_string();
            photos
                .write_derived(sha, &failed_suffix(), why.clone().into_bytes())
                .await
                .map_err(io)?;
            Err(unprocessable(&why))
        }
    }
}

fn etag(sha: &str) -> String {
    format!("\"{sha}-t{THUMBNAIL_MAX_SIDE}q{THUMBNAIL_QUALITY}\"")
}

const CACHE: &str = "private, max-age=31536000, immutable";

#[utoipa::path(get, path = "/api/v1/photos/{sha256}/thumbnail", tag = "photos", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the photo, 64 hex digits")),
    responses((status = 200, description = "a JPEG at most 512 pixels on its longer side", content_type = "image/jpeg"),
              (status = 304, description = "the caller's copy (If-None-Match) is current"),
              (status = 400, body = ErrorBody),
              (status = 404, description = "no photo the caller may see has this hash", body = ErrorBody),
              (status = 422, description = "the photo cannot be decoded; the message says why", body = ErrorBody),
              (status = 503, description = "the photo store failed; try again shortly", body = ErrorBody)))]
pub(super) async fn thumbnail(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(raw): ApiPath<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    answer(&state, &caller, &raw, &headers).await
}

/// A photo's thumbnail, if the caller may see the photo (audited as `read_thumbnail`):
/// the API's and the console's answer.
pub(crate) async fn answer(
    state: &AppState,
    caller: &Caller,
    raw: &str,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    let sha = checked_sha(raw)?;
    super::readable(state, caller, &sha, "read_thumbnail").await?;
    let tag = etag(&sha);
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == tag || t.trim() == "*");
    if fresh {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, tag), (header::CACHE_CONTROL, CACHE.into())],
        )
            .into_response());
    }
    let jpeg = made_or_make(state.photos.as_ref(), &sha).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg".to_string()),
            (header::ETAG, tag),
            (header::CACHE_CONTROL, CACHE.into()),
        ],
        jpeg,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photos::FsStore;
    use sha2::Digest;

    async fn stored(store: &FsStore, bytes: &[u8]) -> String {
        let sha = hex::encode(sha2::Sha256::digest(bytes));
        store.append(&sha, bytes).await.unwrap();
        store.finish(&sha, &sha).await.unwrap();
        sha
    }

    #[tokio::test]
    async fn made_once_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let sha = stored(&store, include_bytes!("../../../assets/demo/box-label.jpg")).await;
        let first = made_or_make(&store, &sha).await.unwrap();
        assert_eq!(&first[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
        let kept = store.read_derived(&sha, &thumb_suffix()).await.unwrap();
        assert_eq!(kept.as_deref(), Some(first.as_slice()));
        assert_eq!(made_or_make(&store, &sha).await.unwrap(), first);
    }

    #[tokio::test]
    async fn undecodable_photo_is_a_clear_422_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        // A PNG signature with garbage after it: accepted by the store's sniffing,
        // refused by the decoder.
        let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        bytes.extend_from_slice(&[7u8; 100]);
        let sha = stored(&store, &bytes).await;
        for _ in 0..2 {
            match made_or_make(&store, &sha).await {
                Err(ApiError::Unprocessable(m)) => {
                    assert!(m.contains("cannot be decoded"), "{m}")
                }
                other => panic!("expected 422, got {other:?}"),
            }
        }
        assert!(
            store
                .read_derived(&sha, &failed_suffix())
                .await
                .unwrap()
                .is_some()
        );
    }
}
