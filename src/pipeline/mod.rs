//! The sequencer, the one place that knows the order of the stages:
//! load → parse → markdown → resolve → render → write. Every stage is a
//! sibling module that takes plain data and gives plain data; none calls
//! the next, and none imports this one.
//!
//! `gloss build`, `gloss check` and `gloss serve` all run a [`Build`]; they
//! differ only in the [`Sink`] the files go to and in what they keep:
//! `serve` keeps the `Build` to redo what an edit needs (see
//! [`Build::update_articles`] and [`Build::update_lists`]).
//!
//! Articles stream: each is read, rendered, resolved and written by one
//! worker (`article::publish`), and only its summary is kept, so memory
//! holds what the site's lists need, never every page at once.

mod article;
mod gathered;
mod load;
#[cfg(test)]
mod redo_tests;
mod timings;

pub use timings::{Stage, Timings};

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::addresses::{self, ArticleAt, Publishing};
use crate::cards::{self, Cards};
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::links::LinkMap;
use crate::model::{ArticleSummary, Site};
use crate::output::{self, Sink};
use crate::render::pages;
use crate::render::{Renderer, theme};
use article::{ArticleOutcome, Shared};
use gathered::{Gathered, Prints, Redo};
use load::SiteWide;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// What becomes of the pages' share cards, when the site has them.
    pub cards: cards::Mode,
}

/// A built site: what the pages beyond articles need, which `serve` keeps
/// between rebuilds.
pub struct Build {
    opts: Options,
    renderer: Renderer,
    site_wide: SiteWide,
    links: LinkMap,
    section_files: Vec<crate::load::SourceFile>,
    /// Every article's summary (`None` when its front matter is
    /// unreadable) and problems, by file.
    articles: BTreeMap<PathBuf, ArticleOutcome>,
    /// Problems not tied to one article.
    other: Vec<Diagnostic>,
    /// What the last gathering of the lists found and wrote.
    gathered: Gathered,
    /// Files written by the last run.
    written: usize,
    /// The share cards of the pages.
    cards: Cards,
}

impl Build {
    /// Builds the whole site into `sink`: `None` when the site could not
    /// be loaded at all. Every problem goes to `diags`.
    pub fn start(opts: &Options, sink: &dyn Sink, timings: &mut Timings, diags: &mut Diagnostics) -> Option<Build> {
        let mut other = Diagnostics::new();
        let loaded = load::site(opts, &mut other, timings);
        let (Some(loaded), started) = (loaded, Instant::now()) else {
            diags.extend(other);
            return None;
        };
        let theme = theme::load(&opts.root, &loaded.config.theme, &mut other);
        let (renderer, theme_files) = match theme {
            Some(t) => (Renderer::new(t.templates, loaded.config.clone()).map_err(|d| other.push(d)).ok(), t.statics),
            None => (None, Vec::new()),
        };
        let Some(renderer) = renderer else {
            diags.extend(other);
            return None;
        };
        let statics = crate::files::walk(&opts.root, Path::new("static"), &mut other);
        let publishing = Publishing {
            config: &loaded.config,
            articles: Vec::new(),
            section_files: &loaded.section_files,
            statics: &statics,
            theme: &theme_files,
            images: Vec::new(),
            claim_pages: &[],
        };
        let articles = loaded.articles.iter().map(|p| ArticleAt::from(&p.article)).collect();
        let mut collisions = Diagnostics::new();
        addresses::check(&opts.root, &Publishing { articles, ..publishing.clone() }, &mut collisions);
        // Two things at one address: every other problem is still found,
        // but nothing is written, not even into a build folder.
        let collided = !collisions.is_empty();
        let sink: &dyn Sink = if collided { &output::Discard } else { sink };
        other.extend(collisions);
        timings.mark("theme and addresses", started);

        let (started, cards) = (Instant::now(), Cards::new(opts.cards, &opts.root, &loaded.config));
        let (root, site_wide, links) = (&opts.root, &loaded.site_wide, &loaded.links);
        let shared = Shared { root, site_wide, links, renderer: &renderer, cards: &cards };
        // The theme's files, the code stylesheet and static/ are written
        // while the articles render.
        let ((assets_written, asset_problems), outcomes) = rayon::join(
            || {
                let mut problems = Diagnostics::new();
                let n = write_assets(&opts.root, &loaded.config, &theme_files, &statics, sink, &mut problems);
                (n, problems)
            },
            || loaded.articles.into_par_iter().map(|p| article::publish(p, &shared, sink)).collect::<Vec<_>>(),
        );
        other.extend(asset_problems);
        if !collided {
            let summaries = outcomes.iter().filter_map(|o| o.summary.as_ref());
            addresses::check_rendered(&opts.root, publishing, summaries, &mut other);
        }
        let written = assets_written + outcomes.iter().map(|o| o.written).sum::<usize>();
        let broken = loaded.broken.into_iter().map(|b| ArticleOutcome {
            rel: b.rel,
            summary: None,
            problems: b.problems,
            written: 0,
        });
        let articles = broken.chain(outcomes).map(|o| (o.rel.clone(), o)).collect();
        timings.mark("articles and static files", started);
        let mut build = Build {
            opts: opts.clone(),
            renderer,
            site_wide: loaded.site_wide,
            links: loaded.links,
            section_files: loaded.section_files,
            articles,
            other: other.into_vec(),
            gathered: Gathered::default(),
            written,
            cards,
        };
        let started = Instant::now();
        build.written += build.site_pages(sink, Redo::Everything, diags).files;
        timings.mark("site pages", started);
        Some(build)
    }

