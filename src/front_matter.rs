//! Front matter and sources.yaml: split the YAML from the Markdown, read it
//! with serde into raw structs, then validate into [`Article`] and
//! [`Source`] values. Every problem is reported with its line and column in
//! the whole file (front matter included), and reading goes on after one,
//! so a writer sees all of a file's problems at once.
//!
//! One file per thing read: `article.rs` (an article's front matter),
//! `claims.rs` (its `claims:`, and content/claims.yaml), `claim_fields.rs`
//! (a claim's claimant, appearances and history, an article's corrections), `sources.rs` (a source, in front matter or
//! sources.yaml), `section.rs` (a section's `_index.md`); `doc.rs` places a
//! problem found after reading at its value.
//!
//! [`Article`]: crate::model::Article
//! [`Source`]: crate::model::Source

mod article;
mod claim_fields;
mod claims;
mod doc;
mod section;
mod sources;

pub use article::{SiteScope, article, place, valid_slug};
pub use claims::site_claims;
pub(crate) use doc::Doc;
pub use section::{SectionIndex, section};
pub use sources::site_sources;

use crate::config::Verdicts;
use crate::diagnostics::{Diagnostic, suggestion};

/// Where the front matter and the body are in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML (between the `---` lines).
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the `---` fenced YAML block at the start of a file.
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error("the article has no front matter")
            .at(text, 0..first.len())
            .with_help("start the file with a line `---`, then `title: …`, then another `---`"));
    }
    let yaml_start = first.len() + 1;
    if let Some((start, end)) = closing_line(text, yaml_start.min(text.len())) {
        return Ok(Split { yaml: yaml_start..start, body_start: end });
    }
    Err(Diagnostic::error("the front matter is not closed")
        .at(text, 0..3)
        .with_help("add a line `---` after the last front-matter line"))
}

/// The first line from `from` on (the start of a line) that is `---` or
/// `...` but for trailing whitespace: its start and end (past its newline).
/// Only lines after a newline that begin with `---` or `...` can be, so
/// those are found by a search over the whole text, not line by line.
fn closing_line(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let closes = |start: usize| {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let bare = text[start..end].trim_end();
        (bare == "---" || bare == "...").then_some((start, end))
    };
    let after =
        |fence: &'static [u8]| memchr::memmem::find_iter(&bytes[from..], fence).map(|i| from + i + 1).find_map(closes);
    closes(from).or_else(|| after(b"\n---").into_iter().chain(after(b"\n...")).min())
}

/// A citation key or claim id: no spaces or markup characters. Never a
/// `/` or a `\`: a claim's page is `<article>/<id>/`, and the address
/// check counts on an id being one folder.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
        && id.chars().all(|c| c.is_alphanumeric() || "-_.:".contains(c))
}

/// The help line for a verdict that is not in the scale.
pub fn verdict_help(v: &str, verdicts: &Verdicts) -> String {
    let ids: Vec<&str> = verdicts.ids().collect();
    if ids.is_empty() {
        return "the site's scale is empty: add `verdicts:` to site.yaml".into();
    }
    suggestion(v, ids.iter().copied(), &format!("the scale is: {}", ids.join(", ")))
}

/// The help line for a source id that is not defined.
pub fn unknown_source_help<'a>(key: &str, names: impl Iterator<Item = &'a str>) -> String {
    suggestion(key, names, "sources are defined under `sources:` in the front matter or in content/sources.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_one_folder_name() {
        for bad in ["a/b", "a\\b", "", ".", "..", ".x", "-x", "a b", "a\nb"] {
            assert!(!valid_id(bad), "{bad:?}");
        }
        for good in ["closed", "Claim_1", "a.b", "a:b", "x-2", "é"] {
            assert!(valid_id(good), "{good}");
        }
    }

    #[test]
    fn split_finds_the_body() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, 4..13);
        assert_eq!(s.body_start, 17);
        assert!(split("---\ntitle: x\n").unwrap_err().message.contains("not closed"));
        assert!(split("title: x\n").unwrap_err().message.contains("no front matter"));
    }

    /// The line-by-line reading the search replaced, as the reference.
    fn split_by_lines(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
        let first = text.lines().next().unwrap_or("");
        if first.trim_end() != "---" {
            return None;
        }
        let yaml_start = first.len() + 1;
        let mut offset = yaml_start.min(text.len());
        for line in text[offset..].split_inclusive('\n') {
            let bare = line.trim_end();
            if bare == "---" || bare == "..." {
                return Some((yaml_start..offset, offset + line.len()));
            }
            offset += line.len();
        }
        None
    }

    #[test]
    fn the_closing_line_is_found_as_line_by_line() {
        let cases = [
            "---\n---\nbody",
            "---\n---",
            "---\n...\n---\n",
            "---\na: 1\n--- \t\nb",
            "---\r\na: 1\r\n---\r\nbody\r\n",
            "---\na: ---\n ---\n----\n---x\n...\nbody",
            "---\na: 1\n---\u{2003}\n",
            "---\n- a\n- b\n...",
            "---\na: '...'\n.. .\n",
            "---",
            "---\n",
            "--- \nx: 1\n---\n---\n",
        ];
        for text in cases {
            let found = split(text).ok().map(|s| (s.yaml, s.body_start));
            assert_eq!(found, split_by_lines(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_line_by_line(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "---", "...", "--- \t", "...\r", " ---", "----", "..", "---x", "a: ---", "- ...", "", "\u{2003}",
                ]),
                0..8,
            ),
            crlf: bool,
            last_newline: bool,
        ) {
            let mut text = lines.iter().fold(String::from("---\n"), |mut t, l| {
                t.push_str(l);
                t.push_str(if crlf { "\r\n" } else { "\n" });
                t
            });
            if !last_newline {
                text.pop();
            }
            let found = split(&text).ok().map(|s| (s.yaml, s.body_start));
            proptest::prop_assert_eq!(found, split_by_lines(&text));
        }
    }
}
