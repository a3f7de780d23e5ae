//! Printable A4 label sheets: a grid of labels, each a QR code of a Tracemark label
//! URI with two lines of human-readable text under it, and dashed cut lines between
//! them. One layout ([`pages`]) is drawn to SVG ([`svg`]) and PDF ([`pdf`]), so both
//! print the same modules at the same places.
//!
//! Invariant: every QR symbol is drawn from the `qrcode` crate's module matrix with
//! its four-module quiet zone inside its cell; text never leaves its cell (it is cut
//! to [`MAX_TEXT_CHARS`]); coordinates are millimetres from the page's top left.

use std::fmt::Write as _;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use qrcode::{Color, EcLevel, QrCode};

/// A4 width, mm.
pub const PAGE_W: f32 = 210.0;
/// A4 height, mm.
pub const PAGE_H: f32 = 297.0;
/// Page margin, mm (printers do not print to the edge).
pub const MARGIN: f32 = 10.0;
/// Labels across.
pub const COLUMNS: usize = 3;
/// Labels down.
pub const ROWS: usize = 7;
/// Labels on one page.
pub const PER_PAGE: usize = COLUMNS * ROWS;
/// Side of a QR symbol with its quiet zone, mm (a 33-module symbol gets modules of
/// 0.66 mm: phone cameras read it from half a metre).
pub const QR_SIDE: f32 = 27.0;
/// Text size, points.
pub const TEXT_PT: f32 = 7.0;
/// Longest text line on a label, in characters.
pub const MAX_TEXT_CHARS: usize = 44;
/// Modules of quiet zone around a symbol (the QR standard's minimum).
const QUIET: usize = 4;
const PADDING: f32 = 3.0;
const MM_PER_PT: f32 = 25.4 / 72.0;

fn cell_w() -> f32 {
    (PAGE_W - 2.0 * MARGIN) / COLUMNS as f32
}

fn cell_h() -> f32 {
    (PAGE_H - 2.0 * MARGIN) / ROWS as f32
}

/// One label to print: the URI in the QR code and the text under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSpec {
    /// The label URI, e.g. `tmk:1/loc/CAD-1/B1-R1`.
    pub uri: String,
    /// Up to two lines of text.
    pub lines: Vec<String>,
}

/// Something drawn on a page, in mm from the top left.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A black rectangle (a run of dark QR modules).
    Dark {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
    /// One line of text; `y` is its baseline.
    Text {
        /// Left.
        x: f32,
        /// Baseline.
        y: f32,
        /// The text, already cut to fit.
        text: String,
    },
    /// A dashed cut line.
    Cut {
        /// Start.
        x1: f32,
        /// Start.
        y1: f32,
        /// End.
        x2: f32,
        /// End.
        y2: f32,
    },
}

/// Why a label cannot be drawn.
#[derive(Debug, thiserror::Error)]
#[error("the label {uri:?} does not fit in a QR code: {reason}")]
pub struct QrError {
    uri: String,
    reason: String,
}

/// A horizontal run of dark modules: row, first column, length.
pub type Run = (usize, usize, usize);

/// The dark modules of a label's QR code as horizontal runs, and the symbol's width
/// in modules (quiet zone excluded).
pub fn qr_runs(uri: &str) -> Result<(usize, Vec<Run>), QrError> {
    let code =
        QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M).map_err(|e| QrError {
            uri: uri.into(),
            reason: e.to_string(),
        })?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (row, line) in colors.chunks(width.max(1)).enumerate() {
        let mut start = None;
        for (col, color) in line
            .iter()
            .chain(std::iter::once(&Color::Light))
            .enumerate()
        {
            match (color, start) {
                (Color::Dark, None) => start = Some(col),
                (Color::Light, Some(s)) => {
                    runs.push((row, s, col - s));
                    start = None;
                }
                _ => {}
            }
        }
    }
    Ok((width, runs))
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT_CHARS {
        return text.to_string();
    }
    let mut s: String = text.chars().take(MAX_TEXT_CHARS - 3).collect();
    s.push_str("...");
    s
}

