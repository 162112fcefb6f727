//! The HTML gloss writes in place of the syntax: a span's opening tag, the
//! verdict link that closes a claim, a citation's `<sup>`; and what a claim
//! span records (its quoted text and the sources cited with it). Kept apart
//! from `annotate`, which decides *where* these go.

use foldhash::HashMap;
use std::fmt::Write;

use pulldown_cmark::Event;

use super::plans::{CitePlan, ClaimPlan, SpanPlan};
use super::{ClaimSpan, Ev, Rendered};
use crate::escape::push_html;

/// Appends `parts` escaped and separated by spaces (which need no escaping).
fn push_html_words<'s>(out: &mut String, parts: impl IntoIterator<Item = &'s str>) {
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_html(out, part);
    }
}

/// Appends ` NAME="PREFIXVALUE"`, the value escaped.
fn push_attr(out: &mut String, name: &str, prefix: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(prefix);
    push_html(out, value);
    out.push('"');
}

/// The opening `<span …>` of a bracketed span.
pub(super) fn open_tag(span: &SpanPlan) -> String {
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
        push_html_words(&mut tag, attrs.classes.iter().map(String::as_str));
        tag.push('"');
    }
    // Other keys are errors (`attrs::check_keys`): never written.
    for (k, v) in attrs.pairs.iter().filter(|(k, _)| super::attrs::safe_key(k)) {
        push_attr(&mut tag, k, "", v);
    }
    tag + ">"
}

/// The verdict link that closes a claim span.
pub(super) fn verdict_tag(claim: &ClaimPlan) -> String {
    let mut tag = String::from("<a class=\"claim-verdict\"");
    push_attr(&mut tag, "href", "#claim-entry-", &claim.id);
    push_attr(&mut tag, "data-verdict", "", &claim.verdict);
    tag.push('>');
    push_html(&mut tag, &claim.label);
    tag + "</a>"
}

/// The `<sup>` of citation `number`, numbering its sources by first
/// citation as it goes.
pub(super) fn citation_tag<'c>(
    number: usize,
    cite: &'c CitePlan,
    numbers: &mut HashMap<&'c str, usize>,
    order: &mut Vec<String>,
) -> String {
    let mut tag = format!("<sup class=\"citation\" id=\"cite-{number}\" data-cites=\"");
    push_html_words(&mut tag, cite.items.iter().map(|(c, _)| c.key.as_str()));
    tag.push_str("\">");
    for (item, _) in &cite.items {
        let number = *numbers.entry(item.key.as_str()).or_insert_with(|| {
            order.push(item.key.clone());
            order.len()
        });
        tag.push_str("<a href=\"#source-");
        push_html(&mut tag, &item.key);
        tag.push_str("\">");
        write!(tag, "{number}").expect("writing to a String cannot fail");
        if let Some(loc) = &item.locator {
            tag.push_str("<span class=\"locator\">, ");
            push_html(&mut tag, loc);
            tag.push_str("</span>");
        }
        tag.push_str("</a>");
    }
    tag + "</sup>"
}

/// A span's `said=`, or `date=` as it was first spelt (both at once is an
/// error, as in the front matter: which one is meant?).
fn span_said(span: &SpanPlan, problems: &mut Vec<super::Problem>) -> Option<String> {
    let (said, date) = (span.attrs.get("said"), span.attrs.get("date"));
    if said.is_some() && date.is_some() {
        problems.push(super::Problem {
            severity: crate::diagnostics::Severity::Error,
            message: "the claim has both `said` and `date`".into(),
            help: "`date` is the old name of `said`: keep one".into(),
            span: span.open..span.close.end,
        });
    }
    said.or(date).map(str::to_string)
}

/// A span's `ruling=`, rendered; what the URL rule refuses in it is placed
/// at the span.
fn span_ruling(span: &SpanPlan, unsafe_html: bool, problems: &mut Vec<super::Problem>) -> Option<super::Inline> {
    let ruling = span.attrs.get("ruling")?;
    let mut found = Vec::new();
    let rendered = super::inline(ruling, unsafe_html, &mut found);
    let at = span.open..span.close.end;
    problems.extend(found.into_iter().map(|p| super::Problem { span: at.clone(), ..p }));
    Some(rendered)
}

/// Records each claim with its quoted text and the sources cited inside
/// or directly after it.
pub(super) fn collect_claims(
    body: &str,
    events: &[Ev],
    decoration: &[usize],
    (spans, marks): (&[SpanPlan], &[(usize, usize)]),
    cites: &[CitePlan],
    unsafe_html: bool,
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
            said: span_said(span, &mut out.problems),
            ruling: span_ruling(span, unsafe_html, &mut out.problems),
            appearance: span.attrs.get("appearance").map(str::to_string),
            sources: list(span.attrs.get("sources")),
            cited,
            text_html,
            text,
            span: span.open..span.close.end,
        });
    }
    out.claims.sort_by_key(|c| c.span.start);
}
