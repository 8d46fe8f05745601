//! What a field name gives on a declaration, before it becomes a value: the one reading
//! of the model that CEL's values ([`super::value`]) and compiled plans ([`super::plan`])
//! share, so that both read the same thing, charged the same way.

use cel::ExecutionError;

use super::select::Selected;
use super::value::{declared, kind_of, Universe};
use crate::model::schema::FieldSpec;
use crate::model::{
    fields, Datum, DecisionRuleId, Entity, EntityRef, Model, PolicyId, ProductId, RoleId, Values,
};

/// A field of a declaration, as read.
pub enum Fetched<'m> {
    /// One value; `None` for a value a core check rejected (read as `null`).
    One(Option<Datum<'m>>),
    /// A list (a field that takes many values, or a derived list).
    Many(Many<'m>),
}

/// The items of a list field or of a derived list.
pub enum Many<'m> {
    /// A list field, as stored (`None`: not written, an empty list).
    Field(Option<&'m dyn Values>),
    Products(&'m [ProductId]),
    Roles(&'m [RoleId]),
    Policies(&'m [PolicyId]),
    Rules(&'m [DecisionRuleId]),
}

impl<'m> Many<'m> {
    pub fn len(&self) -> usize {
        match self {
            Many::Field(values) => values.map_or(0, |v| v.count()),
            Many::Products(p) => p.len(),
            Many::Roles(r) => r.len(),
            Many::Policies(p) => p.len(),
            Many::Rules(r) => r.len(),
        }
    }

    /// Item `i` (`i < len()`).
    fn item(&self, i: usize) -> Option<Datum<'m>> {
        let entity = |e| Some(Datum::Entity(e));
        match self {
            Many::Field(values) => values.and_then(|v| v.datum(i)),
            Many::Products(p) => entity(EntityRef::Product(p[i])),
            Many::Roles(r) => entity(EntityRef::Role(r[i])),
            Many::Policies(p) => entity(EntityRef::Policy(p[i])),
            Many::Rules(r) => entity(EntityRef::Rule(r[i])),
        }
    }

    fn items(&self) -> impl Iterator<Item = Option<Datum<'m>>> + '_ {
        (0..self.len()).map(|i| self.item(i))
    }

    /// Whether `test` holds for some item, stopping at the first that does; `None` as
    /// soon as `test` gives `None`.
    pub fn any(&self, test: impl FnMut(Option<Datum<'m>>) -> Option<bool>) -> Option<bool> {
        self.items()
            .map(test)
            .find(|t| *t != Some(false))
            .unwrap_or(Some(false))
    }

    /// Each item made into a `T` by `f`.
    pub fn map<T>(&self, f: impl FnMut(Option<Datum<'m>>) -> T) -> Vec<T> {
        self.items().map(f).collect()
    }
}

impl<'m> Universe<'m> {
    /// Field `key` of `entity` (a derived fact, or the field as written), charged as an
    /// expression reads it: `Ok(None)` when the declaration has no such field (`has()`
    /// is false), an error when the budget is spent. `lasting`: the key's text outlives
    /// this universe (see [`super::select::Selections::get`]).
    pub(super) fn fetch(
        &self,
        entity: EntityRef,
        key: &str,
        lasting: bool,
    ) -> Result<Option<Fetched<'m>>, ExecutionError> {
        self.charge(1)?;
        let m: &'m Model = self.model;
        let facts = self.facts;
        let kind = kind_of(entity);
        let one = |d: Datum<'m>| Ok(Some(Fetched::One(Some(d))));
        let many = |list: Many<'m>| {
            self.charge(list.len() as u64)?;
            Ok(Some(Fetched::Many(list)))
        };
        let (spec, values) = match (self.selections.get(&m.fields, kind, key, lasting), entity) {
            (Selected::Kind, _) => return one(Datum::Word(kind.keyword())),
            (Selected::Name, _) => return one(Datum::Text(&declared(m, entity).name.text)),
            (Selected::Title, _) => {
                let declared = declared(m, entity);
                let title = declared.title.as_deref().unwrap_or(&declared.name.text);
                return one(Datum::Text(title));
            }
            (Selected::File, _) => {
                let file = declared(m, entity).file.index();
                return one(Datum::Text(self.files.get(file).copied().unwrap_or("")));
            }
            (Selected::Active, EntityRef::Product(p)) => {
                return one(Datum::Bool(m.product(p).is_active()))
            }
            (Selected::Active, _) => return one(Datum::Bool(true)),
            (Selected::Internal, EntityRef::Role(r)) => {
                return Ok(Some(Fetched::One(m.role(r).is_internal().map(Datum::Bool))))
            }
            (Selected::Products, EntityRef::Department(d)) => {
                return many(Many::Products(facts.products_of(d)))
            }
            (Selected::Roles, EntityRef::Department(d)) => {
                return many(Many::Roles(facts.roles_of(d)))
            }
            (Selected::SatisfactionPolicies, EntityRef::Department(d)) => {
                return many(Many::Policies(facts.satisfaction_of(d)))
            }
            (Selected::DecisionRules, EntityRef::Product(p)) => {
                return many(Many::Rules(facts.rules_of(p)))
            }
            (selected, _) => match stored(m, entity, selected) {
                Some(stored) => stored,
                None => return Ok(None),
            },
        };
        match values {
            _ if spec.many => many(Many::Field(values)),
            Some(values) => Ok(Some(Fetched::One(first(values)))),
            None => Ok(None),
        }
    }

    /// The declaration that field `key` of `entity` names, when the field takes one
    /// reference and it resolved (charged as a read).
    pub(super) fn reference(&self, entity: EntityRef, key: &str) -> Option<EntityRef> {
        let m = self.model;
        let selected = self.selections.get(&m.fields, kind_of(entity), key, false);
        let (spec, values) = stored(m, entity, selected)?;
        if spec.many {
            return None;
        }
        match first(values?) {
            Some(Datum::Entity(named)) => {
                self.charge(1).ok()?;
                Some(named)
            }
            _ => None,
        }
    }
}

/// The first value of a field that takes one (`None`, read as `null`, when it was
/// rejected).
fn first(values: &dyn Values) -> Option<Datum<'_>> {
    match values.count() {
        0 => None,
        _ => values.datum(0),
    }
}

/// The spec and values of the field `selected` is, when it is a field as written (a
/// built-in or an organisation field); the values are `None` when it is not written.
fn stored(
    model: &Model,
    entity: EntityRef,
    selected: Selected,
) -> Option<(&'static FieldSpec, Option<&dyn Values>)> {
    let kind = kind_of(entity);
    match selected {
        Selected::Builtin(place) => Some((&fields(kind)[place], values_at(model, entity, place))),
        Selected::Custom(place) => {
            let spec = model.fields.of(kind)[place];
            let custom = declared(model, entity).custom(spec.key);
            Some((spec, custom.map(|c| &c.slot as &dyn Values)))
        }
        _ => None,
    }
}

/// The values of built-in field `place` of `entity` (`None` when it is not written).
fn values_at(model: &Model, entity: EntityRef, place: usize) -> Option<&dyn Values> {
    match entity {
        EntityRef::Organisation => model.organisation.as_ref()?.values_at(place),
        EntityRef::Department(d) => model.department(d).values_at(place),
        EntityRef::Role(r) => model.role(r).values_at(place),
        EntityRef::Product(p) => model.product(p).values_at(place),
        EntityRef::Policy(p) => model.policy(p).values_at(place),
        EntityRef::Rule(r) => model.rules[r.index()].values_at(place),
    }
}
