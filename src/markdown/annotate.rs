//! Citations and bracketed spans on pulldown-cmark's event stream.
//!
//! pulldown-cmark leaves `[@key]` and `[text]{…}` as plain text (they are
//! not links), split over text events. This adapter
//! 1. finds `[` and `]` in text events that match the source byte for byte
//!    (so escapes, entities and code never count), pairing them inside one
//!    inline container so the markup it makes always nests;
//! 2. reads what follows a `]` (an attribute block) or what is inside the
//!    brackets (a citation list) from the *source*, which smart punctuation
//!    has not touched;
//! 3. rewrites the event stream, replacing the syntax with HTML.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::attrs::{CLAIM_KEYS, check_keys, inline_only, leftovers};
use super::markup::{citation_tag, collect_claims, open_tag, verdict_tag};
use super::syntax::{AttrParse, Attrs, CiteItem, parse_attrs, parse_citation};
use super::{Citation, Problem, Rendered, Scope};
use crate::diagnostics::{Severity, suggestion};
use crate::front_matter::valid_id;

pub(super) type Ev<'a> = (Event<'a>, Range<usize>);

/// A bracketed span found in the text.
pub(super) struct SpanPlan {
    pub(super) open: usize,
    /// `]` to `}` inclusive.
    pub(super) close: Range<usize>,
    pub(super) attrs: Attrs,
    /// Resolved claim data, when the span is a claim.
    pub(super) claim: Option<ClaimPlan>,
}

pub(super) struct ClaimPlan {
    pub(super) id: String,
    pub(super) verdict: String,
    pub(super) label: String,
}

pub(super) struct CitePlan {
    pub(super) range: Range<usize>,
    pub(super) items: Vec<(CiteItem, Range<usize>)>,
}

#[derive(Clone, Copy)]
enum EditKind {
    Open(usize),
    Close(usize),
    Cite(usize),
}

struct Edit {
    range: Range<usize>,
    kind: EditKind,
}

/// An open `[` waiting for its `]`.
struct Bracket {
    pos: usize,
    container: usize,
    /// The event the `[` is in.
    event: usize,
    /// Another bracket came after it: it cannot be a citation.
    nested: bool,
}

/// Runs the adapter; fills `out.claims`, `out.citations`, `out.cited_order`
/// and problems, and returns the rewritten events. `source` is the body as
/// written, `parsed` the text the events come from: the same but for the
/// insides of the attribute blocks in `masks`, set aside (see `mod.rs`).
/// `Err`: more blocks hold Markdown and must be set aside first (only when
/// `last` is false; on the last pass they are errors).
pub(super) fn run<'a>(
    (source, parsed): (&str, &'a str),
    events: Vec<Ev<'a>>,
    scope: &Scope,
    (masks, last): (&[Range<usize>], bool),
    out: &mut Rendered,
) -> Result<Vec<Ev<'a>>, Vec<Range<usize>>> {
    let texts = Texts { source, parsed };
    let mut found = find(texts, &events, &mut out.problems);
    if !found.unplain.is_empty() && !last {
        return Err(found.unplain);
    }
    for block in found.unplain.iter().chain(masks.iter().filter(|m| !set_aside(&found.spans, m))) {
        found.reported.push(block.start - 1);
        out.problems.push(Problem {
            severity: Severity::Error,
            message: "gloss could not read these attributes as plain text".into(),
            help: "write the values' Markdown characters escaped (`\\*`, `\\``, `\\<`)".into(),
            span: block.start - 1..block.start,
        });
    }
    let Found { mut spans, mut cites, reported, .. } = found;
    cites.sort_by_key(|c| c.range.start);
    if spans.is_empty() && cites.is_empty() {
        leftovers(parsed, &events, &reported, &mut out.problems);
        return Ok(events);
    }
    resolve_claims(parsed, &mut spans, scope, &mut out.problems, &mut out.span_ids);
    super::claim_slips::check(parsed, &spans, scope.claims, &mut out.problems);
    let mut edits: Vec<Edit> = Vec::with_capacity(spans.len() * 2 + cites.len());
    for (i, s) in spans.iter().enumerate() {
        edits.push(Edit { range: s.open..s.open + 1, kind: EditKind::Open(i) });
        edits.push(Edit { range: s.close.clone(), kind: EditKind::Close(i) });
    }
    for (i, c) in cites.iter().enumerate() {
        edits.push(Edit { range: c.range.clone(), kind: EditKind::Cite(i) });
    }
    edits.sort_by_key(|e| e.range.start);
    let events = rewrite(parsed, events, &edits, &spans, &cites, out);
    leftovers(parsed, &events, &reported, &mut out.problems);
    Ok(events)
}

