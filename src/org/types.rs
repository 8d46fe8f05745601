//! What an organisation rule's expressions may read, checked before any file is linted:
//! every field they select exists on the entity it is selected from, and no entity is
//! compared with a number, a string or a flag.

use cel::common::ast::{Expr, IdedExpr, LiteralValue};

use crate::model::schema::ValueType;
use crate::model::CustomFields;
use crate::syntax::Kind;

/// The type of a sub-expression, as far as it can be told without running it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Entity(Kind),
    Model,
    Text,
    Int,
    Bool,
    List(Box<Ty>),
    /// Anything: a value of the repository whose type the checker does not follow.
    Any,
}

impl Ty {
    fn describe(&self) -> String {
        match self {
            Ty::Entity(kind) => format!("a {}", kind.keyword()),
            Ty::Model => "the model".to_string(),
            Ty::Text => "a string".to_string(),
            Ty::Int => "a number".to_string(),
            Ty::Bool => "a boolean".to_string(),
            Ty::List(_) => "a list".to_string(),
            Ty::Any => "a value".to_string(),
        }
    }

    fn is_scalar(&self) -> bool {
        matches!(self, Ty::Text | Ty::Int | Ty::Bool)
    }
}

/// Fields every entity has, derived by cclint: (name, type, meaning).
pub const COMMON: &[(&str, &str)] = &[
    ("kind", "the kind of declaration: `product`, `role`, …; for a policy, the `kind` it writes (`satisfaction`)"),
    ("name", "the name it is declared with"),
    ("title", "its title, or its name when it has none"),
    ("file", "the file it is declared in"),
    ("active", "false for a retired product; true otherwise"),
];

/// Facts derived for one kind: (kind, field, meaning).
pub const DERIVED: &[(Kind, &str, &str)] = &[
    (
        Kind::Role,
        "internal",
        "true for an employee (a role with a department), false for an external role",
    ),
    (
        Kind::Department,
        "products",
        "the products it produces, active or retired",
    ),
    (Kind::Department, "roles", "the roles that work in it"),
    (
        Kind::Department,
        "satisfaction_policies",
        "the satisfaction policies whose scope covers it",
    ),
    (
        Kind::Product,
        "decision_rules",
        "the `rule` declarations about it",
    ),
];

/// What `model` holds: (field, meaning).
pub const MODEL_FIELDS: &[(&str, &str)] = &[
    ("organisation", "the organisation, when one is declared"),
    ("departments", "every department"),
    ("roles", "every role"),
    ("products", "every product"),
    ("policies", "every policy"),
    ("rules", "every `rule` declaration (decision rules)"),
];

/// The type of field `key` of an entity of `kind`, or `None` when it has no such field.
pub fn field_type(kind: Kind, key: &str, fields: &CustomFields) -> Option<Ty> {
    match key {
        // A policy's `kind` is the field it writes; its type is the same.
        "kind" | "name" | "title" | "file" => return Some(Ty::Text),
        "active" => return Some(Ty::Bool),
        _ => {}
    }
    match (kind, key) {
        (Kind::Role, "internal") => return Some(Ty::Bool),
        (Kind::Department, "products") => {
            return Some(Ty::List(Box::new(Ty::Entity(Kind::Product))))
        }
        (Kind::Department, "roles") => return Some(Ty::List(Box::new(Ty::Entity(Kind::Role)))),
        (Kind::Department, "satisfaction_policies") => {
            return Some(Ty::List(Box::new(Ty::Entity(Kind::Policy))))
        }
        (Kind::Product, "decision_rules") => {
            return Some(Ty::List(Box::new(Ty::Entity(Kind::Rule))))
        }
        _ => {}
    }
    let spec = fields.any(kind, key)?;
    let one = match spec.ty {
        ValueType::Text | ValueType::Word | ValueType::Words(_) | ValueType::Date => Ty::Text,
        ValueType::True | ValueType::Boolean => Ty::Bool,
        ValueType::Priority | ValueType::Integer { .. } => Ty::Int,
        // A customer may be written as a department (CC203); a scope or channel may be a
        // keyword.
        ValueType::Reference {
            kinds: [kind],
            keyword: None,
        } => Ty::Entity(*kind),
        ValueType::Reference { .. } => Ty::Any,
    };
    Some(if spec.many {
        Ty::List(Box::new(one))
    } else {
        one
    })
}

/// The field names an entity of `kind` has, for "did you mean" and the reference.
pub fn field_names(kind: Kind, fields: &CustomFields) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = COMMON.iter().map(|(n, _)| *n).collect();
    names.extend(
        DERIVED
            .iter()
            .filter(|(k, ..)| *k == kind)
            .map(|(_, n, _)| *n),
    );
    names.extend(fields.all(kind).map(|f| f.key));
    names
}

