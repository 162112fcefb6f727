//! Syntax highlighting of code blocks with syntect, at build time, as CSS
//! classes. syntect's syntax definitions take a while to load, so they load
//! once, on the first code block that needs them, and are shared by every
//! thread; a site with no code never loads them.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class names are prefixed so they cannot clash with a theme's own.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a code block: `<pre class="code" data-lang="…"><code>…</code></pre>`.
/// An unknown or missing language is plain, escaped text.
pub fn code_block(lang: Option<&str>, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 64);
    match lang {
        Some(lang) => {
            let lang_attr = crate::escape::html(lang);
            out.push_str(&format!(
                "<pre class=\"code hl-code\" tabindex=\"0\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">"
            ));
            out.push_str(&highlight(lang, code));
        }
        None => {
            out.push_str("<pre class=\"code hl-code\" tabindex=\"0\"><code>");
            out.push_str(&plain(code));
        }
    }
    out.push_str("</code></pre>\n");
    out
}

/// The highlighted HTML of `code` in `lang`; plain when syntect does not
/// know the language or cannot read the code.
fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else { return plain(code) };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return plain(code);
        }
    }
    generator.finalize()
}

/// Code shown as it is: escaped, without colours.
fn plain(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    crate::escape::push_body_text(&mut out, code);
    out
}

/// WCAG relative luminance of a colour.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio of two colours.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Moves a foreground colour towards black or white (away from the
/// background) until it reads at 4.5:1 or better.
fn readable_on(fg: Color, bg: Color) -> Color {
    let target = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut c = fg;
    for _ in 0..20 {
        if contrast(c, bg) >= 4.6 {
            break;
        }
        let step = |v: u8| (f64::from(v) + (target - f64::from(v)) * 0.15).round() as u8;
        c = Color { r: step(c.r), g: step(c.g), b: step(c.b), a: 255 };
    }
    c
}

/// Makes every text colour of a theme readable on its background: many
/// bundled themes have token colours below the WCAG AA contrast.
fn readable(theme: &mut Theme) {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(readable_on(fg, bg));
    }
    for item in &mut theme.scopes {
        let item_bg = item.style.background.unwrap_or(bg);
        if let Some(fg) = item.style.foreground {
            item.style.foreground = Some(readable_on(fg, item_bg));
        }
    }
}

/// The stylesheet for code: the light theme, and the dark one under
/// `prefers-color-scheme: dark`. A theme is a bundled name or a `.tmTheme`
/// file path (relative to the site root).
pub fn stylesheet(light: &str, dark: &str, root: &std::path::Path) -> Result<String, ThemeError> {
    let defaults = ThemeSet::load_defaults();
    let load = |key: &'static str, name: &str| -> Result<Theme, ThemeError> {
        let error = |message: String, help: String| ThemeError { key, message, help };
        if let Some(t) = defaults.themes.get(name) {
            return Ok(t.clone());
        }
        if name.ends_with(".tmTheme") {
            return ThemeSet::get_theme(root.join(name)).map_err(|e| {
                error(
                    format!("cannot read highlight theme `{name}`: {e}"),
                    "give a .tmTheme file's path from the site's folder".into(),
                )
            });
        }
        let names: Vec<&str> = defaults.themes.keys().map(String::as_str).collect();
        Err(error(
            format!("unknown highlight theme `{name}`"),
            crate::diagnostics::suggestion(
                name,
                names.iter().copied(),
                &format!("choose one of: {}, or give a .tmTheme file's path", names.join(", ")),
            ),
        ))
    };
    let css = |key: &'static str, name: &str| {
        let mut theme = load(key, name)?;
        readable(&mut theme);
        css_for_theme_with_class_style(&theme, CLASS_STYLE).map_err(|e| ThemeError {
            key,
            message: format!("cannot make highlight CSS from `{name}`: {e}"),
            help: "choose another highlight theme".into(),
        })
    };
    let light_css = css("highlight_theme", light)?;
    let dark_css = css("highlight_theme_dark", dark)?;
    // Each scheme is scoped, so no rule of one leaks into the other.
    Ok(format!(
        "/* Code colours made by gloss from the syntect themes {light} and {dark},\n   adjusted to a contrast of at least 4.5:1. */\n@media not all and (prefers-color-scheme: dark) {{\n{light_css}\n}}\n@media (prefers-color-scheme: dark) {{\n{dark_css}\n}}\n"
    ))
}

/// A highlight theme that cannot be used, and the site.yaml key naming it.
#[derive(Debug)]
pub struct ThemeError {
    pub key: &'static str,
    pub message: String,
    pub help: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_is_plain() {
        let rust = code_block(Some("rust"), "fn main() {}\n");
        assert!(rust.contains("hl-"), "{rust}");
        assert!(rust.starts_with("<pre class=\"code hl-code\" tabindex=\"0\" data-lang=\"rust\">"), "{rust}");
        let plain = code_block(Some("no-such-lang"), "<b>\n");
        assert!(plain.contains("&lt;b&gt;") && !plain.contains("<span class=\"hl-"), "{plain}");
    }

    #[test]
    fn adjusted_colours_reach_aa_contrast() {
        let white = Color::WHITE;
        let pale = Color { r: 0x62, g: 0xa3, b: 0x5c, a: 255 };
        assert!(contrast(pale, white) < 4.5);
        assert!(contrast(readable_on(pale, white), white) >= 4.5);
        let dark = Color { r: 0x2b, g: 0x30, b: 0x3b, a: 255 };
        let grey = Color { r: 0x65, g: 0x73, b: 0x7e, a: 255 };
        assert!(contrast(readable_on(grey, dark), dark) >= 4.5);
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark", std::path::Path::new(".")).unwrap();
        assert!(css.contains("prefers-color-scheme: dark") && css.contains(".hl-"), "{}", &css[..200]);
        let e = stylesheet("InspiredGitHb", "x", std::path::Path::new(".")).unwrap_err();
        assert_eq!((e.key, e.message.as_str()), ("highlight_theme", "unknown highlight theme `InspiredGitHb`"));
        assert!(e.help.contains("did you mean `InspiredGitHub`"), "{e:?}");
        let e = stylesheet("InspiredGitHub", "base16-ocean.drak", std::path::Path::new(".")).unwrap_err();
        assert_eq!(e.key, "highlight_theme_dark", "{e:?}");
    }
}
