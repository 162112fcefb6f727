//! site.yaml: read into a raw struct by serde, then validated into a
//! [`Config`] the rest of gloss can trust. Every key has a default, so a site
//! without site.yaml builds.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::url_safety;
use crate::yaml::{self, Target, Text};

pub const FILE: &str = "site.yaml";

/// One step of the rating scale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    pub id: String,
    pub label: String,
    /// Higher is better; `None` means "not a rating" (no ClaimReview).
    pub rating: Option<i64>,
    pub description: String,
}

/// The verdict scale, best first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Verdicts(pub Vec<Arc<Verdict>>);

impl Verdicts {
    /// The verdict with this id, shared (every claim with it points here).
    pub fn get(&self, id: &str) -> Option<&Arc<Verdict>> {
        self.0.iter().find(|v| v.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|v| v.id.as_str())
    }

    /// Best and worst rating of the scale, for ClaimReview.
    pub fn rating_bounds(&self) -> Option<(i64, i64)> {
        let ratings = self.0.iter().filter_map(|v| v.rating);
        Some((ratings.clone().max()?, ratings.min()?))
    }

    /// The scale used when site.yaml has no `verdicts`.
    pub fn default_scale() -> Self {
        let v = |id: &str, label: &str, rating: Option<i64>, description: &str| {
            Arc::new(Verdict { id: id.into(), label: label.into(), rating, description: description.into() })
        };
        Verdicts(vec![
            v("accurate", "Accurate", Some(5), "The sources establish it."),
            v("mostly-accurate", "Mostly accurate", Some(4), "Right in substance, wrong or missing in detail."),
            v("misleading", "Misleading", Some(2), "Literally defensible, but gives a false impression."),
            v("false", "False", Some(1), "The sources show it is not so."),
            v("unproven", "Unproven", None, "The available evidence neither confirms nor refutes it."),
            v("attributed", "Attributed", None, "Someone said it; not independently confirmed."),
        ])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Publisher {
    pub name: String,
    pub url: String,
}

/// The validated site configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL ending in `/`, or empty when unknown.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub publisher: Option<Publisher>,
    pub verdicts: Verdicts,
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
    /// Keep raw HTML written in Markdown (true) or escape it.
    pub unsafe_html: bool,
    /// Articles per page on the home page.
    pub paginate: usize,
    /// Draw a share card (PNG) for each article's page ([`crate::cards`]).
    pub social_cards: bool,
    pub extra: serde_json::Value,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Explainers".into(),
            description: String::new(),
            base_url: String::new(),
            language: "en".into(),
            theme: "default".into(),
            publisher: None,
            verdicts: Verdicts::default_scale(),
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            unsafe_html: true,
            paginate: 20,
            social_cards: false,
            extra: serde_json::Value::Object(Default::default()),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<Text>,
    description: Option<Text>,
    base_url: Option<Text>,
    language: Option<Text>,
    theme: Option<Text>,
    publisher: Option<RawPublisher>,
    verdicts: Option<Vec<RawVerdict>>,
    highlight_theme: Option<Text>,
    highlight_theme_dark: Option<Text>,
    unsafe_html: Option<bool>,
    paginate: Option<usize>,
    social_cards: Option<bool>,
    extra: Option<serde_yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    name: Text,
    url: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerdict {
    id: Text,
    label: Option<Text>,
    rating: Option<i64>,
    description: Option<Text>,
}

/// Reads `site.yaml` under `root` (if present) and validates it, pushing
/// every problem found; `None` when there is one.
pub fn load(root: &Path, base_url_override: Option<&str>, diags: &mut Diagnostics) -> Option<Config> {
    let file = Path::new(FILE);
    let mut config = match root.join(FILE).symlink_metadata() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        _ => {
            // site.yaml too must be a regular file of the site.
            let bytes = crate::files::inside(root, file).and_then(|()| crate::files::read(root, file));
            let text = bytes.and_then(|b| crate::load::decode(b).map_err(|d| d.in_file(FILE)));
            let text = text.map_err(|d| diags.push(d)).ok()?;
            let config = parse(&text, diags)?;
            if !check_paths(root, &text, &config, diags) {
                return None;
            }
            config
        }
    };
    if let Some(url) = base_url_override {
        match normalize_base_url(url) {
            Ok(url) => config.base_url = url,
            Err(m) => {
                diags.push(Diagnostic::error(format!("--base-url: {m}")));
                return None;
            }
        }
    }
    Some(config)
}

/// Places `d` in site.yaml at the value of the top-level `key`. The file is
/// read again: only messages found after loading (an unknown theme) need it.
pub fn at_key(root: &Path, key: &str, d: Diagnostic) -> Diagnostic {
    let d = d.in_file(FILE);
    let text = std::fs::read(root.join(FILE)).ok().and_then(|b| crate::load::decode(b).ok());
    match text.as_deref().and_then(|t| yaml::locate(t, &[key], Target::Value).map(|p| (t, p))) {
        Some((t, p)) => d.at_line_col(t, p.line, p.column, p.width),
        None => d,
    }
}

/// Refuses, at its place in site.yaml, a `theme` that is not a folder of
/// themes/ and a `.tmTheme` path of `highlight_theme(_dark)` that leads
/// outside the site or to something that is not a regular file (a FIFO
/// would block the build forever): gloss reads nothing from outside the site.
/// Whether all is well.
fn check_paths(root: &Path, text: &str, config: &Config, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    let at = |d: Diagnostic, key: &str| match yaml::locate(text, &[key], Target::Value) {
        Some(p) => d.in_file(FILE).at_line_col(text, p.line, p.column, p.width),
        None => d.in_file(FILE),
    };
    if !valid_theme_name(&config.theme) {
        let d = Diagnostic::error(format!(
            "`{}` cannot be a theme: a theme is a folder of themes/ in the site",
            config.theme
        ))
        .with_help("name a folder of themes/, e.g. `theme: NAME` for themes/NAME/");
        diags.push(at(d, "theme"));
        ok = false;
    }
    for (key, value) in
        [("highlight_theme", &config.highlight_theme), ("highlight_theme_dark", &config.highlight_theme_dark)]
    {
        let path = Path::new(value.as_str());
        if !value.ends_with(".tmTheme") || !root.join(path).exists() {
            continue; // a bundled name, or a missing file the highlighter reports
        }
        if let Err(d) = crate::files::inside(root, path).and_then(|()| crate::files::regular(root, path)) {
            diags.push(at(Diagnostic { path: None, ..d }, key));
            ok = false;
        }
    }
    ok
}

/// A theme is a folder of themes/: a relative path that cannot climb out.
fn valid_theme_name(name: &str) -> bool {
    !name.is_empty() && Path::new(name).components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Parses and validates the text of a site.yaml, pushing every problem
/// found; `None` when there is one.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error("site.yaml is empty")
                .in_file(FILE)
                .with_help("give the site at least a `title:`, or delete site.yaml to use the defaults"),
        );
        return None;
    }
    let mut raw: RawConfig =
        yaml::from_str(text).map_err(|e| diags.push(yaml::diagnostic(text, 1, &e).in_file(FILE))).ok()?;
    let at = |path: &[&str], target: Target, message: String, help: &str| {
        let mut d = Diagnostic::error(message).in_file(FILE).with_help(help);
        if let Some(p) = yaml::locate(text, path, target) {
            d = d.at_line_col(text, p.line, p.column, p.width);
        }
        d
    };
    let mut errors = refused_urls(&raw, &at);
    let Some(title) = raw.title.as_ref().map(|t| t.0.clone()).filter(|t| !t.trim().is_empty()) else {
        // Only this one: without a title there is no site to say more about.
        diags.push(
            Diagnostic::error("site.yaml has no `title`")
                .in_file(FILE)
                .at_line_col(text, 1, 1, 1)
                .with_help("add a line such as `title: Border Explainers`"),
        );
        return None;
    };
    let base_url = match &raw.base_url {
        Some(url) => normalize_base_url(url.as_str()).unwrap_or_else(|m| {
            errors.push(at(
                &["base_url"],
                Target::Value,
                m,
                "write a full URL such as `https://example.org/explainers/`",
            ));
            String::new()
        }),
        None => String::new(),
    };
    let verdicts = raw.verdicts.take().map(|list| verdicts(list, &at, &mut errors));
    let paginate = raw.paginate.unwrap_or(Config::default().paginate);
    if paginate == 0 {
        errors.push(at(
            &["paginate"],
            Target::Value,
            "`paginate` must be at least 1".into(),
            "it is the number of articles per page",
        ));
    }
    let failed = !errors.is_empty();
    diags.extend(errors);
    (!failed).then(|| raw.into_config(title, base_url, verdicts, paginate))
}

