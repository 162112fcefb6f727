//! The previous output as a source of unchanged files. A rebuild after one
//! edit changes a few files of thousands, but writing all of them again
//! costs more than rendering them (on a disk, creating and deleting
//! inodes), and gives every file a new mtime, so deploy tools that compare
//! mtimes (rsync, object-store sync) upload the whole site. So when staging
//! writes a file whose bytes equal those of the same path in the output
//! folder being replaced, it takes that file by a hard link instead: same
//! inode, same mtime, nothing written. The bytes are compared, never
//! trusted: a file edited by hand is written anew.
//!
//! The previous output is only a source of bytes. A link must never make
//! the new output share an inode with anything outside the previous
//! output, so a file is taken only when it is a regular file with no other
//! name (one link), owned by this user with the permissions a new file
//! gets, and reached without following a symlink anywhere in its path
//! (Linux `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`); the name
//! made in staging is checked to be the very inode that was compared. After
//! the swap the previous output is deleted and each kept file has one name
//! again. Nothing ever writes into a kept file: staging creates every file
//! it writes anew ([`super::create`]), so a swap that fails leaves the
//! previous output as it was.
//!
//! Linking only saves work: where it fails (another file system, one
//! without hard links, too many links) the file is written, and on systems
//! without `openat2` every file is written, as before.
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
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Counting, create};

/// The output folder a build replaces, opened to take unchanged files from.
pub struct Previous {
    dir: File,
    /// The permission bits of a file this process creates.
    fresh_mode: u32,
    uid: u32,
    /// Cleared when this system or file system cannot open beneath a
    /// folder or make hard links, so that no more attempts are made.
    works: AtomicBool,
}

/// A file of the previous output that may be kept, open for comparing.
struct Candidate {
    file: File,
    dev: u64,
    ino: u64,
    len: u64,
}

