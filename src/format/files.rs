//! Formatting a repository's files: the same discovery and `exclude` as `check`, read and
//! formatted in parallel. Writing is the caller's (the CLI writes atomically, and only
//! files that change).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::input::Unreadable;
use crate::source::SourceFile;
use crate::{Input, Report};

/// One file and what formatting it gave.
#[derive(Debug)]
pub struct Outcome {
    pub file: SourceFile,
    pub result: Result<Formatted, Problem>,
}

#[derive(Debug)]
pub enum Formatted {
    Unchanged,
    Changed(String),
}

/// Why a file was not formatted.
#[derive(Debug)]
pub enum Problem {
    /// It could not be read (CC009).
    Unreadable(Unreadable),
    /// It does not parse.
    Syntax(Vec<crate::syntax::SyntaxError>),
}

/// Format `input` (a file read, or a buffer).
pub fn format_input(input: Input) -> Outcome {
    let result = match &input.problem {
        Some(problem) => Err(Problem::Unreadable(problem.clone())),
        None => match super::format(&input.file.text) {
            Ok(text) if text == input.file.text => Ok(Formatted::Unchanged),
            Ok(text) => Ok(Formatted::Changed(text)),
            Err(errors) => Err(Problem::Syntax(errors)),
        },
    };
    Outcome {
        file: input.file,
        result,
    }
}

/// Find the `.ccl` files under `paths` (resolved against `root`, as `check` does,
/// honouring `config`'s `exclude`) and format each, in path order.
pub fn format_paths(
    paths: &[PathBuf],
    config: Option<&Config>,
    root: &Path,
) -> Result<Vec<Outcome>, crate::Error> {
    let mut outcomes: Vec<Outcome> = crate::workspace::read_files(paths, config, root, false)?
        .into_par_iter()
        .map(format_input)
        .collect();
    outcomes.sort_by(|a, b| a.file.display.cmp(&b.file.display));
    Ok(outcomes)
}

/// Write every changed file (through links, never a read-only one), atomically and in
/// parallel; the files that could not be written, in path order, with why.
pub fn write_changed(outcomes: &[Outcome]) -> Vec<(String, std::io::Error)> {
    outcomes
        .par_iter()
        .filter_map(|outcome| match &outcome.result {
            Ok(Formatted::Changed(text)) => {
                crate::fsutil::rewrite(&outcome.file.path, text.as_bytes())
                    .err()
                    .map(|e| (outcome.file.display.clone(), e))
            }
            _ => None,
        })
        .collect()
}

/// A report of the files that could not be formatted: their syntax errors (CC001) and
/// read problems (CC009), for the renderers.
pub fn problems_report(outcomes: &[Outcome]) -> Report {
    let mut report = Report::default();
    for outcome in outcomes {
        let Err(problem) = &outcome.result else {
            continue;
        };
        let id = report.files.push(Arc::new(outcome.file.clone()));
        match problem {
            Problem::Syntax(errors) => report
                .diagnostics
                .extend(errors.iter().map(|e| Diagnostic::syntax(id, e))),
            Problem::Unreadable(problem) => {
                report.diagnostics.push(Diagnostic::unreadable(id, problem))
            }
        }
    }
    let names = report.files.names();
    diagnostic::assign_fingerprints(&mut report.diagnostics, &names);
    diagnostic::sort(&mut report.diagnostics, &names);
    report
}
