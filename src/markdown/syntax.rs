//! The two bits of Pandoc syntax gloss reads inside Markdown text: attribute
//! blocks (`{.claim #id key="value"}`) and citation lists
//! (`@a; @b, para. 9`). Pure string functions, tested alone; the event-stream
//! adapter in `annotate` decides where they apply.

/// Attributes of a bracketed span, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
    /// Where each pair's key starts, in bytes from the block's `{`.
    pub key_at: Vec<usize>,
}

impl Attrs {
    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The result of reading an attribute block.
#[derive(Debug, PartialEq, Eq)]
pub enum AttrParse {
    /// Not an attribute block at all: leave the text alone.
    No,
    /// It starts like one but is malformed: message and byte offset in the input.
    Invalid(String, usize),
    /// Attributes and the length in bytes of the block, braces included.
    Ok(Attrs, usize),
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

/// Attribute blocks longer than this are taken as unclosed; this keeps
/// reading linear in the input whatever it holds.
const MAX_ATTRS_LEN: usize = 2048;

/// Reads an attribute block at the start of `s` (which starts with `{`).
pub fn parse_attrs(s: &str) -> AttrParse {
    let Some(inner) = s.strip_prefix('{') else {
        return AttrParse::No;
    };
    // It is meant as attributes only if it opens like them.
    let first = inner.trim_start_matches([' ', '\t', '\n']);
    // Only the first word decides, so this stays linear in the input.
    let key_len = first.find(|c: char| !is_name_char(c)).unwrap_or(first.len());
    let looks_like = first.starts_with(['.', '#']) || (key_len > 0 && first[key_len..].starts_with('='));
    if !looks_like {
        return AttrParse::No;
    }
    let mut attrs = Attrs::default();
    let bytes = s.as_bytes();
    let mut i = 1;
    loop {
        if i > MAX_ATTRS_LEN {
            return AttrParse::Invalid(
                format!("attribute block is not closed within {MAX_ATTRS_LEN} characters: add `}}`"),
                0,
            );
        }
        while i < s.len() && matches!(bytes[i], b' ' | b'\t' | b'\n') {
            i += 1;
            // A blockquote's `>` starts the lines after the first.
            if bytes[i - 1] == b'\n' {
                i += s[i..].len() - s[i..].trim_start_matches([' ', '\t', '>']).len();
            }
        }
        if i >= s.len() {
            return AttrParse::Invalid("attribute block is not closed: add `}`".into(), s.len());
        }
        let rest = &s[i..];
        if rest.starts_with('}') {
            return AttrParse::Ok(attrs, i + 1);
        }
        if bytes[i] == b'\n' && rest[1..].starts_with('\n') {
            return AttrParse::Invalid("attribute block is not closed: add `}`".into(), i);
        }
        let sigil = rest.chars().next().unwrap_or(' ');
        if sigil == '#' || sigil == '.' {
            let name: String = rest[1..].chars().take_while(|&c| is_name_char(c) && c != '.').collect();
            if name.is_empty() {
                return AttrParse::Invalid(format!("`{sigil}` must be followed by a name"), i);
            }
            if sigil == '#' {
                if attrs.id.is_some() {
                    return AttrParse::Invalid("a span can have only one `#id`".into(), i);
                }
                attrs.id = Some(name.clone());
            } else {
                attrs.classes.push(name.clone());
            }
            i += 1 + name.len();
            continue;
        }
        let key: String = rest.chars().take_while(|&c| is_name_char(c)).collect();
        if key.is_empty() || !rest[key.len()..].starts_with('=') {
            let word: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '}').collect();
            return AttrParse::Invalid(
                format!("`{word}` is not an attribute: write `#id`, `.class` or `key=value`"),
                i,
            );
        }
        let key_len = key.len();
        i += key_len + 1;
        let (value, used) = match read_value(&s[i..]) {
            Ok(v) => v,
            Err(msg) => return AttrParse::Invalid(msg, i),
        };
        attrs.pairs.push((key, value));
        attrs.key_at.push(i - key_len - 1);
        i += used;
    }
}

/// Reads a quoted or bare attribute value; returns it and the bytes used.
fn read_value(s: &str) -> Result<(String, usize), String> {
    let Some(quote) = s.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        let len = s.find(|c: char| c.is_whitespace() || c == '}').unwrap_or(s.len());
        if len == 0 {
            return Err("missing value after `=`".into());
        }
        return Ok((s[..len].to_string(), len));
    };
    let mut value = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    value.push(next);
                }
            }
            c if c == quote => return Ok((value, i + 1)),
            // A blank line ends the paragraph, and with it any attribute block.
            '\n' if s[i + 1..].trim_start_matches([' ', '\t']).starts_with('\n') => break,
            c => value.push(c),
        }
    }
    Err(format!("value is missing its closing {quote}"))
}

