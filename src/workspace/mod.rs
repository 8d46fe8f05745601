//! A workspace: the files of one repository, each read and parsed once and kept under a
//! stable id, the configuration resolved once, and the model and findings rebuilt from
//! the kept parses when a file changes. `check`, `--stdin-filename`, `--fix` and the
//! language server all go through it.
//!
//! Paths are resolved against the workspace's root, never the process's current
//! directory (a language server's current directory is anybody's guess), and the paths
//! users see are relative to that root when under it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::catalog::Code;
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::model::{LoweredFile, Model};
use crate::report::{Files, Report};
use crate::source::{FileId, SourceFile, Span};
use crate::suppress::Outline;
use crate::syntax::{ParsedFile, SyntaxError};
use crate::{discover, rules, suppress, Error, Input, Settings};

/// One file of the workspace: its text (or why it has none), its syntax errors and
/// lowered declarations, and its tree when the workspace keeps trees.
#[derive(Debug, Clone)]
struct Entry {
    source: Arc<SourceFile>,
    /// Why the file could not be read (CC009); its text is then empty.
    problem: Option<String>,
    /// The syntax tree, kept for editor features; `None` when the file could not be
    /// read or the workspace does not keep trees.
    parsed: Option<Arc<ParsedFile>>,
    errors: Vec<SyntaxError>,
    /// `None` when the file could not be read.
    lowered: Option<Arc<LoweredFile>>,
    /// What suppression needs of the tree, when the file has `# cclint:` comments.
    outline: Option<Arc<Outline>>,
}

/// The model of the workspace's files and every finding, as of its last change.
#[derive(Debug)]
pub struct Analysis {
    pub model: Model,
    /// Every finding, with levels, suppressions and the baseline applied, sorted by file
    /// path, offset and code, and fingerprinted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The files of one repository and what cclint makes of them.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    config: Option<Config>,
    settings: Settings,
    baseline: Option<Baseline>,
    /// By `FileId`; `None` for the id of a file that was removed (ids are never reused).
    files: Vec<Option<Entry>>,
    /// Ids by display path.
    ids: HashMap<String, FileId>,
    /// The last analysis, and whether files changed since.
    analysis: Option<Arc<Analysis>>,
    stale: bool,
    /// Whether files' syntax trees are kept (for editor features).
    keep_trees: bool,
    /// Whether the model's symbol table is dropped once the model is built.
    drop_symbols: bool,
}

impl Workspace {
    /// An empty workspace rooted at `root` (the directory relative paths are resolved
    /// against, and display paths relative to; an empty path leaves relative paths as
    /// they are). `settings` apply over the levels of `config`.
    pub fn new(root: PathBuf, config: Option<Config>, mut settings: Settings) -> Self {
        if let Some(config) = &config {
            settings.levels.splice(0..0, config.levels.iter().copied());
        }
        Workspace {
            root,
            config,
            settings,
            baseline: None,
            files: Vec::new(),
            ids: HashMap::new(),
            analysis: None,
            stale: true,
            keep_trees: true,
            drop_symbols: false,
        }
    }

    /// A workspace that keeps no syntax trees (a one-off check, which needs only the
    /// lowered declarations): each tree is dropped as soon as its file is lowered.
    pub fn without_trees(mut self) -> Self {
        self.keep_trees = false;
        self
    }

