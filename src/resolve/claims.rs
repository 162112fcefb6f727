//! An article's claims, resolved: each joins what the front matter (or
//! content/claims.yaml) says of it with what its span in the text says,
//! and gets the address of its own page.

use std::sync::Arc;

use super::{Lookup, Place};
use crate::config::{Config, Verdict};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::unknown_source_help;
use crate::markdown::{ClaimSpan, Inline};
use crate::model::{Appearance, Article, Claim, ClaimMeta, ClaimSource, Claimant, IndexMap, PastVerdict};
use crate::yaml::Target;
use crate::yaml_markdown::FrontMatterNotes;
use crate::{escape, url_safety, urls, writer_checks};

/// What resolving an article's claims reads.
pub(super) struct Claims<'a> {
    pub(super) article: &'a Article,
    /// content/claims.yaml.
    pub(super) shared: &'a IndexMap<String, ClaimMeta>,
    pub(super) config: &'a Config,
    pub(super) number_of: &'a dyn Fn(&str) -> usize,
    pub(super) lookup: &'a Lookup<'a>,
    pub(super) place: &'a Place<'a>,
}

/// What a claim's front matter rendered: its note, ruling and earlier
/// verdicts' notes as HTML.
struct Rendered {
    note_html: String,
    ruling: Inline,
    history_notes: Vec<String>,
}

impl Claims<'_> {
    /// The sources of a claim: those its lists name that exist, each with
    /// its number, in number order.
    fn sources<'k>(&self, lists: impl IntoIterator<Item = &'k String>) -> Vec<ClaimSource> {
        let mut sources: Vec<ClaimSource> = Vec::new();
        for key in lists {
            if self.lookup.get(key).is_some() && !sources.iter().any(|s| &s.key == key) {
                sources.push(ClaimSource { key: key.clone(), number: (self.number_of)(key) });
            }
        }
        sources.sort_by_key(|s| s.number);
        sources
    }

    /// The claims marked in the text, in order of appearance.
    pub(super) fn in_text(
        &self,
        spans: &[ClaimSpan],
        notes: &mut FrontMatterNotes,
        diags: &mut Diagnostics,
    ) -> Vec<Claim> {
        let mut out = Vec::new();
        for span in spans {
            let meta = self.article.claims.get(&span.id).or_else(|| self.shared.get(&span.id));
            let meta = meta.cloned().unwrap_or_default();
            let at_span = |d: Diagnostic| self.place.at_body(d, &span.span);
            let verdict = span.verdict.as_deref().or(meta.verdict.as_deref()).and_then(|v| self.config.verdicts.get(v));
            let Some(verdict) = verdict.cloned() else {
                continue; // reported by the Markdown stage or the front matter
            };
            for k in span.sources.iter().filter(|k| self.lookup.unknown(k)) {
                let help = unknown_source_help(k, self.article.sources.keys().map(String::as_str));
                diags.push(
                    at_span(Diagnostic::error(format!("claim `{}` names an unknown source `{k}`", span.id)))
                        .with_help(help),
                );
            }
            if meta.shared {
                shared_attributes(span, &at_span, diags);
            }
            let said = match span.said.as_ref().filter(|_| !meta.shared) {
                Some(d) => crate::dates::partial(d)
                    .map_err(|(message, help)| diags.push(at_span(Diagnostic::error(message)).with_help(help)))
                    .ok(),
                None => meta.said,
            };
            let sources = self.sources(meta.sources.iter().chain(&span.sources).chain(&span.cited));
            // With sources.yaml unreadable, a claim that names sources may
            // have some there: it is not said to have none.
            let named = !(meta.sources.is_empty() && span.sources.is_empty() && span.cited.is_empty());
            if sources.is_empty() && !(named && self.lookup.site_unreadable) {
                let d = Diagnostic::warning(format!("claim `{}` has no source", span.id));
                diags.push(at_span(d).with_help(
                    "cite one right after the span (`]{.claim #id}[@source]`) or list it under the claim's `sources:`",
                ));
            }
            let mut rendered = take_rendered(&span.id, notes);
            let mut meta = meta;
            if let Some(r) = &span.ruling {
                rendered.ruling = r.clone();
            }
            if let Some(url) = span.appearance.as_ref().filter(|_| !meta.shared) {
                match inline_appearance(url) {
                    Ok(a) => meta.appearances.push(a),
                    Err((message, help)) => diags.push(at_span(Diagnostic::error(message)).with_help(help)),
                }
            }
            // A span's claimant overrides the front matter's; the same name
            // keeps the kind and address the front matter gives it.
            let same = |c: &Claimant, name: &str| c.name == name;
            if let Some(name) = span.claimant.as_ref().filter(|_| !meta.shared) {
                if !meta.claimant.as_ref().is_some_and(|c| same(c, name)) {
                    meta.claimant = Some(Claimant { name: name.clone(), kind: None, url: String::new() });
                }
            }
            let text_html = meta.quote.as_deref().map_or_else(|| span.text_html.clone(), escape::html);
            let text = meta.quote.clone().unwrap_or_else(|| span.text.clone());
            let wording = Wording { text, text_html, said, sources, in_text: true };
            out.push(self.claim(&span.id, meta, wording, verdict, rendered));
        }
        out
    }

    /// The front matter's claims not marked in the text (each warned
    /// about), listed after the others.
    pub(super) fn not_in_text(
        &self,
        spans: &[ClaimSpan],
        notes: &mut FrontMatterNotes,
        diags: &mut Diagnostics,
    ) -> Vec<Claim> {
        let quoted: foldhash::HashSet<&str> = spans.iter().map(|c| c.id.as_str()).collect();
        let mut out = Vec::new();
        for (id, meta) in self.article.claims.iter().filter(|(id, _)| !quoted.contains(id.as_str())) {
            let warn = Diagnostic::warning(format!("claim `{id}` is not marked in the text")).with_help(format!(
                "mark the words with `[…]{{.claim #{id}}}`; until then it is listed as \"not quoted in the text\""
            ));
            diags.push(self.place.in_front_matter(warn, &["claims", id], Target::Key));
            let Some(verdict) = meta.verdict.as_deref().and_then(|v| self.config.verdicts.get(v)).cloned() else {
                if meta.verdict.is_none() {
                    let d = Diagnostic::error(format!("claim `{id}` has no verdict"))
                        .with_help(format!("add `verdict:` under `claims: {id}:`"));
                    diags.push(self.place.in_front_matter(d, &["claims", id], Target::Key));
                }
                continue;
            };
            // Without a `quote:` there is no wording to show.
            let text = meta.quote.clone().unwrap_or_default();
            let sources = self.sources(&meta.sources);
            let wording = Wording { text_html: escape::html(&text), text, said: meta.said, sources, in_text: false };
            out.push(self.claim(id, meta.clone(), wording, verdict, take_rendered(id, notes)));
        }
        out
    }

    /// A claim from its front matter, wording and verdict.
    fn claim(&self, id: &str, meta: ClaimMeta, w: Wording, verdict: Arc<Verdict>, r: Rendered) -> Claim {
        let history = meta
            .history
            .iter()
            .zip(r.history_notes.into_iter().chain(std::iter::repeat(String::new())))
            .filter_map(|(h, note_html)| {
                let verdict = self.config.verdicts.get(&h.verdict)?.clone();
                Some(PastVerdict { date: h.date, verdict, note_html })
            })
            .collect();
        Claim {
            id: id.to_string(),
            text_html: w.text_html,
            text: w.text,
            claimant: meta.claimant.unwrap_or_default(),
            said: w.said,
            verdict,
            sources: w.sources,
            note_html: r.note_html,
            ruling: r.ruling.text,
            ruling_html: r.ruling.html,
            appearances: meta.appearances,
            history,
            in_text: w.in_text,
            shared: meta.shared,
            url: urls::claim_url(&self.article.url, id),
        }
    }
}

