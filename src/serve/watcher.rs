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
//!
//! A batch ends when the files have been quiet for [`QUIET`]: an editor's
//! save (a write in place, or a new file renamed over the old, with its
//! backup and swap files) is one burst of events a few milliseconds long,
//! so it is rebuilt once, from the finished file, and as soon as it ends.
//! An idle server waits for the system's next event and does nothing else.
//! A file made and gone again within a batch (a tool's temporary file,
//! renamed over the real one, as `sed -i` does) changed nothing gloss
//! reads: it is left out, and only the real file's path is handed on.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use file_id::{FileId, get_file_id};
use notify::event::CreateKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diagnostics::Diagnostic;
use crate::output::SOURCE_DIRS;

/// How long the files must be quiet for a batch of changes to end: long
/// enough to gather an editor's burst of writes and renames, short enough
/// to keep the time from save to reload well under 50 ms.
const QUIET: Duration = Duration::from_millis(10);

/// The longest a batch waits for quiet: files written without a pause
/// (a checkout of many files) are still rebuilt every so often.
const LONGEST: Duration = Duration::from_millis(500);

/// The site's watched files and the changes to them.
pub struct Watcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
    /// The identity of each of [`SOURCE_DIRS`] as watched (`None`: not
    /// watched, as it did not exist or could not be watched).
    watched: [Option<FileId>; SOURCE_DIRS.len()],
    /// Each event that wrote, made or removed something.
    changes: Receiver<Change>,
}

/// What one event of the system says changed.
struct Change {
    paths: Vec<PathBuf>,
    /// The event made a file (not a folder) at its path.
    made_file: bool,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute path).
    pub fn start(root: &Path) -> Result<Watcher, Diagnostic> {
        let (tx, changes) = channel::<Change>();
        let every_folder: Vec<PathBuf> = SOURCE_DIRS.iter().map(|d| root.join(d)).collect();
        let watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
            let Ok(event) = result else { return };
            let mut paths = Vec::new();
            // The system dropped events (its queue overflowed): act as if
            // every folder changed, so each is watched again and the whole
            // site is rebuilt.
            if event.need_rescan() {
                paths.extend(every_folder.iter().cloned());
            }
            // Reading a file is an event too; only writes matter.
            if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
                paths.extend(event.paths);
            }
            if !paths.is_empty() {
                let made_file = event.kind == EventKind::Create(CreateKind::File);
                let _ = tx.send(Change { paths, made_file });
            }
        })
        .map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
        let mut watcher = Watcher { watcher, root: root.to_path_buf(), watched: Default::default(), changes };
        watcher
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", root.display())))?;
        watcher.sync(&[]);
        Ok(watcher)
    }

    /// Waits for the next batch of changes, with the watches brought up to
    /// date first. `None` when the watcher stopped.
    pub fn next(&mut self) -> Option<Vec<PathBuf>> {
        let first = self.changes.recv().ok()?;
        Some(self.gather(first))
    }

    /// The paths of `first` and of every change until the files are quiet
    /// for [`QUIET`] (or for at most [`LONGEST`]), but for the temporary
    /// files; with the watches brought up to date.
    fn gather(&mut self, first: Change) -> Vec<PathBuf> {
        let mut batch = vec![first];
        let deadline = Instant::now() + LONGEST;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.changes.recv_timeout(QUIET.min(left)) {
                Ok(more) => batch.push(more),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        // A path whose first event in the batch made a file, gone at its
        // end, was a temporary file (one there before, deleted, is not).
        // Only where events come in order (inotify): macOS's FSEvents
        // merges a path's flags, so an article deleted there may report
        // its creation long ago first.
        let mut seen = HashSet::new();
        let mut temporary = HashSet::new();
        for change in &batch {
            for path in &change.paths {
                if seen.insert(path) && change.made_file && cfg!(target_os = "linux") {
                    temporary.insert(path);
                }
            }
        }
        temporary.retain(|p| !p.exists());
        let temporary: HashSet<PathBuf> = temporary.into_iter().cloned().collect();
        let paths: Vec<PathBuf> = batch.into_iter().flat_map(|c| c.paths).filter(|p| !temporary.contains(p)).collect();
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
                let _ = self.watcher.unwatch(&path);
            }
            if now.is_some() {
                match self.watcher.watch(&path, RecursiveMode::Recursive) {
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
                Ok(change) => left.retain(|p| !change.paths.contains(p)),
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
            let change = watcher.changes.recv_timeout(Duration::from_secs(5)).expect("the new content/ is seen");
            seen.extend(watcher.gather(change));
        }
        std::fs::write(root.join("content/a.md"), "x").unwrap();
        std::fs::write(root.join("static/a.css"), "x").unwrap();
        let files = [root.join("content/a.md"), root.join("static/a.css")];
        assert_eq!(missing(&watcher, &files), Vec::<PathBuf>::new(), "changes in the new folders were not seen");
    }

    #[test]
    fn a_save_by_rename_is_one_batch() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let (file, backup) = (root.join("content/a.md"), root.join("content/a.md~"));
        std::fs::write(&file, "old").unwrap();
        let mut watcher = Watcher::start(&root).unwrap();
        // As vim saves: the file renamed to a backup, the new one written,
        // the backup removed.
        std::fs::rename(&file, &backup).unwrap();
        std::fs::write(&file, "new").unwrap();
        std::fs::remove_file(&backup).unwrap();
        let batch = watcher.next().unwrap();
        assert!(batch.contains(&file) && batch.contains(&backup), "{batch:?}");
        assert!(watcher.changes.try_recv().is_err(), "the save came in more than one batch");
    }

    #[test]
    fn a_temporary_file_renamed_over_an_article_is_left_out() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let (file, temporary) = (root.join("content/a.md"), root.join("content/sedX1b2c3"));
        std::fs::write(&file, "old").unwrap();
        let mut watcher = Watcher::start(&root).unwrap();
        // As `sed -i` saves: a new file beside the old, renamed over it.
        std::fs::write(&temporary, "new").unwrap();
        std::fs::rename(&temporary, &file).unwrap();
        let batch = watcher.next().unwrap();
        assert!(batch.contains(&file) && !batch.contains(&temporary), "{batch:?}");
        assert_eq!(super::super::classify(&root, &batch), super::super::Rebuild::Articles(vec!["content/a.md".into()]));
    }

    #[test]
    fn a_file_deleted_then_made_and_deleted_again_is_still_seen_gone() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let file = root.join("content/a.md");
        std::fs::write(&file, "old").unwrap();
        let mut watcher = Watcher::start(&root).unwrap();
        std::fs::remove_file(&file).unwrap();
        std::fs::write(&file, "new").unwrap();
        std::fs::remove_file(&file).unwrap();
        assert!(watcher.next().unwrap().contains(&file));
    }
}
