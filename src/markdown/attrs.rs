//! What attribute syntax may write, headings' attribute blocks, and the
//! last net for claim markup that did not become a claim.
//!
//! `[text]{…}` and `## Heading {…}` write attributes into the page, so they
//! write only attributes that are safe by construction: an id, classes,
//! `lang`, `dir`, `title` and `data-*` (and a claim's own keys on a claim),
//! in either `unsafe_html` mode. An event handler or a `style` typed there
//! would otherwise slip past `unsafe_html: false`; raw HTML stays the one
//! way to write arbitrary markup, and only where the site allows it.
//!
//! pulldown-cmark reads a heading's trailing `{…}` itself, loosely (words
//! split at spaces, quotes kept, prose in braces taken as attributes), and
//! also when it is a claim span's block ending the line
//! (`## A [claim]{.claim #id}`). `headings` reads each such block again
//! with gloss's own reader: a span's block and prose go back into the text
//! (for `annotate`), real attributes are checked.
//!
//! `leftovers` runs after `annotate`: text that still reads `{.claim` did
//! not become a claim, and is an error where it is.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::syntax::{AttrParse, Attrs, parse_attrs};
use super::{Ev, Problem};
use crate::diagnostics::{Severity, suggestion};

/// Keys a claim span may carry inline.
pub(super) const CLAIM_KEYS: [&str; 7] = ["verdict", "claimant", "said", "date", "sources", "ruling", "appearance"];

/// Keys any span or heading may carry besides `#id`, `.class` and `data-*`.
const SAFE_KEYS: [&str; 3] = ["lang", "dir", "title"];

/// What text reads when claim markup did not become a claim.
const LEFTOVER: &str = "{.claim";

/// Is `key` an attribute any span or heading may write?
pub(super) fn safe_key(key: &str) -> bool {
    SAFE_KEYS.contains(&key) || key.strip_prefix("data-").is_some_and(|name| !name.is_empty())
}

/// Reports the keys of a block (its `{` at `block` in the body) that
/// attribute syntax does not write; `what` names the element ("span",
/// "heading").
pub(super) fn check_keys(attrs: &Attrs, block: usize, what: &str, problems: &mut Vec<Problem>) {
    for ((key, _), &at) in attrs.pairs.iter().zip(&attrs.key_at) {
        if safe_key(key) {
            continue;
        }
        let (message, help) = if CLAIM_KEYS.contains(&key.as_str()) {
            (
                format!("`{key}` is a claim's attribute, but this {what} is not a claim"),
                "make the words a claim, as in `[the words]{.claim #id verdict=false}`".to_string(),
            )
        } else {
            let fallback = format!(
                "attribute syntax writes `#id`, `.class`, `lang`, `dir`, `title` and `data-…`: \
                 write `data-{key}=…`, or raw HTML where the site allows it (`unsafe_html`)"
            );
            (format!("`{key}` is not an attribute gloss writes"), suggestion(key, SAFE_KEYS, &fallback))
        };
        let span = block + at..block + at + key.len();
        problems.push(Problem { severity: Severity::Error, message, help, span });
    }
}

/// Reads each heading's trailing attribute block again (see the module
/// doc): fixes the heading's attributes, or gives the block back as text.
pub(super) fn headings<'a>(
    source: &str,
    parsed: &'a str,
    mut events: Vec<Ev<'a>>,
    problems: &mut Vec<Problem>,
) -> Vec<Ev<'a>> {
    // (index of the heading's end, block) for blocks that go back as text.
    let mut give_back: Vec<(usize, Range<usize>)> = Vec::new();
    let mut start = None;
    for i in 0..events.len() {
        match &events[i].0 {
            // pulldown-cmark drops some blocks it does not take (`{x}`).
            Event::Start(Tag::Heading { .. }) if source[events[i].1.clone()].trim_end().ends_with('}') => {
                start = Some(i);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(block) = start.take().and_then(|s| heading(source, &mut events, s, i, problems)) {
                    give_back.push((i, block));
                }
            }
            _ => {}
        }
    }
    if give_back.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + give_back.len());
    let mut next = give_back.into_iter().peekable();
    for (i, event) in events.into_iter().enumerate() {
        if let Some((_, block)) = next.next_if(|(at, _)| *at == i) {
            out.push((Event::Text(CowStr::Borrowed(&parsed[block.clone()])), block));
        }
        out.push(event);
    }
    out
}

