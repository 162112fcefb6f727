//! What serde_yaml does not check, checked in one pass over saphyr's events
//! before serde reads a document.
//!
//! serde_yaml keeps the last of two equal keys (a second `claims.<id>`
//! silently replaced the first), expands aliases without a useful bound on
//! the work (a "billion laughs" file), and its parser takes time quadratic in
//! the nesting depth (30,000 `[` took tens of seconds before it failed). So
//! every YAML text gloss reads goes through [`check`] first: a single linear
//! pass that remembers each mapping's keys, counts the values aliases repeat
//! and stops at the first list or mapping nested deeper than [`MAX_DEPTH`].
//! Its memory is bounded by the input's size: it keeps one entry per key and
//! per anchor, and stops reading at the first problem.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Input, Parser, ScanError, Span};

use super::YamlPos;

/// How deep lists and mappings may nest inside one another. Front matter
/// needs four or five levels; serde_yaml itself gives up at 128.
pub const MAX_DEPTH: usize = 64;

/// How many values aliases may repeat beyond the number written out: a
/// shared publisher named by an alias in every source stays far below it; an
/// alias of an alias of an alias … crosses it within a few levels.
const ALIAS_ALLOWANCE: u64 = 10_000;

/// A problem found by [`check`], with its place in the YAML text (lines
/// counted from the text's first line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: YamlPos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A key given twice in one mapping; `first` is where it was first.
    DuplicateKey { key: String, within: String, first: YamlPos },
    /// A list or mapping nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// An alias that takes the values aliases repeat past the allowance.
    AliasBomb { alias: String, bound: u64 },
    /// An alias inside the list or mapping its anchor names.
    AliasInItself { alias: String },
    /// saphyr cannot read the text (its message); `from_str` leaves it to
    /// serde_yaml.
    Syntax(String),
}

impl Problem {
    pub fn is_syntax(&self) -> bool {
        matches!(self.kind, Kind::Syntax(_))
    }
}

/// Reads `text` as YAML and returns the first problem serde_yaml would not
/// report (or would report only after unbounded work).
pub fn check(text: &str) -> Result<(), Problem> {
    read(text, Parser::new_from_str(text))
}

/// The pass itself; `text` is read again only to name an alias.
fn read<'a, I: Input>(text: &str, mut parser: Parser<'a, I>) -> Result<(), Problem> {
    let mut checker = Checker::default();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| syntax(&e))?;
        checker.event(text, event, span)?;
    }
    Ok(())
}

/// saphyr's error as a problem. Reading ahead for a key, its scanner may
/// open more than 255 flow collections (`[[[[…`) before the parser hands
/// over the 65th: it then stops with "recursion limit exceeded", which is
/// nesting too deep all the same.
fn syntax(e: &ScanError) -> Problem {
    let m = e.marker();
    let at = YamlPos { line: m.line(), column: m.col() + 1, width: 1 };
    match e.info() {
        "recursion limit exceeded" => Problem { at, kind: Kind::TooDeep },
        info => Problem { at, kind: Kind::Syntax(info.to_string()) },
    }
}

/// A list or mapping being read.
struct Frame<'a> {
    /// The key table's number for this mapping; `None` for a list.
    map: Option<usize>,
    /// In a mapping: the next node is a key.
    at_key: bool,
    /// In a mapping: the last key read. In a list: the items so far.
    last_key: Cow<'a, str>,
    items: usize,
    /// The key or index leading here, for messages (`claims.a.sources[1]`).
    label: Label<'a>,
    /// The anchor this collection defines (0: none) and the node count
    /// when it started.
    anchor: usize,
    start: u64,
}

/// How a collection is reached from its parent.
enum Label<'a> {
    Root,
    Key(Cow<'a, str>),
    Index(usize),
}

/// What an anchor holds: how many values an alias of it repeats, whether
/// it is still being read, and its text when it is a scalar (a key).
#[derive(Default)]
struct Anchor<'a> {
    size: u64,
    open: bool,
    scalar: Option<Cow<'a, str>>,
}