/// Is the set-aside block `mask` inside one of the spans' blocks?
fn set_aside(spans: &[SpanPlan], mask: &Range<usize>) -> bool {
    // Spans are in the order of their `]`.
    let i = spans.partition_point(|s| s.close.start < mask.start);
    i > 0 && spans[i - 1].close.end > mask.end
}

/// Is the text event's content exactly its source (no escape, entity or
/// smart punctuation), so byte offsets map one to one?
fn is_raw(body: &str, text: &str, range: &Range<usize>) -> bool {
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
struct Found {
    spans: Vec<SpanPlan>,
    cites: Vec<CitePlan>,
    /// The insides of attribute blocks that hold Markdown (`claimant="a *b*"`):
    /// to be set aside and the body parsed again.
    unplain: Vec<Range<usize>>,
    /// The `{` of blocks already reported as errors.
    reported: Vec<usize>,
}

/// The texts `find` reads: `source` as written, `parsed` as pulldown-cmark
/// saw it (the same but for the insides of set-aside attribute blocks).
#[derive(Clone, Copy)]
struct Texts<'t> {
    source: &'t str,
    parsed: &'t str,
}

/// Finds spans and citations.
fn find(texts: Texts, events: &[Ev], problems: &mut Vec<Problem>) -> Found {
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
                for (offset, c) in text.bytes().enumerate().filter(|(_, c)| *c == b'[' || *c == b']') {
                    let pos = range.start + offset;
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

/// Checks a span that is not a claim: its attributes, and its id against
/// the ids `taken` on the page (recorded in `ids`).
fn other_span(span: &SpanPlan, taken: &mut HashSet<String>, ids: &mut Vec<String>, problems: &mut Vec<Problem>) {
    let at = span.close.start + 1..span.close.end;
    check_keys(&span.attrs, at.start, "span", problems);
    let Some(id) = &span.attrs.id else { return };
    let (message, help) = if let Some(prefix) = super::blocks::reserved_prefix(id) {
        (
            format!("span id `{id}` starts with `{prefix}`, which gloss keeps for its own ids"),
            "choose an id that does not start with claim-, cite-, source-, fn- or fnref-",
        )
    } else if !taken.insert(id.clone()) {
        (format!("id `{id}` is used twice on this page"), "give each span a different `{#id}`")
    } else {
        ids.push(id.clone());
        return;
    };
    problems.push(Problem { severity: Severity::Error, message, help: help.into(), span: at });
}

/// Decides which spans are claims and checks their attributes.
fn resolve_claims(
    body: &str,
    spans: &mut [SpanPlan],
    scope: &Scope,
    problems: &mut Vec<Problem>,
    ids: &mut Vec<String>,
) {
    // Claim id → where it is first marked; element ids on the page.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut lines: Option<Vec<usize>> = None;
    for span in spans.iter_mut() {
        if !span.attrs.has_class("claim") {
            other_span(span, &mut taken, ids, problems);
            continue;
        }
        let at = span.close.start + 1..span.close.end;
        let mut problem = |message: String, help: String| {
            problems.push(Problem { severity: Severity::Error, message, help, span: at.clone() });
        };
        let Some(id) = span.attrs.id.clone() else {
            problem(
                "this claim has no id".into(),
                "give it one, as in `{.claim #smuggler-ties}`; the id names it in front matter and in links".into(),
            );
            continue;
        };
        if !valid_id(&id) {
            problem(format!("`{id}` is not a valid claim id"), "ids are letters, digits and `-`, `_`, `.`, `:`".into());
            continue;
        }
        if let Some(&first) = seen.get(&id) {
            // Newline offsets, built once, keep many duplicates linear.
            let lines = lines.get_or_insert_with(|| body.match_indices('\n').map(|(i, _)| i).collect());
            let line = scope.first_line + lines.partition_point(|&nl| nl < first);
            problem(
                format!("claim `{id}` is marked twice in this article"),
                format!("it is already marked on line {line}; a claim id appears once per article"),
            );
            continue;
        }
        seen.insert(id.clone(), span.open);
        ids.push(format!("claim-{id}"));
        for (key, _) in &span.attrs.pairs {
            if !CLAIM_KEYS.contains(&key.as_str()) {
                problem(
                    format!("`{key}` is not a claim attribute"),
                    suggestion(key, CLAIM_KEYS, &format!("a claim may say: {}", CLAIM_KEYS.join(", "))),
                );
            }
        }
        let meta = scope.claims.get(&id);
        let verdict = span.attrs.get("verdict").map(str::to_string).or_else(|| meta.and_then(|m| m.verdict.clone()));
        let Some(verdict) = verdict else {
            problem(
                format!("claim `{id}` has no verdict"),
                if meta.is_some() {
                    format!("add `verdict:` under `claims: {id}:` in the front matter, or `verdict=…` to the span")
                } else {
                    format!("add `verdict=…` to the span, or describe it under `claims: {id}:` in the front matter")
                },
            );
            // Still a claim (so it is not also reported as unmarked).
            span.claim = Some(ClaimPlan { id, verdict: String::new(), label: String::new() });
            continue;
        };
        let label = match scope.verdicts.get(&verdict) {
            Some(v) => v.label.clone(),
            None => {
                if span.attrs.get("verdict").is_some() {
                    problem(
                        format!("verdict `{verdict}` is not in the site's scale"),
                        crate::front_matter::verdict_help(&verdict, scope.verdicts),
                    );
                }
                verdict.clone()
            }
        };
        span.claim = Some(ClaimPlan { id, verdict, label });
    }
}

/// Replaces the syntax with HTML in the event stream.
fn rewrite<'a>(
    body: &'a str,
    events: Vec<Ev<'a>>,
    edits: &[Edit],
    spans: &[SpanPlan],
    cites: &[CitePlan],
    out: &mut Rendered,
) -> Vec<Ev<'a>> {
    let mut result: Vec<Ev<'a>> = Vec::with_capacity(events.len() + edits.len() * 2);
    // Output indices, in increasing order, of markup that is not part of a
    // claim's quoted text.
    let mut decoration: Vec<usize> = Vec::new();
    let mut span_marks: Vec<(usize, usize)> = vec![(0, 0); spans.len()];
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut next = 0;
    let mut skip_until = 0;
    let html = |s: String, r: Range<usize>| (Event::InlineHtml(CowStr::from(s)), r);

    for (event, range) in events {
        let editable = next < edits.len() && edits[next].range.start < range.end;
        let raw_text = |event: &Event| matches!(event, Event::Text(t) if is_raw(body, t, &range));
        if !editable || !raw_text(&event) {
            if range.end <= skip_until && matches!(event, Event::Text(_) | Event::SoftBreak) {
                continue;
            }
            if range.start < skip_until && raw_text(&event) {
                result.push((Event::Text(CowStr::Borrowed(&body[skip_until..range.end])), skip_until..range.end));
                continue;
            }
            result.push((event, range));
            continue;
        }
        let mut pos = range.start.max(skip_until);
        while next < edits.len() && edits[next].range.start < range.end {
            let edit = &edits[next];
            next += 1;
            if edit.range.start > pos {
                result.push((Event::Text(CowStr::Borrowed(&body[pos..edit.range.start])), pos..edit.range.start));
            }
            match edit.kind {
                EditKind::Open(i) => {
                    span_marks[i].0 = result.len();
                    result.push(html(open_tag(&spans[i]), edit.range.clone()));
                }
                EditKind::Close(i) => {
                    span_marks[i].1 = result.len();
                    if let Some(claim) = &spans[i].claim {
                        decoration.push(result.len());
                        result.push(html(verdict_tag(claim), edit.range.clone()));
                    }
                    result.push((Event::InlineHtml(CowStr::Borrowed("</span>")), edit.range.clone()));
                }
                EditKind::Cite(i) => {
                    decoration.push(result.len());
                    let number = out.citations.len() + 1;
                    let tag = citation_tag(number, &cites[i], &mut numbers, &mut out.cited_order);
                    result.push(html(tag, edit.range.clone()));
                    out.citations.push(Citation {
                        anchor: format!("cite-{number}"),
                        keys: cites[i].items.iter().map(|(c, _)| c.key.clone()).collect(),
                        key_spans: cites[i].items.iter().map(|(_, r)| r.clone()).collect(),
                    });
                }
            }
            pos = pos.max(edit.range.end);
            skip_until = skip_until.max(edit.range.end);
        }
        if pos < range.end {
            result.push((Event::Text(CowStr::Borrowed(&body[pos..range.end])), pos..range.end));
        }
    }
    collect_claims(body, &result, &decoration, spans, &span_marks, cites, out);
    result
}
