//! Plain data of a site: what the validating stages produce and the
//! rendering stage consumes. No behaviour beyond small accessors.

/// The maps of ids to sources and claims, in the writer's order. Keys are hashed
/// with foldhash: they are the writer's own ids, so SipHash's resistance to
/// crafted collisions buys nothing, and it cost more than a percent of a build.
pub type IndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;

/// A calendar date as the writer gave it, kept in ISO form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    pub fn iso(&self) -> String {
        self.0.to_string()
    }

    /// "1 September 2023".
    pub fn display(&self) -> String {
        self.0.strftime("%-d %B %Y").to_string()
    }
}

/// How much of a date the writer gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date that may be partial (`2014`, `2014-03`), as the dates of sources
/// and claims often are: shown as given, never with an invented day. An
/// article's own dates stay full [`Date`]s: they order lists and feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The first day of the year or month when the date is partial.
    first_day: jiff::civil::Date,
    precision: Precision,
}

impl PartialDate {
    /// Reads what [`Date::parse`] reads, or `YYYY-MM`, or `YYYY`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        if let Some(d) = Date::parse(s) {
            return Some(d.into());
        }
        let digits = |t: &str, len: usize| {
            (t.len() == len && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<i16>().ok()).flatten()
        };
        let (year, month, precision) = match s.split_once('-') {
            Some((y, m)) => (digits(y, 4)?, digits(m, 2)?, Precision::Month),
            None => (digits(s, 4)?, 1, Precision::Year),
        };
        let first_day = jiff::civil::Date::new(year, i8::try_from(month).ok()?, 1).ok()?;
        Some(PartialDate { first_day, precision })
    }

    /// `2014`, `2014-03` or `2014-03-07`: the ISO 8601 form, as precise as
    /// the writer was (valid in `<time datetime>`, JSON-LD and JSON).
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Year => self.first_day.strftime("%Y").to_string(),
            Precision::Month => self.first_day.strftime("%Y-%m").to_string(),
            Precision::Day => self.first_day.to_string(),
        }
    }

    /// "2014", "March 2014" or "7 March 2014".
    pub fn display(&self) -> String {
        match self.precision {
            Precision::Year => self.first_day.strftime("%Y").to_string(),
            Precision::Month => self.first_day.strftime("%B %Y").to_string(),
            Precision::Day => Date(self.first_day).display(),
        }
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }
}

impl From<Date> for PartialDate {
    fn from(d: Date) -> PartialDate {
        PartialDate { first_day: d.0, precision: Precision::Day }
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
    pub date: Option<PartialDate>,
    pub accessed: Option<PartialDate>,
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
    pub date: Option<PartialDate>,
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
    use super::PartialDate;

    #[test]
    fn partial_dates_are_shown_as_given() {
        let shown = |s: &str| PartialDate::parse(s).map(|d| (d.iso(), d.display()));
        assert_eq!(shown("2014"), Some(("2014".into(), "2014".into())));
        assert_eq!(shown("2014-03"), Some(("2014-03".into(), "March 2014".into())));
        assert_eq!(shown("2014-03-07"), Some(("2014-03-07".into(), "7 March 2014".into())));
        assert_eq!(shown(" 2023-09-01T10:00:00Z "), Some(("2023-09-01".into(), "1 September 2023".into())));
    }

    #[test]
    fn impossible_partial_dates_are_refused() {
        for s in ["2014-13", "2014-00", "14", "2014-3", "201", "20144", "2014-", "-03", "March 2014", "+201", ""] {
            assert_eq!(PartialDate::parse(s), None, "{s:?}");
        }
    }
}