    /// Re-renders the articles at `paths` (relative to the root) and, when
    /// what they list changed, the pages beyond articles that changed with
    /// them: [`Build::update_articles`], then [`Build::update_lists`], in
    /// one call (`serve` makes two, publishing between them). Returns what
    /// was written, or `None` when the change needs a full rebuild.
    #[cfg(test)]
    pub fn update(&mut self, paths: &[PathBuf], sink: &dyn Sink, diags: &mut Diagnostics) -> Option<Written> {
        let lists_changed = self.update_articles(paths, sink)?;
        let site = self.update_lists(sink, lists_changed, diags);
        Some(Written { files: self.written, gone: site.gone })
    }

    /// Re-renders the articles at `paths` (relative to the root) into
    /// `sink`, keeping their problems. Returns whether what the lists show
    /// changed (then [`Build::update_lists`] must follow), or `None` when
    /// the change needs a full rebuild (an article appeared, vanished,
    /// could not be read, became a draft, moved to another address, or
    /// shows other images beside it or has other claims).
    pub fn update_articles(&mut self, paths: &[PathBuf], sink: &dyn Sink) -> Option<bool> {
        let config = self.renderer.config();
        let sources_path = Path::new(crate::load::CONTENT_DIR).join(crate::load::SOURCES_FILE);
        let scope = self.site_wide.scope(&config.verdicts, &sources_path);
        let mut parsed = Vec::new();
        let mut broken = Vec::new();
        for rel in paths {
            // Only an article that keeps its address can be redone alone.
            let known = self.articles.get(rel)?.summary.as_ref()?;
            let file = crate::load::read(&self.opts.root, rel).ok()?;
            let mut problems = Diagnostics::new();
            let article = crate::front_matter::article(file, &scope, &mut problems);
            let problems = problems.into_vec();
            match article {
                Some(a) if a.url != known.url || (a.draft && !self.opts.drafts) => return None,
                Some(article) => parsed.push(load::ParsedArticle { article, problems }),
                None => broken.push(ArticleOutcome { rel: rel.clone(), summary: None, problems, written: 0 }),
            }
        }
        let (root, site_wide, links, renderer) = (&self.opts.root, &self.site_wide, &self.links, &self.renderer);
        let shared = Shared { root, site_wide, links, renderer, cards: &self.cards };
        let mut written = 0;
        // Most edits change only an article's body: then no list changes.
        let mut lists_change = false;
        let outcomes: Vec<ArticleOutcome> = parsed.into_iter().map(|p| article::publish(p, &shared, sink)).collect();
        // Images beside an article and its claims' pages are checked against
        // every other address only by a full build: new or moved ones need one.
        let before = |rel: &PathBuf| self.articles.get(rel).and_then(|o| o.summary.as_ref());
        let moved = |o: &ArticleOutcome| match (o.summary.as_ref(), before(&o.rel)) {
            (Some(now), Some(then)) => now.assets != then.assets || !same_claim_pages(now, then),
            (now, then) => now.is_some() != then.is_some(),
        };
        if outcomes.iter().any(moved) {
            return None;
        }
        for outcome in broken.into_iter().chain(outcomes) {
            written += outcome.written;
            let before = self.articles.get(&outcome.rel).and_then(|o| o.summary.as_ref());
            lists_change |= before != outcome.summary.as_ref();
            self.articles.insert(outcome.rel.clone(), outcome);
        }
        self.written = written;
        Some(lists_change)
    }

