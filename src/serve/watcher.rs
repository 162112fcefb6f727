//! Watching the site's files for `gloss serve`.
//!
//! The root is watched on its own, not recursively (it also holds the
//! output, `target/`, `.git/`…), so that `site.yaml` changing and the
//! known folders appearing, vanishing or moving are seen; each known
//! folder is watched recursively while it exists. The operating system
//! watches a folder, not a name: `content/` deleted and made again, or
//! moved away and back, or `static/` made after the server started, is a
//! folder nobody watches. So before each batch of changes is handed on,
//! [`Watcher::next`] watches a known folder again when the batch names
//! the folder itself (it was made, deleted or moved: a new folder may
//! even reuse the old one's inode) or when it is not the folder watched
//! (by file identity). The rebuild that follows reads the disk after
//! that, so a file written into a new folder before its watch began is
//! still seen.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_full::file_id::{FileId, get_file_id};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::diagnostics::Diagnostic;
use crate::output::SOURCE_DIRS;

/// 20 ms gathers an editor's burst of writes and renames, and keeps the
/// time from save to reload well under 50 ms.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The site's watched files and the batches of paths that changed.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The identity of each of [`SOURCE_DIRS`] as watched (`None`: not
    /// watched, as it did not exist or could not be watched).
    watched: [Option<FileId>; SOURCE_DIRS.len()],
    changes: Receiver<Vec<PathBuf>>,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute path).
    pub fn start(root: &Path) -> Result<Watcher, Diagnostic> {
        let (tx, changes) = channel::<Vec<PathBuf>>();
        let every_folder: Vec<PathBuf> = SOURCE_DIRS.iter().map(|d| root.join(d)).collect();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            if let Ok(events) = result {
                // The system dropped events (its queue overflowed): act as
                // if every folder changed, so each is watched again and the
                // whole site is rebuilt.
                let lost = events.iter().any(|e| e.need_rescan());
                // Reading a file is an event too; only writes matter.
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if lost {
                    paths.extend(every_folder.iter().cloned());
                }
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
        })
        .map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
        let mut watcher = Watcher { debouncer, root: root.to_path_buf(), watched: Default::default(), changes };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", root.display())))?;
        watcher.sync(&[]);
        Ok(watcher)
    }

    /// Waits for the next changes (every batch waiting, merged: editors
    /// that save by rename send bursts), with the watches brought up to
    /// date first. `None` when the watcher stopped.
    pub fn next(&mut self) -> Option<Vec<PathBuf>> {
        let first = self.changes.recv().ok()?;
        Some(self.gather(first))
    }

    /// `first` and every batch waiting, with the watches brought up to date.
    fn gather(&mut self, mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
        while let Ok(more) = self.changes.try_recv() {
            paths.extend(more);
        }
        self.sync(&paths);
        paths
    }

    /// Watches each known folder as it is now: a new one, one that
    /// replaced the folder watched or one that `changed` names, and forgets
    /// one that is gone.
    fn sync(&mut self, changed: &[PathBuf]) {
        for (dir, watched) in SOURCE_DIRS.iter().zip(self.watched.iter_mut()) {
            let path = self.root.join(dir);
            let now = path.is_dir().then(|| get_file_id(&path).ok()).flatten();
            if now == *watched && !changed.contains(&path) {
                continue;
            }
            if watched.take().is_some() {
                // The system may have dropped the watch with the folder.
                let _ = self.debouncer.unwatch(&path);
            }
            if now.is_some() {
                match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => *watched = now,
                    Err(e) => eprintln!("Cannot watch {}: {e}; changes in it need a restart.", path.display()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// Waits until every one of `paths` was in a batch, for at most five
    /// seconds; returns those never seen.
    fn missing(watcher: &Watcher, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut left = paths.to_vec();
        let deadline = Instant::now() + Duration::from_secs(5);
        while let (false, Some(time)) = (left.is_empty(), deadline.checked_duration_since(Instant::now())) {
            match watcher.changes.recv_timeout(time) {
                Ok(batch) => left.retain(|p| !batch.contains(p)),
                Err(_) => break,
            }
        }
        left
    }

    #[test]
    fn folders_made_after_the_start_or_made_again_are_watched() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let mut watcher = Watcher::start(&root).unwrap();
        std::fs::remove_dir(root.join("content")).unwrap();
        assert_eq!(missing(&watcher, &[root.join("content")]), Vec::<PathBuf>::new(), "the deletion was not seen");
        // Made again at once, the folder may get the old one's inode.
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::create_dir(root.join("static")).unwrap();
        let mut seen = Vec::new();
        while !seen.contains(&root.join("content")) {
            let batch = watcher.changes.recv_timeout(Duration::from_secs(5)).expect("the new content/ is seen");
            seen.extend(watcher.gather(batch));
        }
        std::fs::write(root.join("content/a.md"), "x").unwrap();
        std::fs::write(root.join("static/a.css"), "x").unwrap();
        let files = [root.join("content/a.md"), root.join("static/a.css")];
        assert_eq!(missing(&watcher, &files), Vec::<PathBuf>::new(), "changes in the new folders were not seen");
    }
}
