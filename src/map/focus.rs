//! `--focus`: the map narrowed to what is within one link of the nodes named.

use std::collections::BTreeSet;

use super::*;

/// Keep only what is within one link of the nodes `names` name (a department stands for
/// its products).
pub(super) fn focus(
    map: &mut Map,
    model: &Model,
    order: &Order,
    names: &[String],
) -> Result<(), UnknownFocus> {
    let mut centres: BTreeSet<Node> = BTreeSet::new();
    for name in names {
        let node = focus_node(
            model,
            name,
            &order.dept_index,
            &order.role_index,
            &order.product_index,
        )?;
        centres.insert(node);
        if let Node::Department(d) = node {
            let of_department = map
                .products
                .iter()
                .enumerate()
                .filter(|(_, p)| p.department == Some(d));
            centres.extend(of_department.map(|(i, _)| Node::Product(i)));
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
    Ok(())
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
