//! The pipeline, sequenced in one place: load → parse → resolve → render →
//! write. `build`, `check` and `serve` all run [`load_site`] and
//! [`render_site`]; they differ only in where the files go.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::front_matter::{self, SiteScope};
use crate::load::{self, CONTENT_DIR, SOURCES_FILE};
use crate::model::Source;
use crate::output::{self, Sink, Staging};
use crate::render::{Renderer, theme};
use crate::resolve::{self, Resolved};

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
}

/// A loaded, resolved site: everything needed to render it.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Newest first.
    pub articles: Vec<Resolved>,
    pub sources: IndexMap<String, Source>,
}

/// A stage's name and how long it took.
pub type Timings = Vec<(&'static str, Duration)>;

/// Loads and resolves the whole site. Returns the site when it has no
/// errors, and every diagnostic (errors and warnings) either way.
pub fn load_site(opts: &LoadOptions, timings: &mut Timings) -> (Option<Site>, Vec<Diagnostic>) {
    let started = Instant::now();
    let config = match config::load(&opts.root, opts.base_url.as_deref()) {
        Ok(c) => c,
        Err(diags) => return (None, diags),
    };
    let (content, mut diags) = load::content(&opts.root);
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
    let parsed: Vec<(Option<Resolved>, Vec<Diagnostic>)> = content
        .articles
        .into_par_iter()
        .map(|file| {
            let (article, mut d) = front_matter::article(file, &scope);
            let Some(article) = article else {
                return (None, d);
            };
            if article.draft && !opts.drafts {
                return (None, Vec::new());
            }
            let (resolved, more) = resolve::article(article, &sources, &config);
            d.extend(more);
            (Some(resolved), d)
        })
        .collect();
    let mut articles = Vec::with_capacity(parsed.len());
    for (a, d) in parsed {
        diags.extend(d);
        articles.extend(a);
    }
    timings.push(("parse and resolve", started.elapsed()));

    diags.extend(duplicate_urls(&articles));
    diags.extend(unused_site_sources(&articles, &sources, &sources_path));
    articles.sort_by(|a, b| {
        b.article
            .date
            .cmp(&a.article.date)
            .then_with(|| a.article.title.cmp(&b.article.title))
    });
    let failed = diags.iter().any(Diagnostic::is_error);
    let site = Site {
        root: opts.root.clone(),
        config,
        articles,
        sources,
    };
    (if failed { None } else { Some(site) }, diags)
}

/// Two articles that would be written to the same place.
fn duplicate_urls(articles: &[Resolved]) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    let mut diags = Vec::new();
    for a in articles {
        if let Some(first) = seen.insert(&a.article.url, &a.article.file.rel) {
            diags.push(
                Diagnostic::error(format!(
                    "two articles would be published at `{}`: {} and this one",
                    a.article.url,
                    crate::diagnostics::display_path(first)
                ))
                .in_file(&a.article.file.rel)
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
    path: &Path,
) -> Vec<Diagnostic> {
    let used: std::collections::HashSet<&str> = articles
        .iter()
        .flat_map(|a| a.sources.iter().map(|s| s.source.key.as_str()))
        .collect();
    sources
        .keys()
        .filter(|k| !used.contains(k.as_str()))
        .map(|k| {
            Diagnostic::warning(format!("site-wide source `{k}` is never cited"))
                .in_file(path)
                .with_help(format!("cite it with `[@{k}]` in an article, or delete it"))
        })
        .collect()
}

/// Renders every page of the site into `sink`; returns how many files were
/// written.
pub fn render_site(
    site: &Site,
    sink: &dyn Sink,
    timings: &mut Timings,
) -> Result<usize, Vec<Diagnostic>> {
    let started = Instant::now();
    let config = &site.config;
    let theme = theme::load(&site.root, &config.theme)?;
    let renderer = Renderer::new(theme.templates, config)?;
    let mut written = 0;
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut write =
        |rel: &str, bytes: &[u8], errors: &mut Vec<Diagnostic>| match sink.write(rel, bytes) {
            Ok(()) => written += 1,
            Err(d) => errors.push(d),
        };
    for s in &theme.statics {
        write(&format!("theme/{}", s.rel), &s.bytes, &mut errors);
    }
    match crate::highlight::stylesheet(
        &config.highlight_theme,
        &config.highlight_theme_dark,
        &site.root,
    ) {
        Ok(css) => write("theme/highlight.css", css.as_bytes(), &mut errors),
        Err(m) => errors.push(Diagnostic::error(m).in_file(config::FILE)),
    }
    match output::copy_dir(&site.root.join("static"), "", sink) {
        Ok(n) => written += n,
        Err(d) => errors.extend(d),
    }
    timings.push(("theme and static files", started.elapsed()));

    let started = Instant::now();
    let results: Vec<Result<(), Diagnostic>> = site
        .articles
        .par_iter()
        .map(|a| {
            let html = renderer.article(a)?;
            sink.write(&format!("{}index.html", a.article.url), html.as_bytes())
        })
        .collect();
    for r in results {
        match r {
            Ok(()) => written += 1,
            Err(d) => errors.push(d),
        }
    }
    let listed: Vec<&Resolved> = site.articles.iter().collect();
    match renderer
        .home(&listed)
        .and_then(|html| sink.write("index.html", html.as_bytes()))
    {
        Ok(()) => written += 1,
        Err(d) => errors.push(d),
    }
    timings.push(("render and write pages", started.elapsed()));
    if errors.is_empty() {
        Ok(written)
    } else {
        Err(dedup(errors))
    }
}

/// One template error breaks every page the same way: say it once.
fn dedup(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
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

/// `gloss build`: load, render into a fresh folder, swap it in.
pub fn build(opts: &LoadOptions, output: &Path) -> Result<BuildReport, Vec<Diagnostic>> {
    let target = output::check_output_dir(&opts.root, output).map_err(|d| vec![d])?;
    let mut timings = Timings::new();
    let (site, diags) = load_site(opts, &mut timings);
    let Some(site) = site else { return Err(diags) };
    let staging = Staging::new(&target).map_err(|d| vec![d])?;
    let files = render_site(&site, staging.sink(), &mut timings).map_err(|mut e| {
        e.extend(diags.iter().cloned());
        e
    })?;
    let started = Instant::now();
    staging.commit().map_err(|d| vec![d])?;
    timings.push(("swap in the output", started.elapsed()));
    Ok(BuildReport {
        output: target,
        articles: site.articles.len(),
        files,
        warnings: diags,
        timings,
    })
}

/// `gloss check`: everything a build does, writing nothing.
pub fn check(opts: &LoadOptions) -> Vec<Diagnostic> {
    let mut timings = Timings::new();
    let (site, mut diags) = load_site(opts, &mut timings);
    if let Some(site) = site {
        if let Err(e) = render_site(&site, &output::NullSink, &mut timings) {
            diags.extend(e);
        }
    }
    diags
}
