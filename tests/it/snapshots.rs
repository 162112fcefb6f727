//! The whole page of a realistic article, pinned. Fixture `valid/reference`:
//! four claims (one described inline), three sources, a note, a table and a
//! code block, with a base URL and a publisher so the JSON-LD is complete.
//!
//! A change here is a change to what readers get: review the diff, then
//! accept it with `INSTA_UPDATE=always cargo test --test it snapshots`.

use crate::support::Site;

#[test]
fn reference_article_page() {
    let run = Site::fixture("valid/reference").build().success().quiet();
    let html = run.page("explainers/port-closures/");
    // The version changes with every release; the page otherwise must not.
    let html = html.replace(concat!("gloss ", env!("CARGO_PKG_VERSION")), "gloss [version]");
    insta::assert_snapshot!("reference_article_page", html);
}
