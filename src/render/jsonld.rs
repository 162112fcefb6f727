//! The page's JSON-LD, for search engines and fact-check aggregators: on
//! an article's page its `NewsArticle` (with its corrections as
//! `CorrectionComment`s) and one `ClaimReview` per rated claim; on a
//! claim's own page that claim's `ClaimReview`.
//!
//! A ClaimReview says what was claimed, by whom (a `Person` or an
//! `Organization` when the front matter says which), when and where it was
//! made (`appearance`: the post or speech, never the sources that check
//! it), and the verdict as a rating of the site's scale.
//!
//! A claimant given by name only gets no `@type`: gloss does not guess.
//! "US officials, as reported by CNN" is neither a `Person` nor an
//! `Organization`, and calling every claimant a `Person` was the fault
//! this replaced. Google requires only `claimReviewed`, `reviewRating` (with
//! `alternateName`) and `url` of a ClaimReview; the claim's `author` is
//! recommended, so an untyped one costs at most a recommendation.

use serde::Serialize;

use crate::config::Config;
use crate::model::{ArticleSummary, Claim, ClaimantKind};
use crate::urls;

/// A named thing: `{@type, name, url}`.
#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type", skip_serializing_if = "str::is_empty")]
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
    #[serde(skip_serializing_if = "str::is_empty")]
    url: String,
    claim_reviewed: &'a str,
    item_reviewed: ReviewedClaim<'a>,
    review_rating: Rating<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewedClaim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Work<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_appearance: Option<Work<'a>>,
}

/// Where a claim was made.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Work<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<&'a str>,
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    main_entity_of_page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionComment<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
    date_published: String,
}

/// The JSON-LD of an article's page: its NewsArticle, then a ClaimReview
/// per rated claim whose wording is known. `image` is the page's image,
/// absolute ("" without one).
pub fn article(a: &ArticleSummary, config: &Config, image: &str) -> String {
    let permalink = urls::permalink(&config.base_url, &a.url);
    let news = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: &a.title,
        description: &a.summary,
        main_entity_of_page: permalink.clone(),
        url: permalink,
        date_published: a.date.map(|d| d.iso()),
        date_modified: a.last_changed().map(|d| d.iso()),
        author: a.authors.iter().map(|name| Thing { kind: "Person", name, url: "" }).collect(),
        publisher: publisher(config),
        image: if image.is_empty() { Vec::new() } else { vec![image] },
        correction: a
            .corrections
            .iter()
            .map(|c| CorrectionComment { kind: "CorrectionComment", text: &c.text, date_published: c.date.iso() })
            .collect(),
    };
    let reviews = a.claims.iter().filter_map(|c| review(a, c, config)).map(Item::Review);
    let items: Vec<Item> = std::iter::once(Item::News(news)).chain(reviews).collect();
    script_safe(&items)
}

/// One object of the page's JSON-LD array.
#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    News(NewsArticle<'a>),
    Review(ClaimReview<'a>),
}

/// The JSON-LD of a claim's own page: its ClaimReview ("" when its
/// verdict is not a rating or its wording is unknown).
pub fn claim_page(a: &ArticleSummary, c: &Claim, config: &Config) -> String {
    review(a, c, config).map(|r| script_safe(&[r])).unwrap_or_default()
}

/// The publisher of the site, as schema.org's `Organization`.
fn publisher(config: &Config) -> Option<Thing<'_>> {
    config.publisher.as_ref().map(|p| Thing { kind: "Organization", name: &p.name, url: &p.url })
}

/// The ClaimReview of `c`, when its verdict is a rating and its wording is
/// known.
fn review<'a>(a: &'a ArticleSummary, c: &'a Claim, config: &'a Config) -> Option<ClaimReview<'a>> {
    let (best, worst) = config.verdicts.rating_bounds()?;
    let rating = c.verdict.rating?;
    if c.text.is_empty() {
        return None;
    }
    let work = |ap: &'a crate::model::Appearance| Work {
        kind: "CreativeWork",
        url: &ap.url,
        archived_at: (!ap.archived.is_empty()).then_some(ap.archived.as_str()),
    };
    let claimant = &c.claimant;
    let author = (!claimant.name.is_empty()).then(|| Thing {
        kind: match claimant.kind {
            Some(ClaimantKind::Person) => "Person",
            Some(ClaimantKind::Organization) => "Organization",
            None => "",
        },
        name: &claimant.name,
        url: &claimant.url,
    });
    Some(ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        url: urls::permalink(&config.base_url, &c.url),
        claim_reviewed: &c.text,
        item_reviewed: ReviewedClaim {
            kind: "Claim",
            author,
            date_published: c.said.map(|d| d.iso()),
            appearance: c.appearances.iter().map(work).collect(),
            first_appearance: c.appearances.first().map(work),
        },
        review_rating: Rating {
            kind: "Rating",
            rating_value: rating,
            best_rating: best,
            worst_rating: worst,
            alternate_name: &c.verdict.label,
        },
        author: publisher(config),
        date_published: a.date.map(|d| d.iso()),
    })
}

/// JSON for inside a `<script>`: `<` never appears raw, so `</script>` in
/// a claim cannot end it early.
fn script_safe<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c")
}
