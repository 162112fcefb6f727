//! Resolving an article: every citation and claim must point at something
//! that exists. It joins what the front matter says ([`Article`]) with what
//! the Markdown stage found in the body ([`Rendered`]) and runs no Markdown
//! itself. Sources are numbered by first citation (then the sources that
//! only claims name, then the article's uncited ones), each knows every
//! place that cites it, and each claim's sources are the union of its front
//! matter, its inline attributes and the citations inside or right after it.

use std::ops::Range;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::front_matter::unknown_source_help;
use crate::load::SourceFile;
use crate::markdown::{ClaimSpan, Rendered};
use crate::model::{
    Article, ArticleSummary, Body, CitedSource, ClaimMeta, CorrectionNotice, IndexMap, ResolvedArticle, SiteSource,
    Source,
};
use crate::yaml::{self, Target};
use crate::yaml_markdown::FrontMatterNotes;

mod claims;

use claims::Claims;

/// How many problems of one article body are shown in full.
const MAX_BODY_PROBLEMS: usize = 100;

/// The site-wide sources an article may cite.
#[derive(Clone, Copy)]
pub struct SiteSources<'a> {
    pub sources: &'a IndexMap<String, SiteSource>,
    /// content/sources.yaml exists but could not be read: its own error
    /// says so, and a key it may define is not also reported unknown.
    pub unreadable: bool,
    /// content/claims.yaml: a span may check one of its claims with no
    /// entry in the front matter.
    pub claims: &'a IndexMap<String, ClaimMeta>,
}

/// An article's file as the Markdown stage read it: the text every
/// position points into, and where the body starts in it.
#[derive(Clone, Copy)]
pub struct BodyFile<'a> {
    pub file: &'a SourceFile,
    /// The front matter's YAML ("" without one).
    pub yaml: &'a str,
    pub body_start: usize,
}

/// Everything resolving one article reads.
pub struct Inputs<'a> {
    pub article: Article,
    pub body: BodyFile<'a>,
    pub rendered: Rendered,
    pub notes: FrontMatterNotes,
}

/// Resolves one article. Problems go to `diags`; the article is returned
/// either way so later stages can check it too.
pub fn article(inputs: Inputs, site: SiteSources, config: &Config, diags: &mut Diagnostics) -> ResolvedArticle {
    let Inputs { article, body, rendered, mut notes } = inputs;
    let place = Place { body };
    let lookup = Lookup { article: &article.sources, site: site.sources, site_unreadable: site.unreadable };
    body_problems(&rendered, &article, &place, &lookup, diags);
    let order = source_order(&article, &rendered, &place, diags);
    let number_of = |key: &str| order.get_index_of(key).map_or(0, |i| i + 1);
    let sources: Vec<CitedSource> = order
        .keys()
        .filter_map(|key| {
            let (source, note_html) = match article.sources.get(key) {
                Some(s) => (s.clone(), notes.sources.remove(key).unwrap_or_default()),
                None => site.sources.get(key).map(|s| (s.source.clone(), s.note_html.clone()))?,
            };
            let citations = rendered
                .citations
                .iter()
                .filter(|c| c.keys.iter().any(|k| k == key))
                .map(|c| c.anchor.clone())
                .collect();
            let local = article.sources.contains_key(key);
            Some(CitedSource { number: number_of(key), source, local, citations, note_html })
        })
        .collect();
    let claims = Claims {
        article: &article,
        shared: site.claims,
        config,
        number_of: &number_of,
        lookup: &lookup,
        place: &place,
    };
    let mut list = claims.in_text(&rendered.claims, &mut notes, diags);
    list.extend(claims.not_in_text(&rendered.claims, &mut notes, diags));
    let Rendered { html, notes: body_notes, headings, words, assets, .. } = rendered;
    let corrections = article
        .corrections
        .iter()
        .zip(notes.corrections.drain(..))
        .map(|(c, inline)| CorrectionNotice { date: c.date, text: inline.text, html: inline.html })
        .collect();
    let Article { rel, title, summary, date, updated, authors, tags, section, url, image, extra, .. } = article;
    ResolvedArticle {
        summary: ArticleSummary {
            rel,
            title,
            summary,
            date,
            updated,
            authors,
            tags,
            section,
            url,
            image,
            claims: list,
            sources,
            corrections,
            assets,
        },
        body: Body { html, notes: body_notes, headings, words },
        extra,
    }
}

/// Where an article's problems are placed: in its body, or at a path of
/// its front matter.
pub(super) struct Place<'a> {
    body: BodyFile<'a>,
}

