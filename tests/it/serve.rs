//! `gloss serve`: the site built in memory and served over HTTP, rebuilt
//! when a file changes, with live reload over Server-Sent Events; it stays
//! up through broken edits, hostile paths and malformed requests.
//!
//! Fixture `valid/serve`: `notes/first.md` (a claim, a source and the text
//! `ORIGINAL-MARKER`) and `second.md`; `base_url` under `/preview/`. Every
//! test starts its own server on a free port (`--port 0`) and kills it when
//! it ends, panics included.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::support::http::{self, EventStream};
use crate::support::links::{is_external, link_values};
use crate::support::process::Server;
use crate::support::{Site, assert_contains, assert_not_contains};

const ARTICLE: &str = "content/notes/first.md";
pub(crate) const ARTICLE_URL: &str = "/notes/first/";
/// How long a rebuild may take to show.
pub(crate) const RELOAD: Duration = Duration::from_secs(5);
/// The live-reload script as a freshly started server adds it: to pages
/// of the site's first version.
const LIVE_SCRIPT: &str = r#"<script src="/__gloss/live.js" data-version="1"></script>"#;

/// The fixture and a server on it, started in the site's folder.
pub(crate) fn serve() -> (Site, Server) {
    let site = Site::fixture("valid/serve");
    let server = Server::start(&site.root, &site.root, &["--port", "0"]).unwrap_or_else(|e| panic!("{e}"));
    (site, server)
}

/// The article with `ORIGINAL-MARKER` replaced.
pub(crate) fn article_with(text: &str) -> String {
    let original = std::fs::read_to_string(crate::support::fixtures_dir().join("valid/serve").join(ARTICLE))
        .expect("read the fixture's article");
    assert!(original.contains("ORIGINAL-MARKER"), "the fixture changed");
    original.replace("ORIGINAL-MARKER", text)
}

