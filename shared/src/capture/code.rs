//! What the pipeline reports for each code in a photo: symbology, bytes, text,
//! identifier, outline and the parsed marking.
//!
//! Invariant: a [`Code`]'s [`Code::position`] is in the coordinates of the photo after
//! its EXIF orientation was applied (what the user sees), and its `parsed` marking was
//! made from exactly the reported bytes (or, when they are not UTF-8, the text).

use crate::marking::{ParsedMarking, SymbologyId};

/// Barcode symbology (with the variant where it matters to a user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CodeFormat {
    /// QR Code.
    QrCode,
    /// Micro QR Code.
    MicroQrCode,
    /// Rectangular Micro QR Code.
    RmqrCode,
    /// Data Matrix (military and GS1 part marking).
    DataMatrix,
    /// Aztec.
    Aztec,
    /// PDF417.
    Pdf417,
    /// MicroPDF417.
    MicroPdf417,
    /// MaxiCode (parcel labels).
    MaxiCode,
    /// Code 128 (GS1-128 when the identifier is `]C1`).
    Code128,
    /// Code 39 (MIL-STD-129 shipping labels).
    Code39,
    /// Code 93.
    Code93,
    /// Codabar.
    Codabar,
    /// Interleaved 2 of 5 (ITF-14 on cartons).
    Itf,
    /// GS1 DataBar (omnidirectional, stacked).
    DataBar,
    /// GS1 DataBar Limited.
    DataBarLimited,
    /// GS1 DataBar Expanded (stacked or not).
    DataBarExpanded,
    /// EAN-13 (and ISBN).
    Ean13,
    /// EAN-8.
    Ean8,
    /// UPC-A.
    UpcA,
    /// UPC-E.
    UpcE,
    /// A symbology this build does not name.
    Other,
}

impl CodeFormat {
    /// Whether the symbology is read along scan lines (bars), where a few lines across
    /// a damaged stretch can give a wrong content whose check digit holds; matrix and
    /// stacked codes carry error correction instead.
    pub fn is_linear(self) -> bool {
        use CodeFormat as F;
        matches!(
            self,
            F::Code128
                | F::Code39
                | F::Code93
                | F::Codabar
                | F::Itf
                | F::DataBar
                | F::DataBarLimited
                | F::DataBarExpanded
                | F::Ean13
                | F::Ean8
                | F::UpcA
                | F::UpcE
        )
    }

    /// The symbology's name as printed on labels and in manuals.
    pub const fn name(self) -> &'static str {
        match self {
            CodeFormat::QrCode => "QR Code",
            CodeFormat::MicroQrCode => "Micro QR Code",
            CodeFormat::RmqrCode => "rMQR Code",
            CodeFormat::DataMatrix => "Data Matrix",
            CodeFormat::Aztec => "Aztec",
            CodeFormat::Pdf417 => "PDF417",
            CodeFormat::MicroPdf417 => "MicroPDF417",
            CodeFormat::MaxiCode => "MaxiCode",
            CodeFormat::Code128 => "Code 128",
            CodeFormat::Code39 => "Code 39",
            CodeFormat::Code93 => "Code 93",
            CodeFormat::Codabar => "Codabar",
            CodeFormat::Itf => "ITF",
            CodeFormat::DataBar => "GS1 DataBar",
            CodeFormat::DataBarLimited => "GS1 DataBar Limited",
            CodeFormat::DataBarExpanded => "GS1 DataBar Expanded",
            CodeFormat::Ean13 => "EAN-13",
            CodeFormat::Ean8 => "EAN-8",
            CodeFormat::UpcA => "UPC-A",
            CodeFormat::UpcE => "UPC-E",
            CodeFormat::Other => "other",
        }
    }
}

/// A pixel position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Point {
    /// Column, from the left.
    pub x: i32,
    /// Row, from the top.
    pub y: i32,
}

/// The four corners of a symbol: top-left, top-right, bottom-right, bottom-left as
/// read in the symbol's own orientation (so a code upside down in the photo has its
/// "top-left" at the bottom right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Quad(pub [Point; 4]);

impl Quad {
    /// The smallest axis-aligned box holding the corners: `(min, max)` inclusive.
    pub fn bounds(&self) -> (Point, Point) {
        let [a, rest @ ..] = &self.0;
        rest.iter().fold((*a, *a), |(lo, hi), p| {
            (
                Point {
                    x: lo.x.min(p.x),
                    y: lo.y.min(p.y),
                },
                Point {
                    x: hi.x.max(p.x),
                    y: hi.y.max(p.y),
                },
            )
        })
    }

