//! Front matter and sources.yaml: split the YAML from the Markdown, read it
//! with serde into raw structs, then validate into [`Article`] and
//! [`Source`] values. Every problem is reported with its line and column in
//! the whole file (front matter included), and reading goes on after one,
//! so a writer sees all of a file's problems at once.

use std::path::Path;

use crate::model::IndexMap;
use serde::Deserialize;

use crate::config::Verdicts;
use crate::dates;
use crate::diagnostics::{Diagnostic, suggestion};
use crate::load::{CONTENT_DIR, SourceFile};
use crate::model::{Article, ClaimMeta, Source, SourceKind};
use crate::url_safety;
use crate::yaml::{self, Target, Text, TextList};

/// Where the front matter and the body are in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML (between the `---` lines).
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the `---` fenced YAML block at the start of a file.
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error("the article has no front matter")
            .at(text, 0..first.len())
            .with_help("start the file with a line `---`, then `title: …`, then another `---`"));
    }
    let yaml_start = first.len() + 1;
    if let Some((start, end)) = closing_line(text, yaml_start.min(text.len())) {
        return Ok(Split { yaml: yaml_start..start, body_start: end });
    }
    Err(Diagnostic::error("the front matter is not closed")
        .at(text, 0..3)
        .with_help("add a line `---` after the last front-matter line"))
}

/// The first line from `from` on (the start of a line) that is `---` or
/// `...` but for trailing whitespace: its start and end (past its newline).
/// Only lines after a newline that begin with `---` or `...` can be, so
/// those are found by a search over the whole text, not line by line.
fn closing_line(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let closes = |start: usize| {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let bare = text[start..end].trim_end();
        (bare == "---" || bare == "...").then_some((start, end))
    };
    let after =
        |fence: &'static [u8]| memchr::memmem::find_iter(&bytes[from..], fence).map(|i| from + i + 1).find_map(closes);
    closes(from).or_else(|| after(b"\n---").into_iter().chain(after(b"\n...")).min())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<Text>,
    summary: Option<Text>,
    date: Option<Text>,
    updated: Option<Text>,
    authors: Option<TextList>,
    tags: Option<TextList>,
    draft: Option<bool>,
    slug: Option<Text>,
    image: Option<Text>,
    sources: Option<IndexMap<Text, RawSource>>,
    claims: Option<IndexMap<Text, Option<RawClaim>>>,
    extra: Option<serde_yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: Option<Text>,
    publisher: Option<Text>,
    author: Option<Text>,
    url: Option<Text>,
    archived: Option<Text>,
    date: Option<Text>,
    accessed: Option<Text>,
    kind: Option<Text>,
    note: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    claimant: Option<Text>,
    verdict: Option<Text>,
    sources: Option<TextList>,
    note: Option<Text>,
    date: Option<Text>,
    quote: Option<Text>,
}

/// How a date field is read: the date, or a message and a help line.
type DateRule<T> = fn(&str) -> Result<T, (String, &'static str)>;

/// A YAML document inside a file, for placing errors found after reading.
pub(crate) struct Doc<'a> {
    file: &'a SourceFile,
    yaml: &'a str,
    /// File line of the YAML's first line.
    first_line: usize,
}

impl Doc<'_> {
    pub(crate) fn error(&self, path: &[&str], target: Target, message: String, help: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(message).in_file(&self.file.rel).with_help(help);
        if let Some(p) = yaml::locate(self.yaml, path, target) {
            d = d.at_line_col(&self.file.text, p.line + self.first_line - 1, p.column, p.width);
        }
        d
    }

    /// A date read by `parse` ([`dates::full`] or [`dates::partial`]).
    fn date<T>(
        &self,
        value: Option<Text>,
        path: &[&str],
        errors: &mut Vec<Diagnostic>,
        parse: DateRule<T>,
    ) -> Option<T> {
        let value = value?;
        parse(value.as_str()).map_err(|(m, help)| errors.push(self.error(path, Target::Value, m, help))).ok()
    }

    pub(crate) fn url(&self, value: Option<Text>, path: &[&str], errors: &mut Vec<Diagnostic>) -> String {
        self.url_with_help(value, path, None, errors)
    }

    /// A URL field, checked by the URL rule (refused: empty, and an error
    /// with `help`, or the rule's own help line).
    fn url_with_help(
        &self,
        value: Option<Text>,
        path: &[&str],
        help: Option<&str>,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let Some(value) = value else {
            return String::new();
        };
        if let Err(refused) = url_safety::check(value.as_str(), url_safety::Use::Link) {
            errors.push(self.error(path, Target::Value, refused.message, help.unwrap_or(refused.help)));
            return String::new();
        }
        value.0
    }
}

