//! cclint: a linter for customer-centricity policy written as code.
//!
//! Data flows one way: files -> [`syntax`] (an AST per file) -> [`model`] (resolved across
//! files) -> rules (diagnostics) -> levels and suppressions -> [`render`].
//! The binary, the tests and a future language server all call [`check`] or [`lint`].

pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
mod error;
pub mod fix;
pub mod format;
pub mod fsutil;
#[doc(hidden)]
pub mod invariants;
pub mod level;
pub mod model;
pub mod render;
mod report;
pub mod rules;
mod settings;
pub mod source;
mod suggest;
pub mod suppress;
pub mod syntax;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use error::Error;
pub use report::{Report, Summary};
pub use settings::Settings;

use catalog::Code;
use diagnostic::Diagnostic;
use source::{FileId, SourceFile};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Files and directories; empty means `.`.
    pub paths: Vec<PathBuf>,
    /// Rule levels and other lint settings; its levels apply after the config's.
    pub settings: Settings,
    /// The configuration: its levels, then its exclude globs for the walk.
    pub config: Option<config::Config>,
    /// A buffer to lint as the contents of a file (`--stdin-filename PATH -`): the other
    /// files of PATH's repository are loaded around it, and only its diagnostics reported.
    pub stdin: Option<StdinBuffer>,
    /// Findings to hide because they were there before (`--baseline FILE`).
    pub baseline: Option<baseline::Baseline>,
}

/// An editor's buffer: the contents of `path`, which may differ from the file on disk.
#[derive(Debug, Clone)]
pub struct StdinBuffer {
    /// The file the buffer stands for; `None` lints the buffer on its own, as `<stdin>`.
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

/// The root of the repository `path` belongs to: the nearest ancestor directory holding a
/// `cclint.yaml`, else one holding `.git`, else the file's own directory.
pub fn repository_root(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let dir = absolute.parent()?;
    for marker in [config::FILE_NAME, ".git"] {
        if let Some(root) = dir.ancestors().find(|d| d.join(marker).exists()) {
            return Some(root.to_path_buf());
        }
    }
    dir.is_dir().then(|| dir.to_path_buf())
}

/// Find, read and lint the files under `options.paths`.
pub fn check(options: &CheckOptions) -> Result<Report, Error> {
    let loaded = load(options)?;
    Ok(judge(
        loaded.inputs,
        &loaded.settings,
        options,
        loaded.focus.as_deref(),
    ))
}

/// Find and read what `options` names, without linting it (see [`judge`]).
pub fn load(options: &CheckOptions) -> Result<Loaded, Error> {
    let cwd = std::env::current_dir().map_err(Error::CurrentDir)?;
    let paths = match &options.stdin {
        Some(buffer) => buffer
            .path
            .as_deref()
            .and_then(repository_root)
            .into_iter()
            .collect(),
        None if options.paths.is_empty() => vec![PathBuf::from(".")],
        None => options.paths.clone(),
    };
    let mut inputs = read_files(
        &paths,
        options.config.as_ref(),
        &cwd,
        // An editor's buffer is a file even when its repository has no other.
        options.stdin.is_some(),
    )?;
    let stdin_display = options.stdin.as_ref().map(|buffer| {
        let path = buffer
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let display = match &buffer.path {
            Some(path) => discover::display_path(path, &cwd),
            None => "<stdin>".to_string(),
        };
        let (text, problem) = decode(buffer.bytes.clone());
        // The buffer replaces the file on disk.
        inputs.retain(|i| i.file.display != display);
        inputs.push(Input {
            file: SourceFile::new(path, display.clone(), text),
            problem,
        });
        display
    });
    let mut settings = options.settings.clone();
    if let Some(config) = &options.config {
        settings.levels.splice(0..0, config.levels.iter().copied());
    }
    inputs.sort_by(|a, b| a.file.display.cmp(&b.file.display));
    inputs.dedup_by(|a, b| a.file.display == b.file.display);
    Ok(Loaded {
        inputs,
        settings,
        focus: stdin_display,
    })
}

/// What [`check`] lints: the files read (sorted by display path, as [`lint`] sorts them),
/// the settings with the config's levels, and the display path of an editor's buffer.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub inputs: Vec<Input>,
    pub settings: Settings,
    pub focus: Option<String>,
}

