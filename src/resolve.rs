//! Resolving an article: every citation and claim must point at something
//! that exists. Sources are numbered by first citation (then the sources
//! that only claims name, then the article's uncited ones), each knows every
//! place that cites it, and each claim's sources are the union of its front
//! matter, its inline attributes and the citations inside or right after it.

use std::cell::OnceCell;
use std::sync::Arc;

use crate::model::IndexMap;

use crate::config::{Config, Verdict};
use crate::diagnostics::{Diagnostic, Severity};
use crate::front_matter::unknown_source_help;
use crate::markdown::links::{Here, LinkMap};
use crate::markdown::{self, Heading, Note, Rendered};
use crate::model::{Article, PartialDate, Source};
use crate::yaml::{self, Target};
use crate::yaml_markdown;

/// How many problems of one article body are shown in full.
const MAX_BODY_PROBLEMS: usize = 100;

/// A claim, ready to show.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub text_html: String,
    pub text: String,
    pub claimant: String,
    pub date: Option<PartialDate>,
    /// Shared with the site's scale.
    pub verdict: Arc<Verdict>,
    /// Source keys, each with its number in the article.
    pub sources: Vec<(String, usize)>,
    pub note_html: String,
    pub in_text: bool,
}

impl Claim {
    /// The id of the claim's place on its page: the span in the text, or
    /// its entry in the claims list when it is not quoted in the text.
    pub fn anchor(&self) -> String {
        if self.in_text { format!("claim-{}", self.id) } else { format!("claim-entry-{}", self.id) }
    }
}

impl Resolved {
    /// Whether every list of the site (home, sections, tags, the claims
    /// and sources indexes, feeds) shows this article as it shows `other`.
    pub fn listed_the_same(&self, other: &Resolved) -> bool {
        let (a, b) = (&self.article, &other.article);
        let article = (&a.title, &a.summary, a.date, a.updated, &a.authors, &a.tags, &a.section, &a.url, &a.image)
            == (&b.title, &b.summary, b.date, b.updated, &b.authors, &b.tags, &b.section, &b.url, &b.image);
        let claims = self.claims.len() == other.claims.len()
            && self.claims.iter().zip(&other.claims).all(|(x, y)| {
                (&x.id, &x.text_html, &x.text, &x.claimant, x.date, &x.verdict, &x.sources, x.in_text)
                    == (&y.id, &y.text_html, &y.text, &y.claimant, y.date, &y.verdict, &y.sources, y.in_text)
            });
        let sources = self.sources.len() == other.sources.len()
            && self
                .sources
                .iter()
                .zip(&other.sources)
                .all(|(x, y)| (x.number, &x.source, x.local) == (y.number, &y.source, y.local));
        article && claims && sources
    }

    /// Drops what only the article's own page needs (its body, notes,
    /// source text, front-matter claim data), once that page is written:
    /// the listing pages need the rest, for every article at once.
    pub fn slim(&mut self) {
        self.html = String::new();
        self.notes = Vec::new();
        self.headings = Vec::new();
        self.article.file.text = String::new();
        self.article.body_start = 0;
        self.article.claims = IndexMap::default();
        self.article.sources = IndexMap::default();
        self.article.extra = serde_json::Value::Null;
        for c in &mut self.claims {
            c.note_html = String::new();
        }
    }
}

/// A source as the article uses it.
#[derive(Debug, Clone)]
pub struct CitedSource {
    pub number: usize,
    pub source: Source,
    /// Defined in the article itself (not in content/sources.yaml).
    pub local: bool,
    /// Anchors of the citations of it, in order.
    pub citations: Vec<String>,
}

/// An article with its body rendered and every reference resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub article: Article,
    pub html: String,
    pub claims: Vec<Claim>,
    pub sources: Vec<CitedSource>,
    pub notes: Vec<Note>,
    pub headings: Vec<Heading>,
    pub words: usize,
    /// Images beside the article, published with its page (kept by
    /// `slim`: the addresses check needs them once every page is rendered).
    pub assets: Vec<markdown::images::Asset>,
}

