//! Finding templates and theme files. The default theme is compiled into
//! the binary; a `themes/NAME/` folder in the site overrides it file by
//! file, and the site's own `templates/NAME.html` overrides both.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;

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
}

/// Everything a theme provides.
pub struct Theme {
    pub templates: Vec<Template>,
    pub statics: Vec<StaticFile>,
}

/// Collects the templates and static files for `theme` in the site at `root`.
pub fn load(root: &Path, theme: &str) -> Result<Theme, Vec<Diagnostic>> {
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
            statics.push(StaticFile { rel: slashed(name), bytes: file.contents().to_vec() });
        }
    }
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        overlay(root, &theme_dir.join("templates"), &mut templates)?;
        let static_dir = theme_dir.join("static");
        for path in walk(&static_dir)? {
            let rel = slashed(path.strip_prefix(&static_dir).unwrap_or(&path));
            let bytes = std::fs::read(&path)
                .map_err(|e| vec![Diagnostic::error(format!("cannot read {}: {e}", path.display()))])?;
            statics.retain(|s| s.rel != rel);
            statics.push(StaticFile { rel, bytes });
        }
    } else if theme != "default" {
        let d = Diagnostic::error(format!("theme `{theme}` not found")).with_help(theme_help(root, theme));
        return Err(vec![crate::config::at_key(root, "theme", d)]);
    }
    overlay(root, &root.join("templates"), &mut templates)?;
    Ok(Theme { templates, statics })
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

/// Adds or replaces templates with the `.html` files of a folder.
fn overlay(root: &Path, dir: &Path, templates: &mut Vec<Template>) -> Result<(), Vec<Diagnostic>> {
    for path in walk(dir)? {
        let name = slashed(path.strip_prefix(dir).unwrap_or(&path));
        let origin = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let file = crate::load::read(root, &origin).map_err(|d| vec![d])?;
        templates.retain(|t| t.name != name);
        templates.push(Template { name, text: file.text, origin });
    }
    Ok(())
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| vec![Diagnostic::error(format!("cannot read {}: {e}", dir.display()))])?;
        if entry.file_type().is_file() {
            out.push(entry.into_path());
        }
    }
    Ok(out)
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
