//! Building the model: a symbol table over all files (CC003), then each declaration's
//! fields checked against the schema (CC004, CC005, CC006), its references resolved
//! (CC002, with suggestions), and its values stored, typed, in the model. One file per
//! job: `symbols`, `fields`, `resolve`, `typed`.

mod fields;
mod resolve;
mod symbols;
mod typed;

use super::*;
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::suggest::Suggester;
use crate::syntax::{Name, ParsedFile};

/// A checked field value before it is given its type.
#[derive(Clone, Debug)]
enum Checked {
    Text(Name),
    Word(Name),
    True,
    Int(u8),
    Entity(EntityRef),
    Keyword,
}

/// Build the model from parsed files given in path order. Returns the model and the core
/// diagnostics found while building it.
pub fn build(files: &[(FileId, &ParsedFile)]) -> (Model, Vec<Diagnostic>) {
    let mut builder = Builder {
        suggester: None,
        diagnostics: Vec::new(),
        model: Model::default(),
    };
    let accepted = builder.declare_all(files);
    for (file, decl, entity) in accepted {
        builder.define(file, decl, entity);
    }
    (builder.model, builder.diagnostics)
}

struct Builder {
    /// "Did you mean" over all names, built on the first unknown reference.
    suggester: Option<Suggester<Kind>>,
    diagnostics: Vec<Diagnostic>,
    model: Model,
}

impl Builder {
    pub(super) fn error(
        &self,
        code: Code,
        file: FileId,
        span: Span,
        owner: &Declared,
        message: String,
    ) -> Diagnostic {
        Diagnostic::new(code, file, span, message)
            .with_entity(owner.kind.keyword(), &owner.name.text)
    }
}
