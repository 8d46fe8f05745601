//! What an editor colours and annotates in a file: semantic tokens (names by the kind
//! they declare or resolve to, unresolved references marked, rule codes in suppression
//! comments), the highlights of the name under the cursor, and inlay hints.

use std::collections::HashMap;

use super::name_at;
use crate::model::{EntityRef, Occurrence};
use crate::source::{FileId, Span};
use crate::syntax::{Kind, Literal};
use crate::{Analysis, Workspace};

/// The kinds of token, in the order of [`TokenType::LEGEND`] (the protocol's standard
/// names, chosen so that themes colour each kind of declaration apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenType {
    Keyword,
    /// An organisation.
    Namespace,
    /// A department.
    Struct,
    /// A role.
    Class,
    /// A product.
    Type,
    /// A policy.
    Interface,
    /// A decision rule.
    Function,
    /// A field key.
    Property,
    /// A word value (`static`, `direct`, `all`).
    EnumMember,
    String,
    Number,
    Comment,
    /// A rule code or name in a suppression comment.
    Macro,
    /// A reference that names nothing.
    Variable,
}

impl TokenType {
    pub const LEGEND: [&'static str; 14] = [
        "keyword",
        "namespace",
        "struct",
        "class",
        "type",
        "interface",
        "function",
        "property",
        "enumMember",
        "string",
        "number",
        "comment",
        "macro",
        "variable",
    ];

    /// The token type of names of `kind`.
    pub fn of_kind(kind: Kind) -> TokenType {
        match kind {
            Kind::Organisation => TokenType::Namespace,
            Kind::Department => TokenType::Struct,
            Kind::Role => TokenType::Class,
            Kind::Product => TokenType::Type,
            Kind::Policy => TokenType::Interface,
            Kind::Rule => TokenType::Function,
        }
    }
}

/// Token modifiers, as bits in the order of [`MODIFIERS`].
pub const DECLARATION: u32 = 1;
pub const UNRESOLVED: u32 = 2;
pub const MODIFIERS: [&str; 2] = ["declaration", "unresolved"];

/// One token: where, what, and its modifier bits. Tokens never span lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenType,
    pub modifiers: u32,
}

/// The tokens of `file`, in text order, without overlaps.
pub fn semantic_tokens(workspace: &Workspace, analysis: &Analysis, file: FileId) -> Vec<Token> {
    let (Some(parsed), Some(source)) = (workspace.parsed(file), workspace.file(file)) else {
        return Vec::new();
    };
    let model = &analysis.model;
    let kind_of = |entity: EntityRef| model.declared(entity).kind;
    let occurrences: HashMap<usize, Occurrence> = model
        .index()
        .in_file(file)
        .iter()
        .map(|(span, occurrence)| (span.start(), *occurrence))
        .collect();
    let token = |span: Span, kind: TokenType, modifiers: u32| Token {
        span,
        kind,
        modifiers,
    };
    let mut tokens = Vec::new();
    for decl in &parsed.declarations {
        tokens.push(token(decl.kind_span(), TokenType::Keyword, 0));
        let name = TokenType::of_kind(decl.kind);
        tokens.push(token(decl.name.span, name, DECLARATION));
        if let Some(title) = &decl.title {
            tokens.push(token(title.span, TokenType::String, 0));
        }
        for field in &decl.fields {
            tokens.push(token(field.key_span(), TokenType::Property, 0));
            for value in &field.values {
                let (kind, modifiers) = match (&value.literal, occurrences.get(&value.span.start()))
                {
                    (_, Some(Occurrence::Reference(i))) => {
                        match model.index().references[*i].target {
                            Some(target) => (TokenType::of_kind(kind_of(target)), 0),
                            None => (TokenType::Variable, UNRESOLVED),
                        }
                    }
                    (Literal::Ident(_), _) => (TokenType::EnumMember, 0),
                    (Literal::String(_), _) => (TokenType::String, 0),
                    (Literal::Integer(_), _) => (TokenType::Number, 0),
                    (Literal::Boolean(_), _) => (TokenType::Keyword, 0),
                };
                tokens.push(token(value.span, kind, modifiers));
            }
        }
    }
    let text = source.text.as_str();
    for comment in &parsed.comments {
        // A suppression's rules stand out of its comment: the comment is cut around them.
        let mut from = comment.span.start();
        for (span, _) in crate::suppress::rules_written(text, comment) {
            tokens.push(token(Span::new(from, span.start()), TokenType::Comment, 0));
            tokens.push(token(span, TokenType::Macro, 0));
            from = span.end();
        }
        tokens.push(token(
            Span::new(from, comment.span.end()),
            TokenType::Comment,
            0,
        ));
    }
    tokens.retain(|t| t.span.end() > t.span.start());
    tokens.sort_by_key(|t| t.span.start());
    tokens
}

