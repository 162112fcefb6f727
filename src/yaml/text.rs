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
}
