//! The customer map (`cclint map`) and the scorecard (`cclint scorecard`): computed from
//! the model and the findings of one analysis (the same notion of end user, broker and
//! internal customer the rules use, from [`crate::model`]'s query layer), then rendered
//! per format like [`crate::render`].

mod focus;
mod render;
pub mod report;
pub mod scorecard;

use std::collections::BTreeMap;

use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Level};
use crate::model::{Customer, EntityRef, Model};

pub use render::{dot, json, mermaid, MERMAID_MAX_EDGES};
pub use scorecard::render::{render as render_scorecard, ScorecardFormat};

/// A node of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Department(usize),
    Product(usize),
    Role(usize),
}

/// What a link says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    /// Product → role (or department) that uses it.
    EndUser,
    /// Product → role that passes it on or buys it for others.
    Broker,
    /// Product → role that repairs or supports it.
    Fixer,
    /// Role → product it holds a decision about (a decision rule's `decided_by`).
    Decides,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::EndUser => "end_user",
            LinkKind::Broker => "broker",
            LinkKind::Fixer => "fixer",
            LinkKind::Decides => "decides",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkKind::EndUser => "end user",
            LinkKind::Broker => "broker",
            LinkKind::Fixer => "fixer",
            LinkKind::Decides => "decides",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Department {
    pub name: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub name: String,
    pub title: Option<String>,
    /// The department producing it (an index into [`Map::departments`]).
    pub department: Option<usize>,
    pub retired: bool,
    /// Codes of the error findings about it (or about the decision rules over it).
    pub errors: Vec<Code>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub title: Option<String>,
    /// `Some(true)` for an employee, `Some(false)` for an external role.
    pub internal: Option<bool>,
    /// The department of an employee.
    pub department: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub from: Node,
    pub to: Node,
    pub kind: LinkKind,
    /// What a decision is about (its `aspect`).
    pub label: Option<String>,
    /// Codes of the error findings on this link (a broker deciding alone, CC301).
    pub errors: Vec<Code>,
}

/// Who serves whom: departments, the products they produce, the roles that are their
/// customers, and the links between them. Everything is sorted by name, so the output is
/// the same for the same repository.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map {
    pub departments: Vec<Department>,
    pub products: Vec<Product>,
    pub roles: Vec<Role>,
    pub links: Vec<Link>,
    /// Declarations left out of the model: they did not parse, or declare a name again.
    pub left_out: usize,
    /// Whether `--focus` narrowed it.
    pub focused: bool,
}

/// What to draw.
#[derive(Clone, Debug, Default)]
pub struct MapOptions {
    /// Names of departments, products or roles: only what is within one link of them.
    pub focus: Vec<String>,
    /// Draw retired products too (greyed).
    pub include_retired: bool,
}

/// A `--focus` name that names no department, product or role.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`--focus {name}` names no department, product or role")]
pub struct UnknownFocus {
    pub name: String,
    #[help]
    pub help: Option<String>,
}

/// Error findings by the entity they are about (`KIND:NAME`).
type Errors<'a> = BTreeMap<&'a str, Vec<&'a Diagnostic>>;

/// The error findings about each entity, by `KIND:NAME`: those a comment accepts left
/// out, those the baseline records kept (a baseline never blanks the map).
fn errors_by_entity(diagnostics: &[Diagnostic]) -> Errors<'_> {
    let mut by: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let accepted = d
            .suppressed
            .as_ref()
            .is_some_and(|s| s.origin == crate::diagnostic::SuppressedBy::Comment);
        if d.level == Level::Error && !accepted {
            if let Some(entity) = &d.entity {
                by.entry(&**entity).or_default().push(d);
            }
        }
    }
    by
}

/// How many declarations the model leaves out: those that did not parse (CC001) and the
/// second definitions of names (CC003).
pub fn left_out(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::CC001 | Code::CC003))
        .count()
}

/// The customer map of `model`, marked with the error findings of `diagnostics`.
pub fn map(
    model: &Model,
    diagnostics: &[Diagnostic],
    options: &MapOptions,
) -> Result<Map, UnknownFocus> {
    let errors = errors_by_entity(diagnostics);
    let order = Order::new(model, options.include_retired);
    let mut products = products(model, &order, &errors);
    let mut links = customer_links(model, &order);
    links.extend(rule_links(model, &order, &errors, &mut products));
    for product in &mut products {
        product.errors.sort();
        product.errors.dedup();
    }
    links.sort_unstable();
    links.dedup();
    let mut map = Map {
        departments: departments(model, &order),
        products,
        roles: roles(model, &order),
        links,
        left_out: left_out(diagnostics),
        focused: !options.focus.is_empty(),
    };
    if !options.focus.is_empty() {
        focus::focus(&mut map, model, &order, &options.focus)?;
    }
    Ok(map)
}

/// The map's order of departments, roles and products (by name), and each entity's
/// place in it.
struct Order {
    departments: Vec<usize>,
    roles: Vec<usize>,
    products: Vec<usize>,
    dept_index: Vec<usize>,
    role_index: Vec<usize>,
    product_index: Vec<Option<usize>>,
}

