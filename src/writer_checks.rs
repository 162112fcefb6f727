//! Front-matter values that read without error but would publish something
//! other than what the writer meant: a source link without its `https://`
//! (a relative link that goes nowhere), one tag written twice in two
//! spellings (two links to one page), an `updated:` before the `date:`.
//! Each is an error at the value, with the fix in the help line.

use crate::diagnostics::Diagnostics;
use crate::front_matter::Doc;
use crate::model::Date;
use crate::urls::tag_slug;
use crate::yaml::{Target, Text, TextList};

impl Doc<'_> {
    /// A source's `url:` or `archived:`: it points off the site, so it must
    /// be an absolute `http(s)://` address.
    pub(crate) fn external_url(&self, value: Option<Text>, path: &[&str], diags: &mut Diagnostics) -> String {
        let url = self.url(value, path, diags);
        let Some((message, help)) = off_site_problem(&url) else { return url };
        diags.push(self.error(path, Target::Value, message, help));
        String::new()
    }

    /// An article's tags, each once: two spellings of one tag (`Border`,
    /// `border!`) would show two links to the same tag page.
    pub(crate) fn tags(&self, value: Option<TextList>, diags: &mut Diagnostics) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in value.unwrap_or_default().0.into_iter().map(|t| t.0) {
            let at = |message: String, help: String| self.error(&["tags"], Target::Item(&tag), message, help);
            if crate::urls::slug(&tag).is_empty() {
                diags.push(at(
                    format!("tag `{tag}` has no letters or digits"),
                    "write the tag as a word, e.g. `border`, or remove it".into(),
                ));
            } else if let Some(first) = tags.iter().find(|t| tag_slug(t) == tag_slug(&tag)) {
                let message = if *first == tag {
                    format!("tag `{tag}` is listed twice")
                } else {
                    format!("tag `{tag}` is the same tag as `{first}`: both are tags/{}/", tag_slug(&tag))
                };
                diags.push(at(message, format!("keep one of them: remove `{tag}`")));
            } else {
                tags.push(tag);
            }
        }
        tags
    }

    /// An article's authors: an empty one would print an empty byline.
    pub(crate) fn authors(&self, value: Option<TextList>, diags: &mut Diagnostics) -> Vec<String> {
        let authors: Vec<String> = value.unwrap_or_default().0.into_iter().map(|t| t.0).collect();
        if authors.iter().any(|a| a.trim().is_empty()) {
            diags.push(self.error(
                &["authors"],
                Target::Value,
                "an author has no name".into(),
                "write each author's name, e.g. `authors: [Desk Staff]`, or remove the empty one",
            ));
        }
        authors.into_iter().filter(|a| !a.trim().is_empty()).collect()
    }

    /// `updated:` before `date:` is a typo in one of them.
    pub(crate) fn check_updated(&self, date: Option<Date>, updated: Option<Date>, diags: &mut Diagnostics) {
        if let (Some(d), Some(u)) = (date, updated) {
            if u < d {
                diags.push(self.error(
                    &["updated"],
                    Target::Value,
                    format!("the article was updated ({}) before it was published ({})", u.0, d.0),
                    "`updated:` is the date of the last change, on or after `date:`: correct one of them",
                ));
            }
        }
    }
}

/// The help line when `url` (already checked for unsafe schemes) is not an
/// absolute http(s) address, or `None` when it is (or is empty).
pub fn not_external(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    if url.is_empty() || lower.starts_with("https://") || lower.starts_with("http://") {
        return None;
    }
    Some(match looks_like_domain(url) {
        true => format!("did you mean `https://{}`?", url.trim()),
        false => "write the whole address, e.g. `https://www.example.com/report`".into(),
    })
}

/// What is wrong with `url` as a link to another site, when it is not an
/// absolute `http(s)://` address: the message and the help line.
pub fn off_site_problem(url: &str) -> Option<(String, String)> {
    let help = not_external(url)?;
    let message =
        format!("`{url}` is not a web address: a link to another site must start with `https://` or `http://`");
    Some((message, help))
}

/// `www.example.com/report`, `example.org`: a relative link whose first
/// segment reads as a domain name, which is never what the writer meant.
pub fn looks_like_domain(url: &str) -> bool {
    let host = url.trim().split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        && !matches!(*labels.last().unwrap(), "md" | "html" | "htm" | "png" | "jpg" | "jpeg" | "gif" | "svg" | "pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_without_a_scheme_get_one_suggested() {
        assert_eq!(not_external("https://a.org/x"), None);
        assert_eq!(not_external("HTTP://a.org"), None);
        assert_eq!(not_external(""), None);
        assert_eq!(
            not_external("www.example.com/report").as_deref(),
            Some("did you mean `https://www.example.com/report`?")
        );
        assert_eq!(not_external("example.com/x").as_deref(), Some("did you mean `https://example.com/x`?"));
        assert!(not_external("report.pdf").unwrap().contains("write the whole address"));
        assert!(not_external("mailto:a@b.org").unwrap().contains("write the whole address"));
    }

    #[test]
    fn file_names_do_not_look_like_domains() {
        assert!(looks_like_domain("www.example.com"));
        assert!(looks_like_domain("gov.uk/x?y"));
        assert!(!looks_like_domain("b.md"));
        assert!(!looks_like_domain("../b.html"));
        assert!(!looks_like_domain("img/chart.png"));
        assert!(!looks_like_domain("notes"));
    }
}
