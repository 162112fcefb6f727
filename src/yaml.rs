//! YAML helpers shared by site.yaml, front matter and sources.yaml.
//!
//! serde_yaml reads the values; it does not say where a value was. When a
//! value turns out to be wrong only after reading (an unknown source id, a
//! bad date), [`locate`] re-reads the text with saphyr's event parser, which
//! keeps positions, to point at the exact place. That second read happens only
//! on the error path, so valid sites never pay for it.

use std::fmt;

use saphyr_parser::{Event, Parser, Span};
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

mod check;
mod unique;
pub use check::{Kind as ProblemKind, MAX_DEPTH, Problem, check};

/// Why a YAML text could not be read: a problem [`check`] found, or
/// serde_yaml's error.
#[derive(Debug)]
pub enum Error {
    Check(Problem),
    Serde(serde_yaml::Error),
}

/// Reads a YAML text into `T` once [`check`] has found no duplicate key, no
/// nesting past [`MAX_DEPTH`] and no alias bomb. A text saphyr cannot read
/// is left to serde_yaml, the parser gloss has always read with: its error
/// when it cannot read it either, else its own walk for duplicate keys
/// (see `unique.rs`) before the real read.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    match check(text) {
        Ok(()) => {}
        Err(p) if p.is_syntax() => {
            serde_yaml::from_str::<unique::Unique>(text).map_err(Error::Serde)?;
        }
        Err(p) => return Err(Error::Check(p)),
    }
    serde_yaml::from_str(text).map_err(Error::Serde)
}

/// Rewrites serde's "path: duplicate key `x`…" (the fallback walk's) or
/// "duplicate field `x`" (a struct's) into a message and a help line.
/// `at` is the duplicate's line and column in `text`, to find the first.
pub fn explain_duplicate_key(message: &str, text: &str, at: Option<(usize, usize)>) -> Option<(String, String)> {
    let cut = message.find(unique::DUPLICATE).or_else(|| message.find("duplicate field"))?;
    let key = message[cut..].split('`').nth(1)?;
    let within = message[..cut].trim_end_matches([':', ' ']);
    let place = if within.is_empty() { String::new() } else { format!(" in `{within}`") };
    let earlier = match at.and_then(|(line, column)| earlier_key(text, key, line, column)) {
        Some(line) => format!("first given on line {line}"),
        None => "given earlier in this mapping".into(),
    };
    let help = format!("`{key}` is {earlier}; the second would replace it: keep one, or rename one");
    Some((format!("duplicate key `{key}`{place}"), help))
}

/// The line of the block-mapping key `key` written above `line` at the
/// same column, looking no further up than the mapping's parent (a line
/// indented less). Only for the rare text saphyr cannot read.
fn earlier_key(text: &str, key: &str, line: usize, column: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().take(line.checked_sub(1)?).collect();
    for (i, l) in lines.iter().enumerate().rev() {
        let body = l.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = l.len() - body.len() + 1;
        let unquoted = body.trim_start_matches(['"', '\'']);
        if indent == column
            && unquoted.strip_prefix(key).is_some_and(|r| r.trim_start_matches(['"', '\'']).starts_with(':'))
        {
            return Some(i + 1);
        }
        if indent < column {
            return None;
        }
    }
    None
}

/// The tab a syntax error at `line`:`column` (1-based) is about: the
/// character there, or else the first tab indenting that line. YAML
/// parsers name tabs poorly ("found character that cannot start any
/// token"), and a tab looks like spaces in an editor.
pub fn tab_at(text: &str, line: usize, column: usize) -> Option<usize> {
    let line = text.lines().nth(line.checked_sub(1)?)?;
    if line.chars().nth(column.checked_sub(1)?) == Some('\t') {
        return Some(column);
    }
    line.chars().take_while(|c| *c == ' ' || *c == '\t').position(|c| c == '\t').map(|i| i + 1)
}

/// A YAML scalar read as the text the writer typed: `no`, `true`, `2024` and
/// `1.5` all become strings, so an id or label means what it says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

/// A list of scalars where one scalar means a list of one: `authors: Desk
/// Staff` is one author, as `authors: [Desk Staff]` is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextList(pub Vec<Text>);

