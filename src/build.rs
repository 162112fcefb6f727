//! `gloss build`: run the pipeline into a staging folder beside the
//! output, and publish it only when the build has no errors, so a failed
//! build leaves the previous output untouched.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Staging};
use crate::pipeline::{Build, Options, Timings};

/// What a finished build reports.
pub struct BuildReport {
    pub output: PathBuf,
    pub articles: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
    /// Share cards: how many the build drew, and how many it took from
    /// the cache unchanged.
    pub cards_drawn: usize,
    pub cards_kept: usize,
}

/// Builds the site into `output` (`force`: see [`output::guard`]). On
/// failure, every problem found, and nothing of the output changed.
pub fn build(opts: &Options, output: &Path, force: bool) -> Result<BuildReport, Vec<Diagnostic>> {
    let target = output::check_output_dir(&opts.root, output, force).map_err(|d| vec![d])?;
    let staging = Staging::new(&target, output).map_err(|d| vec![d])?;
    let mut timings = Timings::new();
    let mut diags = Diagnostics::new();
    let build = Build::start(opts, staging.sink(), &mut timings, &mut diags);
    let counts = build.as_ref().map(|b| (b.article_count(), b.written()));
    let cards = build.as_ref().map(Build::take_cards).unwrap_or_default();
    // Freeing a large site's data takes a while and nothing waits for it:
    // it happens on another thread while the output is published.
    if let Some(b) = build {
        rayon::spawn(move || drop(b));
    }
    let mut warnings = diags.into_vec();
    let Some((articles, files)) = counts.filter(|_| !warnings.iter().any(Diagnostic::is_error)) else {
        output::explain_disk_full(&mut warnings, staging.sink());
        return Err(warnings);
    };
    let started = Instant::now();
    warnings.extend(staging.commit().map_err(|d| vec![d])?);
    timings.mark("publish the output", started);
    // Only now, with the build in place, do its new cards enter the cache.
    let started = Instant::now();
    warnings.extend(crate::cards::cache::Cache::of(&opts.root).keep(&target, &cards));
    timings.mark("keep new share cards", started);
    let cards_drawn = cards.iter().filter(|c| c.drawn).count();
    let cards_kept = cards.len() - cards_drawn;
    let files = files + cards.len();
    Ok(BuildReport { output: target, articles, files, warnings, timings, cards_drawn, cards_kept })
}
