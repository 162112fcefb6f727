//! The JSON-LD of article and claim pages, field by field: an article's
//! `NewsArticle` (headline, dates, authors, publisher, image, corrections)
//! and a `ClaimReview` per rated claim, whose `url` is the claim's page,
//! whose claim's `author` is typed by the claimant's `kind`, whose
//! `datePublished` is `said` as written and whose `appearance` is where the
//! claim was made, never the sources that check it; a claim's page carries
//! exactly its claim's ClaimReview.
//!
//! Fixture `valid/claim_reviews`: `checks/bridge` (a person with an address,
//! a partial `said` and two appearances, one archived; an organization; a
//! bare name; an unrated claim; the claims.yaml claim `tolls`; two
//! corrections after `updated:`; an image) and `checks/tolls` (`tolls`
//! again with another verdict; a claim given by inline attributes).

use serde_json::{Value, json};

use crate::support::{Run, Site, assert_not_contains, select};

const BASE: &str = "https://example.org/desk/";
const DESK: &str = "Example Desk";

fn build() -> Run {
    Site::fixture("valid/claim_reviews").build().success().quiet()
}

/// The text inside each `<script type="application/ld+json">` of a page.
fn script_texts(html: &str) -> Vec<&str> {
    select(html, r#"type="application/ld+json""#)
        .into_iter()
        .map(|e| &e.html[e.start_tag.len()..e.html.len() - "</script>".len()])
        .collect()
}

/// The page's one JSON-LD script, parsed: its array of objects.
#[track_caller]
fn items(run: &Run, page: &str) -> Vec<Value> {
    let html = run.page(page);
    let texts = script_texts(&html);
    assert_eq!(texts.len(), 1, "{page}: expected exactly one ld+json script, found {}", texts.len());
    let value: Value =
        serde_json::from_str(texts[0]).unwrap_or_else(|e| panic!("{page}: not JSON ({e}):\n{}", texts[0]));
    value.as_array().unwrap_or_else(|| panic!("{page}: the JSON-LD is not an array:\n{value:#}")).clone()
}

/// The ClaimReview whose `url` is the page of claim `id` of the article at `article`.
#[track_caller]
fn review(run: &Run, article: &str, id: &str) -> Value {
    let url = format!("{BASE}{article}{id}/");
    let all = items(run, article);
    let found: Vec<&Value> = all.iter().filter(|o| o["@type"] == "ClaimReview" && o["url"] == url.as_str()).collect();
    assert_eq!(found.len(), 1, "{article}: one ClaimReview with url {url}:\n{:#}", Value::Array(all.clone()));
    found[0].clone()
}

/// The publisher, as the author of every ClaimReview and the NewsArticle's publisher.
fn desk() -> Value {
    json!({ "@type": "Organization", "name": DESK, "url": "https://example.org/" })
}

/// A 1-to-5 rating as the fixture's scale gives it.
fn rating(value: i64, label: &str) -> Value {
    json!({ "@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1, "alternateName": label })
}

#[test]
fn an_article_page_holds_its_news_article_then_a_claim_review_per_rated_claim() {
    let run = build();
    let all = items(&run, "checks/bridge/");
    let types: Vec<&str> = all.iter().map(|o| o["@type"].as_str().unwrap_or("?")).collect();
    assert_eq!(types, ["NewsArticle", "ClaimReview", "ClaimReview", "ClaimReview", "ClaimReview"]);
    let urls: Vec<&str> = all[1..].iter().map(|o| o["url"].as_str().unwrap_or("?")).collect();
    // In the order of the text; `funding` (unproven) has no rating, so no review.
    let expected: Vec<String> =
        ["cost", "timeline", "promise", "tolls"].iter().map(|id| format!("{BASE}checks/bridge/{id}/")).collect();
    assert_eq!(urls, expected);
    for o in &all {
        assert_eq!(o["@context"], "https://schema.org", "{o:#}");
    }
}

#[test]
fn the_news_article_has_the_articles_headline_dates_people_image_and_corrections() {
    let run = build();
    let news = &items(&run, "checks/bridge/")[0];
    let url = format!("{BASE}checks/bridge/");
    let expected = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "What the bridge will cost, checked",
        "description": "A councillor's figure, the authority's timeline and the mayor's promise, against the budget.",
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": "2024-03-01",
        // The latest of `updated:` (2024-03-02) and the corrections.
        "dateModified": "2024-03-06",
        "author": [{ "@type": "Person", "name": "Ana Ruiz" }, { "@type": "Person", "name": "Ben Okafor" }],
        "publisher": desk(),
        "image": ["https://example.org/desk/img/bridge.png"],
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": "An earlier version gave the budget\u{2019}s year as 2023.",
                "datePublished": "2024-03-04"
            },
            {
                "@type": "CorrectionComment",
                "text": "The toll claim was first rated misleading; see its history.",
                "datePublished": "2024-03-06"
            }
        ]
    });
    assert_eq!(news, &expected, "{news:#}");
}

