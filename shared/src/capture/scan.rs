//! Where to look, and at which resolution: a large photo is read first at a reduced
//! size; symbols that were located there but could not be decoded are read again at
//! full resolution in their own region; a photo where nothing at all was decoded is
//! read once more, whole, at full resolution. A small image ([`SECOND_LOOK_MAX_SIDE`])
//! where nothing was decoded gets a second look: at twice its size (modules of one or
//! two pixels), then with one threshold for the whole image.
//!
//! Invariant: the work per photo is bounded: at most one reduced pass, then region
//! retries whose pixels together stay within one full image
//! ([`MAX_REGION_RETRIES`] at most), then at most one full pass; a small image is
//! read at most three times, the largest at four times its (few) pixels; every reported
//! position is in the full image's coordinates, and a symbol found twice (two passes,
//! same bytes, overlapping outlines) is reported once.

use image::GrayImage;
use image::imageops;

use super::CaptureError;
use super::code::{Point, Quad};
use super::decoder::{self, RawCode, ReadMode};

/// Photos whose longest side exceeds this are read first at this size. 2048 px keeps
/// a label's codes at two or more pixels per module in a 12 MP photo taken at arm's
/// length, at a quarter of the pixels.
pub const FIRST_PASS_MAX_SIDE: u32 = 2048;
/// Most located-but-undecoded symbols retried at full resolution.
pub const MAX_REGION_RETRIES: usize = 8;
/// Margin added on each side of a located symbol before it is retried, in percent of
/// the symbol's own width or height (quiet zone plus the detector's error).
pub const REGION_MARGIN_PERCENT: i64 = 50;
/// Smallest margin around a retried region, in full-resolution pixels.
pub const MIN_REGION_MARGIN: i64 = 32;
/// Margin added on each side of the codes already found before the label around them
/// is read again at full resolution, in percent of their joint width or height.
pub const LABEL_MARGIN_PERCENT: i64 = 100;
/// Smallest margin around the codes found, as a fraction (1/n) of the photo's longest
/// side: a label photographed at arm's length spans a good part of the photo, and its
/// other codes may sit a label's width away from the one found.
pub const LABEL_MARGIN_DIVISOR: i64 = 4;

/// Margin around the codes found that makes the small label read at twice its size,
/// in percent of their joint width or height (a label is a few codes wide).
pub const SMALL_LABEL_MARGIN_PERCENT: i64 = 300;
/// A label is read at twice its size only when it covers at most this fraction (1/n)
/// of the photo: its doubled copy then costs at most a quarter of a whole read.
pub const SMALL_LABEL_DIVISOR: u64 = 16;

/// Images whose longest side is at most this, and where the first pass decoded
/// nothing, get a second look: at twice their size (a code of one or two pixels per
/// module, in a small crop or a thumbnail, is too fine for the reader's sampling),
/// then with one threshold for the whole image. Larger images would pay for it on
/// every photo without a code.
pub const SECOND_LOOK_MAX_SIDE: u32 = 512;

/// Every valid symbol in an upright grayscale photo.
pub fn scan(gray: &GrayImage) -> Result<Vec<RawCode>, CaptureError> {
    let (width, height) = gray.dimensions();
    let longest = width.max(height);
    if longest <= FIRST_PASS_MAX_SIDE {
        let mut found = valid_only(decoder::read(gray, ReadMode::Thorough)?);
        if found.is_empty() {
            return second_look(gray);
        }
        read_small_label_doubled(gray, &mut found)?;
        return Ok(found);
    }
    let small_w = scale_down(width, longest);
    let small_h = scale_down(height, longest);
    let small = reduce(gray, small_w, small_h);
    let up = |p: Point| Point {
        x: rescale(p.x, width, small_w),
        y: rescale(p.y, height, small_h),
    };
    let mut found = Vec::new();
    let mut located = Vec::new();
    for mut code in decoder::read(&small, ReadMode::ReportFailures)? {
        code.position = code.position.map(up);
        if code.valid {
            push_unique(&mut found, code);
        } else {
            located.push(code.position);
        }
    }
    let mut budget = u64::from(width) * u64::from(height);
    for region in located.iter().take(MAX_REGION_RETRIES) {
        let Some(rect) = region_around(
            region,
            REGION_MARGIN_PERCENT,
            MIN_REGION_MARGIN,
            width,
            height,
        ) else {
            continue;
        };
        if !read_region(gray, rect, ReadMode::Thorough, &mut budget, &mut found)? {
            break;
        }
    }
    let min_margin = i64::from(longest) / LABEL_MARGIN_DIVISOR;
    let label = joint_outline(&found)
        .and_then(|label| region_around(&label, LABEL_MARGIN_PERCENT, min_margin, width, height));
    if let Some(rect) = label {
        // The reduced pass covered the coarse scales of this region.
        read_region(
            gray,
            rect,
            ReadMode::FullResolutionOnly,
            &mut budget,
            &mut found,
        )?;
    }
    if found.is_empty() {
        // The reduced pass covered the coarse scales; only the full one is new.
        found = valid_only(decoder::read(gray, ReadMode::FullResolutionOnly)?);
    }
    read_small_label_doubled(gray, &mut found)?;
    Ok(found)
}

