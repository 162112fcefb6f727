//! After edits in `serve`, every page is as a whole build makes it: the
//! pages beyond articles that an edit did not render again (their print is
//! the same, see `gathered.rs`) must not differ from a whole build's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;

/// Writes `text` at `rel` beneath `root`, making its folders.
fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// What an edited article says: its front matter's fields.
#[derive(Clone, Copy)]
struct Fields<'a> {
    title: &'a str,
    date: &'a str,
    tags: &'a str,
    verdict: &'a str,
    ruling: &'a str,
    /// More front matter, written as it is.
    more: &'a str,
}

const FIELDS: Fields = Fields { title: "", date: "", tags: "", verdict: "\"false\"", ruling: "No.", more: "" };

/// Writes the article at `rel` with the claim `tax-cut`, which cites its
/// own source and the site-wide source `wide` when the site has one.
fn article(root: &Path, rel: &str, f: Fields, wide: bool) {
    let Fields { title, date, tags, verdict, ruling, more } = f;
    let sources = if wide { "[own, wide]" } else { "own" };
    let text = format!(
        "---\ntitle: {title}\ndate: {date}\ntags: [{tags}]\nsummary: About {title}\n{more}sources:\n  own:\n    title: Own {rel}\n    url: https://example.org/{rel}\nclaims:\n  tax-cut:\n    verdict: {verdict}\n    ruling: {ruling}\n    sources: {sources}\n---\nSaid [taxes fell]{{.claim #tax-cut}}.\n"
    );
    write(root, rel, &text);
}

fn options(root: &Path) -> Options {
    Options { root: root.to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip }
}

fn messages(diags: &Diagnostics) -> Vec<String> {
    diags.iter().map(|d| d.message.clone()).collect()
}