impl Previous {
    /// The output folder `target` that a build replaces; `None` when there
    /// is none, or when files cannot be kept from it here.
    pub fn open(target: &Path) -> Option<Previous> {
        use std::os::unix::fs::OpenOptionsExt;
        let fresh_mode = 0o666 & !sys::umask()?;
        let dir = File::options().read(true).custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW).open(target).ok()?;
        // SAFETY: geteuid cannot fail.
        let uid = unsafe { libc::geteuid() };
        Some(Previous { dir, fresh_mode, uid, works: AtomicBool::new(true) })
    }

    /// Puts `bytes` at `path` in staging, as `rel` of the site: a link to
    /// the previous output's file when it holds the same bytes, else a new
    /// file. Returns how many bytes were written.
    pub fn write(&self, rel: &str, path: &Path, bytes: &[u8]) -> io::Result<usize> {
        if let Some(mut candidate) = self.candidate(rel, Some(bytes.len() as u64)) {
            if candidate.next_equals(bytes) && self.link(rel, &candidate, path) {
                return Ok(0);
            }
        }
        create(path)?.write_all(bytes)?;
        Ok(bytes.len())
    }

    /// Puts the file that `fill` streams at `path`, as [`Previous::write`]
    /// does, comparing piece by piece. Returns how many bytes were written.
    pub fn stream(
        &self,
        rel: &str,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mut out = match self.candidate(rel, None) {
            Some(candidate) => Streamed::Same { candidate, matched: 0, path },
            None => Streamed::fresh(path)?,
        };
        fill(&mut out)?;
        if let Streamed::Same { candidate, matched, .. } = &out {
            if *matched == candidate.len && self.link(rel, candidate, path) {
                return Ok(0);
            }
            out.diverge()?;
        }
        let Streamed::Written(mut written) = out else { unreachable!("diverged above") };
        written.flush()?;
        Ok(written.bytes)
    }

    /// The previous output's file `rel`, open for comparing, if it may be
    /// kept (see the module doc) and is `len` bytes long when that is given.
    fn candidate(&self, rel: &str, len: Option<u64>) -> Option<Candidate> {
        if !self.works.load(Ordering::Relaxed) {
            return None;
        }
        let file = match sys::open_beneath(&self.dir, rel) {
            Ok(file) => file,
            Err(e) => {
                if matches!(e.raw_os_error(), Some(libc::ENOSYS | libc::EPERM))
                    || e.kind() == io::ErrorKind::Unsupported
                {
                    self.works.store(false, Ordering::Relaxed);
                }
                return None;
            }
        };
        let meta = file.metadata().ok()?;
        let keep = meta.file_type().is_file()
            && meta.nlink() == 1
            && meta.uid() == self.uid
            && meta.mode() & 0o7777 == self.fresh_mode
            && len.is_none_or(|len| len == meta.len());
        keep.then(|| Candidate { dev: meta.dev(), ino: meta.ino(), len: meta.len(), file })
    }

    /// Links the candidate, the previous output's `rel`, at `to`. `false`
    /// when it could not, or `rel` is no longer that file: then nothing is
    /// left at `to`.
    fn link(&self, rel: &str, candidate: &Candidate, to: &Path) -> bool {
        if let Err(e) = sys::link_beneath(&self.dir, rel, to) {
            if matches!(e.raw_os_error(), Some(libc::EXDEV | libc::EPERM | libc::ENOTSUP | libc::ENOSYS)) {
                self.works.store(false, Ordering::Relaxed);
            }
            return false;
        }
        // A folder of the previous output replaced by a symlink since the
        // comparison would make `rel` name another file.
        let same = std::fs::symlink_metadata(to).is_ok_and(|m| m.dev() == candidate.dev && m.ino() == candidate.ino);
        if !same {
            let _ = std::fs::remove_file(to);
        }
        same
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

#[cfg(target_os = "linux")]
mod sys {
    use std::ffi::CString;
    use std::fs::File;
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::path::Path;

    /// Opens `rel` under `dir` for reading, refusing a symlink anywhere in
    /// its path and any path that leaves `dir`.
    pub fn open_beneath(dir: &File, rel: &str) -> io::Result<File> {
        let rel = CString::new(rel).map_err(io::Error::other)?;
        // SAFETY: `open_how` is plain integers, for which zero is valid.
        let mut how: libc::open_how = unsafe { std::mem::zeroed() };
        // Non-blocking, so that a FIFO put there does not hang the build.
        how.flags = (libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC) as u64;
        how.resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_NO_MAGICLINKS;
        // SAFETY: `rel` and `how` are valid for the call, and `how`'s size is passed.
        let fd = unsafe {
            libc::syscall(libc::SYS_openat2, dir.as_raw_fd(), rel.as_ptr(), &how, size_of::<libc::open_how>())
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: the descriptor was just opened and is owned by nobody else.
        Ok(unsafe { File::from_raw_fd(fd as i32) })
    }

    /// Makes `to` a hard link to `rel` under `dir` (a symlink at `rel` itself
    /// is linked as such, never followed).
    pub fn link_beneath(dir: &File, rel: &str, to: &Path) -> io::Result<()> {
        use std::os::unix::ffi::OsStrExt;
        let rel = CString::new(rel).map_err(io::Error::other)?;
        let to = CString::new(to.as_os_str().as_bytes()).map_err(io::Error::other)?;
        // SAFETY: both paths are valid NUL-terminated strings for the call.
        let done = unsafe { libc::linkat(dir.as_raw_fd(), rel.as_ptr(), libc::AT_FDCWD, to.as_ptr(), 0) };
        if done == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
    }

    /// The process's umask, read without changing it (Linux 4.7 and later).
    pub fn umask() -> Option<u32> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
        u32::from_str_radix(line.trim(), 8).ok()
    }
}

/// No `openat2` here: no file is kept, every one is written.
#[cfg(not(target_os = "linux"))]
mod sys {
    use std::fs::File;
    use std::io;
    use std::path::Path;

    pub fn open_beneath(_: &File, _: &str) -> io::Result<File> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub fn link_beneath(_: &File, _: &str, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub fn umask() -> Option<u32> {
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
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

    fn inode(path: &Path) -> u64 {
        std::fs::symlink_metadata(path).unwrap().ino()
    }

    /// Is `rel` in staging the previous output's file (the same inode)?
    fn kept(previous: &Path, staging: &Path, rel: &str) -> bool {
        inode(&previous.join(rel)) == inode(&staging.join(rel))
    }

    #[test]
    fn keeps_equal_files_and_writes_the_others() {
        let (_temp, previous, staging) = folders(&[("same.html", "same"), ("edited.html", "old!"), ("short", "ab")]);
        let keep = Previous::open(&previous).unwrap();
        assert_eq!(keep.write("same.html", &staging.join("same.html"), b"same").unwrap(), 0);
        assert_eq!(keep.write("edited.html", &staging.join("edited.html"), b"new!").unwrap(), 4);
        keep.write("short", &staging.join("short"), b"abc").unwrap();
        keep.write("absent", &staging.join("absent"), b"x").unwrap();
        assert!(kept(&previous, &staging, "same.html"));
        assert!(!kept(&previous, &staging, "edited.html") && !kept(&previous, &staging, "short"));
        assert_eq!(std::fs::read_to_string(staging.join("edited.html")).unwrap(), "new!");
        assert_eq!(std::fs::read_to_string(previous.join("edited.html")).unwrap(), "old!");
    }

    #[test]
    fn a_second_write_replaces_a_kept_file_and_leaves_the_previous_one() {
        let (_temp, previous, staging) = folders(&[("a.html", "same")]);
        let keep = Previous::open(&previous).unwrap();
        keep.write("a.html", &staging.join("a.html"), b"same").unwrap();
        keep.write("a.html", &staging.join("a.html"), b"other").unwrap();
        assert_eq!(std::fs::read_to_string(staging.join("a.html")).unwrap(), "other");
        assert_eq!(std::fs::read_to_string(previous.join("a.html")).unwrap(), "same");
        assert_eq!(std::fs::metadata(previous.join("a.html")).unwrap().nlink(), 1);
    }

    #[test]
    fn never_takes_a_file_that_has_a_name_outside_the_previous_output() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let (temp, previous, staging) = folders(&[("private.html", "same")]);
        let outside = temp.path().join("outside");
        std::fs::create_dir_all(outside.join("dir")).unwrap();
        std::fs::write(outside.join("page.html"), "same").unwrap();
        std::fs::write(outside.join("dir/page.html"), "same").unwrap();
        std::fs::write(outside.join("linked.html"), "same").unwrap();
        symlink(outside.join("page.html"), previous.join("link.html")).unwrap();
        symlink(outside.join("dir"), previous.join("dir")).unwrap();
        std::fs::hard_link(outside.join("linked.html"), previous.join("linked.html")).unwrap();
        std::fs::set_permissions(previous.join("private.html"), std::fs::Permissions::from_mode(0o600)).unwrap();
        let keep = Previous::open(&previous).unwrap();
        std::fs::create_dir_all(staging.join("dir")).unwrap();
        for rel in ["link.html", "dir/page.html", "linked.html", "private.html"] {
            assert_eq!(keep.write(rel, &staging.join(rel), b"same").unwrap(), 4, "{rel} was not written");
            let meta = std::fs::symlink_metadata(staging.join(rel)).unwrap();
            assert!(meta.is_file() && meta.nlink() == 1, "{rel} shares its inode");
        }
        assert_eq!(std::fs::metadata(outside.join("page.html")).unwrap().nlink(), 1);
        assert_eq!(std::fs::metadata(outside.join("dir/page.html")).unwrap().nlink(), 1);
        assert_eq!(std::fs::metadata(outside.join("linked.html")).unwrap().nlink(), 2);
    }

    /// Streams `text` as `rel` in pieces of `piece` bytes.
    fn stream(keep: &Previous, staging: &Path, rel: &str, text: &str, piece: usize) -> usize {
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
        assert_eq!(stream(&keep, &staging, "same.json", &long, 7000), 0);
        assert!(kept(&previous, &staging, "same.json"));
        let changed = format!("{}X{}", &long[..150_000], &long[150_001..]);
        let cases = [("middle.json", changed.as_str()), ("longer.json", "abcdef"), ("shorter.json", "abc")];
        for (rel, text) in cases {
            assert_eq!(stream(&keep, &staging, rel, text, 4096), text.len(), "{rel}");
            assert_eq!(std::fs::read_to_string(staging.join(rel)).unwrap(), text, "{rel}");
            assert!(!kept(&previous, &staging, rel), "{rel}");
        }
        assert_eq!(std::fs::read_to_string(previous.join("middle.json")).unwrap(), long);
        assert_eq!(stream(&keep, &staging, "new.json", "fresh", 2), 5);
        assert_eq!(std::fs::read_to_string(staging.join("new.json")).unwrap(), "fresh");
    }
}
