//! Nothing from outside the site: a symbolic link in content/, static/,
//! templates/ or a theme that resolves outside the site folder is refused,
//! naming the link and where it points, and so is a theme named with a path
//! that leaves themes/. A FIFO where gloss expects a file is refused at
//! once, never opened. Links and FIFOs are made here, at run time.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::{Expected, Run, Site};

/// Builds `site` over a previous output, failing the test if gloss takes
/// more than 20 s (a FIFO opened for reading would block it for ever).
fn build_within_time(site: Site) -> Run {
    site.with_previous_output().build_within(Duration::from_secs(20))
}

/// The regular files under `dir` with their bytes, links not followed
/// and FIFOs not opened.
fn regular_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        let kind = path.symlink_metadata().expect("stat").file_type();
        if kind.is_dir() {
            out.extend(regular_files(&path));
        } else if kind.is_file() {
            out.insert(path.clone(), std::fs::read(&path).expect("read a file"));
        }
    }
    out
}

/// Expects exactly `expected`, the previous output untouched, and the
/// site and the folder outside it unchanged.
#[track_caller]
fn refused(site: Site, expected: Expected) -> Run {
    let outside = site.temp().with_extension("outside");
    let before = (regular_files(&site.root), regular_files(&outside));
    let run = build_within_time(site).failure();
    run.assert_previous_output_untouched();
    run.expect_only_error(&expected);
    let after = (regular_files(&run.site.root), regular_files(&outside));
    assert!(before == after, "the build changed the site or the folder outside it");
    run
}

/// A folder outside the site (beside its temporary folder, removed when
/// the test ends) with `file` holding `text`; returns the folder, resolved.
fn outside(site: &Site, file: &str, text: &str) -> (PathBuf, Cleanup) {
    let dir = site.temp().with_extension("outside");
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create a folder outside the site");
    std::fs::write(&path, text).expect("write outside");
    (dir.canonicalize().expect("resolve the outside folder"), Cleanup(dir))
}

/// Removes a folder when dropped.
struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn link(site: &Site, target: &Path, at: &str) {
    let at = site.root.join(at);
    std::fs::create_dir_all(at.parent().expect("a parent")).expect("create the link's folder");
    symlink(target, at).expect("make a symlink");
}

fn mkfifo(site: &Site, at: &str) {
    let path = site.root.join(at);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the FIFO's folder");
    let _ = std::fs::remove_file(&path);
    let ok = Command::new("mkfifo").arg(&path).status().expect("run mkfifo").success();
    assert!(ok, "mkfifo {}", path.display());
}

const OUTSIDE_HELP: &str = "gloss reads nothing from outside the site folder";

#[test]
fn static_link_to_a_file_outside_is_refused() {
    let site = Site::fixture("valid/check_clean");
    let (dir, _cleanup) = outside(&site, "passwd", "root:x:0:0");
    link(&site, &dir.join("passwd"), "static/passwd");
    let message = format!("`static/passwd` is a symbolic link to `{}`, outside the site", dir.join("passwd").display());
    refused(site, Expected::error("static/passwd", &message).help(OUTSIDE_HELP));
}

#[test]
fn static_link_to_a_folder_outside_is_refused() {
    let site = Site::fixture("valid/check_clean");
    let (dir, _cleanup) = outside(&site, "etc/hosts", "127.0.0.1");
    link(&site, &dir.join("etc"), "static/etc");
    let message = format!("`static/etc` is a symbolic link to `{}`, outside the site", dir.join("etc").display());
    refused(site, Expected::error("static/etc", &message).help(OUTSIDE_HELP));
}

#[test]
fn template_link_to_a_file_outside_is_refused() {
    let site = Site::fixture("valid/check_clean");
    let (dir, _cleanup) = outside(&site, "secret.html", "SECRET");
    link(&site, &dir.join("secret.html"), "templates/partials/footer.html");
    let message = format!(
        "`templates/partials/footer.html` is a symbolic link to `{}`, outside the site",
        dir.join("secret.html").display()
    );
    refused(site, Expected::error("templates/partials/footer.html", &message).help(OUTSIDE_HELP));
}

#[test]
fn content_link_to_an_article_outside_is_refused() {
    let site = Site::fixture("valid/check_clean");
    let (dir, _cleanup) = outside(&site, "ext.md", "---\ntitle: From outside\n---\n\nOUTSIDE-BODY text.\n");
    link(&site, &dir.join("ext.md"), "content/ext.md");
    let message =
        format!("`content/ext.md` is a symbolic link to `{}`, outside the site", dir.join("ext.md").display());
    refused(site, Expected::error("content/ext.md", &message).help(OUTSIDE_HELP));
}

