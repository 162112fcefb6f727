//! Links in Markdown: a link to another article's `.md` file becomes the
//! relative URL of its page; a link to a file that does not exist, or one
//! with a scheme that runs code (`javascript:` …), is an error.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag};

use super::Problem;
use crate::diagnostics::{Severity, suggestion};

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

type Ev<'a> = (Event<'a>, Range<usize>);

/// Checks the destinations of links and images, and rewrites links to
/// articles (images are `images`' work).
pub(super) fn run<'a>(events: &mut [Ev<'a>], map: Option<(&LinkMap, &Here)>, problems: &mut Vec<Problem>) {
    for (event, range) in events.iter_mut() {
        let is_link = matches!(event, Event::Start(Tag::Link { .. }));
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = event else {
            continue;
        };
        if let Err(message) = crate::front_matter::check_url(dest_url) {
            problems.push(Problem {
                severity: Severity::Error,
                message,
                help: "links may be http, https, mailto or relative".into(),
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
        let Some((map, here)) = map else { continue };
        let (path, fragment) = match dest_url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest_url.as_ref(), None),
        };
        let is_article_link = is_link && path.ends_with(".md") && !path.contains("://") && !path.starts_with("mailto:");
        if !is_article_link {
            continue;
        }
        let target = match path.strip_prefix("@/") {
            Some(rest) => normalize(Path::new(rest)),
            None => normalize(&here.file.parent().unwrap_or(Path::new("")).join(path)),
        };
        match target.as_ref().and_then(|t| map.urls.get(t)) {
            Some(url) => {
                let mut href = relative_url(here.url, url);
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

/// The relative URL from the page at `from` to the page at `to` (both
/// relative to the site root, ending in `/` or empty for the root).
pub fn relative_url(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for p in &to_parts[common..] {
        url.push_str(p);
        url.push('/');
    }
    if url.is_empty() { "./".into() } else { url }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_between_pages() {
        assert_eq!(relative_url("explainers/a/", "explainers/b/"), "../b/");
        assert_eq!(relative_url("explainers/a/", "other/c/"), "../../other/c/");
        assert_eq!(relative_url("", "x/y/"), "x/y/");
        assert_eq!(relative_url("x/", "x/"), "./");
    }

    #[test]
    fn normalize_refuses_climbing_out() {
        assert_eq!(normalize(Path::new("a/../b.md")), Some(PathBuf::from("b.md")));
        assert_eq!(normalize(Path::new("../b.md")), None);
    }
}
