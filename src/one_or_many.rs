//! A list field written as one value means a one-item list: `sources: s1`
//! is `sources: [s1]`, as `tags: border` is one tag and `authors: Desk
//! Staff` one author. A writer writes the short form naturally, and
//! refusing it with a YAML type error would only make them guess the fix.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::yaml::Text;

/// One scalar or a list of them, read as a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<Text>);

impl OneOrMany {
    pub fn into_strings(self) -> Vec<String> {
        self.0.into_iter().map(|t| t.0).collect()
    }
}

impl<'de> serde::Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list, or one value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![Text(v.to_string())]))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![Text(v)]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OneOrMany, E> {
                self.visit_string(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                self.visit_string(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                self.visit_string(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OneOrMany, E> {
                self.visit_string(v.to_string())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Text>()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
        }
        d.deserialize_any(ListVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Vec<String>, String> {
        serde_yaml::from_str::<OneOrMany>(yaml).map(OneOrMany::into_strings).map_err(|e| e.to_string())
    }

    #[test]
    fn one_value_is_a_one_item_list() {
        assert_eq!(read("s1").unwrap(), ["s1"]);
        assert_eq!(read("2024").unwrap(), ["2024"]);
        assert_eq!(read("[a, b]").unwrap(), ["a", "b"]);
        assert_eq!(read("- a\n- 3\n").unwrap(), ["a", "3"]);
    }

    #[test]
    fn a_mapping_is_still_refused() {
        assert!(read("{a: b}").unwrap_err().contains("a list, or one value"));
        assert!(read("[[a]]").is_err());
    }
}
