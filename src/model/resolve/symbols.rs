//! Pass 1: every declaration's name in the symbol table; later definitions of a name,
//! and second organisations, are duplicates (CC003).

use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use std::sync::Arc;

use crate::model::lower::LoweredFile;
use crate::model::*;
use crate::syntax::Name;

/// The id the next declaration of `kind` gets (declarations are numbered per kind, in
/// path order).
fn next_entity(kind: Kind, counts: &mut [usize; 6]) -> EntityRef {
    let n = counts[kind as usize];
    counts[kind as usize] += 1;
    match kind {
        Kind::Organisation => EntityRef::Organisation,
        Kind::Department => EntityRef::Department(DepartmentId::new(n)),
        Kind::Role => EntityRef::Role(RoleId::new(n)),
        Kind::Product => EntityRef::Product(ProductId::new(n)),
        Kind::Policy => EntityRef::Policy(PolicyId::new(n)),
        Kind::Rule => EntityRef::Rule(DecisionRuleId::new(n)),
    }
}

/// Pass 1: give every first definition an id in `model`'s symbol table; report later
/// ones (CC003). Returns, for each part of each file in order, whether each of its
/// declarations is accepted (is a first definition), and the duplicates found.
pub(super) fn declare_all(
    model: &mut Model,
    files: &[(FileId, Arc<LoweredFile>)],
) -> (Vec<Vec<bool>>, Vec<Diagnostic>) {
    // Room for every name at once (growing the table would hold two of it for a while).
    let names: usize = files
        .iter()
        .map(|(_, l)| l.parts.iter().map(|p| p.order.len()).sum::<usize>() + l.broken.len())
        .sum();
    model.symbols.reserve(names);
    let mut pass = Pass {
        model,
        diagnostics: Vec::new(),
        organisation: None,
        counts: [0; 6],
    };
    let parts = files
        .iter()
        .flat_map(|(f, l)| l.parts.iter().map(move |p| (*f, p)));
    let accepted = parts
        .map(|(file, part)| {
            part.declared()
                .map(|decl| pass.declare(file, decl))
                .collect()
        })
        .collect();
    for (file, lowered) in files {
        pass.declare_broken(*file, lowered);
    }
    (accepted, pass.diagnostics)
}

/// Pass 1 under way.
struct Pass<'a> {
    model: &'a mut Model,
    diagnostics: Vec<Diagnostic>,
    /// The first organisation declared.
    organisation: Option<(FileId, Span, Name)>,
    /// How many entities of each kind are numbered so far.
    counts: [usize; 6],
}

impl Pass<'_> {
    /// Enter `decl` of `file` in the symbol table; whether it is accepted (a first
    /// definition, and not a second organisation).
    fn declare(&mut self, file: FileId, decl: &Declared) -> bool {
        let name = &decl.name.text;
        if let Some(first) = self.model.symbols.get(name) {
            let d = duplicate(file, decl, first);
            self.diagnostics.push(d);
            return false;
        }
        if decl.kind == Kind::Organisation {
            if let Some(first) = &self.organisation {
                let d = second_organisation(file, decl, first);
                self.diagnostics.push(d);
                return false;
            }
            self.organisation = Some((file, decl.name.span, name.clone()));
        }
        let entity = next_entity(decl.kind, &mut self.counts);
        let symbol = Symbol {
            kind: decl.kind,
            file,
            span: decl.name.span,
            entity: Some(entity),
        };
        self.model.symbols.insert(name.clone(), symbol);
        true
    }

    /// The names of declarations that failed to parse are known (references to them are
    /// not reported again) but never displace a valid declaration, whatever the order of
    /// the files.
    fn declare_broken(&mut self, file: FileId, lowered: &LoweredFile) {
        let model = &mut *self.model;
        let words = lowered.broken_product_words.iter().cloned();
        model.named_by_broken_products.extend(words);
        for (kind, ident) in &lowered.broken {
            model.unparsed_kinds.insert(*kind);
            let entry = model.symbols.entry(ident.text.clone());
            if let std::collections::hash_map::Entry::Vacant(slot) = entry {
                slot.insert(Symbol {
                    kind: *kind,
                    file,
                    span: ident.span,
                    entity: None,
                });
            }
        }
    }
}

/// CC003 for a name declared again.
fn duplicate(file: FileId, decl: &Declared, first: &Symbol) -> Diagnostic {
    let (name, kind) = (&decl.name.text, decl.kind.keyword());
    Diagnostic::new(
        Code::CC003,
        file,
        decl.name.span,
        format!(
            "`{name}` is declared twice: as a {kind} here and as a {} before",
            first.kind.keyword()
        ),
    )
    .with_primary_label("declared again here")
    .with_label(
        first.file,
        first.span,
        format!("`{name}` is first declared here"),
    )
    .with_help(format!(
        "names are shared by every kind and file; rename this {kind} or remove one of the two"
    ))
    .with_entity(kind, name)
    .with_subject("duplicate")
}

/// CC003 for an organisation after the first.
fn second_organisation(file: FileId, decl: &Declared, first: &(FileId, Span, Name)) -> Diagnostic {
    let name = &decl.name.text;
    let (first_file, first_span, first_name) = first;
    Diagnostic::new(
        Code::CC003,
        file,
        decl.name.span,
        format!("a second organisation `{name}`: this repository already describes organisation `{first_name}`"),
    )
    .with_primary_label("second organisation")
    .with_label(*first_file, *first_span, "the first organisation")
    .with_help("a repository describes one organisation; move the other into its own repository")
    .with_entity("organisation", name)
    .with_subject("second-organisation")
}
