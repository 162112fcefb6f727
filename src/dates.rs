//! Dates as writers give them. An article's `date:` and `updated:` are
//! full [`Date`]s: they order lists and feeds. Sources and claims are often
//! dated only by month or year, so theirs are [`PartialDate`]s, shown as
//! given and never with an invented first day. Reading a date either way
//! says what is wrong and how to write it.

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

/// Reads an article's date: full, or a message and a help line.
pub fn full(value: &str) -> Result<Date, (String, &'static str)> {
    Date::parse(value).ok_or_else(|| match PartialDate::parse(value) {
        Some(_) => (
            format!("`{value}` is not a full date"),
            "an article's dates order lists and feeds: write the day too, as YYYY-MM-DD, e.g. `2023-09-01`",
        ),
        None => (format!("`{value}` is not a date"), "write dates as YYYY-MM-DD, e.g. `2023-09-01`"),
    })
}

/// Reads the date of a source or a claim, which may be partial, or a
/// message and a help line.
pub fn partial(value: &str) -> Result<PartialDate, (String, &'static str)> {
    PartialDate::parse(value).ok_or_else(|| {
        (
            format!("`{value}` is not a date"),
            "write YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known, e.g. `2014-03`",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{PartialDate, full, partial};

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

    #[test]
    fn an_article_date_must_be_full_and_says_why() {
        assert_eq!(full("2014-03").unwrap_err().0, "`2014-03` is not a full date");
        assert_eq!(full("2014-13").unwrap_err().0, "`2014-13` is not a date");
        assert!(full("2014-03-07").is_ok());
        assert!(partial("2014-03").is_ok());
        assert!(partial("2014-13").unwrap_err().1.contains("YYYY-MM or YYYY"));
    }
}
