//! Sources: the site's content/sources.yaml, and the `sources:` of an
//! article's front matter, read and checked the same way.

use serde::Deserialize;

use super::{Doc, valid_id};
use crate::dates;
use crate::diagnostics::{Diagnostics, suggestion};
use crate::load::SourceFile;
use crate::model::{IndexMap, Source, SourceKind};
use crate::yaml::{self, Target, Text};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    title: Option<Text>,
    publisher: Option<Text>,
    author: Option<Text>,
    url: Option<Text>,
    archived: Option<Text>,
    date: Option<Text>,
    accessed: Option<Text>,
    kind: Option<Text>,
    note: Option<Text>,
}

/// Reads and validates `content/sources.yaml`, pushing every problem
/// found; `None` when its YAML cannot be read at all (then which ids it
/// defines is unknown).
pub fn site_sources(file: &SourceFile, diags: &mut Diagnostics) -> Option<IndexMap<String, Source>> {
    let doc = Doc { file, yaml: &file.text, first_line: 1 };
    if file.text.trim().is_empty() {
        return Some(IndexMap::default());
    }
    let raw: IndexMap<Text, RawSource> = match yaml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(yaml::diagnostic(&file.text, 1, &e).in_file(&file.rel));
            return None;
        }
    };
    let sources = raw.into_iter().map(|(key, r)| (key.0.clone(), source(&doc, &[], key.0, r, diags))).collect();
    Some(sources)
}

/// One source under `key` (at `prefix` in the YAML), checked.
pub(super) fn source(doc: &Doc, prefix: &[&str], key: String, raw: RawSource, diags: &mut Diagnostics) -> Source {
    let path = |field: &'static str| -> Vec<&str> {
        let mut p: Vec<&str> = prefix.to_vec();
        p.push(key.as_str());
        p.push(field);
        p
    };
    if !valid_id(&key) {
        diags.push(doc.error(
            &path("title")[..prefix.len() + 1],
            Target::Key,
            format!("`{key}` is not a valid source id"),
            "ids are letters, digits and `-`, `_`, `.`, `:`; they are cited as `[@id]`",
        ));
    }
    let title = match raw.title {
        Some(t) if !t.0.trim().is_empty() => t.0,
        _ => {
            diags.push(doc.error(
                &path("title")[..prefix.len() + 1],
                Target::Key,
                format!("source `{key}` has no title"),
                "add `title: …` so readers know what the source is",
            ));
            key.clone()
        }
    };
    let kind = match raw.kind {
        None => SourceKind::Other,
        Some(k) => SourceKind::parse(k.as_str()).unwrap_or_else(|| {
            let names = SourceKind::ALL.map(|(n, _)| n);
            diags.push(doc.error(
                &path("kind"),
                Target::Value,
                format!("`{k}` is not a kind of source"),
                suggestion(k.as_str(), names, &format!("the kinds are: {}", names.join(", "))),
            ));
            SourceKind::Other
        }),
    };
    Source {
        title,
        publisher: raw.publisher.map(|t| t.0).unwrap_or_default(),
        author: raw.author.map(|t| t.0).unwrap_or_default(),
        url: doc.external_url(raw.url, &path("url"), diags),
        archived: doc.external_url(raw.archived, &path("archived"), diags),
        date: doc.date(raw.date, &path("date"), diags, dates::partial),
        accessed: doc.date(raw.accessed, &path("accessed"), diags, dates::partial),
        kind,
        note: raw.note.map(|t| t.0).unwrap_or_default(),
        key,
    }
}
