//! Images beside articles in the address table: they are known only once
//! the articles are rendered, so they get a second pass of the check, and
//! their errors point at the image's path in the article that shows it.

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};
use crate::markdown::images::Asset;
use crate::model::Article;
use crate::resolve::Resolved;

use super::Publishing;

/// [`super::check`] again once the articles are rendered, with the images beside
/// them: one at a taken address fails the build (what it overwrote in the
/// build folder is never swapped in).
pub fn check_images<'a>(
    root: &Path,
    site: Publishing<'a>,
    rendered: impl Iterator<Item = &'a Resolved>,
) -> Vec<Diagnostic> {
    let rendered: Vec<&Resolved> = rendered.collect();
    let images: Vec<_> = rendered.iter().flat_map(|r| r.assets.iter().map(move |i| (&r.article, i))).collect();
    if images.is_empty() {
        return Vec::new();
    }
    super::check(root, &Publishing { articles: rendered.iter().map(|r| &r.article).collect(), images, ..site })
}

/// The image as messages name it.
pub(super) fn name(a: &Article, image: &Asset) -> String {
    format!("{} (an image of {})", display_path(&image.from), display_path(&a.file.rel))
}

/// Places `d` at the image's path in the article that shows it (else at
/// its first line).
pub(super) fn at(root: &Path, a: &Article, image: &Asset, d: Diagnostic) -> Diagnostic {
    let (text, _) = super::text_and_slug(root, a);
    let written = image.to.strip_prefix(a.url.as_str()).unwrap_or(&image.to);
    let d = d.in_file(&a.file.rel);
    let d = match text.find(&format!("]({written}")).map(|i| i + 2) {
        Some(i) => d.at(&text, i..i + written.len()),
        None => d.at_line_col(&text, 1, 1, 1),
    };
    d.with_help("rename or move the image beside the article, or the other file")
}
