//! Running a plan on one declaration.

use std::cmp::Ordering;

use super::{Compare, Node, Plan, TextTest};
use crate::model::{Datum, EntityRef};
use crate::org::fetch::Fetched;
use crate::org::value::Universe;

/// A value met while running a plan.
#[derive(Debug, Clone)]
enum V<'a> {
    Bool(bool),
    Int(i64),
    Str(&'a str),
    Null,
    Entity(EntityRef),
    List(Vec<V<'a>>),
}

/// Whether `plan` holds for `this`: `None` when the plan gives up (CEL then decides).
pub fn truth(plan: &Plan, universe: &Universe<'_>, this: EntityRef) -> Option<bool> {
    let mut run = Run {
        universe,
        this,
        vars: Vec::new(),
    };
    run.boolean(&plan.0)
}

/// The value of `plan` for `this` written into `out` as a message writes it (as
/// [`crate::org::template::text_of`] does): `false`, leaving `out` as it was, when the
/// plan gives up (CEL then decides).
pub fn text(plan: &Plan, universe: &Universe<'_>, this: EntityRef, out: &mut String) -> bool {
    let mut run = Run {
        universe,
        this,
        vars: Vec::new(),
    };
    let Some(value) = run.eval(&plan.0) else {
        return false;
    };
    let start = out.len();
    let written = write_text(&value, universe, out);
    if !written {
        out.truncate(start);
    }
    written
}

fn write_text(value: &V<'_>, universe: &Universe<'_>, out: &mut String) -> bool {
    use std::fmt::Write;
    match value {
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Int(n) => {
            let _ = write!(out, "{n}");
        }
        V::Str(s) => out.push_str(s),
        V::Null => out.push_str("null"),
        V::Entity(e) => out.push_str(&crate::org::value::declared(universe.model, *e).name.text),
        V::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if !write_text(item, universe, out) {
                    return false;
                }
            }
        }
    }
    true
}

struct Run<'a, 'm> {
    universe: &'a Universe<'m>,
    this: EntityRef,
    vars: Vec<V<'a>>,
}

