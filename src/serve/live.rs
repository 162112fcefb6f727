//! Live reload: a small script injected into served HTML pages (never into
//! built output). It listens to the server's event stream, reloads the page
//! when a rebuild changed it (or may have: a whole build, or a version it
//! missed) and shows the build's errors over the page when one fails. A
//! writer with the home page open in one tab and an article in another
//! sees the home page reload only when an edit changed it.

use axum::body::Bytes;

/// Where the server publishes its state changes (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__gloss/events";
/// Where the script is served.
pub const SCRIPT_PATH: &str = "/__gloss/live.js";

pub const SCRIPT: &str = r#"(() => {
  "use strict";
  // The version of the site this page was served from, then of the last
  // state the stream told.
  const from = Number(document.currentScript?.dataset.version);
  let version = Number.isInteger(from) ? from : null;
  const show = (text) => {
    let box = document.getElementById("gloss-error-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "gloss-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#f5f5f5;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      const h = document.createElement("p");
      h.textContent = "gloss: the last edit broke the build. The page below is the last good version.";
      h.style.cssText = "font-weight:bold;color:#ff8a80;margin:0 0 1rem";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.append(h, pre);
      document.body.append(box);
    }
    box.querySelector("pre").textContent = text;
  };
  const hide = () => document.getElementById("gloss-error-overlay")?.remove();
  // The page's address and those of what it loaded (its stylesheet, the
  // claims its search fetched), decoded as the server names files.
  const mine = () => [location.pathname, ...performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname)]
    .map((path) => { try { return decodeURIComponent(path); } catch { return path; } });
  const connect = () => {
    const events = new EventSource("/__gloss/events");
    events.addEventListener("state", (e) => {
      const state = JSON.parse(e.data);
      if (state.error) {
        show(state.error);
      } else if (version !== null && state.version !== version && (!state.changed ||
          state.version !== version + 1 || mine().some((path) => state.changed.includes(path)))) {
        location.reload();
      } else {
        hide();
      }
      version = state.version;
    });
    events.onerror = () => { events.close(); setTimeout(connect, 1000); };
  };
  connect();
})();
"#;

/// The addresses at which the files `changed` (relative to the site) are
/// served under `base_path` (`/` or `/desk/`), as a page's
/// `location.pathname` reads once decoded: a folder's `index.html` also at
/// the folder.
pub fn addresses(base_path: &str, changed: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(changed.len() * 2);
    for rel in changed {
        for base in [base_path, "/"] {
            out.push(format!("{base}{rel}"));
            if let Some(folder) = rel.strip_suffix("index.html").filter(|f| f.is_empty() || f.ends_with('/')) {
                out.push(format!("{base}{folder}"));
                if folder.is_empty() && base != "/" {
                    out.push(base.trim_end_matches('/').to_string()); // `/desk` serves the home page too
                }
            }
            if base_path == "/" {
                break;
            }
        }
    }
    out
}

/// The element that loads the script from [`SCRIPT_PATH`] into a page
/// served from the site's `version`: a page that missed the rebuilds
/// between its version and the stream's first state reloads.
pub fn tag(version: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>")
}

/// An HTML page of the site's `version` with the live-reload script, before
/// its last `</body>` (at the end when it has none): three pieces, two of
/// which share the page's bytes, so serving a page copies none of it.
pub fn injected(html: &Bytes, version: u64) -> [Bytes; 3] {
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    [html.slice(..at), Bytes::from(tag(version)), html.slice(at..)]
}

#[cfg(test)]
mod tests {
    fn injected(html: &str) -> String {
        let pieces = super::injected(&super::Bytes::copy_from_slice(html.as_bytes()), 7);
        String::from_utf8(pieces.concat()).unwrap()
    }

    #[test]
    fn a_changed_file_is_named_at_every_address_it_is_served_at() {
        let changed = ["index.html".to_string(), "a/index.html".into(), "claims.json".into(), "notindex.html".into()];
        assert_eq!(
            super::addresses("/", &changed),
            ["/index.html", "/", "/a/index.html", "/a/", "/claims.json", "/notindex.html"]
        );
        // The site is served both under its base URL's path and at the root.
        assert_eq!(
            super::addresses("/desk/", &changed[1..2]),
            ["/desk/a/index.html", "/desk/a/", "/a/index.html", "/a/"]
        );
        // `/desk`, without its slash, serves the home page too.
        assert_eq!(
            super::addresses("/desk/", &changed[..1]),
            ["/desk/index.html", "/desk/", "/desk", "/index.html", "/"]
        );
    }

    #[test]
    fn script_goes_before_the_closing_body_with_the_version_of_the_page() {
        let tag = "<script src=\"/__gloss/live.js\" data-version=\"7\"></script>";
        let out = injected("<html><body><p>x</p></body></html>");
        assert_eq!(out, format!("<html><body><p>x</p>{tag}</body></html>"));
        assert_eq!(injected("<p>x"), format!("<p>x{tag}"));
    }
}
