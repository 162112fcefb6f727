//! The variables of each template of the site's pages beyond articles,
//! one struct per template: each field is a variable (beside `site`,
//! `generator`, `root`, `page_url`, `page_folder` and `permalink`, which
//! every page has). They are the theme contract for these templates
//! (`docs/theme-contract.md`).
//!
//! A page's [`print()`] is made from the same struct that renders it, so
//! nothing a page shows can change without its print changing: `serve`
//! re-renders only the pages whose print changed after an edit.

use std::sync::Arc;

use serde::Serialize;

use crate::config::Verdict;
use crate::render::context::TagCtx;
use crate::render::context::VerdictCount;
use crate::render::context::feeds::{FeedCtx, SitemapUrl};
use crate::render::context::lists::{IndexClaim, Paginator, SectionCtx, SourceEntry, SummaryCtx, TagCount};

/// `index.html`: the home page's articles, newest first.
#[derive(Serialize)]
pub struct ArticlesVars<'a> {
    pub articles: Vec<SummaryCtx<'a>>,
    pub paginator: Arc<Paginator>,
}

/// `section.html`: a section and its articles.
#[derive(Serialize)]
pub struct SectionVars<'a> {
    pub section: SectionCtx<'a>,
    pub articles: Vec<SummaryCtx<'a>>,
    pub paginator: Arc<Paginator>,
}

/// `tags.html`: every tag with its count.
#[derive(Serialize)]
pub struct TagsVars<'a> {
    pub tags: Arc<Vec<TagCount<'a>>>,
}

/// `tag.html`: a tag and its articles.
#[derive(Serialize)]
pub struct TagVars<'a> {
    pub tag: TagCtx<'a>,
    pub articles: Vec<SummaryCtx<'a>>,
    pub paginator: Arc<Paginator>,
}

/// `claims.html`: a page of the claims index, of every claim or of one
/// verdict's.
#[derive(Serialize)]
pub struct ClaimsVars<'a> {
    pub claims: Vec<IndexClaim<'a>>,
    /// The verdict whose list it is; none for the list of every claim.
    pub verdict: Option<&'a Verdict>,
    pub verdict_counts: Arc<Vec<VerdictCount<'a>>>,
    /// How many claims the site has.
    pub total: usize,
    pub paginator: Arc<Paginator>,
}

/// `sources.html`: a page of the sources index.
#[derive(Serialize)]
pub struct SourcesVars<'a> {
    pub sources: Vec<SourceEntry<'a>>,
    pub paginator: Arc<Paginator>,
}

/// `404.html`: served at any depth, so its links start at the site's
/// path (`root` is the base URL's path) and it has no permalink.
#[derive(Serialize)]
pub struct NotFoundVars<'a> {
    pub root: String,
    pub permalink: &'a str,
}

/// `atom.xml`.
#[derive(Serialize)]
pub struct FeedVars<'a> {
    pub feed: FeedCtx<'a>,
}

/// `sitemap.xml`.
#[derive(Serialize)]
pub struct SitemapVars {
    pub urls: Vec<SitemapUrl>,
}

/// `robots.txt`: nothing beyond what every page has.
#[derive(Serialize)]
pub struct NoVars {}

/// A 128-bit hash of a page's template, address and variables (as JSON);
/// `None` if they cannot be written as JSON (then the page always renders).
/// A collision would leave a page unchanged in `serve` after an edit; at
/// 128 bits, for thousands of pages, it does not happen.
pub fn print<V: Serialize>(template: &str, url: &str, vars: &V) -> Option<u128> {
    // Written whole, then hashed in one pass: faster than feeding the hash
    // serde_json's many small writes.
    let mut bytes = Vec::with_capacity(64 << 10);
    for part in [template, url] {
        bytes.extend_from_slice(part.as_bytes());
        bytes.push(0);
    }
    serde_json::to_writer(&mut bytes, vars).ok()?;
    Some(xxhash_rust::xxh3::xxh3_128(&bytes))
}
