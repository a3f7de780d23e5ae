//! Where photo bytes live: a content-addressed blob store behind a small trait, with a
//! local-filesystem implementation here and an S3-compatible one in `s3`.
//!
//! Invariant: a blob appears under its final name only after its bytes were hashed
//! and matched the name, fsynced, and renamed into place; an interrupted upload
//! leaves at most a partial file under `partial/`, never a half blob. Unfinished
//! uploads are kept per upload key (the uploading agency and the hash), so one agency
//! can neither see nor add to another's.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tracemark_shared::domain::MediaType;

/// Why a finished upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    /// The bytes do not hash to the name they were sent under.
    #[error("the bytes hash to {actual}, not to the SHA-256 in the address")]
    HashMismatch {
        /// What the bytes hash to.
        actual: String,
    },
    /// Not a JPEG, PNG or WebP image.
    #[error("unsupported format: send a JPEG, PNG or WebP photo")]
    Unsupported,
    /// The filesystem failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// How many bytes the writer lets pile up in the page cache before asking the disk to
/// take them (so the final fsync of a large photo waits for one piece, not all).
const FLUSH_EVERY: u64 = 4 * 1024 * 1024;

/// A content-addressed blob store with resumable writes.
pub trait BlobStore: Send + Sync {
    /// Size of the stored blob, if stored.
    fn stored_size(&self, sha: &str) -> impl Future<Output = std::io::Result<Option<u64>>> + Send;
    /// Bytes received so far of the unfinished upload `upload` (see [`upload_key`]).
    fn partial_len(&self, upload: &str) -> impl Future<Output = std::io::Result<u64>> + Send;
    /// Appends a chunk to the unfinished upload.
    fn append(
        &self,
        upload: &str,
        chunk: &[u8],
    ) -> impl Future<Output = std::io::Result<()>> + Send;
    /// Appends every piece that arrives on `pieces` to the unfinished upload, on a
    /// thread of its own so that receiving (and hashing) and writing overlap, pushing
    /// the bytes to the disk as they come so that making the blob durable at the end
    /// has little left to do. Stops when the sender is dropped; answers the number of
    /// bytes appended.
    fn append_stream(
        &self,
        upload: &str,
        pieces: tokio::sync::mpsc::Receiver<bytes::Bytes>,
    ) -> impl Future<Output = std::io::Result<u64>> + Send;
    /// Verifies that the complete upload hashes to `sha` and moves it into place; when
    /// the blob is already stored (another agency sent the same bytes), the verified
    /// upload is dropped and the stored blob kept.
    fn finish(
        &self,
        upload: &str,
        sha: &str,
    ) -> impl Future<Output = Result<(u64, MediaType), FinishError>> + Send;
    /// Like [`BlobStore::finish`] for an upload whose bytes the caller hashed on the way
    /// in and found equal to `sha` (`head`: its first bytes, for the format): the bytes
    /// are not read again.
    fn finish_hashed(
        &self,
        upload: &str,
        sha: &str,
        head: &[u8],
    ) -> impl Future<Output = Result<(u64, MediaType), FinishError>> + Send;
    /// Drops an unfinished upload.
    fn discard(&self, upload: &str) -> impl Future<Output = std::io::Result<()>> + Send;
    /// Reads a stored blob.
    fn read(&self, sha: &str) -> impl Future<Output = std::io::Result<Vec<u8>>> + Send;
    /// A stored blob's size and its bytes as they are read, piece by piece (a photo of
    /// tens of MB is never held whole in memory to be sent).
    fn read_stream(
        &self,
        sha: &str,
    ) -> impl Future<Output = std::io::Result<(u64, ByteStream)>> + Send;
    /// Reads a file derived from a blob (its thumbnail…), kept beside it under
    /// `suffix`, if one was made.
    fn read_derived(
        &self,
        sha: &str,
        suffix: &str,
    ) -> impl Future<Output = std::io::Result<Option<Vec<u8>>>> + Send;
    /// Keeps a file derived from a blob; it appears whole or not at all.
    fn write_derived(
        &self,
        sha: &str,
        suffix: &str,
        bytes: Vec<u8>,
    ) -> impl Future<Output = std::io::Result<()>> + Send;
}

