//! A claim as templates see it: in its article's sidebar, in the lists,
//! and on its own page, which shows everything known of it — the ruling,
//! who said it, when and where, the sources that check it, the history of
//! its verdict and, for a claim of content/claims.yaml, every article that
//! checked it.

use serde::Serialize;

use super::{DateCtx, VerdictRef};
use crate::model::{Appearance, ArticleSummary, CitedSource, Claim, ClaimSource, CorrectionNotice, PastVerdict};
use crate::urls;

/// A claim in its article's claims list: where it is in the text and
/// what its entry shows. An article lists every claim it checks, so this
/// holds what an entry needs; the rest is on the claim's own page
/// ([`ClaimFactsCtx`]).
#[derive(Serialize)]
pub struct ClaimCtx<'a> {
    pub id: &'a str,
    /// The claim's place in the text, on its article's page.
    pub anchor: String,
    /// Its entry in the article's claims sidebar.
    pub entry_anchor: String,
    /// The address of its own page, relative to the claim's article's page.
    pub page_link: String,
    pub text_html: &'a str,
    /// The claimant's name ("" when unknown).
    pub claimant: &'a str,
    /// When the claim was made.
    pub said: Option<DateCtx>,
    pub verdict: VerdictRef<'a>,
    pub ruling_html: &'a str,
    pub sources: Vec<ClaimSourceCtx<'a>>,
    pub note_html: &'a str,
    pub in_text: bool,
}

impl<'a> ClaimCtx<'a> {
    /// The claim `c` in its article's list.
    pub fn of(c: &'a Claim) -> Self {
        ClaimCtx {
            id: &c.id,
            anchor: format!("claim-{}", c.id),
            entry_anchor: format!("claim-entry-{}", c.id),
            page_link: urls::claim_link(&c.id),
            text_html: &c.text_html,
            claimant: &c.claimant.name,
            said: DateCtx::of(c.said),
            verdict: VerdictRef::of(&c.verdict),
            ruling_html: &c.ruling_html,
            sources: c.sources.iter().map(ClaimSourceCtx::of).collect(),
            note_html: &c.note_html,
            in_text: c.in_text,
        }
    }
}

/// A claim on its own page: everything known of it. Where it is in its
/// article is the page's `article` and `sources`; the page's own address
/// is `page_url`.
#[derive(Serialize)]
pub struct ClaimFactsCtx<'a> {
    pub id: &'a str,
    pub text_html: &'a str,
    pub text: &'a str,
    /// The claimant's name ("" when unknown).
    pub claimant: &'a str,
    pub claimant_url: &'a str,
    /// When the claim was made.
    pub said: Option<DateCtx>,
    pub verdict: VerdictRef<'a>,
    pub ruling_html: &'a str,
    pub ruling: &'a str,
    pub appearances: Vec<AppearanceCtx<'a>>,
    pub history: Vec<PastVerdictCtx<'a>>,
    pub note_html: &'a str,
}

impl<'a> ClaimFactsCtx<'a> {
    /// The claim `c`, on its own page.
    pub fn of(c: &'a Claim) -> Self {
        ClaimFactsCtx {
            id: &c.id,
            text_html: &c.text_html,
            text: &c.text,
            claimant: &c.claimant.name,
            claimant_url: &c.claimant.url,
            said: DateCtx::of(c.said),
            verdict: VerdictRef::of(&c.verdict),
            ruling_html: &c.ruling_html,
            ruling: &c.ruling,
            appearances: c.appearances.iter().map(AppearanceCtx::of).collect(),
            history: c.history.iter().map(PastVerdictCtx::of).collect(),
            note_html: &c.note_html,
        }
    }
}

/// Where a claim was made: `{url, archived, host}`.
#[derive(Serialize)]
pub struct AppearanceCtx<'a> {
    pub url: &'a str,
    pub archived: &'a str,
    /// The site it is on (`www.example.com`), to name the link.
    pub host: &'a str,
}

impl<'a> AppearanceCtx<'a> {
    fn of(a: &'a Appearance) -> Self {
        let rest = a.url.split_once("://").map_or(a.url.as_str(), |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        AppearanceCtx { url: &a.url, archived: &a.archived, host }
    }
}

/// An earlier verdict: `{date, verdict, note_html}`.
#[derive(Serialize)]
pub struct PastVerdictCtx<'a> {
    pub date: Option<DateCtx>,
    pub verdict: VerdictRef<'a>,
    pub note_html: &'a str,
}

