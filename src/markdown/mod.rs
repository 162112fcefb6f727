//! The Markdown stage: one article body in, HTML and everything the body
//! says about claims, citations, notes and headings out.
//!
//! pulldown-cmark parses; gloss then works on its event stream, never on
//! raw text, so code spans and code blocks are never annotated:
//! 1. `annotate` finds citations `[@key]` and bracketed spans
//!    `[text]{.claim #id}` in text events and replaces them with markup;
//! 2. `images` finds the files images name and makes figures;
//! 3. `blocks` numbers notes, gives headings ids and highlights code;
//! 4. pulldown-cmark's HTML writer turns the events into HTML.
//!
//! Positions are byte offsets into the body; the caller adds the front
//! matter's length to report `file:line:column`.

mod annotate;
mod attrs;
mod blocks;
mod claim_slips;
mod find;
pub mod images;
pub mod links;
mod markup;
mod plans;
mod setaside;
pub mod syntax;

use std::ops::Range;

use crate::model::IndexMap;
use pulldown_cmark::{Event, Options, Parser};

use crate::config::Verdicts;
use crate::diagnostics::Severity;
use crate::model::ClaimMeta;

/// An event of pulldown-cmark's stream with the byte range of the body it
/// comes from: what every step of the stage reads and writes.
type Ev<'a> = (Event<'a>, Range<usize>);

/// What the Markdown stage needs to know about the article around it.
pub struct Scope<'a> {
    /// The claims of the front matter, by id.
    pub claims: &'a IndexMap<String, ClaimMeta>,
    pub verdicts: &'a Verdicts,
    /// Keep raw HTML (true) or escape it as text.
    pub unsafe_html: bool,
    /// Every article's URL and this article's place, to rewrite links to
    /// `.md` files; `None` leaves them as written.
    pub links: Option<(&'a links::LinkMap, &'a links::Here<'a>)>,
    /// The file line the body starts on, for messages that name a line.
    pub first_line: usize,
}

/// A claim span as found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSpan {
    pub id: String,
    /// Inline attributes (`verdict=`, `claimant=`, `said=` or `date=`,
    /// `sources=`, `ruling=`, `appearance=`).
    pub verdict: Option<String>,
    pub claimant: Option<String>,
    pub said: Option<String>,
    /// The span's `ruling=`, rendered.
    pub ruling: Option<Inline>,
    /// One URL.
    pub appearance: Option<String>,
    pub sources: Vec<String>,
    /// Sources cited inside the span or directly after it.
    pub cited: Vec<String>,
    /// The claim as written, as inline HTML without citations or notes.
    pub text_html: String,
    pub text: String,
    /// Where the span is, `[` to `}`.
    pub span: Range<usize>,
}

/// One citation `[@a; @b]` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The id of its element, for backlinks: `cite-3`.
    pub anchor: String,
    pub keys: Vec<String>,
    /// Where each key is (the `@key`), for errors.
    pub key_spans: Vec<Range<usize>>,
}

pub use crate::model::{Heading, Note};

/// A problem found in the body, at a byte range of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub span: Range<usize>,
}

impl Problem {
    /// This problem as a diagnostic in the file `rel`, whose `text` has the
    /// Markdown from byte `start` on.
    pub fn diagnostic(self, rel: &std::path::Path, text: &str, start: usize) -> crate::diagnostics::Diagnostic {
        let d = match self.severity {
            Severity::Error => crate::diagnostics::Diagnostic::error(self.message),
            Severity::Warning => crate::diagnostics::Diagnostic::warning(self.message),
        };
        // A NUL read as U+FFFD moved what follows: then point at the start.
        let span = start + self.span.start..start + self.span.end;
        let span = if text.get(span.clone()).is_some() { span } else { start..start };
        d.in_file(rel).at(text, span).with_help(self.help)
    }
}

