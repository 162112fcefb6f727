//! The pipeline, sequenced in one place: load → parse → resolve → render →
//! write. `build`, `check` and `serve` all call [`run`]; they differ only in
//! the [`Sink`] the files go to.
//!
//! Articles stream: each is resolved, rendered and written by one worker,
//! then its HTML is dropped, so memory holds the site's metadata, never
//! every page at once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, display_path};
use crate::front_matter::{self, SiteScope};
use crate::load::{self, CONTENT_DIR, SOURCES_FILE};
use crate::markdown::links::LinkMap;
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
#[derive(Debug, Clone)]
pub struct Section {
    /// Under content/, slugged, `/`-separated: `explainers/2023`.
    pub path: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
}

/// A built site's data: everything the listing pages need. Article bodies
/// are not kept (`Resolved::html` is emptied once the page is written).
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Newest first.
    pub articles: Vec<Resolved>,
    pub sources: IndexMap<String, Source>,
    pub sections: Vec<Section>,
}

/// A stage's name and how long it took.
pub type Timings = Vec<(&'static str, Duration)>;

/// Everything read and validated before any Markdown is rendered.
struct Prepared {
    config: Config,
    articles: Vec<Article>,
    sources: IndexMap<String, Source>,
    links: LinkMap,
    section_files: Vec<load::SourceFile>,
}

fn prepare(
    opts: &LoadOptions,
    diags: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Option<Prepared> {
    let started = Instant::now();
    let config = match config::load(&opts.root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    let (content, d) = load::content(&opts.root);
    diags.extend(d);
    timings.push(("read content", started.elapsed()));

    let started = Instant::now();
    let sources_path = Path::new(CONTENT_DIR).join(SOURCES_FILE);
    let sources = match &content.sources {
        Some(file) => {
            let (s, d) = front_matter::site_sources(file);
            diags.extend(d);
            s
        }
        None => IndexMap::new(),
    };
    let scope = SiteScope {
        sources: &sources,
        sources_file: &sources_path,
        verdicts: &config.verdicts,
    };
    let parsed: Vec<(Option<Article>, Vec<Diagnostic>)> = content
        .articles
        .into_par_iter()
        .map(|file| front_matter::article(file, &scope))
        .collect();
    let mut articles = Vec::with_capacity(parsed.len());
    for (a, d) in parsed {
        diags.extend(d);
        articles.extend(a.filter(|a| opts.drafts || !a.draft));
    }
    diags.extend(duplicate_urls(&articles));
    let links = LinkMap {
        urls: articles
            .iter()
            .map(|a| {
                let rel = a
                    .file
                    .rel
                    .strip_prefix(CONTENT_DIR)
                    .unwrap_or(&a.file.rel)
                    .to_path_buf();
                (rel, a.url.clone())
            })
            .collect(),
    };
    timings.push(("front matter", started.elapsed()));
    Some(Prepared {
        config,
        articles,
        sources,
        links,
        section_files: content.sections,
    })
}

/// Two articles that would be written to the same place.
fn duplicate_urls(articles: &[Article]) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    let mut diags = Vec::new();
    for a in articles {
        if let Some(first) = seen.insert(&a.url, &a.file.rel) {
            diags.push(
                Diagnostic::error(format!(
                    "two articles would be published at `{}`: {} and {}",
                    a.url,
                    display_path(first),
                    display_path(&a.file.rel)
                ))
                .in_file(&a.file.rel)
                .with_help("give one of them another file name or a `slug:` in its front matter"),
            );
        }
    }
    diags
}

/// Site-wide sources no article cites.
fn unused_site_sources(
    articles: &[Resolved],
    sources: &IndexMap<String, Source>,
) -> Vec<Diagnostic> {
    let used: HashSet<&str> = articles
        .iter()
        .flat_map(|a| a.sources.iter().map(|s| s.source.key.as_str()))
        .collect();
    let path = Path::new(CONTENT_DIR).join(SOURCES_FILE);
    sources
        .keys()
        .filter(|k| !used.contains(k.as_str()))
        .map(|k| {
            Diagnostic::warning(format!("site-wide source `{k}` is never cited"))
                .in_file(&path)
                .with_help(format!("cite it with `[@{k}]` in an article, or delete it"))
        })
        .collect()
}

fn sections(
    files: &[load::SourceFile],
    articles: &[Resolved],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Section> {
    let mut with_index = Vec::new();
    for f in files {
        let (path, title, summary, intro, d) = front_matter::section(f);
        diags.extend(d);
        let intro_html = crate::markdown::render_inline(&intro, config.unsafe_html);
        with_index.push(Section {
            title: title.unwrap_or_default(),
            path,
            summary,
            intro_html,
        });
    }
    crate::pages::section_paths(articles, &with_index)
        .into_iter()
        .map(|path| {
            with_index
                .iter()
                .find(|s| s.path == path)
                .cloned()
                .unwrap_or_else(|| Section {
                    title: String::new(),
                    path,
                    summary: String::new(),
                    intro_html: String::new(),
                })
        })
        .map(|mut s| {
            if s.title.is_empty() {
                let last = s
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or(&s.path)
                    .replace('-', " ");
                let mut chars = last.chars();
                s.title = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
            }
            s
        })
        .collect()
}

/// Loads, resolves and renders the whole site into `sink`. Returns the
/// site when there were no errors, every diagnostic (errors and warnings)
/// either way, and how many files were written.
pub fn run(
    opts: &LoadOptions,
    sink: &dyn Sink,
    timings: &mut Timings,
) -> (Option<(Site, usize)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(prepared) = prepare(opts, &mut diags, timings) else {
        return (None, diags);
    };
    let Prepared {
        config,
        articles,
        sources,
        links,
        section_files,
    } = prepared;

    let started = Instant::now();
    let theme = match theme::load(&opts.root, &config.theme) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return (None, diags);
        }
    };
    let renderer = match Renderer::new(theme.templates, &config) {
        Ok(r) => r,
        Err(d) => {
            diags.extend(d);
            return (None, diags);
        }
    };
    let mut written = 0;
    let mut write =
        |rel: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>| match sink.write(rel, bytes) {
            Ok(()) => written += 1,
            Err(d) => diags.push(d),
        };
    for s in &theme.statics {
        write(&format!("theme/{}", s.rel), &s.bytes, &mut diags);
    }
    match crate::highlight::stylesheet(
        &config.highlight_theme,
        &config.highlight_theme_dark,
        &opts.root,
    ) {
        Ok(css) => write("theme/highlight.css", css.as_bytes(), &mut diags),
        Err(m) => diags.push(Diagnostic::error(m).in_file(config::FILE)),
    }
    match output::copy_dir(&opts.root.join("static"), "", sink) {
        Ok(n) => written += n,
        Err(d) => diags.extend(d),
    }
    timings.push(("theme and static files", started.elapsed()));

    // Resolve, render and write each article; keep only its metadata.
    let started = Instant::now();
    let failed_before = diags.iter().any(Diagnostic::is_error);
    let results: Vec<(Resolved, Vec<Diagnostic>, bool)> = articles
        .into_par_iter()
        .map(|article| {
            let (mut resolved, mut d) = resolve::article(article, &sources, &config, &links);
            let mut ok = false;
            if !d.iter().any(Diagnostic::is_error) {
                match renderer.article(&resolved).and_then(|html| {
                    sink.write(
                        &format!("{}index.html", resolved.article.url),
                        html.as_bytes(),
                    )
                }) {
                    Ok(()) => ok = true,
                    Err(e) => d.push(e),
                }
            }
            resolved.html = String::new();
            resolved.notes = Vec::new();
            (resolved, d, ok)
        })
        .collect();
    let mut resolved = Vec::with_capacity(results.len());
    for (r, d, ok) in results {
        diags.extend(d);
        written += usize::from(ok);
        resolved.push(r);
    }
    diags.extend(unused_site_sources(&resolved, &sources));
    resolved.sort_by(|a, b| {
        b.article
            .date
            .cmp(&a.article.date)
            .then_with(|| a.article.title.cmp(&b.article.title))
    });
    timings.push(("articles", started.elapsed()));

    let started = Instant::now();
    let sections = sections(&section_files, &resolved, &config, &mut diags);
    let site = Site {
        root: opts.root.clone(),
        config: config.clone(),
        articles: resolved,
        sources,
        sections,
    };
    if failed_before || diags.iter().any(Diagnostic::is_error) {
        return (None, dedup(diags));
    }
    let (n, errors) = crate::pages::write_all(&site, &renderer, sink);
    written += n;
    diags.extend(errors);
    timings.push(("site pages", started.elapsed()));
    let diags = dedup(diags);
    if diags.iter().any(Diagnostic::is_error) {
        (None, diags)
    } else {
        (Some((site, written)), diags)
    }
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

/// `gloss build`: render into a fresh folder, swap it in on success.
pub fn build(opts: &LoadOptions, output: &Path) -> Result<BuildReport, Vec<Diagnostic>> {
    let target = output::check_output_dir(&opts.root, output).map_err(|d| vec![d])?;
    let staging = Staging::new(&target).map_err(|d| vec![d])?;
    let mut timings = Timings::new();
    let (site, warnings) = run(opts, staging.sink(), &mut timings);
    let Some((site, files)) = site else {
        return Err(warnings);
    };
    let started = Instant::now();
    staging.commit().map_err(|d| vec![d])?;
    timings.push(("swap in the output", started.elapsed()));
    Ok(BuildReport {
        output: target,
        articles: site.articles.len(),
        files,
        warnings,
        timings,
    })
}

/// `gloss check`: everything a build does, writing nothing.
pub fn check(opts: &LoadOptions) -> Vec<Diagnostic> {
    run(opts, &output::NullSink, &mut Timings::new()).1
}
