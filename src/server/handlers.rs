//! The server's answers: each request's parameters converted to the library's terms, the
//! `ide` feature called, and its result converted back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::convert::{self, Encoding};
use super::transport::{INVALID_PARAMS, METHOD_NOT_FOUND, REQUEST_FAILED};
use super::State;
use crate::ide;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::Kind;
use crate::Workspace;

type Answer = Result<Value, (i64, String)>;

fn params<P: DeserializeOwned>(params: Value) -> Result<P, (i64, String)> {
    serde_json::from_value(params).map_err(|e| (INVALID_PARAMS, format!("invalid parameters: {e}")))
}

/// The repository a client's workspace folder (or root) names.
fn root_of(params: &lsp::InitializeParams) -> Option<PathBuf> {
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

pub(super) fn initialize(
    params: Value,
    fallback_root: &Path,
) -> Result<(State, Value), (i64, String)> {
    let params: lsp::InitializeParams = self::params(params)?;
    let root = root_of(&params).unwrap_or_else(|| fallback_root.to_path_buf());
    let offers_utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
    let encoding = if offers_utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let markdown = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.hover.as_ref())
        .and_then(|h| h.content_format.as_ref())
        .is_none_or(|formats| formats.contains(&lsp::MarkupKind::Markdown));
    let (workspace, messages) = load(&root, HashMap::new());
    let state = State {
        workspace,
        encoding,
        open: HashMap::new(),
        published: HashMap::new(),
        orphans: Vec::new(),
        rule_docs: match crate::catalog::project_url() {
            Some(_) => None,
            None => convert::write_rule_pages(),
        },
        dirty: true,
        touched: Default::default(),
        markdown,
        messages,
    };
    let result = json!({
        "capabilities": {
            "positionEncoding": match encoding { Encoding::Utf8 => "utf-8", Encoding::Utf16 => "utf-16" },
            "textDocumentSync": { "openClose": true, "change": 2, "save": { "includeText": false } },
            "hoverProvider": true,
            "definitionProvider": true,
            "referencesProvider": true,
            "documentSymbolProvider": true,
            "workspaceSymbolProvider": true,
            "renameProvider": { "prepareProvider": true },
            "completionProvider": { "triggerCharacters": [":", ","] },
            "codeActionProvider": { "codeActionKinds": ["quickfix"] },
            "documentFormattingProvider": true,
        },
        "serverInfo": { "name": "cclint", "version": env!("CARGO_PKG_VERSION") },
    });
    Ok((state, result))
}

/// A workspace of the repository at `root`, as `check` would lint it (the cclint.yaml
/// found from it, its levels, excludes and baseline), with open documents' texts in
/// place of their files. Returns what went wrong loading it, for the client's log.
fn load(root: &Path, open: HashMap<PathBuf, String>) -> (Workspace, Vec<String>) {
    let mut messages = Vec::new();
    // What cannot be loaded is said, and linting goes on without it: without the
    // baseline first, then without the configuration.
    let load = |sources: crate::load::Sources| crate::load::load(root, Path::new("."), &sources);
    let loaded = load(Default::default())
        .or_else(|e| {
            messages.push(format!("{e}; linting without the baseline"));
            load(crate::load::Sources {
                no_baseline: true,
                ..Default::default()
            })
        })
        .unwrap_or_else(|e| {
            messages.push(format!("{e}; linting with the default rules"));
            Default::default()
        });
    let crate::load::Loaded { config, baseline } = loaded;
    let mut workspace =
        Workspace::new(root.to_path_buf(), config, super::settings()).with_baseline(baseline);
    if let Err(e) = workspace.add_paths(&[PathBuf::from(".")], true) {
        messages.push(e.to_string());
    }
    for (path, text) in open {
        workspace.set_text(&path, text);
    }
    (workspace, messages)
}

/// The file a document URI names, if the workspace holds it.
fn file_of(state: &State, uri: &lsp::Uri) -> Option<FileId> {
    state.workspace.file_id(&convert::path(uri)?)
}

fn source(state: &State, file: FileId) -> Option<std::sync::Arc<SourceFile>> {
    state.workspace.file(file).cloned()
}

/// The file and byte offset of a document position.
fn at(state: &State, p: &lsp::TextDocumentPositionParams) -> Option<(FileId, usize)> {
    let file = file_of(state, &p.text_document.uri)?;
    let offset = convert::offset(&*source(state, file)?, p.position, state.encoding);
    Some((file, offset))
}

fn location(state: &State, l: ide::Location) -> Option<Value> {
    let file = source(state, l.file)?;
    Some(json!({
        "uri": convert::uri(&file.path, state.workspace.root()),
        "range": convert::range(&file, l.span, state.encoding),
    }))
}