#[test]
fn theme_folder_linked_from_outside_is_refused() {
    let site = Site::fixture("valid/check_clean").write("site.yaml", "title: T\ntheme: borrowed\n");
    let (dir, _cleanup) = outside(&site, "borrowed/templates/base.html", "{% block content %}{% endblock %}");
    link(&site, &dir.join("borrowed"), "themes/borrowed");
    let message =
        format!("`themes/borrowed` is a symbolic link to `{}`, outside the site", dir.join("borrowed").display());
    refused(site, Expected::error("themes/borrowed", &message).help(OUTSIDE_HELP));
}

#[test]
fn theme_named_with_a_path_out_of_themes_is_refused() {
    for (theme, col) in [("../outside", 8), ("/etc", 8)] {
        let site = Site::fixture("valid/check_clean").write("site.yaml", format!("title: T\ntheme: {theme}\n"));
        refused(
            site,
            Expected::error(
                &format!("site.yaml:2:{col}"),
                &format!("`{theme}` cannot be a theme: a theme is a folder of themes/ in the site"),
            )
            .underlining(theme)
            .help("name a folder of themes/"),
        );
    }
}

#[test]
fn links_that_stay_inside_the_site_keep_working() {
    let site = Site::fixture("valid/check_clean")
        .write("static/real/style.css", "p {}")
        .write("shared/note.md", "---\ntitle: Shared note\n---\n\nSHARED-BODY.\n");
    link(&site, &site.root.join("static/real"), "static/alias");
    link(&site, &site.root.join("shared/note.md"), "content/note.md");
    let run = site.build().success();
    assert_eq!(std::fs::read_to_string(run.out().join("alias/style.css")).expect("the linked folder"), "p {}");
    assert!(run.page("note/").contains("SHARED-BODY"), "the linked article is published");
}

#[test]
fn fifo_as_an_article_is_refused_at_once() {
    let site = Site::fixture("valid/check_clean");
    mkfifo(&site, "content/pipe.md");
    refused(
        site,
        Expected::error("content/pipe.md", "`content/pipe.md` is a FIFO (named pipe), not a file")
            .help("gloss reads only regular files"),
    );
}

#[test]
fn fifo_as_site_yaml_is_refused_at_once() {
    let site = Site::fixture("valid/check_clean");
    mkfifo(&site, "site.yaml");
    refused(
        site,
        Expected::error("site.yaml", "`site.yaml` is a FIFO (named pipe), not a file")
            .help("gloss reads only regular files"),
    );
}

#[test]
fn fifo_as_sources_yaml_is_refused_at_once() {
    let site = Site::fixture("valid/check_clean");
    mkfifo(&site, "content/sources.yaml");
    let run = build_within_time(site).failure();
    run.assert_previous_output_untouched();
    // The article's citations of its sources fail too; this is the cause.
    let errors = run.errors();
    let found = errors.iter().find(|d| d.position.as_deref() == Some("content/sources.yaml"));
    Expected::error("content/sources.yaml", "`content/sources.yaml` is a FIFO (named pipe), not a file")
        .help("gloss reads only regular files")
        .assert_matches(found.expect("an error at content/sources.yaml"), &run.stderr);
}

#[test]
fn fifo_in_static_and_templates_is_refused_at_once() {
    for at in ["static/pipe.css", "templates/base.html"] {
        let site = Site::fixture("valid/check_clean");
        mkfifo(&site, at);
        refused(
            site,
            Expected::error(at, &format!("`{at}` is a FIFO (named pipe), not a file"))
                .help("gloss reads only regular files"),
        );
    }
}

#[test]
fn fifo_as_the_highlight_theme_is_refused_at_once() {
    let site = Site::fixture("valid/check_clean").write("site.yaml", "title: T\nhighlight_theme: code.tmTheme\n");
    mkfifo(&site, "code.tmTheme");
    refused(
        site,
        Expected::error("site.yaml:2:18", "`code.tmTheme` is a FIFO (named pipe), not a file")
            .underlining("code.tmTheme")
            .help("gloss reads only regular files"),
    );
}

#[test]
fn highlight_theme_outside_the_site_is_refused() {
    let site = Site::fixture("valid/check_clean");
    let (dir, _cleanup) = outside(&site, "x.tmTheme", "<plist/>");
    let name = dir.file_name().expect("a name").to_string_lossy().into_owned();
    let site = site.write("site.yaml", format!("title: T\nhighlight_theme: ../../{name}/x.tmTheme\n"));
    refused(
        site,
        Expected::error(
            "site.yaml:2:18",
            &format!("`../../{name}/x.tmTheme` is outside the site (at `{}`)", dir.join("x.tmTheme").display()),
        )
        .help(OUTSIDE_HELP),
    );
}
