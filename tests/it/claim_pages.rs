//! Issue 18, what readers get: a page per claim, the short answer an
//! article opens with, rulings in the lists, corrections in the page, in
//! claims.json and in the feed, and a claim of content/claims.yaml checked
//! by two articles.
//!
//! Fixture `valid/claim_pages`: content/claims.yaml defines `tax-cut`
//! (claimant an organization with an address, said in March 2024, one
//! appearance with an archived copy). `news/first` (2024-04-01) rates it
//! false with a ruling. `news/second` (2024-05-01) rates it misleading and
//! has `rent-rise` (every field: ruling with emphasis, claimant object,
//! said, two appearances, a note, two sources, two earlier verdicts written
//! newest first), `a:b` (described only inline: ruling, said, appearance,
//! sources), `plain` (no ruling), and two corrections written newest first.

use crate::support::links::{link_values, resolve};
use crate::support::{Run, Site, assert_contains, assert_not_contains, select, select_one};

fn run() -> Run {
    Site::fixture("valid/claim_pages").build().success().quiet()
}

/// Every claim page of the fixture: (its address, the claim's id).
const CLAIM_PAGES: [(&str, &str); 5] = [
    ("news/first/tax-cut/", "tax-cut"),
    ("news/second/rent-rise/", "rent-rise"),
    ("news/second/a:b/", "a:b"),
    ("news/second/plain/", "plain"),
    ("news/second/tax-cut/", "tax-cut"),
];

/// Where `href` on the page at `url` (`news/second/`) lands, as
/// `file#fragment`; panics when it climbs out of the site or the file is
/// not in the output.
#[track_caller]
fn lands(run: &Run, url: &str, href: &str) -> String {
    let page = format!("{url}index.html");
    let target = resolve(&page, href).unwrap_or_else(|| panic!("{href} on {url} climbs out of the site"));
    assert!(run.has(&target.file), "{href} on {url} lands on {}, which is not in the output", target.file);
    match target.fragment {
        Some(f) => {
            let html = run.page(&target.file);
            assert!(html.contains(&format!("id=\"{f}\"")), "{href} on {url}: no id {f} in {}", target.file);
            format!("{}#{f}", target.file)
        }
        None => target.file,
    }
}

