//! The output folder: gloss replaces it as a whole on success, keeping the
//! files whose bytes did not change (the same inode and mtime), leaves it
//! alone on failure, and refuses folders that are, contain, or sit inside
//! the site's own files.

use crate::support::{Site, assert_contains, tree};

/// `gloss build --output <dir>` run from the site's folder must fail
/// without changing a single file of the site or beside it.
#[track_caller]
fn refuses(output: &str, why: &str) {
    let site = Site::fixture("valid/site_layout");
    let before = tree(site.temp());
    let root = site.root.display().to_string();
    let run = site.run(&["build", "--root", root.as_str(), "--output", output]);
    let run = run.failure();
    let errors = run.errors();
    assert!(
        errors.len() == 1
            && errors[0].message.contains("refusing to use")
            && errors[0].message.contains(why)
            && errors[0].help.is_some(),
        "--output {output}: expected one error \"refusing to use … {why}\" with a help line\n--- stderr ---\n{}",
        run.stderr
    );
    let after = tree(run.site.temp());
    if after != before {
        let changed: Vec<&String> =
            before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
        panic!("--output {output}: the refused build changed files: {changed:?}\n--- stderr ---\n{}", run.stderr);
    }
}

#[test]
fn refuses_the_content_folder_as_output() {
    refuses("content", "inside the site's `content/` folder");
}

#[test]
fn refuses_a_folder_inside_content_as_output() {
    refuses("content/explainers", "inside the site's `content/` folder");
}

#[test]
fn refuses_the_static_folder_as_output() {
    refuses("static", "inside the site's `static/` folder");
}

#[test]
fn refuses_the_site_itself_as_output() {
    refuses(".", "it is, or contains, the site itself");
}

#[test]
fn refuses_a_folder_that_contains_the_site_as_output() {
    refuses("..", "it is, or contains, the site itself");
}

#[test]
fn successful_build_replaces_the_previous_output() {
    let run = Site::fixture("valid/site_layout").with_previous_output().build().success();
    let files = run.files();
    assert!(!files.contains(&"keep.txt".to_string()), "a stale file of the previous build survived: {files:#?}");
    assert_contains(&run.page("index.html"), "The newer explainer");
    let mut beside: Vec<String> = std::fs::read_dir(run.site.temp())
        .expect("read the temporary folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["public", "site"], "no build folder is left behind");
}

#[test]
fn output_folder_is_created_with_its_parents() {
    let site = Site::fixture("valid/drafts");
    let out = site.temp().join("deep/er/public");
    let root = site.root.display().to_string();
    let out_arg = out.display().to_string();
    let run = site.run(&["build", "--root", root.as_str(), "--output", out_arg.as_str()]).success();
    assert!(out.join("published/index.html").is_file(), "nothing built into {}\n{}", out.display(), run.stderr);
}

/// Every file under `dir` (the output's parent, say) with its bytes,
/// hidden folders included, for "nothing else changed" checks.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(dir)
}

/// Panics listing what changed between two [`snapshot`]s.
#[track_caller]
fn assert_unchanged(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
    stderr: &str,
) {
    let changed: Vec<&String> = before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(changed.is_empty(), "files changed: {changed:?}\n--- stderr ---\n{stderr}");
}

/// The names in a folder, sorted.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A site whose output folder holds a user's own files.
fn site_with_unrelated_output() -> Site {
    let site = Site::fixture("valid/site_layout");
    std::fs::create_dir_all(site.out.join("photos")).expect("create a folder");
    std::fs::write(site.out.join("photos/cat.jpg"), "not a site").expect("write a file");
    std::fs::write(site.out.join("notes.txt"), "my notes").expect("write a file");
    site
}

#[test]
fn output_flag_no_longer_deletes_a_folder_gloss_did_not_make() {
    let site = site_with_unrelated_output();
    let before = snapshot(site.temp());
    let run = site.build().failure();
    let errors = run.errors();
    let out = run.site.out.display().to_string();
    assert!(
        errors.len() == 1
            && errors[0].message
                == format!(
                    "refusing to replace {out}: it holds files gloss did not write, and a build deletes everything in it"
                )
            && errors[0].help.as_deref().is_some_and(|h| h.contains("pass `--force`") && h.contains("--output")),
        "expected one refusal asking for --force\n--- stderr ---\n{}",
        run.stderr
    );
    assert_unchanged(&before, &snapshot(run.site.temp()), &run.stderr);
}