#[test]
fn a_news_article_without_corrections_image_or_summary_says_nothing_of_them() {
    let run = build();
    let news = &items(&run, "checks/tolls/")[0];
    let url = format!("{BASE}checks/tolls/");
    let expected = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Tolls on the bridge, again",
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": "2024-04-10",
        "dateModified": "2024-04-10",
        "author": [{ "@type": "Person", "name": "City Desk" }],
        "publisher": desk()
    });
    assert_eq!(news, &expected, "{news:#}");
}

#[test]
fn date_modified_is_updated_when_it_is_later_than_every_correction() {
    let article = "---\ntitle: Later update\ndate: 2024-05-01\nupdated: 2024-05-20\ncorrections:\n  - { date: 2024-05-10, text: A fix. }\n---\n\nText.\n";
    let run = Site::fixture("valid/claim_reviews").write("content/checks/later.md", article).build().success();
    let news = &items(&run, "checks/later/")[0];
    assert_eq!(news["datePublished"], "2024-05-01", "{news:#}");
    assert_eq!(news["dateModified"], "2024-05-20", "{news:#}");
    assert_eq!(
        news["correction"],
        json!([{ "@type": "CorrectionComment", "text": "A fix.", "datePublished": "2024-05-10" }])
    );
}

#[test]
fn a_claim_by_a_person_with_a_partial_date_and_two_appearances() {
    let run = build();
    let archived = "https://archive.example.org/council-2024-02";
    let first =
        json!({ "@type": "CreativeWork", "url": "https://video.example.com/council-2024-02", "archivedAt": archived });
    let expected = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": format!("{BASE}checks/bridge/cost/"),
        "claimReviewed": "the bridge will cost $400 million",
        "itemReviewed": {
            "@type": "Claim",
            "author": { "@type": "Person", "name": "Councillor Jane Roe", "url": "https://council.example.com/roe" },
            // `said: 2024-02` as written: no invented first day.
            "datePublished": "2024-02",
            "appearance": [first, { "@type": "CreativeWork", "url": "https://social.example.com/roe/1" }],
            "firstAppearance": first
        },
        "reviewRating": rating(1, "False"),
        "author": desk(),
        "datePublished": "2024-03-01"
    });
    let got = review(&run, "checks/bridge/", "cost");
    assert_eq!(got, expected, "{got:#}");
}

#[test]
fn a_claim_by_an_organization_is_typed_organization() {
    let run = build();
    let item = &review(&run, "checks/bridge/", "timeline")["itemReviewed"];
    let appearance = json!({ "@type": "CreativeWork", "url": "https://authority.example.com/press/timeline" });
    let expected = json!({
        "@type": "Claim",
        "author": { "@type": "Organization", "name": "Bridge Authority" },
        "datePublished": "2024-01-15",
        "appearance": [appearance],
        "firstAppearance": appearance
    });
    assert_eq!(item, &expected, "{item:#}");
}

/// A claimant given only by name: its name, with no `@type` (gloss does not
/// know whether it is a person or an organization), and nothing invented
/// for when or where.
#[test]
fn a_claimant_given_by_name_only_has_no_type_and_nothing_is_invented() {
    let run = build();
    let r = review(&run, "checks/bridge/", "promise");
    assert_eq!(r["itemReviewed"], json!({ "@type": "Claim", "author": { "name": "Mayor's office" } }), "{r:#}");
    assert_eq!(r["reviewRating"], rating(5, "Accurate"), "{r:#}");
}

