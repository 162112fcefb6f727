//! Building beside the output folder. A build writes into a hidden folder
//! `.NAME.gloss-new-…` next to the output folder `NAME`, and changes
//! `NAME` only when every page is written. An output folder that a build
//! of this gloss made is then updated in place: only the files that
//! changed were written, and they are renamed into it ([`super::place`]).
//! Otherwise (no output yet, one made by an older gloss or by hand, or no
//! `openat2` here) the hidden folder holds the whole site, and one atomic
//! exchange of the two names puts it in place (Linux `renameat2` with
//! `RENAME_EXCHANGE`, macOS `renamex_np` with `RENAME_SWAP`); the hidden
//! folder, now holding the previous output, is deleted. At no moment is
//! there no output folder.
//!
//! Where the file system cannot exchange, two renames do it: the previous
//! output is moved aside to `.NAME.gloss-old-…`, the new one into place.
//! A build killed between them leaves no `NAME`, so each build first
//! [`recover`]s: a missing output folder is restored from its `old` copy
//! before any leftover is deleted, and a leftover is deleted only while
//! the output folder exists. The only copy of an output is never deleted.

use std::io;
use std::path::{Path, PathBuf};

use super::guard::{self, MARKER};
use super::{DirSink, InPlace, Sink};
use crate::diagnostics::Diagnostic;

/// A build in progress: files go into a hidden folder beside the output
/// folder until [`Staging::commit`] swaps it in.
pub struct Staging {
    /// `None` once committed.
    temp: Option<tempfile::TempDir>,
    target: PathBuf,
    sink: DirSink,
    /// The outermost folder this build created for the output's parent,
    /// removed (when empty) if the build fails.
    created: Option<PathBuf>,
    /// Held on the hidden folder while building, so that another build
    /// of the same output does not take it for a leftover.
    _lock: Option<std::fs::File>,
}

impl Staging {
    /// Starts a build of `target` (already checked by
    /// [`guard::check_output_dir`]); `shown` names it in messages.
    pub fn new(target: &Path, shown: &Path) -> Result<Self, Diagnostic> {
        let parent = target.parent().unwrap_or(Path::new("/"));
        let existing = parent.ancestors().find(|p| p.exists()).unwrap_or(parent);
        if guard::is_read_only(existing) {
            return Err(guard::read_only(existing));
        }
        let created = parent.ancestors().take_while(|p| *p != existing).last().map(Path::to_path_buf);
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", parent.display())))?;
        let prefix = hidden_prefix(target);
        recover(parent, target, &prefix).map_err(|e| {
            Diagnostic::error(format!("cannot recover {} from an interrupted build: {e}", shown.display()))
        })?;
        let temp = tempfile::Builder::new()
            .prefix(&format!("{prefix}new-"))
            .tempdir_in(parent)
            .map_err(|e| Diagnostic::error(format!("cannot create a build folder in {}: {e}", parent.display())))?;
        // Locked before waiting for another build of the output (in
        // `InPlace::open`), so that a build starting meanwhile does not
        // take this folder for a leftover.
        let lock = lock(temp.path(), true);
        let sink = DirSink::new(temp.path(), shown).updating(InPlace::open(target));
        Ok(Staging { temp: Some(temp), target: target.to_path_buf(), sink, created, _lock: lock })
    }

    pub fn sink(&self) -> &DirSink {
        &self.sink
    }

