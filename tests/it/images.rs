//! Images in articles: found at build time (in `static/` for a path
//! starting with `/`, beside the article otherwise), published, linked by a
//! URL relative to the page, sized from the file, lazily loaded; an image
//! alone in its paragraph is a figure with its description as caption.
//!
//! Fixture `valid/images`: `content/explainers/images.md` shows
//! `/img/chart.png` (8×6, in static/, with a credit), `map.png` (5×7, beside
//! it), `figs/detail photo.png` (3×2, in a folder beside it, a space in
//! its name), an inline `map.png` with a title, an inline `/img/diagram.svg`
//! (no size in an SVG header) and an external photo. Fixture
//! `invalid/missing_image`: `/img/chrat.png` where static/ has `chart.png`.

use crate::support::html::{Element, select_tag};
use crate::support::{Expected, Run, Site, fails_with_site, fixtures_dir};

const PAGE: &str = "explainers/images/";

fn built() -> Run {
    Site::fixture("valid/images").build().success().quiet()
}

/// The first `<img>` whose `src` is `src`; panics listing every image
/// when there is none.
#[track_caller]
fn img<'a>(html: &'a str, src: &str) -> Element<'a> {
    let all = select_tag(html, "img");
    let found: Vec<Element> = all.iter().copied().filter(|e| e.attr("src").as_deref() == Some(src)).collect();
    let tags: Vec<&str> = all.iter().map(|e| e.start_tag).collect();
    assert!(!found.is_empty(), "no <img src=\"{src}\">; the page has:\n{tags:#?}");
    found[0]
}

/// The figure holding the `<img>` whose `src` is `src`.
#[track_caller]
fn figure<'a>(html: &'a str, src: &str) -> Element<'a> {
    let figures = select_tag(html, "figure");
    let wanted = format!("src=\"{src}\"");
    *figures.iter().find(|f| f.html.contains(&wanted)).unwrap_or_else(|| {
        panic!("no <figure> holds {wanted}; the figures:\n{:#?}", figures.iter().map(|f| f.html).collect::<Vec<_>>())
    })
}

#[test]
fn site_root_image_is_found_in_static_and_linked_relative_to_the_page() {
    let run = built();
    let html = run.page(PAGE);
    img(&html, "../../img/chart.png");
    assert!(run.has("img/chart.png"), "static/img/chart.png should be published at img/chart.png: {:?}", run.files());
}

#[test]
fn relative_image_is_published_in_the_article_page_folder() {
    let run = built();
    let html = run.page(PAGE);
    img(&html, "map.png");
    img(&html, "figs/detail%20photo.png");
    let root = fixtures_dir().join("valid/images/content/explainers");
    for (published, source) in [("map.png", "map.png"), ("figs/detail photo.png", "figs/detail photo.png")] {
        let got = std::fs::read(run.out().join(PAGE).join(published));
        let want = std::fs::read(root.join(source)).expect("the fixture's image");
        assert_eq!(got.ok(), Some(want), "{PAGE}{published} should be a copy of the image; output: {:?}", run.files());
    }
}

#[test]
fn image_alone_in_its_paragraph_is_a_figure_with_caption_and_credit() {
    let html = built().page(PAGE);
    let fig = figure(&html, "../../img/chart.png");
    let caption = select_tag(fig.html, "figcaption");
    assert_eq!(caption.len(), 1, "{}", fig.html);
    assert!(caption[0].html.contains("<em>month</em>"), "the caption keeps the description's markup: {}", fig.html);
    assert_eq!(caption[0].text(), "Arrests by month, 2023 Chart: Example Desk", "{}", fig.html);
    let credit = caption[0].select("class=\"credit\"");
    assert_eq!(credit.iter().map(|c| c.text()).collect::<Vec<_>>(), ["Chart: Example Desk"], "{}", fig.html);
    assert_eq!(img(&html, "../../img/chart.png").attr("alt").as_deref(), Some("Arrests by month, 2023"));
    // A figure without a credit has the description alone.
    let plain = figure(&html, "map.png");
    assert_eq!(select_tag(plain.html, "figcaption")[0].text(), "The crossing point", "{}", plain.html);
    assert!(!html.contains("{credit"), "the attribute block is not left in the text");
}

