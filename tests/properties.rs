//! Properties of gloss's Markdown stage and front-matter reader, checked on
//! generated inputs (proptest), and linear running time on adversarial
//! megabyte inputs.
//!
//! Run with `cargo test --test properties`. The whole file is meant to run
//! in well under a minute in a debug build on two cores; each property's
//! case count is set with that in mind (`CASES`). Failures are not saved to
//! a regression file: a failing input found here becomes a named test below
//! (the `regression_*` tests).
//!
//! The `linear_time_*` tests time `render` (for the `yaml_*` cases, reading
//! front matter) on 100 KB and 1 MB of one repeated pattern in a child
//! process (this test binary, run again with `GLOSS_TIMING_CASE` set, see
//! `timing_child`), so an input that takes
//! minutes is killed at the time limit instead of holding up the run.
//! They measure CPU time (Linux `/proc`), not wall time, so a build
//! running beside them does not make them fail.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gloss::config::Verdicts;
use gloss::diagnostics::{Diagnostics, Severity};
use gloss::front_matter::{self, SiteScope};
use gloss::load::SourceFile;
use gloss::markdown::{Rendered, Scope, render};
use gloss::model::{ClaimMeta, IndexMap, SiteSource};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

/// Cases per property: small inputs render in well under a millisecond in
/// debug, so this keeps each property to a few seconds.
const CASES: u32 = 1000;

/// A fixed seed keeps CI reproducible; set `PROPTEST_RNG_SEED` (a number)
/// to explore other inputs.
fn config(cases: u32) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        defaults.rng_seed
    } else {
        proptest::test_runner::RngSeed::Fixed(0x6c05_5e3d)
    };
    ProptestConfig { cases, failure_persistence: None, rng_seed, ..defaults }
}

// ---------------------------------------------------------------- rendering

/// The claims an article's front matter might describe: `a` with a
/// verdict, `b` without one.
fn claims() -> IndexMap<String, ClaimMeta> {
    let mut m = IndexMap::default();
    m.insert("a".to_string(), ClaimMeta { verdict: Some("accurate".into()), ..Default::default() });
    m.insert("b".to_string(), ClaimMeta::default());
    m
}

fn render_body(body: &str, unsafe_html: bool) -> Rendered {
    let claims = claims();
    let verdicts = Verdicts::default_scale();
    render(body, &Scope { claims: &claims, verdicts: &verdicts, unsafe_html, links: None, first_line: 1 })
}

/// Attribute blocks the generator writes whole; the leak check looks for
/// exactly these.
const ATTR_BLOCKS: &[&str] = &[
    "{.claim #a}",
    "{.claim #b verdict=false}",
    "{#a .claim}",
    "{.claim #c verdict=misleading claimant=Jo}",
    "{.claim}",
    "{.claim #a verdict=nonsense}",
    "{.note}",
    "{#x}",
    "{#intro .aside}",
];

/// Pieces of gloss's syntax and of Markdown around it.
const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "@",
    "#",
    ".claim",
    " #a",
    "\\",
    "`",
    "```",
    "*",
    "**",
    "_",
    "~~",
    "\n",
    "\n\n",
    "\"",
    "'",
    "--",
    "...",
    " ",
    " ",
    "=",
    ";",
    ",",
    "[^1]",
    "[^2]",
    "[^note]",
    "[^Note]",
    "[^a.b]",
    "[^a-b]",
    "\n[^1]: x\n",
    "\n[^2]: two [^1]\n",
    "\n[^note]: n *e*\n",
    "\n[^a.b]: dot\n",
    "\n[^a-b]: dash\n",
    "\n\n    indented\n",
    "[@a]",
    "[@b; @c, p. 4]",
    "[@",
    "@a",
    "[-@a]",
    "[see @a]",
    "]{",
    "]{.claim #a}",
    "[text]",
    "(http://x.y)",
    "\n# ",
    "\n## Intro\n",
    "\n# T {#intro}\n",
    "\n# H {#claim-a}\n",
    "\n# H {#cite-1}\n",
    "\n# H {#fn-1}\n",
    "\n- ",
    "\n1. ",
    "\n> ",
    "|",
    "\n|---|---|\n",
    "\n```rust\nfn f() {}\n```\n",
    "\n```\n[@a]\n```\n",
    "<span>",
    "&amp;",
    "&#91;",
    "\t",
    "verdict=",
    "claimant=\"Jo\"",
    "claimant=\"*a* `b` <b>c</b>\"",
    "]{.claim #d verdict=false claimant=\"x*\"}",
    "]{#s onclick=x}",
    "\n## H {#h onfocus=x}\n",
    "\n## [H]{.claim #a}\n",
    "\u{0}",
    "ü",
    "🙂",
];

fn body_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        10 => prop::sample::select(PIECES).prop_map(str::to_string),
        4 => prop::sample::select(ATTR_BLOCKS).prop_map(str::to_string),
        4 => "[a-z ]{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Void elements: no closing tag.
const VOID: &[&str] = &["br", "hr", "img", "input", "wbr", "meta", "link"];

/// Every tag (gloss's, pulldown-cmark's, syntect's) closes, in order.
/// Only for `unsafe_html: false`, where the writer's own tags are text.
fn check_nesting(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let close = rest.starts_with('/');
        let name: String = rest[close as usize..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            let near: String = rest.chars().take(40).collect();
            return Err(format!("a `<` that starts no tag: {near:?}"));
        }
        let end = rest.find('>').ok_or("a tag without `>`")?;
        let self_closing = rest[..end].ends_with('/');
        rest = &rest[end + 1..];
        if close {
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => return Err(format!("</{name}> closes <{open}>")),
                None => return Err(format!("</{name}> closes nothing")),
            }
        } else if !VOID.contains(&name.as_str()) && !self_closing {
            stack.push(name);
        }
    }
    if stack.is_empty() { Ok(()) } else { Err(format!("never closed: {stack:?}")) }
}

