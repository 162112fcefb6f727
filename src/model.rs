//! Plain data of a site: what the validating stages produce and the
//! rendering stage consumes. No behaviour beyond small accessors.

use indexmap::IndexMap;

/// A calendar date as the writer gave it, kept in ISO form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Reads `2023-09-01`, or a date-time such as `2023-09-01T10:00:00Z`
    /// (only the date is kept).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(d) = s.parse::<jiff::civil::Date>() {
            return Some(Date(d));
        }
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            return Some(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()));
        }
        s.parse::<jiff::civil::DateTime>().ok().map(|dt| Date(dt.date()))
    }

    /// "2023-09-01".
    pub fn iso(&self) -> String {
        let d = self.0;
        // Four-digit years, the only ones articles have, without going
        // through a formatter (pages show thousands of dates); jiff writes
        // any other.
        if (1000..=9999).contains(&d.year()) {
            let mut s = String::with_capacity(10);
            push_digits(&mut s, d.year() as u32, 4);
            s.push('-');
            push_digits(&mut s, d.month() as u32, 2);
            s.push('-');
            push_digits(&mut s, d.day() as u32, 2);
            return s;
        }
        d.to_string()
    }

    /// "1 September 2023".
    pub fn display(&self) -> String {
        let d = self.0;
        if (1000..=9999).contains(&d.year()) {
            let month = MONTHS[d.month() as usize - 1];
            let mut s = String::with_capacity(8 + month.len());
            push_digits(&mut s, d.day() as u32, if d.day() < 10 { 1 } else { 2 });
            s.push(' ');
            s.push_str(month);
            s.push(' ');
            push_digits(&mut s, d.year() as u32, 4);
            return s;
        }
        d.strftime("%-d %B %Y").to_string()
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Appends the last `width` decimal digits of `n`, zero-padded.
fn push_digits(s: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        s.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// A source as defined in front matter or sources.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub key: String,
    pub title: String,
    pub publisher: String,
    pub author: String,
    pub url: String,
    pub archived: String,
    pub date: Option<Date>,
    pub accessed: Option<Date>,
    pub kind: SourceKind,
    pub note: String,
}

/// What kind of thing a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    News,
    Official,
    Document,
    Dataset,
    Interview,
    Other,
}

impl SourceKind {
    pub const ALL: [(&'static str, SourceKind); 6] = [
        ("news", SourceKind::News),
        ("official", SourceKind::Official),
        ("document", SourceKind::Document),
        ("dataset", SourceKind::Dataset),
        ("interview", SourceKind::Interview),
        ("other", SourceKind::Other),
    ];

    pub fn parse(s: &str) -> Option<SourceKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn id(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("other", |(n, _)| n)
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::News => "News",
            SourceKind::Official => "Official",
            SourceKind::Document => "Document",
            SourceKind::Dataset => "Dataset",
            SourceKind::Interview => "Interview",
            SourceKind::Other => "Other",
        }
    }
}

/// What front matter says about a claim (every field optional: a claim span
/// can give them inline).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimMeta {
    pub claimant: Option<String>,
    pub verdict: Option<String>,
    pub sources: Vec<String>,
    /// Markdown.
    pub note: String,
    pub date: Option<Date>,
    /// The claim as made, when it differs from the article's wording.
    pub quote: Option<String>,
}

/// A validated article, before its Markdown is rendered.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: crate::load::SourceFile,
    /// Byte offset of the Markdown body in `file.text`.
    pub body_start: usize,
    pub title: String,
    pub summary: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: String,
    /// The folders under content/, joined by `/` ("" at the top).
    pub section: String,
    /// Path relative to the site root, ending in `/`.
    pub url: String,
    pub image: String,
    pub sources: IndexMap<String, Source>,
    pub claims: IndexMap<String, ClaimMeta>,
    pub extra: serde_json::Value,
}

impl Article {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn dates_are_written_as_jiff_writes_them() {
        let mut checked = 0;
        // Every day across the edges of the fast path (years 1000 and
        // 9999) and of two centuries.
        for (from, to) in [((998, 12, 25), 1003), ((1900, 1, 1), 2100), ((9997, 1, 1), 10_000)] {
            let mut d = jiff::civil::date(from.0, from.1, from.2);
            while d.year() < to {
                check(d);
                checked += 1;
                match d.tomorrow() {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        }
        for year in [1, 99, 0, -1, -9999] {
            check(jiff::civil::date(year, 2, 28));
        }
        assert!(checked > 75_000);
    }

    fn check(d: jiff::civil::Date) {
        assert_eq!(Date(d).iso(), d.to_string(), "{d:?}");
        assert_eq!(Date(d).display(), d.strftime("%-d %B %Y").to_string(), "{d:?}");
    }
}
