//! Checks the links between a built site's pages: every relative link must
//! name a file of the site, and every `#anchor` an id on the target page.
//! Used by `gloss check` on the site it renders into memory.

use std::collections::{HashMap, HashSet};

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use crate::diagnostics::Diagnostic;

/// What the check needs of a page: the links in it and the ids on it.
#[derive(Debug, Default)]
struct Page {
    links: Vec<String>,
    ids: HashSet<String>,
}

/// The attributes that hold a link or an id.
#[derive(Clone, Copy)]
enum Attr {
    Link,
    Srcset,
    Id,
}

/// Reads a page with a real HTML tokenizer, so every link counts however
/// it is written: in single or no quotes, after a newline, with entities,
/// in `href`, `src`, `poster` or each candidate of a `srcset`. The text of
/// `<script>` and `<style>` is not read as markup.
fn read_page(html: &str) -> Page {
    let mut current: Option<Attr> = None;
    let mut emitter = CallbackEmitter::new(move |event: CallbackEvent<'_>, _: Span<()>| match event {
        CallbackEvent::AttributeName { name } => {
            current = match name {
                b"href" | b"src" | b"poster" => Some(Attr::Link),
                b"srcset" => Some(Attr::Srcset),
                b"id" => Some(Attr::Id),
                _ => None,
            };
            None
        }
        CallbackEvent::AttributeValue { value } => {
            current.take().map(|a| (a, String::from_utf8_lossy(value).into_owned()))
        }
        CallbackEvent::OpenStartTag { .. } | CallbackEvent::CloseStartTag { .. } => {
            current = None;
            None
        }
        _ => None,
    });
    emitter.naively_switch_states(true);
    let mut page = Page::default();
    for (attr, value) in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match attr {
            Attr::Link => page.links.push(value),
            Attr::Srcset => page.links.extend(srcset_urls(&value).map(str::to_string)),
            Attr::Id => {
                page.ids.insert(value);
            }
        }
    }
    page
}

/// The URLs of a `srcset`: `a.png 1x, b.png 2x` (the HTML standard's
/// reading, less its rarely used parenthesised descriptors).
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset.split(',').filter_map(|candidate| candidate.split_whitespace().next())
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
    if href.starts_with('/') {
        parts.clear(); // from the site's root
    }
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

/// Where an article's text writes `href`: as a Markdown link's address
/// (`](href`), else as an HTML attribute's value (after a quote, `=`, a
/// space or a `srcset`'s comma, and ending there too). A byte offset.
pub fn locate(text: &str, href: &str) -> Option<usize> {
    if href.is_empty() {
        return None;
    }
    if let Some(i) = text.find(&format!("]({href}")) {
        return Some(i + 2);
    }
    let bounded = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "\"'=,>".contains(c));
    text.match_indices(href).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + href.len()..].chars().next();
        before.is_some() && bounded(before) && bounded(after)
    })
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
    let pages: HashMap<&str, Page> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| Some((p.as_str(), read_page(std::str::from_utf8(b).ok()?))))
        .collect();
    let mut diags = Vec::new();
    let mut names: Vec<&&str> = pages.keys().collect();
    names.sort();
    for page in names {
        if *page == "404.html" {
            continue; // its links start at the site's path on the server
        }
        let mut seen = HashSet::new();
        for href in &pages[page].links {
            if is_external(href) || !seen.insert(href) {
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(percent_encoding::percent_decode_str(f).decode_utf8_lossy())),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let target = if path.is_empty() { Some(page.to_string()) } else { resolve(page, &path) };
            let problem = match &target {
                None => Some("it climbs above the site's root".to_string()),
                Some(t) if !files.contains_key(t) => Some(format!("there is no file `{t}`")),
                Some(t) => match (fragment, pages.get(t.as_str())) {
                    (Some(f), Some(target)) if !f.is_empty() && !target.ids.contains(f.as_ref()) => {
                        Some(format!("`{t}` has no element with id `{f}`"))
                    }
                    _ => None,
                },
            };
            if let Some(problem) = problem {
                diags.push(Broken { page: page.to_string(), href: href.clone(), problem });
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

    #[test]
    fn links_are_found_however_they_are_written() {
        let html = "<a href='single.html'>s</a><img alt=x\n  src=\"newline.png\"><a href=bare.html>b</a>\
            <img srcset=\"one.png 1x, two.png 2x,three.png\"><a HREF=\"upper.html?q#f\">u</a>\
            <a href=\"a&amp;b.html\">e</a><video poster=\"poster.jpg\"></video>\
            <script>let x = '<a href=\"in-script.html\">';</script><p id='p1' data-href=\"no.html\">";
        let page = read_page(html);
        assert_eq!(
            page.links,
            [
                "single.html",
                "newline.png",
                "bare.html",
                "one.png",
                "two.png",
                "three.png",
                "upper.html?q#f",
                "a&b.html",
                "poster.jpg"
            ]
        );
        assert_eq!(page.ids, HashSet::from(["p1".to_string()]));
    }

    #[test]
    fn root_paths_resolve_from_the_site_root() {
        assert_eq!(resolve("a/b/index.html", "/img/x.png").as_deref(), Some("img/x.png"));
        assert_eq!(resolve("a/b/index.html", "../x.png").as_deref(), Some("a/x.png"));
    }

    #[test]
    fn percent_encoded_file_names_are_found() {
        let html = "<img src=\"my%20photo.png\"><a href=\"#caf%C3%A9\"><p id=\"café\">";
        let files: HashMap<String, Vec<u8>> =
            [("index.html".to_string(), html.into()), ("my photo.png".to_string(), Vec::new())].into();
        assert_eq!(check(&files), []);
    }

    #[test]
    fn a_broken_link_is_located_where_the_article_writes_it() {
        let text = "See [x](gone.html) and <img\n src='pic.png'> and <a href=\"x.html#a\">.";
        assert_eq!(locate(text, "gone.html"), Some(8));
        assert_eq!(locate(text, "pic.png"), text.find("pic.png"));
        assert_eq!(locate(text, "x.html#a"), text.find("x.html#a"));
        assert_eq!(locate(text, "pic"), None, "only a whole address counts");
    }
}
