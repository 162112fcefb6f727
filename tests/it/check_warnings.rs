//! `gloss check`: a clean site passes and nothing is written; each kind of
//! warning is reported at its place, fails the run with `--deny-warnings`
//! and appears in `--format json`; broken internal links and anchors in an
//! article are reported.
//!
//! Fixture `valid/check_clean`: a site with no warning (a claim, an
//! article source, a site-wide source, a note, a link to a heading). Each
//! test adds or replaces one file to cause one problem.

use crate::support::{Diag, Run, Site, tree};

/// A kind of warning: the files that cause it and what it must say.
struct Warning {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    message: &'static str,
    /// `file:line:column`.
    at: &'static str,
}

const UNUSED_SOURCE: Warning = Warning {
    name: "a source never cited",
    files: &[(
        "content/extra.md",
        "---\ntitle: Extra\nsources:\n  used:\n    title: Used\n  spare:\n    title: Never cited\n---\n\nCites one.[@used]\n",
    )],
    message: "source `spare` is never cited",
    at: "content/extra.md:6:3",
};

const CLAIM_NOT_IN_TEXT: Warning = Warning {
    name: "a front-matter claim with no span",
    files: &[(
        "content/extra.md",
        "---\ntitle: Extra\nsources:\n  s:\n    title: S\nclaims:\n  ghost:\n    claimant: Someone\n    verdict: unproven\n    sources: [s]\n---\n\nBody.[@s]\n",
    )],
    message: "claim `ghost` is not marked in the text",
    at: "content/extra.md:7:3",
};

const CLAIM_WITHOUT_SOURCE: Warning = Warning {
    name: "a claim with no source",
    files: &[(
        "content/extra.md",
        "---\ntitle: Extra\n---\n\nSomeone said [the sky is green]{.claim #green verdict=false}.\n",
    )],
    message: "claim `green` has no source",
    at: "content/extra.md:5:14",
};

/// With no verdicts no claim can be written, so the article has none.
const EMPTY_SCALE: Warning = Warning {
    name: "an empty verdict scale",
    files: &[
        ("site.yaml", "title: Clean Desk\nverdicts: []\n"),
        ("content/article.md", "---\ntitle: No claims\n---\n\nNothing to rate.\n"),
        ("content/sources.yaml", ""),
    ],
    message: "the verdict scale is empty",
    at: "site.yaml:2:1",
};

const UNUSED_SITE_SOURCE: Warning = Warning {
    name: "a site-wide source never cited",
    files: &[(
        "content/sources.yaml",
        "census:\n  title: Census tables\n  publisher: Statistics Office\n  url: https://example.com/census\nspare:\n  title: Spare\n",
    )],
    message: "site-wide source `spare` is never cited",
    at: "content/sources.yaml:5:1",
};

const WARNINGS: [&Warning; 5] =
    [&UNUSED_SOURCE, &CLAIM_NOT_IN_TEXT, &CLAIM_WITHOUT_SOURCE, &EMPTY_SCALE, &UNUSED_SITE_SOURCE];

/// The clean fixture with the warning's files written.
fn site_with(w: &Warning) -> Site {
    let mut site = Site::fixture("valid/check_clean");
    for (rel, text) in w.files {
        site = if text.is_empty() { remove(site, rel) } else { site.write(rel, text) };
    }
    site
}

