//! Files for machines: the Atom feed, the sitemap, robots.txt and
//! claims.json. Feed and sitemap need absolute URLs, so they are written
//! only when the site has a `base_url`.

use std::io::Write;

use serde::Serialize;

use crate::build::Site;
// XML text and attribute values escape as HTML attributes do (`'` becomes
// `&#39;`, which XML reads too).
use crate::markdown::escape as xml;
use crate::render::GENERATOR;
use crate::resolve::{Claim, Resolved};

/// The path part of the base URL (`/explainers/`), or `/`.
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or("", |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

fn rfc3339(d: crate::model::Date) -> String {
    format!("{}T00:00:00Z", d.iso())
}

/// The Atom feed of the 50 newest articles.
pub fn atom(site: &Site) -> String {
    let base = &site.config.base_url;
    let updated = site
        .articles
        .iter()
        .filter_map(|r| r.article.updated.or(r.article.date))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    out.push_str(&format!(" xml:lang=\"{}\">\n", xml(&site.config.language)));
    out.push_str(&format!("  <title>{}</title>\n", xml(&site.config.title)));
    if !site.config.description.is_empty() {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(&site.config.description)));
    }
    out.push_str(&format!("  <link href=\"{}atom.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n", xml(base)));
    out.push_str(&format!("  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n", xml(base)));
    out.push_str(&format!("  <id>{}</id>\n  <updated>{updated}</updated>\n", xml(base)));
    out.push_str(&format!("  <generator>{}</generator>\n", xml(GENERATOR)));
    for r in site.articles.iter().take(50) {
        let a = &r.article;
        let url = format!("{base}{}", a.url);
        let published = a.date.map(rfc3339);
        let entry_updated = a.updated.or(a.date).map_or_else(|| updated.clone(), rfc3339);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml(&a.title)));
        out.push_str(&format!("    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n", xml(&url)));
        out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        if let Some(p) = published {
            out.push_str(&format!("    <published>{p}</published>\n"));
        }
        out.push_str(&format!("    <updated>{entry_updated}</updated>\n"));
        let authors: Vec<&str> = if a.authors.is_empty() {
            vec![site.config.title.as_str()]
        } else {
            a.authors.iter().map(String::as_str).collect()
        };
        for name in authors {
            out.push_str(&format!("    <author><name>{}</name></author>\n", xml(name)));
        }
        for t in &a.tags {
            out.push_str(&format!("    <category term=\"{}\"/>\n", xml(t)));
        }
        if !a.summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", xml(&a.summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// sitemap.xml: home, articles, sections, tags and the indexes.
pub fn sitemap(site: &Site, tag_slugs: &[String]) -> String {
    let base = &site.config.base_url;
    let mut urls: Vec<(String, Option<String>)> = vec![(base.clone(), None)];
    for r in &site.articles {
        let a = &r.article;
        urls.push((format!("{base}{}", a.url), a.updated.or(a.date).map(|d| d.iso())));
    }
    for s in &site.sections {
        urls.push((format!("{base}{}/", s.path), None));
    }
    urls.push((format!("{base}tags/"), None));
    for t in tag_slugs {
        urls.push((format!("{base}tags/{t}/"), None));
    }
    urls.push((format!("{base}claims/"), None));
    urls.push((format!("{base}sources/"), None));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        out.push_str(&format!("  <url><loc>{}</loc>", xml(&loc)));
        if let Some(m) = lastmod {
            out.push_str(&format!("<lastmod>{m}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// robots.txt, pointing at the sitemap when there is one.
pub fn robots(base_url: &str) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if !base_url.is_empty() {
        out.push_str(&format!("Sitemap: {base_url}sitemap.xml\n"));
    }
    out
}

#[derive(Serialize)]
struct ClaimsFile<'a> {
    generator: &'a str,
    site: SiteInfo<'a>,
    verdicts: &'a [std::sync::Arc<crate::config::Verdict>],
    claims: AllClaims<'a>,
}

/// Every claim of the site, serialized one record at a time.
struct AllClaims<'a>(&'a Site<'a>);

impl Serialize for AllClaims<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let base = &self.0.config.base_url;
        serializer
            .collect_seq(self.0.articles.iter().flat_map(|r| r.claims.iter().map(move |c| claim_record(base, r, c))))
    }
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct ClaimRecord<'a> {
    id: &'a str,
    /// The claim in its article: absolute with a base URL, else relative
    /// to the site root.
    url: String,
    /// The claim in its article, relative to the site root (for scripts
    /// of the site itself).
    path: String,
    article: ArticleRecord<'a>,
    text: &'a str,
    claimant: &'a str,
    verdict: &'a str,
    verdict_label: &'a str,
    rating: Option<i64>,
    date: Option<String>,
    in_text: bool,
    sources: Vec<SourceRecord<'a>>,
}

#[derive(Serialize)]
struct ArticleRecord<'a> {
    title: &'a str,
    url: String,
    date: Option<String>,
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    key: &'a str,
    number: usize,
    title: &'a str,
    publisher: &'a str,
    author: &'a str,
    url: &'a str,
    date: Option<String>,
    /// As written (Markdown).
    note: &'a str,
}

fn claim_record<'a>(base: &str, r: &'a Resolved, c: &'a Claim) -> ClaimRecord<'a> {
    let path = format!("{}#{}", r.article.url, c.anchor());
    ClaimRecord {
        id: &c.id,
        url: format!("{base}{path}"),
        path,
        article: ArticleRecord {
            title: &r.article.title,
            url: format!("{base}{}", r.article.url),
            date: r.article.date.map(|d| d.iso()),
        },
        text: &c.text,
        claimant: &c.claimant,
        verdict: &c.verdict.id,
        verdict_label: &c.verdict.label,
        rating: c.verdict.rating,
        date: c.date.map(|d| d.iso()),
        in_text: c.in_text,
        sources: c
            .sources
            .iter()
            .filter_map(|(k, n)| r.sources.iter().find(|s| &s.source.key == k).map(|s| (s, *n)))
            .map(|(s, number)| SourceRecord {
                key: &s.source.key,
                number,
                title: &s.source.title,
                publisher: &s.source.publisher,
                author: &s.source.author,
                url: &s.source.url,
                date: s.source.date.map(|d| d.iso()),
                note: &s.source.note,
            })
            .collect(),
    }
}

/// Writes claims.json, every claim of the site as data, record by record.
pub fn claims_json(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let file = ClaimsFile {
        generator: GENERATOR,
        site: SiteInfo { title: &site.config.title, base_url: &site.config.base_url },
        verdicts: &site.config.verdicts.0,
        claims: AllClaims(site),
    };
    // serde_json makes millions of small writes: they go to a buffer of
    // a known type, which the compiler inlines, and reach `out` (behind a
    // `dyn`) 64 KiB at a time.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &file).map_err(std::io::Error::from)?;
    buffered.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_urls() {
        assert_eq!(base_path("https://a.org/x/"), "/x/");
        assert_eq!(base_path("https://a.org/"), "/");
        assert_eq!(base_path(""), "/");
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
