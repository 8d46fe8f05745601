//! The model as CEL values: `self` and `model` of an organisation rule. Entities are
//! looked up when an expression selects a field (never converted whole), so references
//! may form cycles (`self.produced_by.products`) and a rule pays only for what it reads.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use cel::common::traits::Indexer;
use cel::common::types::{CelBool, CelInt, CelList, CelNull, CelString, Type};
use cel::common::value::{CowVal, Val};
use cel::ExecutionError;

use super::facts::Facts;
use super::fetch::Fetched;
use super::select::Selections;
use crate::model::{Datum, EntityRef, Model};
use crate::syntax::Kind;

/// How much work one evaluation may do: each field read costs 1 and each list of values
/// its length. A rule that scans the whole model for every declaration (quadratic) stops
/// at the first declaration that goes over, with a diagnostic, instead of running for
/// hours.
pub const BUDGET: u64 = 20_000;

/// What the values of one evaluation read: the model, the facts derived from it, the
/// file names, and the work left.
pub struct Universe<'m> {
    pub model: &'m Model,
    pub facts: &'m Facts,
    pub files: &'m [&'m str],
    left: AtomicU64,
    pub(super) selections: Selections,
}

impl fmt::Debug for Universe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Universe")
    }
}

impl<'m> Universe<'m> {
    pub fn new(model: &'m Model, facts: &'m Facts, files: &'m [&'m str]) -> Self {
        Universe {
            model,
            facts,
            files,
            left: AtomicU64::new(BUDGET),
            selections: Selections::default(),
        }
    }

    /// A fresh budget, for the next evaluation.
    pub fn refill(&self) {
        self.left.store(BUDGET, Ordering::Relaxed);
    }

    /// Whether the last evaluation ran out of budget.
    pub fn exhausted(&self) -> bool {
        self.left.load(Ordering::Relaxed) == 0
    }

    pub(super) fn charge(&self, cost: u64) -> Result<(), ExecutionError> {
        let left = self.left.load(Ordering::Relaxed);
        if left < cost {
            self.left.store(0, Ordering::Relaxed);
            return Err(ExecutionError::function_error(
                "evaluation",
                format!("the expression does more than {BUDGET} steps of work for one declaration"),
            ));
        }
        self.left.store(left - cost, Ordering::Relaxed);
        Ok(())
    }
}

pub(super) static TYPES: [Type; 6] = [
    Type::new_unspecified_type("organisation"),
    Type::new_unspecified_type("department"),
    Type::new_unspecified_type("role"),
    Type::new_unspecified_type("product"),
    Type::new_unspecified_type("policy"),
    Type::new_unspecified_type("rule"),
];
static MODEL: Type = Type::new_unspecified_type("model");

/// A declaration of the model, as a CEL value.
#[derive(Clone, Copy)]
pub struct EntityVal<'m> {
    pub universe: &'m Universe<'m>,
    pub entity: EntityRef,
}

/// The repository, as a CEL value (`model`).
#[derive(Clone, Copy)]
pub struct ModelVal<'m> {
    pub universe: &'m Universe<'m>,
}

impl fmt::Debug for EntityVal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.entity)
    }
}

impl fmt::Debug for ModelVal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("model")
    }
}

pub fn kind_of(entity: EntityRef) -> Kind {
    match entity {
        EntityRef::Organisation => Kind::Organisation,
        EntityRef::Department(_) => Kind::Department,
        EntityRef::Role(_) => Kind::Role,
        EntityRef::Product(_) => Kind::Product,
        EntityRef::Policy(_) => Kind::Policy,
        EntityRef::Rule(_) => Kind::Rule,
    }
}