/// A problem found in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    pub message: String,
    pub help: Option<String>,
}

/// Check `expr`, evaluated with `self` an entity of `kind` (of a kind not known, when
/// `for:` is itself in error: its fields are not checked then).
pub fn check(expr: &IdedExpr, kind: Option<Kind>, fields: &CustomFields) -> Vec<TypeError> {
    let mut checker = Checker {
        fields,
        scopes: Vec::new(),
        errors: Vec::new(),
    };
    let this = kind.map_or(Ty::Any, Ty::Entity);
    checker.scopes.push(("self".to_string(), this));
    checker.scopes.push(("model".to_string(), Ty::Model));
    checker.ty(expr);
    checker.errors
}

/// The first field of `self` an expression reads (`require: size(self.fixer) > 0` concerns
/// `fixer`), where its finding is labelled when the entity writes it.
pub fn first_self_field(expr: &IdedExpr) -> Option<String> {
    match &expr.expr {
        Expr::Select(select) => match &select.operand.expr {
            Expr::Ident(name) if name == "self" => Some(select.field.clone()),
            _ => first_self_field(&select.operand),
        },
        Expr::Call(call) => call
            .target
            .iter()
            .map(|t| &**t)
            .chain(call.args.iter())
            .find_map(first_self_field),
        Expr::Comprehension(c) => first_self_field(&c.iter_range)
            .or_else(|| first_self_field(&c.loop_step))
            .or_else(|| first_self_field(&c.result)),
        Expr::List(list) => list.elements.iter().find_map(first_self_field),
        _ => None,
    }
}

struct Checker<'a> {
    /// The organisation's fields (`custom_fields`).
    fields: &'a CustomFields,
    scopes: Vec<(String, Ty)>,
    errors: Vec<TypeError>,
}