/// A key that is itself a list or mapping (`? [a, b]`), written out as
/// text while it is read so it can be compared with the others.
struct ComplexKey {
    depth: usize,
    text: String,
    at: YamlPos,
}

#[derive(Default)]
struct Checker<'a> {
    frames: Vec<Frame<'a>>,
    /// Every key read, by mapping number and text: where it was.
    keys: HashMap<(usize, Cow<'a, str>), YamlPos, foldhash::fast::RandomState>,
    maps: usize,
    /// Indexed by saphyr's anchor id (ids count up from 1).
    anchors: Vec<Anchor<'a>>,
    /// Values read, counting those aliases repeat, and those written out.
    nodes: u64,
    written: u64,
    complex_key: Option<ComplexKey>,
}

impl<'a> Checker<'a> {
    fn event(&mut self, text: &str, event: Event<'a>, span: Span) -> Result<(), Problem> {
        match event {
            Event::Scalar(value, _, anchor, _) => {
                let is_key = self.node_start(1);
                if let Some(k) = &mut self.complex_key {
                    k.text.push_str(&format!("{value:?},"));
                }
                if anchor > 0 {
                    *self.anchor(anchor) = Anchor { size: 1, open: false, scalar: Some(value.clone()) };
                }
                if is_key {
                    self.key(value, pos(&span, Some(text)))?;
                }
                self.node_end();
            }
            Event::Alias(id) => {
                let is_key = self.node_start(0);
                let alias = || alias_name(text, &span);
                let a = self.anchor(id);
                if a.open {
                    return Err(Problem { at: pos(&span, None), kind: Kind::AliasInItself { alias: alias() } });
                }
                let (size, scalar) = (a.size, a.scalar.clone());
                self.nodes = self.nodes.saturating_add(size);
                let repeated = self.nodes - self.written;
                if repeated > self.written + ALIAS_ALLOWANCE {
                    let bound = self.written + ALIAS_ALLOWANCE;
                    return Err(Problem { at: pos(&span, None), kind: Kind::AliasBomb { alias: alias(), bound } });
                }
                if let Some(k) = &mut self.complex_key {
                    k.text.push_str(&format!("*{id},"));
                }
                if is_key {
                    let key = scalar.unwrap_or_else(|| Cow::Owned(format!("*{id}")));
                    self.key(key, pos(&span, None))?;
                }
                self.node_end();
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                self.open(&span, anchor, is_map)?;
            }
            Event::MappingEnd | Event::SequenceEnd => self.close()?,
            _ => {}
        }
        Ok(())
    }

    /// Counts a node read (and `written` of them written out) and says
    /// whether it is a mapping's key.
    fn node_start(&mut self, written: u64) -> bool {
        self.written += written;
        self.nodes += written;
        self.complex_key.is_none() && self.frames.last().is_some_and(|f| f.map.is_some() && f.at_key)
    }

    /// A node is done: in a mapping, keys and values take turns.
    fn node_end(&mut self) {
        if let Some(f) = self.frames.last_mut() {
            if f.map.is_some() {
                f.at_key = !f.at_key;
            } else {
                f.items += 1;
            }
        }
    }

