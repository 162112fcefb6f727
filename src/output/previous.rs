//! The previous output as the measure of what changed. A rebuild after
//! one edit changes a few files of thousands, but writing all of them
//! again costs more than rendering them (on a disk, creating and deleting
//! inodes), and gives every file a new mtime, so deploy tools that compare
//! mtimes (rsync, object-store sync) upload the whole site. So each file a
//! build writes is first compared with the same path in the output folder
//! it updates: when the bytes are equal, nothing is written and that file
//! stays as it is (same inode, same mtime). The bytes are compared, never
//! trusted: a file edited by hand is written anew.
//!
//! A file is left in place only when it is a regular file owned by this
//! user with the permissions a new file gets, reached without following a
//! symlink anywhere in its path ([`super::beneath`]); otherwise it is
//! written anew, and the new file replaces it when the build is published.
//!
//! A streamed file (`claims.json`, 8 MB at 1,000 articles) is compared as
//! it comes, a piece at a time, rather than held whole: while its bytes so
//! far equal the previous file's, nothing is written; at the first
//! difference the equal part is copied from the previous file (by the
//! kernel) and the rest written after it.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::{Counting, beneath, create};

/// The output folder a build updates, opened to compare files with.
pub struct Previous {
    pub dir: File,
    /// The permission bits of a file this process creates.
    fresh_mode: u32,
    uid: u32,
}

/// A file of the previous output that may be left in place, open for comparing.
struct Candidate {
    file: File,
    len: u64,
}

impl Previous {
    /// The output folder `target`, opened to compare with; `None` when
    /// there is none, or when files cannot be reached safely beneath it here.
    pub fn open(target: &Path) -> Option<Previous> {
        use std::os::unix::fs::OpenOptionsExt;
        let fresh_mode = 0o666 & !beneath::umask()?;
        let dir = File::options().read(true).custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW).open(target).ok()?;
        beneath::folder(&dir, "").ok()?;
        // SAFETY: geteuid cannot fail.
        let uid = unsafe { libc::geteuid() };
        Some(Previous { dir, fresh_mode, uid })
    }

    /// Writes `bytes` at `path` unless the previous output's `rel` holds
    /// them already. `None` when it does (nothing written), else how
    /// many bytes were written.
    pub fn write(&self, rel: &str, path: &Path, bytes: &[u8]) -> io::Result<Option<usize>> {
        if let Some(mut candidate) = self.candidate(rel, Some(bytes.len() as u64)) {
            if candidate.next_equals(bytes) {
                return Ok(None);
            }
        }
        create(path)?.write_all(bytes)?;
        Ok(Some(bytes.len()))
    }

    /// Writes the file that `fill` streams at `path`, as [`Previous::write`]
    /// does, comparing piece by piece.
    pub fn stream(
        &self,
        rel: &str,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<Option<usize>> {
        let mut out = match self.candidate(rel, None) {
            Some(candidate) => Streamed::Same { candidate, matched: 0, path },
            None => Streamed::fresh(path)?,
        };
        fill(&mut out)?;
        if let Streamed::Same { candidate, matched, .. } = &out {
            if *matched == candidate.len {
                return Ok(None);
            }
            out.diverge()?;
        }
        let Streamed::Written(mut written) = out else { unreachable!("diverged above") };
        written.flush()?;
        Ok(Some(written.bytes))
    }

    /// Is the previous output's file `rel` one that may be left in place,
    /// and not empty? Its bytes are not read.
    pub fn holds(&self, rel: &str) -> bool {
        self.candidate(rel, None).is_some_and(|c| c.len > 0)
    }

    /// The previous output's file `rel`, open for comparing, if it may be
    /// left in place (see the module doc) and is `len` bytes long when
    /// that is given.
    fn candidate(&self, rel: &str, len: Option<u64>) -> Option<Candidate> {
        let file = beneath::open_file(&self.dir, rel).ok()?;
        let meta = file.metadata().ok()?;
        let keep = meta.file_type().is_file()
            && meta.uid() == self.uid
            && meta.mode() & 0o7777 == self.fresh_mode
            && len.is_none_or(|len| len == meta.len());
        keep.then(|| Candidate { len: meta.len(), file })
    }
}

impl Candidate {
    /// Do the file's next bytes equal `bytes`? Reads as many as it holds.
    fn next_equals(&mut self, bytes: &[u8]) -> bool {
        let mut buf = vec![0; bytes.len().min(1 << 16)];
        for expected in bytes.chunks(buf.len().max(1)) {
            let got = &mut buf[..expected.len()];
            if self.file.read_exact(got).is_err() || got != expected {
                return false;
            }
        }
        true
    }
}

/// A streamed file on its way into staging.
enum Streamed<'a> {
    /// Every byte so far equals the previous file's first `matched`; nothing
    /// is written yet.
    Same {
        candidate: Candidate,
        matched: u64,
        path: &'a Path,
    },
    Written(Counting<io::BufWriter<File>>),
}

