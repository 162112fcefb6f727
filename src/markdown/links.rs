//! Links in Markdown: a link to another article's `.md` file becomes the
//! relative URL of its page; a link to a file that does not exist is an
//! error, and so is a link, an image or a URL attribute of raw HTML that
//! the URL rule ([`crate::url_safety`]) refuses (`javascript:` …).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, Problem};
use crate::diagnostics::{Severity, suggestion};
use crate::url_safety::{self, Use};

/// Where every article is published: its file (relative to `content/`) →
/// its URL (relative to the site root).
#[derive(Debug, Default, Clone)]
pub struct LinkMap {
    pub urls: HashMap<PathBuf, String>,
    /// Drafts left out of this build: a link to one is an error that says so.
    pub drafts: HashSet<PathBuf>,
    /// The site's folder, where images are looked for (`static/`, `content/`).
    pub root: PathBuf,
    /// Articles whose front matter could not be read (relative to
    /// `content/`): their own error says so, and a link to one is not
    /// also reported as a link to nothing.
    pub unreadable: HashSet<PathBuf>,
}

/// The article being rendered, to resolve its relative links.
pub struct Here<'a> {
    /// The article's file, relative to `content/`.
    pub file: &'a Path,
    /// The article's URL, relative to the site root.
    pub url: &'a str,
}

/// Checks the destinations of links and images and rewrites links to
/// articles (images are `images`' work), and checks the URL attributes of
/// raw HTML (there is raw HTML only when `unsafe_html` keeps it).
pub(super) fn check_and_rewrite<'a>(
    events: &mut [Ev<'a>],
    map: Option<(&LinkMap, &Here)>,
    problems: &mut Vec<Problem>,
) {
    let mut block = RawBlock::default();
    for (event, range) in events.iter_mut() {
        let (place, dest_url) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (Use::Link, dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => (Use::Image, dest_url),
            Event::InlineHtml(html) => {
                raw_html(html, &[(0, range.start)], problems);
                continue;
            }
            Event::Html(html) => {
                block.pieces.push((block.html.len(), range.start));
                block.html.push_str(html);
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => {
                raw_html(&block.html, &block.pieces, problems);
                block = RawBlock::default();
                continue;
            }
            _ => continue,
        };
        let is_link = place == Use::Link;
        if let Err(refused) = url_safety::check(dest_url, place) {
            problems.push(Problem {
                severity: Severity::Error,
                message: refused.message,
                help: refused.help.into(),
                span: range.clone(),
            });
            *dest_url = CowStr::Borrowed("#");
            continue;
        }
        // Only `www.`: `data.csv` is a relative link as often as `gov.uk` a domain.
        if dest_url.trim_start().to_ascii_lowercase().starts_with("www.") {
            problems.push(Problem {
                severity: Severity::Error,
                message: format!("link to `{dest_url}` is relative: it would point inside this site, not to a website"),
                help: format!("did you mean `https://{}`?", dest_url.trim()),
                span: range.clone(),
            });
            continue;
        }
        if let Some(map) = map {
            article_link(dest_url, is_link, map, range, problems);
        }
    }
}

/// Rewrites a link to an article's `.md` file to the article's relative URL,
/// or reports why it cannot (no such article, or a draft).
fn article_link(
    dest_url: &mut CowStr<'_>,
    is_link: bool,
    (map, here): (&LinkMap, &Here),
    range: &Range<usize>,
    problems: &mut Vec<Problem>,
) {
    let (path, fragment) = match dest_url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest_url.as_ref(), None),
    };
    let is_article_link = is_link && path.ends_with(".md") && !path.contains("://") && !path.starts_with("mailto:");
    if !is_article_link {
        return;
    }
    let target = match path.strip_prefix("@/") {
        Some(rest) => normalize(Path::new(rest)),
        None => normalize(&here.file.parent().unwrap_or(Path::new("")).join(path)),
    };
    match target.as_ref().and_then(|t| map.urls.get(t)) {
        Some(url) => {
            let mut href = crate::urls::relative_url(here.url, url);
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            *dest_url = CowStr::from(href);
        }
        None if target.as_ref().is_some_and(|t| map.drafts.contains(t)) => {
            let shown = format!("content/{}", target.as_ref().map_or(Path::new(""), |t| t.as_path()).display());
            problems.push(Problem {
                severity: Severity::Error,
                message: format!("link to `{path}`: {shown} is a draft, published only with `--drafts`"),
                help: format!("remove `draft: true` from {shown} to publish it, or remove the link"),
                span: range.clone(),
            });
        }
        None if target.as_ref().is_some_and(|t| map.unreadable.contains(t)) => {}
        None => {
            let shown = target.as_ref().map_or(path.to_string(), |t| format!("content/{}", t.display()));
            let names: Vec<String> = map.urls.keys().map(|p| p.to_string_lossy().into_owned()).collect();
            let wanted = target.as_ref().map(|t| t.to_string_lossy().into_owned()).unwrap_or_default();
            problems.push(Problem {
                severity: Severity::Error,
                message: format!("link to `{path}`: there is no article {shown}"),
                help: suggestion(
                    &wanted,
                    names.iter().map(String::as_str),
                    "link to an article's .md file, relative to this file or as `@/folder/file.md`",
                )
                .replace("did you mean `", "did you mean `@/"),
                span: range.clone(),
            });
        }
    }
}

/// The lines of one HTML block, read as one piece of HTML: a tag may span
/// lines.
#[derive(Default)]
struct RawBlock {
    html: String,
    /// Where each line starts in `html`, and in the body.
    pieces: Vec<(usize, usize)>,
}

/// Reports the URL attributes of raw HTML that the URL rule refuses, at
/// their place in the body. `pieces` maps offsets in `html` to the body:
/// (start in `html`, start in the body), in order.
fn raw_html(html: &str, pieces: &[(usize, usize)], problems: &mut Vec<Problem>) {
    for found in url_safety::raw_html(html) {
        let to_body = |at: usize| {
            let (from, body) = pieces.iter().rev().find(|(from, _)| *from <= at).copied().unwrap_or((0, 0));
            body + at - from
        };
        let start = to_body(found.span.start);
        let end = to_body(found.span.end.max(found.span.start + 1) - 1) + 1;
        problems.push(Problem {
            severity: Severity::Error,
            message: found.refused.message,
            help: found.refused.help.into(),
            span: start..end.max(start),
        });
    }
}

/// Resolves `.` and `..` without touching the disk; `None` if it climbs
/// out of `content/`.
pub(super) fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_refuses_climbing_out() {
        assert_eq!(normalize(Path::new("a/../b.md")), Some(PathBuf::from("b.md")));
        assert_eq!(normalize(Path::new("../b.md")), None);
    }
}
