//! What a [`Build`](super::Build) keeps of the site's lists between runs,
//! for `serve`: the problems the whole-site checks found, the pages beyond
//! articles that were written, and what each was made of, so that an edit
//! renders only the pages it changed.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::pages;

/// What the whole-site checks found and which pages beyond articles were
/// written, the last time the lists were gathered.
#[derive(Default)]
pub struct Gathered {
    pub problems: Vec<Diagnostic>,
    pub files: HashSet<String>,
    /// What each page was made of, when `serve` asked to know.
    pub prints: Prints,
}

/// Which pages beyond articles a run renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redo {
    /// None: no summary changed, so the pages are as they were.
    Nothing,
    /// Every page: a whole build.
    Everything,
    /// The pages whose print changed since `serve` last knew them: an
    /// edit in `serve` changed a summary.
    Changed,
    /// None, but `serve` wants to know what each page is made of: their
    /// prints are worked out.
    PrintsOnly,
}

/// Each page's print (see [`pages::Page::print`]) as `serve` last
/// published it: what tells an edit which pages it changed. A build never
/// needs them, so only `serve` makes them (after a whole build, and at
/// each edit that changes the lists); without them, every page renders.
#[derive(Default)]
pub struct Prints(HashMap<String, u128>);

impl Prints {
    /// Keeps the prints of `pages`, forgetting those before; returns each
    /// page's (`None` for a page that has none).
    pub fn remember(&mut self, pages: &[pages::Page]) -> Vec<Option<u128>> {
        let prints: Vec<Option<u128>> = pages.par_iter().map(pages::Page::print).collect();
        self.0 = pages.iter().zip(&prints).filter_map(|(page, print)| Some((page.file.clone(), (*print)?))).collect();
        prints
    }

    /// The pages of `pages` to render: those whose print is new, changed or
    /// none (the pages of the claims of content/claims.yaml). Keeps the
    /// new prints.
    pub fn changed<'p, 'a>(&mut self, pages: &'p [pages::Page<'a>]) -> Vec<&'p pages::Page<'a>> {
        let before = std::mem::take(&mut self.0);
        let prints = self.remember(pages);
        let differs =
            |(page, print): &(&pages::Page, Option<u128>)| print.is_none() || before.get(&page.file) != print.as_ref();
        pages.iter().zip(prints).filter(differs).map(|(page, _)| page).collect()
    }
}
