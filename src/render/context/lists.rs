//! What the listing pages show: article summaries (home, sections, tags),
//! the entries of the claims and sources indexes, sections, tags and the
//! paginator. Each borrows from the [`ArticleSummary`]s of the site.

use serde::Serialize;

use super::{DateCtx, TagCtx, VerdictCount, VerdictRef, verdict_counts};
use crate::model::{ArticleSummary, Claim, Source};
use crate::urls;

/// An article in a list (home, sections, tags).
#[derive(Serialize)]
pub struct SummaryCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: Option<DateCtx>,
    pub updated: Option<DateCtx>,
    pub authors: &'a [String],
    pub tags: Vec<TagCtx<'a>>,
    pub section: &'a str,
    pub claim_count: usize,
    pub verdict_counts: Vec<VerdictCount<'a>>,
    /// The article's short answers: its claims with a ruling, in order.
    pub rulings: Vec<RulingCtx<'a>>,
    /// The date of its latest correction.
    pub corrected: Option<DateCtx>,
}

/// A claim's short answer, as lists show it: `{id, url, verdict, ruling_html}`.
#[derive(Serialize)]
pub struct RulingCtx<'a> {
    pub id: &'a str,
    /// The claim's own page.
    pub url: &'a str,
    pub verdict: VerdictRef<'a>,
    pub ruling_html: &'a str,
}

impl<'a> SummaryCtx<'a> {
    pub fn of(a: &'a ArticleSummary, scale: &'a [std::sync::Arc<crate::config::Verdict>]) -> Self {
        SummaryCtx {
            title: &a.title,
            url: &a.url,
            summary: &a.summary,
            date: DateCtx::of(a.date),
            updated: DateCtx::of(a.updated),
            authors: &a.authors,
            tags: a.tags.iter().map(|t| TagCtx::of(t)).collect(),
            section: &a.section,
            claim_count: a.claims.len(),
            verdict_counts: verdict_counts(scale, &a.claims),
            rulings: a
                .claims
                .iter()
                .filter(|c| !c.ruling_html.is_empty())
                .map(|c| RulingCtx {
                    id: &c.id,
                    url: &c.url,
                    verdict: VerdictRef::of(&c.verdict),
                    ruling_html: &c.ruling_html,
                })
                .collect(),
            corrected: DateCtx::of(a.corrections.last().map(|c| c.date)),
        }
    }
}

/// An article as the indexes name it.
#[derive(Serialize)]
pub struct ArticleRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: Option<DateCtx>,
}

impl<'a> ArticleRef<'a> {
    pub fn of(a: &'a ArticleSummary) -> Self {
        ArticleRef { title: &a.title, url: &a.url, date: DateCtx::of(a.date) }
    }
}

/// A claim in the site-wide claims index: what an entry of the list shows.
/// The index lists every claim twice (all claims, and its verdict's list),
/// so an entry holds no more than that; claims.json has the rest.
#[derive(Serialize)]
pub struct IndexClaim<'a> {
    pub id: &'a str,
    pub text_html: &'a str,
    pub claimant: &'a str,
    pub verdict: VerdictRef<'a>,
    /// The claim's own page, relative to the root.
    pub page_url: &'a str,
    pub ruling_html: &'a str,
    pub article: ArticleRef<'a>,
}

impl<'a> IndexClaim<'a> {
    pub fn of(a: &'a ArticleSummary, c: &'a Claim) -> Self {
        IndexClaim {
            id: &c.id,
            text_html: &c.text_html,
            claimant: &c.claimant.name,
            verdict: VerdictRef::of(&c.verdict),
            page_url: &c.url,
            ruling_html: &c.ruling_html,
            article: ArticleRef::of(a),
        }
    }
}

/// A section's list page: `section`.
#[derive(Serialize)]
pub struct SectionCtx<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub url: String,
    pub intro_html: &'a str,
    pub subsections: &'a [SectionRef<'a>],
}

/// A subsection, as its parent's page links to it.
#[derive(Serialize)]
pub struct SectionRef<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A tag with how many articles have it, on the tags page.
#[derive(Serialize)]
pub struct TagCount<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

/// A source in the sources index, with where it is cited: what an entry
/// of the list shows, no more (the index has every source of the site).
#[derive(Serialize)]
pub struct SourceEntry<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub author: &'a str,
    pub url: &'a str,
    pub archived: &'a str,
    pub date: Option<DateCtx>,
    pub note_html: &'a str,
    pub kind_label: &'static str,
    pub cited_in: Vec<CitedIn<'a>>,
}

impl<'a> SourceEntry<'a> {
    /// The entry of `s`, cited at each of `citing` (an article and the
    /// source's number in it).
    pub fn of(s: &'a Source, note_html: &'a str, citing: &[(&'a ArticleSummary, usize)]) -> Self {
        SourceEntry {
            key: &s.key,
            title: &s.title,
            publisher: &s.publisher,
            author: &s.author,
            url: &s.url,
            archived: &s.archived,
            date: DateCtx::of(s.date),
            note_html,
            kind_label: s.kind.label(),
            cited_in: citing.iter().map(|&(a, number)| CitedIn::of(a, &s.key, number)).collect(),
        }
    }
}

/// Where a source of the index is cited: an article, and its claims that
/// name the source.
#[derive(Serialize)]
pub struct CitedIn<'a> {
    /// The article's title.
    pub article_title: &'a str,
    /// The source's entry in the article, relative to the root.
    pub url: String,
    pub number: usize,
    pub claims: Vec<ClaimRef<'a>>,
}

impl<'a> CitedIn<'a> {
    fn of(a: &'a ArticleSummary, key: &str, number: usize) -> Self {
        CitedIn {
            article_title: &a.title,
            url: urls::on_page(&a.url, &urls::source_anchor(key)),
            number,
            claims: a
                .claims
                .iter()
                .filter(|c| c.sources.iter().any(|s| s.key == key))
                .map(|c| ClaimRef {
                    id: &c.id,
                    text: &c.text,
                    verdict: VerdictRef::of(&c.verdict),
                    url: urls::on_page(&a.url, &c.anchor()),
                })
                .collect(),
        }
    }
}

/// A claim naming a source, in the sources index.
#[derive(Serialize)]
pub struct ClaimRef<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub verdict: VerdictRef<'a>,
    pub url: String,
}

/// A link to one page of a paginated list.
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
