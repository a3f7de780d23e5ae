//! Uploading the photos the server does not hold, resuming from what it received.
//!
//! Invariant: a photo is marked uploaded only when the server says it holds all of it
//! (it checked the hash); a photo whose file no longer matches its hash is never sent.

use tracemark_shared::domain::PhotoRef;

use super::client::{Api, PutOutcome};
use super::{Phase, SyncEngine, SyncError};

/// Most requests spent on one photo in one round: each request either moves the
/// upload forward or reports where it stands, so this only stops a server that
/// answers "busy" (409) forever.
const MAX_STEPS_PER_PHOTO_FACTOR: u64 = 4;

/// What happened to one photo.
enum Done {
    Uploaded,
    Refused(String),
}

impl SyncEngine {
    /// Uploads every photo still on the device only.
    pub(super) async fn upload_photos(&self, api: &Api) -> Result<(), SyncError> {
        let pending = self.blocking(|s| s.pending_photos()).await?;
        for p in pending {
            self.publish(Phase::UploadingPhotos).await;
            let photo = p.photo;
            let intact = {
                let sha = photo.sha256;
                self.blocking(move |s| s.photo_intact(&sha)).await
            };
            let done = match intact {
                Ok(true) => self.upload_one(api, &photo).await?,
                Ok(false) => Done::Refused(
                    "The photo file on this device is damaged; take the photo again.".into(),
                ),
                Err(SyncError::Store(crate::core::StoreError::Io(e)))
                    if e.kind() == std::io::ErrorKind::NotFound =>
                {
                    Done::Refused(
                        "The photo file is missing on this device; take the photo again.".into(),
                    )
                }
                Err(e) => return Err(e),
            };
            let sha = photo.sha256;
            match done {
                Done::Uploaded => self.blocking(move |s| s.mark_photo_uploaded(&sha)).await?,
                Done::Refused(why) => {
                    self.blocking(move |s| s.mark_photo_refused(&sha, &why))
                        .await?
                }
            }
        }
        Ok(())
    }

    async fn upload_one(&self, api: &Api, photo: &PhotoRef) -> Result<Done, SyncError> {
        let chunk = self.inner.config.photo_chunk_bytes.max(1);
        let chunk64 = u64::try_from(chunk).unwrap_or(u64::MAX);
        let steps = photo
            .size
            .div_ceil(chunk64)
            .saturating_add(1)
            .saturating_mul(MAX_STEPS_PER_PHOTO_FACTOR);
        let sha = photo.sha256;
        for _ in 0..steps {
            // One step: ask where the upload stands, send the next chunk. Retried as a
            // whole, so a dropped connection resumes from what the server kept.
            let step = self
                .inner
                .config
                .retry
                .run(|| async {
                    let status = api.upload_status(&sha).await?;
                    if status.complete {
                        return Ok(PutOutcome::Stored);
                    }
                    let start = status.received.min(photo.size);
                    let bytes = self
                        .blocking(move |s| s.read_photo_chunk(&sha, start, chunk))
                        .await?;
                    if bytes.is_empty() {
                        // The server holds every byte yet not the photo: start over.
                        return Ok(PutOutcome::Continue);
                    }
                    api.put_photo(&sha, start, photo.size, bytes).await
                })
                .await?;
            match step {
                PutOutcome::Stored => return Ok(Done::Uploaded),
                PutOutcome::Refused(why) => {
                    return Ok(Done::Refused(format!(
                        "The server refused this photo: {why}"
                    )));
                }
                PutOutcome::Continue => {}
            }
        }
        Err(SyncError::Server(
            409,
            format!("the upload of photo {sha} made no progress"),
        ))
    }
}
