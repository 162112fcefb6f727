//! The links of a built site, read from its files: every `href` and `src`,
//! whether it leaves the site, and which file (and `#id`) it lands on.

use std::collections::BTreeSet;

use super::html::select;

/// Every `href` and `src` value of a page, in document order, entities
/// decoded. `<script>` contents are not read (the JSON-LD holds URLs too).
pub fn link_values(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href", "src"] {
        for e in select(html, &format!("{attr}=")) {
            if let Some(v) = e.attr(attr) {
                out.push(v);
            }
        }
    }
    out
}

/// Every `id` of a page.
pub fn ids(html: &str) -> BTreeSet<String> {
    select(html, "id=").iter().filter_map(|e| e.attr("id")).collect()
}

/// A link to another site (`https:`, `mailto:`, `//host`), or not a link
/// to a file at all.
pub fn is_external(href: &str) -> bool {
    href.starts_with("//")
        || href.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Where a relative link lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The file, relative to the site root (`x/` means `x/index.html`).
    pub file: String,
    /// The `#fragment`, when there is one.
    pub fragment: Option<String>,
}

/// Resolves `href`, found on the output file `page` (e.g.
/// `checks/a/index.html`), to a file of the site. `None` when it climbs
/// above the site's root.
pub fn resolve(page: &str, href: &str) -> Option<Target> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some(Target { file: page.to_string(), fragment });
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || path.ends_with("/.") || path == "." || path == ".." {
        file = if file.is_empty() { "index.html".into() } else { format!("{file}/index.html") };
    }
    Some(Target { file, fragment })
}

/// The page URL of an output file: `a/b/index.html` → `a/b/`,
/// `index.html` → ``.
pub fn url_of(file: &str) -> String {
    file.strip_suffix("index.html").unwrap_or(file).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links_between_pages() {
        let t = |page, href| resolve(page, href).map(|t| (t.file, t.fragment));
        assert_eq!(t("a/b/index.html", "../../"), Some(("index.html".into(), None)));
        assert_eq!(t("a/b/index.html", "../c/#x"), Some(("a/c/index.html".into(), Some("x".into()))));
        assert_eq!(t("index.html", "#top"), Some(("index.html".into(), Some("top".into()))));
        assert_eq!(t("index.html", "theme/gloss.css"), Some(("theme/gloss.css".into(), None)));
        assert_eq!(t("index.html", "./"), Some(("index.html".into(), None)));
        assert_eq!(t("index.html", "../x/"), None);
        assert!(is_external("https://e.org/") && is_external("mailto:a@b") && is_external("//cdn.org/x"));
        assert!(!is_external("../a/") && !is_external("a/b.css") && !is_external("#x"));
    }
}
