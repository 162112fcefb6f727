//! Which folders `gloss build` may replace. Replacing the output folder
//! deletes everything that was in it, so gloss replaces only a folder it
//! made itself: one holding its marker file [`MARKER`], or written by a
//! gloss from before the marker (recognised by the code stylesheet every
//! gloss build has written, see `made_by_older_gloss`), or an empty one.
//! Any other folder needs `--force`; and some folders are never replaced,
//! not even with `--force`: the site and its source folders, a Git
//! repository's `.git` (or a folder holding one), the home folder.
//!
//! The marker lives inside the output, so it is deployed with the site. It
//! is a few bytes of fixed text with no path, time or version in it: it
//! tells a visitor only that gloss made the site, which every page's
//! `generator` tag says already. A marker beside the output would instead
//! be a file outside it, lost whenever the folder is moved or copied.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The file that marks a folder as gloss's output.
pub const MARKER: &str = ".gloss-output";

/// What the marker holds.
pub const MARKER_TEXT: &str = "This folder is the output of gloss: each `gloss build` updates it.\n";

/// The line in the marker after which the files of the build are listed.
const LIST_HEADER: &str = "The files the last build wrote (the next one deletes those it no longer writes):\n";

/// The marker of a build that wrote `files`, one a line (the marker
/// itself among them or not): the files are listed sorted, once each.
pub fn marker<'a>(files: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut files: Vec<&str> = files.into_iter().chain([MARKER]).collect();
    files.sort_unstable();
    files.dedup();
    let mut text = format!("{MARKER_TEXT}\n{LIST_HEADER}");
    for rel in files {
        text.push_str(rel);
        text.push('\n');
    }
    text.into_bytes()
}

/// The files a marker lists; `None` for a marker without a list (written
/// by an older gloss) or one that cannot be read as such.
pub fn listed(marker: &str) -> Option<Vec<&str>> {
    let list = marker.strip_prefix(MARKER_TEXT)?.strip_prefix('\n')?.strip_prefix(LIST_HEADER)?;
    let files: Vec<&str> = list.lines().collect();
    files.iter().all(|rel| super::safe_rel(rel).is_ok()).then_some(files)
}

/// The files of the output folder `dir` that its marker does not list,
/// relative to it: put there by hand, as far as gloss knows. None when the
/// marker has no list (an older gloss's output), whose files gloss cannot
/// tell apart. Symlinks are neither followed nor counted.
pub fn hand_added(dir: &Path) -> Vec<PathBuf> {
    let Ok(marker) = std::fs::read_to_string(dir.join(MARKER)) else { return Vec::new() };
    let Some(listed) = listed(&marker) else { return Vec::new() };
    let listed: std::collections::HashSet<&Path> =
        listed.into_iter().map(Path::new).chain([Path::new(MARKER)]).collect();
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(Path::to_path_buf))
        .filter(|rel| !listed.contains(rel.as_path()))
        .collect()
}

/// Folders of the site the output must never be, or contain.
pub const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// How every gloss build so far began `theme/highlight.css`.
const OLD_STYLESHEET_START: &[u8] = b"/* Code colours made by gloss";

/// Makes `path` absolute and free of `.`/`..` without touching the disk
/// beyond resolving the longest existing prefix (symlinks included).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(name)) => {
                rest.push(name.to_os_string());
                existing = p;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    Ok(out)
}

/// Checks that `output` may be replaced (see the module doc) and returns
/// it absolute. `force` allows replacing a folder gloss did not make.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let io = |e: std::io::Error| Diagnostic::error(format!("cannot resolve {}: {e}", output.display()));
    let root = absolute(root).map_err(io)?;
    let out = absolute(output).map_err(io)?;
    if let Some(why) = never_replaced(&root, &out) {
        return Err(Diagnostic::error(format!("refusing to use {} as the output folder: {why}", output.display()))
            .with_help("choose a folder of its own, e.g. `--output public`"));
    }
    let Ok(meta) = std::fs::symlink_metadata(&out) else {
        return Ok(out);
    };
    if !meta.is_dir() {
        return Err(Diagnostic::error(format!(
            "refusing to use {} as the output folder: a file of that name exists",
            output.display()
        ))
        .with_help("choose a folder of its own, e.g. `--output public`, or move the file away"));
    }
    if is_read_only(&out) {
        return Err(read_only(output));
    }
    if is_empty(&out) || is_gloss_output(&out) {
        return Ok(out);
    }
    if !force {
        return Err(Diagnostic::error(format!(
            "refusing to replace {}: it holds files gloss did not write, and a build deletes everything in it",
            output.display()
        ))
        .with_help(format!(
            "choose another folder with `--output`, or pass `--force` to delete what is in {} and build there",
            output.display()
        )));
    }
    if let Some(git) = find_git(&out) {
        return Err(Diagnostic::error(format!(
            "refusing to replace {}, even with --force: it holds a Git repository ({})",
            output.display(),
            git.display()
        ))
        .with_help("a build would delete the repository; choose another folder with `--output`"));
    }
    Ok(out)
}

