//! `self` and `model` as the context's variables: lent to every reference, and told
//! which declaration is judged next, so that nothing is built for each evaluation.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use cel::common::traits::Indexer;
use cel::common::types::Type;
use cel::common::value::{CowVal, Val};
use cel::ExecutionError;

use super::value::{from_identity, identity, kind_of, EntityVal, ModelVal, Universe, TYPES};
use crate::model::EntityRef;

/// `self` and `model` of one evaluation after another: the context's variable resolver,
/// told which declaration is judged next. Both are lent, not built, for each reference.
pub struct Variables<'m> {
    this: Current<'m>,
    model: ModelVal<'m>,
}

impl<'m> Variables<'m> {
    pub fn new(universe: &'m Universe<'m>) -> Self {
        Variables {
            this: Current {
                universe,
                identity: AtomicU64::new(0),
            },
            model: ModelVal { universe },
        }
    }

    /// Judge `entity` next.
    pub fn judge(&self, entity: EntityRef) {
        self.this
            .identity
            .store(identity(entity) as u64, Ordering::Relaxed);
    }
}

impl cel::context::VariableResolver for Variables<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "self" => Some(CowVal::Borrowed(&self.this)),
            "model" => Some(CowVal::Borrowed(&self.model)),
            _ => self.path(variable).map(CowVal::Owned),
        }
    }
}

impl<'m> Variables<'m> {
    /// `self.owner.department` in one step. CEL first asks for a selection from a name
    /// as a whole (a variable may be called `a.b`) before it selects field after field;
    /// answering here spares it the selections. A path that does not lead to a value
    /// (a missing field, a list in the middle) is not answered, so that CEL selects field
    /// by field and reports the failure as it always does.
    fn path<'b>(&'b self, name: &str) -> Option<Box<dyn cel::common::value::Val + 'b>> {
        let universe = self.this.universe;
        let mut keys = name.strip_prefix("self.")?.split('.');
        let mut entity = self.this.now().entity;
        let mut key = keys.next()?;
        for next in keys {
            entity = universe.reference(entity, key)?;
            key = next;
        }
        universe.read(entity, key).ok()
    }
}

/// `self`: the declaration being judged, which changes from one evaluation to the next;
/// it behaves, and is copied, as that declaration.
pub struct Current<'m> {
    universe: &'m Universe<'m>,
    identity: AtomicU64,
}

impl fmt::Debug for Current<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.now().fmt(f)
    }
}

impl<'m> Current<'m> {
    fn now(&self) -> EntityVal<'m> {
        EntityVal {
            universe: self.universe,
            entity: from_identity(self.identity.load(Ordering::Relaxed) as i64),
        }
    }
}

impl<'m> Val for Current<'m> {
    fn get_type(&self) -> &Type {
        &TYPES[kind_of(self.now().entity) as usize]
    }

    fn cel_type() -> &'static Type {
        panic!("an entity's CEL type depends on its kind")
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        self.now().equals(other)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(self.now())
    }
}

impl<'m> Indexer for Current<'m> {
    fn get<'b, 'v>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let now = self.now();
        now.get(idx).map(|v| CowVal::Owned(v.into_owned()))
    }

    fn steal<'v>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}
