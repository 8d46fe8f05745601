//! Go to definition, find references, and the symbols of a file and of the workspace.

use super::{name_at, Location};
use crate::source::{FileId, Span};
use crate::syntax::Kind;
use crate::{Analysis, Workspace};

/// Where the name at `offset` is declared.
pub fn definition(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<Location> {
    let at = name_at(workspace, analysis, file, offset)?;
    let symbol = analysis.model.symbols.get(&at.name)?;
    Some(Location {
        file: symbol.file,
        span: symbol.span,
    })
}

/// Every place the name at `offset` is used, across files, in path and position order;
/// with its declaration first when `include_declaration`.
pub fn references(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(at) = name_at(workspace, analysis, file, offset) else {
        return Vec::new();
    };
    let model = &analysis.model;
    let declaration = model
        .symbols
        .get(&at.name)
        .filter(|_| include_declaration)
        .map(|s| Location {
            file: s.file,
            span: s.span,
        });
    let mut uses: Vec<Location> = model
        .index()
        .references_to(at.name)
        .map(|r| Location {
            file: r.file,
            span: r.span,
        })
        .collect();
    let display = |l: &Location| workspace.file(l.file).map(|f| f.display.clone());
    uses.sort_by_cached_key(|l| (display(l), l.span));
    declaration.into_iter().chain(uses).collect()
}

/// What a symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Declaration(Kind),
    Field,
}

/// A declaration of a file, with its fields as children (an outline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The title of a declaration, or the values of a field as written.
    pub detail: Option<String>,
    /// All of it, from its first to its last token.
    pub span: Span,
    /// Its name (a declaration's name, a field's key).
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

/// The outline of `file`: every declaration that parsed, with its fields.
pub fn document_symbols(workspace: &Workspace, file: FileId) -> Vec<DocumentSymbol> {
    let (Some(parsed), Some(source)) = (workspace.parsed(file), workspace.file(file)) else {
        return Vec::new();
    };
    let text = &source.text;
    parsed
        .declarations
        .iter()
        .map(|decl| DocumentSymbol {
            name: decl.name.text.to_string(),
            kind: SymbolKind::Declaration(decl.kind),
            detail: decl.title.as_ref().map(|t| match t.literal() {
                crate::syntax::Literal::String(s) => s.to_string(),
                _ => text[t.span.start()..t.span.end()].to_string(),
            }),
            span: Span::new(decl.kind_span().start(), decl.code_end()),
            selection: decl.name.span,
            children: decl
                .fields
                .iter()
                .map(|field| {
                    let end = field
                        .values
                        .last()
                        .map_or(field.key_span().end(), |v| v.span.end());
                    let values = field.values.first().map(|first| {
                        let last = field.values.last().expect("a first implies a last");
                        text[first.span.start()..last.span.end()].to_string()
                    });
                    DocumentSymbol {
                        name: field.key.to_string(),
                        kind: SymbolKind::Field,
                        detail: values,
                        span: Span::new(field.key_span().start(), end),
                        selection: field.key_span(),
                        children: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A declaration found by a workspace symbol search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: Kind,
    pub title: Option<String>,
    pub location: Location,
}

/// At most this many workspace symbols are returned (the client filters further).
pub const MAX_WORKSPACE_SYMBOLS: usize = 500;

/// The declarations whose name holds the letters of `query` in order (case ignored), as
/// editors' fuzzy symbol search expects; the closest matches (shortest names, then
/// alphabetical) first, at most [`MAX_WORKSPACE_SYMBOLS`].
pub fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<WorkspaceSymbol> {
    let query: Vec<char> = query.to_lowercase().chars().collect();
    let mut found: Vec<WorkspaceSymbol> = analysis
        .model
        .entities()
        .filter(|(_, d)| subsequence(&query, &d.name.text))
        .map(|(_, d)| WorkspaceSymbol {
            name: d.name.text.to_string(),
            kind: d.kind,
            title: d.title.as_ref().map(|t| t.to_string()),
            location: Location {
                file: d.file,
                span: d.name.span,
            },
        })
        .collect();
    found.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
    found.truncate(MAX_WORKSPACE_SYMBOLS);
    found
}

fn subsequence(query: &[char], name: &str) -> bool {
    let mut wanted = query.iter().peekable();
    for c in name.chars().flat_map(char::to_lowercase) {
        if wanted.peek() == Some(&&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{workspace, ROLES};

    fn text_at(workspace: &Workspace, location: Location) -> String {
        let file = workspace.file(location.file).unwrap();
        format!(
            "{}:{}",
            file.display,
            &file.text[location.span.start()..location.span.end()]
        )
    }

    #[test]
    fn definition_and_references_cross_files() {
        let (mut ws, cursor) = workspace(&[
            ("roles.ccl", ROLES),
            (
                "products.ccl",
                "product p { produced_by: hr; owner: cl|erk; end_user: clerk }\nrule r { product: p; decided_by: clerk }\n",
            ),
        ]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        let target = definition(&ws, &analysis, file, offset).unwrap();
        assert_eq!(text_at(&ws, target), "roles.ccl:clerk");
        let all: Vec<String> = references(&ws, &analysis, file, offset, true)
            .into_iter()
            .map(|l| text_at(&ws, l))
            .collect();
        assert_eq!(
            all,
            [
                "roles.ccl:clerk",
                "products.ccl:clerk",
                "products.ccl:clerk",
                "products.ccl:clerk"
            ]
        );
        // From the declaration, without it.
        let roles = ws.file_id(std::path::Path::new("roles.ccl")).unwrap();
        let at = ROLES.find("role clerk").unwrap() + 6;
        assert_eq!(references(&ws, &analysis, roles, at, false).len(), 3);
        assert_eq!(definition(&ws, &analysis, roles, 0), None, "on a keyword");
    }

    #[test]
    fn a_second_definition_leads_to_the_first() {
        let (mut ws, cursor) = workspace(&[
            ("a.ccl", "role x { external: true }\n"),
            ("b.ccl", "role |x { external: true }\n"),
        ]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        let target = definition(&ws, &analysis, file, offset).unwrap();
        assert_eq!(text_at(&ws, target), "a.ccl:x");
    }

    #[test]
    fn outline_and_workspace_symbols() {
        let (mut ws, _) = workspace(&[("roles.ccl", ROLES)]);
        let file = ws.file_id(std::path::Path::new("roles.ccl")).unwrap();
        let outline = document_symbols(&ws, file);
        let names: Vec<&str> = outline.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["acme", "hr", "head", "clerk", "visitor"]);
        assert_eq!(outline[1].detail.as_deref(), Some("Human resources"));
        assert_eq!(outline[1].children[0].name, "lead");
        assert_eq!(outline[1].children[0].detail.as_deref(), Some("head"));
        let analysis = ws.analysis();
        let found: Vec<String> = workspace_symbols(&analysis, "CLK")
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(found, ["clerk"]);
        assert_eq!(workspace_symbols(&analysis, "").len(), 5);
    }
}
