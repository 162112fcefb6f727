//! Just enough HTML reading for assertions: find elements by an attribute
//! (`data-claim="x"`, `class="citation"`), read their attributes, links
//! and text. gloss writes well-formed markup, so a scanner is enough; every
//! failure prints the part of the page it was looking at.

/// An element of a page: its outer HTML.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    pub html: &'a str,
    /// The start tag, `<…>`.
    pub start_tag: &'a str,
}

const VOID: [&str; 8] = ["area", "br", "col", "hr", "img", "input", "link", "meta"];

/// Every element whose start tag contains `needle` (an attribute such as
/// `data-cites="a b"`, or the start of one such as `data-claim=`), in
/// document order, nested ones included.
pub fn select<'a>(html: &'a str, needle: &str) -> Vec<Element<'a>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find('<').map(|i| from + i) {
        from = i + 1;
        let rest = &html[i..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        if tag.starts_with("</") || tag.starts_with("<!") {
            continue;
        }
        let padded_needle = format!(" {needle}");
        if !tag.contains(&padded_needle) {
            continue;
        }
        out.push(element(rest, tag, tag_name(tag)));
    }
    out
}

/// The element that starts `rest` with start tag `tag`: up to its closing
/// tag, or the start tag alone for a void or self-closed one.
fn element<'a>(rest: &'a str, tag: &'a str, name: &str) -> Element<'a> {
    let len =
        if VOID.contains(&name) || tag.ends_with("/>") { tag.len() } else { closing(rest, name).unwrap_or(tag.len()) };
    Element { html: &rest[..len], start_tag: tag }
}

/// Every element named `name` (`h1`, `li`), in document order, nested
/// ones included.
pub fn select_tag<'a>(html: &'a str, name: &str) -> Vec<Element<'a>> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&open).map(|i| from + i) {
        from = i + 1;
        let rest = &html[i..];
        if !rest[open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        out.push(element(rest, &rest[..=end], name));
    }
    out
}

/// The one element matching `needle`; panics showing what matched otherwise.
#[track_caller]
pub fn select_one<'a>(html: &'a str, needle: &str) -> Element<'a> {
    let found = select(html, needle);
    if found.len() != 1 {
        let shown: Vec<&str> = found.iter().map(|e| excerpt(e.html, 300)).collect();
        panic!(
            "expected exactly one element with `{needle}`, found {}:\n  {}\n--- page (start) ---\n{}",
            found.len(),
            shown.join("\n  "),
            excerpt(html, 3000)
        );
    }
    found[0]
}

fn tag_name(tag: &str) -> &str {
    let inner = &tag[1..];
    let end = inner.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(inner.len());
    &inner[..end]
}

/// Length of the element starting at `s[0]` up to the end of its closing
/// tag, counting nested elements of the same name.
fn closing(s: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 0usize;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return Some(i + close.len());
            }
            i += close.len();
        } else if rest.starts_with(&open) && rest[open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>') {
            depth += 1;
            i += open.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

impl<'a> Element<'a> {
    /// An attribute of the element's start tag: `Some("")` for one without
    /// a value, entities decoded.
    pub fn attr(&self, name: &str) -> Option<String> {
        attr_of(self.start_tag, name)
    }

    /// The element's text: tags removed, entities decoded.
    pub fn text(&self) -> String {
        text_of(self.html)
    }

    /// Elements inside this one (itself included when it matches).
    pub fn select(&self, needle: &str) -> Vec<Element<'a>> {
        select(self.html, needle)
    }

    /// Every link inside: `(href, text)`.
    pub fn links(&self) -> Vec<(String, String)> {
        select(self.html, "href=")
            .into_iter()
            .filter(|e| tag_name(e.start_tag) == "a")
            .map(|e| (e.attr("href").unwrap_or_default(), e.text()))
            .collect()
    }

    /// The hrefs of the links inside that start with `prefix`.
    pub fn hrefs(&self, prefix: &str) -> Vec<String> {
        self.links().into_iter().map(|(h, _)| h).filter(|h| h.starts_with(prefix)).collect()
    }
}

fn attr_of(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let i = rest.find(name)?;
        let before = rest[..i].chars().last();
        let after = &rest[i + name.len()..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        if let Some(v) = after.strip_prefix("=\"") {
            return v.find('"').map(|end| decode(&v[..end]));
        }
        if after.starts_with([' ', '>', '/']) {
            return Some(String::new());
        }
    }
}

/// Removes tags and decodes the common entities.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and numeric entities.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e < 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// At most `max` bytes of `s` (on a character boundary).
pub fn excerpt(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The part of `haystack` around byte `at`.
fn around(haystack: &str, at: usize, radius: usize) -> &str {
    let mut start = at.saturating_sub(radius);
    while !haystack.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + radius).min(haystack.len());
    while !haystack.is_char_boundary(end) {
        end += 1;
    }
    &haystack[start..end]
}

/// Asserts `haystack` contains `needle`. On failure prints the part of the
/// haystack that matches the longest start of the needle, or the start of
/// the haystack when nothing does.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    if haystack.contains(needle) {
        return;
    }
    let chars: Vec<(usize, char)> = needle.char_indices().collect();
    let mut best: Option<(usize, usize)> = None; // (prefix length, position)
    for n in (1..=chars.len()).rev() {
        let end = chars.get(n).map_or(needle.len(), |(i, _)| *i);
        if end < 4 {
            break;
        }
        if let Some(at) = haystack.find(&needle[..end]) {
            best = Some((end, at));
            break;
        }
    }
    match best {
        Some((len, at)) => panic!(
            "expected to find\n  {needle:?}\nthe longest start of it found is {:?}; the text around it:\n---\n{}\n---",
            &needle[..len],
            around(haystack, at, 400)
        ),
        None => panic!(
            "expected to find\n  {needle:?}\nnot even its start is there; the text begins:\n---\n{}\n---",
            excerpt(haystack, 2000)
        ),
    }
}

/// Asserts `haystack` does not contain `needle`, printing where it does.
#[track_caller]
pub fn assert_not_contains(haystack: &str, needle: &str) {
    if let Some(at) = haystack.find(needle) {
        panic!("expected not to find {needle:?}, but it is there:\n---\n{}\n---", around(haystack, at, 400));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_nested_elements_and_reads_them() {
        let html = r##"<p><span class="claim" id="c"><span>in</span> x &amp; y<a href="#e">V</a></span></p><br>"##;
        let e = select_one(html, r#"class="claim""#);
        assert_eq!(e.html, r##"<span class="claim" id="c"><span>in</span> x &amp; y<a href="#e">V</a></span>"##);
        assert_eq!(e.attr("id").as_deref(), Some("c"));
        assert_eq!(e.text(), "in x & yV");
        assert_eq!(e.links(), [("#e".to_string(), "V".to_string())]);
        assert_eq!(attr_of(r#"<a data-footnote-ref href="x">"#, "data-footnote-ref").as_deref(), Some(""));
        assert_eq!(decode("&#91;&#x5D;"), "[]");
    }
}
