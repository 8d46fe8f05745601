//! `check --fix`: lint, apply the fixes the findings carry ([`crate::edit`]), and lint
//! again, to a fixed point, in memory; the command writes the changed files.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Applicability;
use crate::edit::apply;
use crate::source::{FileId, SourceFile};
use crate::{CheckOptions, Report, Workspace};

/// The most rounds of lint-and-fix: a fix can reveal another (a reference corrected, then
/// its suppression unused), but never indefinitely.
pub const MAX_ROUNDS: usize = 4;

/// What `check --fix` did.
#[derive(Debug)]
pub struct Fixed {
    /// The report of the fixed text: what remains.
    pub report: Report,
    /// The files whose text changed: (path, display path, original text, fixed text).
    pub changed: Vec<(std::path::PathBuf, String, String, String)>,
    /// How many fixes were applied.
    pub applied: usize,
    /// How many unsafe fixes remain that `--unsafe-fixes` would apply.
    pub unsafe_left: usize,
}

/// Lint what `options` names and apply its fixes to a fixed point (at most
/// [`MAX_ROUNDS`]), in memory: the caller writes the changed files. A file with a syntax
/// error is never touched, and a round's changes to a file are undone if they gave it a
/// core error it did not have. With a buffer (`--stdin-filename`), only the buffer is
/// fixed.
///
/// A file `keep` holds (one that cannot be written: read-only, say) is never changed: its
/// findings are reported as they are.
pub fn fix(
    options: &CheckOptions,
    unsafe_fixes: bool,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<Fixed, crate::Error> {
    let (mut workspace, focus) = crate::open(options)?;
    Ok(fix_workspace(&mut workspace, focus, unsafe_fixes, keep))
}

/// [`fix`] on a workspace (as tests and a language server hold one): only file `focus`
/// when given. The workspace is left holding the fixed text.
pub fn fix_workspace(
    workspace: &mut Workspace,
    focus: Option<FileId>,
    unsafe_fixes: bool,
    keep: &dyn Fn(&Path) -> bool,
) -> Fixed {
    let originals: Vec<(FileId, Arc<SourceFile>)> = workspace
        .ids_in_path_order()
        .into_iter()
        .filter_map(|id| Some((id, workspace.file(id)?.clone())))
        .collect();
    let mut fixer = Fixer {
        workspace,
        focus,
        unsafe_fixes,
        keep,
        frozen: HashSet::new(),
        applied: 0,
    };
    let mut report = fixer.workspace.report(focus);
    for _ in 0..MAX_ROUNDS {
        let round = fixer.round(&originals, &report);
        if round.is_empty() {
            break;
        }
        report = fixer.keep_what_holds(round, report);
    }
    let unsafe_left = match unsafe_fixes {
        true => 0,
        false => report
            .diagnostics
            .iter()
            .filter(|d| d.suppressed.is_none())
            .filter(|d| {
                d.fixes
                    .iter()
                    .any(|f| f.applicability == Applicability::Unsafe)
            })
            .count(),
    };
    let workspace = fixer.workspace;
    let changed = originals
        .into_iter()
        .filter_map(|(id, original)| {
            let now = workspace.file(id)?;
            (now.text != original.text).then(|| {
                let (path, name) = (now.path.clone(), now.display.clone());
                (path, name, original.text.clone(), now.text.clone())
            })
        })
        .collect();
    Fixed {
        report,
        changed,
        applied: fixer.applied,
        unsafe_left,
    }
}

/// The state of a fix loop.
struct Fixer<'a> {
    workspace: &'a mut Workspace,
    focus: Option<FileId>,
    unsafe_fixes: bool,
    keep: &'a dyn Fn(&Path) -> bool,
    /// Files whose fixes broke them: left alone.
    frozen: HashSet<FileId>,
    applied: usize,
}

/// The files a round changed: each with its text before and how many fixes it took.
type Round = Vec<(FileId, Arc<SourceFile>, usize)>;

impl Fixer<'_> {
    /// Apply the fixes of `report` to every file that may be fixed.
    fn round(&mut self, files: &[(FileId, Arc<SourceFile>)], report: &Report) -> Round {
        let mut round = Vec::new();
        for &(id, _) in files {
            // A file with a syntax error is never touched.
            let broken = |d: &crate::diagnostic::Diagnostic| {
                d.file == Some(id) && d.code == crate::catalog::Code::CC001
            };
            let fixable = self.workspace.problem(id).is_none()
                && !self.frozen.contains(&id)
                && self.focus.is_none_or(|f| f == id)
                && !report.diagnostics.iter().any(broken);
            let Some(before) = self.workspace.file(id).cloned().filter(|_| fixable) else {
                continue;
            };
            if self.focus.is_none() && (self.keep)(&before.path) {
                continue;
            }
            let own = report.diagnostics.iter().filter(|d| d.file == Some(id));
            let (text, n) = apply(&before.text, own, self.unsafe_fixes);
            if n > 0 {
                self.workspace.replace_text(id, text);
                round.push((id, before, n));
            }
        }
        round
    }

    /// Lint the files a round changed; undo the changes that gave a file a core error it
    /// did not have (a fix should not: the file is left alone from then on). The report
    /// of what remains.
    fn keep_what_holds(&mut self, round: Round, previous: Report) -> Report {
        let report = self.workspace.report(self.focus);
        let mut undone = false;
        for (id, before, n) in round {
            let had = core_errors_in(&previous, id);
            if core_errors_in(&report, id)
                .difference(&had)
                .next()
                .is_some()
            {
                self.workspace.replace_text(id, before.text.clone());
                self.frozen.insert(id);
                undone = true;
            } else {
                self.applied += n;
            }
        }
        match undone {
            true => self.workspace.report(self.focus),
            false => report,
        }
    }
}

/// The fingerprints of the core errors (CC001-CC006) in file `id`.
fn core_errors_in(report: &Report, id: FileId) -> HashSet<&str> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.file == Some(id) && d.code.is_core())
        .map(|d| d.fingerprint.as_str())
        .collect()
}
