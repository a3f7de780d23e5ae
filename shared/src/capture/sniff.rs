//! Recognises an image container from its first bytes, before any decoder sees them.
//!
//! Invariant: only the magic numbers decide; the file name or a claimed MIME type never
//! does, so a HEIC photo renamed `.jpg` gets the "unsupported format" error, not a
//! decoder error.

use std::fmt;

use crate::domain::MediaType;

/// What the first bytes say the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Container {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 'PNG' 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF` … `WEBP`).
    Webp,
    /// HEIC/HEIF, what iPhones save by default.
    Heic,
    /// AVIF.
    Avif,
    /// GIF.
    Gif,
    /// TIFF (and camera raw files built on it).
    Tiff,
    /// BMP.
    Bmp,
    /// PDF (a scanned document, not a photo).
    Pdf,
    /// Anything else.
    Unknown,
}

impl Container {
    /// The media type, for the three formats the pipeline decodes.
    pub const fn media_type(self) -> Option<MediaType> {
        match self {
            Container::Jpeg => Some(MediaType::Jpeg),
            Container::Png => Some(MediaType::Png),
            Container::Webp => Some(MediaType::Webp),
            _ => None,
        }
    }
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Container::Jpeg => "JPEG",
            Container::Png => "PNG",
            Container::Webp => "WebP",
            Container::Heic => "HEIC",
            Container::Avif => "AVIF",
            Container::Gif => "GIF",
            Container::Tiff => "TIFF",
            Container::Bmp => "BMP",
            Container::Pdf => "PDF",
            Container::Unknown => "unknown",
        })
    }
}

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
/// ISO base media file brands (bytes 8..12 of an `ftyp` box) of HEIF images.
const HEIF_BRANDS: &[&[u8]] = &[
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
];
const AVIF_BRANDS: &[&[u8]] = &[b"avif", b"avis"];

/// Recognises the container from the magic numbers at the start of `bytes`.
pub fn sniff(bytes: &[u8]) -> Container {
    let at = |range: std::ops::Range<usize>| bytes.get(range).unwrap_or(&[]);
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Container::Jpeg
    } else if bytes.starts_with(PNG_MAGIC) {
        Container::Png
    } else if at(0..4) == b"RIFF" && at(8..12) == b"WEBP" {
        Container::Webp
    } else if at(4..8) == b"ftyp" {
        let brand = at(8..12);
        if AVIF_BRANDS.contains(&brand) {
            Container::Avif
        } else if HEIF_BRANDS.contains(&brand) {
            Container::Heic
        } else {
            Container::Unknown
        }
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Container::Gif
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Container::Tiff
    } else if bytes.starts_with(b"BM") {
        Container::Bmp
    } else if bytes.starts_with(b"%PDF") {
        Container::Pdf
    } else {
        Container::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], Container)] = &[
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Container::Jpeg),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Container::Png),
            (b"RIFF\x10\0\0\0WEBPVP8 ", Container::Webp),
            (b"\0\0\0\x18ftypheic\0\0\0\0", Container::Heic),
            (b"\0\0\0\x1cftypmif1\0\0\0\0", Container::Heic),
            (b"\0\0\0\x1cftypavif\0\0\0\0", Container::Avif),
            (b"\0\0\0\x1cftypisom\0\0\0\0", Container::Unknown),
            (b"GIF89a\x01\0", Container::Gif),
            (b"II*\0\x08\0\0\0", Container::Tiff),
            (b"%PDF-1.7", Container::Pdf),
            (b"\xFF\xD8", Container::Unknown),
            (b"RIFF\0\0\0\0WAVE", Container::Unknown),
            (b"", Container::Unknown),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), *want, "{bytes:?}");
        }
        assert_eq!(Container::Heic.to_string(), "HEIC");
        assert_eq!(Container::Webp.media_type(), Some(MediaType::Webp));
        assert_eq!(Container::Gif.media_type(), None);
    }
}
