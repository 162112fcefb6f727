//! What templates see: plain serialisable views of the resolved site. The
//! field names are the theme contract documented in the README.

use foldhash::HashMap;
use std::borrow::Borrow;
use std::cell::RefCell;
use std::hash::Hash;
use std::thread::LocalKey;

use serde::Serialize;
use tera::Value;

use crate::config::{Config, Publisher, Verdict, Verdicts};
use crate::model::PartialDate;
use crate::resolve::{CitedSource, Claim, Resolved};

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

/// How many template values of one kind (dates, tags, backlinks, claims'
/// sources) each thread keeps; for [`kept_at`], how many keys.
const KEPT_VALUES: usize = 4096;

/// For [`kept_at`], the positions kept under each key. Slots are kept up
/// to the position used, so this bounds a thread's slots at
/// `KEPT_VALUES * KEPT_POSITIONS`: an article citing one source 20,000
/// times (anchor `cite-k` at position k) would otherwise fill a slot list
/// as long as k for each of 4,096 anchors, some 200 MB.
const KEPT_POSITIONS: usize = 64;

/// The template value for `key`, made by `make` the first time this thread
/// needs it. Pages show the same dates, tags and backlinks many times over (an
/// article's on every list it is in, a source's date in its article and in
/// the sources index), and Tera copies a ready value by reference count
/// instead of converting it again.
fn kept<K, Q>(
    values: &'static LocalKey<RefCell<HashMap<K, Value>>>,
    key: &Q,
    owned: impl FnOnce(&Q) -> K,
    make: impl FnOnce() -> Value,
) -> Value
where
    K: Eq + Hash + Borrow<Q>,
    Q: Eq + Hash + ?Sized,
{
    values.with_borrow_mut(|values| {
        if let Some(v) = values.get(key) {
            return v.clone();
        }
        let v = make();
        if values.len() < KEPT_VALUES {
            values.insert(owned(key), v.clone());
        }
        v
    })
}

/// Values kept by a string, then a small number (a position, a source
/// number).
type KeptAt = RefCell<HashMap<String, Vec<Option<Value>>>>;

/// The template value for (`key`, `at`), made by `make` the first time this
/// thread needs it, like [`kept`]; looked up by `&str`, so a hit allocates
/// nothing.
fn kept_at(values: &'static LocalKey<KeptAt>, key: &str, at: usize, make: impl FnOnce() -> Value) -> Value {
    values.with_borrow_mut(|values| {
        let room = values.len() < KEPT_VALUES;
        let slots = match values.get_mut(key) {
            Some(slots) if at < KEPT_POSITIONS => slots,
            None if room && at < KEPT_POSITIONS => values.entry(key.to_string()).or_default(),
            _ => return make(),
        };
        if slots.len() <= at {
            slots.resize(at + 1, None);
        }
        slots[at].get_or_insert_with(make).clone()
    })
}

/// A date as templates get it: `{iso, display}`.
#[derive(Clone, Serialize)]
#[serde(transparent)]
pub struct DateCtx(Value);

#[derive(Serialize)]
struct DateFields {
    iso: String,
    display: String,
}

impl DateCtx {
    /// `iso` is as precise as the writer was: `2014`, `2014-03` or
    /// `2014-03-07` (each valid in `<time datetime>`); `display` is
    /// "2014", "March 2014" or "7 March 2014".
    pub fn of(d: Option<impl Into<PartialDate>>) -> Option<DateCtx> {
        thread_local! {
            static DATES: RefCell<HashMap<PartialDate, Value>> = RefCell::default();
        }
        let d: PartialDate = d?.into();
        let make = || Value::from_serializable(&DateFields { iso: d.iso(), display: d.display() });
        Some(DateCtx(kept(&DATES, &d, |d| *d, make)))
    }
}

/// A tag as templates get it: `{name, slug, url}`.
#[derive(Clone, Serialize)]
#[serde(transparent)]
pub struct TagCtx(Value);

#[derive(Serialize)]
struct TagFields {
    name: String,
    slug: String,
    url: String,
}