/// Lays the labels out, [`PER_PAGE`] to a page.
pub fn pages(labels: &[LabelSpec]) -> Result<Vec<Vec<Shape>>, QrError> {
    let (cw, ch) = (cell_w(), cell_h());
    let mut pages = Vec::new();
    for chunk in labels.chunks(PER_PAGE) {
        let mut shapes = cut_lines();
        for (i, label) in chunk.iter().enumerate() {
            let (col, row) = (i % COLUMNS, i / COLUMNS);
            let (cx, cy) = (MARGIN + col as f32 * cw, MARGIN + row as f32 * ch);
            let (width, runs) = qr_runs(&label.uri)?;
            let module = QR_SIDE / (width + 2 * QUIET) as f32;
            let (qx, qy) = (cx + PADDING, cy + 1.5);
            let origin = QUIET as f32 * module;
            for (r, c, len) in runs {
                shapes.push(Shape::Dark {
                    x: qx + origin + c as f32 * module,
                    y: qy + origin + r as f32 * module,
                    w: len as f32 * module,
                    h: module,
                });
            }
            let text_x = qx + origin;
            let mut baseline = qy + QR_SIDE + 1.0;
            for line in label.lines.iter().take(2) {
                baseline += TEXT_PT * MM_PER_PT * 1.25;
                shapes.push(Shape::Text {
                    x: text_x,
                    y: baseline,
                    text: cut(line),
                });
            }
        }
        pages.push(shapes);
    }
    Ok(pages)
}

/// The grid's cut lines: every cell border.
fn cut_lines() -> Vec<Shape> {
    let (cw, ch) = (cell_w(), cell_h());
    let mut shapes = Vec::new();
    for c in 0..=COLUMNS {
        let x = MARGIN + c as f32 * cw;
        shapes.push(Shape::Cut {
            x1: x,
            y1: MARGIN,
            x2: x,
            y2: PAGE_H - MARGIN,
        });
    }
    for r in 0..=ROWS {
        let y = MARGIN + r as f32 * ch;
        shapes.push(Shape::Cut {
            x1: MARGIN,
            y1: y,
            x2: PAGE_W - MARGIN,
            y2: y,
        });
    }
    shapes
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// One page as an SVG document, A4, in millimetres.
pub fn svg(page: &[Shape]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PAGE_W}mm\" height=\"{PAGE_H}mm\" \
         viewBox=\"0 0 {PAGE_W} {PAGE_H}\">\n\
         <g stroke=\"#999\" stroke-width=\"0.2\" stroke-dasharray=\"1.5 1.5\">\n"
    );
    for s in page {
        if let Shape::Cut { x1, y1, x2, y2 } = s {
            let _ = writeln!(
                out,
                "<line x1=\"{x1:.3}\" y1=\"{y1:.3}\" x2=\"{x2:.3}\" y2=\"{y2:.3}\"/>"
            );
        }
    }
    out.push_str("</g>\n<g fill=\"#000\" shape-rendering=\"crispEdges\">\n");
    for s in page {
        if let Shape::Dark { x, y, w, h } = s {
            let _ = writeln!(
                out,
                "<rect x=\"{x:.3}\" y=\"{y:.3}\" width=\"{w:.3}\" height=\"{h:.3}\"/>"
            );
        }
    }
    let size = TEXT_PT * MM_PER_PT;
    let _ = writeln!(
        out,
        "</g>\n<g font-family=\"Helvetica, Arial, sans-serif\" font-size=\"{size:.3}\" fill=\"#000\">"
    );
    for s in page {
        if let Shape::Text { x, y, text } = s {
            let _ = writeln!(
                out,
                "<text x=\"{x:.3}\" y=\"{y:.3}\">{}</text>",
                xml_escape(text)
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Text in the standard Helvetica font's WinAnsi encoding: Latin-1 characters as
/// themselves, anything else as `?` (the QR code carries the exact text).
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            n @ (0x20..=0x7E | 0xA0..=0xFF) => u8::try_from(n).unwrap_or(b'?'),
            _ => b'?',
        })
        .collect()
}

