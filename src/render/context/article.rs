//! `page` on an article's page: the article, its claims, sources, notes
//! and headings, borrowed from the [`ResolvedArticle`].

use serde::Serialize;

use super::claim::{ClaimCtx, CorrectionCtx};
use super::{DateCtx, TagCtx, VerdictCount, verdict_counts};
use crate::config::Config;
use crate::model::{CitedSource, ResolvedArticle};
use crate::urls;

/// `page` on an article's page.
#[derive(Serialize)]
pub struct ArticleCtx<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub date: Option<DateCtx>,
    pub updated: Option<DateCtx>,
    /// When it last changed, if after its date: its latest correction or `updated`.
    pub modified: Option<DateCtx>,
    pub authors: &'a [String],
    pub tags: Vec<TagCtx<'a>>,
    pub url: &'a str,
    pub section: &'a str,
    pub image: &'a str,
    /// The image for social cards: absolute when the site has a base URL.
    pub image_url: String,
    /// With `social_cards: true`, the page's share card: its URL
    /// (absolute with a base URL, else relative to the page) and a
    /// sentence saying what it shows; "" and "" without cards.
    pub card_url: String,
    pub card_alt: String,
    pub content: &'a str,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub claims: Vec<ClaimCtx<'a>>,
    /// The ids of the claims with a ruling, in order: the short answer
    /// the page opens with.
    pub rulings: Vec<&'a str>,
    /// Oldest first.
    pub corrections: Vec<CorrectionCtx<'a>>,
    pub verdict_counts: Vec<VerdictCount<'a>>,
    pub sources: Vec<SourceCtx<'a>>,
    pub notes: Vec<NoteCtx<'a>>,
    pub headings: Vec<HeadingCtx<'a>>,
    pub extra: &'a serde_json::Value,
    pub json_ld: String,
}

impl<'a> ArticleCtx<'a> {
    pub fn of(r: &'a ResolvedArticle, config: &'a Config, json_ld: String) -> Self {
        let (a, body) = (&r.summary, &r.body);
        let (card_url, card_alt) = crate::cards::head(config, &a.url, || crate::cards::Card::article(a, config));
        ArticleCtx {
            title: &a.title,
            summary: &a.summary,
            date: DateCtx::of(a.date),
            updated: DateCtx::of(a.updated),
            modified: DateCtx::of(a.last_changed().filter(|d| Some(*d) != a.date)),
            authors: &a.authors,
            tags: a.tags.iter().map(|t| TagCtx::of(t)).collect(),
            url: &a.url,
            section: &a.section,
            image: &a.image,
            image_url: urls::absolute_url(&config.base_url, &a.image),
            card_url,
            card_alt,
            content: &body.html,
            word_count: body.words,
            reading_minutes: body.words.div_ceil(230).max(1),
            claims: a.claims.iter().map(ClaimCtx::of).collect(),
            rulings: a.claims.iter().filter(|c| !c.ruling_html.is_empty()).map(|c| c.id.as_str()).collect(),
            corrections: a.corrections.iter().map(CorrectionCtx::of).collect(),
            verdict_counts: verdict_counts(&config.verdicts.0, &a.claims),
            sources: a.sources.iter().map(SourceCtx::of).collect(),
            notes: body
                .notes
                .iter()
                .map(|n| NoteCtx { id: &n.id, number: n.number, html: &n.html, backrefs: backrefs(&n.backrefs) })
                .collect(),
            headings: body.headings.iter().map(|h| HeadingCtx { level: h.level, id: &h.id, text: &h.text }).collect(),
            extra: &r.extra,
            json_ld,
        }
    }
}

/// A source in the article's numbered list.
#[derive(Serialize)]
pub struct SourceCtx<'a> {
    pub key: &'a str,
    pub number: usize,
    pub anchor: String,
    pub title: &'a str,
    pub publisher: &'a str,
    pub author: &'a str,
    pub url: &'a str,
    pub archived: &'a str,
    pub date: Option<DateCtx>,
    pub accessed: Option<DateCtx>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub note: &'a str,
    /// The note as inline HTML ("" without one).
    pub note_html: &'a str,
    pub citations: Vec<BackrefCtx<'a>>,
}

impl<'a> SourceCtx<'a> {
    pub fn of(s: &'a CitedSource) -> Self {
        let src = &s.source;
        SourceCtx {
            key: &src.key,
            number: s.number,
            anchor: urls::source_anchor(&src.key),
            title: &src.title,
            publisher: &src.publisher,
            author: &src.author,
            url: &src.url,
            archived: &src.archived,
            date: DateCtx::of(src.date),
            accessed: DateCtx::of(src.accessed),
            kind: src.kind.id(),
            kind_label: src.kind.label(),
            note: &src.note,
            note_html: &s.note_html,
            citations: backrefs(&s.citations),
        }
    }
}

/// A note of the body, with the links back to where it is referred to.
#[derive(Serialize)]
pub struct NoteCtx<'a> {
    pub id: &'a str,
    pub number: usize,
    pub html: &'a str,
    pub backrefs: Vec<BackrefCtx<'a>>,
}

/// A heading, for a table of contents.
#[derive(Serialize)]
pub struct HeadingCtx<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

/// A link back to a citation or a note reference: `{anchor, label}`.
#[derive(Serialize)]
pub struct BackrefCtx<'a> {
    pub anchor: &'a str,
    pub label: String,
}

/// The links back to `anchors`, labelled a, b, c…
fn backrefs(anchors: &[String]) -> Vec<BackrefCtx<'_>> {
    anchors.iter().enumerate().map(|(i, anchor)| BackrefCtx { anchor, label: backref_label(i) }).collect()
}

/// "a", "b", … "z", "aa", … for the backlinks of a source cited many times.
pub fn backref_label(i: usize) -> String {
    let mut n = i;
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn backref_labels_run_a_to_z_then_aa() {
        let labels: Vec<String> = [0, 1, 25, 26, 27].iter().map(|i| super::backref_label(*i)).collect();
        assert_eq!(labels, ["a", "b", "z", "aa", "ab"]);
    }
}
