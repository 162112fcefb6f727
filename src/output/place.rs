//! Publishing a build in place. A rebuild of a site changes few of its
//! files, and on a disk making and deleting folders and inodes costs more
//! than rendering every page: building a whole second tree and deleting
//! the first took 2 s of 2.7 at 1,000 articles (11,000 pages, each in a
//! folder of its own). So once an output folder exists, a build writes
//! only the files whose bytes changed ([`super::previous`]), each as a
//! numbered file in the hidden build folder, and nothing in the output
//! folder changes while it runs: a build that fails leaves it as it was.
//! When every page is written, [`InPlace::publish`] renames each changed
//! file into place (one atomic step per file: a reader sees the old file
//! or the new one, never a part), then deletes what the build no longer
//! writes, then records what it wrote.
//!
//! What a build wrote is listed in the output's marker file (see
//! [`super::guard`]), so the next build knows what to delete without
//! reading every folder. The list is widened to the old and the new files
//! before anything is renamed, so a build killed while publishing leaves
//! a marker that names every file gloss put there, and the next build
//! finishes the work. Every name is reached beneath the output folder
//! without following a symlink ([`super::beneath`]).

use std::collections::HashSet;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Mutex;

use super::beneath;
use super::guard::{self, MARKER};
use super::previous::Previous;

/// A build that updates an existing output folder in place.
pub struct InPlace {
    previous: Previous,
    /// The files that changed: where each goes, and its number in the
    /// build folder.
    staged: Mutex<Vec<(String, usize)>>,
}

impl InPlace {
    /// Updates `target` in place, if it holds gloss's marker with its
    /// list of files and can be reached safely here.
    pub fn open(target: &Path) -> Option<InPlace> {
        let previous = Previous::open(target)?;
        // Two builds of one output run one after the other: each compares
        // with the output as the one before left it.
        // A file system without locks (some NFS) fails this and lets two
        // builds interleave: each file is still whole, old or new.
        // SAFETY: the descriptor is open for the whole call.
        unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&previous.dir), libc::LOCK_EX) };
        guard::listed(&read_marker(&previous.dir).ok()?)?;
        Some(InPlace { previous, staged: Mutex::default() })
    }

    /// Writes `bytes` at `path` in the build folder, as file number `n`,
    /// unless the output's `rel` holds them already: `None` then (nothing
    /// written), else how many bytes were written.
    pub fn write(&self, rel: &str, n: usize, path: &Path, bytes: &[u8]) -> io::Result<Option<usize>> {
        let written = self.previous.write(rel, path, bytes)?;
        if written.is_some() {
            self.staged(rel, n);
        }
        Ok(written)
    }

    /// [`InPlace::write`] for a file that `fill` streams.
    pub fn stream(
        &self,
        rel: &str,
        n: usize,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<Option<usize>> {
        let written = self.previous.stream(rel, path, fill)?;
        if written.is_some() {
            self.staged(rel, n);
        }
        Ok(written)
    }

    /// Does the output hold the file `rel` (see [`super::Sink::holds`])?
    pub fn holds(&self, rel: &str) -> bool {
        self.previous.holds(rel)
    }

    /// Records that the file `rel` changed and is number `n` in the build folder.
    fn staged(&self, rel: &str, n: usize) {
        self.staged.lock().expect("no panics while holding the lock").push((rel.to_string(), n));
    }

    /// Puts the changed files of the build folder `dir` into the output
    /// folder, deletes the files of the previous build that this one
    /// (which wrote `files`, one a line) did not write, and lists `files`
    /// in the marker (see the module doc). An error names the file it
    /// stopped at.
    pub fn publish(self, dir: &Path, files: &str) -> io::Result<()> {
        let out = &self.previous.dir;
        let build = File::open(dir)?;
        let old = read_marker(out)?;
        let before: HashSet<&str> = guard::listed(&old).unwrap_or_default().into_iter().collect();
        let written: HashSet<&str> = files.lines().chain([MARKER]).collect();
        let stale: Vec<&str> = before.iter().copied().filter(|rel| !written.contains(rel)).collect();
        if written.iter().any(|rel| !before.contains(rel)) {
            put_marker(dir, &build, out, &guard::marker(before.iter().chain(&written).copied()))?;
        }
        let mut staged = self.staged.into_inner().expect("no panics while holding the lock");
        // Pages last: a new page never links to a card, image or
        // stylesheet that is not in place yet.
        staged.sort_by_key(|(rel, _)| rel.ends_with(".html"));
        for (rel, n) in &staged {
            put(&build, &n.to_string(), out, rel).map_err(|e| io::Error::new(e.kind(), format!("{rel}: {e}")))?;
        }
        remove_stale(out, &stale);
        let new = guard::marker(written);
        if new != old.as_bytes() {
            put_marker(dir, &build, out, &new)?;
        }
        Ok(())
    }
}

/// The marker of the output folder `out`.
fn read_marker(out: &File) -> io::Result<String> {
    io::read_to_string(beneath::open_file(out, MARKER)?)
}

/// Renames `name` of the folder `build` to `rel` under the output folder
/// `out`, making the folders it needs.
fn put(build: &File, name: &str, out: &File, rel: &str) -> io::Result<()> {
    let (parent, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let at = beneath::make_folder(out, parent)?;
    match beneath::rename(build, name, &at, file) {
        // A folder of the previous output stands where a file goes now: it
        // is moved into the build folder, deleted with it, so that nothing
        // is reached by a path that a symlink could redirect.
        Err(e) if matches!(e.raw_os_error(), Some(libc::EISDIR | libc::ENOTEMPTY | libc::EEXIST)) => {
            beneath::rename(&at, file, build, &format!("{name}.gone"))?;
            beneath::rename(build, name, &at, file)
        }
        done => done,
    }
}

/// Writes `bytes` as the marker of the output folder `out`, by way of the
/// build folder `dir` (open as `build`), in one atomic step.
fn put_marker(dir: &Path, build: &File, out: &File, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(dir.join("marker"), bytes)?;
    beneath::rename(build, "marker", &beneath::folder(out, "")?, MARKER)
}

/// Deletes the files `stale` of the output folder `out`, and then each of
/// their folders that is left empty. A file already gone is no error, and
/// one that cannot be deleted is left: the next build tries again.
fn remove_stale(out: &File, stale: &[&str]) {
    let mut folders: Vec<&str> = Vec::new();
    for rel in stale {
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        if let Ok(at) = beneath::folder(out, parent) {
            let _ = beneath::remove(&at, name, false);
        }
        let mut dir = parent;
        while !dir.is_empty() {
            folders.push(dir);
            dir = dir.rsplit_once('/').map_or("", |(up, _)| up);
        }
    }
    // Deepest first, so a folder's folders go before it.
    folders.sort_unstable_by(|a, b| b.matches('/').count().cmp(&a.matches('/').count()).then(b.cmp(a)));
    folders.dedup();
    for rel in folders {
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        if let Ok(at) = beneath::folder(out, parent) {
            let _ = beneath::remove(&at, name, true);
        }
    }
}
