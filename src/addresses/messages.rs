//! What a collision says: both files that claim the address, each placed
//! where the writer can fix it (the `slug:` that made it, the image's
//! path in the article), with the help that fits.

use std::path::Path;

use super::{ArticleAt, Clash, Collision, KEPT_HELP, Owner};
use crate::diagnostics::{Diagnostic, display_path};
use crate::load;
use crate::model::Asset;

/// An address as messages show it: a page by its folder (`about/`).
pub(super) fn shown(addr: &str) -> &str {
    match addr.strip_suffix("index.html") {
        Some(page) if !page.is_empty() => page,
        _ => addr,
    }
}

/// The error for a collision, at the later claim's file.
pub(super) fn diagnostic(root: &Path, owners: &[Owner], c: &Collision) -> Diagnostic {
    let (later, earlier) = (&owners[c.later], &owners[c.earlier]);
    let (name, other) = (later.name(), earlier.name());
    let addr = shown(&c.addr);
    let message = match &c.clash {
        Clash::Same(written) if *written == c.addr => {
            format!("`{addr}` would be published twice: by {other} and by {name}")
        }
        Clash::Same(written) => format!(
            "`{}` and `{addr}` differ only in case: {other} and {name} would overwrite each other on \
             case-insensitive systems (macOS, Windows, many hosts)",
            shown(written)
        ),
        Clash::FileAndFolder(file) => format!(
            "{other} and {name} cannot both be published: `{file}` would be a file for one and a folder for the other"
        ),
        Clash::Kept(folder) => {
            format!("{name} would be published at `{addr}`, but gloss keeps `{folder}/` for {other}")
        }
    };
    let d = Diagnostic::error(message);
    match later {
        Owner::Article(a) => at_article(root, a, c, earlier, d),
        Owner::Section { folder, at, .. } => first_line(root, at, d).with_help(if folder == "content/" {
            "an `_index.md` belongs in a section's folder; the home page has none".to_string()
        } else {
            format!("rename the folder {folder}")
        }),
        Owner::Static(rel) => first_line(root, rel, d).with_help(if matches!(c.clash, Clash::Kept(_)) {
            format!("rename or move the file; {KEPT_HELP} (a theme's files go in themes/NAME/static/)")
        } else {
            "rename or move the file in static/".into()
        }),
        Owner::Theme(origin) => first_line(root, origin, d).with_help("rename the theme's file"),
        Owner::Image(a, image) => image_at(root, a, image, d),
        Owner::ClaimPage(a, id) => claim_at(root, a, id, d),
        Owner::Gloss(_) => d,
    }
}

/// Places `d` at line 1, column 1 of `rel`.
fn first_line(root: &Path, rel: &Path, d: Diagnostic) -> Diagnostic {
    let text = load::read(root, rel).map(|f| f.text).unwrap_or_default();
    d.in_file(rel).at_line_col(&text, 1, 1, 1)
}

/// An article's text (read again when it was not kept) and where its
/// `slug:` is, if it has one.
pub(super) fn text_and_slug(root: &Path, a: &ArticleAt) -> (String, Option<crate::yaml::YamlPos>) {
    let text = load::read(root, a.rel).map(|f| f.text).unwrap_or_default();
    let slug = crate::front_matter::split(&text)
        .ok()
        .and_then(|s| crate::yaml::locate(&text[s.yaml], &["slug"], crate::yaml::Target::Value));
    (text, slug)
}

/// Places `d` at the `slug:` that made the address (the later article's,
/// else the earlier's when only it has one), else at the later article's
/// first line; with the help that fits.
fn at_article(root: &Path, a: &ArticleAt, c: &Collision, earlier: &Owner, d: Diagnostic) -> Diagnostic {
    let (mut a, (mut text, mut slug)) = (a, text_and_slug(root, a));
    if let (None, Owner::Article(e)) = (slug, earlier) {
        if let (t, Some(p)) = text_and_slug(root, e) {
            (a, text, slug) = (e, t, Some(p));
        }
    }
    // Inside a kept folder because of its section: the folder is to blame.
    let by_folder = match &c.clash {
        Clash::Kept(folder) => {
            let section = a.section.to_lowercase();
            section == *folder || section.starts_with(&format!("{folder}/"))
        }
        _ => false,
    };
    let d = d.in_file(a.rel);
    let d = match slug.filter(|_| !by_folder) {
        Some(p) => d.at_line_col(&text, p.line + 1, p.column, p.width),
        None => d.at_line_col(&text, 1, 1, 1),
    };
    d.with_help(match (&c.clash, by_folder) {
        (Clash::Kept(_), true) => {
            let folder = a.rel.parent().map(display_path).unwrap_or_default();
            format!("move the article out of {folder}/; {KEPT_HELP}")
        }
        (Clash::Kept(_), false) => format!("give it another file name or `slug:`; {KEPT_HELP}"),
        _ if earlier.is_writers() => "give one of them another file name or a `slug:` in its front matter".into(),
        _ => "give it another file name or a `slug:` in its front matter".into(),
    })
}

/// The image as messages name it.
pub(super) fn image_name(a: &ArticleAt, image: &Asset) -> String {
    format!("{} (an image of {})", display_path(&image.from), display_path(a.rel))
}

/// Places `d` at the image's path in the article that shows it (else at
/// its first line).
fn image_at(root: &Path, a: &ArticleAt, image: &Asset, d: Diagnostic) -> Diagnostic {
    let (text, _) = text_and_slug(root, a);
    let written = image.to.strip_prefix(a.url).unwrap_or(&image.to);
    let d = d.in_file(a.rel);
    let d = match text.find(&format!("]({written}")).map(|i| i + 2) {
        Some(i) => d.at(&text, i..i + written.len()),
        None => d.at_line_col(&text, 1, 1, 1),
    };
    d.with_help("rename or move the image beside the article, or the other file")
}

/// Places `d` at the claim's id in the article (its span's `#id`, else
/// its front-matter key), else at its first line.
fn claim_at(root: &Path, a: &ArticleAt, id: &str, d: Diagnostic) -> Diagnostic {
    let (text, _) = text_and_slug(root, a);
    let d = d.in_file(a.rel);
    // The whole id: `#c` is not the start of `#closed`.
    let whole = |(i, m): (usize, &str)| {
        let after = text[i + m.len()..].chars().next();
        (!after.is_some_and(|c| c.is_alphanumeric() || "-_.:".contains(c)) || m.ends_with(':')).then_some(i)
    };
    let mark = format!("#{id}");
    let key = format!("{id}:");
    let found = text.match_indices(&mark).find_map(whole).map(|i| i + 1);
    let found = found.or_else(|| text.match_indices(&key).find_map(whole));
    let d = match found {
        Some(i) => d.at(&text, i..i + id.len()),
        None => d.at_line_col(&text, 1, 1, 1),
    };
    d.with_help("a claim's page is published in its article's folder, under its id: give the claim another id")
}
