//! Duplicate keys found by serde_yaml itself, for the texts saphyr cannot
//! read but serde_yaml can.
//!
//! The two parsers disagree on a few texts writers do type: a quoted value
//! whose second line is indented no deeper than its key, a byte order mark
//! inside a value, a tab after `key:`. serde_yaml (libyaml) reads them, as
//! gloss always has, so they must build; but then saphyr's pass in
//! [`super::check()`] did not see the whole text. [`Unique`] walks the text
//! through serde_yaml instead and fails at a key a mapping already has.
//! serde_yaml places the error at that key (it marks an error with the
//! position of the node being read); what it cannot say is where the first
//! one was. Its own limits bound the rest: nesting (128) and how often
//! aliases may be followed.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// What the message for a duplicate key starts with, so that the
/// diagnostic can give it its help line.
pub const DUPLICATE: &str = "duplicate key";

/// Any YAML value whose mappings have no repeated key.
pub struct Unique;

impl<'de> de::Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Walk)
    }
}

struct Walk;

impl<'de> Visitor<'de> for Walk {
    type Value = Unique;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_none<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Unique, D::Error> {
        d.deserialize_any(Walk)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut seen = HashSet::new();
        while map.next_key_seed(Key { seen: &mut seen })?.is_some() {
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Unique, A::Error> {
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant::<Unique>()
    }
}

/// A mapping's key, as text (`1` and `'1'` are one key to gloss's maps),
/// checked against the keys before it.
struct Key<'s> {
    seen: &'s mut HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if self.seen.insert(v.to_string()) {
            return Ok(());
        }
        Err(E::custom(format!("{DUPLICATE} `{v}`, given earlier in the same mapping")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_str("~")
    }
    // A list or mapping as a key is walked for its own duplicates only.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Walk.visit_seq(seq).map(drop)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Walk.visit_map(map).map(drop)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        Walk.visit_enum(data).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate_at(text: &str) -> Option<(String, usize, usize)> {
        let e = serde_yaml::from_str::<Unique>(text).err()?;
        let l = e.location()?;
        Some((e.to_string(), l.line(), l.column()))
    }

    #[test]
    fn a_repeated_key_fails_at_the_second() {
        let (msg, line, col) = duplicate_at("a: 1\nb:\n  x: 'two\n  lines'\n  x: 2\n").unwrap();
        assert!(msg.starts_with("b: duplicate key `x`"), "{msg}");
        assert_eq!((line, col), (5, 3));
        assert_eq!(duplicate_at("a: { x: 1 }\nb: { x: 1 }\nc: [1, 1]\n"), None);
        assert!(duplicate_at("1: a\n'1': b\n").is_some());
    }
}
