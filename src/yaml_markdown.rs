//! Markdown written in YAML values — a claim's or a source's `note` — is
//! rendered later than the YAML is read, so what the URL rule refuses in it
//! is found then. This places those refusals back in the YAML, at the link
//! itself where the value is written as it is read, else at the value.

use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::model::{Article, IndexMap, Source};
use crate::yaml::{self, Target};

/// Where a YAML document is: its file, the file's text, the YAML's text
/// and how many file lines come before it.
pub type YamlPlace<'a> = (&'a std::path::Path, &'a str, &'a str, usize);

/// What the URL rule refuses in a YAML value that is Markdown (a note), as
/// a diagnostic at its place. A value written as it is read (plain, on one
/// line) is pointed at the link itself, any other at the whole value.
pub fn refused(p: markdown::Problem, place: YamlPlace, path: &[&str], value: &str) -> Diagnostic {
    let (rel, file_text, yaml, offset) = place;
    let d = Diagnostic::error(p.message).in_file(rel).with_help(p.help);
    let Some(at) = yaml::locate(yaml, path, Target::Value) else { return d };
    let line = at.line + offset;
    let written: String = file_text.lines().nth(line - 1).unwrap_or("").chars().skip(at.column - 1).collect();
    let before = value.get(..p.span.start).zip(value.get(p.span));
    if let (true, Some((before, link))) = (written.starts_with(value) && !value.contains('\0'), before) {
        d.at_line_col(file_text, line, at.column + before.chars().count(), link.chars().count())
    } else {
        d.at_line_col(file_text, line, at.column, at.width)
    }
}

/// What the URL rule refuses in the notes of sources (`prefix` is the YAML
/// path of the sources: `["sources"]` in front matter, `[]` in sources.yaml).
pub fn source_notes(
    sources: &IndexMap<String, Source>,
    unsafe_html: bool,
    place: YamlPlace,
    prefix: &[&str],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (key, s) in sources.iter().filter(|(_, s)| !s.note.is_empty()) {
        let mut problems = Vec::new();
        markdown::render_inline(&s.note, unsafe_html, &mut problems);
        let path: Vec<&str> = prefix.iter().copied().chain([key.as_str(), "note"]).collect();
        diags.extend(problems.into_iter().map(|p| refused(p, place, &path, &s.note)));
    }
    diags
}

/// What the URL rule refuses in the notes of an article's own sources.
pub fn article_source_notes(article: &Article, unsafe_html: bool) -> Vec<Diagnostic> {
    if article.sources.values().all(|s| s.note.is_empty()) {
        return Vec::new();
    }
    let file = &article.file;
    let place = (file.rel.as_path(), file.text.as_str(), crate::resolve::article_yaml(article), 1);
    source_notes(&article.sources, unsafe_html, place, &["sources"])
}

/// What the URL rule refuses in the notes of content/sources.yaml.
pub fn site_source_notes(
    sources: &IndexMap<String, Source>,
    file: &crate::load::SourceFile,
    unsafe_html: bool,
) -> Vec<Diagnostic> {
    source_notes(sources, unsafe_html, (file.rel.as_path(), file.text.as_str(), file.text.as_str(), 0), &[])
}
