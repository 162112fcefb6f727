//! The site's pages beyond articles: home, sections, tags, the claims and
//! sources indexes and 404 (rendered by templates), plus the files for
//! machines: Atom feed, sitemap, robots.txt and claims.json.
//!
//! Long lists are paginated so that a site of 10,000 articles and 100,000
//! claims never renders one giant page.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::build::{Section, Site};
use crate::config::Verdict;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::relative_url;
use crate::model::Source;
use crate::output::Sink;
use crate::render::Renderer;
use crate::render::context::{DateCtx, SummaryCtx, TagCtx, VerdictValues, source_note_html, tag_slug};
use crate::resolve::{CitedSource, Claim, Resolved};

/// Claims or sources per page of the indexes.
pub const INDEX_PAGE_SIZE: usize = 200;

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    /// Pages are left out just before this one.
    pub gap: bool,
}

/// Where a page sits in a paginated list. Its URLs are relative to the
/// page itself (ready to use as they are), never empty.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub previous: String,
    pub next: String,
    pub pages: Vec<PageLink>,
    /// Items on all pages together.
    pub items: usize,
}

/// The URL of page `n` of a list whose first page is at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

/// The page numbers a page links to: the first, the last, and two on
/// either side of `current` (a list of every page would make long lists
/// quadratic).
fn window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = vec![1];
    pages.extend(current.saturating_sub(2).max(2)..=(current + 2).min(total));
    if total > 1 {
        pages.push(total);
    }
    pages.dedup();
    pages
}

/// Splits `items` into pages; yields (url, items of the page, paginator).
fn paginate<'a, T>(items: &'a [T], per_page: usize, base: &str) -> Vec<(String, &'a [T], Paginator)> {
    let per_page = per_page.max(1);
    let total = items.len().div_ceil(per_page).max(1);
    (1..=total)
        .map(|n| {
            let slice = &items[((n - 1) * per_page).min(items.len())..(n * per_page).min(items.len())];
            let here = page_url(base, n);
            let paginator = Paginator {
                current: n,
                total,
                previous: if n > 1 { relative_url(&here, &page_url(base, n - 1)) } else { String::new() },
                next: if n < total { relative_url(&here, &page_url(base, n + 1)) } else { String::new() },
                pages: window(n, total)
                    .into_iter()
                    .scan(0, |last, number| {
                        let gap = number > *last + 1;
                        *last = number;
                        Some(PageLink { number, url: relative_url(&here, &page_url(base, number)), gap })
                    })
                    .collect(),
                items: items.len(),
            };
            (page_url(base, n), slice, paginator)
        })
        .collect()
}

/// A claim in the site-wide index.
#[derive(Serialize)]
struct IndexClaim<'a> {
    id: &'a str,
    text_html: &'a str,
    text: &'a str,
    claimant: &'a str,
    /// A `VerdictRef`.
    verdict: Value,
    date: Option<DateCtx>,
    /// The claim in its article, relative to the root.
    url: String,
    /// An [`ArticleRef`].
    article: Value,
    /// [`SourceRef`]s.
    sources: Vec<Value>,
}

/// An article as the indexes name it.
#[derive(Serialize)]
struct ArticleRef<'a> {
    title: &'a str,
    url: &'a str,
    date: Option<DateCtx>,
}

#[derive(Serialize)]
struct SourceRef<'a> {
    key: &'a str,
    number: usize,
    title: &'a str,
    url: &'a str,
}

