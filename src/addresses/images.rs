//! Images beside articles in the address table: they are known only once
//! the articles are rendered, so they get a second pass of the check, and
//! their errors point at the image's path in the article that shows it.

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};
use crate::model::{ArticleSummary, Asset};

use super::{ArticleAt, Publishing};

/// [`super::check`] again once the articles are rendered, with the images beside
/// them: one at a taken address fails the build (what it overwrote in the
/// build folder is never swapped in).
pub fn check_images<'a>(
    root: &Path,
    site: Publishing<'a>,
    rendered: impl Iterator<Item = &'a ArticleSummary>,
) -> Vec<Diagnostic> {
    let rendered: Vec<&ArticleSummary> = rendered.collect();
    let images: Vec<_> = rendered.iter().flat_map(|a| a.assets.iter().map(move |i| (ArticleAt::from(*a), i))).collect();
    if images.is_empty() {
        return Vec::new();
    }
    let articles = rendered.iter().map(|a| ArticleAt::from(*a)).collect();
    super::check(root, &Publishing { articles, images, ..site })
}

/// The image as messages name it.
pub(super) fn name(a: &ArticleAt, image: &Asset) -> String {
    format!("{} (an image of {})", display_path(&image.from), display_path(&a.rel))
}

/// Places `d` at the image's path in the article that shows it (else at
/// its first line).
pub(super) fn at(root: &Path, a: &ArticleAt, image: &Asset, d: Diagnostic) -> Diagnostic {
    let (text, _) = super::messages::text_and_slug(root, a);
    let written = image.to.strip_prefix(a.url).unwrap_or(&image.to);
    let d = d.in_file(&a.rel);
    let d = match text.find(&format!("]({written}")).map(|i| i + 2) {
        Some(i) => d.at(&text, i..i + written.len()),
        None => d.at_line_col(&text, 1, 1, 1),
    };
    d.with_help("rename or move the image beside the article, or the other file")
}
