//! The diagnostics of a YAML text that cannot be read: the problems the
//! check finds, and serde_yaml's errors rewritten for a writer (a tab, a
//! misspelt key, a key given twice), each placed in the file.

use super::check::{Kind, MAX_DEPTH, Problem};
use super::{Error, unique};
use crate::diagnostics::Diagnostic;

/// Turns an error reading a YAML file into a diagnostic, with the
/// misspelt-key help where it applies. `first_line` is the file line of the
/// YAML's first line.
pub fn diagnostic(file_text: &str, first_line: usize, err: &Error) -> Diagnostic {
    let err = match err {
        Error::Check(problem) => return problem.diagnostic(file_text, first_line),
        Error::Serde(e) => e,
    };
    let (message, pos) = error_parts(err);
    let tab = pos.and_then(|(line, col)| {
        let about_tabs = message.contains("tab character") || message.contains("cannot start any token");
        about_tabs.then(|| tab_at(file_text, line + first_line - 1, col)).flatten().map(|c| (line, c))
    });
    if let Some((line, col)) = tab {
        return Diagnostic::error("a tab where YAML expects spaces")
            .with_help("YAML indents with spaces only: replace the tab with spaces")
            .at_line_col(file_text, line + first_line - 1, col, 1);
    }
    let file_pos = pos.map(|(line, col)| (line + first_line - 1, col));
    let explained = explain_unknown_field(&message).or_else(|| explain_duplicate_key(&message, file_text, file_pos));
    let mut d = match explained {
        Some((msg, help)) => Diagnostic::error(msg).with_help(help),
        None => {
            let help = if message.contains("mapping values are not allowed") {
                "a value that contains `: ` must be quoted, as in `summary: \"one: two\"`"
            } else if message.contains("invalid type") || message.contains("expected") {
                "the README's \"authoring format\" section shows what each key takes"
            } else {
                "check the YAML here: indentation, quotes, and a `:` after every key"
            };
            Diagnostic::error(message).with_help(help)
        }
    };
    if let Some((line, col)) = pos {
        d = d.at_line_col(file_text, line + first_line - 1, col, 1);
        // Underline the whole key where the error names one.
        if let Some(loc) = &mut d.location {
            let rest: String = loc.line_text.chars().skip(loc.column - 1).collect();
            let word = rest.split([':', ' ']).next().unwrap_or("").chars().count();
            loc.width = word.max(1);
        }
    }
    d
}

impl Problem {
    /// The message and help line, with lines counted in a file whose line
    /// `first_line` is the YAML text's first.
    pub fn describe(&self, first_line: usize) -> (String, String) {
        match &self.kind {
            Kind::DuplicateKey { key, within, first } => {
                let place = if within.is_empty() { String::new() } else { format!(" in `{within}`") };
                (
                    format!("duplicate key `{key}`{place}"),
                    format!(
                        "`{key}` is first given on line {}; the second would replace it: keep one, or rename one",
                        first.line + first_line - 1
                    ),
                )
            }
            Kind::TooDeep => (
                "lists and mappings are nested too deeply here".to_string(),
                format!(
                    "gloss reads at most {MAX_DEPTH} lists and mappings inside one another; is a `]` or `}}` missing?"
                ),
            ),
            Kind::AliasBomb { alias, bound } => (
                format!("the alias `{alias}` makes aliases repeat over {bound} values"),
                "an alias (`*name`) repeats what its anchor (`&name`) holds, and aliases of aliases multiply: \
                 write the values out instead"
                    .into(),
            ),
            Kind::AliasInItself { alias } => (
                format!("the alias `{alias}` is inside the value it names"),
                "an alias cannot repeat a list or mapping from inside it: write the value out instead".into(),
            ),
            Kind::Syntax(message) => (
                message.clone(),
                "check the YAML here: indentation (spaces, not tabs), quotes, and a `:` after every key".into(),
            ),
        }
    }

    /// The diagnostic for this problem in a file whose line `first_line`
    /// is the YAML text's first.
    pub fn diagnostic(&self, file_text: &str, first_line: usize) -> Diagnostic {
        let (message, help) = self.describe(first_line);
        Diagnostic::error(message).with_help(help).at_line_col(
            file_text,
            self.at.line + first_line - 1,
            self.at.column,
            self.at.width,
        )
    }
}

/// Rewrites serde's "path: duplicate key `x`…" (the fallback walk's) or
/// "duplicate field `x`" (a struct's) into a message and a help line.
/// `at` is the duplicate's line and column in `text`, to find the first.
fn explain_duplicate_key(message: &str, text: &str, at: Option<(usize, usize)>) -> Option<(String, String)> {
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
fn tab_at(text: &str, line: usize, column: usize) -> Option<usize> {
    let line = text.lines().nth(line.checked_sub(1)?)?;
    if line.chars().nth(column.checked_sub(1)?) == Some('\t') {
        return Some(column);
    }
    line.chars().take_while(|c| *c == ' ' || *c == '\t').position(|c| c == '\t').map(|i| i + 1)
}

/// Turns a serde_yaml error into a message without its trailing position
/// (the caller places it) and the 1-based line/column it names.
fn error_parts(err: &serde_yaml::Error) -> (String, Option<(usize, usize)>) {
    let mut message = err.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let pos = err.location().map(|l| (l.line(), l.column()));
    (message, pos)
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into a
/// message and a "did you mean" help line.
fn explain_unknown_field(message: &str) -> Option<(String, String)> {
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
