//! One URL rule everywhere: a URL that can reach an `href` or a `src`,
//! from any file and any field, is refused when its scheme could run code
//! (`javascript:`, `vbscript:`, `data:` but for raster images), however it
//! is spelt, with the error at its place.
//!
//! One fixture per field under `tests/fixtures/invalid/url_in_*`, each
//! spelling the scheme another way (case, a tab, character references).
//! Positions are counted by hand. Generated spellings go through every
//! field in `tests/properties.rs`.

use crate::support::{Expected, Run, Site, select_one};

const LINK_HELP: &str = "links may be http, https, mailto or relative";
const IMAGE_HELP: &str = "images may be http, https or relative, or data:image/png, jpeg, gif or webp";

/// Builds `invalid/<fixture>` over a previous output and expects exactly
/// `expected`, the previous output untouched.
#[track_caller]
fn refused(fixture: &str, expected: Expected) -> Run {
    refused_site(Site::fixture(&format!("invalid/{fixture}")), expected)
}

#[track_caller]
fn refused_site(site: Site, expected: Expected) -> Run {
    let run = site.with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    run.expect_only_error(&expected);
    run
}

#[test]
fn link_in_a_claim_note_that_runs_code_is_an_error_at_the_link() {
    refused(
        "url_in_claim_note",
        Expected::error("content/a.md:6:15", "`JAVAScript:alert(1)` uses the `javascript:` scheme")
            .underlining("[the record](JAVA&#x53;cript:alert(1))")
            .help(LINK_HELP),
    );
}

#[test]
fn raw_html_in_a_claim_note_is_checked_too() {
    let site = Site::fixture("invalid/url_in_claim_note").write(
        "content/a.md",
        "---\ntitle: T\nclaims:\n  sky:\n    verdict: accurate\n    note: See <a href=\"vbscript:msgbox(1)\">this</a>.\n---\n\n[The sky is blue]{.claim #sky}.\n",
    );
    refused_site(
        site,
        Expected::error("content/a.md:6:18", "`vbscript:msgbox(1)` uses the `vbscript:` scheme")
            .underlining("href=\"vbscript:msgbox(1)\"")
            .help(LINK_HELP),
    );
}

#[test]
fn quoted_claim_note_is_reported_at_the_note() {
    // A quoted note is not written as it is read: the error points at it.
    let site = Site::fixture("invalid/url_in_claim_note").write(
        "content/a.md",
        "---\ntitle: T\nclaims:\n  sky:\n    verdict: accurate\n    note: \"[x](javascript:alert(1))\"\n---\n\n[The sky is blue]{.claim #sky}.\n",
    );
    refused_site(site, Expected::error("content/a.md:6:11", "uses the `javascript:` scheme").help(LINK_HELP));
}

#[test]
fn link_in_a_section_intro_that_runs_code_is_an_error_at_the_link() {
    refused(
        "url_in_section_intro",
        Expected::error("content/explainers/_index.md:5:20", r"`java\tscript:alert(1)` uses the `javascript:` scheme")
            .underlining("[how](java&#x09;script:alert(1))")
            .help(LINK_HELP),
    );
}

#[test]
fn publisher_url_that_runs_code_is_refused() {
    refused(
        "url_in_publisher",
        Expected::error("site.yaml:4:8", r"`\tjavascript:alert(1)` uses the `javascript:` scheme").help(LINK_HELP),
    );
}

#[test]
fn site_source_url_spelt_with_a_character_reference_is_refused() {
    refused(
        "url_in_site_source",
        Expected::error("content/sources.yaml:3:8", "`&#106;avascript:alert(1)` uses the `javascript:` scheme")
            .help(LINK_HELP),
    );
}

#[test]
fn archived_copy_that_runs_code_is_refused() {
    refused(
        "url_in_source_archived",
        Expected::error("content/a.md:7:15", "`VBScript:msgbox(1)` uses the `vbscript:` scheme")
            .underlining("VBScript:msgbox(1)")
            .help(LINK_HELP),
    );
}

#[test]
fn card_image_given_as_a_data_url_is_refused() {
    refused(
        "url_in_image",
        Expected::error("content/a.md:3:8", "`data:image/png;base64,iVBORw0KGgo=` uses the `data:` scheme")
            .underlining("data:image/png;base64,iVBORw0KGgo=")
            .help("`image:` is a path (of a file in static/) or an http or https URL"),
    );
}

#[test]
fn link_in_a_footnote_that_runs_code_is_an_error_at_the_link() {
    refused(
        "url_in_footnote",
        Expected::error("content/a.md:7:11", "`vbscript:msgbox(1)` uses the `vbscript:` scheme")
            .underlining("[this](vbscript:msgbox(1))")
            .help(LINK_HELP),
    );
}

