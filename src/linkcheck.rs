//! Checks the links between a built site's pages: every relative link must
//! name a file of the site, and every `#anchor` an id on the target page.
//! `gloss check` renders the site into [`Pages`], a sink that reads each
//! page as a render thread writes it and keeps only its links and ids, never
//! its bytes (the HTML of a big site is gigabytes); once every file is
//! written, [`Pages::broken`] checks the links against them.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::Mutex;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use indexmap::IndexSet;

use crate::diagnostics::Diagnostic;
use crate::output::{Sink, safe_rel};

/// The links and ids of a page, in the order it has them.
#[derive(Debug, Default)]
struct Found {
    links: Vec<String>,
    ids: Vec<String>,
}

/// Every link and id of the site's pages, each once: a page names them by
/// their number here. Thousands of pages repeat the same few (the theme's
/// files, the lists, the tags, `#main`), so a site's pages hold far fewer
/// distinct ones than they have.
type Words = IndexSet<Box<str>, foldhash::fast::RandomState>;

/// What the check keeps of a page: the links it checks (each once, none to
/// another site) and its ids, sorted to be looked up, as numbers of words.
#[derive(Debug)]
struct Page {
    links: Box<[u32]>,
    ids: Box<[u32]>,
}

impl Page {
    /// Keeps what the check needs of what the tokenizer found, adding the
    /// words it has not seen to `words`.
    fn keep(found: Found, words: &mut Words) -> Page {
        let mut number = |word: String| {
            let (n, _) = words.insert_full(word.into_boxed_str());
            u32::try_from(n).expect("fewer than 4 billion distinct links and ids")
        };
        let mut seen = HashSet::new();
        let links = found.links.into_iter().filter(|l| !is_external(l)).map(&mut number);
        let links = links.filter(|&n| seen.insert(n)).collect();
        let mut ids: Vec<u32> = found.ids.into_iter().map(number).collect();
        ids.sort_unstable();
        Page { links, ids: ids.into() }
    }

    /// Does the page have an element with this id?
    fn has_id(&self, id: &str, words: &Words) -> bool {
        let n = words.get_index_of(id).and_then(|n| u32::try_from(n).ok());
        n.is_some_and(|n| self.ids.binary_search(&n).is_ok())
    }
}

/// The files of the site (the pages' links and ids numbered in `words`).
#[derive(Default)]
struct Site {
    words: Words,
    files: HashMap<String, Option<Page>>,
}

/// A sink for `gloss check`: every file the site would have, by name, and
/// of each HTML page what the check needs (none for a page that is not
/// UTF-8: it is a file links may name, whose links and ids are not read).
#[derive(Default)]
pub struct Pages {
    site: Mutex<Site>,
}

impl Sink for Pages {
    /// Notes the file `rel`; reads it if it is a page, keeping what the
    /// check needs and dropping the bytes.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        safe_rel(rel)?;
        // Read on the render thread, before taking the lock.
        let found = match std::str::from_utf8(bytes) {
            Ok(html) if rel.ends_with(".html") => Some(read_page(html)),
            _ => None,
        };
        let mut site = self.site.lock().expect("no panics while holding the lock");
        let page = found.map(|found| Page::keep(found, &mut site.words));
        site.files.insert(rel.to_string(), page);
        Ok(())
    }

    /// Only an HTML page is held whole, to be read: the bytes of another
    /// file (claims.json) are made and dropped as they come.
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        let out: &mut dyn Write = if rel.ends_with(".html") { &mut bytes } else { &mut std::io::sink() };
        fill(out).map_err(|e| Diagnostic::error(format!("cannot write {rel}: {e}")))?;
        self.write(rel, &bytes)
    }
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
fn read_page(html: &str) -> Found {
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
    let mut found = Found::default();
    for (attr, value) in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match attr {
            Attr::Link => found.links.push(value),
            Attr::Srcset => found.links.extend(srcset_urls(&value).map(str::to_string)),
            Attr::Id => found.ids.push(value),
        }
    }
    found
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

