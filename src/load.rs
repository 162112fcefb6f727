//! Loading: walk `content/` and read every file gloss cares about into
//! memory as normalised text (UTF-8, no BOM, `\n` line endings).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};

pub const CONTENT_DIR: &str = "content";
pub const SOURCES_FILE: &str = "sources.yaml";
pub const CLAIMS_FILE: &str = "claims.yaml";
pub const SECTION_FILE: &str = "_index.md";

/// A text file of the site, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: PathBuf,
    pub text: String,
}

/// Everything found in `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Articles' paths (relative to the site root), sorted so builds are
    /// reproducible. They are read later, one at a time, so that a large
    /// site is never held in memory whole.
    pub articles: Vec<PathBuf>,
    /// `_index.md` files: a section's title and intro.
    pub sections: Vec<SourceFile>,
    /// `content/sources.yaml`, the site-wide sources.
    pub sources: Option<SourceFile>,
    /// `content/claims.yaml`, the claims several articles check.
    pub claims: Option<SourceFile>,
}

/// Decodes a file's bytes: strips a UTF-8 BOM, turns CRLF (and lone CR) into
/// LF, and refuses anything that is not UTF-8, pointing at the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or("");
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error("the file is not valid UTF-8 text")
            .with_help("save the file as UTF-8 (most editors have an \"encoding\" menu)")
            .at_line_col(valid, line, column, 1)
    })?;
    if text.contains('\r') { Ok(text.replace("\r\n", "\n").replace('\r', "\n")) } else { Ok(text) }
}

/// Reads a file of the site (path relative to `root`) as normalised text.
/// Only a regular file is opened (see [`crate::files`]).
pub fn read(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = crate::files::read(root, rel)?;
    let text = decode(bytes).map_err(|d| d.in_file(rel))?;
    Ok(SourceFile { rel: rel.to_path_buf(), text })
}

/// Walks `root/content` and reads every article, section file and the
/// site-wide sources and claims files, in parallel. Problems are collected, not fatal.
pub fn content(root: &Path, diags: &mut Diagnostics) -> Content {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(format!("there is no `{CONTENT_DIR}/` folder in {}", root.display()))
                .with_help("articles live in content/*.md; run `gloss init DIR` to start a site"),
        );
        return Content::default();
    }
    // Links are followed while they stay inside the site (writers link
    // folders in); see `crate::files` for what is refused.
    let paths = crate::files::walk(root, Path::new(CONTENT_DIR), diags);
    let is_sources = |p: &Path| p == Path::new(CONTENT_DIR).join(SOURCES_FILE);
    let is_claims = |p: &Path| p == Path::new(CONTENT_DIR).join(CLAIMS_FILE);
    let is_section = |p: &Path| p.file_name().is_some_and(|n| n == SECTION_FILE);
    let mut content = Content::default();
    let mut other: Vec<PathBuf> = Vec::new();
    for p in paths {
        if is_sources(&p) || is_claims(&p) || is_section(&p) {
            other.push(p);
        } else if p.extension().is_some_and(|e| e == "md") {
            content.articles.push(p);
        }
    }
    for r in other.par_iter().map(|p| read(root, p)).collect::<Vec<_>>() {
        match r {
            Ok(f) if is_sources(&f.rel) => content.sources = Some(f),
            Ok(f) if is_claims(&f.rel) => content.claims = Some(f),
            Ok(f) => content.sections.push(f),
            Err(d) => diags.push(d),
        }
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc".to_vec()).unwrap(), "a\nb\nc");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let d = decode(b"ok\nab\xFFc".to_vec()).unwrap_err();
        let l = d.location.unwrap();
        assert_eq!((l.line, l.column), (2, 3));
    }
}
