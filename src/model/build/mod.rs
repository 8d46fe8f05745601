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

/// The checked fields of one declaration, by key: a handful, so a list searched in
/// order (two hash maps per declaration cost more than the checks).
#[derive(Default)]
struct Slots(Vec<(&'static str, Slot<Checked>)>);

impl Slots {
    fn get(&self, key: &str) -> Option<&Slot<Checked>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, s)| s)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Add `slot` under `key` unless the key is there.
    fn insert_new(&mut self, key: &'static str, slot: impl FnOnce() -> Slot<Checked>) {
        if !self.contains_key(key) {
            self.0.push((key, slot()));
        }
    }

    /// Set `key`'s slot, replacing one already there.
    fn insert(&mut self, key: &'static str, slot: Slot<Checked>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = slot,
            None => self.0.push((key, slot)),
        }
    }

    fn remove(&mut self, key: &str) -> Option<Slot<Checked>> {
        let i = self.0.iter().position(|(k, _)| *k == key)?;
        Some(self.0.swap_remove(i).1)
    }
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
    suggester: Option<Suggester<'static, Kind>>,
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
