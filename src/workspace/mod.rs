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
use crate::input::Unreadable;
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
    problem: Option<Unreadable>,
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
            settings.organisation = config.organisation.clone();
            settings.fields = config.fields.clone();
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
        let fields = self.settings.fields.clone();
        let entries: Vec<(FileId, Entry)> = inputs
            .into_par_iter()
            .zip(ids)
            .map(|(input, id)| (id, entry(input, id, keep_trees, &fields)))
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
        let (text, problem) = crate::input::decode(bytes);
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
        self.files[id.index()] = Some(entry(input, id, self.keep_trees, &self.settings.fields));
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
    pub fn problem(&self, id: FileId) -> Option<&Unreadable> {
        self.entry(id)?.problem.as_ref()
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
}

mod analyse;
mod files;

pub use files::read_files;
use files::{entry, read_input};

#[cfg(test)]
mod tests;