/// Writes the article in place (no rename), as most editors do.
pub(crate) fn edit(site: &Site, text: &str) {
    let path = site.root.join(ARTICLE);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Polls `GET path` every 20 ms until the body contains `needle`; panics
/// after [`RELOAD`] showing the last body and the server's log.
#[track_caller]
pub(crate) fn wait_for_page(server: &Server, path: &str, needle: &str) {
    let deadline = Instant::now() + RELOAD;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(r) = http::get(server.port, path) {
            last = format!("{}\n{}", r.status, r.text());
            if r.status == 200 && r.text().contains(needle) {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "GET {path} did not show {needle:?} within {RELOAD:?}\n--- last response ---\n{last}\n--- server log ---\n{}",
        server.log()
    );
}

/// The next `state` event as JSON, or a panic showing what the stream said.
#[track_caller]
pub(crate) fn next_state(events: &mut EventStream, server: &Server, deadline: Instant) -> serde_json::Value {
    let data = events.next_event("state", deadline).unwrap_or_else(|| {
        panic!("no `state` event in time\n--- stream ---\n{}\n--- server log ---\n{}", events.seen, server.log())
    });
    serde_json::from_str(&data).unwrap_or_else(|e| panic!("a state event that is not JSON ({e}): {data:?}"))
}

/// Reads states until `done` holds for one; panics after [`RELOAD`].
#[track_caller]
pub(crate) fn wait_for_state(
    events: &mut EventStream,
    server: &Server,
    what: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + RELOAD;
    let mut states = Vec::new();
    loop {
        if Instant::now() >= deadline {
            panic!(
                "no state where {what} within {RELOAD:?}; states seen: {states:#?}\n--- server log ---\n{}",
                server.log()
            );
        }
        let state = next_state(events, server, deadline);
        if done(&state) {
            return state;
        }
        states.push(state);
    }
}

#[test]
fn home_is_served_with_the_live_reload_script_and_nothing_is_written() {
    let (site, server) = serve();
    let home = http::must_get(server.port, "/");
    assert_eq!(home.status, 200, "GET /: {}", home.head());
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"), "GET /: {}", home.head());
    let body = home.text();
    assert_contains(&body, "<title>Preview Desk</title>");
    assert_contains(&body, &format!("{LIVE_SCRIPT}</body>"));
    let script = http::must_get(server.port, "/__gloss/live.js");
    assert_eq!(script.status, 200, "GET /__gloss/live.js: {}", script.head());
    assert!(script.header("content-type").is_some_and(|t| t.contains("javascript")), "{}", script.head());
    assert_contains(&script.text(), "/__gloss/events");
    for dir in [site.root.join("public"), site.temp().join("public")] {
        assert!(!dir.exists(), "serve wrote {}", dir.display());
    }
}

#[test]
fn edited_article_is_served_within_five_seconds() {
    let (site, server) = serve();
    wait_for_page(&server, ARTICLE_URL, "ORIGINAL-MARKER");
    edit(&site, &article_with("EDITED-MARKER"));
    wait_for_page(&server, ARTICLE_URL, "EDITED-MARKER");
    assert!(!site.root.join("public").exists(), "a rebuild wrote public/");
}

/// An edit that changes how an article is listed (its title) re-renders
/// the lists too, not only the article's page; a body-only edit need not.
#[test]
fn edited_title_reaches_the_home_page_and_the_claims_index() {
    let (site, server) = serve();
    wait_for_page(&server, "/", "The first note");
    let text = article_with("ORIGINAL-MARKER");
    let title_line = text.lines().find(|l| l.starts_with("title:")).expect("the fixture has a title").to_string();
    edit(&site, &text.replacen(&title_line, "title: RETITLED-MARKER", 1));
    wait_for_page(&server, "/", "RETITLED-MARKER");
    wait_for_page(&server, "/claims/", "RETITLED-MARKER");
}

#[test]
fn broken_edit_keeps_the_last_good_page_and_reports_where_then_recovers() {
    let (site, server) = serve();
    let mut events = EventStream::open(server.port, "/__gloss/events").expect("open the event stream");
    let first = next_state(&mut events, &server, Instant::now() + RELOAD);
    assert_eq!(first["error"], serde_json::Value::Null, "the fixture builds: {first}");

    let broken = article_with("BROKEN-MARKER cites [@nope].");
    let (line, col) = broken
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("@nope").map(|c| (i + 1, l[..c].chars().count() + 1)))
        .expect("the broken text has the citation");
    edit(&site, &broken);
    // Only the error of the finished write counts: a rebuild may have read
    // the file half-written.
    let state = wait_for_state(&mut events, &server, "the error names `nope`", |s| {
        s["error"].as_str().is_some_and(|e| e.contains("`nope`"))
    });
    let error = state["error"].as_str().unwrap_or_else(|| panic!("error is not a string: {state}"));
    let at = format!("{ARTICLE}:{line}:{col}");
    assert!(error.contains(&at), "the error should point at {at}:\n{error}");
    assert!(error.contains("unknown source `nope`"), "the error should say what is wrong:\n{error}");

    assert!(server.wait_for_log("unknown source `nope`", RELOAD), "the error is printed too:\n{}", server.log());
    let page = http::must_get(server.port, ARTICLE_URL);
    assert_eq!(page.status, 200, "the last good page is still served: {}", page.head());
    assert_contains(&page.text(), "ORIGINAL-MARKER");
    assert_not_contains(&page.text(), "BROKEN-MARKER");

    edit(&site, &article_with("FIXED-MARKER"));
    wait_for_state(&mut events, &server, "error is null again", |s| s["error"].is_null());
    wait_for_page(&server, ARTICLE_URL, "FIXED-MARKER");
}

#[test]
fn each_rebuild_raises_the_version_on_the_event_stream() {
    let (site, server) = serve();
    let mut events = EventStream::open(server.port, "/__gloss/events").expect("open the event stream");
    let first = next_state(&mut events, &server, Instant::now() + RELOAD);
    let v = first["version"].as_u64().unwrap_or_else(|| panic!("no numeric version in {first}"));
    edit(&site, &article_with("RELOAD-MARKER"));
    let next = wait_for_state(&mut events, &server, &format!("version > {v}"), |s| s["version"].as_u64() > Some(v));
    assert_eq!(next["error"], serde_json::Value::Null, "{next}");
}

/// An edit to a body tells the open pages which of them changed: the
/// article's page reloads, the home page (in another tab) need not.
#[test]
fn a_body_edit_names_the_pages_it_changed_on_the_event_stream() {
    let (site, server) = serve();
    let mut events = EventStream::open(server.port, "/__gloss/events").expect("open the event stream");
    let first = next_state(&mut events, &server, Instant::now() + RELOAD);
    assert_eq!(first["changed"], serde_json::Value::Null, "a whole build may have changed any page: {first}");
    let v = first["version"].as_u64().unwrap_or_else(|| panic!("no numeric version in {first}"));
    edit(&site, &article_with("A-BODY-EDIT"));
    let next = wait_for_state(&mut events, &server, &format!("version > {v}"), |s| s["version"].as_u64() > Some(v));
    let changed = next["changed"].as_array().unwrap_or_else(|| panic!("no list of changed pages: {next}"));
    assert!(changed.iter().any(|p| p == ARTICLE_URL), "{ARTICLE_URL} is not among {changed:?}");
    assert!(!changed.iter().any(|p| p == "/"), "the home page did not change: {changed:?}");
    let script = http::must_get(server.port, "/__gloss/live.js").text();
    assert_contains(&script, "mine().some((path) => state.changed.includes(path))");
}

#[test]
fn paths_that_climb_out_of_the_site_are_not_found() {
    let (_site, server) = serve();
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/notes/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
    ] {
        let r = http::must_get(server.port, path);
        assert_eq!(r.status, 404, "GET {path}: {}", r.head());
        assert!(!r.text().contains("root:"), "GET {path} served a system file:\n{}", r.text());
    }
}