#[test]
fn force_replaces_a_folder_gloss_did_not_make() {
    let run = site_with_unrelated_output().arg("--force").build().success();
    assert!(!run.has("notes.txt") && !run.has("photos/cat.jpg"), "{:#?}", run.files());
    let marker = run.page(".gloss-output");
    assert!(marker.starts_with(crate::support::MARKER.1), "the new output is not marked as gloss's: {marker}");
    let listed: Vec<&str> = marker.lines().skip(3).collect();
    assert_eq!(listed, run.files(), "the marker lists the files the build wrote");
    assert_eq!(names(run.site.temp()), ["public", "site"], "no build folder is left behind");
}

#[test]
fn an_empty_output_folder_is_used_without_force() {
    let site = Site::fixture("valid/site_layout");
    std::fs::create_dir_all(&site.out).expect("create the output folder");
    let run = site.build().success();
    assert!(run.has("index.html"), "{:#?}", run.files());
}

#[test]
fn output_of_a_gloss_from_before_the_marker_is_replaced_without_force() {
    let run = Site::fixture("valid/site_layout").build().success();
    std::fs::remove_file(run.out().join(".gloss-output")).expect("remove the marker");
    std::fs::write(run.out().join("stale.html"), "stale").expect("write a stale page");
    let run = run.site.build().success();
    assert!(!run.has("stale.html") && run.has(".gloss-output"), "{:#?}", run.files());
}

#[test]
fn never_replaces_a_git_repository_even_with_force() {
    let cases = [
        (
            ".git/HEAD",
            "refusing to use {out} as the output folder: it holds a Git repository (`.git`), which a build would delete",
        ),
        ("old/.git/HEAD", "refusing to replace {out}, even with --force: it holds a Git repository ({out}/old/.git)"),
    ];
    for (git, message) in cases {
        let site = site_with_unrelated_output().arg("--force");
        std::fs::create_dir_all(site.out.join(git).parent().unwrap()).expect("create .git");
        std::fs::write(site.out.join(git), "ref: refs/heads/main\n").expect("write HEAD");
        let before = snapshot(site.temp());
        let run = site.build().failure();
        let message = message.replace("{out}", &run.site.out.display().to_string());
        let errors = run.errors();
        assert!(
            errors.len() == 1 && errors[0].message == message && errors[0].help.is_some(),
            "{git}: expected one error {message:?} with a help line\n--- stderr ---\n{}",
            run.stderr
        );
        assert_unchanged(&before, &snapshot(run.site.temp()), &run.stderr);
    }
}

#[test]
fn never_replaces_the_home_folder_even_with_force() {
    let site = Site::fixture("valid/site_layout");
    let home = site.temp().join("home");
    std::fs::create_dir_all(home.join("Documents")).expect("create a home folder");
    std::fs::write(home.join("Documents/taxes.txt"), "precious").expect("write a file");
    let before = snapshot(site.temp());
    let run = std::process::Command::new(crate::support::BIN)
        .args(["build", "--force", "--root"])
        .arg(&site.root)
        .arg("--output")
        .arg(&home)
        .env("HOME", &home)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gloss");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let message =
        format!("error: refusing to use {} as the output folder: it is, or contains, your home folder", home.display());
    assert!(stderr.contains(&message), "expected {message:?}\n--- stderr ---\n{stderr}");
    assert_unchanged(&before, &snapshot(site.temp()), &stderr);
}

#[test]
fn build_with_root_writes_the_sites_public_folder() {
    let site = Site::fixture("valid/site_layout");
    let run = crate::support::process::gloss(site.temp(), &["build", "--root", "site"]).success();
    assert!(site.root.join("public/index.html").is_file(), "not built into site/public\n{}", run.stderr);
    assert_eq!(names(site.temp()), ["site"], "nothing is written in the current folder");
    // An explicit --output stays relative to the current folder.
    crate::support::process::gloss(site.temp(), &["build", "--root", "site", "--output", "out"]).success();
    assert!(site.temp().join("out/index.html").is_file());
}

