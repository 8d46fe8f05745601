//! Pass 1: every declaration's name in the symbol table; later definitions of a name,
//! and second organisations, are duplicates (CC003).

use super::Builder;
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::syntax::{Declaration, Literal, Name, ParsedFile};

/// The id the next declaration of `kind` gets (declarations are numbered per kind, in
/// path order).
fn next_entity(kind: Kind, counts: &mut [usize; 6]) -> EntityRef {
    let index = Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind is in ALL");
    let n = counts[index];
    counts[index] += 1;
    match kind {
        Kind::Organisation => EntityRef::Organisation,
        Kind::Department => EntityRef::Department(DepartmentId::new(n)),
        Kind::Role => EntityRef::Role(RoleId::new(n)),
        Kind::Product => EntityRef::Product(ProductId::new(n)),
        Kind::Policy => EntityRef::Policy(PolicyId::new(n)),
        Kind::Rule => EntityRef::Rule(DecisionRuleId::new(n)),
    }
}

pub(super) fn declared(file: FileId, decl: &Declaration) -> Declared {
    Declared {
        kind: decl.kind,
        name: decl.name.clone(),
        title: decl.title.as_ref().and_then(|t| match t.literal() {
            Literal::String(s) => Some(s),
            _ => None,
        }),
        file,
        span: decl.span,
    }
}

impl Builder {
    /// Pass 1: give every first definition an id; report later ones (CC003).
    /// Returns each declaration given an id: (index of its file in `files`, index of the
    /// declaration in that file, its entity).
    pub(super) fn declare_all(
        &mut self,
        files: &[(FileId, &ParsedFile)],
    ) -> Vec<(usize, usize, EntityRef)> {
        let mut accepted =
            Vec::with_capacity(files.iter().map(|(_, p)| p.declarations.len()).sum());
        let mut organisation: Option<(FileId, Span, Name)> = None;
        let mut counts = [0usize; 6];
        for (file_index, &(file, parsed)) in files.iter().enumerate() {
            for (decl_index, decl) in parsed.declarations.iter().enumerate() {
                let name = &decl.name.text;
                if let Some(first) = self.model.symbols.get(name) {
                    let d = Diagnostic::new(
                        Code::CC003,
                        file,
                        decl.name.span,
                        format!(
                            "`{name}` is declared twice: as a {} here and as a {} before",
                            decl.kind.keyword(),
                            first.kind.keyword()
                        ),
                    )
                    .with_primary_label("declared again here")
                    .with_label(first.file, first.span, format!("`{name}` is first declared here"))
                    .with_help(format!(
                        "names are shared by every kind and file; rename this {} or remove one of the two",
                        decl.kind.keyword()
                    ))
                    .with_entity(decl.kind.keyword(), name)
                    .with_subject("duplicate");
                    self.diagnostics.push(d);
                    continue;
                }
                if decl.kind == Kind::Organisation {
                    if let Some((first_file, first_span, first_name)) = &organisation {
                        let d = Diagnostic::new(
                            Code::CC003,
                            file,
                            decl.name.span,
                            format!(
                                "a second organisation `{name}`: this repository already describes organisation `{first_name}`"
                            ),
                        )
                        .with_primary_label("second organisation")
                        .with_label(*first_file, *first_span, "the first organisation")
                        .with_help("a repository describes one organisation; move the other into its own repository")
                        .with_entity("organisation", name)
                        .with_subject("second-organisation");
                        self.diagnostics.push(d);
                        continue;
                    }
                    organisation = Some((file, decl.name.span, *name));
                }
                let entity = next_entity(decl.kind, &mut counts);
                self.model.symbols.insert(
                    *name,
                    Symbol {
                        kind: decl.kind,
                        file,
                        span: decl.name.span,
                        entity: Some(entity),
                    },
                );
                accepted.push((file_index, decl_index, entity));
            }
        }
        // The names of declarations that failed to parse are known (references to them
        // are not reported again) but never displace a valid declaration, whatever the
        // order of the files.
        for &(file, parsed) in files {
            let words = parsed.broken_product_words.iter().copied();
            self.model.named_by_broken_products.extend(words);
            for broken in &parsed.broken {
                self.model.unparsed_kinds.insert(broken.0);
                if let std::collections::hash_map::Entry::Vacant(slot) =
                    self.model.symbols.entry(broken.1.text)
                {
                    slot.insert(Symbol {
                        kind: broken.0,
                        file,
                        span: broken.1.span,
                        entity: None,
                    });
                    self.known.push((file, broken.0, broken.1.text));
                }
            }
        }
        accepted
    }
}