impl RawConfig {
    /// The validated parts and the defaults for what is not given.
    fn into_config(self, title: String, base_url: String, verdicts: Option<Verdicts>, paginate: usize) -> Config {
        let defaults = Config::default();
        Config {
            title,
            description: self.description.map(|t| t.0).unwrap_or_default(),
            base_url,
            language: self.language.map(|t| t.0).unwrap_or(defaults.language),
            theme: self.theme.map(|t| t.0).unwrap_or(defaults.theme),
            publisher: self
                .publisher
                .map(|p| Publisher { name: p.name.0, url: p.url.map(|u| u.0).unwrap_or_default() }),
            verdicts: verdicts.unwrap_or(defaults.verdicts),
            highlight_theme: self.highlight_theme.map(|t| t.0).unwrap_or(defaults.highlight_theme),
            highlight_theme_dark: self.highlight_theme_dark.map(|t| t.0).unwrap_or(defaults.highlight_theme_dark),
            unsafe_html: self.unsafe_html.unwrap_or(defaults.unsafe_html),
            paginate,
            social_cards: self.social_cards.unwrap_or(defaults.social_cards),
            extra: match self.extra {
                Some(v) => serde_json::to_value(v).unwrap_or_default(),
                None => defaults.extra,
            },
        }
    }
}