/// Values of `attr="…"` in HTML.
fn attr_values<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let v = &html[at + needle.len()..];
            v.find('"').map(|e| &v[..e])
        })
        .collect()
}

/// The page as the theme assembles it: body, then each note (with its id).
fn page(r: &Rendered) -> String {
    let mut html = r.html.clone();
    for n in &r.notes {
        html.push_str(&format!("<li id=\"{}\">{}</li>", n.id, n.html));
    }
    html
}

fn check_render(body: &str, r: &Rendered) -> Result<(), String> {
    // Markup nests: the body, each note and each claim's quoted text.
    check_nesting(&r.html).map_err(|e| format!("body: {e}\n{}", r.html))?;
    for n in &r.notes {
        check_nesting(&n.html).map_err(|e| format!("note {}: {e}\n{}", n.id, n.html))?;
    }
    for c in &r.claims {
        check_nesting(&c.text_html).map_err(|e| format!("claim {}: {e}\n{}", c.id, c.text_html))?;
    }
    let html = page(r);

    // Links made for citations, claims and notes have the expected form.
    let note_ids: HashSet<&str> = r.notes.iter().map(|n| n.id.as_str()).collect();
    for href in attr_values(&html, "href") {
        let Some(target) = href.strip_prefix('#') else { continue };
        let ok = if let Some(key) = target.strip_prefix("source-") {
            !key.is_empty() && r.cited_order.iter().any(|k| gloss_escape(k) == key)
        } else if let Some(id) = target.strip_prefix("claim-entry-") {
            r.claims.iter().any(|c| gloss_escape(&c.id) == id)
        } else if target.starts_with("fn-") {
            note_ids.contains(target)
        } else {
            false
        };
        if !ok {
            return Err(format!("href `{href}` points at nothing gloss made\n{html}"));
        }
    }

    // Every citation recorded is on the page (its anchor is the target of
    // the sources list's back-links).
    let ids: HashSet<&str> = attr_values(&html, "id").into_iter().collect();
    for c in &r.citations {
        if !ids.contains(c.anchor.as_str()) {
            return Err(format!("citation `{}` ({:?}) is not on the page\n{html}", c.anchor, c.keys));
        }
    }

    // Every claim is on the page once, as a span with its id, and every
    // claim span on the page is a claim.
    let claim_spans: Vec<&str> = attr_values(&html, "data-claim");
    for c in &r.claims {
        let n = claim_spans.iter().filter(|id| **id == gloss_escape(&c.id)).count();
        if n != 1 {
            return Err(format!("claim `{}` has {n} spans on the page\n{html}", c.id));
        }
    }
    if claim_spans.len() != r.claims.len() {
        return Err(format!(
            "{} claim spans on the page, {} claims recorded\n{html}",
            claim_spans.len(),
            r.claims.len()
        ));
    }

    // An attribute block turned into a claim does not show as text: the
    // page has at most as many copies of it as the input minus the claims
    // made from it.
    let text = text_of(&html);
    for block in ATTR_BLOCKS {
        let consumed = r.claims.iter().filter(|c| body.get(c.span.clone()).is_some_and(|s| s.ends_with(block))).count();
        let written = body.matches(block).count();
        let shown = text.matches(block).count();
        if shown + consumed > written {
            return Err(format!(
                "`{block}`: {written} in the input, {consumed} made into claims, yet {shown} on the page\n{html}"
            ));
        }
    }
    Ok(())
}

/// The text of HTML: tags taken out (attribute values with them).
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Inline elements: the text around them reads as one.
const INLINE: &[&str] = &["a", "em", "strong", "del", "span", "sup", "img", "input"];

