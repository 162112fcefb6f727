//! Block-level finishing on the event stream: footnotes become GitHub-style
//! notes numbered by first reference, headings get unique ids, code blocks
//! are highlighted, and words are counted.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{Ev, Heading, Note, Problem, Rendered};
use crate::diagnostics::Severity;
use crate::highlight;

/// Ids the theme uses for its own sections; headings must not take them.
const RESERVED_IDS: [&str; 11] = [
    "main",
    "content",
    "claims",
    "claims-title",
    "sources",
    "notes",
    "top",
    "title",
    "summary",
    "article-title",
    "gloss-tip",
];

/// Ids made by gloss for claims, citations, sources and notes start so; a
/// writer's own ids may not.
pub(super) const RESERVED_PREFIXES: [&str; 5] = ["claim-", "cite-", "source-", "fn-", "fnref-"];

/// The prefix of `id` that gloss keeps for itself, if any.
pub(super) fn reserved_prefix(id: &str) -> Option<&'static str> {
    RESERVED_PREFIXES.iter().find(|p| id.starts_with(*p)).copied()
}

/// A note label as CommonMark matches it: case-folded, spaces collapsed.
fn normalize(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Drops note definitions that nothing published refers to (with a
/// warning), so that what they contain is neither rendered nor counted.
/// A note is published when the text refers to it, or a published note does.
pub(super) fn prune_notes(events: &mut Vec<Ev>, problems: &mut Vec<Problem>) {
    // Where references are: `None` is the text, `Some(label)` a note.
    let mut refs_in: HashMap<Option<String>, Vec<String>> = HashMap::new();
    let mut defined: Vec<(String, String, Range<usize>)> = Vec::new();
    let mut labels: HashSet<String> = HashSet::new();
    // Inside a definition: `Some(Some(label))`, or `Some(None)` inside a
    // second definition of a label, which is ignored with what it refers to.
    let mut current: Option<Option<String>> = None;
    for (e, r) in events.iter() {
        match e {
            Event::Start(Tag::FootnoteDefinition(l)) => {
                let norm = normalize(l);
                current = Some(labels.insert(norm.clone()).then(|| norm.clone()));
                defined.push((norm, l.to_string(), r.clone()));
            }
            Event::End(TagEnd::FootnoteDefinition) => current = None,
            Event::FootnoteReference(l) => match &current {
                Some(None) => {}
                Some(Some(label)) => refs_in.entry(Some(label.clone())).or_default().push(normalize(l)),
                None => refs_in.entry(None).or_default().push(normalize(l)),
            },
            _ => {}
        }
    }
    let mut reached: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = refs_in.get(&None).cloned().unwrap_or_default();
    while let Some(label) = todo.pop() {
        if reached.insert(label.clone()) {
            todo.extend(refs_in.get(&Some(label)).cloned().unwrap_or_default());
        }
    }
    for (norm, label, range) in &defined {
        if !reached.contains(norm) {
            problems.push(Problem {
                severity: Severity::Warning,
                message: format!("note `[^{label}]` is never referenced"),
                help: format!("refer to it with `[^{label}]` in the text, or delete it"),
                span: range.start..range.start + label.len() + 3,
            });
        }
    }
    // Like GitHub, the first definition of a label wins.
    let mut seen: HashSet<String> = HashSet::new();
    for (norm, label, range) in &defined {
        if reached.contains(norm) && !seen.insert(norm.clone()) {
            problems.push(Problem {
                severity: Severity::Warning,
                message: format!("note `[^{label}]` is defined twice; this definition is ignored"),
                help: "delete one of the definitions, or give it a label of its own".into(),
                span: range.start..range.start + label.len() + 3,
            });
        }
    }
    let mut first: HashSet<String> = HashSet::new();
    let mut keep = true;
    events.retain(|(e, _)| match e {
        Event::Start(Tag::FootnoteDefinition(l)) => {
            let norm = normalize(l);
            keep = reached.contains(&norm) && first.insert(norm);
            keep
        }
        Event::End(TagEnd::FootnoteDefinition) => std::mem::replace(&mut keep, true),
        _ => keep,
    });
}

/// A note definition and what it becomes.
struct Definition<'a> {
    /// The label as the definition writes it.
    label: String,
    events: Vec<Ev<'a>>,
    /// `fn-…`, unique on the page; set when first referenced.
    id: String,
    /// Its number; set when first referenced.
    number: usize,
    /// The ids of its references so far.
    refs: Vec<String>,
}

struct Notes<'a> {
    /// Normalised label → definition.
    definitions: HashMap<String, Definition<'a>>,
    /// Normalised labels in order of first reference.
    order: Vec<String>,
    /// Ids taken by notes so far.
    ids: HashSet<String>,
}

