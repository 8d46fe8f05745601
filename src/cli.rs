//! Command-line definitions and the commands they run. The binary parses arguments,
//! calls [`run`], and exits with the code it returns.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::catalog::{self, Code, Selector};
use crate::config::{self, Config};
use crate::diagnostic::Level;
use crate::render::{self, Format, HumanOptions};
use crate::{CheckOptions, Settings};

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
    /// List every rule: code, name, family, default level and summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Explain a rule: what it does, why, a failing and a passing example, how to fix.
    Explain {
        /// A rule code (`CC301`) or name (`broker-decides`).
        rule: String,
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
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Make RULE (a code, name or family) an error (`-D warnings`: every warning).
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
    /// Make RULE (a code, name or family) a warning.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Turn RULE (a code, name or family) off (`-A warnings`: every warning).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Use this configuration file instead of looking for cclint.yaml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any cclint.yaml.
    #[arg(long)]
    pub no_config: bool,
    /// Also show suppressed findings, marked as suppressed.
    #[arg(long)]
    pub show_suppressed: bool,
    /// With `-` as the path: lint standard input as the contents of PATH, within PATH's
    /// repository, and report only PATH's diagnostics (for editors).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Hide the findings recorded in this baseline; report new ones, and entries that no
    /// longer occur.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file. With a baseline in effect
    /// (`--baseline`, or `baseline:` in cclint.yaml) it is rewritten from itself: stale
    /// entries go, and nothing new is added.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Ignore the baseline named in cclint.yaml.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
    /// Write the report to FILE (atomically) instead of standard output. With
    /// `--output-format`, FILE gets that format and standard output still gets `--format`.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// The format of `--output-file` (default: `--format`).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "output_file")]
    pub output_format: Option<Format>,
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
    /// Use this configuration file (for `exclude`) instead of looking for cclint.yaml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any cclint.yaml.
    #[arg(long)]
    pub no_config: bool,
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
pub fn run(
    cli: Cli,
    terminal: Terminal,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let result = match cli.command {
        Some(Command::Check(args)) => check(args, terminal, stdin, out, err),
        None => check(cli.check, terminal, stdin, out, err),
        Some(Command::Fmt(args)) => fmt(args, stdin, out, err),
        Some(Command::Rules { format }) => rules(format, out),
        Some(Command::Explain { rule }) => explain(&rule, out),
        Some(Command::Init { dir }) => init(dir.as_deref().unwrap_or(Path::new(".")), out),
        Some(Command::Completions { shell }) => completions(shell, out),
        Some(Command::Man) => man(out),
    };
    match result {
        Ok(exit) => exit,
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

type CommandResult = Result<Exit, Box<dyn miette::Diagnostic + Send + Sync>>;

fn boxed(
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

fn usage(message: String, help: Option<String>) -> Box<dyn miette::Diagnostic + Send + Sync> {
    Box::new(UsageError { message, help })
}

fn write(out: &mut dyn Write, text: &str) -> Result<(), Box<dyn miette::Diagnostic + Send + Sync>> {
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| usage(format!("cannot write the output: {e}"), None))
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

fn settings(args: &CheckArgs) -> Result<Settings, Box<dyn miette::Diagnostic + Send + Sync>> {
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

/// The configuration: `--config FILE`, none with `--no-config`, else the cclint.yaml
/// found from the first path.
fn load_config(
    config: Option<&PathBuf>,
    no_config: bool,
    paths: &[PathBuf],
) -> Result<Option<Config>, Box<dyn miette::Diagnostic + Send + Sync>> {
    if no_config {
        return Ok(None);
    }
    let path = match config {
        Some(path) => {
            if !path.is_file() {
                return Err(usage(
                    format!("config file `{}` does not exist", path.display()),
                    None,
                ));
            }
            path.clone()
        }
        None => {
            let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
            match config::discover(first) {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    Config::load(&path).map(Some).map_err(|e| e as _)
}

/// The buffer to lint for `--stdin-filename PATH -`, read from `stdin`.
fn stdin_buffer(
    args: &CheckArgs,
    stdin: &mut dyn Read,
) -> Result<Option<crate::StdinBuffer>, Box<dyn miette::Diagnostic + Send + Sync>> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    if dash && args.write_baseline.is_some() {
        // A baseline written from one buffer would drop every other file's entries.
        return Err(usage(
            "`--write-baseline` cannot be combined with `-` (standard input)".to_string(),
            Some(
                "write the baseline from the whole repository: cclint --write-baseline FILE"
                    .to_string(),
            ),
        ));
    }
    match (&args.stdin_filename, dash) {
        (None, false) => Ok(None),
        (Some(_), false) => Err(usage(
            "`--stdin-filename` needs `-` as the path".to_string(),
            Some("cclint --stdin-filename policy/paper.ccl - < buffer".to_string()),
        )),
        (_, true) if args.paths.len() > 1 => Err(usage(
            "`-` (standard input) cannot be combined with other paths".to_string(),
            None,
        )),
        (path, true) => {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| usage(format!("cannot read standard input: {e}"), None))?;
            Ok(Some(crate::StdinBuffer {
                path: path.clone(),
                bytes,
            }))
        }
    }
}

/// A first path that does not exist but is close to a command's name (`cclint chekc`).
fn mistyped_command(args: &CheckArgs) -> Option<Box<dyn miette::Diagnostic + Send + Sync>> {
    let first = args.paths.first()?;
    let word = first.to_str()?;
    if first.exists() || word == "-" || word.contains(['/', '.', '\\']) {
        return None;
    }
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    let near = crate::suggest::closest(word, names.iter().copied())?;
    Some(usage(
        format!("`{word}` is not a command, and no file or directory has that name"),
        Some(format!("did you mean `cclint {near}`?")),
    ))
}

/// The baseline in effect: `--baseline FILE`, else `baseline:` in cclint.yaml (unless
/// `--no-baseline`). A configured baseline that does not exist yet is an error, except
/// when this run writes it.
fn load_baseline(
    args: &CheckArgs,
    config: Option<&Config>,
) -> Result<Option<Baseline>, Box<dyn miette::Diagnostic + Send + Sync>> {
    if let Some(path) = &args.baseline {
        return Baseline::load(path).map(Some).map_err(boxed);
    }
    let configured = config
        .filter(|_| !args.no_baseline)
        .and_then(|c| c.baseline.as_ref().map(|b| (b, &c.path)));
    let Some((path, config_path)) = configured else {
        return Ok(None);
    };
    if !path.exists() {
        if args.write_baseline.is_some() {
            return Ok(None);
        }
        return Err(usage(
            format!(
                "the baseline `{}` named in `{}` does not exist",
                path.display(),
                config_path.display()
            ),
            Some(format!(
                "write it with `cclint --write-baseline {}`, or remove `baseline:` from cclint.yaml",
                path.display()
            )),
        ));
    }
    Baseline::load(path).map(Some).map_err(boxed)
}

fn check(
    mut args: CheckArgs,
    terminal: Terminal,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    if let Some(error) = mistyped_command(&args) {
        return Err(error);
    }
    let stdin = stdin_buffer(&args, stdin)?;
    if let Some(buffer) = &stdin {
        // The config is looked for from the file the buffer stands for.
        args.paths = buffer.path.iter().cloned().collect();
    }
    let config = load_config(args.config.as_ref(), args.no_config, &args.paths)?;
    let baseline = load_baseline(&args, config.as_ref())?;
    let pruning = baseline.is_some();
    let options = CheckOptions {
        settings: settings(&args)?,
        config,
        paths: args.paths.clone(),
        stdin,
        baseline,
    };
    if args.unsafe_fixes && !args.fix && !args.diff {
        return Err(usage(
            "`--unsafe-fixes` goes with `--fix` or `--diff`".to_string(),
            Some("cclint check --fix --unsafe-fixes".to_string()),
        ));
    }
    if args.fix || args.diff {
        return fix(&args, &options, terminal, out, err);
    }
    let report = crate::check(&options).map_err(boxed)?;
    if let Some(path) = &args.write_baseline {
        return write_baseline(&args, path, &report, pruning, out);
    }
    emit(&args, &report, terminal, out)?;
    Ok(if report.has_errors() && !args.exit_zero {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// Render the report as `--format` (to `--output-file` and/or standard output).
fn emit(
    args: &CheckArgs,
    report: &crate::Report,
    terminal: Terminal,
    out: &mut dyn Write,
) -> Result<(), Box<dyn miette::Diagnostic + Send + Sync>> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal.stdout_is_terminal && !terminal.no_color,
    };
    let human = HumanOptions {
        color,
        width: terminal.width.unwrap_or(100),
    };
    if let Some(path) = &args.output_file {
        let format = args.output_format.unwrap_or(args.format);
        let plain = HumanOptions {
            color: false,
            width: 100,
        };
        let text = render::render(report, format, &plain, args.show_suppressed);
        crate::fsutil::write_atomically(path, text.as_bytes()).map_err(|e| {
            usage(
                format!("cannot write the report to `{}`: {e}", path.display()),
                None,
            )
        })?;
    }
    if args.output_file.is_none() || args.output_format.is_some() {
        write(
            out,
            &render::render(report, args.format, &human, args.show_suppressed),
        )?;
    }
    Ok(())
}

/// `check --fix`, `--diff`: apply fixes to a fixed point; write the changed files (or
/// print the diff, or the fixed buffer), then report what remains.
fn fix(
    args: &CheckArgs,
    options: &CheckOptions,
    terminal: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let fixed = crate::fix::fix(options, args.unsafe_fixes).map_err(boxed)?;
    let remaining_errors = fixed.report.has_errors() && !args.exit_zero;
    if args.diff {
        let mut text = String::new();
        for (_, name, before, after) in &fixed.changed {
            let diff = similar::TextDiff::from_lines(before, after);
            text.push_str(
                &diff
                    .unified_diff()
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string(),
            );
        }
        write(out, &text)?;
        return Ok(if fixed.changed.is_empty() {
            Exit::Clean
        } else {
            Exit::Findings
        });
    }
    let files = fixed.changed.len();
    let mut summary = format!(
        "fixed {} finding{} in {files} file{}",
        fixed.applied,
        if fixed.applied == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    if fixed.unsafe_left > 0 {
        summary.push_str(&format!(
            "; {} more fixable with --unsafe-fixes",
            fixed.unsafe_left
        ));
    }
    if options.stdin.is_some() {
        // Editors: the fixed buffer on standard output, what remains on standard error.
        let buffer = fixed
            .report
            .focus
            .map(|id| fixed.report.file(id).text.clone())
            .unwrap_or_default();
        write(out, &buffer)?;
        let remaining = render::render(
            &fixed.report,
            Format::Compact,
            &HumanOptions::default(),
            false,
        );
        let _ = err.write_all(format!("{remaining}{summary}\n").as_bytes());
    } else {
        for (path, name, _, after) in &fixed.changed {
            crate::fsutil::write_atomically(path, after.as_bytes())
                .map_err(|e| usage(format!("cannot write `{name}`: {e}"), None))?;
        }
        emit(args, &fixed.report, terminal, out)?;
        let _ = err.write_all(format!("{summary}\n").as_bytes());
    }
    Ok(
        if remaining_errors || (args.exit_non_zero_on_fix && fixed.applied > 0) {
            Exit::Findings
        } else {
            Exit::Clean
        },
    )
}

/// `--write-baseline FILE`: a fresh baseline of every finding, or, with a baseline in
/// effect, that baseline pruned of stale entries. Says what it could not record, and
/// exits 1 when an error remains that the baseline does not hold.
fn write_baseline(
    args: &CheckArgs,
    path: &Path,
    report: &crate::Report,
    pruning: bool,
    out: &mut dyn Write,
) -> CommandResult {
    let name = path.display().to_string();
    let baseline = if pruning {
        Baseline::pruned(report, &name)
    } else {
        Baseline::of_report(report, &name)
    };
    baseline.write(path).map_err(boxed)?;
    let n = baseline.entries.len();
    let mut text = format!(
        "wrote {n} finding{} to the baseline {name}{}\n",
        if n == 1 { "" } else { "s" },
        if pruning {
            " (rewritten from itself: entries that no longer occur dropped, nothing added)"
        } else {
            ""
        }
    );
    let (core, new) = Baseline::left_out(report, pruning);
    if core > 0 {
        text.push_str(&format!(
            "{core} core error{} (syntax, references, duplicates, values) cannot be recorded in a baseline: fix {}\n",
            if core == 1 { "" } else { "s" },
            if core == 1 { "it" } else { "them" },
        ));
    }
    if new > 0 {
        text.push_str(&format!(
            "{new} finding{} not in the baseline {} not added; to record {}, write a fresh baseline: cclint --no-baseline --write-baseline {name}\n",
            if new == 1 { "" } else { "s" },
            if new == 1 { "was" } else { "were" },
            if new == 1 { "it" } else { "them" },
        ));
    }
    write(out, &text)?;
    let unrecorded_error = report.diagnostics.iter().any(|d| {
        d.suppressed.is_none()
            && d.level == Level::Error
            && d.code != Code::CC011
            && (d.code.is_core() || pruning)
    });
    Ok(if unrecorded_error && !args.exit_zero {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> CommandResult {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "cclint", &mut script);
    write(out, &String::from_utf8_lossy(&script))?;
    Ok(Exit::Clean)
}

fn man(out: &mut dyn Write) -> CommandResult {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| usage(format!("cannot render the manual page: {e}"), None))?;
    write(out, &String::from_utf8_lossy(&page))?;
    Ok(Exit::Clean)
}

/// `cclint fmt`.
fn fmt(
    args: FmtArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    use crate::format::files::{self, Formatted, Outcome};
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    if dash && args.paths.len() > 1 {
        return Err(usage(
            "`-` (standard input) cannot be combined with other paths".to_string(),
            None,
        ));
    }
    if args.stdin_filename.is_some() && !dash {
        return Err(usage(
            "`--stdin-filename` needs `-` as the path".to_string(),
            Some("cclint fmt --stdin-filename policy/paper.ccl - < buffer".to_string()),
        ));
    }
    let outcomes: Vec<Outcome> = if dash {
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .map_err(|e| usage(format!("cannot read standard input: {e}"), None))?;
        let name = args
            .stdin_filename
            .as_ref()
            .map_or("<stdin>".to_string(), |p| p.display().to_string());
        let text = String::from_utf8(bytes)
            .map_err(|_| usage(format!("`{name}` is not valid UTF-8"), None))?;
        vec![files::format_input(crate::Input::from_text(&name, &text))]
    } else {
        let config = load_config(args.config.as_ref(), args.no_config, &args.paths)?;
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        files::format_paths(&paths, config.as_ref()).map_err(boxed)?
    };
    let problems = files::problems_report(&outcomes);
    let mut changed = Vec::new();
    let mut text = String::new();
    for outcome in &outcomes {
        let Ok(Formatted::Changed(formatted)) = &outcome.result else {
            if dash {
                if let Ok(Formatted::Unchanged) = outcome.result {
                    text.push_str(&outcome.file.text);
                }
            }
            continue;
        };
        changed.push(outcome.file.display.clone());
        if args.diff {
            let diff = similar::TextDiff::from_lines(&outcome.file.text, formatted);
            let name = &outcome.file.display;
            text.push_str(
                &diff
                    .unified_diff()
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string(),
            );
        } else if dash {
            text.push_str(formatted);
        }
    }
    if !dash && !args.check && !args.diff {
        files::write_changed(&outcomes)
            .map_err(|(name, e)| usage(format!("cannot write `{name}`: {e}"), None))?;
    }
    if !problems.diagnostics.is_empty() {
        let rendered = render::render(&problems, Format::Human, &HumanOptions::default(), false);
        let _ = err.write_all(rendered.as_bytes());
    }
    let formatted_count = outcomes.iter().filter(|o| o.result.is_ok()).count();
    if !dash && !args.diff {
        let unchanged = formatted_count - changed.len();
        let plural = |n: usize| if n == 1 { "file" } else { "files" };
        if args.check {
            for name in &changed {
                text.push_str(&format!("would reformat {name}\n"));
            }
            text.push_str(&format!(
                "{} {} would be reformatted, {} {} already formatted\n",
                changed.len(),
                plural(changed.len()),
                unchanged,
                plural(unchanged)
            ));
        } else {
            text.push_str(&format!(
                "{} {} reformatted, {} {} left unchanged\n",
                changed.len(),
                plural(changed.len()),
                unchanged,
                plural(unchanged)
            ));
        }
    }
    write(out, &text)?;
    Ok(if !problems.diagnostics.is_empty() {
        Exit::Failure
    } else if !changed.is_empty() && (args.check || args.diff) {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

fn rules(format: ListFormat, out: &mut dyn Write) -> CommandResult {
    let docs = catalog::all();
    let text = match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = docs
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code,
                        "name": d.name,
                        "family": d.family.as_str(),
                        "level": d.level.as_str(),
                        "summary": d.summary,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&rows).expect("the catalog serialises");
            text.push('\n');
            text
        }
        ListFormat::Human => {
            let name_width = docs.iter().map(|d| d.name.len()).max().unwrap_or(0);
            let family_width = docs
                .iter()
                .map(|d| d.family.as_str().len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for d in docs {
                text.push_str(&format!(
                    "{}  {:name_width$}  {:family_width$}  {:7}  {}\n",
                    d.code,
                    d.name,
                    d.family.as_str(),
                    d.level.as_str(),
                    d.summary
                ));
            }
            text
        }
    };
    write(out, &text)?;
    Ok(Exit::Clean)
}

fn explain(rule: &str, out: &mut dyn Write) -> CommandResult {
    let code = Code::parse(rule).ok_or_else(|| {
        let help = Code::suggest(rule)
            .map(|near| format!("did you mean `{near}`?"))
            .unwrap_or_else(|| "`cclint rules` lists every rule".to_string());
        usage(format!("unknown rule `{rule}`"), Some(help))
    })?;
    write(out, &catalog::explain(code.doc()))?;
    Ok(Exit::Clean)
}

const STARTER_CONFIG: &str = include_str!("../fixtures/init/cclint.yaml");
const STARTER_POLICY: &str = include_str!("../fixtures/init/policy.ccl");

fn init(dir: &Path, out: &mut dyn Write) -> CommandResult {
    let files = [
        (config::FILE_NAME, STARTER_CONFIG),
        ("policy.ccl", STARTER_POLICY),
    ];
    // Like `cargo new` and `git init`, create the directory (and its parents) if needed;
    // a path that exists and is not a directory is refused.
    if dir.exists() && !dir.is_dir() {
        return Err(usage(
            format!("`{}` exists and is not a directory", dir.display()),
            Some("name a new or existing directory: cclint init DIR".to_string()),
        ));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(usage(
            format!("cannot create the directory `{}`: {e}", dir.display()),
            None,
        ));
    }
    for (name, _) in files {
        let path = dir.join(name);
        if path.exists() || path.symlink_metadata().is_ok() {
            return Err(usage(
                format!(
                    "`{}` already exists; cclint init never overwrites a file",
                    path.display()
                ),
                Some("run it in an empty directory, or remove the file first".to_string()),
            ));
        }
    }
    let mut written = Vec::new();
    for (name, content) in files {
        let path = dir.join(name);
        if let Err(e) = crate::fsutil::write_new(&path, content.as_bytes()) {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(usage(
                format!("cannot write `{}`: {e}", path.display()),
                None,
            ));
        }
        written.push(path);
    }
    let shown: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    write(
        out,
        &format!(
            "wrote {}\nnext: cclint check {}\n",
            shown.join(" and "),
            dir.display()
        ),
    )?;
    Ok(Exit::Clean)
}
