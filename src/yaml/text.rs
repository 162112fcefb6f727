//! Scalars read as the writer typed them: YAML's resolution of plain
//! scalars (`no` is false, `2024` a number) is undone for ids, labels and
//! names, which mean what they say.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

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

/// A value that is a scalar or a mapping of fields (`claimant: Jane Doe`
/// or `claimant: {name: Jane Doe, kind: person}`). The mapping is read by
/// `T`'s own `Deserialize`, so an unknown key in it is reported, with its
/// place, as anywhere else.
#[derive(Debug, Clone, PartialEq)]
pub enum TextOr<T> {
    Text(Text),
    Fields(T),
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for TextOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextOrVisitor(std::marker::PhantomData))
    }
}

struct TextOrVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for TextOrVisitor<T> {
    type Value = TextOr<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a mapping")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<TextOr<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(TextOr::Fields)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<TextOr<T>, E> {
        Ok(TextOr::Text(Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<TextOr<T>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextOr<T>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextOr<T>, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextOr<T>, E> {
        self.visit_str(&v.to_string())
    }
}

/// One [`TextOr`] or a list of them, where one means a list of one:
/// `appearance: https://…` is one appearance, as a list of one is.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOrList<T> {
    pub items: Vec<TextOr<T>>,
    /// Written as a list: a problem in an item is placed at its index.
    pub listed: bool,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for OneOrList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = OneOrList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a mapping or a list of them")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrList<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(t) = seq.next_element::<TextOr<T>>()? {
                    items.push(t);
                }
                Ok(OneOrList { items, listed: true })
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<OneOrList<T>, A::Error> {
                TextOrVisitor(std::marker::PhantomData)
                    .visit_map(map)
                    .map(|one| OneOrList { items: vec![one], listed: false })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrList<T>, E> {
                Ok(OneOrList { items: vec![TextOr::Text(Text(v.to_string()))], listed: false })
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OneOrList<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OneOrList<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrList<T>, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
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

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Named {
        name: Text,
    }

    #[test]
    fn a_name_or_its_fields() {
        let one: TextOr<Named> = serde_yaml::from_str("Jane Doe").unwrap();
        assert_eq!(one, TextOr::Text(Text("Jane Doe".into())));
        let one: TextOr<Named> = serde_yaml::from_str("{name: Jane}").unwrap();
        assert_eq!(one, TextOr::Fields(Named { name: Text("Jane".into()) }));
        let err = serde_yaml::from_str::<TextOr<Named>>("{nmae: Jane}").unwrap_err().to_string();
        assert!(err.contains("unknown field `nmae`"), "{err}");
        let list: OneOrList<Named> = serde_yaml::from_str("[a, {name: b}]").unwrap();
        assert_eq!((list.items.len(), list.listed), (2, true));
        let list: OneOrList<Named> = serde_yaml::from_str("https://x.org/a").unwrap();
        assert_eq!(list.items, vec![TextOr::Text(Text("https://x.org/a".into()))]);
        assert!(!list.listed);
    }
}
