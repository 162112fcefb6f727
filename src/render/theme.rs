//! Finding templates and theme files. The default theme is compiled into
//! the binary; a `themes/NAME/` folder in the site overrides it file by
//! file, and the site's own `templates/NAME.html` overrides both.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Diagnostics};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template: its name for Tera, its text, and the file to blame in errors.
pub struct Template {
    pub name: String,
    pub text: String,
    pub origin: PathBuf,
}

/// A file the theme publishes under `theme/`.
pub struct StaticFile {
    pub rel: String,
    pub bytes: Vec<u8>,
    /// Where it comes from (`themes/NAME/static/…`), for messages.
    pub origin: PathBuf,
}

/// Everything a theme provides.
pub struct Theme {
    pub templates: Vec<Template>,
    pub statics: Vec<StaticFile>,
}

/// Collects the templates and static files for `theme` in the site at
/// `root`: `None` when a file of it cannot be read (each problem goes to
/// `diags`).
pub fn load(root: &Path, theme: &str, diags: &mut Diagnostics) -> Option<Theme> {
    let mut templates: Vec<Template> = Vec::new();
    let mut statics: Vec<StaticFile> = Vec::new();
    let builtin = Path::new("themes/default");
    for file in files(&DEFAULT_THEME) {
        let rel = file.path();
        let origin = builtin.join(rel);
        if let Ok(name) = rel.strip_prefix("templates") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            templates.push(Template { name: slashed(name), text, origin });
        } else if let Ok(name) = rel.strip_prefix("static") {
            statics.push(StaticFile { rel: slashed(name), bytes: file.contents().to_vec(), origin });
        }
    }
    let theme_rel = Path::new("themes").join(theme);
    if root.join(&theme_rel).is_dir() {
        overlay(root, &theme_rel.join("templates"), &mut templates, diags)?;
        let static_dir = theme_rel.join("static");
        for origin in walk(root, &static_dir, diags)? {
            let rel = slashed(origin.strip_prefix(&static_dir).unwrap_or(&origin));
            let bytes = crate::files::read(root, &origin).map_err(|d| diags.push(d)).ok()?;
            statics.retain(|s| s.rel != rel);
            statics.push(StaticFile { rel, bytes, origin });
        }
    } else if theme != "default" {
        let d = Diagnostic::error(format!("theme `{theme}` not found")).with_help(theme_help(root, theme));
        diags.push(crate::config::at_key(root, "theme", d));
        return None;
    }
    overlay(root, Path::new("templates"), &mut templates, diags)?;
    Some(Theme { templates, statics })
}

/// The help line for a theme that is not there: the closest folder of
/// themes/, else where to put it.
fn theme_help(root: &Path, theme: &str) -> String {
    let found: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .chain(["default".to_string()])
        .collect();
    let otherwise = format!("put it in themes/{theme}/, or remove `theme:` to use the built-in theme");
    crate::diagnostics::suggestion(theme, found.iter().map(String::as_str), &otherwise)
}

/// Adds or replaces templates with the files of a folder (relative to
/// `root`).
fn overlay(root: &Path, dir: &Path, templates: &mut Vec<Template>, diags: &mut Diagnostics) -> Option<()> {
    for origin in walk(root, dir, diags)? {
        let name = slashed(origin.strip_prefix(dir).unwrap_or(&origin));
        let file = crate::load::read(root, &origin).map_err(|d| diags.push(d)).ok()?;
        templates.retain(|t| t.name != name);
        templates.push(Template { name, text: file.text, origin });
    }
    Some(())
}

/// The files of a folder of the site; `None` when walking it found a problem.
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    let mut problems = Diagnostics::new();
    let files = crate::files::walk(root, dir, &mut problems);
    let ok = problems.is_empty();
    diags.extend(problems);
    ok.then_some(files)
}

fn files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<&include_dir::File> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(files(d));
    }
    out
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