    fn anchor(&mut self, id: usize) -> &mut Anchor<'a> {
        if self.anchors.len() <= id {
            self.anchors.resize_with(id + 1, Anchor::default);
        }
        &mut self.anchors[id]
    }

    fn open(&mut self, span: &Span, anchor: usize, is_map: bool) -> Result<(), Problem> {
        let at = pos(span, None);
        if self.frames.len() >= MAX_DEPTH {
            return Err(Problem { at, kind: Kind::TooDeep });
        }
        let is_key = self.node_start(1);
        if is_key {
            self.complex_key = Some(ComplexKey { depth: self.frames.len() + 1, text: String::new(), at });
        }
        if let Some(k) = &mut self.complex_key {
            k.text.push(if is_map { '{' } else { '[' });
        }
        if anchor > 0 {
            *self.anchor(anchor) = Anchor { size: 0, open: true, scalar: None };
        }
        let label = match self.frames.last() {
            None => Label::Root,
            Some(f) if f.map.is_some() => Label::Key(f.last_key.clone()),
            Some(f) => Label::Index(f.items),
        };
        let map = is_map.then(|| {
            self.maps += 1;
            self.maps
        });
        let last_key = Cow::Borrowed("");
        self.frames.push(Frame { map, at_key: true, last_key, items: 0, label, anchor, start: self.nodes - 1 });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Problem> {
        let Some(frame) = self.frames.pop() else { return Ok(()) };
        if frame.anchor > 0 {
            let size = self.nodes - frame.start;
            let a = self.anchor(frame.anchor);
            a.size = size;
            a.open = false;
        }
        let depth = self.frames.len() + 1;
        if let Some(k) = &mut self.complex_key {
            k.text.push(if frame.map.is_some() { '}' } else { ']' });
            if k.depth == depth {
                let k = self.complex_key.take().expect("a complex key is being read");
                self.key(Cow::Owned(k.text), k.at)?;
            }
        }
        self.node_end();
        Ok(())
    }

    /// Records a key of the innermost mapping, or fails when it has it.
    fn key(&mut self, key: Cow<'a, str>, at: YamlPos) -> Result<(), Problem> {
        let Some(frame) = self.frames.last_mut() else { return Ok(()) };
        let Some(map) = frame.map else { return Ok(()) };
        frame.last_key = key.clone();
        let Some(first) = self.keys.get(&(map, key.clone())).copied() else {
            self.keys.insert((map, key), at);
            return Ok(());
        };
        Err(Problem { at, kind: Kind::DuplicateKey { key: key.into_owned(), within: self.path(), first } })
    }

    /// The keys and indexes leading to the innermost collection.
    fn path(&self) -> String {
        let mut path = String::new();
        for f in &self.frames {
            match &f.label {
                Label::Root => {}
                Label::Key(k) if path.is_empty() => path.push_str(k),
                Label::Key(k) => path.push_str(&format!(".{k}")),
                Label::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

/// Where a node starts; a scalar's width is its text's on that line.
fn pos(span: &Span, text: Option<&str>) -> YamlPos {
    let start = span.start;
    let width = match text {
        Some(_) if span.end.line() == start.line() => span.end.col().saturating_sub(start.col()).max(1),
        _ => 1,
    };
    YamlPos { line: start.line(), column: start.col() + 1, width }
}

/// The alias as written (`*name`), read from the text at its span.
fn alias_name(text: &str, span: &Span) -> String {
    let line = text.lines().nth(span.start.line().saturating_sub(1)).unwrap_or("");
    let rest: String = line.chars().skip(span.start.col()).collect();
    rest.split(|c: char| c.is_whitespace() || ",[]{}".contains(c)).next().unwrap_or("*").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Problem {
        check(text).expect_err("a problem")
    }

    #[test]
    fn valid_yaml_passes() {
        let text = "title: T\nclaims:\n  a: { verdict: false }\n  b:\n    sources: [x, y]\nsources:\n  a: {}\n";
        assert_eq!(check(text), Ok(()));
        assert_eq!(check(""), Ok(()));
        assert_eq!(check("a: &p CNN\nb: *p\nc: *p\n"), Ok(()));
    }

    #[test]
    fn duplicate_claim_names_the_first_line() {
        let p = problem("title: T\nclaims:\n  a:\n    verdict: misleading\n  a:\n    verdict: accurate\n");
        let Kind::DuplicateKey { key, within, first } = &p.kind else { panic!("{p:?}") };
        assert_eq!((key.as_str(), within.as_str()), ("a", "claims"));
        assert_eq!((first.line, p.at.line, p.at.column, p.at.width), (3, 5, 3, 1));
        assert!(p.describe(2).1.contains("line 4"), "{:?}", p.describe(2));
    }

    #[test]
    fn duplicates_are_found_at_any_depth_and_in_flow_style() {
        let p = problem("a:\n  - { x: 1, y: 2, x: 3 }\n");
        assert_eq!(p.kind, Kind::DuplicateKey { key: "x".into(), within: "a[0]".into(), first: p_at(2, 7) });
        assert_eq!((p.at.line, p.at.column), (2, 19));
        // Equal text is the same key, quoted or not.
        assert!(matches!(problem("'a': 1\na: 2\n").kind, Kind::DuplicateKey { .. }));
        // The same key in two mappings is no duplicate.
        assert_eq!(check("a: { x: 1 }\nb: { x: 1 }\nc: [{ x: 1 }, { x: 2 }]\n"), Ok(()));
        // Complex keys compare by content.
        assert!(matches!(problem("? [a, b]\n: 1\n? [a, b]\n: 2\n").kind, Kind::DuplicateKey { .. }));
        assert_eq!(check("? [a, b]\n: 1\n? [a, c]\n: 2\n"), Ok(()));
    }

    fn p_at(line: usize, column: usize) -> YamlPos {
        YamlPos { line, column, width: 1 }
    }

    #[test]
    fn nesting_past_the_limit_is_refused_where_it_passes() {
        // Block lists: the 65th is refused where it opens.
        let p = problem(&format!("{}x", "- ".repeat(30_000)));
        assert_eq!(p.kind, Kind::TooDeep);
        assert_eq!((p.at.line, p.at.column), (1, 2 * MAX_DEPTH + 1));
        // Flow lists: saphyr's scanner reads ahead (a `[` may start a key)
        // and stops at its own limit, 255 open, which is where it points.
        for deep in [format!("title: {}", "[".repeat(30_000)), format!("title:\n{}", "  [\n".repeat(30_000))] {
            let p = problem(&deep);
            assert_eq!(p.kind, Kind::TooDeep);
            assert!(p.at.line < 300 && p.at.column < 300, "{p:?}");
        }
        assert_eq!(problem(&format!("a: {}", "{a: ".repeat(30_000))).kind, Kind::TooDeep);
        let ok = format!("a: {}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert_eq!(check(&ok), Ok(()));
        assert_eq!(problem(&format!("a:\n{}x", "- ".repeat(1000))).kind, Kind::TooDeep);
    }

    /// How many characters the pass takes from `text` before it ends.
    fn chars_read(text: &str) -> (Result<(), Problem>, usize) {
        let count = std::cell::Cell::new(0);
        let chars = text.chars().inspect(|_| count.set(count.get() + 1));
        let result = read(text, Parser::new_from_iter(chars));
        (result, count.get())
    }

    #[test]
    fn deep_nesting_is_refused_after_reading_a_bounded_prefix() {
        // Timing-free linear time: however deep the input, the pass stops
        // after the same few hundred characters (saphyr reads ahead at
        // most its 255 open flow collections and a buffer).
        for unit in ["[", "{a: ", "- ", "[\n   ", "[{a: ", "? "] {
            let reads: Vec<usize> = [1_000, 10_000, 100_000]
                .iter()
                .map(|&n| {
                    let (result, read) = chars_read(&format!("title: x\nextra:\n  {}", unit.repeat(n)));
                    assert_eq!(result.map_err(|p| p.kind), Err(Kind::TooDeep), "{unit:?} × {n}");
                    read
                })
                .collect();
            assert!(reads.windows(2).all(|w| w[0] == w[1]) && reads[0] < 4_000, "{unit:?}: read {reads:?}");
        }
    }

    #[test]
    fn billion_laughs_is_refused_at_the_alias_that_crosses_the_bound() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in
            ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let items = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        let p = problem(&text);
        assert!(matches!(&p.kind, Kind::AliasBomb { alias, .. } if alias.starts_with('*')), "{p:?}");
        assert!(p.at.line <= 5, "found late, at line {}", p.at.line);
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_refused() {
        let p = problem("a: &a [x, *a]\n");
        assert_eq!(p.kind, Kind::AliasInItself { alias: "*a".into() });
        assert_eq!((p.at.line, p.at.column), (1, 11));
    }
}
