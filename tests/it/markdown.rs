//! Markdown around the annotations: code is never annotated, escapes keep
//! brackets literal, notes are GitHub-style footnotes.

use crate::support::{Site, assert_contains, assert_not_contains, select, select_one};

mod code {
    //! Fixture `valid/code_untouched`: one real citation; the same syntax
    //! inside code spans, a ```rust block and a block of an unknown language.

    use super::*;

    fn page() -> String {
        Site::fixture("valid/code_untouched").build().success().quiet().page("article/")
    }

    #[test]
    fn only_the_citation_outside_code_is_a_citation() {
        let html = page();
        let cites = select(&html, r#"class="citation""#);
        assert_eq!(
            cites.len(),
            1,
            "exactly one citation expected, found:\n{:#?}",
            cites.iter().map(|c| c.html).collect::<Vec<_>>()
        );
        assert!(select(&html, "data-claim=").is_empty(), "no claim should be made from code");
        let entry = select_one(&html, r#"data-source-entry="a""#);
        assert_eq!(entry.hrefs("#cite-"), ["#cite-1"], "{}", entry.html);
    }

    #[test]
    fn code_spans_stay_literal() {
        let html = page();
        assert_contains(&html, "<code>[@a]</code>");
        assert_contains(&html, "<code>[x]{.claim #x}</code>");
    }

    #[test]
    fn fenced_rust_is_highlighted_and_stays_literal() {
        let html = page();
        let pre = select_one(&html, r#"data-lang="rust""#);
        assert_contains(pre.html, r#"<span class="hl-"#);
        let text = pre.text();
        assert!(
            text.contains(r#"let cite = "[@a]";"#) && text.contains("// [x]{.claim #x}"),
            "the code's text should be unchanged: {text:?}"
        );
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = page();
        let pre = select_one(&html, r#"data-lang="nosuchlang""#);
        assert_contains(pre.html, "&lt;b&gt;[@a]&lt;/b&gt; [y]{.claim #y}");
        // No highlighting: the code is one escaped text, no token spans.
        assert_not_contains(pre.html, "<span");
        assert_not_contains(pre.html, "<b>");
    }
}

mod escapes {
    //! Fixture `valid/escapes`: `\[@a]` and `&#91;@a]` are text, `\\[@a]`
    //! is a backslash and a citation.

    use super::*;

    fn page() -> String {
        Site::fixture("valid/escapes").build().success().quiet().page("article/")
    }

    #[test]
    fn backslash_escaped_citation_is_literal_text() {
        assert_contains(&page(), "<p>Backslash [@a] stays literal.</p>");
    }

    #[test]
    fn entity_escaped_citation_is_literal_text() {
        assert_contains(&page(), "<p>Entity [@a] stays literal.</p>");
    }

    #[test]
    fn escaped_backslash_before_a_citation_leaves_a_real_citation() {
        let html = page();
        let cites = select(&html, r#"class="citation""#);
        assert_eq!(
            cites.len(),
            1,
            "only the double-backslash one cites:\n{:#?}",
            cites.iter().map(|c| c.html).collect::<Vec<_>>()
        );
        assert_eq!(cites[0].attr("data-cites").as_deref(), Some("a"));
        assert_contains(&html, r#"Double backslash \<sup class="citation""#);
    }
}

mod notes {
    //! Fixture `valid/notes`: `[^second]` is referenced first and twice,
    //! `[^first]` once.

    use super::*;

    fn page() -> String {
        Site::fixture("valid/notes").build().success().quiet().page("article/")
    }

    #[test]
    fn note_references_are_numbered_by_first_reference() {
        let html = page();
        let refs: Vec<(String, String, String)> = select(&html, "data-footnote-ref")
            .iter()
            .map(|r| (r.attr("href").unwrap_or_default(), r.attr("id").unwrap_or_default(), r.text()))
            .collect();
        let expected: Vec<(String, String, String)> = [
            ("#fn-second", "fnref-second", "1"),
            ("#fn-first", "fnref-first", "2"),
            ("#fn-second", "fnref-second-2", "1"),
        ]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
        assert_eq!(refs, expected, "note references as (href, id, number)");
    }

    #[test]
    fn notes_section_lists_notes_in_number_order() {
        let html = page();
        let second = html.find(r#"id="fn-second""#);
        let first = html.find(r#"id="fn-first""#);
        assert!(
            matches!((second, first), (Some(s), Some(f)) if s < f),
            "the notes section should hold fn-second then fn-first (found at {second:?}, {first:?})"
        );
        let note = select_one(&html, r#"id="fn-second""#);
        assert_contains(note.html, "The second note, referenced twice.");
        assert_not_contains(&html, "[^second]");
    }

    #[test]
    fn note_referenced_twice_has_two_backrefs() {
        let html = page();
        let second = select_one(&html, r#"id="fn-second""#);
        let back: Vec<String> =
            second.select("data-footnote-backref").iter().map(|a| a.attr("href").unwrap_or_default()).collect();
        assert_eq!(back, ["#fnref-second", "#fnref-second-2"], "{}", second.html);
        let first = select_one(&html, r#"id="fn-first""#);
        let back: Vec<String> =
            first.select("data-footnote-backref").iter().map(|a| a.attr("href").unwrap_or_default()).collect();
        assert_eq!(back, ["#fnref-first"], "{}", first.html);
    }
}
