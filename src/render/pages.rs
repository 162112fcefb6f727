//! The site's pages beyond articles: home, sections, tags, the claims and
//! sources indexes, the pages of the claims of content/claims.yaml (which
//! list every article that checked them), 404, and the files for machines
//! that are templates
//! (Atom feed, sitemap, robots.txt). This module says which pages exist and
//! what each shows; each [`Page`] renders itself when asked, so memory
//! holds one page per thread. Writing them is the pipeline's job.
//!
//! Long lists are paginated so that a site of 10,000 articles and 100,000
//! claims never renders one giant page.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::Renderer;
use super::context::feeds::{FeedCtx, SitemapUrl, sitemap};
use super::context::lists::{IndexClaim, SectionCtx, SectionRef, SourceEntry, SummaryCtx, TagCount};
use super::context::{TagCtx, VerdictCount};
use crate::config::Verdict;
use crate::diagnostics::Diagnostic;
use crate::model::{ArticleSummary, Claim, Section, Site};
use crate::urls;

mod paginate;
mod sources;
mod vars;

use paginate::paginate;
use vars::{
    ArticlesVars, ClaimsVars, FeedVars, NoVars, NotFoundVars, SectionVars, SitemapVars, SourcesVars, TagVars, TagsVars,
};

/// Claims or sources per page of the indexes.
pub const INDEX_PAGE_SIZE: usize = 200;

/// Renders a page's bytes.
type RenderFn<'a> = Box<dyn Fn(&Renderer) -> Result<Vec<u8>, Diagnostic> + Send + Sync + 'a>;

/// Works out a page's print (see [`Page::print`]).
type PrintFn<'a> = Box<dyn Fn() -> Option<u128> + Send + Sync + 'a>;

/// One file of the site beyond articles, ready to render.
pub struct Page<'a> {
    /// Where it is written, relative to the output: `tags/x/index.html`.
    pub file: String,
    render: RenderFn<'a>,
    print: Option<PrintFn<'a>>,
}

impl Page<'_> {
    /// The page's bytes.
    pub fn render(&self, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
        (self.render)(renderer)
    }

    /// What the page is made of beyond the templates and the site's
    /// settings (its template, address and variables) as a 128-bit hash,
    /// without rendering it: two equal prints within one build are the
    /// same bytes. `None` for a page that cannot tell (a claim's page).
    pub fn print(&self) -> Option<u128> {
        self.print.as_ref().and_then(|print| print())
    }
}

/// The page at `url`, written to `file`, that `template` renders from the
/// variables `vars` makes (a struct: each field is a variable). The
/// variables are made when the page renders, so memory holds one page's
/// at a time per thread.
fn templated<'a, V: Serialize>(
    file: String,
    url: String,
    template: &'static str,
    vars: impl Fn() -> V + Clone + Send + Sync + 'a,
) -> Page<'a> {
    let (at, made) = (url.clone(), vars.clone());
    Page {
        file,
        render: Box::new(move |r| r.page_with(template, &url, &vars())),
        print: Some(Box::new(move || vars::print(template, &at, &made()))),
    }
}

/// A listing page at `url` (a folder's `index.html`).
fn listing<'a, V: Serialize>(
    url: String,
    template: &'static str,
    vars: impl Fn() -> V + Clone + Send + Sync + 'a,
) -> Page<'a> {
    templated(format!("{url}index.html"), url, template, vars)
}

/// Claims with the article each is in.
type ClaimList<'a> = Vec<(&'a ArticleSummary, &'a Claim)>;

/// The lists the pages show, worked out once for the whole site.
pub struct Lists<'a> {
    /// Each section with its articles (its subsections' too) and its subsections.
    sections: Vec<(&'a Section, Vec<&'a ArticleSummary>, Vec<SectionRef<'a>>)>,
    /// Tags by slug: the name first seen, and the articles.
    tags: BTreeMap<String, (&'a str, Vec<&'a ArticleSummary>)>,
    /// Every claim, then the claims of each verdict of the scale.
    claims: Vec<(Option<&'a Verdict>, ClaimList<'a>)>,
    /// Each claim of content/claims.yaml that articles check, with every
    /// check of it, newest article first.
    shared: BTreeMap<&'a str, ClaimList<'a>>,
    sources: Vec<sources::EntryRef<'a>>,
}

impl<'a> Lists<'a> {
    /// The lists of `site`.
    pub fn of(site: &'a Site<'a>) -> Self {
        let articles = &site.articles;
        let sections = site
            .sections
            .iter()
            .map(|section| {
                let prefix = format!("{}/", section.path);
                let members = articles
                    .iter()
                    .copied()
                    .filter(|a| a.section == section.path || a.section.starts_with(&prefix))
                    .collect();
                let subsections = site
                    .sections
                    .iter()
                    .filter(|s| {
                        s.path.rsplit_once('/').map_or("", |(p, _)| p) == section.path && s.path != section.path
                    })
                    .map(|s| SectionRef { title: &s.title, url: urls::section_url(&s.path) })
                    .collect();
                (section, members, subsections)
            })
            .collect();
        let mut tags: BTreeMap<String, (&str, Vec<&ArticleSummary>)> = BTreeMap::new();
        for &a in articles {
            for t in &a.tags {
                tags.entry(urls::tag_slug(t)).or_insert_with(|| (t, Vec::new())).1.push(a);
            }
        }
        let all: ClaimList = articles.iter().flat_map(|&a| a.claims.iter().map(move |c| (a, c))).collect();
        let by_verdict =
            site.config.verdicts.0.iter().map(|v| {
                (Some(&**v), all.iter().copied().filter(|(_, c)| c.verdict.id == v.id).collect::<ClaimList>())
            });
        let by_verdict: Vec<_> = by_verdict.collect();
        let mut shared: BTreeMap<&str, ClaimList> = BTreeMap::new();
        for &(a, c) in all.iter().filter(|(_, c)| c.shared) {
            shared.entry(&c.id).or_default().push((a, c));
        }
        let claims = std::iter::once((None, all)).chain(by_verdict).collect();
        Lists { sections, tags, claims, shared, sources: sources::entries(site) }
    }
}

