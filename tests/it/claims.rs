//! Claims `[text]{.claim #id}`: the span in the text, its sidebar entry, its
//! sources, inline attributes, and verdict ids YAML would mistype.

use crate::support::{Site, assert_contains, assert_not_contains, select, select_one};

mod spans {
    //! Fixture `valid/claim_spans`: one claim crossing a line break, with
    //! emphasis, a link and a citation inside, a citation right after, and
    //! a front-matter source. `other` is cited first, outside the claim.

    use super::*;

    fn page() -> String {
        Site::fixture("valid/claim_spans").build().success().quiet().page("article/")
    }

    #[test]
    fn claim_in_text_carries_the_stable_hooks() {
        let html = page();
        let span = select_one(&html, r#"data-claim="crossing""#);
        assert_eq!(span.attr("class").as_deref(), Some("claim"), "{}", span.start_tag);
        assert_eq!(span.attr("id").as_deref(), Some("claim-crossing"), "{}", span.start_tag);
        assert_eq!(span.attr("data-verdict").as_deref(), Some("misleading"), "{}", span.start_tag);
    }

    #[test]
    fn claim_keeps_its_inline_markup_across_the_line_break() {
        let html = page();
        let span = select_one(&html, r#"data-claim="crossing""#);
        assert_contains(span.html, "<em>border</em>");
        assert_contains(span.html, r#"<a href="https://example.org">the map</a>"#);
        let words: Vec<String> = span.text().split_whitespace().map(String::from).collect();
        let text = words.join(" ");
        assert!(
            text.starts_with("the border was closed, see the map"),
            "the claim's words, line break included, are inside the span: {text:?}\n{}",
            span.html
        );
        assert_not_contains(&html, "{.claim");
    }

    #[test]
    fn claim_links_to_its_sidebar_entry_and_back() {
        let html = page();
        let span = select_one(&html, r#"data-claim="crossing""#);
        let entry = select_one(&html, r#"data-claim-entry="crossing""#);
        let entry_id = entry.attr("id").unwrap_or_default();
        assert!(
            span.hrefs("#").contains(&format!("#{entry_id}")),
            "the claim should link to its entry #{entry_id}:\n{}",
            span.html
        );
        assert!(
            entry.hrefs("#claim-").contains(&"#claim-crossing".to_string()),
            "the entry should link to #claim-crossing:\n{}",
            entry.html
        );
    }

    #[test]
    fn sidebar_entry_shows_verdict_label_and_claimant() {
        let html = page();
        let entry = select_one(&html, r#"data-claim-entry="crossing""#);
        assert_contains(entry.html, "Misleading");
        assert_contains(entry.html, "A. Person");
    }

    #[test]
    fn claim_sources_are_the_union_of_front_matter_and_citations() {
        let html = page();
        let entry = select_one(&html, r#"data-claim-entry="crossing""#);
        // `other` (1) is cited before the claim but not by it; the span
        // cites inside-src (2) inside and after-src (3) right after; the
        // front matter adds fm-src (4).
        let sources: Vec<(String, String)> =
            entry.links().into_iter().filter(|(h, _)| h.starts_with("#source-")).collect();
        let expected: Vec<(String, String)> =
            [("#source-inside-src", "2"), ("#source-after-src", "3"), ("#source-fm-src", "4")]
                .iter()
                .map(|(h, n)| (h.to_string(), n.to_string()))
                .collect();
        assert_eq!(sources, expected, "the entry's source links\n{}", entry.html);
    }

    #[test]
    fn sidebar_quote_leaves_out_citations() {
        let html = page();
        let entry = select_one(&html, r#"data-claim-entry="crossing""#);
        assert_contains(entry.html, "<em>border</em>");
        assert!(
            select(entry.html, r#"class="citation""#).is_empty(),
            "the quoted claim in the sidebar should not repeat citations:\n{}",
            entry.html
        );
    }
}

mod inline_attributes {
    //! Fixture `valid/inline_attrs`: one claim described only by its span,
    //! one whose span overrides the front matter's verdict, and two
    //! bracketed spans that are not claims.

    use super::*;

    fn page() -> String {
        Site::fixture("valid/inline_attrs").build().success().quiet().page("article/")
    }

    #[test]
    fn claim_needs_no_front_matter_when_its_span_has_a_verdict() {
        let html = page();
        let span = select_one(&html, r#"data-claim="inline-only""#);
        assert_eq!(span.attr("data-verdict").as_deref(), Some("false"), "{}", span.html);
        let entry = select_one(&html, r#"data-claim-entry="inline-only""#);
        assert_contains(entry.html, "False");
        assert_contains(entry.html, "Sen. X");
    }

    #[test]
    fn attribute_text_does_not_leak_into_the_page() {
        let html = page();
        let span = select_one(&html, r#"data-claim="inline-only""#);
        assert!(span.text().starts_with("taxes went up"), "the span holds the claim's words: {:?}", span.text());
        for leak in ["verdict=false", "verdict=misleading", "claimant=", "{.claim", "{.smallcaps", "{#anchor"] {
            assert_not_contains(&html, leak);
        }
    }

    #[test]
    fn inline_verdict_overrides_the_front_matter() {
        let html = page();
        let span = select_one(&html, r#"data-claim="overridden""#);
        assert_eq!(span.attr("data-verdict").as_deref(), Some("misleading"), "{}", span.html);
        let entry = select_one(&html, r#"data-claim-entry="overridden""#);
        assert_contains(entry.html, "Misleading");
        assert_not_contains(entry.html, "Accurate");
        // What the span does not override still comes from the front matter.
        assert_contains(entry.html, "Front Matter Person");
    }

    #[test]
    fn other_bracketed_spans_become_plain_spans() {
        let html = page();
        let small = select_one(&html, r#"class="smallcaps""#);
        assert_eq!(small.html, r#"<span class="smallcaps">small words</span>"#);
        let anchor = select_one(&html, r#"id="anchor""#);
        assert_eq!(anchor.html, r#"<span id="anchor">a place</span>"#);
        assert!(select(&html, r#"data-claim-entry="anchor""#).is_empty(), "a span without .claim is not a claim");
    }
}

mod yaml_scalars {
    //! Fixture `valid/yaml_scalars`: verdict ids `false`, `no` and `2024`
    //! in site.yaml and unquoted in front matter stay those strings.

    use super::*;

    #[test]
    fn verdict_ids_yaml_would_read_as_bool_or_number_stay_text() {
        let html = Site::fixture("valid/yaml_scalars").build().success().quiet().page("article/");
        for (id, verdict, label) in [("c-false", "false", "Wrong"), ("c-no", "no", "Nope"), ("c-year", "2024", "Year")]
        {
            let span = select_one(&html, &format!(r#"data-claim="{id}""#));
            assert_eq!(span.attr("data-verdict").as_deref(), Some(verdict), "claim {id}: {}", span.html);
            let entry = select_one(&html, &format!(r#"data-claim-entry="{id}""#));
            assert_contains(entry.html, label);
        }
    }
}

mod markup {
    //! Fixture `valid/claim_markup`: a claim ending a heading line, claims
    //! whose `claimant=` holds `*`, backticks and `<b>`, and a heading with
    //! safe attributes.

    use super::*;

    fn run() -> crate::support::Run {
        Site::fixture("valid/claim_markup").build().success().quiet()
    }

    #[test]
    fn claim_at_the_end_of_a_heading_line_is_a_claim() {
        let html = run().page("article/");
        let span = select_one(&html, r#"data-claim="dam""#);
        assert_eq!(span.attr("data-verdict").as_deref(), Some("false"), "{}", span.html);
        assert!(span.text().starts_with("the dam is safe"), "{:?}", span.text());
        let entry = select_one(&html, r#"data-claim-entry="dam""#);
        assert_contains(entry.html, "the dam is safe");
        assert_not_contains(&html, "{.claim");
        let heading = select_one(&html, r#"id="the-minister-said-the-dam-is-safe""#);
        assert!(heading.start_tag.starts_with("<h2"), "the heading's id is the slug of its words: {}", heading.html);
    }

    /// (claim id, claimant as written)
    const CLAIMANTS: [(&str, &str); 3] =
        [("stars", "a *starred* name"), ("ticks", "a `ticked` name"), ("tags", "a <b>tagged</b> name")];

    #[test]
    fn attribute_values_with_markdown_characters_reach_the_sidebar_as_written() {
        let html = run().page("article/");
        for (id, claimant) in CLAIMANTS {
            select_one(&html, &format!(r#"data-claim="{id}""#));
            let entry = select_one(&html, &format!(r#"data-claim-entry="{id}""#));
            let name = select_one(entry.html, r#"class="claimant-name""#);
            assert_eq!(name.text(), claimant, "claim {id}: {}", entry.html);
        }
        for leak in ["claimant=", "<em>starred", "<code>ticked", "<b>tagged"] {
            assert_not_contains(&html, leak);
        }
    }

    #[test]
    fn attribute_values_with_markdown_characters_reach_claims_json_and_json_ld() {
        let run = run();
        let json: serde_json::Value = serde_json::from_str(&run.page("claims.json")).expect("claims.json is JSON");
        let html = run.page("article/");
        let script = select_one(&html, r#"type="application/ld+json""#);
        let inner = &script.html[script.start_tag.len()..script.html.len() - "</script>".len()];
        let ld: serde_json::Value = serde_json::from_str(inner).unwrap_or_else(|e| panic!("not JSON ({e}):\n{inner}"));
        for (id, claimant) in CLAIMANTS {
            let claim = json["claims"].as_array().and_then(|c| c.iter().find(|c| c["id"] == id));
            let claim = claim.unwrap_or_else(|| panic!("claim {id} is not in claims.json:\n{json:#}"));
            assert_eq!(claim["claimant"], claimant, "{claim:#}");
            let review = ld
                .as_array()
                .and_then(|r| r.iter().find(|r| r["url"].as_str().is_some_and(|u| u.ends_with(&format!("/{id}/")))));
            let review = review.unwrap_or_else(|| panic!("no ClaimReview for {id}:\n{ld:#}"));
            assert_eq!(review["itemReviewed"]["author"]["name"], claimant, "{review:#}");
        }
    }

    #[test]
    fn heading_attributes_write_only_safe_attributes() {
        let html = run().page("article/");
        let h2 = select_one(&html, r#"id="checked""#);
        assert_eq!(
            h2.start_tag, r#"<h2 id="checked" class="wide" title="two words" data-step="2" lang="en">"#,
            "{}",
            h2.html
        );
    }
}
