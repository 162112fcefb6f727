//! `gloss init` and `gloss new`: a new site that builds at once, anywhere
//! (here in the system's temporary folder, far from this repository and
//! its `themes/`), and new articles that never overwrite anything.

use std::path::{Path, PathBuf};

use crate::support::process::gloss;
use crate::support::{assert_contains, select, tree};

/// A fresh folder under the system's temporary folder.
fn far_away() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("gloss-scaffold-")
        .tempdir_in(std::env::temp_dir())
        .expect("create a temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(!dir.path().starts_with(repo), "the temporary folder {} is inside the repository", dir.path().display());
    dir
}

/// `gloss init site` in a fresh temporary folder; returns the folder and
/// the new site's root.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let temp = far_away();
    gloss(temp.path(), &["init", "site"]).success();
    let root = temp.path().join("site");
    (temp, root)
}

/// The one article `init` wrote, relative to the site root.
#[track_caller]
fn example_article(root: &Path) -> String {
    let articles: Vec<String> =
        tree(root).into_keys().filter(|f| f.starts_with("content/") && f.ends_with(".md")).collect();
    assert_eq!(articles.len(), 1, "init should write one example article, it wrote {articles:?}");
    articles[0].clone()
}

/// The YAML front matter of a Markdown file.
#[track_caller]
fn front_matter(text: &str) -> serde_yaml::Value {
    let yaml = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map(|(y, _)| y);
    let yaml = yaml.unwrap_or_else(|| panic!("no front matter in:\n{text}"));
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("the front matter is not YAML ({e}):\n{yaml}"))
}

#[test]
fn init_writes_site_yaml_an_example_article_and_a_gitignore() {
    let (_temp, root) = init_site();
    let files: Vec<String> = tree(&root).into_keys().collect();
    let article = example_article(&root);
    assert_eq!(files, [".gitignore".to_string(), article.clone(), "site.yaml".into()], "the files init wrote");
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).expect("read .gitignore");
    assert!(
        gitignore.lines().any(|l| l.trim().trim_matches('/') == "public"),
        ".gitignore should ignore public/:\n{gitignore}"
    );
    assert!(
        gitignore.lines().any(|l| l.trim().trim_matches('/') == ".gloss-cache"),
        ".gitignore should ignore the card cache:\n{gitignore}"
    );

    let text = std::fs::read_to_string(root.join(&article)).expect("read the example article");
    let fm = front_matter(&text);
    let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
    assert!(fm["sources"].as_mapping().is_some_and(|m| !m.is_empty()), "the example defines a source:\n{text}");
    assert!(body.contains("{.claim #"), "the example marks a claim:\n{text}");
    assert!(body.contains("[@"), "the example cites a source:\n{text}");
    assert!(body.contains("[^"), "the example has a note:\n{text}");
}

#[test]
fn init_site_yaml_explains_every_key_with_a_comment() {
    let (_temp, root) = init_site();
    let text = std::fs::read_to_string(root.join("site.yaml")).expect("read site.yaml");
    let lines: Vec<&str> = text.lines().collect();
    let keys = [
        "title",
        "description",
        "base_url",
        "language",
        "theme",
        "publisher",
        "verdicts",
        "highlight_theme",
        "highlight_theme_dark",
        "paginate",
        "social_cards",
        "unsafe_html",
        "extra",
    ];
    let mut undocumented = Vec::new();
    for key in keys {
        // The key, set or shown commented out (`# theme: default  # …`).
        let Some(at) = lines.iter().position(|l| l.trim_start_matches(['#', ' ']).starts_with(&format!("{key}:")))
        else {
            undocumented.push(format!("{key} (missing)"));
            continue;
        };
        // Its comment: on its line, or above its group of keys.
        let inline = lines[at].trim_start().starts_with('#') || lines[at].contains(" # ");
        let above = lines[..at].iter().rev().find(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if !inline && !above.is_some_and(|l| l.trim_start().starts_with('#')) {
            undocumented.push(key.to_string());
        }
    }
    assert!(undocumented.is_empty(), "keys of site.yaml without a comment: {undocumented:?}\n---\n{text}");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("site.yaml is not YAML: {e}"));
    let verdicts = yaml["verdicts"].as_sequence().cloned().unwrap_or_default();
    assert!(verdicts.len() >= 2, "site.yaml should spell out the verdict scale:\n{text}");
    assert!(
        verdicts.iter().any(|v| v["rating"].is_i64()) && verdicts.iter().any(|v| v["rating"].is_null()),
        "the scale should show rated and unrated verdicts:\n{text}"
    );
}

