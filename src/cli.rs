//! Command-line definitions and the commands they run. The binary parses arguments,
//! calls [`run`], and exits with the code it returns.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render::{self, Format, HumanOptions};
use crate::CheckOptions;

#[derive(Debug, Parser)]
#[command(
    name = "cclint",
    version,
    about = "Lint customer-centricity policy written as code (CCL)",
    args_conflicts_with_subcommands = true,
    after_help = "With no command, `cclint [PATH…]` runs `check`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint policy files (the default command).
    Check(CheckArgs),
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Files and directories to lint; directories are searched for `*.ccl`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What the process should exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// No error-level diagnostic.
    Clean = 0,
    /// At least one error-level diagnostic.
    Findings = 1,
    /// cclint could not do its job.
    Failure = 2,
}

/// Facts about the terminal the binary runs in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdout_is_terminal: bool,
    pub no_color: bool,
    pub width: Option<usize>,
}

/// Run a parsed command line, writing results to `out` and cclint's own errors to `err`.
pub fn run(cli: Cli, terminal: Terminal, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let args = match cli.command {
        Some(Command::Check(args)) => args,
        None => cli.check,
    };
    check(args, terminal, out, err)
}

fn check(args: CheckArgs, terminal: Terminal, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let options = CheckOptions { paths: args.paths };
    let report = match crate::check(&options) {
        Ok(report) => report,
        Err(error) => return fail(err, &error),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal.stdout_is_terminal && !terminal.no_color,
    };
    let human = HumanOptions {
        color,
        width: terminal.width.unwrap_or(100),
    };
    let text = render::render(&report, args.format, &human, false);
    if out
        .write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return Exit::Failure;
    }
    if report.has_errors() {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// Report one of cclint's own errors on `err` and return exit code 2.
fn fail(err: &mut dyn Write, error: &dyn miette::Diagnostic) -> Exit {
    let mut text = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    if handler.render_report(&mut text, error).is_err() {
        text = format!("error: {error}\n");
    }
    let _ = err.write_all(text.as_bytes());
    Exit::Failure
}
