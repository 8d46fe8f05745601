//! The model's index of names: every place a name is used (a reference) and declared,
//! by name and by file, so that "go to definition", "find references", "rename" and
//! "what is under the cursor" are lookups. Built on first use: a plain `check` never
//! pays for it.

use rustc_hash::FxHashMap as HashMap;

use super::{
    Channel, CustomSlot, CustomValue, Customer, DecisionRuleId, Declared, DepartmentId, EntityRef,
    FieldValue, Model, PolicyId, ProductId, RoleId, Scope, Slot, Symbol,
};
use crate::source::{FileId, Span};
use crate::syntax::Name;

/// A value of a reference field: a name used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub file: FileId,
    pub span: Span,
    pub name: Name,
    /// What it resolved to; `None` when it names nothing of a kind the field takes
    /// (CC002 or CC005 report it).
    pub target: Option<EntityRef>,
    /// The declaration whose field holds it, and the field's key.
    pub owner: EntityRef,
    pub key: &'static str,
}

/// What is at a place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occurrence {
    /// The name of a declaration in the model.
    Declaration(EntityRef),
    /// A reference: an index into [`Index::references`].
    Reference(usize),
}

/// Names by where they are used and declared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    pub references: Vec<Reference>,
    by_name: HashMap<Name, Vec<usize>>,
    /// Per file, declarations' names and references, sorted by position.
    by_file: HashMap<FileId, Vec<(Span, Occurrence)>>,
}

impl Index {
    /// The references that use `name` (resolved or not), in path and position order.
    pub fn references_to(&self, name: Name) -> impl Iterator<Item = &Reference> {
        self.by_name
            .get(&name)
            .into_iter()
            .flatten()
            .map(|&i| &self.references[i])
    }

    /// The declaration name or reference whose span holds `offset` in `file` (its end
    /// included, where a cursor after the last character stands).
    pub fn at(&self, file: FileId, offset: usize) -> Option<(Span, Occurrence)> {
        let list = self.by_file.get(&file)?;
        let after = list.partition_point(|(span, _)| span.start() <= offset);
        let (span, occurrence) = *list[..after].last()?;
        (offset <= span.end()).then_some((span, occurrence))
    }

    /// The declarations' names and references of `file`, by position.
    pub fn in_file(&self, file: FileId) -> &[(Span, Occurrence)] {
        self.by_file.get(&file).map_or(&[], Vec::as_slice)
    }
}

/// What a reference field's value resolved to, as an entity.
trait Target: Copy {
    fn entity(self) -> Option<EntityRef>;
}

impl Target for RoleId {
    fn entity(self) -> Option<EntityRef> {
        Some(EntityRef::Role(self))
    }
}

impl Target for DepartmentId {
    fn entity(self) -> Option<EntityRef> {
        Some(EntityRef::Department(self))
    }
}

impl Target for ProductId {
    fn entity(self) -> Option<EntityRef> {
        Some(EntityRef::Product(self))
    }
}

impl Target for Customer {
    fn entity(self) -> Option<EntityRef> {
        match self {
            Customer::Role(r) => r.entity(),
            Customer::Department(d) => d.entity(),
        }
    }
}

impl Target for &CustomValue {
    fn entity(self) -> Option<EntityRef> {
        FieldValue::entity(self)
    }
}

impl Target for Scope {
    fn entity(self) -> Option<EntityRef> {
        match self {
            Scope::All => None,
            Scope::Department(d) => d.entity(),
        }
    }
}

impl Target for Channel {
    fn entity(self) -> Option<EntityRef> {
        match self {
            Channel::Direct => None,
            Channel::Role(r) => r.entity(),
        }
    }
}

struct Collector {
    references: Vec<Reference>,
}

impl Collector {
    fn slot<T: Target>(
        &mut self,
        declared: &Declared,
        owner: EntityRef,
        key: &'static str,
        slot: &Option<Slot<T>>,
    ) {
        for item in slot.iter().flat_map(|s| &s.items) {
            let value = item.value.map(Target::entity);
            self.item(declared, owner, key, &item.text, item.span, value);
        }
    }