/// The entries of a claims page. Both claim lists keep an article's
/// claims together, and those share the article's sources: each is
/// converted to a template value once per run of claims, not once per
/// claim, and only for the page being rendered.
fn index_claims<'a>(slice: &[(&'a Resolved, &'a Claim)], kept: &Kept) -> Vec<IndexClaim<'a>> {
    // The article of the run and its sources' references (by position in
    // `r.sources`) as far as they were needed.
    let mut run: Option<(&Resolved, Vec<Option<Value>>)> = None;
    let mut items = Vec::with_capacity(slice.len());
    for &(r, c) in slice {
        let (_, sources) = match &mut run {
            Some(current) if std::ptr::eq(current.0, r) => current,
            slot => slot.insert((r, vec![None; r.sources.len()])),
        };
        items.push(IndexClaim {
            id: &c.id,
            text_html: &c.text_html,
            text: &c.text,
            claimant: &c.claimant,
            verdict: kept.verdicts.of(&c.verdict),
            date: DateCtx::of(c.date),
            url: format!("{}#{}", r.article.url, c.anchor()),
            article: kept.article_ref(r),
            sources: c
                .sources
                .iter()
                .filter_map(|(k, n)| {
                    let i = r.sources.iter().position(|s| &s.source.key == k)?;
                    let s = &r.sources[i].source;
                    let value = sources[i].get_or_insert_with(|| {
                        Value::from_serializable(&SourceRef { key: k, number: *n, title: &s.title, url: &s.url })
                    });
                    Some(value.clone())
                })
                .collect(),
        });
    }
    items
}

/// Claims with the article each is in.
type ClaimList<'a> = Vec<(&'a Resolved, &'a Claim)>;

/// Every claim of the site: newest article first, then in article order.
fn all_claims<'a>(site: &Site<'a>) -> Vec<(&'a Resolved, &'a Claim)> {
    site.articles.iter().flat_map(|&r| r.claims.iter().map(move |c| (r, c))).collect()
}

/// Template values that many entries of the indexes share, each made the
/// first time a page needs it: an article's reference is on every claim
/// and source entry of it. Tera copies a ready value by reference count.
/// (Summaries are not kept: at 10,000 articles they would hold 17 MiB more
/// for 0.8 % fewer instructions.)
struct Kept<'s> {
    /// [`ArticleRef`]s by the article's address: every list holds
    /// references to the same articles, and an address hashes and compares
    /// without reading the article (at 10,000 articles, keying by URL
    /// cost a cache miss a lookup).
    article_refs: foldhash::HashMap<usize, OnceLock<Value>>,
    verdicts: &'s VerdictValues,
    /// The site's `unsafe_html`, for the notes of sources.
    unsafe_html: bool,
}

/// The key of an article in [`Kept`].
fn identity(r: &Resolved) -> usize {
    std::ptr::from_ref(r) as usize
}

impl<'s> Kept<'s> {
    fn new(articles: &[&Resolved], verdicts: &'s VerdictValues, unsafe_html: bool) -> Self {
        let article_refs = articles.iter().map(|r| (identity(r), OnceLock::new())).collect();
        Kept { article_refs, verdicts, unsafe_html }
    }

    /// An [`ArticleRef`] of `r`.
    fn article_ref(&self, r: &Resolved) -> Value {
        let make = || {
            let a = &r.article;
            Value::from_serializable(&ArticleRef { title: &a.title, url: &a.url, date: DateCtx::of(a.date) })
        };
        match self.article_refs.get(&identity(r)) {
            Some(kept) => kept.get_or_init(make).clone(),
            None => make(),
        }
    }
}

fn summaries<'a>(slice: &[&'a Resolved], verdicts: &VerdictValues) -> Vec<SummaryCtx<'a>> {
    slice.iter().map(|r| SummaryCtx::of(r, verdicts)).collect()
}

/// A file to write: renders itself into the sink.
type Job<'a> = Box<dyn Fn(&dyn Sink) -> Result<(), Diagnostic> + Sync + 'a>;

/// A listing page at `url`, rendered by `render`.
fn page<'a>(url: String, render: impl Fn(&str) -> Result<Vec<u8>, Diagnostic> + Sync + 'a) -> Job<'a> {
    Box::new(move |sink| sink.write(&format!("{url}index.html"), &render(&url)?))
}