impl<'de> serde::Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut items = Vec::new();
                while let Some(t) = seq.next_element::<Text>()? {
                    items.push(t);
                }
                Ok(TextList(items))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextList, E> {
                Ok(TextList(vec![Text(v.to_string())]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<TextList, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextList, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextList, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextList, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(ListVisitor)
    }
}

/// Where a problem in a YAML document is: 1-based line and column (in
/// characters) within that document, and a width to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlPos {
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

/// What to point at under a path of mapping keys.
pub enum Target<'a> {
    /// The key itself (`claims: { x: … }` → the `x`).
    Key,
    /// The node the key holds (a scalar value, or the start of a collection).
    Value,
    /// A scalar equal to this text anywhere inside the node (an item of a list).
    Item(&'a str),
}

/// Finds `path` (mapping keys from the top) in `text` and returns where the
/// target is, or the nearest enclosing key that exists.
pub fn locate(text: &str, path: &[&str], target: Target) -> Option<YamlPos> {
    let nodes = flatten(text);
    let depth = path.len();
    let matches = |p: &[String]| p.len() >= depth && p[..depth].iter().zip(path).all(|(a, b)| a == b);
    let exact = |n: &&Node| n.path.len() == depth && matches(&n.path);
    let found = match target {
        Target::Key => nodes.iter().find(|n| n.is_key && exact(n)),
        Target::Value => nodes.iter().find(|n| !n.is_key && exact(n)),
        Target::Item(v) => nodes.iter().find(|n| !n.is_key && matches(&n.path) && n.scalar.as_deref() == Some(v)),
    };
    if let Some(n) = found {
        return Some(n.pos);
    }
    // Fall back to the deepest key of the path that exists.
    (1..=depth).rev().find_map(|d| {
        nodes
            .iter()
            .find(|n| n.is_key && n.path.len() == d && n.path.iter().zip(path).all(|(a, b)| a == b))
            .map(|n| n.pos)
    })
}

/// One key or value of the document with the keys leading to it.
struct Node {
    /// For a key: the path including itself. For a value: the path of its key
    /// (sequence items add their index).
    path: Vec<String>,
    is_key: bool,
    scalar: Option<String>,
    pos: YamlPos,
}

fn flatten(text: &str) -> Vec<Node> {
    let mut events = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        events.push((event, span));
    }
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match events[i].0 {
            Event::MappingStart(..) | Event::SequenceStart(..) | Event::Scalar(..) => {
                i = walk(&events, i, &mut Vec::new(), &mut nodes);
            }
            _ => i += 1,
        }
    }
    nodes
}

fn pos_of(span: &Span, scalar: Option<&str>) -> YamlPos {
    let width = scalar.map_or(1, |s| s.chars().count().max(1));
    YamlPos { line: span.start.line(), column: span.start.col() + 1, width }
}

/// Walks the node starting at `events[i]`, records it, and returns the index
/// after it.
fn walk(events: &[(Event, Span)], i: usize, path: &mut Vec<String>, out: &mut Vec<Node>) -> usize {
    let (event, span) = &events[i];
    match event {
        Event::Scalar(value, ..) => {
            out.push(Node {
                path: path.clone(),
                is_key: false,
                scalar: Some(value.to_string()),
                pos: pos_of(span, Some(value)),
            });
            i + 1
        }
        Event::MappingStart(..) => {
            out.push(Node { path: path.clone(), is_key: false, scalar: None, pos: pos_of(span, None) });
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::MappingEnd) {
                let key = match &events[j].0 {
                    Event::Scalar(k, ..) => k.to_string(),
                    _ => String::from("?"),
                };
                path.push(key.clone());
                out.push(Node {
                    path: path.clone(),
                    is_key: true,
                    scalar: Some(key.clone()),
                    pos: pos_of(&events[j].1, Some(&key)),
                });
                // Skip the key node (a complex key is walked but not named).
                j = walk(events, j, &mut Vec::new(), &mut Vec::new());
                if j < events.len() {
                    j = walk(events, j, path, out);
                }
                path.pop();
            }
            j + 1
        }
        Event::SequenceStart(..) => {
            out.push(Node { path: path.clone(), is_key: false, scalar: None, pos: pos_of(span, None) });
            let mut j = i + 1;
            let mut index = 0;
            while j < events.len() && !matches!(events[j].0, Event::SequenceEnd) {
                path.push(index.to_string());
                j = walk(events, j, path, out);
                path.pop();
                index += 1;
            }
            j + 1
        }
        _ => i + 1,
    }
}

