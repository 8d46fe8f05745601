//! CC402 external-owner: a product's or policy's `owner` is an external role.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::model::{Declared, RoleId, Slot};

pub struct ExternalOwner;

fn check_owner(
    cx: &Context<'_>,
    declared: &Declared,
    owner: &Option<Slot<RoleId>>,
    out: &mut Findings,
) {
    let Some(owner) = owner else { return };
    for item in &owner.items {
        let Some(role) = item.value else { continue };
        if cx.model.role(role).is_internal() != Some(false) {
            continue;
        }
        let role_name = cx.role_name(role);
        out.about(
            declared,
            item.span,
            format!("{} is owned by `{role_name}`, an external role", declared.describe()),
        )
        .label("external role")
        .help("give it an owner inside the organisation, who can be held to its customers' satisfaction")
        .subject(format!("owner={role_name}"));
    }
}

impl Rule for ExternalOwner {
    fn code(&self) -> Code {
        Code::CC402
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for product in cx.model.products.iter().filter(|p| p.is_active()) {
            check_owner(cx, &product.declared, &product.owner, out);
        }
        for policy in &cx.model.policies {
            check_owner(cx, &policy.declared, &policy.owner, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_for_products_and_policies() {
        let text = "department d\nrole agency { external: true }\nrole r { department: d }\nproduct p { produced_by: d; owner: agency; end_user: r }\npolicy t { kind: travel; owner: agency }\n";
        assert_eq!(codes(text), [("CC402", 4), ("CC402", 5)]);
    }

    #[test]
    fn silent_for_internal_owners() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\n";
        assert!(codes(text).is_empty());
    }
}
