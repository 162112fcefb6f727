//! A YAML document inside a file, to place the problems found after
//! reading (a bad date, a refused URL) at their value.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::url_safety;
use crate::yaml::{self, Target, Text};

/// How a date field is read: the date, or a message and a help line.
type DateRule<T> = fn(&str) -> Result<T, (String, &'static str)>;

/// A YAML document inside a file, for placing errors found after reading.
pub(crate) struct Doc<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) yaml: &'a str,
    /// File line of the YAML's first line.
    pub(super) first_line: usize,
}

impl Doc<'_> {
    /// An error at `path` in the YAML (the `target` there), in the file.
    pub(crate) fn error(&self, path: &[&str], target: Target, message: String, help: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(message).in_file(&self.file.rel).with_help(help);
        if let Some(p) = yaml::locate(self.yaml, path, target) {
            d = d.at_line_col(&self.file.text, p.line + self.first_line - 1, p.column, p.width);
        }
        d
    }

    /// A date read by `parse` ([`crate::dates::full`] or [`crate::dates::partial`]).
    pub(super) fn date<T>(
        &self,
        value: Option<Text>,
        path: &[&str],
        diags: &mut Diagnostics,
        parse: DateRule<T>,
    ) -> Option<T> {
        let value = value?;
        parse(value.as_str()).map_err(|(m, help)| diags.push(self.error(path, Target::Value, m, help))).ok()
    }

    /// A URL field, checked by the URL rule (refused: empty, and an error).
    pub(crate) fn url(&self, value: Option<Text>, path: &[&str], diags: &mut Diagnostics) -> String {
        self.url_with_help(value, path, None, diags)
    }

    /// A URL field, checked by the URL rule (refused: empty, and an error
    /// with `help`, or the rule's own help line).
    pub(super) fn url_with_help(
        &self,
        value: Option<Text>,
        path: &[&str],
        help: Option<&str>,
        diags: &mut Diagnostics,
    ) -> String {
        let Some(value) = value else {
            return String::new();
        };
        if let Err(refused) = url_safety::check(value.as_str(), url_safety::Use::Link) {
            diags.push(self.error(path, Target::Value, refused.message, help.unwrap_or(refused.help)));
            return String::new();
        }
        value.0
    }
}

impl Doc<'_> {
    /// A free-form `extra`, the URLs in it checked by the URL rule.
    pub(super) fn extra(&self, value: Option<serde_yaml::Value>, diags: &mut Diagnostics) -> serde_json::Value {
        let value = value.unwrap_or_else(|| serde_yaml::Value::Mapping(Default::default()));
        for (path, refused) in url_safety::in_extra(&value) {
            let path: Vec<&str> = std::iter::once("extra").chain(path.iter().map(String::as_str)).collect();
            diags.push(self.error(&path, Target::Value, refused.message, refused.help));
        }
        serde_json::to_value(value).unwrap_or_else(|_| serde_json::Value::Object(Default::default()))
    }
}