fn remove(site: Site, rel: &str) -> Site {
    std::fs::remove_file(site.root.join(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    site
}

/// Asserts the run reported exactly this warning, at its place, and no
/// error, and exited 0.
#[track_caller]
fn assert_only_warning(run: &Run, w: &Warning) {
    let diags: Vec<Diag> = run.diagnostics();
    let shown: Vec<String> =
        diags.iter().map(|d| format!("{}: {} at {:?}", d.severity, d.message, d.position)).collect();
    assert!(
        diags.len() == 1
            && diags[0].severity == "warning"
            && diags[0].message.contains(w.message)
            && diags[0].position.as_deref() == Some(w.at)
            && diags[0].help.is_some(),
        "{}: expected exactly one warning `{}` at {} with a help line; got {shown:#?}\n--- stderr ---\n{}",
        w.name,
        w.message,
        w.at,
        run.stderr
    );
    assert_eq!(run.status.code(), Some(0), "{}: a warning alone does not fail check\n{}", w.name, run.stderr);
}

#[test]
fn clean_site_passes_check_and_nothing_is_written() {
    let site = Site::fixture("valid/check_clean");
    let before = tree(site.temp());
    let run = site.check().success().quiet();
    assert_eq!(run.summary_line(), Some("0 errors, 0 warnings"), "{}", run.stderr);
    let after = tree(run.site.temp());
    let changed: Vec<&String> = before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(changed.is_empty(), "check changed or created files: {changed:?}");
    assert!(!run.site.root.join("public").exists() && !run.site.out.exists(), "check created an output folder");
}

#[test]
fn source_never_cited_is_a_warning_at_its_key() {
    assert_only_warning(&site_with(&UNUSED_SOURCE).check(), &UNUSED_SOURCE);
}

#[test]
fn front_matter_claim_not_marked_in_the_text_is_a_warning_at_its_key() {
    assert_only_warning(&site_with(&CLAIM_NOT_IN_TEXT).check(), &CLAIM_NOT_IN_TEXT);
}

#[test]
fn claim_without_a_source_is_a_warning_at_its_span() {
    assert_only_warning(&site_with(&CLAIM_WITHOUT_SOURCE).check(), &CLAIM_WITHOUT_SOURCE);
}

#[test]
fn empty_verdict_scale_is_a_warning_at_its_key() {
    assert_only_warning(&site_with(&EMPTY_SCALE).check(), &EMPTY_SCALE);
}

#[test]
fn site_wide_source_never_cited_is_a_warning_at_its_key() {
    assert_only_warning(&site_with(&UNUSED_SITE_SOURCE).check(), &UNUSED_SITE_SOURCE);
}

#[test]
fn deny_warnings_turns_each_warning_into_a_failure() {
    let mut wrong = Vec::new();
    for w in WARNINGS {
        let run = site_with(w).arg("--deny-warnings").check();
        let found = run.diagnostics().iter().any(|d| d.severity == "warning" && d.message.contains(w.message));
        if run.status.code() != Some(1) || !found {
            wrong.push(format!("{}: exit {:?}, warning reported: {found}\n{}", w.name, run.status.code(), run.stderr));
        }
    }
    assert!(wrong.is_empty(), "`check --deny-warnings` should exit 1 on each warning:\n{}", wrong.join("\n"));
}

#[test]
fn json_format_lists_each_warning_with_its_position_and_help() {
    let mut wrong = Vec::new();
    for w in WARNINGS {
        let run = site_with(w).check_json();
        let list: serde_json::Value = match serde_json::from_str(&run.stdout) {
            Ok(v) => v,
            Err(e) => {
                wrong.push(format!("{}: stdout is not JSON ({e}):\n{}", w.name, run.stdout));
                continue;
            }
        };
        let Some(items) = list.as_array() else {
            wrong.push(format!("{}: not a JSON array:\n{list:#}", w.name));
            continue;
        };
        let (file, line, column) = position(w.at);
        let expected = serde_json::json!({
            "severity": "warning", "file": file, "line": line, "column": column, "message": true, "help": true,
        });
        let found: Vec<serde_json::Value> = items
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": d["severity"], "file": d["file"], "line": d["line"], "column": d["column"],
                    "message": d["message"].as_str().is_some_and(|m| m.contains(w.message)),
                    "help": d["help"].as_str().is_some_and(|h| !h.is_empty()),
                })
            })
            .collect();
        if !found.contains(&expected) {
            wrong.push(format!("{}: expected an item like {expected}\ngot {list:#}", w.name));
        }
        for d in items {
            let keys = ["severity", "file", "line", "column", "end_column", "message", "help"];
            let missing: Vec<&str> = keys.iter().copied().filter(|k| d.get(*k).is_none()).collect();
            if !missing.is_empty() {
                wrong.push(format!("{}: an item lacks {missing:?}: {d}", w.name));
            }
        }
    }
    assert!(wrong.is_empty(), "`check --format json`:\n\n{}", wrong.join("\n\n"));
}

/// `content/a.md:6:3` → ("content/a.md", 6, 3).
fn position(at: &str) -> (&str, u64, u64) {
    let mut parts = at.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok()).expect("a column");
    let line = parts.next().and_then(|l| l.parse().ok()).expect("a line");
    (parts.next().expect("a file"), line, column)
}

trait CheckJson {
    fn check_json(self) -> Run;
}

impl CheckJson for Site {
    /// `gloss check --root <site> --format json`.
    fn check_json(self) -> Run {
        self.arg("--format").arg("json").check()
    }
}

mod links {
    //! Internal links written in an article, checked against the pages
    //! the site would have.

    use super::*;

    const ANCHOR: &str = "---\ntitle: Links\n---\n\nSee [the part](#no-such-anchor) below.\n";
    const PAGE: &str = "---\ntitle: Links\n---\n\nSee [the other page](../nope/) too.\n";

    #[track_caller]
    fn assert_broken_link_reported(text: &str, href: &str) -> Run {
        // The build does not check links: it succeeds.
        Site::fixture("valid/check_clean").write("content/links.md", text).build().success();
        let run = Site::fixture("valid/check_clean").write("content/links.md", text).check().failure();
        let errors = run.errors();
        assert!(
            errors.len() == 1 && errors[0].message.contains(href) && errors[0].message.contains("links/"),
            "expected one error about `{href}` on links/; got {errors:#?}\n--- stderr ---\n{}",
            run.stderr
        );
        run
    }

    #[test]
    fn link_to_a_missing_anchor_is_reported_by_check() {
        assert_broken_link_reported(ANCHOR, "#no-such-anchor");
    }

    #[test]
    fn link_to_a_missing_page_is_reported_by_check() {
        assert_broken_link_reported(PAGE, "../nope/");
    }

    /// "Every problem names its file, line and column" (README): the
    /// link's target is in `content/links.md`, line 5, and is underlined.
    #[test]
    fn broken_link_is_reported_at_its_place_in_the_article() {
        let mut wrong = Vec::new();
        for (text, href, at) in
            [(ANCHOR, "#no-such-anchor", "content/links.md:5:16"), (PAGE, "../nope/", "content/links.md:5:22")]
        {
            let run = Site::fixture("valid/check_clean").write("content/links.md", text).check();
            let errors = run.errors();
            let found = errors.iter().find(|d| d.message.contains(href));
            let position = found.and_then(|d| d.position.clone());
            let underlined = found.and_then(|d| d.underlined.clone());
            if position.as_deref() != Some(at) || underlined.as_deref() != Some(href) {
                wrong.push(format!(
                    "`{href}`: position {position:?} underlining {underlined:?}, expected {at}\n{}",
                    run.stderr
                ));
            }
        }
        assert!(wrong.is_empty(), "broken links should point at the Markdown:\n{}", wrong.join("\n"));
    }
}
