//! Images in articles. An image is a file the build must find and publish,
//! not only a URL to copy, so a broken one fails the build at its place
//! instead of showing a broken picture to readers:
//! - a path starting with `/` names a file of `static/` (published as-is);
//!   its `src` becomes relative to the page, as the site may live under a
//!   sub-path;
//! - any other local path names a file beside the article, which is
//!   published inside the article's page folder at the same relative path,
//!   so the path as written still works from the page;
//! - `http(s)://` images are left as they are.
//!
//! Width and height are read from the file (so the page does not jump as
//! images load), every image loads lazily, and an image alone in its
//! paragraph becomes a `<figure>` whose caption is its description, with an
//! optional `{credit="…"}`, as in Pandoc.
//!
//! This runs after `annotate`, so a citation in a caption is already
//! markup, and before `blocks`, which numbers notes in captions.

use std::collections::VecDeque;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::links::{Here, LinkMap};
use super::syntax::{AttrParse, parse_attrs};
use super::{Problem, Rendered, Scope, push_escaped};
use crate::diagnostics::{Diagnostic, Severity, display_path, suggestion};
use crate::output::Sink;

type Ev<'a> = (Event<'a>, Range<usize>);

pub use crate::model::Asset;

/// Publishes the images beside an article with its page.
pub fn publish(root: &Path, assets: &[Asset], sink: &dyn Sink) -> Vec<Diagnostic> {
    let copy = |a: &Asset| sink.write(&a.to, &crate::files::read(root, &a.from)?);
    assets.iter().filter_map(|a| copy(a).err()).collect()
}

/// One image of the event stream, taken out of it.
struct Image<'a> {
    dest: CowStr<'a>,
    title: CowStr<'a>,
    /// The description's events.
    inner: Vec<Ev<'a>>,
    range: Range<usize>,
    /// `{credit="…"}` after it, and where that block is.
    credit: Option<(String, Range<usize>)>,
}

/// What an image's address leads to.
#[derive(Debug, Default, PartialEq)]
struct Found {
    src: String,
    size: Option<(usize, usize)>,
    asset: Option<Asset>,
}

/// Checks, rewrites and marks up every image of the body.
pub(super) fn run<'a>(body: &'a str, events: Vec<Ev<'a>>, scope: &Scope, out: &mut Rendered) -> Vec<Ev<'a>> {
    if !events.iter().any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. }))) {
        return events;
    }
    transform(body, VecDeque::from(events), scope, out)
}

/// [`run`] on a stream of events (the body, or a figure's caption).
fn transform<'a>(body: &'a str, mut events: VecDeque<Ev<'a>>, scope: &Scope, out: &mut Rendered) -> Vec<Ev<'a>> {
    let mut result: Vec<Ev<'a>> = Vec::with_capacity(events.len());
    while let Some((event, range)) = events.pop_front() {
        let Event::Start(Tag::Image { dest_url, title, .. }) = event else {
            result.push((event, range));
            continue;
        };
        let image = take_image(body, dest_url, title, range, &mut events, &mut out.problems);
        let found = match scope.links {
            Some(links) => locate(body, &image, (links, scope.unsafe_html), &mut out.problems),
            None => Found { src: image.dest.to_string(), ..Found::default() },
        };
        if let Some(asset) = &found.asset {
            if !out.assets.contains(asset) {
                out.assets.push(asset.clone());
            }
        }
        let alone = matches!(result.last(), Some((Event::Start(Tag::Paragraph), _)))
            && matches!(events.front(), Some((Event::End(TagEnd::Paragraph), _)));
        let alt = alt_text(&image.inner);
        if alone && (!alt.is_empty() || image.credit.is_some()) {
            let (_, open) = result.pop().expect("the paragraph's start, checked above");
            let (_, close) = events.pop_front().expect("the paragraph's end, checked above");
            let mut tag = String::from("<figure>\n");
            push_img(&mut tag, &found, &alt, &image.title);
            tag.push_str("\n<figcaption>");
            result.push((Event::Html(CowStr::from(tag)), open));
            result.extend(transform(body, image.inner.into(), scope, out));
            let mut end = String::new();
            if let Some((credit, _)) = &image.credit {
                end.push_str(if alt.is_empty() { "<span class=\"credit\">" } else { " <span class=\"credit\">" });
                push_escaped(&mut end, credit);
                end.push_str("</span>");
            }
            end.push_str("</figcaption>\n</figure>\n");
            result.push((Event::Html(CowStr::from(end)), close));
            continue;
        }
        if let Some((_, at)) = &image.credit {
            out.problems.push(Problem {
                severity: Severity::Error,
                message: "a credit is shown under a figure, and this image is not alone in its paragraph".into(),
                help: "put the image in a paragraph of its own to make it a figure, or remove `{credit=…}`".into(),
                span: at.clone(),
            });
        }
        let mut tag = String::new();
        push_img(&mut tag, &found, &alt, &image.title);
        result.push((Event::InlineHtml(CowStr::from(tag)), image.range));
        // A citation or note in an inline image's description is kept, after it.
        result.extend(image.inner.into_iter().filter(|(e, _)| matches!(e, Event::InlineHtml(_))));
    }
    result
}

