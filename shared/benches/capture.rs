//! Capture pipeline cost: the whole pipeline (multi-pass scan, parse, merge) against
//! the bare reader call (one zxing-cpp read of the full image, same options) on the
//! same grayscale images in the same run, for the sample corpus, for the photos of
//! packaging labels in `testdata/labels` (perspective, blur, glare, noise, JPEG; the
//! codes each finds are the codes those labels carry) and for a 12 MP photo with a
//! label in it; then the peak memory of reading one 12 MP JPEG end to end,
//! measured as the high-water RSS (VmHWM) of a child process that does only that.
//!
//! Run: `cargo bench -p tracemark-shared --features capture --bench capture`
//! (add `-- --quick` for one round).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use image::GrayImage;
use tracemark_shared::capture::{self, Limits, decoder};

#[path = "../tests/support/labels.rs"]
mod labels;
#[path = "../tests/support/synth.rs"]
mod synth;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/barcodes");
const CHILD_ENV: &str = "TRACEMARK_BENCH_PEAK_OF";
const PHOTO_SIZE: (u32, u32) = (4000, 3000);
const PHOTO_JPEG_QUALITY: u8 = 90;

fn corpus() -> Vec<GrayImage> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("png" | "jpg" | "webp")
            )
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

fn label_photos() -> Vec<GrayImage> {
    labels::photos().iter().map(|p| load(p)).collect()
}

fn load(path: &Path) -> GrayImage {
    let bytes = std::fs::read(path).unwrap();
    capture::decode_image(&bytes, &Limits::default())
        .unwrap()
        .1
        .gray
}

/// A 12 MP noisy photo with a three-code label (GS1 Data Matrix, PDF417, Code 128)
/// taking about a quarter of its width at `scale`.
fn photo(scale: u32) -> GrayImage {
    let part = |p: &str| load(&Path::new(CORPUS).join(p));
    let (dm, pdf, c128) = (
        part("datamatrix-1/gs1-figure-4.15.1-2-32x32.png"),
        part("pdf417-1/01.png"),
        part("code128-1/1.png"),
    );
    let label = synth::label(&[(&dm, 4), (&pdf, 2), (&c128, 1)]);
    let (w, h) = PHOTO_SIZE;
    synth::label_in_photo(&label, w, h, (900, 1100), scale).0
}

fn bare(images: &[GrayImage]) -> usize {
    images
        .iter()
        .map(|g| decoder::read(g, decoder::ReadMode::Thorough).unwrap().len())
        .sum()
}

fn pipeline(images: &[GrayImage]) -> usize {
    images
        .iter()
        .map(|g| {
            let codes = capture::read_codes(g).unwrap();
            black_box(capture::prefill(&codes));
            codes.len()
        })
        .sum()
}

/// Times `bare` and `pipeline` alternately, `rounds` times each; prints the totals.
fn compare(name: &str, images: &[GrayImage], rounds: u32) {
    let (mut t_bare, mut t_pipe) = (Duration::ZERO, Duration::ZERO);
    let (mut n_bare, mut n_pipe) = (0, 0);
    for _ in 0..rounds {
        let t = Instant::now();
        n_bare = black_box(bare(images));
        t_bare += t.elapsed();
        let t = Instant::now();
        n_pipe = black_box(pipeline(images));
        t_pipe += t.elapsed();
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / f64::from(rounds);
    println!(
        "{name:<34} bare {:>8.1} ms ({n_bare:>3} codes)  pipeline {:>8.1} ms ({n_pipe:>3} codes)  ratio {:.2}×",
        per(t_bare),
        per(t_pipe),
        t_pipe.as_secs_f64() / t_bare.as_secs_f64()
    );
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// In the child: read one photo file end to end and report the RSS high-water mark.
fn child(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let before = vm_hwm_kib().unwrap_or(0);
    let t = Instant::now();
    let c = capture::read_photo(&bytes, &Limits::default()).unwrap();
    let took = t.elapsed();
    let after = vm_hwm_kib().unwrap_or(0);
    println!(
        "  read_photo: {} codes in {:.0} ms; VmHWM before {:.1} MiB, peak {:.1} MiB",
        c.codes.len(),
        took.as_secs_f64() * 1000.0,
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
}

fn peak_memory(photo: &GrayImage) {
    // Three channels, as a phone camera writes them (the content is gray).
    let rgb = image::DynamicImage::ImageLuma8(photo.clone()).to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, PHOTO_JPEG_QUALITY)
        .encode_image(&rgb)
        .unwrap();
    let path = std::env::temp_dir().join(format!("tracemark-bench-{}.jpg", std::process::id()));
    std::fs::write(&path, &jpeg).unwrap();
    println!(
        "peak memory, one {}×{} colour JPEG ({:.1} MB) through read_photo in a fresh process:",
        photo.width(),
        photo.height(),
        jpeg.len() as f64 / 1e6
    );
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env(CHILD_ENV, &path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
}

fn main() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        return child(&path);
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 1 } else { 3 };
    let images = corpus();
    // Warm up (dictionary tables, allocator).
    pipeline(&images[..4]);
    compare(
        &format!("corpus ({} images)", images.len()),
        &images,
        rounds,
    );
    let labels = label_photos();
    compare(&format!("label photos ({})", labels.len()), &labels, rounds);
    for scale in [2, 1] {
        compare(
            &format!("12 MP photo, label ×{scale}"),
            &[photo(scale)],
            rounds,
        );
    }
    let (w, h) = PHOTO_SIZE;
    let empty = synth::label_in_photo(&GrayImage::new(1, 1), w, h, (0, 0), 1).0;
    compare("12 MP photo, no code (worst case)", &[empty], rounds);
    peak_memory(&photo(2));
}
