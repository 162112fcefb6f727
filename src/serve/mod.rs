//! `gloss serve`: build the site into memory, serve it over HTTP, watch the
//! site's files and rebuild on change, and reload the open pages a change
//! touched. An edit to an article is served before the lists it changes.
//!
//! One thread owns the pipeline's [`Build`] and publishes each result as an
//! immutable [`Snapshot`] through a `tokio::sync::watch` channel; request
//! handlers only read the latest snapshot, and the live-reload stream
//! listens to the same channel. A failed rebuild keeps the last good files
//! and publishes the error, which the pages show as an overlay.
//!
//! Files are kept as shared bytes ([`Bytes`]), as the build made them: a
//! response hands out a reference to them, never a copy, so any number of
//! downloads of a large file cost the memory of one. An HTML page is sent
//! in three pieces, the live-reload script between two slices of it.
//!
//! The files of a snapshot are a persistent map ([`Files`]): the snapshot
//! after an edit shares every file the edit did not touch with the one
//! before, so making it costs what the edit changed, not a copy of the
//! whole site's index.

mod cards;
mod changes;
mod listen;
mod live;
mod watcher;

pub use changes::{Rebuild, classify};
pub use listen::{HEADER_TIMEOUT, MAX_CONNECTIONS};

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use crate::diagnostics::Diagnostics;
use crate::diagnostics::{self, Diagnostic};
use crate::output::MemorySink;
use crate::pipeline::{Build, Options, Timings};

/// What `gloss serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub load: Options,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// The site as served at one moment.
#[derive(Default)]
pub struct Snapshot {
    /// Counts rebuilds, so pages know when to reload.
    pub version: u64,
    /// Path (no leading `/`) → bytes, of the last good build.
    pub files: Files,
    /// The pages' share cards, drawn when asked for.
    pub cards: cards::Cards,
    /// The diagnostics of the last build, when it failed.
    pub error: Option<String>,
    /// The files whose bytes this version changed or removed (`None` when
    /// it may have changed any, a whole build, or for an error), so that
    /// only the open pages it changed reload.
    pub changed: Option<Vec<String>>,
    /// The path of the site's base URL (`/desk/`), also served from, so
    /// the links of the 404 page work in the preview.
    pub base_path: String,
}

/// Path (no leading `/`) → bytes: a map whose copies share their entries.
pub type Files = rpds::HashTrieMapSync<String, Bytes>;

/// Moves the files out of a memory sink into `files` (without copying
/// them), replacing those at the same paths; returns the paths of those
/// whose bytes changed (a claim page written again as it was is not).
fn drain(sink: MemorySink, files: &mut Files) -> Vec<String> {
    let mut changed = Vec::new();
    for (rel, bytes) in sink.files.into_inner().unwrap_or_default() {
        if files.get(&rel).is_some_and(|was| **was == *bytes) {
            continue;
        }
        changed.push(rel.clone());
        files.insert_mut(rel, Bytes::from(bytes));
    }
    changed
}

/// What a snapshot's files go over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Over {
    /// Nothing: a whole build.
    Nothing,
    /// The files of the last snapshot: an edit.
    Last,
}