    /// Hide the findings `baseline` records (`--baseline`).
    pub fn with_baseline(mut self, baseline: Option<Baseline>) -> Self {
        self.baseline = baseline;
        self.invalidate();
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// The settings in effect: the config's levels, then the caller's.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// `path` resolved against the root.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }

    /// The path users see for `path`: relative to the root when under it.
    pub fn display_path(&self, path: &Path) -> String {
        discover::display_path(&self.resolve(path), &self.root)
    }

    /// Find the `.ccl` files under `paths` (honouring the config's `exclude`), read and
    /// parse them in parallel, and add them. Finding nothing is an error unless
    /// `may_be_empty`: CI pointed at the wrong folder must not go green.
    pub fn add_paths(&mut self, paths: &[PathBuf], may_be_empty: bool) -> Result<(), Error> {
        let inputs = read_files(paths, self.config.as_ref(), &self.root, may_be_empty)?;
        self.add_inputs(inputs);
        Ok(())
    }

    /// Add files given in memory (or read), parsing them in parallel. Files are numbered
    /// in path order; a file whose display path is already in the workspace replaces it
    /// and keeps its id.
    pub fn add_inputs(&mut self, mut inputs: Vec<Input>) {
        inputs.sort_by(|a, b| a.file.display.cmp(&b.file.display));
        inputs.dedup_by(|a, b| a.file.display == b.file.display);
        let ids: Vec<FileId> = inputs
            .iter()
            .map(|i| self.id_for(&i.file.display))
            .collect();
        let keep_trees = self.keep_trees;
        let entries: Vec<(FileId, Entry)> = inputs
            .into_par_iter()
            .zip(ids)
            .map(|(input, id)| (id, entry(input, id, keep_trees)))
            .collect();
        for (id, entry) in entries {
            self.files[id.index()] = Some(entry);
        }
        self.stale = true;
    }

    /// Set the text of the file at `path` (an editor's buffer, a fixed file), adding it if
    /// it is new, and parse it again; the other files keep their parses.
    pub fn set_text(&mut self, path: &Path, text: String) -> FileId {
        let display = self.display_path(path);
        let file = SourceFile::new(self.resolve(path), display, text);
        self.insert(Input {
            file,
            problem: None,
        })
    }

    /// Like [`Workspace::set_text`] with bytes, which may not be text cclint can read
    /// (CC009). `None` as the path stands for a buffer with no file, `<stdin>`.
    pub fn set_bytes(&mut self, path: Option<&Path>, bytes: Vec<u8>) -> FileId {
        let (text, problem) = crate::decode(bytes);
        let file = match path {
            Some(path) => SourceFile::new(self.resolve(path), self.display_path(path), text),
            None => SourceFile::new(PathBuf::from("<stdin>"), "<stdin>".to_string(), text),
        };
        self.insert(Input { file, problem })
    }

    /// Replace the text of file `id`, keeping its path, and parse it again.
    pub fn replace_text(&mut self, id: FileId, text: String) {
        let Some(old) = self.entry(id) else { return };
        let file = SourceFile::new(old.source.path.clone(), old.source.display.clone(), text);
        self.insert(Input {
            file,
            problem: None,
        });
    }

    /// Remove the file at `path`; its id is not used again.
    pub fn remove(&mut self, path: &Path) -> Option<FileId> {
        let id = self.ids.remove(&self.display_path(path))?;
        self.files[id.index()] = None;
        self.stale = true;
        Some(id)
    }

    /// Read the file at `path` from disk again (it changed outside an editor), or remove
    /// it if it is gone.
    pub fn reload(&mut self, path: &Path) -> Option<FileId> {
        let resolved = self.resolve(path);
        if !resolved.exists() && resolved.symlink_metadata().is_err() {
            return self.remove(path);
        }
        let input = read_input(&resolved, &self.root);
        Some(self.insert(input))
    }

    fn insert(&mut self, input: Input) -> FileId {
        self.stale = true;
        let id = self.id_for(&input.file.display);
        self.files[id.index()] = Some(entry(input, id, self.keep_trees));
        id
    }

    /// The id of the file shown as `display`: its own, or a new one (its slot empty until
    /// the file is stored).
    fn id_for(&mut self, display: &str) -> FileId {
        if let Some(&id) = self.ids.get(display) {
            return id;
        }
        let id = FileId::new(self.files.len());
        self.files.push(None);
        self.ids.insert(display.to_string(), id);
        id
    }

    fn entry(&self, id: FileId) -> Option<&Entry> {
        self.files.get(id.index())?.as_ref()
    }

    /// The id of the file at `path`, if it is in the workspace.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.ids.get(&self.display_path(path)).copied()
    }

