//! Rendering: the Tera environment, built once per build from the theme,
//! and one function per kind of page. Templates get plain data views
//! (`context`) and every link they write is relative to `root`.

pub mod context;
pub mod theme;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::resolve::Resolved;
use context::{ArticleCtx, SiteCtx, VerdictValues};

pub const GENERATOR: &str = concat!("gloss ", env!("CARGO_PKG_VERSION"));

/// A page is rendered straight into a buffer this large to begin with (an
/// article with its sidebar is about 40 KB), so most never regrow.
const PAGE_BUFFER: usize = 64 << 10;

/// A compiled set of templates and the config they render with.
pub struct Renderer {
    tera: Tera,
    /// Template name → the file it came from and its text, for errors.
    origins: HashMap<String, (PathBuf, String)>,
    config: Config,
    verdicts: VerdictValues,
}

/// The relative path from a page at `url` (e.g. `a/b/`) to the site root.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.split('/').filter(|s| !s.is_empty()).count())
}

impl Renderer {
    /// Compiles the theme's templates. Every template error is reported
    /// with its file and line.
    pub fn new(templates: Vec<theme::Template>, config: Config) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
            .map_err(|e| vec![template_error(&e, &HashMap::new(), &templates)])?;
        let origins = templates.into_iter().map(|t| (t.name, (t.origin, t.text))).collect();
        tera.global_context().insert("site", &SiteCtx::new(&config));
        let verdicts = VerdictValues::new(&config.verdicts);
        let mut r = Renderer { tera, origins, config, verdicts };
        r.tera.global_context().insert("generator", GENERATOR);
        Ok(r)
    }

    /// Renders `template` for the page at `url`, as UTF-8 bytes ready to
    /// write; `page` adds the page's own variables to the context (and may
    /// override `root`).
    pub fn page(&self, template: &str, url: &str, page: impl FnOnce(&mut Context)) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("root", &root_of(url));
        ctx.insert("page_url", url);
        ctx.insert("permalink", &self.permalink(url));
        page(&mut ctx);
        let mut out = Vec::with_capacity(PAGE_BUFFER);
        self.tera.render_to(template, &ctx, &mut out).map_err(|e| template_error(&e, &self.origins, &[]))?;
        Ok(out)
    }

    /// The site's verdicts as template values.
    pub fn verdicts(&self) -> &VerdictValues {
        &self.verdicts
    }

    /// The absolute URL of a page, or "" without a base URL.
    pub fn permalink(&self, url: &str) -> String {
        if self.config.base_url.is_empty() { String::new() } else { format!("{}{url}", self.config.base_url) }
    }

    /// An article's page.
    pub fn article(&self, r: &Resolved) -> Result<Vec<u8>, Diagnostic> {
        let json_ld = json_ld(r, &self.config, &self.permalink(&r.article.url));
        let page = ArticleCtx::of(r, &self.config, &self.verdicts, json_ld);
        self.page("article.html", &r.article.url, |ctx| ctx.insert("page", &page))
    }
}

/// Turns a Tera error into a diagnostic naming the template file and line.
/// Templates are looked up in `origins`, or in `templates` before they are
/// compiled.
fn template_error(
    e: &tera::Error,
    origins: &HashMap<String, (PathBuf, String)>,
    templates: &[theme::Template],
) -> Diagnostic {
    if let Some(d) = loop_error(e, origins, templates) {
        return d;
    }
    let text = e.to_string();
    let message = text.lines().next().unwrap_or("template error").trim_start_matches("error: ").to_string();
    let place = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|p| {
        let mut parts = p.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((parts.next()?.to_string(), line, col))
    });
    let mut d = Diagnostic::error(format!("template error: {message}"))
        .with_help("fix the template; the theme contract is in the README (\"Themes and templates\")");
    if let Some((name, line, col)) = place {
        let found = origins
            .get(&name)
            .map(|(o, t)| (o.clone(), t.as_str()))
            .or_else(|| templates.iter().find(|t| t.name == name).map(|t| (t.origin.clone(), t.text.as_str())));
        match found {
            Some((origin, source)) => d = d.in_file(origin).at_line_col(source, line, col, 1),
            None => d = d.in_file(name),
        }
    }
    d
}