/// Says how long what was done took since the save.
fn took(what: &str, started: Instant) {
    eprintln!("{what} in {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
}

fn failed(diags: &[Diagnostic]) -> Option<String> {
    diags.iter().any(Diagnostic::is_error).then(|| diagnostics::render_all(&mut diags.to_vec(), false))
}

/// Owns the build; turns file changes into new snapshots.
struct Builder {
    opts: Options,
    build: Option<Build>,
    tx: watch::Sender<Arc<Snapshot>>,
    painter: cards::Painter,
}

impl Builder {
    fn base_path(&self) -> String {
        self.build.as_ref().map_or("/".into(), |b| crate::urls::base_path(&b.config().base_url))
    }

    /// Rebuilds what `change` needs and publishes the result. An edit to
    /// articles is published in two steps when it changes what the lists
    /// show: the edited articles' pages first (served in milliseconds at
    /// any size), then the pages beyond articles it changed.
    fn rebuild(&mut self, change: &Rebuild) {
        let started = Instant::now();
        let before = self.tx.borrow().clone();
        let sink = MemorySink::default();
        let step = match (change, self.build.as_mut()) {
            (Rebuild::Nothing, _) => return,
            (Rebuild::Articles(paths), Some(build)) if before.error.is_none() => build.update_articles(paths, &sink),
            _ => None,
        };
        let (Some(lists_changed), Some(build)) = (step, self.build.as_mut()) else {
            let sink = MemorySink::default();
            let mut diags = Diagnostics::new();
            self.build = Build::start(&self.opts, &sink, &mut Timings::new(), &mut diags);
            let good = self.publish(sink, Vec::new(), &diags, Over::Nothing, &before);
            if let Some(build) = self.build.as_mut().filter(|_| good) {
                took("Rebuilt", started);
                // Once the site is served: what the next edit compares with.
                build.remember_pages();
            }
            return;
        };
        let mut diags = Diagnostics::new();
        build.problems(&mut diags);
        if !self.publish(sink, Vec::new(), &diags, Over::Last, &before) {
            return;
        }
        if !lists_changed {
            return took("Rebuilt", started);
        }
        took("Served the edited pages", started);
        let (sink, mut diags) = (MemorySink::default(), Diagnostics::new());
        let Some(build) = self.build.as_mut() else { return };
        let gone = build.update_lists(&sink, true, &mut diags).gone;
        // Should the lists fail, the site as it was before the edit is served.
        if self.publish(sink, gone, &diags, Over::Last, &before) {
            took("Rebuilt the lists", started);
        }
    }

    /// Publishes the files of `sink` (and without those `gone`) as the next
    /// snapshot, over the last one's files or over nothing, with the share
    /// cards the build made since. When `diags` has an error, the files of
    /// `last_good` stay served and the error shows over them. Returns
    /// whether the snapshot is good.
    fn publish(
        &mut self,
        sink: MemorySink,
        gone: Vec<String>,
        diags: &[Diagnostic],
        over: Over,
        last_good: &Snapshot,
    ) -> bool {
        let previous = self.tx.borrow().clone();
        let version = previous.version + 1;
        let made = self.build.as_ref().map(Build::take_cards).unwrap_or_default();
        let snapshot = match failed(diags) {
            Some(error) => {
                eprintln!("{error}");
                eprintln!("The site was not rebuilt; the last good version is still served.");
                let (files, cards) = (last_good.files.clone(), last_good.cards.after(Vec::new(), false));
                Snapshot { version, files, cards, error: Some(error), changed: None, base_path: self.base_path() }
            }
            None => {
                let whole = over == Over::Nothing;
                let mut files = if whole { Files::default() } else { previous.files.clone() };
                let mut changed = drain(sink, &mut files);
                for rel in gone {
                    files.remove_mut(&rel);
                    changed.push(rel);
                }
                let none = cards::Cards::none(self.painter.clone());
                let cards = if whole { &none } else { &previous.cards }.after(made, whole);
                let changed = (!whole).then_some(changed);
                Snapshot { version, files, cards, error: None, changed, base_path: self.base_path() }
            }
        };
        let good = snapshot.error.is_none();
        self.tx.send_replace(Arc::new(snapshot));
        good
    }
}

/// Starts the server and blocks until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<(), Diagnostic> {
    let root = std::path::absolute(&opts.load.root)
        .map_err(|e| Diagnostic::error(format!("cannot resolve {}: {e}", opts.load.root.display())))?;
    let load = Options { root: root.clone(), ..opts.load.clone() };
    let (tx, rx) = watch::channel(Arc::new(Snapshot::default()));
    let painter = cards::Painter::of(root.clone());
    let mut builder = Builder { opts: load, build: None, tx, painter };
    builder.rebuild(&Rebuild::Everything);

    let mut watcher = watcher::Watcher::start(&root)?;
    let watched_root = root.clone();
    std::thread::spawn(move || {
        while let Some(paths) = watcher.next() {
            builder.rebuild(&classify(&watched_root, &paths));
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let limits = listen::Limits::for_this_process();
        let listener = listen::bind(opts.bind, opts.port).await?;
        let addr = listener.local_addr().map_err(|e| Diagnostic::error(e.to_string()))?;
        let url = format!("http://{addr}/");
        eprintln!("Serving {} at {url} (Ctrl-C to stop)", root.display());
        if opts.open {
            if let Err(e) = opener::open(&url) {
                eprintln!("Could not open a browser: {e}");
            }
        }
        // Ctrl-C ends the server at once: an open page's live-reload
        // stream never ends by itself, so waiting for it would hang.
        tokio::select! {
            () = listen::serve_connections(listener, router(rx), limits) => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        Ok::<(), Diagnostic>(())
    })?;
    Ok(())
}

/// The HTTP routes: the live-reload stream and script, then the site.
pub fn router(rx: watch::Receiver<Arc<Snapshot>>) -> axum::Router {
    axum::Router::new()
        .route(live::EVENTS_PATH, axum::routing::get(events))
        .route(live::SCRIPT_PATH, axum::routing::get(script))
        .fallback(file)
        .with_state(rx)
}

async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], live::SCRIPT)
}

