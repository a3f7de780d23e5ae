//! A case report drawn as an A4 PDF: headings, labelled facts, wrapped text, the items'
//! photos (their thumbnails, embedded as JPEG) and tables of the traces and the
//! history.
//!
//! Text is set in DejaVu Sans (Latin, Cyrillic, Greek, Arabic) with Noto Sans CJK SC
//! for Chinese (cut to GB 2312, see `scripts/make-report-fonts.py`), chosen character
//! by character; krilla shapes each run (Arabic joins and reads right to left) and
//! embeds only the glyphs used.
//!
//! Invariant: the renderer draws only what the report holds; any text, however long
//! or in whatever script, is wrapped within the margins and breaks across pages; a
//! photo that does not decode is named instead of drawn.

use std::collections::HashMap;

use fluent_bundle::FluentValue;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};
use tracemark_shared::api::report::{CaseReport, LotTrace, ReportItem};
use tracemark_shared::domain::{Recovery, SeizedItem, SharingScope};
use tracemark_shared::i18n::Locale;

use crate::console::i18n::CATALOG;

use crate::photos::PhotoStore;

const MAIN_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-GB2312.otf");

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 50.0;
const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;
const HEADING: f32 = 13.0;
const TITLE: f32 = 18.0;
const LEADING: f32 = 1.35;
/// Largest photo drawn, in points.
const PHOTO_W: f32 = 150.0;
const PHOTO_H: f32 = 112.0;
/// Most photos of one report embedded (each is a thumbnail of a few tens of KiB).
pub const MAX_PHOTOS: usize = 60;

const INK: (u8, u8, u8) = (29, 35, 42);
const MUTED: (u8, u8, u8) = (91, 102, 112);
const ACCENT: (u8, u8, u8) = (11, 92, 173);

/// Why a report could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A bundled font did not load (a build fault).
    #[error("the report font {0} does not load")]
    Font(&'static str),
    /// The PDF could not be written.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// One of the two fonts, for drawing (krilla) and measuring (skrifa).
struct Face {
    draw: Font,
    charmap: Charmap<'static>,
    /// Advances in font units.
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8], name: &'static str) -> Result<Self, RenderError> {
        let read = FontRef::new(bytes).map_err(|_| RenderError::Font(name))?;
        Ok(Self {
            draw: Font::new(bytes.into(), 0).ok_or(RenderError::Font(name))?,
            charmap: read.charmap(),
            metrics: read.glyph_metrics(FontSize::unscaled(), LocationRef::default()),
            units_per_em: f32::from(
                read.head()
                    .map_err(|_| RenderError::Font(name))?
                    .units_per_em(),
            ),
        })
    }

    fn has(&self, ch: char) -> bool {
        self.charmap.map(ch).is_some()
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .filter_map(|c| self.charmap.map(c))
            .filter_map(|g| self.metrics.advance_width(g))
            .sum();
        units * size / self.units_per_em.max(1.0)
    }
}

/// The thumbnails of the report's photos that the store has (or can make), by hash;
/// at most [`MAX_PHOTOS`].
pub async fn photos_of(store: &PhotoStore, report: &CaseReport) -> HashMap<String, Vec<u8>> {
    let mut out = HashMap::new();
    let hashes = report
        .case
        .items
        .iter()
        .flat_map(|i| &i.photos)
        .map(|p| p.sha256.to_string());
    for sha in hashes.take(MAX_PHOTOS) {
        if out.contains_key(&sha) {
            continue;
        }
        match crate::photos::thumbnail::made_or_make(store, &sha).await {
            Ok(jpeg) => {
                out.insert(sha, jpeg);
            }
            Err(e) => tracing::warn!(photo = %sha, error = %e, "photo left out of a case report"),
        }
    }
    out
}

/// How a run of text is drawn: which font, which direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Run {
    cjk: bool,
    rtl: bool,
}

