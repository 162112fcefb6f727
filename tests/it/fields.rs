//! Fields the writer gives and where readers get them: a source's `author`
//! and `note`, partial dates (`2014`, `2014-03`) shown as given, and
//! `authors:` as one string. Then knock-on errors: one broken file gives
//! its own error, not others elsewhere.

use crate::support::{Run, Site, assert_contains, assert_not_contains, select_one};

mod shown {
    //! Fixture `valid/source_fields`: `content/sources.yaml` has `census`
    //! (author, a Markdown note, date `2014`); article `a` has `authors: One
    //! Writer`, its own source `memo` (author, note, date `2014-03`,
    //! accessed `2023-08`), claim `budget` (front matter date `2014-03`,
    //! verdict false) and claim `census-wrong` (span `date=2014`, misleading).

    use super::*;

    fn run() -> Run {
        Site::fixture("valid/source_fields").build().success().quiet()
    }

    #[test]
    fn article_source_list_shows_author_and_note() {
        let html = run().page("a/");
        let memo = select_one(&html, r#"data-source-entry="memo""#);
        assert_contains(memo.html, r#"<span class="source-author">A. Clerk</span>"#);
        assert_contains(memo.html, r#"<p class="source-note">Leaked; <em>not</em> confirmed by the city.</p>"#);
        let census = select_one(&html, r#"data-source-entry="census""#);
        assert_contains(census.html, r#"<span class="source-author">Census Bureau Staff</span>"#);
        assert_contains(census.html, r#"<p class="source-note">Tables 3 and <em>4</em> only.</p>"#);
    }

    #[test]
    fn sources_index_shows_author_and_note() {
        let html = run().page("sources/");
        for (key, author, note) in [
            ("memo", "A. Clerk", "Leaked; <em>not</em> confirmed by the city."),
            ("census", "Census Bureau Staff", "Tables 3 and <em>4</em> only."),
        ] {
            let entry = select_one(&html, &format!(r#"data-source="{key}""#));
            assert_contains(entry.html, &format!(r#"<span class="source-author">{author}</span>"#));
            assert_contains(entry.html, &format!(r#"<p class="source-note">{note}</p>"#));
        }
    }

    #[test]
    fn claims_json_sources_carry_author_and_note_as_written() {
        let json: serde_json::Value = serde_json::from_str(&run().page("claims.json")).expect("claims.json is JSON");
        let source_of = |claim: &str| {
            let claims = json["claims"].as_array().expect("a claims array");
            let c = claims.iter().find(|c| c["id"] == claim).unwrap_or_else(|| panic!("no claim {claim}\n{json:#}"));
            c["sources"][0].clone()
        };
        let memo = source_of("budget");
        assert_eq!(memo["author"], "A. Clerk", "{memo:#}");
        assert_eq!(memo["note"], "Leaked; *not* confirmed by the city.", "{memo:#}");
        let census = source_of("census-wrong");
        assert_eq!(census["author"], "Census Bureau Staff", "{census:#}");
        assert_eq!(census["note"], "Tables 3 and *4* only.", "{census:#}");
    }

    #[test]
    fn partial_dates_are_shown_as_given_never_as_the_first_of_the_month() {
        let html = run().page("a/");
        let memo = select_one(&html, r#"data-source-entry="memo""#);
        assert_contains(memo.html, r#"<time class="source-date" datetime="2014-03">March 2014</time>"#);
        assert_contains(memo.html, r#"Accessed <time datetime="2023-08">August 2023</time>"#);
        let census = select_one(&html, r#"data-source-entry="census""#);
        assert_contains(census.html, r#"<time class="source-date" datetime="2014">2014</time>"#);
        let budget = select_one(&html, r#"data-claim-entry="budget""#);
        assert_contains(budget.html, r#"<time datetime="2014-03">March 2014</time>"#);
        let wrong = select_one(&html, r#"data-claim-entry="census-wrong""#);
        assert_contains(wrong.html, r#"<time datetime="2014">2014</time>"#);
        assert_not_contains(&html, "1 March 2014");
        assert_not_contains(&html, "1 January 2014");
        let index = run().page("sources/");
        assert_contains(&index, r#"<time datetime="2014-03">March 2014</time>"#);
    }

    #[test]
    fn partial_dates_keep_their_iso_form_in_json_ld_and_claims_json() {
        let run = run();
        let html = run.page("a/");
        assert_contains(&html, r#""datePublished":"2014-03""#);
        assert_contains(&html, r#""datePublished":"2014""#);
        let json: serde_json::Value = serde_json::from_str(&run.page("claims.json")).expect("claims.json is JSON");
        let dates: Vec<(String, String, String)> = json["claims"]
            .as_array()
            .expect("a claims array")
            .iter()
            .map(|c| (c["id"].to_string(), c["date"].to_string(), c["sources"][0]["date"].to_string()))
            .collect();
        assert_eq!(
            dates,
            [
                (r#""budget""#.into(), r#""2014-03""#.into(), r#""2014-03""#.into()),
                (r#""census-wrong""#.into(), r#""2014""#.into(), r#""2014""#.into()),
            ]
        );
    }

    #[test]
    fn one_string_of_authors_is_one_author() {
        let html = run().page("a/");
        let byline = select_one(&html, r#"class="byline""#);
        assert_eq!(byline.text(), "By One Writer", "{}", byline.html);
    }
}