/// The site-wide sources an article may cite.
#[derive(Clone, Copy)]
pub struct SiteSources<'a> {
    pub sources: &'a IndexMap<String, Source>,
    /// content/sources.yaml exists but could not be read: its own error
    /// says so, and a key it may define is not also reported unknown.
    pub unreadable: bool,
}

/// Renders and resolves one article. Problems come back as diagnostics;
/// the article is returned either way so later stages can check it too.
pub fn article(article: Article, site: SiteSources, config: &Config, links: &LinkMap) -> (Resolved, Vec<Diagnostic>) {
    let site_sources = site.sources;
    let file_in_content = article.file.rel.strip_prefix(crate::load::CONTENT_DIR).unwrap_or(&article.file.rel);
    let here = Here { file: file_in_content, url: &article.url };
    let scope = markdown::Scope {
        claims: &article.claims,
        verdicts: &config.verdicts,
        unsafe_html: config.unsafe_html,
        links: Some((links, &here)),
        first_line: memchr::memchr_iter(b'\n', &article.file.text.as_bytes()[..article.body_start]).count() + 1,
    };
    let rendered = markdown::render(article.body(), &scope);
    let mut diags = Vec::new();
    let file = &article.file;
    let body_start = article.body_start;
    let at_body = |severity: Severity, message: String, help: String, span: std::ops::Range<usize>| {
        let d = match severity {
            Severity::Error => Diagnostic::error(message),
            Severity::Warning => Diagnostic::warning(message),
        };
        d.in_file(&file.rel).at(&file.text, body_start + span.start..body_start + span.end).with_help(help)
    };
    // Past a hundred problems in one body, more detail helps nobody (and
    // placing each one costs time on huge files): count the rest.
    let mut hidden = 0;
    let mut push = |diags: &mut Vec<Diagnostic>, make: &dyn Fn() -> Diagnostic| {
        if diags.len() < MAX_BODY_PROBLEMS { diags.push(make()) } else { hidden += 1 }
    };
    for p in &rendered.problems {
        push(&mut diags, &|| at_body(p.severity, p.message.clone(), p.help.clone(), p.span.clone()));
    }
    diags.extend(yaml_markdown::article_source_notes(&article, config.unsafe_html));
    let lookup = Lookup { article: &article.sources, site: site_sources, site_unreadable: site.unreadable };
    // Only messages need the YAML: find it once, when the first one does.
    let yaml = OnceCell::new();
    let yaml_text = || *yaml.get_or_init(|| article_yaml(&article));
    let names = || article.sources.keys().chain(site_sources.keys()).map(String::as_str);

    for c in &rendered.citations {
        for (key, span) in c.keys.iter().zip(&c.key_spans) {
            if lookup.unknown(key) {
                push(&mut diags, &|| {
                    at_body(
                        Severity::Error,
                        format!("unknown source `{key}`"),
                        unknown_source_help(key, names()),
                        span.clone(),
                    )
                });
            }
        }
    }
    if hidden > 0 {
        diags.push(
            Diagnostic::error(format!("… and {hidden} more problems in this file"))
                .in_file(&file.rel)
                .with_help("fix the ones above first; they are often the cause of the rest"),
        );
    }

    // Numbering: cited first, then named only by claims, then the rest of
    // the article's own sources.
    let mut order: IndexMap<String, ()> = rendered.cited_order.iter().map(|k| (k.clone(), ())).collect();
    let spans: foldhash::HashMap<&str, &markdown::ClaimSpan> =
        rendered.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let span_sources = |id: &str| spans.get(id).copied();
    for (id, meta) in &article.claims {
        for k in &meta.sources {
            order.entry(k.clone()).or_default();
        }
        if let Some(span) = span_sources(id) {
            for k in &span.sources {
                order.entry(k.clone()).or_default();
            }
        }
    }
    for c in &rendered.claims {
        for k in &c.sources {
            order.entry(k.clone()).or_default();
        }
    }
    for key in article.sources.keys() {
        if !order.contains_key(key) {
            diags.push(
                Diagnostic::warning(format!("source `{key}` is never cited"))
                    .in_file(&file.rel)
                    .with_help(format!("cite it with `[@{key}]`, name it in a claim's `sources:`, or delete it")),
            );
            if let Some(last) = diags.last_mut() {
                locate_front_matter(last, yaml_text(), &["sources", key], Target::Key, &file.text);
            }
            order.entry(key.clone()).or_default();
        }
    }
    let number_of = |key: &str| order.get_index_of(key).map_or(0, |i| i + 1);
    let sources: Vec<CitedSource> = order
        .keys()
        .filter_map(|key| {
            let source = lookup.get(key)?.clone();
            let citations = rendered
                .citations
                .iter()
                .filter(|c| c.keys.iter().any(|k| k == key))
                .map(|c| c.anchor.clone())
                .collect();
            Some(CitedSource { number: number_of(key), source, citations, local: article.sources.contains_key(key) })
        })
        .collect();

    let claims = claims(&article, &rendered, config, &number_of, &lookup, &yaml_text, &mut diags);
    let Rendered { html, notes, headings, words, assets, .. } = rendered;
    (Resolved { article, html, claims, sources, notes, headings, words, assets }, diags)
}