/// Bytes read piece by piece.
pub type ByteStream = futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>;

/// Bytes read from a file at a time when streaming it.
const READ_PIECE: usize = 256 * 1024;

/// The key of one agency's unfinished upload of one hash (file-name safe: agency ids
/// are UUIDs, hashes hex).
pub fn upload_key(agency_id: &str, sha: &str) -> String {
    let safe: String = agency_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{safe}.{sha}")
}

/// Recognises the image formats Tracemark stores from their first bytes.
pub fn sniff(head: &[u8]) -> Option<MediaType> {
    match head {
        [0xFF, 0xD8, 0xFF, ..] => Some(MediaType::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(MediaType::Png),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some(MediaType::Webp),
        _ => None,
    }
}

/// Blobs on the local filesystem, sharded by the first two bytes of the hash.
#[derive(Debug, Clone)]
pub struct FsStore {
    root: PathBuf,
}

impl FsStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Final path of a blob. `sha` must already be 64 lower-case hex digits.
    fn final_path(&self, sha: &str) -> PathBuf {
        let a = sha.get(0..2).unwrap_or("xx");
        let b = sha.get(2..4).unwrap_or("xx");
        self.root.join(a).join(b).join(sha)
    }

    /// Derived files live in their own tree, so a blob's directory holds blobs only.
    fn derived_path(&self, sha: &str, suffix: &str) -> PathBuf {
        let a = sha.get(0..2).unwrap_or("xx");
        let b = sha.get(2..4).unwrap_or("xx");
        self.root
            .join("derived")
            .join(a)
            .join(b)
            .join(format!("{sha}.{suffix}"))
    }

    fn partial_path(&self, upload: &str) -> PathBuf {
        self.root.join("partial").join(format!("{upload}.part"))
    }

    /// The hashes of every stored photo, in order.
    pub fn stored_photos(&self) -> std::io::Result<Vec<String>> {
        let shard = |name: &str| name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit());
        let mut found = Vec::new();
        let Ok(top) = std::fs::read_dir(&self.root) else {
            return Ok(found); // nothing stored yet
        };
        for a in top {
            let a = a?;
            if !shard(&a.file_name().to_string_lossy()) {
                continue; // partial/, derived/
            }
            for b in std::fs::read_dir(a.path())? {
                let b = b?;
                if !shard(&b.file_name().to_string_lossy()) {
                    continue;
                }
                for blob in std::fs::read_dir(b.path())? {
                    let name = blob?.file_name().to_string_lossy().into_owned();
                    if is_photo_name(&name) {
                        found.push(name);
                    }
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// Whether a stored object's name is a photo's hash (64 lower-case hex digits).
pub fn is_photo_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn size_of(path: &Path) -> std::io::Result<Option<u64>> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(Some(m.len())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn finish_blocking(
    partial: &Path,
    target: &Path,
    sha: &str,
) -> Result<(u64, MediaType), FinishError> {
    let mut file = std::fs::File::open(partial)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(16);
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        let chunk = buf.get(..n).unwrap_or_default();
        if n == 0 {
            break;
        }
        if head.len() < 16 {
            head.extend(chunk.iter().take(16 - head.len()));
        }
        hasher.update(chunk);
        size += n as u64;
    }
    let actual = hex::encode(hasher.finalize());
    if actual != sha {
        return Err(FinishError::HashMismatch { actual });
    }
    let media = sniff(&head).ok_or(FinishError::Unsupported)?;
    put_in_place(partial, target, media, size)
}

/// Makes a verified partial file durable and gives it its final name (or drops it when
/// the same bytes are stored already).
fn put_in_place(
    partial: &Path,
    target: &Path,
    media: MediaType,
    size: u64,
) -> Result<(u64, MediaType), FinishError> {
    // Make the bytes durable before they get their final name.
    std::fs::OpenOptions::new()
        .write(true)
        .open(partial)?
        .sync_all()?;
    if target.exists() {
        // Same bytes, already stored once: keep one copy.
        std::fs::remove_file(partial)?;
        return Ok((size, media));
    }
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("blob path has no parent"))?;
    std::fs::create_dir_all(dir)?;
    std::fs::rename(partial, target)?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok((size, media))
}

impl BlobStore for FsStore {
    async fn stored_size(&self, sha: &str) -> std::io::Result<Option<u64>> {
        size_of(&self.final_path(sha))
    }

    async fn partial_len(&self, upload: &str) -> std::io::Result<u64> {
        Ok(size_of(&self.partial_path(upload))?.unwrap_or(0))
    }

    async fn append(&self, upload: &str, chunk: &[u8]) -> std::io::Result<()> {
        let path = self.partial_path(upload);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let mut f = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .await?;
        f.write_all(chunk).await?;
        f.flush().await
    }

    async fn append_stream(
        &self,
        upload: &str,
        mut pieces: tokio::sync::mpsc::Receiver<bytes::Bytes>,
    ) -> std::io::Result<u64> {
        let path = self.partial_path(upload);
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?;
            // A second thread asks the disk to take what was written so far while this
            // one goes on writing; the final fsync then waits for the last piece only.
            let (flush, flushes) = std::sync::mpsc::sync_channel::<()>(1);
            let flusher = {
                let file = file.try_clone()?;
                std::thread::spawn(move || -> std::io::Result<()> {
                    while flushes.recv().is_ok() {
                        file.sync_data()?;
                    }
                    Ok(())
                })
            };
            let (mut len, mut unflushed) = (0u64, 0u64);
            while let Some(piece) = pieces.blocking_recv() {
                file.write_all(&piece)?;
                len += piece.len() as u64;
                unflushed += piece.len() as u64;
                if unflushed >= FLUSH_EVERY {
                    // Busy flushing the previous piece: this one goes with the next.
                    let _ = flush.try_send(());
                    unflushed = 0;
                }
            }
            drop(flush);
            flusher
                .join()
                .map_err(|_| std::io::Error::other("the flushing thread panicked"))??;
            Ok(len)
        })
        .await
        .map_err(std::io::Error::other)?
    }

    async fn finish(&self, upload: &str, sha: &str) -> Result<(u64, MediaType), FinishError> {
        let partial = self.partial_path(upload);
        let target = self.final_path(sha);
        let sha = sha.to_string();
        tokio::task::spawn_blocking(move || finish_blocking(&partial, &target, &sha))
            .await
            .map_err(|e| FinishError::Io(std::io::Error::other(e)))?
    }

    async fn finish_hashed(
        &self,
        upload: &str,
        sha: &str,
        head: &[u8],
    ) -> Result<(u64, MediaType), FinishError> {
        let media = sniff(head).ok_or(FinishError::Unsupported)?;
        let partial = self.partial_path(upload);
        let target = self.final_path(sha);
        tokio::task::spawn_blocking(move || {
            let size = std::fs::metadata(&partial)?.len();
            put_in_place(&partial, &target, media, size)
        })
        .await
        .map_err(|e| FinishError::Io(std::io::Error::other(e)))?
    }

    async fn discard(&self, upload: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.partial_path(upload)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    async fn read(&self, sha: &str) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.final_path(sha)).await
    }

    async fn read_stream(&self, sha: &str) -> std::io::Result<(u64, ByteStream)> {
        use futures_util::StreamExt;
        use tokio::io::AsyncReadExt;
        let file = tokio::fs::File::open(self.final_path(sha)).await?;
        let size = file.metadata().await?.len();
        let pieces = futures_util::stream::unfold(Some(file), |file| async move {
            let mut file = file?;
            let mut buf = bytes::BytesMut::zeroed(READ_PIECE);
            match file.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(buf.freeze()), Some(file)))
                }
                Err(e) => Some((Err(e), None)),
            }
        });
        Ok((size, pieces.boxed()))
    }

    async fn read_derived(&self, sha: &str, suffix: &str) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.derived_path(sha, suffix)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn write_derived(&self, sha: &str, suffix: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let target = self.derived_path(sha, suffix);
        tokio::task::spawn_blocking(move || write_whole(&target, &bytes))
            .await
            .map_err(std::io::Error::other)?
    }
}

