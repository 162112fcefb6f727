//! Finding citations `[@key]` and bracketed spans `[text]{…}` in the text
//! events (steps 1 and 2 of `annotate`): brackets that match the source byte
//! for byte, paired inside one inline container; attribute blocks and
//! citation lists read from the source. What is found is a plan
//! (`plans`); `annotate` decides about claims and rewrites the stream.

use std::ops::Range;

use pulldown_cmark::Event;

use super::attrs::inline_only;
use super::plans::{CitePlan, SpanPlan};
use super::syntax::{AttrParse, Attrs, CiteItem, parse_attrs, parse_citation};
use super::{Ev, Problem};
use crate::diagnostics::Severity;

/// An open `[` waiting for its `]`.
struct Bracket {
    pos: usize,
    container: usize,
    /// The event the `[` is in.
    event: usize,
    /// Another bracket came after it: it cannot be a citation.
    nested: bool,
}

/// Is the text event's content exactly its source (no escape, entity or
/// smart punctuation), so byte offsets map one to one?
pub(super) fn is_raw(body: &str, text: &str, range: &Range<usize>) -> bool {
    body.get(range.clone()) == Some(text)
}

/// Does the text hold a `[` or a `]`? Every text event of the body goes
/// through here.
fn has_bracket(text: &str) -> bool {
    memchr::memchr2(b'[', b']', text.as_bytes()).is_some()
}

/// Is the character at `pos` escaped by an odd number of backslashes?
fn escaped(body: &str, pos: usize) -> bool {
    body.as_bytes()[..pos].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 1
}

/// Is `range` of the source covered by text and soft breaks only (gaps of
/// white space or a lone escaping backslash allowed), starting the search
/// at event `from`?
fn plain_text(body: &str, events: &[Ev], from: usize, range: &Range<usize>) -> bool {
    let mut cursor = range.start;
    for (e, r) in &events[from..] {
        if cursor >= range.end {
            return true;
        }
        if r.end <= cursor {
            continue;
        }
        if !matches!(e, Event::Text(_) | Event::SoftBreak) {
            return false;
        }
        if r.start > cursor {
            let gap = &body[cursor..r.start];
            // White space, a blockquote's `>` or an escaping backslash.
            if !(gap.chars().all(|c| c.is_whitespace() || c == '>') || gap == "\\") {
                return false;
            }
        }
        cursor = cursor.max(r.end);
    }
    cursor >= range.end
}

/// What `find` found.
#[derive(Default)]
pub(super) struct Found {
    pub(super) spans: Vec<SpanPlan>,
    pub(super) cites: Vec<CitePlan>,
    /// The insides of attribute blocks that hold Markdown (`claimant="a *b*"`):
    /// to be set aside and the body parsed again.
    pub(super) unplain: Vec<Range<usize>>,
    /// The `{` of blocks already reported as errors.
    pub(super) reported: Vec<usize>,
}

/// The texts `find` reads: `source` as written, `parsed` as pulldown-cmark
/// saw it (the same but for the insides of set-aside attribute blocks).
#[derive(Clone, Copy)]
pub(super) struct Texts<'t> {
    pub(super) source: &'t str,
    pub(super) parsed: &'t str,
}

/// Finds spans and citations.
pub(super) fn find(texts: Texts, events: &[Ev], problems: &mut Vec<Problem>) -> Found {
    let body = texts.parsed;
    let mut found = Found::default();
    let mut containers: Vec<usize> = vec![usize::MAX];
    let mut open: Vec<Bracket> = Vec::new();
    let mut skip_until = 0;
    let mut in_code = false;
    let mut unclosed_count = 0;
    for (index, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                in_code |= matches!(tag, pulldown_cmark::Tag::CodeBlock(_));
                containers.push(index);
            }
            Event::End(tag) => {
                in_code &= !matches!(tag, pulldown_cmark::TagEnd::CodeBlock);
                let closed = containers.pop().unwrap_or(usize::MAX);
                while open.last().is_some_and(|b| b.container == closed) {
                    let b = open.pop().expect("checked above");
                    unclosed(body, b.pos, &mut unclosed_count, problems);
                }
            }
            Event::Text(text) if !in_code && has_bracket(text) && is_raw(body, text, range) => {
                let container = *containers.last().unwrap_or(&usize::MAX);
                // Brackets are ASCII: their byte offsets are char boundaries.
                // memchr jumps from one to the next over the words between.
                for offset in memchr::memchr2_iter(b'[', b']', text.as_bytes()) {
                    let (pos, c) = (range.start + offset, text.as_bytes()[offset]);
                    if pos < skip_until || escaped(body, pos) {
                        continue;
                    }
                    if c == b'[' {
                        if let Some(outer) = open.last_mut() {
                            outer.nested = true;
                        }
                        open.push(Bracket { pos, container, event: index, nested: false });
                        continue;
                    }
                    if open.last().is_none_or(|b| b.container != container) {
                        continue;
                    }
                    let bracket = open.pop().expect("checked above");
                    if let Some(outer) = open.last_mut() {
                        outer.nested = true;
                    }
                    let at = Close { bracket, pos, index };
                    if let Some(end) = closed(texts, events, at, &mut found, problems) {
                        skip_until = end;
                    }
                }
            }
            _ => {}
        }
    }
    for b in open {
        unclosed(body, b.pos, &mut unclosed_count, problems);
    }
    found
}

