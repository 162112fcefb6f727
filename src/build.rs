//! The pipeline, sequenced in one place: load → parse → resolve → render →
//! write. `build`, `check` and `serve` all start a [`Session`]; they differ
//! only in the [`Sink`] the files go to, and `serve` keeps the session to
//! redo only what an edit needs.
//!
//! Articles stream: each is read, resolved, rendered and written by one
//! worker, then its body is dropped, so memory holds the site's metadata,
//! never every page at once. The front-matter pass keeps the first 16 MiB
//! of article text (`KEEP_TEXT_BYTES`) for rendering, so a small site is
//! read once and a large one never held whole.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::model::IndexMap;
use rayon::prelude::*;

use crate::addresses::{self, Publishing};
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{self, SiteScope};
use crate::load::{self, CONTENT_DIR, SOURCES_FILE};
use crate::markdown::{images, links::LinkMap};
use crate::model::{Article, Source};
use crate::output::{self, Sink, Staging};
use crate::render::{Renderer, theme};
use crate::resolve::{self, Resolved};

/// What to build.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
}

/// A folder of content/ with its list page.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Under content/, slugged, `/`-separated: `explainers/2023`.
    pub path: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
}

/// A built site's data: everything the listing pages need. Article bodies
/// are not kept (`Resolved::html` is emptied once the page is written).
pub struct Site<'a> {
    pub config: &'a Config,
    /// Newest first.
    pub articles: Vec<&'a Resolved>,
    pub sources: &'a IndexMap<String, Source>,
    pub sections: Vec<Section>,
}

/// How long each stage took, and the process's peak memory at its end.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<Stage>,
    /// The process's CPU time at the end of the last stage.
    cpu_before: Option<Duration>,
}

/// One stage of a build, for `GLOSS_TIMINGS=1`.
#[derive(Debug)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    /// CPU time all threads spent in it (where the OS says it): over
    /// `took`, how many cores the stage kept busy.
    pub cpu: Option<Duration>,
    /// Peak resident memory of the process so far, in bytes (Linux only).
    pub peak_rss: Option<u64>,
}

impl Timings {
    pub fn new() -> Self {
        Self { stages: Vec::new(), cpu_before: cpu_time() }
    }

    /// Records that stage `name`, begun at `started`, has ended.
    pub fn mark(&mut self, name: &'static str, started: Instant) {
        let now = cpu_time();
        let cpu = now.zip(self.cpu_before).map(|(now, before)| now.saturating_sub(before));
        self.cpu_before = now;
        self.stages.push(Stage { name, took: started.elapsed(), cpu, peak_rss: peak_rss() });
    }
}