/// Takes the rest of an image (its description, its end, and an attribute
/// block right after it) off the front of `events`.
fn take_image<'a>(
    body: &'a str,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    range: Range<usize>,
    events: &mut VecDeque<Ev<'a>>,
    problems: &mut Vec<Problem>,
) -> Image<'a> {
    let mut inner = Vec::new();
    let mut depth = 0;
    while let Some((e, r)) = events.pop_front() {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::End(TagEnd::Image) => depth -= 1,
            _ => {}
        }
        inner.push((e, r));
    }
    let credit = take_attributes(body, range.end, events, problems);
    Image { dest, title, inner, range, credit }
}

/// Reads `{credit="…"}` written right after an image ending at `at`, and
/// takes its text events off `events`.
fn take_attributes<'a>(
    body: &'a str,
    at: usize,
    events: &mut VecDeque<Ev<'a>>,
    problems: &mut Vec<Problem>,
) -> Option<(String, Range<usize>)> {
    let rest = body.get(at..).filter(|r| r.starts_with('{'))?;
    let help = "an image may say who made it: `![description](file.png){credit=\"Photo: Name\"}`";
    let (attrs, len) = match parse_attrs(rest) {
        AttrParse::No => return None,
        AttrParse::Invalid(message, offset) => {
            let span = at + offset..at + offset + 1;
            problems.push(Problem { severity: Severity::Error, message, help: help.into(), span });
            return None;
        }
        AttrParse::Ok(attrs, len) => (attrs, len),
    };
    let block = at..at + len;
    // The block must be plain text in the stream (not inside code, say).
    let covered = events.iter().take_while(|(_, r)| (at..block.end).contains(&r.start));
    let reaches_end = covered.clone().last().is_some_and(|(_, r)| r.end >= block.end);
    if !reaches_end || !covered.clone().all(|(e, _)| matches!(e, Event::Text(_) | Event::SoftBreak)) {
        return None;
    }
    let n = covered.count();
    let last = events.drain(..n).next_back();
    if let Some((_, r)) = last.filter(|(_, r)| r.end > block.end) {
        // The text goes on after the block: keep the rest of it.
        events.push_front((Event::Text(CowStr::Borrowed(&body[block.end..r.end])), block.end..r.end));
    }
    let wrong: Vec<String> = attrs
        .pairs
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| k != "credit")
        .chain(attrs.id.iter().map(|id| format!("#{id}")))
        .chain(attrs.classes.iter().map(|c| format!(".{c}")))
        .collect();
    if let Some(first) = wrong.first() {
        problems.push(Problem {
            severity: Severity::Error,
            message: format!("`{first}` is not an image attribute"),
            help: suggestion(first, ["credit"], help),
            span: block.clone(),
        });
    }
    attrs.get("credit").map(|c| (c.to_string(), block))
}

