//! serde_yaml's read, watched for what [`super::check()`] would refuse, so
//! that a text with nothing to refuse is parsed once.
//!
//! The checking pass parses the whole text with saphyr, and serde_yaml then
//! parses it again: two parses of every file, for problems almost no file
//! has. Instead, serde_yaml reads the text with every collection it hands
//! out passed through here, which notes each mapping's keys and how deep
//! lists and mappings nest. The watch does not explain a problem, it only
//! says that there may be one: a key whose text a mapping already has, a
//! key that is not text, nesting near [`MAX_DEPTH`], or a value read only
//! to be ignored. Then, as when serde_yaml fails, the value is thrown away
//! and the text read the careful way, which finds and places the problem
//! exactly. The watch may cry wolf (that costs a second read); it never
//! misses a repeated key or a nesting too deep, since every node of the
//! value passes through it. What it cannot see, because serde_yaml has
//! done it before anything is handed out (expanding aliases, parsing deep
//! flow collections in time quadratic in their depth), is ruled out by
//! [`needs_check_first`] before serde_yaml starts.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasher;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::MAX_DEPTH;

/// Whether `text` must be checked before serde_yaml reads it: it may hold
/// an anchor or an alias (a `&` or `*` that starts a token, i.e. follows
/// no letter or digit), or more `[` and `{` than the nesting allowed, so
/// that flow collections could nest too deep.
pub fn needs_check_first(text: &str) -> bool {
    let bytes = text.as_bytes();
    let token_start = |i: usize| i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
    let anchors = memchr::memchr2_iter(b'&', b'*', bytes).any(token_start);
    anchors || memchr::memchr2_iter(b'[', b'{', bytes).nth(MAX_DEPTH).is_some()
}

/// Reads `text` with serde_yaml, watched: the value when serde_yaml read it
/// and the watch saw nothing that the check could refuse; `None` when it
/// failed or might hold such a problem (then the caller reads it carefully).
pub fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    let watch = Watch::default();
    let value = T::deserialize(Watched { de: serde_yaml::Deserializer::from_str(text), watch: &watch, key: false });
    value.ok().filter(|_| !watch.suspicious.get())
}

/// What the watch has seen so far.
#[derive(Default)]
struct Watch {
    /// Something the check might refuse.
    suspicious: Cell<bool>,
    /// Lists and mappings open around the node being read.
    depth: Cell<usize>,
    /// The hash of the key just read, when it was text.
    key: Cell<Option<u64>>,
}

impl Watch {
    fn suspect(&self) {
        self.suspicious.set(true);
    }
}

/// A deserializer whose visitors are watched; `key` when it reads a key.
struct Watched<'w, D> {
    de: D,
    watch: &'w Watch,
    key: bool,
}

impl<'w, D> Watched<'w, D> {
    fn seen<V>(&self, visitor: V) -> Seen<'w, V> {
        Seen { visitor, watch: self.watch, key: self.key }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            let seen = self.seen(visitor);
            self.de.$method($($arg,)* seen)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Watched<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16(); deserialize_i32();
        deserialize_i64(); deserialize_i128(); deserialize_u8(); deserialize_u16(); deserialize_u32();
        deserialize_u64(); deserialize_u128(); deserialize_f32(); deserialize_f64(); deserialize_char();
        deserialize_str(); deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq(); deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]); deserialize_identifier();
    }

    /// A value read only to be skipped is not watched: the check reads it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.watch.suspect();
        self.de.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor passed through, noting keys and nesting on the way.
struct Seen<'w, V> {
    visitor: V,
    watch: &'w Watch,
    key: bool,
}

impl<V> Seen<'_, V> {
    /// Notes a key's text (only text keys are noted; any other is suspect).
    fn note_key(&self, text: &str) {
        if self.key {
            self.watch.key.set(Some(foldhash::fast::FixedState::default().hash_one(text)));
        }
    }
}

/// One more list or mapping open while it is read; a nesting near the
/// limit, or a list or mapping as a key, is suspect.
struct Deeper<'w>(&'w Watch);

