//! YAML as gloss reads it: site.yaml, front matter and sources.yaml.
//!
//! serde_yaml reads the values, but lets through what a writer must not get
//! away with: a key given twice (the second silently replaced the first),
//! nesting deep enough to take seconds, aliases that multiply. [`from_str`]
//! refuses those with the position of the problem, reading a valid text
//! once (see `watch.rs`); the careful read (`check.rs`, `unique.rs`) runs
//! only for a text that may have one. [`diagnostic()`] turns every reading
//! error into what the writer sees; [`locate()`] finds a value's place for
//! problems found after reading.

mod check;
mod diagnostic;
mod locate;
mod text;
mod unique;
mod watch;

pub use check::{Kind as ProblemKind, MAX_DEPTH, Problem, check};
pub use diagnostic::diagnostic;
pub use locate::{Target, YamlPos, locate};
pub use text::{OneOrList, Text, TextList, TextOr};

use serde::de::DeserializeOwned;

/// Why a YAML text could not be read: a problem [`check()`] found, or
/// serde_yaml's error.
#[derive(Debug)]
pub enum Error {
    Check(Problem),
    Serde(serde_yaml::Error),
}

/// Reads a YAML text into `T`, refusing a duplicate key, nesting past
/// [`MAX_DEPTH`] and an alias bomb. serde_yaml reads it once, watched; only
/// when that fails, or the watch suspects a problem, is it read carefully.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    match watch::needs_check_first(text) {
        false => watch::read(text).map_or_else(|| read_carefully(text), Ok),
        true => read_carefully(text),
    }
}

/// Reads a YAML text into `T` once [`check()`] has found no duplicate key, no
/// nesting past [`MAX_DEPTH`] and no alias bomb. A text saphyr cannot read
/// is left to serde_yaml, the parser gloss has always read with: its error
/// when it cannot read it either, else its own walk for duplicate keys
/// (see `unique.rs`) before the real read.
fn read_carefully<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    match check(text) {
        Ok(()) => {}
        Err(p) if p.is_syntax() => {
            serde_yaml::from_str::<unique::Unique>(text).map_err(Error::Serde)?;
        }
        Err(p) => return Err(Error::Check(p)),
    }
    serde_yaml::from_str(text).map_err(Error::Serde)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The careful read and the watched one agree: on the value, and on
    /// refusing.
    #[test]
    fn one_read_or_two_the_answer_is_the_same() {
        let texts = [
            "title: T\nclaims:\n  a: { verdict: false }\n",
            "title: T\nclaims:\n  a: 1\n  a: 2\n",
            "a: &p CNN\nb: *p\n",
            "x: 'two\nlines'\n",
            "a:\n  b: 1\n  'b': 2\n",
            "1: a\n'1': b\n",
        ];
        for text in texts {
            let fast = from_str::<serde_yaml::Value>(text).map_err(|e| format!("{e:?}"));
            let careful = read_carefully::<serde_yaml::Value>(text).map_err(|e| format!("{e:?}"));
            assert_eq!(fast, careful, "{text:?}");
        }
    }
}
