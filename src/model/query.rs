//! Questions several rules (and the coming map, scorecard and hover text) ask of the
//! model, answered in one place: a product's end users, brokers and fixers, whether a
//! product or customer is internal, and the product a decision rule judges.

use super::{Audience, Customer, DecisionRule, DepartmentId, Model, Product, RoleId, Scope, Slot};

/// The roles of a customer field (departments left out).
fn roles(slot: &Option<Slot<Customer>>) -> impl Iterator<Item = RoleId> + '_ {
    slot.iter()
        .flat_map(|s| s.values())
        .filter_map(|c| match c {
            Customer::Role(r) => Some(*r),
            Customer::Department(_) => None,
        })
}

impl Product {
    /// The roles named as its end users (those that resolved).
    pub fn end_users(&self) -> impl Iterator<Item = RoleId> + '_ {
        roles(&self.end_user)
    }

    /// The roles named as its brokers (those that resolved).
    pub fn brokers(&self) -> impl Iterator<Item = RoleId> + '_ {
        roles(&self.broker)
    }

    /// The roles named as its fixers (those that resolved).
    pub fn fixers(&self) -> impl Iterator<Item = RoleId> + '_ {
        roles(&self.fixer)
    }

    /// Whether every end user named resolved (or none is named): an unknown one could be
    /// anybody, so verdicts that depend on who the end users are wait for it.
    pub fn end_users_known(&self) -> bool {
        self.end_user.as_ref().is_none_or(|s| !s.has_invalid())
    }
}

/// What the satisfaction policies cover: every department, or the ones their scopes name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SatisfactionCoverage {
    /// Some satisfaction policy covers every department (no scope, `all`, or a scope with
    /// an invalid value, which counts as covering).
    pub all: bool,
    /// Departments named in the scope of some satisfaction policy.
    pub departments: rustc_hash::FxHashSet<DepartmentId>,
}

impl SatisfactionCoverage {
    pub fn covers(&self, department: DepartmentId) -> bool {
        self.all || self.departments.contains(&department)
    }
}

impl Model {
    /// What the satisfaction policies cover (CC103 and the scorecard ask).
    pub fn satisfaction_coverage(&self) -> SatisfactionCoverage {
        let mut coverage = SatisfactionCoverage::default();
        for policy in self.policies.iter().filter(|p| p.is_satisfaction()) {
            match &policy.scope {
                None => coverage.all = true,
                Some(scope) if scope.has_invalid() => coverage.all = true,
                Some(scope) => {
                    for value in scope.values() {
                        match value {
                            Scope::All => coverage.all = true,
                            Scope::Department(d) => {
                                coverage.departments.insert(*d);
                            }
                        }
                    }
                }
            }
        }
        coverage
    }

    /// Whether `customer` is internal (an employee, or a department); `None` when the
    /// role's declaration does not say (CC005/CC006 report that).
    pub fn customer_is_internal(&self, customer: Customer) -> Option<bool> {
        match customer {
            Customer::Department(_) => Some(true),
            Customer::Role(r) => self.role(r).is_internal(),
        }
    }

    /// Whether `product` is internal: its `audience`, else whether every customer it names
    /// is internal. `None` when that is unknown (an invalid audience or customer value, a
    /// customer whose role does not say); `Some(false)` when it names no customer.
    pub fn product_is_internal(&self, product: &Product) -> Option<bool> {
        if let Some(audience) = &product.audience {
            return audience.single().map(|a| *a == Audience::Internal);
        }
        let slots = [&product.end_user, &product.broker, &product.fixer];
        let mut answer = Some(false);
        let mut any = false;
        for slot in slots.into_iter().flatten() {
            if slot.has_invalid() {
                return None;
            }
            for customer in slot.values() {
                match self.customer_is_internal(*customer) {
                    Some(true) if !any || answer == Some(true) => answer = Some(true),
                    Some(true) => {}
                    Some(false) => return Some(false),
                    None => answer = None,
                }
                any = true;
            }
        }
        answer
    }

    /// The product a decision rule judges: the one its `product` names, when that
    /// resolved, is active, and its end users are all known (an unknown end user could be
    /// the deciding role, the one consulted, or open the channel). An unknown broker
    /// cannot change a verdict, so it does not stop one.
    pub fn judged_product(&self, rule: &DecisionRule) -> Option<&Product> {
        let product = self.product(*rule.product.as_ref()?.single()?);
        (product.is_active() && product.end_users_known()).then_some(product)
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::parse;

    fn model(text: &str) -> crate::model::Model {
        let parsed = parse(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let file = crate::source::FileId(0);
        let lowered = std::sync::Arc::new(crate::model::lower(file, &parsed));
        crate::model::build(vec![(file, lowered)]).0
    }

    const ROLES: &str = "department d\nrole emp { department: d }\nrole ext { external: true }\nrole odd { department: d; external: true }\n";

    fn internal(product: &str) -> Option<bool> {
        let m = model(&format!("{ROLES}{product}\n"));
        m.product_is_internal(&m.products[0])
    }

    #[test]
    fn a_product_is_internal_by_audience_or_by_all_its_customers() {
        assert_eq!(
            internal("product p { produced_by: d; audience: internal; end_user: ext }"),
            Some(true)
        );
        assert_eq!(
            internal("product p { produced_by: d; audience: mixed }"),
            Some(false)
        );
        assert_eq!(
            internal("product p { produced_by: d; end_user: emp; fixer: d }"),
            Some(true)
        );
        assert_eq!(
            internal("product p { produced_by: d; end_user: emp; broker: ext }"),
            Some(false)
        );
        assert_eq!(
            internal("product p { produced_by: d; end_user: emp, odd }"),
            None
        );
        assert_eq!(
            internal("product p { produced_by: d; end_user: emp, nobody }"),
            None
        );
        assert_eq!(internal("product p { produced_by: d }"), Some(false));
    }

    #[test]
    fn customers_and_the_judged_product() {
        let m = model(&format!(
            "{ROLES}product p {{ produced_by: d; end_user: emp, d; broker: ext; fixer: emp }}\n\
             product q {{ produced_by: d; end_user: nobody }}\n\
             rule a {{ product: p; decided_by: ext }}\nrule b {{ product: q; decided_by: ext }}\n"
        ));
        let p = &m.products[0];
        assert_eq!(p.end_users().count(), 1, "the department is not a role");
        assert_eq!(p.brokers().count(), 1);
        assert_eq!(p.fixers().count(), 1);
        assert!(m.judged_product(&m.rules[0]).is_some());
        assert!(
            m.judged_product(&m.rules[1]).is_none(),
            "an unknown end user"
        );
    }
}
