//! An article's front matter, validated into an [`Article`].

use std::path::Path;

use serde::Deserialize;

use super::claim_fields::{self, RawCorrection};
use super::claims::{self, RawClaim};
use super::sources::{self, RawSource};
use super::{Doc, split};
use crate::config::Verdicts;
use crate::dates;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{CONTENT_DIR, SourceFile};
use crate::model::{Article, ClaimMeta, IndexMap, Source};
use crate::yaml::{self, Target, Text, TextList};

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
    corrections: Option<Vec<RawCorrection>>,
    extra: Option<serde_yaml::Value>,
}

/// The help line for an `image:` the URL rule refuses: it is the social
/// card's image, which other sites fetch, so not a `data:` URL either.
const CARD_IMAGE_HELP: &str = "`image:` is a path (of a file in static/) or an http or https URL";

/// What validating an article needs from the rest of the site.
pub struct SiteScope<'a> {
    pub sources: &'a IndexMap<String, crate::model::SiteSource>,
    pub sources_file: &'a Path,
    /// content/sources.yaml exists but could not be read: an id it may
    /// define is not reported unknown (its own error says what is wrong).
    pub sources_unreadable: bool,
    /// content/claims.yaml: the claims several articles check.
    pub claims: &'a IndexMap<String, ClaimMeta>,
    pub verdicts: &'a Verdicts,
}

/// Validates one article file's front matter, pushing every problem found.
/// Returns the article when the front matter could be read at all.
pub fn article(file: SourceFile, scope: &SiteScope, diags: &mut Diagnostics) -> Option<Article> {
    let split = match split(&file.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d.in_file(&file.rel));
            return None;
        }
    };
    let yaml_text = &file.text[split.yaml.clone()];
    let raw: RawFrontMatter = match yaml::from_str(if yaml_text.trim().is_empty() { "{}" } else { yaml_text }) {
        Ok(r) => r,
        Err(e) => {
            diags.push(yaml::diagnostic(&file.text, 2, &e).in_file(&file.rel));
            return None;
        }
    };
    let doc = Doc { file: &file, yaml: yaml_text, first_line: 2 };
    let title = title(&doc, raw.title, diags);
    let sources = article_sources(&doc, raw.sources, scope, diags);
    let claims = claims::read(&doc, raw.claims, &sources, scope, diags);
    let Address { section, slug, url } = address(&doc, raw.slug, diags);
    let date = doc.date(raw.date, &["date"], diags, dates::full);
    let updated = doc.date(raw.updated, &["updated"], diags, dates::full);
    doc.check_updated(date, updated, diags);
    let image = doc.url_with_help(raw.image, &["image"], Some(CARD_IMAGE_HELP), diags);
    let article = Article {
        rel: file.rel.clone(),
        title,
        summary: raw.summary.map(|t| t.0).unwrap_or_default(),
        date,
        updated,
        authors: doc.authors(raw.authors, diags),
        tags: doc.tags(raw.tags, diags),
        draft: raw.draft.unwrap_or(false),
        slug,
        section,
        url,
        image,
        sources,
        claims,
        corrections: claim_fields::corrections(&doc, raw.corrections, diags),
        extra: doc.extra(raw.extra, diags),
    };
    Some(article)
}

/// The `title:`, which every article needs.
fn title(doc: &Doc, value: Option<Text>, diags: &mut Diagnostics) -> String {
    match value {
        Some(t) if !t.0.trim().is_empty() => t.0,
        _ => {
            let d = Diagnostic::error("the article has no `title`")
                .in_file(&doc.file.rel)
                .with_help("add a line such as `title: What we know about …` to the front matter");
            diags.push(d.at_line_col(&doc.file.text, 1, 1, 3));
            String::new()
        }
    }
}

/// The article's own `sources:`; one also defined site-wide is an error.
fn article_sources(
    doc: &Doc,
    raw: Option<IndexMap<Text, RawSource>>,
    scope: &SiteScope,
    diags: &mut Diagnostics,
) -> IndexMap<String, Source> {
    let mut sources = IndexMap::default();
    for (key, r) in raw.unwrap_or_default() {
        if scope.sources.contains_key(key.as_str()) {
            diags.push(doc.error(
                &["sources", key.as_str()],
                Target::Key,
                format!("source `{key}` is also defined in {}", scope.sources_file.display()),
                "define a source in one place only: rename one of them or delete the copy",
            ));
        }
        let s = sources::source(doc, &["sources"], key.0.clone(), r, diags);
        sources.insert(key.0, s);
    }
    sources
}

/// Where an article is published.
struct Address {
    /// Its folders under content/, slugged.
    section: String,
    /// From `slug:`, or else the file name.
    slug: String,
    url: String,
}

/// The article's section, slug and URL.
fn address(doc: &Doc, value: Option<Text>, diags: &mut Diagnostics) -> Address {
    let rel = &doc.file.rel;
    let (section, stem) = place(rel);
    let slug = match value {
        Some(s) if valid_slug(s.as_str()) => s.0,
        Some(s) => {
            diags.push(doc.error(
                &["slug"],
                Target::Value,
                format!("`{s}` cannot be a slug: it must be one URL segment"),
                format!("use letters, digits and `-`, e.g. `{}`", crate::urls::slug(s.as_str())),
            ));
            crate::urls::slug(s.as_str())
        }
        None => stem,
    };
    let url = if section.is_empty() { format!("{slug}/") } else { format!("{section}/{slug}/") };
    if let Some(d) = addressless(rel, slug.is_empty()) {
        diags.push(d.in_file(rel).at_line_col(&doc.file.text, 1, 1, 3));
    }
    Address { section, slug, url }
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
        .map(|c| crate::urls::slug(&c.as_os_str().to_string_lossy()))
        .filter(|s| !s.is_empty())
        .collect();
    let stem = if valid_slug(&stem) { stem } else { crate::urls::slug(&stem) };
    (folders.join("/"), stem)
}

/// A file whose name, or a folder of whose path, has no letters or digits
/// makes no address: `content/???.md` would be the home page, and a folder
/// `!!!/` would vanish from its articles' addresses.
fn addressless(rel: &Path, empty_slug: bool) -> Option<Diagnostic> {
    let inner = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let folder = inner.parent().into_iter().flat_map(|p| p.components()).find_map(|c| {
        let name = c.as_os_str().to_string_lossy();
        crate::urls::slug(&name).is_empty().then(|| name.into_owned())
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
    fn slugs_cannot_climb() {
        assert!(valid_slug("smuggling-network"));
        assert!(!valid_slug("../etc"));
        assert!(!valid_slug("a/b"));
        assert!(!valid_slug(".."));
    }
}