    /// Whether the bounding boxes of two quads overlap.
    pub fn overlaps(&self, other: &Quad) -> bool {
        let ((a_lo, a_hi), (b_lo, b_hi)) = (self.bounds(), other.bounds());
        a_lo.x <= b_hi.x && b_lo.x <= a_hi.x && a_lo.y <= b_hi.y && b_lo.y <= a_hi.y
    }

    /// Maps every corner through `f`.
    pub fn map(&self, f: impl Fn(Point) -> Point) -> Quad {
        Quad(self.0.map(f))
    }
}

/// One code found in a photo.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Code {
    /// Its number in this photo, from 0, in reading order (top to bottom, left to right).
    pub index: usize,
    /// Symbology.
    pub format: CodeFormat,
    /// ISO/IEC 15424 symbology identifier (`]d2`, `]Q3`, `]C1`, `]e0`…), when the
    /// reader gave a well-formed one.
    pub symbology: Option<SymbologyId>,
    /// The reader's text (GS1 content in its bracketed, human-readable form).
    pub text: String,
    /// The decoded bytes, control characters included, as lower-case hex.
    #[serde(serialize_with = "hex_bytes")]
    pub bytes: Vec<u8>,
    /// Corners in the oriented photo.
    pub position: Quad,
    /// The marking parsed from the bytes.
    pub parsed: ParsedMarking,
}

impl Code {
    /// The text to keep as an item's marking: the reader's text, led by its symbology
    /// identifier where only the identifier tells what the digits are (EAN/UPC and
    /// ITF). Read again without it, an EAN-13 passes for an NSN and an ITF-14 for
    /// plain text; with it, both are GTINs.
    pub fn marking(&self) -> String {
        match &self.symbology {
            Some(id) if id.is_ean_upc() || id.is_itf() => format!("{id}{}", self.text),
            _ => self.text.clone(),
        }
    }
}

fn hex_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    s.serialize_str(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad(x0: i32, y0: i32, x1: i32, y1: i32) -> Quad {
        Quad([
            Point { x: x0, y: y0 },
            Point { x: x1, y: y0 },
            Point { x: x1, y: y1 },
            Point { x: x0, y: y1 },
        ])
    }

    #[test]
    fn bounds_and_overlap() {
        let a = quad(10, 10, 20, 20);
        assert_eq!(a.bounds(), (Point { x: 10, y: 10 }, Point { x: 20, y: 20 }));
        assert!(a.overlaps(&quad(15, 15, 30, 30)));
        assert!(!a.overlaps(&quad(21, 10, 30, 20)));
        let moved = a.map(|p| Point {
            x: p.x * 2,
            y: p.y + 1,
        });
        assert_eq!(moved.bounds().1, Point { x: 40, y: 21 });
    }

    fn code(format: CodeFormat, id: &str, text: &str) -> Code {
        let symbology = SymbologyId::new(id);
        Code {
            index: 0,
            format,
            parsed: crate::marking::parse_or_plain(text.as_bytes(), symbology.clone()),
            symbology,
            text: text.into(),
            bytes: text.as_bytes().to_vec(),
            position: quad(0, 0, 1, 1),
        }
    }

    #[test]
    fn a_kept_marking_reads_again_as_what_was_scanned() {
        // The server reads an item's markings again, without the photo: a retail or
        // carton code keeps its identifier so its digits stay a GTIN.
        for (format, id, text, gtin) in [
            (CodeFormat::Ean13, "]E0", "4006381333931", "04006381333931"),
            (CodeFormat::Itf, "]I1", "19506000134359", "19506000134359"),
        ] {
            let c = code(format, id, text);
            assert_eq!(c.parsed.kind, crate::marking::MarkingKind::RetailGtin);
            let again = crate::marking::parse_or_plain(c.marking().as_bytes(), None);
            assert_eq!(
                again.kind,
                crate::marking::MarkingKind::RetailGtin,
                "{text}"
            );
            assert_eq!(again.fields.gtin.map(|g| g.value).as_deref(), Some(gtin));
        }
        // Other codes are kept as the reader wrote them.
        let qr = code(CodeFormat::QrCode, "]Q1", "LOT 17-85-0412");
        assert_eq!(qr.marking(), "LOT 17-85-0412");
    }
}
