//! `cclint fmt`: rewrite files in the canonical layout.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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
    use cclint::format::files::{self, Formatted, Outcome};
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
        vec![files::format_input(cclint::Input::from_text(&name, &text))]
    } else {
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
        files::format_paths(&paths, config.as_ref(), cwd).map_err(boxed)?
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
