//! Reading and changing names inside the output folder without ever
//! leaving it. The output folder is the user's, and a symlink in it (to a
//! folder of theirs, or anywhere) must never make gloss read, write or
//! delete outside it. So every path under the output folder is opened
//! from a descriptor of that folder with Linux `openat2`
//! (`RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`): a symlink anywhere on the
//! path is an error, never followed. Names are then made, renamed and
//! removed with the `*at` calls, relative to a folder so opened.

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd};

/// Opens `rel` under `dir` with `flags`, refusing a symlink anywhere in
/// its path and any path that leaves `dir`.
fn open(dir: &File, rel: &str, flags: i32) -> io::Result<File> {
    let rel = CString::new(if rel.is_empty() { "." } else { rel }).map_err(io::Error::other)?;
    // SAFETY: `open_how` is plain integers, for which zero is valid.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (flags | libc::O_NOFOLLOW | libc::O_CLOEXEC) as u64;
    how.resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_NO_MAGICLINKS;
    // SAFETY: `rel` and `how` are valid for the call, and `how`'s size is passed.
    let fd =
        unsafe { libc::syscall(libc::SYS_openat2, dir.as_raw_fd(), rel.as_ptr(), &how, size_of::<libc::open_how>()) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the descriptor was just opened and is owned by nobody else.
    Ok(unsafe { File::from_raw_fd(fd as i32) })
}

/// Opens the file `rel` under `dir` for reading. Non-blocking, so that a
/// FIFO put there does not hang the build.
pub fn open_file(dir: &File, rel: &str) -> io::Result<File> {
    open(dir, rel, libc::O_RDONLY | libc::O_NONBLOCK | libc::O_NOCTTY)
}

/// Opens the folder `rel` under `dir` (`""`: `dir` itself), to make,
/// rename and remove names in it.
pub fn folder(dir: &File, rel: &str) -> io::Result<File> {
    open(dir, rel, libc::O_PATH | libc::O_DIRECTORY)
}

/// Opens the folder `rel` under `dir`, making each missing folder on the
/// way. A file or a symlink standing where a folder must be is removed
/// (it is a name in the output folder, never what it points to).
pub fn make_folder(dir: &File, rel: &str) -> io::Result<File> {
    match folder(dir, rel) {
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT | libc::ENOTDIR | libc::ELOOP)) => {}
        done => return done,
    }
    let mut at = folder(dir, "")?;
    for part in rel.split('/') {
        let name = c_name(part)?;
        // SAFETY: `name` is a valid NUL-terminated string for the calls.
        unsafe {
            if libc::mkdirat(at.as_raw_fd(), name.as_ptr(), 0o777) != 0 {
                let e = io::Error::last_os_error();
                if e.raw_os_error() != Some(libc::EEXIST) {
                    return Err(e);
                }
            }
        }
        at = match folder(&at, part) {
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOTDIR | libc::ELOOP)) => {
                remove(&at, part, false)?;
                // SAFETY: as above.
                if unsafe { libc::mkdirat(at.as_raw_fd(), name.as_ptr(), 0o777) } != 0 {
                    return Err(io::Error::last_os_error());
                }
                folder(&at, part)?
            }
            done => done?,
        };
    }
    Ok(at)
}

/// Renames `from_name` in the folder `from` to `to_name` in the folder
/// `to`, replacing a file or symlink of that name (never what it points to).
pub fn rename(from: &File, from_name: &str, to: &File, to_name: &str) -> io::Result<()> {
    let (a, b) = (c_name(from_name)?, c_name(to_name)?);
    // SAFETY: both names are valid NUL-terminated strings for the call.
    let done = unsafe { libc::renameat(from.as_raw_fd(), a.as_ptr(), to.as_raw_fd(), b.as_ptr()) };
    if done == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Removes the name `name` from the folder `dir`: an empty folder when
/// `folder`, else a file or a symlink (itself).
pub fn remove(dir: &File, name: &str, folder: bool) -> io::Result<()> {
    let name = c_name(name)?;
    let flags = if folder { libc::AT_REMOVEDIR } else { 0 };
    // SAFETY: `name` is a valid NUL-terminated string for the call.
    let done = unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), flags) };
    if done == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// One name of a folder, never a path.
fn c_name(name: &str) -> io::Result<CString> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(io::Error::other(format!("`{name}` is not a name in a folder")));
    }
    CString::new(name).map_err(io::Error::other)
}

/// The process's umask, read without changing it (Linux 4.7 and later).
pub fn umask() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
    u32::from_str_radix(line.trim(), 8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn never_follows_a_symlink_and_replaces_it_by_a_folder() {
        let temp = tempfile::tempdir().unwrap();
        let (out, outside) = (temp.path().join("out"), temp.path().join("outside"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("page.html"), "theirs").unwrap();
        symlink(&outside, out.join("theme")).unwrap();
        std::fs::write(out.join("file"), "a file where a folder goes").unwrap();
        let dir = File::open(&out).unwrap();
        assert!(open_file(&dir, "theme/page.html").is_err(), "read through a symlinked folder");
        assert!(open_file(&dir, "../outside/page.html").is_err(), "read above the folder");
        assert!(folder(&dir, "theme").is_err());
        let made = make_folder(&dir, "theme/fonts").unwrap();
        std::fs::write(temp.path().join("new"), "ours").unwrap();
        let top = File::open(temp.path()).unwrap();
        rename(&top, "new", &made, "a.css").unwrap();
        assert_eq!(std::fs::read_to_string(out.join("theme/fonts/a.css")).unwrap(), "ours");
        assert!(std::fs::symlink_metadata(out.join("theme")).unwrap().is_dir());
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1, "the folder outside changed");
        make_folder(&dir, "file/x").unwrap();
        assert!(out.join("file/x").is_dir());
        assert!(c_name("..").is_err() && c_name("a/b").is_err());
    }
}
