//! Checking a repository: finding, reading and linting the files a run names.

use std::path::{Path, PathBuf};

use crate::source::FileId;
use crate::{baseline, config, Error, Input, Report, Settings, Workspace};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The directory relative paths are resolved against and the paths users see are
    /// relative to: the CLI gives its current directory, a language server its
    /// workspace folder. Empty, relative paths are used as they are.
    pub root: PathBuf,
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

/// The root of the repository `path` (a file, resolved) belongs to: the nearest ancestor
/// directory holding a `cclint.yaml`, else one holding `.git`, else the file's own
/// directory.
pub fn repository_root(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    for marker in [config::FILE_NAME, ".git"] {
        if let Some(root) = dir.ancestors().find(|d| d.join(marker).exists()) {
            return Some(root.to_path_buf());
        }
    }
    dir.is_dir().then(|| dir.to_path_buf())
}

/// Find, read and lint the files under `options.paths`.
pub fn check(options: &CheckOptions) -> Result<Report, Error> {
    let (workspace, focus) = open(options)?;
    Ok(workspace.into_report(focus))
}

/// A workspace of what `options` names, read and parsed, and the id of the editor's
/// buffer if there is one (its file is the one [`Workspace::report`] focuses on).
pub fn open(options: &CheckOptions) -> Result<(Workspace, Option<FileId>), Error> {
    let mut workspace = Workspace::new(
        options.root.clone(),
        options.config.clone(),
        options.settings.clone(),
    )
    .without_trees()
    .with_baseline(options.baseline.clone());
    let paths = match &options.stdin {
        Some(buffer) => buffer
            .path
            .as_deref()
            .and_then(|path| repository_root(&workspace.resolve(path)))
            .into_iter()
            .collect(),
        None if options.paths.is_empty() => vec![PathBuf::from(".")],
        None => options.paths.clone(),
    };
    // An editor's buffer is a file even when its repository has no other.
    workspace.add_paths(&paths, options.stdin.is_some())?;
    let focus = options
        .stdin
        .as_ref()
        .map(|buffer| workspace.set_bytes(buffer.path.as_deref(), buffer.bytes.clone()));
    Ok((workspace, focus))
}

/// Lint a set of files as one repository. Files are sorted by display path (duplicates
/// dropped) so that the result never depends on the order they were given in.
pub fn lint(inputs: Vec<Input>, settings: &Settings) -> Report {
    let mut workspace = Workspace::new(PathBuf::new(), None, settings.clone());
    workspace.add_inputs(inputs);
    workspace.into_report(None)
}
