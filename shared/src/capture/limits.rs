//! The explicit resource limits of the pipeline, with their defaults.
//!
//! Invariant: every limit is checked before the work it bounds starts: the input size
//! before anything is read, the pixel count and decode memory from the header before
//! any pixel is decoded.

/// Default largest photo file: the photo limit of every part of Tracemark.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = crate::validate::MAX_PHOTO_BYTES;
/// Default most pixels: 50 megapixels (phone cameras go to 48–50 MP).
pub const DEFAULT_MAX_PIXELS: u64 = 50_000_000;
/// Default most memory the image decoder may allocate: 256 MiB (a 50 MP RGB image
/// is 150 MB).
pub const DEFAULT_MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// Widest or tallest image accepted: the barcode reader indexes rows and columns
/// with 16 bits.
pub const MAX_IMAGE_SIDE: u32 = 65_535;

/// Resource limits for reading one photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_input_bytes: u64,
    /// Most pixels (width × height from the header).
    pub max_pixels: u64,
    /// Most memory the image decoder may allocate, in bytes (`image::Limits::max_alloc`,
    /// and the decoded image's own size is checked against it first).
    pub max_decode_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_pixels: DEFAULT_MAX_PIXELS,
            max_decode_bytes: DEFAULT_MAX_DECODE_BYTES,
        }
    }
}

impl Limits {
    /// The same limits in the form the `image` crate enforces while decoding.
    pub(crate) fn for_image_crate(&self) -> image::Limits {
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_IMAGE_SIDE);
        limits.max_image_height = Some(MAX_IMAGE_SIDE);
        limits.max_alloc = Some(self.max_decode_bytes);
        limits
    }
}
