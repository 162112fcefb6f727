//! The site around the articles: where pages go, relative links, static
//! files, the home page, drafts, template overrides, site-wide sources.

use crate::support::{Site, assert_contains, assert_not_contains, select, select_one, tree};

mod layout {
    //! Fixture `valid/site_layout`: two articles in `explainers/`, one at the
    //! top level, with different dates, and a `static/` folder.

    use super::*;

    fn build() -> crate::support::Run {
        Site::fixture("valid/site_layout").build().success().quiet()
    }

    #[test]
    fn articles_are_published_under_their_section() {
        let run = build();
        let files = run.files();
        for page in ["index.html", "explainers/newer/index.html", "explainers/older/index.html", "middle/index.html"] {
            assert!(files.contains(&page.to_string()), "{page} missing from {files:#?}");
        }
    }

    #[test]
    fn article_page_links_to_theme_files_relatively() {
        let run = build();
        let html = run.page("explainers/newer/");
        assert_contains(&html, r#"href="../../theme/gloss.css""#);
        assert_contains(&html, r#"href="../../theme/highlight.css""#);
        assert_contains(&html, r#"src="../../theme/gloss.js""#);
        let top = run.page("middle/");
        assert_contains(&top, r#"href="../theme/gloss.css""#);
        for file in ["theme/gloss.css", "theme/gloss.js", "theme/highlight.css"] {
            assert!(run.has(file), "{file} missing from {:#?}", run.files());
        }
    }

    #[test]
    fn no_page_links_from_the_server_root() {
        let run = build();
        for page in ["index.html", "explainers/newer/", "middle/"] {
            let html = run.page(page);
            for attr in [r#"href="/"#, r#"src="/"#] {
                assert_not_contains(&html, attr);
            }
        }
    }

    #[test]
    fn home_links_articles_relatively_newest_first() {
        let html = build().page("index.html");
        assert_contains(&html, r#"href="theme/gloss.css""#);
        let order = ["explainers/newer/", "middle/", "explainers/older/"];
        let positions: Vec<usize> = order
            .iter()
            .map(|url| {
                let link = format!(r#"href="{url}""#);
                assert_contains(&html, &link);
                html.find(&link).expect("checked above")
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "home should list {order:?} in that order (newest first); found at {positions:?}"
        );
    }

    #[test]
    fn static_files_are_copied_through_unchanged() {
        let run = build();
        let fixture = tree(&crate::support::fixtures_dir().join("valid/site_layout/static"));
        assert!(!fixture.is_empty(), "the fixture has static files");
        for (rel, bytes) in fixture {
            let out = run.out().join(&rel);
            let copied = std::fs::read(&out).unwrap_or_else(|e| {
                panic!("static/{rel} not copied to {} ({e}); output: {:#?}", out.display(), run.files())
            });
            assert_eq!(copied, bytes, "static/{rel} changed on the way");
        }
    }
}

mod drafts {
    //! Fixture `valid/drafts`: `secret.md` has `draft: true`.

    use super::*;

    #[test]
    fn draft_is_left_out_without_the_drafts_flag() {
        let run = Site::fixture("valid/drafts").build().success().quiet();
        assert!(run.has("published/"), "published article missing: {:#?}", run.files());
        assert!(!run.has("secret/"), "the draft was published: {:#?}", run.files());
        let home = run.page("index.html");
        assert_contains(&home, "Published article");
        assert_not_contains(&home, "Secret draft");
        assert_not_contains(&home, "secret/");
    }

    #[test]
    fn draft_is_built_with_the_drafts_flag() {
        let run = Site::fixture("valid/drafts").arg("--drafts").build().success().quiet();
        assert_contains(&run.page("secret/"), "Secret draft");
        let home = run.page("index.html");
        assert_contains(&home, "Secret draft");
        assert_contains(&home, r#"href="secret/""#);
    }
}

mod templates {
    //! Fixture `valid/template_override`: the site's own
    //! `templates/index.html` replaces the theme's home page only.

    use super::*;

    #[test]
    fn site_template_overrides_the_home_page() {
        let run = Site::fixture("valid/template_override").build().success().quiet();
        let home = run.page("index.html");
        assert_contains(&home, r#"<p id="custom-home">CUSTOM HOME MARKER</p>"#);
        assert_contains(&home, r#"<a href="article/">An article under a custom home page</a>"#);
        assert_not_contains(&home, "theme/gloss.css");
    }

    /// A template that loops over a map (`extra`, of the site or of an
    /// article) gets its keys in the order the writer gave them, on every
    /// build: pages do not change from one build to the next.
    #[test]
    fn maps_loop_in_the_writers_order() {
        let keys = ["zulu", "alpha", "mike", "bravo", "yankee", "charlie", "xray", "delta"];
        let yaml: String = keys.iter().enumerate().map(|(i, k)| format!("  {k}: {i}\n")).collect();
        let site = Site::fixture("valid/template_override")
            .write("site.yaml", format!("title: Maps\nextra:\n{yaml}"))
            .write("content/article.md", format!("---\ntitle: Map order\nextra:\n{yaml}---\nBody.\n"))
            .write(
                "templates/article.html",
                "<p id=\"page\">{% for k, v in page.extra %}{{ k }}={{ v }};{% endfor %}</p>\n\
                 <p id=\"site\">{% for k, v in site.extra %}{{ k }}={{ v }};{% endfor %}</p>\n",
            );
        let expected: String = keys.iter().enumerate().map(|(i, k)| format!("{k}={i};")).collect();
        let run = site.build().success().quiet();
        let html = run.page("article/");
        assert_contains(&html, &format!("<p id=\"page\">{expected}</p>"));
        assert_contains(&html, &format!("<p id=\"site\">{expected}</p>"));
    }

    #[test]
    fn articles_still_use_the_theme_under_an_overridden_home() {
        let run = Site::fixture("valid/template_override").build().success().quiet();
        let article = run.page("article/");
        assert_not_contains(&article, "CUSTOM HOME MARKER");
        assert_contains(&article, r#"href="../theme/gloss.css""#);
        select_one(&article, r#"data-source-entry="s""#);
    }
}

mod site_sources {
    //! Fixture `valid/sources_yaml`: `shared` is defined in
    //! content/sources.yaml; `one` cites its own source first, `two` cites
    //! only `shared`.

    use super::*;

    #[test]
    fn site_wide_source_is_numbered_per_article() {
        let run = Site::fixture("valid/sources_yaml").build().success().quiet();
        for (page, number) in [("one/", "2"), ("two/", "1")] {
            let html = run.page(page);
            let cite = select_one(&html, r#"data-cites="shared""#);
            let links = cite.links();
            assert_eq!(links, [("#source-shared".to_string(), number.to_string())], "{page}: the citation of `shared`");
            let entry = select_one(&html, r#"data-source-entry="shared""#);
            assert_eq!(entry.attr("id").as_deref(), Some("source-shared"));
            assert_contains(entry.html, "A source shared by the whole site");
            assert_contains(entry.html, "Site Desk");
            assert_eq!(
                entry.hrefs("#cite-"),
                [cite.attr("id").map(|i| format!("#{i}")).unwrap_or_default()],
                "{page}: backlink of `shared`\n{}",
                entry.html
            );
        }
    }

    #[test]
    fn article_lists_only_the_sources_it_uses() {
        let run = Site::fixture("valid/sources_yaml").build().success().quiet();
        let two = run.page("two/");
        let keys: Vec<String> = select(&two, "data-source-entry=")
            .iter()
            .map(|e| e.attr("data-source-entry").unwrap_or_default())
            .collect();
        assert_eq!(keys, ["shared"], "sources listed on two/");
    }
}
