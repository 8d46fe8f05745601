//! Facts derived from the model once per run, which organisation rules read as fields:
//! what each department produces and employs, the satisfaction policies that cover it, and
//! the decision rules about each product.

use crate::model::{DecisionRuleId, DepartmentId, Model, PolicyId, ProductId, RoleId, Scope};

#[derive(Debug, Default)]
pub struct Facts {
    products: Vec<Vec<ProductId>>,
    roles: Vec<Vec<RoleId>>,
    satisfaction: Vec<Vec<PolicyId>>,
    rules: Vec<Vec<DecisionRuleId>>,
}

fn at<T>(table: &[Vec<T>], index: usize) -> &[T] {
    table.get(index).map_or(&[], Vec::as_slice)
}

impl Facts {
    /// Linear in the model (a policy covering every department is listed once for each).
    pub fn new(model: &Model) -> Facts {
        let departments = model.departments.len();
        let mut products = vec![Vec::new(); departments];
        for (i, p) in model.products.iter().enumerate() {
            for d in p.produced_by.iter().flat_map(|s| s.values()) {
                products[d.index()].push(ProductId::new(i));
            }
        }
        let mut roles = vec![Vec::new(); departments];
        for (i, r) in model.roles.iter().enumerate() {
            for d in r.department.iter().flat_map(|s| s.values()) {
                roles[d.index()].push(RoleId::new(i));
            }
        }
        let mut satisfaction = vec![Vec::new(); departments];
        for (i, p) in model.policies.iter().enumerate() {
            if !p.is_satisfaction() {
                continue;
            }
            let id = PolicyId::new(i);
            let scope: Vec<&Scope> = p.scope.iter().flat_map(|s| s.values()).collect();
            // No scope, `all`, or a scope with an invalid value covers every department.
            let all = scope.is_empty()
                || scope.iter().any(|s| **s == Scope::All)
                || p.scope.as_ref().is_some_and(|s| s.has_invalid());
            if all {
                satisfaction.iter_mut().for_each(|list| list.push(id));
            } else {
                for s in scope {
                    if let Scope::Department(d) = s {
                        if !satisfaction[d.index()].contains(&id) {
                            satisfaction[d.index()].push(id);
                        }
                    }
                }
            }
        }
        let mut rules = vec![Vec::new(); model.products.len()];
        for (i, r) in model.rules.iter().enumerate() {
            for p in r.product.iter().flat_map(|s| s.values()) {
                rules[p.index()].push(DecisionRuleId::new(i));
            }
        }
        Facts {
            products,
            roles,
            satisfaction,
            rules,
        }
    }

    /// The products `department` produces, active or retired.
    pub fn products_of(&self, department: DepartmentId) -> &[ProductId] {
        at(&self.products, department.index())
    }

    /// The roles that work in `department`.
    pub fn roles_of(&self, department: DepartmentId) -> &[RoleId] {
        at(&self.roles, department.index())
    }

    /// The satisfaction policies whose scope covers `department`.
    pub fn satisfaction_of(&self, department: DepartmentId) -> &[PolicyId] {
        at(&self.satisfaction, department.index())
    }

    /// The decision rules about `product`.
    pub fn rules_of(&self, product: ProductId) -> &[DecisionRuleId] {
        at(&self.rules, product.index())
    }
}