/// What a reader sees of the HTML: code left out, and every tag that is
/// not inline a break, so that the words of two blocks do not run together.
fn reader_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name == "code" || name == "pre" {
            let close = format!("</{name}>");
            rest = rest.find(&close).map_or("", |end| &rest[end + close.len()..]);
            out.push('\n');
            continue;
        }
        let name = name.trim_start_matches('/').to_string();
        let closing = rest.starts_with('/');
        let name = if closing { rest[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect() } else { name };
        if !INLINE.contains(&name.as_str()) {
            out.push('\n');
        }
        rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// gloss's attribute escaping (pulldown-cmark-escape's `escape_html`).
fn gloss_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

proptest! {
    #![proptest_config(config(CASES))]

    /// `render` never panics; its markup nests; claim and citation links
    /// point at what gloss made; attribute blocks do not leak as text.
    #[test]
    fn prop_render_is_well_formed(body in body_strategy()) {
        let r = render_body(&body, false);
        if let Err(e) = check_render(&body, &r) {
            prop_assert!(false, "input {:?}: {}", body, e);
        }
    }

    /// With raw HTML kept (`unsafe_html: true`) `render` still never panics.
    #[test]
    fn prop_render_with_raw_html_never_panics(body in body_strategy()) {
        let _ = render_body(&body, true);
    }

    /// Arbitrary text, not only gloss's syntax.
    #[test]
    fn prop_render_never_panics_on_any_text(body in any::<String>()) {
        let r = render_body(&body, false);
        if let Err(e) = check_nesting(&r.html) {
            prop_assert!(false, "input {:?}: {}", body, e);
        }
    }

    /// Each `fnref-…` id on the page is a back-reference of its note, and
    /// each back-reference points at an id on the page.
    #[test]
    fn prop_note_references_and_backrefs_agree(body in body_strategy()) {
        let r = render_body(&body, false);
        let html = page(&r);
        let mut on_page: Vec<&str> = attr_values(&html, "id")
            .into_iter()
            .filter(|id| id.starts_with("fnref-"))
            .collect();
        let mut backrefs: Vec<&str> = r.notes.iter().flat_map(|n| n.backrefs.iter().map(String::as_str)).collect();
        on_page.sort_unstable();
        backrefs.sort_unstable();
        prop_assert_eq!(on_page, backrefs, "input {:?}\n{}", body, html);
    }

    /// Claim markup that did not become a claim is an error: no page the
    /// Markdown stage makes without an error reads `{.claim` outside code.
    #[test]
    fn prop_claim_markup_never_shows_without_an_error(body in body_strategy(), unsafe_html in any::<bool>()) {
        let r = render_body(&body, unsafe_html);
        if r.problems.iter().any(|p| p.severity == Severity::Error) {
            return Ok(());
        }
        let html = page(&r);
        let text = reader_text(&html);
        prop_assert!(!text.contains("{.claim"), "input {:?}: `{{.claim` on the page, no error\n{}", body, html);
    }

    /// No two elements of the page share an id (headings, spans, claims,
    /// citations, notes and their references), unless gloss reported an
    /// error (a page with errors is not published).
    #[test]
    fn prop_ids_on_the_page_are_unique(body in body_strategy()) {
        let r = render_body(&body, false);
        if r.problems.iter().any(|p| p.severity == Severity::Error) {
            return Ok(());
        }
        let html = page(&r);
        let mut seen = HashMap::new();
        for id in attr_values(&html, "id") {
            *seen.entry(id).or_insert(0) += 1;
        }
        let dup: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
        prop_assert!(dup.is_empty(), "input {:?}: ids used twice: {:?}\n{}", body, dup, html);
    }
}

// ---------------------------------------------------------------- regressions

/// A note cited from a note numbered after it needs a back-reference to
/// that citation: `fnref-a-2` is on the page (in note `b`).
#[test]
fn regression_note_cited_from_a_later_note_has_a_backref() {
    let r = render_body("A[^a] B[^b].\n\n[^a]: Note a.\n[^b]: Note b cites [^a].\n", false);
    assert!(page(&r).contains("id=\"fnref-a-2\""));
    assert_eq!(r.notes[0].id, "fn-a");
    assert_eq!(r.notes[0].backrefs, ["fnref-a", "fnref-a-2"]);
}

/// Note labels match without regard to case, as in pulldown-cmark and
/// cmark-gfm: `[^Note]` refers to `[^note]:`.
#[test]
fn regression_note_labels_match_without_case() {
    let r = render_body("Text[^Note].\n\n[^note]: The note.\n", false);
    let problems: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(r.notes.len(), 1);
    assert!(r.html.contains("data-footnote-ref"), "{}", r.html);
}

/// Two different labels must not share an id (`a.b` and `a-b` both
/// become `fn-a-b`).
#[test]
fn regression_distinct_note_labels_get_distinct_ids() {
    let r = render_body("x[^a.b] y[^a-b]\n\n[^a.b]: Dot.\n[^a-b]: Dash.\n", false);
    let ids: Vec<&str> = r.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "both notes are {}", ids[0]);
}

/// A span's id and a heading's slug must not clash: the heading's id
/// moves aside as it does for other headings.
#[test]
fn regression_span_id_and_heading_slug_do_not_clash() {
    let r = render_body("# Intro\n\nSome [text]{#intro} here.\n", false);
    let ids = attr_values(&r.html, "id");
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{}", r.html);
}

/// A heading's own `{#id}` must not take an id gloss makes for a claim,
/// a citation or a note (or gloss must report it).
#[test]
fn regression_heading_ids_do_not_take_gloss_ids() {
    for body in [
        "# H {#claim-a}\n\nSome [t]{.claim #a}.\n",
        "# H {#cite-1}\n\nSome [@a].\n",
        "# H {#fn-1}\n\nSome[^1].\n\n[^1]: n\n",
        "# H {#fnref-1}\n\nSome[^1].\n\n[^1]: n\n",
    ] {
        let r = render_body(body, false);
        let html = page(&r);
        let ids = attr_values(&html, "id");
        let unique: HashSet<&&str> = ids.iter().collect();
        let reported = r.problems.iter().any(|p| p.severity == Severity::Error);
        assert!(unique.len() == ids.len() || reported, "{body:?}: ids {ids:?}, no error reported");
    }
}

/// Two spans given the same `{#id}` make two elements with one id; gloss
/// reports a heading id used twice, and should report this too.
#[test]
fn regression_span_ids_used_twice_are_reported() {
    let r = render_body("[a]{#x} and [b]{#x}\n", false);
    assert!(r.problems.iter().any(|p| p.severity == Severity::Error), "{}: no error reported", r.html);
}

/// A note that is never referenced is not published, so neither are the
/// claims and citations in it: they must not be recorded (the claims list
/// and the sources list would link to them).
#[test]
fn regression_unpublished_note_records_no_claims_or_citations() {
    let r = render_body("A [@k].\n\n[^u]: An [unused]{.claim #a} note citing [@j].\n", false);
    assert!(r.notes.is_empty());
    let claims: Vec<&str> = r.claims.iter().map(|c| c.id.as_str()).collect();
    assert!(claims.is_empty(), "claims recorded: {claims:?}");
    assert_eq!(r.cited_order, ["k"]);
    assert_eq!(r.citations.len(), 1);
}

// ---------------------------------------------------------------- front matter

