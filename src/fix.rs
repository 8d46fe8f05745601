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
    let mut frozen: HashSet<FileId> = HashSet::new();
    let mut applied = 0;
    let mut report = workspace.report(focus);
    for _ in 0..MAX_ROUNDS {
        let mut round = Vec::new();
        for (id, _) in &originals {
            let id = *id;
            // A file with a syntax error is never touched.
            let fixable = workspace.problem(id).is_none()
                && !frozen.contains(&id)
                && focus.is_none_or(|f| f == id)
                && !report
                    .diagnostics
                    .iter()
                    .any(|d| d.file == Some(id) && d.code == crate::catalog::Code::CC001);
            if !fixable {
                continue;
            }
            let Some(before) = workspace.file(id).cloned() else {
                continue;
            };
            if focus.is_none() && keep(&before.path) {
                continue;
            }
            let (text, n) = apply(
                &before.text,
                report.diagnostics.iter().filter(|d| d.file == Some(id)),
                unsafe_fixes,
            );
            if n > 0 {
                workspace.replace_text(id, text);
                round.push((id, before, n));
            }
        }
        if round.is_empty() {
            break;
        }
        let previous = std::mem::replace(&mut report, workspace.report(focus));
        let mut undone = false;
        for (id, before, n) in round {
            let had = core_errors_in(&previous, id);
            if core_errors_in(&report, id)
                .difference(&had)
                .next()
                .is_some()
            {
                // The fix broke the file (it should not): undo and leave it alone.
                workspace.replace_text(id, before.text.clone());
                frozen.insert(id);
                undone = true;
            } else {
                applied += n;
            }
        }
        if undone {
            report = workspace.report(focus);
        }
    }
    let unsafe_left = if unsafe_fixes {
        0
    } else {
        report
            .diagnostics
            .iter()
            .filter(|d| d.suppressed.is_none())
            .filter(|d| {
                d.fixes
                    .iter()
                    .any(|f| f.applicability == Applicability::Unsafe)
            })
            .count()
    };
    let changed = originals
        .into_iter()
        .filter_map(|(id, original)| {
            let now = workspace.file(id)?;
            (now.text != original.text).then(|| {
                (
                    now.path.clone(),
                    now.display.clone(),
                    original.text.clone(),
                    now.text.clone(),
                )
            })
        })
        .collect();
    Fixed {
        report,
        changed,
        applied,
        unsafe_left,
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
