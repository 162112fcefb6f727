//! `gloss check` runs the same pipeline as `gloss build` and writes
//! nothing: it passes every valid fixture, fails every invalid one with the
//! errors the build reports, and fails on warnings only when asked to.

use crate::support::{Site, fixtures_dir};

/// The case folders of `tests/fixtures/<kind>/`, sorted.
fn cases(kind: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir().join(kind))
        .expect("read the fixtures folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The fixture, with the file the `non_utf8` case needs written by the test.
fn site(kind: &str, case: &str) -> Site {
    let site = Site::fixture(&format!("{kind}/{case}"));
    if case == "non_utf8" { site.write("content/bad.md", b"---\ntitle: Latin-1\n---\n\nCaf\xE9.\n") } else { site }
}

#[test]
fn every_valid_fixture_passes_check() {
    let mut failed = Vec::new();
    for case in cases("valid") {
        let run = site("valid", &case).check();
        if !run.status.success() || !run.errors().is_empty() {
            failed.push(format!("valid/{case} ({}):\n{}", run.status, run.stderr));
        }
        assert!(!run.site.out.exists(), "check wrote {}", run.site.out.display());
    }
    assert!(failed.is_empty(), "`gloss check` failed on valid fixtures that build:\n\n{}", failed.join("\n"));
}

#[test]
fn every_invalid_fixture_fails_check_with_the_build_errors() {
    let mut wrong = Vec::new();
    for case in cases("invalid") {
        let build = site("invalid", &case).build();
        let check = site("invalid", &case).check();
        if check.status.code() != Some(1) || check.errors() != build.errors() {
            wrong.push(format!(
                "invalid/{case}: check exited with {}\n--- check ---\n{}\n--- build ---\n{}",
                check.status, check.stderr, build.stderr
            ));
        }
        assert!(!check.site.out.exists(), "check wrote {}", check.site.out.display());
    }
    assert!(wrong.is_empty(), "check and build disagree:\n\n{}", wrong.join("\n"));
}

#[test]
fn check_passes_warnings_unless_denied() {
    let unused = "---\ntitle: Unused source\nsources:\n  spare:\n    title: Never cited\n---\n\nBody.\n";
    let site = || Site::fixture("valid/drafts").write("content/unused.md", unused);
    let run = site().check().success();
    let warnings: Vec<String> = run.diagnostics().iter().map(|d| d.message.clone()).collect();
    assert_eq!(warnings, ["source `spare` is never cited"], "{}", run.stderr);
    let denied = site().arg("--deny-warnings").check();
    assert_eq!(denied.status.code(), Some(1), "--deny-warnings should fail on a warning\n{}", denied.stderr);
}