    /// After [`Build::update_articles`]: checks the site as a whole and,
    /// when `lists_changed`, renders the pages beyond articles that changed
    /// with the articles (all of them unless [`Build::remember_pages`] ran).
    /// Every problem of the site goes to `diags`. Without `lists_changed`,
    /// nothing is written and the whole-site problems are those of the last
    /// time. `serve` serves the edited articles before it calls this.
    pub fn update_lists(&mut self, sink: &dyn Sink, lists_changed: bool, diags: &mut Diagnostics) -> Written {
        let redo = if lists_changed { Redo::Changed } else { Redo::Nothing };
        let site = self.site_pages(sink, redo, diags);
        self.written += site.files;
        site
    }

    /// Checks the site as a whole and, unless `redo` is nothing or it has
    /// errors, writes the pages beyond articles `redo` says. Every problem
    /// of the site goes to `diags`; returns what was written.
    ///
    /// The whole-site checks read only the summaries and the section files:
    /// when no summary changed, their problems are those of the last time,
    /// and the lists are not gathered again (what keeps an edit in `serve`
    /// fast on a large site). After an edit that changed them, only the
    /// pages whose print changed are rendered (see [`Prints`]).
    fn site_pages(&mut self, sink: &dyn Sink, redo: Redo, diags: &mut Diagnostics) -> Written {
        let mut found = Diagnostics::from(self.other.clone());
        let mut summaries: Vec<&ArticleSummary> = Vec::with_capacity(self.articles.len());
        for outcome in self.articles.values() {
            found.extend(outcome.problems.iter().cloned());
            summaries.extend(outcome.summary.as_ref());
        }
        if redo == Redo::Nothing {
            found.extend(self.gathered.problems.iter().cloned());
            diags.extend(dedup(found));
            return Written::default();
        }
        let config = self.renderer.config();
        let mut site_problems = Diagnostics::new();
        crate::site::unused_sources(&summaries, &self.site_wide.sources, &self.site_wide.text, &mut site_problems);
        crate::site::unchecked_claims(
            &summaries,
            &self.site_wide.claims,
            &self.site_wide.claims_text,
            &mut site_problems,
        );
        crate::site::newest_first(&mut summaries);
        let with_index = self
            .section_files
            .iter()
            .map(|f| crate::site::section(f, config.unsafe_html, &mut site_problems))
            .collect();
        let sections = crate::site::sections(with_index, &summaries);
        found.extend(site_problems.iter().cloned());
        self.gathered.problems = site_problems.into_vec();
        let failed = found.has_errors();
        diags.extend(dedup(found));
        if failed {
            return Written::default();
        }
        let site = Site { config, articles: summaries, sources: &self.site_wide.sources, sections };
        let lists = pages::Lists::of(&site);
        let pages = pages::all(&site, &lists);
        let now: HashSet<String> = pages.iter().map(|p| p.file.clone()).collect();
        let gone = self.gathered.files.difference(&now).cloned().collect();
        self.gathered.files = now;
        if redo == Redo::PrintsOnly {
            self.gathered.prints.remember(&pages);
            return Written::default();
        }
        let (prints, renderer) = (&mut self.gathered.prints, &self.renderer);
        // claims.json is the largest file: it streams on one thread while
        // the other threads render the pages.
        let (json, results) = rayon::join(
            || sink.write_with("claims.json", &mut |w| crate::render::claims_json::write(&site, w)),
            || {
                let pages = match redo {
                    Redo::Changed => prints.changed(&pages),
                    _ => pages.iter().collect(),
                };
                pages.par_iter().map(|p| sink.write(&p.file, &p.render(renderer)?)).collect::<Vec<_>>()
            },
        );
        let mut written = 0;
        let mut problems = Vec::new();
        for result in std::iter::once(json).chain(results) {
            match result {
                Ok(()) => written += 1,
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            // A page that failed was not written: forget every print, so
            // that the next edit renders every page.
            self.gathered.prints = Prints::default();
        }
        diags.extend(dedup(problems.into()));
        Written { files: written, gone }
    }

    /// Every problem of the site as it stands, the whole-site ones as the
    /// last gathering of the lists found them: what `serve` shows with the
    /// edited articles before it renders the lists.
    pub fn problems(&mut self, diags: &mut Diagnostics) {
        self.site_pages(&output::Discard, Redo::Nothing, diags);
    }

    /// Works out what each page beyond articles is made of, rendering
    /// none, so that the next edit that changes the lists renders only the
    /// pages it changed: `serve` calls it after a whole build.
    pub fn remember_pages(&mut self) {
        self.site_pages(&output::Discard, Redo::PrintsOnly, &mut Diagnostics::new());
    }

    /// The site's configuration.
    pub fn config(&self) -> &Config {
        self.renderer.config()
    }

    /// The articles built, each with its summary.
    pub fn summaries(&self) -> impl Iterator<Item = &ArticleSummary> {
        self.articles.values().filter_map(|o| o.summary.as_ref())
    }

    /// How many articles the site has.
    pub fn article_count(&self) -> usize {
        self.summaries().count()
    }

    /// How many files the last run wrote.
    pub fn written(&self) -> usize {
        self.written
    }

    /// The share cards made since the last call, each with its page's.
    pub fn take_cards(&self) -> Vec<cards::Made> {
        self.cards.take()
    }
}

/// What a run wrote into its sink.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// How many files.
    pub files: usize,
    /// The pages beyond articles that the run before wrote and this one did
    /// not (the list of a tag no article has any more): gone from the site.
    pub gone: Vec<String>,
}

