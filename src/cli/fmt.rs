//! `cclint fmt`: rewrite files in the canonical layout.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use cclint::format::files::{self, Formatted, Outcome};
use cclint::render::{self, Format, HumanOptions};

use super::{boxed, load, usage, write, CommandResult, Exit, FmtArgs};

/// `cclint fmt`.
pub(super) fn fmt(
    args: FmtArgs,
    cwd: &Path,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    check_usage(&args, dash)?;
    let outcomes = if dash {
        vec![format_stdin(&args, stdin)?]
    } else {
        format_files(&args, cwd)?
    };
    let problems = files::problems_report(&outcomes);
    let mut changed: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o.result, Ok(Formatted::Changed(_))))
        .map(|o| o.file.display.clone())
        .collect();
    let mut unwritten = Vec::new();
    if !dash && !args.check && !args.diff {
        unwritten = files::write_changed(&outcomes);
        for (name, e) in &unwritten {
            let _ = err.write_all(format!("error: cannot write `{name}`: {e}\n").as_bytes());
        }
        changed.retain(|name| !unwritten.iter().any(|(n, _)| n == name));
    }
    if !problems.diagnostics.is_empty() {
        let rendered = render::render(&problems, Format::Human, &HumanOptions::default(), false);
        let _ = err.write_all(rendered.as_bytes());
    }
    let mut text = if args.diff {
        diff(&outcomes)
    } else if dash {
        formatted(&outcomes)
    } else {
        String::new()
    };
    if !dash && !args.diff {
        let formatted_count = outcomes.iter().filter(|o| o.result.is_ok()).count();
        text += &summary(&changed, formatted_count, args.check);
    }
    write(out, &text)?;
    Ok(
        if !problems.diagnostics.is_empty() || !unwritten.is_empty() {
            Exit::Failure
        } else if !changed.is_empty() && (args.check || args.diff) {
            Exit::Findings
        } else {
            Exit::Clean
        },
    )
}

fn check_usage(
    args: &FmtArgs,
    dash: bool,
) -> Result<(), Box<dyn miette::Diagnostic + Send + Sync>> {
    if dash && args.paths.len() > 1 {
        let message = "`-` (standard input) cannot be combined with other paths".to_string();
        return Err(usage(message, None));
    }
    if args.stdin_filename.is_some() && !dash {
        return Err(usage(
            "`--stdin-filename` needs `-` as the path".to_string(),
            Some("cclint fmt --stdin-filename policy/paper.ccl - < buffer".to_string()),
        ));
    }
    Ok(())
}

/// Standard input formatted, as the file `--stdin-filename` names.
fn format_stdin(
    args: &FmtArgs,
    stdin: &mut dyn Read,
) -> Result<Outcome, Box<dyn miette::Diagnostic + Send + Sync>> {
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
    Ok(files::format_input(cclint::Input::from_text(&name, &text)))
}

/// The `.ccl` files the paths name, formatted (honouring the configuration's `exclude`).
fn format_files(
    args: &FmtArgs,
    cwd: &Path,
) -> Result<Vec<Outcome>, Box<dyn miette::Diagnostic + Send + Sync>> {
    let sources = cclint::load::Sources {
        config: args.config.config.clone(),
        no_config: args.config.no_config,
        no_baseline: true,
        ..Default::default()
    };
    let config = load(&sources, &args.paths, cwd)?.config;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    files::format_paths(&paths, config.as_ref(), cwd).map_err(boxed)
}

/// Each changed file as a unified diff.
fn diff(outcomes: &[Outcome]) -> String {
    let mut text = String::new();
    for outcome in outcomes {
        if let Ok(Formatted::Changed(formatted)) = &outcome.result {
            let diff = similar::TextDiff::from_lines(&outcome.file.text, formatted);
            let name = &outcome.file.display;
            let header = (format!("a/{name}"), format!("b/{name}"));
            text.push_str(&diff.unified_diff().header(&header.0, &header.1).to_string());
        }
    }
    text
}

/// Standard input's text, formatted (or as it was, when it was already).
fn formatted(outcomes: &[Outcome]) -> String {
    let texts = outcomes.iter().filter_map(|o| match &o.result {
        Ok(Formatted::Changed(formatted)) => Some(formatted.as_str()),
        Ok(Formatted::Unchanged) => Some(o.file.text.as_str()),
        Err(_) => None,
    });
    texts.collect()
}

/// What was (or would be, with `--check`) reformatted.
fn summary(changed: &[String], formatted: usize, check: bool) -> String {
    let unchanged = formatted - changed.len();
    let plural = |n: usize| if n == 1 { "file" } else { "files" };
    let (n, u) = (changed.len(), unchanged);
    if check {
        let mut text: String = changed
            .iter()
            .map(|name| format!("would reformat {name}\n"))
            .collect();
        text += &format!(
            "{n} {} would be reformatted, {u} {} already formatted\n",
            plural(n),
            plural(u)
        );
        text
    } else {
        format!(
            "{n} {} reformatted, {u} {} left unchanged\n",
            plural(n),
            plural(u)
        )
    }
}
