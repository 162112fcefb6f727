//! Issue 18, the format of a claim: every mistake in `ruling`, `said`,
//! `appearance`, `claimant`, `history`, `corrections`, content/claims.yaml
//! and the inline attributes fails the build at the value, with what is
//! wrong and how to fix it, and leaves the previous output untouched.
//!
//! Each test writes one article over the fixture `valid/one_value_lists`
//! (whose only article is content/a.md). Positions are counted by hand:
//! lines from 1 including the front matter, columns in characters from 1.

use crate::support::{Expected, Site, fails_with_site};

/// The fixture with content/a.md replaced by `text`.
fn with_article(text: &str) -> Site {
    Site::fixture("valid/one_value_lists").write("content/a.md", text)
}

/// An article whose claim `c` (line 4) has the fields `fields`, each line
/// indented under it (first field on line 6), and is marked in the text.
fn claim_with(fields: &str) -> String {
    format!(
        "---\ntitle: A\nsources:\n  s1: {{title: S, url: https://example.org/s}}\nclaims:\n  c:\n    verdict: \"false\"\n    sources: s1\n{fields}---\n\nSaid [the words]{{.claim #c}}.\n"
    )
}

// --- unknown keys -----------------------------------------------------------

#[test]
fn a_misspelt_ruling_suggests_ruling() {
    fails_with_site(
        with_article(&claim_with("    rulling: No.\n")),
        Expected::error("content/a.md:9:5", "unknown key `rulling`")
            .underlining("rulling")
            .help("did you mean `ruling`?"),
    );
}

#[test]
fn a_misspelt_key_in_a_claimant_suggests_the_right_one() {
    fails_with_site(
        with_article(&claim_with("    claimant:\n      name: Jane Doe\n      knd: person\n")),
        Expected::error("content/a.md:11:7", "unknown key `knd`").underlining("knd").help("did you mean `kind`?"),
    );
}

#[test]
fn a_misspelt_key_in_an_appearance_suggests_the_right_one() {
    fails_with_site(
        with_article(&claim_with(
            "    appearance:\n      - url: https://example.com/p\n        archive: https://a.example/p\n",
        )),
        Expected::error("content/a.md:11:9", "unknown key `archive`")
            .underlining("archive")
            .help("did you mean `archived`?"),
    );
}

#[test]
fn a_misspelt_key_in_an_earlier_verdict_suggests_the_right_one() {
    fails_with_site(
        with_article(&claim_with("    history:\n      - date: 2024-01-02\n        verdcit: accurate\n")),
        Expected::error("content/a.md:11:9", "unknown key `verdcit`")
            .underlining("verdcit")
            .help("did you mean `verdict`?"),
    );
}

#[test]
fn a_misspelt_key_in_a_correction_suggests_the_right_one() {
    fails_with_site(
        with_article("---\ntitle: A\ncorrections:\n  - date: 2024-01-02\n    txt: The year was wrong.\n---\nText.\n"),
        Expected::error("content/a.md:5:5", "unknown key `txt`").underlining("txt").help("did you mean `text`?"),
    );
}

#[test]
fn a_misspelt_key_in_claims_yaml_suggests_the_right_one() {
    let site = Site::fixture("valid/one_value_lists").write("content/claims.yaml", "c:\n  claimnat: Jane Doe\n");
    fails_with_site(
        site,
        Expected::error("content/claims.yaml:2:3", "unknown key `claimnat`")
            .underlining("claimnat")
            .help("did you mean `claimant`?"),
    );
}

/// A verdict is what an article gives: claims.yaml says so, instead of
/// "unknown key" with a list of keys that leaves the writer guessing.
#[test]
fn a_verdict_in_claims_yaml_says_it_belongs_to_the_article() {
    let site = Site::fixture("valid/one_value_lists")
        .write("content/claims.yaml", "c:\n  claimant: Jane Doe\n  verdict: \"false\"\n");
    fails_with_site(
        site,
        Expected::error("content/claims.yaml:3:3", "a claim of content/claims.yaml has no `verdict`")
            .underlining("verdict")
            .help("move `verdict:` to the claim `c` under `claims:` in the articles that check it"),
    );
}