/// Renders every listing page and machine-readable file into `sink`, in
/// parallel; each page's data is built only when it is rendered, so memory
/// holds one page per thread. Returns the number of files written and the
/// problems.
pub fn write_all(site: &Site<'_>, renderer: &Renderer, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    // claims.json is the largest file: it streams on one thread while the
    // other threads work out what the pages list and render them.
    let (json, results) = rayon::join(
        || sink.write_with("claims.json", &mut |w| crate::feeds::claims_json(site, w)),
        || render_pages(site, renderer, sink),
    );
    let mut written = 0;
    let mut errors = Vec::new();
    for r in std::iter::once(json).chain(results) {
        match r {
            Ok(()) => written += 1,
            Err(d) => errors.push(d),
        }
    }
    (written, errors)
}

/// Every file of [`write_all`] but claims.json, rendered in parallel.
fn render_pages(site: &Site<'_>, renderer: &Renderer, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
    let config = &site.config;
    let articles: &[&Resolved] = &site.articles;
    let verdicts = renderer.verdicts();

    // The lists the pages show, computed once.
    let sections: Vec<(&Section, Vec<&Resolved>, Vec<SectionRef>)> = site
        .sections
        .iter()
        .map(|section| {
            let prefix = format!("{}/", section.path);
            let members = articles
                .iter()
                .copied()
                .filter(|r| r.article.section == section.path || r.article.section.starts_with(&prefix))
                .collect();
            let subsections = site
                .sections
                .iter()
                .filter(|s| s.path.rsplit_once('/').map_or("", |(p, _)| p) == section.path && s.path != section.path)
                .map(|s| SectionRef { title: &s.title, url: format!("{}/", s.path) })
                .collect();
            (section, members, subsections)
        })
        .collect();
    let mut tags: BTreeMap<String, (String, Vec<&Resolved>)> = BTreeMap::new();
    for &r in articles {
        for t in &r.article.tags {
            tags.entry(tag_slug(t)).or_insert_with(|| (t.clone(), Vec::new())).1.push(r);
        }
    }
    let tag_list: Vec<TagCount> = tags
        .iter()
        .map(|(slug, (name, list))| TagCount { name, slug, url: format!("tags/{slug}/"), count: list.len() })
        .collect();
    // Every claim, then one list per verdict; the counts are their lengths.
    let claims = all_claims(site);
    let total = claims.len();
    let by_verdict: Vec<(Option<&Verdict>, ClaimList)> = config
        .verdicts
        .0
        .iter()
        .map(|v| (Some(&**v), claims.iter().copied().filter(|(_, c)| c.verdict.id == v.id).collect()))
        .collect();
    let counts: Vec<Value> =
        by_verdict.iter().filter_map(|(v, list)| v.map(|v| verdicts.count(v, list.len()))).collect();
    let claim_lists: Vec<(Option<&Verdict>, ClaimList)> = std::iter::once((None, claims)).chain(by_verdict).collect();
    let entries = source_refs(site);
    let kept = &Kept::new(articles, verdicts, config.unsafe_html);

    let mut jobs: Vec<Job> = Vec::new();
    for (url, slice, paginator) in paginate(articles, config.paginate, "") {
        jobs.push(page(url, move |u| {
            renderer.page("index.html", u, |ctx| {
                ctx.insert("articles", &summaries(slice, verdicts));
                ctx.insert("paginator", &paginator);
            })
        }));
    }
    for (section, members, subsections) in &sections {
        for (url, slice, paginator) in paginate(members, config.paginate, &format!("{}/", section.path)) {
            jobs.push(page(url, move |u| {
                let ctx_section = SectionCtx {
                    title: &section.title,
                    path: &section.path,
                    url: format!("{}/", section.path),
                    intro_html: &section.intro_html,
                    subsections,
                };
                renderer.page("section.html", u, |ctx| {
                    ctx.insert("section", &ctx_section);
                    ctx.insert("articles", &summaries(slice, verdicts));
                    ctx.insert("paginator", &paginator);
                })
            }));
        }
    }
    jobs.push(page("tags/".into(), |u| renderer.page("tags.html", u, |ctx| ctx.insert("tags", &tag_list))));
    for (slug, (name, list)) in &tags {
        for (url, slice, paginator) in paginate(list, config.paginate, &format!("tags/{slug}/")) {
            jobs.push(page(url, move |u| {
                renderer.page("tag.html", u, |ctx| {
                    ctx.insert("tag", &TagCtx::of(name));
                    ctx.insert("articles", &summaries(slice, verdicts));
                    ctx.insert("paginator", &paginator);
                })
            }));
        }
    }
    for (verdict, list) in &claim_lists {
        let base = verdict.map_or("claims/".to_string(), |v| format!("claims/{}/", v.id));
        for (url, slice, paginator) in paginate(list, INDEX_PAGE_SIZE, &base) {
            let counts = &counts;
            jobs.push(page(url, move |u| {
                let items = index_claims(slice, kept);
                renderer.page("claims.html", u, |ctx| {
                    ctx.insert("claims", &items);
                    ctx.insert("verdict", verdict);
                    ctx.insert("verdict_counts", counts);
                    ctx.insert("total", &total);
                    ctx.insert("paginator", &paginator);
                })
            }));
        }
    }
    for (url, slice, paginator) in paginate(&entries, INDEX_PAGE_SIZE, "sources/") {
        jobs.push(page(url, move |u| {
            let items: Vec<SourceEntry> = slice.iter().map(|e| source_entry(e, kept)).collect();
            renderer.page("sources.html", u, |ctx| {
                ctx.insert("sources", &items);
                ctx.insert("paginator", &paginator);
            })
        }));
    }
    // 404: served at any depth, so its links start at the site's path.
    jobs.push(Box::new(|sink| {
        let root_path = crate::feeds::base_path(&config.base_url);
        let html = renderer.page("404.html", "", |ctx| {
            ctx.insert("root", &root_path);
            ctx.insert("permalink", "");
        })?;
        sink.write("404.html", &html)
    }));
    // For machines.
    jobs.push(Box::new(|sink| sink.write("robots.txt", crate::feeds::robots(&config.base_url).as_bytes())));
    if !config.base_url.is_empty() {
        jobs.push(Box::new(|sink| sink.write("atom.xml", crate::feeds::atom(site).as_bytes())));
        let slugs: Vec<String> = tags.keys().cloned().collect();
        jobs.push(Box::new(move |sink| sink.write("sitemap.xml", crate::feeds::sitemap(site, &slugs).as_bytes())));
    }

    jobs.into_par_iter().map(|job| job(sink)).collect()
}