impl TagCtx {
    pub fn of(name: &str) -> TagCtx {
        thread_local! {
            static TAGS: RefCell<HashMap<String, Value>> = RefCell::default();
        }
        let make = || {
            let slug = tag_slug(name);
            Value::from_serializable(&TagFields { name: name.to_string(), url: format!("tags/{slug}/"), slug })
        };
        TagCtx(kept(&TAGS, name, str::to_string, make))
    }
}

/// The URL segment of a tag.
pub fn tag_slug(name: &str) -> String {
    let s = slug::slugify(name);
    if s.is_empty() { "tag".into() } else { s }
}

/// A verdict with how many claims have it: `{id, label, count}`.
#[derive(Serialize)]
struct VerdictCount<'a> {
    id: &'a str,
    label: &'a str,
    count: usize,
}

/// How many claims have each verdict, in scale order, zeros left out.
pub fn verdict_counts(verdicts: &VerdictValues, claims: &[Claim]) -> Vec<Value> {
    verdicts
        .0
        .iter()
        .filter_map(|kept| {
            let count = claims.iter().filter(|c| c.verdict.id == kept.verdict.id).count();
            (count > 0).then(|| verdicts.count(&kept.verdict, count))
        })
        .collect()
}

/// A verdict as a claim shows it (the scale's descriptions are in
/// `site.verdicts`).
#[derive(Serialize, Clone, Copy)]
pub struct VerdictRef<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub rating: Option<i64>,
}

impl<'a> VerdictRef<'a> {
    pub fn of(v: &'a Verdict) -> Self {
        VerdictRef { id: &v.id, label: &v.label, rating: v.rating }
    }
}

/// Every verdict of the scale as a template value, and with the counts an
/// article usually has (`{id, label, count}` for 1 to [`KEPT_COUNTS`]),
/// converted once per build: each claim on every page carries a verdict,
/// each article and article summary its counts, and a site has a handful
/// of verdicts. Tera copies a ready `Value` inside a context by reference
/// count instead of converting it again.
pub struct VerdictValues(Vec<KeptVerdict>);

struct KeptVerdict {
    verdict: std::sync::Arc<Verdict>,
    value: Value,
    /// The `{id, label, count}` of counts 1, 2, …
    counts: Vec<Value>,
}

/// Counts of one verdict kept as values; higher counts are converted when used.
const KEPT_COUNTS: usize = 16;

impl VerdictValues {
    pub fn new(verdicts: &Verdicts) -> Self {
        VerdictValues(
            verdicts
                .0
                .iter()
                .map(|v| KeptVerdict {
                    verdict: std::sync::Arc::clone(v),
                    value: Value::from_serializable(&VerdictRef::of(v)),
                    counts: (1..=KEPT_COUNTS).map(|count| Self::count_value(v, count)).collect(),
                })
                .collect(),
        )
    }

    fn kept(&self, v: &Verdict) -> Option<&KeptVerdict> {
        self.0.iter().find(|k| k.verdict.id == v.id)
    }

    /// `v` as a claim shows it.
    pub fn of(&self, v: &Verdict) -> Value {
        match self.kept(v) {
            Some(k) => k.value.clone(),
            None => Value::from_serializable(&VerdictRef::of(v)),
        }
    }

    /// `{id, label, count}` of `v`.
    pub fn count(&self, v: &Verdict, count: usize) -> Value {
        match self.kept(v).and_then(|k| k.counts.get(count.wrapping_sub(1))) {
            Some(value) => value.clone(),
            None => Self::count_value(v, count),
        }
    }

    fn count_value(v: &Verdict, count: usize) -> Value {
        Value::from_serializable(&VerdictCount { id: &v.id, label: &v.label, count })
    }
}

/// A source of a claim as templates get it: `{key, number, anchor}`.
#[derive(Serialize)]
struct ClaimSourceFields<'a> {
    key: &'a str,
    number: usize,
    anchor: String,
}

/// The value of a claim's source. Source keys and numbers recur from
/// article to article (`src-1` is often source 1), so values are kept per
/// thread by key, then number.
fn claim_source(key: &str, number: usize) -> Value {
    thread_local! {
        static CLAIM_SOURCES: KeptAt = RefCell::default();
    }
    kept_at(&CLAIM_SOURCES, key, number, || {
        Value::from_serializable(&ClaimSourceFields { key, number, anchor: format!("source-{key}") })
    })
}

