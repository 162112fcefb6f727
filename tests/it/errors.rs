//! Every broken reference or malformed input fails the build with
//! `file:line:column`, the offending text underlined, a help line, exit code
//! 1, and the previous output left exactly as it was.
//!
//! One fixture per error under `tests/fixtures/invalid/`. Positions are
//! counted by hand: lines from 1 including the front matter, columns in
//! characters from 1.

use crate::support::{Expected, Run, Site, fails_with, fails_with_site, tree};

/// Like [`fails_with`] but only asks that `expected` is among the errors.
#[track_caller]
fn fails_with_among_others(fixture: &str, expected: Expected) -> Run {
    let run = Site::fixture(&format!("invalid/{fixture}")).with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    let errors = run.errors();
    let found = errors.iter().find(|d| d.position.as_deref() == Some(expected.at.as_str())).unwrap_or_else(|| {
        panic!("no error at {}\n--- expected ---\n{expected}\n--- stderr ---\n{}", expected.at, run.stderr)
    });
    expected.assert_matches(found, &run.stderr);
    run
}

// --- references -----------------------------------------------------------

#[test]
fn unknown_source_citation_suggests_the_closest_id() {
    fails_with(
        "unknown_source_citation",
        Expected::error("content/a.md:8:20", "unknown source `cnn-reprot`")
            .underlining("@cnn-reprot")
            .help("did you mean `cnn-report`?"),
    );
}

#[test]
fn unknown_source_in_claim_sources_suggests_the_closest_id() {
    fails_with(
        "unknown_source_in_claim_sources",
        Expected::error("content/a.md:9:15", "claim `no-link` names an unknown source `nsc-statment`")
            .underlining("nsc-statment")
            .help("did you mean `nsc-statement`?"),
    );
}

#[test]
fn duplicate_source_id_in_article_and_sources_yaml() {
    fails_with(
        "duplicate_source_id",
        Expected::error("content/a.md:4:3", "source `shared` is also defined in content/sources.yaml")
            .underlining("shared")
            .help("define a source in one place only"),
    );
}

#[test]
fn undefined_note_reference_fails_the_build() {
    fails_with(
        "undefined_note",
        Expected::error("content/a.md:5:11", "note `[^nope]` is not defined").underlining("[^nope]").help("[^nope]: "),
    );
}

// --- front matter ---------------------------------------------------------

#[test]
fn misspelt_front_matter_key_suggests_the_right_one() {
    fails_with(
        "unknown_front_matter_key",
        Expected::error("content/a.md:3:1", "unknown key `titel`").underlining("titel").help("did you mean `title`?"),
    );
}

#[test]
fn misspelt_claim_field_suggests_verdict() {
    fails_with(
        "unknown_claim_field",
        Expected::error("content/a.md:6:5", "unknown key `verdic`")
            .underlining("verdic")
            .help("did you mean `verdict`?"),
    );
}

#[test]
fn verdict_not_in_scale_suggests_the_closest() {
    fails_with(
        "verdict_not_in_scale",
        Expected::error("content/a.md:8:14", "verdict `acurate` is not in the site's scale")
            .underlining("acurate")
            .help("did you mean `accurate`?"),
    );
}

#[test]
fn unclosed_front_matter() {
    fails_with(
        "unclosed_front_matter",
        Expected::error("content/a.md:1:1", "the front matter is not closed")
            .underlining("---")
            .help("add a line `---`"),
    );
}

#[test]
fn no_front_matter() {
    fails_with(
        "no_front_matter",
        Expected::error("content/a.md:1:1", "the article has no front matter").help("start the file with a line `---`"),
    );
}

#[test]
fn missing_title() {
    fails_with(
        "missing_title",
        Expected::error("content/a.md:1:1", "the article has no `title`").help("add a line such as `title:"),
    );
}

