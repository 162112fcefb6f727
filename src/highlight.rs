//! Syntax highlighting of code blocks with syntect, at build time, as CSS
//! classes. syntect's syntax definitions take a while to load, so they load
//! once, on the first code block that needs them, and are shared by every
//! thread; a site with no code never loads them.

use std::sync::OnceLock;

use pulldown_cmark_escape::escape_html_body_text;
use syntect::highlighting::ThemeSet;
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
            let lang_attr = escape_attr(lang);
            out.push_str(&format!(
                "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">"
            ));
            out.push_str(&highlight(lang, code));
        }
        None => {
            out.push_str("<pre class=\"code\"><code>");
            escape_html_body_text(&mut out, code).expect("writing to a String cannot fail");
        }
    }
    out.push_str("</code></pre>\n");
    out
}

fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        let mut out = String::new();
        escape_html_body_text(&mut out, code).expect("writing to a String cannot fail");
        return out;
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            let mut out = String::new();
            escape_html_body_text(&mut out, code).expect("writing to a String cannot fail");
            return out;
        }
    }
    generator.finalize()
}

fn escape_attr(s: &str) -> String {
    let mut out = String::new();
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// The names of syntect's bundled themes, for error messages.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.into_keys().collect()
}

/// The stylesheet for code: the light theme, and the dark one under
/// `prefers-color-scheme: dark`. A theme is a bundled name or a `.tmTheme`
/// file path (relative to the site root).
pub fn stylesheet(light: &str, dark: &str, root: &std::path::Path) -> Result<String, String> {
    let defaults = ThemeSet::load_defaults();
    let load = |name: &str| -> Result<syntect::highlighting::Theme, String> {
        if let Some(t) = defaults.themes.get(name) {
            return Ok(t.clone());
        }
        if name.ends_with(".tmTheme") {
            return ThemeSet::get_theme(root.join(name))
                .map_err(|e| format!("cannot read highlight theme `{name}`: {e}"));
        }
        let names: Vec<&str> = defaults.themes.keys().map(String::as_str).collect();
        Err(format!(
            "unknown highlight theme `{name}`; {}",
            crate::diagnostics::suggestion(
                name,
                names.iter().copied(),
                &format!("choose one of: {}", names.join(", "))
            )
        ))
    };
    let css = |theme: &syntect::highlighting::Theme| {
        css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|e| format!("cannot make highlight CSS: {e}"))
    };
    let light_css = css(&load(light)?)?;
    let dark_css = css(&load(dark)?)?;
    Ok(format!(
        "/* Code colours made by gloss from the syntect themes {light} and {dark}. */\n{light_css}\n@media (prefers-color-scheme: dark) {{\n{dark_css}\n}}\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_is_plain() {
        let rust = code_block(Some("rust"), "fn main() {}\n");
        assert!(rust.contains("hl-"), "{rust}");
        assert!(rust.starts_with("<pre class=\"code\" data-lang=\"rust\">"), "{rust}");
        let plain = code_block(Some("no-such-lang"), "<b>\n");
        assert!(plain.contains("&lt;b&gt;") && !plain.contains("hl-"), "{plain}");
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark", std::path::Path::new(".")).unwrap();
        assert!(css.contains("prefers-color-scheme: dark") && css.contains(".hl-"), "{}", &css[..200]);
        assert!(stylesheet("InspiredGitHb", "x", std::path::Path::new(".")).unwrap_err().contains("did you mean"));
    }
}