/// The files of a whole build of the site.
fn whole_build(opts: &Options) -> HashMap<String, Vec<u8>> {
    let sink = output::MemorySink::default();
    let mut diags = Diagnostics::new();
    Build::start(opts, &sink, &mut Timings::new(), &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", messages(&diags));
    sink.files.into_inner().unwrap()
}

/// The site as `serve` has it: a whole build, then what each edit wrote.
struct Served {
    opts: Options,
    build: Build,
    files: HashMap<String, Vec<u8>>,
}

impl Served {
    fn start(root: &Path) -> Served {
        let opts = options(root);
        let sink = output::MemorySink::default();
        let mut diags = Diagnostics::new();
        let mut build = Build::start(&opts, &sink, &mut Timings::new(), &mut diags).unwrap();
        assert!(!diags.has_errors(), "{:?}", messages(&diags));
        build.remember_pages();
        Served { opts, build, files: sink.files.into_inner().unwrap() }
    }

    /// Takes in the edit of `rel` as `serve` does (the articles, their
    /// problems, then the lists); returns the files it wrote and its
    /// problems. `None` when it needs a whole build.
    fn edit(&mut self, rel: &str) -> Option<(Vec<String>, Diagnostics)> {
        let sink = output::MemorySink::default();
        let lists_changed = self.build.update_articles(&[PathBuf::from(rel)], &sink)?;
        let mut diags = Diagnostics::new();
        self.build.problems(&mut diags);
        let update = if diags.has_errors() {
            Written::default()
        } else {
            diags = Diagnostics::new();
            self.build.update_lists(&sink, lists_changed, &mut diags)
        };
        let written = sink.files.into_inner().unwrap();
        let mut names: Vec<String> = written.keys().cloned().collect();
        names.sort();
        if !diags.has_errors() {
            self.files.extend(written);
            for gone in update.gone {
                self.files.remove(&gone);
            }
        }
        Some((names, diags))
    }

    /// Every file is as a whole build of the same site makes it.
    fn assert_as_a_whole_build(&self, after: &str) {
        let whole = whole_build(&self.opts);
        let mut names: Vec<&String> = whole.keys().chain(self.files.keys()).collect();
        names.sort();
        names.dedup();
        let stale: Vec<&&String> = names.iter().filter(|f| whole.get(**f) != self.files.get(**f)).collect();
        assert!(stale.is_empty(), "after {after}, not as a whole build makes them: {stale:?}");
    }
}

#[test]
fn edits_leave_every_page_as_a_whole_build_makes_it() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "site.yaml", "title: T\nbase_url: https://example.org/\npaginate: 2\n");
    for (i, name) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        let date = format!("2024-01-0{}", i + 1);
        article(
            root,
            &format!("content/{name}.md"),
            Fields { title: name, date: &date, tags: "x, y", ..FIELDS },
            false,
        );
    }
    let mut served = Served::start(root);
    let edits = [
        ("c", Fields { title: "A new title", date: "2024-01-03", tags: "x, y", ..FIELDS }),
        ("c", Fields { title: "Another title", date: "2024-01-03", tags: "x, y", ..FIELDS }),
        ("e", Fields { title: "e", date: "2024-01-05", tags: "x, y", verdict: "accurate", ..FIELDS }),
        ("a", Fields { title: "a", date: "2024-02-01", tags: "x, y", ..FIELDS }),
        ("b", Fields { title: "b", date: "2024-01-02", tags: "z", ..FIELDS }),
        ("b", Fields { title: "b, again", date: "2024-01-02", tags: "z", ..FIELDS }),
    ];
    let mut site_pages_written: Vec<Vec<String>> = Vec::new();
    for (name, fields) in edits {
        article(root, &format!("content/{name}.md"), fields, false);
        let (written, diags) = served.edit(&format!("content/{name}.md")).expect("no whole build needed");
        assert!(!diags.has_errors(), "{:?}", messages(&diags));
        site_pages_written.push(written.into_iter().filter(|f| !f.starts_with(&format!("{name}/"))).collect());
        served.assert_as_a_whole_build(&format!("editing {name} to {:?}", fields.title));
    }
    // A new title for c, the third newest of five, two to a page: the
    // pages that list it are rendered again, and no other (not the first
    // and third pages of the lists, the tags page or the sitemap).
    assert_eq!(
        site_pages_written[0],
        [
            "atom.xml",
            "claims.json",
            "claims/false/index.html",
            "claims/index.html",
            "page/2/index.html",
            "sources/index.html",
            "tags/x/page/2/index.html",
            "tags/y/page/2/index.html"
        ]
    );
}