impl Doc<'_> {
    /// A free-form `extra`, the URLs in it checked by the URL rule.
    fn extra(&self, value: Option<serde_yaml::Value>, errors: &mut Vec<Diagnostic>) -> serde_json::Value {
        let value = value.unwrap_or_else(|| serde_yaml::Value::Mapping(Default::default()));
        for (path, refused) in url_safety::in_extra(&value) {
            let path: Vec<&str> = std::iter::once("extra").chain(path.iter().map(String::as_str)).collect();
            errors.push(self.error(&path, Target::Value, refused.message, refused.help));
        }
        serde_json::to_value(value).unwrap_or_else(|_| serde_json::Value::Object(Default::default()))
    }
}

/// The help line for an `image:` the URL rule refuses: it is the social
/// card's image, which other sites fetch, so not a `data:` URL either.
const CARD_IMAGE_HELP: &str = "`image:` is a path (of a file in static/) or an http or https URL";

/// Reads and validates `content/sources.yaml`; `None` when its YAML cannot
/// be read at all (then which ids it defines is unknown).
pub fn site_sources(file: &SourceFile) -> (Option<IndexMap<String, Source>>, Vec<Diagnostic>) {
    let doc = Doc { file, yaml: &file.text, first_line: 1 };
    if file.text.trim().is_empty() {
        return (Some(IndexMap::default()), Vec::new());
    }
    let raw: IndexMap<Text, RawSource> = match yaml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => return (None, vec![yaml::diagnostic(&file.text, 1, &e).in_file(&file.rel)]),
    };
    let mut errors = Vec::new();
    let sources = raw
        .into_iter()
        .map(|(key, r)| {
            let s = source(&doc, &[], key.0.clone(), r, &mut errors);
            (key.0, s)
        })
        .collect();
    (Some(sources), errors)
}

fn source(doc: &Doc, prefix: &[&str], key: String, raw: RawSource, errors: &mut Vec<Diagnostic>) -> Source {
    let path = |field: &'static str| -> Vec<&str> {
        let mut p: Vec<&str> = prefix.to_vec();
        p.push(key.as_str());
        p.push(field);
        p
    };
    if !valid_id(&key) {
        errors.push(doc.error(
            &path("title")[..prefix.len() + 1],
            Target::Key,
            format!("`{key}` is not a valid source id"),
            "ids are letters, digits and `-`, `_`, `.`, `:`; they are cited as `[@id]`",
        ));
    }
    let title = match raw.title {
        Some(t) if !t.0.trim().is_empty() => t.0,
        _ => {
            errors.push(doc.error(
                &path("title")[..prefix.len() + 1],
                Target::Key,
                format!("source `{key}` has no title"),
                "add `title: …` so readers know what the source is",
            ));
            key.clone()
        }
    };
    let kind = match raw.kind {
        None => SourceKind::Other,
        Some(k) => SourceKind::parse(k.as_str()).unwrap_or_else(|| {
            let names = SourceKind::ALL.map(|(n, _)| n);
            errors.push(doc.error(
                &path("kind"),
                Target::Value,
                format!("`{k}` is not a kind of source"),
                suggestion(k.as_str(), names, &format!("the kinds are: {}", names.join(", "))),
            ));
            SourceKind::Other
        }),
    };
    Source {
        title,
        publisher: raw.publisher.map(|t| t.0).unwrap_or_default(),
        author: raw.author.map(|t| t.0).unwrap_or_default(),
        url: doc.external_url(raw.url, &path("url"), errors),
        archived: doc.external_url(raw.archived, &path("archived"), errors),
        date: doc.date(raw.date, &path("date"), errors, dates::partial),
        accessed: doc.date(raw.accessed, &path("accessed"), errors, dates::partial),
        kind,
        note: raw.note.map(|t| t.0).unwrap_or_default(),
        key,
    }
}

