//! Share cards: with `social_cards: true` in site.yaml, each article's page
//! (and each claim's) gets a PNG of 1200 × 630 that sharing sites show
//! (`og:image`): the verdict's label in its colour, the claim or the
//! headline, who made the claim, and the site's name.
//!
//! A card is drawn in Rust ([`draw`]) only when what it shows changed: its
//! [`Key`] hashes everything drawn (and the drawing's version and font),
//! and `gloss build` keeps each card it drew in the site's
//! `.gloss-cache/cards/` ([`cache`]), once the build has succeeded. The
//! pipeline hands each page's card to a [`Cards`], which draws it or takes
//! it from the cache (`build`), notes it to draw when it is asked for
//! (`serve`), or does nothing (`check`, or cards off).

pub mod cache;
pub mod draw;
pub mod palette;

use std::path::Path;
use std::sync::Mutex;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{ArticleSummary, Claim};
use crate::output::Sink;

/// Bumped whenever the drawing changes, so every cached card is drawn anew.
const DRAWING_VERSION: u32 = 1;

/// What a card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The verdict's label; "" for none.
    pub label: String,
    /// The verdict's id, which gives the label its colour ([`palette`]).
    pub verdict_id: String,
    /// The claim (in quotation marks) or the article's headline.
    pub headline: String,
    /// The line under it (`— claimant` on a claim's card); "" for none.
    pub byline: String,
    /// The site's name.
    pub site: String,
}

/// A card's content hash: equal keys draw equal cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub u128);

impl Key {
    /// The key as a file name of the cache: 32 hex digits and `.png`.
    pub fn file_name(self) -> String {
        format!("{:032x}.png", self.0)
    }

    /// The key as the version in a card's address ([`crate::urls::card_path`]):
    /// 16 hex digits, which tell apart the versions of one page's card.
    pub fn version(self) -> String {
        format!("{:016x}", (self.0 >> 64) as u64)
    }
}

impl Card {
    /// The card of an article's page: its headline, and the verdict of its
    /// claims when they all have the same one (one verdict for claims
    /// rated differently would misstate the article), else none.
    pub fn article(a: &ArticleSummary, config: &Config) -> Card {
        let first = a.claims.first().map(|c| &c.verdict);
        let shared = first.filter(|v| a.claims.iter().all(|c| c.verdict.id == v.id));
        Card {
            label: shared.map(|v| v.label.clone()).unwrap_or_default(),
            verdict_id: shared.map(|v| v.id.clone()).unwrap_or_default(),
            headline: a.title.clone(),
            byline: String::new(),
            site: config.title.clone(),
        }
    }

    /// The card of the page of claim `c` of article `a`: its verdict, its
    /// text in quotation marks (or, when it has none, the article's
    /// title, as its page says), and who made it.
    pub fn claim(c: &Claim, a: &ArticleSummary, config: &Config) -> Card {
        let (text, claimant) = (c.text.trim(), c.claimant.name.trim());
        Card {
            label: c.verdict.label.clone(),
            verdict_id: c.verdict.id.clone(),
            headline: if text.is_empty() { format!("A claim in “{}”", a.title) } else { format!("“{text}”") },
            byline: if claimant.is_empty() { String::new() } else { format!("— {claimant}") },
            site: config.title.clone(),
        }
    }

    /// A sentence saying what the card shows, for `og:image:alt`.
    pub fn alt(&self) -> String {
        let mut alt = String::new();
        if !self.label.is_empty() {
            alt.push_str(&format!("{}: ", self.label));
        }
        alt.push_str(&self.headline);
        if !self.byline.is_empty() {
            alt.push(' ');
            alt.push_str(&self.byline);
        }
        format!("{alt} ({})", self.site)
    }

    /// What the card shows, hashed with the drawing's version and font.
    pub fn key(&self) -> Key {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&DRAWING_VERSION.to_le_bytes());
        h.update(&font_digest().to_le_bytes());
        let colour = palette::band(self);
        for field in [&self.label, colour, &self.headline, &self.byline, &self.site] {
            // Each field with its length, so that no two cards hash alike
            // by moving text from one field to the next.
            h.update(&(field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        Key(h.digest128())
    }

    /// The card as PNG.
    pub fn draw(&self) -> Vec<u8> {
        draw::png(self)
    }
}

/// What the head of the page at `page_url` says of its card (`og:image`
/// and `og:image:alt`): the card's URL ([`crate::urls::card_url`]) and a
/// sentence saying what it shows; two empty strings when the site has no
/// cards. `card` is made only when it has.
pub fn head(config: &Config, page_url: &str, card: impl FnOnce() -> Card) -> (String, String) {
    if config.social_cards {
        let card = card();
        (crate::urls::card_url(&config.base_url, page_url, &card.key().version()), card.alt())
    } else {
        (String::new(), String::new())
    }
}

/// A hash of the bundled font: a new font draws every card anew.
fn font_digest() -> u64 {
    static DIGEST: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *DIGEST.get_or_init(|| xxhash_rust::xxh3::xxh3_64(draw::BOLD) ^ xxhash_rust::xxh3::xxh3_64(draw::REGULAR))
}

/// What a run of the pipeline does with each page's card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Nothing (`gloss check`): no card is drawn or written.
    Skip,
    /// Written to the output: taken from the cache, or drawn (`gloss build`).
    Draw,
    /// Noted, to be drawn when asked for (`gloss serve`).
    Defer,
}

/// A page's card, as a run made it.
#[derive(Debug, Clone)]
pub struct Made {
    /// Where it is in the output.
    pub rel: String,
    pub card: Card,
    pub key: Key,
    /// Drawn by this run (not taken from the cache).
    pub drawn: bool,
}

/// The cards of one run of the pipeline.
pub struct Cards {
    /// [`Mode::Skip`] when the site has no cards.
    mode: Mode,
    cache: cache::Cache,
    made: Mutex<Vec<Made>>,
}

impl Cards {
    /// The cards of the site at `root`, as `mode` makes them when
    /// `config` asks for cards.
    pub fn new(mode: Mode, root: &Path, config: &Config) -> Cards {
        let mode = if config.social_cards { mode } else { Mode::Skip };
        Cards { mode, cache: cache::Cache::of(root), made: Mutex::new(Vec::new()) }
    }

    /// Whether pages get cards.
    pub fn on(&self) -> bool {
        self.mode != Mode::Skip
    }

    /// Puts `card`, the card of the page at `page_url`, at its address
    /// ([`crate::urls::card_path`]) in `sink`. A card the output holds
    /// already at that address, which names what it shows, is left there.
    pub fn publish(&self, page_url: &str, card: Card, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let key = card.key();
        let rel = crate::urls::card_path(page_url, &key.version());
        let drawn = match self.mode {
            Mode::Skip => return Ok(()),
            Mode::Defer => false,
            Mode::Draw if sink.holds(&rel) => false,
            Mode::Draw => {
                let (bytes, drawn) = match self.cache.get(key) {
                    Some(bytes) => (bytes, false),
                    None => (card.draw(), true),
                };
                sink.write(&rel, &bytes)?;
                drawn
            }
        };
        self.made.lock().expect("no panics while holding the lock").push(Made { rel, card, key, drawn });
        Ok(())
    }

    /// The cards made since the last call.
    pub fn take(&self) -> Vec<Made> {
        std::mem::take(&mut *self.made.lock().expect("no panics while holding the lock"))
    }
}

#[cfg(test)]
mod tests;