// --- claimant -----------------------------------------------------------------

#[test]
fn a_claimant_kind_outside_person_and_organization_suggests_one() {
    fails_with_site(
        with_article(&claim_with("    claimant: {name: Jane Doe, kind: persn}\n")),
        Expected::error("content/a.md:9:38", "`persn` is not a kind of claimant")
            .underlining("persn")
            .help("did you mean `person`?"),
    );
}

#[test]
fn a_claimant_without_a_name_is_refused() {
    fails_with_site(
        with_article(&claim_with("    claimant:\n      kind: organization\n")),
        Expected::error("content/a.md:9:5", "the claimant has no `name`")
            .underlining("claimant")
            .help("claimant: {name: Jane Doe, kind: person}"),
    );
}

#[test]
fn a_claimant_url_must_be_a_web_address() {
    fails_with_site(
        with_article(&claim_with("    claimant: {name: Jane Doe, url: www.example.org/jane}\n")),
        Expected::error("content/a.md:9:37", "`www.example.org/jane` is not a web address")
            .underlining("www.example.org/jane")
            .help("did you mean `https://www.example.org/jane`?"),
    );
}

// --- appearance ---------------------------------------------------------------

#[test]
fn a_javascript_appearance_is_refused() {
    fails_with_site(
        with_article(&claim_with("    appearance: \"javascript:alert(1)\"\n")),
        Expected::error("content/a.md:9:17", "javascript:").underlining("\"javascript:alert(1)\"").help("http"),
    );
}

#[test]
fn an_appearance_without_a_scheme_suggests_https() {
    fails_with_site(
        with_article(&claim_with("    appearance:\n      - https://example.com/a\n      - www.x.org/post\n")),
        Expected::error("content/a.md:11:9", "`www.x.org/post` is not a web address")
            .underlining("www.x.org/post")
            .help("did you mean `https://www.x.org/post`?"),
    );
}

#[test]
fn an_archived_copy_without_a_scheme_is_refused_at_its_value() {
    fails_with_site(
        with_article(&claim_with(
            "    appearance:\n      - url: https://example.com/a\n        archived: archive.example/a\n",
        )),
        Expected::error("content/a.md:11:19", "`archive.example/a` is not a web address")
            .underlining("archive.example/a")
            .help("did you mean `https://archive.example/a`?"),
    );
}

#[test]
fn an_appearance_without_a_url_is_refused() {
    fails_with_site(
        with_article(&claim_with("    appearance:\n      - archived: https://a.example/p\n")),
        Expected::error("content/a.md:10:9", "an appearance has no `url`")
            .underlining("a")
            .help("appearance: {url: https://"),
    );
}

// --- history ------------------------------------------------------------------

#[test]
fn an_earlier_verdict_outside_the_scale_suggests_the_closest() {
    fails_with_site(
        with_article(&claim_with("    history:\n      - date: 2024-01-02\n        verdict: acurate\n")),
        Expected::error("content/a.md:11:18", "verdict `acurate` is not in the site's scale")
            .underlining("acurate")
            .help("did you mean `accurate`?"),
    );
}

#[test]
fn an_earlier_verdict_with_an_impossible_date_is_refused() {
    fails_with_site(
        with_article(&claim_with("    history:\n      - {date: 2024-02-30, verdict: accurate}\n")),
        Expected::error("content/a.md:10:16", "2024-02-30").underlining("2024-02-30").help("YYYY-MM-DD"),
    );
}

#[test]
fn an_earlier_verdict_without_a_date_is_refused_at_the_entry() {
    fails_with_site(
        with_article(&claim_with("    history:\n      - verdict: accurate\n        note: Before the survey.\n")),
        Expected::error("content/a.md:10:9", "an earlier verdict needs a `date` and a `verdict`")
            .underlining("v")
            .help("{date: 2024-01-31, verdict: false, note: Why it changed}"),
    );
}