#[test]
fn failed_build_after_an_interrupted_swap_restores_the_previous_output() {
    // A build killed between the fallback swap's two renames left the
    // previous output aside and no output folder; the next build, failing,
    // used to delete that only copy while saying it was kept.
    let site = Site::fixture("invalid/undefined_note").with_previous_output();
    let aside = site.temp().join(".public.gloss-old-AbC123");
    std::fs::rename(&site.out, &aside).expect("move the previous output aside");
    std::fs::create_dir_all(site.temp().join(".public.gloss-new-AbC123/explainers")).expect("a finished build");
    let run = site.build().failure();
    run.assert_previous_output_untouched();
}

#[test]
fn leftovers_of_an_interrupted_build_are_removed_and_the_output_kept() {
    let site = Site::fixture("invalid/undefined_note").with_previous_output();
    std::fs::create_dir_all(site.temp().join(".public.gloss-new-Xyz789/a")).expect("an interrupted build");
    let run = site.build().failure();
    run.assert_previous_output_untouched();
}

#[test]
fn read_only_output_folder_fails_before_anything_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("valid/site_layout").with_previous_output();
    std::fs::set_permissions(&site.out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let before = snapshot(site.temp());
    let run = site.build().failure();
    let out = run.site.out.display().to_string();
    let errors = run.errors();
    assert!(
        errors.len() == 1
            && errors[0].message == format!("cannot build into {out}: the folder is read-only")
            && errors[0].help.as_deref().is_some_and(|h| h.contains("chmod u+w")),
        "expected one read-only error\n--- stderr ---\n{}",
        run.stderr
    );
    std::fs::set_permissions(&run.site.out, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_unchanged(&before, &snapshot(run.site.temp()), &run.stderr);
    run.assert_previous_output_untouched();
}

#[test]
fn read_only_parent_folder_fails_before_anything_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let mut site = Site::fixture("valid/site_layout");
    let parent = site.temp().join("www");
    std::fs::create_dir_all(&parent).expect("create the parent");
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    site.out = parent.join("deeper/public");
    let run = site.build().failure();
    let errors = run.errors();
    let shown = parent.display().to_string();
    assert!(
        errors.len() == 1 && errors[0].message == format!("cannot build into {shown}: the folder is read-only"),
        "expected one read-only error\n--- stderr ---\n{}",
        run.stderr
    );
    assert!(names(&parent).is_empty(), "the failed build wrote into {shown}: {:?}", names(&parent));
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// Mounts a tmpfs with `options` (`size=64k`, `ro`) at `dir`; `None`
    /// where mounting is not permitted (not root), with the reason printed.
    fn mount(dir: &std::path::Path, options: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).expect("create the mount point");
        let done = std::process::Command::new("mount").args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(dir).output();
        match done {
            Ok(o) if o.status.success() => Some(SmallDisk(dir.to_path_buf())),
            Ok(o) => {
                eprintln!("SKIPPED: cannot mount a tmpfs: {}", String::from_utf8_lossy(&o.stderr));
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_disk_gives_one_error_not_one_per_file() {
    // Where mounting is not permitted, the unit test
    // `output::tests::full_disk_stops_writing_at_the_first_failure`
    // covers the same path through /dev/full.
    let mut site = Site::fixture("valid/site_layout");
    let disk = site.temp().join("disk");
    let Some(_mounted) = SmallDisk::mount(&disk, "size=64k") else { return };
    site.out = disk.join("public");
    let site = site.with_previous_output();
    let before = snapshot(&disk);
    let run = site.build().failure();
    let out = run.site.out.display().to_string();
    let errors = run.errors();
    assert!(
        errors.len() == 1
            && errors[0].message == format!("the disk is full: cannot write the site into {out}")
            && errors[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("of files were written before the disk filled, and at least")),
        "expected one disk-full error with the size needed\n--- stderr ---\n{}",
        run.stderr
    );
    assert_unchanged(&before, &snapshot(&disk), &run.stderr);
    assert_eq!(names(&disk), ["public"], "the failed build left something on the disk");
}

#[test]
fn failed_build_removes_the_folders_it_made_for_the_output() {
    let mut site = Site::fixture("invalid/undefined_note");
    site.out = site.temp().join("deep/er/public");
    let run = site.build().failure();
    assert_eq!(names(run.site.temp()), ["site"], "the failed build left folders behind\n{}", run.stderr);
}

#[test]
fn killed_builds_leave_the_previous_output_or_the_new_one_whole() {
    let reference = Site::fixture("valid/site_layout").build().success();
    let complete: Vec<String> = reference.files();
    let site = Site::fixture("valid/site_layout").with_previous_output();
    let previous = tree(&site.out);
    let (root, out) = (site.root.clone(), site.out.clone());
    for i in 0..16u64 {
        build_killed_after(&root, &out, i * 2);
        let now = tree(&out);
        let files: Vec<String> = now.keys().cloned().collect();
        assert!(
            now == previous || files == complete,
            "killed after {} ms, the output is neither the previous one nor a whole build: {files:#?}",
            i * 2
        );
    }
    let run = site.build().success();
    assert_eq!(run.files(), complete);
    assert_eq!(names(run.site.temp()), ["public", "site"], "a killed build's folder was left behind");
}

#[test]
fn read_only_file_system_fails_before_anything_is_written() {
    let mut site = Site::fixture("valid/site_layout");
    let disk = site.temp().join("ro");
    let Some(_mounted) = SmallDisk::mount(&disk, "ro,size=64k") else { return };
    site.out = disk.join("public");
    let run = site.build().failure();
    let errors = run.errors();
    let shown = disk.display().to_string();
    assert!(
        errors.len() == 1 && errors[0].message == format!("cannot build into {shown}: the folder is read-only"),
        "expected one read-only error\n--- stderr ---\n{}",
        run.stderr
    );
}

#[test]
fn a_static_file_named_like_the_marker_is_refused() {
    let run = Site::fixture("valid/site_layout").write("static/.gloss-output", "mine").with_previous_output().build();
    let run = run.failure();
    run.expect_only_error(
        &crate::support::Expected::error(
            "static/.gloss-output:1:1",
            "`.gloss-output` would be published twice: by gloss's mark on its output folder and by static/.gloss-output",
        )
        .help("rename or move the file in static/"),
    );
    run.assert_previous_output_untouched();
}

/// Each file under `dir` with its inode, mtime and number of links (a
/// symlink as itself, never followed).
fn identities(dir: &std::path::Path) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt;
    tree(dir)
        .into_keys()
        .map(|rel| {
            let meta = std::fs::symlink_metadata(dir.join(&rel)).unwrap_or_else(|e| panic!("stat {rel}: {e}"));
            (rel, (meta.ino(), meta.modified().expect("an mtime"), meta.nlink()))
        })
        .collect()
}

/// The files whose inode (and so mtime) differs between two [`identities`].
fn renewed(
    before: &std::collections::BTreeMap<String, (u64, std::time::SystemTime, u64)>,
    after: &std::collections::BTreeMap<String, (u64, std::time::SystemTime, u64)>,
) -> Vec<String> {
    after.iter().filter(|(rel, id)| before.get(*rel).is_none_or(|b| b.0 != id.0)).map(|(rel, _)| rel.clone()).collect()
}

#[test]
fn an_unchanged_rebuild_keeps_every_file_with_its_inode_and_mtime() {
    let run = Site::fixture("valid/site_layout").build().success();
    let before = identities(run.out());
    let run = run.site.build().success();
    let after = identities(run.out());
    assert_eq!(after, before, "a rebuild of the same site wrote files again");
    assert!(after.values().all(|(_, _, links)| *links == 1), "a kept file still has another name: {after:#?}");
    assert_eq!(names(run.site.temp()), ["public", "site"], "no build folder is left behind");
}

#[test]
fn a_rebuild_after_an_edit_writes_only_the_files_that_changed() {
    let run = Site::fixture("valid/site_layout").build().success();
    let (bytes, before) = (tree(run.out()), identities(run.out()));
    let article = run.site.read("content/explainers/older.md").replace("The older explainer", "The oldest explainer");
    let run = run.site.write("content/explainers/older.md", article).build().success();
    let changed: Vec<String> =
        tree(run.out()).into_iter().filter(|(rel, b)| bytes.get(rel) != Some(b)).map(|(rel, _)| rel).collect();
    assert_eq!(renewed(&before, &identities(run.out())), changed, "only the files whose bytes changed are new");
    for page in ["explainers/older/index.html", "explainers/index.html", "index.html"] {
        assert!(changed.contains(&page.to_string()), "{page} should show the new title: {changed:?}");
    }
    assert!(!changed.iter().any(|rel| rel.starts_with("theme/") || rel == "middle/index.html"), "{changed:?}");
}

#[test]
fn a_file_edited_by_hand_in_the_output_is_written_again() {
    let run = Site::fixture("valid/site_layout").build().success();
    let built = tree(run.out());
    // The same length, other bytes: a length alone does not keep a file.
    let page = run.out().join("explainers/newer/index.html");
    let edited = run.page("explainers/newer/").replacen("newer", "NEWER", 1);
    std::fs::write(&page, &edited).expect("edit a page by hand");
    let before = identities(run.out());
    let run = run.site.build().success();
    assert_eq!(tree(run.out()), built, "the hand edit survived the rebuild");
    assert_eq!(renewed(&before, &identities(run.out())), ["explainers/newer/index.html"]);
}

#[test]
fn a_symlink_in_the_previous_output_is_not_followed() {
    use std::os::unix::fs::{MetadataExt, symlink};
    let run = Site::fixture("valid/site_layout").build().success();
    let built = tree(run.out());
    // Files outside the output with the very bytes gloss writes, reached
    // through a symlinked file and a symlinked folder.
    let outside = run.site.temp().join("outside");
    std::fs::create_dir_all(&outside).expect("create a folder");
    std::fs::rename(run.out().join("theme"), outside.join("theme")).expect("move the theme out");
    symlink(outside.join("theme"), run.out().join("theme")).expect("symlink a folder");
    std::fs::rename(run.out().join("index.html"), outside.join("index.html")).expect("move a page out");
    symlink(outside.join("index.html"), run.out().join("index.html")).expect("symlink a file");
    let before = tree(&outside);
    let run = run.site.build().success();
    assert_eq!(tree(run.out()), built);
    for rel in ["index.html", "theme/gloss.css", "theme/highlight.css"] {
        let meta = std::fs::symlink_metadata(run.out().join(rel)).expect("stat");
        assert!(meta.is_file() && meta.nlink() == 1, "{rel} is a link to the file outside the output");
    }
    assert_eq!(tree(&outside), before, "the files outside the output changed");
    assert!(identities(&outside).values().all(|(_, _, links)| *links == 1), "a file outside gained a name");
}

#[test]
fn a_failed_rebuild_leaves_the_previous_output_and_its_inodes_untouched() {
    let run = Site::fixture("valid/site_layout").build().success();
    let (bytes, before) = (tree(run.out()), identities(run.out()));
    // Found while the other pages are written, so some were kept already.
    let broken = "---\ntitle: Broken\ndate: 2023-02-01\n---\n\nSome text.[^nope]\n";
    let run = run.site.write("content/explainers/broken.md", broken).build().failure();
    assert_eq!(tree(run.out()), bytes, "the failed build changed the output");
    assert_eq!(identities(run.out()), before, "the failed build left files linked or rewritten");
    assert_eq!(names(run.site.temp()), ["public", "site"], "the failed build left its folder behind");
}

/// The site_layout fixture with one article edited and one deleted.
fn edited(site: Site) -> Site {
    let article = site.read("content/explainers/older.md").replace("The older explainer", "The oldest explainer");
    let site = site.write("content/explainers/older.md", article);
    std::fs::remove_file(site.root.join("content/explainers/newer.md")).expect("delete an article");
    site
}

#[test]
fn an_update_in_place_deletes_what_the_build_no_longer_writes() {
    let expected = tree(edited(Site::fixture("valid/site_layout")).build().success().out());
    let run = Site::fixture("valid/site_layout").build().success();
    assert!(run.has("explainers/newer/index.html"));
    std::fs::write(run.out().join("mine.txt"), "put there by hand").expect("add a file by hand");
    let run = edited(run.site).build().success();
    let mut found = tree(run.out());
    assert_eq!(
        found.remove("mine.txt").as_deref(),
        Some(&b"put there by hand"[..]),
        "a file gloss never wrote is left"
    );
    assert_eq!(found.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
    assert!(found == expected, "the updated output is not what a fresh build of the site writes");
    assert!(!run.out().join("explainers/newer").exists(), "the deleted article's folder is left");
    assert_eq!(names(run.site.temp()), ["public", "site"], "no build folder is left behind");
}

/// A file where the previous output had a folder: the folder (a symlink
/// to one outside the output, or a real one) gives way, is never
/// followed, and nothing outside the output changes.
#[test]
fn a_file_where_the_previous_output_had_a_folder_replaces_it() {
    let read = |run: &crate::support::Run, rel: &str| std::fs::read_to_string(run.out().join(rel)).expect("read");
    let run = Site::fixture("valid/site_layout").write("static/dl/a.txt", "in a folder").build().success();
    let outside = run.site.temp().join("outside");
    std::fs::create_dir_all(&outside).expect("create a folder");
    std::fs::write(outside.join("a.txt"), "outside").expect("write outside");
    std::fs::remove_dir_all(run.out().join("dl")).expect("remove the folder");
    std::os::unix::fs::symlink(&outside, run.out().join("dl")).expect("symlink a folder");
    std::fs::remove_dir_all(run.site.root.join("static/dl")).expect("remove static/dl/");
    let run = run.site.write("static/dl", "a file now").build().success();
    assert!(std::fs::symlink_metadata(run.out().join("dl")).expect("stat").is_file(), "dl is not a file");
    assert_eq!(read(&run, "dl"), "a file now");
    assert_eq!(std::fs::read_to_string(outside.join("a.txt")).expect("read"), "outside");

    std::fs::remove_file(run.site.root.join("static/dl")).expect("remove static/dl");
    let run = run.site.write("static/dl/b.txt", "a folder again").build().success();
    assert_eq!(read(&run, "dl/b.txt"), "a folder again");
    std::fs::remove_dir_all(run.site.root.join("static/dl")).expect("remove static/dl/");
    let run = run.site.write("static/dl", "a file again").build().success();
    assert_eq!(read(&run, "dl"), "a file again");
}

/// The marker lists the files one a line: a name with a line break would
/// read there as two other files, which a later build could delete.
#[test]
fn a_static_file_whose_name_holds_a_line_break_is_refused() {
    let run =
        Site::fixture("valid/site_layout").write("static/a\nmine.txt", "x").with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    assert!(run.stderr.contains("control character") && run.stderr.contains("rename the file"), "{}", run.stderr);
}

#[test]
fn killed_updates_leave_each_file_whole_and_the_next_build_finishes() {
    let new = tree(edited(Site::fixture("valid/site_layout")).build().success().out());
    let run = Site::fixture("valid/site_layout").build().success();
    let old = tree(run.out());
    let site = edited(run.site);
    let (root, out) = (site.root.clone(), site.out.clone());
    for i in 0..16u64 {
        build_killed_after(&root, &out, i * 2);
        for (rel, bytes) in tree(&out) {
            let whole = old.get(&rel) == Some(&bytes) || new.get(&rel) == Some(&bytes);
            // The marker may list the old and the new files while publishing.
            assert!(
                whole || rel == ".gloss-output",
                "killed after {} ms, {rel} is neither the old file nor the new",
                i * 2
            );
        }
    }
    let run = site.build().success();
    assert!(tree(run.out()) == new, "the build after killed ones did not finish the update");
    assert_eq!(names(run.site.temp()), ["public", "site"], "a killed build's folder was left behind");
}

/// Starts `gloss build` of `root` into `out` and kills it after `ms`
/// milliseconds (it may have finished by then).
fn build_killed_after(root: &std::path::Path, out: &std::path::Path, ms: u64) {
    let mut child = std::process::Command::new(crate::support::BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start gloss");
    std::thread::sleep(std::time::Duration::from_millis(ms));
    let _ = child.kill();
    let _ = child.wait();
}
