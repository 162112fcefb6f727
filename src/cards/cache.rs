//! The site's card cache, `.gloss-cache/cards/KEY.png`: a card drawn once
//! is taken from here while what it shows stays the same.
//!
//! Only a build that succeeded adds to it: the cards it drew are copied
//! from the output after the output was swapped in ([`Cache::keep`]), so a
//! failed build writes nothing outside its output folder. Each file is
//! written under a temporary name and renamed, so a build killed midway
//! leaves no half card; a file that is not a whole PNG is drawn again.
//! Cards no page of the last build used are deleted, so the cache holds
//! the site's cards and no more. The cache is never followed out of the
//! site: a link in its place is not read or written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Key, Made};
use crate::diagnostics::Diagnostic;

/// The cache's folder, relative to the site root.
pub const DIR: &str = ".gloss-cache/cards";

/// The card cache of one site.
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn of(root: &Path) -> Cache {
        Cache { root: root.to_path_buf() }
    }

    /// The cache's folder, when it is a real folder of the site (no link
    /// on the way).
    fn dir(&self) -> Option<PathBuf> {
        let top = self.root.join(".gloss-cache");
        let dir = self.root.join(DIR);
        let real = |p: &Path| p.symlink_metadata().is_ok_and(|m| m.file_type().is_dir());
        (real(&top) && real(&dir)).then_some(dir)
    }

    /// The card drawn for `key`, when the cache has it whole.
    pub fn get(&self, key: Key) -> Option<Vec<u8>> {
        let path = self.dir()?.join(key.file_name());
        if !path.symlink_metadata().ok()?.file_type().is_file() {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        whole_png(&bytes).then_some(bytes)
    }

    /// After a build into `output` succeeded: copies the cards it drew
    /// (`made`) into the cache and deletes those no card of it uses.
    /// A problem is a warning: the next build draws the cards again.
    pub fn keep(&self, output: &Path, made: &[Made]) -> Vec<Diagnostic> {
        if made.is_empty() {
            return Vec::new();
        }
        self.try_keep(output, made)
            .err()
            .map(|e| {
                Diagnostic::warning(format!("share cards could not be kept in {DIR}/: {e}"))
                    .with_help("the next build draws them again; check that gloss may write to the folder")
            })
            .into_iter()
            .collect()
    }

    fn try_keep(&self, output: &Path, made: &[Made]) -> std::io::Result<()> {
        // Each level is made by itself, and a link is never followed: the
        // cache stays inside the site.
        let mut at = self.root.clone();
        for part in Path::new(DIR).components() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(std::io::Error::other(format!("{} is not a folder", at.display()))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&at)?,
                Err(e) => return Err(e),
            }
        }
        let dir = self.dir().ok_or_else(|| std::io::Error::other("it is not a folder of the site"))?;
        made.par_iter().filter(|m| m.drawn).try_for_each(|m| {
            let mut temp = tempfile::NamedTempFile::new_in(&dir)?;
            std::io::copy(&mut std::fs::File::open(output.join(&m.rel))?, temp.as_file_mut())?;
            temp.persist(dir.join(m.key.file_name())).map(drop).map_err(|e| e.error)
        })?;
        let used: HashSet<String> = made.iter().map(|m| m.key.file_name()).collect();
        for entry in std::fs::read_dir(&dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if is_card_name(&name) && !used.contains(&name) {
                std::fs::remove_file(dir.join(&name))?;
            }
        }
        Ok(())
    }
}

/// A name the cache gives a card: 32 hex digits and `.png`.
fn is_card_name(name: &str) -> bool {
    name.strip_suffix(".png").is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `bytes` are a PNG from its signature to its end chunk.
fn whole_png(bytes: &[u8]) -> bool {
    const END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82];
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.ends_with(&END)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cache_names_and_whole_pngs_count() {
        assert!(is_card_name(&Key(0xabc).file_name()));
        assert!(!is_card_name("notes.png") && !is_card_name(&format!("{:032x}.txt", 1)));
        let card = super::super::Card {
            label: "False".into(),
            verdict_id: "false".into(),
            headline: "H".into(),
            byline: String::new(),
            site: "S".into(),
        };
        let png = card.draw();
        assert!(whole_png(&png));
        assert!(!whole_png(&png[..png.len() - 1]), "a cut file is drawn again");
    }
}