#[test]
fn a_javascript_link_in_an_earlier_verdicts_note_is_refused_at_the_link() {
    fails_with_site(
        with_article(&claim_with(
            "    history:\n      - date: 2024-01-02\n        verdict: accurate\n        note: See [x](javascript:alert(1)).\n",
        )),
        Expected::error("content/a.md:12:19", "`javascript:alert(1)` uses the `javascript:` scheme")
            .underlining("[x](javascript:alert(1))")
            .help("links may be http, https, mailto or relative"),
    );
}

// --- corrections --------------------------------------------------------------

#[test]
fn a_correction_without_text_is_refused_at_the_entry() {
    fails_with_site(
        with_article("---\ntitle: A\ncorrections:\n  - date: 2024-01-02\n---\nText.\n"),
        Expected::error("content/a.md:4:5", "a correction needs a `date` and a `text`")
            .underlining("d")
            .help("{date: 2024-01-31, text: What was wrong and what is right}"),
    );
}

#[test]
fn a_correction_with_a_bad_date_is_refused_at_the_date() {
    fails_with_site(
        with_article("---\ntitle: A\ncorrections:\n  - {date: 2024-13-01, text: Wrong month.}\n---\nText.\n"),
        Expected::error("content/a.md:4:12", "2024-13-01").underlining("2024-13-01").help("YYYY-MM-DD"),
    );
}

#[test]
fn a_javascript_link_in_a_correction_is_refused_at_the_link() {
    fails_with_site(
        with_article(
            "---\ntitle: A\ncorrections:\n  - date: 2024-01-02\n    text: See [y](javascript:alert(2)).\n  - date: 2024-01-01\n    text: Fine.\n---\nText.\n",
        ),
        Expected::error("content/a.md:5:15", "`javascript:alert(2)` uses the `javascript:` scheme")
            .underlining("[y](javascript:alert(2))")
            .help("links may be http, https, mailto or relative"),
    );
}

#[test]
fn a_javascript_link_in_an_inline_ruling_is_refused_at_the_span() {
    fails_with_site(
        with_article(
            "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\n---\n\nSaid [the words]{.claim #c verdict=false ruling=\"[z](javascript:alert(3))\"}[@s1].\n",
        ),
        Expected::error("content/a.md:7:6", "`javascript:alert(3)` uses the `javascript:` scheme")
            .underlining("[the words]{.claim #c verdict=false ruling=\"[z](javascript:alert(3))\"}")
            .help("links may be http, https, mailto or relative"),
    );
}

// --- said ---------------------------------------------------------------------

#[test]
fn said_and_date_both_is_refused() {
    fails_with_site(
        with_article(&claim_with("    said: 2024-01-02\n    date: 2024-01-02\n")),
        Expected::error("content/a.md:10:5", "the claim has both `said` and `date`")
            .underlining("date")
            .help("`date` is the old name of `said`: keep one"),
    );
}

#[test]
fn said_and_date_both_on_a_span_is_refused_at_the_span() {
    fails_with_site(
        with_article(
            "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\n---\n\nSaid [the words]{.claim #c verdict=false said=2024 date=2023}[@s1].\n",
        ),
        Expected::error("content/a.md:7:6", "the claim has both `said` and `date`")
            .underlining("[the words]{.claim #c verdict=false said=2024 date=2023}")
            .help("`date` is the old name of `said`: keep one"),
    );
}

#[test]
fn an_impossible_said_date_is_refused() {
    fails_with_site(
        with_article(&claim_with("    said: 2024-04-31\n")),
        Expected::error("content/a.md:9:11", "2024-04-31").underlining("2024-04-31").help("YYYY"),
    );
}