    /// Puts the finished build in place, marked as gloss's with the list of
    /// its files. A previous output that cannot be deleted afterwards is a
    /// warning: the new output is in place all the same.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let files = std::mem::take(&mut *self.sink.files.lock().expect("no panics while holding the lock"));
        if let Some(in_place) = self.sink.in_place.take() {
            let dir = self.temp.as_ref().expect("committed once").path();
            in_place.publish(dir, &files).map_err(|e| {
                Diagnostic::error(format!("cannot update {}: {e}", self.sink.shown().display())).with_help(
                    mount_point_help(&e).unwrap_or(
                        "some of the changed files may be in place already; the next build puts the rest, \
                         once gloss may write there",
                    ),
                )
            })?;
            return Ok(Vec::new());
        }
        self.sink.write(MARKER, &guard::marker(files.lines())).map_err(|d| {
            let mut diags = vec![d];
            super::explain_disk_full(&mut diags, &self.sink);
            diags.remove(0)
        })?;
        let shown = self.sink.shown().to_path_buf();
        let fail = |e: io::Error| {
            let d = Diagnostic::error(format!("cannot put the new output in {}: {e}", shown.display()));
            match mount_point_help(&e) {
                Some(help) => d.with_help(help),
                None => d,
            }
        };
        let new = self.temp.take().expect("committed once").keep();
        let dropped = |e| {
            let _ = std::fs::remove_dir_all(&new);
            fail(e)
        };
        if std::fs::symlink_metadata(&self.target).is_err() {
            std::fs::rename(&new, &self.target).map_err(dropped)?;
            return Ok(Vec::new());
        }
        keep_hand_added(&self.target, &new);
        let previous = match exchange(&new, &self.target) {
            Ok(()) => new.clone(),
            Err(e) if cannot_exchange(&e) => swap_by_renames(&new, &self.target).map_err(dropped)?,
            Err(e) => return Err(dropped(e)),
        };
        Ok(match std::fs::remove_dir_all(&previous) {
            Ok(()) => Vec::new(),
            // Another build starting now took it for a leftover.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => vec![
                Diagnostic::warning(format!(
                    "the new output is in {}, but the previous one could not be deleted from {}: {e}",
                    shown.display(),
                    previous.display()
                ))
                .with_help("delete that folder by hand; the next build tries again"),
            ],
        })
    }
}

impl Drop for Staging {
    /// A build leaves nothing behind: its hidden folder goes (after an
    /// update in place it holds only what was moved out of the way), and
    /// when it was not committed, so do the empty folders it made.
    fn drop(&mut self) {
        let Some(temp) = self.temp.take() else { return };
        drop(temp);
        let Some(created) = &self.created else { return };
        let parent = self.target.parent().unwrap_or(created);
        for dir in parent.ancestors() {
            if std::fs::remove_dir(dir).is_err() || dir == created {
                break;
            }
        }
    }
}

/// Locks the folder `dir` for this process (`wait`: until it is free),
/// until the returned handle is dropped or the process ends, however it
/// ends. `None` when it is locked by another process (or cannot be).
#[cfg(unix)]
fn lock(dir: &Path, wait: bool) -> Option<std::fs::File> {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open(dir).ok()?;
    let how = if wait { libc::LOCK_EX } else { libc::LOCK_EX | libc::LOCK_NB };
    // SAFETY: the descriptor is open for the whole call.
    (unsafe { libc::flock(file.as_raw_fd(), how) } == 0).then_some(file)
}

/// No locks here: concurrent builds of one output may disturb each other.
#[cfg(not(unix))]
fn lock(dir: &Path, _wait: bool) -> Option<std::fs::File> {
    std::fs::File::open(dir).ok()
}

/// Links the files put by hand in the previous output `target` into the
/// new one, `new`, before it is swapped in, so that they stay as they do
/// when a build updates the output in place. A file the build wrote at
/// the same place wins; one that cannot be linked is copied.
fn keep_hand_added(target: &Path, new: &Path) {
    for rel in guard::hand_added(target) {
        let to = new.join(&rel);
        if to.symlink_metadata().is_ok() {
            continue;
        }
        let made = to.parent().map_or(Ok(()), std::fs::create_dir_all);
        let _ = made.and_then(|()| {
            std::fs::hard_link(target.join(&rel), &to).or_else(|_| std::fs::copy(target.join(&rel), &to).map(|_| ()))
        });
    }
}

