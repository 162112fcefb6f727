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
use std::fmt::Write;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::syntax::{AttrParse, Attrs, CiteItem, parse_attrs, parse_citation};
use super::{Citation, ClaimSpan, Problem, Rendered, Scope, push_escaped};
use crate::diagnostics::{Severity, suggestion};
use crate::front_matter::valid_id;

type Ev<'a> = (Event<'a>, Range<usize>);

/// Keys a claim span may carry inline.
const CLAIM_KEYS: [&str; 4] = ["verdict", "claimant", "date", "sources"];

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
    verdict: String,
    label: String,
}

struct CitePlan {
    range: Range<usize>,
    items: Vec<(CiteItem, Range<usize>)>,
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
/// and problems, and returns the rewritten events.
pub(super) fn run<'a>(body: &'a str, events: Vec<Ev<'a>>, scope: &Scope, out: &mut Rendered) -> Vec<Ev<'a>> {
    let (mut spans, mut cites) = find(body, &events, &mut out.problems);
    cites.sort_by_key(|c| c.range.start);
    if spans.is_empty() && cites.is_empty() {
        return events;
    }
    resolve_claims(body, &mut spans, scope, &mut out.problems, &mut out.span_ids);
    super::claim_slips::check(body, &spans, scope.claims, &mut out.problems);
    let mut edits: Vec<Edit> = Vec::with_capacity(spans.len() * 2 + cites.len());
    for (i, s) in spans.iter().enumerate() {
        edits.push(Edit { range: s.open..s.open + 1, kind: EditKind::Open(i) });
        edits.push(Edit { range: s.close.clone(), kind: EditKind::Close(i) });
    }
    for (i, c) in cites.iter().enumerate() {
        edits.push(Edit { range: c.range.clone(), kind: EditKind::Cite(i) });
    }
    edits.sort_by_key(|e| e.range.start);
    rewrite(body, events, &edits, &spans, &cites, out)
}

/// Is the text event's content exactly its source (no escape, entity or
/// smart punctuation), so byte offsets map one to one?
fn is_raw(body: &str, text: &str, range: &Range<usize>) -> bool {
    // Most text is borrowed from the body at its own range: no need to compare bytes.
    let borrowed = text.len() == range.len() && body.as_ptr().wrapping_add(range.start) == text.as_ptr();
    borrowed || body.get(range.clone()) == Some(text)
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
            if !(gap.trim().is_empty() || gap == "\\") {
                return false;
            }
        }
        cursor = cursor.max(r.end);
    }
    cursor >= range.end
}

