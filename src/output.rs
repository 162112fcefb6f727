//! Writing the site. `gloss build` writes into a hidden folder next to the
//! output folder and changes the output folder only when every page is
//! written, so a failed build leaves the previous output as it was
//! (`staging`); it writes only over a folder it made itself ([`guard`]),
//! and a full disk stops the writing with one error (`full`). Once an
//! output exists, a build writes only the files whose bytes changed
//! (`previous`) and publishes them in place (`place`), reaching every
//! name beneath the output folder without following a symlink
//! (`beneath`). `gloss serve` writes into memory ([`MemorySink`]) and
//! `gloss check` into a sink that keeps only the links and ids of each page
//! (`linkcheck::Pages`), through the same [`Sink`] interface.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;

#[cfg(target_os = "linux")]
mod beneath;
mod full;
pub mod guard;
#[cfg(target_os = "linux")]
mod place;
#[cfg(target_os = "linux")]
mod previous;
mod staging;

use place::InPlace;

pub use full::DiskFull;
pub use guard::{SOURCE_DIRS, check_output_dir};
pub use staging::Staging;

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

    /// Does the output hold `rel` already, from the build before, so that
    /// it need not be written? Only for a file whose name says what it
    /// holds (a share card's address carries the hash of what it shows):
    /// its bytes are not read. When it does, `rel` counts as written.
    fn holds(&self, _rel: &str) -> bool {
        false
    }
}

/// Without the system calls it needs (Linux `openat2`), a build never
/// updates an output in place: it writes a whole new one and swaps it in.
#[cfg(not(target_os = "linux"))]
mod place {
    use std::{io, path::Path};

    pub enum InPlace {}

    impl InPlace {
        pub fn open(_: &Path) -> Option<InPlace> {
            None
        }

        pub fn write(&self, _: &str, _: usize, _: &Path, _: &[u8]) -> io::Result<Option<usize>> {
            match *self {}
        }

        pub fn stream(
            &self,
            _: &str,
            _: usize,
            _: &Path,
            _: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
        ) -> io::Result<Option<usize>> {
            match *self {}
        }

        pub fn holds(&self, _: &str) -> bool {
            match *self {}
        }

        pub fn publish(self, _: &Path, _: &str) -> io::Result<()> {
            match self {}
        }
    }
}

/// Refuses a path that could leave the output folder, and one with a line
/// break or another control character: the marker lists the files one a
/// line, and such a name would read there as other files.
pub(crate) fn safe_rel(rel: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(rel);
    if rel.chars().any(char::is_control) {
        return Err(Diagnostic::error(format!("refusing to write {rel:?}: its name holds a control character"))
            .with_help("rename the file: a name with a line break or a tab cannot be published"));
    }
    let ok = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path)
    } else {
        Err(Diagnostic::error(format!("refusing to write `{rel}`: it would leave the output folder")))
    }
}

/// Writes files under a folder. Messages name the files by where they
/// will be once the build is published (`shown`), not by the hidden
/// folder they are written to.
pub struct DirSink {
    dir: PathBuf,
    shown: PathBuf,
    full: DiskFull,
    /// The output folder being updated in place, if it is: then only
    /// changed files are written, each as a numbered file in `dir`.
    in_place: Option<InPlace>,
    /// Every file the build wrote, changed or not, one a line, for the
    /// marker's list.
    files: Mutex<String>,
    /// The number of the next file written in place.
    next: AtomicUsize,
}

/// Counts the bytes written through it.
struct Counting<W> {
    inner: W,
    bytes: usize,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where a file goes: its path in the build folder, and its number there
/// when the build updates an output in place.
type Place<'a> = (&'a Path, Option<usize>);

impl DirSink {
    /// Writes under `dir`; `shown` names the output folder in messages.
    pub fn new(dir: &Path, shown: &Path) -> Self {
        DirSink {
            dir: dir.to_path_buf(),
            shown: shown.to_path_buf(),
            full: DiskFull::default(),
            in_place: None,
            files: Mutex::default(),
            next: AtomicUsize::new(0),
        }
    }

    /// Writes only what changed from the output folder `in_place` updates.
    fn updating(self, in_place: Option<InPlace>) -> Self {
        DirSink { in_place, ..self }
    }

    /// The output folder as messages name it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Writes one file with `write`, which returns how many bytes it
    /// wrote (`None`: none, the output holds them already); `size` counts
    /// them without writing, once the disk is full.
    fn put(
        &self,
        rel: &str,
        write: impl FnOnce(Place) -> std::io::Result<Option<usize>>,
        size: impl FnOnce() -> usize,
    ) -> Result<(), Diagnostic> {
        let rel_path = safe_rel(rel)?;
        let shown = self.shown.join(rel_path);
        if self.full.is_full() {
            self.full.missed(size());
            return Err(DiskFull::error(&self.shown));
        }
        let failed = match &self.in_place {
            Some(_) => {
                let n = self.next.fetch_add(1, Ordering::Relaxed);
                self.write_at((&self.dir.join(n.to_string()), Some(n)), write, &shown)
            }
            None => {
                let path = self.dir.join(rel_path);
                match std::fs::create_dir_all(path.parent().unwrap_or(&self.dir)) {
                    Err(e) => Some((e, shown.parent().unwrap_or(&shown).to_path_buf(), "create folder")),
                    Ok(()) => self.write_at((&path, None), write, &shown),
                }
            }
        };
        let Some((e, what, verb)) = failed else {
            self.record(rel);
            return Ok(());
        };
        if full::is_full(&e) {
            self.full.missed(size());
            return Err(DiskFull::error(&self.shown));
        }
        Err(Diagnostic::error(format!("cannot {verb} {}: {e}", what.display())))
    }

