//! Every address the site publishes and who claims it: one table, filled
//! before anything is written, so the rule has a single home.
//!
//! Two things at one address would both be written and the last one would
//! win, which one depending on thread timing. So the table takes, in this
//! order, gloss's own pages and files, the theme's files, the sections'
//! pages, the files of `static/` and the articles (then, once rendered,
//! the images beside them), and a claim that meets an earlier one is an
//! error at the later file, naming both. Claims' own pages come last and
//! are checked against the table without joining it (`claim_pages`).
//!
//! Addresses are compared lower-cased: `About/` and `about/` are one
//! folder on macOS, Windows and many hosts. A file where another claim
//! needs a folder (`static/news` beside `content/news/a.md`) collides too.
//! gloss keeps whole folders for the lists whose pages are only counted
//! while rendering (`claims/`, `sources/`, `tags/`) and for the theme's
//! files (`theme/`): nothing of the writer's may publish inside them.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet, HashSetExt};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostics, display_path};
use crate::load::{CONTENT_DIR, SourceFile};
use crate::model::Asset;
use crate::model::{Article, ArticleSummary};
use crate::render::theme::StaticFile;
use crate::urls::page_url;

mod images;
mod messages;
pub use images::check_rendered;

/// The folders gloss keeps for its own pages, as messages describe them.
const KEPT: [(&str, &str); 4] = [
    ("claims", "the claims index"),
    ("sources", "the sources index"),
    ("tags", "the tag pages"),
    ("theme", "the theme's files"),
];

/// The help's reminder of [`KEPT`].
const KEPT_HELP: &str = "gloss keeps `claims/`, `sources/`, `tags/` and `theme/` for its own pages";

/// An article as the address table needs it: its file and where it is
/// published.
#[derive(Clone, Copy)]
pub struct ArticleAt<'a> {
    pub rel: &'a Path,
    pub url: &'a str,
    pub section: &'a str,
}

impl<'a> From<&'a Article> for ArticleAt<'a> {
    fn from(a: &'a Article) -> Self {
        ArticleAt { rel: &a.rel, url: &a.url, section: &a.section }
    }
}

impl<'a> From<&'a ArticleSummary> for ArticleAt<'a> {
    fn from(a: &'a ArticleSummary) -> Self {
        ArticleAt { rel: &a.rel, url: &a.url, section: &a.section }
    }
}

/// What the site will publish, known before anything is rendered.
#[derive(Clone)]
pub struct Publishing<'a> {
    pub config: &'a Config,
    /// The articles that will be published, in file order.
    pub articles: Vec<ArticleAt<'a>>,
    /// The sections' `_index.md` files.
    pub section_files: &'a [SourceFile],
    /// The files of `static/`, relative to the site root.
    pub statics: &'a [PathBuf],
    pub theme: &'a [StaticFile],
    /// Images beside articles and the article showing each: known once
    /// the articles are rendered, so checked in a second call.
    pub images: Vec<(ArticleAt<'a>, &'a Asset)>,
    /// The articles whose claims have their own pages (every claim has
    /// one): known, with the claims marked only in the text, in that
    /// second call.
    pub claim_pages: &'a [&'a ArticleSummary],
}

