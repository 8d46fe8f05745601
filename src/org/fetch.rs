//! What a field name gives on a declaration, before it becomes a value: the one reading
//! of the model that CEL's values ([`super::value`]) and compiled plans ([`super::plan`])
//! share, so that both read the same thing, charged the same way.

use cel::ExecutionError;

use super::select::Selected;
use super::value::{declared, kind_of, Universe};
use crate::model::schema::FieldSpec;
use crate::model::{
    fields, Data, Datum, DecisionRuleId, Entity, EntityRef, FieldValue, Model, PolicyId, ProductId,
    RoleId,
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
    Data(Data<'m>),
    Products(&'m [ProductId]),
    Roles(&'m [RoleId]),
    Policies(&'m [PolicyId]),
    Rules(&'m [DecisionRuleId]),
}

impl<'m> Many<'m> {
    pub fn len(&self) -> usize {
        match self {
            Many::Data(d) => d.len(),
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
            Many::Data(d) => d[i],
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
    /// is false), an error when the budget is spent.
    pub(super) fn fetch(
        &self,
        entity: EntityRef,
        key: &str,
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
        let (spec, data) = match (self.selections.get(&m.fields, kind, key), entity) {
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
        match data {
            Some(data) if spec.many => many(Many::Data(data)),
            Some(data) => Ok(Some(Fetched::One(data.into_iter().next().flatten()))),
            // A list field that is not written is an empty list (CEL's repeated fields).
            None if spec.many => many(Many::Data(Data::new())),
            None => Ok(None),
        }
    }

    /// The declaration that field `key` of `entity` names, when the field takes one
    /// reference and it resolved (charged as a read).
    pub(super) fn reference(&self, entity: EntityRef, key: &str) -> Option<EntityRef> {
        let m = self.model;
        let selected = self.selections.get(&m.fields, kind_of(entity), key);
        let (spec, data) = stored(m, entity, selected)?;
        if spec.many {
            return None;
        }
        match data?.first()? {
            Some(Datum::Entity(named)) => {
                self.charge(1).ok()?;
                Some(*named)
            }
            _ => None,
        }
    }
}

/// The spec and values of the field `selected` is, when it is a field as written (a
/// built-in or an organisation field); the values are `None` when it is not written.
fn stored(
    model: &Model,
    entity: EntityRef,
    selected: Selected,
) -> Option<(&'static FieldSpec, Option<Data<'_>>)> {
    let kind = kind_of(entity);
    match selected {
        Selected::Builtin(place) => Some((&fields(kind)[place], data_at(model, entity, place))),
        Selected::Custom(place) => {
            let spec = model.fields.of(kind)[place];
            Some((spec, custom_data(model, entity, spec.key)))
        }
        _ => None,
    }
}

/// The values of built-in field `place` of `entity` (`None` when it is not written).
fn data_at(model: &Model, entity: EntityRef, place: usize) -> Option<Data<'_>> {
    match entity {
        EntityRef::Organisation => model.organisation.as_ref()?.data_at(place),
        EntityRef::Department(d) => model.department(d).data_at(place),
        EntityRef::Role(r) => model.role(r).data_at(place),
        EntityRef::Product(p) => model.product(p).data_at(place),
        EntityRef::Policy(p) => model.policy(p).data_at(place),
        EntityRef::Rule(r) => model.rules[r.index()].data_at(place),
    }
}

/// The values of the organisation's field `key` of `entity` (`None` when it is not
/// written).
fn custom_data<'m>(model: &'m Model, entity: EntityRef, key: &str) -> Option<Data<'m>> {
    declared(model, entity).custom(key).map(|c| {
        c.slot
            .items
            .iter()
            .map(|i| i.value.as_ref().map(FieldValue::datum))
            .collect()
    })
}