/// The description as plain text, for `alt`.
fn alt_text(inner: &[Ev]) -> String {
    let mut alt = String::new();
    for (e, _) in inner {
        match e {
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

/// Appends `<img …>`.
fn push_img(out: &mut String, found: &Found, alt: &str, title: &str) {
    out.push_str("<img src=\"");
    pulldown_cmark_escape::escape_href(&mut *out, &found.src).expect("writing to a String cannot fail");
    out.push_str("\" alt=\"");
    push_escaped(out, alt);
    out.push('"');
    if !title.is_empty() {
        out.push_str(" title=\"");
        push_escaped(out, title);
        out.push('"');
    }
    if let Some((w, h)) = found.size {
        out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    out.push_str(" loading=\"lazy\">");
}

/// Is this the address of something on another site (or not a file)?
fn is_external(dest: &str) -> bool {
    dest.starts_with("//") || crate::url_safety::scheme(dest).is_some()
}

/// Finds the file an image names; reports what is wrong with it.
fn locate(
    body: &str,
    image: &Image,
    ((map, here), raw_ok): ((&LinkMap, &Here), bool),
    problems: &mut Vec<Problem>,
) -> Found {
    let dest = image.dest.as_ref();
    let as_written = || Found { src: dest.to_string(), ..Found::default() };
    let path = dest.split(['?', '#']).next().unwrap_or("");
    if is_external(dest) || (path.is_empty() && !dest.is_empty()) {
        return as_written();
    }
    let span = dest_span(body, image);
    let mut problem = |message: String, help: String| {
        problems.push(Problem { severity: Severity::Error, message, help, span: span.clone() });
        as_written()
    };
    if path.is_empty() {
        return problem(
            "this image has no file".into(),
            "write its path: `![description](/img/file.png)` for a file in static/, or a path from this article".into(),
        );
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let article_dir = here.file.parent().unwrap_or(Path::new(""));
    let (folder, in_folder, rel) = match decoded.strip_prefix('/') {
        Some(rest) => ("static", PathBuf::new(), super::links::normalize(Path::new(rest))),
        None => ("content", article_dir.to_path_buf(), super::links::normalize(Path::new(decoded.as_ref()))),
    };
    let Some(rel) = rel.filter(|r| !r.as_os_str().is_empty()) else {
        let (place, help) = match folder {
            "static" => ("static/".to_string(), "a path starting with `/` names a file in static/"),
            _ => (
                format!("the article's folder content/{}", folder_name(&in_folder)),
                "put the image in the article's folder (or one below it), or in static/ and write `/file.png`",
            ),
        };
        return problem(format!("image `{dest}` is outside {place}"), help.into());
    };
    if let Some(mime) = mime_guess::from_path(&rel).first().filter(|m| m.type_() != mime_guess::mime::IMAGE) {
        return problem(
            format!("`{dest}` is not an image file ({mime})"),
            "an image is a picture file (.png, .jpg, .svg, .webp …); link to other files with `[text](…)`".into(),
        );
    }
    // An SVG is a document that can hold script, and a file beside an
    // article is published at the site's origin: like raw HTML, it comes
    // from the writer only when the site allows raw HTML. static/ is the
    // site's own.
    let svg = rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("svgz"));
    if folder == "content" && svg && !raw_ok {
        return problem(
            format!("`{dest}` is an SVG beside the article, and this site does not allow raw HTML"),
            "an SVG can hold script: put it in static/ and write `/file.svg`, use a PNG or WebP, \
             or set `unsafe_html: true` in site.yaml"
                .into(),
        );
    }
    let in_root = Path::new(folder).join(&in_folder).join(&rel);
    let file = map.root.join(&in_root);
    if !file.exists() {
        let help = missing_help(&map.root.join(folder).join(&in_folder), path, folder == "static");
        return problem(format!("image `{dest}` not found: there is no file {}", display_path(&in_root)), help);
    }
    let readable = crate::files::regular(&map.root, &in_root).and_then(|()| crate::files::inside(&map.root, &in_root));
    if let Err(d) = readable {
        return problem(d.message, d.help.unwrap_or_default());
    }
    let size = imagesize::size(&file).ok().map(|s| (s.width, s.height));
    if folder == "static" {
        let up = "../".repeat(here.url.split('/').filter(|s| !s.is_empty()).count());
        let src = format!("{up}{}", dest.trim_start_matches('/'));
        return Found { src, size, asset: None };
    }
    let to = format!("{}{}", here.url, rel.to_string_lossy().replace('\\', "/"));
    Found { src: dest.to_string(), size, asset: Some(Asset { from: in_root, to }) }
}

fn folder_name(p: &Path) -> String {
    if p.as_os_str().is_empty() { String::new() } else { format!("{}/", p.to_string_lossy().replace('\\', "/")) }
}

/// Where the image's path is written, or the whole image when it cannot
/// be found as written (escaped, or in a reference definition).
fn dest_span(body: &str, image: &Image) -> Range<usize> {
    let written = &body[image.range.clone()];
    let dest = image.dest.as_ref();
    let at =
        written.find(&format!("]({dest}")).map(|i| i + 2).or_else(|| written.rfind(dest).filter(|_| !dest.is_empty()));
    match at {
        Some(i) => image.range.start + i..image.range.start + i + dest.len(),
        None => image.range.clone(),
    }
}

/// "did you mean …?" among the files where the image was looked for,
/// written as the writer would write them.
fn missing_help(dir: &Path, written: &str, from_static: bool) -> String {
    let names: Vec<String> = walkdir::WalkDir::new(dir)
        .max_depth(8)
        .into_iter()
        .filter_map(Result::ok)
        .take(10_000)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            (!rel.ends_with(".md")).then(|| if from_static { format!("/{rel}") } else { rel })
        })
        .collect();
    let fallback = if from_static {
        "a path starting with `/` names a file in static/: put the file there, or fix the path"
    } else {
        "a path not starting with `/` is relative to the article's file: put the image beside it, or fix the path"
    };
    suggestion(written.trim_start_matches("./"), names.iter().map(String::as_str), fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Verdicts;
    use crate::model::IndexMap;

    /// Renders without a site: image paths are left as written.
    fn render(body: &str) -> Rendered {
        let (claims, verdicts) = (IndexMap::default(), Verdicts::default_scale());
        super::super::render(
            body,
            &Scope { claims: &claims, verdicts: &verdicts, unsafe_html: true, links: None, first_line: 1 },
        )
    }

    #[test]
    fn a_figure_is_an_image_alone_in_its_paragraph_with_a_description() {
        let r = render("![A *map*](m.png)\n\nSee ![b](b.png) here.\n\n![](z.png)\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            r.html,
            "<figure>\n<img src=\"m.png\" alt=\"A map\" loading=\"lazy\">\n<figcaption>A <em>map</em></figcaption>\n</figure>\n\
             <p>See <img src=\"b.png\" alt=\"b\" loading=\"lazy\"> here.</p>\n\
             <p><img src=\"z.png\" alt=\"\" loading=\"lazy\"></p>\n"
        );
    }

    #[test]
    fn a_credit_is_taken_from_the_source_not_the_smartened_text() {
        let r = render("![Crowd](c.jpg){credit=\"Photo: \\\"AP\\\" & co\"}\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(
            r.html.contains(
                "<figcaption>Crowd <span class=\"credit\">Photo: &quot;AP&quot; &amp; co</span></figcaption>"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn text_after_an_attribute_block_is_kept() {
        let r = render("![a](x.png){credit=\"C\"} and more\n");
        assert_eq!(r.problems.len(), 1, "a credit needs a figure: {:?}", r.problems);
        assert!(r.html.contains("loading=\"lazy\"> and more</p>"), "{}", r.html);
        assert!(!r.html.contains("credit"), "{}", r.html);
    }

    #[test]
    fn citations_in_descriptions_are_kept() {
        let r = render("![Map [@src]](m.png)\n\nInline ![x [@b]](x.png).\n");
        assert_eq!(r.cited_order, ["src", "b"]);
        assert!(r.html.contains("<figcaption>Map <sup class=\"citation\" id=\"cite-1\""), "{}", r.html);
        assert!(r.html.contains("alt=\"x \" loading=\"lazy\"><sup class=\"citation\" id=\"cite-2\""), "{}", r.html);
    }

    #[test]
    fn braces_that_are_not_attributes_stay_text() {
        let r = render("![a](x.png){not attributes}\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(r.html.contains("loading=\"lazy\">{not attributes}</p>"), "{}", r.html);
    }

    #[test]
    fn external_addresses_are_told_apart_from_paths() {
        for dest in ["https://e.org/x.png", "http://e.org/x.png", "//cdn.e.org/x.png", "data:image/png;base64,AA"] {
            assert!(is_external(dest), "{dest}");
        }
        for dest in ["x.png", "/img/x.png", "./x.png", "figs/x.png?v=2"] {
            assert!(!is_external(dest), "{dest}");
        }
    }
}
