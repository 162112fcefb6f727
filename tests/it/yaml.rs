//! YAML that gloss reads (front matter, `_index.md`, content/sources.yaml,
//! site.yaml): a key given twice, nesting past 64 levels, alias bombs and
//! tabs fail the build at their place, with a help line, exit code 1 and
//! the previous output untouched. One fixture per case under
//! `tests/fixtures/invalid/yaml_*`; the huge inputs are written by the tests.

use std::time::{Duration, Instant};

use crate::support::{Expected, Site, fails_with};

#[test]
fn duplicate_claim_no_longer_replaces_the_first() {
    // Regression (issue 15): the second `claims.smuggler-ties` silently
    // replaced the first, publishing a "misleading" claim as "accurate".
    fails_with(
        "yaml_duplicate_claim",
        Expected::error("content/a.md:7:3", "duplicate key `smuggler-ties` in `claims`")
            .underlining("smuggler-ties")
            .help("`smuggler-ties` is first given on line 4"),
    );
}

#[test]
fn duplicate_field_under_sources_points_at_the_second() {
    fails_with(
        "yaml_duplicate_source_in_front_matter",
        Expected::error("content/a.md:7:5", "duplicate key `publisher` in `sources.cnn-report`")
            .underlining("publisher")
            .help("`publisher` is first given on line 6"),
    );
}

#[test]
fn duplicate_source_in_sources_yaml() {
    fails_with(
        "yaml_duplicate_in_sources_yaml",
        Expected::error("content/sources.yaml:6:1", "duplicate key `cnn-report`")
            .underlining("cnn-report")
            .help("`cnn-report` is first given on line 1"),
    );
}

#[test]
fn duplicate_key_nested_in_site_yaml() {
    fails_with(
        "yaml_duplicate_in_site_yaml",
        Expected::error("site.yaml:6:5", "duplicate key `mastodon` in `extra.social`")
            .underlining("mastodon")
            .help("`mastodon` is first given on line 4"),
    );
}

#[test]
fn duplicate_title_in_a_section_index() {
    fails_with(
        "yaml_duplicate_in_section",
        Expected::error("content/explainers/_index.md:4:1", "duplicate key `title`")
            .underlining("title")
            .help("`title` is first given on line 2"),
    );
}

#[test]
fn duplicate_key_found_where_only_serde_yaml_reads_the_text() {
    // A quoted note whose second line is no deeper than its key: saphyr
    // refuses it, serde_yaml (which gloss reads with) accepts it, so the
    // duplicate is found by serde_yaml's own walk.
    fails_with(
        "yaml_duplicate_under_lenient_quotes",
        Expected::error("content/a.md:8:3", "duplicate key `a` in `claims`")
            .underlining("a")
            .help("`a` is first given on line 4"),
    );
}

#[test]
fn tab_indentation_says_tab() {
    // Regression: libyaml called it "found character that cannot start any
    // token". (The underline is the tab, shown as spaces.)
    fails_with(
        "yaml_tab_indent",
        Expected::error("content/a.md:5:1", "a tab where YAML expects spaces").help("replace the tab with spaces"),
    );
}

#[test]
fn alias_bomb_fails_at_the_alias_that_crosses_the_bound() {
    fails_with(
        "yaml_alias_bomb",
        Expected::error("content/a.md:8:10", "the alias `*d` makes aliases repeat over")
            .underlining("*")
            .help("aliases of aliases multiply"),
    );
}

#[test]
fn nesting_past_64_levels_is_refused_where_it_passes() {
    // `title` is level 1 (the front matter's mapping), so the 64th `[` is
    // the 65th level: column 8 + 63.
    fails_with(
        "yaml_too_deep",
        Expected::error("content/a.md:4:71", "nested too deeply").help("at most 64 lists and mappings"),
    );
}

/// 30,000 levels took serde_yaml seconds to tens of seconds before it
/// failed (issue 16); now the pass stops at the limit. The time bound is
/// generous (a busy machine); tests/properties.rs checks the growth.
#[test]
fn thirty_thousand_levels_fail_fast_in_every_yaml_file() {
    let deep = "[".repeat(30_000);
    let cases = [
        ("content/a.md", format!("---\ntitle: {deep}\n---\n"), "content/a.md:2"),
        ("content/sources.yaml", format!("s:\n  title: {deep}\n"), "content/sources.yaml:2"),
        ("site.yaml", format!("title: T\nextra: {deep}\n"), "site.yaml:2"),
        ("content/s/_index.md", format!("---\ntitle: {}\n---\n", "{a: ".repeat(30_000)), "content/s/_index.md:2"),
    ];
    for (file, text, at) in cases {
        let site = Site::fixture("invalid/yaml_too_deep").write("content/a.md", "---\ntitle: A\n---\n");
        let start = Instant::now();
        let run = site.write(file, text).with_previous_output().build().failure();
        let took = start.elapsed();
        run.assert_previous_output_untouched();
        let errors = run.errors();
        assert!(
            errors.len() == 1
                && errors[0].message.contains("nested too deeply")
                && errors[0].position.as_deref().is_some_and(|p| p.starts_with(&format!("{at}:"))),
            "{file}: expected one nesting error at {at}\n--- stderr ---\n{}",
            run.stderr
        );
        assert!(took < Duration::from_secs(10), "{file}: took {took:?}");
    }
}