#[derive(Serialize)]
struct SectionRef<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct SectionCtx<'a> {
    title: &'a str,
    path: &'a str,
    url: String,
    intro_html: &'a str,
    subsections: &'a [SectionRef<'a>],
}

#[derive(Serialize)]
struct TagCount<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

/// A source in the sources index, with where it is cited.
#[derive(Serialize)]
pub struct SourceEntry<'a> {
    key: &'a str,
    title: &'a str,
    publisher: &'a str,
    author: &'a str,
    url: &'a str,
    archived: &'a str,
    date: Option<DateCtx>,
    note_html: String,
    kind: &'static str,
    kind_label: &'static str,
    /// "site" for content/sources.yaml, "article" for an article's own.
    scope: &'static str,
    cited_in: Vec<CitedIn<'a>>,
}

#[derive(Serialize)]
struct CitedIn<'a> {
    /// An [`ArticleRef`].
    article: Value,
    /// The source's entry in the article, relative to the root.
    url: String,
    number: usize,
    claims: Vec<ClaimRef<'a>>,
}

#[derive(Serialize)]
struct ClaimRef<'a> {
    id: &'a str,
    text: &'a str,
    /// A `VerdictRef`.
    verdict: Value,
    url: String,
}

fn source_entry_of<'a>(s: &'a Source, scope: &'static str, unsafe_html: bool) -> SourceEntry<'a> {
    SourceEntry {
        key: &s.key,
        title: &s.title,
        publisher: &s.publisher,
        author: &s.author,
        url: &s.url,
        archived: &s.archived,
        date: DateCtx::of(s.date),
        note_html: source_note_html(&s.note, unsafe_html),
        kind: s.kind.id(),
        kind_label: s.kind.label(),
        scope,
        cited_in: Vec::new(),
    }
}

