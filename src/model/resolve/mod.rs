//! Building the model from the lowered files: a symbol table over all files (pass 1,
//! CC003), then the names in reference fields resolved through it (pass 2: CC002, with
//! "did you mean", and CC005 for a name of the wrong kind).

mod references;
mod symbols;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::kinds::Entity;
use super::list::EntityList;
use super::lower::{Found, LoweredFile, LoweredPart, Pending, Rest};
use super::*;
use crate::diagnostic::Diagnostic;
use crate::suggest::Suggester;
use crate::syntax::Name;

/// Build the model from the lowered files, given in path order. Returns the model and the
/// core diagnostics of its declarations (those of a duplicate are not reported: CC003
/// says all there is to say about it).
///
/// The model's lists are the files' own: a lowered file that only this build holds (a
/// one-off check hands them over) is taken apart, one shared with a workspace (a
/// language server's) is copied.
pub fn build(files: Vec<(FileId, Arc<LoweredFile>)>) -> (Model, Vec<Diagnostic>) {
    let mut model = Model::default();
    let (accepted, mut diagnostics) = symbols::declare_all(&mut model, &files);
    let mut rests: [Vec<Vec<Rest>>; 6] = Default::default();
    let parts = files
        .into_iter()
        .flat_map(|(_, file)| Arc::unwrap_or_clone(file).parts);
    for (mut part, accepted) in parts.zip(accepted) {
        if accepted.iter().any(|a| !a) {
            drop_duplicates(&mut part, &accepted);
        }
        if let Some(organisation) = part.organisations.pop() {
            model.organisation = Some(organisation);
        }
        model.departments.append(part.departments);
        model.roles.append(part.roles);
        model.products.append(part.products);
        model.policies.append(part.policies);
        model.rules.append(part.rules);
        for (all, rest) in rests.iter_mut().zip(part.rests) {
            if !rest.is_empty() {
                all.push(rest);
            }
        }
    }
    let names = OnceLock::new();
    let cx = Resolver {
        symbols: &model.symbols,
        names: &names,
    };
    let [organisation, departments, roles, products, policies, rules] = rests;
    if let (Some(entity), Some(rest)) = (
        &mut model.organisation,
        organisation.into_iter().flatten().next(),
    ) {
        diagnostics.extend(cx.resolve(entity, rest));
    }
    diagnostics.extend(cx.resolve_all(&mut model.departments, departments));
    diagnostics.extend(cx.resolve_all(&mut model.roles, roles));
    diagnostics.extend(cx.resolve_all(&mut model.products, products));
    diagnostics.extend(cx.resolve_all(&mut model.policies, policies));
    diagnostics.extend(cx.resolve_all(&mut model.rules, rules));
    (model, diagnostics)
}

/// Keep only the accepted declarations of `file` (`accepted` in file order).
fn drop_duplicates(file: &mut LoweredPart, accepted: &[bool]) {
    let mut keep: [Vec<bool>; 6] = Default::default();
    for (&kind, &accepted) in file.order.iter().zip(accepted) {
        keep[kind as usize].push(accepted);
    }
    fn retain<T>(list: &mut Vec<T>, keep: &[bool]) {
        let mut i = 0;
        list.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    retain(&mut file.organisations, &keep[Kind::Organisation as usize]);
    retain(&mut file.departments, &keep[Kind::Department as usize]);
    retain(&mut file.roles, &keep[Kind::Role as usize]);
    retain(&mut file.products, &keep[Kind::Product as usize]);
    retain(&mut file.policies, &keep[Kind::Policy as usize]);
    retain(&mut file.rules, &keep[Kind::Rule as usize]);
    for (rests, keep) in file.rests.iter_mut().zip(&keep) {
        retain(rests, keep);
    }
    let mut i = 0;
    file.order.retain(|_| {
        i += 1;
        accepted[i - 1]
    });
}

/// Resolves names through the symbol table.
struct Resolver<'a> {
    symbols: &'a FxHashMap<Name, Symbol>,
    /// Every declared name, for "did you mean", indexed at the first unknown name.
    names: &'a OnceLock<Suggester<'a, Kind>>,
}

impl Resolver<'_> {
    /// Resolve the entities of one kind in parallel, with their rests (in the same parts):
    /// their findings, in order.
    fn resolve_all<T: Entity + Sync>(
        &self,
        entities: &mut EntityList<T>,
        rests: Vec<Vec<Rest>>,
    ) -> Vec<Diagnostic> {
        let found: Vec<Vec<Diagnostic>> = entities
            .parts_mut()
            .par_iter_mut()
            .zip(rests)
            .flat_map(|(part, rests)| {
                part.par_iter_mut()
                    .zip(rests)
                    .map(|(entity, rest)| self.resolve(entity, rest))
            })
            .collect();
        found.into_iter().flatten().collect()
    }

    /// Resolve the names of one entity; its findings.
    fn resolve<T: Entity>(&self, entity: &mut T, rest: Rest) -> Vec<Diagnostic> {
        let Found {
            mut diagnostics,
            renames,
        } = rest.found.map(|f| *f).unwrap_or_default();
        let pending = rest.pending;
        for rename in renames {
            if !self.all_resolve(&rename.names, rename.spec) {
                // Renaming the key would only trade this error for another.
                diagnostics[rename.diagnostic].fixes.clear();
            }
        }
        for Pending { field, index } in pending {
            if field >= super::custom::FIRST {
                self.resolve_custom(entity.declared_mut(), field, index, &mut diagnostics);
                continue;
            }
            let (field, index) = (usize::from(field), usize::from(index));
            let Some((name, span)) = entity.written(field, index) else {
                continue;
            };
            let (name, spec) = (name.clone(), &T::FIELDS[field]);
            let checked = self.resolve_name(entity.declared(), spec, &name, span, &mut diagnostics);
            if let Some(checked) = checked {
                entity.set(field, index, &checked);
            }
        }
        diagnostics
    }
}

impl Resolver<'_> {
    /// Resolve value `index` of the organisation's field numbered `field` of `declared`.
    fn resolve_custom(
        &self,
        declared: &mut Declared,
        field: u8,
        index: u16,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let at = usize::from(field - super::custom::FIRST);
        let Some(custom) = declared.customs().get(at) else {
            return;
        };
        let spec = custom.spec;
        let Some(item) = custom.slot.items.get(usize::from(index)) else {
            return;
        };
        let (name, span) = (item.text.clone(), item.span);
        let checked = self.resolve_name(declared, spec, &name, span, diagnostics);
        if let Some(checked) = checked {
            if let Some(item) = declared
                .custom
                .as_mut()
                .and_then(|c| c.get_mut(at))
                .and_then(|c| c.slot.items.get_mut(usize::from(index)))
            {
                item.value = super::kinds::FieldValue::from_checked(&checked);
            }
        }
    }
}

#[cfg(test)]
mod tests;
