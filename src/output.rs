//! Writing the site. `gloss build` writes into a fresh hidden folder next to
//! the output folder and swaps it in only when every page is written, so a
//! failed or interrupted build leaves the previous output as it was.
//! `gloss serve` and `gloss check` write into memory through the same
//! [`Sink`] interface.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

/// Where rendered files go. Paths are relative, with `/` separators.
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Writes a file that `fill` produces piece by piece, so that a large
    /// file (claims.json of a big site) is never held in memory whole.
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| Diagnostic::error(format!("cannot write {rel}: {e}")))?;
        self.write(rel, &bytes)
    }
}

/// Refuses a path that could leave the output folder.
fn safe_rel(rel: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(rel);
    let ok = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path)
    } else {
        Err(Diagnostic::error(format!("refusing to write `{rel}`: it would leave the output folder")))
    }
}

/// Writes files under a folder.
pub struct DirSink {
    dir: PathBuf,
}

impl DirSink {
    /// The file's path, with its folder created.
    fn prepare(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.dir.join(safe_rel(rel)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(format!("cannot create folder {}: {e}", parent.display())))?;
        }
        Ok(path)
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.prepare(rel)?;
        std::fs::write(&path, bytes).map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let path = self.prepare(rel)?;
        let mut write = || {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&path)?);
            fill(&mut out)?;
            out.flush()
        };
        write().map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
    }
}

/// Keeps files in memory (for `gloss serve`).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<HashMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        safe_rel(rel)?;
        self.files.lock().expect("no panics while holding the lock").insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Folders of the site the output must never be, or contain.
pub const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

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

/// Checks that `output` may be replaced: it is not the site root, a source
/// folder, inside a source folder, nor does it contain any of them.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let io = |e: std::io::Error| Diagnostic::error(format!("cannot resolve {}: {e}", output.display()));
    let root = absolute(root).map_err(io)?;
    let out = absolute(output).map_err(io)?;
    let refuse = |why: String| {
        Err(Diagnostic::error(format!("refusing to use {} as the output folder: {why}", output.display()))
            .with_help("choose a folder of its own, e.g. `--output public`"))
    };
    if root.starts_with(&out) {
        return refuse("it is, or contains, the site itself".into());
    }
    for dir in SOURCE_DIRS {
        let src = root.join(dir);
        if out.starts_with(&src) {
            return refuse(format!("it is inside the site's `{dir}/` folder"));
        }
    }
    if out.is_file() {
        return refuse("a file of that name exists".into());
    }
    Ok(out)
}

/// A build in progress: files go into a hidden folder beside the output
/// folder until [`Staging::commit`] swaps it in.
pub struct Staging {
    temp: tempfile::TempDir,
    target: PathBuf,
    sink: DirSink,
}

impl Staging {
    /// Starts a build of `target` (already checked by [`check_output_dir`]).
    pub fn new(target: &Path) -> Result<Self, Diagnostic> {
        let parent = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", parent.display())))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.gloss-");
        remove_stale(parent, &prefix);
        let temp = tempfile::Builder::new()
            .prefix(&format!("{prefix}new-"))
            .tempdir_in(parent)
            .map_err(|e| Diagnostic::error(format!("cannot create a build folder in {}: {e}", parent.display())))?;
        let sink = DirSink { dir: temp.path().to_path_buf() };
        Ok(Staging { temp, target: target.to_path_buf(), sink })
    }

    pub fn sink(&self) -> &DirSink {
        &self.sink
    }

    /// Replaces the output folder with the finished build.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let fail =
            |what: &str, e: std::io::Error| Diagnostic::error(format!("cannot {what} {}: {e}", self.target.display()));
        let new = self.temp.keep();
        if !self.target.exists() {
            return std::fs::rename(&new, &self.target).map_err(|e| fail("create", e));
        }
        let old = new.with_file_name(
            new.file_name().map(|n| n.to_string_lossy().replace("gloss-new-", "gloss-old-")).unwrap_or_default(),
        );
        std::fs::rename(&self.target, &old).map_err(|e| fail("move aside", e))?;
        if let Err(e) = std::fs::rename(&new, &self.target) {
            let _ = std::fs::rename(&old, &self.target);
            let _ = std::fs::remove_dir_all(&new);
            return Err(fail("replace", e));
        }
        std::fs::remove_dir_all(&old).map_err(|e| fail("clean up the previous", e))
    }
}

/// Removes build folders left behind by an interrupted build.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Copies files of the site (relative to `root`, found by
/// [`crate::files::walk`] under `dir`) into the sink, each at its path
/// under `dir`. Returns how many were written, and the problems.
pub fn copy_files(root: &Path, dir: &Path, files: &[PathBuf], sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let mut count = 0;
    let mut errors = Vec::new();
    for rel in files {
        let to = rel.strip_prefix(dir).unwrap_or(rel).to_string_lossy().replace('\\', "/");
        match crate::files::read(root, rel).and_then(|bytes| sink.write(&to, &bytes)) {
            Ok(()) => count += 1,
            Err(d) => errors.push(d),
        }
    }
    (count, errors)
}

/// A sink that keeps nothing: a site whose addresses collide still has
/// every other problem found, but no page of it is written anywhere.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, rel: &str, _: &[u8]) -> Result<(), Diagnostic> {
        safe_rel(rel).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_climb() {
        assert!(safe_rel("a/index.html").is_ok());
        assert!(safe_rel("../x").is_err());
        assert!(safe_rel("/etc/passwd").is_err());
        assert!(safe_rel("a/../../x").is_err());
    }

    #[test]
    fn streamed_files_are_written_whole_and_safely() {
        let dir = tempfile::tempdir().unwrap();
        let sink = DirSink { dir: dir.path().to_path_buf() };
        let mut fill = |w: &mut dyn Write| {
            for i in 0..100_000 {
                write!(w, "{i},")?;
            }
            Ok(())
        };
        sink.write_with("data/all.json", &mut fill).unwrap();
        let expected: String = (0..100_000).map(|i| format!("{i},")).collect();
        assert_eq!(std::fs::read_to_string(dir.path().join("data/all.json")).unwrap(), expected);
        assert!(sink.write_with("../escape.json", &mut fill).is_err());
        assert!(!dir.path().parent().unwrap().join("escape.json").exists());

        let memory = MemorySink::default();
        memory.write_with("all.json", &mut fill).unwrap();
        assert_eq!(memory.files.lock().unwrap()["all.json"], expected.as_bytes());
        let failing = |_: &mut dyn Write| Err(std::io::Error::other("disk full"));
        let err = memory.write_with("broken.json", &mut { failing }).unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
    }

    #[test]
    fn refuses_the_site_and_its_source_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, &root.join("static")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("public/../content")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }
}
