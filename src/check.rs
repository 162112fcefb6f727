//! `gloss check`: everything a build does, writing nothing: each page is
//! read as it is rendered and only its links and ids are kept
//! ([`linkcheck::Pages`]); then the links between the pages it would
//! write, each broken one reported where the writer wrote it.

use std::collections::HashMap;
use std::path::Path;

use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::linkcheck;
use crate::linkcheck::Pages;
use crate::load::{self, SourceFile};
use crate::pipeline::{Build, Options, Timings};

/// Every problem of the site, as `gloss check` reports it.
pub fn check(opts: &Options) -> Vec<Diagnostic> {
    // Share cards are images, not pages: checking draws none.
    let opts = &Options { cards: crate::cards::Mode::Skip, ..opts.clone() };
    let sink = Pages::default();
    let mut diags = Diagnostics::new();
    let Some(build) = Build::start(opts, &sink, &mut Timings::new(), &mut diags) else { return diags.into_vec() };
    if build.config().verdicts.0.is_empty() {
        diags.push(empty_scale(&opts.root));
    }
    if !diags.has_errors() {
        broken_links(opts, &build, sink, &mut diags);
    }
    diags.into_vec()
}

/// The warning for a verdict scale with no verdicts, at its key.
fn empty_scale(root: &Path) -> Diagnostic {
    let d = Diagnostic::warning("the verdict scale is empty: no claim can have a verdict")
        .in_file(config::FILE)
        .with_help("list verdicts under `verdicts:` in site.yaml, or delete the key to use the default scale");
    let text = std::fs::read_to_string(root.join(config::FILE)).unwrap_or_default();
    match crate::yaml::locate(&text, &["verdicts"], crate::yaml::Target::Key) {
        Some(p) => d.at_line_col(&text, p.line, p.column, p.width),
        None => d,
    }
}

/// Reports each link between the pages of the site that leads nowhere: a
/// link written in an article at its place there.
fn broken_links(opts: &Options, build: &Build, sink: Pages, diags: &mut Diagnostics) {
    let by_page: HashMap<String, &Path> =
        build.summaries().map(|a| (format!("{}index.html", a.url), a.rel.as_path())).collect();
    // Each article with a broken link is read once, however many it has.
    let mut texts: HashMap<&Path, Option<SourceFile>> = HashMap::new();
    for broken in sink.broken() {
        let file = by_page
            .get(&broken.page)
            .and_then(|rel| texts.entry(rel).or_insert_with(|| load::read(&opts.root, rel).ok()).as_ref());
        let at = file.and_then(|f| linkcheck::locate(&f.text, &broken.href).map(|i| (f, i)));
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
