//! What a session knows once initialized: the workspace of the repository (loaded as
//! `check` loads it), the open documents, and what was last published.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types as lsp;

use super::convert::{self, Encoding};
use crate::diagnostic::Diagnostic;
use crate::load::Sources;
use crate::source::{FileId, SourceFile};
use crate::{ide, Settings, Workspace};

/// The state of an initialized session.
pub(crate) struct State {
    pub workspace: Workspace,
    /// Where the configuration comes from: found from the root, or named.
    pub sources: Sources,
    pub encoding: Encoding,
    /// Open documents and their versions.
    pub open: HashMap<FileId, i32>,
    /// Open `cclint.yaml` documents and their texts (not CCL: kept apart from the
    /// workspace, for hover and navigation).
    pub configs: HashMap<PathBuf, String>,
    /// The findings last published for each file that has some, with the file's URI.
    pub published: HashMap<FileId, (lsp::Uri, Vec<Diagnostic>)>,
    /// URIs whose findings were published under ids the workspace no longer uses (it was
    /// loaded again): cleared at the next publication.
    pub orphans: Vec<lsp::Uri>,
    /// What to tell the user (a cclint.yaml that does not load, say).
    pub messages: Vec<String>,
    /// Whether findings may have changed since they were last published.
    pub dirty: bool,
    /// Files opened, edited, read again or removed since the last publication: their
    /// findings are published even when unchanged (every version of a document gets its
    /// answer, and positions move with the text).
    pub touched: HashSet<FileId>,
    /// The client reads Markdown in hovers and completion documentation.
    pub markdown: bool,
    /// The client pulls the findings of its open documents: they are not pushed.
    pub pull: bool,
    /// The session was asked to shut down.
    pub shutdown: bool,
}

impl State {
    /// A session of the repository at `root`.
    pub fn new(
        root: &Path,
        sources: Sources,
        encoding: Encoding,
        markdown: bool,
        pull: bool,
    ) -> Self {
        let (workspace, messages) = load(root, &sources, HashMap::new());
        State {
            workspace,
            sources,
            encoding,
            open: HashMap::new(),
            configs: HashMap::new(),
            published: HashMap::new(),
            orphans: Vec::new(),
            messages,
            dirty: true,
            touched: HashSet::new(),
            markdown,
            pull,
            shutdown: false,
        }
    }

    /// The file a document URI names, if the workspace holds it.
    pub fn file_of(&self, uri: &lsp::Uri) -> Option<FileId> {
        self.workspace.file_id(&convert::path(uri)?)
    }

    pub fn source(&self, file: FileId) -> Option<Arc<SourceFile>> {
        self.workspace.file(file).cloned()
    }

    /// The file and byte offset of a document position.
    pub fn at(&self, p: &lsp::TextDocumentPositionParams) -> Option<(FileId, usize)> {
        let file = self.file_of(&p.text_document.uri)?;
        let offset = convert::offset(&*self.source(file)?, p.position, self.encoding);
        Some((file, offset))
    }

    /// The protocol's location of a place in the workspace.
    pub fn location(&self, l: ide::Location) -> Option<lsp::Location> {
        let file = self.source(l.file)?;
        Some(lsp::Location::new(
            self.uri(&file),
            convert::range(&file, l.span, self.encoding),
        ))
    }

    pub fn uri(&self, file: &SourceFile) -> lsp::Uri {
        convert::uri(&file.path, self.workspace.root())
    }

    /// cclint.yaml changed: load the workspace again with the new configuration, keeping
    /// the open documents' texts.
    pub fn reconfigure(&mut self) {
        let root = self.workspace.root().to_path_buf();
        let open: HashMap<PathBuf, (String, i32)> = self
            .open
            .iter()
            .filter_map(|(&id, &version)| {
                let file = self.workspace.file(id)?;
                Some((file.path.clone(), (file.text.clone(), version)))
            })
            .collect();
        let texts = open
            .iter()
            .map(|(p, (t, _))| (p.clone(), t.clone()))
            .collect();
        let (workspace, messages) = load(&root, &self.sources, texts);
        self.open = open
            .into_iter()
            .filter_map(|(path, (_, v))| Some((workspace.file_id(&path)?, v)))
            .collect();
        // File ids start again: what was published is cleared, then published anew.
        let published = self.published.drain().map(|(_, (uri, _))| uri);
        self.orphans.extend(published);
        self.workspace = workspace;
        self.messages.extend(messages);
        self.dirty = true;
    }
}

/// A workspace of the repository at `root`, as `check` would lint it (the cclint.yaml
/// found from it, its levels, excludes and baseline), with open documents' texts in
/// place of their files. Returns what went wrong loading it, for the user.
fn load(
    root: &Path,
    sources: &Sources,
    open: HashMap<PathBuf, String>,
) -> (Workspace, Vec<String>) {
    let mut messages = Vec::new();
    // What cannot be loaded is said, and linting goes on without it: without the
    // baseline first, then without the configuration.
    let load = |sources: &Sources| crate::load::load(root, Path::new("."), sources);
    let loaded = load(sources)
        .or_else(|e| {
            messages.push(format!("{e}; linting without the baseline"));
            load(&Sources {
                no_baseline: true,
                ..sources.clone()
            })
        })
        .unwrap_or_else(|e| {
            messages.push(format!("{e}; linting with the default rules"));
            Default::default()
        });
    let crate::load::Loaded { config, baseline } = loaded;
    let mut workspace =
        Workspace::new(root.to_path_buf(), config, Settings::default()).with_baseline(baseline);
    if let Err(e) = workspace.add_paths(&[PathBuf::from(".")], true) {
        messages.push(e.to_string());
    }
    for (path, text) in open {
        workspace.set_text(&path, text);
    }
    (workspace, messages)
}

/// The repository a client's workspace folder (or root) names.
pub fn root_of(params: &lsp::InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)]
    let root_uri = params.root_uri.as_ref();
    #[allow(deprecated)]
    let root_path = params.root_path.as_ref().map(PathBuf::from);
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|folder| convert::path(&folder.uri))
        .or_else(|| root_uri.and_then(convert::path))
        .or(root_path)
}