#[test]
fn appearances_are_where_the_claim_was_made_never_its_sources() {
    let run = build();
    let sources = ["https://city.example.com/budget-2024", "https://archive.example.org/budget-2024"];
    for article in ["checks/bridge/", "checks/tolls/"] {
        for r in items(&run, article).iter().filter(|o| o["@type"] == "ClaimReview") {
            let text = r.to_string();
            for s in sources {
                assert!(!text.contains(s), "{article}: a source's address is in a ClaimReview:\n{r:#}");
            }
            let item = &r["itemReviewed"];
            let appearances = item["appearance"].as_array().cloned().unwrap_or_default();
            assert_eq!(
                item.get("firstAppearance"),
                appearances.first(),
                "{article}: firstAppearance is the first appearance\n{r:#}"
            );
        }
    }
}

/// `tolls` lives in claims.yaml: who, when and where come from there, the
/// verdict and the review's date from each article that checks it.
#[test]
fn a_claim_of_claims_yaml_is_reviewed_by_each_article_with_its_own_verdict() {
    let run = build();
    let appearance = json!({ "@type": "CreativeWork", "url": "https://authority.example.com/tolls-notice" });
    let item = json!({
        "@type": "Claim",
        "author": { "@type": "Organization", "name": "Bridge Authority", "url": "https://authority.example.com/" },
        "datePublished": "2023",
        "appearance": [appearance],
        "firstAppearance": appearance
    });
    for (article, value, label, date) in
        [("checks/bridge/", 1, "False", "2024-03-01"), ("checks/tolls/", 2, "Misleading", "2024-04-10")]
    {
        let r = review(&run, article, "tolls");
        assert_eq!(r["claimReviewed"], "The bridge will never charge a toll", "{r:#}");
        assert_eq!(r["itemReviewed"], item, "{article}\n{r:#}");
        assert_eq!(r["reviewRating"], rating(value, label), "{article}\n{r:#}");
        assert_eq!(r["datePublished"], date, "{article}\n{r:#}");
    }
}

#[test]
fn a_claim_given_by_inline_attributes_has_its_said_and_appearance() {
    let run = build();
    let r = review(&run, "checks/tolls/", "nine");
    let appearance = json!({ "@type": "CreativeWork", "url": "https://social.example.com/resident/9" });
    let expected = json!({
        "@type": "Claim",
        "author": { "name": "A resident" },
        "datePublished": "2024-04",
        "appearance": [appearance],
        "firstAppearance": appearance
    });
    assert_eq!(r["itemReviewed"], expected, "{r:#}");
    assert_eq!(r["claimReviewed"], "A resident said the toll is $9", "{r:#}");
}

/// Each rated claim's page: one script, holding exactly the ClaimReview its
/// article's page has for it.
#[test]
fn a_claim_page_carries_exactly_its_claims_review() {
    let run = build();
    let claims = [
        ("checks/bridge/", "cost"),
        ("checks/bridge/", "timeline"),
        ("checks/bridge/", "promise"),
        ("checks/bridge/", "tolls"),
        ("checks/tolls/", "tolls"),
        ("checks/tolls/", "nine"),
    ];
    for (article, id) in claims {
        let page = format!("{article}{id}/");
        assert_eq!(items(&run, &page), [review(&run, article, id)], "the JSON-LD of {page}");
    }
}

#[test]
fn an_unrated_claims_page_has_no_claim_review() {
    let run = build();
    let html = run.page("checks/bridge/funding/");
    assert_eq!(script_texts(&html), Vec::<&str>::new(), "checks/bridge/funding/ (unproven) has no ld+json script");
    assert_not_contains(&html, "ClaimReview");
}

/// A claim page's JSON-LD keeps hostile text as data: no `<` at all, so no
/// `</script>` can end it early.
#[test]
fn a_claim_pages_json_ld_keeps_hostile_text_as_data() {
    let run = Site::fixture("valid/safety").build().success();
    let html = run.page("checks/hostile/hostile/");
    let texts = script_texts(&html);
    assert_eq!(texts.len(), 1, "one ld+json script on the claim page");
    assert!(!texts[0].contains('<'), "a raw `<` in the JSON-LD:\n{}", texts[0]);
    let value: Value = serde_json::from_str(texts[0]).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", texts[0]));
    let r = &value[0];
    assert_eq!(r["@type"], "ClaimReview", "{value:#}");
    let hostile = r#"<script>alert(1)</script> " onmouseover="x"#;
    assert_eq!(r["claimReviewed"], format!("Quote {hostile}"), "{r:#}");
    assert_eq!(r["itemReviewed"]["author"]["name"], format!("Claimant {hostile}"), "{r:#}");
}
