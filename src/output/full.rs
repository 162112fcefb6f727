//! A full disk is one problem, not one per file: after the first write
//! that finds no space, [`DiskFull`] makes every later write of the build
//! fail at once with the same message, without touching the disk, and
//! counts the bytes the build still wanted to write, so the one error
//! can say how much the site needed.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::diagnostics::Diagnostic;

/// Whether the disk of a build has filled up, and the bytes counted.
#[derive(Debug, Default)]
pub struct DiskFull {
    full: AtomicBool,
    /// Bytes written before the disk filled.
    written: AtomicU64,
    /// Bytes the build could not write (at and after the first failure).
    unwritten: AtomicU64,
}

/// Is this the error of a disk (or a quota) with no space left?
pub fn is_full(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::ENOSPC | libc::EDQUOT)) {
        return true;
    }
    matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded)
}

impl DiskFull {
    /// Has a write found the disk full?
    pub fn is_full(&self) -> bool {
        self.full.load(Ordering::Relaxed)
    }

    pub fn wrote(&self, bytes: usize) {
        self.written.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// Records that `bytes` could not be written because the disk is full.
    pub fn missed(&self, bytes: usize) {
        self.full.store(true, Ordering::Relaxed);
        self.unwritten.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// The one error every write reports once the disk is full: the same
    /// text each time, so the build's report shows it once.
    pub fn error(output: &Path) -> Diagnostic {
        Diagnostic::error(format!("the disk is full: cannot write the site into {}", output.display()))
    }

    /// The error with what is known of the space the site needs: the
    /// bytes of the files, not the blocks the file system gives them.
    pub fn explained(&self, output: &Path) -> Diagnostic {
        let written = self.written.load(Ordering::Relaxed);
        let unwritten = self.unwritten.load(Ordering::Relaxed);
        Self::error(output).with_help(format!(
            "{} of files were written before the disk filled, and at least {} more did not fit; \
             free some space, or build on another disk with `--output`",
            size(written),
            size(unwritten)
        ))
    }
}

/// Replaces the disk-full errors of a failed build by one that says how
/// much space the site needed.
pub fn explain(diags: &mut Vec<Diagnostic>, full: &DiskFull, output: &Path) {
    if !full.is_full() {
        return;
    }
    let plain = DiskFull::error(output);
    diags.retain(|d| d.message != plain.message);
    diags.push(full.explained(output));
}

/// A size for people: `812 bytes`, `14.2 KB`, `3.1 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        1000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(14_200), "14.2 KB");
        assert_eq!(size(3_100_000), "3.1 MB");
    }

    #[test]
    fn many_disk_full_errors_become_one_with_the_sizes() {
        let full = DiskFull::default();
        full.wrote(1500);
        full.missed(2500);
        let out = Path::new("public");
        let other = Diagnostic::error("something else");
        let mut diags = vec![DiskFull::error(out), other.clone(), DiskFull::error(out)];
        explain(&mut diags, &full, out);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0], other);
        assert_eq!(
            diags[1].help.as_deref().unwrap(),
            "1.5 KB of files were written before the disk filled, and at least 2.5 KB more did not fit; free some space, or build on another disk with `--output`"
        );
    }
}