/// A citation key or claim id: no spaces or markup characters.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
        && id.chars().all(|c| c.is_alphanumeric() || "-_.:".contains(c))
}

/// What validating an article needs from the rest of the site.
pub struct SiteScope<'a> {
    pub sources: &'a IndexMap<String, Source>,
    pub sources_file: &'a Path,
    /// content/sources.yaml exists but could not be read: an id it may
    /// define is not reported unknown (its own error says what is wrong).
    pub sources_unreadable: bool,
    pub verdicts: &'a Verdicts,
}

/// Validates one article file's front matter. Returns the article when the
/// front matter could be read at all, plus every problem found.
pub fn article(file: SourceFile, scope: &SiteScope) -> (Option<Article>, Vec<Diagnostic>) {
    let split = match split(&file.text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d.in_file(&file.rel)]),
    };
    let yaml_text = &file.text[split.yaml.clone()];
    let raw: RawFrontMatter = match yaml::from_str(if yaml_text.trim().is_empty() { "{}" } else { yaml_text }) {
        Ok(r) => r,
        Err(e) => {
            return (None, vec![yaml::diagnostic(&file.text, 2, &e).in_file(&file.rel)]);
        }
    };
    let doc = Doc { file: &file, yaml: yaml_text, first_line: 2 };
    let mut errors = Vec::new();

    let title = match raw.title {
        Some(t) if !t.0.trim().is_empty() => t.0,
        _ => {
            let mut d = Diagnostic::error("the article has no `title`")
                .in_file(&file.rel)
                .with_help("add a line such as `title: What we know about …` to the front matter");
            d = d.at_line_col(&file.text, 1, 1, 3);
            errors.push(d);
            String::new()
        }
    };

    let mut sources = IndexMap::default();
    for (key, r) in raw.sources.unwrap_or_default() {
        if scope.sources.contains_key(key.as_str()) {
            errors.push(doc.error(
                &["sources", key.as_str()],
                Target::Key,
                format!("source `{key}` is also defined in {}", scope.sources_file.display()),
                "define a source in one place only: rename one of them or delete the copy",
            ));
        }
        let s = source(&doc, &["sources"], key.0.clone(), r, &mut errors);
        sources.insert(key.0, s);
    }

    let known_source = |k: &str| sources.contains_key(k) || scope.sources.contains_key(k) || scope.sources_unreadable;
    let source_names = || sources.keys().chain(scope.sources.keys()).map(String::as_str);
    let mut claims = IndexMap::default();
    for (id, r) in raw.claims.unwrap_or_default() {
        let id_str = id.as_str();
        if !valid_id(id_str) {
            errors.push(doc.error(
                &["claims", id_str],
                Target::Key,
                format!("`{id}` is not a valid claim id"),
                "ids are letters, digits and `-`, `_`, `.`, `:`, as in `[text]{.claim #smuggler-ties}`",
            ));
        }
        let r =
            r.unwrap_or(RawClaim { claimant: None, verdict: None, sources: None, note: None, date: None, quote: None });
        if let Some(v) = &r.verdict {
            if scope.verdicts.get(v.as_str()).is_none() {
                errors.push(doc.error(
                    &["claims", id_str, "verdict"],
                    Target::Value,
                    format!("verdict `{v}` is not in the site's scale"),
                    verdict_help(v.as_str(), scope.verdicts),
                ));
            }
        }
        let claim_sources = r.sources.unwrap_or_default().0.into_iter().map(|t| t.0).collect::<Vec<String>>();
        for s in &claim_sources {
            if !known_source(s) {
                errors.push(doc.error(
                    &["claims", id_str, "sources"],
                    Target::Item(s),
                    format!("claim `{id}` names an unknown source `{s}`"),
                    unknown_source_help(s, source_names()),
                ));
            }
        }
        let meta = ClaimMeta {
            claimant: r.claimant.map(|t| t.0),
            verdict: r.verdict.map(|t| t.0),
            sources: claim_sources,
            note: r.note.map(|t| t.0).unwrap_or_default(),
            date: doc.date(r.date, &["claims", id_str, "date"], &mut errors, dates::partial),
            quote: r.quote.map(|t| t.0),
        };
        claims.insert(id.0, meta);
    }

    let (section, stem) = place(&file.rel);
    let slug = match raw.slug {
        Some(s) => {
            if valid_slug(s.as_str()) {
                s.0
            } else {
                errors.push(doc.error(
                    &["slug"],
                    Target::Value,
                    format!("`{s}` cannot be a slug: it must be one URL segment"),
                    format!("use letters, digits and `-`, e.g. `{}`", slug::slugify(s.as_str())),
                ));
                slug::slugify(s.as_str())
            }
        }
        None => stem,
    };
    let url = if section.is_empty() { format!("{slug}/") } else { format!("{section}/{slug}/") };
    if let Some(d) = addressless(&file.rel, slug.is_empty()) {
        errors.push(d.in_file(&file.rel).at_line_col(&file.text, 1, 1, 3));
    }

    let date = doc.date(raw.date, &["date"], &mut errors, dates::full);
    let updated = doc.date(raw.updated, &["updated"], &mut errors, dates::full);
    doc.check_updated(date, updated, &mut errors);
    let image = doc.url_with_help(raw.image, &["image"], Some(CARD_IMAGE_HELP), &mut errors);
    let article = Article {
        body_start: split.body_start,
        title,
        summary: raw.summary.map(|t| t.0).unwrap_or_default(),
        date,
        updated,
        authors: doc.authors(raw.authors, &mut errors),
        tags: doc.tags(raw.tags, &mut errors),
        draft: raw.draft.unwrap_or(false),
        slug,
        section,
        url,
        image,
        sources,
        claims,
        extra: doc.extra(raw.extra, &mut errors),
        file,
    };
    (Some(article), errors)
}