/// Whether `ch` is written right to left (Arabic and Hebrew letters).
fn is_rtl(ch: char) -> bool {
    matches!(ch, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
}

/// Lays text out on A4 pages, top to bottom.
struct Writer<'d> {
    doc: &'d mut Document,
    main: Face,
    cjk: Face,
    /// The lines of the current page, drawn when the page is finished.
    ops: Vec<Op>,
    y: f32,
    page: usize,
    footer: String,
    words: Words,
}

/// The report's own words in the reader's language (the case's text stays as written).
#[derive(Debug, Clone, Copy)]
struct Words(Locale);

impl Words {
    fn t(self, id: &str) -> String {
        CATALOG.t(self.0, id)
    }

    fn ta(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        CATALOG.t_args(self.0, id, args)
    }

    /// A value of a family named in the reader's words (`mode-sea`), or as stored when
    /// the catalog has no word for it.
    fn term(self, family: &str, value: &str) -> String {
        let id = format!("{family}-{value}");
        let word = self.t(&id);
        if word == id {
            value.replace('_', " ")
        } else {
            word
        }
    }
}

/// Something to draw on the current page.
enum Op {
    Text {
        at: Point,
        size: f32,
        colour: (u8, u8, u8),
        run: Run,
        text: String,
    },
    Photo {
        at: Point,
        size: Size,
        image: Image,
    },
}

impl<'d> Writer<'d> {
    fn new(doc: &'d mut Document, footer: String, words: Words) -> Result<Self, RenderError> {
        Ok(Self {
            doc,
            main: Face::load(MAIN_FONT, "DejaVu Sans")?,
            cjk: Face::load(CJK_FONT, "Noto Sans CJK SC")?,
            ops: Vec::new(),
            y: MARGIN,
            page: 1,
            footer,
            words,
        })
    }