impl Checker<'_> {
    fn error(&mut self, message: String, help: Option<String>) {
        let error = TypeError { message, help };
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    fn ty(&mut self, expr: &IdedExpr) -> Ty {
        match &expr.expr {
            Expr::Literal(LiteralValue::Boolean(_)) => Ty::Bool,
            Expr::Literal(
                LiteralValue::Int(_) | LiteralValue::UInt(_) | LiteralValue::Double(_),
            ) => Ty::Int,
            Expr::Literal(LiteralValue::String(_)) => Ty::Text,
            Expr::Literal(_) => Ty::Any,
            Expr::Ident(name) => self.ident(name),
            Expr::Select(select) => {
                let operand = self.ty(&select.operand);
                let ty = self.select(&operand, &select.field);
                if select.test {
                    Ty::Bool
                } else {
                    ty
                }
            }
            Expr::Call(call) => {
                let target = call.target.as_ref().map(|t| self.ty(t));
                let args: Vec<Ty> = call.args.iter().map(|a| self.ty(a)).collect();
                self.call(&call.func_name, target, &args)
            }
            Expr::List(list) => {
                let items: Vec<Ty> = list.elements.iter().map(|e| self.ty(e)).collect();
                Ty::List(Box::new(items.into_iter().next().unwrap_or(Ty::Any)))
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let cel::common::ast::EntryExpr::MapEntry(e) = &entry.expr {
                        self.ty(&e.key);
                        self.ty(&e.value);
                    }
                }
                Ty::Any
            }
            Expr::Comprehension(c) => {
                let range = self.ty(&c.iter_range);
                let item = match range {
                    Ty::List(item) => *item,
                    _ => Ty::Any,
                };
                let accu = self.ty(&c.accu_init);
                let depth = self.scopes.len();
                self.scopes.push((c.accu_var.clone(), accu));
                match &c.iter_var2 {
                    Some(second) => {
                        self.scopes.push((c.iter_var.clone(), Ty::Int));
                        self.scopes.push((second.clone(), item));
                    }
                    None => self.scopes.push((c.iter_var.clone(), item)),
                }
                self.ty(&c.loop_cond);
                self.ty(&c.loop_step);
                let result = self.ty(&c.result);
                self.scopes.truncate(depth);
                result
            }
            Expr::Struct(_) | Expr::Unspecified => Ty::Any,
        }
    }

    fn ident(&mut self, name: &str) -> Ty {
        if let Some((_, ty)) = self.scopes.iter().rev().find(|(n, _)| n == name) {
            return ty.clone();
        }
        // Type names (`int`, `string`) are identifiers too, for `type(x) == int`.
        if matches!(
            name,
            "int" | "uint" | "double" | "string" | "bool" | "list" | "map" | "null_type" | "type"
        ) {
            return Ty::Any;
        }
        let names: Vec<String> = self.scopes.iter().map(|(n, _)| n.clone()).collect();
        let help = crate::suggest::closest(name, names.iter().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?"))
            .or_else(|| Some("an expression reads `self` (the entity) and `model`".to_string()));
        self.error(format!("unknown variable `{name}`"), help);
        Ty::Any
    }

    fn select(&mut self, operand: &Ty, field: &str) -> Ty {
        match operand {
            Ty::Entity(kind) => match field_type(*kind, field, self.fields) {
                Some(ty) => ty,
                None => {
                    let names = field_names(*kind, self.fields);
                    let help = crate::suggest::closest(field, names.iter().copied())
                        .map(|n| format!("did you mean `{n}`?"))
                        .unwrap_or_else(|| format!("a {} has {}", kind.keyword(), quoted(&names)));
                    self.error(
                        format!("a {} has no field `{field}`", kind.keyword()),
                        Some(help),
                    );
                    Ty::Any
                }
            },
            Ty::Model => match MODEL_FIELDS.iter().find(|(n, _)| *n == field) {
                Some(("organisation", _)) => Ty::Entity(Kind::Organisation),
                Some((name, _)) => Ty::List(Box::new(Ty::Entity(match *name {
                    "departments" => Kind::Department,
                    "roles" => Kind::Role,
                    "products" => Kind::Product,
                    "policies" => Kind::Policy,
                    _ => Kind::Rule,
                }))),
                None => {
                    let names: Vec<&str> = MODEL_FIELDS.iter().map(|(n, _)| *n).collect();
                    let help = crate::suggest::closest(field, names.iter().copied())
                        .map(|n| format!("did you mean `{n}`?"))
                        .unwrap_or_else(|| format!("`model` has {}", quoted(&names)));
                    self.error(format!("`model` has no field `{field}`"), Some(help));
                    Ty::Any
                }
            },
            Ty::Any => Ty::Any,
            other => {
                self.error(
                    format!(
                        "`.{field}` is selected from {}, which has no fields",
                        other.describe()
                    ),
                    None,
                );
                Ty::Any
            }
        }
    }

    fn call(&mut self, name: &str, target: Option<Ty>, args: &[Ty]) -> Ty {
        use cel::common::ast::operators as op;
        match name {
            op::EQUALS | op::NOT_EQUALS => {
                if let [a, b] = args {
                    if let Some((message, help)) = compare(a, b) {
                        self.error(message, Some(help));
                    }
                }
                Ty::Bool
            }
            op::LESS | op::LESS_EQUALS | op::GREATER | op::GREATER_EQUALS => {
                if let [a, b] = args {
                    if let Some(kind) = [a, b].iter().find_map(|t| match t {
                        Ty::Entity(k) => Some(*k),
                        _ => None,
                    }) {
                        self.error(
                            format!(
                                "a {} is ordered with `{}`",
                                kind.keyword(),
                                name.trim_matches('_')
                            ),
                            Some(format!(
                                "compare a field of the {}, such as its priority",
                                kind.keyword()
                            )),
                        );
                    } else if let Some((message, help)) = compare(a, b) {
                        self.error(message, Some(help));
                    }
                }
                Ty::Bool
            }
            op::LOGICAL_AND
            | op::LOGICAL_OR
            | op::LOGICAL_NOT
            | op::IN
            | op::NOT_STRICTLY_FALSE => Ty::Bool,
            op::INDEX => match args.first() {
                Some(Ty::List(item)) => (**item).clone(),
                _ => Ty::Any,
            },
            op::CONDITIONAL => args.get(1).cloned().unwrap_or(Ty::Any),
            "size" => Ty::Int,
            "startsWith" | "endsWith" | "contains" | "matches" => Ty::Bool,
            "string" => Ty::Text,
            "int" => Ty::Int,
            _ => {
                let _ = target;
                Ty::Any
            }
        }
    }
}

/// What is wrong with comparing `a` and `b`, and a help; `None` when they compare.
fn compare(a: &Ty, b: &Ty) -> Option<(String, String)> {
    match (a, b) {
        (Ty::Entity(k), other) | (other, Ty::Entity(k)) if other.is_scalar() => Some((
            format!("a {} is compared with {}", k.keyword(), other.describe()),
            match other {
                Ty::Text => format!("compare the {}'s name: `.name == \"…\"`", k.keyword()),
                _ => format!(
                    "compare a field of the {}, not the {} itself",
                    k.keyword(),
                    k.keyword()
                ),
            },
        )),
        (Ty::Entity(a), Ty::Entity(b)) if a != b => Some((
            format!(
                "a {} is compared with a {}: they are never equal",
                a.keyword(),
                b.keyword()
            ),
            "compare entities of the same kind, or their names".to_string(),
        )),
        (a, b) if a.is_scalar() && b.is_scalar() && a != b => Some((
            format!("{} is compared with {}", a.describe(), b.describe()),
            "compare values of the same type".to_string(),
        )),
        _ => None,
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