/// Every page of the site beyond articles, in no particular order.
pub fn all<'a>(site: &'a Site<'a>, lists: &'a Lists<'a>) -> Vec<Page<'a>> {
    let scale: &'a [Arc<Verdict>] = &site.config.verdicts.0;
    let per_page = site.config.paginate;
    let summaries = move |slice: &[&'a ArticleSummary]| -> Vec<SummaryCtx<'a>> {
        slice.iter().map(|a| SummaryCtx::of(a, scale)).collect()
    };
    let mut pages = Vec::new();
    for (url, slice, paginator) in paginate(&site.articles, per_page, "") {
        pages.push(listing(url, "index.html", move || ArticlesVars {
            articles: summaries(slice),
            paginator: Arc::clone(&paginator),
        }));
    }
    for (section, members, subsections) in &lists.sections {
        for (url, slice, paginator) in paginate(members, per_page, &urls::section_url(&section.path)) {
            pages.push(listing(url, "section.html", move || SectionVars {
                section: SectionCtx {
                    title: &section.title,
                    path: &section.path,
                    url: urls::section_url(&section.path),
                    intro_html: &section.intro_html,
                    subsections,
                },
                articles: summaries(slice),
                paginator: Arc::clone(&paginator),
            }));
        }
    }
    tag_pages(lists, per_page, &summaries, &mut pages);
    claim_pages(lists, &mut pages);
    for checks in lists.shared.values() {
        for &(a, c) in checks {
            let render: RenderFn = Box::new(move |r| r.claim(a, c, checks));
            pages.push(Page { file: format!("{}index.html", c.url), render, print: None });
        }
    }
    for (url, slice, paginator) in paginate(&lists.sources, INDEX_PAGE_SIZE, "sources/") {
        pages.push(listing(url, "sources.html", move || SourcesVars {
            sources: slice.iter().map(sources::EntryRef::entry).collect::<Vec<SourceEntry>>(),
            paginator: Arc::clone(&paginator),
        }));
    }
    machine_pages(site, lists, &mut pages);
    pages
}

/// The tags page and each tag's list.
fn tag_pages<'a>(
    lists: &'a Lists<'a>,
    per_page: usize,
    summaries: &(impl Fn(&[&'a ArticleSummary]) -> Vec<SummaryCtx<'a>> + Copy + Send + Sync + 'a),
    pages: &mut Vec<Page<'a>>,
) {
    let tag_list: Arc<Vec<TagCount>> = Arc::new(
        lists
            .tags
            .iter()
            .map(|(slug, (name, list))| TagCount { name, slug, url: urls::tag_url(slug), count: list.len() })
            .collect(),
    );
    pages.push(listing("tags/".into(), "tags.html", move || TagsVars { tags: Arc::clone(&tag_list) }));
    for (slug, (name, list)) in &lists.tags {
        for (url, slice, paginator) in paginate(list, per_page, &urls::tag_url(slug)) {
            let summaries = *summaries;
            pages.push(listing(url, "tag.html", move || TagVars {
                tag: TagCtx::of(name),
                articles: summaries(slice),
                paginator: Arc::clone(&paginator),
            }));
        }
    }
}

/// The claims index: every claim, then one list per verdict.
fn claim_pages<'a>(lists: &'a Lists<'a>, pages: &mut Vec<Page<'a>>) {
    let total = lists.claims.first().map_or(0, |(_, all)| all.len());
    let counts: Vec<VerdictCount> = lists
        .claims
        .iter()
        .filter_map(|(v, list)| v.map(|v| VerdictCount { id: &v.id, label: &v.label, count: list.len() }))
        .collect();
    let counts = Arc::new(counts);
    for (verdict, list) in &lists.claims {
        for (url, slice, paginator) in paginate(list, INDEX_PAGE_SIZE, &urls::claims_url(verdict.map(|v| &*v.id))) {
            let counts = Arc::clone(&counts);
            pages.push(listing(url, "claims.html", move || ClaimsVars {
                claims: slice.iter().map(|(a, c)| IndexClaim::of(a, c)).collect(),
                verdict: *verdict,
                verdict_counts: Arc::clone(&counts),
                total,
                paginator: Arc::clone(&paginator),
            }));
        }
    }
}

/// 404, robots.txt and, with a base URL, the Atom feed and the sitemap.
fn machine_pages<'a>(site: &'a Site<'a>, lists: &'a Lists<'a>, pages: &mut Vec<Page<'a>>) {
    let base_url = &site.config.base_url;
    // 404 is served at any depth, so its links start at the site's path.
    let not_found = move || NotFoundVars { root: urls::base_path(base_url), permalink: "" };
    pages.push(templated("404.html".into(), String::new(), "404.html", not_found));
    pages.push(templated("robots.txt".into(), String::new(), "robots.txt", || NoVars {}));
    if base_url.is_empty() {
        return;
    }
    pages.push(templated("atom.xml".into(), String::new(), "atom.xml", move || FeedVars { feed: FeedCtx::of(site) }));
    let urls = move || -> Vec<SitemapUrl> {
        let slugs: Vec<&str> = lists.tags.keys().map(String::as_str).collect();
        sitemap(site, &slugs)
    };
    pages.push(templated("sitemap.xml".into(), String::new(), "sitemap.xml", move || SitemapVars { urls: urls() }));
}
