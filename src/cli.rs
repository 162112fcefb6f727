//! The command line, parsed by clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "gloss",
    version,
    about = "Build annotated explainer sites: claims, verdicts and sources."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site's folder (the one with content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site, relative to the current folder.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The absolute URL the site is published at (overrides site.yaml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check the site for errors and warnings without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings as well as errors (for CI).
        #[arg(long)]
        deny_warnings: bool,
    },
}
