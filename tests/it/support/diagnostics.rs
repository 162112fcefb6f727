//! Reading gloss's rustc-style diagnostics back from stderr:
//!
//! ```text
//! error: unknown source `cnn-reprot`
//!  --> content/a.md:8:20
//!   |
//! 8 | Officials said so.[@cnn-reprot]
//!   |                    ^^^^^^^^^^^
//!   |
//!   = help: did you mean `cnn-report`?
//! ```

use std::fmt;

/// One diagnostic as printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    /// `content/a.md:8:20`, or just the file when there is no line.
    pub position: Option<String>,
    /// The quoted source line, without its gutter.
    pub line_text: Option<String>,
    /// The characters of the quoted line above the `^^^`.
    pub underlined: Option<String>,
    pub help: Option<String>,
}

/// Splits stderr into diagnostics (the summary line and other messages are
/// not part of any).
pub fn parse(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    // Where the source text starts on the quoted line (after `| `).
    let mut text_col: Option<usize> = None;
    for line in stderr.lines() {
        let header = line
            .strip_prefix("error: ")
            .map(|m| ("error", m))
            .or_else(|| line.strip_prefix("warning: ").map(|m| ("warning", m)));
        if let Some((severity, message)) = header {
            out.push(Diag { severity: severity.into(), message: message.into(), ..Diag::default() });
            text_col = None;
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let trimmed = line.trim_start();
        if let Some(pos) = trimmed.strip_prefix("--> ") {
            d.position = Some(pos.trim().to_string());
        } else if let Some(help) = trimmed.strip_prefix("= help: ") {
            d.help = Some(help.to_string());
        } else if let Some(bar) = line.find(" | ").filter(|&bar| line[..bar].trim().parse::<usize>().is_ok()) {
            if d.line_text.is_none() {
                d.line_text = Some(line[bar + 3..].to_string());
                text_col = Some(bar + 3);
            }
        } else if line.contains('^') && trimmed.starts_with('|') {
            if let (Some(col), Some(text)) = (text_col, &d.line_text) {
                let marks: String = line.chars().skip(col).collect();
                let lead = marks.chars().take_while(|c| *c == ' ').count();
                let width = marks.chars().skip(lead).take_while(|c| *c == '^').count();
                d.underlined = Some(text.chars().skip(lead).take(width).collect());
            }
        } else if line.is_empty() {
            text_col = None;
        }
    }
    out
}

/// What an error should say.
#[derive(Debug, Clone)]
pub struct Expected {
    /// Exactly the `-->` position: `content/a.md:8:20`.
    pub at: String,
    /// Text the message must contain.
    pub message: String,
    /// Exactly the underlined text, when given.
    pub underlined: Option<String>,
    /// Text the help line must contain. `None` checks nothing about help
    /// (used only where a separate test pins a missing help line).
    pub help: Option<String>,
}

impl Expected {
    pub fn error(at: &str, message: &str) -> Expected {
        Expected { at: at.into(), message: message.into(), underlined: None, help: None }
    }

    pub fn underlining(mut self, text: &str) -> Expected {
        self.underlined = Some(text.into());
        self
    }

    pub fn help(mut self, text: &str) -> Expected {
        self.help = Some(text.into());
        self
    }

    /// Panics, printing stderr, when `d` is not this error.
    #[track_caller]
    pub fn assert_matches(&self, d: &Diag, stderr: &str) {
        let mut wrong = Vec::new();
        if d.severity != "error" {
            wrong.push(format!("it is a {}, not an error", d.severity));
        }
        if d.position.as_deref() != Some(self.at.as_str()) {
            wrong.push(format!("its position is {:?}, expected {:?}", d.position, self.at));
        }
        if !d.message.contains(&self.message) {
            wrong.push(format!("its message {:?} does not contain {:?}", d.message, self.message));
        }
        if let Some(u) = &self.underlined {
            if d.underlined.as_deref() != Some(u.as_str()) {
                wrong.push(format!("it underlines {:?}, expected {:?}", d.underlined, u));
            }
        }
        match (&self.help, &d.help) {
            (None, _) => {}
            (Some(_), None) => wrong.push("it has no `= help:` line".into()),
            (Some(want), Some(h)) if !h.contains(want.as_str()) => {
                wrong.push(format!("its help {h:?} does not contain {want:?}"))
            }
            (Some(_), Some(_)) => {}
        }
        assert!(
            wrong.is_empty(),
            "the error is not the expected one:\n  - {}\n--- expected ---\n{self}\n--- stderr ---\n{stderr}",
            wrong.join("\n  - ")
        );
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: …{}…", self.message)?;
        writeln!(f, " --> {}", self.at)?;
        if let Some(u) = &self.underlined {
            writeln!(f, "   (underlining {u:?})")?;
        }
        match &self.help {
            Some(h) => write!(f, "  = help: …{h}…"),
            None => write!(f, "  (help not checked)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_rendered_diagnostic() {
        let stderr = "warning: w\n --> content/a.md:4:3\n  |\n4 |   cnn:\n  |   ^^^\n  |\n  = help: h1\n\nerror: unknown source `x`\n --> content/a.md:10:20\n   |\n10 | Officials said so.[@x]\n   |                    ^^\n   |\n   = help: did you mean `y`?\n\n1 error, 1 warning\n";
        let d = parse(stderr);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].underlined.as_deref(), Some("cnn"));
        assert_eq!(d[1].position.as_deref(), Some("content/a.md:10:20"));
        assert_eq!(d[1].underlined.as_deref(), Some("@x"));
        assert_eq!(d[1].help.as_deref(), Some("did you mean `y`?"));
    }
}