#[test]
fn raw_html_url_attributes_are_read_as_a_browser_reads_them() {
    let run = Site::fixture("invalid/url_in_raw_html").with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "one error for the inline tag, one for the tag across lines\n{}", run.stderr);
    Expected::error("content/a.md:5:11", "`javascript:alert(1)` uses the `javascript:` scheme")
        .underlining(r#"href="jav&#x61;script:alert(1)""#)
        .help(LINK_HELP)
        .assert_matches(&errors[0], &run.stderr);
    Expected::error("content/a.md:9:4", "`javascript:alert(2)` uses the `javascript:` scheme")
        .underlining(r#"HREF = "&#106;avascript:alert(2)""#)
        .help(LINK_HELP)
        .assert_matches(&errors[1], &run.stderr);
}

#[test]
fn raw_html_escaped_by_unsafe_html_false_is_text_not_a_link() {
    let run =
        Site::fixture("invalid/url_in_raw_html").write("site.yaml", "title: T\nunsafe_html: false\n").build().success();
    let html = run.page("a/");
    assert!(!html.contains("<a class=\"x\""), "the raw tag was kept:\n{html}");
}

#[test]
fn raster_data_images_and_ordinary_links_pass() {
    let run = Site::fixture("valid/data_images").build().success().quiet();
    let html = run.page("a/");
    let img = select_one(&html, r#"alt="a red dot""#);
    assert_eq!(img.attr("src").as_deref(), Some("data:image/png;base64,iVBORw0KGgo="), "{}", img.html);
    select_one(&html, r#"class="raw-gif""#);
    select_one(&html, r#"href="mailto:desk@example.com""#);
}

#[test]
fn svg_data_image_and_data_link_are_refused() {
    let site = Site::fixture("valid/data_images").write(
        "content/a.md",
        "---\ntitle: T\n---\n\n![x](data:image/svg+xml,<svg/onload=alert(1)>)\n\n[y](data:image/png;base64,iVBO)\n",
    );
    let run = site.with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    Expected::error("content/a.md:5:1", "uses the `data:` scheme")
        .help(IMAGE_HELP)
        .assert_matches(&errors[0], &run.stderr);
    Expected::error("content/a.md:7:1", "uses the `data:` scheme")
        .help(LINK_HELP)
        .assert_matches(&errors[1], &run.stderr);
}

#[test]
fn url_under_a_url_key_of_page_extra_is_refused() {
    refused(
        "url_in_page_extra",
        Expected::error("content/a.md:5:15", "`javascript:alert(1)` uses the `javascript:` scheme")
            .underlining("javascript:alert(1)")
            .help(LINK_HELP),
    );
}

#[test]
fn url_under_a_url_key_of_site_extra_is_refused_and_other_text_is_not() {
    let site = Site::fixture("valid/data_images").write(
        "site.yaml",
        "title: T\nextra:\n  tagline: 'JavaScript: the good parts'\n  logo_src: data:image/svg+xml,x\n",
    );
    refused_site(
        site,
        Expected::error("site.yaml:4:13", "`data:image/svg+xml,x` uses the `data:` scheme")
            .underlining("data:image/svg+xml,x")
            .help(IMAGE_HELP),
    );
    let site = Site::fixture("valid/data_images").write(
        "site.yaml",
        "title: T\nextra:\n  tagline: 'JavaScript: the good parts'\n  logo_src: data:image/png,x\n",
    );
    site.build().success().quiet();
}

#[test]
fn link_in_a_source_note_that_runs_code_is_an_error_at_the_link() {
    let site = Site::fixture("invalid/url_in_source_archived").write(
        "content/a.md",
        "---\ntitle: T\nsources:\n  s:\n    title: S\n    note: Read [it](javascript:alert(1)).\n---\n\nText.[@s]\n",
    );
    refused_site(
        site,
        Expected::error("content/a.md:6:16", "`javascript:alert(1)` uses the `javascript:` scheme")
            .underlining("[it](javascript:alert(1))")
            .help(LINK_HELP),
    );
}

#[test]
fn link_in_a_site_wide_source_note_that_runs_code_is_an_error_at_the_link() {
    let site = Site::fixture("invalid/url_in_site_source")
        .write("content/sources.yaml", "s:\n  title: S\n  note: Read [it](vbscript:msgbox(1)).\n");
    refused_site(
        site,
        Expected::error("content/sources.yaml:3:14", "`vbscript:msgbox(1)` uses the `vbscript:` scheme")
            .underlining("[it](vbscript:msgbox(1))")
            .help(LINK_HELP),
    );
}
