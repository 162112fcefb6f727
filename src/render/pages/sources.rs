//! The entries of the sources index: site-wide sources with every article
//! that cites them, then each article's own, sorted by title.

use crate::model::{ArticleSummary, CitedSource, Site, SiteSource};
use crate::render::context::lists::SourceEntry;

/// An entry of the sources index, before its page data is made.
pub enum EntryRef<'a> {
    /// From content/sources.yaml, with the articles that cite it (in the
    /// site's order) and its number in each.
    Site(&'a SiteSource, Vec<(&'a ArticleSummary, usize)>),
    /// An article's own source.
    Local(&'a ArticleSummary, &'a CitedSource),
}

impl<'a> EntryRef<'a> {
    /// The page data of the entry.
    pub fn entry(&self) -> SourceEntry<'a> {
        match *self {
            EntryRef::Site(s, ref citing) => SourceEntry::of(&s.source, &s.note_html, citing),
            EntryRef::Local(a, cs) => SourceEntry::of(&cs.source, &cs.note_html, &[(a, cs.number)]),
        }
    }

    fn title_and_key(&self) -> (String, String) {
        let s = match self {
            EntryRef::Site(s, _) => &s.source,
            EntryRef::Local(_, cs) => &cs.source,
        };
        (s.title.to_lowercase(), s.key.clone())
    }
}

/// Site-wide sources, then each article's own, sorted by title (then key).
/// Which articles cite each site-wide source is found in one pass over the
/// articles, not one pass per source.
pub fn entries<'a>(site: &Site<'a>) -> Vec<EntryRef<'a>> {
    let mut citing: foldhash::HashMap<&str, Vec<(&ArticleSummary, usize)>> = foldhash::HashMap::default();
    for &a in &site.articles {
        for cs in a.sources.iter().filter(|cs| !cs.local) {
            citing.entry(cs.source.key.as_str()).or_default().push((a, cs.number));
        }
    }
    let mut entries: Vec<EntryRef> = site
        .sources
        .values()
        .map(|s| EntryRef::Site(s, citing.remove(s.source.key.as_str()).unwrap_or_default()))
        .collect();
    for &a in &site.articles {
        entries.extend(a.sources.iter().filter(|cs| cs.local).map(|cs| EntryRef::Local(a, cs)));
    }
    // A stable sort: equal titles and keys keep the order above.
    entries.sort_by_cached_key(EntryRef::title_and_key);
    entries
}
