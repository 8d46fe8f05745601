//! The outcome of a check: the files read and the diagnostics.

use crate::diagnostic::{Diagnostic, Level};
use crate::source::{FileId, SourceFile};

/// The outcome of a check: the files read, in path order, and the diagnostics, sorted.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<SourceFile>,
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
        &self.files[id.0]
    }
}