/// When the codes found sit on a label that is small in the photo (taken from a step
/// back, across an aisle), reads the label around them again at twice its size:
/// its other codes may have bars or modules of one or two pixels, too fine for the
/// reader at their own size. Catmull-Rom interpolation keeps the edges steep.
fn read_small_label_doubled(
    gray: &GrayImage,
    found: &mut Vec<RawCode>,
) -> Result<(), CaptureError> {
    let (width, height) = gray.dimensions();
    let Some(rect) = joint_outline(found).and_then(|label| {
        region_around(
            &label,
            SMALL_LABEL_MARGIN_PERCENT,
            MIN_REGION_MARGIN,
            width,
            height,
        )
    }) else {
        return Ok(());
    };
    let (x, y, w, h) = rect;
    let photo = u64::from(width) * u64::from(height);
    if u64::from(w) * u64::from(h) * SMALL_LABEL_DIVISOR > photo {
        return Ok(());
    }
    let crop = imageops::crop_imm(gray, x, y, w, h).to_image();
    let double = imageops::resize(&crop, w * 2, h * 2, imageops::FilterType::CatmullRom);
    for mut code in valid_only(decoder::read(&double, ReadMode::FullResolutionOnly)?) {
        code.position = code.position.map(|p| Point {
            x: (p.x / 2).saturating_add(i32::try_from(x).unwrap_or(i32::MAX)),
            y: (p.y / 2).saturating_add(i32::try_from(y).unwrap_or(i32::MAX)),
        });
        push_unique(found, code);
    }
    Ok(())
}

/// A small image in which the first pass decoded nothing, read again: at twice its
/// size if it is small enough, then with one threshold for the whole image.
fn second_look(gray: &GrayImage) -> Result<Vec<RawCode>, CaptureError> {
    let (width, height) = gray.dimensions();
    if width.max(height) > SECOND_LOOK_MAX_SIDE || width == 0 || height == 0 {
        return Ok(Vec::new());
    }
    // Nearest neighbour: each module stays sharp-edged, only larger.
    let double = imageops::resize(gray, width * 2, height * 2, imageops::FilterType::Nearest);
    let mut found = valid_only(decoder::read(&double, ReadMode::Thorough)?);
    if !found.is_empty() {
        for code in &mut found {
            code.position = code.position.map(|p| Point {
                x: p.x / 2,
                y: p.y / 2,
            });
        }
        return Ok(found);
    }
    Ok(valid_only(decoder::read(gray, ReadMode::GlobalThreshold)?))
}

/// Reads the full-resolution rectangle `(x, y, w, h)` if the pixel `budget` allows
/// (spending it), adding new valid symbols to `found` in full-image coordinates.
/// `false` when the budget was too small.
fn read_region(
    gray: &GrayImage,
    (x, y, w, h): (u32, u32, u32, u32),
    mode: ReadMode,
    budget: &mut u64,
    found: &mut Vec<RawCode>,
) -> Result<bool, CaptureError> {
    let Some(rest) = budget.checked_sub(u64::from(w) * u64::from(h)) else {
        return Ok(false);
    };
    *budget = rest;
    let crop = imageops::crop_imm(gray, x, y, w, h).to_image();
    for mut code in valid_only(decoder::read(&crop, mode)?) {
        code.position = code.position.map(|p| Point {
            x: p.x.saturating_add(i32::try_from(x).unwrap_or(i32::MAX)),
            y: p.y.saturating_add(i32::try_from(y).unwrap_or(i32::MAX)),
        });
        push_unique(found, code);
    }
    Ok(true)
}

