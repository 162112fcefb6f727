//! What the built-in machine templates see: `feed` in `atom.xml` and
//! `sitemap` in `sitemap.xml`. Their URLs are absolute (feeds and
//! sitemaps are read off the site), so these are made only when the site
//! has a `base_url`.

use serde::Serialize;

use crate::model::{Date, Site};

/// How many articles the feed holds, newest first.
pub const FEED_ENTRIES: usize = 50;

/// A date as Atom writes it.
fn rfc3339(d: Date) -> String {
    format!("{}T00:00:00Z", d.iso())
}

/// `feed` in `atom.xml`.
#[derive(Serialize)]
pub struct FeedCtx<'a> {
    /// When the newest article was published, updated or corrected.
    pub updated: String,
    pub entries: Vec<EntryCtx<'a>>,
}

/// One article in the feed.
#[derive(Serialize)]
pub struct EntryCtx<'a> {
    pub title: &'a str,
    pub url: String,
    pub published: Option<String>,
    pub updated: String,
    /// The article's authors, else the site's title.
    pub authors: Vec<&'a str>,
    pub tags: &'a [String],
    pub summary: &'a str,
    /// The latest correction, which updates the entry.
    pub correction: Option<CorrectionEntry<'a>>,
}

/// An article's latest correction in its feed entry: `{date, text}`.
#[derive(Serialize)]
pub struct CorrectionEntry<'a> {
    /// `2024-05-10`.
    pub date: String,
    /// As plain text.
    pub text: &'a str,
}

impl<'a> FeedCtx<'a> {
    pub fn of(site: &Site<'a>) -> Self {
        let base = &site.config.base_url;
        let updated = site
            .articles
            .iter()
            .filter_map(|a| a.last_changed())
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
        let entries = site
            .articles
            .iter()
            .take(FEED_ENTRIES)
            .map(|a| EntryCtx {
                title: &a.title,
                url: crate::urls::permalink(base, &a.url),
                published: a.date.map(rfc3339),
                updated: a.last_changed().map_or_else(|| updated.clone(), rfc3339),
                authors: if a.authors.is_empty() {
                    vec![site.config.title.as_str()]
                } else {
                    a.authors.iter().map(String::as_str).collect()
                },
                tags: &a.tags,
                summary: &a.summary,
                correction: a.corrections.last().map(|c| CorrectionEntry { date: c.date.iso(), text: &c.text }),
            })
            .collect();
        FeedCtx { updated, entries }
    }
}

/// One address of `sitemap.xml`.
#[derive(Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// `urls` in `sitemap.xml`: home, articles, sections, tags and the
/// indexes.
pub fn sitemap(site: &Site, tag_slugs: &[&str]) -> Vec<SitemapUrl> {
    let base = &site.config.base_url;
    let at = |url: String| SitemapUrl { loc: crate::urls::permalink(base, &url), lastmod: None };
    let mut urls = vec![at(String::new())];
    // Claims' pages are not listed: at ten claims an article a large site
    // would pass the protocol's 50,000 addresses a file, and every one is
    // linked from its article, where crawlers find it.
    urls.extend(
        site.articles.iter().map(|a| SitemapUrl {
            loc: crate::urls::permalink(base, &a.url),
            lastmod: a.last_changed().map(|d| d.iso()),
        }),
    );
    urls.extend(site.sections.iter().map(|s| at(crate::urls::section_url(&s.path))));
    urls.push(at("tags/".into()));
    urls.extend(tag_slugs.iter().map(|t| at(crate::urls::tag_url(t))));
    urls.push(at(crate::urls::claims_url(None)));
    urls.push(at("sources/".into()));
    urls
}