/// Writes the theme's files, the code stylesheet and static/ (`statics`:
/// its files, relative to `root`). Returns how many files were written.
fn write_assets(
    root: &Path,
    config: &Config,
    theme_files: &[theme::StaticFile],
    statics: &[PathBuf],
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> usize {
    let mut written = 0;
    let mut write = |rel: &str, bytes: &[u8], diags: &mut Diagnostics| match sink.write(rel, bytes) {
        Ok(()) => written += 1,
        Err(d) => diags.push(d),
    };
    for s in theme_files {
        write(&format!("theme/{}", s.rel), &s.bytes, diags);
    }
    match crate::highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark, root) {
        Ok(css) => write("theme/highlight.css", css.as_bytes(), diags),
        Err(e) => diags.push(config::at_key(root, e.key, Diagnostic::error(e.message).with_help(e.help))),
    }
    for rel in statics {
        let to = rel.strip_prefix("static").unwrap_or(rel).to_string_lossy().replace('\\', "/");
        match crate::files::read(root, rel) {
            Ok(bytes) => write(&to, &bytes, diags),
            Err(d) => diags.push(d),
        }
    }
    written
}

/// Whether two summaries of an article publish the same claim pages.
fn same_claim_pages(a: &ArticleSummary, b: &ArticleSummary) -> bool {
    a.claims.len() == b.claims.len() && a.claims.iter().zip(&b.claims).all(|(x, y)| x.url == y.url)
}