#[test]
fn width_and_height_come_from_the_file() {
    let html = built().page(PAGE);
    let size = |e: Element| (e.attr("width"), e.attr("height"));
    let px = |w: &str, h: &str| (Some(w.to_string()), Some(h.to_string()));
    assert_eq!(size(img(&html, "../../img/chart.png")), px("8", "6"));
    assert_eq!(size(img(&html, "figs/detail%20photo.png")), px("3", "2"));
    assert_eq!(size(img(&html, "../../img/diagram.svg")), (None, None), "an SVG's size is its own");
    assert_eq!(size(img(&html, "https://example.org/photo.jpg")), (None, None), "an external image is not fetched");
}

#[test]
fn inline_image_stays_an_img_with_lazy_loading() {
    let html = built().page(PAGE);
    let para =
        select_tag(&html, "p").into_iter().find(|p| p.text().starts_with("Inline, a map")).expect("the paragraph");
    let inline = select_tag(para.html, "img");
    assert_eq!(inline.len(), 2, "{}", para.html);
    assert_eq!(inline[0].attr("title").as_deref(), Some("Where it happened"), "{}", para.html);
    assert_eq!(inline[0].attr("alt").as_deref(), Some("the map"), "{}", para.html);
    for e in select_tag(&html, "img") {
        assert_eq!(e.attr("loading").as_deref(), Some("lazy"), "every image loads lazily: {}", e.start_tag);
    }
}

#[test]
fn external_image_is_left_as_written() {
    let html = built().page(PAGE);
    figure(&html, "https://example.org/photo.jpg");
}

#[test]
fn missing_image_is_an_error_at_its_path_with_a_did_you_mean() {
    let run = Site::fixture("invalid/missing_image").with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    run.expect_only_error(
        &Expected::error(
            "content/a.md:7:21",
            "image `/img/chrat.png` not found: there is no file static/img/chrat.png",
        )
        .underlining("/img/chrat.png")
        .help("did you mean `/img/chart.png`?"),
    );
}

/// Builds `valid/images` with `content/explainers/bad.md` holding `body`
/// (after a three-line front matter: the body starts on line 5).
fn with_bad_article(body: &str) -> Run {
    let text = format!("---\ntitle: Bad\n---\n\n{body}");
    Site::fixture("valid/images").write("content/explainers/bad.md", text).with_previous_output().build().failure()
}

#[test]
fn missing_relative_image_suggests_the_file_beside_the_article() {
    with_bad_article("![A map](mapp.png)\n").expect_only_error(
        &Expected::error("content/explainers/bad.md:5:10", "there is no file content/explainers/mapp.png")
            .underlining("mapp.png")
            .help("did you mean `map.png`?"),
    );
}

#[test]
fn relative_image_outside_the_article_folder_is_an_error() {
    with_bad_article("![Up](../chart.png)\n").expect_only_error(
        &Expected::error("content/explainers/bad.md:5:7", "is outside the article's folder content/explainers/")
            .underlining("../chart.png")
            .help("in static/ and write `/file.png`"),
    );
}

#[test]
fn credit_on_an_inline_image_is_an_error() {
    with_bad_article("See ![x](map.png){credit=\"AP\"} here.\n").expect_only_error(
        &Expected::error("content/explainers/bad.md:5:18", "a credit is shown under a figure")
            .underlining("{credit=\"AP\"}")
            .help("put the image in a paragraph of its own"),
    );
}

#[test]
fn unknown_image_attribute_is_an_error() {
    with_bad_article("![x](map.png){credt=\"AP\"}\n").expect_only_error(
        &Expected::error("content/explainers/bad.md:5:14", "`credt` is not an image attribute")
            .help("did you mean `credit`?"),
    );
}

#[test]
fn a_file_that_is_not_a_picture_is_not_an_image() {
    with_bad_article("![x](images.md)\n").expect_only_error(
        &Expected::error("content/explainers/bad.md:5:6", "`images.md` is not an image file")
            .underlining("images.md")
            .help("link to other files with `[text](…)`"),
    );
}

