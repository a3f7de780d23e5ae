//! The only module that talks to the barcode reader library (zxing-cpp through the
//! `zxing-cpp` crate): one call, 8-bit luma in, plain Rust values out, so the reader
//! can be swapped without touching the rest of the pipeline.
//!
//! Invariant: nothing of the library's types leaves this module, and no library call
//! is made that could read an enum value the Rust binding does not declare (see
//! [`classify`]).

use image::GrayImage;
use zxingcpp::{BarcodeFormat, BarcodeReader, Binarizer, ImageFormat, ImageView};

use super::CaptureError;
use super::code::{CodeFormat, Point, Quad};

/// Symbologies the reader looks for. A symbology-level format enables all its
/// variants (QR includes Micro QR and rMQR, EAN/UPC includes EAN-8 and UPC-E…).
/// Left out: Telepen, DX film edge and "other": never on ammunition packaging, and
/// every extra symbology is one more chance of a false positive.
const FORMATS: &[BarcodeFormat] = &[
    BarcodeFormat::QRCode,
    BarcodeFormat::DataMatrix,
    BarcodeFormat::Aztec,
    BarcodeFormat::PDF417,
    BarcodeFormat::MaxiCode,
    BarcodeFormat::Code128,
    BarcodeFormat::Code39,
    BarcodeFormat::Code93,
    BarcodeFormat::Codabar,
    BarcodeFormat::ITF,
    BarcodeFormat::DataBar,
    BarcodeFormat::EANUPC,
];

/// One symbol as the reader gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCode {
    /// The symbology (and variant, where known).
    pub format: CodeFormat,
    /// The decoded bytes, control characters (GS, RS, EOT) included.
    pub bytes: Vec<u8>,
    /// The reader's text: bytes transcoded by ECI or guessed character set; GS1
    /// content in its human-readable form, `(01)…(10)…`.
    pub text: String,
    /// ISO/IEC 15424 symbology identifier such as `]d2`, as the reader wrote it.
    pub symbology: String,
    /// Corners in the coordinates of the image that was read.
    pub position: Quad,
    /// False for a symbol that was found but not decoded (only with
    /// [`ReadMode::ReportFailures`]): its position says where to look closer.
    pub valid: bool,
}

/// How hard to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Everything the reader can try: harder, rotated, inverted, downscaled.
    Thorough,
    /// [`ReadMode::Thorough`], and also report symbols that were located but could
    /// not be decoded, so a caller can retry them at a higher resolution.
    ReportFailures,
    /// [`ReadMode::Thorough`] at the given resolution only, for a caller that has
    /// already read a reduced copy.
    FullResolutionOnly,
    /// [`ReadMode::Thorough`] with one threshold for the whole image instead of one
    /// per neighbourhood: reads some soft or low-contrast symbols whose modules the
    /// local threshold breaks up.
    GlobalThreshold,
}

fn reader(mode: ReadMode) -> BarcodeReader {
    zxingcpp::read()
        .formats(FORMATS)
        .try_harder(true)
        .try_rotate(true)
        .try_invert(true)
        .try_downscale(mode != ReadMode::FullResolutionOnly)
        .return_errors(mode == ReadMode::ReportFailures)
        .binarizer(match mode {
            ReadMode::GlobalThreshold => Binarizer::GlobalHistogram,
            _ => Binarizer::LocalAverage,
        })
}

/// Reads every symbol in an 8-bit grayscale image. An image with no code gives an
/// empty list, not an error.
pub fn read(image: &GrayImage, mode: ReadMode) -> Result<Vec<RawCode>, CaptureError> {
    let reader_error = |e: zxingcpp::Error| CaptureError::Reader(e.to_string());
    if image.width() == 0 || image.height() == 0 {
        return Ok(Vec::new());
    }
    let view = ImageView::from_slice(
        image.as_raw(),
        image.width(),
        image.height(),
        ImageFormat::Lum,
    )
    .map_err(reader_error)?;
    let found = reader(mode).from(view).map_err(reader_error)?;
    Ok(found
        .iter()
        .map(|b| {
            let p = b.position();
            let point = |q: zxingcpp::PointI| Point { x: q.x, y: q.y };
            RawCode {
                format: classify(b),
                bytes: b.bytes(),
                text: b.text(),
                symbology: b.symbology_identifier(),
                position: Quad([
                    point(p.top_left),
                    point(p.top_right),
                    point(p.bottom_right),
                    point(p.bottom_left),
                ]),
                valid: b.is_valid(),
            }
        })
        .collect())
}

/// The format of a symbol. `Barcode::format()` of the binding transmutes the C value
/// into its Rust enum, which lacks some variants the C library returns (Code 39
/// Standard/Extended, Code 32, ITF-14): reading those would be undefined behaviour.
/// So the symbology (always a declared value) is read first, and the variant only for
/// symbologies whose variants are all declared.
fn classify(b: &zxingcpp::Barcode) -> CodeFormat {
    use BarcodeFormat as F;
    let symbology = b.symbology();
    let variant = || b.format();
    match symbology {
        F::QRCode => match variant() {
            F::MicroQRCode => CodeFormat::MicroQrCode,
            F::RMQRCode => CodeFormat::RmqrCode,
            _ => CodeFormat::QrCode,
        },
        F::DataMatrix => CodeFormat::DataMatrix,
        F::Aztec => CodeFormat::Aztec,
        F::PDF417 => match variant() {
            F::MicroPDF417 => CodeFormat::MicroPdf417,
            _ => CodeFormat::Pdf417,
        },
        F::MaxiCode => CodeFormat::MaxiCode,
        F::Code128 => CodeFormat::Code128,
        F::Code39 => CodeFormat::Code39,
        F::Code93 => CodeFormat::Code93,
        F::Codabar => CodeFormat::Codabar,
        F::ITF => CodeFormat::Itf,
        F::DataBar => match variant() {
            F::DataBarExp | F::DataBarExpStk => CodeFormat::DataBarExpanded,
            F::DataBarLtd => CodeFormat::DataBarLimited,
            _ => CodeFormat::DataBar,
        },
        F::EANUPC => match variant() {
            F::EAN8 => CodeFormat::Ean8,
            F::UPCA => CodeFormat::UpcA,
            F::UPCE => CodeFormat::UpcE,
            _ => CodeFormat::Ean13,
        },
        _ => CodeFormat::Other,
    }
}
