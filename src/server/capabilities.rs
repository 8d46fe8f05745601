//! What the server tells the client it can do, as the protocol's types.

use lsp_types as lsp;

use super::convert::Encoding;

/// The capabilities of a session whose positions count in `encoding`, and whose client
/// pulls findings (`pull`) rather than waits for them.
pub(super) fn server(encoding: Encoding, pull: bool) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(false),
                    },
                )),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![":".to_string(), ",".to_string()]),
            ..Default::default()
        }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(lsp::SelectionRangeProviderCapability::Simple(true)),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: super::reading::legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: Default::default(),
                },
            ),
        ),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        // Findings are pushed as they change, unless the client pulls them.
        diagnostic_provider: pull.then(|| {
            lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                identifier: Some("cclint".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        ..Default::default()
    }
}

/// How the client counts characters: UTF-8 bytes when it offers them, else UTF-16 units
/// (the protocol's default).
pub(super) fn encoding(params: &lsp::InitializeParams) -> Encoding {
    let general = params.capabilities.general.as_ref();
    let encodings = general.and_then(|g| g.position_encodings.as_ref());
    match encodings.is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8)) {
        true => Encoding::Utf8,
        false => Encoding::Utf16,
    }
}

/// Whether the client pulls the findings of its documents (`textDocument/diagnostic`) and
/// can be asked to pull them again when other files change them.
pub(super) fn pulls(params: &lsp::InitializeParams) -> bool {
    let caps = &params.capabilities;
    let pull = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let refresh = caps
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support);
    pull && refresh == Some(true)
}

/// Whether the client reads Markdown in hovers (it does unless it says otherwise).
pub(super) fn markdown(params: &lsp::InitializeParams) -> bool {
    let text_document = params.capabilities.text_document.as_ref();
    let hover = text_document.and_then(|t| t.hover.as_ref());
    hover
        .and_then(|h| h.content_format.as_ref())
        .is_none_or(|formats| formats.contains(&lsp::MarkupKind::Markdown))
}

/// The registration that asks the client to say when `.ccl` files and `cclint.yaml`
/// change on disk (registered dynamically, once the client is initialized).
pub(super) fn watched_files() -> lsp::RegistrationParams {
    let watcher = |glob: &str| lsp::FileSystemWatcher {
        glob_pattern: lsp::GlobPattern::String(glob.to_string()),
        kind: None,
    };
    let options = lsp::DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![watcher("**/*.ccl"), watcher("**/cclint.yaml")],
    };
    lsp::RegistrationParams {
        registrations: vec![lsp::Registration {
            id: "cclint-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: Some(serde_json::to_value(options).expect("options serialise")),
        }],
    }
}