    /// Runs of `text` by font (the main font wherever it has the character) and by
    /// direction (Arabic runs read right to left; spaces and punctuation stay with the
    /// run they are in). Runs are laid left to right.
    fn runs<'t>(&self, text: &'t str) -> Vec<(Run, &'t str)> {
        let mut runs: Vec<(Run, &str)> = Vec::new();
        let mut start = 0;
        let mut current: Option<Run> = None;
        for (i, ch) in text.char_indices() {
            let neutral = !ch.is_alphanumeric();
            // Spaces and punctuation read in the direction of the letters that follow
            // them: `(AE)` after an Arabic name is not turned round.
            let rtl = if neutral {
                text.get(i..)
                    .and_then(|rest| rest.chars().find(|c| c.is_alphanumeric()))
                    .is_some_and(is_rtl)
                    && current.is_some_and(|c| c.rtl)
            } else {
                is_rtl(ch)
            };
            let this = Run {
                cjk: !self.main.has(ch) && self.cjk.has(ch),
                rtl,
            };
            match current {
                Some(c) if c != this => {
                    if let Some(run) = text.get(start..i) {
                        runs.push((c, run));
                    }
                    start = i;
                    current = Some(this);
                }
                None => current = Some(this),
                _ => {}
            }
        }
        if let (Some(c), Some(run)) = (current, text.get(start..)) {
            runs.push((c, run));
        }
        runs
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.runs(text)
            .iter()
            .map(|(r, run)| {
                if r.cjk {
                    self.cjk.width(run, size)
                } else {
                    self.main.width(run, size)
                }
            })
            .sum()
    }

    /// Starts a new page if `height` does not fit on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > PAGE_H - MARGIN {
            self.finish_page();
            self.y = MARGIN;
        }
    }

    fn finish_page(&mut self) {
        let footer = format!("{} · {}", self.footer, self.page);
        let at = Point::from_xy(MARGIN, PAGE_H - MARGIN / 2.0);
        self.ops.push(Op::Text {
            at,
            size: SMALL,
            colour: MUTED,
            run: Run::default(),
            text: footer,
        });
        let ops = std::mem::take(&mut self.ops);
        let Some(settings) = PageSettings::from_wh(PAGE_W, PAGE_H) else {
            return;
        };
        let mut page = self.doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &self.main, &self.cjk, op);
        }
        surface.finish();
        page.finish();
        self.page += 1;
    }

    /// One line of text at `x`, split into runs by font.
    fn line_at(&mut self, x: f32, text: &str, size: f32, colour: (u8, u8, u8)) {
        let mut x = x;
        let baseline = self.y + size;
        let runs: Vec<(Run, String)> = self
            .runs(text)
            .into_iter()
            .map(|(c, r)| (c, r.to_string()))
            .collect();
        for (run, text) in runs {
            let w = self.width(&text, size);
            self.ops.push(Op::Text {
                at: Point::from_xy(x, baseline),
                size,
                colour,
                run,
                text,
            });
            x += w;
        }
    }

    /// Text wrapped to the width from `indent`, each line on the page that has room.
    fn text(&mut self, indent: f32, text: &str, size: f32, colour: (u8, u8, u8)) {
        let width = PAGE_W - 2.0 * MARGIN - indent;
        for paragraph in text.lines() {
            for line in self.wrap(paragraph, size, width) {
                self.room(size * LEADING);
                self.line_at(MARGIN + indent, &line, size, colour);
                self.y += size * LEADING;
            }
        }
    }

    /// `paragraph` in lines no wider than `width`: by words, and a word longer than a
    /// line by characters.
    fn wrap(&self, paragraph: &str, size: f32, width: f32) -> Vec<String> {
        let space = self.width(" ", size);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in paragraph.split(' ') {
            let word_w = self.width(word, size);
            let joined_w = if line.is_empty() {
                word_w
            } else {
                line_w + space + word_w
            };
            if joined_w <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = joined_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line: cut it where it fills the line.
            line_w = 0.0;
            for ch in word.chars() {
                let mut buf = [0u8; 4];
                let ch_w = self.width(ch.encode_utf8(&mut buf), size);
                if line_w + ch_w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(ch);
                line_w += ch_w;
            }
        }
        lines.push(line);
        lines
    }

    fn heading(&mut self, text: &str) {
        self.y += HEADING * 0.6;
        self.room(HEADING * LEADING * 3.0);
        self.text(0.0, text, HEADING, ACCENT);
        self.y += 2.0;
    }

    /// A labelled fact: the label in grey, the value beside it, wrapped.
    fn fact(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        self.room(BODY * LEADING);
        let label_w = 130.0;
        self.line_at(MARGIN, label, BODY, MUTED);
        let width = PAGE_W - 2.0 * MARGIN - label_w;
        for (n, line) in self.wrap(value, BODY, width).into_iter().enumerate() {
            if n > 0 {
                self.room(BODY * LEADING);
            }
            self.line_at(MARGIN + label_w, &line, BODY, INK);
            self.y += BODY * LEADING;
        }
    }

    /// Photos in a row, as many as fit across; the next row below.
    fn photos(&mut self, photos: &[(String, Option<&Vec<u8>>)]) {
        let mut x = MARGIN;
        let mut row_h: f32 = 0.0;
        for (sha, jpeg) in photos {
            let image = jpeg.and_then(|b| Image::from_jpeg(b.clone().into(), true).ok());
            let Some(image) = image else {
                let missing = self
                    .words
                    .ta("report-photo-missing", &[("sha", sha.clone().into())]);
                self.text(0.0, &missing, SMALL, MUTED);
                continue;
            };
            let (w, h) = image.size();
            let scale = (PHOTO_W / w.max(1) as f32).min(PHOTO_H / h.max(1) as f32);
            let (dw, dh) = (w as f32 * scale, h as f32 * scale);
            if x + dw > PAGE_W - MARGIN {
                self.y += row_h + 6.0;
                x = MARGIN;
                row_h = 0.0;
            }
            self.room(dh + SMALL * LEADING);
            let Some(size) = Size::from_wh(dw, dh) else {
                continue;
            };
            self.ops.push(Op::Photo {
                at: Point::from_xy(x, self.y),
                size,
                image,
            });
            let caption: String = sha.chars().take(12).collect();
            let y = self.y;
            self.y += dh + 1.0;
            self.line_at(x, &caption, SMALL - 1.0, MUTED);
            self.y = y;
            x += dw + 8.0;
            row_h = row_h.max(dh + SMALL * LEADING + 2.0);
        }
        self.y += row_h;
    }

    fn finish(mut self) {
        self.finish_page();
    }
}