/// The CPU time (user and system) the process's threads have used so far.
#[cfg(unix)]
fn cpu_time() -> Option<Duration> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given, which lives for the call.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: getrusage returned 0, so it wrote the whole struct.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Some(time(usage.ru_utime) + time(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_time() -> Option<Duration> {
    None
}

/// The process's peak resident set size (`VmHWM`), where the OS says it.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().strip_suffix("kB")?.trim();
    kb.parse::<u64>().ok().map(|k| k * 1024)
}

/// How much article text stays in memory from the front-matter pass to
/// rendering: a site of up to this much Markdown is read once, a larger
/// one has its other articles read again when they render.
const KEEP_TEXT_BYTES: usize = 16 << 20;

/// Everything read and validated before any Markdown is rendered.
struct Prepared {
    config: Config,
    /// Articles with the problems of their front matter.
    articles: Vec<(Article, Vec<Diagnostic>)>,
    /// Files whose front matter could not be read at all.
    broken: Vec<(PathBuf, Vec<Diagnostic>)>,
    sources: IndexMap<String, Source>,
    /// content/sources.yaml exists but could not be read.
    sources_unreadable: bool,
    links: LinkMap,
    section_files: Vec<load::SourceFile>,
    /// The text of content/sources.yaml ("" without one), for messages.
    sources_text: String,
}

/// Reads and validates the site; keeps up to `keep_text` bytes of article
/// text for rendering.
fn prepare(
    opts: &LoadOptions,
    keep_text: usize,
    diags: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Option<Prepared> {
    let started = Instant::now();
    let mut found = Diagnostics::new();
    let config = config::load(&opts.root, opts.base_url.as_deref(), &mut found);
    diags.extend(found);
    let config = config?;
    let (content, d) = load::content(&opts.root);
    diags.extend(d);
    timings.mark("read content", started);

    let started = Instant::now();
    let sources_path = Path::new(CONTENT_DIR).join(SOURCES_FILE);
    // An unreadable sources.yaml (bad YAML, or not UTF-8 and so not even
    // loaded) is reported once, not again at every citation of its ids.
    let (sources, sources_unreadable) = match &content.sources {
        Some(file) => {
            let mut d = Diagnostics::new();
            let s = front_matter::site_sources(file, &mut d);
            diags.extend(d);
            diags.extend(s.iter().flat_map(|s| crate::yaml_markdown::site_source_notes(s, file, config.unsafe_html)));
            s.map_or_else(|| (IndexMap::default(), true), |s| (s, false))
        }
        None => (IndexMap::default(), opts.root.join(&sources_path).exists()),
    };
    let scope =
        SiteScope { sources: &sources, sources_file: &sources_path, sources_unreadable, verdicts: &config.verdicts };
    let kept = AtomicUsize::new(0);
    let parsed: Vec<(PathBuf, Option<Article>, Vec<Diagnostic>)> = content
        .articles
        .into_par_iter()
        .map(|rel| {
            let file = match load::read(&opts.root, &rel) {
                Ok(f) => f,
                Err(d) => return (rel, None, vec![d]),
            };
            let mut d = Diagnostics::new();
            let mut a = front_matter::article(file, &scope, &mut d);
            let d = d.into_vec();
            // Past the budget, the body is read again when it is rendered:
            // a large site is never held in memory whole.
            if let Some(a) = &mut a {
                let len = a.file.text.len();
                if kept.fetch_add(len, Ordering::Relaxed) + len > keep_text {
                    a.file.text = String::new();
                }
            }
            (rel, a, d)
        })
        .collect();
    let mut articles = Vec::with_capacity(parsed.len());
    let mut broken: Vec<(PathBuf, Vec<Diagnostic>)> = Vec::new();
    let mut drafts = HashSet::new();
    for (rel, a, d) in parsed {
        match a {
            Some(a) if opts.drafts || !a.draft => articles.push((a, d)),
            Some(_) => {
                drafts.insert(rel.strip_prefix(CONTENT_DIR).unwrap_or(&rel).to_path_buf());
            }
            None => broken.push((rel, d)),
        }
    }
    let links = LinkMap {
        root: opts.root.clone(),
        urls: articles
            .iter()
            .map(|(a, _)| {
                let rel = a.file.rel.strip_prefix(CONTENT_DIR).unwrap_or(&a.file.rel).to_path_buf();
                (rel, a.url.clone())
            })
            .collect(),
        drafts,
        unreadable: broken.iter().map(|(rel, _)| rel.strip_prefix(CONTENT_DIR).unwrap_or(rel).to_path_buf()).collect(),
    };
    timings.mark("front matter", started);
    let sources_text = content.sources.map(|f| f.text).unwrap_or_default();
    let section_files = content.sections;
    Some(Prepared { config, articles, broken, sources, sources_unreadable, links, section_files, sources_text })
}

/// Site-wide sources no article cites.
fn unused_site_sources(articles: &[&Resolved], sources: &IndexMap<String, Source>, text: &str) -> Vec<Diagnostic> {
    let used: HashSet<&str> = articles.iter().flat_map(|a| a.sources.iter().map(|s| s.source.key.as_str())).collect();
    let path = Path::new(CONTENT_DIR).join(SOURCES_FILE);
    sources
        .keys()
        .filter(|k| !used.contains(k.as_str()))
        .map(|k| {
            let mut d = Diagnostic::warning(format!("site-wide source `{k}` is never cited"))
                .in_file(&path)
                .with_help(format!("cite it with `[@{k}]` in an article, or delete it"));
            if let Some(p) = crate::yaml::locate(text, &[k], crate::yaml::Target::Key) {
                d = d.at_line_col(text, p.line, p.column, p.width);
            }
            d
        })
        .collect()
}

fn sections(
    files: &[load::SourceFile],
    articles: &[&Resolved],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Section> {
    let mut with_index = Vec::new();
    for f in files {
        let mut d = Diagnostics::new();
        let front_matter::SectionIndex { path, title, summary, intro } = front_matter::section(f, &mut d);
        diags.extend(d);
        let mut problems = Vec::new();
        let intro_html = crate::markdown::render_inline(&intro, config.unsafe_html, &mut problems);
        // What the URL rule refuses in the intro, at its place in the file.
        let start = f.text.len() - intro.len();
        diags.extend(problems.into_iter().map(|p| p.diagnostic(&f.rel, &f.text, start)));
        with_index.push(Section { title: title.unwrap_or_default(), path, summary, intro_html });
    }
    crate::pages::section_paths(articles, &with_index)
        .into_iter()
        .map(|path| {
            with_index
                .iter()
                .find(|s| s.path == path)
                .cloned()
                .unwrap_or_else(|| Section { path, ..Default::default() })
        })
        .map(|mut s| {
            if s.title.is_empty() {
                let last = s.path.rsplit('/').next().unwrap_or(&s.path).replace('-', " ");
                let mut chars = last.chars();
                s.title = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
            }
            s
        })
        .collect()
}

/// What rendering an article needs, shared by every worker.
struct Shared<'a> {
    config: &'a Config,
    sources: resolve::SiteSources<'a>,
    links: &'a LinkMap,
    renderer: &'a Renderer,
    root: &'a Path,
}

/// One article, end to end: resolve, render, write; the HTML is dropped
/// once written. Returns the article's data, its diagnostics and whether
/// its page was written.
fn process(
    mut article: Article,
    mut diags: Vec<Diagnostic>,
    shared: &Shared,
    sink: &dyn Sink,
) -> (Resolved, Vec<Diagnostic>, bool) {
    if article.file.text.is_empty() {
        // Read again (see `prepare`); the front matter may have changed
        // length since, so find the body anew.
        match load::read(shared.root, &article.file.rel) {
            Ok(file) => {
                article.body_start = front_matter::split(&file.text).map_or(file.text.len(), |s| s.body_start);
                article.file.text = file.text;
            }
            Err(d) => diags.push(d),
        }
    }
    let (mut resolved, more) = resolve::article(article, shared.sources, shared.config, shared.links);
    diags.extend(more);
    let mut ok = false;
    if !diags.iter().any(Diagnostic::is_error) {
        let page = shared.renderer.article(&resolved);
        match page.and_then(|html| sink.write(&format!("{}index.html", resolved.article.url), &html)) {
            Ok(()) => ok = true,
            Err(e) => diags.push(e),
        }
        let file = &resolved.article.file.rel;
        diags.extend(images::publish(shared.root, &resolved.assets, sink).into_iter().map(|d| d.in_file(file)));
    }
    resolved.slim();
    (resolved, diags, ok)
}

/// Writes the theme's files, the code stylesheet and static/ (`statics`:
/// its files, relative to `root`). Returns how many files were written,
/// and the problems.
fn write_assets(
    root: &Path,
    config: &Config,
    theme_files: &[theme::StaticFile],
    statics: &[PathBuf],
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let mut written = 0;
    let mut diags = Vec::new();
    let mut write = |rel: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>| match sink.write(rel, bytes) {
        Ok(()) => written += 1,
        Err(d) => diags.push(d),
    };
    for s in theme_files {
        write(&format!("theme/{}", s.rel), &s.bytes, &mut diags);
    }
    match crate::highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark, root) {
        Ok(css) => write("theme/highlight.css", css.as_bytes(), &mut diags),
        Err(e) => diags.push(config::at_key(root, e.key, Diagnostic::error(e.message).with_help(e.help))),
    }
    let (n, problems) = output::copy_files(root, Path::new("static"), statics, sink);
    diags.extend(problems);
    (written + n, diags)
}

/// Sorts articles newest first (then by title, for a stable order).
fn sort_newest_first(articles: &mut [&Resolved]) {
    articles.sort_by(|a, b| b.article.date.cmp(&a.article.date).then_with(|| a.article.title.cmp(&b.article.title)));
}

/// A site being previewed: what `gloss serve` keeps between rebuilds so
/// that an edited article re-renders that article and the pages that list
/// it, not the whole site.
pub struct Session {
    opts: LoadOptions,
    config: Config,
    sources: IndexMap<String, Source>,
    sources_unreadable: bool,
    links: LinkMap,
    renderer: Renderer,
    section_files: Vec<load::SourceFile>,
    sources_text: String,
    /// Every article's data (`None` when its front matter is unreadable)
    /// and diagnostics, by file.
    articles: std::collections::BTreeMap<PathBuf, (Option<Resolved>, Vec<Diagnostic>)>,
    /// Diagnostics not tied to one article.
    other: Vec<Diagnostic>,
}

impl Session {
    /// Builds the whole site into `sink`. Returns the session (when the
    /// site could be loaded at all), every diagnostic, and the file count.
    pub fn start(
        opts: &LoadOptions,
        sink: &dyn Sink,
        timings: &mut Timings,
    ) -> (Option<Session>, Vec<Diagnostic>, usize) {
        Self::start_keeping(opts, KEEP_TEXT_BYTES, sink, timings)
    }

    /// [`Session::start`], keeping up to `keep_text` bytes of article text
    /// between the front-matter pass and rendering.
    fn start_keeping(
        opts: &LoadOptions,
        keep_text: usize,
        sink: &dyn Sink,
        timings: &mut Timings,
    ) -> (Option<Session>, Vec<Diagnostic>, usize) {
        let mut other = Vec::new();
        let Some(prepared) = prepare(opts, keep_text, &mut other, timings) else { return (None, other, 0) };
        let Prepared { config, articles, broken, sources, sources_unreadable, links, section_files, sources_text } =
            prepared;
        let started = Instant::now();
        let theme = match theme::load(&opts.root, &config.theme) {
            Ok(t) => t,
            Err(d) => return (None, [other, d].concat(), 0),
        };
        let renderer = match Renderer::new(theme.templates, config.clone()) {
            Ok(r) => r,
            Err(d) => return (None, [other, d].concat(), 0),
        };
        let (statics, problems) = crate::files::walk(&opts.root, Path::new("static"));
        other.extend(problems);
        let site = Publishing {
            config: &config,
            articles: Vec::new(),
            section_files: &section_files,
            statics: &statics,
            theme: &theme.statics,
            images: Vec::new(),
        };
        let first = Publishing { articles: articles.iter().map(|(a, _)| a).collect(), ..site.clone() };
        let collisions = addresses::check(&opts.root, &first);
        // Two things at one address: every other problem is still found,
        // but nothing is written, not even into a build folder.
        let collided = !collisions.is_empty();
        let sink: &dyn Sink = if collided { &output::Discard } else { sink };
        other.extend(collisions);
        timings.mark("theme and addresses", started);

        let started = Instant::now();
        let site_sources = resolve::SiteSources { sources: &sources, unreadable: sources_unreadable };
        let shared =
            Shared { config: &config, sources: site_sources, links: &links, renderer: &renderer, root: &opts.root };
        // The theme's files, the code stylesheet and static/ are written
        // while the articles render.
        let ((assets, asset_diags), results) = rayon::join(
            || write_assets(&opts.root, &config, &theme.statics, &statics, sink),
            || articles.into_par_iter().map(|(a, d)| process(a, d, &shared, sink)).collect::<Vec<_>>(),
        );
        other.extend(asset_diags);
        if !collided {
            other.extend(addresses::check_images(&opts.root, site, results.iter().map(|(r, _, _)| r)));
        }
        let written = assets + results.iter().filter(|(_, _, ok)| *ok).count();
        // Built in one go (sorted, then filled node by node): inserting one
        // by one would shift these large values around the tree's nodes.
        let map = broken
            .into_iter()
            .map(|(rel, d)| (rel, (None, d)))
            .chain(results.into_iter().map(|(r, d, _)| (r.article.file.rel.clone(), (Some(r), d))))
            .collect();
        timings.mark("articles and static files", started);
        let mut session = Session {
            opts: opts.clone(),
            config,
            sources,
            sources_unreadable,
            links,
            renderer,
            section_files,
            sources_text,
            articles: map,
            other,
        };
        let started = Instant::now();
        let (n, diags) = session.finish(sink, true);
        timings.mark("site pages", started);
        (Some(session), diags, written + n)
    }

    /// Re-renders the articles at `paths` (relative to the root) and the
    /// listing pages. Returns `None` when the change needs a full rebuild
    /// (an article appeared, vanished or moved to another URL).
    pub fn update(&mut self, paths: &[PathBuf], sink: &dyn Sink) -> Option<(Vec<Diagnostic>, usize)> {
        let scope = SiteScope {
            sources: &self.sources,
            sources_file: &Path::new(CONTENT_DIR).join(SOURCES_FILE),
            sources_unreadable: self.sources_unreadable,
            verdicts: &self.config.verdicts,
        };
        let mut fresh = Vec::new();
        let mut broken = Vec::new();
        for rel in paths {
            // Only an article that keeps its URL can be redone alone.
            let Some((Some(known), _)) = self.articles.get(rel) else { return None };
            let file = load::read(&self.opts.root, rel).ok()?;
            let mut diags = Diagnostics::new();
            let article = front_matter::article(file, &scope, &mut diags);
            let diags = diags.into_vec();
            match article {
                Some(a) if a.url == known.article.url && (self.opts.drafts || !a.draft) => fresh.push((a, diags)),
                Some(_) => return None,
                None => broken.push((rel.clone(), diags)),
            }
        }
        for (rel, diags) in broken {
            self.articles.insert(rel, (None, diags));
        }
        let shared = Shared {
            config: &self.config,
            sources: resolve::SiteSources { sources: &self.sources, unreadable: self.sources_unreadable },
            links: &self.links,
            renderer: &self.renderer,
            root: &self.opts.root,
        };
        let mut written = 0;
        // Most edits change only an article's body: then no list changes.
        let mut lists_change = false;
        for (r, d, ok) in fresh.into_iter().map(|(a, d)| process(a, d, &shared, sink)).collect::<Vec<_>>() {
            written += usize::from(ok);
            let old = self.articles.get(&r.article.file.rel).and_then(|(old, _)| old.as_ref());
            lists_change |= old.is_none_or(|old| !old.listed_the_same(&r));
            self.articles.insert(r.article.file.rel.clone(), (Some(r), d));
        }
        let (n, diags) = self.finish(sink, lists_change);
        Some((diags, written + n))
    }

    /// Checks the site as a whole and, when it has no errors and `pages`
    /// is set, writes the listing pages. Returns their count and every
    /// diagnostic.
    fn finish(&mut self, sink: &dyn Sink, pages: bool) -> (usize, Vec<Diagnostic>) {
        let mut diags = self.other.clone();
        let mut resolved: Vec<&Resolved> = Vec::with_capacity(self.articles.len());
        for (r, d) in self.articles.values() {
            diags.extend(d.iter().cloned());
            resolved.extend(r.as_ref());
        }
        diags.extend(unused_site_sources(&resolved, &self.sources, &self.sources_text));
        sort_newest_first(&mut resolved);
        let sections = sections(&self.section_files, &resolved, &self.config, &mut diags);
        if !pages || diags.iter().any(Diagnostic::is_error) {
            return (0, dedup(diags));
        }
        let site = Site { config: &self.config, articles: resolved, sources: &self.sources, sections };
        let (n, errors) = crate::pages::write_all(&site, &self.renderer, sink);
        diags.extend(errors);
        (n, dedup(diags))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How many articles the site has.
    pub fn article_count(&self) -> usize {
        self.articles.values().filter(|(r, _)| r.is_some()).count()
    }
}

/// Loads, resolves and renders the whole site into `sink`. Returns the
/// number of articles and files when there were no errors, and every
/// diagnostic (errors and warnings) either way.
pub fn run(opts: &LoadOptions, sink: &dyn Sink, timings: &mut Timings) -> (Option<(usize, usize)>, Vec<Diagnostic>) {
    let (session, diags, written) = Session::start(opts, sink, timings);
    let built = match &session {
        Some(s) if !diags.iter().any(Diagnostic::is_error) => Some((s.article_count(), written)),
        _ => None,
    };
    // Freeing a large site's data takes a while and nothing waits for it:
    // it happens on another thread while the output is swapped in.
    if let Some(s) = session {
        rayon::spawn(move || drop(s));
    }
    (built, diags)
}

/// One template error breaks every page the same way: say it once.
fn dedup(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diags.retain(|d| seen.insert(d.to_string()));
    diags
}

/// What a finished build reports.
pub struct BuildReport {
    pub output: PathBuf,
    pub articles: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// `gloss build`: render into a fresh folder, swap it in on success (`force`: see [`output::guard`]).
pub fn build(opts: &LoadOptions, output: &Path, force: bool) -> Result<BuildReport, Vec<Diagnostic>> {
    let target = output::check_output_dir(&opts.root, output, force).map_err(|d| vec![d])?;
    let staging = Staging::new(&target, output).map_err(|d| vec![d])?;
    let mut timings = Timings::new();
    let (site, mut warnings) = run(opts, staging.sink(), &mut timings);
    let Some((articles, files)) = site else {
        output::explain_disk_full(&mut warnings, staging.sink());
        return Err(warnings);
    };
    let started = Instant::now();
    warnings.extend(staging.commit().map_err(|d| vec![d])?);
    timings.mark("swap in the output", started);
    Ok(BuildReport { output: target, articles, files, warnings, timings })
}

/// `gloss check`: everything a build does, writing nothing; then the links
/// between the pages it would write.
pub fn check(opts: &LoadOptions) -> Vec<Diagnostic> {
    let sink = output::MemorySink::default();
    let (session, mut diags, _) = Session::start(opts, &sink, &mut Timings::new());
    if let Some(s) = &session {
        if s.config.verdicts.0.is_empty() {
            let mut d = Diagnostic::warning("the verdict scale is empty: no claim can have a verdict")
                .in_file(config::FILE)
                .with_help("list verdicts under `verdicts:` in site.yaml, or delete the key to use the default scale");
            let text = std::fs::read_to_string(opts.root.join(config::FILE)).unwrap_or_default();
            if let Some(p) = crate::yaml::locate(&text, &["verdicts"], crate::yaml::Target::Key) {
                d = d.at_line_col(&text, p.line, p.column, p.width);
            }
            diags.push(d);
        }
    }
    if let (Some(s), false) = (&session, diags.iter().any(Diagnostic::is_error)) {
        let files = sink.files.into_inner().unwrap_or_default();
        let by_page: std::collections::HashMap<String, &Path> = s
            .articles
            .values()
            .filter_map(|(r, _)| r.as_ref())
            .map(|r| (format!("{}index.html", r.article.url), r.article.file.rel.as_path()))
            .collect();
        // Each article with a broken link is read once, however many it has.
        let mut texts: std::collections::HashMap<&Path, Option<load::SourceFile>> = std::collections::HashMap::new();
        for broken in crate::linkcheck::check(&files) {
            // A link written in an article is reported where it was written.
            let file = by_page
                .get(&broken.page)
                .and_then(|rel| texts.entry(rel).or_insert_with(|| load::read(&opts.root, rel).ok()).as_ref());
            let at = file.and_then(|f| crate::linkcheck::locate(&f.text, &broken.href).map(|i| (f, i)));
            diags.push(match at {
                Some((file, i)) => Diagnostic::error(format!(
                    "broken link `{}` on page `{}`: {}",
                    broken.href,
                    broken.page.trim_end_matches("index.html"),
                    broken.problem
                ))
                .in_file(&file.rel)
                .at(&file.text, i..i + broken.href.len())
                .with_help("link to a page of the site, or to an id on it (a heading's, a claim's)"),
                None => broken.diagnostic(),
            });
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example site at the root of the repository.
    fn example() -> LoadOptions {
        LoadOptions { root: PathBuf::from(env!("CARGO_MANIFEST_DIR")), drafts: false, base_url: None }
    }

    #[test]
    fn article_text_is_kept_within_the_budget_only() {
        let texts = |keep| {
            let prepared = prepare(&example(), keep, &mut Vec::new(), &mut Timings::new()).expect("the example loads");
            prepared.articles.iter().map(|(a, _)| a.file.text.len()).collect::<Vec<_>>()
        };
        assert!(texts(KEEP_TEXT_BYTES).iter().all(|&n| n > 0), "the example site is small enough to keep whole");
        assert_eq!(texts(0).iter().sum::<usize>(), 0, "no budget: every article is read again to render");
    }

    #[test]
    fn articles_read_again_render_as_articles_kept() {
        let files = |keep| {
            let sink = output::MemorySink::default();
            let (session, diags, _) = Session::start_keeping(&example(), keep, &sink, &mut Timings::new());
            assert!(session.is_some() && !diags.iter().any(Diagnostic::is_error), "{diags:?}");
            sink.files.into_inner().unwrap()
        };
        let (kept, read_again) = (files(KEEP_TEXT_BYTES), files(0));
        assert!(kept.keys().any(|k| k.starts_with("explainers/")), "{:?}", kept.keys());
        assert_eq!(kept, read_again);
    }
}