/// Turns a serde_yaml error into a message without its trailing position
/// (the caller places it) and the 1-based line/column it names.
pub fn error_parts(err: &serde_yaml::Error) -> (String, Option<(usize, usize)>) {
    let mut message = err.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let pos = err.location().map(|l| (l.line(), l.column()));
    (message, pos)
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into a
/// message and a "did you mean" help line.
pub fn explain_unknown_field(message: &str) -> Option<(String, String)> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, rest) = rest.split_once('`')?;
    let prefix = message.split("unknown field").next().unwrap_or("").trim_end_matches([':', ' ']);
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let place = if prefix.is_empty() { String::new() } else { format!(" in `{prefix}`") };
    let msg = format!("unknown key `{field}`{place}");
    let fallback = format!("the keys allowed here are: {}", expected.join(", "));
    let help = crate::diagnostics::suggestion(field, expected.iter().copied(), &fallback);
    Some((msg, help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_stay_what_the_writer_typed() {
        let v: Vec<Text> = serde_yaml::from_str("[no, true, 2024, false, 'x']").unwrap();
        let v: Vec<&str> = v.iter().map(Text::as_str).collect();
        assert_eq!(v, ["no", "true", "2024", "false", "x"]);
    }

    #[test]
    fn one_name_is_a_list_of_one() {
        let names = |yaml: &str| {
            serde_yaml::from_str::<TextList>(yaml).map(|l| l.0.into_iter().map(|t| t.0).collect::<Vec<_>>())
        };
        assert_eq!(names("Desk Staff").unwrap(), ["Desk Staff"]);
        assert_eq!(names("[A. Writer, no]").unwrap(), ["A. Writer", "no"]);
        assert_eq!(names("2024").unwrap(), ["2024"]);
        assert!(names("{a: b}").unwrap_err().to_string().contains("a string or a list of strings"));
    }

    #[test]
    fn locates_keys_values_and_items() {
        let text = "title: T\nclaims:\n  a:\n    verdict: maybe\n    sources: [x, cnn]\n";
        let v = locate(text, &["claims", "a", "verdict"], Target::Value).unwrap();
        assert_eq!((v.line, v.column, v.width), (4, 14, 5));
        let i = locate(text, &["claims", "a", "sources"], Target::Item("cnn")).unwrap();
        assert_eq!((i.line, i.column), (5, 18));
        let k = locate(text, &["claims", "a"], Target::Key).unwrap();
        assert_eq!((k.line, k.column), (3, 3));
        // A missing key falls back to the nearest existing one.
        let f = locate(text, &["claims", "a", "note"], Target::Value).unwrap();
        assert_eq!(f.line, 3);
    }

    #[test]
    fn duplicate_key_messages_name_the_mapping_and_the_first_line() {
        let text = "claims:\n  a:\n    note: 'x\n    y'\n\n  # c\n  a: 2\n";
        let (msg, help) =
            explain_duplicate_key("claims: duplicate key `a`, given earlier", text, Some((7, 3))).unwrap();
        assert_eq!(msg, "duplicate key `a` in `claims`");
        assert!(help.starts_with("`a` is first given on line 2;"), "{help}");
        // Not found above at that column (a flow mapping): said plainly.
        let (_, help) =
            explain_duplicate_key("duplicate field `title`", "{title: a, title: b}\n", Some((1, 12))).unwrap();
        assert!(help.starts_with("`title` is given earlier in this mapping;"), "{help}");
        // The search stops at the parent mapping.
        assert_eq!(earlier_key("a: 1\nb:\n  c: 1\n  a: 2\n", "a", 4, 3), None);
        assert_eq!(explain_duplicate_key("invalid type", "", None), None);
    }

    #[test]
    fn tab_at_finds_the_tab_an_error_is_about() {
        assert_eq!(tab_at("a:\n\tb: 1\n", 2, 1), Some(1));
        assert_eq!(tab_at("a:\n  \t- b\n", 2, 5), Some(3));
        assert_eq!(tab_at("a:\n  - \tb\n", 2, 5), Some(5));
        assert_eq!(tab_at("a: b\tc\n", 1, 1), None);
    }

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let (msg, help) = explain_unknown_field("unknown field `titel`, expected one of `title`, `summary`").unwrap();
        assert_eq!(msg, "unknown key `titel`");
        assert_eq!(help, "did you mean `title`?");
    }
}