/// The help line for a verdict that is not in the scale.
pub fn verdict_help(v: &str, verdicts: &Verdicts) -> String {
    let ids: Vec<&str> = verdicts.ids().collect();
    if ids.is_empty() {
        return "the site's scale is empty: add `verdicts:` to site.yaml".into();
    }
    suggestion(v, ids.iter().copied(), &format!("the scale is: {}", ids.join(", ")))
}

/// The help line for a source id that is not defined.
pub fn unknown_source_help<'a>(key: &str, names: impl Iterator<Item = &'a str>) -> String {
    suggestion(key, names, "sources are defined under `sources:` in the front matter or in content/sources.yaml")
}

/// An article's section (its folders under content/, slugged) and the slug
/// its file name gives.
pub fn place(rel: &Path) -> (String, String) {
    let inner = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let stem = inner.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let folders: Vec<String> = inner
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| slug::slugify(c.as_os_str().to_string_lossy()))
        .filter(|s| !s.is_empty())
        .collect();
    let stem = if valid_slug(&stem) { stem } else { slug::slugify(&stem) };
    (folders.join("/"), stem)
}

/// A file whose name, or a folder of whose path, has no letters or digits
/// makes no address: `content/???.md` would be the home page, and a folder
/// `!!!/` would vanish from its articles' addresses.
fn addressless(rel: &Path, empty_slug: bool) -> Option<Diagnostic> {
    let inner = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let folder = inner.parent().into_iter().flat_map(|p| p.components()).find_map(|c| {
        let name = c.as_os_str().to_string_lossy();
        slug::slugify(&name).is_empty().then(|| name.into_owned())
    });
    if let Some(name) = folder {
        return Some(
            Diagnostic::error(format!("the folder name `{name}` makes no address: it has no letters or digits"))
                .with_help("rename the folder: its name becomes part of the address of every article in it"),
        );
    }
    let file = inner.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    empty_slug.then(|| {
        Diagnostic::error(format!("the file name `{file}` makes no address: it has no letters or digits"))
            .with_help("rename the file, or give the article a `slug:` in its front matter")
    })
}

