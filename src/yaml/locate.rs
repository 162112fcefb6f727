//! Where a value is in a YAML text. serde_yaml reads the values; it does
//! not say where a value was. When a value turns out to be wrong only after
//! reading (an unknown source id, a bad date), [`locate`] re-reads the text
//! with saphyr's event parser, which keeps positions, to point at the exact
//! place. That second read happens only on the error path, so valid sites
//! never pay for it.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Where a problem in a YAML document is: 1-based line and column (in
/// characters) within that document, and a width to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlPos {
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

/// What to point at under a path of mapping keys.
#[derive(Clone, Copy)]
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

/// Every key and value of the document, in order.
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

/// Where a node starts; a scalar is underlined whole.
fn pos_of(span: &Span, scalar: Option<&str>) -> YamlPos {
    let width = scalar.map_or(1, |s| s.chars().count().max(1));
    YamlPos { line: span.start.line(), column: span.start.col() + 1, width }
}

/// Walks the node starting at `events[i]`, records it, and returns the index
/// after it.
fn walk(events: &[(Event, Span)], i: usize, path: &mut Vec<String>, out: &mut Vec<Node>) -> usize {
    let (event, span) = &events[i];
    match event {
        Event::Scalar(value, style, ..) => {
            let mut pos = pos_of(span, Some(value));
            // A quoted scalar is underlined with its quotes, where it is on one line.
            let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
            if quoted && span.end.line() == span.start.line() && span.end.index() > span.start.index() {
                pos.width = span.end.index() - span.start.index();
            }
            out.push(Node { path: path.clone(), is_key: false, scalar: Some(value.to_string()), pos });
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // A quoted value is underlined with its quotes.
        let q = locate("a: \"javascript:x\"\nb: 'it''s'\n", &["a"], Target::Value).unwrap();
        assert_eq!((q.column, q.width), (4, 14));
        let q = locate("a: \"javascript:x\"\nb: 'it''s'\n", &["b"], Target::Value).unwrap();
        assert_eq!((q.column, q.width), (4, 7));
    }
}