async fn events(
    State(rx): State<watch::Receiver<Arc<Snapshot>>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let stream = WatchStream::new(rx).map(|snap| {
        let changed = snap.changed.as_deref().map(|files| live::addresses(&snap.base_path, files));
        let data = serde_json::json!({ "version": snap.version, "error": snap.error, "changed": changed });
        Ok(Event::default().event("state").data(data.to_string()))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Maps a request path to a file of the site; `None` if it tries to
/// leave the site or names nothing.
pub fn lookup<'a>(snapshot: &'a Snapshot, path: &str) -> Lookup<'a> {
    let path = match path.strip_prefix(snapshot.base_path.trim_end_matches('/')) {
        Some(rest) if snapshot.base_path != "/" && (rest.is_empty() || rest.starts_with('/')) => rest,
        _ => path,
    };
    let decoded = percent_decode(path);
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Lookup::Missing,
            p if p.contains('\\') || p.contains('\0') => return Lookup::Missing,
            p => parts.push(p),
        }
    }
    let rel = parts.join("/");
    if let Some(bytes) = snapshot.files.get(&rel) {
        return Lookup::Found(rel, bytes);
    }
    if let Some(card) = snapshot.cards.get(&rel) {
        return Lookup::Card(rel, card);
    }
    let index = if rel.is_empty() { "index.html".to_string() } else { format!("{rel}/index.html") };
    match snapshot.files.get(&index) {
        Some(bytes) if rel.is_empty() || decoded.ends_with('/') => Lookup::Found(index, bytes),
        Some(_) => Lookup::Redirect(format!("/{rel}/")),
        None => Lookup::Missing,
    }
}