#[test]
fn a_partial_said_date_is_read() {
    let run = with_article(&claim_with("    said: 2024-03\n")).build().success().quiet();
    let json: serde_json::Value = serde_json::from_str(&run.page("claims.json")).expect("claims.json is JSON");
    assert_eq!(json["claims"][0]["date"], "2024-03", "{json:#}");
}

// --- content/claims.yaml ------------------------------------------------------

/// content/claims.yaml with claim `shared`, and an article checking it.
fn shared_site(article_fields: &str) -> Site {
    Site::fixture("valid/one_value_lists")
        .write("content/claims.yaml", "shared:\n  claimant: Jane Doe\n  said: 2024-01\n")
        .write(
            "content/a.md",
            format!(
                "---\ntitle: A\nsources:\n  s1: {{title: S, url: https://example.org/s}}\nclaims:\n  shared:\n    verdict: \"false\"\n    sources: s1\n{article_fields}---\n\nSaid [the words]{{.claim #shared}}.\n"
            ),
        )
}

#[test]
fn an_article_repeating_the_claimant_of_claims_yaml_is_refused() {
    fails_with_site(
        shared_site("    claimant: Jane Doe\n"),
        Expected::error(
            "content/a.md:9:5",
            "claim `shared` is defined in content/claims.yaml, which gives its `claimant`",
        )
        .underlining("claimant")
        .help("delete this `claimant:`"),
    );
}

#[test]
fn an_article_checking_a_claim_of_claims_yaml_gives_only_its_verdict() {
    let run = shared_site("    ruling: It was 2023.\n").build().success().quiet();
    let html = run.page("a/shared/");
    assert!(html.contains("Jane Doe"), "the claimant comes from content/claims.yaml:\n{html}");
}

#[test]
fn an_inline_claimant_on_a_claim_of_claims_yaml_is_refused() {
    let site = shared_site("").write(
        "content/a.md",
        "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\nclaims:\n  shared:\n    verdict: \"false\"\n    sources: s1\n---\n\nSaid [the words]{.claim #shared claimant=Someone}.\n",
    );
    fails_with_site(
        site,
        Expected::error(
            "content/a.md:11:6",
            "claim `shared` is defined in content/claims.yaml, which gives its `claimant`",
        )
        .underlining("[the words]{.claim #shared claimant=Someone}")
        .help("delete this `claimant=`"),
    );
}

#[test]
fn a_claim_of_claims_yaml_no_article_checks_is_warned_about() {
    let run = shared_site("")
        .write("content/claims.yaml", "shared:\n  claimant: Jane Doe\nleftover:\n  claimant: Someone\n")
        .build()
        .success();
    let diags = run.diagnostics();
    assert_eq!(diags.len(), 1, "{}", run.stderr);
    assert_eq!(diags[0].severity, "warning");
    assert_eq!(diags[0].message, "claim `leftover` of content/claims.yaml is checked by no article");
    assert_eq!(diags[0].position.as_deref(), Some("content/claims.yaml:3:1"));
    assert_eq!(diags[0].underlined.as_deref(), Some("leftover"));
    assert!(diags[0].help.as_deref().is_some_and(|h| h.contains("[…]{.claim #leftover}")), "{}", run.stderr);
}

// --- inline attributes --------------------------------------------------------

#[test]
fn an_inline_appearance_that_is_not_a_web_address_is_refused() {
    fails_with_site(
        with_article(
            "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\n---\n\nSaid [the words]{.claim #c verdict=false appearance=www.x.org/p}[@s1].\n",
        ),
        Expected::error("content/a.md:7:6", "`www.x.org/p` is not a web address")
            .underlining("[the words]{.claim #c verdict=false appearance=www.x.org/p}")
            .help("did you mean `https://www.x.org/p`?"),
    );
}

#[test]
fn an_inline_javascript_appearance_is_refused() {
    fails_with_site(
        with_article(
            "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\n---\n\nSaid [the words]{.claim #c verdict=false appearance=\"javascript:alert(1)\"}[@s1].\n",
        ),
        Expected::error("content/a.md:7:6", "javascript:")
            .underlining("[the words]{.claim #c verdict=false appearance=\"javascript:alert(1)\"}")
            .help("http"),
    );
}