impl<'m> Val for EntityVal<'m> {
    fn get_type(&self) -> &Type {
        &TYPES[kind_of(self.entity) as usize]
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

    fn into_indexer<'v>(self: Box<Self>) -> Option<Box<dyn Indexer + 'v>>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        // Another entity tells its identity under a key no CEL field name can spell.
        other.get_type() == self.get_type()
            && other
                .as_indexer()
                .and_then(|i| i.get(&CelString::from(IDENTITY)).ok())
                .and_then(|id| id.downcast_ref::<CelInt>().map(|n| *n.inner()))
                == Some(identity(self.entity))
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

impl<'m> Val for ModelVal<'m> {
    fn get_type(&self) -> &Type {
        &MODEL
    }

    fn cel_type() -> &'static Type {
        &MODEL
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn into_indexer<'v>(self: Box<Self>) -> Option<Box<dyn Indexer + 'v>>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

/// The key under which an entity gives its identity, for equality.
const IDENTITY: &str = "@identity";

pub(super) fn identity(entity: EntityRef) -> i64 {
    let index = match entity {
        EntityRef::Organisation => 0,
        EntityRef::Department(d) => d.0,
        EntityRef::Role(r) => r.0,
        EntityRef::Product(p) => p.0,
        EntityRef::Policy(p) => p.0,
        EntityRef::Rule(r) => r.0,
    };
    ((kind_of(entity) as i64) << 32) | i64::from(index)
}

pub(super) fn from_identity(identity: i64) -> EntityRef {
    use crate::model::{DecisionRuleId, DepartmentId, PolicyId, ProductId, RoleId};
    let index = (identity & 0xFFFF_FFFF) as u32;
    match identity >> 32 {
        1 => EntityRef::Department(DepartmentId(index)),
        2 => EntityRef::Role(RoleId(index)),
        3 => EntityRef::Product(ProductId(index)),
        4 => EntityRef::Policy(PolicyId(index)),
        5 => EntityRef::Rule(DecisionRuleId(index)),
        _ => EntityRef::Organisation,
    }
}

fn key_of(idx: &dyn Val) -> Result<&str, ExecutionError> {
    idx.downcast_ref::<CelString>()
        .map(|s| s.inner())
        .ok_or_else(|| ExecutionError::UnexpectedType {
            got: idx.get_type().name().to_string(),
            want: "a field name".to_string(),
        })
}

fn no_such_key(key: &str) -> ExecutionError {
    ExecutionError::no_such_key(key)
}

impl<'m> Indexer for EntityVal<'m> {
    fn get<'b, 'v>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let key = key_of(idx)?;
        if key == IDENTITY {
            return Ok(CowVal::owned(CelInt::from(identity(self.entity))));
        }
        self.universe.read(self.entity, key).map(CowVal::Owned)
    }

    fn steal<'v>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}

impl<'m> Indexer for ModelVal<'m> {
    fn get<'b, 'v>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let key = key_of(idx)?;
        self.universe.charge(1)?;
        let u = self.universe;
        let m = u.model;
        let list = match key {
            "organisation" => {
                return match m.organisation {
                    Some(_) => Ok(CowVal::Owned(u.entity(EntityRef::Organisation))),
                    None => Err(no_such_key(key)),
                }
            }
            "departments" => u.list(
                (0..m.departments.len())
                    .map(|i| EntityRef::Department(crate::model::DepartmentId::new(i))),
            )?,
            "roles" => {
                u.list((0..m.roles.len()).map(|i| EntityRef::Role(crate::model::RoleId::new(i))))?
            }
            "products" => u.list(
                (0..m.products.len()).map(|i| EntityRef::Product(crate::model::ProductId::new(i))),
            )?,
            "policies" => u.list(
                (0..m.policies.len()).map(|i| EntityRef::Policy(crate::model::PolicyId::new(i))),
            )?,
            "rules" => u.list(
                (0..m.rules.len()).map(|i| EntityRef::Rule(crate::model::DecisionRuleId::new(i))),
            )?,
            _ => return Err(no_such_key(key)),
        };
        Ok(CowVal::Owned(list))
    }

    fn steal<'v>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}

impl<'m> Universe<'m> {
    fn entity<'v>(&'m self, entity: EntityRef) -> Box<dyn Val + 'v>
    where
        'm: 'v,
    {
        Box::new(EntityVal {
            universe: self,
            entity,
        })
    }

    fn list<'v>(
        &'m self,
        entities: impl ExactSizeIterator<Item = EntityRef>,
    ) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        'm: 'v,
    {
        self.charge(entities.len() as u64)?;
        let items: Vec<Box<dyn Val + 'v>> = entities.map(|e| self.entity(e)).collect();
        Ok(Box::new(CelList::from(items)))
    }

    fn datum<'v>(&'m self, datum: Option<Datum<'m>>) -> Box<dyn Val + 'v>
    where
        'm: 'v,
    {
        match datum {
            Some(Datum::Text(text)) => Box::new(CelString::from(text)),
            Some(Datum::Word(word)) => Box::new(CelString::from(word)),
            Some(Datum::Int(n)) => Box::new(CelInt::from(n)),
            Some(Datum::Bool(b)) => Box::new(CelBool::from(b)),
            Some(Datum::Entity(e)) => self.entity(e),
            // A value a core check rejected (and reported).
            None => Box::new(CelNull),
        }
    }

    /// Field `key` of `entity` (a derived fact, or the field as written), read and
    /// charged as an expression reads it.
    pub(super) fn read<'v>(
        &'m self,
        entity: EntityRef,
        key: &str,
    ) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        'm: 'v,
    {
        match self.fetch(entity, key, false)? {
            Some(Fetched::One(datum)) => Ok(self.datum(datum)),
            Some(Fetched::Many(items)) => Ok(Box::new(CelList::from(items.map(|d| self.datum(d))))),
            None => Err(no_such_key(key)),
        }
    }
}

/// How `entity` was declared.
pub fn declared(model: &Model, entity: EntityRef) -> &crate::model::Declared {
    match entity {
        EntityRef::Organisation => match &model.organisation {
            Some(o) => &o.declared,
            None => unreachable!("an organisation entity exists only when declared"),
        },
        EntityRef::Department(d) => &model.department(d).declared,
        EntityRef::Role(r) => &model.role(r).declared,
        EntityRef::Product(p) => &model.product(p).declared,
        EntityRef::Policy(p) => &model.policy(p).declared,
        EntityRef::Rule(r) => &model.rules[r.index()].declared,
    }
}