impl<'w> Deeper<'w> {
    fn enter(watch: &'w Watch, key: bool) -> Self {
        let depth = watch.depth.get() + 1;
        if depth >= MAX_DEPTH || key {
            watch.suspect();
        }
        watch.depth.set(depth);
        Deeper(watch)
    }
}

impl Drop for Deeper<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get() - 1);
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Seen<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64); visit_i128(i128);
        visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64); visit_u128(u128); visit_f32(f32);
        visit_f64(f64); visit_char(char); visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.note_key(v);
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.note_key(v);
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.note_key(&v);
        self.visitor.visit_string(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Watched { de, watch: self.watch, key: self.key })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Watched { de, watch: self.watch, key: self.key })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let _open = Deeper::enter(self.watch, self.key);
        self.visitor.visit_seq(Items { seq, watch: self.watch })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let _open = Deeper::enter(self.watch, self.key);
        self.visitor.visit_map(Entries { map, watch: self.watch, keys: HashSet::default() })
    }

    /// A tagged value (`!tag x`) is left to the check.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.watch.suspect();
        self.visitor.visit_enum(data)
    }
}

/// A list's items, each watched.
struct Items<'w, A> {
    seq: A,
    watch: &'w Watch,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.seq.next_element_seed(Node { seed, watch: self.watch, key: false })
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// A mapping's entries, each watched, and the hashes of its keys so far.
struct Entries<'w, A> {
    map: A,
    watch: &'w Watch,
    keys: HashSet<u64, foldhash::fast::FixedState>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'_, A> {
    type Error = A::Error;

    /// Reads a key; one that is not text, or whose text's hash the mapping
    /// has had (the same key, or rarely another), is suspect.
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.watch.key.set(None);
        let key = self.map.next_key_seed(Node { seed, watch: self.watch, key: true })?;
        if key.is_some() && !self.watch.key.take().is_some_and(|hash| self.keys.insert(hash)) {
            self.watch.suspect();
        }
        Ok(key)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(Node { seed, watch: self.watch, key: false })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// One node to read (an item, a key or a value), watched.
struct Node<'w, S> {
    seed: S,
    watch: &'w Watch,
    key: bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Node<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Watched { de, watch: self.watch, key: self.key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the watch passes `text` as a YAML value.
    fn passes(text: &str) -> bool {
        read::<serde_yaml::Value>(text).is_some()
    }

    #[test]
    fn plain_texts_pass_once() {
        assert!(passes("title: T\nclaims:\n  a: { verdict: false }\n  b:\n    sources: [x, y]\n"));
        assert!(passes("a: { x: 1 }\nb: { x: 1 }\nc: [{ x: 1 }, { x: 2 }]\n"));
        assert!(passes("url: https://a.org/?a=1&b=2\ntitle: Q&A, 2*3\n"));
        assert!(!needs_check_first("url: https://a.org/?a=1&b=2\ntitle: Q&A, 2*3\n"));
    }

    #[test]
    fn whatever_the_check_could_refuse_is_suspect() {
        // A key given twice, at any depth, quoted or not.
        assert!(!passes("title: T\nclaims:\n  a: 1\n  a: 2\n"));
        assert!(!passes("a:\n  - { x: 1, y: 2, x: 3 }\n"));
        assert!(!passes("'a': 1\na: 2\n"));
        // Keys that are not text, and tagged values.
        assert!(!passes("1: a\n2: b\n"));
        assert!(!passes("? [a, b]\n: 1\n"));
        assert!(!passes("a: !x 1\n"));
        // Nesting near the limit, block or flow.
        assert!(!passes(&format!("{}x", "- ".repeat(MAX_DEPTH))));
        assert!(passes(&format!("{}x", "- ".repeat(MAX_DEPTH - 2))));
        let flow = format!("a: {}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(needs_check_first(&flow));
        // Anchors and aliases are checked first.
        assert!(needs_check_first("a: &p CNN\nb: *p\n"));
        assert!(needs_check_first("*p: 1\n"));
        assert!(needs_check_first("a: [*p]\n"));
    }

    #[test]
    fn the_value_read_is_serde_yamls() {
        let text = "title: no\nn: 1.50\nlist: [a, 2, ~]\nmap: { 'x': y }\n";
        let direct: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(read::<serde_yaml::Value>(text), Some(direct));
    }
}
