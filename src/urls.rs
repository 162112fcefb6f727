//! Every rule about the site's own addresses, in one place: where each
//! page lives, how a page links to another (always relatively, so the
//! output works from any folder and any host), and how an address becomes
//! absolute for the files that need it (feeds, sitemap, cards, JSON-LD).
//!
//! An address here is a page's path relative to the site root, ending in
//! `/` (`explainers/a/`), or `""` for the home page.

/// The relative URL from the page at `from` to the page at `to`.
pub fn relative_url(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for p in &to_parts[common..] {
        url.push_str(p);
        url.push('/');
    }
    if url.is_empty() { "./".into() } else { not_a_scheme(url) }
}

/// A relative URL that cannot read as one of a scheme: `a:b/` would be a
/// URL of the scheme `a` (claim ids may hold `:`), `./a:b/` is not.
fn not_a_scheme(url: String) -> String {
    if url.split('/').next().unwrap_or("").contains(':') { format!("./{url}") } else { url }
}

/// The relative path from the page at `url` to the site root (`root` in
/// every template): `""` on the home page, `../../` two folders down.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.split('/').filter(|s| !s.is_empty()).count())
}

/// The first folder of the page at `url` (`claims` for `claims/false/`),
/// or "" for a page at the root: what a site's navigation marks as current
/// with one comparison.
pub fn top_folder(url: &str) -> &str {
    url.split_once('/').map_or("", |(first, _)| first)
}