    /// The id of the file shown as `display`.
    pub fn file_id_by_display(&self, display: &str) -> Option<FileId> {
        self.ids.get(display).copied()
    }

    pub fn file(&self, id: FileId) -> Option<&Arc<SourceFile>> {
        self.entry(id).map(|e| &e.source)
    }

    /// The parse of file `id` (`None` when it could not be read).
    pub fn parsed(&self, id: FileId) -> Option<&Arc<ParsedFile>> {
        self.entry(id)?.parsed.as_ref()
    }

    /// Why file `id` could not be read, if it could not.
    pub fn problem(&self, id: FileId) -> Option<&str> {
        self.entry(id)?.problem.as_deref()
    }

    /// The ids of the files, in path order.
    pub fn ids_in_path_order(&self) -> Vec<FileId> {
        let mut ids: Vec<(&str, FileId)> = self
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.as_ref()?.source.display.as_str(), FileId::new(i))))
            .collect();
        ids.sort_unstable();
        ids.into_iter().map(|(_, id)| id).collect()
    }

    /// How many files the workspace holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The files, by id.
    pub fn files(&self) -> Files {
        Files::from_slots(
            self.files
                .iter()
                .map(|e| e.as_ref().map(|e| e.source.clone()))
                .collect(),
        )
    }

    /// Forget the analysis, so that the next one is made again.
    pub fn invalidate(&mut self) {
        self.analysis = None;
        self.stale = true;
    }

    /// The model and findings of the files as they are now, rebuilt from the kept
    /// parses if anything changed since the last call.
    pub fn analysis(&mut self) -> Arc<Analysis> {
        match &self.analysis {
            Some(analysis) if !self.stale => analysis.clone(),
            _ => {
                let analysis = Arc::new(self.analyse(false));
                self.analysis = Some(analysis.clone());
                self.stale = false;
                analysis
            }
        }
    }

    /// The report of a check: every finding, or with `focus` (an editor's buffer) only
    /// that file's, including the duplicates it is part of.
    pub fn report(&mut self, focus: Option<FileId>) -> Report {
        let analysis = self.analysis();
        let files = self.files();
        Self::focus(files, analysis.diagnostics.clone(), focus)
    }

    /// The report of a one-off check, taking the workspace apart: its trees are handed to
    /// the model's build, which frees them as it goes.
    pub fn into_report(mut self, focus: Option<FileId>) -> Report {
        let files = self.files();
        // A check looks nothing up by name once the model is built: the symbol table goes
        // before the rules run (a tenth of the model at 100k products).
        self.drop_symbols = true;
        let Analysis { model, diagnostics } = self.into_analysis();
        // A check's output needs only the texts and the findings: the model is freed
        // beside the rendering, not before it.
        std::thread::spawn(move || drop(model));
        Self::focus(files, diagnostics, focus)
    }

    /// The model and findings of a one-off run (`map`, `scorecard`), taking the workspace
    /// apart as [`Workspace::into_report`] does.
    pub fn into_analysis(mut self) -> Analysis {
        match self.analysis.take().filter(|_| !self.stale) {
            Some(analysis) => Arc::try_unwrap(analysis).unwrap_or_else(|shared| Analysis {
                model: shared.model.clone(),
                diagnostics: shared.diagnostics.clone(),
            }),
            None => self.analyse(true),
        }
    }

    fn focus(files: Files, mut diagnostics: Vec<Diagnostic>, focus: Option<FileId>) -> Report {
        if let Some(focus) = focus {
            let seen_from_buffer = duplicates_seen_from(&files, &diagnostics, focus);
            diagnostics.extend(seen_from_buffer);
            diagnostics.retain(|d| d.file == Some(focus));
            diagnostic::sort(&mut diagnostics, &files.names());
        }
        Report {
            files,
            diagnostics,
            focus,
        }
    }

    /// The model and findings of the files. With `hand_over`, the workspace gives its
    /// trees to the model's build, which frees them as it goes.
    fn analyse(&mut self, hand_over: bool) -> Analysis {
        let order = self.ids_in_path_order();
        let (mut diagnostics, unreadable) = self.file_problems(&order);
        let files: Vec<(FileId, Arc<LoweredFile>)> = order
            .iter()
            .filter_map(|&id| {
                let lowered = &mut self.files[id.index()].as_mut()?.lowered;
                let lowered = if hand_over {
                    lowered.take()
                } else {
                    lowered.clone()
                };
                Some((id, lowered?))
            })
            .collect();
        let (mut model, core) = crate::model::build(files);
        if self.drop_symbols {
            model.symbols = Default::default();
        }
        model.unreadable_files = unreadable;
        diagnostics.extend(core);
        let directives = self.outlines(&order);
        self.finish(&model, &mut diagnostics, &directives, !order.is_empty());
        Analysis { model, diagnostics }
    }

    /// CC009 for the files that could not be read and CC001 for syntax errors, and whether
    /// some file could not be read.
    fn file_problems(&self, order: &[FileId]) -> (Vec<Diagnostic>, bool) {
        let mut diagnostics = Vec::new();
        let mut unreadable = false;
        for &id in order {
            let entry = self.entry(id).expect("ids in path order are live");
            if let Some(problem) = &entry.problem {
                unreadable = true;
                diagnostics.push(
                    Diagnostic::without_span(Code::CC009, Some(id), problem.clone())
                        .with_help(crate::unreadable_help(problem))
                        .with_subject(problem.clone()),
                );
            } else {
                diagnostics.extend(entry.errors.iter().map(|e| crate::syntax_diagnostic(id, e)));
            }
        }
        (diagnostics, unreadable)
    }

    /// The suppression outlines of the files of `order` that have `# cclint:` comments
    /// (only those take part in suppression).
    fn outlines(&self, order: &[FileId]) -> Vec<(FileId, Arc<Outline>)> {
        order
            .iter()
            .filter_map(|&id| Some((id, self.entry(id)?.outline.clone()?)))
            .collect()
    }

    /// The lint rules, suppressions (from the files in `directives`), levels, order,
    /// fingerprints and baseline, after the model is built.
    fn finish(
        &self,
        model: &Model,
        diagnostics: &mut Vec<Diagnostic>,
        directives: &[(FileId, Arc<Outline>)],
        any_file: bool,
    ) {
        let names: Vec<&str> = self
            .files
            .iter()
            .map(|e| e.as_ref().map_or("", |e| e.source.display.as_str()))
            .collect();
        let settings = &self.settings;
        let enabled = |code: Code| settings.level(code).is_some();
        // With no file at all there is no policy to judge (an empty directory, say).
        if any_file {
            // No lint finding on a key or value that a core error already reports (a
            // near-miss key that is CC004 and also the key a rule points at, say).
            // Findings on a declaration's name stay: a missing field (CC006) there is a
            // separate problem.
            let core_spans: std::collections::HashSet<(Option<FileId>, Option<Span>)> = diagnostics
                .iter()
                .filter(|d| matches!(d.code, Code::CC002 | Code::CC004 | Code::CC005))
                .map(|d| (d.file, d.span))
                .collect();
            let texts: Vec<&str> = self
                .files
                .iter()
                .map(|e| e.as_ref().map_or("", |e| e.source.text.as_str()))
                .collect();
            let findings = rules::run(model, &texts, enabled);
            diagnostics.extend(
                findings
                    .into_iter()
                    .filter(|d| d.span.is_none() || !core_spans.contains(&(d.file, d.span))),
            );
        }
        let with_text: Vec<_> = directives
            .iter()
            .map(|(id, outline)| {
                let source = &self.entry(*id).expect("parsed files are live").source;
                (*id, source.as_ref(), outline.as_ref())
            })
            .collect();
        let judge = suppress::Judge {
            today: settings.today.unwrap_or_else(suppress::today),
            enabled,
            // A file that could not be read or a declaration that did not parse may be
            // what a suppression that suppressed nothing was written for.
            complete: !diagnostics
                .iter()
                .any(|d| matches!(d.code, Code::CC001 | Code::CC009)),
        };
        suppress::apply(&with_text, diagnostics, judge);
        for d in diagnostics.iter_mut() {
            if let Some(level) = settings.level(d.code) {
                d.level = level;
            }
        }
        diagnostic::sort(diagnostics, &names);
        diagnostic::assign_fingerprints(diagnostics, &names);
        if let Some(baseline) = &self.baseline {
            baseline.apply(diagnostics, &names, settings.level(Code::CC011));
        }
    }
}