#[test]
fn initialised_site_builds_and_its_example_has_a_claim_a_citation_and_a_note() {
    let (_temp, root) = init_site();
    let ran = gloss(&root, &["build"]).success();
    assert!(!ran.stderr.contains("warning"), "the example site has warnings:\n{}", ran.stderr);
    let article = example_article(&root);
    let slug = Path::new(&article).file_stem().and_then(|s| s.to_str()).expect("a file name").to_string();
    let page = root.join("public").join(&slug).join("index.html");
    let html =
        std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("read {}: {e}\n{}", page.display(), ran.stderr));
    for (hook, what) in [
        ("data-claim=", "a claim"),
        (r#"class="citation""#, "a citation"),
        ("data-footnote-ref", "a note"),
        ("data-source-entry=", "a source"),
    ] {
        assert!(!select(&html, hook).is_empty(), "the example page has no {what} ({hook})");
    }
    let card = select(&html, r#"property="og:image""#).first().and_then(|m| m.attr("content")).unwrap_or_default();
    let card = card.split_once("/cards/").map(|(_, c)| format!("cards/{c}")).unwrap_or_default();
    assert!(
        card.starts_with(&format!("cards/{slug}.")) && root.join("public").join(&card).is_file(),
        "the example article has no share card: {card:?}"
    );
    assert_contains(
        &std::fs::read_to_string(root.join("public/index.html")).expect("read the home page"),
        &format!("href=\"{slug}/\""),
    );
    gloss(&root, &["check", "--deny-warnings"]).success();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let temp = far_away();
    let dir = temp.path().join("busy");
    std::fs::create_dir_all(&dir).expect("create a folder");
    std::fs::write(dir.join("notes.txt"), "mine").expect("write a file");
    let before = tree(temp.path());
    let ran = gloss(temp.path(), &["init", "busy"]).failure();
    assert!(ran.stderr.contains("not empty"), "the error should say why:\n{}", ran.stderr);
    assert_eq!(tree(temp.path()), before, "a refused init changed files\n{}", ran.stderr);
}

/// Today in UTC, and the days either side (gloss uses local time).
fn around_today() -> [String; 3] {
    use jiff::ToSpan;
    let today = jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date();
    [today.checked_sub(1.day()), Ok(today), today.checked_add(1.day())]
        .map(|d| d.expect("a date near today").to_string())
}

#[test]
fn new_writes_a_draft_with_the_title_and_todays_date() {
    let (_temp, root) = init_site();
    let ran = gloss(&root, &["new", "What the Mayor Said", "--section", "checks"]).success();
    let path = root.join("content/checks/what-the-mayor-said.md");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}\n{}", path.display(), ran.stderr));
    let fm = front_matter(&text);
    assert_eq!(fm["title"].as_str(), Some("What the Mayor Said"), "title\n{text}");
    assert_eq!(fm["draft"].as_bool(), Some(true), "a new article is a draft\n{text}");
    let date = match &fm["date"] {
        serde_yaml::Value::String(s) => s.clone(),
        other => panic!("date should be YYYY-MM-DD, it is {other:?}\n{text}"),
    };
    let days = around_today();
    assert!(days.contains(&date), "date {date} should be today ({days:?} in UTC, one day either side)");
}

#[test]
fn new_article_builds_with_drafts() {
    let (_temp, root) = init_site();
    gloss(&root, &["new", "What the Mayor Said", "--section", "checks"]).success();
    let ran = gloss(&root, &["build", "--drafts"]);
    assert!(ran.status.success(), "a new article should build as it is written\n--- stderr ---\n{}", ran.stderr);
    assert!(
        root.join("public/checks/what-the-mayor-said/index.html").is_file(),
        "the draft page is missing\n{}",
        ran.stderr
    );
    let ran = gloss(&root, &["build"]).success();
    assert!(
        !root.join("public/checks/what-the-mayor-said").exists(),
        "the draft was published without --drafts\n{}",
        ran.stderr
    );
}

#[test]
fn new_never_overwrites_an_existing_article() {
    let (_temp, root) = init_site();
    gloss(&root, &["new", "What the Mayor Said", "--section", "checks"]).success();
    let path = root.join("content/checks/what-the-mayor-said.md");
    std::fs::write(&path, "---\ntitle: Edited by hand\n---\n\nMine.\n").expect("edit the article");
    let before = tree(&root);
    let ran = gloss(&root, &["new", "What the Mayor Said", "--section", "checks"]).failure();
    assert!(ran.stderr.contains("already exists"), "the error should say why:\n{}", ran.stderr);
    assert_eq!(tree(&root), before, "a refused `new` changed files\n{}", ran.stderr);
}