/// The site's own verdict scale: ids that are words, each once.
fn verdicts(list: Vec<RawVerdict>, at: &At, errors: &mut Vec<Diagnostic>) -> Verdicts {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let index = i.to_string();
        if v.id.0.trim().is_empty() || !v.id.0.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            errors.push(at(
                &["verdicts", &index, "id"],
                Target::Value,
                format!("verdict id `{}` must be letters, digits, `-` or `_`", v.id),
                "ids name the verdict in front matter, e.g. `mostly-accurate`",
            ));
        }
        if !seen.insert(v.id.0.clone()) {
            errors.push(at(
                &["verdicts", &index, "id"],
                Target::Value,
                format!("verdict `{}` is defined twice", v.id),
                "each verdict id appears once in the scale",
            ));
        }
        let label = v.label.map(|l| l.0).unwrap_or_else(|| title_case(&v.id.0));
        let description = v.description.map(|d| d.0).unwrap_or_default();
        out.push(Arc::new(Verdict { id: v.id.0, label, rating: v.rating, description }));
    }
    Verdicts(out)
}

/// Makes an error at a path of site.yaml: path, target, message, help.
type At<'a> = dyn Fn(&[&str], Target, String, &str) -> Diagnostic + 'a;

/// What the URL rule ([`url_safety`]) refuses in site.yaml: `publisher.url`
/// and the URLs of `extra` (`base_url` must be http or https anyway).
fn refused_urls(raw: &RawConfig, at: &At) -> Vec<Diagnostic> {
    let publisher = raw.publisher.as_ref().and_then(|p| p.url.as_ref());
    let publisher = publisher.and_then(|url| url_safety::check(url.as_str(), url_safety::Use::Link).err());
    let publisher = publisher.map(|r| (vec!["publisher".to_string(), "url".to_string()], r));
    let extra = raw.extra.as_ref().map(url_safety::in_extra).unwrap_or_default().into_iter().map(|(mut path, r)| {
        path.insert(0, "extra".into());
        (path, r)
    });
    publisher
        .into_iter()
        .chain(extra)
        .map(|(path, r)| at(&path.iter().map(String::as_str).collect::<Vec<_>>(), Target::Value, r.message, r.help))
        .collect()
}

/// Checks a base URL and gives it exactly one trailing slash.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !url.contains(char::is_whitespace) => {
            Ok(format!("{}/", url.trim_end_matches('/')))
        }
        _ => Err(format!("`{url}` is not an absolute http(s) URL")),
    }
}

/// A verdict's label from its id: `mostly-accurate` → `Mostly accurate`.
fn title_case(id: &str) -> String {
    let spaced = id.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_ids_like_false_and_no_stay_strings() {
        let c = parse(
            "title: T\nverdicts:\n  - { id: false, label: no }\n  - { id: 2024, rating: 3 }\n",
            &mut Diagnostics::new(),
        )
        .unwrap();
        assert_eq!(c.verdicts.0[0].id, "false");
        assert_eq!(c.verdicts.0[0].label, "no");
        assert_eq!(c.verdicts.0[1].label, "2024");
        assert_eq!(c.verdicts.rating_bounds(), Some((3, 3)));
    }

    #[test]
    fn misspelt_key_is_located_with_a_suggestion() {
        let mut err = Diagnostics::new();
        assert!(parse("title: T\ntitel: x\n", &mut err).is_none());
        let d = &err[0];
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column, l.width)), Some((2, 1, 5)));
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(normalize_base_url("https://a.org/x//").unwrap(), "https://a.org/x/");
        assert!(normalize_base_url("example.org").is_err());
        assert!(parse("title: T\nbase_url: ftp://x\n", &mut Diagnostics::new()).is_none());
    }

    #[test]
    fn social_cards_are_off_unless_asked_for() {
        assert!(!parse("title: T\n", &mut Diagnostics::new()).unwrap().social_cards);
        assert!(parse("title: T\nsocial_cards: true\n", &mut Diagnostics::new()).unwrap().social_cards);
        let mut err = Diagnostics::new();
        assert!(parse("title: T\nsocial_card: true\n", &mut err).is_none());
        assert_eq!(err[0].help.as_deref(), Some("did you mean `social_cards`?"));
        assert!(parse("title: T\nsocial_cards: yes please\n", &mut Diagnostics::new()).is_none());
    }
}
