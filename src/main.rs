//! The `gloss` binary: parse the command line, run, turn the outcome into
//! messages and an exit code (0 success, 1 problems in the site, 2 usage).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use gloss::build::{self, LoadOptions};
use gloss::cli::{Cli, Command};
use gloss::diagnostics::{self, Diagnostic};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => {
            let opts = LoadOptions {
                root,
                drafts,
                base_url,
            };
            match build::build(&opts, &output) {
                Ok(report) => {
                    print_diagnostics(report.warnings, false);
                    if std::env::var_os("GLOSS_TIMINGS").is_some() {
                        for (stage, d) in &report.timings {
                            eprintln!("  {stage:<24} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                        }
                    }
                    eprintln!(
                        "Built {} article{} ({} files) into {}",
                        report.articles,
                        if report.articles == 1 { "" } else { "s" },
                        report.files,
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(diags, true);
                    eprintln!("The build failed; the previous output was left as it was.");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            drafts,
            deny_warnings,
        } => {
            let diags = build::check(&LoadOptions {
                root,
                drafts,
                base_url: None,
            });
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            print_diagnostics(diags, true);
            if errors > 0 || (deny_warnings && warnings > 0) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Prints diagnostics to stderr, in colour on a terminal. With `summary`,
/// ends with the count line even when there is nothing to report.
fn print_diagnostics(mut diags: Vec<Diagnostic>, summary: bool) {
    if diags.is_empty() && !summary {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprintln!("{}", diagnostics::render_all(&mut diags, color));
}
