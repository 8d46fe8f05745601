//! The customer map (`cclint map`) and the scorecard (`cclint scorecard`): computed from
//! the model and the findings of one analysis (the same notion of end user, broker and
//! internal customer the rules use, from [`crate::model`]'s query layer), then rendered
//! per format like [`crate::render`].

mod render;
pub mod scorecard;

use std::collections::{BTreeMap, BTreeSet};

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

/// The error findings about each entity, by `KIND:NAME`: those a comment accepts left
/// out, those the baseline records kept (a baseline never blanks the map).
fn errors_by_entity(diagnostics: &[Diagnostic]) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut by: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let accepted = d
            .suppressed
            .as_ref()
            .is_some_and(|s| s.origin == crate::diagnostic::SuppressedBy::Comment);
        if d.level == Level::Error && !accepted {
            if let Some(entity) = &d.entity {
                by.entry(entity.as_str()).or_default().push(d);
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
    // Sorted by name; indices into the model kept to translate ids.
    let mut dept_order: Vec<usize> = (0..model.departments.len()).collect();
    dept_order.sort_by(|&a, &b| {
        model.departments[a]
            .declared
            .name
            .text
            .cmp(&model.departments[b].declared.name.text)
    });
    let mut dept_index = vec![0; model.departments.len()];
    for (i, &d) in dept_order.iter().enumerate() {
        dept_index[d] = i;
    }
    let mut role_order: Vec<usize> = (0..model.roles.len()).collect();
    role_order.sort_by(|&a, &b| {
        model.roles[a]
            .declared
            .name
            .text
            .cmp(&model.roles[b].declared.name.text)
    });
    let mut role_index = vec![0; model.roles.len()];
    for (i, &r) in role_order.iter().enumerate() {
        role_index[r] = i;
    }
    let mut product_order: Vec<usize> = (0..model.products.len())
        .filter(|&p| options.include_retired || model.products[p].is_active())
        .collect();
    product_order.sort_by(|&a, &b| {
        model.products[a]
            .declared
            .name
            .text
            .cmp(&model.products[b].declared.name.text)
    });
    let mut product_index: Vec<Option<usize>> = vec![None; model.products.len()];
    for (i, &p) in product_order.iter().enumerate() {
        product_index[p] = Some(i);
    }

    let departments: Vec<Department> = dept_order
        .iter()
        .map(|&d| {
            let declared = &model.departments[d].declared;
            Department {
                name: declared.name.text.to_string(),
                title: declared.title.as_ref().map(|t| t.to_string()),
            }
        })
        .collect();
    let roles: Vec<Role> = role_order
        .iter()
        .map(|&r| {
            let role = &model.roles[r];
            Role {
                name: role.declared.name.text.to_string(),
                title: role.declared.title.as_ref().map(|t| t.to_string()),
                internal: role.is_internal(),
                department: role
                    .department
                    .as_ref()
                    .and_then(|d| d.single())
                    .map(|d| dept_index[d.index()]),
            }
        })
        .collect();
    let mut products: Vec<Product> = product_order
        .iter()
        .map(|&p| {
            let product = &model.products[p];
            let entity = product.declared.entity();
            let mut codes: Vec<Code> = errors
                .get(entity.as_str())
                .into_iter()
                .flatten()
                .map(|d| d.code)
                .collect();
            codes.sort();
            codes.dedup();
            Product {
                name: product.declared.name.text.to_string(),
                title: product.declared.title.as_ref().map(|t| t.to_string()),
                department: product
                    .produced_by
                    .as_ref()
                    .and_then(|d| d.single())
                    .map(|d| dept_index[d.index()]),
                retired: !product.is_active(),
                errors: codes,
            }
        })
        .collect();

    let mut links: Vec<Link> = Vec::new();
    for (index, &p) in product_order.iter().enumerate() {
        let product = &model.products[p];
        let slots = [
            (LinkKind::EndUser, &product.end_user),
            (LinkKind::Broker, &product.broker),
            (LinkKind::Fixer, &product.fixer),
        ];
        for (kind, slot) in slots {
            for customer in slot.iter().flat_map(|s| s.values()) {
                let to = match customer {
                    Customer::Role(r) => Node::Role(role_index[r.index()]),
                    Customer::Department(d) => Node::Department(dept_index[d.index()]),
                };
                links.push(Link {
                    from: Node::Product(index),
                    to,
                    kind,
                    label: None,
                    errors: Vec::new(),
                });
            }
        }
    }
    for rule in &model.rules {
        let Some(p) = rule.product.as_ref().and_then(|s| s.single()) else {
            continue;
        };
        let Some(index) = product_index[p.index()] else {
            continue;
        };
        let rule_errors = errors
            .get(rule.declared.entity().as_str())
            .cloned()
            .unwrap_or_default();
        // The rule's findings concern the product it judges.
        for d in &rule_errors {
            products[index].errors.push(d.code);
        }
        let aspect = rule
            .aspect
            .as_ref()
            .and_then(|a| a.single())
            .map(|a| a.to_string());
        for item in rule.decided_by.iter().flat_map(|s| &s.items) {
            let Some(role) = item.value else { continue };
            let subject = format!("decided_by={}", model.role(role).declared.name.text);
            let codes: Vec<Code> = rule_errors
                .iter()
                .filter(|d| d.subject == subject)
                .map(|d| d.code)
                .collect();
            links.push(Link {
                from: Node::Role(role_index[role.index()]),
                to: Node::Product(index),
                kind: LinkKind::Decides,
                label: aspect.clone(),
                errors: codes,
            });
        }
    }
    for product in &mut products {
        product.errors.sort();
        product.errors.dedup();
    }
    links.sort_unstable();
    links.dedup();
    let mut map = Map {
        departments,
        products,
        roles,
        links,
        left_out: left_out(diagnostics),
        focused: !options.focus.is_empty(),
    };
    if !options.focus.is_empty() {
        let mut centres: BTreeSet<Node> = BTreeSet::new();
        for name in &options.focus {
            let node = focus_node(model, name, &dept_index, &role_index, &product_index)?;
            centres.insert(node);
            // A department stands for its products: within one link of it is within one
            // link of them.
            if let Node::Department(d) = node {
                centres.extend(
                    map.products
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.department == Some(d))
                        .map(|(i, _)| Node::Product(i)),
                );
            }
        }
        let mut keep = centres.clone();
        for link in &map.links {
            if centres.contains(&link.from) {
                keep.insert(link.to);
            }
            if centres.contains(&link.to) {
                keep.insert(link.from);
            }
        }
        map.links
            .retain(|l| keep.contains(&l.from) && keep.contains(&l.to));
        map.restrict(&keep);
    }
    Ok(map)
}

