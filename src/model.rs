//! Plain data between the stages: what `front_matter` makes of a file
//! ([`Article`]), what `resolve` makes of an article and its rendered body
//! ([`ResolvedArticle`]), what the site's lists need of it
//! ([`ArticleSummary`]) and the site as the lists see it ([`Site`]). No
//! behaviour beyond small accessors, and no value changes meaning later: a
//! summary is a summary from the moment it is made.

/// The maps of ids to sources and claims, in the writer's order. Keys are hashed
/// with foldhash: they are the writer's own ids, so SipHash's resistance to
/// crafted collisions buys nothing, and it cost more than a percent of a build.
pub type IndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;

use std::sync::Arc;

pub use crate::config::{Config, Verdict};
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

/// What front matter (or content/claims.yaml) says about a claim. Every
/// field is optional: a claim span can give them inline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimMeta {
    pub claimant: Option<Claimant>,
    pub verdict: Option<String>,
    pub sources: Vec<String>,
    /// Markdown.
    pub note: String,
    /// When the claim was made.
    pub said: Option<PartialDate>,
    /// The claim as made, when it differs from the article's wording.
    pub quote: Option<String>,
    /// The short answer, one sentence of inline Markdown.
    pub ruling: Option<String>,
    /// Where the claim was made (never the sources that check it).
    pub appearances: Vec<Appearance>,
    /// Earlier verdicts, oldest first.
    pub history: Vec<VerdictChange>,
    /// Defined in content/claims.yaml, which several articles may check.
    pub shared: bool,
}

/// Who made a claim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claimant {
    pub name: String,
    /// Unknown when the front matter gives only a name.
    pub kind: Option<ClaimantKind>,
    pub url: String,
}

/// Whether a claimant is a person or an organization (schema.org's two
/// kinds of author).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimantKind {
    Person,
    Organization,
}

impl ClaimantKind {
    pub const ALL: [(&'static str, ClaimantKind); 2] =
        [("person", ClaimantKind::Person), ("organization", ClaimantKind::Organization)];

    pub fn parse(s: &str) -> Option<ClaimantKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn id(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("person", |(n, _)| n)
    }
}

/// A place where a claim was made: the post, the video, the speech.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Appearance {
    pub url: String,
    /// An archived copy ("" without one).
    pub archived: String,
}

/// An earlier verdict of a claim, as the front matter gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictChange {
    pub date: Date,
    pub verdict: String,
    /// Markdown.
    pub note: String,
}

/// An earlier verdict of a claim, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PastVerdict {
    pub date: Date,
    pub verdict: Arc<Verdict>,
    pub note_html: String,
}

/// A correction of an article, as the front matter gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub date: Date,
    /// Inline Markdown.
    pub text: String,
}

/// A correction of an article, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectionNotice {
    pub date: Date,
    pub text: String,
    pub html: String,
}

/// A validated article, before its Markdown is rendered. It holds no text
/// of the file: the Markdown stage reads the body when it renders it, so a
/// site's text is never in memory whole.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file, relative to the site root: `content/explainers/a.md`.
    pub rel: std::path::PathBuf,
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
    pub corrections: Vec<Correction>,
    pub extra: serde_json::Value,
}

/// A source a claim names, with its number in the article.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSource {
    pub key: String,
    pub number: usize,
}

/// A claim, resolved: its wording, who made it, the verdict and the
/// sources behind the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: String,
    pub text_html: String,
    pub text: String,
    pub claimant: Claimant,
    /// When the claim was made.
    pub said: Option<PartialDate>,
    /// Shared with the site's scale.
    pub verdict: Arc<Verdict>,
    /// In the order of their numbers.
    pub sources: Vec<ClaimSource>,
    pub note_html: String,
    /// The short answer as inline HTML ("" without one).
    pub ruling_html: String,
    /// The short answer as plain text, for cards and machines.
    pub ruling: String,
    pub appearances: Vec<Appearance>,
    /// Earlier verdicts, oldest first.
    pub history: Vec<PastVerdict>,
    /// Marked in the text (else listed as "not quoted in the text").
    pub in_text: bool,
    /// From content/claims.yaml: other articles may check it too.
    pub shared: bool,
    /// The address of the claim's own page: `explainers/a/claim-id/`.
    pub url: String,
}

impl Claim {
    /// The id of the claim's place on its page: the span in the text, or
    /// its entry in the claims list when it is not quoted in the text.
    pub fn anchor(&self) -> String {
        if self.in_text { format!("claim-{}", self.id) } else { format!("claim-entry-{}", self.id) }
    }
}

/// A source as an article uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedSource {
    /// By first citation, from 1.
    pub number: usize,
    pub source: Source,
    /// Defined in the article itself (not in content/sources.yaml).
    pub local: bool,
    /// Anchors of the citations of it, in order.
    pub citations: Vec<String>,
    /// The source's note as inline HTML ("" without one).
    pub note_html: String,
}

/// A note of the article body (`[^label]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub label: String,
    /// `fn-LABEL`.
    pub id: String,
    pub number: usize,
    pub html: String,
    /// Anchors of the references to it, in order.
    pub backrefs: Vec<String>,
}

/// A heading of the article body, for the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An image beside an article, published with its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// The file, relative to the site root: `content/explainers/map.png`.
    pub from: std::path::PathBuf,
    /// Where it is published, relative to the output: `explainers/a/map.png`.
    pub to: String,
}

/// An article body as HTML, with what the body says beside the text.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: String,
    pub notes: Vec<Note>,
    pub headings: Vec<Heading>,
    pub words: usize,
}

/// An article with its body rendered and every reference resolved: what
/// its own page shows.
#[derive(Debug, Clone)]
pub struct ResolvedArticle {
    /// What lists show of it.
    pub summary: ArticleSummary,
    pub body: Body,
    /// The front matter's `extra:` map.
    pub extra: serde_json::Value,
}

/// What the site's lists need of an article (home, sections, tags, the
/// claims and sources indexes, feeds, sitemap, claims.json). `serve`
/// compares an edited article's summary with the one before to know
/// whether any list changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    /// The file, relative to the site root.
    pub rel: std::path::PathBuf,
    pub title: String,
    pub summary: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub section: String,
    pub url: String,
    pub image: String,
    /// In order of appearance, then the front matter's claims not quoted
    /// in the text.
    pub claims: Vec<Claim>,
    /// In number order.
    pub sources: Vec<CitedSource>,
    /// Oldest first.
    pub corrections: Vec<CorrectionNotice>,
    /// Images beside the article (the addresses check needs them).
    pub assets: Vec<Asset>,
}

impl ArticleSummary {
    /// When the article last changed: its latest correction or `updated:`,
    /// else its date. Feeds, the sitemap and JSON-LD all say this.
    pub fn last_changed(&self) -> Option<Date> {
        self.corrections.last().map(|c| c.date).max(self.updated).or(self.date)
    }
}

/// A folder of content/ with its list page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Under content/, slugged, `/`-separated: `explainers/2023`.
    pub path: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
}

/// A site-wide source (content/sources.yaml) with its note as HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSource {
    pub source: Source,
    pub note_html: String,
}

/// The site as its lists see it.
pub struct Site<'a> {
    pub config: &'a Config,
    /// Newest first (then by title).
    pub articles: Vec<&'a ArticleSummary>,
    pub sources: &'a IndexMap<String, SiteSource>,
    pub sections: Vec<Section>,
}
