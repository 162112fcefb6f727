//! Issue 15, cases found by writing as a writer would: each mistake either
//! works as meant (a list written as one value) or fails the build at the
//! value, saying what is wrong and how to fix it.

use crate::support::{Expected, Site, assert_contains, fails_with, select_one};

#[test]
fn a_list_written_as_one_value_is_a_one_item_list() {
    let run = Site::fixture("valid/one_value_lists").build().success().quiet();
    let html = run.page("a/");
    assert_eq!(select_one(&html, r#"class="author""#).text(), "Desk Staff");
    assert_eq!(select_one(&html, r#"rel="tag""#).attr("href").as_deref(), Some("../tags/border/"));
    // The claim's one source reaches its claim (never its ClaimReview's
    // `appearance`, which is where the claim was made).
    assert_eq!(select_one(&html, r#"class="claim-sources""#).text(), "Source: 1");
    assert!(!html.contains(r#""appearance""#), "{html}");
    assert!(run.has("tags/border/index.html"));
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    fails_with(
        "link_to_draft",
        Expected::error("content/a.md:5:5", "link to `b.md`: content/b.md is a draft, published only with `--drafts`")
            .underlining("[the follow-up](b.md)")
            .help("remove `draft: true` from content/b.md to publish it, or remove the link"),
    );
}

#[test]
fn a_link_to_a_draft_works_with_drafts() {
    let run = Site::fixture("invalid/link_to_draft").arg("--drafts").build().success().quiet();
    assert_contains(&run.page("a/"), r#"<a href="../b/">the follow-up</a>"#);
}

#[test]
fn a_source_url_without_https_is_refused_with_the_address_suggested() {
    fails_with(
        "source_url_without_scheme",
        Expected::error(
            "content/a.md:6:10",
            "`www.example.com/report` is not a web address: a link to another site must start with `https://` or `http://`",
        )
        .underlining("www.example.com/report")
        .help("did you mean `https://www.example.com/report`?"),
    );
}

#[test]
fn a_body_link_starting_with_www_is_refused() {
    fails_with(
        "www_markdown_link",
        Expected::error(
            "content/a.md:5:6",
            "link to `www.example.com/report` is relative: it would point inside this site, not to a website",
        )
        .underlining("[the report](www.example.com/report)")
        .help("did you mean `https://www.example.com/report`?"),
    );
}

#[test]
fn one_tag_in_two_spellings_is_refused() {
    fails_with(
        "tag_in_two_spellings",
        Expected::error("content/a.md:3:27", "tag `border!` is the same tag as `Border`: both are tags/border/")
            .underlining("border!")
            .help("keep one of them: remove `border!`"),
    );
}

#[test]
fn updated_before_date_is_refused() {
    fails_with(
        "updated_before_date",
        Expected::error(
            "content/a.md:4:10",
            "the article was updated (2024-04-10) before it was published (2024-05-10)",
        )
        .underlining("2024-04-10")
        .help("correct one of them"),
    );
}

#[test]
fn a_claim_span_without_words_is_refused() {
    fails_with(
        "claim_span_without_words",
        Expected::error("content/a.md:8:19", "claim `closed` marks no words")
            .underlining("[]{.claim #closed}")
            .help("put the claim's words between the brackets"),
    );
}

#[test]
fn a_claim_id_one_typo_from_an_unmarked_claim_is_refused() {
    fails_with(
        "claim_id_one_typo_away",
        Expected::error(
            "content/a.md:8:15",
            "claim `smugler-ties` is not in the front matter, but `smuggler-ties` is and no span marks it",
        )
        .underlining("[a smuggler had ties]{.claim #smugler-ties verdict=false}")
        .help("did you mean `#smuggler-ties`?"),
    );
}

#[test]
fn an_empty_author_is_refused() {
    fails_with(
        "empty_author",
        Expected::error("content/a.md:3:10", "an author has no name").underlining("[").help("remove the empty one"),
    );
}

/// `content/???.md` slugged to nothing and was refused as "writing
/// `/index.html`" with no file named; a folder `!!!/` vanished from its
/// articles' addresses. Both are errors at the file.
#[test]
fn a_name_without_letters_or_digits_makes_no_address() {
    const ARTICLE: &str = "---\ntitle: Q\ndate: 2023-09-01\n---\nText.\n";
    let run = Site::fixture("valid/one_value_lists")
        .write("content/???.md", ARTICLE)
        .with_previous_output()
        .build()
        .failure();
    run.assert_previous_output_untouched();
    run.expect_only_error(
        &Expected::error("content/???.md:1:1", "the file name `???.md` makes no address: it has no letters or digits")
            .underlining("---")
            .help("give the article a `slug:`"),
    );
    let run = Site::fixture("valid/one_value_lists").write("content/!!!/b.md", ARTICLE).build().failure();
    run.expect_only_error(
        &Expected::error("content/!!!/b.md:1:1", "the folder name `!!!` makes no address").help("rename the folder"),
    );
    let with_slug = ARTICLE.replace("date:", "slug: fine\ndate:");
    Site::fixture("valid/one_value_lists").write("content/???.md", with_slug).build().success();
}
