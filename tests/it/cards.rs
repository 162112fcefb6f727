//! Share cards (`social_cards: true`): a PNG per article at
//! `cards/<page>.<version>.png`, `og:image` pointing at it, a cache in the site's
//! `.gloss-cache/cards/` that only a successful build adds to, and
//! nothing of it all with cards off or in `gloss check`.
//!
//! Fixture `valid/check_clean` (one article, `article.md`, with one claim,
//! `growth`, rated `accurate`, which has its own page), with a second
//! article written by each test.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::support::http;
use crate::support::process::Server;
use crate::support::{Site, assert_contains, assert_not_contains, select};

const CACHE: &str = ".gloss-cache/cards";
const SECOND: &str = "content/explainers/b.md";

/// The fixture with cards on (or not) and a second article, in a section.
fn site(cards: bool) -> Site {
    let base = "title: Clean Desk\nbase_url: https://example.org/\n";
    let yaml = if cards { format!("{base}social_cards: true\n") } else { base.to_string() };
    Site::fixture("valid/check_clean")
        .write("site.yaml", yaml)
        .write(SECOND, "---\ntitle: A second article\ndate: 2024-02-01\n---\nWords.\n")
}

/// Width and height from a PNG's header, after checking its signature.
#[track_caller]
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR", "{} is no PNG", path.display());
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The cache's files: name → (inode, mtime in ns).
fn cache(root: &Path) -> std::collections::BTreeMap<String, (u64, i128)> {
    let Ok(dir) = std::fs::read_dir(root.join(CACHE)) else { return Default::default() };
    dir.map(|e| {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        (
            e.file_name().to_string_lossy().into_owned(),
            (m.ino(), i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec())),
        )
    })
    .collect()
}

