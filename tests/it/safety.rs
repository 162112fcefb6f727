//! Safety of the output: text a writer controls never becomes markup,
//! links never run code, raw HTML follows `unsafe_html`, and symbolic links
//! in `content/` neither hang the build nor lead it to write elsewhere.
//!
//! Fixture `valid/safety`: every value of site.yaml, content/sources.yaml,
//! a section's `_index.md` and an article's front matter (title, summary,
//! author, tag, claimant, note, quote, source title, publisher and URL,
//! verdict label and description, publisher) holds `<script>alert(1)</script>`
//! and `" onmouseover="x`, with `unsafe_html: false`. Fixture
//! `valid/raw_html`: raw HTML inline, as a block and in a claim's note.

use std::time::{Duration, Instant};

use crate::support::html::select_tag;
use crate::support::{Expected, Run, Site, assert_contains, diagnostics, select, select_one};

/// What every hostile value holds besides its own words.
const HOSTILE: &str = r#"<script>alert(1)</script> " onmouseover="x"#;

fn hostile(words: &str) -> String {
    format!("{words} {HOSTILE}")
}

fn build_hostile() -> Run {
    Site::fixture("valid/safety").build().success().quiet()
}

/// The output's HTML and XML files with their text.
fn markup_files(run: &Run) -> Vec<(String, String)> {
    run.files()
        .into_iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
        .map(|f| {
            let text = run.page(&f);
            (f, text)
        })
        .collect()
}

#[test]
fn hostile_text_never_becomes_markup_on_any_page() {
    let run = build_hostile();
    let files = markup_files(&run);
    let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
    for page in ["checks/hostile/index.html", "index.html", "claims/index.html", "sources/index.html", "atom.xml"] {
        assert!(names.contains(&page), "{page} was not written: {names:#?}");
    }
    let mut problems = Vec::new();
    for (file, text) in &files {
        let lower = text.to_ascii_lowercase();
        if let Some(i) = lower.find("<script>alert") {
            problems.push(format!("{file}: a raw script: …{}…", &text[i.saturating_sub(80)..(i + 40).min(text.len())]));
        }
        if let Some(i) = text.find(r#"onmouseover=""#) {
            problems.push(format!(
                "{file}: an attribute broke out: …{}…",
                &text[i.saturating_sub(80)..(i + 40).min(text.len())]
            ));
        }
        for script in select_tag(text, "script") {
            let tag = script.start_tag;
            let allowed = tag.starts_with("<script src=") || tag == r#"<script type="application/ld+json">"#;
            if !allowed {
                problems.push(format!("{file}: an unexpected script element: {tag}"));
            }
        }
    }
    assert!(problems.is_empty(), "hostile text became markup:\n  {}", problems.join("\n  "));
}

