//! Template errors as diagnostics: the template file and line to blame,
//! and for loops of includes or extends, the tag that closes the loop.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

use super::theme;

/// Turns a Tera error into a diagnostic naming the template file and line.
/// Templates are looked up in `origins`, or in `templates` before they are
/// compiled.
pub(super) fn template_error(
    e: &tera::Error,
    origins: &HashMap<String, (PathBuf, String)>,
    templates: &[theme::Template],
) -> Diagnostic {
    if let Some(d) = loop_error(e, origins, templates) {
        return d;
    }
    let text = e.to_string();
    let message = text.lines().next().unwrap_or("template error").trim_start_matches("error: ").to_string();
    let place = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|p| {
        let mut parts = p.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((parts.next()?.to_string(), line, col))
    });
    let mut d = Diagnostic::error(format!("template error: {message}"))
        .with_help("fix the template; the theme contract is in the README (\"Themes and templates\")");
    if let Some((name, line, col)) = place {
        let found = origins
            .get(&name)
            .map(|(o, t)| (o.clone(), t.as_str()))
            .or_else(|| templates.iter().find(|t| t.name == name).map(|t| (t.origin.clone(), t.text.as_str())));
        match found {
            Some((origin, source)) => d = d.in_file(origin).at_line_col(source, line, col, 1),
            None => d = d.in_file(name),
        }
    }
    d
}

/// Templates that include or extend each other in a loop, or extend one
/// that is not there: blamed on the template whose tag closes the loop (or
/// names the missing one), at that tag.
fn loop_error(
    e: &tera::Error,
    origins: &HashMap<String, (PathBuf, String)>,
    templates: &[theme::Template],
) -> Option<Diagnostic> {
    let (culprit, keyword, named, message, help) = match e.kind() {
        tera::ErrorKind::CircularInclude { tpl, include_chain: chain }
        | tera::ErrorKind::CircularExtend { tpl, inheritance_chain: chain } => {
            let (keyword, verb) = match e.kind() {
                tera::ErrorKind::CircularInclude { .. } => ("include", "include"),
                _ => ("extends", "extend"),
            };
            // The chain ends where the loop closes: the template before the
            // last names the last.
            let named = chain.last().unwrap_or(tpl);
            let culprit = chain.iter().rev().nth(1).unwrap_or(tpl);
            let message = format!("templates {verb} each other in a loop: {}", chain.join(" → "));
            let help = format!(
                "a template cannot {verb} itself, directly or through others: remove this tag or change what it names"
            );
            (culprit, keyword, named, message, help)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let help = "extend one of the theme's templates (such as `base.html`) or add the missing one".to_string();
            (current, "extends", parent, format!("template `{current}` extends `{parent}`, which does not exist"), help)
        }
        _ => return None,
    };
    let mut d = Diagnostic::error(format!("template error: {message}")).with_help(help);
    let found = origins
        .get(culprit)
        .map(|(o, t)| (o.clone(), t.as_str()))
        .or_else(|| templates.iter().find(|t| &t.name == culprit).map(|t| (t.origin.clone(), t.text.as_str())));
    if let Some((origin, text)) = found {
        d = d.in_file(origin);
        if let Some(at) = find_tag(text, keyword, named) {
            d = d.at(text, at);
        }
    }
    Some(d)
}

/// Where the first `{% keyword "name" %}` tag of a template's text is (any
/// of Tera's quotes).
fn find_tag(text: &str, keyword: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let quoted = ['"', '\'', '`'].map(|q| format!("{q}{name}{q}"));
    let mut from = 0;
    while let Some(i) = text[from..].find("{%") {
        let start = from + i;
        let end = text[start..].find("%}").map_or(text.len(), |j| start + j + 2);
        let inner = text[start + 2..end].trim_start_matches(['-', ' ', '\t', '\n']);
        if inner.starts_with(keyword) && quoted.iter().any(|q| inner.contains(q.as_str())) {
            return Some(start..end);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn find_tag_finds_the_tag_naming_the_template_in_any_quotes() {
        let text = "{% include \"b.html\" %}\n{%- include 'a.html' -%}\n{% extends `a.html` %}";
        assert_eq!(super::find_tag(text, "include", "a.html").map(|r| &text[r]), Some("{%- include 'a.html' -%}"));
        assert_eq!(super::find_tag(text, "extends", "a.html").map(|r| &text[r]), Some("{% extends `a.html` %}"));
        assert_eq!(super::find_tag(text, "include", "c.html"), None);
    }
}