/// The help for an output folder that is a mount point, when `e` says the
/// build folder beside it is on another file system or the folder cannot
/// be renamed.
fn mount_point_help(e: &io::Error) -> Option<&'static str> {
    matches!(e.raw_os_error(), Some(libc::EBUSY | libc::EXDEV)).then_some(
        "gloss builds beside the output folder and renames into it, which cannot cross a mount point: \
         build into a folder inside it (`--output DIR/site`) and serve that",
    )
}

/// `.NAME.gloss-`: how the hidden folders of output folder NAME begin.
fn hidden_prefix(target: &Path) -> String {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.gloss-")
}

/// Puts an interrupted build right: restores a missing output folder from
/// the copy a swap moved aside, then deletes the hidden folders of
/// earlier builds (incomplete builds, and previous outputs whose
/// deletion was cut short), which are never the only copy of an output.
fn recover(parent: &Path, target: &Path, prefix: &str) -> io::Result<()> {
    let mut hidden: Vec<(PathBuf, std::time::SystemTime)> = Vec::new();
    for entry in std::fs::read_dir(parent)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else { continue };
        // A folder another build is writing right now is not a leftover.
        if name.starts_with(prefix) && meta.is_dir() && lock(&entry.path(), false).is_some() {
            hidden.push((entry.path(), meta.modified().unwrap_or(std::time::UNIX_EPOCH)));
        }
    }
    if std::fs::symlink_metadata(target).is_err() {
        let old = format!("{prefix}old-");
        let newest = hidden
            .iter()
            .filter(|(p, _)| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&old)))
            .max_by_key(|(_, time)| *time);
        if let Some((copy, _)) = newest {
            std::fs::rename(copy, target)?;
        }
    }
    if std::fs::symlink_metadata(target).is_ok() {
        for (path, _) in hidden.iter().filter(|(p, _)| p.exists()) {
            std::fs::remove_dir_all(path)?;
        }
    } else {
        // No output to keep: only incomplete builds are here.
        let new = format!("{prefix}new-");
        for (path, _) in
            hidden.iter().filter(|(p, _)| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&new)))
        {
            std::fs::remove_dir_all(path)?;
        }
    }
    Ok(())
}

/// The fallback swap: moves `target` aside to a `.NAME.gloss-old-…`
/// folder, then `new` into its place; returns where the previous output
/// went. If the second rename fails, the previous output is put back.
fn swap_by_renames(new: &Path, target: &Path) -> io::Result<PathBuf> {
    let name = new.file_name().map(|n| n.to_string_lossy().replacen("gloss-new-", "gloss-old-", 1)).unwrap_or_default();
    let old = new.with_file_name(name);
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(new, target) {
        std::fs::rename(&old, target)?;
        return Err(e);
    }
    Ok(old)
}

/// Does this error of [`exchange`] mean the system or file system cannot
/// exchange two names (so the fallback should), rather than that it failed?
fn cannot_exchange(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP))
        || e.kind() == io::ErrorKind::Unsupported
}

#[cfg(unix)]
fn c_path(path: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)
}

