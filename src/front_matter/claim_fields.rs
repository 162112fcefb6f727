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
    let Some(raw) = raw else { return Vec::new() };
    let mut out = Vec::new();
    for (i, item) in raw.items.into_iter().enumerate() {
        let index = i.to_string();
        // A problem is placed at the item of a list, else at the value.
        let at = if raw.listed { item_path(path, &index) } else { path.to_vec() };
        let (url, archived, url_at) = match item {
            TextOr::Text(url) => (Some(url), None, at.clone()),
            TextOr::Fields(f) => (f.url, f.archived, [&at[..], &["url"]].concat()),
        };
        // An empty address would publish an empty link, and an empty
        // `appearance` in the ClaimReview.
        let Some(url) = url.filter(|u| !u.0.trim().is_empty()) else {
            diags.push(doc.error(
                &at,
                Target::Value,
                "an appearance has no `url`".into(),
                "give where the claim was made: `appearance: {url: https://…, archived: https://…}`",
            ));
            continue;
        };
        let url = doc.external_url(Some(url), &url_at, diags);
        let archived = doc.external_url(archived, &[&at[..], &["archived"]].concat(), diags);
        if !url.is_empty() {
            out.push(Appearance { url, archived });
        }
    }
    out
}

/// `path` and then the index of one of its items.
fn item_path<'a>(path: &[&'a str], index: &'a str) -> Vec<&'a str> {
    path.iter().copied().chain([index]).collect()
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
    for (i, change) in raw.unwrap_or_default().into_iter().enumerate() {
        let index = i.to_string();
        let at = item_path(path, &index);
        let field = |name: &'static str| [&at[..], &[name]].concat();
        let (Some(date_text), Some(verdict)) = (change.date, change.verdict) else {
            diags.push(doc.error(
                &at,
                Target::Value,
                "an earlier verdict needs a `date` and a `verdict`".into(),
                HISTORY_HELP,
            ));
            continue;
        };
        let date = match dates::full(date_text.as_str()) {
            Ok(d) => d,
            Err((message, help)) => {
                diags.push(doc.error(&field("date"), Target::Value, message, help));
                continue;
            }
        };
        if verdicts.get(verdict.as_str()).is_none() {
            diags.push(doc.error(
                &field("verdict"),
                Target::Value,
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
    for (i, c) in raw.unwrap_or_default().into_iter().enumerate() {
        let index = i.to_string();
        let at = item_path(&["corrections"], &index);
        let (Some(date_text), Some(text)) = (c.date, c.text.filter(|t| !t.0.trim().is_empty())) else {
            diags.push(doc.error(&at, Target::Value, "a correction needs a `date` and a `text`".into(), HELP));
            continue;
        };
        match dates::full(date_text.as_str()) {
            Ok(date) => out.push(Correction { date, text: text.0 }),
            Err((message, help)) => diags.push(doc.error(&[&at[..], &["date"]].concat(), Target::Value, message, help)),
        }
    }
    out.sort_by_key(|c| c.date);
    out
}