#[test]
fn every_claim_has_its_own_page_with_the_stable_hook() {
    let run = run();
    for (url, id) in CLAIM_PAGES {
        let html = run.page(url);
        let root = select_one(&html, &format!(r#"data-claim-page="{id}""#));
        assert!(root.start_tag.starts_with("<article"), "{url}: {}", root.start_tag);
    }
}

#[test]
fn a_claim_page_shows_everything_known_of_the_claim() {
    let run = run();
    let url = "news/second/rent-rise/";
    let html = run.page(url);
    let page = select_one(&html, r#"data-claim-page="rent-rise""#);
    assert_eq!(select_one(page.html, r#"class="claim-page-verdict""#).text(), "Misleading");
    let ruling = select_one(page.html, r#"data-ruling="rent-rise""#);
    assert_contains(ruling.html, "The rise is <em>12%</em> over two years, not 40%.");
    assert_contains(&html, r#"<q>rents rose 40%</q>"#);
    let facts = select_one(page.html, r#"class="claim-facts""#);
    assert_contains(facts.html, r#"<a href="https://example.org/jane">Jane Doe</a>"#);
    assert_contains(facts.html, r#"<time datetime="2024-04-20">"#);
    let links = facts.links();
    for (href, text) in [
        ("https://video.example.com/watch?v=1", "video.example.com"),
        ("https://archive.example.net/v1", "archived copy"),
        ("https://social.example.com/post/2", "social.example.com"),
    ] {
        assert!(links.contains(&(href.to_string(), text.to_string())), "no link {href} ({text}) in\n{}", facts.html);
    }
    assert_contains(page.html, "The 40% is for one district.");
    // Its sources, with their numbers in the article, each linking to
    // its entry there.
    let sources = select_one(page.html, r#"class="source-list""#);
    let items = crate::support::html::select_tag(sources.html, "li");
    let numbers: Vec<String> = items.iter().filter_map(|li| li.attr("value")).collect();
    assert_eq!(numbers, ["1", "2"], "{}", sources.html);
    // The survey is cited first in the text: it is source 1.
    assert_contains(items[0].html, "Household survey");
    assert_contains(items[1].html, "Rent statistics");
    let to_entry =
        items[0].links().into_iter().find(|(_, t)| t == "Source 1 in the article").expect("a link to the entry");
    assert_eq!(lands(&run, url, &to_entry.0), "news/second/index.html#source-survey");
    // The earlier verdicts, oldest first, then the verdict now.
    let history = select_one(page.html, r#"class="sources verdict-history""#);
    let steps: Vec<String> = crate::support::html::select_tag(history.html, "li")
        .iter()
        .map(|li| li.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(steps[0].contains("Unproven") && steps[0].contains("2024"), "{steps:?}");
    assert!(steps[1].contains("False") && steps[1].contains("First rated before the survey."), "{steps:?}");
    assert!(steps[2].starts_with("Now") && steps[2].contains("Misleading"), "{steps:?}");
    let back = select_one(page.html, r#"class="claim-page-back""#).hrefs("")[0].clone();
    assert_eq!(lands(&run, url, &back), "news/second/index.html#claim-rent-rise");
}

#[test]
fn a_claim_described_only_inline_has_its_ruling_said_and_appearance() {
    let run = run();
    let html = run.page("news/second/a:b/");
    assert_contains(select_one(&html, r#"data-ruling="a:b""#).html, "It opened in <em>May</em>.");
    let facts = select_one(&html, r#"class="claim-facts""#);
    assert_contains(facts.html, r#"<time datetime="2024-02">"#);
    assert_contains(facts.html, r#"<a href="https://news.example.com/port">news.example.com</a>"#);
}

#[test]
fn a_claim_without_a_ruling_has_a_page_without_one() {
    let html = run().page("news/second/plain/");
    assert!(select(&html, "data-ruling=").is_empty(), "{html}");
    assert_contains(&select_one(&html, r#"class="claim-page-verdict""#).text(), "Accurate");
}

#[test]
fn the_article_opens_with_its_rulings_in_order() {
    let run = run();
    let html = run.page("news/second/");
    let rulings = select(&html, "data-ruling=");
    let ids: Vec<String> = rulings.iter().filter_map(|r| r.attr("data-ruling")).collect();
    assert_eq!(ids, ["rent-rise", "a:b"], "only the claims with a ruling, in the order of the text");
    let body = html.find(r#"class="article-body""#).expect("the article's body");
    let first_ruling = html.find("data-ruling=").expect("a ruling");
    assert!(first_ruling < body, "the short answer comes before the text");
    assert_contains(rulings[0].html, "Misleading");
    assert_contains(rulings[0].html, "<em>12%</em>");
    assert_contains(rulings[1].html, "Accurate");
    for (r, id) in rulings.iter().zip(["rent-rise", "a:b"]) {
        let href = r.hrefs("")[0].clone();
        assert_eq!(lands(&run, "news/second/", &href), format!("news/second/{id}/index.html"));
    }
}

#[test]
fn the_sidebar_entry_links_to_the_claim_page() {
    let run = run();
    let html = run.page("news/second/");
    for (id, expected_href) in
        [("rent-rise", "rent-rise/"), ("a:b", "./a:b/"), ("plain", "plain/"), ("tax-cut", "tax-cut/")]
    {
        let entry = select_one(&html, &format!(r#"data-claim-entry="{id}""#));
        let link = select_one(entry.html, r#"class="claim-page-link""#);
        assert_eq!(link.attr("href").as_deref(), Some(expected_href), "{}", entry.html);
        assert_eq!(lands(&run, "news/second/", expected_href), format!("news/second/{id}/index.html"));
    }
}

/// `a:b/` would be a URL of the scheme `a`: no relative link of any page
/// may start with a segment holding `:`.
#[test]
fn no_relative_link_reads_as_a_url_scheme() {
    let run = run();
    for file in run.files().iter().filter(|f| f.ends_with(".html")) {
        for href in link_values(&run.page(file)) {
            let first = href.split(['/', '?', '#']).next().unwrap_or("");
            if let Some((scheme, _)) = first.split_once(':') {
                assert!(
                    ["https", "http", "mailto"].contains(&scheme),
                    "{file}: the link {href:?} reads as a URL of the scheme {scheme:?}"
                );
            }
        }
    }
}

#[test]
fn lists_show_each_articles_rulings_with_their_verdicts() {
    let run = run();
    for url in ["", "news/"] {
        let html = run.page(url);
        let card = select(&html, r#"class="article-card""#)
            .into_iter()
            .find(|c| c.html.contains("Second check"))
            .unwrap_or_else(|| panic!("{url}: no card for the second article"));
        let list = select_one(card.html, r#"class="rulings-list""#);
        let items = crate::support::html::select_tag(list.html, "li");
        assert_eq!(items.len(), 2, "{}", list.html);
        assert_contains(items[0].html, ">Misleading</span>");
        assert_contains(items[0].html, "<em>12%</em>");
        assert_contains(items[1].html, ">Accurate</span>");
        for (item, id) in items.iter().zip(["rent-rise", "a:b"]) {
            let href = item.hrefs("")[0].clone();
            assert_eq!(lands(&run, url, &href), format!("news/second/{id}/index.html"));
        }
    }
}

#[test]
fn the_claims_index_links_to_each_claims_page() {
    let run = run();
    let html = run.page("claims/");
    let mut landed: Vec<String> = select(&html, r#"class="claim-index-entry""#)
        .iter()
        .map(|e| {
            let href = select_one(e.html, r#"class="claim-text""#).hrefs("")[0].clone();
            lands(&run, "claims/", &href)
        })
        .collect();
    landed.sort();
    let mut expected: Vec<String> = CLAIM_PAGES.iter().map(|(u, _)| format!("{u}index.html")).collect();
    expected.sort();
    assert_eq!(landed, expected);
}

/// The record of claim `id` of the article at `article` in claims.json.
fn record<'a>(json: &'a serde_json::Value, article: &str, id: &str) -> &'a serde_json::Value {
    json["claims"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id && c["article"]["title"] == article))
        .unwrap_or_else(|| panic!("no claim {id} of {article} in claims.json:\n{json:#}"))
}

#[test]
fn claims_json_has_the_claims_pages_and_new_fields() {
    let run = run();
    let json: serde_json::Value = serde_json::from_str(&run.page("claims.json")).expect("claims.json is JSON");
    let rent = record(&json, "Second check", "rent-rise");
    assert_eq!(rent["page_url"], "https://checks.example.org/news/second/rent-rise/");
    assert_eq!(rent["ruling"], "The rise is 12% over two years, not 40%.");
    assert_eq!(rent["date"], "2024-04-20");
    assert_eq!(rent["claimant"], "Jane Doe");
    assert_eq!(rent["claimant_kind"], "person");
    assert_eq!(rent["claimant_url"], "https://example.org/jane");
    assert_eq!(
        rent["appearances"],
        serde_json::json!([
            {"url": "https://video.example.com/watch?v=1", "archived": "https://archive.example.net/v1"},
            {"url": "https://social.example.com/post/2"}
        ])
    );
    assert_eq!(
        rent["history"],
        serde_json::json!([{"date": "2024-04-25", "verdict": "unproven"}, {"date": "2024-05-02", "verdict": "false"}])
    );
    assert!(rent.get("shared").is_none(), "{rent:#}");
    assert_eq!(
        rent["article"]["corrections"],
        serde_json::json!([
            {"date": "2024-05-03", "text": "An earlier version named the wrong district."},
            {"date": "2024-05-10", "text": "The survey\u{2019}s year was 2022, not 2021."}
        ])
    );
    let inline = record(&json, "Second check", "a:b");
    assert_eq!(inline["page_url"], "https://checks.example.org/news/second/a:b/");
    assert_eq!(inline["date"], "2024-02");
    assert_eq!(inline["ruling"], "It opened in May.");
    assert_eq!(inline["appearances"], serde_json::json!([{"url": "https://news.example.com/port"}]));
    for (article, verdict) in [("First check", "false"), ("Second check", "misleading")] {
        let shared = record(&json, article, "tax-cut");
        assert_eq!(shared["shared"], true, "{shared:#}");
        assert_eq!(shared["verdict"], verdict, "{shared:#}");
        assert_eq!(shared["claimant"], "Ministry of Finance");
        assert_eq!(shared["claimant_kind"], "organization");
        assert_eq!(shared["date"], "2024-03");
        assert_eq!(shared["text"], "Taxes fell for everyone.");
    }
    assert!(record(&json, "First check", "tax-cut")["article"].get("corrections").is_none());
}

#[test]
fn corrections_show_at_the_top_and_in_a_section_at_the_end() {
    let html = run().page("news/second/");
    let notice = select_one(&html, r#"class="correction-notice""#);
    assert_contains(notice.html, r#"<time datetime="2024-05-10">"#);
    assert_contains(notice.html, "<em>2022</em>");
    let section = select_one(&html, r#"class="sources corrections""#);
    let items = crate::support::html::select_tag(section.html, "li");
    assert_eq!(items.len(), 2, "{}", section.html);
    assert_contains(items[0].html, "2024-05-03");
    assert_contains(items[0].html, "wrong district");
    assert_contains(items[1].html, "2024-05-10");
    let body = html.find(r#"class="article-body""#).expect("the body");
    assert!(html.find(r#"class="correction-notice""#).unwrap() < body, "the notice is above the text");
    assert!(html.find(r#"class="sources corrections""#).unwrap() > body, "the list is below the text");
    assert_not_contains(&run().page("news/first/"), "correction");
}

#[test]
fn a_corrected_article_is_marked_in_the_lists() {
    let html = run().page("");
    let card = select(&html, r#"class="article-card""#).into_iter().find(|c| c.html.contains("Second check")).unwrap();
    assert_contains(select_one(card.html, r#"class="article-corrected""#).html, r#"datetime="2024-05-10""#);
}

/// The feed entry of a corrected article is updated on the latest
/// correction's day, and says what was corrected.
#[test]
fn a_correction_updates_the_feed_entry() {
    let feed = run().page("atom.xml");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    let second = entries.iter().find(|e| e.contains("Second check")).expect("an entry for the second article");
    assert_contains(second, "<updated>2024-05-10T00:00:00Z</updated>");
    assert_contains(second, "<published>2024-05-01T00:00:00Z</published>");
    assert_contains(second, "Corrected 2024-05-10");
    assert_contains(second, "2022");
    let first = entries.iter().find(|e| e.contains("First check")).expect("an entry for the first article");
    assert_contains(first, "<updated>2024-04-01T00:00:00Z</updated>");
    assert_not_contains(first, "Corrected");
    let head = feed.split("<entry>").next().unwrap_or_default();
    assert_contains(head, "<updated>2024-05-10T00:00:00Z</updated>");
}

/// A claim of content/claims.yaml checked by two articles: each page of
/// it lists both, newest first, with the verdict each gave.
#[test]
fn a_shared_claims_pages_list_every_article_that_checked_it_newest_first() {
    let run = run();
    for url in ["news/first/tax-cut/", "news/second/tax-cut/"] {
        let html = run.page(url);
        let checks = select_one(&html, r#"class="sources claim-checks""#);
        let items = crate::support::html::select_tag(checks.html, "li");
        let shown: Vec<String> =
            items.iter().map(|li| li.text().split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(shown.len(), 2, "{url}: {shown:?}");
        assert!(shown[0].starts_with("Misleading Second check"), "{url}: {shown:?}");
        assert!(shown[1].starts_with("False First check"), "{url}: {shown:?}");
        // The other check links to its page; this one is marked current.
        let current = select_one(checks.html, r#"aria-current="page""#);
        let other_url = if url.contains("first") { "news/second/tax-cut/" } else { "news/first/tax-cut/" };
        assert!(
            url.contains(if current.text() == "First check" { "first" } else { "second" }),
            "{url}: {}",
            checks.html
        );
        let href = checks.hrefs("")[0].clone();
        assert_eq!(lands(&run, url, &href), format!("{other_url}index.html"));
        // Who said it, when, where and its wording come from claims.yaml.
        let facts = select_one(&html, r#"class="claim-facts""#);
        assert_contains(facts.html, r#"<a href="https://example.org/ministry">Ministry of Finance</a>"#);
        assert_contains(facts.html, r#"<time datetime="2024-03">"#);
        assert_contains(facts.html, r#"<a href="https://archive.example.net/speech">archived copy</a>"#);
        assert_contains(&html, "<q>Taxes fell for everyone.</q>");
    }
    let first = run.page("news/first/tax-cut/");
    assert_contains(select_one(&first, r#"data-ruling="tax-cut""#).html, "Taxes rose for most households.");
}

/// Claims' pages stay out of the sitemap (a large site would pass its
/// 50,000 addresses): crawlers reach each through its article's links.
#[test]
fn the_sitemap_lists_articles_and_not_claim_pages() {
    let run = run();
    let sitemap = run.page("sitemap.xml");
    for (url, _) in CLAIM_PAGES {
        assert!(!sitemap.contains(&format!("<loc>https://checks.example.org/{url}</loc>")), "{url} in:\n{sitemap}");
        let article = url.trim_end_matches('/').rsplit_once('/').map(|(a, _)| a).unwrap_or_default();
        assert_contains(&sitemap, &format!("<loc>https://checks.example.org/{article}/</loc>"));
        assert_contains(&run.page(&format!("{article}/")), "class=\"claim-page-link\"");
    }
}

/// Every link between the pages of the fixture lands on a file of the
/// output and, with a `#fragment`, on an id of that page.
#[test]
fn every_link_between_pages_lands() {
    let run = run();
    // 404.html is served at any depth: its links start at the site's path.
    for file in run.files().iter().filter(|f| f.ends_with("index.html")) {
        let url = crate::support::links::url_of(file);
        for href in link_values(&run.page(file)) {
            if crate::support::links::is_external(&href) {
                continue;
            }
            lands(&run, &url, &href);
        }
    }
}

/// "Built N articles (M files)" counts the claims' pages and images too.
#[test]
fn the_summary_line_counts_every_file_written() {
    let run = run();
    let files = run.files().into_iter().filter(|f| f != crate::support::MARKER.0).count();
    let said = format!("Built 2 articles ({files} files)");
    assert!(
        run.stdout.contains(&said) || run.stderr.contains(&said),
        "expected {said:?}\n{}\n{}",
        run.stdout,
        run.stderr
    );
}
