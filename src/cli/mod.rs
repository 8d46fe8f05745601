//! The command line: clap definitions, and one module per command. The library knows
//! nothing of clap; this layer parses arguments, calls it, and maps results to exit codes.

mod catalog;
mod check;
mod fix;
mod fmt;
mod init;
mod picture;
mod report;
mod sheet;
mod shell;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use cclint::catalog::{Code, Selector};
use cclint::diagnostic::Level;
use cclint::render::Format;
use cclint::Settings;

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
    /// Rewrite `.ccl` files in the canonical layout; `-` formats standard input.
    Fmt(FmtArgs),
    /// Run the language server on standard input and output (for editors).
    Server {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Draw the customer map: departments, their products, and the roles they serve.
    Map(MapArgs),
    /// Grade the repository on the three tests of a customer-centred organisation.
    Scorecard(ScorecardArgs),
    /// Write one HTML file to share: the scorecard, the findings in plain words, the
    /// inventory, who serves whom, the accepted exceptions.
    Report(report::ReportArgs),
    /// Write the inventory as a spreadsheet: one row per product (or role), for people
    /// who work in LibreOffice, Excel or Google Sheets.
    Export(sheet::ExportArgs),
    /// Turn an inventory spreadsheet (CSV, XLSX, ODS) into CCL files, one per department.
    Import(sheet::ImportArgs),
    /// List every rule: code, name, family, default level and summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Explain a rule: what it does, why, a failing and a passing example, how to fix.
    Explain {
        /// A rule code (`CC301`, `ACME001`) or name (`broker-decides`).
        rule: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run the inline tests of the organisation's rules (`tests:` of `custom_rules`).
    Test {
        /// Fail every rule that has no invalid case.
        #[arg(long)]
        coverage: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write a starter cclint.yaml and policy.ccl that pass `cclint check`.
    Init {
        /// Where to write them (default: the current directory).
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script (e.g. `cclint completions bash > /etc/bash_completion.d/cclint`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `cclint man > cclint.1 && man ./cclint.1`).
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Files and directories to lint; directories are searched for `*.ccl`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub repo: RepoArgs,
    /// Make RULE (a code, name or family) an error (`-D warnings`: every warning).
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
    /// Make RULE (a code, name or family) a warning.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Turn RULE (a code, name or family) off (`-A warnings`: every warning).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Also show suppressed findings, marked as suppressed.
    #[arg(long)]
    pub show_suppressed: bool,
    /// With `-` as the path: lint standard input as the contents of PATH, within PATH's
    /// repository, and report only PATH's diagnostics (for editors).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Record the current findings in this baseline file. With a baseline in effect
    /// (`--baseline`, or `baseline:` in cclint.yaml) it is rewritten from itself: stale
    /// entries go, and nothing new is added.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Write the report to FILE (atomically) instead of standard output. With
    /// `--output-format`, FILE gets that format and standard output still gets `--format`.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// The format of `--output-file` (default: `--format`).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "output_file")]
    pub output_format: Option<FormatArg>,
    /// Exit 0 even when there are errors (still 2 when cclint cannot do its job).
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply safe fixes (to a fixed point), write the changed files, report what remains.
    /// With `--stdin-filename PATH -`, print the fixed buffer instead.
    #[arg(long, conflicts_with = "write_baseline")]
    pub fix: bool,
    /// With `--fix` or `--diff`: apply unsafe fixes too (they change what the policy says).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing (exit 1 if there are any).
    #[arg(long, conflicts_with_all = ["write_baseline", "output_file"])]
    pub diff: bool,
    /// With `--fix`: exit 1 when anything was fixed (for pre-commit).
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
}

#[derive(Debug, Args, Clone)]
pub struct FmtArgs {
    /// Files and directories to format (default `.`); `-` reads standard input and writes
    /// the formatted text to standard output.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print a unified diff of the changes and exit 1 if there are any.
    #[arg(long)]
    pub diff: bool,
    /// With `-`: the path the buffer stands for (its name in messages).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Where the configuration comes from (every command that reads a repository).
#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArgs {
    /// Use this configuration file instead of looking for cclint.yaml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any cclint.yaml.
    #[arg(long)]
    pub no_config: bool,
}

/// Where the configuration and the baseline come from (`check`, `map`, `scorecard`).
#[derive(Debug, Args, Clone, Default)]
pub struct RepoArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The baseline: `check` hides the findings it records (and reports new ones, and
    /// entries that no longer occur); `map` and `scorecard` count them as known findings.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Ignore the baseline named in cclint.yaml.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
}

impl RepoArgs {
    /// The loader's view of these options.
    pub fn sources(&self) -> cclint::load::Sources {
        cclint::load::Sources {
            config: self.config.config.clone(),
            no_config: self.config.no_config,
            baseline: self.baseline.clone(),
            no_baseline: self.no_baseline,
            baseline_may_be_missing: false,
        }
    }
}

/// `--format` of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
    Compact,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Compact => Format::Compact,
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct MapArgs {
    /// Files and directories (default `.`), found as `check` finds them.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: Mermaid (renders on GitHub), Graphviz DOT, or JSON.
    #[arg(long, value_enum, default_value_t = MapFormat::Mermaid)]
    pub format: MapFormat,
    /// Only what is within one link of this department, product or role (repeatable).
    #[arg(long, value_name = "NAME")]
    pub focus: Vec<String>,
    /// Draw retired products too (greyed).
    #[arg(long)]
    pub include_retired: bool,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapFormat {
    Mermaid,
    Dot,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct ScorecardArgs {
    /// Files and directories (default `.`), found as `check` finds them.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format; `markdown` is made for a CI job summary or a pull-request comment.
    #[arg(long, value_enum, default_value_t = ScorecardFormatArg::Human)]
    pub format: ScorecardFormatArg,
    /// Exit 1 when the grade is below GRADE (A best, then B, C, D, E, F).
    #[arg(long, value_name = "GRADE")]
    pub fail_under: Option<String>,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScorecardFormatArg {
    Human,
    Json,
    Markdown,
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

/// Run a parsed command line in `cwd` (relative paths are resolved against it, and
/// the paths shown are relative to it), writing results to `out` and cclint's own errors
/// to `err`.
pub fn run(
    cli: Cli,
    terminal: Terminal,
    cwd: &Path,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let result = match cli.command {
        Some(Command::Check(args)) => check::check(args, terminal, cwd, stdin, out, err),
        None => check::check(cli.check, terminal, cwd, stdin, out, err),
        Some(Command::Fmt(args)) => fmt::fmt(args, cwd, stdin, out, err),
        Some(Command::Rules { format, config }) => catalog::rules(format, &config, cwd, out),
        Some(Command::Explain { rule, config }) => catalog::explain(&rule, &config, cwd, out),
        Some(Command::Test { coverage, config }) => catalog::test(coverage, &config, cwd, out),
        Some(Command::Init { dir }) => {
            init::init(&cwd.join(dir.as_deref().unwrap_or(Path::new("."))), out)
        }
        Some(Command::Completions { shell }) => shell::completions(shell, out),
        Some(Command::Man) => shell::man(out),
        Some(Command::Map(args)) => picture::map(args, cwd, out),
        Some(Command::Scorecard(args)) => picture::scorecard(args, cwd, out),
        Some(Command::Report(args)) => report::report(args, cwd, out),
        Some(Command::Export(args)) => sheet::export(args, cwd, out, err),
        Some(Command::Import(args)) => sheet::import(args, cwd, out, err),
        // The protocol's exit codes: 0 after `shutdown` and `exit`, else 1.
        Some(Command::Server { config }) => Ok(
            match cclint::server::run_stdio(
                cwd,
                cclint::load::Sources {
                    // Relative to where the server was started, whatever the workspace.
                    config: config.config.map(|c| cwd.join(c)),
                    no_config: config.no_config,
                    ..Default::default()
                },
            ) {
                0 => Exit::Clean,
                _ => Exit::Findings,
            },
        ),
    };
    match result {
        Ok(exit) => exit,
        // The reader went away (`cclint … | head`): stop quietly, as ripgrep and ruff do.
        Err(error) if is_closed_pipe(&*error) => Exit::Clean,
        Err(error) => {
            let mut text = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            );
            if handler.render_report(&mut text, error.as_ref()).is_err() {
                text = format!("error: {error}\n");
            }
            let _ = err.write_all(text.as_bytes());
            Exit::Failure
        }
    }
}

pub(crate) type CommandResult = Result<Exit, Box<dyn miette::Diagnostic + Send + Sync>>;

pub(crate) fn boxed(
    e: impl miette::Diagnostic + Send + Sync + 'static,
) -> Box<dyn miette::Diagnostic + Send + Sync> {
    Box::new(e)
}

/// A usage problem reported like any other error (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
struct UsageError {
    message: String,
    #[help]
    help: Option<String>,
}

pub(crate) fn usage(
    message: String,
    help: Option<String>,
) -> Box<dyn miette::Diagnostic + Send + Sync> {
    Box::new(UsageError { message, help })
}

pub(crate) fn write(
    out: &mut dyn Write,
    text: &str,
) -> Result<(), Box<dyn miette::Diagnostic + Send + Sync>> {
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(output_error)
}

/// Standard output was closed by its reader.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("standard output was closed")]
struct ClosedPipe;

/// Why the output could not be written: a closed pipe, or a reason to report.
pub(crate) fn output_error(e: std::io::Error) -> Box<dyn miette::Diagnostic + Send + Sync> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Box::new(ClosedPipe)
    } else {
        usage(format!("cannot write the output: {e}"), None)
    }
}

fn is_closed_pipe(error: &(dyn miette::Diagnostic + Send + Sync + 'static)) -> bool {
    let error: &(dyn std::error::Error + 'static) = error;
    error.downcast_ref::<ClosedPipe>().is_some()
}

/// Resolve a rule or family named on the command line (not a core rule).
fn rule_arg(flag: &str, text: &str) -> Result<Selector, Box<dyn miette::Diagnostic + Send + Sync>> {
    let selector = Selector::parse(text).ok_or_else(|| {
        let help = Code::suggest(text)
            .map(|near| format!("did you mean `{near}`?"))
            .unwrap_or_else(|| "`cclint rules` lists every rule and family".to_string());
        usage(format!("unknown rule `{text}` in `{flag}`"), Some(help))
    })?;
    match selector {
        Selector::Rule(code) if code.is_core() => Err(usage(
            format!(
                "{} ({}) is a core rule; its level cannot be changed",
                code.as_str(),
                code.name()
            ),
            None,
        )),
        selector => Ok(selector),
    }
}

pub(crate) fn settings(
    args: &CheckArgs,
) -> Result<Settings, Box<dyn miette::Diagnostic + Send + Sync>> {
    let mut settings = Settings::default();
    // Weakest first, so that -D wins over -W over -A for the same rule; families before
    // single rules, so that `-D ownership -A CC202` leaves CC202 off.
    let flags: [(&str, &Vec<String>, Option<Level>); 3] = [
        ("-A", &args.allow, None),
        ("-W", &args.warn, Some(Level::Warning)),
        ("-D", &args.deny, Some(Level::Error)),
    ];
    let mut rules = Vec::new();
    for (flag, names, level) in flags {
        for name in names {
            if name == "warnings" {
                match flag {
                    "-D" => settings.deny_warnings = true,
                    "-A" => settings.allow_warnings = true,
                    _ => {}
                }
                continue;
            }
            match rule_arg(flag, name)? {
                Selector::Family(family) => {
                    settings.levels.extend(family.codes().map(|c| (c, level)))
                }
                Selector::Rule(code) => rules.push((code, level)),
            }
        }
    }
    settings.levels.extend(rules);
    Ok(settings)
}

/// The configuration and baseline for what `paths` names (relative to `cwd`): found from
/// the first path, as `sources` says.
pub(crate) fn load(
    sources: &cclint::load::Sources,
    paths: &[PathBuf],
    cwd: &Path,
) -> Result<cclint::load::Loaded, Box<dyn miette::Diagnostic + Send + Sync>> {
    let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
    cclint::load::load(cwd, first, sources).map_err(boxed)
}

#[cfg(test)]
mod tests;