#[test]
fn edits_to_sections_shared_claims_corrections_and_tag_names_leave_every_page_as_a_whole_build_makes_it() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "site.yaml", "title: T\nbase_url: https://example.org/\npaginate: 2\n");
    write(root, "content/claims.yaml", "tax-cut:\n  claimant: Ministry\n  said: 2024-03\n");
    write(root, "content/sources.yaml", "wide:\n  title: Wide source\n  publisher: P\n");
    write(root, "content/news/_index.md", "---\ntitle: News\n---\nIntro.\n");
    write(root, "content/news/sub/_index.md", "---\ntitle: Sub\n---\nSub intro.\n");
    let articles = [
        ("content/news/a.md", "2024-01-01", "Foo, bar"),
        ("content/news/sub/b.md", "2024-01-02", "foo"),
        ("content/news/sub/c.md", "2024-01-03", "bar"),
        ("content/d.md", "2024-01-04", "FOO"),
        ("content/news/e.md", "2024-01-05", "baz"),
    ];
    for (rel, date, tags) in articles {
        article(root, rel, Fields { title: rel, date, tags, ..FIELDS }, true);
    }
    let mut served = Served::start(root);
    served.assert_as_a_whole_build("the first build");
    let correction = "corrections:\n  - date: 2024-06-01\n    text: Fixed.\n";
    let edits = [
        ("content/news/sub/b.md", Fields { title: "content/news/sub/b.md", date: "2024-02-01", tags: "foo", ..FIELDS }),
        (
            "content/d.md",
            Fields { title: "content/d.md", date: "2024-03-01", tags: "FOO", verdict: "accurate", ..FIELDS },
        ),
        ("content/news/a.md", Fields { title: "content/news/a.md", date: "2024-04-01", tags: "Foo, bar", ..FIELDS }),
        (
            "content/news/a.md",
            Fields { title: "content/news/a.md", date: "2024-04-01", tags: "Foo, bar", ruling: "Not *so*.", ..FIELDS },
        ),
        (
            "content/news/e.md",
            Fields { title: "Renamed e", date: "2024-01-05", tags: "baz", more: correction, ..FIELDS },
        ),
        (
            "content/news/e.md",
            Fields { title: "Renamed e", date: "2024-01-05", tags: "", more: "updated: 2024-07-01\n", ..FIELDS },
        ),
        (
            "content/news/e.md",
            Fields { title: "Renamed e", date: "2024-01-05", tags: "baz", more: "authors: [Ann]\n", ..FIELDS },
        ),
    ];
    for (rel, fields) in edits {
        article(root, rel, fields, true);
        let (_, diags) = served.edit(rel).expect("no whole build needed");
        assert!(!diags.has_errors(), "{:?}", messages(&diags));
        served.assert_as_a_whole_build(&format!("editing {rel} to {:?}", fields.title));
    }
    // An edit with an error keeps the pages served; the fix that follows,
    // taken in without a whole build, leaves every page right.
    article(
        root,
        "content/news/a.md",
        Fields { title: "Broken", date: "2024-04-01", tags: "Foo, bar", ..FIELDS },
        true,
    );
    let text = std::fs::read_to_string(root.join("content/news/a.md")).unwrap();
    write(root, "content/news/a.md", &format!("{text}Cites [@nope].\n"));
    let (_, diags) = served.edit("content/news/a.md").expect("no whole build needed");
    assert!(diags.has_errors(), "a citation of no source is an error");
    article(
        root,
        "content/news/a.md",
        Fields { title: "Fixed a", date: "2024-04-01", tags: "Foo, bar", ..FIELDS },
        true,
    );
    let (_, diags) = served.edit("content/news/a.md").expect("no whole build needed");
    assert!(!diags.has_errors(), "{:?}", messages(&diags));
    served.assert_as_a_whole_build("an error, then its fix");
}

#[test]
fn a_page_that_failed_to_render_is_rendered_again_at_the_next_edit() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "site.yaml", "title: T\nbase_url: https://example.org/\npaginate: 2\n");
    // A tags page that fails when a tag named boom is listed.
    let tags = std::fs::read_to_string("themes/default/templates/tags.html").unwrap();
    let boom = "{%- for t in tags %}{% if t.name == \"boom\" %}{{ nope.x }}{% endif %}";
    assert!(tags.contains("{%- for t in tags %}"), "the default tags page lists its tags so");
    write(root, "templates/tags.html", &tags.replace("{%- for t in tags %}", boom));
    for (name, date) in [("a", "2024-01-01"), ("b", "2024-01-02"), ("c", "2024-01-03")] {
        article(root, &format!("content/{name}.md"), Fields { title: name, date, tags: "x", ..FIELDS }, false);
    }
    let mut served = Served::start(root);
    article(root, "content/a.md", Fields { title: "New a", date: "2024-01-01", tags: "x, boom", ..FIELDS }, false);
    let (_, diags) = served.edit("content/a.md").expect("no whole build needed");
    assert!(diags.has_errors(), "the tags page fails");
    article(root, "content/a.md", Fields { title: "New a", date: "2024-01-01", tags: "x", ..FIELDS }, false);
    let (_, diags) = served.edit("content/a.md").expect("no whole build needed");
    assert!(!diags.has_errors(), "{:?}", messages(&diags));
    served.assert_as_a_whole_build("a page that failed, then a fix");
}
