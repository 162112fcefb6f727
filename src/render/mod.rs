//! Rendering: the Tera environment, built once per build from the theme,
//! turns typed views of the model (`context`) into the bytes of a page.
//! `pages` says which pages the site has beyond articles; `jsonld` and
//! `claims_json` are the data for machines that are not templates. Nothing
//! here writes a file: the pipeline does, with the bytes rendered here.

pub mod claims_json;
pub mod context;
mod errors;
pub mod jsonld;
pub mod pages;
pub mod theme;

use std::collections::HashMap;
use std::path::PathBuf;

use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{ArticleSummary, Claim, ResolvedArticle};
use crate::urls;
use context::SiteCtx;
use context::article::ArticleCtx;
use context::claim::{ArticleLink, CheckCtx, ClaimFactsCtx, ClaimPageCtx, SourceLink};

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
}

impl Renderer {
    /// Compiles the theme's templates; an error names its file and line.
    pub fn new(templates: Vec<theme::Template>, config: Config) -> Result<Self, Diagnostic> {
        let mut tera = Tera::new();
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
            .map_err(|e| errors::template_error(&e, &HashMap::new(), &templates))?;
        let origins = templates.into_iter().map(|t| (t.name, (t.origin, t.text))).collect();
        tera.global_context().insert("site", &SiteCtx::new(&config));
        tera.global_context().insert("generator", GENERATOR);
        Ok(Renderer { tera, origins, config })
    }

    /// The site's configuration, which every page renders with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Renders `template` for the page at `url`, as bytes ready to write;
    /// `page` adds the page's own variables to the context (and may
    /// override `root`).
    pub fn page(&self, template: &str, url: &str, page: impl FnOnce(&mut Context)) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = Context::new();
        // `root` is `../` repeated, which escaping leaves as it is: marked
        // safe, the links of every page skip escaping it (a page writes it
        // on most links). The 404 page's, from the base URL, is escaped.
        ctx.insert_value("root", tera::Value::safe_string(&urls::root_of(url)));
        ctx.insert("page_url", url);
        ctx.insert("page_folder", urls::top_folder(url));
        ctx.insert("permalink", &urls::permalink(&self.config.base_url, url));
        page(&mut ctx);
        let mut out = Vec::with_capacity(PAGE_BUFFER);
        self.tera.render_to(template, &ctx, &mut out).map_err(|e| errors::template_error(&e, &self.origins, &[]))?;
        Ok(out)
    }

    /// Renders `template` for the page at `url` with `vars`, a struct whose
    /// fields are the page's own variables.
    pub fn page_with<V: serde::Serialize>(&self, template: &str, url: &str, vars: &V) -> Result<Vec<u8>, Diagnostic> {
        let vars = Context::from_serialize(vars).map_err(|e| errors::template_error(&e, &self.origins, &[]))?;
        self.page(template, url, |ctx| ctx.extend(vars))
    }

    /// An article's page.
    pub fn article(&self, r: &ResolvedArticle) -> Result<Vec<u8>, Diagnostic> {
        let url = &r.summary.url;
        let mut page = ArticleCtx::of(r, &self.config, String::new());
        // The NewsArticle's image is the one the page's head gives.
        let image = if page.card_url.is_empty() { &page.image_url } else { &page.card_url };
        let json_ld = jsonld::article(&r.summary, &self.config, image);
        page.json_ld = json_ld;
        self.page("article.html", url, |ctx| ctx.insert("page", &page))
    }

    /// The own page of claim `c` of article `a`; `checks` are the articles
    /// that checked it when it is a claim of content/claims.yaml.
    pub fn claim(
        &self,
        a: &ArticleSummary,
        c: &Claim,
        checks: &[(&ArticleSummary, &Claim)],
    ) -> Result<Vec<u8>, Diagnostic> {
        let (card_url, card_alt) =
            crate::cards::head(&self.config, &c.url, || crate::cards::Card::claim(c, a, &self.config));
        let page = ClaimPageCtx {
            claim: ClaimFactsCtx::of(c),
            verdict_description: &c.verdict.description,
            article: ArticleLink::of(a, c),
            sources: c
                .sources
                .iter()
                .filter_map(|cs| a.sources.iter().find(|s| s.source.key == cs.key))
                .map(SourceLink::of)
                .collect(),
            checks: checks.iter().map(|(a, other)| CheckCtx::of(a, other, &c.url)).collect(),
            image_url: urls::absolute_url(&self.config.base_url, &a.image),
            card_url,
            card_alt,
            json_ld: jsonld::claim_page(a, c, &self.config),
        };
        self.page("claim.html", &c.url, |ctx| ctx.insert("page", &page))
    }
}
