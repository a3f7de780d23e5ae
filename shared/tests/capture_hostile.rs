//! The capture pipeline on photos that are broken, lying or hostile, and on one
//! good photo end to end: typed errors, never a panic, never a decode past the limits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma};
use proptest::prelude::*;
use sha2::Digest;
use tracemark_shared::capture::{self, CaptureError, Container, Field, Limits};
use tracemark_shared::domain::MediaType;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/barcodes");

fn sample(path: &str) -> Vec<u8> {
    std::fs::read(format!("{CORPUS}/{path}")).unwrap()
}

fn encode(image: &GrayImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn read(bytes: &[u8]) -> Result<capture::Capture, CaptureError> {
    capture::read_photo(bytes, &Limits::default())
}

/// A PNG chunk with its CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out
}

/// Inserts JPEG segments right after the SOI marker.
fn jpeg_with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn app1_exif(tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    let mut out = vec![0xFF, 0xE1];
    out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&payload);
    out
}

#[test]
fn a_gs1_data_matrix_end_to_end() {
    let bytes = sample("datamatrix-1/gs1-figure-4.15.1-2-32x32.png");
    let c = read(&bytes).unwrap();
    assert_eq!(c.photo.media_type, MediaType::Png);
    assert_eq!(c.photo.size, bytes.len() as u64);
    let digest: [u8; 32] = sha2::Sha256::digest(&bytes).into();
    assert_eq!(c.photo.sha256.as_bytes(), &digest);
    let [code] = c.codes.as_slice() else {
        panic!("{:#?}", c.codes)
    };
    assert_eq!(code.symbology.as_ref().unwrap().as_str(), "]d2");
    assert_eq!(code.parsed.ais["01"], "09504000059101");
    let gtin = c
        .prefill
        .suggestions
        .iter()
        .find(|s| s.field == Field::Gtin)
        .unwrap();
    assert_eq!(gtin.candidate.value, "09504000059101");
    assert_eq!(gtin.candidate.from[0].element, "AI (01)");
    assert!(c.thumbnail.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert!(c.thumbnail.width.max(c.thumbnail.height) <= capture::THUMBNAIL_MAX_SIDE);
}

#[test]
fn large_photos_get_a_bounded_thumbnail() {
    let bytes = sample("code128-1/4.png");
    let c = read(&bytes).unwrap();
    assert!(c.width.max(c.height) > capture::THUMBNAIL_MAX_SIDE);
    assert_eq!(
        c.thumbnail.width.max(c.thumbnail.height),
        capture::THUMBNAIL_MAX_SIDE
    );
    let thumb = image::load_from_memory(&c.thumbnail.jpeg).unwrap();
    assert_eq!(
        (thumb.width(), thumb.height()),
        (c.thumbnail.width, c.thumbnail.height)
    );
}

#[test]
fn exif_orientation_is_applied_to_pixels_and_positions() {
    let wide = GrayImage::from_fn(40, 20, |x, _| Luma([if x < 20 { 0 } else { 255 }]));
    let jpeg = encode(&wide, ImageFormat::Jpeg);
    // Big-endian TIFF, one IFD entry: Orientation (0x0112) = 6, "rotate 90° clockwise".
    let tiff = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
    let rotated = jpeg_with_segments(&jpeg, &[app1_exif(tiff)]);
    let c = read(&rotated).unwrap();
    assert_eq!((c.width, c.height), (20, 40));
    assert_eq!((c.thumbnail.width, c.thumbnail.height), (20, 40));
}

#[test]
fn unsupported_and_lying_formats_are_named() {
    let cases: &[(&[u8], Container)] = &[
        (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", Container::Heic),
        (b"\0\0\0\x1cftypavif\0\0\0\0mif1avif", Container::Avif),
        (b"GIF89a\x01\0\x01\0\0\0\0", Container::Gif),
        (b"II*\0\x08\0\0\0", Container::Tiff),
        (b"%PDF-1.4\n", Container::Pdf),
        // A text file saved as `label.jpg`.
        (b"LOT 42 / NSN 1305-01-234-5678\n", Container::Unknown),
    ];
    for (bytes, container) in cases {
        let err = read(bytes).unwrap_err();
        assert_eq!(err, CaptureError::UnsupportedFormat(*container));
        assert!(err.to_string().contains("send JPEG"), "{err}");
    }
    // Names never count: WebP bytes are WebP whatever the file was called.
    let webp = sample("qrcode-1/1.webp");
    assert_eq!(read(&webp).unwrap().photo.media_type, MediaType::Webp);
}

#[test]
fn truncated_files_fail_cleanly() {
    for path in ["qrcode-2/#199b.jpg", "pdf417-1/01.png", "qrcode-1/1.webp"] {
        let bytes = sample(path);
        for len in [1, 2, 3, 8, 16, 64, 200, bytes.len() / 2, bytes.len() - 1] {
            match read(&bytes[..len]) {
                // Some decoders fill a cut-off tail with gray; that is a photo too.
                Ok(_) => {}
                Err(
                    CaptureError::Corrupt { .. }
                    | CaptureError::UnsupportedFormat(_)
                    | CaptureError::LimitExceeded(_),
                ) => {}
                Err(other) => panic!("{path} cut at {len}: {other:?}"),
            }
        }
        assert!(
            read(&bytes[..64.min(bytes.len())]).is_err(),
            "{path}: header only"
        );
    }
}

#[test]
fn a_png_header_claiming_60000_square_is_refused_before_decoding() {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit gray
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(png_chunk(b"IEND", &[]));
    assert_eq!(
        read(&png).unwrap_err(),
        CaptureError::TooManyPixels {
            width: 60_000,
            height: 60_000,
            max: capture::DEFAULT_MAX_PIXELS
        }
    );
}

#[test]
fn a_jpeg_header_claiming_60000_square_is_refused_before_decoding() {
    let mut jpeg = encode(&GrayImage::new(16, 16), ImageFormat::Jpeg);
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    // SOF0: marker, length (2), precision (1), height (2), width (2).
    jpeg[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
    assert!(matches!(
        read(&jpeg).unwrap_err(),
        CaptureError::TooManyPixels {
            width: 60_000,
            height: 60_000,
            ..
        }
    ));
}

#[test]
fn tighter_limits_are_obeyed() {
    let bytes = sample("qrcode-2/high-res-1.jpg");
    let few_pixels = Limits {
        max_pixels: 10_000,
        ..Limits::default()
    };
    assert!(matches!(
        capture::read_photo(&bytes, &few_pixels).unwrap_err(),
        CaptureError::TooManyPixels { max: 10_000, .. }
    ));
    let little_memory = Limits {
        max_decode_bytes: 1024,
        ..Limits::default()
    };
    assert!(matches!(
        capture::read_photo(&bytes, &little_memory).unwrap_err(),
        CaptureError::TooMuchMemory { max: 1024, .. }
    ));
}

#[test]
fn a_one_pixel_image_has_no_code() {
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
        let c = read(&encode(&GrayImage::new(1, 1), format)).unwrap();
        assert!(c.codes.is_empty());
        assert_eq!((c.width, c.height, c.thumbnail.width), (1, 1, 1));
    }
}

#[test]
fn huge_exif_blocks_do_not_hurt() {
    let jpeg = encode(&GrayImage::new(32, 32), ImageFormat::Jpeg);
    // Hundreds of maximal APP1 segments of garbage "EXIF": about 20 MB of metadata.
    let garbage: Vec<u8> = (0..65_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let segments = vec![app1_exif(&garbage); 300];
    let c = read(&jpeg_with_segments(&jpeg, &segments)).unwrap();
    assert_eq!((c.width, c.height), (32, 32));
    // A PNG with a 20 MB eXIf chunk.
    let png = encode(&GrayImage::new(32, 32), ImageFormat::Png);
    let mut big = png[..33].to_vec(); // signature and IHDR
    big.extend(png_chunk(b"eXIf", &vec![0x4D; 20 << 20]));
    big.extend_from_slice(&png[33..]);
    match read(&big) {
        Ok(c) => assert_eq!((c.width, c.height), (32, 32)),
        Err(CaptureError::LimitExceeded(_) | CaptureError::Corrupt { .. }) => {}
        Err(other) => panic!("{other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_bytes_never_panic(
        magic in prop::sample::select(vec![
            &b""[..],
            &b"\xFF\xD8\xFF"[..],
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
            &b"RIFF\0\0\0\0WEBPVP8 "[..],
            &b"RIFF\0\0\0\0WEBPVP8L"[..],
        ]),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = magic.to_vec();
        bytes.extend_from_slice(&body);
        let _ = read(&bytes);
    }

    #[test]
    fn mutated_photos_never_panic(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
        which in 0usize..3,
    ) {
        let mut bytes = sample(["qrcode-2/#199b.jpg", "pdf417-1/01.png", "qrcode-1/1.webp"][which]);
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let _ = read(&bytes);
    }
}
