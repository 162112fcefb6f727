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

use super::attrs::{CLAIM_KEYS, check_keys, leftovers};
use super::find::{Found, Texts, find, is_raw};
use super::markup::{citation_tag, collect_claims, open_tag, verdict_tag};
use super::plans::{CitePlan, ClaimPlan, SpanPlan};
use super::syntax::Attrs;
use super::{Citation, Ev, Problem, Rendered, Scope};
use crate::diagnostics::{Severity, suggestion};
use crate::front_matter::valid_id;

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

/// Finds citations and spans and writes their markup; fills `out.claims`, `out.citations`, `out.cited_order`
/// and problems, and returns the rewritten events. `source` is the body as
/// written, `parsed` the text the events come from: the same but for the
/// insides of the attribute blocks in `masks`, set aside (see `mod.rs`).
/// `Err`: more blocks hold Markdown and must be set aside first (only when
/// `last` is false; on the last pass they are errors).
pub(super) fn claims_and_citations<'a>(
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
    let events = rewrite(parsed, events, &edits, &spans, &cites, scope.unsafe_html, out);
    leftovers(parsed, &events, &reported, &mut out.problems);
    Ok(events)
}

/// Is the set-aside block `mask` inside one of the spans' blocks?
fn set_aside(spans: &[SpanPlan], mask: &Range<usize>) -> bool {
    // Spans are in the order of their `]`.
    let i = spans.partition_point(|s| s.close.start < mask.start);
    i > 0 && spans[i - 1].close.end > mask.end
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
        span.claim = Some(claim_plan(id, &span.attrs, scope, &mut problem));
    }
}

/// The claim `id` marked by a span with `attrs`: its verdict (the span's,
/// or the front matter's) and the verdict's label; reports what is missing.
fn claim_plan(id: String, attrs: &Attrs, scope: &Scope, problem: &mut impl FnMut(String, String)) -> ClaimPlan {
    let meta = scope.claims.get(&id);
    let verdict = attrs.get("verdict").map(str::to_string).or_else(|| meta.and_then(|m| m.verdict.clone()));
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
        return ClaimPlan { id, verdict: String::new(), label: String::new() };
    };
    let label = match scope.verdicts.get(&verdict) {
        Some(v) => v.label.clone(),
        None => {
            if attrs.get("verdict").is_some() {
                problem(
                    format!("verdict `{verdict}` is not in the site's scale"),
                    crate::front_matter::verdict_help(&verdict, scope.verdicts),
                );
            }
            verdict.clone()
        }
    };
    ClaimPlan { id, verdict, label }
}

/// Replaces the syntax with HTML in the event stream.
fn rewrite<'a>(
    body: &'a str,
    events: Vec<Ev<'a>>,
    edits: &[Edit],
    spans: &[SpanPlan],
    cites: &[CitePlan],
    unsafe_html: bool,
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
    collect_claims(body, &result, &decoration, (spans, &span_marks), cites, unsafe_html, out);
    result
}
