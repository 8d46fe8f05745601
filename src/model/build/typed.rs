//! Pass 2, part 3: the checked values of a declaration stored, typed, in the model.

use super::define::Definer;
use super::symbols::declared;
use super::{Checked, Slots};
use crate::model::*;
use crate::syntax::{name, Declaration, Literal, Name, Value};

impl Definer<'_> {
    /// Pass 2: check the declaration's fields and store them, typed, in the model.
    pub(super) fn define(&mut self, file: FileId, decl: &Declaration, entity: EntityRef) {
        let owner = declared(file, decl);
        let mut slots = self.check_fields(file, decl, &owner);
        self.check_required(file, decl, &owner, &slots);
        let m = &mut self.targets;
        match entity {
            EntityRef::Organisation => {
                let o = m.organisation();
                o.mission = take(&mut slots, "mission", text);
            }
            EntityRef::Department(id) => {
                m.department(id).lead = take(&mut slots, "lead", role);
            }
            EntityRef::Role(id) => {
                let r = m.role(id);
                r.department = take(&mut slots, "department", department);
                r.external = take(&mut slots, "external", |c| {
                    matches!(c, Checked::True).then_some(true)
                });
            }
            EntityRef::Product(id) => {
                let p = m.product(id);
                p.produced_by = take(&mut slots, "produced_by", department);
                p.owner = take(&mut slots, "owner", role);
                p.audience = take(&mut slots, "audience", |c| {
                    word(c).and_then(|w| Audience::parse(&w))
                });
                p.end_user = take(&mut slots, "end_user", customer);
                p.broker = take(&mut slots, "broker", customer);
                p.fixer = take(&mut slots, "fixer", customer);
                p.touchpoints = take(&mut slots, "touchpoints", |c| {
                    word(c).and_then(|w| Touchpoint::parse(&w))
                });
                p.priority = take(&mut slots, "priority", |c| match c {
                    Checked::Int(n) => Some(n),
                    _ => None,
                });
                p.status = take(&mut slots, "status", |c| {
                    word(c).and_then(|w| Status::parse(&w))
                });
            }
            EntityRef::Policy(id) => {
                let p = m.policy(id);
                p.kind = take(&mut slots, "kind", word);
                p.owner = take(&mut slots, "owner", role);
                p.scope = take(&mut slots, "scope", |c| match c {
                    Checked::Keyword => Some(Scope::All),
                    Checked::Entity(EntityRef::Department(d)) => Some(Scope::Department(d)),
                    _ => None,
                });
                p.statement = take(&mut slots, "statement", text);
                p.proactive_measures = take(&mut slots, "proactive_measures", text);
                p.reactive_measures = take(&mut slots, "reactive_measures", text);
                p.review = take(&mut slots, "review", |c| {
                    word(c).and_then(|w| Review::parse(&w))
                });
            }
            EntityRef::Rule(id) => {
                let r = m.rule(id);
                r.product = take(&mut slots, "product", |c| match c {
                    Checked::Entity(EntityRef::Product(p)) => Some(p),
                    _ => None,
                });
                r.aspect = take(&mut slots, "aspect", text);
                r.decided_by = take(&mut slots, "decided_by", role);
                r.consulting = take(&mut slots, "consulting", role);
                r.channel = take(&mut slots, "channel", |c| match c {
                    Checked::Keyword => Some(Channel::Direct),
                    Checked::Entity(EntityRef::Role(r)) => Some(Channel::Role(r)),
                    _ => None,
                });
            }
        }
    }
}

pub(super) fn item(value: &Value, checked: Option<Checked>) -> Item<Checked> {
    Item {
        span: value.span,
        text: match &value.literal {
            Literal::Ident(s) | Literal::String(s) | Literal::Integer(s) => *s,
            Literal::Boolean(b) => name(if *b { "true" } else { "false" }),
        },
        value: checked,
    }
}

/// Remove a checked slot and give its values their type; a value of the wrong shape
/// (already reported) becomes `None`.
fn take<T>(
    slots: &mut Slots,
    key: &str,
    convert: impl Fn(Checked) -> Option<T>,
) -> Option<Slot<T>> {
    let slot = slots.remove(key)?;
    Some(Slot {
        key: slot.key,
        items: slot
            .items
            .into_vec()
            .into_iter()
            .map(|i| Item {
                span: i.span,
                text: i.text,
                value: i.value.and_then(&convert),
            })
            .collect(),
    })
}

fn text(c: Checked) -> Option<Name> {
    match c {
        Checked::Text(s) => Some(s),
        _ => None,
    }
}

fn word(c: Checked) -> Option<Name> {
    match c {
        Checked::Word(s) => Some(s),
        _ => None,
    }
}

fn role(c: Checked) -> Option<RoleId> {
    match c {
        Checked::Entity(EntityRef::Role(r)) => Some(r),
        _ => None,
    }
}

fn department(c: Checked) -> Option<DepartmentId> {
    match c {
        Checked::Entity(EntityRef::Department(d)) => Some(d),
        _ => None,
    }
}

fn customer(c: Checked) -> Option<Customer> {
    match c {
        Checked::Entity(EntityRef::Role(r)) => Some(Customer::Role(r)),
        Checked::Entity(EntityRef::Department(d)) => Some(Customer::Department(d)),
        _ => None,
    }
}
