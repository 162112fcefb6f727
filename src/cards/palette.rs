//! The card's colours. The verdicts' colours are the default theme's
//! (`themes/default/static/gloss.css`, `[data-verdict="…"] { --v: … }`,
//! light scheme), so a card and the page it stands for agree: change both
//! together. White text on each of them passes WCAG AA for large text.

use super::Card;

/// The page's background, text, muted text and rules (gloss.css `--bg`,
/// `--fg`, `--muted`, `--line`).
pub const PAPER: &str = "#fbfaf7";
pub const INK: &str = "#1c1b19";
pub const MUTED: &str = "#5c5850";
pub const LINE: &str = "#dcd8cf";
/// The label's text on the verdict's colour (gloss.css `--v-ink`).
pub const ON_VERDICT: &str = "#ffffff";
/// The colour of a verdict the theme does not know (gloss.css
/// `[data-verdict] { --v: … }`).
pub const NEUTRAL: &str = "#4b5563";

/// The colour of the default scale's verdict `id`, else [`NEUTRAL`].
pub fn verdict(id: &str) -> &'static str {
    match id {
        "accurate" => "#1b6e3a",
        "mostly-accurate" => "#0f6b74",
        "misleading" => "#a04d00",
        "false" => "#b3232b",
        "unproven" => "#6b6359",
        "attributed" => "#5446a8",
        _ => NEUTRAL,
    }
}

/// The colour of the card's band and label: its verdict's, or the ink
/// when it shows no verdict.
pub fn band(card: &Card) -> &'static str {
    if card.label.is_empty() { INK } else { verdict(&card.verdict_id) }
}
