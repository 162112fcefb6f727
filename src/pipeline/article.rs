//! One article, end to end, on one worker: read its body, run the Markdown
//! stage, resolve it, render its page and its claims' pages, and write
//! them and the images beside it. Only its [`ArticleSummary`] outlives
//! this: the body and pages are dropped as soon as they are written.

use std::path::Path;

use super::load::{ParsedArticle, SiteWide};
use crate::cards::{Card, Cards};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, CONTENT_DIR};
use crate::markdown::{self, links::Here, links::LinkMap};
use crate::model::{Article, ArticleSummary, Asset};
use crate::output::Sink;
use crate::render::Renderer;
use crate::resolve::{self, BodyFile, Inputs};

/// What every article's rendering shares.
pub struct Shared<'a> {
    pub root: &'a Path,
    pub site_wide: &'a SiteWide,
    pub links: &'a LinkMap,
    pub renderer: &'a Renderer,
    pub cards: &'a Cards,
}

/// An article's summary (`None` when its file could not be read again)
/// and its problems, front matter's first.
pub struct ArticleOutcome {
    /// The file, relative to the site root.
    pub rel: std::path::PathBuf,
    pub summary: Option<ArticleSummary>,
    pub problems: Vec<Diagnostic>,
    /// How many of its pages were written: its own and its claims'.
    pub written: usize,
}

/// Renders, resolves and writes one article.
pub fn publish(parsed: ParsedArticle, shared: &Shared, sink: &dyn Sink) -> ArticleOutcome {
    let ParsedArticle { article, problems } = parsed;
    let rel = article.rel.clone();
    let mut diags = Diagnostics::from(problems);
    let summary = render(article, shared, sink, &mut diags);
    let written = summary.as_ref().map_or(0, |(_, written)| *written);
    ArticleOutcome { rel, summary: summary.map(|(s, _)| s), problems: diags.into_vec(), written }
}

/// The article's summary, and how many of its pages were written (none
/// when it has errors).
fn render(
    article: Article,
    shared: &Shared,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Option<(ArticleSummary, usize)> {
    let config = shared.renderer.config();
    // Read again: front matter was all the parse stage kept. It may have
    // changed length since, so the YAML and the body are found anew.
    let file = load::read(shared.root, &article.rel).map_err(|d| diags.push(d)).ok()?;
    let (yaml, body_start) = match crate::front_matter::split(&file.text) {
        Ok(s) => (&file.text[s.yaml], s.body_start),
        Err(_) => ("", file.text.len()),
    };
    let in_content = article.rel.strip_prefix(CONTENT_DIR).unwrap_or(&article.rel);
    let here = Here { file: in_content, url: &article.url };
    let scope = markdown::Scope {
        claims: &article.claims,
        verdicts: &config.verdicts,
        unsafe_html: config.unsafe_html,
        links: Some((shared.links, &here)),
        first_line: memchr::memchr_iter(b'\n', &file.text.as_bytes()[..body_start]).count() + 1,
    };
    let rendered = markdown::render(&file.text[body_start..], &scope);
    let body = BodyFile { file: &file, yaml, body_start };
    let notes = crate::yaml_markdown::article_notes(&article, &file.text, yaml, config.unsafe_html, diags);
    let inputs = Inputs { article, body, rendered, notes };
    let sw = shared.site_wide;
    let site = resolve::SiteSources { sources: &sw.sources, unreadable: sw.unreadable, claims: &sw.claims };
    let resolved = resolve::article(inputs, site, config, diags);
    if diags.has_errors() {
        return Some((resolved.summary, 0));
    }
    let page = shared.renderer.article(&resolved);
    let mut written = 0;
    let mut wrote = |result: Result<(), Diagnostic>, diags: &mut Diagnostics| match result {
        Ok(()) => written += 1,
        Err(e) => diags.push(e),
    };
    wrote(page.and_then(|html| sink.write(&format!("{}index.html", resolved.summary.url), &html)), diags);
    // A claim of content/claims.yaml lists every article that checked it:
    // its page is a page of the site, rendered once all are known.
    let summary = &resolved.summary;
    for c in summary.claims.iter().filter(|c| !c.shared) {
        let page = shared.renderer.claim(summary, c, &[]);
        wrote(page.and_then(|html| sink.write(&format!("{}index.html", c.url), &html)), diags);
    }
    if written > 0 && shared.cards.on() {
        publish_cards(summary, config, shared.cards, sink, diags);
    }
    let copy = |a: &Asset| sink.write(&a.to, &crate::files::read(shared.root, &a.from)?);
    let failed = resolved.summary.assets.iter().filter_map(|a| copy(a).err());
    diags.extend(failed.map(|d| d.in_file(&resolved.summary.rel)).collect::<Vec<_>>());
    Some((resolved.summary, written))
}

/// Hands the share cards of the article's page and of each of its claims'
/// pages to `cards` (a claim of content/claims.yaml too: its page in this
/// article shows this article's verdict).
fn publish_cards(a: &ArticleSummary, config: &Config, cards: &Cards, sink: &dyn Sink, diags: &mut Diagnostics) {
    let claims = a.claims.iter().map(|c| (&*c.url, Card::claim(c, a, config)));
    for (url, card) in std::iter::once((&*a.url, Card::article(a, config))).chain(claims) {
        if let Err(d) = cards.publish(url, card, sink) {
            diags.push(d);
        }
    }
}