    /// The names in an organisation's reference field.
    fn custom(&mut self, declared: &Declared, owner: EntityRef, custom: &CustomSlot) {
        for item in &custom.slot.items {
            let value = item.value.as_ref().map(Target::entity);
            self.item(
                declared,
                owner,
                custom.spec.key,
                &item.text,
                item.span,
                value,
            );
        }
    }

    /// One value of a reference field: `value` is what it resolved to (`Some(None)` for
    /// a keyword), `None` when it did not resolve.
    fn item(
        &mut self,
        declared: &Declared,
        owner: EntityRef,
        key: &'static str,
        text: &Name,
        span: Span,
        value: Option<Option<EntityRef>>,
    ) {
        let target = match value {
            Some(Some(entity)) => Some(entity),
            // A keyword (`direct`, `all`) names nothing.
            Some(None) => return,
            // Not resolved: a name all the same when written as an identifier (a
            // string's span is longer than its text, by its quotes).
            None if span.len() == text.len() && crate::syntax::is_identifier(text) => None,
            None => return,
        };
        self.references.push(Reference {
            file: declared.file,
            span,
            name: text.clone(),
            target,
            owner,
            key,
        });
    }
}

impl Model {
    /// The index of names, built on first use.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| build(self))
    }

    /// The declaration of an entity.
    pub fn declared(&self, entity: EntityRef) -> &Declared {
        match entity {
            EntityRef::Organisation => {
                &self
                    .organisation
                    .as_ref()
                    .expect("an organisation reference implies one")
                    .declared
            }
            EntityRef::Department(id) => &self.department(id).declared,
            EntityRef::Role(id) => &self.role(id).declared,
            EntityRef::Product(id) => &self.product(id).declared,
            EntityRef::Policy(id) => &self.policy(id).declared,
            EntityRef::Rule(id) => &self.rules[id.index()].declared,
        }
    }

    /// The symbol a name is declared as, if it is.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols.get(name)
    }

    /// Every entity in the model, with its declaration.
    pub fn entities(&self) -> impl Iterator<Item = (EntityRef, &Declared)> {
        self.organisation
            .iter()
            .map(|o| (EntityRef::Organisation, &o.declared))
            .chain(
                self.departments
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (EntityRef::Department(DepartmentId::new(i)), &d.declared)),
            )
            .chain(
                self.roles
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (EntityRef::Role(RoleId::new(i)), &r.declared)),
            )
            .chain(
                self.products
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (EntityRef::Product(ProductId::new(i)), &p.declared)),
            )
            .chain(
                self.policies
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (EntityRef::Policy(PolicyId::new(i)), &p.declared)),
            )
            .chain(
                self.rules
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (EntityRef::Rule(DecisionRuleId::new(i)), &r.declared)),
            )
    }
}

