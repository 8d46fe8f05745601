//! The repository as one resolved model: every declaration of every file, names resolved
//! across files, field values checked against the schema (CC002–CC006).
//!
//! Lint rules read only this model. A value that failed a core check is kept as present
//! but unresolved (`Item::value == None`), so rules treat it as satisfying what they ask.

pub mod custom;
mod index;
mod kinds;
mod list;
mod lower;
mod query;
mod resolve;
pub mod schema;
pub mod vocab;

use crate::source::{FileId, Span};
use crate::syntax::{Ident, Kind, Name};

pub use custom::{CustomFields, CustomSlot, CustomValue};
pub use index::{Index, Occurrence, Reference};
pub use kinds::fields;
pub use kinds::{
    Checked, Datum, DecisionRule, Department, Entity, FieldValue, Organisation, Policy, Product,
    Role, SlotVisitor, TakeSlot, Values,
};
pub use list::EntityList;
pub use lower::{lower, lower_owned, lower_piece, lower_with, LoweredFile};
pub use resolve::build;
pub use vocab::{Audience, Review, Status, Touchpoint};

macro_rules! ids {
    ($($id:ident),*) => {$(
        /// An index into the model's list of its kind (32 bits: ids live in every value
        /// of the model).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $id(pub u32);

        impl $id {
            pub fn new(index: usize) -> Self {
                $id(u32::try_from(index).expect("fewer than 4 billion declarations"))
            }

            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}
ids!(DepartmentId, RoleId, ProductId, PolicyId, DecisionRuleId);

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityRef {
    Organisation,
    Department(DepartmentId),
    Role(RoleId),
    Product(ProductId),
    Policy(PolicyId),
    Rule(DecisionRuleId),
}

/// A declared name in the symbol table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub kind: Kind,
    pub file: FileId,
    /// The name where it is declared.
    pub span: Span,
    /// `None` for a declaration that failed to parse: its name is known, so references to
    /// it are not reported again, but it is not in the model.
    pub entity: Option<EntityRef>,
}

/// Where and how an entity was declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    pub kind: Kind,
    pub name: Ident,
    pub title: Option<Name>,
    pub file: FileId,
    /// The whole declaration, block included.
    pub span: Span,
    /// The organisation's fields written in it (`custom_fields`), in schema order; `None`
    /// when it writes none (a thin pointer: most declarations have none).
    pub custom: Option<Box<Vec<CustomSlot>>>,
}

impl Declared {
    /// `KIND:NAME`, the entity key of diagnostics.
    pub fn entity(&self) -> String {
        format!("{}:{}", self.kind.keyword(), self.name.text)
    }

    /// `product \`washroom_paper\``, for messages.
    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind.keyword(), self.name.text)
    }

    /// The organisation's field `key`, if it is written.
    pub fn custom(&self, key: &str) -> Option<&CustomSlot> {
        self.customs().iter().find(|c| c.spec.key == key)
    }

    /// The organisation's fields written in it, in schema order.
    pub fn customs(&self) -> &[CustomSlot] {
        self.custom.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// One value of a field: its text and span, and what it resolved to. `value` is `None`
/// when a core check rejected it (and already reported it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item<T> {
    pub span: Span,
    pub text: Name,
    pub value: Option<T>,
}

/// A field that is present in a block, with its values as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot<T> {
    key: KeySpan,
    pub items: smallvec::SmallVec<[Item<T>; 1]>,
}

/// Where a field's key is written. A key is never empty, so its end is never 0: that
/// leaves `Option<Slot>` room to say "absent" without a byte more (an entity has a slot for
/// each of its fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct KeySpan {
    start: u32,
    end: std::num::NonZeroU32,
}

impl<T> Slot<T> {
    pub fn new(key: Span, items: smallvec::SmallVec<[Item<T>; 1]>) -> Self {
        let start = u32::try_from(key.start()).unwrap_or(u32::MAX);
        let end = u32::try_from(key.end()).unwrap_or(u32::MAX).max(start + 1);
        let end = std::num::NonZeroU32::new(end).unwrap_or(std::num::NonZeroU32::MIN);
        Slot {
            key: KeySpan { start, end },
            items,
        }
    }