pub(super) fn request(state: &mut State, method: &str, params: Value) -> Answer {
    let analysis = state.workspace.analysis();
    let workspace = &state.workspace;
    match method {
        "textDocument/hover" => {
            let p: lsp::HoverParams = self::params(params)?;
            let Some((file, offset)) = at(state, &p.text_document_position_params) else {
                return Ok(Value::Null);
            };
            let Some(hover) = ide::hover::hover(workspace, &analysis, file, offset) else {
                return Ok(Value::Null);
            };
            let source = source(state, file).expect("a file with a hover exists");
            let kind = if state.markdown {
                "markdown"
            } else {
                "plaintext"
            };
            Ok(json!({
                "contents": { "kind": kind, "value": hover.markdown },
                "range": convert::range(&source, hover.span, state.encoding),
            }))
        }
        "textDocument/definition" => {
            let p: lsp::GotoDefinitionParams = self::params(params)?;
            let target = at(state, &p.text_document_position_params).and_then(|(file, offset)| {
                ide::navigation::definition(workspace, &analysis, file, offset)
            });
            Ok(target
                .and_then(|t| location(state, t))
                .unwrap_or(Value::Null))
        }
        "textDocument/references" => {
            let p: lsp::ReferenceParams = self::params(params)?;
            let Some((file, offset)) = at(state, &p.text_document_position) else {
                return Ok(Value::Null);
            };
            let found = ide::navigation::references(
                workspace,
                &analysis,
                file,
                offset,
                p.context.include_declaration,
            );
            Ok(Value::Array(
                found
                    .into_iter()
                    .filter_map(|l| location(state, l))
                    .collect(),
            ))
        }
        "textDocument/documentSymbol" => {
            let p: lsp::DocumentSymbolParams = self::params(params)?;
            let Some(file) = file_of(state, &p.text_document.uri) else {
                return Ok(Value::Null);
            };
            let source = source(state, file).expect("a file of the workspace");
            let symbols = ide::navigation::document_symbols(workspace, file);
            Ok(Value::Array(
                symbols
                    .iter()
                    .map(|s| document_symbol(&source, s, state.encoding))
                    .collect(),
            ))
        }
        "workspace/symbol" => {
            let p: lsp::WorkspaceSymbolParams = self::params(params)?;
            let found = ide::navigation::workspace_symbols(&analysis, &p.query);
            Ok(Value::Array(
                found
                    .into_iter()
                    .filter_map(|s| {
                        Some(json!({
                            "name": s.name,
                            "kind": symbol_kind(ide::navigation::SymbolKind::Declaration(s.kind)),
                            "location": location(state, s.location)?,
                            "containerName": s.title.unwrap_or_else(|| s.kind.keyword().to_string()),
                        }))
                    })
                    .collect(),
            ))
        }
        "textDocument/completion" => {
            let p: lsp::CompletionParams = self::params(params)?;
            let Some((file, offset)) = at(state, &p.text_document_position) else {
                return Ok(Value::Null);
            };
            let (items, incomplete) = ide::completion::complete(workspace, &analysis, file, offset);
            let items: Vec<Value> = items.into_iter().map(completion_item).collect();
            Ok(json!({ "isIncomplete": incomplete, "items": items }))
        }
        "textDocument/prepareRename" => {
            let p: lsp::TextDocumentPositionParams = self::params(params)?;
            let Some((file, offset)) = at(state, &p) else {
                return Ok(Value::Null);
            };
            let (span, name) = ide::rename::prepare(workspace, &analysis, file, offset)
                .map_err(|message| (REQUEST_FAILED, message))?;
            let source = source(state, file).expect("a file of the workspace");
            Ok(json!({
                "range": convert::range(&source, span, state.encoding),
                "placeholder": name,
            }))
        }
        "textDocument/rename" => {
            let p: lsp::RenameParams = self::params(params)?;
            let Some((file, offset)) = at(state, &p.text_document_position) else {
                return Ok(Value::Null);
            };
            let edits = ide::rename::rename(workspace, &analysis, file, offset, &p.new_name)
                .map_err(|message| (REQUEST_FAILED, message))?;
            let mut changes: serde_json::Map<String, Value> = serde_json::Map::new();
            for edit in edits {
                let Some(source) = source(state, edit.location.file) else {
                    continue;
                };
                let uri = convert::uri(&source.path, workspace.root());
                let list = changes
                    .entry(uri.as_str().to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.push(json!({
                        "range": convert::range(&source, edit.location.span, state.encoding),
                        "newText": edit.new_text,
                    }));
                }
            }
            Ok(json!({ "changes": changes }))
        }
        "textDocument/codeAction" => {
            let p: lsp::CodeActionParams = self::params(params)?;
            let Some(file) = file_of(state, &p.text_document.uri) else {
                return Ok(Value::Null);
            };
            let source = source(state, file).expect("a file of the workspace");
            let range = convert::span(&source, p.range, state.encoding);
            let actions = ide::actions::code_actions(workspace, &analysis, file, range);
            let uri = convert::uri(&source.path, workspace.root());
            let files = |id: FileId| {
                let other = workspace.file(id)?.clone();
                Some((convert::uri(&other.path, workspace.root()), other))
            };
            Ok(Value::Array(
                actions
                    .into_iter()
                    .map(|a| {
                        let d = &analysis.diagnostics[a.diagnostic];
                        let edits: Vec<Value> = a
                            .edits
                            .iter()
                            .map(|(span, text)| {
                                json!({
                                    "range": convert::range(&source, *span, state.encoding),
                                    "newText": text,
                                })
                            })
                            .collect();
                        json!({
                            "title": a.title,
                            "kind": "quickfix",
                            "diagnostics": [convert::diagnostic(d, &source, files, state.encoding, state.rule_docs.as_deref())],
                            "isPreferred": a.preferred,
                            "edit": { "changes": { uri.as_str(): edits } },
                        })
                    })
                    .collect(),
            ))
        }
        "textDocument/formatting" => {
            let p: lsp::DocumentFormattingParams = self::params(params)?;
            let Some(file) = file_of(state, &p.text_document.uri) else {
                return Ok(Value::Null);
            };
            let source = source(state, file).expect("a file of the workspace");
            match crate::format::format(&source.text) {
                Ok(formatted) if formatted != source.text => {
                    let whole = Span::new(0, source.text.len());
                    let mut range = convert::range(&source, whole, state.encoding);
                    // From the very start, byte-order mark included.
                    range.start = lsp::Position::new(0, 0);
                    let text = formatted.strip_prefix('\u{FEFF}').unwrap_or(&formatted);
                    Ok(json!([{ "range": range, "newText": text }]))
                }
                Ok(_) => Ok(json!([])),
                // A file that does not parse is not formatted; its CC001 says why.
                Err(_) => Ok(Value::Null),
            }
        }
        _ => Err((
            METHOD_NOT_FOUND,
            format!("cclint does not handle `{method}`"),
        )),
    }
}