impl<'a, 'm: 'a> Run<'a, 'm> {
    fn boolean(&mut self, node: &'a Node) -> Option<bool> {
        match self.eval(node)? {
            V::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn entity(&mut self, node: &'a Node) -> Option<EntityRef> {
        match self.eval(node)? {
            V::Entity(e) => Some(e),
            _ => None,
        }
    }

    fn eval(&mut self, node: &'a Node) -> Option<V<'a>> {
        Some(match node {
            Node::Bool(b) => V::Bool(*b),
            Node::Int(n) => V::Int(*n),
            Node::Str(s) => V::Str(s),
            Node::Null => V::Null,
            Node::List(items) => {
                V::List(items.iter().map(|i| self.eval(i)).collect::<Option<_>>()?)
            }
            Node::This => V::Entity(self.this),
            Node::Var(n) => self.vars.get(*n)?.clone(),
            Node::Select(operand, key) => match self.fetch(operand, key)? {
                Fetched::One(datum) => value(datum),
                Fetched::Many(items) => V::List(items.map(value)),
            },
            Node::Has(operand, key) => {
                let entity = self.entity(operand)?;
                V::Bool(self.universe.fetch(entity, key, true).ok()?.is_some())
            }
            Node::Not(a) => V::Bool(!self.boolean(a)?),
            // `false && …` and `true || …` are decided by their left side, as in CEL.
            Node::And(ab) => V::Bool(self.boolean(&ab[0])? && self.boolean(&ab[1])?),
            Node::Or(ab) => V::Bool(self.boolean(&ab[0])? || self.boolean(&ab[1])?),
            Node::Cond(parts) => match self.boolean(&parts[0])? {
                true => self.eval(&parts[1])?,
                false => self.eval(&parts[2])?,
            },
            Node::Compare(op, ab) => {
                let (a, b) = (self.eval(&ab[0])?, self.eval(&ab[1])?);
                V::Bool(compare(*op, &a, &b)?)
            }
            Node::In(ab) => {
                let needle = self.eval(&ab[0])?;
                // A list field is searched where it is stored.
                if let Node::Select(operand, key) = &ab[1] {
                    return match self.fetch(operand, key)? {
                        Fetched::Many(items) => {
                            items.any(|item| equal(&needle, &value(item))).map(V::Bool)
                        }
                        Fetched::One(_) => None,
                    };
                }
                let V::List(items) = self.eval(&ab[1])? else {
                    return None;
                };
                let mut found = false;
                for item in &items {
                    if equal(&needle, item)? {
                        found = true;
                        break;
                    }
                }
                V::Bool(found)
            }
            // A list field is counted where it is stored.
            Node::Size(a) => match &**a {
                Node::Select(operand, key) => match self.fetch(operand, key)? {
                    Fetched::Many(items) => V::Int(items.len() as i64),
                    Fetched::One(datum) => size(value(datum))?,
                },
                _ => size(self.eval(a)?)?,
            },
            Node::Text(test, ab) => match (self.eval(&ab[0])?, self.eval(&ab[1])?) {
                (V::Str(s), V::Str(t)) => V::Bool(match test {
                    TextTest::Contains => s.contains(t),
                    TextTest::StartsWith => s.starts_with(t),
                    TextTest::EndsWith => s.ends_with(t),
                }),
                _ => return None,
            },
            Node::Matches(text, regex) => match self.eval(text)? {
                V::Str(s) => V::Bool(regex.is_match(s)),
                _ => return None,
            },
            Node::Fold { all, range, body } => V::Bool(self.fold(*all, range, body)?),
        })
    }

    /// Field `key` of the declaration `operand` gives.
    fn fetch(&mut self, operand: &'a Node, key: &str) -> Option<Fetched<'m>> {
        let entity = self.entity(operand)?;
        self.universe.fetch(entity, key, true).ok()?
    }

    /// `all()` is true unless the body is false for an item, `exists()` false unless it
    /// is true for one; both stop at the first item that decides.
    fn fold(&mut self, all: bool, range: &'a Node, body: &'a Node) -> Option<bool> {
        let V::List(items) = self.eval(range)? else {
            return None;
        };
        for item in items {
            self.vars.push(item);
            let holds = self.boolean(body);
            self.vars.pop();
            if holds? != all {
                return Some(!all);
            }
        }
        Some(all)
    }
}

fn value(datum: Option<Datum<'_>>) -> V<'_> {
    match datum {
        Some(Datum::Text(s)) => V::Str(s),
        Some(Datum::Word(s)) => V::Str(s),
        Some(Datum::Int(n)) => V::Int(n),
        Some(Datum::Bool(b)) => V::Bool(b),
        Some(Datum::Entity(e)) => V::Entity(e),
        None => V::Null,
    }
}

/// `size()` of a list or a string (CEL counts a string's code points).
fn size(v: V<'_>) -> Option<V<'_>> {
    match v {
        V::List(items) => Some(V::Int(items.len() as i64)),
        V::Str(s) => Some(V::Int(s.chars().count() as i64)),
        _ => None,
    }
}

/// `a == b` for two values of the same type; `None` (CEL decides) for any other pair.
fn equal(a: &V<'_>, b: &V<'_>) -> Option<bool> {
    Some(match (a, b) {
        (V::Bool(a), V::Bool(b)) => a == b,
        (V::Int(a), V::Int(b)) => a == b,
        (V::Str(a), V::Str(b)) => a == b,
        (V::Null, V::Null) => true,
        (V::Entity(a), V::Entity(b)) => a == b,
        _ => return None,
    })
}

fn compare(op: Compare, a: &V<'_>, b: &V<'_>) -> Option<bool> {
    let order = match (op, a, b) {
        (Compare::Eq, ..) => return equal(a, b),
        (Compare::Ne, ..) => return equal(a, b).map(|e| !e),
        (_, V::Int(a), V::Int(b)) => a.cmp(b),
        (_, V::Str(a), V::Str(b)) => a.cmp(b),
        _ => return None,
    };
    Some(match op {
        Compare::Lt => order == Ordering::Less,
        Compare::Le => order != Ordering::Greater,
        Compare::Gt => order == Ordering::Greater,
        Compare::Ge => order != Ordering::Less,
        Compare::Eq | Compare::Ne => unreachable!("decided above"),
    })
}
