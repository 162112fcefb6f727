//! Which rebuild a batch of changed files needs: a small pure function,
//! tested alone.

use std::path::{Path, PathBuf};

/// What a batch of file events asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuild {
    /// Nothing gloss reads changed (editor swap files, the output folder…).
    Nothing,
    /// Only these articles changed (paths relative to the site root).
    Articles(Vec<PathBuf>),
    /// Something every page depends on changed: site.yaml, sources.yaml, claims.yaml,
    /// a section's `_index.md`, templates, the theme or static files.
    Everything,
}

/// Files editors write beside the real one while saving.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Is this a picture (which an article beside it may show)?
fn is_image(path: &Path) -> bool {
    mime_guess::from_path(path).first().is_some_and(|m| m.type_() == mime_guess::mime::IMAGE)
}

/// Classifies changed paths (absolute or relative to `root`).
pub fn classify(root: &Path, paths: &[PathBuf]) -> Rebuild {
    let mut articles = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        if is_noise(rel) {
            continue;
        }
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let first = parts.next().unwrap_or_default();
        match first.as_str() {
            "site.yaml" | "static" | "templates" | "themes" => return Rebuild::Everything,
            // content/ itself appeared, vanished or moved.
            "content" if parts.next().is_none() => return Rebuild::Everything,
            "content" => {
                let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if name == "sources.yaml" || name == "claims.yaml" || name == "_index.md" {
                    return Rebuild::Everything;
                }
                if name.ends_with(".md") {
                    if !articles.contains(&rel.to_path_buf()) {
                        articles.push(rel.to_path_buf());
                    }
                } else if path.is_dir() || (rel.extension().is_none() && !path.exists()) || is_image(rel) {
                    // A folder appeared, or vanished (gone, it is known
                    // only by its name): articles may have moved. Or an
                    // image beside an article changed.
                    return Rebuild::Everything;
                }
            }
            _ => {}
        }
    }
    if articles.is_empty() { Rebuild::Nothing } else { Rebuild::Articles(articles) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn articles_only_when_only_articles_changed() {
        let root = Path::new("/site");
        assert_eq!(
            classify(root, &paths(&["/site/content/a.md", "/site/content/.a.md.swp", "/site/content/a.md"])),
            Rebuild::Articles(paths(&["content/a.md"]))
        );
    }

    #[test]
    fn shared_files_rebuild_everything() {
        let root = Path::new("/site");
        for p in [
            "/site/site.yaml",
            "/site/content/sources.yaml",
            "/site/content/claims.yaml",
            "/site/content/x/_index.md",
            "/site/templates/article.html",
            "/site/static/logo.svg",
            "/site/content/explainers/map.png",
            "/site/themes/default/static/gloss.css",
        ] {
            assert_eq!(classify(root, &paths(&[p])), Rebuild::Everything, "{p}");
        }
    }

    /// Issue 16: deleting or moving content/ away showed no error and
    /// kept serving the deleted pages.
    #[test]
    fn content_folder_or_a_folder_in_it_gone_rebuilds_everything() {
        let root = Path::new("/no/such/site");
        for p in ["/no/such/site/content", "content", "/no/such/site/content/explainers"] {
            assert_eq!(classify(root, &paths(&[p])), Rebuild::Everything, "{p}");
        }
        // A file with an extension that vanished is not a folder.
        assert_eq!(classify(root, &paths(&["content/notes.txt", "content/a.md___jb_tmp___"])), Rebuild::Nothing);
    }

    #[test]
    fn noise_and_output_are_ignored() {
        let root = Path::new("/site");
        assert_eq!(
            classify(root, &paths(&["/site/public/index.html", "/site/content/a.md~", "/site/README.md"])),
            Rebuild::Nothing
        );
    }
}