/// The path part of the base URL (`/explainers/`), or `/`: where the site
/// is served from, which the 404 page (served at any depth) links from.
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or("", |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

/// The absolute URL of the page at `url`, or "" without a base URL.
pub fn permalink(base_url: &str, url: &str) -> String {
    if base_url.is_empty() { String::new() } else { format!("{base_url}{url}") }
}

/// The URL of the page at `url` as data files give it: absolute with a
/// base URL, else relative to the site root.
pub fn with_base(base_url: &str, url: &str) -> String {
    format!("{base_url}{url}")
}

/// `url` made absolute against the site's base URL (unchanged when it is
/// already absolute, or when there is no base URL).
pub fn absolute_url(base_url: &str, url: &str) -> String {
    if url.is_empty() || url.contains("://") || base_url.is_empty() {
        return url.to_string();
    }
    format!("{base_url}{}", url.trim_start_matches('/'))
}

/// Where the share card of the page at `url` is written: `cards/`, the
/// page's address without its trailing slash, and `version`, the hash of
/// what the card shows (`explainers/a/` → `cards/explainers/a.1f…e0.png`;
/// the home page's is `cards/index.….png`). A card that shows something
/// else has another address, so sharing sites, which keep an image by
/// its URL, show a corrected verdict's card rather than the old one.
/// Beside no page: nothing else is written under `cards/`, and no
/// article or section may be called `cards`, so a card collides with no
/// page or image.
pub fn card_path(url: &str, version: &str) -> String {
    let page = url.trim_end_matches('/');
    format!("cards/{}.{version}.png", if page.is_empty() { "index" } else { page })
}

/// The page part of a card's path from [`card_path`], without the version
/// and `.png` (`cards/explainers/a.1f…e0.png` → `cards/explainers/a`):
/// what stays the same when the card shows something else.
pub fn card_page(path: &str) -> &str {
    let stem = path.strip_suffix(".png").unwrap_or(path);
    stem.rsplit_once('.').map_or(stem, |(page, _)| page)
}

/// The URL of the share card [`card_path`] names, for `og:image`:
/// absolute with a base URL, else relative to the page (which browsers
/// follow, but sharing sites need the absolute URL).
pub fn card_url(base_url: &str, url: &str, version: &str) -> String {
    if base_url.is_empty() {
        format!("{}{}", root_of(url), card_path(url, version))
    } else {
        format!("{base_url}{}", card_path(url, version))
    }
}

/// The address of page `n` of a list whose first page is at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

/// The address of a section's list: `explainers/2023/`.
pub fn section_url(path: &str) -> String {
    format!("{path}/")
}

/// The one slug rule, for every address and id gloss makes from words
/// (file names, sections, tags, heading ids): lower-case ASCII letters and
/// digits joined by `-` ("" when the words have none).
pub fn slug(words: &str) -> String {
    slug::slugify(words)
}

/// [`slug()`], or `fallback` when nothing is left.
pub fn slug_or(words: &str, fallback: &str) -> String {
    let s = slug(words);
    if s.is_empty() { fallback.into() } else { s }
}

/// The URL segment of a tag: its name slugged (`tag` when nothing is left).
pub fn tag_slug(name: &str) -> String {
    slug_or(name, "tag")
}

/// The address of a tag's list.
pub fn tag_url(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// The address of the claims index, of all claims or of one verdict.
pub fn claims_url(verdict: Option<&str>) -> String {
    verdict.map_or_else(|| "claims/".to_string(), |v| format!("claims/{v}/"))
}

/// The address of a claim's own page, in its article's folder:
/// `explainers/a/smuggler-ties/`.
pub fn claim_url(article_url: &str, id: &str) -> String {
    format!("{article_url}{id}/")
}

/// The link from an article's page to the page of its claim `id`
/// ([`relative_url`] of [`claim_url`], made without walking both).
pub fn claim_link(id: &str) -> String {
    not_a_scheme(format!("{id}/"))
}

/// A place on a page: `explainers/a/#claim-x`.
pub fn on_page(url: &str, anchor: &str) -> String {
    format!("{url}#{anchor}")
}

/// The anchor of a source's entry on its article's page.
pub fn source_anchor(key: &str) -> String {
    format!("source-{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cards_page_is_its_path_without_version() {
        assert_eq!(card_page("cards/explainers/b.0123456789abcdef.png"), "cards/explainers/b");
        assert_eq!(card_page("cards/notes/v1.2.0123456789abcdef.png"), "cards/notes/v1.2");
        assert_eq!(card_page("cards/index.0123456789abcdef.png"), "cards/index");
    }

    #[test]
    fn a_card_is_under_cards_at_its_page_address() {
        assert_eq!(card_path("explainers/a/", "f00d"), "cards/explainers/a.f00d.png");
        assert_eq!(card_path("a/", "f00d"), "cards/a.f00d.png");
        assert_eq!(card_path("", "f00d"), "cards/index.f00d.png");
        assert_eq!(
            card_url("https://x.org/desk/", "explainers/a/", "f00d"),
            "https://x.org/desk/cards/explainers/a.f00d.png"
        );
        assert_eq!(card_url("", "explainers/a/", "f00d"), "../../cards/explainers/a.f00d.png");
    }

    #[test]
    fn relative_urls_between_pages() {
        assert_eq!(relative_url("explainers/a/", "explainers/b/"), "../b/");
        assert_eq!(relative_url("explainers/a/", "other/c/"), "../../other/c/");
        assert_eq!(relative_url("", "x/y/"), "x/y/");
        assert_eq!(relative_url("x/", "x/"), "./");
        assert_eq!(relative_url("explainers/a/", "explainers/a/x:y/"), "./x:y/");
        for id in ["x:y", "plain", "a.b"] {
            assert_eq!(claim_link(id), relative_url("e/a/", &claim_url("e/a/", id)), "{id}");
        }
    }

    #[test]
    fn root_climbs_one_level_per_segment() {
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("a/"), "../");
        assert_eq!(root_of("explainers/foo/"), "../../");
    }

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://a.org/x/"), "/x/");
        assert_eq!(base_path("https://a.org/"), "/");
        assert_eq!(base_path(""), "/");
    }

    #[test]
    fn pages_after_the_first_are_under_page() {
        assert_eq!(page_url("tags/x/", 1), "tags/x/");
        assert_eq!(page_url("tags/x/", 3), "tags/x/page/3/");
        assert_eq!(page_url("", 2), "page/2/");
        assert_eq!((top_folder("claims/false/page/2/"), top_folder("tags/")), ("claims", "tags"));
        assert_eq!((top_folder(""), top_folder("404.html")), ("", ""));
    }

    #[test]
    fn absolute_urls_keep_absolute_ones() {
        assert_eq!(absolute_url("https://a.org/", "/img/x.png"), "https://a.org/img/x.png");
        assert_eq!(absolute_url("https://a.org/", "https://b.org/x.png"), "https://b.org/x.png");
        assert_eq!(absolute_url("", "x.png"), "x.png");
    }
}
