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

mod knock_on {
    //! One broken file, one error: what cannot be read is reported once,
    //! and what refers to it is not reported again as unknown.

    use super::*;
    use crate::support::Expected;

    /// Builds `invalid/<fixture>` over a previous output and expects exactly
    /// `expected`, no other error or warning, the previous output untouched.
    #[track_caller]
    fn only(site: Site, expected: Expected) {
        let run = site.with_previous_output().build().failure();
        run.assert_previous_output_untouched();
        run.expect_only_error(&expected);
        let diags = run.diagnostics();
        assert_eq!(diags.len(), 1, "one mistake, one diagnostic\n--- stderr ---\n{}", run.stderr);
    }

    #[test]
    fn broken_sources_yaml_is_one_error_not_one_per_citation() {
        // Regression: a YAML error in sources.yaml also reported every
        // citation of its ids (in two articles, in claims' `sources:` and
        // `sources=`) as an unknown source, and warned the claims had none.
        only(
            Site::fixture("invalid/broken_sources_yaml"),
            Expected::error("content/sources.yaml:4:2", "did not find expected key").underlining("kind"),
        );
    }

    #[test]
    fn sources_yaml_not_in_utf8_is_one_error_not_one_per_citation() {
        let site = Site::fixture("invalid/broken_sources_yaml")
            .write("content/sources.yaml", b"census:\n  title: Caf\xE9 census\nbudget:\n  title: B\n");
        only(site, Expected::error("content/sources.yaml:2:13", "not valid UTF-8"));
    }

    #[test]
    fn broken_front_matter_is_one_error_not_also_a_missing_link_target() {
        // Regression: an article whose front matter could not be read made
        // every link to it "there is no article content/target.md".
        only(
            Site::fixture("invalid/broken_front_matter_linked"),
            Expected::error("content/target.md:3:13", "mapping values are not allowed in this context"),
        );
    }

    #[test]
    fn a_link_to_a_file_that_does_not_exist_is_still_an_error() {
        let site = Site::fixture("invalid/broken_front_matter_linked")
            .write("content/target.md", "---\ntitle: Fixed\n---\n\nBody.\n")
            .write("content/b.md", "---\ntitle: B\n---\n\nSee [nothing](nothing.md).\n");
        only(
            site,
            Expected::error("content/b.md:5:5", "link to `nothing.md`: there is no article content/nothing.md")
                .underlining("[nothing](nothing.md)"),
        );
    }

    #[test]
    fn a_partial_date_is_refused_for_an_article_with_a_reason() {
        let site = Site::fixture("invalid/broken_front_matter_linked")
            .write("content/target.md", "---\ntitle: Fixed\ndate: 2014-03\n---\n\nBody.\n");
        only(
            site,
            Expected::error("content/target.md:3:7", "`2014-03` is not a full date")
                .underlining("2014-03")
                .help("an article's dates order lists and feeds"),
        );
    }

    #[test]
    fn an_impossible_partial_date_of_a_source_says_what_is_accepted() {
        let site = Site::fixture("invalid/broken_front_matter_linked")
            .write("content/target.md", "---\ntitle: Fixed\n---\n\nBody.[@s]\n")
            .write("content/sources.yaml", "s:\n  title: S\n  date: 2014-13\n");
        only(
            site,
            Expected::error("content/sources.yaml:3:9", "`2014-13` is not a date")
                .underlining("2014-13")
                .help("or YYYY-MM or YYYY when only the month or the year is known"),
        );
    }
}

mod placed {
    //! Problems found after site.yaml and the templates were read are still
    //! placed at the line that caused them.

    use crate::support::{Expected, fails_with};

    #[test]
    fn template_include_cycle_names_the_include_that_closes_it() {
        // Regression: Tera's "Circular include detected" was printed with
        // no file at all.
        fails_with(
            "template_include_cycle",
            Expected::error(
                "templates/partials/b.html:3:3",
                "templates include each other in a loop: article.html → partials/a.html → partials/b.html → partials/a.html",
            )
            .underlining(r#"{% include "partials/a.html" %}"#)
            .help("a template cannot include itself"),
        );
    }

    #[test]
    fn unknown_theme_is_placed_at_its_site_yaml_line() {
        // Regression: "theme `…` not found" named site.yaml but no line.
        fails_with(
            "unknown_theme",
            Expected::error("site.yaml:2:8", "theme `fancyy` not found")
                .underlining("fancyy")
                .help("did you mean `fancy`?"),
        );
    }

    #[test]
    fn unknown_highlight_theme_is_placed_at_the_key_that_names_it() {
        // Regression: the message named site.yaml but no line, and the
        // help was run into the message.
        fails_with(
            "unknown_highlight_theme",
            Expected::error("site.yaml:3:23", "unknown highlight theme `base16-ocean.drak`")
                .underlining("base16-ocean.drak")
                .help("did you mean `base16-ocean.dark`?"),
        );
    }
}
