//! Drawing a card: its text is cut into lines with the bundled font's own
//! advances (so a line is known to fit before anything is drawn), written
//! as SVG, painted by resvg and encoded as PNG.
//!
//! The font is Inter (SIL Open Font License, `assets/fonts/LICENSE`), bold
//! and regular, unmodified and built into the binary: a card looks the same
//! on every machine, and no system font is ever read. Inter covers Latin,
//! Greek and Cyrillic; other scripts draw as empty boxes.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

use super::{Card, palette};
use crate::escape;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The bundled faces.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-Bold.otf");
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
const FAMILY: &str = "Inter";

/// The space around everything, and the band of the verdict's colour.
const MARGIN: f32 = 80.0;
const BAND: f32 = 18.0;
/// From the site's name (its baseline) to the bottom edge.
const FOOTER: f32 = 66.0;
/// The headline's sizes, largest first: the largest its text fits in.
const HEADLINE_SIZES: [f32; 3] = [66.0, 58.0, 50.0];
const LINE_HEIGHT: f32 = 1.2;
const PILL_HEIGHT: f32 = 58.0;
const LABEL_SIZE: f32 = 28.0;
const LABEL_SPACING: f32 = 2.0;
const BYLINE_SIZE: f32 = 32.0;
const SITE_SIZE: f32 = 30.0;

/// The text's width: the left margin is past the band.
const TEXT_LEFT: f32 = BAND + MARGIN;
const TEXT_WIDTH: f32 = WIDTH as f32 - TEXT_LEFT - MARGIN;

/// One face's advances, to measure text before it is drawn.
pub struct Face {
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: skrifa::metrics::GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn of(data: &'static [u8]) -> Face {
        let font = FontRef::new(data).expect("the bundled font is valid");
        let units_per_em = f32::from(font.head().map(|h| h.units_per_em()).unwrap_or(1000));
        Face {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        }
    }

    /// The width of `text` at `px`, with `spacing` after each character.
    /// Kerning is left out: it only ever narrows Inter's lines a little.
    pub fn width(&self, text: &str, px: f32, spacing: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| self.metrics.advance_width(self.charmap.map(c).unwrap_or_default()).unwrap_or(0.0))
            .sum();
        units * px / self.units_per_em + spacing * text.chars().count() as f32
    }
}

/// The bold face, measured.
pub fn bold() -> &'static Face {
    static FACE: OnceLock<Face> = OnceLock::new();
    FACE.get_or_init(|| Face::of(BOLD))
}

/// The regular face, measured.
pub fn regular() -> &'static Face {
    static FACE: OnceLock<Face> = OnceLock::new();
    FACE.get_or_init(|| Face::of(REGULAR))
}

/// The two faces, loaded once for resvg.
pub fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for data in [BOLD, REGULAR] {
                db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
            }
            Arc::new(db)
        })
        .clone()
}

/// `text` in at most `lines` lines no wider than `max` at `px`; when it
/// does not fit, the last line ends with "…". Whether it all fit.
pub fn wrap(face: &Face, text: &str, px: f32, spacing: f32, max: f32, lines: usize) -> (Vec<String>, bool) {
    let fits = |s: &str| face.width(s, px, spacing) <= max;
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        line = word.to_string();
        // A word wider than a line is cut where it overflows: the cut is
        // found from the start, so a very long word costs no more than the
        // lines it fills.
        while !fits(&line) && out.len() <= lines {
            let boundaries = (1..=line.len()).filter(|&i| line.is_char_boundary(i));
            let cut = boundaries.take_while(|&i| fits(&line[..i])).last();
            let Some(cut) = cut else { break };
            out.push(line[..cut].to_string());
            line = line[cut..].to_string();
        }
        // One line more than fits is enough to know the text is cut.
        if out.len() > lines {
            break;
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() <= lines {
        return (out, true);
    }
    out.truncate(lines.max(1));
    let last = out.last_mut().expect("at least one line");
    *last = ellipsised(last, &fits);
    (out, false)
}

/// `line` shortened (by words, else by characters) until it fits with "…".
fn ellipsised(line: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut kept = line.trim_end().to_string();
    loop {
        let trimmed = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
        let candidate = format!("{trimmed}…");
        if fits(&candidate) || trimmed.is_empty() {
            return candidate;
        }
        match trimmed.rfind(' ') {
            Some(i) if i > 0 => kept.truncate(i),
            _ => {
                let mut chars = trimmed.chars();
                chars.next_back();
                kept = chars.as_str().to_string();
            }
        }
    }
}

/// The headline's lines and size: the largest size it fits at in `height`,
/// else the smallest, cut with "…".
fn headline(text: &str, height: f32) -> (Vec<String>, f32) {
    let mut last = (Vec::new(), HEADLINE_SIZES[0]);
    for px in HEADLINE_SIZES {
        let lines = ((height / (px * LINE_HEIGHT)).floor() as usize).max(1);
        let (out, fits) = wrap(bold(), text, px, 0.0, TEXT_WIDTH, lines);
        if fits {
            return (out, px);
        }
        last = (out, px);
    }
    last
}

/// How a line of text is drawn: size, weight, colour, letter spacing.
struct Style<'a>(f32, u16, &'a str, f32);