#[test]
fn missing_page_is_answered_with_the_site_404_page() {
    let (_site, server) = serve();
    let built = Site::fixture("valid/serve").build().success().page("404.html");
    let r = http::must_get(server.port, "/no/such/page/");
    assert_eq!(r.status, 404, "{}", r.head());
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"), "{}", r.head());
    let expected = built.replacen("</body>", &format!("{LIVE_SCRIPT}</body>"), 1);
    assert_eq!(r.text(), expected, "the 404 body should be the built 404.html with the live-reload script");
}

/// 404.html links from the base URL's path (`/preview/`), right for the
/// published site; the preview serves the site at `/`, where those links
/// lead nowhere.
#[test]
fn links_of_the_404_page_work_in_the_preview() {
    let (_site, server) = serve();
    let body = http::must_get(server.port, "/no/such/page/").text();
    let mut broken = Vec::new();
    for href in link_values(&body) {
        if is_external(&href) || href.starts_with('#') || href.starts_with("/__gloss/") {
            continue;
        }
        let path = if href.starts_with('/') { href.clone() } else { format!("/no/such/page/{href}") };
        let status = http::get(server.port, &path).map(|r| r.status).unwrap_or(0);
        if status != 200 {
            broken.push(format!("{href} → {status}"));
        }
    }
    assert!(broken.is_empty(), "links of the served 404 page that do not work under serve:\n  {}", broken.join("\n  "));
}

#[test]
fn survives_many_connections_and_malformed_requests() {
    let (_site, mut server) = serve();
    let port = server.port;
    // A client that sends half a request and waits must not block others.
    let mut idle = http::connect(port).expect("connect");
    idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").expect("send half a request");

    let statuses: Vec<Result<u16, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..200)
            .map(|_| s.spawn(move || http::get(port, "/").map(|r| r.status).map_err(|e| e.to_string())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("the thread panicked".into()))).collect()
    });
    let failed: Vec<String> = statuses
        .iter()
        .enumerate()
        .filter(|(_, s)| *s != &Ok(200))
        .map(|(i, s)| format!("request {i}: {s:?}"))
        .collect();
    assert!(failed.is_empty(), "{} of 200 concurrent GET / did not get 200:\n  {}", failed.len(), failed.join("\n  "));

    let big_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(100 * 1024));
    // (what, the bytes, may it be answered like a normal request?)
    let malformed: [(&str, Vec<u8>, bool); 4] = [
        ("garbage bytes", b"\x00\xff\x13\x37 not http at all\r\n\r\n".to_vec(), false),
        ("no HTTP version", b"GET /\r\n\r\n".to_vec(), false),
        ("a 100 KB header", big_header.into_bytes(), true),
        ("a bad percent escape", b"GET /%zz%ff%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(), false),
    ];
    for (what, bytes, may_succeed) in &malformed {
        let Ok(mut stream) = http::connect(port) else { panic!("cannot connect after sending {what}") };
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("set a timeout");
        let _ = stream.write_all(bytes);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            *may_succeed || (!answer.starts_with("HTTP/1.1 200") && !answer.starts_with("HTTP/1.0 200")),
            "{what} was answered 200:\n{}",
            answer.chars().take(300).collect::<String>()
        );
    }
    drop(idle);
    assert!(server.exited().is_none(), "the server died\n--- log ---\n{}", server.log());
    let after = http::must_get(port, "/");
    assert_eq!(after.status, 200, "GET / after the malformed requests: {}", after.head());
}

/// `bind` in src/serve/mod.rs tries the next ten ports and says so.
#[test]
fn busy_port_moves_to_the_next_free_one_and_says_so() {
    let site = Site::fixture("valid/serve");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let busy = taken.local_addr().expect("its address").port();
    let mut server =
        Server::start(&site.root, &site.root, &["--port", &busy.to_string()]).unwrap_or_else(|e| panic!("{e}"));
    let log = server.log();
    assert!(
        (busy + 1..=busy.saturating_add(10)).contains(&server.port),
        "port {busy} is taken: expected one of the next ten, it serves on {}\n{log}",
        server.port
    );
    assert!(
        log.contains(&format!("Port {busy} is in use; using {} instead.", server.port)),
        "it should say the port moved:\n{log}"
    );
    assert_eq!(http::must_get(server.port, "/").status, 200);
    assert!(server.exited().is_none());
    drop(taken);
}