fn symbol_kind(kind: ide::navigation::SymbolKind) -> lsp::SymbolKind {
    use ide::navigation::SymbolKind as K;
    match kind {
        K::Declaration(Kind::Organisation) => lsp::SymbolKind::NAMESPACE,
        K::Declaration(Kind::Department) => lsp::SymbolKind::MODULE,
        K::Declaration(Kind::Role) => lsp::SymbolKind::CLASS,
        K::Declaration(Kind::Product) => lsp::SymbolKind::STRUCT,
        K::Declaration(Kind::Policy) => lsp::SymbolKind::INTERFACE,
        K::Declaration(Kind::Rule) => lsp::SymbolKind::EVENT,
        K::Field => lsp::SymbolKind::FIELD,
    }
}

fn document_symbol(
    source: &SourceFile,
    s: &ide::navigation::DocumentSymbol,
    encoding: Encoding,
) -> Value {
    let mut symbol = json!({
        "name": s.name,
        "kind": symbol_kind(s.kind),
        "range": convert::range(source, s.span, encoding),
        "selectionRange": convert::range(source, s.selection, encoding),
        "children": s.children.iter().map(|c| document_symbol(source, c, encoding)).collect::<Vec<_>>(),
    });
    if let Some(detail) = &s.detail {
        symbol["detail"] = json!(detail);
    }
    symbol
}

fn completion_item(c: ide::completion::Completion) -> Value {
    use ide::completion::CompletionKind as K;
    let kind = match c.kind {
        K::Keyword => lsp::CompletionItemKind::KEYWORD,
        K::Field => lsp::CompletionItemKind::FIELD,
        K::Name(Kind::Role) => lsp::CompletionItemKind::CLASS,
        K::Name(Kind::Department) => lsp::CompletionItemKind::MODULE,
        K::Name(Kind::Product) => lsp::CompletionItemKind::STRUCT,
        K::Name(_) => lsp::CompletionItemKind::REFERENCE,
        K::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        K::Rule => lsp::CompletionItemKind::VALUE,
    };
    let mut item = json!({ "label": c.label, "kind": kind });
    if let Some(detail) = c.detail {
        item["detail"] = json!(detail);
    }
    if let Some(doc) = c.documentation {
        item["documentation"] = json!(doc);
    }
    if let Some(insert) = c.insert {
        item["insertText"] = json!(insert);
    }
    item
}