/// One line of text at (`x`, `y`, its baseline), XML-escaped.
fn text(svg: &mut String, (x, y): (f32, f32), Style(px, weight, fill, spacing): Style, content: &str) {
    svg.push_str(&format!(
        r#"<text x="{x}" y="{y}" font-size="{px}" font-weight="{weight}" fill="{fill}" letter-spacing="{spacing}">"#
    ));
    // XML allows no control characters (YAML's "\x01" can make one).
    let content: String =
        content.chars().filter(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}')).collect();
    escape::push_html(svg, &content);
    svg.push_str("</text>");
}

/// The card as SVG.
pub fn svg(card: &Card) -> String {
    let (w, h) = (WIDTH as f32, HEIGHT as f32);
    let colour = palette::band(card);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="{FAMILY}"><rect width="{w}" height="{h}" fill="{bg}"/><rect width="{BAND}" height="{h}" fill="{colour}"/>"#,
        bg = palette::PAPER,
    );
    let mut top = MARGIN;
    if !card.label.is_empty() {
        let label = card.label.to_uppercase();
        let pad = 26.0;
        let max = TEXT_WIDTH - 2.0 * pad;
        let (lines, _) = wrap(bold(), &label, LABEL_SIZE, LABEL_SPACING, max, 1);
        let label = lines.into_iter().next().unwrap_or_default();
        let width = bold().width(&label, LABEL_SIZE, LABEL_SPACING) - LABEL_SPACING + 2.0 * pad;
        svg.push_str(&format!(
            r#"<rect x="{TEXT_LEFT}" y="{top}" width="{width}" height="{PILL_HEIGHT}" rx="8" fill="{colour}"/>"#
        ));
        let baseline = top + PILL_HEIGHT / 2.0 + LABEL_SIZE * 0.36;
        text(&mut svg, (TEXT_LEFT + pad, baseline), Style(LABEL_SIZE, 700, palette::ON_VERDICT, LABEL_SPACING), &label);
        top += PILL_HEIGHT + 44.0;
    }
    let site_baseline = h - FOOTER;
    let rule = site_baseline - SITE_SIZE - 26.0;
    let byline_height = if card.byline.is_empty() { 0.0 } else { BYLINE_SIZE * 1.9 };
    let bottom = rule - 28.0 - byline_height;
    let (lines, px) = headline(&card.headline, bottom - top);
    let mut y = top;
    for line in &lines {
        y += px * LINE_HEIGHT;
        let baseline = y - px * (LINE_HEIGHT - 1.0) - px * 0.04;
        text(&mut svg, (TEXT_LEFT, baseline), Style(px, 700, palette::INK, 0.0), line);
    }
    if !card.byline.is_empty() {
        let (by, _) = wrap(regular(), &card.byline, BYLINE_SIZE, 0.0, TEXT_WIDTH, 1);
        let y = y + BYLINE_SIZE * 1.6;
        text(&mut svg, (TEXT_LEFT, y), Style(BYLINE_SIZE, 400, palette::MUTED, 0.0), &by.concat());
    }
    svg.push_str(&format!(
        r#"<rect x="{TEXT_LEFT}" y="{rule}" width="{TEXT_WIDTH}" height="2" fill="{}"/>"#,
        palette::LINE
    ));
    let (site, _) = wrap(bold(), &card.site, SITE_SIZE, 0.0, TEXT_WIDTH, 1);
    text(&mut svg, (TEXT_LEFT, site_baseline), Style(SITE_SIZE, 700, palette::INK, 0.0), &site.concat());
    svg.push_str("</svg>");
    svg
}

/// The card as a PNG of [`WIDTH`] × [`HEIGHT`].
pub fn png(card: &Card) -> Vec<u8> {
    let options = usvg::Options { font_family: FAMILY.into(), fontdb: fonts(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(&svg(card), &options).expect("the card's SVG is well formed");
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("the card's size is not zero");
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    encode(&pixmap)
}

/// The pixels as an RGB PNG. The card is opaque, so its alpha channel is
/// dropped (a quarter of the bytes), and the fast deflate is used: at
/// default settings, encoding took three times as long as drawing, for a
/// file a fifth smaller.
pub fn encode(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().expect("a header for a valid size");
    writer.write_image_data(&rgb).expect("encoding into memory cannot fail");
    writer.finish().expect("encoding into memory cannot fail");
    out
}
