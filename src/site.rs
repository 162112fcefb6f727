//! The site as its lists see it, gathered once every article is resolved:
//! articles newest first, the sections (every folder holding articles,
//! titled by its `_index.md` or its name), and the checks that need the
//! whole site (a site-wide source no article cites).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{CLAIMS_FILE, CONTENT_DIR, SOURCES_FILE};
use crate::model::{ArticleSummary, ClaimMeta, IndexMap, Section, SiteSource};

/// Sorts articles newest first (then by title, for a stable order).
pub fn newest_first(articles: &mut [&ArticleSummary]) {
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
}

/// Every section of the site: the folders with an `_index.md`
/// (`with_index`) and every folder holding articles, directly or deeper,
/// in path order. A section without a title is named after its folder.
pub fn sections(with_index: Vec<Section>, articles: &[&ArticleSummary]) -> Vec<Section> {
    let mut paths: BTreeSet<String> = with_index.iter().map(|s| s.path.clone()).collect();
    for a in articles {
        let mut path = a.section.as_str();
        while !path.is_empty() {
            paths.insert(path.to_string());
            path = path.rsplit_once('/').map_or("", |(p, _)| p);
        }
    }
    paths
        .into_iter()
        .map(|path| {
            let mut s = with_index
                .iter()
                .find(|s| s.path == path)
                .cloned()
                .unwrap_or_else(|| Section { path, ..Default::default() });
            if s.title.is_empty() {
                s.title = folder_title(&s.path);
            }
            s
        })
        .collect()
}

/// A section's `_index.md`: its title, summary and intro (Markdown,
/// rendered here), with the problems of each.
pub fn section(file: &crate::load::SourceFile, unsafe_html: bool, diags: &mut Diagnostics) -> Section {
    let crate::front_matter::SectionIndex { path, title, summary, intro } = crate::front_matter::section(file, diags);
    let mut problems = Vec::new();
    let intro_html = crate::markdown::render_inline(&intro, unsafe_html, &mut problems);
    // What the URL rule refuses in the intro, at its place in the file.
    let start = file.text.len() - intro.len();
    diags.extend(problems.into_iter().map(|p| p.diagnostic(&file.rel, &file.text, start)));
    Section { title: title.unwrap_or_default(), path, summary, intro_html }
}

/// "Border policy" for `explainers/border-policy`.
fn folder_title(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or(path).replace('-', " ");
    let mut chars = last.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Warns of each site-wide source no article cites, at its key in
/// content/sources.yaml (whose text is `text`).
pub fn unused_sources(
    articles: &[&ArticleSummary],
    sources: &IndexMap<String, SiteSource>,
    text: &str,
    diags: &mut Diagnostics,
) {
    let used: HashSet<&str> = articles.iter().flat_map(|a| a.sources.iter().map(|s| s.source.key.as_str())).collect();
    let path = Path::new(CONTENT_DIR).join(SOURCES_FILE);
    for k in sources.keys().filter(|k| !used.contains(k.as_str())) {
        let mut d = Diagnostic::warning(format!("site-wide source `{k}` is never cited"))
            .in_file(&path)
            .with_help(format!("cite it with `[@{k}]` in an article, or delete it"));
        if let Some(p) = crate::yaml::locate(text, &[k], crate::yaml::Target::Key) {
            d = d.at_line_col(text, p.line, p.column, p.width);
        }
        diags.push(d);
    }
}

/// Warns about each claim of content/claims.yaml that no article checks
/// (a leftover, or an id an article misspells).
pub fn unchecked_claims(
    articles: &[&ArticleSummary],
    claims: &IndexMap<String, ClaimMeta>,
    text: &str,
    diags: &mut Diagnostics,
) {
    let checked: HashSet<&str> =
        articles.iter().flat_map(|a| a.claims.iter().filter(|c| c.shared).map(|c| c.id.as_str())).collect();
    let path = Path::new(CONTENT_DIR).join(CLAIMS_FILE);
    for id in claims.keys().filter(|id| !checked.contains(id.as_str())) {
        let mut d = Diagnostic::warning(format!("claim `{id}` of content/claims.yaml is checked by no article"))
            .in_file(&path)
            .with_help(format!("check it in an article with `[…]{{.claim #{id}}}`, or delete it"));
        if let Some(p) = crate::yaml::locate(text, &[id], crate::yaml::Target::Key) {
            d = d.at_line_col(text, p.line, p.column, p.width);
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_folder_is_titled_by_its_name() {
        assert_eq!(super::folder_title("explainers/border-policy"), "Border policy");
        assert_eq!(super::folder_title("x"), "X");
    }
}