/// The rendered body.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub claims: Vec<ClaimSpan>,
    pub citations: Vec<Citation>,
    /// Source keys in the order of first citation: key `i` is number `i + 1`.
    pub cited_order: Vec<String>,
    pub notes: Vec<Note>,
    pub headings: Vec<Heading>,
    pub problems: Vec<Problem>,
    pub words: usize,
    /// Ids the writer gave spans (`[text]{#id}`) and gloss gave claims.
    pub span_ids: Vec<String>,
    /// Images beside the article, to publish with its page.
    pub assets: Vec<images::Asset>,
}

/// The Markdown extensions gloss turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders one article body.
pub fn render(body: &str, scope: &Scope) -> Rendered {
    let nuls: Vec<usize> = memchr::memchr_iter(0, body.as_bytes()).collect();
    let replaced;
    let body = if nuls.is_empty() {
        body
    } else {
        // CommonMark: U+0000 becomes U+FFFD (two bytes longer).
        replaced = body.replace('\0', "\u{FFFD}");
        &replaced
    };
    // Attribute values are plain text. When pulldown-cmark read Markdown in
    // one (`claimant="a *b*"`), the insides of such blocks are set aside
    // and the body parsed again; rarely, that uncovers another.
    let mut masks: Vec<Range<usize>> = Vec::new();
    let mut passes = 0;
    let mut out = loop {
        let last = passes == MAX_MASKED_PASSES;
        passes += 1;
        let parsed = setaside::mask(body, &masks);
        match pass(body, &parsed, scope, (&masks, last)) {
            Ok(out) => break out,
            Err(more) => setaside::merge(&mut masks, more),
        }
    };
    if !nuls.is_empty() {
        setaside::unshift_nuls(&mut out, &nuls);
    }
    out
}

/// Passes over the body that set aside more attribute blocks; the last
/// one reports what is left as errors.
const MAX_MASKED_PASSES: usize = 2;

/// One pass of the Markdown stage over `parsed` (`source` with `masks` set
/// aside). `Err`: blocks to set aside before the next pass.
fn pass(
    source: &str,
    parsed: &str,
    scope: &Scope,
    masks: (&[Range<usize>], bool),
) -> Result<Rendered, Vec<Range<usize>>> {
    let mut out = Rendered::default();
    let mut events = setaside::parse(parsed);
    if !scope.unsafe_html {
        for (e, _) in &mut events {
            if let Event::Html(h) | Event::InlineHtml(h) = e {
                *e = Event::Text(h.clone());
            }
        }
    }
    let mut events = attrs::headings(source, parsed, events, &mut out.problems);
    links::check_and_rewrite(&mut events, scope.links, &mut out.problems);
    blocks::prune_notes(&mut events, &mut out.problems);
    let events = annotate::claims_and_citations((source, parsed), events, scope, masks, &mut out)?;
    let events = images::mark_up(source, events, scope, &mut out);
    let events = blocks::notes_and_code(parsed, events, &mut out);
    out.html.reserve(parsed.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    Ok(out)
}

/// A short piece of Markdown (a ruling, a correction) as inline HTML for
/// pages and as plain words for cards, feeds, JSON-LD and claims.json.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    pub html: String,
    pub text: String,
}

/// [`render_inline`] and [`plain_text`] of `text`.
pub fn inline(text: &str, unsafe_html: bool, problems: &mut Vec<Problem>) -> Inline {
    Inline { html: render_inline(text, unsafe_html, problems), text: plain_text(text) }
}

/// The words of a short piece of Markdown without its markup.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(text, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Renders a short piece of Markdown (a claim's note, a section's intro)
/// as inline HTML: a single paragraph loses its `<p>`. Links, images and
/// raw HTML are checked as in a body; what the URL rule refuses is added
/// to `problems`, at byte ranges of `text`.
pub fn render_inline(text: &str, unsafe_html: bool, problems: &mut Vec<Problem>) -> String {
    let replaced;
    let text = if text.contains('\0') {
        replaced = text.replace('\0', "\u{FFFD}");
        &replaced
    } else {
        text
    };
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .map(|(e, range)| match e {
            Event::Html(h) | Event::InlineHtml(h) if !unsafe_html => (Event::Text(h), range),
            e => (e, range),
        })
        .collect();
    links::check_and_rewrite(&mut events, None, problems);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests;
