//! One handler per notification: documents opened, edited and closed, and files changed
//! on disk.

use std::path::PathBuf;

use lsp_types as lsp;
use lsp_types::notification::*;

use super::convert;
use super::dispatch::Notifications;
use super::session::State;
use crate::source::SourceFile;

/// Handle a notification of an initialized session; what went wrong, if anything, for
/// the client's log.
pub(super) fn handle(state: &mut State, method: &str, params: serde_json::Value) -> Option<String> {
    let handled = Notifications::new(method, params, state)
        .on::<DidOpenTextDocument>(opened)
        .on::<DidChangeTextDocument>(changed)
        .on::<DidCloseTextDocument>(closed)
        .on::<DidChangeWatchedFiles>(changed_on_disk);
    let done = handled.handled();
    let problem = handled.finish();
    if done {
        state.dirty = true;
    }
    problem
}

fn document_path(uri: &lsp::Uri) -> Result<PathBuf, String> {
    convert::path(uri).ok_or_else(|| format!("`{}` is not a file cclint can lint", uri.as_str()))
}

fn opened(state: &mut State, p: lsp::DidOpenTextDocumentParams) -> Result<(), String> {
    let path = document_path(&p.text_document.uri)?;
    if crate::ide::config::is_config(&path) {
        // Kept for hover and navigation; the configuration is read again when saved.
        state.configs.insert(path, p.text_document.text);
        return Ok(());
    }
    let id = state.workspace.set_text(&path, p.text_document.text);
    state.open.insert(id, p.text_document.version);
    state.touched.insert(id);
    Ok(())
}

/// `text` with `changes` applied in order.
fn apply(
    mut text: String,
    changes: Vec<lsp::TextDocumentContentChangeEvent>,
    encoding: convert::Encoding,
) -> String {
    for change in changes {
        match change.range {
            Some(range) => {
                let current = SourceFile::new(PathBuf::new(), String::new(), text);
                let span = convert::span(&current, range, encoding);
                text = current.text;
                text.replace_range(span.start()..span.end(), &change.text);
            }
            None => text = change.text,
        }
    }
    text
}

fn changed(state: &mut State, p: lsp::DidChangeTextDocumentParams) -> Result<(), String> {
    let path = document_path(&p.text_document.uri)?;
    if let Some(text) = state.configs.remove(&path) {
        let text = apply(text, p.content_changes, state.encoding);
        state.configs.insert(path, text);
        return Ok(());
    }
    let id = state
        .workspace
        .file_id(&path)
        .ok_or_else(|| format!("a change to `{}`, which is not open", path.display()))?;
    let text = state
        .workspace
        .file(id)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let text = apply(text, p.content_changes, state.encoding);
    state.workspace.replace_text(id, text);
    state.open.insert(id, p.text_document.version);
    state.touched.insert(id);
    Ok(())
}

fn closed(state: &mut State, p: lsp::DidCloseTextDocumentParams) -> Result<(), String> {
    let path = document_path(&p.text_document.uri)?;
    if state.configs.remove(&path).is_some() {
        return Ok(());
    }
    if let Some(id) = state.workspace.file_id(&path) {
        state.open.remove(&id);
    }
    // What is on disk counts again (unsaved changes were dropped).
    let id = state.workspace.reload(&path);
    state.touched.extend(id);
    Ok(())
}

fn changed_on_disk(state: &mut State, p: lsp::DidChangeWatchedFilesParams) -> Result<(), String> {
    for change in p.changes {
        let Some(path) = convert::path(&change.uri) else {
            continue;
        };
        if path
            .file_name()
            .is_some_and(|n| n == crate::config::FILE_NAME)
        {
            state.reconfigure();
            continue;
        }
        let open = state
            .workspace
            .file_id(&path)
            .is_some_and(|id| state.open.contains_key(&id));
        let excluded = state
            .workspace
            .config()
            .is_some_and(|c| c.excludes(&path, false));
        if open || excluded || path.extension().is_none_or(|e| e != "ccl") {
            continue;
        }
        let id = if change.typ == lsp::FileChangeType::DELETED {
            state.workspace.remove(&path)
        } else {
            state.workspace.reload(&path)
        };
        state.touched.extend(id);
    }
    Ok(())
}
