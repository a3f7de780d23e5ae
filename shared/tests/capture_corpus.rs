//! The capture pipeline over the shared barcode corpus (`testdata/barcodes`),
//! each image at four rotations: per-folder pass counts may only go up, photos
//! without a code give nothing, and every code of the multi-code images is found.
//!
//! A pass is an (image, rotation) whose expected content (`NAME.txt` as text, or
//! `NAME.bin` as raw bytes) is among the codes read from it.
//!
//! Run with `--nocapture` to see the counts and every miss.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use image::imageops;
use tracemark_shared::capture::{self, Code, CodeFormat, GrayImage, Limits};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/barcodes");
const ROTATIONS: [u32; 4] = [0, 90, 180, 270];

/// Passes (image × rotation) per folder that the reader reached when this test was
/// written (782 of 796; zxing-cpp 0.5.3). Raise a floor when the reader gets better;
/// never lower one.
const FLOORS: &[(&str, usize, usize)] = &[
    // (folder, passes, out of)
    ("code128-1", 24, 24),
    ("code128-2", 56, 56),
    ("datamatrix-1", 117, 120),
    ("datamatrix-2", 52, 52),
    ("pdf417-1", 68, 68),
    ("qrcode-1", 32, 32),
    ("qrcode-2", 213, 224),
    ("qrcode-3", 72, 72),
    ("rssexpanded-1", 148, 148),
];

/// How many codes each multi-code image holds, counted by eye.
const MULTI: &[(&str, usize)] = &[
    ("#360.png", 4),     // PDF417, Code 39, QR, Aztec
    ("1.png", 2),        // UPC-A (reported as EAN-13), QR
    ("3xean-8.png", 3),  // three EAN-8
    ("multi-dm.png", 5), // five Data Matrix, one tilted
    ("multi-qr.png", 4), // four QR
];

fn images(folder: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new(CORPUS).join(folder))
        .unwrap_or_else(|e| panic!("{CORPUS}/{folder}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("png" | "jpg" | "jpeg" | "webp")
            )
        })
        .collect();
    out.sort();
    out
}

fn gray(path: &Path) -> GrayImage {
    let bytes = std::fs::read(path).unwrap();
    let (_, raster) = capture::decode_image(&bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    raster.gray
}

fn rotated(gray: &GrayImage, degrees: u32) -> GrayImage {
    match degrees {
        90 => imageops::rotate90(gray),
        180 => imageops::rotate180(gray),
        270 => imageops::rotate270(gray),
        _ => gray.clone(),
    }
}

/// The codes read at each rotation.
fn read_all_rotations(path: &Path) -> Vec<Vec<Code>> {
    let gray = gray(path);
    ROTATIONS
        .iter()
        .map(|r| capture::read_codes(&rotated(&gray, *r)).unwrap())
        .collect()
}

enum Expected {
    Text(String),
    Bytes(Vec<u8>),
}

fn expected(image: &Path) -> Option<Expected> {
    if let Ok(text) = std::fs::read_to_string(image.with_extension("txt")) {
        return Some(Expected::Text(text));
    }
    std::fs::read(image.with_extension("bin"))
        .ok()
        .map(Expected::Bytes)
}

fn passes(codes: &[Code], want: &Expected) -> bool {
    codes.iter().any(|c| match want {
        // The corpus writes GS1 content plainly (`01…<GS>10…`), as the bytes hold
        // it; the reader's text shows it bracketed.
        Expected::Text(t) => c.text == *t || c.bytes == t.as_bytes(),
        Expected::Bytes(b) => c.bytes == *b,
    })
}

/// Runs `f` over `items` on two threads (CI has two cores), keeping the order.
fn on_two_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mid = items.len().div_ceil(2);
    let (a, b) = items.split_at(mid);
    std::thread::scope(|s| {
        let second = s.spawn(|| b.iter().map(&f).collect::<Vec<_>>());
        let mut out: Vec<R> = a.iter().map(&f).collect();
        out.extend(second.join().unwrap());
        out
    })
}

