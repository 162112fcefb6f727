//! The output folder: gloss replaces it as a whole on success, leaves it
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
