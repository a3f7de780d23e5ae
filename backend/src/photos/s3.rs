//! Photo bytes in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage…), for a
//! national service whose instances share one bucket. Built on `object_store`, over
//! the same reqwest and ring stack as the rest of Tracemark.
//!
//! Layout under the configured prefix:
//! - `blobs/AB/CD/SHA`: a photo, written once (`If-None-Match: *`);
//! - `derived/AB/CD/SHA.SUFFIX`: files made from it (thumbnails), whole or absent;
//! - `partial/UPLOAD/OFFSET`: the pieces of an unfinished upload, one object per
//!   request, named by the 20-digit offset of its first byte; each is written once;
//! - `incoming/UPLOAD`: an upload of several pieces assembled, while it is checked.
//!
//! Invariant: a blob appears under its final name only after the bytes were hashed and
//! matched it, and never replaces a stored one; an unfinished upload lives in the
//! bucket, so any instance can resume it; an interrupted request leaves its piece
//! unwritten (the client resumes from the pieces that were), never a half blob.

use std::time::Duration;

use futures_util::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder, S3ConditionalPut, S3CopyIfNotExists};
use object_store::path::Path;
use object_store::{
    ClientOptions, CopyMode, CopyOptions, ObjectStore, ObjectStoreExt, PutMode, PutOptions,
    PutPayload, RetryConfig, WriteMultipart,
};
use sha2::{Digest, Sha256};
use tracemark_shared::domain::MediaType;

use super::blob::{BlobStore, ByteStream, FinishError, is_photo_name, sniff};

/// Bytes a streamed piece collects before it is sent as one part of a multipart upload
/// (S3's smallest part is 5 MiB).
const PART_BYTES: usize = 5 * 1024 * 1024;

/// Parts of one piece sent at once.
const PARTS_IN_FLIGHT: usize = 2;

/// How long a connection to the bucket may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one request may take (a 5 MiB part on a slow link included).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// How long a failing request is retried before the error reaches the caller (a phone
/// resumes its upload later; a reader sees the error).
const RETRY_FOR: Duration = Duration::from_secs(20);

/// Where the bucket is and how to reach it. Credentials are not here: they come from
/// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, so they are never in a file or a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// The bucket.
    pub bucket: String,
    /// A folder inside the bucket (empty: its root).
    pub prefix: String,
    /// The endpoint of an S3-compatible server (`None`: AWS for the region).
    pub endpoint: Option<String>,
    /// The region.
    pub region: String,
    /// Address the bucket in the path (`ENDPOINT/BUCKET/KEY`), as most S3-compatible
    /// servers want, rather than as a host name.
    pub path_style: bool,
}

impl S3Settings {
    /// Reads `s3://BUCKET[/PREFIX]`.
    pub fn from_url(url: &str) -> anyhow::Result<(String, String)> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| anyhow::anyhow!("a photo store URL starts with s3:// or file://"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid = (3..=63).contains(&bucket.len())
            && bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !valid {
            anyhow::bail!(
                "{bucket:?} is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and dashes"
            );
        }
        Ok((bucket.to_string(), prefix.trim_matches('/').to_string()))
    }
}

/// The keys that sign requests to the bucket. Never printed.
pub struct S3Credentials {
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// `AWS_SESSION_TOKEN`, for temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for S3Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Credentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl S3Credentials {
    /// From `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    pub fn from_env() -> anyhow::Result<Self> {
        match (
            std::env::var("AWS_ACCESS_KEY_ID"),
            std::env::var("AWS_SECRET_ACCESS_KEY"),
        ) {
            (Ok(access_key_id), Ok(secret_access_key)) => Ok(Self {
                access_key_id,
                secret_access_key,
                session_token: std::env::var("AWS_SESSION_TOKEN").ok(),
            }),
            _ => anyhow::bail!(
                "the S3 photo store needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"
            ),
        }
    }
}

/// Photos in an S3-compatible bucket.
#[derive(Debug, Clone)]
pub struct S3Store {
    store: AmazonS3,
    prefix: String,
}

fn io(e: object_store::Error) -> std::io::Error {
    match e {
        object_store::Error::NotFound { .. } => {
            std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string())
        }
        e => std::io::Error::other(e.to_string()),
    }
}

fn is_not_found(e: &object_store::Error) -> bool {
    matches!(e, object_store::Error::NotFound { .. })
}

fn shard(sha: &str) -> (&str, &str) {
    (sha.get(0..2).unwrap_or("xx"), sha.get(2..4).unwrap_or("xx"))
}