/// A `]` that closes `bracket`, in event `index`.
struct Close {
    bracket: Bracket,
    pos: usize,
    index: usize,
}

/// Reads what a closed pair of brackets is: a span, a citation, an
/// undefined note, or text. Returns where reading should resume when the
/// pair took what follows it.
fn closed(texts: Texts, events: &[Ev], at: Close, found: &mut Found, problems: &mut Vec<Problem>) -> Option<usize> {
    let (start, pos) = (at.bracket.pos, at.pos);
    match span_after(texts, events, at.index, pos, problems) {
        After::Span(attrs, end) => {
            found.spans.push(SpanPlan { open: start, close: pos..end, attrs, claim: None });
            return Some(end);
        }
        After::Unplain(end) => {
            found.unplain.push(pos + 2..end - 1);
            return Some(end);
        }
        After::Bad(end) => {
            found.reported.push(pos + 1);
            return Some(end);
        }
        After::None => {}
    }
    // A citation holds no brackets: this keeps nested input linear.
    if at.bracket.nested {
        return None;
    }
    let inner = &texts.parsed[start + 1..pos];
    if let Some(label) = inner.strip_prefix('^').filter(|l| !l.is_empty() && !l.contains(char::is_whitespace)) {
        // pulldown-cmark leaves a note reference with no definition as text.
        problems.push(Problem {
            severity: Severity::Error,
            message: format!("note `[^{label}]` is not defined"),
            help: format!("add a line `[^{label}]: …` at the end of the article"),
            span: start..pos + 1,
        });
        return None;
    }
    let parsed = parse_citation(inner)?;
    let range = start..pos + 1;
    if !plain_text(texts.parsed, events, at.bracket.event, &range) {
        return None;
    }
    match parsed {
        Ok(items) => found.cites.push(CitePlan { items: locate_keys(inner, start + 1, items), range }),
        Err(message) => problems.push(Problem {
            severity: Severity::Error,
            message,
            help: "a citation is `[@id]`, `[@a; @b]` or `[@id, locator]`; write `\\[` for a literal bracket".into(),
            span: range,
        }),
    }
    None
}

/// Unclosed citations reported one by one; past them, one summary (a page
/// of `[@` would otherwise hold a message per two bytes).
const MAX_UNCLOSED: usize = 99;

/// Reports a `[@` that never closes: almost always a typo. `count`: how
/// many there were before it.
fn unclosed(body: &str, pos: usize, count: &mut usize, problems: &mut Vec<Problem>) {
    if !body[pos + 1..].starts_with('@') {
        return;
    }
    *count += 1;
    if *count <= MAX_UNCLOSED {
        problems.push(Problem {
            severity: Severity::Error,
            message: "this citation is not closed".into(),
            help: "add `]` after the source id, or write `\\[@` for literal text".into(),
            span: pos..pos + 2,
        });
    } else if *count == MAX_UNCLOSED + 1 {
        problems.push(Problem {
            severity: Severity::Error,
            message: "this citation is not closed, nor are the ones after it".into(),
            help: "add `]` after each source id, or write `\\[@` for literal text".into(),
            span: pos..pos + 2,
        });
    }
}

/// What follows a `]`.
enum After {
    /// No attribute block.
    None,
    /// A malformed block, reported; it ends at the offset.
    Bad(usize),
    /// A span's attributes and where its block ends.
    Span(Attrs, usize),
    /// A block whose values pulldown-cmark read as Markdown; it ends at the offset.
    Unplain(usize),
}

/// Reads the attribute block that may follow the `]` at `pos` (from the
/// source, which smart punctuation has not touched).
fn span_after(texts: Texts, events: &[Ev], index: usize, pos: usize, problems: &mut Vec<Problem>) -> After {
    let rest = &texts.source[pos + 1..];
    if !rest.starts_with('{') {
        return After::None;
    }
    let (message, at, end) = match parse_attrs(rest) {
        AttrParse::No => return After::None,
        AttrParse::Invalid(message, at) => (message, at, pos + 1),
        AttrParse::Ok(attrs, len) => {
            let end = pos + 1 + len;
            if plain_text(texts.parsed, events, index, &(pos..end)) {
                return After::Span(attrs, end);
            }
            if inline_only(events, index, &(pos..end)) {
                return After::Unplain(end);
            }
            let message = "these attributes are cut in two by the Markdown around them".to_string();
            (message, 0, end)
        }
    };
    problems.push(Problem {
        severity: Severity::Error,
        message,
        help: "a span's attributes look like `{.claim #id verdict=false claimant=\"Name\"}`, in one paragraph \
               (in a table, write `\\|` for a `|`)"
            .into(),
        span: pos + 1 + at..pos + 2 + at,
    });
    After::Bad(end)
}

/// Gives each cited key its byte range (the `@key`) in the source.
fn locate_keys(inner: &str, offset: usize, items: Vec<CiteItem>) -> Vec<(CiteItem, Range<usize>)> {
    let mut from = 0;
    items
        .into_iter()
        .map(|item| {
            // The first `@key` at or after `from`.
            let len = 1 + item.key.len();
            let at = inner[from..]
                .match_indices('@')
                .map(|(i, _)| from + i)
                .find(|&i| inner[i + 1..].starts_with(item.key.as_str()))
                .unwrap_or(from);
            from = at + len;
            (item, offset + at..offset + at + len)
        })
        .collect()
}