/// One template error breaks every page the same way: say it once.
fn dedup(diags: Diagnostics) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diags.into_iter().filter(|d| seen.insert(d.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site with a site-wide source no article cites, and one article.
    fn site(root: &Path, body: &str) {
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        std::fs::write(root.join("content/sources.yaml"), "unused:\n  title: Never cited\n  publisher: P\n").unwrap();
        std::fs::write(root.join("content/a.md"), format!("---\ntitle: A\ndate: 2024-01-02\n---\n{body}\n")).unwrap();
    }

    fn messages(diags: &Diagnostics) -> Vec<String> {
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn an_edit_that_changes_no_list_keeps_the_whole_site_problems_and_writes_only_the_article() {
        let temp = tempfile::tempdir().unwrap();
        site(temp.path(), "First words.");
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let mut diags = Diagnostics::new();
        let mut build = Build::start(&opts, &output::MemorySink::default(), &mut Timings::new(), &mut diags).unwrap();
        assert_eq!(messages(&diags), ["site-wide source `unused` is never cited"]);

        site(temp.path(), "Other words.");
        let sink = output::MemorySink::default();
        let mut diags = Diagnostics::new();
        let written = build.update(&[PathBuf::from("content/a.md")], &sink, &mut diags);
        assert_eq!(written, Some(Written { files: 1, gone: Vec::new() }));
        assert_eq!(messages(&diags), ["site-wide source `unused` is never cited"]);
        let files = sink.files.into_inner().unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["a/index.html"]);
        assert!(String::from_utf8_lossy(&files["a/index.html"]).contains("Other words."));
    }

    #[test]
    fn an_edit_that_changes_a_list_renders_the_lists_again() {
        let temp = tempfile::tempdir().unwrap();
        site(temp.path(), "Words.");
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let mut build =
            Build::start(&opts, &output::MemorySink::default(), &mut Timings::new(), &mut Diagnostics::new()).unwrap();
        std::fs::write(temp.path().join("content/a.md"), "---\ntitle: A new title\ndate: 2024-01-02\n---\nWords.\n")
            .unwrap();
        let sink = output::MemorySink::default();
        build.update(&[PathBuf::from("content/a.md")], &sink, &mut Diagnostics::new()).unwrap();
        let files = sink.files.into_inner().unwrap();
        assert!(String::from_utf8_lossy(&files["index.html"]).contains("A new title"), "{:?}", files.keys());
    }

    #[test]
    fn the_list_of_a_tag_no_article_has_any_more_is_gone() {
        let temp = tempfile::tempdir().unwrap();
        site(temp.path(), "Words.");
        let tagged = |tags: &str| format!("---\ntitle: A\ndate: 2024-01-02\ntags: [{tags}]\n---\nWords.\n");
        std::fs::write(temp.path().join("content/a.md"), tagged("kept, dropped")).unwrap();
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let sink = output::MemorySink::default();
        let mut build = Build::start(&opts, &sink, &mut Timings::new(), &mut Diagnostics::new()).unwrap();
        assert!(sink.files.into_inner().unwrap().contains_key("tags/dropped/index.html"));
        std::fs::write(temp.path().join("content/a.md"), tagged("kept")).unwrap();
        let sink = output::MemorySink::default();
        let update = build.update(&[PathBuf::from("content/a.md")], &sink, &mut Diagnostics::new()).unwrap();
        assert_eq!(update.gone, ["tags/dropped/index.html"]);
        assert!(sink.files.into_inner().unwrap().contains_key("tags/kept/index.html"));
    }

    #[test]
    fn an_edit_that_shows_another_image_needs_a_full_build() {
        let temp = tempfile::tempdir().unwrap();
        site(temp.path(), "Words.");
        std::fs::write(temp.path().join("content/pic.png"), b"\x89PNG\r\n\x1a\n").unwrap();
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let mut build =
            Build::start(&opts, &output::MemorySink::default(), &mut Timings::new(), &mut Diagnostics::new()).unwrap();
        site(temp.path(), "Words and a picture:\n\n![A picture](pic.png)");
        let update =
            build.update(&[PathBuf::from("content/a.md")], &output::MemorySink::default(), &mut Diagnostics::new());
        assert_eq!(update, None, "its address is checked against every other only by a full build");
    }

    /// content/a.md with the claim `c`, whose ruling is `ruling`, and the
    /// words of `body`.
    fn claim_site(root: &Path, ruling: &str, body: &str) {
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        let front = format!(
            "---\ntitle: A\ndate: 2024-01-02\nsources:\n  s: {{title: S, url: https://example.org/s}}\nclaims:\n  c:\n    verdict: \"false\"\n    ruling: {ruling}\n    sources: s\n---\n"
        );
        std::fs::write(root.join("content/a.md"), format!("{front}Said [the words]{{.claim #c}}. {body}\n")).unwrap();
    }

    /// The text of `rel` among the files `sink` holds.
    fn written(sink: output::MemorySink, rel: &str) -> String {
        let files = sink.files.into_inner().unwrap();
        let bytes = files.get(rel).unwrap_or_else(|| panic!("{rel} was not written: {:?}", files.keys()));
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn an_edit_to_a_ruling_renders_the_claims_page_again() {
        let temp = tempfile::tempdir().unwrap();
        claim_site(temp.path(), "Not so.", "");
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let mut build =
            Build::start(&opts, &output::MemorySink::default(), &mut Timings::new(), &mut Diagnostics::new()).unwrap();
        claim_site(temp.path(), "Not so, said *twice*.", "");
        let sink = output::MemorySink::default();
        let mut diags = Diagnostics::new();
        assert!(build.update(&[PathBuf::from("content/a.md")], &sink, &mut diags).is_some(), "{:?}", messages(&diags));
        assert!(!diags.has_errors(), "{:?}", messages(&diags));
        assert!(written(sink, "a/c/index.html").contains("Not so, said <em>twice</em>."));
    }

    #[test]
    fn an_edit_that_marks_a_new_claim_needs_a_full_build() {
        let temp = tempfile::tempdir().unwrap();
        claim_site(temp.path(), "Not so.", "");
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let mut build =
            Build::start(&opts, &output::MemorySink::default(), &mut Timings::new(), &mut Diagnostics::new()).unwrap();
        claim_site(temp.path(), "Not so.", "And [more words]{.claim #d verdict=accurate}[@s].");
        let update =
            build.update(&[PathBuf::from("content/a.md")], &output::MemorySink::default(), &mut Diagnostics::new());
        assert_eq!(update, None, "the new claim page's address is checked against every other only by a full build");
    }

    #[test]
    fn an_edit_to_a_claim_of_claims_yaml_renders_its_page_with_the_site_pages() {
        let temp = tempfile::tempdir().unwrap();
        claim_site(temp.path(), "Not so.", "");
        std::fs::write(temp.path().join("content/claims.yaml"), "c:\n  claimant: Jane Doe\n").unwrap();
        let opts = Options { root: temp.path().to_path_buf(), drafts: false, base_url: None, cards: cards::Mode::Skip };
        let mut build =
            Build::start(&opts, &output::MemorySink::default(), &mut Timings::new(), &mut Diagnostics::new()).unwrap();
        claim_site(temp.path(), "Not so, said Jane.", "");
        let sink = output::MemorySink::default();
        let mut diags = Diagnostics::new();
        assert!(build.update(&[PathBuf::from("content/a.md")], &sink, &mut diags).is_some(), "{:?}", messages(&diags));
        let page = written(sink, "a/c/index.html");
        assert!(page.contains("Not so, said Jane.") && page.contains("Jane Doe"), "{page}");
    }
}
