//! The one error type of the capture pipeline: why a photo could not be read.
//!
//! Invariant: every variant says what happened and what the user can do about it in
//! one sentence, and carries the numbers (sizes, limits) needed to act on it.

use super::sniff::Container;

/// Why a photo could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// Zero bytes.
    #[error("the file is empty: take or choose the photo again")]
    Empty,
    /// A format the pipeline does not decode (HEIC, AVIF, GIF, TIFF, anything else).
    #[error("unsupported format ({0}): send JPEG (or PNG/WebP)")]
    UnsupportedFormat(Container),
    /// More bytes than the input limit.
    #[error("the file is {size} bytes; the limit is {max} bytes: send a smaller photo")]
    TooLarge {
        /// Bytes given.
        size: u64,
        /// Bytes allowed.
        max: u64,
    },
    /// The header announces more pixels than the limit (a decompression bomb, or a
    /// panorama); nothing was decoded.
    #[error(
        "the image is {width}×{height} pixels, more than the limit of {max} pixels: send a smaller photo"
    )]
    TooManyPixels {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// Pixels allowed.
        max: u64,
    },
    /// Decoding would need more memory than the limit allows.
    #[error(
        "decoding the image needs {needed} bytes of memory; the limit is {max}: send a smaller photo"
    )]
    TooMuchMemory {
        /// Bytes the decoder asked for.
        needed: u64,
        /// Bytes allowed.
        max: u64,
    },
    /// The decoder stopped at one of its limits while decoding (memory for metadata
    /// or buffers).
    #[error("the image exceeds a decoding limit ({0}): send a smaller photo")]
    LimitExceeded(String),
    /// The file is damaged or truncated, or not what its header claims.
    #[error("the {format} file cannot be decoded ({detail}): it may be damaged or truncated")]
    Corrupt {
        /// The sniffed format.
        format: Container,
        /// The decoder's message.
        detail: String,
    },
    /// The barcode reader itself failed (not "no code found", which is an empty list).
    #[error("the barcode reader failed: {0}")]
    Reader(String),
    /// The thumbnail could not be encoded.
    #[error("the thumbnail could not be made: {0}")]
    Thumbnail(String),
}
