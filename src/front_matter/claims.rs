//! Claims: an article's `claims:` and the site's content/claims.yaml. An
//! article's claim has an id, a verdict (from the site's scale), the
//! sources that check it, and may say who made it, when and where, the
//! short answer (`ruling`) and earlier verdicts. A claim of claims.yaml is
//! what several articles check: who made it, when, where and its wording
//! are written there once; each article that checks it gives its own
//! verdict.

use serde::Deserialize;

use super::SiteScope;
use super::claim_fields::{self, RawAppearance, RawChange, RawClaimant};
use super::{Doc, unknown_source_help, valid_id, verdict_help};
use crate::dates;
use crate::diagnostics::Diagnostics;
use crate::load::SourceFile;
use crate::model::{ClaimMeta, IndexMap, Source};
use crate::yaml::{self, OneOrList, Target, Text, TextList, TextOr};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    claimant: Option<TextOr<RawClaimant>>,
    verdict: Option<Text>,
    sources: Option<TextList>,
    note: Option<Text>,
    said: Option<Text>,
    /// The first spelling of `said`, still read.
    date: Option<Text>,
    quote: Option<Text>,
    ruling: Option<Text>,
    appearance: Option<OneOrList<RawAppearance>>,
    history: Option<Vec<RawChange>>,
}

/// A claim of content/claims.yaml: what is true of it whoever checks it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSharedClaim {
    claimant: Option<TextOr<RawClaimant>>,
    said: Option<Text>,
    quote: Option<Text>,
    appearance: Option<OneOrList<RawAppearance>>,
}

/// Validates the `claims:` of an article whose own sources are `sources`.
pub(super) fn read(
    doc: &Doc,
    raw: Option<IndexMap<Text, Option<RawClaim>>>,
    sources: &IndexMap<String, Source>,
    scope: &SiteScope,
    diags: &mut Diagnostics,
) -> IndexMap<String, ClaimMeta> {
    let mut claims = IndexMap::default();
    for (id, r) in raw.unwrap_or_default() {
        let mut meta = claim(doc, &id, r.unwrap_or_default(), sources, scope, diags);
        if let Some(shared) = scope.claims.get(id.as_str()) {
            meta = with_shared(doc, id.as_str(), meta, shared, diags);
        }
        claims.insert(id.0, meta);
    }
    claims
}

/// One claim: its id, verdict and sources checked.
fn claim(
    doc: &Doc,
    id: &Text,
    r: RawClaim,
    sources: &IndexMap<String, Source>,
    scope: &SiteScope,
    diags: &mut Diagnostics,
) -> ClaimMeta {
    let id_str = id.as_str();
    let at = |field: &'static str| ["claims", id_str, field];
    if !valid_id(id_str) {
        diags.push(doc.error(
            &["claims", id_str],
            Target::Key,
            format!("`{id}` is not a valid claim id"),
            "ids are letters, digits and `-`, `_`, `.`, `:`, as in `[text]{.claim #smuggler-ties}`",
        ));
    }
    if let Some(v) = &r.verdict {
        if scope.verdicts.get(v.as_str()).is_none() {
            diags.push(doc.error(
                &at("verdict"),
                Target::Value,
                format!("verdict `{v}` is not in the site's scale"),
                verdict_help(v.as_str(), scope.verdicts),
            ));
        }
    }
    let known_source = |k: &str| sources.contains_key(k) || scope.sources.contains_key(k) || scope.sources_unreadable;
    let source_names = || sources.keys().chain(scope.sources.keys()).map(String::as_str);
    let claim_sources = r.sources.unwrap_or_default().0.into_iter().map(|t| t.0).collect::<Vec<String>>();
    for s in &claim_sources {
        if !known_source(s) {
            diags.push(doc.error(
                &at("sources"),
                Target::Item(s),
                format!("claim `{id}` names an unknown source `{s}`"),
                unknown_source_help(s, source_names()),
            ));
        }
    }
    ClaimMeta {
        claimant: claim_fields::claimant(doc, r.claimant, &at("claimant"), diags),
        verdict: r.verdict.map(|t| t.0),
        sources: claim_sources,
        note: r.note.map(|t| t.0).unwrap_or_default(),
        said: said(doc, r.said, r.date, &["claims", id_str], diags),
        quote: r.quote.map(|t| t.0),
        ruling: r.ruling.map(|t| t.0).filter(|t| !t.trim().is_empty()),
        appearances: claim_fields::appearances(doc, r.appearance, &at("appearance"), diags),
        history: claim_fields::history(doc, r.history, &at("history"), scope.verdicts, diags),
        shared: false,
    }
}

