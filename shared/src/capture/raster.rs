//! From photo bytes to pixels: decodes JPEG, PNG or WebP under the [`Limits`], applies
//! the EXIF orientation, and makes the grayscale image the reader needs and a small
//! JPEG thumbnail for lists and review.
//!
//! Invariant: no pixel is decoded before the header's dimensions and the decoded size
//! passed the limits; the grayscale image and the thumbnail are both upright (EXIF
//! orientation applied), so positions found in one match what the other shows.

use std::io::Cursor;

use image::{
    DynamicImage, GrayImage, ImageDecoder, ImageError, ImageReader, metadata::Orientation,
};

use super::CaptureError;
use super::limits::{Limits, MAX_IMAGE_SIDE};
use super::sniff::Container;

/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_MAX_SIDE: u32 = 512;
/// JPEG quality of thumbnails (1–100): legible labels at a few tens of kilobytes.
pub const THUMBNAIL_QUALITY: u8 = 80;

/// A small upright JPEG of the photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// JPEG bytes.
    pub jpeg: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A decoded, upright photo.
#[derive(Debug, Clone)]
pub struct Raster {
    /// 8-bit luma, orientation applied.
    pub gray: GrayImage,
    /// The thumbnail.
    pub thumbnail: Thumbnail,
}

/// Decodes `bytes`, already sniffed as `format` (JPEG, PNG or WebP), under `limits`.
pub fn decode(bytes: &[u8], format: Container, limits: &Limits) -> Result<Raster, CaptureError> {
    let image_format = match format {
        Container::Jpeg => image::ImageFormat::Jpeg,
        Container::Png => image::ImageFormat::Png,
        Container::Webp => image::ImageFormat::WebP,
        other => return Err(CaptureError::UnsupportedFormat(other)),
    };
    let err = |e: ImageError| map_error(e, format);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    reader.limits(limits.for_image_crate());
    let mut decoder = reader.into_decoder().map_err(err)?;
    check_header(&decoder, limits)?;
    // A broken EXIF block must not cost the photo: the reader finds codes at any
    // rotation, so an unknown orientation only means an unrotated thumbnail.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(err)?;
    let mut small = shrink(&image);
    small.apply_orientation(orientation);
    let thumbnail = encode_thumbnail(&small)?;
    let mut gray = DynamicImage::ImageLuma8(image.into_luma8());
    gray.apply_orientation(orientation);
    Ok(Raster {
        gray: gray.into_luma8(),
        thumbnail,
    })
}

/// The pixel and memory limits, from the header alone.
fn check_header(decoder: &impl ImageDecoder, limits: &Limits) -> Result<(), CaptureError> {
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(CaptureError::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        });
    }
    let needed = decoder.total_bytes();
    if needed > limits.max_decode_bytes {
        return Err(CaptureError::TooMuchMemory {
            needed,
            max: limits.max_decode_bytes,
        });
    }
    Ok(())
}

fn map_error(e: ImageError, format: Container) -> CaptureError {
    match e {
        ImageError::Limits(l) => CaptureError::LimitExceeded(l.to_string()),
        other => CaptureError::Corrupt {
            format,
            detail: other.to_string(),
        },
    }
}

/// Fits the image into the thumbnail box; never enlarges a smaller one.
fn shrink(image: &DynamicImage) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    if w.max(h) <= THUMBNAIL_MAX_SIDE {
        return image.clone();
    }
    image.thumbnail(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE)
}

fn encode_thumbnail(small: &DynamicImage) -> Result<Thumbnail, CaptureError> {
    let rgb = small.to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, THUMBNAIL_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| CaptureError::Thumbnail(e.to_string()))?;
    Ok(Thumbnail {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}