/// Lint loaded inputs as [`check`] does: the baseline applied, and with a buffer, only
/// its diagnostics kept.
pub fn judge(
    inputs: Vec<Input>,
    settings: &Settings,
    options: &CheckOptions,
    focus: Option<&str>,
) -> Report {
    let mut report = lint(inputs, settings);
    if let Some(baseline) = &options.baseline {
        baseline.apply(&mut report, settings.level(Code::CC011));
    }
    if let Some(display) = focus {
        let focus = report
            .files
            .iter()
            .position(|f| f.display == display)
            .map(FileId);
        if let Some(focus) = focus {
            let seen_from_buffer = duplicates_seen_from(&report, focus);
            report.diagnostics.extend(seen_from_buffer);
        }
        report
            .diagnostics
            .retain(|d| d.file.is_some() && d.file == focus);
        diagnostic::sort(&mut report.diagnostics);
        report.focus = focus;
    }
    report
}

/// An editor's buffer must show a duplicate it is part of, wherever the other definition
/// is: a CC003 reported in another file with its first definition in `focus` is also
/// reported at that definition, labelled with the other one.
fn duplicates_seen_from(report: &Report, focus: FileId) -> Vec<Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::CC003 && d.file != Some(focus))
        .filter_map(|d| {
            let first = d.labels.iter().find(|l| l.file == focus)?;
            let (file, span) = (d.file?, d.span?);
            let other = &report.file(file).display;
            let name = &report.file(file).text[span.start..span.end];
            let mut seen = Diagnostic::new(
                Code::CC003,
                focus,
                first.span,
                format!("`{name}` is declared twice: here and again in `{other}`"),
            )
            .with_primary_label("declared here")
            .with_label(file, span, format!("`{name}` is declared again here"));
            seen.help = d.help.clone();
            seen.entity = d.entity.clone();
            seen.subject = d.subject.clone();
            seen.fingerprint = d.fingerprint.clone();
            seen.suppressed = d.suppressed.clone();
            seen.level = d.level;
            Some(seen)
        })
        .collect()
}

/// Find the `.ccl` files under `paths` (honouring `config`'s `exclude`) and read them in
/// parallel, with the places that could not be read as inputs with a problem. Finding
/// nothing is an error unless `may_be_empty`: CI pointed at the wrong folder must not go
/// green.
pub fn read_files(
    paths: &[PathBuf],
    config: Option<&config::Config>,
    cwd: &Path,
    may_be_empty: bool,
) -> Result<Vec<Input>, Error> {
    let excluded = |path: &Path, is_dir: bool| config.is_some_and(|c| c.excludes(path, is_dir));
    let found = discover::find_files(paths, &excluded)?;
    if found.files.is_empty() && found.unreadable.is_empty() && !may_be_empty {
        return Err(Error::NoFiles(paths.to_vec()));
    }
    let mut inputs: Vec<Input> = discover::unique_files(found.files, cwd)
        .par_iter()
        .map(|path| read_input(path, cwd))
        .collect();
    inputs.extend(found.unreadable.into_iter().map(|(path, problem)| Input {
        file: SourceFile::new(
            path.clone(),
            discover::display_path(&path, cwd),
            String::new(),
        ),
        problem: Some(problem),
    }));
    Ok(inputs)
}

/// The text of a file's bytes, or why they are not text cclint can read.
fn decode(bytes: Vec<u8>) -> (String, Option<String>) {
    match discover::utf8_problem(&bytes) {
        None => (String::from_utf8(bytes).expect("checked above"), None),
        Some(problem) => (String::new(), Some(format!("this file {problem}"))),
    }
}

/// A file to lint: its text, or why it has none.
#[derive(Debug, Clone)]
pub struct Input {
    pub file: SourceFile,
    /// Why the file could not be read (CC009); its text is then empty.
    pub problem: Option<String>,
}

impl Input {
    /// A file given as text (tests, stdin, a language server's buffer).
    pub fn from_text(display: &str, text: &str) -> Self {
        Input {
            file: SourceFile::new(
                PathBuf::from(display),
                display.to_string(),
                text.to_string(),
            ),
            problem: None,
        }
    }
}

fn read_input(path: &Path, cwd: &Path) -> Input {
    let display = discover::display_path(path, cwd);
    let (text, problem) = match std::fs::read(path) {
        Ok(bytes) => decode(bytes),
        Err(e) => (
            String::new(),
            Some(
                discover::broken_link(path)
                    .unwrap_or_else(|| format!("this file cannot be read: {}", e.kind())),
            ),
        ),
    };
    Input {
        file: SourceFile::new(path.to_path_buf(), display, text),
        problem,
    }
}

/// The CC001 finding for a syntax error of file `id`.
pub fn syntax_diagnostic(id: FileId, error: &syntax::SyntaxError) -> Diagnostic {
    let mut d = Diagnostic::new(Code::CC001, id, error.span, error.message.clone())
        .with_primary_label("unexpected here")
        .with_subject(error.message.clone());
    d.help = error.help.clone();
    d
}