/// Who publishes at an address.
enum Owner<'a> {
    /// A page or file gloss makes, as messages describe it.
    Gloss(String),
    /// A file of the theme, from where it comes.
    Theme(&'a Path),
    /// Page `page` of the section in `folder`; its errors go to `at`
    /// (its `_index.md`, else its first article).
    Section {
        folder: String,
        page: usize,
        at: PathBuf,
    },
    Static(&'a Path),
    Article(ArticleAt<'a>),
    /// An image beside an article, published in the article's page folder.
    Image(ArticleAt<'a>, &'a Asset),
    /// The own page of a claim (its id) of an article, in the article's
    /// page folder.
    ClaimPage(ArticleAt<'a>, &'a str),
}

impl Owner<'_> {
    /// The owner as messages name it.
    fn name(&self) -> String {
        match self {
            Owner::Gloss(what) => what.clone(),
            Owner::Theme(origin) => format!("the theme's {}", display_path(origin)),
            Owner::Section { folder, page: 1, .. } => format!("the section {folder}"),
            Owner::Section { folder, page, .. } => format!("page {page} of the section {folder}"),
            Owner::Static(rel) => display_path(rel),
            Owner::Article(a) => display_path(a.rel),
            Owner::Image(a, image) => messages::image_name(a, image),
            Owner::ClaimPage(a, id) => format!("the page of claim `{id}` of {}", display_path(a.rel)),
        }
    }

    /// Made by the writer (not by gloss or the theme)?
    fn is_writers(&self) -> bool {
        matches!(
            self,
            Owner::Section { .. } | Owner::Static(_) | Owner::Article(_) | Owner::Image(..) | Owner::ClaimPage(..)
        )
    }
}

/// How a claim meets an earlier one.
#[derive(Debug, PartialEq)]
enum Clash {
    /// The same file, as the earlier claim wrote it (maybe in another case).
    Same(String),
    /// One needs a folder where the other publishes this file.
    FileAndFolder(String),
    /// Inside this folder, which gloss keeps.
    Kept(String),
}

/// A claim that met an earlier one.
struct Collision {
    later: usize,
    earlier: usize,
    addr: String,
    clash: Clash,
}

/// The table of addresses.
#[derive(Default)]
struct Table<'a> {
    owners: Vec<Owner<'a>>,
    /// Files by lower-cased address: the owner, and the address as written.
    files: HashMap<String, (usize, String)>,
    /// Folders (lower-cased) some file needs, and the first owner needing it.
    folders: HashMap<String, usize>,
    /// Folders (lower-cased) kept by gloss, and for what.
    kept: HashMap<String, usize>,
    /// Owners with a collision: each is reported once.
    reported: HashSet<usize>,
    collisions: Vec<Collision>,
}

impl<'a> Table<'a> {
    fn owner(&mut self, owner: Owner<'a>) -> usize {
        self.owners.push(owner);
        self.owners.len() - 1
    }

    /// Keeps `folder` for the owner `who`.
    fn keep(&mut self, who: usize, folder: &str) {
        self.kept.insert(folder.to_lowercase(), who);
        self.folders.insert(folder.to_lowercase(), who);
    }

    /// Records that `who` publishes the file `addr`, or how it collides.
    fn claim(&mut self, who: usize, addr: String) {
        if self.reported.contains(&who) {
            return;
        }
        let key = addr.to_lowercase();
        if let Some((earlier, clash)) = self.clash(self.owners[who].is_writers(), &key) {
            self.reported.insert(who);
            self.collisions.push(Collision { later: who, earlier, addr, clash });
            return;
        }
        for (i, _) in key.match_indices('/') {
            if !self.folders.contains_key(&key[..i]) {
                self.folders.insert(key[..i].to_string(), who);
            }
        }
        self.files.insert(key, (who, addr));
    }

    /// What an earlier claim says against publishing `key`; `writers` when
    /// the writer's files publish it (they may not enter kept folders).
    fn clash(&self, writers: bool, key: &str) -> Option<(usize, Clash)> {
        for (i, _) in key.match_indices('/') {
            let folder = &key[..i];
            match self.kept.get(folder) {
                Some(&o) if writers => return Some((o, Clash::Kept(folder.into()))),
                _ => {}
            }
            if let Some((o, written)) = self.files.get(folder) {
                return Some((*o, Clash::FileAndFolder(written.clone())));
            }
        }
        if let Some((o, written)) = self.files.get(key) {
            return Some((*o, Clash::Same(written.clone())));
        }
        self.folders.get(key).map(|&o| (o, Clash::FileAndFolder(key.to_string())))
    }
}

