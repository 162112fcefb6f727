//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of failing
//! fast, so one run shows a writer every problem in the site. A diagnostic
//! carries its location as data (file, line, column and the offending line's
//! text), which keeps it printable long after the source text is gone.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file: 1-based line and column (in characters), the text of
/// that line and how many characters of it the problem covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The line, or a window of it around the column when it is long.
    pub line_text: String,
    pub width: usize,
    /// How many characters of the line were cut before `line_text`.
    pub cut: usize,
}

/// Lines longer than this are shown as a window around the problem.
const LONG_LINE: usize = 160;

/// One problem found in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: Option<PathBuf>,
    pub location: Option<Box<Location>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with no file attached (a configuration or I/O problem).
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, path: None, location: None, message: message.into(), help: None }
    }

    /// A warning with no file attached.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Attaches a file.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Attaches a location found in `text` at the byte range `span`.
    pub fn at(mut self, text: &str, span: std::ops::Range<usize>) -> Self {
        self.location = Some(Box::new(locate(text, span)));
        self
    }

    /// Attaches a location given as a 1-based line and column of `text`.
    pub fn at_line_col(mut self, text: &str, line: usize, column: usize, width: usize) -> Self {
        let (line_text, cut) = window(text.lines().nth(line.saturating_sub(1)).unwrap_or(""), column);
        self.location = Some(Box::new(Location { line, column: column.max(1), line_text, width: width.max(1), cut }));
        self
    }

    /// Adds a help line ("did you mean …").
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:column` prefix, or as much of it as is known.
    pub fn position(&self) -> String {
        match (&self.path, &self.location) {
            (Some(p), Some(l)) => format!("{}:{}:{}", display_path(p), l.line, l.column),
            (Some(p), None) => display_path(p),
            (None, _) => String::new(),
        }
    }

    /// Renders the diagnostic the way rustc does: header, the line with the
    /// span underlined, then the help line. `color` adds ANSI styles.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.path.as_deref().map(display_path);
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        match (&path, &self.location) {
            (Some(path), Some(loc)) => {
                let col = loc.column.saturating_sub(1 + loc.cut);
                let start = char_to_byte(&loc.line_text, col);
                let end = char_to_byte(&loc.line_text, col + loc.width).max(start);
                let snippet = Snippet::source(loc.line_text.as_str())
                    .line_start(loc.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end));
                group = group.element(snippet);
            }
            (Some(path), None) => {
                group = group.element(annotate_snippets::Origin::path(path.as_str()));
            }
            _ => {}
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group]).to_string()
    }

    /// Orders diagnostics by file, then line, then column; unplaced first.
    pub fn sort_key(&self) -> (Option<PathBuf>, usize, usize) {
        let (line, col) = self.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
        (self.path.clone(), line, col)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let pos = self.position();
        if pos.is_empty() {
            write!(f, "{kind}: {}", self.message)
        } else {
            write!(f, "{pos}: {kind}: {}", self.message)
        }
    }
}

/// Paths print with forward slashes so messages read the same everywhere.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Turns a byte range of `text` into a 1-based line/column location.
pub fn locate(text: &str, span: std::ops::Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let width = text[start..end.min(line_end).max(start)].chars().count();
    let (line_text, cut) = window(&text[line_start..line_end], column);
    Location { line, column, line_text, width: width.max(1), cut }
}

/// The whole line, or a window of it around `column` when it is long.
fn window(line: &str, column: usize) -> (String, usize) {
    if line.len() <= LONG_LINE {
        return (line.to_string(), 0);
    }
    let cut = column.saturating_sub(60);
    (line.chars().skip(cut).take(LONG_LINE).collect(), cut)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// Suggests the candidate closest to `word`, if one is close enough to be a
/// likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        // Equally close names: the first in sorting order, so that the
        // answer never depends on the order of the candidates.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A help line for an unknown name: "did you mean `x`?" or a fallback.
pub fn suggestion<'a, I>(word: &str, candidates: I, fallback: &str) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match did_you_mean(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}

/// The problems a run has found so far. The crate's one error convention: a
/// stage that can find many problems takes `&mut Diagnostics`, pushes every
/// one and carries on (returning `Option<T>` when it has nothing to give); a
/// single operation that fails in one way returns `Result<T, Diagnostic>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Whether any problem is an error (which fails the run).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The problems, in the order they were found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// All the diagnostics of one run, with the summary line at the end.
pub fn render_all(diags: &mut [Diagnostic], color: bool) -> String {
    diags.sort_by_key(Diagnostic::sort_key);
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&d.render(color));
        out.push_str("\n\n");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    out.push_str(&summary(errors, warnings));
    out
}

/// "2 errors, 1 warning".
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "---\ntitle: é x\n---\nbody";
        let at = text.find('x').unwrap();
        let loc = locate(text, at..at + 1);
        assert_eq!((loc.line, loc.column, loc.line_text.as_str()), (2, 10, "title: é x"));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "summary"]), None);
    }

    #[test]
    fn equally_close_names_suggest_the_same_one_in_any_order() {
        // "a/b.md" is as close to "a/c.md" as to "a/d.md".
        assert_eq!(did_you_mean("a/b.md", ["a/c.md", "a/d.md"]), Some("a/c.md"));
        assert_eq!(did_you_mean("a/b.md", ["a/d.md", "a/c.md"]), Some("a/c.md"));
    }

    #[test]
    fn plain_rendering_names_file_line_and_help() {
        let d = Diagnostic::error("unknown source `cnn`")
            .in_file("content/a.md")
            .at("x\nsee [@cnn]\n", 7..10)
            .with_help("did you mean `cnn-report`?");
        let out = d.render(false);
        assert!(out.contains("content/a.md:2:6"), "{out}");
        assert!(out.contains("did you mean `cnn-report`?"), "{out}");
        assert!(out.contains("^^^"), "{out}");
    }
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

/// Diagnostics as a JSON array, for editors: severity, file, line, column,
/// end_column (exclusive), message, help.
pub fn to_json(diags: &[Diagnostic]) -> String {
    let list: Vec<JsonDiagnostic> = diags
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity,
            file: d.path.as_deref().map(display_path),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            end_column: d.location.as_ref().map(|l| l.column + l.width),
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}