/// Writes to a unique temporary name, then renames, so readers never see a partial
/// file and two writers of the same derived file cannot interleave.
fn write_whole(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("derived path has no parent"))?;
    std::fs::create_dir_all(dir)?;
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!(".tmp-{}", hex::encode(nonce)));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[tokio::test]
    async fn resumable_write_then_verified_rename() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let sha = hex::encode(Sha256::digest(PNG));
        let up = upload_key("agency-a", &sha);
        let other = upload_key("agency-b", &sha);
        assert_eq!(store.partial_len(&up).await.unwrap(), 0);
        store.append(&up, &PNG[..5]).await.unwrap();
        assert_eq!(store.partial_len(&up).await.unwrap(), 5);
        assert_eq!(store.partial_len(&other).await.unwrap(), 0, "kept apart");
        assert_eq!(store.stored_size(&sha).await.unwrap(), None, "no half blob");
        store.append(&up, &PNG[5..]).await.unwrap();
        let (size, media) = store.finish(&up, &sha).await.unwrap();
        assert_eq!((size, media), (PNG.len() as u64, MediaType::Png));
        assert_eq!(store.read(&sha).await.unwrap(), PNG);
        assert_eq!(store.partial_len(&up).await.unwrap(), 0);
        // A second agency proves it holds the same bytes; one copy stays.
        store.append(&other, PNG).await.unwrap();
        assert!(store.finish(&other, &sha).await.is_ok());
        assert_eq!(store.partial_len(&other).await.unwrap(), 0);
        assert!(
            dir.path()
                .join(&sha[0..2])
                .join(&sha[2..4])
                .join(&sha)
                .exists()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn streamed_pieces_are_appended_in_order_past_the_flush_size() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        // A large photo: a JPEG head, then more than two flush pieces of bytes.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.extend((0..(2 * FLUSH_EVERY + 12_345)).map(|i| (i % 251) as u8));
        let sha = hex::encode(Sha256::digest(&bytes));
        let up = upload_key("agency-a", &sha);
        // Resumed: the first bytes are there already.
        store.append(&up, &bytes[..1000]).await.unwrap();
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let rest = bytes[1000..].to_vec();
        let sender = tokio::spawn(async move {
            for piece in rest.chunks(65_536) {
                tx.send(bytes::Bytes::copy_from_slice(piece)).await.unwrap();
            }
        });
        let appended = store.append_stream(&up, rx).await.unwrap();
        sender.await.unwrap();
        assert_eq!(appended, bytes.len() as u64 - 1000);
        assert_eq!(store.partial_len(&up).await.unwrap(), bytes.len() as u64);
        let (size, media) = store.finish(&up, &sha).await.unwrap();
        assert_eq!((size, media), (bytes.len() as u64, MediaType::Jpeg));
        assert_eq!(store.read(&sha).await.unwrap(), bytes);
    }

    #[tokio::test]
    async fn mismatch_and_unsupported_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let wrong = "0".repeat(64);
        store.append(&wrong, PNG).await.unwrap();
        assert!(matches!(
            store.finish(&wrong, &wrong).await,
            Err(FinishError::HashMismatch { .. })
        ));
        let gif = b"GIF89a....";
        let sha = hex::encode(Sha256::digest(gif));
        store.append(&sha, gif).await.unwrap();
        assert!(matches!(
            store.finish(&sha, &sha).await,
            Err(FinishError::Unsupported)
        ));
        assert_eq!(store.stored_size(&sha).await.unwrap(), None);
    }

    #[tokio::test]
    async fn derived_files_appear_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsStore::new(dir.path());
        let sha = "ab".repeat(32);
        assert_eq!(store.read_derived(&sha, "thumb.jpg").await.unwrap(), None);
        store
            .write_derived(&sha, "thumb.jpg", b"jpeg".to_vec())
            .await
            .unwrap();
        store
            .write_derived(&sha, "thumb.jpg", b"jpeg2".to_vec())
            .await
            .unwrap();
        assert_eq!(
            store.read_derived(&sha, "thumb.jpg").await.unwrap(),
            Some(b"jpeg2".to_vec())
        );
        let leftovers = std::fs::read_dir(dir.path().join("derived/ab/ab"))
            .unwrap()
            .count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(MediaType::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(MediaType::Webp));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), None);
        assert_eq!(sniff(b""), None);
    }
}
