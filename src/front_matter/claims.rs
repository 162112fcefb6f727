//! An article's `claims:`: each claim's id, verdict (from the site's
//! scale) and sources (defined in the article or in sources.yaml).

use serde::Deserialize;

use super::SiteScope;
use super::{Doc, unknown_source_help, valid_id, verdict_help};
use crate::dates;
use crate::diagnostics::Diagnostics;
use crate::model::{ClaimMeta, IndexMap, Source};
use crate::yaml::{Target, Text, TextList};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    claimant: Option<Text>,
    verdict: Option<Text>,
    sources: Option<TextList>,
    note: Option<Text>,
    date: Option<Text>,
    quote: Option<Text>,
}

impl RawClaim {
    /// A claim written with no fields (`claims: { a: }`).
    fn empty() -> Self {
        RawClaim { claimant: None, verdict: None, sources: None, note: None, date: None, quote: None }
    }
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
        let meta = claim(doc, &id, r.unwrap_or_else(RawClaim::empty), sources, scope, diags);
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
                &["claims", id_str, "verdict"],
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
                &["claims", id_str, "sources"],
                Target::Item(s),
                format!("claim `{id}` names an unknown source `{s}`"),
                unknown_source_help(s, source_names()),
            ));
        }
    }
    ClaimMeta {
        claimant: r.claimant.map(|t| t.0),
        verdict: r.verdict.map(|t| t.0),
        sources: claim_sources,
        note: r.note.map(|t| t.0).unwrap_or_default(),
        date: doc.date(r.date, &["claims", id_str, "date"], diags, dates::partial),
        quote: r.quote.map(|t| t.0),
    }
}