/// A claim of content/claims.yaml takes who made it, when and where from
/// there: a span that says it again is an error (one home per fact).
fn shared_attributes(span: &ClaimSpan, at_span: &dyn Fn(Diagnostic) -> Diagnostic, diags: &mut Diagnostics) {
    let given = [
        ("claimant", span.claimant.is_some()),
        ("said", span.said.is_some()),
        ("appearance", span.appearance.is_some()),
    ];
    for (field, _) in given.iter().filter(|(_, given)| *given) {
        let d = Diagnostic::error(format!(
            "claim `{}` is defined in content/claims.yaml, which gives its `{field}`",
            span.id
        ));
        diags.push(at_span(d).with_help(format!(
            "delete this `{field}=`, or change it in content/claims.yaml for every article that checks the claim"
        )));
    }
}

/// How a claim reads on the page, and when it was said.
struct Wording {
    text: String,
    text_html: String,
    said: Option<crate::dates::PartialDate>,
    sources: Vec<ClaimSource>,
    in_text: bool,
}

/// The HTML the front matter's Markdown of claim `id` rendered to.
fn take_rendered(id: &str, notes: &mut FrontMatterNotes) -> Rendered {
    Rendered {
        note_html: notes.claims.remove(id).unwrap_or_default(),
        ruling: notes.rulings.remove(id).unwrap_or_default(),
        history_notes: notes.history.remove(id).unwrap_or_default(),
    }
}

/// A span's `appearance=`: one web address.
fn inline_appearance(url: &str) -> Result<Appearance, (String, String)> {
    if url.trim().is_empty() {
        let help = "give where the claim was made: `appearance=\"https://…\"`";
        return Err(("an appearance has no `url`".into(), help.into()));
    }
    url_safety::check(url, url_safety::Use::Link).map_err(|r| (r.message, r.help.to_string()))?;
    if let Some(problem) = writer_checks::off_site_problem(url) {
        return Err(problem);
    }
    Ok(Appearance { url: url.to_string(), archived: String::new() })
}
