//! The outcome of a check: the files read and the diagnostics.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Level};
use crate::source::{FileId, SourceFile};

/// The files of a check, by [`FileId`]. Ids are a workspace's stable ids: a file removed
/// from a workspace leaves its id unused, so `get` is only asked about ids that
/// diagnostics name, and iteration skips the unused ones.
#[derive(Debug, Clone, Default)]
pub struct Files {
    by_id: Vec<Option<Arc<SourceFile>>>,
}

impl Files {
    /// Files whose ids are their positions in `files`.
    pub fn from_vec(files: Vec<Arc<SourceFile>>) -> Self {
        Files {
            by_id: files.into_iter().map(Some).collect(),
        }
    }

    /// Files by id, `None` for an id no longer used.
    pub fn from_slots(by_id: Vec<Option<Arc<SourceFile>>>) -> Self {
        Files { by_id }
    }

    /// Add a file; its id is the next one.
    pub fn push(&mut self, file: Arc<SourceFile>) -> FileId {
        self.by_id.push(Some(file));
        FileId::new(self.by_id.len() - 1)
    }

    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        self.by_id[id.index()]
            .as_deref()
            .expect("diagnostics name only files of their report")
    }

    /// The files, by id.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.by_id
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((FileId::new(i), f.as_deref()?)))
    }

    /// The file whose display path sorts first.
    pub fn first_in_path_order(&self) -> Option<&SourceFile> {
        self.iter()
            .map(|(_, f)| f)
            .min_by(|a, b| a.display.cmp(&b.display))
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.by_id.iter().filter(|f| f.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One past the largest id: the length of a table indexed by id.
    pub fn id_bound(&self) -> usize {
        self.by_id.len()
    }

    /// The display path of each id (empty for unused ids), as fingerprints and sorting
    /// need them.
    pub fn names(&self) -> Vec<&str> {
        self.by_id
            .iter()
            .map(|f| f.as_deref().map_or("", |f| f.display.as_str()))
            .collect()
    }
}

/// The outcome of a check: the files read, and the diagnostics, sorted.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    /// With `--stdin-filename`, the one file whose diagnostics are reported.
    pub focus: Option<FileId>,
}

/// Numbers of diagnostics by level, and of files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    /// Counts of the diagnostics that are not suppressed.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: if self.focus.is_some() {
                1
            } else {
                self.files.len()
            },
            ..Summary::default()
        };
        for d in self.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
            match d.level {
                Level::Error => summary.errors += 1,
                Level::Warning => summary.warnings += 1,
                Level::Info => summary.infos += 1,
            }
        }
        summary
    }

    pub fn has_errors(&self) -> bool {
        self.summary().errors > 0
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        self.files.get(id)
    }
}