#[test]
fn corpus_pass_counts_do_not_drop() {
    let start = Instant::now();
    let mut report = BTreeMap::new();
    let mut failures = Vec::new();
    for (folder, floor, total) in FLOORS {
        let cases: Vec<(PathBuf, Expected)> = images(folder)
            .into_iter()
            .filter_map(|p| expected(&p).map(|e| (p, e)))
            .collect();
        assert_eq!(
            cases.len() * ROTATIONS.len(),
            *total,
            "{folder}: corpus changed"
        );
        let results = on_two_threads(&cases, |(path, want)| {
            read_all_rotations(path)
                .iter()
                .zip(ROTATIONS)
                .filter(|(codes, _)| !passes(codes, want))
                .map(|(_, r)| format!("{} at {r}°", path.display()))
                .collect::<Vec<_>>()
        });
        let missed: Vec<String> = results.into_iter().flatten().collect();
        let passed = total - missed.len();
        report.insert(*folder, (passed, *total, *floor));
        if passed < *floor {
            failures.push(format!(
                "{folder}: {passed} < floor {floor}; missed {missed:#?}"
            ));
        }
        for m in &missed {
            println!("missed: {m}");
        }
    }
    for (folder, (passed, total, floor)) in &report {
        println!("{folder:>14}: {passed:>3} / {total:<3} (floor {floor})");
    }
    println!("corpus read in {:.1} s", start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn photos_without_codes_give_nothing() {
    let paths = images("falsepositives-1");
    assert!(paths.len() >= 20, "corpus changed");
    let found = on_two_threads(&paths, |path| {
        read_all_rotations(path)
            .into_iter()
            .flatten()
            .map(|c| format!("{}: {:?} {:?}", path.display(), c.format, c.text))
            .collect::<Vec<_>>()
    });
    let found: Vec<String> = found.into_iter().flatten().collect();
    assert!(found.is_empty(), "false positives: {found:#?}");
}

#[test]
fn multi_code_images_yield_every_code() {
    let paths = images("multi-1");
    assert_eq!(paths.len(), MULTI.len(), "corpus changed");
    for (name, count) in MULTI {
        let path = Path::new(CORPUS).join("multi-1").join(name);
        for (codes, r) in read_all_rotations(&path).iter().zip(ROTATIONS) {
            let seen: Vec<_> = codes.iter().map(|c| (c.format, c.text.as_str())).collect();
            println!("{name} at {r}°: {seen:?}");
            assert_eq!(codes.len(), *count, "{name} at {r}°: {seen:#?}");
        }
    }
}

#[path = "support/synth.rs"]
mod synth;

/// A label of three codes (GS1 Data Matrix, PDF417, Code 128) enlarged twice into a
/// 4000 × 3000 noisy photo: the reduced first pass must find all three, outlined
/// where they are in the full photo.
#[test]
fn a_label_in_a_12_megapixel_photo_is_found_where_it_is() {
    let part = |p: &str| gray(&Path::new(CORPUS).join(p));
    let (dm, pdf, c128) = (
        part("datamatrix-1/gs1-figure-4.15.1-2-32x32.png"),
        part("pdf417-1/01.png"),
        part("code128-1/1.png"),
    );
    let label = synth::label(&[(&dm, 4), (&pdf, 2), (&c128, 1)]);
    let (photo, (x, y, w, h)) = synth::label_in_photo(&label, 4000, 3000, (900, 1100), 2);
    let codes = capture::read_codes(&photo).unwrap();
    let mut formats: Vec<CodeFormat> = codes.iter().map(|c| c.format).collect();
    formats.sort_by_key(|f| format!("{f:?}"));
    assert_eq!(
        formats,
        [
            CodeFormat::Code128,
            CodeFormat::DataMatrix,
            CodeFormat::Pdf417
        ]
    );
    let inside = |v: i32, from: u32, len: u32| {
        (i64::from(from)..=i64::from(from + len)).contains(&i64::from(v))
    };
    for c in &codes {
        let (lo, hi) = c.position.bounds();
        assert!(
            inside(lo.x, x, w) && inside(hi.x, x, w) && inside(lo.y, y, h) && inside(hi.y, y, h),
            "{:?} outside the label at {x},{y} {w}×{h}",
            c.position
        );
    }
}

/// A large code and a small one on the same label in a 12 MP photo: the reduced pass
/// reads the large one, and the small one — too fine for the reduced pass to even
/// locate — must still be found at full resolution around it.
#[test]
fn a_small_code_beside_a_large_one_is_not_missed() {
    let part = |p: &str| gray(&Path::new(CORPUS).join(p));
    let (dm, c128) = (
        part("datamatrix-1/gs1-figure-4.15.1-2-32x32.png"),
        part("code128-1/1.png"),
    );
    // Measured before the label pass: the pipeline found only the Data Matrix here.
    let label = synth::label(&[(&dm, 12), (&c128, 1)]);
    let (photo, _) = synth::label_in_photo(&label, 4000, 3000, (600, 500), 1);
    let bare: Vec<CodeFormat> =
        capture::decoder::read(&photo, capture::decoder::ReadMode::Thorough)
            .unwrap()
            .into_iter()
            .filter(|c| c.valid)
            .map(|c| c.format)
            .collect();
    assert!(
        bare.contains(&CodeFormat::Code128),
        "the full-size reader sees the small code: {bare:?}"
    );
    let codes = capture::read_codes(&photo).unwrap();
    let formats: Vec<CodeFormat> = codes.iter().map(|c| c.format).collect();
    assert!(
        formats.contains(&CodeFormat::DataMatrix) && formats.contains(&CodeFormat::Code128),
        "{formats:?}"
    );
    // The benchmark's three-code label at its smallest: every code the full-size
    // reader finds, the pipeline finds too.
    let pdf = part("pdf417-1/01.png");
    let label = synth::label(&[(&dm, 4), (&pdf, 2), (&c128, 1)]);
    let (photo, _) = synth::label_in_photo(&label, 4000, 3000, (900, 1100), 1);
    let bare: Vec<CodeFormat> =
        capture::decoder::read(&photo, capture::decoder::ReadMode::Thorough)
            .unwrap()
            .into_iter()
            .filter(|c| c.valid)
            .map(|c| c.format)
            .collect();
    let formats: Vec<CodeFormat> = capture::read_codes(&photo)
        .unwrap()
        .iter()
        .map(|c| c.format)
        .collect();
    assert!(
        bare.iter().all(|f| formats.contains(f)),
        "full size {bare:?}, pipeline {formats:?}"
    );
}