/// The rectangle around every code found, as a quad; `None` when there is none.
fn joint_outline(codes: &[RawCode]) -> Option<Quad> {
    let bounds: Vec<(Point, Point)> = codes.iter().map(|c| c.position.bounds()).collect();
    let lo_x = bounds.iter().map(|(lo, _)| lo.x).min()?;
    let lo_y = bounds.iter().map(|(lo, _)| lo.y).min()?;
    let hi_x = bounds.iter().map(|(_, hi)| hi.x).max()?;
    let hi_y = bounds.iter().map(|(_, hi)| hi.y).max()?;
    Some(Quad([
        Point { x: lo_x, y: lo_y },
        Point { x: hi_x, y: lo_y },
        Point { x: hi_x, y: hi_y },
        Point { x: lo_x, y: hi_y },
    ]))
}

/// Area averaging: fast, and it keeps bar edges rather than ringing around them.
/// Called through `DynamicImage` so the loop is the `image` crate's own compiled
/// code (optimised even in test builds) rather than a generic instantiated here.
fn reduce(gray: &GrayImage, width: u32, height: u32) -> GrayImage {
    image::DynamicImage::ImageLuma8(gray.clone())
        .thumbnail_exact(width, height)
        .into_luma8()
}

fn valid_only(codes: Vec<RawCode>) -> Vec<RawCode> {
    let mut out = Vec::with_capacity(codes.len());
    for code in codes.into_iter().filter(|c| c.valid) {
        push_unique(&mut out, code);
    }
    out
}

/// Adds `code` unless the same symbol (format, bytes, overlapping outline) is there.
/// Two contents of one linear symbology in one place cannot both be right: a bar code
/// found inside another of its symbology, over a small part of its area, is a misread
/// of it (a few scan lines across a glaring or damaged stretch, whose check digit
/// happened to hold), and only the code read across the larger area is kept. (A small
/// matrix code inside a large one is real: their error correction rules misreads out.)
fn push_unique(codes: &mut Vec<RawCode>, code: RawCode) {
    let same = |c: &RawCode| {
        c.format == code.format && c.bytes == code.bytes && c.position.overlaps(&code.position)
    };
    let inside = |small: &RawCode, large: &RawCode| {
        small.format == large.format
            && small.format.is_linear()
            && misread_within(&small.position, &large.position)
    };
    if codes.iter().any(|c| same(c) || inside(&code, c)) {
        return;
    }
    codes.retain(|c| !inside(c, &code));
    codes.push(code);
}

/// Whether the outline `small` covers at most a quarter of the area of `large` and
/// lies (four fifths of it at least) inside it. Areas are of the bounding boxes, in
/// whole pixels (a one-line read still has one pixel of height).
fn misread_within(small: &Quad, large: &Quad) -> bool {
    let area = |lo: Point, hi: Point| {
        let side = |a: i32, b: i32| (i64::from(b) - i64::from(a) + 1).max(0);
        side(lo.x, hi.x) * side(lo.y, hi.y)
    };
    let ((s_lo, s_hi), (l_lo, l_hi)) = (small.bounds(), large.bounds());
    let within = area(
        Point {
            x: s_lo.x.max(l_lo.x),
            y: s_lo.y.max(l_lo.y),
        },
        Point {
            x: s_hi.x.min(l_hi.x),
            y: s_hi.y.min(l_hi.y),
        },
    );
    let (small, large) = (area(s_lo, s_hi), area(l_lo, l_hi));
    small * 4 <= large && within * 5 >= small * 4
}

/// `side` scaled so that `longest` becomes [`FIRST_PASS_MAX_SIDE`]; at least 1.
fn scale_down(side: u32, longest: u32) -> u32 {
    let scaled = u64::from(side) * u64::from(FIRST_PASS_MAX_SIDE) / u64::from(longest.max(1));
    u32::try_from(scaled).unwrap_or(FIRST_PASS_MAX_SIDE).max(1)
}