/// The article's claims. `yaml_text` finds the front matter's YAML, for
/// the messages that point into it.
fn claims<'a>(
    article: &'a Article,
    rendered: &Rendered,
    config: &Config,
    number_of: &dyn Fn(&str) -> usize,
    lookup: &Lookup,
    yaml_text: &dyn Fn() -> &'a str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Claim> {
    let file = &article.file;
    let mut out = Vec::new();
    let push_sources = |keys: &mut Vec<(String, usize)>, list: &[String]| {
        for k in list {
            if !keys.iter().any(|(x, _)| x == k) {
                keys.push((k.clone(), number_of(k)));
            }
        }
    };
    for span in &rendered.claims {
        let meta = article.claims.get(&span.id).cloned().unwrap_or_default();
        let at_span = |message: String, help: &str| {
            Diagnostic::error(message)
                .in_file(&file.rel)
                .at(&file.text, article.body_start + span.span.start..article.body_start + span.span.end)
                .with_help(help)
        };
        let Some(verdict) =
            span.verdict.as_deref().or(meta.verdict.as_deref()).and_then(|v| config.verdicts.get(v)).cloned()
        else {
            continue; // reported by the Markdown stage or the front matter
        };
        for k in &span.sources {
            if lookup.unknown(k) {
                diags.push(at_span(
                    format!("claim `{}` names an unknown source `{k}`", span.id),
                    &unknown_source_help(k, article.sources.keys().map(String::as_str)),
                ));
            }
        }
        let date = match &span.date {
            Some(d) => crate::dates::partial(d).map_err(|(message, help)| diags.push(at_span(message, help))).ok(),
            None => meta.date,
        };
        let mut sources = Vec::new();
        push_sources(&mut sources, &meta.sources);
        push_sources(&mut sources, &span.sources);
        push_sources(&mut sources, &span.cited);
        // With sources.yaml unreadable, a claim that names sources may
        // have some there: it is not said to have none.
        let named = !(meta.sources.is_empty() && span.sources.is_empty() && span.cited.is_empty());
        sources.retain(|(k, _)| lookup.get(k).is_some());
        sources.sort_by_key(|(_, n)| *n);
        if sources.is_empty() && !(named && lookup.site_unreadable) {
            diags.push(
                Diagnostic::warning(format!("claim `{}` has no source", span.id))
                    .in_file(&file.rel)
                    .at(&file.text, article.body_start + span.span.start..article.body_start + span.span.end)
                    .with_help("cite one right after the span (`]{.claim #id}[@source]`) or list it under the claim's `sources:`"),
            );
        }
        let quoted = meta.quote.as_deref().map(markdown::escape);
        out.push(Claim {
            id: span.id.clone(),
            text_html: quoted.unwrap_or_else(|| span.text_html.clone()),
            text: meta.quote.clone().unwrap_or_else(|| span.text.clone()),
            claimant: span.claimant.clone().or(meta.claimant.clone()).unwrap_or_default(),
            date,
            verdict,
            sources,
            note_html: note_html(article, &span.id, &meta.note, config, yaml_text, diags),
            in_text: true,
        });
    }
    let quoted: foldhash::HashSet<&str> = rendered.claims.iter().map(|c| c.id.as_str()).collect();
    for (id, meta) in &article.claims {
        if quoted.contains(id.as_str()) {
            continue;
        }
        let mut warn = Diagnostic::warning(format!("claim `{id}` is not marked in the text"))
            .in_file(&file.rel)
            .with_help(format!(
                "mark the words with `[…]{{.claim #{id}}}`; until then it is listed as \"not quoted in the text\""
            ));
        locate_front_matter(&mut warn, yaml_text(), &["claims", id], Target::Key, &file.text);
        diags.push(warn);
        let Some(verdict) = meta.verdict.as_deref().and_then(|v| config.verdicts.get(v)).cloned() else {
            if meta.verdict.is_none() {
                let mut d = Diagnostic::error(format!("claim `{id}` has no verdict"))
                    .in_file(&file.rel)
                    .with_help(format!("add `verdict:` under `claims: {id}:`"));
                locate_front_matter(&mut d, yaml_text(), &["claims", id], Target::Key, &file.text);
                diags.push(d);
            }
            continue;
        };
        let mut sources = Vec::new();
        push_sources(&mut sources, &meta.sources);
        sources.retain(|(k, _)| lookup.get(k).is_some());
        // Without a `quote:` there is no wording to show.
        let text = meta.quote.clone().unwrap_or_default();
        out.push(Claim {
            id: id.clone(),
            text_html: markdown::escape(&text),
            text,
            claimant: meta.claimant.clone().unwrap_or_default(),
            date: meta.date,
            verdict,
            sources,
            note_html: note_html(article, id, &meta.note, config, yaml_text, diags),
            in_text: false,
        });
    }
    out
}