#[test]
fn hostile_text_reads_back_exactly_as_written() {
    let run = build_hostile();
    let article = run.page("checks/hostile/");
    let mut wrong = Vec::new();
    let mut expect = |place: &str, got: Option<String>, want: String| {
        if got.as_deref() != Some(want.as_str()) {
            wrong.push(format!("{place}: got {got:?}, want {want:?}"));
        }
    };
    let h1 = |html: &str| select_tag(html, "h1").first().map(|e| e.text());
    let by = |html: &str, needle: &str| select(html, needle).first().map(|e| e.text().trim().to_string());
    let meta = |html: &str, needle: &str| select(html, needle).first().and_then(|e| e.attr("content"));
    expect("article <h1>", h1(&article), hostile("Title"));
    expect("article og:title", meta(&article, r#"property="og:title""#), hostile("Title"));
    expect("article description", meta(&article, r#"name="description""#), hostile("Summary"));
    expect("article author", by(&article, r#"class="author""#), hostile("Author"));
    expect("claimant in the sidebar", by(&article, r#"class="claimant-name""#), hostile("Claimant"));
    expect("note in the sidebar", by(&article, r#"class="claim-note""#), hostile("Note").replace('"', "\u{201c}"));
    expect("claim quote in the sidebar", by(&article, r#"class="claim-quote""#), hostile("Quote"));
    expect(
        "own source's title",
        by(select_one(&article, r#"data-source-entry="own-source""#).html, r#"class="source-title""#),
        hostile("Own source"),
    );
    expect("own source's publisher", by(&article, r#"class="source-publisher""#), hostile("Own publisher"));
    expect(
        "own source's link",
        select_one(&article, r#"data-source-entry="own-source""#).links().first().map(|l| l.0.clone()),
        r#"https://example.com/" onmouseover="x"#.into(),
    );
    expect("verdict label in the text", by(&article, r#"class="claim-verdict""#), hostile("Accurate"));
    expect("verdict description", select_tag(&article, "dd").first().map(|e| e.text()), hostile("Verdict"));
    expect("site title", by(&article, r#"class="site-title""#), hostile("Desk"));
    let home = run.page("index.html");
    expect(
        "home: article link",
        select(&home, r#"class="article-card""#).first().and_then(|c| c.links().first().map(|l| l.1.clone())),
        hostile("Title"),
    );
    expect("home: summary", by(&home, r#"class="summary""#), hostile("Summary"));
    let claims = run.page("claims/");
    expect("claims index: claimant", by(&claims, r#"class="claimant""#), hostile("Claimant"));
    let sources = run.page("sources/");
    expect(
        "sources index: site source",
        by(select_one(&sources, r#"data-source="site-source""#).html, r#"class="source-title""#),
        hostile("Site source"),
    );
    let section = run.page("checks/");
    expect("section <h1>", h1(&section), hostile("Section"));
    assert!(wrong.is_empty(), "values should reach the reader as written, escaped once:\n  {}", wrong.join("\n  "));
}

#[test]
fn json_ld_keeps_hostile_text_as_data_inside_its_script() {
    let run = build_hostile();
    let html = run.page("checks/hostile/");
    let script = select_one(&html, r#"type="application/ld+json""#);
    let inner = &script.html[script.start_tag.len()..script.html.len() - "</script>".len()];
    assert!(!inner.to_ascii_lowercase().contains("</script"), "the JSON-LD could end its script early:\n{inner}");
    let json: serde_json::Value = serde_json::from_str(inner).unwrap_or_else(|e| panic!("not JSON ({e}):\n{inner}"));
    let review = json.as_array().and_then(|a| a.iter().find(|o| o["@type"] == "ClaimReview")).expect("a ClaimReview");
    assert_eq!(json[0]["@type"], "NewsArticle", "{json:#}");
    assert_eq!(review["claimReviewed"], hostile("Quote"), "{review:#}");
    assert_eq!(review["itemReviewed"]["author"]["name"], hostile("Claimant"), "{review:#}");
    assert_eq!(review["author"]["name"], hostile("Publisher"), "{review:#}");
    assert_eq!(review["reviewRating"]["alternateName"], hostile("Accurate"), "{review:#}");
}

/// claims.json is data for programs: values are kept exactly, `<` and all.
#[test]
fn claims_json_keeps_hostile_text_exactly() {
    let run = build_hostile();
    let json: serde_json::Value = serde_json::from_str(&run.page("claims.json")).expect("claims.json is JSON");
    let claim = &json["claims"][0];
    assert_eq!(claim["claimant"], hostile("Claimant"), "{claim:#}");
    assert_eq!(claim["article"]["title"], hostile("Title"), "{claim:#}");
    assert_eq!(claim["text"], hostile("Quote"), "{claim:#}");
}

#[test]
fn feed_with_hostile_titles_is_well_formed_xml() {
    let run = build_hostile();
    let atom = run.page("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("atom.xml is not XML: {e}\n{atom}"));
    let titles: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert_eq!(titles, [hostile("Desk"), hostile("Title")], "the feed's and the entry's titles\n{atom}");
    let sitemap = run.page("sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml is not XML: {e}\n{sitemap}"));
}

mod raw_html {
    //! `unsafe_html` (default true) decides whether raw HTML written in
    //! Markdown — the body and a claim's note — is kept or escaped.

    use super::*;

    const RAW: [(&str, &str); 3] = [
        ("raw-inline", r#"<b class="raw-inline">bold</b>"#),
        ("raw-block", r#"<div class="raw-block">A block.</div>"#),
        ("raw-note", r#"<b class="raw-note">bold</b>"#),
    ];

    #[test]
    fn raw_html_in_markdown_is_kept_by_default() {
        let run = Site::fixture("valid/raw_html").build().success().quiet();
        let html = run.page("raw/");
        for (class, _) in RAW {
            select_one(&html, &format!(r#"class="{class}""#));
        }
    }

    #[test]
    fn unsafe_html_false_escapes_raw_html_in_markdown() {
        let run = Site::fixture("valid/raw_html")
            .write("site.yaml", "title: Raw\nunsafe_html: false\n")
            .build()
            .success()
            .quiet();
        let html = run.page("raw/");
        let text = crate::support::html::text_of(&html);
        for (class, raw) in RAW {
            let found = select(&html, &format!(r#"class="{class}""#));
            assert!(
                found.is_empty(),
                "unsafe_html: false kept {raw}: {:?}",
                found.iter().map(|e| e.html).collect::<Vec<_>>()
            );
            assert_contains(&text, raw);
        }
    }
}

#[test]
fn javascript_url_in_a_markdown_link_or_image_is_an_error_at_its_place() {
    let run = Site::fixture("invalid/javascript_markdown_link").with_previous_output().build().failure();
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "one error for the link, one for the image\n{}", run.stderr);
    Expected::error("content/a.md:5:7", "`javascript:alert(1)` uses the `javascript:` scheme")
        .underlining("[here](javascript:alert(1))")
        .help("http, https, mailto or relative")
        .assert_matches(&errors[0], &run.stderr);
    Expected::error("content/a.md:7:1", "`JavaScript:alert(2)` uses the `javascript:` scheme")
        .underlining("![a picture](JavaScript:alert(2))")
        .help("images may be http, https or relative, or data:image/png, jpeg, gif or webp")
        .assert_matches(&errors[1], &run.stderr);
    run.assert_previous_output_untouched();
}

mod symlinks {
    use super::*;

    #[test]
    fn symlink_loop_in_content_is_reported_without_hanging() {
        for (link, target) in [("content/loop", "content"), ("content/deeper/loop", "content/deeper")] {
            let site = Site::fixture("valid/check_clean");
            std::fs::create_dir_all(site.root.join(target)).expect("create the folder");
            std::os::unix::fs::symlink(site.root.join(target), site.root.join(link)).expect("make a symlink");
            let started = Instant::now();
            let run = site.build_within(Duration::from_secs(10));
            let (stderr, took) = (&run.stderr, started.elapsed());
            assert_eq!(
                run.status.code(),
                Some(1),
                "{link} → {target}: the loop is a problem of the site ({took:?})\n{stderr}"
            );
            let diags = diagnostics::parse(stderr);
            assert!(
                diags.iter().any(|d| d.severity == "error"
                    && d.message.contains("loop")
                    && d.position.as_deref() == Some(link)),
                "{link} → {target}: expected an error about a loop at {link}\n{stderr}"
            );
            assert!(!run.site.out.exists(), "the failed build wrote {}", run.site.out.display());
        }
    }

    // A link to a file outside the site is refused: see `outside.rs`.
}