/// A coordinate of the reduced image in the full one.
fn rescale(v: i32, full: u32, small: u32) -> i32 {
    let scaled = i64::from(v) * i64::from(full) / i64::from(small.max(1));
    i32::try_from(scaled).unwrap_or(if scaled < 0 { i32::MIN } else { i32::MAX })
}

/// The full-resolution rectangle `(x, y, w, h)` around `q` with a margin of
/// `percent` of its size (at least `min_margin` pixels) on each side, clipped to the
/// image; `None` when nothing of it lies inside.
fn region_around(
    q: &Quad,
    percent: i64,
    min_margin: i64,
    width: u32,
    height: u32,
) -> Option<(u32, u32, u32, u32)> {
    let (lo, hi) = q.bounds();
    let span = |a: i32, b: i32| i64::from(b) - i64::from(a);
    let margin = |extent: i64| (extent * percent / 100).max(min_margin);
    let (mx, my) = (margin(span(lo.x, hi.x)), margin(span(lo.y, hi.y)));
    let clip = |v: i64, max: u32| u32::try_from(v.clamp(0, i64::from(max))).unwrap_or(0);
    let (x0, x1) = (
        clip(i64::from(lo.x) - mx, width),
        clip(i64::from(hi.x) + mx, width),
    );
    let (y0, y1) = (
        clip(i64::from(lo.y) - my, height),
        clip(i64::from(hi.y) + my, height),
    );
    (x1 > x0 && y1 > y0).then(|| (x0, y0, x1 - x0, y1 - y0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_keeps_the_aspect_ratio() {
        assert_eq!(scale_down(4000, 4000), FIRST_PASS_MAX_SIDE);
        assert_eq!(scale_down(3000, 4000), 1536);
        assert_eq!(scale_down(1, 60_000), 1);
        assert_eq!(rescale(1024, 4000, 2048), 2000);
        assert_eq!(rescale(-4, 4000, 2048), -7);
    }

    #[test]
    fn regions_are_clipped_to_the_image() {
        let q = Quad([
            Point { x: -10, y: 5 },
            Point { x: 90, y: 5 },
            Point { x: 90, y: 45 },
            Point { x: -10, y: 45 },
        ]);
        let around =
            |q: &Quad| region_around(q, REGION_MARGIN_PERCENT, MIN_REGION_MARGIN, 1000, 1000);
        assert_eq!(around(&q), Some((0, 0, 140, 77)));
        let outside = q.map(|p| Point {
            x: p.x + 5000,
            y: p.y,
        });
        assert_eq!(around(&outside), None);
    }

    #[test]
    fn a_thin_read_inside_a_code_of_its_symbology_is_a_misread() {
        let code = |bytes: &str, (x0, y0, x1, y1): (i32, i32, i32, i32)| RawCode {
            format: super::super::CodeFormat::Ean13,
            bytes: bytes.as_bytes().to_vec(),
            text: bytes.into(),
            symbology: "]E0".into(),
            position: Quad([
                Point { x: x0, y: y0 },
                Point { x: x1, y: y0 },
                Point { x: x1, y: y1 },
                Point { x: x0, y: y1 },
            ]),
            valid: true,
        };
        let real = code("9506000134352", (2051, 595, 2689, 793));
        // Read over five scan lines at the symbol's lower edge: dropped, either order.
        let misread = code("1546006734352", (2043, 787, 2685, 792));
        for pair in [[real.clone(), misread.clone()], [misread, real.clone()]] {
            let mut found = Vec::new();
            for c in pair {
                push_unique(&mut found, c);
            }
            assert_eq!(found, std::slice::from_ref(&real));
        }
        // Another code of the symbology beside it, even touching, stays.
        let beside = code("4006381333931", (2689, 600, 3300, 790));
        let mut found = vec![real.clone()];
        push_unique(&mut found, beside);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn blank_photos_give_nothing() {
        let blank = GrayImage::from_pixel(2600, 1200, image::Luma([200]));
        assert!(scan(&blank).unwrap().is_empty());
        assert!(scan(&GrayImage::new(1, 1)).unwrap().is_empty());
    }
}