fn yaml_strategy() -> impl Strategy<Value = String> {
    let opening = prop::sample::select(vec![
        "---\n",
        "--- \n",
        "---\t\n",
        "----\n",
        "-- -\n",
        "...\n",
        "\u{feff}---\n",
        "---\r\n",
        "---",
        "",
        "\n---\n",
        "---\n---\n",
    ]);
    let key = prop::sample::select(vec![
        "title",
        "summary",
        "date",
        "updated",
        "authors",
        "tags",
        "draft",
        "slug",
        "image",
        "sources",
        "claims",
        "extra",
        "bogus",
        "Title",
        "a",
        "url",
        "verdict",
        "kind",
        "claimant",
        "quote",
        "note",
        "accessed",
        "archived",
        "publisher",
    ]);
    let value = prop::sample::select(vec![
        "x",
        "",
        "2023-09-01",
        "2023-13-45",
        "2023-09-01T10:00:00Z",
        "[a, b]",
        "{a: b}",
        "\"q\"",
        "'s'",
        "|\n  block",
        ">-\n  folded",
        "&anc x",
        "*anc",
        "!!str x",
        "~",
        "null",
        "-1",
        "true",
        "javascript:alert(1)",
        "https://example.com",
        "ü 🙂",
        "\t",
        "[",
        "{",
        "\"unclosed",
        "- item",
        ":",
        "::",
        "#comment",
        "@x",
        "`x`",
        "%TAG",
    ]);
    let line = (0usize..12, key, value, any::<bool>())
        .prop_map(|(indent, k, v, dash)| format!("{}{}{k}: {v}\n", " ".repeat(indent), if dash { "- " } else { "" }));
    let closing = prop::sample::select(vec!["---\n", "...\n", "--- \n", "", "----\n", "---"]);
    (opening, prop::collection::vec(line, 0..12), closing, "[a-z#\\[\\]{}@ \n]{0,40}")
        .prop_map(|(o, lines, c, body)| format!("{o}{}{c}{body}", lines.concat()))
}

fn check_front_matter(text: &str) {
    let _ = front_matter::split(text);
    let sources: IndexMap<String, SiteSource> = IndexMap::default();
    let verdicts = Verdicts::default_scale();
    let scope = SiteScope {
        sources: &sources,
        sources_file: Path::new("content/sources.yaml"),
        sources_unreadable: false,
        claims: &IndexMap::default(),
        verdicts: &verdicts,
    };
    for rel in ["content/post.md", "content/a/b/_index.md", "post.md"] {
        let file = SourceFile { rel: PathBuf::from(rel), text: text.to_string() };
        let _ = front_matter::article(file.clone(), &scope, &mut Diagnostics::new());
        let _ = front_matter::section(&file, &mut Diagnostics::new());
    }
}

proptest! {
    #![proptest_config(config(CASES))]

    /// `split`, `article` and `section` never panic on any text.
    #[test]
    fn prop_front_matter_never_panics_on_any_text(text in any::<String>()) {
        check_front_matter(&text);
    }

    /// … nor on YAML-like front matter with odd fences, keys and values.
    #[test]
    fn prop_front_matter_never_panics_on_yaml_like_text(text in yaml_strategy()) {
        check_front_matter(&text);
    }

}

proptest! {
    // Each case reads up to 20,000 columns of indentation: fewer cases.
    #![proptest_config(config(CASES / 10))]

    /// … nor on deep indentation.
    #[test]
    fn prop_front_matter_never_panics_on_deep_indentation(
        indent in 0usize..20_000,
        key in "[a-z]{1,8}",
        nested in any::<bool>(),
    ) {
        let text = if nested {
            format!("---\ntitle: x\nclaims:\n{}{key}:\n{}verdict: false\n---\n", " ".repeat(indent), " ".repeat(indent + 2))
        } else {
            format!("---\n{}{key}: x\n---\n", " ".repeat(indent))
        };
        check_front_matter(&text);
    }
}

/// A YAML value for the duplicate-key property: a scalar, or a block
/// mapping or list of values.
#[derive(Debug, Clone)]
enum Yaml {
    Scalar(&'static str),
    Map(Vec<(String, Yaml)>),
    List(Vec<Yaml>),
}

fn yaml_value() -> impl Strategy<Value = Yaml> {
    let scalar = prop::sample::select(vec!["x", "1", "'q'", "\"d q\"", "[a, b]", "{a: b}", "", "true", "~"]);
    scalar.prop_map(Yaml::Scalar).prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            // Keys unique within the mapping; the property adds the repeat.
            prop::collection::btree_map("[a-z][a-z0-9-]{0,5}|1|true|title|claims", inner.clone(), 1..4)
                .prop_map(|m| Yaml::Map(m.into_iter().collect())),
            prop::collection::vec(inner, 1..4).prop_map(Yaml::List),
        ]
    })
}

/// A mapping holding a random value at the end of a random spine of up to
/// 12 mappings and lists, so repeats are tried at every depth.
fn yaml_tree() -> impl Strategy<Value = Yaml> {
    let spine = prop::collection::vec((any::<bool>(), "[a-z]{1,3}"), 0..12);
    (yaml_value(), spine).prop_map(|(leaf, spine)| {
        let nested = spine.into_iter().fold(leaf, |inner, (is_map, key)| {
            if is_map {
                Yaml::Map(vec![(format!("{key}-k"), inner), (format!("{key}-s"), Yaml::Scalar("x"))])
            } else {
                Yaml::List(vec![Yaml::Scalar("x"), inner])
            }
        });
        Yaml::Map(vec![("title".into(), Yaml::Scalar("t")), ("extra".into(), nested)])
    })
}

/// Renders `value` in block style under `indent`, and notes every mapping
/// entry: its key, its column and the entry's last line.
fn render_yaml(value: &Yaml, indent: usize, out: &mut Vec<String>, entries: &mut Vec<(String, usize, usize)>) {
    fn go(v: &Yaml, indent: usize, lead: Option<String>, out: &mut Vec<String>, e: &mut Vec<(String, usize, usize)>) {
        let pad = " ".repeat(indent);
        let mut lead = lead;
        match v {
            Yaml::Scalar(s) => out.push(format!("{}{s}", lead.take().unwrap_or(pad))),
            Yaml::Map(entries) => {
                for (key, value) in entries {
                    let prefix = lead.take().unwrap_or_else(|| pad.clone());
                    match value {
                        Yaml::Scalar(s) => out.push(format!("{prefix}{key}: {s}")),
                        _ => {
                            out.push(format!("{prefix}{key}:"));
                            go(value, indent + 2, None, out, e);
                        }
                    }
                    e.push((key.clone(), indent + 1, out.len()));
                }
            }
            Yaml::List(items) => {
                for item in items {
                    let prefix = lead.take().unwrap_or_else(|| pad.clone());
                    go(item, indent + 2, Some(format!("{prefix}- ")), out, e);
                }
            }
        }
    }
    go(value, indent, None, out, entries);
}