#[test]
fn check_missed_broken_links_in_raw_html_with_single_quotes_newlines_srcset_and_src() {
    let body = "---\ntitle: Raw links\n---\n\n\
        <a href='gone-single.html'>one</a>\n\n\
        <a class=\"x\"\nhref=\"gone-newline.html\">two</a>\n\n\
        <img alt=\"\" srcset=\"gone-1x.png 1x, gone-2x.png 2x\">\n\n\
        <img alt=\"\" src=gone-src.png>\n";
    let run = Site::fixture("valid/raw_html").write("content/links.md", body).check().failure();
    let mut found: Vec<(String, String)> = run
        .errors()
        .iter()
        .map(|d| (d.position.clone().unwrap_or_default(), d.underlined.clone().unwrap_or_default()))
        .collect();
    found.sort();
    let mut want: Vec<(String, String)> = [
        ("content/links.md:5:10", "gone-single.html"),
        ("content/links.md:8:7", "gone-newline.html"),
        ("content/links.md:10:21", "gone-1x.png"),
        ("content/links.md:10:37", "gone-2x.png"),
        ("content/links.md:12:17", "gone-src.png"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(found, want, "every broken link, at its place\n--- stderr ---\n{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn image_that_links_outside_the_site_is_refused() {
    let article = "---\ntitle: Bad\n---\n\n![Secret](secret.png)\n";
    let site = Site::fixture("valid/images").write("content/explainers/bad.md", article);
    let elsewhere = tempfile::tempdir().expect("a folder outside the site");
    let outside = elsewhere.path().join("secret.png");
    std::fs::write(&outside, b"not for the site").expect("write a file outside the site");
    std::os::unix::fs::symlink(&outside, site.root.join("content/explainers/secret.png")).expect("make a link");
    let run = site.with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    let errors = run.errors();
    let expected = Expected::error("content/explainers/bad.md:5:11", "is a symbolic link to")
        .underlining("secret.png")
        .help("nothing from outside the site");
    let found = errors.iter().find(|d| d.position.as_deref() == Some(expected.at.as_str()));
    expected.assert_matches(found.unwrap_or_else(|| panic!("no error at the image\n{}", run.stderr)), &run.stderr);
}

fn png() -> Vec<u8> {
    std::fs::read(fixtures_dir().join("valid/images/static/img/chart.png")).expect("the fixture's chart")
}

#[test]
fn image_beside_an_article_overwrote_a_static_file_at_its_address() {
    // map.png beside images.md is published at explainers/images/map.png.
    let site = Site::fixture("valid/images").write("static/explainers/images/map.png", png());
    fails_with_site(
        site,
        Expected::error(
            "content/explainers/images.md:7:23",
            "`explainers/images/map.png` would be published twice: by static/explainers/images/map.png and by \
             content/explainers/map.png (an image of content/explainers/images.md)",
        )
        .underlining("map.png")
        .help("rename or move the image beside the article, or the other file"),
    );
}

#[test]
fn images_differing_only_in_case_overwrote_each_other() {
    // MAP.png and map.png beside one article: one file on macOS, Windows and many hosts.
    let site = Site::fixture("valid/images")
        .write("content/explainers/MAP.png", png())
        .write("content/explainers/p.md", "---\ntitle: P\n---\n\n![a](map.png)\n\n![b](MAP.png)\n");
    fails_with_site(
        site,
        Expected::error(
            "content/explainers/p.md:7:6",
            "`explainers/p/map.png` and `explainers/p/MAP.png` differ only in case: content/explainers/map.png \
             (an image of content/explainers/p.md) and content/explainers/MAP.png (an image of \
             content/explainers/p.md) would overwrite each other",
        )
        .underlining("MAP.png")
        .help("rename or move the image beside the article, or the other file"),
    );
}

/// An SVG can hold script, and one beside an article is published at the
/// site's origin: with `unsafe_html: false` it is refused, as raw HTML is.
#[test]
fn svg_beside_an_article_is_refused_when_raw_html_is_not_allowed() {
    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let text = "---\ntitle: Bad\n---\n\n![A chart](chart.svg)\n";
    let site = || {
        Site::fixture("valid/images")
            .write("content/explainers/bad.md", text)
            .write("content/explainers/chart.svg", SVG)
    };
    let run = site().write("site.yaml", "title: Images\nunsafe_html: false\n").with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    run.expect_only_error(
        &Expected::error("content/explainers/bad.md:5:12", "`chart.svg` is an SVG beside the article")
            .underlining("chart.svg")
            .help("put it in static/"),
    );
    let allowed = site().build().success().quiet();
    assert!(
        allowed.has("explainers/bad/chart.svg"),
        "the SVG is published when the site allows raw HTML: {:?}",
        allowed.files()
    );
}