/// An editor's buffer must show a duplicate it is part of, wherever the other definition
/// is: a CC003 reported in another file with its first definition in `focus` is also
/// reported at that definition, labelled with the other one.
fn duplicates_seen_from(
    files: &Files,
    diagnostics: &[Diagnostic],
    focus: FileId,
) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.code == Code::CC003 && d.file != Some(focus))
        .filter_map(|d| {
            let first = d.labels.iter().find(|l| l.file == focus)?;
            let (file, span) = (d.file?, d.span?);
            let other = &files.get(file).display;
            let name = &files.get(file).text[span.start()..span.end()];
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

/// Parse and lower an input (if it could be read), file `id`, into a workspace entry.
fn entry(input: Input, id: FileId, keep_trees: bool) -> Entry {
    let parsed = input
        .problem
        .is_none()
        .then(|| crate::syntax::parse(&input.file.text));
    let outline = parsed
        .as_ref()
        .and_then(|p| Outline::of(p, &input.file.text))
        .map(Arc::new);
    let errors = parsed
        .as_ref()
        .map(|p| p.errors.clone())
        .unwrap_or_default();
    let (parsed, lowered) = match parsed {
        Some(tree) if keep_trees => {
            let lowered = crate::model::lower(id, &tree);
            (Some(Arc::new(tree)), Some(Arc::new(lowered)))
        }
        Some(tree) => (None, Some(Arc::new(crate::model::lower_owned(id, tree)))),
        None => (None, None),
    };
    Entry {
        source: Arc::new(input.file),
        problem: input.problem,
        parsed,
        errors,
        lowered,
        outline,
    }
}

/// Find the `.ccl` files under `paths` (resolved against `root`, honouring `config`'s
/// `exclude`) and read them in parallel, with the places that could not be read as
/// inputs with a problem. Finding nothing is an error unless `may_be_empty`.
pub fn read_files(
    paths: &[PathBuf],
    config: Option<&Config>,
    root: &Path,
    may_be_empty: bool,
) -> Result<Vec<Input>, Error> {
    let excluded = |path: &Path, is_dir: bool| config.is_some_and(|c| c.excludes(path, is_dir));
    let resolved: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let found = discover::find_files(&resolved, paths, &excluded)?;
    if found.files.is_empty() && found.unreadable.is_empty() && !may_be_empty {
        return Err(Error::NoFiles(paths.to_vec()));
    }
    let mut inputs: Vec<Input> = discover::unique_files(found.files, root)
        .par_iter()
        .map(|path| read_input(path, root))
        .collect();
    inputs.extend(found.unreadable.into_iter().map(|(path, problem)| Input {
        file: SourceFile::new(
            path.clone(),
            discover::display_path(&path, root),
            String::new(),
        ),
        problem: Some(problem),
    }));
    Ok(inputs)
}

fn read_input(path: &Path, root: &Path) -> Input {
    let display = discover::display_path(path, root);
    if std::fs::metadata(path).is_ok_and(|m| m.len() > crate::source::MAX_FILE as u64) {
        return Input {
            file: SourceFile::new(path.to_path_buf(), display, String::new()),
            problem: Some(crate::too_large()),
        };
    }
    let (text, problem) = match std::fs::read(path) {
        Ok(bytes) => crate::decode(bytes),
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

#[cfg(test)]
mod tests;