impl S3Store {
    /// Connects to the bucket (no request is made until the first use: see
    /// [`S3Store::check`]).
    pub fn new(settings: &S3Settings, credentials: S3Credentials) -> anyhow::Result<Self> {
        // reqwest is built without a TLS provider of its own: ring is the process's
        // (installing it again is harmless).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_virtual_hosted_style_request(!settings.path_style)
            .with_conditional_put(S3ConditionalPut::ETagMatch)
            .with_copy_if_not_exists(S3CopyIfNotExists::Multipart)
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(CONNECT_TIMEOUT)
                    .with_timeout(REQUEST_TIMEOUT),
            )
            .with_retry(RetryConfig {
                max_retries: 4,
                retry_timeout: RETRY_FOR,
                ..RetryConfig::default()
            })
            .with_access_key_id(credentials.access_key_id)
            .with_secret_access_key(credentials.secret_access_key);
        if let Some(token) = credentials.session_token {
            builder = builder.with_token(token);
        }
        if let Some(endpoint) = &settings.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder
            .build()
            .map_err(|e| anyhow::anyhow!("the S3 photo store settings: {e}"))?;
        Ok(Self {
            store,
            prefix: settings.prefix.clone(),
        })
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    fn blob(&self, sha: &str) -> Path {
        let (a, b) = shard(sha);
        self.path(&format!("blobs/{a}/{b}/{sha}"))
    }

    fn derived(&self, sha: &str, suffix: &str) -> Path {
        let (a, b) = shard(sha);
        self.path(&format!("derived/{a}/{b}/{sha}.{suffix}"))
    }

    fn pieces_dir(&self, upload: &str) -> Path {
        self.path(&format!("partial/{upload}"))
    }

    fn piece(&self, upload: &str, offset: u64) -> Path {
        self.path(&format!("partial/{upload}/{offset:020}"))
    }

    fn incoming(&self, upload: &str) -> Path {
        self.path(&format!("incoming/{upload}"))
    }

    /// Whether the bucket answers, within a few seconds: a look for an object that is
    /// never there.
    pub async fn check(&self) -> anyhow::Result<()> {
        let never_there = self.path("readyz");
        let look = self.store.head(&never_there);
        match tokio::time::timeout(CONNECT_TIMEOUT, look).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if is_not_found(&e) => Ok(()),
            Ok(Err(e)) => Err(anyhow::anyhow!("the S3 photo store does not answer: {e}")),
            Err(_) => Err(anyhow::anyhow!(
                "the S3 photo store did not answer within {CONNECT_TIMEOUT:?}"
            )),
        }
    }

    /// The hashes of every stored photo, in order.
    pub async fn stored_photos(&self) -> std::io::Result<Vec<String>> {
        let dir = self.path("blobs");
        let mut listed = self.store.list(Some(&dir));
        let mut found = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(io)?;
            if let Some(name) = meta.location.filename().filter(|n| is_photo_name(n)) {
                found.push(name.to_string());
            }
        }
        found.sort();
        Ok(found)
    }

    /// The pieces of an unfinished upload in order, each with its offset and size.
    async fn pieces(&self, upload: &str) -> std::io::Result<Vec<(Path, u64, u64)>> {
        let dir = self.pieces_dir(upload);
        let mut listed = self.store.list(Some(&dir));
        let mut pieces = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(io)?;
            let Some(offset) = meta
                .location
                .filename()
                .and_then(|name| name.parse::<u64>().ok())
            else {
                continue;
            };
            pieces.push((meta.location, offset, meta.size));
        }
        pieces.sort_by_key(|p| p.1);
        // Only the run of pieces that meet end to end counts.
        let mut end = 0;
        pieces.retain(|(_, offset, size)| {
            let next = *offset == end;
            if next {
                end += size;
            }
            next
        });
        Ok(pieces)
    }

    /// Reads the pieces in order, hashing them and, when there are several, writing
    /// them as one object at `incoming/UPLOAD`. Answers the hash, size, first bytes
    /// and the object that holds the whole upload.
    async fn read_through(
        &self,
        upload: &str,
        hash: bool,
    ) -> Result<(Option<String>, u64, Vec<u8>, Option<Path>), FinishError> {
        let pieces = self.pieces(upload).await?;
        let mut hasher = hash.then(Sha256::new);
        let mut head = Vec::with_capacity(16);
        let mut size = 0u64;
        let (mut assembled, whole) = match pieces.as_slice() {
            [] => (None, None),
            [(only, _, _)] => (None, Some(only.clone())),
            _ => {
                let target = self.incoming(upload);
                let upload = self.store.put_multipart(&target).await.map_err(io)?;
                (
                    Some(WriteMultipart::new_with_chunk_size(upload, PART_BYTES)),
                    Some(target),
                )
            }
        };
        for (piece, _, _) in &pieces {
            let mut bytes = self.store.get(piece).await.map_err(io)?.into_stream();
            while let Some(chunk) = bytes.next().await {
                let chunk = chunk.map_err(io)?;
                if head.len() < 16 {
                    head.extend(chunk.iter().take(16 - head.len()));
                }
                if let Some(h) = hasher.as_mut() {
                    h.update(&chunk);
                }
                size += chunk.len() as u64;
                if let Some(w) = assembled.as_mut() {
                    w.wait_for_capacity(PARTS_IN_FLIGHT).await.map_err(io)?;
                    w.put(chunk);
                }
            }
        }
        if let Some(w) = assembled {
            w.finish().await.map_err(io)?;
        }
        Ok((hasher.map(|h| hex::encode(h.finalize())), size, head, whole))
    }

    /// Gives the verified upload in `whole` its final name, unless the same bytes are
    /// stored already, and drops the upload.
    async fn put_in_place(&self, upload: &str, whole: &Path, sha: &str) -> std::io::Result<()> {
        let copied = self
            .store
            .copy_opts(
                whole,
                &self.blob(sha),
                CopyOptions::new().with_mode(CopyMode::Create),
            )
            .await;
        match copied {
            // Already there: the same bytes (they hash to its name), kept once.
            Ok(()) | Err(object_store::Error::AlreadyExists { .. }) => {}
            Err(e) => return Err(io(e)),
        }
        self.discard(upload).await
    }
}