impl Pages {
    /// Every broken internal link and anchor of the site's HTML pages, the
    /// pages in name order, each page's links in its order.
    pub fn broken(self) -> Vec<Broken> {
        let site = self.site.into_inner().expect("no panics while holding the lock");
        let mut pages: Vec<(&String, &Page)> = site.files.iter().filter_map(|(n, p)| Some((n, p.as_ref()?))).collect();
        pages.sort_unstable_by_key(|&(name, _)| name);
        let mut broken = Vec::new();
        for (name, page) in pages {
            if name == "404.html" {
                continue; // its links start at the site's path on the server
            }
            for &link in &page.links {
                let href = &site.words[link as usize];
                if let Some(problem) = problem(&site, name, href) {
                    broken.push(Broken { page: name.clone(), href: href.to_string(), problem });
                }
            }
        }
        broken
    }
}

/// What is wrong with the link `href` on the page `page`, if anything.
fn problem(site: &Site, page: &str, href: &str) -> Option<String> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_encoding::percent_decode_str(f).decode_utf8_lossy())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let target = if path.is_empty() { Some(page.to_string()) } else { resolve(page, &path) };
    let Some(t) = target else { return Some("it climbs above the site's root".to_string()) };
    match (fragment, site.files.get(&t)) {
        (_, None) => Some(format!("there is no file `{t}`")),
        (Some(f), Some(Some(target))) if !f.is_empty() && !target.has_id(&f, &site.words) => {
            Some(format!("`{t}` has no element with id `{f}`"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The site of these files, as `gloss check` keeps it.
    fn site(files: &[(&str, &[u8])]) -> Pages {
        let pages = Pages::default();
        for (rel, bytes) in files {
            pages.write(rel, bytes).unwrap();
        }
        pages
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = site(&[
            (
                "index.html",
                br##"<a href="a/">a</a> <a href="a/#x">x</a> <a href="a/#nope">n</a> <a href="b/">b</a> <a href="https://e.org/">e</a>"##,
            ),
            ("a/index.html", br##"<p id="x"></p><a href="../">up</a><a href="#x">self</a><link href="../theme.css">"##),
        ]);
        let d = files.broken();
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
        let found = read_page(html);
        assert_eq!(
            found.links,
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
        assert_eq!(found.ids, ["p1"]);
    }

    #[test]
    fn root_paths_resolve_from_the_site_root() {
        assert_eq!(resolve("a/b/index.html", "/img/x.png").as_deref(), Some("img/x.png"));
        assert_eq!(resolve("a/b/index.html", "../x.png").as_deref(), Some("a/x.png"));
    }

    #[test]
    fn percent_encoded_file_names_are_found() {
        let html = "<img src=\"my%20photo.png\"><a href=\"#caf%C3%A9\"><p id=\"café\">";
        assert_eq!(site(&[("index.html", html.as_bytes()), ("my photo.png", b"")]).broken(), []);
    }

    #[test]
    fn every_file_is_a_target_but_only_pages_in_utf8_are_read() {
        let files = site(&[
            (
                "index.html",
                b"<a href=\"old.html#a\"><a href=\"data.json#b\"><a href=\"claims.json\"><a href=\"x.css\">",
            ),
            ("old.html", b"<p id=\"z\">caf\xE9</p><a href=\"nowhere.html\">"),
            ("data.json", b"{\"id\": 1}"),
        ]);
        let mut claims = |w: &mut dyn Write| w.write_all(b"[]");
        files.write_with("claims.json", &mut claims).unwrap();
        assert!(files.write("../out.html", b"").is_err(), "a path out of the site is refused");
        let msgs: Vec<String> = files.broken().iter().map(|d| d.diagnostic().message).collect();
        // A page that is not UTF-8 has no ids to look for and no links read;
        // a file that is not a page is named by links whatever they add.
        assert_eq!(msgs, ["broken link `x.css` on page `index.html`: there is no file `x.css`"]);
    }

    #[test]
    fn a_page_written_again_counts_as_last_written() {
        let files = site(&[("index.html", b"<a href=\"gone.html\">"), ("index.html", b"<a href=\"#top\"><p id=top>")]);
        assert_eq!(files.broken(), []);
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