/// Finds spans and citations.
fn find(body: &str, events: &[Ev], problems: &mut Vec<Problem>) -> (Vec<SpanPlan>, Vec<CitePlan>) {
    let mut spans = Vec::new();
    let mut cites = Vec::new();
    let mut containers: Vec<usize> = vec![usize::MAX];
    let mut open: Vec<Bracket> = Vec::new();
    let mut skip_until = 0;
    let mut in_code = false;
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
                    unclosed(body, b.pos, problems);
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
                    let start = bracket.pos;
                    if let Some(end) = span_after(body, events, index, pos, problems) {
                        match end {
                            Ok((attrs, end)) => {
                                spans.push(SpanPlan { open: start, close: pos..end, attrs, claim: None });
                                skip_until = end;
                            }
                            Err(()) => skip_until = pos + 1,
                        }
                        continue;
                    }
                    // A citation holds no brackets: this keeps nested input linear.
                    let inner = &body[start + 1..pos];
                    if bracket.nested {
                        continue;
                    }
                    if let Some(label) =
                        inner.strip_prefix('^').filter(|l| !l.is_empty() && !l.contains(char::is_whitespace))
                    {
                        // pulldown-cmark leaves a note reference with no
                        // definition as text.
                        problems.push(Problem {
                            severity: Severity::Error,
                            message: format!("note `[^{label}]` is not defined"),
                            help: format!("add a line `[^{label}]: …` at the end of the article"),
                            span: start..pos + 1,
                        });
                        continue;
                    }
                    if let Some(parsed) = parse_citation(inner) {
                        let range = start..pos + 1;
                        if !plain_text(body, events, bracket.event, &range) {
                            continue;
                        }
                        match parsed {
                            Ok(items) => cites.push(CitePlan { items: locate_keys(inner, start + 1, items), range }),
                            Err(message) => problems.push(Problem {
                                severity: Severity::Error,
                                message,
                                help: "a citation is `[@id]`, `[@a; @b]` or `[@id, locator]`; write `\\[` for a literal bracket".into(),
                                span: range,
                            }),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for b in open {
        unclosed(body, b.pos, problems);
    }
    (spans, cites)
}

/// Reports a `[@` that never closes: almost always a typo.
fn unclosed(body: &str, pos: usize, problems: &mut Vec<Problem>) {
    if body[pos + 1..].starts_with('@') {
        problems.push(Problem {
            severity: Severity::Error,
            message: "this citation is not closed".into(),
            help: "add `]` after the source id, or write `\\[@` for literal text".into(),
            span: pos..pos + 2,
        });
    }
}

/// If an attribute block follows the `]` at `pos`, reads it. `None`: no
/// block; `Some(Err)`: a malformed block (reported).
fn span_after(
    body: &str,
    events: &[Ev],
    index: usize,
    pos: usize,
    problems: &mut Vec<Problem>,
) -> Option<Result<(Attrs, usize), ()>> {
    let rest = &body[pos + 1..];
    if !rest.starts_with('{') {
        return None;
    }
    match parse_attrs(rest) {
        AttrParse::No => None,
        AttrParse::Invalid(message, at) => {
            problems.push(Problem {
                severity: Severity::Error,
                message,
                help: "a span's attributes look like `{.claim #id verdict=false claimant=\"Name\"}`".into(),
                span: pos + 1 + at..pos + 2 + at,
            });
            Some(Err(()))
        }
        AttrParse::Ok(attrs, len) => {
            let end = pos + 1 + len;
            plain_text(body, events, index, &(pos..end)).then_some(Ok((attrs, end)))
        }
    }
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
        let at = span.close.start + 1..span.close.end;
        let mut problem = |message: String, help: String| {
            problems.push(Problem { severity: Severity::Error, message, help, span: at.clone() });
        };
        if !span.attrs.has_class("claim") {
            let Some(id) = &span.attrs.id else { continue };
            if let Some(prefix) = super::blocks::reserved_prefix(id) {
                problem(
                    format!("span id `{id}` starts with `{prefix}`, which gloss keeps for its own ids"),
                    "choose an id that does not start with claim-, cite-, source-, fn- or fnref-".into(),
                );
            } else if !taken.insert(id.clone()) {
                problem(format!("id `{id}` is used twice on this page"), "give each span a different `{#id}`".into());
            } else {
                ids.push(id.clone());
            }
            continue;
        }
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

/// Appends `parts` escaped and separated by spaces (which need no escaping).
fn push_escaped_words<'s>(out: &mut String, parts: impl IntoIterator<Item = &'s str>) {
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_escaped(out, part);
    }
}

/// Appends ` NAME="PREFIXVALUE"`, the value escaped.
fn push_attr(out: &mut String, name: &str, prefix: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(prefix);
    push_escaped(out, value);
    out.push('"');
}

/// The opening `<span …>` of a bracketed span.
fn open_tag(span: &SpanPlan) -> String {
    let attrs = &span.attrs;
    let mut tag = String::from("<span");
    if let Some(claim) = &span.claim {
        tag.push_str(" class=\"claim\"");
        push_attr(&mut tag, "id", "claim-", &claim.id);
        push_attr(&mut tag, "data-claim", "", &claim.id);
        push_attr(&mut tag, "data-verdict", "", &claim.verdict);
        return tag + ">";
    }
    if let Some(id) = &attrs.id {
        push_attr(&mut tag, "id", "", id);
    }
    if !attrs.classes.is_empty() {
        tag.push_str(" class=\"");
        push_escaped_words(&mut tag, attrs.classes.iter().map(String::as_str));
        tag.push('"');
    }
    for (k, v) in &attrs.pairs {
        tag.push(' ');
        if !(k.starts_with("data-") || k == "lang" || k == "title" || k == "dir") {
            tag.push_str("data-");
        }
        push_escaped(&mut tag, k);
        tag.push_str("=\"");
        push_escaped(&mut tag, v);
        tag.push('"');
    }
    tag + ">"
}

/// The verdict link that closes a claim span.
fn verdict_tag(claim: &ClaimPlan) -> String {
    let mut tag = String::from("<a class=\"claim-verdict\"");
    push_attr(&mut tag, "href", "#claim-entry-", &claim.id);
    push_attr(&mut tag, "data-verdict", "", &claim.verdict);
    tag.push('>');
    push_escaped(&mut tag, &claim.label);
    tag + "</a>"
}

/// The `<sup>` of citation `number`, numbering its sources by first
/// citation as it goes.
fn citation_tag<'c>(
    number: usize,
    cite: &'c CitePlan,
    numbers: &mut HashMap<&'c str, usize>,
    order: &mut Vec<String>,
) -> String {
    let mut tag = format!("<sup class=\"citation\" id=\"cite-{number}\" data-cites=\"");
    push_escaped_words(&mut tag, cite.items.iter().map(|(c, _)| c.key.as_str()));
    tag.push_str("\">");
    for (item, _) in &cite.items {
        let number = *numbers.entry(item.key.as_str()).or_insert_with(|| {
            order.push(item.key.clone());
            order.len()
        });
        tag.push_str("<a href=\"#source-");
        push_escaped(&mut tag, &item.key);
        tag.push_str("\">");
        write!(tag, "{number}").expect("writing to a String cannot fail");
        if let Some(loc) = &item.locator {
            tag.push_str("<span class=\"locator\">, ");
            push_escaped(&mut tag, loc);
            tag.push_str("</span>");
        }
        tag.push_str("</a>");
    }
    tag + "</sup>"
}

