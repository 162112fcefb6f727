//! The command line, parsed by clap.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "gloss", version, about = "Build annotated explainer sites: claims, verdicts and sources.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages for people, like a compiler's.
    Text,
    /// One JSON array of diagnostics, for editors and tools.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site's folder (the one with content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site, relative to the current folder
        /// [default: public/ in the site's folder].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output folder even if gloss did not make it
        /// (never the site, its source folders, a Git repository or the
        /// home folder).
        #[arg(long)]
        force: bool,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The absolute URL the site is published at (overrides site.yaml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Preview the site: build it in memory, serve it and rebuild on change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (the next free one if it is taken).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the site for errors, warnings and broken links; write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings as well as errors (for CI).
        #[arg(long)]
        deny_warnings: bool,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create a new site in DIR (which must be empty or not exist).
    Init {
        /// The folder for the new site.
        dir: PathBuf,
    },
    /// Create a new article from its title.
    New {
        /// The article's title.
        title: String,
        /// A section (folder of content/) to put it in.
        #[arg(long)]
        section: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
