//! How a file is saved does not change the site: a UTF-8 byte-order mark and
//! CRLF line endings build the same page as plain LF, and errors in such a
//! file point at the same line and column. Fixture `valid/bom_crlf` holds
//! the LF version; the tests write the other encodings.

use crate::support::{Expected, Site, to_crlf};

const ARTICLE: &str = "content/article.md";

fn lf_page() -> String {
    Site::fixture("valid/bom_crlf").build().success().quiet().page("article/")
}

#[track_caller]
fn assert_same_page(encoding: &str, page: &str, lf: &str) {
    if page != lf {
        let line = page
            .lines()
            .zip(lf.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(page.lines().count().min(lf.lines().count()));
        panic!(
            "the {encoding} article's page differs from the LF one from line {}:\n{encoding}: {:?}\nLF:   {:?}",
            line + 1,
            page.lines().nth(line),
            lf.lines().nth(line)
        );
    }
}

#[test]
fn bom_and_crlf_article_builds_identically_to_lf() {
    let site = Site::fixture("valid/bom_crlf");
    let lf = site.read(ARTICLE);
    let page = site.write(ARTICLE, format!("\u{FEFF}{}", to_crlf(&lf))).build().success().quiet().page("article/");
    assert_same_page("BOM+CRLF", &page, &lf_page());
}

#[test]
fn crlf_article_builds_identically_to_lf() {
    let site = Site::fixture("valid/bom_crlf");
    let lf = site.read(ARTICLE);
    let page = site.write(ARTICLE, to_crlf(&lf)).build().success().quiet().page("article/");
    assert_same_page("CRLF", &page, &lf_page());
}

#[test]
fn errors_in_a_bom_crlf_file_point_at_the_right_line_and_column() {
    let text = "---\ntitle: CRLF\ndate: 2024-02-30\n---\n\nA line before.\nThen a bad one [@nope] here.\n";
    let run = Site::fixture("valid/bom_crlf").write(ARTICLE, format!("\u{FEFF}{}", to_crlf(text))).build().failure();
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "two errors expected\n{}", run.stderr);
    Expected::error("content/article.md:3:7", "`2024-02-30` is not a date")
        .underlining("2024-02-30")
        .help("YYYY-MM-DD")
        .assert_matches(&errors[0], &run.stderr);
    Expected::error("content/article.md:7:17", "unknown source `nope`")
        .underlining("@nope")
        .help("sources are defined under `sources:`")
        .assert_matches(&errors[1], &run.stderr);
}
