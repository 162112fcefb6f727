//! gloss: annotated Markdown in, a static explainer site out.
//!
//! The modules read as the pipeline: `load` → `front_matter` → `markdown`
//! → `resolve` → `render` → `output`, sequenced by `build` alone. `check`
//! and `serve` call the same stages.

pub mod addresses;
pub mod build;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod escape;
pub mod feeds;
pub mod files;
pub mod front_matter;
pub mod highlight;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pages;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod url_safety;
pub mod writer_checks;
pub mod yaml;
pub mod yaml_markdown;
