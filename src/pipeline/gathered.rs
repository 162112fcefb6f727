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
    /// What each page was made of, once an edit in `serve` changed the lists.
    pub prints: Prints,
}

/// Whether the lists of the site changed, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lists {
    /// No summary changed: the pages beyond articles are as they were.
    Same,
    /// A whole build: every page is rendered.
    Changed,
    /// An edit in `serve` changed a summary: only the pages whose print
    /// differs from the last time are rendered.
    ChangedSince,
    /// Nothing changed, but `serve` wants to know what each page is made
    /// of: their prints are worked out, and no page is rendered.
    Remember,
}

/// Each page's print (see [`pages::Page::print`]) as `serve` last
/// published it: what tells an edit which pages it changed. A build never
/// needs them, so only `serve` makes them (after a whole build, and at
/// each edit that changes the lists); without them, every page renders.
#[derive(Default)]
pub struct Prints(HashMap<String, u128>);

impl Prints {
    /// The pages of `pages` to render: those with a new print or none (the
    /// pages of the claims of content/claims.yaml), or new. Keeps the new
    /// prints.
    pub fn changed<'p, 'a>(&mut self, pages: &'p [pages::Page<'a>]) -> Vec<&'p pages::Page<'a>> {
        let prints: Vec<Option<u128>> = pages.par_iter().map(pages::Page::print).collect();
        let before = std::mem::take(&mut self.0);
        let mut changed = Vec::new();
        for (page, print) in pages.iter().zip(prints) {
            if print.is_none() || before.get(&page.file) != print.as_ref() {
                changed.push(page);
            }
            if let Some(print) = print {
                self.0.insert(page.file.clone(), print);
            }
        }
        changed
    }
}