/// One source cited by a citation: its key and an optional locator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub locator: Option<String>,
}

/// Reads the inside of `[@a; @b, para. 9]`. `None` when it is not a
/// citation list (the brackets are then plain text); `Err` when it starts as
/// one but is malformed.
pub fn parse_citation(inner: &str) -> Option<Result<Vec<CiteItem>, String>> {
    if !inner.starts_with('@') {
        return None;
    }
    let mut items = Vec::new();
    for part in inner.split(';') {
        let part = part.trim();
        let Some(rest) = part.strip_prefix('@') else {
            return Some(Err(format!("`{part}` is not a citation: every item of `[@…]` starts with `@key`")));
        };
        let key_len = citation_key_len(rest);
        if key_len == 0 {
            return Some(Err("`@` must be followed by a source id, as in `[@cnn-report]`".into()));
        }
        let key = rest[..key_len].to_string();
        let tail = rest[key_len..].trim_start();
        let locator = tail.strip_prefix(',').unwrap_or(tail).trim();
        if !rest[key_len..].is_empty() && !rest[key_len..].starts_with([',', ' ', '\t', '\n']) {
            return Some(Err(format!("unexpected `{}` after source id `{key}`", &rest[key_len..])));
        }
        let locator = (!locator.is_empty()).then(|| locator.split_whitespace().collect::<Vec<_>>().join(" "));
        items.push(CiteItem { key, locator });
    }
    Some(Ok(items))
}

/// Length of a Pandoc citation key at the start of `s`: letters, digits and
/// `_`, with internal punctuation (`:.#$%&-+?<>~/`) allowed between them.
fn citation_key_len(s: &str) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) {
            let next_ok = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric() || *n == '_');
            if !next_ok || end == 0 {
                break;
            }
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (Attrs, usize) {
        match parse_attrs(s) {
            AttrParse::Ok(a, n) => (a, n),
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    #[test]
    fn reads_ids_classes_and_quoted_values() {
        let (a, n) = ok("{.claim #no-link verdict=false claimant=\"Sen. \\\"X\\\"\"} tail");
        assert_eq!(a.id.as_deref(), Some("no-link"));
        assert_eq!(a.classes, ["claim"]);
        assert_eq!(a.get("verdict"), Some("false"));
        assert_eq!(a.get("claimant"), Some("Sen. \"X\""));
        assert_eq!(&"{.claim #no-link verdict=false claimant=\"Sen. \\\"X\\\"\"} tail"[n..], " tail");
    }

    #[test]
    fn spans_lines() {
        let (a, _) = ok("{.claim\n #x}");
        assert_eq!(a.id.as_deref(), Some("x"));
    }

    #[test]
    fn lines_in_a_blockquote_keep_their_marks_out() {
        let (a, _) = ok("{.claim\n> > #x\n>  verdict=false}");
        assert_eq!(a.id.as_deref(), Some("x"));
        assert_eq!(a.get("verdict"), Some("false"));
    }

    #[test]
    fn prose_in_braces_is_not_attributes() {
        assert_eq!(parse_attrs("{not attributes}"), AttrParse::No);
        assert_eq!(parse_attrs("{}"), AttrParse::No);
    }

    #[test]
    fn malformed_blocks_say_why() {
        assert!(matches!(parse_attrs("{.claim #x"), AttrParse::Invalid(..)));
        assert!(matches!(parse_attrs("{.claim #x oops}"), AttrParse::Invalid(m, 11) if m.contains("oops")));
        assert!(matches!(parse_attrs("{.claim claimant=\"x}"), AttrParse::Invalid(..)));
    }

    #[test]
    fn citations_with_locators() {
        let items = parse_citation("@nsc; @cnn-report, para. 9").unwrap().unwrap();
        assert_eq!(items[0], CiteItem { key: "nsc".into(), locator: None });
        assert_eq!(items[1], CiteItem { key: "cnn-report".into(), locator: Some("para. 9".into()) });
        assert_eq!(parse_citation("@a.b, p. 1").unwrap().unwrap()[0].key, "a.b");
        assert_eq!(parse_citation("not a cite"), None);
        assert!(parse_citation("@").unwrap().is_err());
        assert!(parse_citation("@a; b").unwrap().is_err());
    }
}