/// One safe URL segment: it cannot climb out of the output folder.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('.') && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_the_body() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, 4..13);
        assert_eq!(s.body_start, 17);
        assert!(split("---\ntitle: x\n").unwrap_err().message.contains("not closed"));
        assert!(split("title: x\n").unwrap_err().message.contains("no front matter"));
    }

    /// The line-by-line reading the search replaced, as the reference.
    fn split_by_lines(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
        let first = text.lines().next().unwrap_or("");
        if first.trim_end() != "---" {
            return None;
        }
        let yaml_start = first.len() + 1;
        let mut offset = yaml_start.min(text.len());
        for line in text[offset..].split_inclusive('\n') {
            let bare = line.trim_end();
            if bare == "---" || bare == "..." {
                return Some((yaml_start..offset, offset + line.len()));
            }
            offset += line.len();
        }
        None
    }

    #[test]
    fn the_closing_line_is_found_as_line_by_line() {
        let cases = [
            "---\n---\nbody",
            "---\n---",
            "---\n...\n---\n",
            "---\na: 1\n--- \t\nb",
            "---\r\na: 1\r\n---\r\nbody\r\n",
            "---\na: ---\n ---\n----\n---x\n...\nbody",
            "---\na: 1\n---\u{2003}\n",
            "---\n- a\n- b\n...",
            "---\na: '...'\n.. .\n",
            "---",
            "---\n",
            "--- \nx: 1\n---\n---\n",
        ];
        for text in cases {
            let found = split(text).ok().map(|s| (s.yaml, s.body_start));
            assert_eq!(found, split_by_lines(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_line_by_line(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "---", "...", "--- \t", "...\r", " ---", "----", "..", "---x", "a: ---", "- ...", "", "\u{2003}",
                ]),
                0..8,
            ),
            crlf: bool,
            last_newline: bool,
        ) {
            let mut text = lines.iter().fold(String::from("---\n"), |mut t, l| {
                t.push_str(l);
                t.push_str(if crlf { "\r\n" } else { "\n" });
                t
            });
            if !last_newline {
                text.pop();
            }
            let found = split(&text).ok().map(|s| (s.yaml, s.body_start));
            proptest::prop_assert_eq!(found, split_by_lines(&text));
        }
    }

    #[test]
    fn slugs_cannot_climb() {
        assert!(valid_slug("smuggling-network"));
        assert!(!valid_slug("../etc"));
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug(".."));
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Option<Text>,
    summary: Option<Text>,
    extra: Option<serde_yaml::Value>,
}

/// A section's `_index.md`: optional front matter (`title`, `summary`,
/// `extra`) and an intro in Markdown. Returns the section's path under
/// content/ (slugged like article URLs), title, summary and intro Markdown.
pub fn section(file: &SourceFile) -> (String, Option<String>, String, String, Vec<Diagnostic>) {
    let (path, _) = place(&file.rel);
    let has_front_matter = file.text.lines().next().is_some_and(|l| l.trim_end() == "---");
    if !has_front_matter {
        return (path, None, String::new(), file.text.clone(), Vec::new());
    }
    let split = match split(&file.text) {
        Ok(s) => s,
        Err(d) => {
            return (path, None, String::new(), String::new(), vec![d.in_file(&file.rel)]);
        }
    };
    let yaml_text = &file.text[split.yaml.clone()];
    let body = file.text[split.body_start..].to_string();
    match yaml::from_str::<Option<RawSection>>(yaml_text) {
        Ok(raw) => {
            let raw = raw.unwrap_or(RawSection { title: None, summary: None, extra: None });
            let _ = raw.extra;
            (path, raw.title.map(|t| t.0), raw.summary.map(|t| t.0).unwrap_or_default(), body, Vec::new())
        }
        Err(e) => (path, None, String::new(), body, vec![yaml::diagnostic(&file.text, 2, &e).in_file(&file.rel)]),
    }
}
