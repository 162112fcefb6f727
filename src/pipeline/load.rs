//! The first steps of a build, in order: read site.yaml and content/,
//! parse content/sources.yaml and every article's front matter (in
//! parallel), and map each article file to its address, which every link
//! between articles needs before any body is rendered.
//!
//! Article text is not kept: the front matter is all the later steps need
//! of a file until its body renders, and then the body is read again. A
//! site's text is never in memory whole.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::{Options, Timings};
use crate::config::{self, Config, Verdicts};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{self, SiteScope};
use crate::load::{self, CONTENT_DIR, SOURCES_FILE, SourceFile};
use crate::markdown::links::LinkMap;
use crate::model::{Article, ClaimMeta, IndexMap, SiteSource};

/// What every article may refer to: content/sources.yaml and
/// content/claims.yaml, read.
pub struct SiteWide {
    pub sources: IndexMap<String, SiteSource>,
    /// sources.yaml exists but could not be read: its own error says so.
    pub unreadable: bool,
    /// sources.yaml's text ("" without one), for messages.
    pub text: String,
    /// The claims several articles check.
    pub claims: IndexMap<String, ClaimMeta>,
    /// claims.yaml's text ("" without one), for messages.
    pub claims_text: String,
}

impl SiteWide {
    /// What validating an article's front matter needs of the site.
    pub fn scope<'a>(&'a self, verdicts: &'a Verdicts, sources_file: &'a Path) -> SiteScope<'a> {
        SiteScope {
            sources: &self.sources,
            sources_file,
            sources_unreadable: self.unreadable,
            claims: &self.claims,
            verdicts,
        }
    }
}

/// An article's front matter read, with the problems found in it.
pub struct ParsedArticle {
    pub article: Article,
    pub problems: Vec<Diagnostic>,
}

/// A file whose front matter could not be read at all.
pub struct BrokenArticle {
    pub rel: PathBuf,
    pub problems: Vec<Diagnostic>,
}

/// Everything read and validated before any Markdown is rendered.
pub struct Loaded {
    pub config: Config,
    pub articles: Vec<ParsedArticle>,
    pub broken: Vec<BrokenArticle>,
    pub site_wide: SiteWide,
    pub links: LinkMap,
    pub section_files: Vec<SourceFile>,
}

/// Reads and validates the site: `None` when site.yaml itself is unusable.
pub fn site(opts: &Options, diags: &mut Diagnostics, timings: &mut Timings) -> Option<Loaded> {
    let started = Instant::now();
    let config = config::load(&opts.root, opts.base_url.as_deref(), diags)?;
    let content = load::content(&opts.root, diags);
    timings.mark("read content", started);

    let started = Instant::now();
    let (sources, unreadable, text) = site_sources(&opts.root, content.sources, &config, diags);
    let (claims, claims_text) = site_claims(content.claims, diags);
    let site_wide = SiteWide { sources, unreadable, text, claims, claims_text };
    let sources_path = Path::new(CONTENT_DIR).join(SOURCES_FILE);
    let scope = site_wide.scope(&config.verdicts, &sources_path);
    let parsed: Vec<(PathBuf, Option<Article>, Vec<Diagnostic>)> = content
        .articles
        .into_par_iter()
        .map(|rel| match load::read(&opts.root, &rel) {
            Ok(file) => {
                let mut d = Diagnostics::new();
                let a = front_matter::article(file, &scope, &mut d);
                (rel, a, d.into_vec())
            }
            Err(d) => (rel, None, vec![d]),
        })
        .collect();
    let mut articles = Vec::with_capacity(parsed.len());
    let mut broken = Vec::new();
    let mut drafts = HashSet::new();
    for (rel, article, problems) in parsed {
        match article {
            Some(article) if opts.drafts || !article.draft => articles.push(ParsedArticle { article, problems }),
            Some(_) => {
                drafts.insert(in_content(&rel).to_path_buf());
            }
            None => broken.push(BrokenArticle { rel, problems }),
        }
    }
    let links = LinkMap {
        root: opts.root.clone(),
        urls: articles.iter().map(|p| (in_content(&p.article.rel).to_path_buf(), p.article.url.clone())).collect(),
        drafts,
        unreadable: broken.iter().map(|b| in_content(&b.rel).to_path_buf()).collect(),
    };
    timings.mark("front matter", started);
    Some(Loaded { config, articles, broken, site_wide, links, section_files: content.sections })
}

/// A path under content/, relative to content/.
fn in_content(rel: &Path) -> &Path {
    rel.strip_prefix(CONTENT_DIR).unwrap_or(rel)
}

/// content/sources.yaml, with its notes rendered, whether it exists but
/// could not be read, and its text. An unreadable file (bad YAML, or not
/// UTF-8 and so not even loaded) is reported once, not again at every
/// citation of its ids.
fn site_sources(
    root: &Path,
    file: Option<SourceFile>,
    config: &Config,
    diags: &mut Diagnostics,
) -> (IndexMap<String, SiteSource>, bool, String) {
    let Some(file) = file else {
        let unreadable = root.join(CONTENT_DIR).join(SOURCES_FILE).exists();
        return (IndexMap::default(), unreadable, String::new());
    };
    let sources = front_matter::site_sources(&file, diags);
    let unreadable = sources.is_none();
    let sources =
        sources.map(|s| crate::yaml_markdown::site_sources(s, &file, config.unsafe_html, diags)).unwrap_or_default();
    (sources, unreadable, file.text)
}

/// content/claims.yaml, read (empty without one, or when it cannot be
/// read: its own error says so, and an article's claim of an id it may
/// define is then the article's own).
fn site_claims(file: Option<SourceFile>, diags: &mut Diagnostics) -> (IndexMap<String, ClaimMeta>, String) {
    let Some(file) = file else { return Default::default() };
    (front_matter::site_claims(&file, diags).unwrap_or_default(), file.text)
}