    /// Where the field's key is written.
    pub fn key(&self) -> Span {
        Span::new(self.key.start as usize, self.key.end.get() as usize)
    }

    /// The values that resolved.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.items.iter().filter_map(|i| i.value.as_ref())
    }

    /// Whether some value failed a core check (it then satisfies every lint rule).
    pub fn has_invalid(&self) -> bool {
        self.items.iter().any(|i| i.value.is_none())
    }

    /// The single value of a one-valued field, if it resolved.
    pub fn single(&self) -> Option<&T> {
        match &*self.items {
            [item] => item.value.as_ref(),
            _ => None,
        }
    }
}

impl Role {
    /// `Some(true)` for an employee, `Some(false)` for an external role, `None` when the
    /// declaration is contradictory or incomplete (CC005/CC006 report that).
    pub fn is_internal(&self) -> Option<bool> {
        match (&self.department, &self.external) {
            (Some(_), None) => Some(true),
            (None, Some(e)) if !e.has_invalid() => Some(false),
            _ => None,
        }
    }
}

/// A value of `end_user`, `broker` or `fixer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Customer {
    Role(RoleId),
    /// Accepted, but CC203 reports it: customers are roles.
    Department(DepartmentId),
}

impl Product {
    /// Active unless `status: retired` (an invalid status counts as active).
    pub fn is_active(&self) -> bool {
        self.status
            .as_ref()
            .and_then(|s| s.single())
            .is_none_or(|s| *s == Status::Active)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Department(DepartmentId),
}

impl Policy {
    /// Whether this is the customer satisfaction policy (an invalid kind is not).
    pub fn is_satisfaction(&self) -> bool {
        self.kind
            .as_ref()
            .and_then(|k| k.single())
            .is_some_and(|k| k == "satisfaction")
    }
}

/// A value of a rule's `channel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Direct,
    Role(RoleId),
}

/// The whole repository, resolved. Only the first definition of a duplicated name and
/// only declarations that parsed are in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    pub organisation: Option<Organisation>,
    pub departments: EntityList<Department>,
    pub roles: EntityList<Role>,
    pub products: EntityList<Product>,
    pub policies: EntityList<Policy>,
    pub rules: EntityList<DecisionRule>,
    /// Kinds of declarations that failed to parse (CC001), so are missing from the model.
    pub unparsed_kinds: std::collections::BTreeSet<Kind>,
    /// Names written in product declarations that failed to parse: departments that may
    /// produce a product the model does not hold.
    pub named_by_broken_products: rustc_hash::FxHashSet<Name>,
    /// Whether some file could not be read (CC009): any kind may be missing.
    pub unreadable_files: bool,
    /// Every declared name: the first definition of each, and the names of declarations
    /// that failed to parse.
    pub symbols: rustc_hash::FxHashMap<Name, Symbol>,
    /// The organisation's fields (`custom_fields`) its declarations were checked against.
    pub fields: CustomFields,
    /// Where names are used and declared, built on first use ([`Model::index`]).
    index: std::sync::OnceLock<Index>,
}

impl Model {
    /// Whether declarations of `kind` may exist that the model does not hold. Rules that
    /// conclude something is absent stay silent then, rather than pile onto CC001/CC009.
    pub fn may_lack(&self, kind: Kind) -> bool {
        self.unreadable_files || self.unparsed_kinds.contains(&kind)
    }

    pub fn department(&self, id: DepartmentId) -> &Department {
        &self.departments[id.index()]
    }
    pub fn role(&self, id: RoleId) -> &Role {
        &self.roles[id.index()]
    }
    pub fn product(&self, id: ProductId) -> &Product {
        &self.products[id.index()]
    }
    pub fn policy(&self, id: PolicyId) -> &Policy {
        &self.policies[id.index()]
    }

    /// Every declaration in the model, for suppression scopes and entity lookups.
    pub fn declarations(&self) -> impl Iterator<Item = &Declared> {
        self.organisation
            .iter()
            .map(|o| &o.declared)
            .chain(self.departments.iter().map(|d| &d.declared))
            .chain(self.roles.iter().map(|r| &r.declared))
            .chain(self.products.iter().map(|p| &p.declared))
            .chain(self.policies.iter().map(|p| &p.declared))
            .chain(self.rules.iter().map(|r| &r.declared))
    }
}