fn draw(surface: &mut Surface<'_>, main: &Face, cjk: &Face, op: Op) {
    match op {
        Op::Text {
            at,
            size,
            colour,
            run,
            text,
        } => {
            surface.set_fill(Some(Fill {
                paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                ..Fill::default()
            }));
            let font = if run.cjk { &cjk.draw } else { &main.draw };
            let direction = if run.rtl {
                TextDirection::RightToLeft
            } else {
                TextDirection::LeftToRight
            };
            surface.draw_text(at, font.clone(), size, &text, false, direction);
        }
        Op::Photo { at, size, image } => {
            surface.push_transform(&Transform::from_translate(at.x, at.y));
            surface.draw_image(image, size);
            surface.pop();
        }
    }
}

/// The report as PDF bytes, with the photos given (thumbnails by hash), its own
/// words in `locale`.
pub fn render(
    r: &CaseReport,
    photos: &HashMap<String, Vec<u8>>,
    locale: Locale,
) -> Result<Vec<u8>, RenderError> {
    let c = &r.case;
    let words = Words(locale);
    let cache = c.recovery.is_some();
    let what = words.t(if cache {
        "report-title-cache"
    } else {
        "report-title"
    });
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{what} {}", c.reference))
            .creator("Tracemark".into()),
    );
    let footer = words.ta(
        "report-footer",
        &[
            ("reference", c.reference.clone().into()),
            ("agency", r.agency.clone().into()),
        ],
    );
    let mut w = Writer::new(&mut doc, footer, words)?;
    w.text(0.0, &format!("{what} · {}", c.reference), TITLE, INK);
    let made = words.ta(
        "report-made",
        &[
            ("agency", r.agency.clone().into()),
            ("author", r.generated_by.clone().into()),
            ("at", r.generated_at.clone().into()),
            ("revision", r.revision.to_string().into()),
        ],
    );
    w.text(0.0, &made, SMALL, MUTED);

    w.heading(&words.t(if cache {
        "report-the-recovery"
    } else {
        "report-the-seizure"
    }));
    w.fact(&words.t("report-reference"), &c.reference);
    w.fact(
        &words.t(if cache {
            "report-recovered-on"
        } else {
            "report-seized-on"
        }),
        &c.seized_on.to_string(),
    );
    w.fact(&words.t("report-place"), &c.place);
    if let Some(g) = c.gps {
        w.fact(
            &words.t("report-position"),
            &format!("{:.5}, {:.5} (WGS 84)", g.latitude, g.longitude),
        );
    }
    match &c.recovery {
        Some(rec) => recovery_facts(&mut w, rec),
        None => w.fact(
            &words.t("report-mode"),
            &words.term("mode", c.mode_of_shipping.as_str()),
        ),
    }
    w.fact(
        &words.t("report-concealment"),
        c.concealment.as_deref().unwrap_or_default(),
    );
    w.fact(
        &words.t("report-status"),
        &words.term("status", c.status.as_str()),
    );
    w.fact(&words.t("report-shared-with"), &scope_text(words, &c.scope));

    // A recovered cache seldom has a known route: its heading only when it does.
    let routed = c.route != Default::default() || c.point_of_dispatch.is_some();
    if !cache || routed {
        w.heading(&words.t("report-route"));
        w.fact(
            &words.t("report-origin"),
            c.route.origin.as_deref().unwrap_or("–"),
        );
        w.fact(&words.t("report-transit"), &c.route.transit.join(" → "));
        w.fact(
            &words.t("report-destination"),
            c.route.destination.as_deref().unwrap_or("–"),
        );
        w.fact(
            &words.t("report-dispatch"),
            c.point_of_dispatch.as_deref().unwrap_or_default(),
        );
    }

    if !c.parties.is_empty() {
        w.heading(&words.t("report-parties"));
        for p in &c.parties {
            let country = p
                .country
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let note = p
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            w.fact(
                &words.term("report-role", p.role.as_str()),
                &format!("{}{country}{note}", p.name),
            );
        }
    }

    w.heading(&words.ta("report-items", &[("count", c.items.len().into())]));
    for (n, (item, extra)) in c.items.iter().zip(&r.items).enumerate() {
        items(&mut w, n, item, extra, photos);
    }

    w.heading(&words.t("report-traces"));
    if let Some(note) = &r.traces_note {
        w.text(0.0, note, SMALL, MUTED);
    }
    for t in &r.traces {
        traces(&mut w, t);
    }

    w.heading(&words.t("report-history"));
    for v in &r.history.revisions {
        let device = v
            .device
            .as_ref()
            .map(|d| format!(", {}", d.name))
            .unwrap_or_default();
        let status = v
            .status
            .map(|s| format!(" · {}", words.term("status", s.as_str())))
            .unwrap_or_default();
        let line = words.ta(
            "report-revision",
            &[
                ("revision", v.revision.to_string().into()),
                ("at", v.at.clone().into()),
                ("author", v.author.name.clone().into()),
                ("device", device.into()),
                ("status", status.into()),
            ],
        );
        w.text(0.0, &line, BODY, INK);
    }
    for d in &r.history.reviews {
        let line = serde_json::to_value(d)
            .map(|v| tracemark_shared::view::record::one_line(&v))
            .unwrap_or_default();
        w.text(
            0.0,
            &words.ta("report-decision", &[("line", line.into())]),
            BODY,
            INK,
        );
    }
    w.finish();
    doc.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

