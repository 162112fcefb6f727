//! Test support: copy a fixture site into a temporary folder, run the real
//! `gloss` binary on it, and read what it wrote.
//!
//! Every helper that can fail says what it saw: a missing page lists the
//! files that do exist, a missing piece of HTML prints the part of the page
//! nearest to it, a wrong diagnostic prints the whole of stderr.

#![allow(dead_code)] // not every test binary module uses every helper

pub mod diagnostics;
pub mod html;
pub mod http;
pub mod links;
pub mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

pub use diagnostics::{Diag, Expected};
pub use html::{assert_contains, assert_not_contains, select, select_one};

/// The `gloss` binary cargo built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_gloss");

/// What `index.html` holds in the "previous output" made by
/// [`Site::with_previous_output`].
pub const PREVIOUS_INDEX: &str = "<!DOCTYPE html><p>previous build</p>\n";
/// What `keep.txt` holds in the "previous output".
pub const PREVIOUS_KEEP: &str = "old";
/// The file that marks a folder as gloss's output, and what it holds.
/// A marker without the list of files a build wrote is an older gloss's
/// (the next build then writes a whole new output and swaps it in).
pub const MARKER: (&str, &str) =
    (".gloss-output", "This folder is the output of gloss: each `gloss build` updates it.\n");

/// Builds `site` over a previous output, expects exactly the one error
/// `expected`, and checks the previous output is untouched.
#[track_caller]
pub fn fails_with_site(site: Site, expected: Expected) -> Run {
    let run = site.with_previous_output().build().failure();
    run.assert_previous_output_untouched();
    run.expect_only_error(&expected);
    run
}

/// [`fails_with_site`] for the fixture `invalid/<fixture>`.
#[track_caller]
pub fn fails_with(fixture: &str, expected: Expected) -> Run {
    fails_with_site(Site::fixture(&format!("invalid/{fixture}")), expected)
}

/// `tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of a fixture site in a temporary folder, and the arguments to
/// build it with. The layout is `<temp>/site/` (the site root, also the
/// current folder of the command) and `<temp>/public/` (the output).
pub struct Site {
    temp: tempfile::TempDir,
    /// The name of the fixture, for messages.
    pub name: String,
    /// The site root.
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    args: Vec<String>,
}

impl Site {
    /// Copies `tests/fixtures/<name>` (e.g. `valid/citations`) into a fresh
    /// temporary folder. Nothing is ever built inside `tests/fixtures`.
    pub fn fixture(name: &str) -> Site {
        let src = fixtures_dir().join(name);
        assert!(src.is_dir(), "no fixture {name} (looked for {})", src.display());
        let temp = tempfile::Builder::new().prefix("gloss-it-").tempdir().expect("create a temporary folder");
        let root = temp.path().join("site");
        copy_tree(&src, &root);
        let out = temp.path().join("public");
        Site { temp, name: name.to_string(), root, out, args: Vec::new() }
    }

