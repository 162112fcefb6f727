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
use crate::model::{Article, ArticleSummary, Claim};
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
    /// How many files were written: its page, its claims' pages and the
    /// images beside it (none when it has errors).
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

/// The article's summary, and how many files were written (none when it
/// has errors).
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
    let written = match page.and_then(|html| sink.write(&format!("{}index.html", resolved.summary.url), &html)) {
        Ok(()) => 1,
        Err(e) => {
            diags.push(e);
            0
        }
    };
    if written > 0 && shared.cards.on() {
        publish_cards(&resolved.summary, config, shared.cards, sink, diags);
    }
    let written = written + write_beside(&resolved.summary, shared, sink, diags);
    Some((resolved.summary, written))
}

/// Writes the pages of an article's claims and the images beside it;
/// returns how many files were written.
fn write_beside(summary: &ArticleSummary, shared: &Shared, sink: &dyn Sink, diags: &mut Diagnostics) -> usize {
    let mut written = 0;
    let mut count = |result: Result<(), Diagnostic>, diags: &mut Diagnostics| match result {
        Ok(()) => written += 1,
        Err(e) => diags.push(e),
    };
    // A claim page whose folder is a file of this article (its page, an
    // image beside it) is not written: the address table reports the
    // collision, and writing it would only fail beside that error.
    let page = format!("{}index.html", summary.url).to_lowercase();
    let own_file = |c: &&Claim| {
        let folder = c.url.trim_end_matches('/').to_lowercase();
        folder == page || summary.assets.iter().any(|a| a.to.to_lowercase() == folder)
    };
    // A claim of content/claims.yaml lists every article that checked it:
    // its page is a page of the site, rendered once all are known.
    for c in summary.claims.iter().filter(|c| !c.shared && !own_file(c)) {
        let page = shared.renderer.claim(summary, c, &[]);
        count(page.and_then(|html| sink.write(&format!("{}index.html", c.url), &html)), diags);
    }
    for a in &summary.assets {
        let copied = crate::files::read(shared.root, &a.from).and_then(|bytes| sink.write(&a.to, &bytes));
        count(copied.map_err(|d| d.in_file(&summary.rel)), diags);
    }
    written
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