/// One item: what and how many, its lot, type, classification, decoded markings and
/// photos.
fn items(
    w: &mut Writer<'_>,
    n: usize,
    item: &SeizedItem,
    extra: &ReportItem,
    photos: &HashMap<String, Vec<u8>>,
) {
    let words = w.words;
    let l = &item.lot;
    w.room(BODY * LEADING * 4.0);
    w.text(
        0.0,
        &format!(
            "{}. {} {} {}{}",
            n + 1,
            item.quantity,
            words.term("unit", item.unit.as_str()),
            l.calibre,
            item.description
                .as_deref()
                .map(|d| format!(" — {d}"))
                .unwrap_or_default()
        ),
        BODY + 1.0,
        INK,
    );
    w.fact(&words.t("report-manufacturer"), &l.manufacturer);
    w.fact(&words.t("report-lot"), &l.lot);
    w.fact(
        &words.t("report-sub-lot"),
        l.sub_lot.as_deref().unwrap_or_default(),
    );
    w.fact(
        &words.t("report-year"),
        &l.year.map(|y| y.to_string()).unwrap_or_default(),
    );
    w.fact("NSN", &l.nsn.map(|n| n.to_string()).unwrap_or_default());
    if let Some(t) = extra.ammunition_type {
        let named = words.term("ammo", t.as_str());
        let shown = if extra.type_from_marks {
            words.ta("report-type-from-marks", &[("type", named.into())])
        } else {
            named
        };
        w.fact(&words.t("report-type"), &shown);
    }
    w.fact(
        &words.t("report-hazard"),
        &l.hazard.map(|h| h.to_string()).unwrap_or_default(),
    );
    for m in &extra.markings {
        w.fact(
            &words.t("report-marking"),
            &format!(
                "{} ({})",
                m.text.replace(['\u{1d}', '\u{1e}', '\u{4}'], "␝"),
                m.kind
            ),
        );
        for e in &m.elements {
            w.text(
                142.0,
                &format!("{} {}: {}", e.id, e.title, e.value),
                SMALL,
                MUTED,
            );
        }
    }
    let shown: Vec<(String, Option<&Vec<u8>>)> = item
        .photos
        .iter()
        .map(|p| {
            let sha = p.sha256.to_string();
            let jpeg = photos.get(&sha);
            (sha, jpeg)
        })
        .collect();
    if !shown.is_empty() {
        w.y += 3.0;
        w.photos(&shown);
    }
    w.y += 6.0;
}

