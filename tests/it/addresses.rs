//! Two things at one address fail the build with an error at the later
//! file, naming both, before anything is written: two articles, an article
//! and a section, a file of static/ and a page, gloss's own pages and a
//! writer's, and names that differ only in case.

use crate::support::{Expected, Site, fails_with, fails_with_site};

#[test]
fn article_at_the_claims_index_is_refused() {
    fails_with(
        "article_at_claims_index",
        Expected::error(
            "content/claims.md:1:1",
            "content/claims.md would be published at `claims/`, but gloss keeps `claims/` for the claims index",
        )
        .underlining("-")
        .help("give it another file name or `slug:`; gloss keeps `claims/`, `sources/`, `tags/` and `theme/`"),
    );
}

#[test]
fn slug_making_a_folder_of_the_404_page_is_refused_at_the_slug() {
    fails_with(
        "slug_at_a_site_file",
        Expected::error(
            "content/a.md:3:7",
            "gloss's 404 page and content/a.md cannot both be published: `404.html` would be a file for one and a folder for the other",
        )
        .underlining("404.html")
        .help("give it another file name or a `slug:` in its front matter"),
    );
}

#[test]
fn article_and_section_at_one_address_name_both() {
    fails_with(
        "article_and_section_same_url",
        Expected::error(
            "content/explainers.md:1:1",
            "`explainers/` would be published twice: by the section content/explainers/ and by content/explainers.md",
        )
        .help("give one of them another file name or a `slug:` in its front matter"),
    );
}

#[test]
fn static_file_at_an_articles_address_names_both() {
    fails_with(
        "static_at_article_url",
        Expected::error(
            "content/about.md:1:1",
            "`about/` would be published twice: by static/about/index.html and by content/about.md",
        )
        .help("give one of them another file name or a `slug:`"),
    );
}

#[test]
fn static_file_at_a_generated_page_is_refused() {
    fails_with(
        "static_at_site_page",
        Expected::error(
            "static/404.html:1:1",
            "`404.html` would be published twice: by gloss's 404 page and by static/404.html",
        )
        .underlining("<")
        .help("rename or move the file in static/"),
    );
}

#[test]
fn article_at_page_2_of_the_home_page_is_refused() {
    fails_with(
        "article_at_home_page_2",
        Expected::error(
            "content/page/2.md:1:1",
            "`page/2/` would be published twice: by page 2 of the home page and by content/page/2.md",
        )
        .help("give it another file name or a `slug:`"),
    );
}

#[test]
fn a_page_2_that_the_home_page_does_not_have_is_free() {
    // Two articles at 20 a page: the home page has no page 2.
    let site = Site::fixture("invalid/article_at_home_page_2").write("site.yaml", "title: Not paged\n");
    let run = site.build().success();
    assert!(run.page("page/2/").contains("Two"), "the article at page/2/ is published");
}

#[test]
fn names_differing_only_in_case_collide() {
    let article = |title: &str| format!("---\ntitle: {title}\n---\n\nText.\n");
    let site = Site::fixture("valid/check_clean")
        .write("content/About.md", article("Upper"))
        .write("content/about.md", article("Lower"));
    fails_with_site(
        site,
        Expected::error(
            "content/about.md:1:1",
            "`About/` and `about/` differ only in case: content/About.md and content/about.md would overwrite each other on case-insensitive systems",
        )
        .help("give one of them another file name or a `slug:`"),
    );
}

#[test]
fn static_files_differing_only_in_case_collide() {
    let site = Site::fixture("valid/check_clean").write("static/img/Logo.png", "A").write("static/img/logo.png", "B");
    fails_with_site(
        site,
        Expected::error("static/img/logo.png:1:1", "`img/Logo.png` and `img/logo.png` differ only in case")
            .help("rename or move the file in static/"),
    );
}

#[test]
fn a_static_file_may_not_replace_a_file_of_the_theme() {
    let site = Site::fixture("valid/check_clean").write("static/theme/gloss.css", "body {}");
    fails_with_site(
        site,
        Expected::error(
            "static/theme/gloss.css:1:1",
            "static/theme/gloss.css would be published at `theme/gloss.css`, but gloss keeps `theme/` for the theme's files",
        )
        .help("a theme's files go in themes/NAME/static/"),
    );
}

#[test]
fn a_section_in_a_kept_folder_is_one_error_for_all_its_articles() {
    let article = |title: &str| format!("---\ntitle: {title}\n---\n\nText.\n");
    let site = Site::fixture("valid/check_clean")
        .write("content/tags/a.md", article("A"))
        .write("content/tags/b.md", article("B"))
        .write("content/tags/sub/c.md", article("C"));
    fails_with_site(
        site,
        Expected::error(
            "content/tags/a.md:1:1",
            "the section content/tags/ would be published at `tags/`, but gloss keeps `tags/` for the tag pages",
        )
        .help("rename the folder content/tags/"),
    );
}

#[test]
fn static_files_beside_an_article_still_publish() {
    let site = Site::fixture("valid/check_clean")
        .write("static/article/photo.png", "PNG")
        .write("static/Img/a.png", "A")
        .write("static/img/b.png", "B");
    let run = site.build().success();
    assert!(run.has("article/photo.png") && run.has("article/index.html"), "{:?}", run.files());
}

#[test]
fn check_reports_a_collision_too() {
    let run = Site::fixture("invalid/static_at_site_page").check().failure();
    run.expect_only_error(
        &Expected::error(
            "static/404.html:1:1",
            "`404.html` would be published twice: by gloss's 404 page and by static/404.html",
        )
        .help("rename or move the file in static/"),
    );
}

#[test]
fn the_slug_that_made_the_address_is_blamed_even_in_the_earlier_file() {
    let site = Site::fixture("valid/check_clean")
        .write("content/first.md", "---\ntitle: First\nslug: second\n---\n\nOne.\n")
        .write("content/second.md", "---\ntitle: Second\n---\n\nTwo.\n");
    fails_with_site(
        site,
        Expected::error(
            "content/first.md:3:7",
            "`second/` would be published twice: by content/first.md and by content/second.md",
        )
        .underlining("second")
        .help("give one of them another file name or a `slug:`"),
    );
}
