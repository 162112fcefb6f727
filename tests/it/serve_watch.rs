//! `gloss serve`'s watcher when the site's folders themselves come and go
//! (issue 16): `content/` deleted or moved away shows an error like a
//! broken edit does; when it comes back, the site is served again and so
//! are later edits; `static/` or `templates/` made after the server
//! started are watched. Each change reaches open pages through the event
//! stream, as an edit does.

use std::path::Path;
use std::time::Instant;

use crate::serve::{ARTICLE_URL, RELOAD, article_with, edit, next_state, serve, wait_for_page, wait_for_state};
use crate::support::http::EventStream;
use crate::support::process::Server;
use crate::support::{Site, fixtures_dir};

/// Opens the event stream and reads the first state, which must be good.
fn events(server: &Server) -> (EventStream, u64) {
    let mut events = EventStream::open(server.port, "/__gloss/events").expect("open the event stream");
    let first = next_state(&mut events, server, Instant::now() + RELOAD);
    assert_eq!(first["error"], serde_json::Value::Null, "the fixture builds: {first}");
    let version = first["version"].as_u64().unwrap_or_else(|| panic!("no numeric version in {first}"));
    (events, version)
}

/// Waits for the error that says `content/` is missing.
fn wait_for_missing_content(events: &mut EventStream, server: &Server) {
    wait_for_state(events, server, "the error says content/ is missing", |s| {
        s["error"].as_str().is_some_and(|e| e.contains("no `content/` folder"))
    });
}

/// Waits for a good build, then for an edit of the article to be served:
/// the folder that came back is watched.
fn assert_served_and_watched(events: &mut EventStream, server: &Server, site: &Site, marker: &str) {
    wait_for_state(events, server, "the error is gone", |s| s["error"].is_null());
    wait_for_page(server, ARTICLE_URL, "ORIGINAL-MARKER");
    edit(site, &article_with(marker));
    wait_for_page(server, ARTICLE_URL, marker);
}

/// Copies the fixture's `content/` into `to`, folder by folder, file by
/// file, as a writer restoring it by hand would.
fn copy_content(to: &Path) {
    let from = fixtures_dir().join("valid/serve/content");
    for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let entry = entry.expect("walk the fixture");
        let target = to.join(entry.path().strip_prefix(&from).expect("inside the fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("create {}: {e}", target.display()));
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy to {}: {e}", target.display()));
        }
    }
}

#[test]
fn deleted_content_folder_shows_an_error_and_edits_are_served_once_it_is_back() {
    let (site, server) = serve();
    let (mut events, _) = events(&server);
    let content = site.root.join("content");
    std::fs::remove_dir_all(&content).expect("delete content/");
    wait_for_missing_content(&mut events, &server);
    copy_content(&content);
    assert_served_and_watched(&mut events, &server, &site, "EDITED-AFTER-RESTORE");
}

#[test]
fn content_folder_moved_away_shows_an_error_and_edits_are_served_once_it_is_moved_back() {
    let (site, server) = serve();
    let (mut events, _) = events(&server);
    let content = site.root.join("content");
    let away = site.temp().join("content-away");
    std::fs::rename(&content, &away).expect("move content/ out of the site");
    wait_for_missing_content(&mut events, &server);
    std::fs::rename(&away, &content).expect("move content/ back");
    assert_served_and_watched(&mut events, &server, &site, "EDITED-AFTER-MOVE-BACK");
}

#[test]
fn static_and_templates_folders_made_after_the_start_are_watched() {
    let (site, server) = serve();
    let (mut events, version) = events(&server);
    std::fs::create_dir(site.root.join("static")).expect("create static/");
    std::fs::create_dir(site.root.join("templates")).expect("create templates/");
    wait_for_state(&mut events, &server, &format!("a rebuild after version {version}"), |s| {
        s["version"].as_u64() > Some(version) && s["error"].is_null()
    });
    // Only a watch on the new folders sees these.
    std::fs::write(site.root.join("static/late.txt"), "LATE-STATIC-MARKER").expect("write static/late.txt");
    wait_for_page(&server, "/late.txt", "LATE-STATIC-MARKER");
    let home = "<!DOCTYPE html><html><head><title>t</title></head><body>LATE-TEMPLATE-MARKER</body></html>";
    std::fs::write(site.root.join("templates/index.html"), home).expect("write templates/index.html");
    wait_for_page(&server, "/", "LATE-TEMPLATE-MARKER");
}
