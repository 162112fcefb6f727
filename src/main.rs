//! The `gloss` binary: parse the command line, run, turn the outcome into
//! messages and an exit code (0 success, 1 problems in the site).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use gloss::build;
use gloss::cli::{Cli, Command, Format};
use gloss::diagnostics::{self, Diagnostic};
use gloss::pipeline::Options;
use gloss::{scaffold, serve};

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { root, output, force, drafts, base_url } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let opts = Options { root, drafts, base_url, cards: gloss::cards::Mode::Draw };
            match build::build(&opts, &output, force) {
                Ok(report) => {
                    print_diagnostics(report.warnings, false);
                    if std::env::var_os("GLOSS_TIMINGS").is_some() {
                        for stage in &report.timings.stages {
                            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                            let cpu = stage.cpu.map(|c| format!("  CPU {:>7.1} ms", ms(c))).unwrap_or_default();
                            let rss =
                                stage.peak_rss.map(|b| format!("  (peak RSS {} MiB)", b >> 20)).unwrap_or_default();
                            eprintln!("  {:<26} {:>7.1} ms{cpu}{rss}", stage.name, ms(stage.took));
                        }
                    }
                    let plural = if report.articles == 1 { "" } else { "s" };
                    eprintln!(
                        "Built {} article{plural} ({} files) into {}",
                        report.articles,
                        report.files,
                        report.output.display()
                    );
                    if report.cards_drawn + report.cards_kept > 0 {
                        eprintln!("Share cards: {} drawn, {} unchanged", report.cards_drawn, report.cards_kept);
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(diags, true);
                    eprintln!("The build failed; the previous output was left as it was.");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { root, port, bind, drafts, open } => {
            let opts = serve::ServeOptions {
                load: Options { root, drafts, base_url: None, cards: gloss::cards::Mode::Defer },
                bind,
                port,
                open,
            };
            finish(serve::serve(opts))
        }
        Command::Check { root, drafts, deny_warnings, format } => {
            let mut diags =
                gloss::check::check(&Options { root, drafts, base_url: None, cards: gloss::cards::Mode::Skip });
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            match format {
                Format::Text => print_diagnostics(diags, true),
                Format::Json => {
                    diags.sort_by_key(Diagnostic::sort_key);
                    println!("{}", diagnostics::to_json(&diags));
                }
            }
            if errors > 0 || (deny_warnings && warnings > 0) { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Command::Init { dir } => finish(scaffold::init(&dir, &scaffold::today()).map(|files| {
            for f in files {
                eprintln!("Created {}", f.display());
            }
            eprintln!("Next: cd {} && gloss serve", dir.display());
        })),
        Command::New { title, section, root } => {
            finish(scaffold::new_article(&root, &title, section.as_deref(), &scaffold::today()).map(|path| {
                eprintln!("Created {}", path.display());
            }))
        }
    }
}

/// Prints a command's one error, if any, and gives the exit code.
fn finish(result: Result<(), Diagnostic>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_diagnostics(vec![d], false);
            ExitCode::FAILURE
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
    if summary {
        eprintln!("{}", diagnostics::render_all(&mut diags, color));
    } else {
        diags.sort_by_key(Diagnostic::sort_key);
        for d in &diags {
            eprintln!("{}\n", d.render(color));
        }
    }
}

/// gloss allocates many small strings and values while rendering; mimalloc
/// serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