#[derive(Serialize)]
pub struct ClaimCtx<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub entry_anchor: String,
    pub text_html: &'a str,
    pub text: &'a str,
    pub claimant: &'a str,
    pub date: Option<DateCtx>,
    /// A [`VerdictRef`].
    pub verdict: Value,
    /// `{key, number, anchor}` each.
    pub sources: Vec<Value>,
    pub note_html: &'a str,
    pub in_text: bool,
}

impl<'a> ClaimCtx<'a> {
    pub fn of(c: &'a Claim, verdicts: &VerdictValues) -> Self {
        ClaimCtx {
            id: &c.id,
            anchor: format!("claim-{}", c.id),
            entry_anchor: format!("claim-entry-{}", c.id),
            text_html: &c.text_html,
            text: &c.text,
            claimant: &c.claimant,
            date: DateCtx::of(c.date),
            verdict: verdicts.of(&c.verdict),
            sources: c.sources.iter().map(|(k, n)| claim_source(k, *n)).collect(),
            note_html: &c.note_html,
            in_text: c.in_text,
        }
    }
}

/// A backlink as templates get it: `{anchor, label}`.
#[derive(Serialize)]
struct BackrefFields<'a> {
    anchor: &'a str,
    label: String,
}

/// "a", "b", … "z", "aa", … for the backlinks of a source cited many times.
pub fn backref_label(i: usize) -> String {
    let mut n = i;
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The backlinks to `anchors`, labelled a, b, c… Citation anchors restart
/// on every article (`cite-1`, `cite-2`…), so the same few recur across a
/// site: their values are kept by anchor, then position.
fn backrefs(anchors: &[String]) -> Vec<Value> {
    thread_local! {
        static BACKREFS: KeptAt = RefCell::default();
    }
    anchors
        .iter()
        .enumerate()
        .map(|(i, anchor)| {
            kept_at(&BACKREFS, anchor, i, || {
                Value::from_serializable(&BackrefFields { anchor, label: backref_label(i) })
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct SourceCtx<'a> {
    pub key: &'a str,
    pub number: usize,
    pub anchor: String,
    pub title: &'a str,
    pub publisher: &'a str,
    pub author: &'a str,
    pub url: &'a str,
    pub archived: &'a str,
    pub date: Option<DateCtx>,
    pub accessed: Option<DateCtx>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub note: &'a str,
    /// The note as inline HTML ("" without one).
    pub note_html: String,
    /// `{anchor, label}` each.
    pub citations: Vec<Value>,
}

/// A source's note as inline HTML: Markdown, as a claim's note is. What the
/// URL rule refuses in it was reported before (`resolve::source_notes`).
pub fn source_note_html(note: &str, unsafe_html: bool) -> String {
    if note.is_empty() { String::new() } else { crate::markdown::render_inline(note, unsafe_html, &mut Vec::new()) }
}

impl<'a> SourceCtx<'a> {
    pub fn of(s: &'a CitedSource, unsafe_html: bool) -> Self {
        let src = &s.source;
        SourceCtx {
            key: &src.key,
            number: s.number,
            anchor: format!("source-{}", src.key),
            title: &src.title,
            publisher: &src.publisher,
            author: &src.author,
            url: &src.url,
            archived: &src.archived,
            date: DateCtx::of(src.date),
            accessed: DateCtx::of(src.accessed),
            kind: src.kind.id(),
            kind_label: src.kind.label(),
            note: &src.note,
            note_html: source_note_html(&src.note, unsafe_html),
            citations: backrefs(&s.citations),
        }
    }
}

#[derive(Serialize)]
pub struct NoteCtx<'a> {
    pub id: &'a str,
    pub number: usize,
    pub html: &'a str,
    /// `{anchor, label}` each.
    pub backrefs: Vec<Value>,
}

/// `page` on an article's page.
#[derive(Serialize)]
pub struct ArticleCtx<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub date: Option<DateCtx>,
    pub updated: Option<DateCtx>,
    pub authors: &'a [String],
    pub tags: Vec<TagCtx>,
    pub url: &'a str,
    pub section: &'a str,
    pub image: &'a str,
    /// The image for social cards: absolute when the site has a base URL.
    pub image_url: String,
    pub content: &'a str,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub claims: Vec<ClaimCtx<'a>>,
    /// `{id, label, count}` each.
    pub verdict_counts: Vec<Value>,
    pub sources: Vec<SourceCtx<'a>>,
    pub notes: Vec<NoteCtx<'a>>,
    pub headings: Vec<HeadingCtx<'a>>,
    pub extra: &'a serde_json::Value,
    pub json_ld: String,
}

#[derive(Serialize)]
pub struct HeadingCtx<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

impl<'a> ArticleCtx<'a> {
    pub fn of(r: &'a Resolved, config: &Config, verdicts: &VerdictValues, json_ld: String) -> Self {
        let a = &r.article;
        ArticleCtx {
            title: &a.title,
            summary: &a.summary,
            date: DateCtx::of(a.date),
            updated: DateCtx::of(a.updated),
            authors: &a.authors,
            tags: a.tags.iter().map(|t| TagCtx::of(t)).collect(),
            url: &a.url,
            section: &a.section,
            image: &a.image,
            image_url: absolute_url(&config.base_url, &a.image),
            content: &r.html,
            word_count: r.words,
            reading_minutes: r.words.div_ceil(230).max(1),
            claims: r.claims.iter().map(|c| ClaimCtx::of(c, verdicts)).collect(),
            verdict_counts: verdict_counts(verdicts, &r.claims),
            sources: r.sources.iter().map(|s| SourceCtx::of(s, config.unsafe_html)).collect(),
            notes: r
                .notes
                .iter()
                .map(|n| NoteCtx { id: &n.id, number: n.number, html: &n.html, backrefs: backrefs(&n.backrefs) })
                .collect(),
            headings: r.headings.iter().map(|h| HeadingCtx { level: h.level, id: &h.id, text: &h.text }).collect(),
            extra: &a.extra,
            json_ld,
        }
    }
}

/// `url` made absolute against the site's base URL (unchanged when it is
/// already absolute, or when there is no base URL).
pub fn absolute_url(base_url: &str, url: &str) -> String {
    if url.is_empty() || url.contains("://") || base_url.is_empty() {
        return url.to_string();
    }
    format!("{base_url}{}", url.trim_start_matches('/'))
}

/// An article in a list (home, sections, tags).
#[derive(Serialize)]
pub struct SummaryCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: Option<DateCtx>,
    pub updated: Option<DateCtx>,
    pub authors: &'a [String],
    pub tags: Vec<TagCtx>,
    pub section: &'a str,
    pub claim_count: usize,
    /// `{id, label, count}` each.
    pub verdict_counts: Vec<Value>,
}

impl<'a> SummaryCtx<'a> {
    pub fn of(r: &'a Resolved, verdicts: &VerdictValues) -> Self {
        let a = &r.article;
        SummaryCtx {
            title: &a.title,
            url: &a.url,
            summary: &a.summary,
            date: DateCtx::of(a.date),
            updated: DateCtx::of(a.updated),
            authors: &a.authors,
            tags: a.tags.iter().map(|t| TagCtx::of(t)).collect(),
            section: &a.section,
            claim_count: r.claims.len(),
            verdict_counts: verdict_counts(verdicts, &r.claims),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_reads_the_same_made_or_kept() {
        let d = crate::model::Date::parse("2023-09-01");
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ d.iso }}|{{ d.display }}").unwrap();
        for _ in 0..2 {
            let mut ctx = tera::Context::new();
            ctx.insert("d", &super::DateCtx::of(d));
            assert_eq!(tera.render("t", &ctx).unwrap(), "2023-09-01|1 September 2023");
            let json = serde_json::to_string(&super::DateCtx::of(d)).unwrap();
            assert_eq!(json, r#"{"iso":"2023-09-01","display":"1 September 2023"}"#);
        }
        assert!(super::DateCtx::of(None::<crate::model::Date>).is_none());
    }

    #[test]
    fn backlinks_read_the_same_made_or_kept() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{% for b in list %}{{ b.anchor }}:{{ b.label }};{% endfor %}").unwrap();
        let render = |anchors: &[&str]| {
            let anchors: Vec<String> = anchors.iter().map(|a| a.to_string()).collect();
            let mut ctx = tera::Context::new();
            ctx.insert("list", &super::backrefs(&anchors));
            tera.render("t", &ctx).unwrap()
        };
        assert_eq!(render(&["cite-1", "cite-2"]), "cite-1:a;cite-2:b;");
        // The same anchors at other positions, then again as at first.
        assert_eq!(render(&["cite-2", "cite-1"]), "cite-2:a;cite-1:b;");
        assert_eq!(render(&["cite-1", "cite-2"]), "cite-1:a;cite-2:b;");
        // A source cited many times.
        let many: Vec<String> = (0..66).map(|_| "cite-9".to_string()).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        for _ in 0..2 {
            let text = render(&many);
            assert!(text.starts_with("cite-9:a;cite-9:b;"), "{text}");
            assert!(text.ends_with("cite-9:bm;cite-9:bn;"), "{text}");
        }
    }

    #[test]
    fn claim_sources_read_the_same_made_or_kept() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ s.key }}|{{ s.number }}|{{ s.anchor }}").unwrap();
        let render = |key: &str, number: usize| {
            let mut ctx = tera::Context::new();
            ctx.insert("s", &super::claim_source(key, number));
            tera.render("t", &ctx).unwrap()
        };
        // A key first seen with a high number, then a lower one; past the
        // kept numbers; and each again, now from the cache.
        for _ in 0..2 {
            assert_eq!(render("src-kept", 3), "src-kept|3|source-src-kept");
            assert_eq!(render("src-kept", 1), "src-kept|1|source-src-kept");
            assert_eq!(render("src-other", 1), "src-other|1|source-src-other");
            assert_eq!(render("src-kept", 5000), "src-kept|5000|source-src-kept");
        }
    }

    #[test]
    fn kept_at_keeps_only_low_positions() {
        thread_local! {
            static VALUES: super::KeptAt = std::cell::RefCell::default();
        }
        let value = |at: usize| super::kept_at(&VALUES, "cite-1", at, || tera::Value::from(at));
        assert_eq!(value(3).as_i128(), Some(3));
        assert_eq!(value(super::KEPT_POSITIONS + 1000).as_i128(), Some(super::KEPT_POSITIONS as i128 + 1000));
        let slots = VALUES.with_borrow(|v| v.get("cite-1").map(Vec::len));
        assert_eq!(slots, Some(4), "a high position is made, not kept");
    }

    #[test]
    fn a_tag_reads_the_same_made_or_kept() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ t.name }}|{{ t.slug }}|{{ t.url }}").unwrap();
        for _ in 0..2 {
            let mut ctx = tera::Context::new();
            ctx.insert("t", &super::TagCtx::of("Border Policy"));
            assert_eq!(tera.render("t", &ctx).unwrap(), "Border Policy|border-policy|tags/border-policy/");
        }
    }

    #[test]
    fn verdict_counts_read_the_same_kept_or_made() {
        let scale = crate::config::Verdicts::default_scale();
        let values = super::VerdictValues::new(&scale);
        let v = &scale.0[0];
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ c.id }}|{{ c.label }}|{{ c.count }}").unwrap();
        // 0 and 40 are past the kept counts; 1 and 16 are its ends.
        for count in [0, 1, 2, 16, 17, 40] {
            let mut ctx = tera::Context::new();
            ctx.insert("c", &values.count(v, count));
            assert_eq!(tera.render("t", &ctx).unwrap(), format!("{}|{}|{count}", v.id, v.label));
        }
        // A verdict that is not on the scale still gets its values.
        let other = crate::config::Verdict { id: "other".into(), label: "Other".into(), ..(**v).clone() };
        let mut ctx = tera::Context::new();
        ctx.insert("c", &values.count(&other, 3));
        assert_eq!(tera.render("t", &ctx).unwrap(), "other|Other|3");
    }

    #[test]
    fn backref_labels_run_a_to_z_then_aa() {
        let labels: Vec<String> = [0, 1, 25, 26, 27].iter().map(|i| super::backref_label(*i)).collect();
        assert_eq!(labels, ["a", "b", "z", "aa", "ab"]);
    }
}
