//! Synthetic field photos for tests and benchmarks: a real label image pasted, enlarged,
//! into a large noisy canvas, the way a label sits in a 12 MP phone photo.
//!
//! Invariant: deterministic (a fixed-seed generator), so every run reads the same
//! pixels.

use image::{GrayImage, Luma, imageops};

/// Where and how large the label was placed: `(x, y, width, height)`.
pub type Placement = (u32, u32, u32, u32);

/// Margin around and between the codes of a label, in label pixels.
const LABEL_MARGIN: u32 = 24;

/// A white label holding `codes` side by side, each enlarged by its factor.
pub fn label(codes: &[(&GrayImage, u32)]) -> GrayImage {
    let parts: Vec<GrayImage> = codes
        .iter()
        .map(|(img, k)| {
            imageops::resize(
                *img,
                img.width() * k,
                img.height() * k,
                imageops::FilterType::Nearest,
            )
        })
        .collect();
    let width = parts.iter().map(|p| p.width() + LABEL_MARGIN).sum::<u32>() + LABEL_MARGIN;
    let height = parts.iter().map(GrayImage::height).max().unwrap_or(0) + 2 * LABEL_MARGIN;
    let mut sheet = GrayImage::from_pixel(width, height, Luma([255]));
    let mut x = LABEL_MARGIN;
    for p in &parts {
        imageops::replace(&mut sheet, p, i64::from(x), i64::from(LABEL_MARGIN));
        x += p.width() + LABEL_MARGIN;
    }
    sheet
}

/// A `width` × `height` canvas of gray noise with `label` enlarged `scale` times
/// (nearest neighbour, like a sharp photo of print) at `(x, y)`.
pub fn label_in_photo(
    label: &GrayImage,
    width: u32,
    height: u32,
    (x, y): (u32, u32),
    scale: u32,
) -> (GrayImage, Placement) {
    let mut state: u32 = 0x2545_F491;
    let mut canvas = GrayImage::from_fn(width, height, |_, _| {
        // xorshift32: cheap, deterministic texture (paper, cardboard, sensor noise).
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        Luma([96 + (state % 64) as u8])
    });
    let (w, h) = (label.width() * scale, label.height() * scale);
    let big = imageops::resize(label, w, h, imageops::FilterType::Nearest);
    imageops::replace(&mut canvas, &big, i64::from(x), i64::from(y));
    (canvas, (x, y, w, h))
}