/// Every page as one PDF document.
pub fn pdf(pages: &[Vec<Shape>]) -> Vec<u8> {
    let pt = |mm: f32| mm / MM_PER_PT;
    let mut doc = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(4 + 2 * i32::try_from(i).unwrap_or(0)))
        .collect();
    doc.catalog(catalog).pages(tree);
    doc.pages(tree)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    doc.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (shapes, id) in pages.iter().zip(&page_ids) {
        let contents = Ref::new(id.get() + 1);
        let mut page = doc.page(*id);
        page.media_box(Rect::new(0.0, 0.0, pt(PAGE_W), pt(PAGE_H)));
        page.parent(tree);
        page.contents(contents);
        page.resources().fonts().pair(Name(b"F1"), font);
        page.finish();
        let mut c = Content::new();
        c.set_stroke_gray(0.6)
            .set_line_width(0.5)
            .set_dash_pattern([4.0, 4.0], 0.0);
        for s in shapes {
            if let Shape::Cut { x1, y1, x2, y2 } = s {
                c.move_to(pt(*x1), pt(PAGE_H - y1))
                    .line_to(pt(*x2), pt(PAGE_H - y2))
                    .stroke();
            }
        }
        c.set_fill_gray(0.0);
        for s in shapes {
            if let Shape::Dark { x, y, w, h } = s {
                c.rect(pt(*x), pt(PAGE_H - y - h), pt(*w), pt(*h));
            }
        }
        c.fill_nonzero();
        for s in shapes {
            if let Shape::Text { x, y, text } = s {
                let bytes = win_ansi(text);
                c.begin_text()
                    .set_font(Name(b"F1"), TEXT_PT)
                    .next_line(pt(*x), pt(PAGE_H - y))
                    .show(Str(&bytes))
                    .end_text();
            }
        }
        doc.stream(contents, &c.finish());
    }
    doc.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tracemark_shared::capture::{self, GrayImage};
    use tracemark_shared::marking::MarkingKind;

    /// Paints a page's dark shapes at `px_per_mm` onto white.
    pub(crate) fn rasterise(page: &[Shape], px_per_mm: f32) -> GrayImage {
        let (w, h) = ((PAGE_W * px_per_mm) as u32, (PAGE_H * px_per_mm) as u32);
        let mut pixels = vec![255u8; (w * h) as usize];
        for s in page {
            if let Shape::Dark { x, y, w: sw, h: sh } = s {
                let px = |v: f32| (v * px_per_mm).round() as u32;
                for yy in px(*y)..px(y + sh).min(h) {
                    for xx in px(*x)..px(x + sw).min(w) {
                        pixels[(yy * w + xx) as usize] = 0;
                    }
                }
            }
        }
        GrayImage::from_raw(w, h, pixels).unwrap()
    }

    fn spec(i: usize) -> LabelSpec {
        LabelSpec {
            uri: format!("tmk:1/loc/CAD-1/B{i}-R{}", i % 4),
            lines: vec![format!("CAD-1 / B{i}"), "Bunker".repeat(20)],
        }
    }

    #[test]
    fn every_label_on_a_full_page_scans_back() {
        let labels: Vec<LabelSpec> = (0..PER_PAGE + 2).map(spec).collect();
        let pages = pages(&labels).unwrap();
        assert_eq!(pages.len(), 2);
        let image = rasterise(&pages[0], 8.0);
        let codes = capture::read_codes(&image).unwrap();
        let mut read: Vec<String> = codes
            .iter()
            .filter(|c| c.parsed.kind == MarkingKind::TracemarkLabel)
            .map(|c| c.parsed.label.as_ref().unwrap().to_string())
            .collect();
        read.sort();
        let mut expected: Vec<String> = labels[..PER_PAGE].iter().map(|l| l.uri.clone()).collect();
        expected.sort();
        assert_eq!(read, expected);
    }

    #[test]
    fn text_is_cut_and_escaped() {
        let pages = pages(&[LabelSpec {
            uri: "tmk:1/loc/A/B".into(),
            lines: vec!["<Bunker & \"1\">".into(), "x".repeat(100)],
        }])
        .unwrap();
        let svg = svg(&pages[0]);
        assert!(svg.contains("&lt;Bunker &amp; &quot;1&quot;&gt;"), "{svg}");
        assert!(svg.contains(&format!("{}...", "x".repeat(MAX_TEXT_CHARS - 3))));
        assert_eq!(win_ansi("Депо é"), b"???? \xE9");
    }

    #[test]
    fn pdf_has_one_page_object_per_page() {
        let labels: Vec<LabelSpec> = (0..PER_PAGE * 2 + 1).map(spec).collect();
        let bytes = pdf(&pages(&labels).unwrap());
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-"));
        assert!(text.trim_end().ends_with("%%EOF"));
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert_eq!(pages, 3);
        assert!(text.contains("/Count 3"));
        assert!(text.contains("/BaseFont /Helvetica"));
    }
}
