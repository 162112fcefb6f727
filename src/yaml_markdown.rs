//! Markdown written in YAML values — a claim's or a source's `note`, a
//! claim's `ruling` and earlier verdicts' notes, a correction's text — is
//! rendered here, once, beside the article's body (the parse stage reads
//! YAML, not Markdown). What the URL rule refuses in a note is placed back
//! in the YAML, at the link itself where the value is written as it is
//! read, else at the value.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::model::{Article, IndexMap, SiteSource, Source};
use crate::yaml::{self, Target};

/// Where a YAML document is, for placing problems in it.
#[derive(Clone, Copy)]
pub struct YamlPlace<'a> {
    /// The file, relative to the site root.
    pub rel: &'a std::path::Path,
    /// The file's whole text.
    pub file_text: &'a str,
    /// The YAML's text within it.
    pub yaml: &'a str,
    /// How many lines of the file come before the YAML.
    pub lines_before: usize,
}

/// What the URL rule refuses in a YAML value that is Markdown (a note), as
/// a diagnostic at its place (`target` under `path`). A value written as it
/// is read (plain, on one line) is pointed at the link itself, any other at
/// the whole value.
pub fn refused(p: markdown::Problem, place: YamlPlace, path: &[&str], target: Target, value: &str) -> Diagnostic {
    let YamlPlace { rel, file_text, yaml, lines_before } = place;
    let d = Diagnostic::error(p.message).in_file(rel).with_help(p.help);
    let Some(at) = yaml::locate(yaml, path, target) else { return d };
    let line = at.line + lines_before;
    let written: String = file_text.lines().nth(line - 1).unwrap_or("").chars().skip(at.column - 1).collect();
    let before = value.get(..p.span.start).zip(value.get(p.span));
    if let (true, Some((before, link))) = (written.starts_with(value) && !value.contains('\0'), before) {
        d.at_line_col(file_text, line, at.column + before.chars().count(), link.chars().count())
    } else {
        d.at_line_col(file_text, line, at.column, at.width)
    }
}

/// The Markdown of an article's front matter as inline HTML: the notes of
/// its claims and own sources by id, its claims' rulings and earlier
/// verdicts' notes by claim id, and its corrections in order.
#[derive(Debug, Default)]
pub struct FrontMatterNotes {
    pub claims: foldhash::HashMap<String, String>,
    pub sources: foldhash::HashMap<String, String>,
    pub rulings: foldhash::HashMap<String, markdown::Inline>,
    pub history: foldhash::HashMap<String, Vec<String>>,
    pub corrections: Vec<markdown::Inline>,
}

/// Renders `notes` (id → Markdown) found under `prefix` in a YAML document,
/// reporting what the URL rule refuses in each at its place.
fn render_notes<'a>(
    notes: impl Iterator<Item = (&'a String, &'a String)>,
    unsafe_html: bool,
    place: YamlPlace,
    prefix: &[&str],
    diags: &mut Diagnostics,
) -> foldhash::HashMap<String, String> {
    render_fields(notes, "note", unsafe_html, place, prefix, diags)
}

/// Renders the `field` of each id (id → Markdown) under `prefix`.
fn render_fields<'a>(
    values: impl Iterator<Item = (&'a String, &'a String)>,
    field: &str,
    unsafe_html: bool,
    place: YamlPlace,
    prefix: &[&str],
    diags: &mut Diagnostics,
) -> foldhash::HashMap<String, String> {
    values
        .filter(|(_, text)| !text.is_empty())
        .map(|(id, text)| {
            let path: Vec<&str> = prefix.iter().copied().chain([id.as_str(), field]).collect();
            (id.clone(), render_one(text, unsafe_html, place, (&path, Target::Value), diags))
        })
        .collect()
}

/// One value of Markdown, at the target under a path, as inline HTML.
fn render_one(
    text: &str,
    unsafe_html: bool,
    place: YamlPlace,
    at: (&[&str], Target),
    diags: &mut Diagnostics,
) -> String {
    let mut problems = Vec::new();
    let html = markdown::render_inline(text, unsafe_html, &mut problems);
    let (path, target) = at;
    diags.extend(problems.into_iter().map(|p| refused(p, place, path, target, text)));
    html
}

/// The notes of an article's claims and own sources as HTML (`text` is
/// the article file's text and `yaml` its front matter's, for the places
/// of problems).
pub fn article_notes(
    article: &Article,
    text: &str,
    yaml: &str,
    unsafe_html: bool,
    diags: &mut Diagnostics,
) -> FrontMatterNotes {
    let claim_has = |c: &crate::model::ClaimMeta| !c.note.is_empty() || c.ruling.is_some() || !c.history.is_empty();
    let has_markdown = article.claims.values().any(claim_has)
        || article.sources.values().any(|s| !s.note.is_empty())
        || !article.corrections.is_empty();
    if !has_markdown {
        return FrontMatterNotes::default();
    }
    let place = YamlPlace { rel: &article.rel, file_text: text, yaml, lines_before: 1 };
    let sources = article.sources.iter().map(|(k, s)| (k, &s.note));
    let claims = article.claims.iter().map(|(id, c)| (id, &c.note));
    let rulings = article
        .claims
        .iter()
        .filter_map(|(id, c)| {
            let r = c.ruling.as_ref()?;
            let html = render_one(r, unsafe_html, place, (&["claims", id.as_str(), "ruling"], Target::Value), diags);
            Some((id.clone(), markdown::Inline { html, text: markdown::plain_text(r) }))
        })
        .collect();
    let history = article
        .claims
        .iter()
        .filter(|(_, c)| !c.history.is_empty())
        .map(|(id, c)| {
            // Earlier verdicts are sorted by date: a note is found by its text.
            let path = ["claims", id.as_str(), "history"];
            let notes = c
                .history
                .iter()
                .map(|h| render_one(&h.note, unsafe_html, place, (&path, Target::Item(&h.note)), diags))
                .collect();
            (id.clone(), notes)
        })
        .collect();
    // Corrections are sorted by date: a text is found by itself.
    let corrections = article
        .corrections
        .iter()
        .map(|c| {
            let html = render_one(&c.text, unsafe_html, place, (&["corrections"], Target::Item(&c.text)), diags);
            markdown::Inline { html, text: markdown::plain_text(&c.text) }
        })
        .collect();
    FrontMatterNotes {
        sources: render_notes(sources, unsafe_html, place, &["sources"], diags),
        claims: render_notes(claims, unsafe_html, place, &["claims"], diags),
        rulings,
        history,
        corrections,
    }
}

/// The sources of content/sources.yaml, each with its note as HTML.
pub fn site_sources(
    sources: IndexMap<String, Source>,
    file: &crate::load::SourceFile,
    unsafe_html: bool,
    diags: &mut Diagnostics,
) -> IndexMap<String, SiteSource> {
    let place = YamlPlace { rel: &file.rel, file_text: &file.text, yaml: &file.text, lines_before: 0 };
    let mut notes = render_notes(sources.iter().map(|(k, s)| (k, &s.note)), unsafe_html, place, &[], diags);
    sources
        .into_iter()
        .map(|(key, source)| {
            let note_html = notes.remove(&key).unwrap_or_default();
            (key, SiteSource { source, note_html })
        })
        .collect()
}
