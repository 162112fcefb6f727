//! Images beside articles and the claims' own pages against the address
//! table: they are known only once the articles are rendered (a claim may
//! be marked only in the text), so they get a second pass of the check. An
//! image's error points at its path in the article that shows it, a claim
//! page's at the claim's id (placed by `messages`).

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::ArticleSummary;

use super::{ArticleAt, Publishing};

/// [`super::check`] again once the articles are rendered, with the images
/// beside them and their claims' pages: one at a taken address fails the
/// build (what it overwrote in the build folder is never swapped in).
pub fn check_rendered<'a>(
    root: &Path,
    site: Publishing<'a>,
    rendered: impl Iterator<Item = &'a ArticleSummary>,
    diags: &mut Diagnostics,
) {
    let rendered: Vec<&ArticleSummary> = rendered.collect();
    let images: Vec<_> = rendered.iter().flat_map(|a| a.assets.iter().map(move |i| (ArticleAt::from(*a), i))).collect();
    if images.is_empty() && rendered.iter().all(|a| a.claims.is_empty()) {
        return;
    }
    let articles = rendered.iter().map(|a| ArticleAt::from(*a)).collect();
    super::check(root, &Publishing { articles, images, claim_pages: &rendered, ..site }, diags)
}
