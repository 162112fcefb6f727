//! Plain data of a site: what the validating stages produce and the
//! rendering stage consumes. No behaviour beyond small accessors.

/// The maps of ids to sources and claims, in the writer's order. Keys are hashed
/// with foldhash: they are the writer's own ids, so SipHash's resistance to
/// crafted collisions buys nothing, and it cost more than a percent of a build.
pub type IndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;

pub use crate::dates::{Date, PartialDate};

/// A source as defined in front matter or sources.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub key: String,
    pub title: String,
    pub publisher: String,
    pub author: String,
    pub url: String,
    pub archived: String,
    pub date: Option<PartialDate>,
    pub accessed: Option<PartialDate>,
    pub kind: SourceKind,
    pub note: String,
}

/// What kind of thing a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    News,
    Official,
    Document,
    Dataset,
    Interview,
    Other,
}

impl SourceKind {
    pub const ALL: [(&'static str, SourceKind); 6] = [
        ("news", SourceKind::News),
        ("official", SourceKind::Official),
        ("document", SourceKind::Document),
        ("dataset", SourceKind::Dataset),
        ("interview", SourceKind::Interview),
        ("other", SourceKind::Other),
    ];

    pub fn parse(s: &str) -> Option<SourceKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn id(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("other", |(n, _)| n)
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::News => "News",
            SourceKind::Official => "Official",
            SourceKind::Document => "Document",
            SourceKind::Dataset => "Dataset",
            SourceKind::Interview => "Interview",
            SourceKind::Other => "Other",
        }
    }
}

/// What front matter says about a claim (every field optional: a claim span
/// can give them inline).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimMeta {
    pub claimant: Option<String>,
    pub verdict: Option<String>,
    pub sources: Vec<String>,
    /// Markdown.
    pub note: String,
    pub date: Option<PartialDate>,
    /// The claim as made, when it differs from the article's wording.
    pub quote: Option<String>,
}

/// A validated article, before its Markdown is rendered.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: crate::load::SourceFile,
    /// Byte offset of the Markdown body in `file.text`.
    pub body_start: usize,
    pub title: String,
    pub summary: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: String,
    /// The folders under content/, joined by `/` ("" at the top).
    pub section: String,
    /// Path relative to the site root, ending in `/`.
    pub url: String,
    pub image: String,
    pub sources: IndexMap<String, Source>,
    pub claims: IndexMap<String, ClaimMeta>,
    pub extra: serde_json::Value,
}

impl Article {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }
}
