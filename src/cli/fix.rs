//! `check --fix` and `--diff`: apply fixes to a fixed point; write the changed files (or
//! print the diff, or the fixed buffer), then report what remains.

use std::io::Write;
use std::path::{Path, PathBuf};

use cclint::diagnostic::Applicability;
use cclint::fix::Fixed;
use cclint::render::{self, Format, HumanOptions};
use cclint::CheckOptions;

use super::check::emit;
use super::{boxed, write, CheckArgs, CommandResult, Exit, Terminal};

/// A file that could not be written, with why.
type Unwritten = (PathBuf, String, std::io::Error);

pub(super) fn fix(
    args: &CheckArgs,
    options: &CheckOptions,
    terminal: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let writes = !args.diff && options.stdin.is_none();
    let (fixed, unwritten) = fix_and_write(args, options, writes)?;
    if args.diff {
        write(out, &diff(&fixed))?;
        let exit = if fixed.changed.is_empty() {
            Exit::Clean
        } else {
            Exit::Findings
        };
        return Ok(exit);
    }
    let summary = summary(&fixed);
    let read_only = if writes {
        read_only(args, &fixed)
    } else {
        Vec::new()
    };
    if options.stdin.is_some() {
        // Editors: the fixed buffer on standard output, what remains on standard error.
        let buffer = fixed
            .report
            .focus
            .map(|id| fixed.report.file(id).text.clone());
        write(out, &buffer.unwrap_or_default())?;
        let plain = HumanOptions::default();
        let remaining = render::render(&fixed.report, Format::Compact, &plain, false);
        let _ = err.write_all(format!("{remaining}{summary}\n").as_bytes());
    } else {
        emit(args, &fixed.report, terminal, out)?;
        let mut text = format!("{summary}\n");
        for name in &read_only {
            text += &format!(
                "error: cannot fix `{name}`: the file is read-only, so it was left unchanged\n"
            );
        }
        for (_, name, e) in &unwritten {
            text += &format!("error: cannot write `{name}`: {e}\n");
        }
        let _ = err.write_all(text.as_bytes());
    }
    let remaining_errors = fixed.report.has_errors() && !args.exit_zero;
    Ok(if !read_only.is_empty() || !unwritten.is_empty() {
        Exit::Failure
    } else if remaining_errors || (args.exit_non_zero_on_fix && fixed.applied > 0) {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// Fix to a fixed point and, with `writes`, write the changed files. A read-only file is
/// never changed; a file that cannot be written is fixed no more, and what remains is
/// linted again, so that the findings shown are those on disk.
fn fix_and_write(
    args: &CheckArgs,
    options: &CheckOptions,
    writes: bool,
) -> Result<(Fixed, Vec<Unwritten>), Box<dyn miette::Diagnostic + Send + Sync>> {
    let mut unwritten: Vec<Unwritten> = Vec::new();
    loop {
        let keep = |path: &Path| {
            cclint::fsutil::is_read_only(path) || unwritten.iter().any(|(p, _, _)| p == path)
        };
        let fixed = cclint::fix::fix(options, args.unsafe_fixes, &keep).map_err(boxed)?;
        if !writes {
            return Ok((fixed, unwritten));
        }
        let failed: Vec<Unwritten> = fixed
            .changed
            .iter()
            .filter_map(|(path, name, _, after)| {
                let e = cclint::fsutil::rewrite(path, after.as_bytes()).err()?;
                Some((path.clone(), name.clone(), e))
            })
            .collect();
        if failed.is_empty() {
            return Ok((fixed, unwritten));
        }
        unwritten.extend(failed);
    }
}

/// The read-only files that had something to fix.
fn read_only(args: &CheckArgs, fixed: &Fixed) -> Vec<String> {
    let applies =
        |f: &cclint::diagnostic::Fix| args.unsafe_fixes || f.applicability == Applicability::Safe;
    let fixable =
        |id| {
            fixed.report.diagnostics.iter().any(|d| {
                d.file == Some(id) && d.suppressed.is_none() && d.fixes.iter().any(applies)
            })
        };
    fixed
        .report
        .files
        .iter()
        .filter(|(id, f)| cclint::fsutil::is_read_only(&f.path) && fixable(*id))
        .map(|(_, f)| f.display.clone())
        .collect()
}

/// The changes as a unified diff.
fn diff(fixed: &Fixed) -> String {
    let mut text = String::new();
    for (_, name, before, after) in &fixed.changed {
        let diff = similar::TextDiff::from_lines(before, after);
        let header = (format!("a/{name}"), format!("b/{name}"));
        text.push_str(&diff.unified_diff().header(&header.0, &header.1).to_string());
    }
    text
}

/// "fixed 2 findings in 1 file; 1 more fixable with --unsafe-fixes".
fn summary(fixed: &Fixed) -> String {
    let files = fixed.changed.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut summary = format!(
        "fixed {} finding{} in {files} file{}",
        fixed.applied,
        plural(fixed.applied),
        plural(files)
    );
    if fixed.unsafe_left > 0 {
        summary += &format!("; {} more fixable with --unsafe-fixes", fixed.unsafe_left);
    }
    summary
}