impl<'a> Place<'a> {
    fn file(&self) -> &'a SourceFile {
        self.body.file
    }

    /// A diagnostic at `span` of the body.
    pub(super) fn at_body(&self, d: Diagnostic, span: &Range<usize>) -> Diagnostic {
        let start = self.body.body_start;
        d.in_file(&self.file().rel).at(&self.file().text, start + span.start..start + span.end)
    }

    /// A diagnostic at a path of the front matter (the YAML starts on line 2).
    pub(super) fn in_front_matter(&self, d: Diagnostic, path: &[&str], target: Target) -> Diagnostic {
        let d = d.in_file(&self.file().rel);
        match yaml::locate(self.body.yaml, path, target) {
            Some(p) => d.at_line_col(&self.file().text, p.line + 1, p.column, p.width),
            None => d,
        }
    }
}

/// The Markdown stage's problems and the citations of unknown sources,
/// past a hundred of them counted, not shown: more detail helps nobody, and
/// placing each one costs time on huge files.
fn body_problems(rendered: &Rendered, article: &Article, place: &Place, lookup: &Lookup, diags: &mut Diagnostics) {
    let mut shown = 0;
    let mut hidden = 0;
    let mut push = |diags: &mut Diagnostics, make: &dyn Fn() -> Diagnostic| {
        if shown < MAX_BODY_PROBLEMS {
            shown += 1;
            diags.push(make());
        } else {
            hidden += 1;
        }
    };
    for p in &rendered.problems {
        push(diags, &|| {
            let d = match p.severity {
                Severity::Error => Diagnostic::error(p.message.clone()),
                Severity::Warning => Diagnostic::warning(p.message.clone()),
            };
            place.at_body(d, &p.span).with_help(p.help.clone())
        });
    }
    let names = || article.sources.keys().chain(lookup.site.keys()).map(String::as_str);
    for c in &rendered.citations {
        for (key, span) in c.keys.iter().zip(&c.key_spans).filter(|(key, _)| lookup.unknown(key)) {
            push(diags, &|| {
                let d = Diagnostic::error(format!("unknown source `{key}`"));
                place.at_body(d, span).with_help(unknown_source_help(key, names()))
            });
        }
    }
    if hidden > 0 {
        diags.push(
            Diagnostic::error(format!("… and {hidden} more problems in this file"))
                .in_file(&place.file().rel)
                .with_help("fix the ones above first; they are often the cause of the rest"),
        );
    }
}

/// The order sources are numbered in: cited first, then named only by
/// claims, then the rest of the article's own sources (each of which is
/// warned about: it is never cited).
fn source_order(
    article: &Article,
    rendered: &Rendered,
    place: &Place,
    diags: &mut Diagnostics,
) -> IndexMap<String, ()> {
    let mut order: IndexMap<String, ()> = rendered.cited_order.iter().map(|k| (k.clone(), ())).collect();
    let spans: foldhash::HashMap<&str, &ClaimSpan> = rendered.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    for (id, meta) in &article.claims {
        let inline = spans.get(id.as_str()).map(|span| span.sources.as_slice()).unwrap_or_default();
        for k in meta.sources.iter().chain(inline) {
            order.entry(k.clone()).or_default();
        }
    }
    for k in rendered.claims.iter().flat_map(|c| &c.sources) {
        order.entry(k.clone()).or_default();
    }
    for key in article.sources.keys() {
        if !order.contains_key(key) {
            let d = Diagnostic::warning(format!("source `{key}` is never cited"))
                .with_help(format!("cite it with `[@{key}]`, name it in a claim's `sources:`, or delete it"));
            diags.push(place.in_front_matter(d, &["sources", key], Target::Key));
            order.entry(key.clone()).or_default();
        }
    }
    order
}

/// Finds a source by key: the article's own, then the site's.
pub(super) struct Lookup<'a> {
    article: &'a IndexMap<String, Source>,
    site: &'a IndexMap<String, SiteSource>,
    pub(super) site_unreadable: bool,
}

impl<'a> Lookup<'a> {
    pub(super) fn get(&self, key: &str) -> Option<&'a Source> {
        self.article.get(key).or_else(|| self.site.get(key).map(|s| &s.source))
    }

    /// Whether `key` is surely defined nowhere (an unreadable sources.yaml
    /// might define it).
    pub(super) fn unknown(&self, key: &str) -> bool {
        self.get(key).is_none() && !self.site_unreadable
    }
}
