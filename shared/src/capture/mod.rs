//! The capture pipeline: photo bytes in, every barcode in the photo out, decoded,
//! parsed and merged into prefill suggestions for the record. Pure functions over
//! bytes; no I/O.
//!
//! Steps: sniff the format ([`sniff`]), check the [`Limits`], decode and orient the
//! image ([`raster`]), find the codes ([`scan`], through the one reader module
//! [`decoder`]), parse each with [`crate::marking::parse_or_plain`], merge
//! ([`prefill`]).
//!
//! Invariant: [`read_photo`] never panics and never decodes beyond its [`Limits`]; it
//! either returns a [`Capture`] whose [`PhotoRef`] is the SHA-256 of exactly the bytes
//! given (they are evidence and are never altered), or a [`CaptureError`] saying what
//! to do. A photo with no code is a capture with no codes, not an error.

mod code;
pub mod decoder;
mod error;
mod limits;
mod prefill;
mod raster;
mod scan;
mod sniff;

use sha2::Digest;

pub use code::{Code, CodeFormat, Point, Quad};
pub use error::CaptureError;
pub use image::GrayImage;
pub use limits::{
    DEFAULT_MAX_DECODE_BYTES, DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_PIXELS, Limits, MAX_IMAGE_SIDE,
};
pub use prefill::{Candidate, Conflict, Field, Origin, Prefill, Suggestion, prefill};
pub use raster::{Raster, THUMBNAIL_MAX_SIDE, THUMBNAIL_QUALITY, Thumbnail};
pub use scan::{FIRST_PASS_MAX_SIDE, MAX_REGION_RETRIES};
pub use sniff::{Container, sniff};

use crate::domain::{MediaType, PhotoRef, Sha256};
use crate::marking::{self, SymbologyId};

/// Everything read from one photo.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Capture {
    /// The original bytes' digest, format and size.
    pub photo: PhotoRef,
    /// Width of the upright photo, in pixels.
    pub width: u32,
    /// Height of the upright photo, in pixels.
    pub height: u32,
    /// Every code found, in reading order.
    pub codes: Vec<Code>,
    /// Suggestions, conflicts and warnings for the record.
    #[serde(flatten)]
    pub prefill: Prefill,
    /// A small upright JPEG for lists and review (not serialised).
    #[serde(skip)]
    pub thumbnail: Thumbnail,
}

/// Reads one photo (JPEG, PNG or WebP) under `limits`.
pub fn read_photo(bytes: &[u8], limits: &Limits) -> Result<Capture, CaptureError> {
    let (media_type, raster) = decode_image(bytes, limits)?;
    let codes = read_codes(&raster.gray)?;
    Ok(Capture {
        photo: PhotoRef {
            sha256: Sha256::from_bytes(sha2::Sha256::digest(bytes).into()),
            media_type,
            size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        },
        width: raster.gray.width(),
        height: raster.gray.height(),
        prefill: prefill(&codes),
        codes,
        thumbnail: raster.thumbnail,
    })
}

/// Checks and decodes one photo under `limits`: its media type, the upright
/// grayscale image and the thumbnail. [`read_photo`] starts here; so does anything
/// that only needs the pixels or a thumbnail.
pub fn decode_image(bytes: &[u8], limits: &Limits) -> Result<(MediaType, Raster), CaptureError> {
    if bytes.is_empty() {
        return Err(CaptureError::Empty);
    }
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_input_bytes {
        return Err(CaptureError::TooLarge {
            size,
            max: limits.max_input_bytes,
        });
    }
    let container = sniff(bytes);
    let media_type = container
        .media_type()
        .ok_or(CaptureError::UnsupportedFormat(container))?;
    Ok((media_type, raster::decode(bytes, container, limits)?))
}

/// Finds, decodes and parses every code in an upright grayscale image; numbered in
/// reading order (top to bottom, then left to right).
pub fn read_codes(gray: &GrayImage) -> Result<Vec<Code>, CaptureError> {
    let mut raw = scan::scan(gray)?;
    raw.sort_by_key(|c| {
        let (top_left, _) = c.position.bounds();
        (top_left.y, top_left.x)
    });
    Ok(raw
        .into_iter()
        .enumerate()
        .map(|(index, r)| to_code(index, r))
        .collect())
}

/// Parses one symbol. The bytes are parsed when they are UTF-8 (GS1 and ISO 15434
/// keep their control characters only there); otherwise (a legacy code page, marked
/// by ECI or not) the reader's transcoded text is.
fn to_code(index: usize, raw: decoder::RawCode) -> Code {
    let symbology = SymbologyId::new(&raw.symbology);
    let input = match std::str::from_utf8(&raw.bytes) {
        Ok(_) => raw.bytes.as_slice(),
        Err(_) => raw.text.as_bytes(),
    };
    let parsed = marking::parse_or_plain(input, symbology.clone());
    Code {
        index,
        format: raw.format,
        symbology,
        text: raw.text,
        bytes: raw.bytes,
        position: raw.position,
        parsed,
    }
}

#[cfg(test)]
mod tests;
