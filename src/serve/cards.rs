//! Share cards in the preview. A card is drawn when it is asked for, not
//! when its page is built: a save is served as fast with cards on as off,
//! and a preview rarely asks for a card at all (only a look at `og:image`
//! does). A rebuild notes only what each page's card shows; a card asked
//! for is taken from what this server drew before, else from the site's
//! cache (which `gloss build` fills), else drawn, and kept by its key, so
//! an edit that does not change what a card shows draws nothing.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use crate::cards::{Card, Key, Made, cache::Cache};
use crate::urls::card_page;

/// The cards of one snapshot of the site.
#[derive(Default)]
pub struct Cards {
    /// Each card by its page (its path without the version and `.png`):
    /// its path and what it shows, as of the last good build. A persistent
    /// map, which the next snapshot shares but for what changed; a card
    /// whose version changed replaces the one before, whose address then
    /// answers 404.
    at: rpds::HashTrieMapSync<String, (String, Card)>,
    pub painter: Painter,
}

impl Cards {
    /// No cards yet, drawn by `painter`.
    pub fn none(painter: Painter) -> Cards {
        Cards { at: Default::default(), painter }
    }

    /// The cards of a build: `made` by it, and when it redid only some
    /// articles (`!full`), those of `self` it did not redo.
    pub fn after(&self, made: Vec<Made>, full: bool) -> Cards {
        let mut at = if full { Default::default() } else { self.at.clone() };
        for m in made {
            at.insert_mut(card_page(&m.rel).to_string(), (m.rel, m.card));
        }
        Cards { at, painter: self.painter.clone() }
    }

    /// The card at `rel` (`cards/<page>.<version>.png`), if it is this
    /// snapshot's.
    pub fn get(&self, rel: &str) -> Option<&Card> {
        self.at.get(card_page(rel)).filter(|(at, _)| at == rel).map(|(_, card)| card)
    }
}

/// Draws cards for the server and keeps them, shared by every snapshot.
#[derive(Default, Clone)]
pub struct Painter {
    drawn: Arc<Mutex<HashMap<Key, Bytes>>>,
    /// The site root, whose cache a build may have filled.
    root: Option<PathBuf>,
}

impl Painter {
    /// A painter for the site at `root`.
    pub fn of(root: PathBuf) -> Painter {
        Painter { root: Some(root), ..Painter::default() }
    }

    /// The card as PNG: drawn before, in the site's cache, or drawn now.
    pub fn png(&self, card: &Card) -> Bytes {
        let key = card.key();
        if let Some(bytes) = self.drawn.lock().expect("no panics while holding the lock").get(&key) {
            return bytes.clone();
        }
        let cached = self.root.as_ref().and_then(|root| Cache::of(root).get(key));
        let bytes = Bytes::from(cached.unwrap_or_else(|| card.draw()));
        self.drawn.lock().expect("no panics while holding the lock").insert(key, bytes.clone());
        bytes
    }
}