/// The node `--focus NAME` names.
fn focus_node(
    model: &Model,
    name: &str,
    dept_index: &[usize],
    role_index: &[usize],
    product_index: &[Option<usize>],
) -> Result<Node, UnknownFocus> {
    let unknown = || {
        let names = model
            .entities()
            .filter(|(_, d)| {
                matches!(
                    d.kind,
                    crate::syntax::Kind::Department
                        | crate::syntax::Kind::Product
                        | crate::syntax::Kind::Role
                )
            })
            .map(|(_, d)| d.name.text.as_str());
        let mut names: Vec<&str> = names.collect();
        names.sort_unstable();
        UnknownFocus {
            name: name.to_string(),
            help: crate::suggest::closest(name, names).map(|n| format!("did you mean `{n}`?")),
        }
    };
    match model.symbol(name).and_then(|s| s.entity) {
        Some(EntityRef::Department(d)) => Ok(Node::Department(dept_index[d.index()])),
        Some(EntityRef::Role(r)) => Ok(Node::Role(role_index[r.index()])),
        Some(EntityRef::Product(p)) => {
            product_index[p.index()]
                .map(Node::Product)
                .ok_or_else(|| UnknownFocus {
                    name: name.to_string(),
                    help: Some("it is retired: add `--include-retired`".to_string()),
                })
        }
        _ => Err(unknown()),
    }
}

impl Map {
    /// Keep only the nodes in `keep` (and the departments that hold kept products or
    /// roles), renumbering links.
    fn restrict(&mut self, keep: &BTreeSet<Node>) {
        let products: Vec<usize> = (0..self.products.len())
            .filter(|&i| keep.contains(&Node::Product(i)))
            .collect();
        let roles: Vec<usize> = (0..self.roles.len())
            .filter(|&i| keep.contains(&Node::Role(i)))
            .collect();
        let mut departments: BTreeSet<usize> = (0..self.departments.len())
            .filter(|&i| keep.contains(&Node::Department(i)))
            .collect();
        departments.extend(products.iter().filter_map(|&p| self.products[p].department));
        departments.extend(roles.iter().filter_map(|&r| self.roles[r].department));
        let departments: Vec<usize> = departments.into_iter().collect();
        let new_index = |old: &[usize], i: usize| old.binary_search(&i).ok();
        let renumber = |node: Node| match node {
            Node::Department(i) => new_index(&departments, i).map(Node::Department),
            Node::Product(i) => new_index(&products, i).map(Node::Product),
            Node::Role(i) => new_index(&roles, i).map(Node::Role),
        };
        let links: Vec<Link> = self
            .links
            .iter()
            .filter_map(|l| {
                Some(Link {
                    from: renumber(l.from)?,
                    to: renumber(l.to)?,
                    ..l.clone()
                })
            })
            .collect();
        let dept = |d: Option<usize>| d.and_then(|d| new_index(&departments, d));
        self.products = products
            .iter()
            .map(|&p| Product {
                department: dept(self.products[p].department),
                ..self.products[p].clone()
            })
            .collect();
        self.roles = roles
            .iter()
            .map(|&r| Role {
                department: dept(self.roles[r].department),
                ..self.roles[r].clone()
            })
            .collect();
        self.departments = departments
            .iter()
            .map(|&d| self.departments[d].clone())
            .collect();
        self.links = links;
    }

