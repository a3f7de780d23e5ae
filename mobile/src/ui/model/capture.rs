//! What the capture pipeline read in a photo, as the case screen shows it and the
//! prefill it offers.

use tracemark_shared::capture::Prefill;

/// One code read in a photo, as the screen outlines it.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeView {
    /// Symbology, e.g. `QR Code`.
    pub format: String,
    /// The text read.
    pub text: String,
    /// Corners as SVG polygon points, in photo pixels.
    pub points: String,
    /// What this code alone would fill in.
    pub prefill: Prefill,
}

/// A code's text with its control characters named (`<GS>`, `<RS>`, `<EOT>`), as the
/// marking standards print them, instead of glyphs no font has.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\u{1d}' => out.push_str("<GS>"),
            '\u{1e}' => out.push_str("<RS>"),
            '\u{04}' => out.push_str("<EOT>"),
            c if c.is_control() => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A photo read in this session: its thumbnail and every code found, outlined.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureView {
    /// The thumbnail as a `data:` URL.
    pub thumbnail: String,
    /// Photo width in pixels (the outline coordinates' space).
    pub width: u32,
    /// Photo height in pixels.
    pub height: u32,
    /// The codes, in reading order.
    pub codes: Vec<CodeView>,
}

impl CaptureView {
    /// The view of what the capture pipeline read in one photo.
    pub fn of(capture: &tracemark_shared::capture::Capture) -> Self {
        use base64::Engine as _;
        let codes = capture
            .codes
            .iter()
            .map(|c| CodeView {
                format: c.format.name().to_string(),
                text: visible(&c.text),
                points: c
                    .position
                    .0
                    .iter()
                    .map(|p| format!("{},{}", p.x, p.y))
                    .collect::<Vec<_>>()
                    .join(" "),
                prefill: tracemark_shared::capture::prefill(std::slice::from_ref(c)),
            })
            .collect();
        Self {
            thumbnail: format!(
                "data:image/jpeg;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&capture.thumbnail.jpeg)
            ),
            width: capture.width,
            height: capture.height,
            codes,
        }
    }
}
