//! Photos kept on the device by SHA-256 until the server holds them.
//!
//! Invariant: a photo's file is complete whenever its name exists: it is written to a
//! temporary name, flushed to disk, then renamed; its row is written only after the
//! file is in place, and the file is removed only after the server said it holds it.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rusqlite::params;
use sha2::Digest;
use tracemark_shared::domain::{MediaType, PhotoRef, Sha256};
use tracemark_shared::validate::MAX_PHOTO_BYTES;

use super::{LocalStore, PHOTO_DIR, StoreError, now, to_i64, to_u64};

/// Marks the temporary files of unfinished writes (removed when the store opens).
const TEMP_MARK: &str = ".tmp-";

/// A photo the server does not hold yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPhoto {
    /// Its hash and type.
    pub photo: PhotoRef,
}

impl LocalStore {
    /// Keeps a photo on the device and returns the reference to put in a record.
    /// Adding the same bytes twice keeps one copy.
    pub fn add_photo(&self, bytes: &[u8]) -> Result<PhotoRef, StoreError> {
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size > MAX_PHOTO_BYTES {
            return Err(StoreError::TooLarge("the photo"));
        }
        let media_type = sniff(bytes).ok_or(StoreError::UnsupportedPhoto)?;
        let sha256 = Sha256::from_bytes(sha2::Sha256::digest(bytes).into());
        let path = self.photo_path(&sha256);
        if !path.exists() {
            write_durably(&path, bytes)?;
        }
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO photos (sha256, media_type, size, added_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![sha256.to_string(), media_type.as_str(), to_i64(size), now()],
            )?;
            Ok(())
        })?;
        Ok(PhotoRef {
            sha256,
            media_type,
            size,
        })
    }

    /// Where a photo's file is (it may be gone once the server holds the photo).
    pub fn photo_path(&self, sha256: &Sha256) -> PathBuf {
        self.dir.join(PHOTO_DIR).join(sha256.to_string())
    }

    /// The photo's bytes, if the device still holds them.
    pub fn photo_bytes(&self, sha256: &Sha256) -> Result<Option<Vec<u8>>, StoreError> {
        match fs::read(self.photo_path(sha256)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Photos the server does not hold yet, oldest first.
    pub fn pending_photos(&self) -> Result<Vec<PendingPhoto>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT sha256, media_type, size FROM photos WHERE state = 'local'
                 ORDER BY added_at, sha256",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (sha, media, size) = row?;
                // Rows are only written by `add_photo`, so both parse.
                if let (Ok(sha256), Ok(media_type)) =
                    (Sha256::parse(&sha), media.parse::<MediaType>())
                {
                    out.push(PendingPhoto {
                        photo: PhotoRef {
                            sha256,
                            media_type,
                            size: to_u64(size),
                        },
                    });
                }
            }
            Ok(out)
        })
    }

    /// Up to `len` bytes of a photo from `offset`.
    pub fn read_photo_chunk(
        &self,
        sha256: &Sha256,
        offset: u64,
        len: usize,
    ) -> Result<Vec<u8>, StoreError> {
        let mut file = File::open(self.photo_path(sha256))?;
        file.seek(SeekFrom::Start(offset))?;
        let mut buf = Vec::with_capacity(len);
        file.take(u64::try_from(len).unwrap_or(u64::MAX))
            .read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// Whether the photo's file still hashes to its name (catches a damaged file before
    /// it is sent).
    pub fn photo_intact(&self, sha256: &Sha256) -> Result<bool, StoreError> {
        let mut file = File::open(self.photo_path(sha256))?;
        let mut hasher = sha2::Sha256::new();
        std::io::copy(&mut file, &mut hasher)?;
        Ok(hasher.finalize().as_slice() == sha256.as_bytes())
    }

    /// The server holds the photo: forget the upload and free the space.
    pub fn mark_photo_uploaded(&self, sha256: &Sha256) -> Result<(), StoreError> {
        self.set_photo_state(sha256, "uploaded", None)?;
        match fs::remove_file(self.photo_path(sha256)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// The server will never take the photo (damaged or unsupported): stop trying and
    /// keep the file and the reason for the user.
    pub fn mark_photo_refused(&self, sha256: &Sha256, reason: &str) -> Result<(), StoreError> {
        self.set_photo_state(sha256, "refused", Some(reason))
    }

    fn set_photo_state(
        &self,
        sha256: &Sha256,
        state: &str,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE photos SET state = ?2, last_error = ?3 WHERE sha256 = ?1",
                params![sha256.to_string(), state, reason],
            )?;
            Ok(())
        })
    }

    /// Removes temporary files left by a write that a crash interrupted.
    pub(super) fn remove_stale_temp_files(&self) -> Result<(), StoreError> {
        for entry in fs::read_dir(self.dir.join(PHOTO_DIR))? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().contains(TEMP_MARK) {
                fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }
}

/// Writes `bytes` at `path` so that `path` never holds a partial file.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!("{name}{TEMP_MARK}{}", uuid::Uuid::new_v4()));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, path)?;
    // Make the rename itself durable (directories cannot be opened for sync on Windows).
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// Recognises the formats the server stores from their first bytes. (The capture
/// pipeline in `shared` sniffs too, behind its `capture` feature; once that is on main
/// this should call it.)
fn sniff(head: &[u8]) -> Option<MediaType> {
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaType::Jpeg)
    } else if head.starts_with(PNG) {
        Some(MediaType::Png)
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP".as_slice()) {
        Some(MediaType::Webp)
    } else {
        None
    }
}