/// One lot's trace as the author may see it, and who holds more.
fn traces(w: &mut Writer<'_>, t: &LotTrace) {
    let words = w.words;
    let heading = words.ta(
        "report-trace-lot",
        &[
            ("lot", t.lot.clone().into()),
            ("manufacturer", t.manufacturer.clone().into()),
            ("count", t.answer.matches.len().into()),
        ],
    );
    w.text(0.0, &heading, BODY, INK);
    if !t.non_retransfer_certificates.is_empty() {
        let barred = words.ta(
            "report-non-retransfer",
            &[(
                "certificates",
                t.non_retransfer_certificates.join(", ").into(),
            )],
        );
        w.text(12.0, &barred, SMALL, ACCENT);
    }
    for m in &t.answer.matches {
        let l = &m.line;
        let parts: Vec<String> = [
            Some(words.term("kind", m.kind.as_str())),
            l.reference.clone(),
            Some(format!("{} ({})", m.agency_name, m.country)),
            m.date.clone(),
            Some(l.place().join(", ")).filter(|p| !p.is_empty()),
            Some(words.ta("report-units", &[("quantity", l.quantity.into())])),
            l.end_user
                .as_ref()
                .map(|e| words.ta("report-end-user", &[("end_user", e.clone().into())])),
        ]
        .into_iter()
        .flatten()
        .collect();
        w.text(12.0, &parts.join(" · "), SMALL, MUTED);
    }
    for h in &t.answer.holders {
        let holds = words.ta("report-holder", &[("agency", h.agency_name.clone().into())]);
        w.text(12.0, &holds, SMALL, MUTED);
    }
}

/// How a recovered cache was found and what was done with it, in words.
fn recovery_facts(w: &mut Writer<'_>, r: &Recovery) {
    let words = w.words;
    w.fact(
        &words.t("report-how-found"),
        &words.term("circumstance", r.circumstance.as_str()),
    );
    w.fact(&words.t("report-recovered-by"), &r.recovered_by);
    w.fact(
        &words.t("report-condition"),
        &words.term("cache-condition", r.condition.as_str()),
    );
    w.fact(
        &words.t("report-what-done"),
        &words.term("cache-action", r.action.as_str()),
    );
    if let Some(day) = r.action_on {
        w.fact(&words.t("report-done-on"), &day.to_string());
    }
    w.fact(
        &words.t("report-moved-to"),
        r.moved_to.as_deref().unwrap_or_default(),
    );
    w.fact(
        &words.t("report-how-done"),
        r.action_note.as_deref().unwrap_or_default(),
    );
}