/// When the claim was made: `said:`, or `date:` as it was first spelt
/// (both at once is an error: which one is meant?).
fn said(
    doc: &Doc,
    said: Option<Text>,
    date: Option<Text>,
    prefix: &[&str],
    diags: &mut Diagnostics,
) -> Option<dates::PartialDate> {
    let at = |field: &'static str| [prefix, &[field]].concat();
    if said.is_some() && date.is_some() {
        diags.push(doc.error(
            &at("date"),
            Target::Key,
            "the claim has both `said` and `date`".into(),
            "`date` is the old name of `said`: keep one",
        ));
    }
    match said {
        Some(s) => doc.date(Some(s), &at("said"), diags, dates::partial),
        None => doc.date(date, &at("date"), diags, dates::partial),
    }
}

/// An article's claim that content/claims.yaml defines: what is true of it
/// whoever checks it comes from there, and the article may not say it
/// again (one home per fact).
fn with_shared(doc: &Doc, id: &str, mut meta: ClaimMeta, shared: &ClaimMeta, diags: &mut Diagnostics) -> ClaimMeta {
    let given = [
        ("claimant", meta.claimant.is_some()),
        ("said", meta.said.is_some()),
        ("quote", meta.quote.is_some()),
        ("appearance", !meta.appearances.is_empty()),
    ];
    for (field, _) in given.iter().filter(|(_, given)| *given) {
        diags.push(doc.error(
            &["claims", id, field],
            Target::Key,
            format!("claim `{id}` is defined in content/claims.yaml, which gives its `{field}`"),
            format!(
                "delete this `{field}:`, or change it in content/claims.yaml for every article that checks the claim"
            ),
        ));
    }
    meta.claimant = shared.claimant.clone();
    meta.said = shared.said;
    meta.quote = shared.quote.clone();
    meta.appearances = shared.appearances.clone();
    meta.shared = true;
    meta
}

/// Reads and validates content/claims.yaml, pushing every problem found;
/// `None` when its YAML cannot be read at all.
pub fn site_claims(file: &SourceFile, diags: &mut Diagnostics) -> Option<IndexMap<String, ClaimMeta>> {
    if file.text.trim().is_empty() {
        return Some(IndexMap::default());
    }
    let raw: IndexMap<Text, RawSharedClaim> = match yaml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(yaml::diagnostic(&file.text, 1, &e).in_file(&file.rel));
            return None;
        }
    };
    let doc = Doc { file, yaml: &file.text, first_line: 1 };
    let claims = raw.into_iter().map(|(id, r)| {
        let id = id.0;
        if !valid_id(&id) {
            diags.push(doc.error(
                &[id.as_str()],
                Target::Key,
                format!("`{id}` is not a valid claim id"),
                "ids are letters, digits and `-`, `_`, `.`, `:`; an article checks the claim as `[text]{.claim #id}`",
            ));
        }
        let at = |field: &'static str| [id.as_str(), field];
        let meta = ClaimMeta {
            claimant: claim_fields::claimant(&doc, r.claimant, &at("claimant"), diags),
            said: doc.date(r.said, &at("said"), diags, dates::partial),
            quote: r.quote.map(|t| t.0),
            appearances: claim_fields::appearances(&doc, r.appearance, &at("appearance"), diags),
            shared: true,
            ..ClaimMeta::default()
        };
        (id, meta)
    });
    Some(claims.collect())
}