fn cited_in<'a>(r: &'a Resolved, key: &str, number: usize, kept: &Kept) -> CitedIn<'a> {
    CitedIn {
        article: kept.article_ref(r),
        url: format!("{}#source-{key}", r.article.url),
        number,
        claims: claims_citing(r, key, kept.verdicts),
    }
}

/// An entry of the sources index, before its page data is built.
enum EntryRef<'a> {
    /// From content/sources.yaml, with the articles that cite it (in the
    /// site's order) and its number in each.
    Site(&'a Source, Vec<(&'a Resolved, usize)>),
    /// An article's own source.
    Local(&'a Resolved, &'a CitedSource),
}

/// Site-wide sources, then each article's own, sorted by title (then key).
/// Which articles cite each site-wide source is found in one pass over the
/// articles, not one pass per source.
fn source_refs<'a>(site: &Site<'a>) -> Vec<EntryRef<'a>> {
    let mut citing: foldhash::HashMap<&str, Vec<(&Resolved, usize)>> = foldhash::HashMap::default();
    for &r in &site.articles {
        for cs in r.sources.iter().filter(|cs| !cs.local) {
            citing.entry(cs.source.key.as_str()).or_default().push((r, cs.number));
        }
    }
    let mut entries: Vec<EntryRef> =
        site.sources.values().map(|s| EntryRef::Site(s, citing.remove(s.key.as_str()).unwrap_or_default())).collect();
    for &r in &site.articles {
        entries.extend(r.sources.iter().filter(|cs| cs.local).map(|cs| EntryRef::Local(r, cs)));
    }
    let source = |e: &EntryRef<'a>| match e {
        EntryRef::Site(s, _) => *s,
        EntryRef::Local(_, cs) => &cs.source,
    };
    // A stable sort: equal titles and keys keep the order above.
    entries.sort_by_cached_key(|e| (source(e).title.to_lowercase(), source(e).key.clone()));
    entries
}

/// The page data of one entry: a site-wide source with every article that
/// cites it, an article's own with its article.
fn source_entry<'a>(e: &EntryRef<'a>, kept: &Kept) -> SourceEntry<'a> {
    match e {
        EntryRef::Site(s, citing) => {
            let mut entry = source_entry_of(s, "site", kept.unsafe_html);
            entry.cited_in = citing.iter().map(|&(r, number)| cited_in(r, &s.key, number, kept)).collect();
            entry
        }
        EntryRef::Local(r, cs) => {
            let mut entry = source_entry_of(&cs.source, "article", kept.unsafe_html);
            entry.cited_in.push(cited_in(r, &cs.source.key, cs.number, kept));
            entry
        }
    }
}

fn claims_citing<'a>(r: &'a Resolved, key: &str, verdicts: &VerdictValues) -> Vec<ClaimRef<'a>> {
    r.claims
        .iter()
        .filter(|c| c.sources.iter().any(|(k, _)| k == key))
        .map(|c| ClaimRef {
            id: &c.id,
            text: &c.text,
            verdict: verdicts.of(&c.verdict),
            url: format!("{}#{}", r.article.url, c.anchor()),
        })
        .collect()
}

/// Sections of the site: every folder of content/ that holds articles,
/// with its `_index.md` title and intro when there is one.
pub fn section_paths(articles: &[&Resolved], with_index: &[Section]) -> Vec<String> {
    let mut paths: std::collections::BTreeSet<String> = with_index.iter().map(|s| s.path.clone()).collect();
    for r in articles {
        let mut path = r.article.section.as_str();
        while !path.is_empty() {
            paths.insert(path.to_string());
            path = path.rsplit_once('/').map_or("", |(p, _)| p);
        }
    }
    paths.into_iter().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_window_is_first_last_and_neighbours() {
        assert_eq!(super::window(1, 1), [1]);
        assert_eq!(super::window(1, 2), [1, 2]);
        assert_eq!(super::window(5, 500), [1, 3, 4, 5, 6, 7, 500]);
        assert_eq!(super::window(500, 500), [1, 498, 499, 500]);
    }
}