/// Templates that include or extend each other in a loop, or extend one
/// that is not there: blamed on the template whose tag closes the loop (or
/// names the missing one), at that tag.
fn loop_error(
    e: &tera::Error,
    origins: &HashMap<String, (PathBuf, String)>,
    templates: &[theme::Template],
) -> Option<Diagnostic> {
    let (culprit, keyword, named, message, help) = match e.kind() {
        tera::ErrorKind::CircularInclude { tpl, include_chain: chain }
        | tera::ErrorKind::CircularExtend { tpl, inheritance_chain: chain } => {
            let (keyword, verb) = match e.kind() {
                tera::ErrorKind::CircularInclude { .. } => ("include", "include"),
                _ => ("extends", "extend"),
            };
            // The chain ends where the loop closes: the template before the
            // last names the last.
            let named = chain.last().unwrap_or(tpl);
            let culprit = chain.iter().rev().nth(1).unwrap_or(tpl);
            let message = format!("templates {verb} each other in a loop: {}", chain.join(" → "));
            let help = format!(
                "a template cannot {verb} itself, directly or through others: remove this tag or change what it names"
            );
            (culprit, keyword, named, message, help)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let help = "extend one of the theme's templates (such as `base.html`) or add the missing one".to_string();
            (current, "extends", parent, format!("template `{current}` extends `{parent}`, which does not exist"), help)
        }
        _ => return None,
    };
    let mut d = Diagnostic::error(format!("template error: {message}")).with_help(help);
    let found = origins
        .get(culprit)
        .map(|(o, t)| (o.clone(), t.as_str()))
        .or_else(|| templates.iter().find(|t| &t.name == culprit).map(|t| (t.origin.clone(), t.text.as_str())));
    if let Some((origin, text)) = found {
        d = d.in_file(origin);
        if let Some(at) = find_tag(text, keyword, named) {
            d = d.at(text, at);
        }
    }
    Some(d)
}

/// Where the first `{% keyword "name" %}` tag of a template's text is (any
/// of Tera's quotes).
fn find_tag(text: &str, keyword: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let quoted = ['"', '\'', '`'].map(|q| format!("{q}{name}{q}"));
    let mut from = 0;
    while let Some(i) = text[from..].find("{%") {
        let start = from + i;
        let end = text[start..].find("%}").map_or(text.len(), |j| start + j + 2);
        let inner = text[start + 2..end].trim_start_matches(['-', ' ', '\t', '\n']);
        if inner.starts_with(keyword) && quoted.iter().any(|q| inner.contains(q.as_str())) {
            return Some(start..end);
        }
        from = end;
    }
    None
}

#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    claim_reviewed: &'a str,
    item_reviewed: ReviewedClaim<'a>,
    review_rating: Rating<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewedClaim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    rating_value: i64,
    best_rating: i64,
    worst_rating: i64,
    alternate_name: &'a str,
}

/// schema.org ClaimReview objects for the claims whose verdict has a
/// rating (and whose wording is known), as one JSON array; "" when there
/// are none.
pub fn json_ld(r: &Resolved, config: &Config, permalink: &str) -> String {
    let Some((best, worst)) = config.verdicts.rating_bounds() else { return String::new() };
    let author = config.publisher.as_ref().map(|p| Thing { kind: "Organization", name: &p.name, url: &p.url });
    let date = r.article.date.map(|d| d.iso());
    let reviews: Vec<ClaimReview> = r
        .claims
        .iter()
        .filter(|c| !c.text.is_empty())
        .filter_map(|c| {
            let rating = c.verdict.rating?;
            let appearance = c
                .sources
                .iter()
                .filter_map(|(k, _)| r.sources.iter().find(|s| &s.source.key == k))
                .filter(|s| s.source.url.starts_with("http"))
                .map(|s| Thing { kind: "CreativeWork", name: &s.source.title, url: &s.source.url })
                .collect();
            Some(ClaimReview {
                context: "https://schema.org",
                kind: "ClaimReview",
                url: (!permalink.is_empty()).then(|| format!("{permalink}#{}", c.anchor())),
                claim_reviewed: &c.text,
                item_reviewed: ReviewedClaim {
                    kind: "Claim",
                    author: (!c.claimant.is_empty()).then(|| Thing { kind: "Person", name: &c.claimant, url: "" }),
                    appearance,
                    date_published: c.date.map(|d| d.iso()),
                },
                review_rating: Rating {
                    kind: "Rating",
                    rating_value: rating,
                    best_rating: best,
                    worst_rating: worst,
                    alternate_name: &c.verdict.label,
                },
                author: author.as_ref(),
                date_published: date.as_deref(),
            })
        })
        .collect();
    if reviews.is_empty() {
        return String::new();
    }
    // `<` never appears raw inside a <script>, so `</script>` in a claim
    // cannot end it early.
    serde_json::to_string(&reviews).unwrap_or_default().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    #[test]
    fn find_tag_finds_the_tag_naming_the_template_in_any_quotes() {
        let text = "{% include \"b.html\" %}\n{%- include 'a.html' -%}\n{% extends `a.html` %}";
        assert_eq!(super::find_tag(text, "include", "a.html").map(|r| &text[r]), Some("{%- include 'a.html' -%}"));
        assert_eq!(super::find_tag(text, "extends", "a.html").map(|r| &text[r]), Some("{% extends `a.html` %}"));
        assert_eq!(super::find_tag(text, "include", "c.html"), None);
    }

    #[test]
    fn root_climbs_one_level_per_segment() {
        assert_eq!(super::root_of(""), "");
        assert_eq!(super::root_of("a/"), "../");
        assert_eq!(super::root_of("explainers/foo/"), "../../");
    }
}
