//! Pass 2, part 3: the checked values of a declaration stored, typed, in the model.

use super::define::Definer;
use super::symbols::declared;
use super::Checked;
use crate::model::*;
use crate::syntax::{Declaration, Name, Value};

impl Definer<'_> {
    /// Pass 2: check the declaration's fields and store them, typed, in the model.
    pub(super) fn define(&mut self, file: FileId, decl: &Declaration, entity: EntityRef) {
        let owner = declared(file, decl);
        let mut slots = std::mem::take(&mut self.slots);
        self.check_fields(file, decl, &owner, &mut slots);
        self.check_required(file, decl, &owner, &slots);
        let m = &mut self.targets;
        match entity {
            EntityRef::Organisation => {
                let o = m.organisation(owner);
                o.mission = slots.take("mission", text);
            }
            EntityRef::Department(id) => {
                m.department(id, owner).lead = slots.take("lead", role);
            }
            EntityRef::Role(id) => {
                let r = m.role(id, owner);
                r.department = slots.take("department", department);
                r.external = slots.take("external", |c| matches!(c, Checked::True).then_some(true));
            }
            EntityRef::Product(id) => {
                let p = m.product(id, owner);
                p.produced_by = slots.take("produced_by", department);
                p.owner = slots.take("owner", role);
                p.audience = slots.take("audience", |c| word(c).and_then(|w| Audience::parse(&w)));
                p.end_user = slots.take("end_user", customer);
                p.broker = slots.take("broker", customer);
                p.fixer = slots.take("fixer", customer);
                p.touchpoints = slots.take("touchpoints", |c| {
                    word(c).and_then(|w| Touchpoint::parse(&w))
                });
                p.priority = slots.take("priority", |c| match c {
                    Checked::Int(n) => Some(n),
                    _ => None,
                });
                p.status = slots.take("status", |c| word(c).and_then(|w| Status::parse(&w)));
            }
            EntityRef::Policy(id) => {
                let p = m.policy(id, owner);
                p.kind = slots.take("kind", word);
                p.owner = slots.take("owner", role);
                p.scope = slots.take("scope", |c| match c {
                    Checked::Keyword => Some(Scope::All),
                    Checked::Entity(EntityRef::Department(d)) => Some(Scope::Department(d)),
                    _ => None,
                });
                p.statement = slots.take("statement", text);
                p.proactive_measures = slots.take("proactive_measures", text);
                p.reactive_measures = slots.take("reactive_measures", text);
                p.review = slots.take("review", |c| word(c).and_then(|w| Review::parse(&w)));
            }
            EntityRef::Rule(id) => {
                let r = m.rule(id, owner);
                r.product = slots.take("product", |c| match c {
                    Checked::Entity(EntityRef::Product(p)) => Some(p),
                    _ => None,
                });
                r.aspect = slots.take("aspect", text);
                r.decided_by = slots.take("decided_by", role);
                r.consulting = slots.take("consulting", role);
                r.channel = slots.take("channel", |c| match c {
                    Checked::Keyword => Some(Channel::Direct),
                    Checked::Entity(EntityRef::Role(r)) => Some(Channel::Role(r)),
                    _ => None,
                });
            }
        }
        self.slots = slots;
    }
}

pub(super) fn item(value: &Value, checked: Option<Checked>) -> Item<Checked> {
    Item {
        span: value.span,
        text: value.text(),
        value: checked,
    }
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