#[test]
fn impossible_date() {
    fails_with(
        "bad_date",
        Expected::error("content/a.md:3:7", "`2023-13-45` is not a date").underlining("2023-13-45").help("YYYY-MM-DD"),
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    // `summary: one: two` — the second `:` is column 13. The help line is
    // pinned by `yaml_syntax_error_has_a_help_line`.
    fails_with(
        "bad_yaml_syntax",
        Expected::error("content/a.md:3:13", "mapping values are not allowed in this context"),
    );
}

#[test]
fn yaml_syntax_error_has_a_help_line() {
    // Regression: serde_yaml's syntax errors were printed with no help
    // line, unlike every other error.
    let run = Site::fixture("invalid/bad_yaml_syntax").build().failure();
    let errors = run.errors();
    assert!(
        errors.len() == 1 && errors[0].help.is_some(),
        "the YAML syntax error should carry a `= help:` line\n--- stderr ---\n{}",
        run.stderr
    );
}

#[test]
fn javascript_url_in_a_source_is_refused() {
    fails_with(
        "javascript_url",
        Expected::error("content/a.md:6:10", "`javascript:alert(1)` uses the `javascript:` scheme")
            .underlining("javascript:alert(1)")
            .help("http, https, mailto or relative"),
    );
}

#[test]
fn slug_that_climbs_out_of_the_output_is_refused() {
    let run = fails_with(
        "slug_escape",
        Expected::error("content/a.md:3:7", "`../../etc` cannot be a slug: it must be one URL segment")
            .underlining("../../etc")
            .help("e.g. `etc`"),
    );
    let all = tree(run.site.temp());
    let outside: Vec<&String> = all.keys().filter(|k| !k.starts_with("site/") && !k.starts_with("public/")).collect();
    assert!(outside.is_empty(), "files written outside: {outside:?}");
}

// --- claims in the text ---------------------------------------------------

#[test]
fn claim_without_verdict() {
    // Exactly one error is pinned by
    // `claim_without_verdict_is_reported_once_and_not_as_unmarked`.
    fails_with_among_others(
        "claim_without_verdict",
        Expected::error("content/a.md:11:29", "claim `c` has no verdict")
            .underlining("{.claim #c}")
            .help("add `verdict:` under `claims: c:` in the front matter, or `verdict=…` to the span"),
    );
}

#[test]
fn claim_without_verdict_is_reported_once_and_not_as_unmarked() {
    // Regression: a span whose claim has no verdict was dropped, so the
    // front-matter pass also reported "claim `c` has no verdict" at the
    // front matter and warned "claim `c` is not marked in the text",
    // although it is marked (line 11).
    let run = Site::fixture("invalid/claim_without_verdict").build().failure();
    let diags = run.diagnostics();
    let summary: Vec<String> =
        diags.iter().map(|d| format!("{}: {} at {:?}", d.severity, d.message, d.position)).collect();
    assert_eq!(
        summary,
        ["error: claim `c` has no verdict at Some(\"content/a.md:11:29\")"],
        "one mistake, one diagnostic\n--- stderr ---\n{}",
        run.stderr
    );
}

#[test]
fn duplicate_claim_span() {
    fails_with(
        "duplicate_claim_span",
        Expected::error("content/a.md:13:18", "claim `c` is marked twice in this article")
            .underlining("{.claim #c}")
            .help("a claim id appears once per article"),
    );
}

#[test]
fn duplicate_claim_help_names_the_file_line_of_the_first_mark() {
    // Regression: the help said "already marked on line 2 of the body"
    // while every position gloss prints is a line of the file (here 11).
    let run = Site::fixture("invalid/duplicate_claim_span").build().failure();
    let help = run.errors().first().and_then(|d| d.help.clone()).unwrap_or_default();
    assert!(
        help.contains("line 11") && !help.contains("of the body"),
        "the help should point at line 11 of content/a.md, it says {help:?}\n--- stderr ---\n{}",
        run.stderr
    );
}

#[test]
fn unclosed_citation() {
    fails_with(
        "unclosed_citation",
        Expected::error("content/a.md:8:13", "this citation is not closed")
            .underlining("[@")
            .help("add `]` after the source id"),
    );
}

#[test]
fn malformed_attribute_block_names_the_bad_word() {
    fails_with(
        "bad_attribute_block",
        Expected::error("content/a.md:11:33", "`oops` is not an attribute")
            .help("{.claim #id verdict=false claimant=\"Name\"}"),
    );
}

#[test]
fn misspelt_claim_attribute_suggests_verdict() {
    fails_with(
        "unknown_claim_attribute",
        Expected::error("content/a.md:8:20", "`verdit` is not a claim attribute").help("did you mean `verdict`?"),
    );
}

#[test]
fn claim_span_without_id() {
    fails_with(
        "claim_without_id",
        Expected::error("content/a.md:8:21", "this claim has no id")
            .underlining("{.claim verdict=false}")
            .help("{.claim #"),
    );
}

#[test]
fn claim_span_that_lost_its_closing_bracket_is_an_error_at_its_attributes() {
    fails_with(
        "lost_claim_bracket",
        Expected::error("content/a.md:8:19", "this `{.claim …}` did not become a claim")
            .underlining("{.claim")
            .help("a claim is `[its words]{.claim #id}`"),
    );
}

#[test]
fn claim_attributes_after_a_link_are_an_error_not_text() {
    fails_with(
        "leftover_claim_markup",
        Expected::error("content/a.md:8:41", "this `{.claim …}` did not become a claim")
            .underlining("{.claim")
            .help("then `{` right after `]`"),
    );
}

#[test]
fn event_handler_in_heading_attributes_is_an_error() {
    fails_with(
        "unsafe_heading_attribute",
        Expected::error("content/a.md:5:14", "`onfocus` is not an attribute gloss writes")
            .underlining("onfocus")
            .help("write `data-onfocus=…`, or raw HTML where the site allows it"),
    );
}

#[test]
fn event_handler_in_span_attributes_is_an_error() {
    fails_with(
        "unsafe_span_attribute",
        Expected::error("content/a.md:5:17", "`onclick` is not an attribute gloss writes")
            .underlining("onclick")
            .help("write `data-onclick=…`, or raw HTML where the site allows it"),
    );
}

#[test]
fn event_handler_in_attributes_is_an_error_with_unsafe_html_false_too() {
    let site = Site::fixture("invalid/unsafe_span_attribute").write("site.yaml", "title: T\nunsafe_html: false\n");
    fails_with_site(
        site,
        Expected::error("content/a.md:5:17", "`onclick` is not an attribute gloss writes").underlining("onclick"),
    );
}

// --- files, templates and the site ------------------------------------------

#[test]
fn non_utf8_file_is_located_at_the_first_bad_byte() {
    // "Caf\xE9" on line 5: the bad byte is the 4th character.
    let site =
        Site::fixture("invalid/non_utf8").write("content/bad.md", b"---\ntitle: Latin-1\n---\n\nCaf\xE9 au lait.\n");
    fails_with_site(site, Expected::error("content/bad.md:5:4", "not valid UTF-8").help("save the file as UTF-8"));
}

#[test]
fn two_articles_at_the_same_url_names_both_files() {
    let run = fails_with(
        "two_articles_same_url",
        Expected::error("content/second.md:3:7", "`same-place/`")
            .underlining("same-place")
            .help("another file name or a `slug:`"),
    );
    let message = &run.errors()[0].message;
    assert!(
        message.contains("content/first.md") && message.contains("content/second.md"),
        "the message should name both files: {message:?}"
    );
}

#[test]
fn template_error_names_the_template_file_and_line() {
    fails_with(
        "template_error",
        Expected::error("templates/article.html:4:4", "template error").help("fix the template"),
    );
}

#[test]
fn misspelt_site_yaml_key_suggests_the_right_one() {
    fails_with(
        "site_yaml_unknown_key",
        Expected::error("site.yaml:2:1", "unknown key `descripton`")
            .underlining("descripton")
            .help("did you mean `description`?"),
    );
}

#[test]
fn errors_in_several_files_are_all_reported_sorted_by_file() {
    let run = Site::fixture("invalid/two_files_with_errors").with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "both files' errors\n--- stderr ---\n{}", run.stderr);
    Expected::error("content/a.md:3:7", "`2024-02-31` is not a date")
        .help("YYYY-MM-DD")
        .assert_matches(&errors[0], &run.stderr);
    Expected::error("content/b.md:5:6", "unknown source `missing`")
        .underlining("@missing")
        .help("sources are defined under `sources:`")
        .assert_matches(&errors[1], &run.stderr);
    let summary = run.summary_line().unwrap_or("(none)");
    assert!(summary.starts_with("2 errors"), "summary line {summary:?}\n--- stderr ---\n{}", run.stderr);
}