/// How to fix a file cclint could not read (CC009), by what [`discover`] found wrong.
pub(crate) fn unreadable_help(problem: &str) -> &'static str {
    if problem.contains("UTF-") {
        "save the file as UTF-8; the other files were still linted"
    } else if problem.contains("binary") {
        "a .ccl file holds CCL text: rename the file or exclude it in cclint.yaml; the \
         other files were still linted"
    } else if problem.contains("symbolic link") {
        "point the link at a file, remove it, or exclude it in cclint.yaml; the other \
         files were still linted"
    } else {
        "check its permissions; the other files were still linted"
    }
}

/// Lint a set of files as one repository. Files are sorted by display path (duplicates
/// dropped) so that the result never depends on the order they were found in.
pub fn lint(mut inputs: Vec<Input>, settings: &Settings) -> Report {
    inputs.sort_by(|a, b| a.file.display.cmp(&b.file.display));
    inputs.dedup_by(|a, b| a.file.display == b.file.display);
    let parses = parse_inputs(&inputs);
    lint_parsed(inputs, parses, settings)
}

/// Parse every readable input, in parallel: one syntax tree per file, `None` for a file
/// that could not be read. Each file's parse depends on its text alone, so a caller that
/// keeps these can reparse just the file that changed and call [`lint_parsed`] again.
pub fn parse_inputs(inputs: &[Input]) -> Vec<Option<Arc<syntax::ParsedFile>>> {
    inputs
        .par_iter()
        .map(|input| {
            input
                .problem
                .is_none()
                .then(|| Arc::new(syntax::parse(&input.file.text)))
        })
        .collect()
}

/// Lint inputs already sorted by display path (as [`lint`] sorts them), given their
/// parses (`parses[i]` is the parse of `inputs[i]`, as [`parse_inputs`] gives). The model
/// is built from the parses, so swapping one file's parse for a new one relints the
/// repository without parsing the other files again.
pub fn lint_parsed(
    inputs: Vec<Input>,
    parses: Vec<Option<Arc<syntax::ParsedFile>>>,
    settings: &Settings,
) -> Report {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::with_capacity(inputs.len());
    for (index, (input, file)) in inputs.iter().zip(parses).enumerate() {
        let id = FileId(index);
        if let Some(problem) = &input.problem {
            diagnostics.push(
                Diagnostic::without_span(Code::CC009, Some(id), problem.clone())
                    .with_help(unreadable_help(problem))
                    .with_subject(problem.clone()),
            );
            continue;
        }
        let file = file.expect("files without a problem are parsed");
        diagnostics.extend(file.errors.iter().map(|e| syntax_diagnostic(id, e)));
        parsed.push((id, file));
    }
    let refs: Vec<(FileId, &syntax::ParsedFile)> =
        parsed.iter().map(|(id, p)| (*id, p.as_ref())).collect();
    let (mut model, core) = model::build(&refs);
    model.unreadable_files = inputs.iter().any(|i| i.problem.is_some());
    diagnostics.extend(core);

    let enabled = |code: Code| settings.level(code).is_some();
    // With no file at all there is no policy to judge (an empty directory, say).
    if !inputs.is_empty() {
        // No lint finding on a key or value that a core error already reports (a near-miss
        // key that is CC004 and also the key a rule points at, say). Findings on a
        // declaration's name stay: a missing field (CC006) there is a separate problem.
        let core_spans: std::collections::HashSet<(Option<FileId>, Option<source::Span>)> =
            diagnostics
                .iter()
                .filter(|d| matches!(d.code, Code::CC002 | Code::CC004 | Code::CC005))
                .map(|d| (d.file, d.span))
                .collect();
        let texts: Vec<&str> = inputs.iter().map(|i| i.file.text.as_str()).collect();
        let findings = rules::run(&model, &texts, enabled);
        diagnostics.extend(
            findings
                .into_iter()
                .filter(|d| d.span.is_none() || !core_spans.contains(&(d.file, d.span))),
        );
    }
    let with_text: Vec<_> = parsed
        .iter()
        .map(|(id, p)| (*id, &inputs[id.0].file, p.as_ref()))
        .collect();
    let today = settings.today.unwrap_or_else(suppress::today);
    suppress::apply(&with_text, &mut diagnostics, today, enabled);
    for d in &mut diagnostics {
        if let Some(level) = settings.level(d.code) {
            d.level = level;
        }
    }

    diagnostic::sort(&mut diagnostics);
    let names: Vec<String> = inputs.iter().map(|i| i.file.display.clone()).collect();
    diagnostic::assign_fingerprints(&mut diagnostics, &names);
    Report {
        files: inputs.into_iter().map(|i| i.file).collect(),
        diagnostics,
        focus: None,
    }
}
