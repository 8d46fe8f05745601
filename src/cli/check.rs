//! `cclint check`: lint, and write baselines, fixes and reports.

use std::io::{Read, Write};
use std::path::Path;

use cclint::baseline::Baseline;
use cclint::catalog::Code;
use cclint::diagnostic::Level;
use cclint::render::{self, HumanOptions};
use cclint::CheckOptions;

use super::{
    boxed, load, settings, usage, write, CheckArgs, Cli, ColorChoice, CommandResult, Exit, Terminal,
};

/// The buffer to lint for `--stdin-filename PATH -`, read from `stdin`.
fn stdin_buffer(
    args: &CheckArgs,
    stdin: &mut dyn Read,
) -> Result<Option<cclint::StdinBuffer>, Box<dyn miette::Diagnostic + Send + Sync>> {
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
            Ok(Some(cclint::StdinBuffer {
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
    let near = cclint::suggest::closest(word, names.iter().copied())?;
    Some(usage(
        format!("`{word}` is not a command, and no file or directory has that name"),
        Some(format!("did you mean `cclint {near}`?")),
    ))
}

pub(super) fn check(
    mut args: CheckArgs,
    terminal: Terminal,
    cwd: &Path,
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
    let sources = cclint::load::Sources {
        baseline_may_be_missing: args.write_baseline.is_some(),
        ..args.repo.sources()
    };
    let cclint::load::Loaded { config, baseline } = load(&sources, &args.paths, cwd)?;
    let pruning = baseline.is_some();
    let options = CheckOptions {
        root: cwd.to_path_buf(),
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
        return super::fix::fix(&args, &options, terminal, out, err);
    }
    let report = cclint::check(&options).map_err(boxed)?;
    if let Some(path) = &args.write_baseline {
        return write_baseline(&args, path, &report, pruning, out);
    }
    emit(&args, &report, terminal, out)?;
    let exit = if report.has_errors() && !args.exit_zero {
        Exit::Findings
    } else {
        Exit::Clean
    };
    // Freeing every text and finding one by one only delays the exit (by 40 ms at 100k
    // products): the process ends while a thread of its own frees them.
    std::thread::spawn(move || drop(report));
    Ok(exit)
}

/// Render the report as `--format` (to `--output-file` and/or standard output).
pub(super) fn emit(
    args: &CheckArgs,
    report: &cclint::Report,
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
        cclint::fsutil::write_atomically_with(path, |file| {
            render::write(report, format.into(), &plain, args.show_suppressed, file)
        })
        .map_err(|e| {
            usage(
                format!("cannot write the report to `{}`: {e}", path.display()),
                None,
            )
        })?;
    }
    if args.output_file.is_none() || args.output_format.is_some() {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        render::write(
            report,
            args.format.into(),
            &human,
            args.show_suppressed,
            &mut buffered,
        )
        .and_then(|()| buffered.flush())
        .map_err(super::output_error)?;
    }
    Ok(())
}

/// `--write-baseline FILE`: a fresh baseline of every finding, or, with a baseline in
/// effect, that baseline pruned of stale entries. Says what it could not record, and
/// exits 1 when an error remains that the baseline does not hold.
fn write_baseline(
    args: &CheckArgs,
    path: &Path,
    report: &cclint::Report,
    pruning: bool,
    out: &mut dyn Write,
) -> CommandResult {
    let name = path.display().to_string();
    let (core, new) = Baseline::left_out(&report.diagnostics, pruning);
    if core > 0 {
        // The model is incomplete: a baseline written now would miss what the broken
        // parts hide, and those findings would come back later as new.
        write(
            out,
            &format!(
                "the baseline {name} was not written: {core} core error{} (syntax, references, duplicates, values, unreadable files) must be fixed first, so that it records every finding\n",
                if core == 1 { "" } else { "s" },
            ),
        )?;
        return Ok(if args.exit_zero {
            Exit::Clean
        } else {
            Exit::Findings
        });
    }
    let baseline = if pruning {
        Baseline::pruned(&report.diagnostics, &name)
    } else {
        Baseline::of_diagnostics(&report.diagnostics, &name)
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