proptest! {
    #![proptest_config(config(CASES))]

    /// Front matter with a key repeated in any mapping at any depth (quoted
    /// or not) fails, and the error is at the repeat's line and column.
    #[test]
    fn prop_repeated_key_at_any_depth_fails_at_the_repeat(
        tree in yaml_tree(),
        pick in any::<prop::sample::Index>(),
        quote in prop::sample::select(vec!["", "'", "\""]),
    ) {
        let mut lines = Vec::new();
        let mut entries = Vec::new();
        render_yaml(&tree, 0, &mut lines, &mut entries);
        let (key, column, last) = entries[pick.index(entries.len())].clone();
        // Right after the entry's last line, at its column: the same mapping.
        lines.insert(last, format!("{}{quote}{key}{quote}: again", " ".repeat(column - 1)));
        let text = format!("---\n{}\n---\n", lines.join("\n"));
        let line = last + 2; // 1-based, after the `---` line
        let sources: IndexMap<String, SiteSource> = IndexMap::default();
        let verdicts = Verdicts::default_scale();
        let scope = SiteScope {
            sources: &sources,
            sources_file: Path::new("content/sources.yaml"),
            sources_unreadable: false,
            claims: &IndexMap::default(),
            verdicts: &verdicts,
        };
        let file = SourceFile { rel: PathBuf::from("content/a.md"), text: text.clone() };
        let mut errors = Diagnostics::new();
        let article = front_matter::article(file, &scope, &mut errors);
        prop_assert!(article.is_none(), "read despite the repeated `{}`:\n{}", key, text);
        let found = errors.iter().find(|d| d.message.starts_with(&format!("duplicate key `{key}`")));
        let at = found.and_then(|d| d.location.as_ref()).map(|l| (l.line, l.column));
        prop_assert_eq!(at, Some((line, column)), "errors {:?} for\n{}", errors, text);
    }
}

#[test]
fn front_matter_survives_huge_and_odd_inputs() {
    for text in [
        String::new(),
        "---".into(),
        "---\n".into(),
        "---\n---".into(),
        "---\n...\n".into(),
        "---\r\ntitle: x\r\n---\r\n".into(),
        format!("---\n{}title: x\n---\n", " ".repeat(1_000_000)),
        // Far deeper than the 64 levels gloss reads: refused before
        // serde_yaml's parser (quadratic in the depth) sees them.
        format!("---\ntitle: {}\n---\n", "[".repeat(30_000)),
        format!("---\ntitle: {}\n---\n", "{a: ".repeat(30_000)),
        format!("---\n{}---\n", "- \n".repeat(10_000)),
        format!("---\n{}x\n---\n", "- ".repeat(10_000)),
        format!("---\na: &a [{}]\n---\n", "*a, ".repeat(1_000)),
        "---\ntitle: x\n---\u{0}\n".into(),
        "\u{feff}---\ntitle: x\n---\n".into(),
    ] {
        check_front_matter(&text);
    }
}

// ---------------------------------------------------------------- linear time

/// Limit for rendering 1 MB (and 100 KB) in a debug build, in CPU time.
const LIMIT: Duration = Duration::from_secs(5);
/// Largest allowed time(1 MB) / time(100 KB): 10 is linear, 100 quadratic.
const MAX_RATIO: f64 = 30.0;
/// Times below this are noise; the ratio uses at least this for 100 KB.
const FLOOR: Duration = Duration::from_millis(20);

/// The input of each `linear_time_*` test, about `size` bytes.
fn timing_input(case: &str, size: usize) -> String {
    let repeat = |unit: &str| unit.repeat(size / unit.len());
    match case {
        "open_brackets" => repeat("["),
        "brackets_and_braces" => repeat("[{"),
        "unclosed_citations" => repeat("[@"),
        "spans_without_attributes" => repeat("[a]{"),
        "claim_attribute_blocks" => repeat("]{.claim #a}"),
        "duplicate_claims" => repeat("[a]{.claim #a}\n"),
        "nested_citations" => format!("{}{}", "[@".repeat(size / 3), "]".repeat(size / 3)),
        "nested_brackets" => format!("{}{}", "[".repeat(size / 2), "]".repeat(size / 2)),
        "repeated_headings" => repeat("# a\n\n"),
        "markdown_in_attribute_values" => repeat("[a]{.claim #a claimant=\"*`<b>\"} "),
        "heading_attribute_blocks" => repeat("## [a]{.claim #a}\n## b {#b title=\"x\"}\n"),
        "nuls" => repeat("\u{0}[@"),
        "many_notes" => {
            let k = size / 24;
            let mut s: String = (0..k).map(|i| format!("x[^n{i}] ")).collect();
            s.push_str("\n\n");
            for i in 0..k {
                s.push_str(&format!("[^n{i}]: d\n"));
            }
            s
        }
        "many_citations" => {
            let k = size / 12;
            (0..k).map(|i| format!("[@k{}] ", i % 5000)).collect()
        }
        "yaml_nested_lists" => format!("---\ntitle: x\nextra: {}\n---\n", repeat("[")),
        "yaml_nested_maps" => format!("---\ntitle: x\nextra: {}\n---\n", repeat("{a: ")),
        "yaml_nested_block_lists" => format!("---\ntitle: x\nextra:\n  {}x\n---\n", repeat("- ")),
        other => panic!("unknown timing case {other}"),
    }
}

/// CPU time of the calling thread, so that other processes on the machine
/// (a parallel build) do not count; wall time where Linux's
/// `/proc/thread-self/schedstat` is not there.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// CPU time (user + system) of a process so far, from `/proc/PID/stat`.
fn process_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    // After the command come state (field 3) … utime (14), stime (15),
    // in clock ticks of 1/100 s.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Not a test of its own: the child process of the `linear_time_*` tests.
