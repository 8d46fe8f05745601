//! The requests that help a reader: folding, selection ranges, highlights of a name,
//! semantic tokens, inlay hints, and findings pulled by the client. Each converts its parameters, calls the `ide`
//! feature and converts the result back.

use lsp_types as lsp;
use lsp_types::request::*;

use super::convert;
use super::dispatch::{Failure, Requests};
use super::session::State;
use crate::ide;
use crate::ide::tokens::TokenType;
use crate::source::Span;

/// The requests of this module, added to the dispatch of `requests`.
pub(super) fn on<'a>(requests: Requests<'a, State>) -> Requests<'a, State> {
    requests
        .on::<FoldingRangeRequest>(folding_ranges)
        .on::<SelectionRangeRequest>(selection_ranges)
        .on::<DocumentHighlightRequest>(highlights)
        .on::<SemanticTokensFullRequest>(semantic_tokens)
        .on::<InlayHintRequest>(inlay_hints)
        .on::<DocumentDiagnosticRequest>(pulled_diagnostics)
}

/// The findings of a document, for a client that pulls them rather than waits for them.
fn pulled_diagnostics(
    state: &mut State,
    p: lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReportResult, Failure> {
    let items = match state.file_of(&p.text_document.uri) {
        Some(file) => super::publish::of_file(state, file),
        None => Vec::new(),
    };
    Ok(lsp::DocumentDiagnosticReportResult::Report(
        lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}

/// The legend the semantic tokens are written in.
pub(super) fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TokenType::LEGEND
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t))
            .collect(),
        token_modifiers: ide::tokens::MODIFIERS
            .iter()
            .map(|m| lsp::SemanticTokenModifier::new(m))
            .collect(),
    }
}

fn folding_ranges(
    state: &mut State,
    p: lsp::FoldingRangeParams,
) -> Result<Option<Vec<lsp::FoldingRange>>, Failure> {
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file of the workspace");
    let line = |offset: usize| convert::position(&source, offset, state.encoding).line;
    let ranges = ide::structure::folding_ranges(&state.workspace, file)
        .into_iter()
        .filter_map(|fold| {
            let start_line = line(fold.span.start());
            // A block folds up to its closing brace, which stays in sight.
            let end_line = line(fold.span.end()).saturating_sub(u32::from(!fold.comment));
            (end_line > start_line).then(|| lsp::FoldingRange {
                start_line,
                end_line,
                kind: Some(match fold.comment {
                    true => lsp::FoldingRangeKind::Comment,
                    false => lsp::FoldingRangeKind::Region,
                }),
                ..Default::default()
            })
        })
        .collect();
    Ok(Some(ranges))
}

fn selection_ranges(
    state: &mut State,
    p: lsp::SelectionRangeParams,
) -> Result<Option<Vec<lsp::SelectionRange>>, Failure> {
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file of the workspace");
    let ranges = p
        .positions
        .iter()
        .map(|&position| {
            let offset = convert::offset(&source, position, state.encoding);
            let spans = ide::structure::selection_ranges(&state.workspace, file, offset);
            // Built from the outermost in: each range's parent is the one around it.
            spans.iter().rev().fold(None, |parent, &span| {
                Some(lsp::SelectionRange {
                    range: convert::range(&source, span, state.encoding),
                    parent: parent.map(Box::new),
                })
            })
        })
        .map(|range| {
            range.unwrap_or_else(|| lsp::SelectionRange {
                range: convert::range(&source, Span::new(0, 0), state.encoding),
                parent: None,
            })
        })
        .collect();
    Ok(Some(ranges))
}

fn highlights(
    state: &mut State,
    p: lsp::DocumentHighlightParams,
) -> Result<Option<Vec<lsp::DocumentHighlight>>, Failure> {
    let analysis = state.workspace.analysis();
    let Some((file, offset)) = state.at(&p.text_document_position_params) else {
        return Ok(None);
    };
    let source = state.source(file).expect("a file of the workspace");
    let found = ide::tokens::highlights(&state.workspace, &analysis, file, offset)
        .into_iter()
        .map(|(span, declared)| lsp::DocumentHighlight {
            range: convert::range(&source, span, state.encoding),
            kind: Some(match declared {
                true => lsp::DocumentHighlightKind::WRITE,
                false => lsp::DocumentHighlightKind::READ,
            }),
        })
        .collect();
    Ok(Some(found))
}

fn semantic_tokens(
    state: &mut State,
    p: lsp::SemanticTokensParams,
) -> Result<Option<lsp::SemanticTokensResult>, Failure> {
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let analysis = state.workspace.analysis();
    let source = state.source(file).expect("a file of the workspace");
    let mut previous = lsp::Position::new(0, 0);
    let data = ide::tokens::semantic_tokens(&state.workspace, &analysis, file)
        .into_iter()
        .map(|token| {
            let start = convert::position(&source, token.span.start(), state.encoding);
            let end = convert::position(&source, token.span.end(), state.encoding);
            let delta_line = start.line - previous.line;
            let delta_start = match delta_line {
                0 => start.character - previous.character,
                _ => start.character,
            };
            previous = start;
            lsp::SemanticToken {
                delta_line,
                delta_start,
                length: end.character - start.character,
                token_type: token.kind as u32,
                token_modifiers_bitset: token.modifiers,
            }
        })
        .collect();
    Ok(Some(lsp::SemanticTokensResult::Tokens(
        lsp::SemanticTokens {
            result_id: None,
            data,
        },
    )))
}

fn inlay_hints(
    state: &mut State,
    p: lsp::InlayHintParams,
) -> Result<Option<Vec<lsp::InlayHint>>, Failure> {
    let Some(file) = state.file_of(&p.text_document.uri) else {
        return Ok(None);
    };
    let analysis = state.workspace.analysis();
    let source = state.source(file).expect("a file of the workspace");
    let range = convert::span(&source, p.range, state.encoding);
    let hints = ide::tokens::inlay_hints(&analysis, file, range)
        .into_iter()
        .map(|hint| lsp::InlayHint {
            position: convert::position(&source, hint.offset, state.encoding),
            label: lsp::InlayHintLabel::String(hint.label),
            kind: Some(lsp::InlayHintKind::TYPE),
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Ok(Some(hints))
}
