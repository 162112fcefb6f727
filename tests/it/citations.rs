//! Citations `[@key]`: numbered by first citation, linked to the Sources
//! list, which links back to every place that cites each source.
//! Fixture: `valid/citations` (b is cited first; a is cited three times).

use crate::support::{Site, assert_contains, select, select_one};

fn page() -> String {
    Site::fixture("valid/citations").build().success().quiet().page("article/")
}

/// `(data-cites, [(href, number text)])` of every citation, in order.
fn citations(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    select(html, r#"class="citation""#)
        .into_iter()
        .map(|c| (c.attr("data-cites").unwrap_or_default(), c.links()))
        .collect()
}

#[test]
fn sources_are_numbered_by_first_citation() {
    let html = page();
    let found: Vec<(String, Vec<String>)> = citations(&html)
        .into_iter()
        .map(|(cites, links)| {
            // The number is the link's text before any locator.
            let numbers = links.into_iter().map(|(_, t)| t.split(',').next().unwrap_or("").to_string()).collect();
            (cites, numbers)
        })
        .collect();
    let expected: Vec<(String, Vec<String>)> = vec![
        ("b".into(), vec!["1".into()]),
        ("a b".into(), vec!["2".into(), "1".into()]),
        ("a".into(), vec!["2".into()]),
        ("a".into(), vec!["2".into()]),
    ];
    assert_eq!(found, expected, "citations as (data-cites, numbers)");
}

#[test]
fn each_cited_key_links_to_its_source_entry() {
    let html = page();
    let hrefs: Vec<Vec<String>> =
        citations(&html).into_iter().map(|(_, links)| links.into_iter().map(|(h, _)| h).collect()).collect();
    assert_eq!(
        hrefs,
        [vec!["#source-b"], vec!["#source-a", "#source-b"], vec!["#source-a"], vec!["#source-a"],],
        "links of each citation"
    );
    for key in ["a", "b"] {
        let entry = select_one(&html, &format!(r#"data-source-entry="{key}""#));
        assert_eq!(
            entry.attr("id").as_deref(),
            Some(format!("source-{key}").as_str()),
            "the id of the entry the citations link to:\n{}",
            entry.html
        );
    }
}

#[test]
fn locator_is_shown_in_the_citation() {
    let html = page();
    let first = select_one(&html, r#"data-cites="b""#);
    assert_contains(first.html, "para. 9");
    // The locator belongs to that citation only.
    for other in select(&html, r#"class="citation""#).iter().skip(1) {
        assert!(!other.text().contains("para."), "a locator leaked into another citation: {}", other.html);
    }
}

#[test]
fn citation_ids_are_unique() {
    let html = page();
    let ids: Vec<String> =
        select(&html, r#"class="citation""#).iter().map(|c| c.attr("id").unwrap_or_default()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "citation ids must be unique: {ids:?}");
    assert!(ids.iter().all(|i| !i.is_empty()), "every citation has an id: {ids:?}");
}

#[test]
fn source_entry_links_back_to_every_citation_of_it() {
    let html = page();
    for key in ["a", "b"] {
        // The ids of the citations that cite `key` …
        let mut citing: Vec<String> = select(&html, r#"class="citation""#)
            .into_iter()
            .filter(|c| c.attr("data-cites").unwrap_or_default().split(' ').any(|k| k == key))
            .map(|c| format!("#{}", c.attr("id").unwrap_or_default()))
            .collect();
        // … are exactly the entry's backlinks.
        let entry = select_one(&html, &format!(r#"data-source-entry="{key}""#));
        let mut back = entry.hrefs("#cite-");
        citing.sort();
        back.sort();
        assert_eq!(back, citing, "backlinks of source `{key}` vs the citations of it\n{}", entry.html);
    }
    let a = select_one(&html, r#"data-source-entry="a""#);
    assert_eq!(a.hrefs("#cite-").len(), 3, "a is cited 3 times:\n{}", a.html);
}

#[test]
fn sources_list_is_in_number_order() {
    let html = page();
    let keys: Vec<String> =
        select(&html, "data-source-entry=").iter().map(|e| e.attr("data-source-entry").unwrap_or_default()).collect();
    assert_eq!(keys, ["b", "a"], "source entries in page order");
}