/// With `GLOSS_TIMING_CASE` and `GLOSS_TIMING_SIZE` set it renders that
/// input and prints the CPU time taken; without them it does nothing.
#[test]
fn timing_child() {
    let (Ok(case), Ok(size)) = (std::env::var("GLOSS_TIMING_CASE"), std::env::var("GLOSS_TIMING_SIZE")) else {
        return;
    };
    let input = timing_input(&case, size.parse().expect("size"));
    let (wall, cpu) = (Instant::now(), thread_cpu());
    let r = if case.starts_with("yaml_") {
        check_front_matter(&input);
        render_body("", false)
    } else {
        render_body(&input, false)
    };
    let elapsed = match (cpu, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall.elapsed(),
    };
    std::hint::black_box(&r);
    println!("GLOSS_TIMING_NS={}", elapsed.as_nanos());
}

/// Renders a case in a child process and returns the CPU time `render`
/// took; `None` when the child used more than the limit (it is killed).
fn time_in_child(case: &str, size: usize) -> Option<Duration> {
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args(["--exact", "timing_child", "--nocapture", "--test-threads=1"])
        .env("GLOSS_TIMING_CASE", case)
        .env("GLOSS_TIMING_SIZE", size.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run the timing child");
    // CPU limit with a margin for start-up and building the input; a wall
    // limit in case /proc cannot be read or the machine is very busy.
    let cpu_limit = LIMIT + Duration::from_secs(2);
    let wall_limit = Instant::now() + 20 * LIMIT;
    loop {
        match child.try_wait().expect("wait for the timing child") {
            Some(_) => break,
            None => {
                let over_cpu = process_cpu(child.id()).is_some_and(|t| t > cpu_limit);
                if over_cpu || Instant::now() > wall_limit {
                    let _ = child.kill();
                    let _ = child.wait();
                    return None;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    let out = child.wait_with_output().expect("timing child output");
    let text = String::from_utf8_lossy(&out.stdout);
    let ns: u64 = text
        .lines()
        .find_map(|l| l.split_once("GLOSS_TIMING_NS=").map(|(_, n)| n.trim()))
        .unwrap_or_else(|| panic!("the timing child for {case} printed no time (did render panic?):\n{text}"))
        .parse()
        .expect("a number");
    Some(Duration::from_nanos(ns))
}

/// Fails when 1 MB of `case` takes far more than ten times as long as
/// 100 KB. A busy machine only ever adds time (page faults count as the
/// child's CPU time too), so a ratio over the bound is measured again, up to
/// three times, keeping the fastest time of each size: a quadratic case
/// stays over the bound every time.
fn assert_linear(case: &str) {
    let fastest = |a: Option<Duration>, b: Option<Duration>| a.into_iter().chain(b).min();
    let (mut small, mut big) = (None, None);
    for _ in 0..3 {
        small = fastest(small, time_in_child(case, 100_000));
        big = fastest(big, small.and_then(|_| time_in_child(case, 1_000_000)));
        match (small, big) {
            (Some(s), Some(b)) if b.as_secs_f64() / s.max(FLOOR).as_secs_f64() >= MAX_RATIO => continue,
            _ => break,
        }
    }
    let line = format!(
        "linear_time_{case}: 100 KB {}, 1 MB {}",
        small.map_or("> limit".to_string(), |d| format!("{d:.2?}")),
        match (small, big) {
            (None, _) => "not tried".to_string(),
            (_, None) => "> limit".to_string(),
            (_, Some(d)) => format!("{d:.2?}"),
        }
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
    let example = &timing_input(case, 100)[..];
    let (Some(small), Some(big)) = (small, big) else {
        panic!(
            "{line}: rendering {case} ({example:?} …) did not finish within \
             {LIMIT:?} of CPU time (a debug build); it should take well under a second in release"
        );
    };
    assert!(big < LIMIT, "{line}: 1 MB of {case} ({example:?} …) took over {LIMIT:?} of CPU time");
    let ratio = big.as_secs_f64() / small.max(FLOOR).as_secs_f64();
    assert!(ratio < MAX_RATIO, "{line}: 10 times the input took {ratio:.0} times as long: not linear ({example:?} …)");
}

#[test]
fn linear_time_open_brackets() {
    assert_linear("open_brackets");
}

#[test]
fn linear_time_brackets_and_braces() {
    assert_linear("brackets_and_braces");
}

#[test]
fn linear_time_unclosed_citations() {
    assert_linear("unclosed_citations");
}

#[test]
fn linear_time_spans_without_attributes() {
    assert_linear("spans_without_attributes");
}

#[test]
fn linear_time_claim_attribute_blocks() {
    assert_linear("claim_attribute_blocks");
}

#[test]
fn linear_time_duplicate_claims() {
    assert_linear("duplicate_claims");
}

#[test]
fn linear_time_nested_citations() {
    assert_linear("nested_citations");
}

#[test]
fn linear_time_nested_brackets() {
    assert_linear("nested_brackets");
}

#[test]
fn linear_time_repeated_headings() {
    assert_linear("repeated_headings");
}

#[test]
fn linear_time_many_notes() {
    assert_linear("many_notes");
}

#[test]
fn linear_time_many_citations() {
    assert_linear("many_citations");
}

// ---------------------------------------------------------------- the URL rule

/// One piece of a generated URL spelling.
#[derive(Debug, Clone)]
enum Piece {
    /// Text that is the same in every context: letters, `&#106;`, `&colon;`.
    Text(String),
    /// A space or control character, which each context writes its own way.
    Junk(char),
}

/// Spaces and control characters a browser skips in or around a scheme, and
/// character references to some of them.
fn junk() -> impl Strategy<Value = Piece> {
    prop_oneof![
        prop::sample::select(vec![' ', '\t', '\n', '\r', '\0', '\u{1}', '\u{1f}', '\u{b}', '\u{c}'])
            .prop_map(Piece::Junk),
        prop::sample::select(vec!["&#9;", "&Tab;", "&NewLine;", "&#x0A;", "&#13;"]).prop_map(|s| Piece::Text(s.into())),
    ]
}

/// One character of the scheme (or its colon) spelt one of many ways.
fn spelt(c: char) -> impl Strategy<Value = Piece> {
    (0usize..7, 0usize..3).prop_map(move |(how, zeros)| {
        let zeros = "0".repeat(zeros);
        Piece::Text(match how {
            0 => c.to_string(),
            1 => c.to_ascii_uppercase().to_string(),
            2 => format!("&#{zeros}{};", c as u32),
            3 => format!("&#x{zeros}{:x};", c as u32),
            4 => format!("&#X{zeros}{:X};", c.to_ascii_uppercase() as u32),
            5 if c == ':' => "&colon;".into(),
            _ => c.to_string(),
        })
    })
}

/// A `javascript:`, `vbscript:` or `data:` URL (never a raster image),
/// spelt with mixed case, character references, and spaces or control
/// characters before it and inside its scheme.
fn dangerous_url() -> impl Strategy<Value = Vec<Piece>> {
    let kinds = prop::sample::select(vec![
        ("javascript:", "alert(1)"),
        ("vbscript:", "msgbox(1)"),
        ("data:", "text/html;base64,PHNjcmlwdD4="),
        ("data:", "image/svg+xml;base64,PHN2Zz4="),
    ]);
    kinds.prop_flat_map(|(scheme, rest)| {
        let chars: Vec<BoxedStrategy<(Piece, Option<Piece>)>> =
            scheme.chars().map(|c| (spelt(c), prop::option::weighted(0.3, junk())).boxed()).collect();
        (prop::collection::vec(junk(), 0..3), chars).prop_map(move |(lead, chars)| {
            let mut pieces = lead;
            for (c, after) in chars {
                pieces.push(c);
                pieces.extend(after);
            }
            pieces.push(Piece::Text(rest.into()));
            pieces
        })
    })
}

/// The spelling as written in a double-quoted YAML string.
fn in_yaml(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "\\\"".into(),
            '\\' => "\\\\".into(),
            c if c.is_control() => format!("\\x{:02x}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The spelling as a Markdown link destination `<…>` or a raw HTML
/// attribute value: a line break as a character reference, and no NUL
/// (both turn it into U+FFFD, which leaves no scheme for a browser to run).
fn in_markup(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Junk('\n') => "&#10;".into(),
            Piece::Junk('\r') => "&#13;".into(),
            Piece::Junk('\0') => String::new(),
            Piece::Junk(c) => c.to_string(),
        })
        .collect()
}

fn as_written(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Junk(c) => c.to_string(),
        })
        .collect()
}

/// A file of the generated site, line by line, noting the line of each
/// field that holds the URL.
#[derive(Default)]
struct UrlFile {
    text: String,
    lines: usize,
    fields: Vec<(&'static str, usize)>,
}

impl UrlFile {
    fn line(mut self, line: String) -> Self {
        self.text.push_str(&line);
        self.text.push('\n');
        self.lines += 1;
        self
    }

    /// A line that holds the URL: `field` is reported on it.
    fn field(mut self, field: &'static str, line: String) -> Self {
        self.fields.push((field, self.lines + 1));
        self.line(line)
    }
}

/// The URLs a generated site holds.
struct Urls<'a> {
    /// In site.yaml (as written in a double-quoted YAML string). An error
    /// there stops the build before content/ is read, so a site tests
    /// either site.yaml or content/.
    site: &'a str,
    /// In every YAML field of content/ that takes a URL (as `site`).
    yaml: &'a str,
    /// In every Markdown link and image and raw HTML `href` of a body, a
    /// note, a claim's note and a section's intro.
    markup: &'a str,
}

/// Writes a site holding `urls`. Returns each field with its file and line.
fn url_site(root: &Path, urls: &Urls) -> Vec<(&'static str, &'static str, usize)> {
    let Urls { site, yaml, markup } = *urls;
    let l = |s: &str| s.to_string();
    let site = UrlFile::default()
        .line(l("title: T"))
        .line(l("publisher:"))
        .line(l("  name: P"))
        .field("publisher.url", format!("  url: \"{site}\""))
        .line(l("extra:"))
        .line(l("  tagline: 'Data: the figures'"))
        .field("site extra", format!("  home_url: \"{site}\""));
    let sources = UrlFile::default()
        .line(l("site:"))
        .line(l("  title: Site source"))
        .field("site-wide source url", format!("  url: \"{yaml}\""))
        .field("site-wide source note link", format!("  note: \"{}\"", in_yaml(&format!("See [x](<{markup}>)."))));
    let intro = UrlFile::default()
        .line(l("---"))
        .line(l("title: S"))
        .line(l("---"))
        .line(l(""))
        .field("section intro link", format!("Intro [x](<{markup}>)."));
    let article = UrlFile::default()
        .line(l("---"))
        .line(l("title: A"))
        .field("image", format!("image: \"{yaml}\""))
        .line(l("sources:"))
        .line(l("  own:"))
        .line(l("    title: Own"))
        .field("source url", format!("    url: \"{yaml}\""))
        .field("source archived", format!("    archived: \"{yaml}\""))
        .field("source note link", format!("    note: \"{}\"", in_yaml(&format!("See [x](<{markup}>)."))))
        .line(l("claims:"))
        .line(l("  c:"))
        .line(l("    verdict: accurate"))
        .field("claim note link", format!("    note: \"{}\"", in_yaml(&format!("See [x](<{markup}>)."))))
        .line(l("  d:"))
        .line(l("    verdict: accurate"))
        .field("claim note raw HTML", format!("    note: \"{}\"", in_yaml(&format!("<a href=\"{markup}\">x</a>"))))
        .line(l("extra:"))
        .field("page extra", format!("  donate_url: \"{yaml}\""))
        .line(l("---"))
        .line(l(""))
        .line(l("[Claim]{.claim #c}[@own][@site] and [another]{.claim #d}[@own]."))
        .line(l(""))
        .field("body link", format!("Link [x](<{markup}>)."))
        .line(l(""))
        .field("body image", format!("Image ![x](<{markup}>)."))
        .line(l(""))
        .field("raw HTML href", format!("Raw <a href=\"{markup}\">x</a>."))
        .line(l(""))
        .line(l("Note.[^n]"))
        .line(l(""))
        .field("footnote link", format!("[^n]: See [x](<{markup}>)."));
    let mut fields = Vec::new();
    for (rel, file) in [
        ("site.yaml", site),
        ("content/sources.yaml", sources),
        ("content/s/_index.md", intro),
        ("content/s/a.md", article),
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("create a folder");
        std::fs::write(&path, &file.text).expect("write a file");
        fields.extend(file.fields.iter().map(|&(field, line)| (field, rel, line)));
    }
    fields
}

/// Builds the site at `root` into memory: its errors, as `(file, line, message)`.
fn url_site_errors(root: &Path) -> Vec<(String, usize, String)> {
    let opts = gloss::pipeline::Options {
        root: root.to_path_buf(),
        drafts: false,
        base_url: None,
        cards: gloss::cards::Mode::Skip,
    };
    let sink = gloss::output::MemorySink::default();
    let mut diags = gloss::diagnostics::Diagnostics::new();
    gloss::pipeline::Build::start(&opts, &sink, &mut gloss::pipeline::Timings::new(), &mut diags);
    diags
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let file = d.path.as_deref().map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            (file, d.location.as_ref().map_or(0, |l| l.line), d.message)
        })
        .collect()
}

/// Cases for the URL properties: each builds a small site (a few ms).
const URL_CASES: u32 = 150;

proptest! {
    #![proptest_config(config(URL_CASES))]

    /// However `javascript:`, `vbscript:` or `data:` is spelt, every field
    /// that takes a URL refuses it, each with its own error on its line.
    #[test]
    fn prop_every_url_field_refuses_code_running_schemes_however_spelt(pieces in dangerous_url()) {
        let (yaml, markup) = (in_yaml(&as_written(&pieces)), in_markup(&pieces));
        let ok = "https://example.com/";
        for (urls, files) in [
            (Urls { site: &yaml, yaml: ok, markup: ok }, &["site.yaml"][..]),
            (Urls { site: ok, yaml: &yaml, markup: &markup }, &["content/sources.yaml", "content/s/_index.md", "content/s/a.md"][..]),
        ] {
            let temp = tempfile::tempdir().expect("a temporary folder");
            let fields = url_site(temp.path(), &urls);
            let fields: Vec<_> = fields.iter().filter(|(_, file, _)| files.contains(file)).collect();
            let errors = url_site_errors(temp.path());
            for (field, file, line) in &fields {
                let found = errors.iter().any(|(f, l, m)| f == file && l == line && m.contains("scheme"));
                prop_assert!(found, "{field} ({file}:{line}) was not refused: {pieces:?}\nerrors: {errors:#?}");
            }
            prop_assert_eq!(errors.len(), fields.len(), "one error per field: {:#?}", errors);
        }
    }

    /// Ordinary URLs pass in every field.
    #[test]
    fn prop_every_url_field_takes_ordinary_urls(
        prefix in prop::sample::select(vec!["https://example.com/", "HTTP://a.org:8080/", " https://b.org/", "", "../", "./", "/", "#", "?q="]),
        path in "[a-z0-9/_.~-]{0,12}",
    ) {
        let url = format!("{prefix}{path}");
        prop_assume!(!url.ends_with(".md") && !url.contains(".md#"));
        let temp = tempfile::tempdir().expect("a temporary folder");
        let yaml = in_yaml(&url);
        url_site(temp.path(), &Urls { site: &yaml, yaml: &yaml, markup: &url });
        // The URL rule's errors only: an image must also exist, a rule of its own.
        let errors: Vec<_> = url_site_errors(temp.path()).into_iter().filter(|(_, _, m)| m.contains("scheme")).collect();
        prop_assert!(errors.is_empty(), "{url:?} was refused: {errors:#?}");
    }
}

/// Regression: a scheme spelt with character references (`&#106;`,
/// `&colon;`) in a YAML field passed the URL check, which did not decode
/// them, though a theme that marks the value safe lets a browser decode it.
#[test]
fn regression_character_references_in_a_yaml_url_are_decoded() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let bad = "&#106;ava&#x73;cript&colon;alert(1)";
    let fields =
        url_site(temp.path(), &Urls { site: "https://example.com/", yaml: bad, markup: "https://example.com/" });
    let errors = url_site_errors(temp.path());
    let yaml_fields = ["site-wide source url", "image", "source url", "source archived", "page extra"];
    for (field, file, line) in fields.iter().filter(|(f, ..)| yaml_fields.contains(f)) {
        assert!(errors.iter().any(|(f, l, _)| f == file && l == line), "{field} passed: {errors:#?}");
    }
}

/// Issue 16: 30,000 nested `[` took serde_yaml seconds to tens of seconds
/// before it failed; YAML nested past 64 levels is now refused at once.
#[test]
fn linear_time_yaml_nested_lists() {
    assert_linear("yaml_nested_lists");
}

#[test]
fn linear_time_yaml_nested_maps() {
    assert_linear("yaml_nested_maps");
}

#[test]
fn linear_time_yaml_nested_block_lists() {
    assert_linear("yaml_nested_block_lists");
}

#[test]
fn linear_time_markdown_in_attribute_values() {
    assert_linear("markdown_in_attribute_values");
}

#[test]
fn linear_time_heading_attribute_blocks() {
    assert_linear("heading_attribute_blocks");
}

#[test]
fn linear_time_nuls() {
    assert_linear("nuls");
}
