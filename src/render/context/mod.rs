//! What templates see: typed views that borrow from the model, turned into
//! template values by serde as each page renders. These structs *are* the
//! theme contract (`docs/theme-contract.md` lists them field by field): a
//! field renamed here is a field renamed for every theme.
//!
//! `article` holds the article page's views, `claim` a claim's (in the
//! sidebar and on its own page), `lists` those of the listing pages; the small shapes every page shares (dates, tags, verdicts) are
//! here.

pub mod article;
pub mod claim;
pub mod feeds;
pub mod lists;

use serde::Serialize;

use crate::config::{Config, Publisher, Verdict};
use crate::model::{Claim, PartialDate};
use crate::urls;

/// `site` on every page.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub publisher: Option<&'a Publisher>,
    pub verdicts: &'a [std::sync::Arc<Verdict>],
    pub extra: &'a serde_json::Value,
}

impl<'a> SiteCtx<'a> {
    pub fn new(c: &'a Config) -> Self {
        SiteCtx {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: &c.base_url,
            publisher: c.publisher.as_ref(),
            verdicts: &c.verdicts.0,
            extra: &c.extra,
        }
    }
}

/// A date: `iso` is as precise as the writer was (`2014`, `2014-03` or
/// `2014-03-07`, each valid in `<time datetime>`); `display` is "2014",
/// "March 2014" or "7 March 2014".
#[derive(Serialize, Clone)]
pub struct DateCtx {
    pub iso: String,
    pub display: String,
}

impl DateCtx {
    pub fn of(d: Option<impl Into<PartialDate>>) -> Option<DateCtx> {
        let d: PartialDate = d?.into();
        Some(DateCtx { iso: d.iso(), display: d.display() })
    }
}

/// A tag: `{name, slug, url}`.
#[derive(Serialize)]
pub struct TagCtx<'a> {
    pub name: &'a str,
    pub slug: String,
    pub url: String,
}

impl<'a> TagCtx<'a> {
    pub fn of(name: &'a str) -> Self {
        let slug = urls::tag_slug(name);
        TagCtx { name, url: urls::tag_url(&slug), slug }
    }
}

/// A verdict as a claim shows it: `{id, label}`. Every claim on every page
/// has one, so it holds what a page shows; the scale's ratings and
/// descriptions are in `site.verdicts`, by id.
#[derive(Serialize, Clone, Copy)]
pub struct VerdictRef<'a> {
    pub id: &'a str,
    pub label: &'a str,
}

impl<'a> VerdictRef<'a> {
    pub fn of(v: &'a Verdict) -> Self {
        VerdictRef { id: &v.id, label: &v.label }
    }
}

/// A verdict with how many claims have it: `{id, label, count}`.
#[derive(Serialize)]
pub struct VerdictCount<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub count: usize,
}

/// How many of `claims` have each verdict of the scale, in scale order,
/// zeros left out.
pub fn verdict_counts<'a>(scale: &'a [std::sync::Arc<Verdict>], claims: &[Claim]) -> Vec<VerdictCount<'a>> {
    scale
        .iter()
        .filter_map(|v| {
            let count = claims.iter().filter(|c| c.verdict.id == v.id).count();
            (count > 0).then_some(VerdictCount { id: &v.id, label: &v.label, count })
        })
        .collect()
}
