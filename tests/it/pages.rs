//! Site pages and publishing: the lists around the articles (home, sections,
//! tags, the claims and sources indexes), the files for machines (feed,
//! sitemap, robots.txt, claims.json, JSON-LD, social meta tags) and links
//! that work under any sub-path.
//!
//! Fixture `valid/site_pages`: `base_url` under a sub-path
//! (`https://example.org/desk/`), a publisher, `paginate: 2`, four published
//! articles in two sections (`checks/` has an `_index.md`, `explainers/`
//! has none), a draft, tags including "City Hall", site-wide sources in
//! `content/sources.yaml` (`budget-2024` is shared by two articles) and
//! claims rated (accurate, misleading, false) and unrated (unproven). The
//! tables below are what the fixture holds; the tests compare the output
//! with them.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::html::select_tag;
use crate::support::links::{Target, ids, is_external, link_values, resolve, url_of};
use crate::support::{Expected, Run, Site, assert_contains, assert_not_contains, select, select_one};

const BASE: &str = "https://example.org/desk/";

/// Per source key: the articles citing it (URLs) and the claims citing it
/// (article URL, claim id).
type Citing = BTreeMap<String, (BTreeSet<String>, BTreeSet<(String, String)>)>;

/// A published article: URL, title, date, tags.
struct Article {
    url: &'static str,
    title: &'static str,
    date: &'static str,
    tags: &'static [&'static str],
}

/// The published articles, newest first.
const ARTICLES: [Article; 4] = [
    Article {
        url: "checks/bridge-costs/",
        title: "What the bridge will cost",
        date: "2024-03-10",
        tags: &["City Hall", "budget"],
    },
    Article {
        url: "checks/park-spending/",
        title: "Did parks spending double?",
        date: "2024-02-01",
        tags: &["City Hall"],
    },
    Article { url: "explainers/transit/", title: "How busy are the buses?", date: "2024-01-15", tags: &["transit"] },
    Article {
        url: "explainers/zoning/",
        title: "The zoning rumour",
        date: "2023-12-01",
        tags: &["City Hall", "zoning"],
    },
];

/// The draft: newest of all, so it would head every list it got into.
const DRAFT_URL: &str = "checks/draft-check/";
const DRAFT_TITLE: &str = "Draft check not for publishing";
const DRAFT_CLAIM: &str = "draft-claim";
const DRAFT_TAG: &str = "unpublished-tag";

/// A claim of a published article.
struct Claim {
    article: &'static str,
    id: &'static str,
    verdict: &'static str,
    label: &'static str,
    rating: Option<i64>,
    claimant: &'static str,
    text: &'static str,
    /// Its sources, in the article's numbering order.
    sources: &'static [&'static str],
}

/// Every claim of the published articles, newest article first.
const CLAIMS: [Claim; 5] = [
    Claim {
        article: "checks/bridge-costs/",
        id: "bridge-cost",
        verdict: "false",
        label: "False",
        rating: Some(1),
        claimant: "Council member Ortiz",
        text: "the bridge will cost twice the parks budget",
        sources: &["ortiz-speech", "budget-2024"],
    },
    Claim {
        article: "checks/park-spending/",
        id: "parks-doubled",
        verdict: "misleading",
        label: "Misleading",
        rating: Some(2),
        claimant: "The mayor",
        text: "spending on parks has doubled",
        sources: &["budget-2024"],
    },
    Claim {
        article: "checks/park-spending/",
        id: "parks-land",
        verdict: "unproven",
        label: "Unproven",
        rating: None,
        claimant: "Parks department",
        text: "the land purchase was a bargain",
        sources: &["budget-2024"],
    },
    Claim {
        article: "explainers/transit/",
        id: "ridership-up",
        verdict: "accurate",
        label: "Accurate",
        rating: Some(5),
        claimant: "Transit Authority",
        text: "ridership rose by a tenth last year",
        sources: &["transit-report"],
    },
    Claim {
        article: "explainers/zoning/",
        id: "zoning-rumour",
        verdict: "unproven",
        label: "Unproven",
        rating: None,
        claimant: "A neighbourhood group",
        text: "the park will be rezoned for housing",
        sources: &["planning-minutes"],
    },
];

/// The site's scale: id, label, rating.
const VERDICTS: [(&str, &str, Option<i64>); 4] = [
    ("accurate", "Accurate", Some(5)),
    ("misleading", "Misleading", Some(2)),
    ("false", "False", Some(1)),
    ("unproven", "Unproven", None),
];

/// Every source cited by a published article: key, title, url.
const SOURCES: [(&str, &str, &str); 4] = [
    ("budget-2024", "Adopted budget, fiscal year 2024", "https://example.com/budget-2024.pdf"),
    ("transit-report", "Annual ridership report", "https://example.com/ridership"),
    ("ortiz-speech", "Remarks at the council meeting", ""),
    ("planning-minutes", "Minutes of the planning board", ""),
];

