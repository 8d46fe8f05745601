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
    let mut accepted = Vec::with_capacity(files.len());
    let mut diagnostics = Vec::new();
    // Room for every name at once (growing the table would hold two of it for a while).
    let names: usize = files
        .iter()
        .map(|(_, l)| l.parts.iter().map(|p| p.order.len()).sum::<usize>() + l.broken.len())
        .sum();
    model.symbols.reserve(names);
    let mut organisation: Option<(FileId, Span, Name)> = None;
    let mut counts = [0usize; 6];
    for (file, part) in files
        .iter()
        .flat_map(|(f, l)| l.parts.iter().map(move |p| (*f, p)))
    {
        let mut accepted_here = Vec::with_capacity(part.order.len());
        for decl in part.declared() {
            accepted_here.push(false);
            let name = &decl.name.text;
            if let Some(first) = model.symbols.get(name) {
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
                diagnostics.push(d);
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
                    diagnostics.push(d);
                    continue;
                }
                organisation = Some((file, decl.name.span, name.clone()));
            }
            let entity = next_entity(decl.kind, &mut counts);
            model.symbols.insert(
                name.clone(),
                Symbol {
                    kind: decl.kind,
                    file,
                    span: decl.name.span,
                    entity: Some(entity),
                },
            );
            *accepted_here.last_mut().expect("just pushed") = true;
        }
        accepted.push(accepted_here);
    }
    // The names of declarations that failed to parse are known (references to them
    // are not reported again) but never displace a valid declaration, whatever the
    // order of the files.
    for (file, parsed) in files {
        let file = *file;
        let words = parsed.broken_product_words.iter().cloned();
        model.named_by_broken_products.extend(words);
        for broken in &parsed.broken {
            model.unparsed_kinds.insert(broken.0);
            if let std::collections::hash_map::Entry::Vacant(slot) =
                model.symbols.entry(broken.1.text.clone())
            {
                slot.insert(Symbol {
                    kind: broken.0,
                    file,
                    span: broken.1.span,
                    entity: None,
                });
            }
        }
    }
    (accepted, diagnostics)
}
