//! A section's `_index.md`: optional front matter (`title`, `summary`,
//! `extra`) and an intro in Markdown.

use serde::Deserialize;

use super::{place, split};
use crate::diagnostics::Diagnostics;
use crate::load::SourceFile;
use crate::yaml::{self, Text};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Option<Text>,
    summary: Option<Text>,
    extra: Option<serde_yaml::Value>,
}

/// What a section's `_index.md` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionIndex {
    /// The section's path under content/, slugged like article URLs.
    pub path: String,
    pub title: Option<String>,
    pub summary: String,
    /// The Markdown after the front matter.
    pub intro: String,
}

/// Reads a section's `_index.md`: optional front matter (`title`,
/// `summary`, `extra`) and an intro in Markdown.
pub fn section(file: &SourceFile, diags: &mut Diagnostics) -> SectionIndex {
    let (path, _) = place(&file.rel);
    let index = SectionIndex { path, ..SectionIndex::default() };
    let has_front_matter = file.text.lines().next().is_some_and(|l| l.trim_end() == "---");
    if !has_front_matter {
        return SectionIndex { intro: file.text.clone(), ..index };
    }
    let split = match split(&file.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d.in_file(&file.rel));
            return index;
        }
    };
    let yaml_text = &file.text[split.yaml.clone()];
    let intro = file.text[split.body_start..].to_string();
    match yaml::from_str::<Option<RawSection>>(yaml_text) {
        Ok(raw) => {
            let raw = raw.unwrap_or(RawSection { title: None, summary: None, extra: None });
            let _ = raw.extra;
            SectionIndex {
                title: raw.title.map(|t| t.0),
                summary: raw.summary.map(|t| t.0).unwrap_or_default(),
                intro,
                ..index
            }
        }
        Err(e) => {
            diags.push(yaml::diagnostic(&file.text, 2, &e).in_file(&file.rel));
            SectionIndex { intro, ..index }
        }
    }
}