/// A claim's note as HTML. A link or image in it that the URL rule refuses
/// is an error at its place in the front matter.
fn note_html<'a>(
    article: &'a Article,
    id: &str,
    note: &str,
    config: &Config,
    yaml_text: &dyn Fn() -> &'a str,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut problems = Vec::new();
    let html = markdown::render_inline(note, config.unsafe_html, &mut problems);
    let place = (article.file.rel.as_path(), article.file.text.as_str(), yaml_text(), 1);
    diags.extend(problems.into_iter().map(|p| yaml_markdown::refused(p, place, &["claims", id, "note"], note)));
    html
}

/// Finds a source by key: the article's own, then the site's.
struct Lookup<'a> {
    article: &'a IndexMap<String, Source>,
    site: &'a IndexMap<String, Source>,
    site_unreadable: bool,
}

impl<'a> Lookup<'a> {
    fn get(&self, key: &str) -> Option<&'a Source> {
        self.article.get(key).or_else(|| self.site.get(key))
    }

    /// Whether `key` is surely defined nowhere (an unreadable sources.yaml
    /// might define it).
    fn unknown(&self, key: &str) -> bool {
        self.get(key).is_none() && !self.site_unreadable
    }
}

/// The YAML text of an article's front matter.
pub fn article_yaml(article: &Article) -> &str {
    crate::front_matter::split(&article.file.text).map(|s| &article.file.text[s.yaml]).unwrap_or("")
}

/// Places a diagnostic at a front-matter path (the YAML starts on line 2).
fn locate_front_matter(d: &mut Diagnostic, yaml_text: &str, path: &[&str], target: Target, file_text: &str) {
    if let Some(p) = yaml::locate(yaml_text, path, target) {
        *d = d.clone().at_line_col(file_text, p.line + 1, p.column, p.width);
    }
}