/// Records each claim with its quoted text and the sources cited inside
/// or directly after it.
fn collect_claims(
    body: &str,
    events: &[Ev],
    decoration: &[usize],
    spans: &[SpanPlan],
    marks: &[(usize, usize)],
    cites: &[CitePlan],
    out: &mut Rendered,
) {
    for (span, &(open, close)) in spans.iter().zip(marks) {
        let Some(claim) = &span.claim else { continue };
        let inner = events[open + 1..close]
            .iter()
            .enumerate()
            .filter(|(i, (e, _))| {
                decoration.binary_search(&(open + 1 + i)).is_err() && !matches!(e, Event::FootnoteReference(_))
            })
            .map(|(_, (e, _))| e);
        let mut text_html = String::new();
        pulldown_cmark::html::push_html(&mut text_html, inner.clone().cloned());
        let mut written = String::new();
        for e in inner {
            match e {
                Event::Text(t) | Event::Code(t) => written.push_str(t),
                Event::SoftBreak | Event::HardBreak => written.push(' '),
                _ => {}
            }
        }
        let mut text = String::with_capacity(written.len());
        for word in written.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
        // Citations inside the span, then those that follow it directly.
        let mut cited: Vec<String> = Vec::new();
        let mut end = span.close.end;
        let add = |c: &CitePlan, cited: &mut Vec<String>| {
            for (item, _) in &c.items {
                if !cited.contains(&item.key) {
                    cited.push(item.key.clone());
                }
            }
        };
        let first_inside = cites.partition_point(|c| c.range.start <= span.open);
        for c in cites[first_inside..].iter().take_while(|c| c.range.end <= span.close.start) {
            add(c, &mut cited);
        }
        let first_after = cites.partition_point(|c| c.range.start < span.close.end);
        for c in &cites[first_after..] {
            if !body[end..c.range.start].trim().is_empty() {
                break;
            }
            add(c, &mut cited);
            end = c.range.end;
        }
        let list = |v: Option<&str>| -> Vec<String> {
            v.map(|s| s.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default()
        };
        out.claims.push(ClaimSpan {
            id: claim.id.clone(),
            verdict: span.attrs.get("verdict").map(str::to_string),
            claimant: span.attrs.get("claimant").map(str::to_string),
            date: span.attrs.get("date").map(str::to_string),
            sources: list(span.attrs.get("sources")),
            cited,
            text_html,
            text,
            span: span.open..span.close.end,
        });
    }
    out.claims.sort_by_key(|c| c.span.start);
}