/// The `content` of the page's `<meta>` with this `property` or `name`.
#[track_caller]
fn meta(html: &str, key: &str) -> String {
    let by = |attr: &str| select(html, &format!(r#"{attr}="{key}""#));
    let found = [by("property"), by("name")].concat();
    assert_eq!(found.len(), 1, "one <meta> for {key}: {found:?}");
    found[0].attr("content").unwrap_or_default()
}

/// Where the card of the page at `url` is in the output, from its `og:image`,
/// after checking the address: `cards/`, the page, a 16-digit version.
#[track_caller]
fn card(run: &crate::support::Run, url: &str) -> String {
    let image = meta(&run.page(url), "og:image");
    let rel = image.strip_prefix("https://example.org/").unwrap_or_else(|| panic!("not absolute: {image}"));
    let page = url.trim_end_matches('/');
    let version = rel.strip_prefix(&format!("cards/{page}.")).and_then(|v| v.strip_suffix(".png"));
    assert!(version.is_some_and(|v| v.len() == 16 && v.bytes().all(|b| b.is_ascii_hexdigit())), "{rel}");
    rel.to_string()
}

#[test]
fn each_article_gets_a_card_and_its_page_points_at_it() {
    let run = site(true).build().success().quiet();
    assert_eq!(png_size(&run.out().join(card(&run, "article/"))), (1200, 630));
    assert_eq!(png_size(&run.out().join(card(&run, "explainers/b/"))), (1200, 630));
    let page = run.page("article/");
    assert_eq!(meta(&page, "twitter:card"), "summary_large_image");
    assert_eq!(meta(&page, "og:image:alt"), "Accurate: A clean article (Clean Desk)");
    let second = run.page("explainers/b/");
    assert_eq!(meta(&second, "og:image:alt"), "A second article (Clean Desk)", "no claim, no verdict");
    // The claim's own page has its card: the verdict, the claim and who made it.
    assert_eq!(png_size(&run.out().join(card(&run, "article/growth/"))), (1200, 630));
    let claim = run.page("article/growth/");
    assert_eq!(meta(&claim, "og:image:alt"), "Accurate: “the town grew” — The council (Clean Desk)");
    assert_contains(&run.stderr, "Share cards: 3 drawn, 0 unchanged");
    assert_eq!(cache(&run.site.root).len(), 3, "{:?}", cache(&run.site.root));
}

#[test]
fn a_second_build_draws_nothing_and_an_edit_draws_only_its_card() {
    let run = site(true).build().success();
    let first = cache(&run.site.root);
    let kept = run.out().join(card(&run, "article/"));
    let inode = std::fs::metadata(&kept).unwrap().ino();
    let old_b = card(&run, "explainers/b/");

    let run = run.site.build().success();
    assert_contains(&run.stderr, "Share cards: 0 drawn, 3 unchanged");
    assert_eq!(cache(&run.site.root), first, "the cache is untouched");
    assert_eq!(std::fs::metadata(&kept).unwrap().ino(), inode, "the output keeps the card's file");

    let run = run.site.write(SECOND, "---\ntitle: A new title\ndate: 2024-02-01\n---\nWords.\n").build().success();
    assert_contains(&run.stderr, "Share cards: 1 drawn, 2 unchanged");
    let now = cache(&run.site.root);
    assert_eq!(now.len(), 3, "the old card of b is deleted from the cache: {now:?}");
    assert_eq!(now.keys().filter(|k| first.contains_key(*k)).count(), 2);
    assert_eq!(std::fs::metadata(&kept).unwrap().ino(), inode, "the unchanged card is kept");
    // A card that shows something else has a new address (sharing sites keep
    // an image by its URL), and the old one is gone.
    let new_b = card(&run, "explainers/b/");
    assert_ne!(new_b, old_b);
    assert!(run.has(&new_b) && !run.has(&old_b), "{:?}", run.files());
}

#[test]
fn a_failed_build_adds_nothing_to_the_cache() {
    let broken = "---\ntitle: Broken\ndate: 2024-02-01\nclaims:\n  x:\n    verdict: nonsense\n---\nWords.\n";
    let run = site(true).write("content/broken.md", broken).build().failure();
    assert!(!run.site.root.join(".gloss-cache").exists(), "a failed build wrote a cache");

    let fine = "---\ntitle: Fine\ndate: 2024-02-01\n---\nWords.\n";
    let run = run.site.write("content/broken.md", fine).build().success();
    let before = cache(&run.site.root);
    assert_eq!(before.len(), 4, "{before:?}");
    // A new card to draw, in a build that fails.
    let edited = "---\ntitle: A new title\ndate: 2024-02-01\n---\nWords.\n";
    let run = run.site.write(SECOND, edited).write("content/broken.md", broken).build().failure();
    assert_eq!(cache(&run.site.root), before, "the failed build changed the cache");
}

/// `.gloss-cache` as a link out of the site: the build keeps no card there
/// (not even a folder) and says so.
#[test]
fn a_cache_folder_that_links_out_of_the_site_is_not_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let site = site(true);
    std::os::unix::fs::symlink(outside.path(), site.root.join(".gloss-cache")).unwrap();
    let run = site.build().success();
    assert_contains(&run.stderr, "share cards could not be kept");
    let left: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
    assert!(left.is_empty(), "the build wrote through the link: {left:?}");
    assert_eq!(png_size(&run.out().join(card(&run, "article/"))), (1200, 630));
}

#[test]
fn without_cards_there_are_no_cards_and_no_cache() {
    let run = site(false).build().success().quiet();
    assert!(!run.files().iter().any(|f| f.starts_with("cards/")), "{:?}", run.files());
    assert!(!run.site.root.join(".gloss-cache").exists());
    let page = run.page("article/");
    assert_not_contains(&page, "og:image");
    assert_eq!(meta(&page, "twitter:card"), "summary");
    assert_not_contains(&run.stderr, "Share cards");
}

#[test]
fn check_draws_no_cards() {
    let run = site(true).check().success();
    assert!(!run.site.root.join(".gloss-cache").exists(), "gloss check wrote a cache");
}

#[test]
fn without_a_base_url_the_card_is_given_relative_to_the_page() {
    let run = site(true).write("site.yaml", "title: Clean Desk\nsocial_cards: true\n").build().success();
    let image = meta(&run.page("explainers/b/"), "og:image");
    let rel = image.strip_prefix("../../").unwrap_or_else(|| panic!("not relative to the page: {image}"));
    assert!(rel.starts_with("cards/explainers/b.") && run.has(rel), "{image}");
}

#[test]
fn with_cards_on_an_article_cannot_publish_in_cards() {
    let run = site(true).write("content/cards/x.md", "---\ntitle: X\ndate: 2024-02-01\n---\nWords.\n").build();
    let run = run.failure();
    assert_contains(&run.stderr, "the share cards");
    // With cards off, the folder is the writer's.
    site(false).write("content/cards/x.md", "---\ntitle: X\ndate: 2024-02-01\n---\nWords.\n").build().success();
}

#[test]
fn serve_draws_a_card_when_it_is_asked_for_and_again_after_an_edit_that_changes_it() {
    let site = site(true);
    let server = Server::start(&site.root, &site.root, &["--port", "0"]).unwrap_or_else(|e| panic!("{e}"));
    // The page's og:image, as a path on the server.
    let image = || {
        let page = http::must_get(server.port, "/explainers/b/");
        let url = meta(&String::from_utf8_lossy(&page.body), "og:image");
        format!("/{}", url.strip_prefix("https://example.org/").unwrap_or(&url))
    };
    let at = image();
    let first = http::must_get(server.port, &at);
    assert_eq!((first.status, first.header("content-type")), (200, Some("image/png")), "{}", server.log());
    assert!(first.body.starts_with(b"\x89PNG"));
    assert_eq!(http::must_get(server.port, &at).body, first.body);
    std::fs::write(site.root.join(SECOND), "---\ntitle: Edited\ndate: 2024-02-01\n---\nWords.\n").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while image() == at {
        assert!(std::time::Instant::now() < deadline, "the card's address did not change\n{}", server.log());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let edited = http::must_get(server.port, &image());
    assert_eq!(edited.status, 200, "{}", server.log());
    assert!(edited.body.starts_with(b"\x89PNG") && edited.body != first.body, "the card was not redrawn");
    assert_eq!(http::must_get(server.port, &at).status, 404, "the card's old address is still served");
    assert!(!site.root.join(".gloss-cache").exists(), "serve writes no cache");
}