/// Reads the attribute block of the heading from event `start` to `end`;
/// returns the block when it goes back into the text.
fn heading(
    source: &str,
    events: &mut [Ev],
    start: usize,
    end: usize,
    problems: &mut Vec<Problem>,
) -> Option<Range<usize>> {
    let range = events[start].1.clone();
    // The block follows the heading's last inline event.
    let from = if end > start + 1 { events[end - 1].1.end } else { range.start };
    let open = from + source.get(from..range.end)?.find('{')?;
    let close = open + source[open..range.end].find('}')?;
    let block = open..close + 1;
    let Event::Start(Tag::Heading { id, classes, attrs, .. }) = &mut events[start].0 else {
        return None;
    };
    let parsed = if open == from && source[..open].ends_with(']') {
        // `## A [claim]{.claim #id}`: the block is the span's.
        AttrParse::No
    } else {
        parse_attrs(&source[block.clone()])
    };
    *id = None;
    classes.clear();
    attrs.clear();
    match parsed {
        // With the white space before it.
        AttrParse::No => Some(from..block.end),
        AttrParse::Invalid(message, at) => {
            let help = "a heading's attributes look like `{#id .class lang=fr}`".into();
            problems.push(Problem { severity: Severity::Error, message, help, span: open + at..open + at + 1 });
            None
        }
        AttrParse::Ok(a, _) if a.has_class("claim") => {
            problems.push(Problem {
                severity: Severity::Error,
                message: "a heading cannot be a claim".into(),
                help: "mark the claim's words instead, as in `## [the words]{.claim #id}`".into(),
                span: block,
            });
            None
        }
        AttrParse::Ok(a, _) => {
            check_keys(&a, open, "heading", problems);
            *id = a.id.map(CowStr::from);
            classes.extend(a.classes.into_iter().map(CowStr::from));
            let safe = a.pairs.into_iter().filter(|(k, _)| safe_key(k));
            attrs.extend(safe.map(|(k, v)| (CowStr::from(k), Some(CowStr::from(v)))));
            None
        }
    }
}

/// Reports text or raw HTML (outside code) that still reads `{.claim` after
/// annotation, except at the blocks in `reported` (their `{`), which
/// already have an error.
pub(super) fn leftovers(parsed: &str, events: &[Ev], reported: &[usize], problems: &mut Vec<Problem>) {
    let finder = memchr::memmem::Finder::new(LEFTOVER);
    // The end of the text before, for `{.claim` split over several events.
    let mut carry: Vec<u8> = Vec::with_capacity(2 * LEFTOVER.len());
    let mut in_code = false;
    for (event, range) in events {
        match event {
            // Raw HTML the site keeps is text the writer typed too.
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) if !in_code => {
                // Every `{.claim` starts with a `{`: where the text before
                // ended without one and this text has none, there is
                // nothing to search for.
                let mut hits: Vec<usize> = Vec::new();
                if carry.contains(&b'{') {
                    carry.extend_from_slice(&text.as_bytes()[..text.len().min(LEFTOVER.len() - 1)]);
                    if finder.find(&carry).is_some() {
                        hits.push(range.start);
                    }
                }
                let first = memchr::memchr(b'{', text.as_bytes()).and_then(|_| finder.find(text.as_bytes()));
                if let Some(first) = first {
                    // Offsets in the text are offsets in the body only when it is raw.
                    let raw = parsed.get(range.clone()) == Some(text.as_ref());
                    let found = std::iter::once(first)
                        .chain(finder.find_iter(&text.as_bytes()[first + 1..]).map(|i| first + 1 + i));
                    hits.extend(found.map(|i| if raw { range.start + i } else { range.start }));
                }
                for at in hits {
                    if !reported.contains(&at) {
                        problems.push(leftover(at));
                    }
                }
                carry.clear();
                let tail = text.len().saturating_sub(LEFTOVER.len() - 1);
                carry.extend_from_slice(&text.as_bytes()[tail..]);
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(tag) if inline(tag) => {}
            Event::End(tag) if inline_end(tag) => {}
            Event::SoftBreak | Event::FootnoteReference(_) => {}
            _ => carry.clear(),
        }
    }
}

fn leftover(at: usize) -> Problem {
    Problem {
        severity: Severity::Error,
        message: "this `{.claim …}` did not become a claim".into(),
        help: "a claim is `[its words]{.claim #id}`: the words in `[…]`, then `{` right after `]`; \
               to show the syntax itself, put it in a code span"
            .into(),
        span: at..at + LEFTOVER.len(),
    }
}

/// Tags that stay inside a line of text.
pub(super) fn inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Is `range` covered by inline events only (no paragraph, cell or other
/// block ends inside it), starting the search at event `from`?
pub(super) fn inline_only(events: &[Ev], from: usize, range: &Range<usize>) -> bool {
    let mut cursor = range.start;
    for (event, r) in &events[from..] {
        if cursor >= range.end {
            return true;
        }
        if r.end <= cursor {
            continue;
        }
        let ok = match event {
            Event::Start(tag) => inline(tag),
            Event::End(tag) => inline_end(tag),
            Event::Text(_) | Event::Code(_) | Event::InlineHtml(_) | Event::SoftBreak | Event::HardBreak => true,
            Event::FootnoteReference(_) => true,
            _ => false,
        };
        if !ok {
            return false;
        }
        cursor = cursor.max(r.end);
    }
    cursor >= range.end
}
