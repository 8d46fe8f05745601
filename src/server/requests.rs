//! One handler per request: its parameters converted to the library's terms, the `ide`
//! feature called, its result converted back.

use std::collections::HashMap;

use lsp_types as lsp;
use lsp_types::request::*;

use super::convert;
use super::dispatch::{Failure, Requests};
use super::session::State;
use super::transport::REQUEST_FAILED;
use crate::ide;
use crate::source::{SourceFile, Span};
use crate::syntax::Kind;

/// Answer a request of an initialized session.
pub(super) fn answer(
    state: &mut State,
    method: &str,
    params: serde_json::Value,
) -> Result<serde_json::Value, Failure> {
    let requests = Requests::new(method, params, state)
        .on::<HoverRequest>(hover)
        .on::<GotoDefinition>(definition)
        .on::<References>(references)
        .on::<DocumentSymbolRequest>(document_symbols)
        .on::<WorkspaceSymbolRequest>(workspace_symbols)
        .on::<Completion>(completion)
        .on::<PrepareRenameRequest>(prepare_rename)
        .on::<Rename>(rename)
        .on::<CodeActionRequest>(code_actions)
        .on::<Formatting>(formatting);
    super::reading::on(requests).finish()
}

fn hover(state: &mut State, p: lsp::HoverParams) -> Result<Option<lsp::Hover>, Failure> {
    if let Some((source, offset)) = config_at(state, &p.text_document_position_params) {
        let hover = ide::config::hover(&source.text, offset);
        return Ok(hover.map(|h| markup(state, &source, h)));
    }
    let analysis = state.workspace.analysis();
    let Some((file, offset)) = state.at(&p.text_document_position_params) else {
        return Ok(None);
    };
    let Some(hover) = ide::hover::hover(&state.workspace, &analysis, file, offset) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file with a hover exists");
    Ok(Some(markup(state, &source, hover)))
}

/// An open `cclint.yaml` at a position: its text, and the position as an offset.
fn config_at(state: &State, p: &lsp::TextDocumentPositionParams) -> Option<(SourceFile, usize)> {
    let path = convert::path(&p.text_document.uri)?;
    let text = state.configs.get(&path)?.clone();
    let source = SourceFile::new(path, String::new(), text);
    let offset = convert::offset(&source, p.position, state.encoding);
    Some((source, offset))
}

/// Where `cclint.yaml` sets the level of the rule named at a position (in a suppression
/// comment or in `cclint.yaml` itself): its text as open, else as on disk.
fn level_setting(state: &State, p: &lsp::TextDocumentPositionParams) -> Option<lsp::Location> {
    let (path, code) = match config_at(state, p) {
        Some((source, offset)) => (
            source.path.clone(),
            ide::config::rule_at(&source.text, offset)?.1,
        ),
        None => {
            let (file, offset) = state.at(p)?;
            let (_, code) = ide::hover::rule_in_suppression(&state.workspace, file, offset)?;
            (state.workspace.config()?.path.clone(), code)
        }
    };
    let text = match state.configs.get(&path) {
        Some(text) => text.clone(),
        None => std::fs::read_to_string(&path).ok()?,
    };
    let span = ide::config::level_setting(&text, code)?;
    let source = SourceFile::new(path, String::new(), text);
    Some(lsp::Location {
        uri: convert::uri(&source.path, state.workspace.root()),
        range: convert::range(&source, span, state.encoding),
    })
}

/// A hover as the client reads it (Markdown unless it said otherwise).
fn markup(state: &State, source: &SourceFile, hover: ide::hover::Hover) -> lsp::Hover {
    let kind = match state.markdown {
        true => lsp::MarkupKind::Markdown,
        false => lsp::MarkupKind::PlainText,
    };
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind,
            value: hover.markdown,
        }),
        range: Some(convert::range(source, hover.span, state.encoding)),
    }
}

fn definition(
    state: &mut State,
    p: lsp::GotoDefinitionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>, Failure> {
    let analysis = state.workspace.analysis();
    let target = state
        .at(&p.text_document_position_params)
        .and_then(|(file, offset)| {
            ide::navigation::definition(&state.workspace, &analysis, file, offset)
        });
    // A rule's code or name leads to where cclint.yaml sets its level.
    let location = target
        .and_then(|t| state.location(t))
        .or_else(|| level_setting(state, &p.text_document_position_params));
    Ok(location.map(lsp::GotoDefinitionResponse::Scalar))
}

fn references(
    state: &mut State,
    p: lsp::ReferenceParams,
) -> Result<Option<Vec<lsp::Location>>, Failure> {
    let analysis = state.workspace.analysis();
    let Some((file, offset)) = state.at(&p.text_document_position) else {
        return Ok(None);
    };
    let include = p.context.include_declaration;
    let found = ide::navigation::references(&state.workspace, &analysis, file, offset, include);
    Ok(Some(
        found
            .into_iter()
            .filter_map(|l| state.location(l))
            .collect(),
    ))
}

fn document_symbols(
    state: &mut State,
    p: lsp::DocumentSymbolParams,
) -> Result<Option<lsp::DocumentSymbolResponse>, Failure> {
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file of the workspace");
    let symbols = ide::navigation::document_symbols(&state.workspace, file);
    let symbols = symbols
        .iter()
        .map(|s| document_symbol(&source, s, state.encoding))
        .collect();
    Ok(Some(lsp::DocumentSymbolResponse::Nested(symbols)))
}

fn workspace_symbols(
    state: &mut State,
    p: lsp::WorkspaceSymbolParams,
) -> Result<Option<lsp::WorkspaceSymbolResponse>, Failure> {
    let analysis = state.workspace.analysis();
    let found = ide::navigation::workspace_symbols(&analysis, &p.query);
    #[allow(deprecated)]
    let symbols = found
        .into_iter()
        .filter_map(|s| {
            Some(lsp::SymbolInformation {
                name: s.name,
                kind: symbol_kind(ide::navigation::SymbolKind::Declaration(s.kind)),
                tags: None,
                deprecated: None,
                location: state.location(s.location)?,
                container_name: Some(s.title.unwrap_or_else(|| s.kind.keyword().to_string())),
            })
        })
        .collect();
    Ok(Some(lsp::WorkspaceSymbolResponse::Flat(symbols)))
}

fn completion(
    state: &mut State,
    p: lsp::CompletionParams,
) -> Result<Option<lsp::CompletionResponse>, Failure> {
    let analysis = state.workspace.analysis();
    let Some((file, offset)) = state.at(&p.text_document_position) else {
        return Ok(None);
    };
    let (items, incomplete) = ide::completion::complete(&state.workspace, &analysis, file, offset);
    Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: incomplete,
        items: items.into_iter().map(completion_item).collect(),
    })))
}