/// `base`, or `base-2`, `base-3` … : the first that no note or
/// reference has taken yet.
fn first_free(base: String, taken: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !taken.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// The `fn-` id of a label: letters, digits, `-` and `_`; made unique.
fn note_id(label: &str, taken: &mut HashSet<String>) -> String {
    let clean: String =
        label.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    first_free(format!("fn-{clean}"), taken)
}

/// Takes note definitions out of the main stream.
fn split_notes(events: Vec<Ev>) -> (Vec<Ev>, HashMap<String, Definition>) {
    let mut main = Vec::with_capacity(events.len());
    let mut definitions = HashMap::new();
    let mut current: Option<(String, Vec<Ev>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => current = Some((label.to_string(), Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = current.take() {
                    let def =
                        Definition { events, id: String::new(), number: 0, refs: Vec::new(), label: label.clone() };
                    definitions.entry(normalize(&label)).or_insert(def);
                }
            }
            e => match &mut current {
                Some((_, evs)) => evs.push((e, range)),
                None => main.push((e, range)),
            },
        }
    }
    (main, definitions)
}

/// Ids on the page and how to make new ones unique.
struct Ids {
    taken: HashSet<String>,
    /// Base → the next suffix to try, so duplicates stay linear.
    next: HashMap<String, usize>,
}

impl Ids {
    /// Makes `base` unique (`x`, `x-1`, `x-2` …) and records it.
    fn unique(&mut self, base: &str) -> String {
        let base = if reserved_prefix(base).is_some() { format!("h-{base}") } else { base.to_string() };
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Numbers notes, gives headings ids and highlights code in the body's
/// events (and the notes'); fills `out.notes`, `out.headings`, `out.words`.
pub(super) fn notes_and_code<'a>(body: &'a str, events: Vec<Ev<'a>>, out: &mut Rendered) -> Vec<Event<'a>> {
    let (main, definitions) = split_notes(events);
    let mut notes = Notes { definitions, order: Vec::new(), ids: HashSet::new() };
    let mut taken: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    taken.extend(out.span_ids.iter().cloned());
    let mut ids = Ids { taken, next: HashMap::new() };
    let main = references_headings_code(body, main, &mut notes, &mut ids, out, true);
    // Notes may refer to other notes; number them as they are reached.
    let mut rendered = Vec::new();
    let mut i = 0;
    while i < notes.order.len() {
        let label = notes.order[i].clone();
        let events = notes.definitions.get_mut(&label).map(|d| std::mem::take(&mut d.events)).unwrap_or_default();
        let events = references_headings_code(body, events, &mut notes, &mut ids, out, false);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        rendered.push((label, html));
        i += 1;
    }
    // Backrefs once every reference, in the text or in notes, is known.
    for (key, html) in rendered {
        let def = &notes.definitions[&key];
        out.notes.push(Note {
            id: def.id.clone(),
            number: def.number,
            backrefs: def.refs.clone(),
            html,
            label: def.label.clone(),
        });
    }
    main
}

/// Turns the note references, code blocks and headings of one stream into
/// HTML, counting its words when `count_words`.
fn references_headings_code<'a>(
    body: &'a str,
    events: Vec<Ev<'a>>,
    notes: &mut Notes<'a>,
    ids: &mut Ids,
    out: &mut Rendered,
    count_words: bool,
) -> Vec<Event<'a>> {
    let mut result: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::FootnoteReference(label) => {
                let key = normalize(&label);
                let Some(def) = notes.definitions.get_mut(&key) else {
                    result.push(Event::Text(CowStr::Borrowed(&body[range.clone()])));
                    out.problems.push(Problem {
                        severity: Severity::Error,
                        message: format!("note `[^{label}]` is not defined"),
                        help: format!("add a line `[^{label}]: …` at the end of the article"),
                        span: range,
                    });
                    continue;
                };
                if def.refs.is_empty() {
                    notes.order.push(key);
                    def.number = notes.order.len();
                    def.id = note_id(&def.label, &mut notes.ids);
                }
                let ref_id = first_free(def.id.replacen("fn-", "fnref-", 1), &mut notes.ids);
                result.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{ref_id}\" data-footnote-ref>{}</a></sup>",
                    def.id, def.number,
                ))));
                def.refs.push(ref_id);
            }
            Event::Start(Tag::CodeBlock(kind)) => result.push(code_block(&kind, &mut iter)),
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let (id, inner) = heading_id((level as u8, id), range, &mut iter, ids, out);
                result.push(Event::Start(Tag::Heading { level, id: Some(CowStr::from(id)), classes, attrs }));
                let inner = references_headings_code(body, inner, notes, ids, out, count_words);
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

/// The code block whose start was just read: its text off `iter`, highlighted.
fn code_block<'a>(kind: &CodeBlockKind, iter: &mut impl Iterator<Item = Ev<'a>>) -> Event<'a> {
    let mut code = String::new();
    for (e, _) in iter.by_ref() {
        match e {
            Event::Text(t) => code.push_str(&t),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(|l| l.trim_start_matches('.')),
        CodeBlockKind::Indented => None,
    }
    .filter(|l| !l.is_empty());
    Event::Html(CowStr::from(highlight::code_block(lang, &code)))
}

/// The heading whose start (at `range`, its level and the writer's `id` if any) was
/// just read: its inner events off `iter`, and its id, checked or made
/// unique; records it in `out.headings`.
fn heading_id<'a>(
    (level, id): (u8, Option<CowStr<'a>>),
    range: Range<usize>,
    iter: &mut impl Iterator<Item = Ev<'a>>,
    ids: &mut Ids,
    out: &mut Rendered,
) -> (String, Vec<Ev<'a>>) {
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
    let id = match id {
        Some(custom) => {
            let custom = custom.to_string();
            if let Some(prefix) = reserved_prefix(&custom) {
                out.problems.push(Problem {
                    severity: Severity::Error,
                    message: format!("heading id `{custom}` starts with `{prefix}`, which gloss keeps for its own ids"),
                    help: "choose an id that does not start with claim-, cite-, source-, fn- or fnref-".into(),
                    span: range.clone(),
                });
            } else if !ids.taken.insert(custom.clone()) {
                out.problems.push(Problem {
                    severity: Severity::Error,
                    message: format!("id `{custom}` is used twice on this page"),
                    help: "give each heading and span a different `{#id}`".into(),
                    span: range.clone(),
                });
            }
            custom
        }
        None => ids.unique(&crate::urls::slug_or(&text, "section")),
    };
    out.headings.push(Heading { level, id: id.clone(), text: text.trim().to_string() });
    (id, inner)
}