/// How many pages a list of `items` takes.
fn pages(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// gloss's own pages and files, and the folders it keeps.
fn claim_gloss(table: &mut Table, config: &Config, articles: usize) {
    let cards = config.social_cards.then_some(("cards", "the share cards"));
    for (folder, what) in KEPT.into_iter().chain(cards) {
        let who = table.owner(Owner::Gloss(what.into()));
        table.keep(who, folder);
    }
    for n in 1..=pages(articles, config.paginate) {
        let what = if n == 1 { "the home page".into() } else { format!("page {n} of the home page") };
        let who = table.owner(Owner::Gloss(what));
        table.claim(who, format!("{}index.html", page_url("", n)));
    }
    let mut files = vec![
        ("404.html", "gloss's 404 page"),
        ("robots.txt", "gloss's robots.txt"),
        ("claims.json", "gloss's claims.json"),
    ];
    if !config.base_url.is_empty() {
        files.extend([("atom.xml", "gloss's Atom feed"), ("sitemap.xml", "gloss's sitemap")]);
    }
    files.push(("theme/highlight.css", "gloss's code stylesheet (from `highlight_theme`)"));
    files.push((crate::output::guard::MARKER, "gloss's mark on its output folder"));
    for (file, what) in files {
        let who = table.owner(Owner::Gloss(what.into()));
        table.claim(who, file.into());
    }
}

/// A section: how many articles it lists, its folder as written, and the
/// file its errors go to.
struct SectionInfo {
    members: usize,
    folder: String,
    at: PathBuf,
}

/// Every section: each `_index.md`'s folder and every folder holding
/// articles (directly or deeper), by section path.
fn sections(articles: &[ArticleAt], index_files: &[SourceFile]) -> BTreeMap<String, SectionInfo> {
    let mut out: BTreeMap<String, SectionInfo> = BTreeMap::new();
    for f in index_files {
        let (path, _) = crate::front_matter::place(&f.rel);
        let folder = f.rel.parent().map_or_else(|| CONTENT_DIR.into(), display_path);
        out.insert(path, SectionInfo { members: 0, folder: format!("{folder}/"), at: f.rel.clone() });
    }
    for a in articles {
        let folders: Vec<_> = a.rel.parent().into_iter().flat_map(Path::components).collect();
        let mut path = a.section;
        while !path.is_empty() {
            let depth = path.split('/').count();
            // content/ and the section's folders, as written when they map one to one.
            let folder = match folders.get(..=depth) {
                Some(parts) if folders.len() == a.section.split('/').count() + 1 => {
                    display_path(&parts.iter().collect::<PathBuf>())
                }
                _ => format!("{CONTENT_DIR}/{path}"),
            };
            let info = out.entry(path.to_string()).or_insert_with(|| SectionInfo {
                members: 0,
                folder: format!("{folder}/"),
                at: a.rel.to_path_buf(),
            });
            info.members += 1;
            path = path.rsplit_once('/').map_or("", |(p, _)| p);
        }
    }
    out
}

/// Checks that no two things of the site are published at one address
/// (compared case-insensitively): an error per collision.
pub fn check(root: &Path, site: &Publishing, diags: &mut Diagnostics) {
    let mut table = Table::default();
    claim_gloss(&mut table, site.config, site.articles.len());
    for s in site.theme {
        let who = table.owner(Owner::Theme(&s.origin));
        table.claim(who, format!("theme/{}", s.rel));
    }
    // A section that cannot be published is the one error for its
    // subsections and articles.
    let mut refused: Vec<String> = Vec::new();
    for (path, info) in sections(&site.articles, site.section_files) {
        let base = if path.is_empty() { String::new() } else { format!("{path}/") };
        if refused.iter().any(|r| base.starts_with(r.as_str())) {
            continue;
        }
        for page in 1..=pages(info.members, site.config.paginate) {
            let who = table.owner(Owner::Section { folder: info.folder.clone(), page, at: info.at.clone() });
            table.claim(who, format!("{}index.html", page_url(&base, page)));
            if table.reported.contains(&who) && !path.is_empty() {
                refused.push(base.clone());
                break;
            }
        }
    }
    for rel in site.statics {
        let who = table.owner(Owner::Static(rel));
        let inner = rel.strip_prefix("static").unwrap_or(rel);
        table.claim(who, inner.to_string_lossy().replace('\\', "/"));
    }
    for a in &site.articles {
        if refused.iter().any(|base| format!("{}/", a.section).starts_with(base.as_str())) {
            continue;
        }
        let who = table.owner(Owner::Article(*a));
        table.claim(who, format!("{}index.html", a.url));
    }
    // One file shown twice by an article is published once.
    let mut images = HashSet::new();
    for &(a, image) in site.images.iter().filter(|(_, image)| images.insert((&image.from, &image.to))) {
        let who = table.owner(Owner::Image(a, image));
        table.claim(who, image.to.clone());
    }
    for &a in site.claim_pages {
        claim_pages(&mut table, a);
    }
    diags.extend(table.collisions.iter().map(|c| messages::diagnostic(root, &table.owners, c)));
}

/// Checks the pages of `a`'s claims against the table, last, without adding
/// them to it. A claim page is `<article>/<id>/index.html` and an id holds
/// no `/`, so two claim pages can meet only within one article (two ids
/// alike but for case); whatever else they could meet is in the table by
/// then. At 10,000 articles that keeps 100,000 addresses (about 40 MB at
/// the end of the articles stage, the build's peak) out of the table.
fn claim_pages<'a>(table: &mut Table<'a>, a: &'a ArticleSummary) {
    let at = ArticleAt::from(a);
    let mut seen: HashMap<String, (&'a str, String)> = HashMap::default();
    for c in &a.claims {
        let addr = format!("{}index.html", c.url);
        let key = addr.to_lowercase();
        let clash = match table.clash(true, &key) {
            Some((earlier, clash)) => Some((earlier, clash)),
            None => seen
                .get(&key)
                .map(|(id, written)| (table.owner(Owner::ClaimPage(at, id)), Clash::Same(written.clone()))),
        };
        match clash {
            Some((earlier, clash)) => {
                let later = table.owner(Owner::ClaimPage(at, &c.id));
                table.collisions.push(Collision { later, earlier, addr, clash });
            }
            None => {
                seen.insert(key, (&c.id, addr));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collisions(claims: &[(&str, bool)]) -> Vec<(usize, usize, Clash)> {
        let mut table = Table::default();
        let path = Path::new("x");
        for (addr, writers) in claims {
            let owner = if *writers { Owner::Static(path) } else { Owner::Gloss(String::new()) };
            let who = table.owner(owner);
            table.claim(who, addr.to_string());
        }
        table.collisions.into_iter().map(|c| (c.later, c.earlier, c.clash)).collect()
    }

    #[test]
    fn the_same_file_in_any_case_collides() {
        assert_eq!(
            collisions(&[("a/index.html", true), ("a/index.html", true)])[0].2,
            Clash::Same("a/index.html".into())
        );
        assert_eq!(collisions(&[("About/x.png", true), ("about/X.png", true)])[0].2, Clash::Same("About/x.png".into()));
        assert!(collisions(&[("Img/a.png", true), ("img/b.png", true)]).is_empty(), "one folder, two files");
    }

    #[test]
    fn a_file_where_a_folder_is_needed_collides_either_way() {
        assert_eq!(
            collisions(&[("news", true), ("news/a/index.html", true)])[0].2,
            Clash::FileAndFolder("news".into())
        );
        assert_eq!(
            collisions(&[("news/a/index.html", true), ("News", true)])[0].2,
            Clash::FileAndFolder("news".into())
        );
    }

    #[test]
    fn kept_folders_are_gloss_alone() {
        let mut table = Table::default();
        let gloss = table.owner(Owner::Gloss("the claims index".into()));
        table.keep(gloss, "claims");
        let theme = table.owner(Owner::Theme(Path::new("t")));
        table.claim(theme, "claims/x.css".into());
        let writer = table.owner(Owner::Static(Path::new("static/Claims/a/index.html")));
        table.claim(writer, "Claims/a/index.html".into());
        let file = table.owner(Owner::Static(Path::new("static/claims")));
        table.claim(file, "claims".into());
        let found: Vec<(usize, &Clash)> = table.collisions.iter().map(|c| (c.later, &c.clash)).collect();
        assert_eq!(found, [(writer, &Clash::Kept("claims".into())), (file, &Clash::FileAndFolder("claims".into()))]);
    }

    #[test]
    fn pages_shown_by_their_folder() {
        assert_eq!(super::messages::shown("a/b/index.html"), "a/b/");
        assert_eq!(super::messages::shown("index.html"), "index.html");
        assert_eq!(super::messages::shown("robots.txt"), "robots.txt");
    }
}
