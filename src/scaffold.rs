//! `gloss init` and `gloss new`: starting points a writer can build at once.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

const SITE_YAML: &str = r#"# Settings of this gloss site. Every key is optional except `title`.

# The site's name, shown in every page's header and in the feed.
title: My Explainers

# One sentence about the site, for the home page, search engines and the feed.
description: Claims, checked.

# Where the site will be published. Used only where a URL must be absolute
# (feed, sitemap, canonical link, Open Graph and ClaimReview data); pages link
# to each other with relative URLs, so the output works anywhere.
base_url: https://example.org/

# The language of the articles (an HTML language tag).
language: en

# Who publishes the fact-checks: the `author` of the ClaimReview data.
publisher: { name: My Desk, url: https://example.org/ }

# The rating scale, best first. `rating` (a number, higher is better) makes a
# verdict a rating: its claims get schema.org ClaimReview data. A verdict
# without a rating (like "attributed") describes a claim without rating it.
# Delete this list to use the built-in scale, which is the same as this one.
verdicts:
  - { id: accurate,        label: Accurate,        rating: 5, description: The sources establish it. }
  - { id: mostly-accurate, label: Mostly accurate, rating: 4, description: "Right in substance, wrong or missing in detail." }
  - { id: misleading,      label: Misleading,      rating: 2, description: "Literally defensible, but gives a false impression." }
  - { id: "false",         label: "False",         rating: 1, description: The sources show it is not so. }
  - { id: unproven,        label: Unproven,        description: The available evidence neither confirms nor refutes it. }
  - { id: attributed,      label: Attributed,      description: "Someone said it; not independently confirmed." }

# Code colours: any syntect theme name (or a .tmTheme file), light and dark.
highlight_theme: InspiredGitHub
highlight_theme_dark: base16-ocean.dark

# Articles per page on the home page, section and tag pages.
paginate: 20

# A share card (a 1200 x 630 PNG: the verdict, the claim or headline, the site's
# name) for each article, shown when a page is shared (og:image). Cards are
# drawn once and kept in .gloss-cache/, drawn again only when their text changes.
social_cards: true

# Raw HTML written in Markdown is kept. Set to false to escape it, for sites
# that publish text from contributors.
unsafe_html: true

# theme: default      # a folder themes/NAME/ overriding the built-in theme
# extra: {}           # anything your templates want, as site.extra
"#;

const EXAMPLE_ARTICLE: &str = r#"---
title: How a city budget claim holds up
summary: The mayor said spending on parks doubled. Here is what the budget shows.
date: {DATE}
authors: [Desk Staff]
tags: [budget, city-hall]
sources:
  budget-2024:
    title: Adopted budget, fiscal year 2024
    publisher: City Finance Office
    url: https://example.org/budget-2024.pdf
    kind: document
  mayor-speech:
    title: State of the city address
    publisher: Office of the Mayor
    kind: official
claims:
  parks-doubled:
    claimant: The mayor
    verdict: misleading
    sources: [budget-2024]
    note: The parks line grew by 40 percent; it doubled only if a one-off land purchase is counted.
---

In her yearly address the mayor said that [spending on parks has doubled since
she took office]{.claim #parks-doubled}[@mayor-speech].

The adopted budget lists the parks department's spending line by line
[@budget-2024, p. 112]. The increase is real, but most of it is a single land
purchase.[^land]

[^land]: The purchase is recorded as a capital expense, not operating spending.
"#;

const GITIGNORE: &str = "# gloss output\n/public/\n# share cards drawn by earlier builds\n/.gloss-cache/\n";

/// Creates a new site in `dir`, which must be empty or not exist.
pub fn init(dir: &Path, today: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", dir.display())))?;
        if entries.next().is_some() {
            return Err(Diagnostic::error(format!("{} is not empty", dir.display()))
                .with_help("run `gloss init` with the name of a new or empty folder"));
        }
    }
    let files = [
        (PathBuf::from("site.yaml"), SITE_YAML.to_string()),
        (PathBuf::from("content/city-budget-parks.md"), EXAMPLE_ARTICLE.replace("{DATE}", today)),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
    ];
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
    }
    Ok(files.into_iter().map(|(p, _)| dir.join(p)).collect())
}

/// Creates `content/[SECTION/]SLUG.md` for a new article titled `title`.
pub fn new_article(root: &Path, title: &str, section: Option<&str>, today: &str) -> Result<PathBuf, Diagnostic> {
    let slug = crate::urls::slug(title);
    if slug.is_empty() {
        return Err(Diagnostic::error("the title has no letters or digits to make a file name from")
            .with_help("give the article a title such as \"What we know about the border claim\""));
    }
    let mut dir = root.join(crate::load::CONTENT_DIR);
    if let Some(section) = section {
        for part in section.split('/').filter(|p| !p.is_empty()) {
            let clean = crate::urls::slug(part);
            if clean.is_empty() {
                return Err(Diagnostic::error(format!("`{section}` is not a section name")));
            }
            dir.push(clean);
        }
    }
    let path = dir.join(format!("{slug}.md"));
    let yaml_title = serde_json::to_string(title).unwrap_or_default();
    let text = format!(
        r#"---
title: {yaml_title}
summary: ""
date: {today}
authors: []
tags: []
draft: true            # remove when ready to publish
sources: {{}}
# sources:
#   report-id:
#     title: Title of the report
#     publisher: Who published it
#     url: https://example.org/report
#     date: {today}
#     kind: news       # news | official | document | dataset | interview | other
claims: {{}}
# claims:
#   claim-id:
#     claimant: Who said it
#     verdict: attributed
#     sources: [report-id]
#     note: Why the desk rates it so.
---

Write the article here. Cite a source with `[@report-id]` right after what it
supports, and mark the words of a claim with `[the words]{{.claim #claim-id}}`
once the claim is described under `claims:`.
"#
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(format!("{} already exists", path.display()))
                .with_help("gloss never overwrites a file: choose another title or delete the old file")
        } else {
            Diagnostic::error(format!("cannot create {}: {e}", path.display()))
        }
    })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
}

/// Today's date in the local time zone, as YYYY-MM-DD.
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}