/// Why `out` may never be the output folder, even with `--force`.
fn never_replaced(root: &Path, out: &Path) -> Option<String> {
    if root.starts_with(out) {
        return Some("it is, or contains, the site itself".into());
    }
    for dir in SOURCE_DIRS {
        if out.starts_with(root.join(dir)) {
            return Some(format!("it is inside the site's `{dir}/` folder"));
        }
    }
    if out.components().any(|c| c == Component::Normal(".git".as_ref())) {
        return Some("it is inside a Git repository's `.git` folder".into());
    }
    if std::fs::symlink_metadata(out.join(".git")).is_ok() {
        return Some("it holds a Git repository (`.git`), which a build would delete".into());
    }
    let home = std::env::home_dir().and_then(|h| h.canonicalize().ok());
    if home.is_some_and(|home| home.starts_with(out)) {
        return Some("it is, or contains, your home folder".into());
    }
    None
}

/// Does `dir` hold gloss's marker, or the stylesheet of an older gloss?
pub fn is_gloss_output(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) || made_by_older_gloss(dir)
}

/// gloss before the marker wrote `theme/highlight.css` into every build,
/// beginning with a comment that names gloss: a folder holding it is the
/// output of an older gloss, which that gloss replaced whole on each build.
fn made_by_older_gloss(dir: &Path) -> bool {
    use std::io::Read;
    let path = dir.join("theme/highlight.css");
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut start = [0u8; OLD_STYLESHEET_START.len()];
    std::fs::File::open(&path).and_then(|mut f| f.read_exact(&mut start)).is_ok() && start == OLD_STYLESHEET_START
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// The first `.git` (a repository, or a worktree's `.git` file) under
/// `dir`, which a forced build would otherwise delete.
fn find_git(dir: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == ".git")
        .map(|e| e.into_path())
}

/// The error for an output folder (or the folder it sits in) that gloss
/// may not write to.
pub fn read_only(dir: &Path) -> Diagnostic {
    Diagnostic::error(format!("cannot build into {}: the folder is read-only", dir.display()))
        .with_help("make it writable (`chmod u+w`), or choose another folder with `--output`")
}

/// Is `dir` read-only: no write permission in its mode (which even root
/// respects here, as the owner's intent), or not writable by this process
/// (permissions, a read-only file system)?
pub fn is_read_only(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(dir) else { return false };
        if meta.permissions().mode() & 0o222 == 0 {
            return true;
        }
        let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return false };
        // SAFETY: `path` is a valid NUL-terminated string for the call.
        unsafe { libc::access(path.as_ptr(), libc::W_OK) != 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_site_and_its_source_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir(root.join("content")).unwrap();
        for forced in [false, true] {
            assert!(check_output_dir(root, root, forced).is_err());
            assert!(check_output_dir(root, &root.join("content"), forced).is_err());
            assert!(check_output_dir(root, &root.join("content/x"), forced).is_err());
            assert!(check_output_dir(root, &root.join("static"), forced).is_err());
            assert!(check_output_dir(root, root.parent().unwrap(), forced).is_err());
            assert!(check_output_dir(root, &root.join("public/../content"), forced).is_err());
            assert!(check_output_dir(root, &root.join("public"), forced).is_ok());
        }
    }

    #[test]
    fn replaces_only_its_own_or_empty_folders_unless_forced() {
        let temp = tempfile::tempdir().unwrap();
        let (root, out) = (temp.path().join("site"), temp.path().join("out"));
        std::fs::create_dir_all(&out).unwrap();
        assert!(check_output_dir(&root, &out, false).is_ok(), "an empty folder");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = check_output_dir(&root, &out, false).unwrap_err();
        assert!(err.message.contains("gloss did not write") && err.help.as_deref().unwrap().contains("--force"));
        assert!(check_output_dir(&root, &out, true).is_ok(), "forced");
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output_dir(&root, &out, false).is_ok(), "marked");
    }

    #[test]
    fn recognises_the_output_of_a_gloss_from_before_the_marker() {
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir(out.path().join("theme")).unwrap();
        std::fs::write(out.path().join("theme/highlight.css"), "/* Code colours */").unwrap();
        assert!(!is_gloss_output(out.path()), "another tool's stylesheet");
        let css = crate::highlight::stylesheet("InspiredGitHub", "base16-ocean.dark", Path::new(".")).unwrap();
        std::fs::write(out.path().join("theme/highlight.css"), css).unwrap();
        assert!(is_gloss_output(out.path()), "the stylesheet gloss writes");
    }

    #[test]
    fn never_replaces_a_repository_even_forced() {
        let temp = tempfile::tempdir().unwrap();
        let (root, out) = (temp.path().join("site"), temp.path().join("out"));
        std::fs::create_dir_all(out.join("deep/.git")).unwrap();
        let err = check_output_dir(&root, &out, true).unwrap_err();
        assert!(err.message.contains("Git repository"), "{err}");
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output_dir(&root, &out, true).unwrap_err().message.contains("`.git`"));
        assert!(check_output_dir(&root, &out.join(".git"), true).unwrap_err().message.contains("inside a Git"));
    }

    #[test]
    fn a_marker_lists_its_files_and_refuses_paths_that_climb() {
        let made = String::from_utf8(marker(["index.html", "a/index.html", "index.html"])).unwrap();
        assert_eq!(listed(&made), Some(vec![".gloss-output", "a/index.html", "index.html"]));
        assert_eq!(listed(MARKER_TEXT), None, "an older marker has no list");
        let climbing = format!("{MARKER_TEXT}\n{LIST_HEADER}../outside.html\n");
        assert_eq!(listed(&climbing), None);
    }
}
