//! The floor for `gloss build`: the least work any generator of this site
//! must do, done as fast as the same libraries allow. The benchmark
//! (`python3 benches/bench.py`) compares gloss with it.
//!
//!     cargo build --release --example floor
//!     target/release/examples/floor SITE_DIR OUT_DIR
//!
//! It reads every `.md` file under SITE_DIR/content in parallel (rayon),
//! splits off the YAML front matter and parses it with serde_yaml into a
//! `serde_yaml::Value`, renders the body with pulldown-cmark using the same
//! extensions as gloss, and writes OUT_DIR/<name>.html (the file's path under
//! content/, with `/` as `-`). No templates, no claims, citations or
//! highlighting, no listing pages.

use std::path::{Path, PathBuf};
use std::time::Instant;

use gloss::markdown::options;
use pulldown_cmark::{Parser, html};
use rayon::prelude::*;

/// Splits `---\n...\n---\n` front matter from the body.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return ("", text);
    };
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (&rest[..pos], &rest[pos + line.len()..]);
        }
        pos += line.len();
    }
    ("", text)
}

fn page(content: &Path, file: &Path, out: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let (front, body) = split(&text);
    let meta: serde_yaml::Value = serde_yaml::from_str(front).map_err(|e| format!("{}: {e}", file.display()))?;
    std::hint::black_box(&meta);
    let mut out_html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out_html, Parser::new_ext(body, options()));
    let rel = file.strip_prefix(content).unwrap_or(file).with_extension("");
    let name: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let dest = out.join(format!("{}.html", name.join("-")));
    std::fs::write(&dest, &out_html).map_err(|e| format!("{}: {e}", dest.display()))?;
    Ok(out_html.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor SITE_DIR OUT_DIR");
        std::process::exit(2);
    }
    let started = Instant::now();
    let content = Path::new(&args[1]).join("content");
    let out = PathBuf::from(&args[2]);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {e}", out.display());
        std::process::exit(1);
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let results: Vec<Result<usize, String>> = files.par_iter().map(|f| page(&content, f, &out)).collect();
    let mut bytes = 0;
    let mut failed = false;
    for r in results {
        match r {
            Ok(n) => bytes += n,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    eprintln!(
        "floor: {} pages, {:.1} MB of HTML in {:.1} ms",
        files.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1000.0
    );
    if failed {
        std::process::exit(1);
    }
}