    /// Writes (or overwrites) a file of the site, creating its folders.
    pub fn write(self, rel: &str, bytes: impl AsRef<[u8]>) -> Site {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Reads a file of the site (as the fixture has it).
    pub fn read(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Adds a command-line argument (`--drafts`, `--base-url=…`).
    pub fn arg(mut self, arg: &str) -> Site {
        self.args.push(arg.to_string());
        self
    }

    /// Puts a "previous build" in the output folder: `keep.txt` and
    /// `index.html` with known contents, and gloss's marker (so gloss
    /// knows the folder for its own), to check that a failed build
    /// leaves it alone.
    pub fn with_previous_output(self) -> Site {
        std::fs::create_dir_all(&self.out).expect("create the output folder");
        std::fs::write(self.out.join(MARKER.0), MARKER.1).expect("write the marker");
        std::fs::write(self.out.join("keep.txt"), PREVIOUS_KEEP).expect("write keep.txt");
        std::fs::write(self.out.join("index.html"), PREVIOUS_INDEX).expect("write index.html");
        self
    }

    /// The temporary folder holding the site and its output.
    pub fn temp(&self) -> &Path {
        self.temp.path()
    }

    /// `gloss build --root <site> --output <temp>/public [args]`.
    pub fn build(self) -> Run {
        let mut args: Vec<String> = vec![
            "build".into(),
            "--root".into(),
            self.root.display().to_string(),
            "--output".into(),
            self.out.display().to_string(),
        ];
        args.extend(self.args.iter().cloned());
        self.run(&args)
    }

    /// [`Site::build`], failing the test if gloss takes longer than `limit`
    /// (a FIFO opened for reading or a symbolic-link loop would block it for
    /// ever); the process is killed then.
    pub fn build_within(self, limit: std::time::Duration) -> Run {
        let started = std::time::Instant::now();
        let mut child = process::ChildGuard(
            Command::new(BIN)
                .arg("build")
                .arg("--root")
                .arg(&self.root)
                .arg("--output")
                .arg(&self.out)
                .args(&self.args)
                .current_dir(&self.root)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start gloss"),
        );
        let status = loop {
            if let Some(status) = child.0.try_wait().expect("wait for gloss") {
                break status;
            }
            assert!(started.elapsed() < limit, "gloss build did not finish within {limit:?} on fixture {}", self.name);
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let read = |pipe: Option<&mut dyn std::io::Read>| {
            let mut text = String::new();
            pipe.map(|p| p.read_to_string(&mut text).expect("read a pipe"));
            text
        };
        let stdout = read(child.0.stdout.as_mut().map(|p| p as &mut dyn std::io::Read));
        let stderr = read(child.0.stderr.as_mut().map(|p| p as &mut dyn std::io::Read));
        Run { command: "gloss build".into(), status, stdout, stderr, site: self }
    }

    /// `gloss check --root <site> [args]`.
    pub fn check(self) -> Run {
        let mut args: Vec<String> = vec!["check".into(), "--root".into(), self.root.display().to_string()];
        args.extend(self.args.iter().cloned());
        self.run(&args)
    }

    /// Runs gloss with exactly these arguments, in the site's folder, with
    /// plain (uncoloured) diagnostics.
    pub fn run<S: AsRef<str>>(self, args: &[S]) -> Run {
        let args: Vec<String> = args.iter().map(|a| a.as_ref().to_string()).collect();
        let output = Command::new(BIN)
            .args(&args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .env_remove("GLOSS_TIMINGS")
            .output()
            .unwrap_or_else(|e| panic!("run {BIN}: {e}"));
        Run {
            command: format!("gloss {}", args.join(" ")),
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            site: self,
        }
    }
}

/// A finished run of gloss, owning the site it ran on.
pub struct Run {
    pub command: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub site: Site,
}

impl Run {
    /// Asserts the run succeeded (exit code 0).
    #[track_caller]
    pub fn success(self) -> Run {
        assert!(
            self.status.success(),
            "`{}` on fixture {} failed with {}\n--- stderr ---\n{}",
            self.command,
            self.site.name,
            self.status,
            self.stderr
        );
        self
    }

    /// Asserts the run failed with exit code 1 (problems in the site).
    #[track_caller]
    pub fn failure(self) -> Run {
        assert_eq!(
            self.status.code(),
            Some(1),
            "`{}` on fixture {}: expected exit code 1, got {}\n--- stderr ---\n{}",
            self.command,
            self.site.name,
            self.status,
            self.stderr
        );
        self
    }

    /// Asserts that a successful run printed no warning or error at all.
    #[track_caller]
    pub fn quiet(self) -> Run {
        let diags = self.diagnostics();
        assert!(
            diags.is_empty(),
            "`{}` on fixture {}: expected no diagnostics, got {}\n--- stderr ---\n{}",
            self.command,
            self.site.name,
            diags.len(),
            self.stderr
        );
        self
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.site.out
    }

    /// Does the output have this file? `rel` as for [`Run::page`].
    pub fn has(&self, rel: &str) -> bool {
        self.site.out.join(page_file(rel)).is_file()
    }

    /// The text of an output file. `rel` is a file (`index.html`,
    /// `theme/gloss.css`) or a page URL ending in `/` (`explainers/x/`),
    /// which means its `index.html`. Panics listing the output's files when
    /// it is missing.
    #[track_caller]
    pub fn page(&self, rel: &str) -> String {
        let path = self.site.out.join(page_file(rel));
        match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => panic!(
                "fixture {}: cannot read output file {} ({e})\nthe output folder {} holds:\n  {}\n--- stderr ---\n{}",
                self.site.name,
                page_file(rel),
                self.site.out.display(),
                self.files().join("\n  "),
                self.stderr
            ),
        }
    }

    /// Every file of the output, relative, sorted, with `/` separators.
    pub fn files(&self) -> Vec<String> {
        tree(&self.site.out).into_keys().collect()
    }

    /// The diagnostics printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        diagnostics::parse(&self.stderr)
    }

    /// The errors printed on stderr.
    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics().into_iter().filter(|d| d.severity == "error").collect()
    }

    /// The "N errors, M warnings" line.
    pub fn summary_line(&self) -> Option<&str> {
        self.stderr.lines().find(|l| {
            let mut words = l.split_whitespace();
            words.next().is_some_and(|n| n.parse::<usize>().is_ok())
                && words.next().is_some_and(|w| w.starts_with("error"))
        })
    }

    /// Asserts that the run reported exactly one error and that it is
    /// `expected`.
    #[track_caller]
    pub fn expect_only_error(&self, expected: &Expected) {
        let errors = self.errors();
        assert!(
            errors.len() == 1,
            "fixture {}: expected exactly 1 error, got {}\n--- expected ---\n{expected}\n--- stderr ---\n{}",
            self.site.name,
            errors.len(),
            self.stderr
        );
        expected.assert_matches(&errors[0], &self.stderr);
        let summary = self.summary_line().unwrap_or("(no summary line)");
        assert!(
            summary.starts_with("1 error,"),
            "fixture {}: the summary line should count 1 error, it says {summary:?}\n--- stderr ---\n{}",
            self.site.name,
            self.stderr
        );
    }

    /// Asserts that a failed build left the previous output exactly as
    /// [`Site::with_previous_output`] made it, and wrote nothing beside it.
    #[track_caller]
    pub fn assert_previous_output_untouched(&self) {
        let found = tree(&self.site.out);
        let expected: BTreeMap<String, Vec<u8>> = [
            (MARKER.0.to_string(), MARKER.1.as_bytes().to_vec()),
            ("index.html".to_string(), PREVIOUS_INDEX.as_bytes().to_vec()),
            ("keep.txt".to_string(), PREVIOUS_KEEP.as_bytes().to_vec()),
        ]
        .into();
        if found != expected {
            let shown: Vec<String> =
                found.iter().map(|(k, v)| format!("{k}: {:?}", String::from_utf8_lossy(v))).collect();
            panic!(
                "fixture {}: the failed build changed the previous output\nit should hold only its marker, index.html and keep.txt as they were; it holds:\n  {}\n--- stderr ---\n{}",
                self.site.name,
                shown.join("\n  "),
                self.stderr
            );
        }
        let mut beside: Vec<String> = std::fs::read_dir(self.site.temp())
            .expect("read the temporary folder")
            .map(|e| e.expect("read an entry").file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            ["public", "site"],
            "fixture {}: the failed build left something beside the output folder\n--- stderr ---\n{}",
            self.site.name,
            self.stderr
        );
    }
}

/// `explainers/x/` → `explainers/x/index.html`; a file stays as it is.
fn page_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() }
}

/// Every file under `dir` with its bytes, by relative `/` path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("read a folder entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under the base").to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("read a file"));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a fixture folder") {
        let entry = entry.expect("read a fixture entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a fixture file");
        }
    }
}

/// Converts LF line endings to CRLF.
pub fn to_crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// Copies the folder `from` and everything in it to `to` (created).
pub fn copy_dir(from: &Path, to: &Path) {
    copy_tree(from, to);
}
