//! claims.json: every claim of the site as data, for fact-check
//! aggregators and the site's own scripts. It is the largest file of a
//! site, so it is serialised record by record straight into its file.

use std::io::Write;

use serde::Serialize;

use super::GENERATOR;
use crate::model::{ArticleSummary, Claim, Site};
use crate::urls;

#[derive(Serialize)]
struct ClaimsFile<'a> {
    generator: &'a str,
    site: SiteInfo<'a>,
    verdicts: &'a [std::sync::Arc<crate::config::Verdict>],
    claims: AllClaims<'a>,
}

/// Every claim of the site, serialized one record at a time.
struct AllClaims<'a>(&'a Site<'a>);

impl Serialize for AllClaims<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let base = &self.0.config.base_url;
        serializer
            .collect_seq(self.0.articles.iter().flat_map(|a| a.claims.iter().map(move |c| claim_record(base, a, c))))
    }
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct ClaimRecord<'a> {
    id: &'a str,
    /// The claim in its article: absolute with a base URL, else relative
    /// to the site root.
    url: String,
    /// The claim in its article, relative to the site root (for scripts
    /// of the site itself).
    path: String,
    /// The claim's own page: absolute with a base URL, else relative to
    /// the site root.
    page_url: String,
    article: ArticleRecord<'a>,
    text: &'a str,
    claimant: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    claimant_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    claimant_url: &'a str,
    verdict: &'a str,
    verdict_label: &'a str,
    rating: Option<i64>,
    /// When the claim was made (`said` in the front matter).
    date: Option<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    ruling: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearances: Vec<AppearanceRecord<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    history: Vec<PastRecord<'a>>,
    in_text: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    shared: bool,
    sources: Vec<SourceRecord<'a>>,
}

#[derive(Serialize)]
struct AppearanceRecord<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    archived: &'a str,
}

#[derive(Serialize)]
struct PastRecord<'a> {
    date: String,
    verdict: &'a str,
}

#[derive(Serialize)]
struct CorrectionRecord<'a> {
    date: String,
    text: &'a str,
}

#[derive(Serialize)]
struct ArticleRecord<'a> {
    title: &'a str,
    url: String,
    date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    corrections: Vec<CorrectionRecord<'a>>,
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    key: &'a str,
    number: usize,
    title: &'a str,
    publisher: &'a str,
    author: &'a str,
    url: &'a str,
    date: Option<String>,
    /// As written (Markdown).
    note: &'a str,
}

fn claim_record<'a>(base: &str, a: &'a ArticleSummary, c: &'a Claim) -> ClaimRecord<'a> {
    let path = urls::on_page(&a.url, &c.anchor());
    ClaimRecord {
        id: &c.id,
        url: urls::with_base(base, &path),
        path,
        page_url: urls::with_base(base, &c.url),
        article: ArticleRecord {
            title: &a.title,
            url: urls::with_base(base, &a.url),
            date: a.date.map(|d| d.iso()),
            corrections: a.corrections.iter().map(|c| CorrectionRecord { date: c.date.iso(), text: &c.text }).collect(),
        },
        text: &c.text,
        claimant: &c.claimant.name,
        claimant_kind: c.claimant.kind.map(|k| k.id()),
        claimant_url: &c.claimant.url,
        verdict: &c.verdict.id,
        verdict_label: &c.verdict.label,
        rating: c.verdict.rating,
        date: c.said.map(|d| d.iso()),
        ruling: &c.ruling,
        appearances: c.appearances.iter().map(|a| AppearanceRecord { url: &a.url, archived: &a.archived }).collect(),
        history: c.history.iter().map(|h| PastRecord { date: h.date.iso(), verdict: &h.verdict.id }).collect(),
        in_text: c.in_text,
        shared: c.shared,
        sources: c
            .sources
            .iter()
            .filter_map(|cs| a.sources.iter().find(|s| s.source.key == cs.key).map(|s| (s, cs.number)))
            .map(|(s, number)| SourceRecord {
                key: &s.source.key,
                number,
                title: &s.source.title,
                publisher: &s.source.publisher,
                author: &s.source.author,
                url: &s.source.url,
                date: s.source.date.map(|d| d.iso()),
                note: &s.source.note,
            })
            .collect(),
    }
}

/// Writes claims.json, every claim of the site as data, record by record.
pub fn write(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let file = ClaimsFile {
        generator: GENERATOR,
        site: SiteInfo { title: &site.config.title, base_url: &site.config.base_url },
        verdicts: &site.config.verdicts.0,
        claims: AllClaims(site),
    };
    // serde_json makes millions of small writes: they go to a buffer of
    // a known type, which the compiler inlines, and reach `out` (behind a
    // `dyn`) 64 KiB at a time.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &file).map_err(std::io::Error::from)?;
    buffered.flush()
}
