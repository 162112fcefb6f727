//! gloss's integration tests: one binary, one module per feature, each
//! building small fixture sites from `tests/fixtures/{valid,invalid}/` with
//! the real `gloss` binary and checking the HTML or the diagnostics.
//!
//! Run with `cargo test --test it`. Snapshots live in `tests/it/snapshots/`;
//! after an intended change to the markup, regenerate them with
//! `INSTA_UPDATE=always cargo test --test it snapshots` and review the diff.

mod support;

mod addresses;
mod cards;
mod check;
mod check_warnings;
mod citations;
mod claim_format;
mod claim_pages;
mod claims;
mod encoding;
mod errors;
mod fields;
mod images;
mod jsonld;
mod markdown;
mod output;
mod outside;
mod pages;
mod safety;
mod scaffold;
mod serve;
mod serve_load;
mod serve_watch;
mod site;
mod snapshots;
mod urls;
mod writer_mistakes;
mod yaml;