impl<'a> PastVerdictCtx<'a> {
    fn of(p: &'a PastVerdict) -> Self {
        PastVerdictCtx { date: DateCtx::of(Some(p.date)), verdict: VerdictRef::of(&p.verdict), note_html: &p.note_html }
    }
}

/// A source of a claim: `{key, number, anchor}`.
#[derive(Serialize)]
pub struct ClaimSourceCtx<'a> {
    pub key: &'a str,
    pub number: usize,
    pub anchor: String,
}

impl<'a> ClaimSourceCtx<'a> {
    fn of(s: &'a ClaimSource) -> Self {
        ClaimSourceCtx { key: &s.key, number: s.number, anchor: urls::source_anchor(&s.key) }
    }
}

/// A correction notice: `{date, html, text}`.
#[derive(Serialize)]
pub struct CorrectionCtx<'a> {
    pub date: Option<DateCtx>,
    pub html: &'a str,
    pub text: &'a str,
}

impl<'a> CorrectionCtx<'a> {
    pub fn of(c: &'a CorrectionNotice) -> Self {
        CorrectionCtx { date: DateCtx::of(Some(c.date)), html: &c.html, text: &c.text }
    }
}

/// `page` on a claim's own page. A site of 10,000 articles has about
/// 100,000 of these pages, so this holds what the page shows and no more.
#[derive(Serialize)]
pub struct ClaimPageCtx<'a> {
    pub claim: ClaimFactsCtx<'a>,
    /// What the claim's verdict means (the scale's description, or "").
    pub verdict_description: &'a str,
    /// The article the claim is checked in.
    pub article: ArticleLink<'a>,
    /// The sources that check it, with their numbers in the article.
    pub sources: Vec<SourceLink<'a>>,
    /// For a claim of content/claims.yaml, every article that checked it,
    /// newest first (this one included).
    pub checks: Vec<CheckCtx<'a>>,
    /// The image for social cards: absolute when the site has a base URL.
    pub image_url: String,
    /// With `social_cards: true`, the URL of the page's share card and a
    /// sentence saying what it shows ("" and "" without cards).
    pub card_url: String,
    pub card_alt: String,
    pub json_ld: String,
}

/// An article, as a claim's page links to it.
#[derive(Serialize)]
pub struct ArticleLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: Option<DateCtx>,
    /// The claim's place in it, from the site root.
    pub claim_url: String,
}

impl<'a> ArticleLink<'a> {
    pub fn of(a: &'a ArticleSummary, c: &Claim) -> Self {
        ArticleLink {
            title: &a.title,
            url: &a.url,
            date: DateCtx::of(a.date),
            claim_url: urls::on_page(&a.url, &c.anchor()),
        }
    }
}

/// A source that checks a claim, as the claim's page lists it.
#[derive(Serialize)]
pub struct SourceLink<'a> {
    pub key: &'a str,
    /// Its number in the article.
    pub number: usize,
    /// Its entry in the article's list.
    pub anchor: String,
    pub title: &'a str,
    pub publisher: &'a str,
    pub url: &'a str,
    pub archived: &'a str,
    pub date: Option<DateCtx>,
}

impl<'a> SourceLink<'a> {
    pub fn of(s: &'a CitedSource) -> Self {
        let src = &s.source;
        SourceLink {
            key: &src.key,
            number: s.number,
            anchor: urls::source_anchor(&src.key),
            title: &src.title,
            publisher: &src.publisher,
            url: &src.url,
            archived: &src.archived,
            date: DateCtx::of(src.date),
        }
    }
}

/// An article that checked a claim of content/claims.yaml, with the
/// verdict it gave.
#[derive(Serialize)]
pub struct CheckCtx<'a> {
    pub article: ArticleLink<'a>,
    pub verdict: VerdictRef<'a>,
    pub ruling_html: &'a str,
    /// The claim's page in that article.
    pub url: &'a str,
    /// This page.
    pub current: bool,
}

impl<'a> CheckCtx<'a> {
    pub fn of(a: &'a ArticleSummary, c: &'a Claim, current: &str) -> Self {
        CheckCtx {
            article: ArticleLink::of(a, c),
            verdict: VerdictRef::of(&c.verdict),
            ruling_html: &c.ruling_html,
            url: &c.url,
            current: c.url == current,
        }
    }
}
