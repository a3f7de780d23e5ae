//! The photo store a deployment configured: files on this machine (the default) or an
//! S3-compatible bucket shared by every instance.

use tracemark_shared::domain::MediaType;

use super::blob::{BlobStore, ByteStream, FinishError, FsStore};
use super::s3::{S3Credentials, S3Settings, S3Store};

/// Where this deployment keeps photos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoStoreConfig {
    /// A folder on this machine (`file://DIR`).
    Files(std::path::PathBuf),
    /// An S3-compatible bucket (`s3://BUCKET[/PREFIX]`).
    S3(S3Settings),
}

/// The configured photo store.
#[derive(Debug, Clone)]
pub enum PhotoStore {
    /// Files on this machine.
    Files(FsStore),
    /// An S3-compatible bucket.
    S3(S3Store),
}

impl PhotoStore {
    /// Opens the configured store (an S3 bucket with the credentials in the
    /// environment).
    pub fn open(config: &PhotoStoreConfig) -> anyhow::Result<Self> {
        Ok(match config {
            PhotoStoreConfig::Files(dir) => Self::Files(FsStore::new(dir)),
            PhotoStoreConfig::S3(settings) => {
                Self::S3(S3Store::new(settings, S3Credentials::from_env()?)?)
            }
        })
    }

    /// The hashes of every stored photo, in order.
    pub async fn stored_photos(&self) -> std::io::Result<Vec<String>> {
        match self {
            Self::Files(s) => {
                let s = s.clone();
                tokio::task::spawn_blocking(move || s.stored_photos())
                    .await
                    .map_err(std::io::Error::other)?
            }
            Self::S3(s) => s.stored_photos().await,
        }
    }

    /// Whether the store can be reached (for `/readyz`).
    pub async fn check(&self) -> anyhow::Result<()> {
        match self {
            Self::Files(_) => Ok(()),
            Self::S3(s) => s.check().await,
        }
    }
}

/// Runs the same call on whichever store is configured.
macro_rules! on_store {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            PhotoStore::Files($s) => $call,
            PhotoStore::S3($s) => $call,
        }
    };
}

impl BlobStore for PhotoStore {
    async fn stored_size(&self, sha: &str) -> std::io::Result<Option<u64>> {
        on_store!(self, s => s.stored_size(sha).await)
    }

    async fn partial_len(&self, upload: &str) -> std::io::Result<u64> {
        on_store!(self, s => s.partial_len(upload).await)
    }

    async fn append(&self, upload: &str, chunk: &[u8]) -> std::io::Result<()> {
        on_store!(self, s => s.append(upload, chunk).await)
    }

    async fn append_stream(
        &self,
        upload: &str,
        pieces: tokio::sync::mpsc::Receiver<bytes::Bytes>,
    ) -> std::io::Result<u64> {
        on_store!(self, s => s.append_stream(upload, pieces).await)
    }

    async fn finish(&self, upload: &str, sha: &str) -> Result<(u64, MediaType), FinishError> {
        on_store!(self, s => s.finish(upload, sha).await)
    }

    async fn finish_hashed(
        &self,
        upload: &str,
        sha: &str,
        head: &[u8],
    ) -> Result<(u64, MediaType), FinishError> {
        on_store!(self, s => s.finish_hashed(upload, sha, head).await)
    }

    async fn discard(&self, upload: &str) -> std::io::Result<()> {
        on_store!(self, s => s.discard(upload).await)
    }

    async fn read(&self, sha: &str) -> std::io::Result<Vec<u8>> {
        on_store!(self, s => s.read(sha).await)
    }

    async fn read_stream(&self, sha: &str) -> std::io::Result<(u64, ByteStream)> {
        on_store!(self, s => s.read_stream(sha).await)
    }

    async fn read_derived(&self, sha: &str, suffix: &str) -> std::io::Result<Option<Vec<u8>>> {
        on_store!(self, s => s.read_derived(sha, suffix).await)
    }

    async fn write_derived(&self, sha: &str, suffix: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        on_store!(self, s => s.write_derived(sha, suffix, bytes).await)
    }
}
