//! HTML escaping, in one place: the Markdown stage, code highlighting and
//! the pages all escape through here, so what is safe in an attribute or in
//! text is decided once. pulldown-cmark's own escaper does the work, so
//! gloss's markup escapes exactly as the HTML pulldown-cmark writes.

use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

/// `s` escaped for HTML text or a quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_html(&mut out, s);
    out
}

/// Appends `s` escaped for HTML text or a quoted attribute value.
pub fn push_html(out: &mut String, s: &str) {
    escape_html(&mut *out, s).expect("writing to a String cannot fail");
}

/// Appends `s` escaped for HTML text outside any attribute (quotes kept).
pub fn push_body_text(out: &mut String, s: &str) {
    escape_html_body_text(&mut *out, s).expect("writing to a String cannot fail");
}

/// Appends the URL `s` escaped for an `href` or `src` attribute.
pub fn push_href(out: &mut String, s: &str) {
    escape_href(&mut *out, s).expect("writing to a String cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_text_and_urls_escape_what_each_must() {
        assert_eq!(html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        let mut text = String::new();
        push_body_text(&mut text, "<\"q\">");
        assert_eq!(text, "&lt;\"q\"&gt;");
        let mut href = String::new();
        push_href(&mut href, "a b\"&c");
        assert_eq!(href, "a%20b%22&amp;c");
    }
}