impl Order {
    fn new(model: &Model, include_retired: bool) -> Self {
        fn by_name<'a>(mut order: Vec<usize>, name: impl Fn(usize) -> &'a str) -> Vec<usize> {
            order.sort_by(|&a, &b| name(a).cmp(name(b)));
            order
        }
        fn places(order: &[usize], len: usize) -> Vec<Option<usize>> {
            let mut index = vec![None; len];
            for (i, &e) in order.iter().enumerate() {
                index[e] = Some(i);
            }
            index
        }
        let departments = by_name((0..model.departments.len()).collect(), |d| {
            &model.departments[d].declared.name.text
        });
        let roles = by_name((0..model.roles.len()).collect(), |r| {
            &model.roles[r].declared.name.text
        });
        let shown = (0..model.products.len())
            .filter(|&p| include_retired || model.products[p].is_active())
            .collect();
        let products = by_name(shown, |p| &model.products[p].declared.name.text);
        let every = |index: Vec<Option<usize>>| index.into_iter().map(|i| i.unwrap_or(0)).collect();
        Order {
            dept_index: every(places(&departments, model.departments.len())),
            role_index: every(places(&roles, model.roles.len())),
            product_index: places(&products, model.products.len()),
            departments,
            roles,
            products,
        }
    }
}

fn departments(model: &Model, order: &Order) -> Vec<Department> {
    let department = |&d: &usize| {
        let declared = &model.departments[d].declared;
        Department {
            name: declared.name.text.to_string(),
            title: declared.title.as_ref().map(|t| t.to_string()),
        }
    };
    order.departments.iter().map(department).collect()
}

fn roles(model: &Model, order: &Order) -> Vec<Role> {
    let role = |&r: &usize| {
        let role = &model.roles[r];
        let department = role.department.as_ref().and_then(|d| d.single());
        Role {
            name: role.declared.name.text.to_string(),
            title: role.declared.title.as_ref().map(|t| t.to_string()),
            internal: role.is_internal(),
            department: department.map(|d| order.dept_index[d.index()]),
        }
    };
    order.roles.iter().map(role).collect()
}

fn products(model: &Model, order: &Order, errors: &Errors<'_>) -> Vec<Product> {
    let product = |&p: &usize| {
        let product = &model.products[p];
        let entity = product.declared.entity();
        let found = errors.get(entity.as_str()).into_iter().flatten();
        let department = product.produced_by.as_ref().and_then(|d| d.single());
        Product {
            name: product.declared.name.text.to_string(),
            title: product.declared.title.as_ref().map(|t| t.to_string()),
            department: department.map(|d| order.dept_index[d.index()]),
            retired: !product.is_active(),
            errors: found.map(|d| d.code).collect(),
        }
    };
    order.products.iter().map(product).collect()
}

/// A product's links to its end users, brokers and fixers.
fn customer_links(model: &Model, order: &Order) -> Vec<Link> {
    let mut links = Vec::new();
    for (index, &p) in order.products.iter().enumerate() {
        let product = &model.products[p];
        let slots = [
            (LinkKind::EndUser, &product.end_user),
            (LinkKind::Broker, &product.broker),
            (LinkKind::Fixer, &product.fixer),
        ];
        for (kind, slot) in slots {
            for customer in slot.iter().flat_map(|s| s.values()) {
                let to = match customer {
                    Customer::Role(r) => Node::Role(order.role_index[r.index()]),
                    Customer::Department(d) => Node::Department(order.dept_index[d.index()]),
                };
                let (from, label, errors) = (Node::Product(index), None, Vec::new());
                links.push(Link {
                    from,
                    to,
                    kind,
                    label,
                    errors,
                });
            }
        }
    }
    links
}

/// The links from the roles that decide about a product, with the findings about each;
/// a rule's findings also mark the product it judges.
fn rule_links(
    model: &Model,
    order: &Order,
    errors: &Errors<'_>,
    products: &mut [Product],
) -> Vec<Link> {
    let mut links = Vec::new();
    for rule in &model.rules {
        let Some(p) = rule.product.as_ref().and_then(|s| s.single()) else {
            continue;
        };
        let Some(index) = order.product_index[p.index()] else {
            continue;
        };
        let rule_errors = errors
            .get(rule.declared.entity().as_str())
            .cloned()
            .unwrap_or_default();
        products[index]
            .errors
            .extend(rule_errors.iter().map(|d| d.code));
        let aspect = rule
            .aspect
            .as_ref()
            .and_then(|a| a.single())
            .map(|a| a.to_string());
        for item in rule.decided_by.iter().flat_map(|s| &s.items) {
            let Some(role) = item.value else { continue };
            let subject = format!("decided_by={}", model.role(role).declared.name.text);
            let about_role = rule_errors.iter().filter(|d| *d.subject == *subject);
            links.push(Link {
                from: Node::Role(order.role_index[role.index()]),
                to: Node::Product(index),
                kind: LinkKind::Decides,
                label: aspect.clone(),
                errors: about_role.map(|d| d.code).collect(),
            });
        }
    }
    links
}

#[cfg(test)]
mod tests;
