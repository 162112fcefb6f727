//! gloss: annotated Markdown in, a static explainer site out.
//!
//! `pipeline` sequences the stages, which are sibling modules:
//! `load` → `front_matter` → `markdown` → `resolve` → `site` → `render` →
//! `output`. The commands `build`, `check` and `serve` run the pipeline;
//! `model` is the plain data that flows between the stages.
//! `docs/architecture.md` says where each rule lives.

pub mod addresses;
pub mod build;
pub mod cards;
pub mod check;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod escape;
pub mod files;
pub mod front_matter;
pub mod highlight;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod url_safety;
pub mod urls;
pub mod writer_checks;
pub mod yaml;
pub mod yaml_markdown;