    /// Notes that the build wrote `rel` (or found it in place), for the
    /// marker's list.
    fn record(&self, rel: &str) {
        let mut files = self.files.lock().expect("no panics while holding the lock");
        files.push_str(rel);
        files.push('\n');
    }

    /// Runs `write` for `place`, counting what it wrote; the error, if any,
    /// with what it names and what failed.
    fn write_at(
        &self,
        place: Place,
        write: impl FnOnce(Place) -> std::io::Result<Option<usize>>,
        shown: &Path,
    ) -> Option<(std::io::Error, PathBuf, &'static str)> {
        match write(place) {
            Ok(n) => {
                self.full.wrote(n.unwrap_or(0));
                None
            }
            Err(e) => Some((e, shown.to_path_buf(), "write")),
        }
    }
}

impl Sink for DirSink {
    fn holds(&self, rel: &str) -> bool {
        let held = safe_rel(rel).is_ok() && self.in_place.as_ref().is_some_and(|p| p.holds(rel));
        if held {
            self.record(rel);
        }
        held
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let to_disk = |(path, n): Place| match (&self.in_place, n) {
            (Some(in_place), Some(n)) => in_place.write(rel, n, path, bytes),
            _ => create(path)?.write_all(bytes).map(|()| Some(bytes.len())),
        };
        self.put(rel, to_disk, || bytes.len())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut to_disk = |(path, n): Place| {
            if let (Some(in_place), Some(n)) = (&self.in_place, n) {
                return in_place.stream(rel, n, path, fill);
            }
            let file = std::io::BufWriter::with_capacity(1 << 16, create(path)?);
            let mut out = Counting { inner: file, bytes: 0 };
            fill(&mut out).and_then(|()| out.flush()).map(|()| Some(out.bytes))
        };
        let result = self.put(rel, &mut to_disk, || 0);
        if result.is_err() && self.full.is_full() {
            // Count the whole file, writing nothing.
            let mut all = Counting { inner: std::io::sink(), bytes: 0 };
            let _ = fill(&mut all);
            self.full.missed(all.bytes);
        }
        result
    }
}

/// Creates the file `path` anew for writing. A file already there is
/// removed first, never truncated: nothing ever writes into a file that
/// has another name.
fn create(path: &Path) -> std::io::Result<std::fs::File> {
    let new = || std::fs::File::options().write(true).create_new(true).open(path);
    match new() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            new()
        }
        done => done,
    }
}

/// Replaces the disk-full errors of a failed build into `sink` by one
/// that says how much space the site needed.
pub fn explain_disk_full(diags: &mut Vec<Diagnostic>, sink: &DirSink) {
    full::explain(diags, &sink.full, &sink.shown);
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
        assert!(safe_rel("a\nb.txt").is_err(), "a line break would split the marker's list");
        assert!(safe_rel("a\tb.txt").is_err());
    }

    #[test]
    fn streamed_files_are_written_whole_and_safely() {
        let dir = tempfile::tempdir().unwrap();
        let sink = DirSink::new(dir.path(), Path::new("public"));
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

    #[cfg(unix)]
    #[test]
    fn full_disk_stops_writing_at_the_first_failure() {
        // A write that finds no space, as on a full disk (the integration
        // test `full_disk_gives_one_error_not_one_per_file` fills a real one).
        let dir = tempfile::tempdir().unwrap();
        let sink = DirSink::new(dir.path(), Path::new("public"));
        let no_space = |_: Place| Err(std::io::Error::from_raw_os_error(libc::ENOSPC));
        let first = sink.put("full.html", no_space, || 300).unwrap_err();
        assert_eq!(first, DiskFull::error(Path::new("public")));
        let later = sink.write("a/later.html", b"12345").unwrap_err();
        assert_eq!(later, first, "every later write fails the same way");
        let streamed = sink.write_with("all.json", &mut |w: &mut dyn Write| w.write_all(&[b'y'; 1000])).unwrap_err();
        assert_eq!(streamed, first);
        assert!(!dir.path().join("a").exists() && !dir.path().join("all.json").exists(), "nothing written after");
        let mut diags = vec![first, later, streamed];
        explain_disk_full(&mut diags, &sink);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let help = diags[0].help.as_deref().unwrap();
        assert!(
            help.starts_with("0 bytes of files were written before the disk filled, and at least 1.3 KB more"),
            "{help}"
        );
    }
}