impl BlobStore for S3Store {
    async fn stored_size(&self, sha: &str) -> std::io::Result<Option<u64>> {
        match self.store.head(&self.blob(sha)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    async fn partial_len(&self, upload: &str) -> std::io::Result<u64> {
        Ok(self
            .pieces(upload)
            .await?
            .last()
            .map_or(0, |(_, offset, size)| offset + size))
    }

    async fn append(&self, upload: &str, chunk: &[u8]) -> std::io::Result<()> {
        let offset = self.partial_len(upload).await?;
        self.store
            .put_opts(
                &self.piece(upload, offset),
                PutPayload::from(chunk.to_vec()),
                PutOptions::from(PutMode::Create),
            )
            .await
            .map(|_| ())
            .map_err(io)
    }

    async fn append_stream(
        &self,
        upload: &str,
        mut pieces: tokio::sync::mpsc::Receiver<bytes::Bytes>,
    ) -> std::io::Result<u64> {
        let offset = self.partial_len(upload).await?;
        let target = self.piece(upload, offset);
        let mut writer = None;
        let mut len = 0u64;
        while let Some(piece) = pieces.recv().await {
            if piece.is_empty() {
                continue;
            }
            if writer.is_none() {
                let upload = self.store.put_multipart(&target).await.map_err(io)?;
                writer = Some(WriteMultipart::new_with_chunk_size(upload, PART_BYTES));
            }
            if let Some(w) = writer.as_mut() {
                w.wait_for_capacity(PARTS_IN_FLIGHT).await.map_err(io)?;
                len += piece.len() as u64;
                w.put(piece);
            }
        }
        if let Some(w) = writer {
            w.finish().await.map_err(io)?;
        }
        Ok(len)
    }

    async fn finish(&self, upload: &str, sha: &str) -> Result<(u64, MediaType), FinishError> {
        let (actual, size, head, whole) = self.read_through(upload, true).await?;
        let actual = actual.unwrap_or_default();
        if actual != sha {
            return Err(FinishError::HashMismatch { actual });
        }
        let media = sniff(&head).ok_or(FinishError::Unsupported)?;
        let whole = whole.ok_or_else(|| std::io::Error::other("the upload has no bytes"))?;
        self.put_in_place(upload, &whole, sha).await?;
        Ok((size, media))
    }

    async fn finish_hashed(
        &self,
        upload: &str,
        sha: &str,
        head: &[u8],
    ) -> Result<(u64, MediaType), FinishError> {
        let media = sniff(head).ok_or(FinishError::Unsupported)?;
        let pieces = self.pieces(upload).await?;
        let size = pieces.last().map_or(0, |(_, offset, size)| offset + size);
        let whole = match pieces.as_slice() {
            [(only, _, _)] => only.clone(),
            _ => {
                let (_, _, _, whole) = self.read_through(upload, false).await?;
                whole.ok_or_else(|| std::io::Error::other("the upload has no bytes"))?
            }
        };
        self.put_in_place(upload, &whole, sha).await?;
        Ok((size, media))
    }

    async fn discard(&self, upload: &str) -> std::io::Result<()> {
        let dir = self.pieces_dir(upload);
        let mut listed = self.store.list(Some(&dir));
        let mut gone = vec![self.incoming(upload)];
        while let Some(meta) = listed.next().await {
            gone.push(meta.map_err(io)?.location);
        }
        for path in gone {
            match self.store.delete(&path).await {
                Err(e) if !is_not_found(&e) => return Err(io(e)),
                _ => {}
            }
        }
        Ok(())
    }

    async fn read(&self, sha: &str) -> std::io::Result<Vec<u8>> {
        let got = self.store.get(&self.blob(sha)).await.map_err(io)?;
        Ok(got.bytes().await.map_err(io)?.to_vec())
    }

    async fn read_stream(&self, sha: &str) -> std::io::Result<(u64, ByteStream)> {
        let got = self.store.get(&self.blob(sha)).await.map_err(io)?;
        let size = got.meta.size;
        Ok((
            size,
            got.into_stream().map(|piece| piece.map_err(io)).boxed(),
        ))
    }

    async fn read_derived(&self, sha: &str, suffix: &str) -> std::io::Result<Option<Vec<u8>>> {
        match self.store.get(&self.derived(sha, suffix)).await {
            Ok(got) => Ok(Some(got.bytes().await.map_err(io)?.to_vec())),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    async fn write_derived(&self, sha: &str, suffix: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        // A PUT replaces an object whole: readers see the old file or the new one.
        self.store
            .put(&self.derived(sha, suffix), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(io)
    }
}