fn build(model: &Model) -> Index {
    let mut c = Collector {
        references: Vec::new(),
    };
    for (i, d) in model.departments.iter().enumerate() {
        let owner = EntityRef::Department(DepartmentId::new(i));
        c.slot(&d.declared, owner, "lead", &d.lead);
    }
    for (i, r) in model.roles.iter().enumerate() {
        let owner = EntityRef::Role(RoleId::new(i));
        c.slot(&r.declared, owner, "department", &r.department);
    }
    for (i, p) in model.products.iter().enumerate() {
        let owner = EntityRef::Product(ProductId::new(i));
        let d = &p.declared;
        c.slot(d, owner, "produced_by", &p.produced_by);
        c.slot(d, owner, "owner", &p.owner);
        c.slot(d, owner, "end_user", &p.end_user);
        c.slot(d, owner, "broker", &p.broker);
        c.slot(d, owner, "fixer", &p.fixer);
    }
    for (i, p) in model.policies.iter().enumerate() {
        let owner = EntityRef::Policy(PolicyId::new(i));
        c.slot(&p.declared, owner, "owner", &p.owner);
        c.slot(&p.declared, owner, "scope", &p.scope);
    }
    for (i, r) in model.rules.iter().enumerate() {
        let owner = EntityRef::Rule(DecisionRuleId::new(i));
        let d = &r.declared;
        c.slot(d, owner, "product", &r.product);
        c.slot(d, owner, "decided_by", &r.decided_by);
        c.slot(d, owner, "consulting", &r.consulting);
        c.slot(d, owner, "channel", &r.channel);
    }
    for (entity, declared) in model.entities() {
        for custom in declared.customs().iter().filter(|c| c.is_reference()) {
            c.custom(declared, entity, custom);
        }
    }
    let mut references = c.references;
    references.sort_by_key(|r| (r.file, r.span.start()));
    let mut by_name: HashMap<Name, Vec<usize>> = HashMap::default();
    let mut by_file: HashMap<FileId, Vec<(Span, Occurrence)>> = HashMap::default();
    for (i, r) in references.iter().enumerate() {
        by_name.entry(r.name.clone()).or_default().push(i);
        by_file
            .entry(r.file)
            .or_default()
            .push((r.span, Occurrence::Reference(i)));
    }
    for (entity, declared) in model.entities() {
        by_file
            .entry(declared.file)
            .or_default()
            .push((declared.name.span, Occurrence::Declaration(entity)));
    }
    for list in by_file.values_mut() {
        list.sort_by_key(|(span, _)| span.start());
    }
    Index {
        references,
        by_name,
        by_file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn model(files: &[&str]) -> Model {
        let trees = files
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let lowered = crate::model::lower(FileId::new(i), &parse(t));
                (FileId::new(i), std::sync::Arc::new(lowered))
            })
            .collect();
        crate::model::build(trees).0
    }

    #[test]
    fn references_are_found_by_name_and_by_place() {
        let roles = "department d\nrole clerk { department: d }\n";
        let products = "product p { produced_by: d; owner: clerk; end_user: clerk, ghost; broker: \"clerk\" }\nrule r { product: p; channel: direct, clerk }\n";
        let m = model(&[roles, products]);
        let index = m.index();
        let clerk: Vec<_> = index
            .references_to(Name::new("clerk"))
            .map(|r| (r.file, r.key, &products[r.span.start()..r.span.end()]))
            .collect();
        assert_eq!(
            clerk,
            [
                (FileId(1), "owner", "clerk"),
                (FileId(1), "end_user", "clerk"),
                (FileId(1), "channel", "clerk"),
            ],
            "the quoted one is a string, `direct` a keyword"
        );
        let ghost: Vec<_> = index.references_to(Name::new("ghost")).collect();
        assert_eq!(ghost.len(), 1);
        assert_eq!(ghost[0].target, None);

        // At the cursor: the reference in the product, the declaration in the roles file.
        let at = products.find("owner: clerk").unwrap() + "owner: cl".len();
        let (span, occurrence) = index.at(FileId(1), at).unwrap();
        assert_eq!(&products[span.start()..span.end()], "clerk");
        let Occurrence::Reference(i) = occurrence else {
            panic!("{occurrence:?}")
        };
        assert_eq!(index.references[i].target, Some(EntityRef::Role(RoleId(0))));
        let decl = roles.find("clerk").unwrap();
        assert_eq!(
            index.at(FileId(0), decl + 5).map(|(_, o)| o),
            Some(Occurrence::Declaration(EntityRef::Role(RoleId(0)))),
            "the end of a name is still on it"
        );
        assert_eq!(index.at(FileId(0), 0), None, "a keyword is neither");
        assert_eq!(m.symbol("clerk").map(|s| s.file), Some(FileId(0)));
        assert!(m.symbol("nobody-at-all").is_none());
    }
}