fn prepare_rename(
    state: &mut State,
    p: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>, Failure> {
    let analysis = state.workspace.analysis();
    let Some((file, offset)) = state.at(&p) else {
        return Ok(None);
    };
    let (span, name) = ide::rename::prepare(&state.workspace, &analysis, file, offset)
        .map_err(|message| (REQUEST_FAILED, message))?;
    let source = state.source(file).expect("a file of the workspace");
    Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(&source, span, state.encoding),
        placeholder: name,
    }))
}

// `lsp::Uri` caches its parts inside, which clippy takes for a mutable key; the
// protocol's own `WorkspaceEdit` is keyed by it.
#[allow(clippy::mutable_key_type)]
fn rename(state: &mut State, p: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>, Failure> {
    let analysis = state.workspace.analysis();
    let Some((file, offset)) = state.at(&p.text_document_position) else {
        return Ok(None);
    };
    let edits = ide::rename::rename(&state.workspace, &analysis, file, offset, &p.new_name)
        .map_err(|message| (REQUEST_FAILED, message))?;
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for edit in edits {
        let Some(source) = state.source(edit.location.file) else {
            continue;
        };
        let range = convert::range(&source, edit.location.span, state.encoding);
        changes
            .entry(state.uri(&source))
            .or_default()
            .push(lsp::TextEdit::new(range, edit.new_text));
    }
    Ok(Some(lsp::WorkspaceEdit::new(changes)))
}

#[allow(clippy::mutable_key_type)]
fn code_actions(
    state: &mut State,
    p: lsp::CodeActionParams,
) -> Result<Option<lsp::CodeActionResponse>, Failure> {
    let analysis = state.workspace.analysis();
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file of the workspace");
    let range = convert::span(&source, p.range, state.encoding);
    let actions = ide::actions::code_actions(&state.workspace, &analysis, file, range);
    let uri = state.uri(&source);
    let related = |id| {
        let other = state.source(id)?;
        Some((state.uri(&other), other))
    };
    let actions = actions
        .into_iter()
        .map(|a| {
            let d = &analysis.diagnostics[a.diagnostic];
            let edits = a
                .edits
                .iter()
                .map(|(span, text)| {
                    lsp::TextEdit::new(convert::range(&source, *span, state.encoding), text.clone())
                })
                .collect();
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: a.title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(
                    d,
                    &source,
                    related,
                    state.encoding,
                )]),
                edit: Some(lsp::WorkspaceEdit::new(HashMap::from([(
                    uri.clone(),
                    edits,
                )]))),
                is_preferred: Some(a.preferred),
                ..Default::default()
            })
        })
        .collect();
    Ok(Some(actions))
}

fn formatting(
    state: &mut State,
    p: lsp::DocumentFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>, Failure> {
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file of the workspace");
    match crate::format::format(&source.text) {
        Ok(formatted) if formatted != source.text => {
            let whole = Span::new(0, source.text.len());
            let mut range = convert::range(&source, whole, state.encoding);
            // From the very start, byte-order mark included.
            range.start = lsp::Position::new(0, 0);
            let text = formatted.strip_prefix('\u{FEFF}').unwrap_or(&formatted);
            Ok(Some(vec![lsp::TextEdit::new(range, text.to_string())]))
        }
        Ok(_) => Ok(Some(Vec::new())),
        // A file that does not parse is not formatted; its CC001 says why.
        Err(_) => Ok(None),
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

#[allow(deprecated)]
fn document_symbol(
    source: &SourceFile,
    s: &ide::navigation::DocumentSymbol,
    encoding: convert::Encoding,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: convert::range(source, s.span, encoding),
        selection_range: convert::range(source, s.selection, encoding),
        children: Some(
            s.children
                .iter()
                .map(|c| document_symbol(source, c, encoding))
                .collect(),
        ),
    }
}

fn completion_item(c: ide::completion::Completion) -> lsp::CompletionItem {
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
    lsp::CompletionItem {
        label: c.label,
        kind: Some(kind),
        detail: c.detail,
        documentation: c.documentation.map(lsp::Documentation::String),
        insert_text: c.insert,
        ..Default::default()
    }
}