/// Handle a notification; what went wrong, if anything, for the client's log.
pub(super) fn notification(state: &mut State, method: &str, params: Value) -> Option<String> {
    let result: Result<(), String> = (|| {
        match method {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = parse(params)?;
                let path = document_path(&p.text_document.uri)?;
                let id = state.workspace.set_text(&path, p.text_document.text);
                state.open.insert(id, p.text_document.version);
                state.touched.insert(id);
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = parse(params)?;
                let path = document_path(&p.text_document.uri)?;
                let id = state.workspace.file_id(&path).ok_or_else(|| {
                    format!("a change to `{}`, which is not open", path.display())
                })?;
                let mut text = state
                    .workspace
                    .file(id)
                    .map(|f| f.text.clone())
                    .unwrap_or_default();
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let current = SourceFile::new(PathBuf::new(), String::new(), text);
                            let span = convert::span(&current, range, state.encoding);
                            text = current.text;
                            text.replace_range(span.start()..span.end(), &change.text);
                        }
                        None => text = change.text,
                    }
                }
                state.workspace.replace_text(id, text);
                state.open.insert(id, p.text_document.version);
                state.touched.insert(id);
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = parse(params)?;
                let path = document_path(&p.text_document.uri)?;
                if let Some(id) = state.workspace.file_id(&path) {
                    state.open.remove(&id);
                }
                // What is on disk counts again (unsaved changes were dropped).
                let id = state.workspace.reload(&path);
                state.touched.extend(id);
            }
            "workspace/didChangeWatchedFiles" => {
                let p: lsp::DidChangeWatchedFilesParams = parse(params)?;
                for change in p.changes {
                    let Some(path) = convert::path(&change.uri) else {
                        continue;
                    };
                    if path
                        .file_name()
                        .is_some_and(|n| n == crate::config::FILE_NAME)
                    {
                        reconfigure(state);
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
            }
            // Saving changes nothing the editor has not sent; the rest is not ours.
            _ => return Ok(()),
        }
        state.dirty = true;
        Ok(())
    })();
    result.err()
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}

fn document_path(uri: &lsp::Uri) -> Result<PathBuf, String> {
    convert::path(uri).ok_or_else(|| format!("`{}` is not a file cclint can lint", uri.as_str()))
}

/// cclint.yaml changed: load the workspace again with the new configuration, keeping
/// the open documents' texts.
fn reconfigure(state: &mut State) {
    let root = state.workspace.root().to_path_buf();
    let open: HashMap<PathBuf, String> = state
        .open
        .keys()
        .filter_map(|&id| {
            let file = state.workspace.file(id)?;
            Some((file.path.clone(), file.text.clone()))
        })
        .collect();
    let versions: HashMap<PathBuf, i32> = state
        .open
        .iter()
        .filter_map(|(&id, &v)| Some((state.workspace.file(id)?.path.clone(), v)))
        .collect();
    let (workspace, messages) = load(&root, open);
    state.open = versions
        .into_iter()
        .filter_map(|(path, v)| Some((workspace.file_id(&path)?, v)))
        .collect();
    // File ids start again: what was published is cleared, then published anew.
    state
        .orphans
        .extend(state.published.drain().map(|(_, (uri, _))| uri));
    state.workspace = workspace;
    state.messages.extend(messages);
}

/// The files whose findings changed since they were last published, with their new
/// findings (empty for a file whose findings are gone, or that is gone).
pub(super) fn changed_diagnostics(
    state: &mut State,
) -> Vec<(lsp::Uri, Option<i32>, Vec<lsp::Diagnostic>)> {
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
        .map(|uri| (uri, None, Vec::new()))
        .collect();
    let mut live = std::collections::HashSet::new();
    for id in workspace.ids_in_path_order() {
        live.insert(id);
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
            .map(|d| {
                convert::diagnostic(
                    d,
                    &source,
                    related,
                    state.encoding,
                    state.rule_docs.as_deref(),
                )
            })
            .collect();
        let uri = convert::uri(&source.path, root);
        changes.push((uri.clone(), state.open.get(&id).copied(), converted));
        if now.is_empty() {
            state.published.remove(&id);
        } else {
            state.published.insert(id, (uri, now));
        }
    }
    state.touched.clear();
    // Files that are gone: their findings go with them.
    let gone: Vec<FileId> = state
        .published
        .keys()
        .filter(|id| !live.contains(id))
        .copied()
        .collect();
    for id in gone {
        if let Some((uri, _)) = state.published.remove(&id) {
            changes.push((uri, None, Vec::new()));
        }
    }
    changes
}