fn scope_text(words: Words, scope: &SharingScope) -> String {
    match scope {
        SharingScope::OwnAgency => words.t("report-scope-own_agency"),
        SharingScope::National => words.t("report-scope-national"),
        SharingScope::Partners { agencies } => {
            words.ta("report-scope-partners", &[("count", agencies.len().into())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracemark_shared::api::review::History;
    use tracemark_shared::domain::*;

    fn report(items: usize, text: &str) -> CaseReport {
        let item = |n: usize| SeizedItem {
            id: SeizedItemId::new(),
            lot: AmmunitionLot {
                manufacturer: "17".into(),
                calibre: "7.62x39mm".into(),
                year: Some(1985),
                lot: format!("L-{n}"),
                sub_lot: None,
                nsn: None,
                dodic: None,
                ammunition_type: None,
                hazard: None,
            },
            description: Some(text.into()),
            quantity: 10,
            unit: QuantityUnit::Rounds,
            photos: vec![],
            markings: vec![text.into()],
        };
        let case = SeizureCase {
            id: SeizureId::new(),
            agency_id: AgencyId::new(),
            reference: "KE-1".into(),
            seized_on: time::macros::date!(2026 - 03 - 15),
            place: text.into(),
            gps: None,
            mode_of_shipping: ShippingMode::Road,
            concealment: Some(text.into()),
            route: Route::default(),
            point_of_dispatch: None,
            parties: vec![],
            items: (0..items).map(item).collect(),
            victims: None,
            recovery: None,
            status: CaseStatus::Submitted,
            scope: SharingScope::OwnAgency,
            revision: Revision {
                number: 1,
                author: UserId::new(),
                device: None,
                at: time::OffsetDateTime::UNIX_EPOCH,
            },
        };
        CaseReport {
            generated_at: "2026-11-30T00:00:00Z".into(),
            generated_by: "Grace".into(),
            agency: "Customs".into(),
            record_id: case.id.to_string(),
            revision: 1,
            items: case
                .items
                .iter()
                .map(|i| tracemark_shared::api::report::ReportItem {
                    item_id: i.id.to_string(),
                    ammunition_type: None,
                    type_from_marks: false,
                    markings: vec![],
                })
                .collect(),
            case,
            traces: vec![],
            traces_note: None,
            history: History {
                record_id: String::new(),
                kind: RecordKind::SeizureCase,
                revisions: vec![],
                reviews: vec![],
            },
        }
    }

    /// Page objects (`/Type/Page`, not the `/Type/Pages` tree).
    fn pages(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        text.matches("/Type/Page").count() - text.matches("/Type/Pages").count()
    }

    #[test]
    fn long_text_in_any_script_wraps_within_the_margins() {
        let mut doc = Document::new();
        let w = Writer::new(&mut doc, String::new(), Words(Locale::En)).unwrap();
        let width = PAGE_W - 2.0 * MARGIN;
        for text in [
            "x".repeat(3_000),
            "Пункт пропуска «Северный» ".repeat(40),
            "藏在机器箱内".repeat(200),
            "شركة المثال للشحن ".repeat(50),
        ] {
            let lines = w.wrap(&text, BODY, width);
            assert!(lines.len() > 1, "{text}");
            for line in &lines {
                assert!(w.width(line, BODY) <= width + 0.01, "{line}");
            }
            let joined: String = lines.concat();
            assert_eq!(
                joined.chars().filter(|c| !c.is_whitespace()).count(),
                text.chars().filter(|c| !c.is_whitespace()).count(),
                "nothing is lost"
            );
        }
    }

    #[test]
    fn a_long_case_runs_over_pages() {
        let short = render(&report(1, "Namanga"), &HashMap::new(), Locale::En).unwrap();
        let long = render(
            &report(40, &"word ".repeat(300)),
            &HashMap::new(),
            Locale::Ar,
        )
        .unwrap();
        assert!(short.starts_with(b"%PDF-"));
        assert!(
            pages(&long) > pages(&short),
            "{} > {}",
            pages(&long),
            pages(&short)
        );
    }

    #[test]
    fn every_word_of_the_report_is_in_every_language() {
        // A family value reads in the catalog's words, or as stored when it has none.
        for locale in Locale::ALL {
            let words = Words(locale);
            for id in [
                "report-title",
                "report-title-cache",
                "report-how-found",
                "report-role-freight_forwarder",
                "report-scope-own_agency",
            ] {
                assert_ne!(words.t(id), id, "{id} in {locale:?}");
            }
            assert_ne!(words.term("circumstance", "found"), "found");
            assert_eq!(words.term("report-role", "stowaway"), "stowaway");
        }
        assert_eq!(Words(Locale::Fr).term("mode", "sea"), "Maritime");
    }

    #[test]
    fn runs_keep_each_script_in_its_font_and_direction() {
        let mut doc = Document::new();
        let w = Writer::new(&mut doc, String::new(), Words(Locale::En)).unwrap();
        let runs: Vec<(bool, bool, &str)> = w
            .runs("Broker شركة المثال (AE) 藏在 box")
            .into_iter()
            .map(|(r, t)| (r.cjk, r.rtl, t))
            .collect();
        assert_eq!(
            runs,
            [
                (false, false, "Broker "),
                (false, true, "شركة المثال"),
                (false, false, " (AE) "),
                (true, false, "藏在"),
                (false, false, " box"),
            ]
        );
    }
}
