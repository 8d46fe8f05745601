//! Editor features over a workspace: what the language server answers (definition,
//! references, symbols, hover, rename, completion, code actions, folding, selection,
//! semantic tokens, highlights and inlay hints), computed here so that
//! tests call them without JSON-RPC. Places are byte offsets into a file's text; the
//! server converts them to the client's positions.

pub mod actions;
pub mod completion;
pub mod config;
pub mod hover;
pub mod navigation;
pub mod rename;
pub mod structure;
pub mod tokens;

use crate::model::{EntityRef, Occurrence};
use crate::source::{FileId, Span};
use crate::syntax::Name;
use crate::{Analysis, Workspace};

/// A place in a file of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}

/// A name under the cursor: where it is written, the name, and what it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameAt {
    pub span: Span,
    pub name: Name,
    /// The entity it declares or refers to, when the model holds one.
    pub entity: Option<EntityRef>,
}

/// The declared name or reference at `offset` in `file` (a cursor just after a name is
/// still on it).
pub(crate) fn name_at(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<NameAt> {
    let model = &analysis.model;
    if let Some((span, occurrence)) = model.index().at(file, offset) {
        return Some(match occurrence {
            Occurrence::Declaration(entity) => NameAt {
                span,
                name: model.declared(entity).name.text.clone(),
                entity: Some(entity),
            },
            Occurrence::Reference(i) => {
                let reference = &model.index().references[i];
                NameAt {
                    span,
                    name: reference.name.clone(),
                    entity: reference
                        .target
                        .or_else(|| model.symbols.get(&reference.name)?.entity),
                }
            }
        });
    }
    // A declaration the model does not hold (a second definition of a name, or one that
    // did not parse): its name still leads to the name's declaration.
    let parsed = workspace.parsed(file)?;
    let names = parsed
        .declarations
        .iter()
        .map(|d| &d.name)
        .chain(parsed.broken.iter().map(|(_, ident)| ident));
    for ident in names {
        if ident.span.start() <= offset && offset <= ident.span.end() {
            return Some(NameAt {
                span: ident.span,
                name: ident.text.clone(),
                entity: model.symbols.get(&ident.text).and_then(|s| s.entity),
            });
        }
    }
    None
}

/// The declaration (of the parse of `file`) whose text holds `offset`.
pub(crate) fn declaration_at(
    workspace: &Workspace,
    file: FileId,
    offset: usize,
) -> Option<&crate::syntax::Declaration> {
    let parsed = workspace.parsed(file)?;
    let after = parsed
        .declarations
        .partition_point(|d| d.kind_span().start() <= offset);
    let decl = parsed.declarations[..after].last()?;
    (offset <= decl.code_end()).then_some(decl)
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::path::{Path, PathBuf};

    use crate::source::FileId;
    use crate::{Settings, Workspace};

    /// A workspace of in-memory files; `|` in a file's text marks the cursor, which is
    /// returned (file and offset) with the cursor removed.
    pub fn workspace(files: &[(&str, &str)]) -> (Workspace, Option<(FileId, usize)>) {
        let mut workspace = Workspace::new(PathBuf::new(), None, Settings::default());
        let mut cursor = None;
        for (name, text) in files {
            let offset = text.find('|');
            let id = workspace.set_text(Path::new(name), text.replacen('|', "", 1));
            if let Some(offset) = offset {
                cursor = Some((id, offset));
            }
        }
        (workspace, cursor)
    }

    pub const ROLES: &str = "organisation acme \"Acme\"\ndepartment hr \"Human resources\" { lead: head }\nrole head \"Head of HR\" { department: hr }\nrole clerk \"Clerk\" { department: hr }\nrole visitor { external: true }\n";
}
