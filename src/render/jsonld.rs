//! The page's JSON-LD: one schema.org `ClaimReview` per rated claim.

use serde::Serialize;

use crate::config::Config;
use crate::model::ArticleSummary;

#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    claim_reviewed: &'a str,
    item_reviewed: ReviewedClaim<'a>,
    review_rating: Rating<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewedClaim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: i64,
    best_rating: i64,
    worst_rating: i64,
    alternate_name: &'a str,
}

/// schema.org ClaimReview objects for the claims whose verdict has a
/// rating (and whose wording is known), as one JSON array; "" when there
/// are none.
pub fn claim_reviews(r: &ArticleSummary, config: &Config, permalink: &str) -> String {
    let Some((best, worst)) = config.verdicts.rating_bounds() else { return String::new() };
    let author = config.publisher.as_ref().map(|p| Thing { kind: "Organization", name: &p.name, url: &p.url });
    let date = r.date.map(|d| d.iso());
    let reviews: Vec<ClaimReview> = r
        .claims
        .iter()
        .filter(|c| !c.text.is_empty())
        .filter_map(|c| {
            let rating = c.verdict.rating?;
            let appearance = c
                .sources
                .iter()
                .filter_map(|cs| r.sources.iter().find(|s| s.source.key == cs.key))
                .filter(|s| s.source.url.starts_with("http"))
                .map(|s| Thing { kind: "CreativeWork", name: &s.source.title, url: &s.source.url })
                .collect();
            Some(ClaimReview {
                context: "https://schema.org",
                kind: "ClaimReview",
                url: (!permalink.is_empty()).then(|| format!("{permalink}#{}", c.anchor())),
                claim_reviewed: &c.text,
                item_reviewed: ReviewedClaim {
                    kind: "Claim",
                    author: (!c.claimant.is_empty()).then(|| Thing { kind: "Person", name: &c.claimant, url: "" }),
                    appearance,
                    date_published: c.date.map(|d| d.iso()),
                },
                review_rating: Rating {
                    kind: "Rating",
                    rating_value: rating,
                    best_rating: best,
                    worst_rating: worst,
                    alternate_name: &c.verdict.label,
                },
                author: author.as_ref(),
                date_published: date.as_deref(),
            })
        })
        .collect();
    if reviews.is_empty() {
        return String::new();
    }
    // `<` never appears raw inside a <script>, so `</script>` in a claim
    // cannot end it early.
    serde_json::to_string(&reviews).unwrap_or_default().replace('<', "\\u003c")
}