impl Streamed<'_> {
    /// A new file at `path`, written from the start.
    fn fresh(path: &Path) -> io::Result<Streamed<'static>> {
        Ok(Streamed::Written(Counting { inner: io::BufWriter::with_capacity(1 << 16, create(path)?), bytes: 0 }))
    }

    /// Turns to writing: creates the file and copies into it the equal part
    /// of the previous file.
    fn diverge(&mut self) -> io::Result<()> {
        let Streamed::Same { candidate, matched, path } = self else { return Ok(()) };
        let mut file = create(path)?;
        candidate.file.rewind()?;
        let copied = io::copy(&mut (&candidate.file).take(*matched), &mut file)?;
        if copied != *matched {
            return Err(io::Error::other("the previous output changed while it was being read"));
        }
        let inner = io::BufWriter::with_capacity(1 << 16, file);
        *self = Streamed::Written(Counting { inner, bytes: copied as usize });
        Ok(())
    }
}

impl Write for Streamed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Streamed::Same { candidate, matched, .. } = self {
            if *matched + buf.len() as u64 <= candidate.len && candidate.next_equals(buf) {
                *matched += buf.len() as u64;
                return Ok(buf.len());
            }
            self.diverge()?;
        }
        match self {
            Streamed::Written(out) => out.write(buf),
            Streamed::Same { .. } => unreachable!("diverged above"),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Streamed::Written(out) => out.flush(),
            Streamed::Same { .. } => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A previous output holding `files`, and an empty staging folder.
    fn folders(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let temp = tempfile::tempdir().unwrap();
        let (previous, staging) = (temp.path().join("public"), temp.path().join("new"));
        for (rel, text) in files {
            let path = previous.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::create_dir_all(&staging).unwrap();
        (temp, previous, staging)
    }

    #[test]
    fn writes_only_what_differs_and_never_touches_the_previous_output() {
        let (_temp, previous, staging) = folders(&[("same.html", "same"), ("edited.html", "old!"), ("short", "ab")]);
        let keep = Previous::open(&previous).unwrap();
        assert_eq!(keep.write("same.html", &staging.join("1"), b"same").unwrap(), None);
        assert!(!staging.join("1").exists(), "an unchanged file was written");
        assert_eq!(keep.write("edited.html", &staging.join("2"), b"new!").unwrap(), Some(4));
        assert_eq!(keep.write("short", &staging.join("3"), b"abc").unwrap(), Some(3));
        assert_eq!(keep.write("absent", &staging.join("4"), b"x").unwrap(), Some(1));
        assert_eq!(std::fs::read_to_string(staging.join("2")).unwrap(), "new!");
        assert_eq!(std::fs::read_to_string(previous.join("edited.html")).unwrap(), "old!");
    }

    #[test]
    fn a_file_reached_through_a_symlink_or_with_other_permissions_is_written() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let (temp, previous, staging) = folders(&[("private.html", "same")]);
        let outside = temp.path().join("outside");
        std::fs::create_dir_all(outside.join("dir")).unwrap();
        std::fs::write(outside.join("page.html"), "same").unwrap();
        std::fs::write(outside.join("dir/page.html"), "same").unwrap();
        symlink(outside.join("page.html"), previous.join("link.html")).unwrap();
        symlink(outside.join("dir"), previous.join("dir")).unwrap();
        std::fs::set_permissions(previous.join("private.html"), std::fs::Permissions::from_mode(0o600)).unwrap();
        let keep = Previous::open(&previous).unwrap();
        for (n, rel) in ["link.html", "dir/page.html", "private.html"].into_iter().enumerate() {
            let path = staging.join(n.to_string());
            assert_eq!(keep.write(rel, &path, b"same").unwrap(), Some(4), "{rel} was left as it is");
        }
    }

    /// Streams `text` as `rel` in pieces of `piece` bytes into `staging/to`.
    fn stream(keep: &Previous, staging: &Path, rel: &str, text: &str, piece: usize) -> Option<usize> {
        let mut fill = |w: &mut dyn Write| text.as_bytes().chunks(piece).try_for_each(|c| w.write_all(c));
        keep.stream(rel, &staging.join(rel), &mut fill).unwrap()
    }

    #[test]
    fn streamed_files_are_compared_as_they_come() {
        let long = "0123456789".repeat(20_000);
        let files = [
            ("same.json", long.as_str()),
            ("middle.json", long.as_str()),
            ("longer.json", "abc"),
            ("shorter.json", "abcdef"),
        ];
        let (_temp, previous, staging) = folders(&files);
        let keep = Previous::open(&previous).unwrap();
        assert_eq!(stream(&keep, &staging, "same.json", &long, 7000), None);
        assert!(!staging.join("same.json").exists());
        let changed = format!("{}X{}", &long[..150_000], &long[150_001..]);
        let cases = [("middle.json", changed.as_str()), ("longer.json", "abcdef"), ("shorter.json", "abc")];
        for (rel, text) in cases {
            assert_eq!(stream(&keep, &staging, rel, text, 4096), Some(text.len()), "{rel}");
            assert_eq!(std::fs::read_to_string(staging.join(rel)).unwrap(), text, "{rel}");
        }
        assert_eq!(std::fs::read_to_string(previous.join("middle.json")).unwrap(), long);
        assert_eq!(stream(&keep, &staging, "new.json", "fresh", 2), Some(5));
        assert_eq!(std::fs::read_to_string(staging.join("new.json")).unwrap(), "fresh");
    }
}
