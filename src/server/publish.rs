//! Publishing findings: after a burst of changes, the files whose findings changed since
//! they were last published, with their new findings (not the open documents of a client
//! that pulls them); and the findings of one file, for a client that pulls them.

use std::collections::HashMap;

use lsp_types as lsp;

use super::convert;
use super::session::State;
use crate::source::FileId;

/// The files whose findings changed since they were last published, with their new
/// findings (empty for a file whose findings are gone, or that is gone).
pub(super) fn changed(state: &mut State) -> Vec<lsp::PublishDiagnosticsParams> {
    let analysis = state.workspace.analysis();
    let workspace = &state.workspace;
    let root = workspace.root();
    let mut by_file: HashMap<FileId, Vec<&crate::diagnostic::Diagnostic>> = HashMap::new();
    for d in analysis
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_none())
    {
        if let Some(file) = d.file {
            by_file.entry(file).or_default().push(d);
        }
    }
    let related = |id: FileId| {
        let file = workspace.file(id)?.clone();
        Some((convert::uri(&file.path, root), file))
    };
    let mut changes: Vec<_> = std::mem::take(&mut state.orphans)
        .into_iter()
        .map(|uri| lsp::PublishDiagnosticsParams::new(uri, Vec::new(), None))
        .collect();
    let mut live = std::collections::HashSet::new();
    for id in workspace.ids_in_path_order() {
        live.insert(id);
        if state.pull && state.open.contains_key(&id) {
            // The client pulls an open document's findings: what was pushed before it
            // was opened goes.
            if let Some((uri, _)) = state.published.remove(&id) {
                changes.push(lsp::PublishDiagnosticsParams::new(uri, Vec::new(), None));
            }
            continue;
        }
        let now: Vec<crate::diagnostic::Diagnostic> = by_file
            .get(&id)
            .into_iter()
            .flatten()
            .map(|d| (*d).clone())
            .collect();
        // A finding's positions (its own, and its labels') move with the text of the
        // files they are in: compared as found only when those files did not change.
        let moved = state.touched.contains(&id)
            || now
                .iter()
                .any(|d| d.labels.iter().any(|l| state.touched.contains(&l.file)));
        let unchanged = !moved
            && match state.published.get(&id) {
                Some((_, before)) => *before == now,
                None => now.is_empty(),
            };
        if unchanged {
            continue;
        }
        let source = workspace.file(id).expect("a live file").clone();
        let converted: Vec<lsp::Diagnostic> = now
            .iter()
            .map(|d| convert::diagnostic(d, &source, related, state.encoding))
            .collect();
        let uri = convert::uri(&source.path, root);
        changes.push(lsp::PublishDiagnosticsParams::new(
            uri.clone(),
            converted,
            state.open.get(&id).copied(),
        ));
        if now.is_empty() {
            state.published.remove(&id);
        } else {
            state.published.insert(id, (uri, now));
        }
    }
    state.touched.clear();
    changes.extend(gone(state, &live));
    changes
}

/// Files that are gone (not in `live`): their findings go with them.
fn gone(
    state: &mut State,
    live: &std::collections::HashSet<FileId>,
) -> Vec<lsp::PublishDiagnosticsParams> {
    let gone: Vec<FileId> = state
        .published
        .keys()
        .filter(|id| !live.contains(id))
        .copied()
        .collect();
    gone.into_iter()
        .filter_map(|id| state.published.remove(&id))
        .map(|(uri, _)| lsp::PublishDiagnosticsParams::new(uri, Vec::new(), None))
        .collect()
}

/// The findings of one file, for a client that pulls them (`textDocument/diagnostic`):
/// the same as are pushed for it.
pub(super) fn of_file(state: &mut State, id: FileId) -> Vec<lsp::Diagnostic> {
    let analysis = state.workspace.analysis();
    let workspace = &state.workspace;
    let root = workspace.root();
    let related = |id: FileId| {
        let file = workspace.file(id)?.clone();
        Some((convert::uri(&file.path, root), file))
    };
    let Some(source) = workspace.file(id).cloned() else {
        return Vec::new();
    };
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_none() && d.file == Some(id))
        .map(|d| convert::diagnostic(d, &source, related, state.encoding))
        .collect()
}