#[test]
fn an_inline_said_that_is_not_a_date_is_refused() {
    fails_with_site(
        with_article(
            "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\n---\n\nSaid [the words]{.claim #c verdict=false said=2024-02-30}[@s1].\n",
        ),
        Expected::error("content/a.md:7:6", "2024-02-30")
            .underlining("[the words]{.claim #c verdict=false said=2024-02-30}")
            .help("YYYY"),
    );
}

// --- claim pages and other addresses ------------------------------------------

/// content/a.md's claim `closed` has its page at `a/closed/`, where
/// static/ publishes a file too: the error is at the claim and names both.
#[test]
fn a_claim_page_where_a_static_file_is_names_both() {
    let site = Site::fixture("valid/one_value_lists").write("static/a/closed/index.html", "<p>static</p>");
    fails_with_site(
        site,
        Expected::error("content/a.md:15:51", "static/a/closed/index.html")
            .underlining("closed")
            .help("give the claim another id"),
    );
}

/// A claim only in the front matter (a warning, not an error) still has
/// a page: at `a/map.png/`, a folder where the image beside the article
/// is published as a file.
#[test]
fn a_claim_page_where_an_image_beside_the_article_is_names_both() {
    let site = with_article(
        "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\nclaims:\n  map.png:\n    verdict: \"false\"\n    sources: s1\n    quote: The map is old.\n---\n\n![A map](map.png)\n",
    )
    .write("content/map.png", b"\x89PNG\r\n\x1a\n");
    let run = fails_with_site(
        site,
        Expected::error("content/a.md:6:3", "the page of claim `map.png` of content/a.md")
            .underlining("map.png")
            .help("give the claim another id"),
    );
    assert!(
        run.stderr.contains("map.png` beside content/a.md") || run.stderr.contains("content/map.png"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_claim_page_inside_its_articles_own_page_is_refused() {
    let site = with_article(
        "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\nclaims:\n  index.html:\n    verdict: \"false\"\n    sources: s1\n    quote: The words.\n---\n\nText.\n",
    );
    fails_with_site(
        site,
        Expected::error("content/a.md:6:3", "the page of claim `index.html` of content/a.md")
            .underlining("index.html")
            .help("give the claim another id"),
    );
}

/// A claim page is checked against the other addresses lower-cased: the
/// page of claim `Old-Map` is `a/Old-Map/`, one folder with static/'s
/// `a/old-map/` on many hosts.
#[test]
fn a_claim_page_whose_folder_differs_from_a_static_one_only_in_case_is_refused() {
    let site = with_article(
        "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\nclaims:\n  Old-Map:\n    verdict: \"false\"\n    sources: s1\n    quote: The map is old.\n---\n\nText.\n",
    )
    .write("static/a/old-map/index.html", b"<p>Made by hand.</p>");
    let run = fails_with_site(
        site,
        Expected::error("content/a.md:6:3", "the page of claim `Old-Map` of content/a.md")
            .underlining("Old-Map")
            .help("give the claim another id"),
    );
    assert!(run.stderr.contains("static/a/old-map/index.html"), "{}", run.stderr);
}

/// Addresses are compared lower-cased: `a/Closed/` and `a/closed/` are
/// one folder on many hosts.
#[test]
fn two_claims_whose_ids_differ_only_in_case_are_refused() {
    let site = with_article(
        "---\ntitle: A\nsources:\n  s1: {title: S, url: https://example.org/s}\n---\n\nSaid [one]{.claim #Closed verdict=false}[@s1] and [two]{.claim #closed verdict=false}[@s1].\n",
    );
    fails_with_site(
        site,
        Expected::error("content/a.md:7:65", "the page of claim `closed` of content/a.md")
            .underlining("closed")
            .help("give the claim another id"),
    );
}
