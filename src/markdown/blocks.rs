//! Block-level finishing on the event stream: footnotes become GitHub-style
//! notes numbered by first reference, headings get unique ids, code blocks
//! are highlighted, and words are counted.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{Heading, Note, Problem, Rendered};
use crate::diagnostics::Severity;
use crate::highlight;

type Ev<'a> = (Event<'a>, Range<usize>);

/// Footnote definitions by label: where each is, and its events.
type Definitions<'a> = HashMap<String, (Range<usize>, Vec<Ev<'a>>)>;

/// Ids the theme uses for its own sections; headings must not take them.
const RESERVED_IDS: [&str; 11] =
    ["main", "content", "claims", "claims-title", "sources", "notes", "top", "title", "summary", "article-title", "gloss-tip"];

/// Ids made by gloss for claims, citations, sources and notes start so.
const RESERVED_PREFIXES: [&str; 6] = ["claim-", "cite-", "source-", "fn-", "fnref-", "claim-entry-"];

pub(super) fn run<'a>(body: &'a str, events: Vec<Ev<'a>>, out: &mut Rendered) -> Vec<Event<'a>> {
    let (main, definitions) = split_notes(events);
    let mut notes = Notes { definitions, order: Vec::new(), refs: HashMap::new() };
    let mut ids: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let main = finish(body, main, &mut notes, &mut ids, out, true);
    // Notes may cite other notes; number them as they are reached.
    let mut i = 0;
    while i < notes.order.len() {
        let label = notes.order[i].clone();
        let events = notes.definitions.get_mut(&label).map(|d| std::mem::take(&mut d.1)).unwrap_or_default();
        let events = finish(body, events, &mut notes, &mut ids, out, false);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.notes.push(Note {
            id: note_id(&label),
            number: i + 1,
            backrefs: (1..=notes.refs[&label]).map(|n| ref_id(&label, n)).collect(),
            html,
            label,
        });
        i += 1;
    }
    for (label, (range, _)) in notes.definitions.iter().filter(|(l, _)| !notes.refs.contains_key(*l)) {
        out.problems.push(Problem {
            severity: Severity::Warning,
            message: format!("note `[^{label}]` is never referenced"),
            help: format!("refer to it with `[^{label}]` in the text, or delete it"),
            span: range.start..range.start + label.len() + 3,
        });
    }
    main
}

struct Notes<'a> {
    /// label → (range of the definition, its events)
    definitions: Definitions<'a>,
    /// Labels in order of first reference.
    order: Vec<String>,
    /// label → number of references so far.
    refs: HashMap<String, usize>,
}

fn note_id(label: &str) -> String {
    let clean: String =
        label.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    format!("fn-{clean}")
}

fn ref_id(label: &str, n: usize) -> String {
    let base = note_id(label).replacen("fn-", "fnref-", 1);
    if n == 1 { base } else { format!("{base}-{n}") }
}

/// Takes footnote definitions out of the main stream.
fn split_notes(events: Vec<Ev>) -> (Vec<Ev>, Definitions) {
    let mut main = Vec::with_capacity(events.len());
    let mut definitions = HashMap::new();
    let mut current: Option<(String, Range<usize>, Vec<Ev>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => current = Some((label.to_string(), range, Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, range, evs)) = current.take() {
                    definitions.entry(label).or_insert((range, evs));
                }
            }
            e => match &mut current {
                Some((_, _, evs)) => evs.push((e, range)),
                None => main.push((e, range)),
            },
        }
    }
    (main, definitions)
}

fn finish<'a>(
    body: &'a str,
    events: Vec<Ev<'a>>,
    notes: &mut Notes<'a>,
    ids: &mut HashSet<String>,
    out: &mut Rendered,
    count_words: bool,
) -> Vec<Event<'a>> {
    let mut result: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                if !notes.definitions.contains_key(&label) {
                    result.push(Event::Text(CowStr::Borrowed(&body[range.clone()])));
                    out.problems.push(Problem {
                        severity: Severity::Error,
                        message: format!("note `[^{label}]` is not defined"),
                        help: format!("add a line `[^{label}]: …` at the end of the article"),
                        span: range,
                    });
                    continue;
                }
                if !notes.refs.contains_key(&label) {
                    notes.order.push(label.clone());
                }
                let count = notes.refs.entry(label.clone()).or_insert(0);
                *count += 1;
                let number = notes.order.iter().position(|l| *l == label).map_or(0, |i| i + 1);
                result.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{}\" data-footnote-ref>{number}</a></sup>",
                    note_id(&label),
                    ref_id(&label, *count),
                ))));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(|l| l.trim_start_matches('.')),
                    CodeBlockKind::Indented => None,
                }
                .filter(|l| !l.is_empty());
                result.push(Event::Html(CowStr::from(highlight::code_block(lang, &code))));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let mut inner: Vec<Ev<'a>> = Vec::new();
                for (e, r) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push((e, r));
                }
                let text: String = inner
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let base = match &id {
                    Some(custom) => custom.to_string(),
                    None => {
                        let s = slug::slugify(&text);
                        if s.is_empty() { "section".to_string() } else { s }
                    }
                };
                let unique = unique_id(&base, ids, id.is_none());
                if id.is_some() && unique != base {
                    out.problems.push(Problem {
                        severity: Severity::Error,
                        message: format!("heading id `{base}` is used twice on this page"),
                        help: "give each heading a different `{#id}`".into(),
                        span: range.clone(),
                    });
                }
                out.headings.push(Heading { level: level as u8, id: unique.clone(), text: text.trim().to_string() });
                result.push(Event::Start(Tag::Heading { level, id: Some(CowStr::from(unique)), classes, attrs }));
                let inner = finish(body, inner, notes, ids, out, count_words);
                result.extend(inner);
                result.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(t) => {
                if count_words {
                    out.words += t.split_whitespace().count();
                }
                result.push(Event::Text(t));
            }
            e => result.push(e),
        }
    }
    result
}

/// Makes `base` unique on the page (`x`, `x-1`, `x-2` …) and records it.
/// Generated ids also avoid gloss's own prefixes.
fn unique_id(base: &str, ids: &mut HashSet<String>, generated: bool) -> String {
    let clashes = |s: &str, ids: &HashSet<String>| {
        ids.contains(s) || (generated && RESERVED_PREFIXES.iter().any(|p| s.starts_with(p)))
    };
    let mut candidate = base.to_string();
    let mut n = 0;
    while clashes(&candidate, ids) {
        n += 1;
        candidate = format!("{base}-{n}");
        if generated && RESERVED_PREFIXES.iter().any(|p| base.starts_with(p)) {
            candidate = format!("h-{base}-{n}");
        }
    }
    ids.insert(candidate.clone());
    candidate
}
