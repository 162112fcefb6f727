//! Checks the links between a built site's pages: every relative link must
//! name a file of the site, and every `#anchor` an id on the target page.
//! Used by `gloss check` on the site it renders into memory.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;

/// The values of `attr="…"` attributes in an HTML text.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            let end = html[start..].find('"')? + start;
            Some(html[start..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"))
        })
        .collect()
}

/// Is this a link to another site, or not a link to a file at all?
fn is_external(href: &str) -> bool {
    href.starts_with("//")
        || href
            .split_once(':')
            .is_some_and(|(scheme, _)| scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
}

/// Resolves `href` against the folder of `page` (both relative to the
/// site root); `None` if it climbs above the root.
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || href.is_empty() || href.ends_with("/.") {
        path = if path.is_empty() { "index.html".into() } else { format!("{path}/index.html") };
    }
    Some(path)
}

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The page it is on, relative to the site root.
    pub page: String,
    /// The link as written in the page.
    pub href: String,
    pub problem: String,
}

impl Broken {
    /// A diagnostic naming the page (for links a template made).
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(format!("broken link `{}` on page `{}`: {}", self.href, self.page, self.problem))
            .with_help("fix the link in the article or the template that makes this page")
    }
}

/// Every broken internal link and anchor of the site's HTML pages.
pub fn check(files: &HashMap<String, Vec<u8>>) -> Vec<Broken> {
    let pages: HashMap<&str, &str> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| Some((p.as_str(), std::str::from_utf8(b).ok()?)))
        .collect();
    let ids: HashMap<&str, HashSet<String>> =
        pages.iter().map(|(p, html)| (*p, attribute_values(html, "id").into_iter().collect())).collect();
    let mut diags = Vec::new();
    let mut names: Vec<&&str> = pages.keys().collect();
    names.sort();
    for page in names {
        if *page == "404.html" {
            continue; // its links start at the site's path on the server
        }
        let html = pages[page];
        let mut seen = HashSet::new();
        for href in attribute_values(html, "href").into_iter().chain(attribute_values(html, "src")) {
            if is_external(&href) || !seen.insert(href.clone()) {
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() { Some(page.to_string()) } else { resolve(page, path) };
            let problem = match &target {
                None => Some("it climbs above the site's root".to_string()),
                Some(t) if !files.contains_key(t) => Some(format!("there is no file `{t}`")),
                Some(t) => match (fragment, ids.get(t.as_str())) {
                    (Some(f), Some(list)) if !f.is_empty() && !list.contains(f) => {
                        Some(format!("`{t}` has no element with id `{f}`"))
                    }
                    _ => None,
                },
            };
            if let Some(problem) = problem {
                diags.push(Broken { page: page.to_string(), href, problem });
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> HashMap<String, Vec<u8>> {
        pages.iter().map(|(p, h)| (p.to_string(), h.as_bytes().to_vec())).collect()
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = site(&[
            (
                "index.html",
                r##"<a href="a/">a</a> <a href="a/#x">x</a> <a href="a/#nope">n</a> <a href="b/">b</a> <a href="https://e.org/">e</a>"##,
            ),
            ("a/index.html", r##"<p id="x"></p><a href="../">up</a><a href="#x">self</a><link href="../theme.css">"##),
        ]);
        let d = check(&files);
        let msgs: Vec<String> = d.iter().map(|d| d.diagnostic().message).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        // Pages in name order: a/index.html, then index.html.
        assert!(msgs[0].contains("theme.css"), "{msgs:?}");
        assert!(msgs[1].contains("a/#nope") && msgs[1].contains("no element with id `nope`"), "{msgs:?}");
        assert!(msgs[2].contains("`b/`") && msgs[2].contains("no file `b/index.html`"), "{msgs:?}");
    }
}
