//! What gloss reads, and the two rules every read follows, so that they
//! have one home.
//!
//! Nothing comes from outside the site: a symbolic link in `content/`,
//! `static/`, `templates/` or a theme that resolves outside the site
//! folder is refused, since following it would publish whatever it points
//! at (a link to `/etc/passwd` in `static/` would be copied, a template
//! link rendered into every page). Links that stay inside keep working.
//!
//! Only regular files are opened: opening a FIFO for reading blocks until
//! someone writes to it, a device never ends, so the file's type is
//! checked before it is opened.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a file that is not a regular file or a folder is, for messages.
fn kind(t: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "not a regular file"
}

/// The error for something at `rel` that is neither a file nor a folder.
fn special(rel: &Path, t: &FileType) -> Diagnostic {
    Diagnostic::error(format!("`{}` is {}, not a file", slashed(rel), kind(t)))
        .in_file(rel)
        .with_help("gloss reads only regular files; replace it with a file or remove it")
}

/// Refuses `root/rel` unless it is a regular file (a link to one is
/// fine), looking at its type without opening it.
pub fn regular(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let meta = std::fs::metadata(root.join(rel))
        .map_err(|e| Diagnostic::error(format!("cannot read the file: {e}")).in_file(rel))?;
    if meta.is_file() { Ok(()) } else { Err(special(rel, &meta.file_type())) }
}

/// Reads a file of the site (`rel` relative to `root`) after checking that
/// it is a regular file.
pub fn read(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    regular(root, rel)?;
    std::fs::read(root.join(rel)).map_err(|e| Diagnostic::error(format!("cannot read the file: {e}")).in_file(rel))
}

/// The site folder with every link resolved, to tell inside from outside.
fn real_root(root: &Path) -> Result<PathBuf, Diagnostic> {
    root.canonicalize()
        .map_err(|e| Diagnostic::error(format!("cannot resolve the site folder {}: {e}", root.display())))
}

/// The error for `rel`, which resolves to `target` outside the site.
fn leaves(rel: &Path, target: &Path, link: bool) -> Diagnostic {
    let message = if link {
        format!("`{}` is a symbolic link to `{}`, outside the site", slashed(rel), target.display())
    } else {
        format!("`{}` is outside the site (at `{}`)", slashed(rel), target.display())
    };
    Diagnostic::error(message)
        .in_file(rel)
        .with_help("gloss reads nothing from outside the site folder: copy the file into the site instead")
}

/// Refuses `rel` (relative to `root`, which it may not climb out of by
/// `..`) when it resolves outside the site, naming the first link on the
/// way that leaves it. A path that does not exist is left to its reader.
pub fn inside(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let real = real_root(root)?;
    let Ok(target) = root.join(rel).canonicalize() else { return Ok(()) };
    if target.starts_with(&real) {
        return Ok(());
    }
    // The first part of the path that resolves outside is the link to name.
    let mut part = PathBuf::new();
    for c in rel.components() {
        part.push(c);
        let path = root.join(&part);
        let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
        if let (true, Ok(to)) = (is_link, path.canonicalize()) {
            if !to.starts_with(&real) {
                return Err(leaves(&part, &to, true));
            }
        }
    }
    Err(leaves(rel, &target, false))
}

/// Every regular file under `root/dir`, relative to `root`, sorted by
/// name. Links are followed while they stay inside the site; a link that
/// leaves it, a loop of links and anything that is neither a file nor a
/// folder is a problem (and is not returned). No `dir` is no files.
pub fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if !root.join(dir).is_dir() {
        return files;
    }
    if let Err(d) = inside(root, dir) {
        diags.push(d);
        return files;
    }
    let real = match real_root(root) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return files;
        }
    };
    let mut entries = walkdir::WalkDir::new(root.join(dir)).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
        if e.path_is_symlink() && e.depth() > 0 {
            if let Some(to) = e.path().canonicalize().ok().filter(|to| !to.starts_with(&real)) {
                diags.push(leaves(&rel, &to, true));
                if e.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        let t = e.file_type();
        if t.is_file() {
            files.push(rel);
        } else if !t.is_dir() {
            diags.push(special(&rel, &t));
        }
    }
    files
}

/// A problem walking a folder: a loop of links, a broken link, no access.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let mut d = Diagnostic::error(if e.loop_ancestor().is_some() {
        "a symbolic link here points back to a folder that contains it (a loop)".to_string()
    } else {
        format!("cannot read: {e}")
    });
    if let Some(at) = e.path() {
        d = d.in_file(at.strip_prefix(root).unwrap_or(at));
    }
    d.with_help("remove or fix the link")
}

/// A path with `/` separators, as messages show it.
fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path, for the call's duration.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
    }

    #[test]
    fn walk_refuses_links_leaving_the_site_and_keeps_those_inside() {
        let temp = tempfile::tempdir().unwrap();
        let (root, outside) = (temp.path().join("site"), temp.path().join("outside"));
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret"), "s").unwrap();
        std::fs::write(root.join("static/img/a.png"), "a").unwrap();
        symlink(outside.join("secret"), root.join("static/secret")).unwrap();
        symlink(&outside, root.join("static/out")).unwrap();
        symlink(root.join("static/img"), root.join("static/pictures")).unwrap();
        let mut diags = Diagnostics::new();
        let files = walk(&root, Path::new("static"), &mut diags);
        assert_eq!(files, [Path::new("static/img/a.png"), Path::new("static/pictures/a.png")]);
        let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
        let real = outside.canonicalize().unwrap();
        assert_eq!(
            messages,
            [
                format!("static/out: error: `static/out` is a symbolic link to `{}`, outside the site", real.display()),
                format!(
                    "static/secret: error: `static/secret` is a symbolic link to `{}`, outside the site",
                    real.join("secret").display()
                ),
            ]
        );
    }

    #[test]
    fn a_fifo_is_refused_without_being_opened() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        mkfifo(&root.join("content/a.md"));
        let mut diags = Diagnostics::new();
        let files = walk(root, Path::new("content"), &mut diags);
        assert!(files.is_empty());
        assert_eq!(diags[0].to_string(), "content/a.md: error: `content/a.md` is a FIFO (named pipe), not a file");
        let err = read(root, Path::new("content/a.md")).unwrap_err();
        assert_eq!(err.message, "`content/a.md` is a FIFO (named pipe), not a file");
    }

    #[test]
    fn inside_names_the_link_that_leaves() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("site");
        std::fs::create_dir_all(root.join("themes")).unwrap();
        std::fs::create_dir_all(temp.path().join("elsewhere/templates")).unwrap();
        symlink(temp.path().join("elsewhere"), root.join("themes/x")).unwrap();
        let err = inside(&root, Path::new("themes/x/templates")).unwrap_err();
        assert_eq!(err.path.as_deref(), Some(Path::new("themes/x")));
        assert!(inside(&root, Path::new("themes")).is_ok());
        assert!(inside(&root, Path::new("../site/themes")).is_ok());
        std::fs::write(temp.path().join("a.tmTheme"), "").unwrap();
        let err = inside(&root, Path::new("../a.tmTheme")).unwrap_err();
        assert!(err.message.starts_with("`../a.tmTheme` is outside the site (at `/"), "{}", err.message);
    }
}