/// Exchanges the names `a` and `b` (both must exist) in one atomic step.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both paths are valid NUL-terminated strings for the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Exchanges the names `a` and `b` (both must exist) in one atomic step.
#[cfg(target_vendor = "apple")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both paths are valid NUL-terminated strings for the call.
    let done = unsafe { libc::renamex_np(a.as_ptr(), b.as_ptr(), libc::RENAME_SWAP) };
    if done == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// No atomic exchange here: [`swap_by_renames`] does the work.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(path: &Path, file: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join("f"), file).unwrap();
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path.join("f")).unwrap()
    }

    #[test]
    fn exchange_swaps_two_folders() {
        let temp = tempfile::tempdir().unwrap();
        let (a, b) = (temp.path().join("a"), temp.path().join("b"));
        dir_with(&a, "a");
        dir_with(&b, "b");
        exchange(&a, &b).unwrap();
        assert_eq!((read(&a), read(&b)), ("b".into(), "a".into()));
    }

    #[test]
    fn swap_by_renames_keeps_the_previous_output_aside() {
        let temp = tempfile::tempdir().unwrap();
        let (new, target) = (temp.path().join(".public.gloss-new-x"), temp.path().join("public"));
        dir_with(&new, "new");
        dir_with(&target, "old");
        let old = swap_by_renames(&new, &target).unwrap();
        assert_eq!(old, temp.path().join(".public.gloss-old-x"));
        assert_eq!((read(&target), read(&old)), ("new".into(), "old".into()));
        assert!(!new.exists());
    }

    #[test]
    fn interrupted_fallback_swap_restores_the_previous_output() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        // Killed between the two renames: the previous output is aside,
        // the finished build is still hidden.
        dir_with(&temp.path().join(".public.gloss-old-a"), "old");
        dir_with(&temp.path().join(".public.gloss-new-a"), "new");
        recover(temp.path(), &target, ".public.gloss-").unwrap();
        assert_eq!(read(&target), "old");
        let left: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["public"]);
    }

    #[test]
    fn a_build_in_progress_is_not_taken_for_a_leftover() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        dir_with(&target, "old");
        let building = Staging::new(&target, Path::new("public")).unwrap();
        let hidden = building.sink().dir.clone();
        recover(temp.path(), &target, ".public.gloss-").unwrap();
        assert!(hidden.is_dir(), "a second build deleted the first one's folder");
        drop(building);
        assert!(!hidden.exists(), "a failed build leaves its folder behind");
    }

    /// A build waiting for another build of the same output (its lock)
    /// has made its folder already: a third build starting meanwhile must
    /// not delete it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_build_waiting_for_the_output_is_not_taken_for_a_leftover() {
        use std::os::fd::AsRawFd;
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        dir_with(&target, "old");
        std::fs::write(target.join(MARKER), guard::marker(["f"])).unwrap();
        let held = std::fs::File::open(&target).unwrap();
        // SAFETY: the descriptor is open for the whole call.
        assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);
        let waiting = {
            let target = target.clone();
            std::thread::spawn(move || Staging::new(&target, Path::new("public")).map(|s| s.sink().dir.clone()))
        };
        let hidden = loop {
            let made = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().path());
            if let Some(dir) = made.into_iter().find(|p| p.to_string_lossy().contains(".public.gloss-new-")) {
                break dir;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        recover(temp.path(), &target, ".public.gloss-").unwrap();
        assert!(hidden.is_dir(), "a build starting meanwhile deleted the waiting build's folder");
        drop(held);
        assert_eq!(waiting.join().unwrap().map_err(|d| d.message).unwrap(), hidden);
    }

    #[test]
    fn files_put_by_hand_into_the_output_are_kept_when_it_is_swapped() {
        let temp = tempfile::tempdir().unwrap();
        let (target, new) = (temp.path().join("public"), temp.path().join("new"));
        dir_with(&target, "old");
        dir_with(&new, "new");
        std::fs::write(target.join(MARKER), guard::marker(["f", "gone.html"])).unwrap();
        std::fs::write(target.join("gone.html"), "a page gloss no longer writes").unwrap();
        dir_with(&target.join("mine"), "put there by hand");
        keep_hand_added(&target, &new);
        assert_eq!((read(&new), read(&new.join("mine"))), ("new".into(), "put there by hand".into()));
        assert!(!new.join("gone.html").exists(), "a file gloss wrote before was kept");
        // Without a list (an older gloss's output), nothing is kept.
        let older = temp.path().join("older");
        dir_with(&older.join("mine"), "x");
        std::fs::write(older.join(MARKER), guard::MARKER_TEXT).unwrap();
        assert!(guard::hand_added(&older).is_empty());
    }

    #[test]
    fn leftovers_are_deleted_only_beside_an_output() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        dir_with(&temp.path().join(".public.gloss-new-a"), "incomplete");
        dir_with(&temp.path().join(".other.gloss-old-b"), "another output's");
        recover(temp.path(), &target, ".public.gloss-").unwrap();
        assert!(!target.exists() && !temp.path().join(".public.gloss-new-a").exists());
        assert!(temp.path().join(".other.gloss-old-b").exists());
    }
}