fn build() -> Run {
    Site::fixture("valid/site_pages").build().success().quiet()
}

fn title_of(url: &str) -> &'static str {
    ARTICLES.iter().find(|a| a.url == url).map(|a| a.title).unwrap_or_else(|| panic!("no article {url} in the table"))
}

/// Where `href` on the output file `page` lands: (page URL, fragment).
#[track_caller]
fn landing(page: &str, href: &str) -> (String, String) {
    let Target { file, fragment } =
        resolve(page, href).unwrap_or_else(|| panic!("`{href}` on {page} climbs above the site's root"));
    (url_of(&file), fragment.unwrap_or_default())
}

/// The articles a list page shows, in order, as page URLs.
fn listed_articles(run: &Run, page: &str) -> Vec<String> {
    let html = run.page(page);
    select(&html, r#"class="article-card""#)
        .iter()
        .map(|card| {
            // The card's first link is its title's.
            let href = card.links().first().map(|(h, _)| h.clone()).unwrap_or_default();
            landing(page, &href).0
        })
        .collect()
}

/// The claims a claims-index page lists: (article URL, claim id, verdict).
fn listed_claims(run: &Run, page: &str) -> Vec<(String, String, String)> {
    let html = run.page(page);
    select(&html, r#"class="claim-index-entry""#)
        .iter()
        .map(|entry| {
            let quote = select_one(entry.html, r#"class="claim-text""#);
            let href = quote.links().first().map(|(h, _)| h.clone()).unwrap_or_default();
            // The claim's text links to its own page, in its article's folder.
            let (url, _) = landing(page, &href);
            let (article, id) = url.trim_end_matches('/').rsplit_once('/').unwrap_or(("", ""));
            (format!("{article}/"), id.to_string(), entry.attr("data-verdict").unwrap_or_default())
        })
        .collect()
}

/// The text of the page's one `<h1>`.
#[track_caller]
fn h1(html: &str) -> String {
    let found = select_tag(html, "h1");
    assert_eq!(found.len(), 1, "expected one <h1>, found {:?}", found.iter().map(|e| e.html).collect::<Vec<_>>());
    found[0].text()
}

/// `<meta property|name="NAME" content="…">`'s content.
fn meta(html: &str, attr: &str, name: &str) -> Option<String> {
    select(html, &format!(r#"{attr}="{name}""#)).first().and_then(|e| e.attr("content"))
}

mod lists {
    //! Home, sections and tags.

    use super::*;

    #[test]
    fn home_lists_the_two_newest_articles_and_page_2_the_next_two() {
        let run = build();
        let first: Vec<&str> = ARTICLES[..2].iter().map(|a| a.url).collect();
        let second: Vec<&str> = ARTICLES[2..].iter().map(|a| a.url).collect();
        assert_eq!(listed_articles(&run, "index.html"), first, "articles on index.html");
        assert_eq!(listed_articles(&run, "page/2/index.html"), second, "articles on page/2/index.html");
        assert!(!run.has("page/3/"), "four articles at two a page make two pages: {:#?}", run.files());
    }

    #[test]
    fn home_pages_link_to_each_other_relatively() {
        let run = build();
        for (page, rel, target) in [
            ("index.html", "next", "page/2/"),
            ("tags/city-hall/index.html", "next", "tags/city-hall/page/2/"),
            ("tags/city-hall/page/2/index.html", "prev", "tags/city-hall/"),
            ("page/2/index.html", "prev", ""),
        ] {
            let html = run.page(page);
            let found = select(&html, &format!(r#"rel="{rel}""#));
            let nav: Vec<&str> = select(&html, r#"class="pagination""#).iter().map(|e| e.html).collect();
            assert_eq!(
                found.len(),
                1,
                "{page}: expected one link with rel={rel} (to {target:?}); the pagination:\n{nav:#?}"
            );
            let href = found[0].attr("href").unwrap_or_default();
            assert!(
                !href.starts_with('/') && !is_external(&href),
                "{page}: the rel={rel} link should be relative, it is {href:?}"
            );
            assert_eq!(landing(page, &href).0, target, "{page}: where rel={rel} ({href:?}) leads");
        }
        // Page 2 also links to page 1 by its number.
        let html = run.page("page/2/index.html");
        let pages = select_one(&html, r#"class="pagination""#);
        let numbered: Vec<String> =
            pages.links().into_iter().filter(|(_, text)| text == "1").map(|(href, _)| href).collect();
        assert_eq!(numbered, ["../../"], "page/2: the link to page 1\n{}", pages.html);
    }

    #[test]
    fn section_page_has_the_title_and_intro_of_its_index_file() {
        let run = build();
        let html = run.page("checks/");
        let heading = h1(&html);
        assert_eq!(heading, "Fact checks", "the section's heading");
        assert_contains(&html, "<title>Fact checks · City Desk</title>");
        assert_contains(&html, "Every claim we <em>checked</em> at City Hall.");
        assert_eq!(listed_articles(&run, "checks/index.html"), ["checks/bridge-costs/", "checks/park-spending/"]);
    }

    #[test]
    fn section_without_index_file_is_titled_after_its_folder() {
        let run = build();
        let html = run.page("explainers/");
        assert_eq!(h1(&html), "Explainers");
        assert_eq!(listed_articles(&run, "explainers/index.html"), ["explainers/transit/", "explainers/zoning/"]);
    }

    #[test]
    fn tag_with_a_space_and_capitals_has_a_slugged_page() {
        let run = build();
        let tagged: Vec<&str> = ARTICLES.iter().filter(|a| a.tags.contains(&"City Hall")).map(|a| a.url).collect();
        let html = run.page("tags/city-hall/");
        assert_eq!(h1(&html), "City Hall");
        let mut listed = listed_articles(&run, "tags/city-hall/index.html");
        listed.extend(listed_articles(&run, "tags/city-hall/page/2/index.html"));
        assert_eq!(listed, tagged, "articles tagged City Hall, over the tag's two pages");
        // The article page links to the tag page.
        let article = run.page("checks/bridge-costs/");
        let tags = select_one(&article, r#"class="tags""#);
        assert_eq!(
            tags.links(),
            [
                ("../../tags/city-hall/".to_string(), "City Hall".to_string()),
                ("../../tags/budget/".into(), "budget".into())
            ],
            "the article's tag links"
        );
    }

    #[test]
    fn tags_index_links_every_published_tag_with_its_count() {
        let run = build();
        let mut expected: BTreeMap<String, usize> = BTreeMap::new();
        for a in &ARTICLES {
            for t in a.tags {
                *expected.entry(t.to_string()).or_default() += 1;
            }
        }
        let html = run.page("tags/");
        let cloud = select_one(&html, r#"class="tag-cloud""#);
        let mut found: BTreeMap<String, usize> = BTreeMap::new();
        for item in select_tag(cloud.html, "li") {
            let (href, name) = item.links().first().cloned().unwrap_or_default();
            let count = select_one(item.html, r#"class="count""#).text();
            let (url, _) = landing("tags/index.html", &href);
            assert_eq!(url, format!("tags/{}/", name.to_lowercase().replace(' ', "-")), "link of tag {name:?}");
            assert!(run.has(&url), "tag page {url} missing");
            found.insert(name, count.parse().unwrap_or_else(|_| panic!("count of a tag: {count:?}")));
        }
        assert_eq!(found, expected, "tags and counts on tags/index.html\n{}", cloud.html);
    }

    #[test]
    fn draft_is_on_no_page_and_in_no_file() {
        let run = build();
        let files = run.files();
        for f in &files {
            assert!(!f.starts_with(DRAFT_URL), "the draft was published: {f}");
            assert!(!f.contains(DRAFT_TAG), "the draft's tag has a page: {f}");
            let Ok(text) = std::fs::read_to_string(run.out().join(f)) else { continue };
            for secret in [DRAFT_TITLE, DRAFT_CLAIM, "draft-check", DRAFT_TAG] {
                assert!(!text.contains(secret), "{f} mentions the draft ({secret:?})");
            }
        }
    }
}

mod indexes {
    //! The claims index, one list per verdict, and the sources index.

    use super::*;

    fn expected_claims(verdict: Option<&str>) -> BTreeSet<(String, String)> {
        CLAIMS
            .iter()
            .filter(|c| verdict.is_none_or(|v| c.verdict == v))
            .map(|c| (c.article.to_string(), c.id.to_string()))
            .collect()
    }

    #[track_caller]
    fn assert_lists_exactly(run: &Run, page: &str, verdict: Option<&str>) {
        let listed = listed_claims(run, page);
        let as_set: BTreeSet<(String, String)> = listed.iter().map(|(u, i, _)| (u.clone(), i.clone())).collect();
        assert_eq!(as_set.len(), listed.len(), "{page} lists a claim twice: {listed:#?}");
        assert_eq!(as_set, expected_claims(verdict), "claims listed on {page}");
        for (url, id, v) in &listed {
            let want = CLAIMS.iter().find(|c| c.article == url && c.id == id).map(|c| c.verdict);
            assert_eq!(Some(v.as_str()), want, "{page}: the verdict shown for {url}#claim-{id}");
        }
    }

    #[test]
    fn claims_index_lists_every_claim_of_the_site_once() {
        let run = build();
        assert_lists_exactly(&run, "claims/index.html", None);
    }

    #[test]
    fn each_verdict_page_lists_exactly_the_claims_with_that_verdict() {
        let run = build();
        for (id, label, _) in VERDICTS {
            let page = format!("claims/{id}/index.html");
            assert_lists_exactly(&run, &page, Some(id));
            let html = run.page(&page);
            assert_eq!(h1(&html), format!("Claims rated {label}"), "{page}: heading");
        }
    }

    #[test]
    fn claims_index_links_to_each_verdict_page_with_its_count() {
        let run = build();
        let html = run.page("claims/");
        let filter = select_one(&html, r#"class="verdict-filter""#);
        let links = filter.links();
        for (id, label, _) in VERDICTS {
            let url = format!("claims/{id}/");
            let (_, text) = links
                .iter()
                .find(|(href, _)| landing("claims/index.html", href).0 == url)
                .unwrap_or_else(|| panic!("no link to {url} among {links:#?}"));
            let count = CLAIMS.iter().filter(|c| c.verdict == id).count();
            assert_eq!(*text, format!("{label} {count}"), "the text of the link to {url}");
        }
    }

    #[test]
    fn sources_index_lists_every_cited_source_with_its_articles_and_claims() {
        let run = build();
        let page = "sources/index.html";
        let html = run.page(page);
        let mut found: Citing = BTreeMap::new();
        for entry in select(&html, "data-source=") {
            let key = entry.attr("data-source").unwrap_or_default();
            let cited_in = select_one(entry.html, r#"class="cited-in""#);
            let mut articles = BTreeSet::new();
            for (href, text) in cited_in.links() {
                let (url, fragment) = landing(page, &href);
                if fragment.starts_with("source-") {
                    assert_eq!(fragment, format!("source-{key}"), "{key}: a link to where it is cited ({href})");
                    assert_eq!(text, title_of(&url), "{key}: the text of the link to {url}");
                    articles.insert(url);
                }
            }
            let claims: BTreeSet<(String, String)> = cited_in
                .select(r#"class="claim-ref""#)
                .iter()
                .map(|a| {
                    let (url, fragment) = landing(page, &a.attr("href").unwrap_or_default());
                    (url, fragment.trim_start_matches("claim-").to_string())
                })
                .collect();
            assert!(found.insert(key.clone(), (articles, claims)).is_none(), "source {key} is listed twice");
            let (_, title, url) =
                SOURCES.iter().find(|s| s.0 == key).unwrap_or_else(|| panic!("unexpected source {key}"));
            assert_contains(entry.html, title);
            if !url.is_empty() {
                assert_contains(entry.html, &format!(r#"href="{url}""#));
            }
        }
        let expected: Citing = SOURCES
            .iter()
            .map(|(key, _, _)| {
                let citing: Vec<&Claim> = CLAIMS.iter().filter(|c| c.sources.contains(key)).collect();
                let articles = citing.iter().map(|c| c.article.to_string()).collect();
                let claims = citing.iter().map(|c| (c.article.to_string(), c.id.to_string())).collect();
                (key.to_string(), (articles, claims))
            })
            .collect();
        assert_eq!(found, expected, "sources/index.html: each source → (articles citing it, claims citing it)");
    }
}

mod feeds {
    //! Files for machines: atom.xml, sitemap.xml, robots.txt, 404.html and
    //! claims.json.

    use super::*;

    #[track_caller]
    fn parse_xml(run: &Run, file: &str) -> String {
        let text = run.page(file);
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{file} is not well-formed XML: {e}\n---\n{text}");
        }
        text
    }

    #[test]
    fn atom_feed_has_each_published_article_once_with_absolute_urls() {
        let run = build();
        let text = parse_xml(&run, "atom.xml");
        let doc = roxmltree::Document::parse(&text).expect("checked above");
        let feed = doc.root_element();
        assert_eq!(
            (feed.tag_name().name(), feed.tag_name().namespace()),
            ("feed", Some("http://www.w3.org/2005/Atom")),
            "the root element"
        );
        let mut entries = Vec::new();
        for entry in feed.children().filter(|n| n.has_tag_name("entry")) {
            let child = |name: &str| entry.children().find(|n| n.has_tag_name(name));
            let link = child("link").and_then(|l| l.attribute("href")).unwrap_or_default().to_string();
            let id = child("id").and_then(|n| n.text()).unwrap_or_default().to_string();
            let title = child("title").and_then(|n| n.text()).unwrap_or_default().to_string();
            let published = child("published").and_then(|n| n.text()).unwrap_or_default().to_string();
            assert_eq!(id, link, "an entry's id is its URL");
            entries.push((link, title, published));
        }
        let expected: Vec<(String, String, String)> = ARTICLES
            .iter()
            .map(|a| (format!("{BASE}{}", a.url), a.title.to_string(), format!("{}T00:00:00Z", a.date)))
            .collect();
        assert_eq!(entries, expected, "the feed's entries (newest first)\n---\n{text}");
        for href in feed.descendants().filter_map(|n| n.attribute("href")) {
            assert!(href.starts_with(BASE), "every link of the feed is absolute under {BASE}: {href}");
        }
        assert_not_contains(&text, DRAFT_TITLE);
    }

    #[test]
    fn sitemap_has_each_published_article_once_with_absolute_urls() {
        let run = build();
        let text = parse_xml(&run, "sitemap.xml");
        let doc = roxmltree::Document::parse(&text).expect("checked above");
        let locs: Vec<String> =
            doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).map(str::to_string).collect();
        for loc in &locs {
            assert!(loc.starts_with(BASE), "a sitemap URL outside {BASE}: {loc}\n---\n{text}");
            let rel = &loc[BASE.len()..];
            assert!(run.has(rel), "the sitemap lists {loc}, which has no page ({rel}index.html)");
        }
        for a in &ARTICLES {
            let url = format!("{BASE}{}", a.url);
            let n = locs.iter().filter(|l| **l == url).count();
            assert_eq!(n, 1, "{url} should be in the sitemap once, it is there {n} times\n---\n{text}");
        }
        assert!(locs.contains(&BASE.to_string()), "the home page is missing from the sitemap\n---\n{text}");
        assert_not_contains(&text, "draft-check");
        let unique: BTreeSet<&String> = locs.iter().collect();
        assert_eq!(unique.len(), locs.len(), "the sitemap repeats a URL\n---\n{text}");
    }

    #[test]
    fn robots_txt_points_at_the_sitemap() {
        let run = build();
        let robots = run.page("robots.txt");
        let sitemap: Vec<&str> = robots.lines().filter_map(|l| l.strip_prefix("Sitemap:")).map(str::trim).collect();
        assert_eq!(sitemap, [format!("{BASE}sitemap.xml")], "robots.txt:\n{robots}");
    }

    #[test]
    fn not_found_page_links_from_the_base_path() {
        let run = build();
        let html = run.page("404.html");
        assert_contains(&html, "Page not found");
        for href in link_values(&html) {
            if is_external(&href) || href.starts_with('#') {
                continue;
            }
            assert!(href.starts_with("/desk/"), "404.html is served at any depth: {href:?} should start with /desk/");
            let target = resolve("index.html", &href["/desk/".len()..]).map(|t| t.file).unwrap_or_default();
            assert!(run.has(&target), "404.html links to {href}, which has no file ({target})");
        }
    }

    #[test]
    fn claims_json_has_one_record_per_claim() {
        let run = build();
        let text = run.page("claims.json");
        let json: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("claims.json is not JSON: {e}\n{text}"));
        let records =
            json["claims"].as_array().unwrap_or_else(|| panic!("claims.json has no `claims` array\n{json:#}"));
        assert_eq!(records.len(), CLAIMS.len(), "one record per claim\n{json:#}");
        for (record, c) in records.iter().zip(&CLAIMS) {
            let show = format!("{record:#}");
            let sources: Vec<serde_json::Value> = c
                .sources
                .iter()
                .map(|k| {
                    let (_, title, url) = SOURCES.iter().find(|s| s.0 == *k).expect("a source of the table");
                    serde_json::json!({ "key": k, "title": title, "url": url })
                })
                .collect();
            let got_sources: Vec<serde_json::Value> = record["sources"]
                .as_array()
                .unwrap_or_else(|| panic!("no sources array: {show}"))
                .iter()
                .map(|s| serde_json::json!({ "key": s["key"], "title": s["title"], "url": s["url"] }))
                .collect();
            let expected = serde_json::json!({
                "id": c.id,
                "url": format!("{BASE}{}#claim-{}", c.article, c.id),
                "article": { "title": title_of(c.article), "url": format!("{BASE}{}", c.article) },
                "text": c.text,
                "claimant": c.claimant,
                "verdict": c.verdict,
                "verdict_label": c.label,
                "rating": c.rating,
                "sources": sources,
            });
            let got = serde_json::json!({
                "id": record["id"],
                "url": record["url"],
                "article": { "title": record["article"]["title"], "url": record["article"]["url"] },
                "text": record["text"],
                "claimant": record["claimant"],
                "verdict": record["verdict"],
                "verdict_label": record["verdict_label"],
                "rating": record["rating"],
                "sources": got_sources,
            });
            assert_eq!(got, expected, "the record of claim {} (in full: {show})", c.id);
        }
    }
}

mod json_ld {
    //! One `<script type="application/ld+json">` per article page, with a
    //! schema.org ClaimReview for each claim whose verdict has a rating.

    use super::*;

    /// The page's JSON-LD scripts, parsed.
    fn scripts(html: &str) -> Vec<serde_json::Value> {
        select(html, r#"type="application/ld+json""#)
            .iter()
            .map(|e| {
                let inner = &e.html[e.start_tag.len()..e.html.len() - "</script>".len()];
                serde_json::from_str(inner).unwrap_or_else(|err| panic!("the JSON-LD is not JSON ({err}):\n{inner}"))
            })
            .collect()
    }

    /// The ClaimReview objects of one JSON-LD value (an array, one object
    /// or an `@graph`).
    fn reviews(v: &serde_json::Value) -> Vec<serde_json::Value> {
        let list = match v {
            serde_json::Value::Array(a) => a.clone(),
            o if o.get("@graph").is_some() => o["@graph"].as_array().cloned().unwrap_or_default(),
            o => vec![o.clone()],
        };
        list.into_iter().filter(|r| r["@type"] == "ClaimReview").collect()
    }

    #[test]
    fn article_page_has_one_claim_review_per_rated_claim() {
        let run = build();
        for a in ARTICLES.iter().filter(|a| CLAIMS.iter().any(|c| c.article == a.url && c.rating.is_some())) {
            let html = run.page(a.url);
            let found = scripts(&html);
            assert_eq!(found.len(), 1, "{}: expected exactly one ld+json script, found {}", a.url, found.len());
            let reviews = reviews(&found[0]);
            let rated: Vec<&Claim> = CLAIMS.iter().filter(|c| c.article == a.url && c.rating.is_some()).collect();
            let urls: Vec<String> = reviews.iter().map(|r| r["url"].as_str().unwrap_or("?").to_string()).collect();
            let expected: Vec<String> = rated.iter().map(|c| format!("{BASE}{}{}/", a.url, c.id)).collect();
            assert_eq!(urls, expected, "{}: one ClaimReview per rated claim, by URL\n{:#}", a.url, found[0]);
            for (r, c) in reviews.iter().zip(&rated) {
                let show = format!("{}: the ClaimReview of {}:\n{r:#}", a.url, c.id);
                assert_eq!(r["@context"], "https://schema.org", "{show}");
                assert_eq!(r["claimReviewed"], c.text, "{show}");
                let rating = &r["reviewRating"];
                assert_eq!(rating["@type"], "Rating", "{show}");
                assert_eq!(rating["ratingValue"].as_i64(), c.rating, "{show}");
                assert_eq!(rating["bestRating"].as_i64(), Some(5), "{show}");
                assert_eq!(rating["worstRating"].as_i64(), Some(1), "{show}");
                assert_eq!(rating["alternateName"], c.label, "{show}");
                assert_eq!(r["itemReviewed"]["@type"], "Claim", "{show}");
                assert_eq!(r["itemReviewed"]["author"]["name"], c.claimant, "{show}");
                assert_eq!(r["author"]["name"], "Example Desk", "{show}");
                assert_eq!(r["author"]["url"], "https://example.org/", "{show}");
                assert_eq!(r["datePublished"], a.date, "{show}");
            }
        }
    }

    #[test]
    fn unrated_claims_get_no_claim_review() {
        let run = build();
        let html = run.page("checks/park-spending/");
        let all: Vec<serde_json::Value> = scripts(&html).iter().flat_map(reviews).collect();
        let reviewed: Vec<&str> = all.iter().map(|r| r["claimReviewed"].as_str().unwrap_or("?")).collect();
        assert_eq!(reviewed, ["spending on parks has doubled"], "park-spending has one rated and one unproven claim");
    }

    /// An article with no rated claim still has its NewsArticle, and no
    /// ClaimReview.
    #[test]
    fn page_without_rated_claims_has_its_news_article_and_no_claim_review() {
        let run = build();
        let html = run.page("explainers/zoning/");
        let found = scripts(&html);
        assert_eq!(found.len(), 1, "one ld+json script");
        let types: Vec<&str> = found[0].as_array().unwrap().iter().map(|o| o["@type"].as_str().unwrap()).collect();
        assert_eq!(types, ["NewsArticle"], "{:#}", found[0]);
        assert_not_contains(&html, "ClaimReview");
    }
}

mod meta {
    //! Social cards and the canonical link on article pages.

    use super::*;

    #[test]
    fn article_page_has_open_graph_tags_and_an_absolute_canonical_link() {
        let run = build();
        let summaries = [
            "A council member's figure for the new bridge, checked.",
            "The mayor's parks claim against the adopted budget.",
            "What the ridership numbers say.",
            "A rumour about rezoning, not yet confirmed.",
        ];
        for (a, summary) in ARTICLES.iter().zip(summaries) {
            let html = run.page(a.url);
            let url = format!("{BASE}{}", a.url);
            assert_eq!(meta(&html, "property", "og:title").as_deref(), Some(a.title), "{}: og:title", a.url);
            assert_eq!(
                meta(&html, "property", "og:description").as_deref(),
                Some(summary),
                "{}: og:description",
                a.url
            );
            assert_eq!(meta(&html, "property", "og:url"), Some(url.clone()), "{}: og:url", a.url);
            assert_eq!(meta(&html, "property", "og:type").as_deref(), Some("article"), "{}: og:type", a.url);
            let canonical = select_one(&html, r#"rel="canonical""#).attr("href");
            assert_eq!(canonical, Some(url), "{}: the canonical link", a.url);
        }
    }

    #[test]
    fn article_page_has_a_twitter_card() {
        let run = build();
        let a = &ARTICLES[0];
        let html = run.page(a.url);
        let card = meta(&html, "name", "twitter:card");
        assert!(
            matches!(card.as_deref(), Some("summary" | "summary_large_image")),
            "{}: expected <meta name=\"twitter:card\" content=\"summary…\">, found {card:?}\n--- head ---\n{}",
            a.url,
            html.split("</head>").next().unwrap_or("")
        );
    }

    #[test]
    fn front_matter_image_is_the_social_card_image() {
        let text = "---\ntitle: With a picture\ndate: 2024-05-01\nimage: /images/bridge.jpg\n---\n\nBody.\n";
        let run = Site::fixture("valid/site_pages")
            .write("content/explainers/pictured.md", text)
            .write("static/images/bridge.jpg", b"not really a jpeg")
            .build()
            .success();
        let html = run.page("explainers/pictured/");
        let head = html.split("</head>").next().unwrap_or("").to_string();
        for (attr, name) in [("property", "og:image"), ("name", "twitter:image")] {
            let image = meta(&html, attr, name);
            assert!(
                image
                    .as_deref()
                    .is_some_and(|i| i.starts_with("https://example.org/") && i.ends_with("images/bridge.jpg")),
                "`image: /images/bridge.jpg` should give an absolute {name}, found {image:?}\n--- head ---\n{head}"
            );
        }
        assert_eq!(meta(&html, "name", "twitter:card").as_deref(), Some("summary_large_image"), "--- head ---\n{head}");
    }
}

mod links {
    //! Links between pages: relative, never broken, under any sub-path.

    use super::*;
    use crate::support::http;
    use crate::support::process::ChildGuard;
    use std::collections::VecDeque;
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    use std::time::Duration;

    #[test]
    fn every_internal_link_is_relative_and_lands_on_a_file_and_an_id() {
        let run = build();
        let files: BTreeSet<String> = run.files().into_iter().collect();
        let mut problems = Vec::new();
        let mut checked = 0;
        for page in files.iter().filter(|f| f.ends_with(".html")) {
            let html = run.page(page);
            for href in link_values(&html) {
                if is_external(&href) {
                    continue;
                }
                let (from, rel) = if page == "404.html" {
                    match href.strip_prefix("/desk/") {
                        Some(rest) => ("index.html", rest.to_string()),
                        None if href.starts_with('#') => (page.as_str(), href.clone()),
                        None => {
                            problems.push(format!("{page}: `{href}` does not start with the base path /desk/"));
                            continue;
                        }
                    }
                } else if href.starts_with('/') {
                    problems.push(format!("{page}: `{href}` is not relative"));
                    continue;
                } else {
                    (page.as_str(), href.clone())
                };
                checked += 1;
                let Some(target) = resolve(from, &rel) else {
                    problems.push(format!("{page}: `{href}` climbs above the site's root"));
                    continue;
                };
                if !files.contains(&target.file) {
                    problems.push(format!("{page}: `{href}` names {}, which does not exist", target.file));
                    continue;
                }
                if let Some(f) = target.fragment.filter(|f| !f.is_empty()) {
                    if target.file.ends_with(".html") && !ids(&run.page(&target.file)).contains(&f) {
                        problems.push(format!("{page}: `{href}`: {} has no id `{f}`", target.file));
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} internal links found: is the scan reading the pages?");
        assert!(problems.is_empty(), "{} broken or absolute links:\n  {}", problems.len(), problems.join("\n  "));
    }

    #[test]
    fn links_to_md_files_become_relative_urls() {
        let run = build();
        let body_links = |url: &str| {
            let html = run.page(url);
            select_one(&html, r#"class="article-body""#)
                .links()
                .into_iter()
                .filter(|(h, _)| !h.starts_with('#'))
                .collect::<Vec<(String, String)>>()
        };
        let pair = |h: &str, t: &str| (h.to_string(), t.to_string());
        assert_eq!(
            body_links("checks/bridge-costs/"),
            [
                pair("../../explainers/transit/#ridership", "the ridership figures"),
                pair("../../explainers/transit/", "whole transit explainer"),
                pair("../park-spending/", "check of the parks claim"),
            ],
            "links written as @/explainers/transit.md#ridership, ../explainers/transit.md and park-spending.md"
        );
        assert_eq!(
            body_links("explainers/transit/"),
            [pair("../../checks/bridge-costs/#claim-bridge-cost", "bridge check")],
            "a link written as ../checks/bridge-costs.md#claim-bridge-cost"
        );
        let transit = run.page("explainers/transit/");
        assert_eq!(select_one(&transit, r#"id="ridership""#).text(), "Ridership", "the anchor linked to");
    }

    #[test]
    fn link_to_a_missing_md_file_is_an_error_with_its_position() {
        let run = Site::fixture("invalid/missing_md_link").with_previous_output().build().failure();
        run.expect_only_error(
            &Expected::error(
                "content/a.md:5:10",
                "link to `checks/real.md`: there is no article content/checks/real.md",
            )
            .underlining("[our check](checks/real.md)")
            .help("did you mean `@/checks/real-one.md`?"),
        );
        run.assert_previous_output_untouched();
    }

    /// `a/b/` + `../c/` → `/a/c/`, as a browser resolves a link on the
    /// page at URL path `base` (`None` when it climbs above `/`).
    fn join(base: &str, href: &str) -> Option<String> {
        let href = href.split('#').next().unwrap_or("");
        if href.is_empty() {
            return Some(base.to_string());
        }
        if href.starts_with('/') {
            return Some(href.to_string());
        }
        let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
        if !base.ends_with('/') {
            parts.pop();
        }
        for seg in href.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let trailing =
            href.ends_with('/') || href.ends_with("/.") || href.ends_with("/..") || href == "." || href == "..";
        let mut path = format!("/{}", parts.join("/"));
        if trailing && !path.ends_with('/') {
            path.push('/');
        }
        Some(path)
    }

    /// A static server (`python3 -m http.server`) over `dir`.
    fn static_server(dir: &std::path::Path) -> (ChildGuard, u16) {
        let mut child = ChildGuard(
            Command::new("python3")
                .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory"])
                .arg(dir)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("start python3 -m http.server"),
        );
        let stdout = child.0.stdout.take().expect("stdout is piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let line = rx.recv_timeout(Duration::from_secs(20)).expect("python3 -m http.server says where it serves");
        let port = line
            .split_whitespace()
            .skip_while(|w| *w != "port")
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        (child, port)
    }

    #[test]
    fn site_served_under_a_sub_path_has_no_broken_link() {
        let run = build();
        let srv = run.site.temp().join("srv");
        crate::support::copy_dir(run.out(), &srv.join("sub/path"));
        let (_server, port) = static_server(&srv);

        let start = "/sub/path/".to_string();
        let mut queue: VecDeque<(String, String)> = VecDeque::from([(start.clone(), "(start)".to_string())]);
        let mut seen: BTreeSet<String> = BTreeSet::from([start]);
        let mut broken = Vec::new();
        let mut fetched = 0;
        while let Some((path, from)) = queue.pop_front() {
            assert!(fetched < 1000, "the crawl does not end: {fetched} URLs fetched");
            fetched += 1;
            let response = match http::get_http10(port, &path) {
                Ok(r) => r,
                Err(e) => {
                    broken.push(format!("{path} (linked from {from}): {e}"));
                    continue;
                }
            };
            if response.status != 200 {
                broken.push(format!("{path} (linked from {from}): status {}", response.status));
                continue;
            }
            if !response.header("content-type").unwrap_or("").starts_with("text/html") {
                continue;
            }
            let html = response.text();
            let mut hrefs = link_values(&html);
            hrefs.extend(select(&html, "data-claims-json=").iter().filter_map(|e| e.attr("data-claims-json")));
            for href in hrefs {
                if is_external(&href) || href.starts_with('#') {
                    continue;
                }
                match join(&path, &href) {
                    Some(next) if next.starts_with("/sub/path/") => {
                        if seen.insert(next.clone()) {
                            queue.push_back((next, path.clone()));
                        }
                    }
                    other => broken.push(format!("{path}: `{href}` leaves the site's folder /sub/path/ ({other:?})")),
                }
            }
        }
        let pages = run.files().iter().filter(|f| f.ends_with("index.html")).count();
        assert!(
            fetched >= pages,
            "the crawl reached {fetched} URLs, fewer than the site's {pages} pages: every page should be linked\n{seen:#?}"
        );
        assert!(broken.is_empty(), "{} broken links under /sub/path/:\n  {}", broken.len(), broken.join("\n  "));
    }
}
