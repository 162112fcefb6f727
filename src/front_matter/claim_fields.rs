//! The fields of a claim that are more than a word: who made it
//! (`claimant`), where (`appearance`), its earlier verdicts (`history`),
//! and an article's `corrections`, read from their raw YAML shapes and
//! checked.

use serde::Deserialize;

use super::{Doc, verdict_help};
use crate::config::Verdicts;
use crate::dates;
use crate::diagnostics::{Diagnostics, suggestion};
use crate::model::{Appearance, Claimant, ClaimantKind, Correction, VerdictChange};
use crate::yaml::{OneOrList, Target, Text, TextOr};

/// `claimant: {name, kind, url}`.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaimant {
    name: Option<Text>,
    kind: Option<Text>,
    url: Option<Text>,
}

/// `appearance: {url, archived}`.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAppearance {
    url: Option<Text>,
    archived: Option<Text>,
}

/// One of `history:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChange {
    date: Option<Text>,
    verdict: Option<Text>,
    note: Option<Text>,
}

/// One of `corrections:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCorrection {
    date: Option<Text>,
    text: Option<Text>,
}

/// The claimant at `path`: a name, or a name with its kind and address.
pub(super) fn claimant(
    doc: &Doc,
    raw: Option<TextOr<RawClaimant>>,
    path: &[&str],
    diags: &mut Diagnostics,
) -> Option<Claimant> {
    let fields = match raw? {
        TextOr::Text(name) => return Some(Claimant { name: name.0, kind: None, url: String::new() }),
        TextOr::Fields(f) => f,
    };
    let at = |field: &'static str| [path, &[field]].concat();
    let name = match fields.name {
        Some(n) if !n.0.trim().is_empty() => n.0,
        _ => {
            diags.push(doc.error(
                path,
                Target::Key,
                "the claimant has no `name`".into(),
                "give it as `claimant: {name: Jane Doe, kind: person}`, or just `claimant: Jane Doe`",
            ));
            String::new()
        }
    };
    let kind = fields.kind.and_then(|k| {
        let kind = ClaimantKind::parse(k.as_str());
        if kind.is_none() {
            let names = ClaimantKind::ALL.map(|(n, _)| n);
            diags.push(doc.error(
                &at("kind"),
                Target::Value,
                format!("`{k}` is not a kind of claimant"),
                suggestion(k.as_str(), names, "a claimant is a `person` or an `organization`"),
            ));
        }
        kind
    });
    let url = doc.external_url(fields.url, &at("url"), diags);
    Some(Claimant { name, kind, url })
}

/// The appearances at `path`: where the claim was made, each a URL or
/// `{url, archived}`.
pub(super) fn appearances(
    doc: &Doc,
    raw: Option<OneOrList<RawAppearance>>,
    path: &[&str],
    diags: &mut Diagnostics,
) -> Vec<Appearance> {
    let mut out = Vec::new();
    for item in raw.map(|l| l.0).unwrap_or_default() {
        let (url, archived) = match item {
            TextOr::Text(url) => (Some(url), None),
            TextOr::Fields(f) => (f.url, f.archived),
        };
        let Some(url) = url else {
            diags.push(doc.error(
                path,
                Target::Key,
                "an appearance has no `url`".into(),
                "give where the claim was made: `appearance: {url: https://…, archived: https://…}`",
            ));
            continue;
        };
        let shown = url.0.clone();
        let url = doc.external_url(Some(url), path, diags);
        let archived = doc.external_url(archived, &[path, &["archived"]].concat(), diags);
        if !url.is_empty() || shown.is_empty() {
            out.push(Appearance { url, archived });
        }
    }
    out
}

/// The earlier verdicts at `path`, each with its date and a verdict of
/// the scale.
pub(super) fn history(
    doc: &Doc,
    raw: Option<Vec<RawChange>>,
    path: &[&str],
    verdicts: &Verdicts,
    diags: &mut Diagnostics,
) -> Vec<VerdictChange> {
    let mut out = Vec::new();
    for change in raw.unwrap_or_default() {
        let Some(date_text) = change.date else {
            diags.push(doc.error(path, Target::Key, "an earlier verdict has no `date`".into(), HISTORY_HELP));
            continue;
        };
        let date = match dates::full(date_text.as_str()) {
            Ok(d) => d,
            Err((message, help)) => {
                diags.push(doc.error(path, Target::Item(date_text.as_str()), message, help));
                continue;
            }
        };
        let Some(verdict) = change.verdict else {
            diags.push(doc.error(path, Target::Key, "an earlier verdict has no `verdict`".into(), HISTORY_HELP));
            continue;
        };
        if verdicts.get(verdict.as_str()).is_none() {
            diags.push(doc.error(
                path,
                Target::Item(verdict.as_str()),
                format!("verdict `{verdict}` is not in the site's scale"),
                verdict_help(verdict.as_str(), verdicts),
            ));
            continue;
        }
        out.push(VerdictChange { date, verdict: verdict.0, note: change.note.map(|t| t.0).unwrap_or_default() });
    }
    out.sort_by_key(|c| c.date);
    out
}

const HISTORY_HELP: &str = "each earlier verdict is `{date: 2024-01-31, verdict: false, note: Why it changed}`";

/// An article's `corrections:`, oldest first.
pub(super) fn corrections(doc: &Doc, raw: Option<Vec<RawCorrection>>, diags: &mut Diagnostics) -> Vec<Correction> {
    const HELP: &str = "each correction is `{date: 2024-01-31, text: What was wrong and what is right}`";
    let mut out = Vec::new();
    for c in raw.unwrap_or_default() {
        let (Some(date_text), Some(text)) = (c.date, c.text.filter(|t| !t.0.trim().is_empty())) else {
            diags.push(doc.error(
                &["corrections"],
                Target::Key,
                "a correction needs a `date` and a `text`".into(),
                HELP,
            ));
            continue;
        };
        match dates::full(date_text.as_str()) {
            Ok(date) => out.push(Correction { date, text: text.0 }),
            Err((message, help)) => {
                diags.push(doc.error(&["corrections"], Target::Item(date_text.as_str()), message, help))
            }
        }
    }
    out.sort_by_key(|c| c.date);
    out
}