    /// The roles drawn: those linked to something.
    pub fn linked_roles(&self) -> BTreeSet<usize> {
        self.links
            .iter()
            .flat_map(|l| [l.from, l.to])
            .filter_map(|n| match n {
                Node::Role(r) => Some(r),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn acme() -> (crate::Workspace, std::sync::Arc<crate::Analysis>) {
        let config = crate::config::Config::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/acme/cclint.yaml"
        )))
        .unwrap();
        let mut ws = crate::Workspace::new(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            Some(config),
            crate::Settings::default(),
        );
        ws.add_paths(&[std::path::PathBuf::from("fixtures/acme")], false)
            .unwrap();
        let analysis = ws.analysis();
        (ws, analysis)
    }

    fn links_of(map: &Map) -> Vec<String> {
        let name = |n: Node| match n {
            Node::Department(i) => map.departments[i].name.clone(),
            Node::Product(i) => map.products[i].name.clone(),
            Node::Role(i) => map.roles[i].name.clone(),
        };
        map.links
            .iter()
            .map(|l| format!("{} -{}-> {}", name(l.from), l.kind.as_str(), name(l.to)))
            .collect()
    }

    #[test]
    fn the_acme_map_links_products_to_their_customers() {
        let (_, analysis) = acme();
        let map = map(
            &analysis.model,
            &analysis.diagnostics,
            &MapOptions::default(),
        )
        .unwrap();
        let links = links_of(&map);
        assert!(links.contains(&"hatchback -end_user-> driver".to_string()));
        assert!(links.contains(&"hatchback -broker-> dealer".to_string()));
        assert!(links.contains(&"buyer -decides-> laptops".to_string()));
        assert!(
            links.contains(&"budget_pack -end_user-> procurement".to_string()),
            "a department as customer"
        );
        assert!(
            !map.products.iter().any(|p| p.name == "sedan_2019"),
            "retired left out"
        );
        let laptops = map.products.iter().find(|p| p.name == "laptops").unwrap();
        assert_eq!(laptops.errors, [Code::CC301]);
        let decides = map
            .links
            .iter()
            .find(|l| l.kind == LinkKind::Decides && l.errors == [Code::CC301]);
        assert!(decides.is_some(), "the broker deciding alone is marked");
        let paper = map
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Decides && l.errors.is_empty())
            .count();
        assert!(paper >= 1, "a suppressed finding marks nothing");
        let with_retired = super::map(
            &analysis.model,
            &analysis.diagnostics,
            &MapOptions {
                include_retired: true,
                ..MapOptions::default()
            },
        )
        .unwrap();
        assert!(with_retired
            .products
            .iter()
            .any(|p| p.name == "sedan_2019" && p.retired));
    }

    #[test]
    fn focus_keeps_what_is_within_one_link() {
        let (_, analysis) = acme();
        let focus = |names: &[&str]| {
            super::map(
                &analysis.model,
                &analysis.diagnostics,
                &MapOptions {
                    focus: names.iter().map(|s| s.to_string()).collect(),
                    ..MapOptions::default()
                },
            )
        };
        let hr = focus(&["hr"]).unwrap();
        let names: Vec<&str> = hr.products.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["engagement_report", "shift_rota"]);
        let links = links_of(&hr);
        assert!(
            links.contains(&"shift_rota -end_user-> line_worker".to_string()),
            "{links:?}"
        );
        assert!(
            links.contains(&"line_manager -decides-> shift_rota".to_string()),
            "{links:?}"
        );
        let driver = focus(&["driver"]).unwrap();
        assert!(
            driver.links.iter().all(|l| l.kind == LinkKind::EndUser),
            "{:?}",
            links_of(&driver)
        );
        assert_eq!(driver.products.len(), 5);
        let err = focus(&["drivr"]).unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `driver`?"));
    }
}