/// The uses of the name at `offset` within `file`, each with whether it is the
/// declaration (written) rather than a reference (read).
pub fn highlights(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Vec<(Span, bool)> {
    let Some(at) = name_at(workspace, analysis, file, offset) else {
        return Vec::new();
    };
    let declared = analysis
        .model
        .symbols
        .get(&at.name)
        .map(|s| (s.file, s.span));
    super::navigation::references(workspace, analysis, file, offset, true)
        .into_iter()
        .filter(|l| l.file == file)
        .map(|l| (l.span, declared == Some((l.file, l.span))))
        .collect()
}

/// A note shown after a place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

/// After each role named in `file` within `range`: whether the role is `internal` (an
/// employee) or `external`, which decides most of what the rules say about it.
pub fn inlay_hints(analysis: &Analysis, file: FileId, range: Span) -> Vec<InlayHint> {
    let model = &analysis.model;
    let index = model.index();
    index
        .in_file(file)
        .iter()
        .filter(|(span, _)| span.start() >= range.start() && span.end() <= range.end())
        .filter_map(|(span, occurrence)| {
            let Occurrence::Reference(i) = occurrence else {
                return None;
            };
            let Some(EntityRef::Role(role)) = index.references[*i].target else {
                return None;
            };
            let label = match model.role(role).is_internal()? {
                true => "internal",
                false => "external",
            };
            Some(InlayHint {
                offset: span.end(),
                label: label.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{workspace, ROLES};

    fn shown(text: &str, tokens: &[Token]) -> Vec<String> {
        tokens
            .iter()
            .map(|t| {
                let modifiers: Vec<&str> = MODIFIERS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| t.modifiers & (1 << i) != 0)
                    .map(|(_, m)| *m)
                    .collect();
                format!(
                    "{:?} {} {}",
                    &text[t.span.start()..t.span.end()],
                    TokenType::LEGEND[t.kind as usize],
                    modifiers.join(",")
                )
                .trim_end()
                .to_string()
            })
            .collect()
    }

    #[test]
    fn names_are_coloured_by_kind_and_unknown_ones_marked() {
        let text = "# cclint: allow broker-decides, CC302 -- agreed\nproduct p \"P\" { produced_by: hr; owner: head; end_user: nobody; priority: 2; touchpoints: static }\n";
        let (mut ws, _) = workspace(&[("a.ccl", ROLES), ("b.ccl", text)]);
        let analysis = ws.analysis();
        let tokens = semantic_tokens(&ws, &analysis, FileId(1));
        insta::assert_snapshot!(shown(text, &tokens).join("\n"), @r###"
        "# cclint: allow " comment
        "broker-decides" macro
        ", " comment
        "CC302" macro
        " -- agreed" comment
        "product" keyword
        "p" type declaration
        "\"P\"" string
        "produced_by" property
        "hr" struct
        "owner" property
        "head" class
        "end_user" property
        "nobody" variable unresolved
        "priority" property
        "2" number
        "touchpoints" property
        "static" enumMember
        "###);
    }

    #[test]
    fn highlights_and_hints() {
        let text = "product p { produced_by: hr; owner: he|ad; end_user: head, visitor }\n";
        let (mut ws, cursor) = workspace(&[("a.ccl", ROLES), ("b.ccl", text)]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        let source = ws.file(file).unwrap().text.clone();
        let found: Vec<(&str, bool)> = highlights(&ws, &analysis, file, offset)
            .into_iter()
            .map(|(s, declared)| (&source[s.start()..s.end()], declared))
            .collect();
        assert_eq!(found, [("head", false), ("head", false)]);
        let in_roles = highlights(&ws, &analysis, FileId(0), ROLES.find("head \"").unwrap());
        assert_eq!(in_roles.iter().filter(|(_, declared)| *declared).count(), 1);
        let hints: Vec<(String, String)> = inlay_hints(&analysis, file, Span::new(0, source.len()))
            .into_iter()
            .map(|h| {
                (
                    source[..h.offset].rsplit(' ').next().unwrap().to_string(),
                    h.label,
                )
            })
            .collect();
        assert_eq!(
            hints,
            [
                ("head;".to_string(), "internal".to_string()),
                ("head,".to_string(), "internal".to_string()),
                ("visitor".to_string(), "external".to_string())
            ]
            .map(|(a, b)| (a.trim_end_matches([';', ',']).to_string(), b))
        );
    }
}