/// The answer to a request path.
pub enum Lookup<'a> {
    Found(String, &'a Bytes),
    /// A page's share card, to draw.
    Card(String, &'a crate::cards::Card),
    Redirect(String),
    Missing,
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

async fn file(State(rx): State<watch::Receiver<Arc<Snapshot>>>, uri: Uri) -> Response {
    let snapshot = rx.borrow().clone();
    match lookup(&snapshot, uri.path()) {
        Lookup::Found(rel, bytes) => respond(StatusCode::OK, &rel, bytes, snapshot.version),
        Lookup::Card(rel, card) => {
            let (painter, card) = (snapshot.cards.painter.clone(), card.clone());
            match tokio::task::spawn_blocking(move || painter.png(&card)).await {
                Ok(png) => respond(StatusCode::OK, &rel, &png, snapshot.version),
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        Lookup::Redirect(to) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::Missing => match snapshot.files.get("404.html") {
            Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes, snapshot.version),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

/// A file's response; the body shares the snapshot's bytes (an HTML page
/// with the live-reload script added, which knows the page's `version`).
fn respond(status: StatusCode, rel: &str, bytes: &Bytes, version: u64) -> Response {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let (body, length) = match mime.essence_str() {
        "text/html" => {
            let pieces = live::injected(bytes, version);
            let length = pieces.iter().map(Bytes::len).sum::<usize>();
            (Body::from_stream(tokio_stream::iter(pieces.map(Ok::<_, std::convert::Infallible>))), length)
        }
        _ => (Body::from(bytes.clone()), bytes.len()),
    };
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::CONTENT_LENGTH, length)
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let mut files = Files::default();
        for f in ["index.html", "a/index.html", "theme/gloss.css"] {
            files.insert_mut(f.to_string(), Bytes::from(f.as_bytes().to_vec()));
        }
        Snapshot { version: 1, files, error: None, base_path: "/desk/".into(), ..Snapshot::default() }
    }

    #[test]
    fn paths_map_to_files_and_never_climb() {
        let s = snapshot();
        assert!(matches!(lookup(&s, "/"), Lookup::Found(p, _) if p == "index.html"));
        assert!(matches!(lookup(&s, "/a/"), Lookup::Found(p, _) if p == "a/index.html"));
        assert!(matches!(lookup(&s, "/a"), Lookup::Redirect(p) if p == "/a/"));
        assert!(matches!(lookup(&s, "/theme/gloss.css"), Lookup::Found(..)));
        assert!(matches!(lookup(&s, "/../../etc/passwd"), Lookup::Missing));
        assert!(matches!(lookup(&s, "/a/%2e%2e/%2e%2e/etc/passwd"), Lookup::Missing));
        assert!(matches!(lookup(&s, "/nope"), Lookup::Missing));
        // The site is also served under its base URL's path.
        assert!(matches!(lookup(&s, "/desk/theme/gloss.css"), Lookup::Found(p, _) if p == "theme/gloss.css"));
        assert!(matches!(lookup(&s, "/desk/a/"), Lookup::Found(p, _) if p == "a/index.html"));
        assert!(matches!(lookup(&s, "/desk/a"), Lookup::Redirect(p) if p == "/a/"));
    }

    /// A builder of the site at `root`, which has built it once, and the
    /// snapshots it publishes.
    fn builder(root: &std::path::Path) -> (Builder, watch::Receiver<Arc<Snapshot>>) {
        let opts = Options { root: root.to_path_buf(), drafts: false, base_url: None, cards: crate::cards::Mode::Skip };
        let (tx, rx) = watch::channel(Arc::new(Snapshot::default()));
        let mut builder = Builder { opts, build: None, tx, painter: cards::Painter::default() };
        builder.rebuild(&Rebuild::Everything);
        (builder, rx)
    }

    /// A site folder with its site.yaml and an empty content/.
    fn site() -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(temp.path().join("content")).unwrap();
        std::fs::write(temp.path().join("site.yaml"), "title: T\n").unwrap();
        temp
    }

    #[test]
    fn an_edit_to_a_body_shares_every_other_file_with_the_snapshot_before() {
        let temp = site();
        let root = temp.path();
        let a = |words: &str| format!("---\ntitle: A\ndate: 2024-01-02\n---\n{words}\n");
        std::fs::write(root.join("content/a.md"), a("First words.")).unwrap();
        std::fs::write(root.join("content/b.md"), "---\ntitle: B\ndate: 2024-01-03\n---\nB's words.\n").unwrap();
        let (mut builder, rx) = builder(root);
        let before = rx.borrow().clone();
        std::fs::write(root.join("content/a.md"), a("Other words.")).unwrap();
        builder.rebuild(&Rebuild::Articles(vec![std::path::PathBuf::from("content/a.md")]));
        let after = rx.borrow().clone();

        assert_eq!((before.version, after.version, after.error.as_deref()), (1, 2, None));
        assert_eq!(
            (before.changed.as_deref(), after.changed.as_deref()),
            (None, Some(&["a/index.html".to_string()][..]))
        );
        let file = |s: &Snapshot, rel: &str| s.files.get(rel).unwrap_or_else(|| panic!("no {rel}")).clone();
        assert!(String::from_utf8_lossy(&file(&before, "a/index.html")).contains("First words."));
        assert!(String::from_utf8_lossy(&file(&after, "a/index.html")).contains("Other words."));
        assert_eq!(before.files.size(), after.files.size());
        for rel in ["b/index.html", "index.html", "claims.json"] {
            assert_eq!(file(&before, rel).as_ptr(), file(&after, rel).as_ptr(), "{rel} was copied or made again");
        }
    }

    #[test]
    fn an_edit_to_a_title_serves_the_article_first_then_the_lists() {
        let temp = site();
        let root = temp.path();
        let a = |title: &str| format!("---\ntitle: {title}\ndate: 2024-01-02\n---\nWords.\n");
        std::fs::write(root.join("content/a.md"), a("Old title")).unwrap();
        std::fs::write(root.join("content/b.md"), "---\ntitle: B\ndate: 2024-01-03\n---\nB's words.\n").unwrap();
        let (mut builder, rx) = builder(root);
        std::fs::write(root.join("content/a.md"), a("New title")).unwrap();
        builder.rebuild(&Rebuild::Articles(vec![std::path::PathBuf::from("content/a.md")]));
        let after = rx.borrow().clone();
        // Two snapshots: the article's page, then the lists that show it.
        assert_eq!((after.version, after.error.as_deref()), (3, None));
        let changed = after.changed.as_ref().expect("an edit names what it changed");
        assert!(changed.iter().any(|f| f == "index.html"), "{changed:?}");
        assert!(!changed.iter().any(|f| f == "a/index.html" || f == "b/index.html"), "{changed:?}");
        for rel in ["a/index.html", "index.html"] {
            let page = String::from_utf8_lossy(after.files.get(rel).unwrap()).into_owned();
            assert!(page.contains("New title") && !page.contains("Old title"), "{rel}: {page}");
        }
    }

    #[test]
    fn when_the_lists_fail_after_the_article_was_served_the_site_before_the_edit_is_served() {
        let temp = site();
        let root = temp.path();
        let list = std::fs::read_to_string("themes/default/templates/partials/article-list.html").unwrap();
        let boom = "{%- for a in articles %}{% if a.title == \"BOOM\" %}{{ nope.x }}{% endif %}";
        std::fs::create_dir_all(root.join("templates/partials")).unwrap();
        std::fs::write(
            root.join("templates/partials/article-list.html"),
            list.replace("{%- for a in articles %}", boom),
        )
        .unwrap();
        let a = |title: &str| format!("---\ntitle: {title}\ndate: 2024-01-02\n---\nWords.\n");
        std::fs::write(root.join("content/a.md"), a("Old title")).unwrap();
        let (mut builder, rx) = builder(root);
        std::fs::write(root.join("content/a.md"), a("BOOM")).unwrap();
        builder.rebuild(&Rebuild::Articles(vec![std::path::PathBuf::from("content/a.md")]));
        let after = rx.borrow().clone();
        assert_eq!(after.version, 3, "the article was served, then the lists failed");
        assert!(after.error.as_deref().is_some_and(|e| e.contains("nope")), "{:?}", after.error);
        let page = String::from_utf8_lossy(after.files.get("a/index.html").unwrap()).into_owned();
        assert!(page.contains("Old title") && !page.contains("BOOM"), "the page before the edit is served: {page}");
    }

    #[test]
    fn the_list_of_a_tag_no_article_has_any_more_is_no_longer_served() {
        let temp = site();
        let root = temp.path();
        let a = |tags: &str| format!("---\ntitle: A\ndate: 2024-01-02\ntags: [{tags}]\n---\nWords.\n");
        std::fs::write(root.join("content/a.md"), a("kept, dropped")).unwrap();
        let (mut builder, rx) = builder(root);
        assert!(rx.borrow().files.contains_key("tags/dropped/index.html"));
        std::fs::write(root.join("content/a.md"), a("kept")).unwrap();
        builder.rebuild(&Rebuild::Articles(vec![std::path::PathBuf::from("content/a.md")]));
        let after = rx.borrow().clone();
        assert_eq!((after.version, after.error.as_deref()), (3, None), "the article, then the lists");
        assert!(after.files.contains_key("tags/kept/index.html"));
        assert!(!after.files.contains_key("tags/dropped/index.html"), "the build has no such page any more");
        let changed = after.changed.as_ref().expect("an edit names what it changed");
        assert!(changed.iter().any(|f| f == "tags/dropped/index.html"), "a page that is gone reloads: {changed:?}");
    }
}
