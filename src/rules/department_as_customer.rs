//! CC203 department-as-customer: `end_user`, `broker` or `fixer` names a department.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::model::Customer;

pub struct DepartmentAsCustomer;

impl Rule for DepartmentAsCustomer {
    fn code(&self) -> Code {
        Code::CC203
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for product in cx.model.products.iter().filter(|p| p.is_active()) {
            let fields = [
                ("end_user", &product.end_user),
                ("broker", &product.broker),
                ("fixer", &product.fixer),
            ];
            for (key, slot) in fields {
                let Some(slot) = slot else { continue };
                for item in &slot.items {
                    let Some(Customer::Department(dept)) = item.value else {
                        continue;
                    };
                    let dept = cx.department_name(dept);
                    out.about(
                        &product.declared,
                        item.span,
                        format!(
                            "`{key}` of product `{}` names department `{dept}` instead of a role",
                            product.declared.name.text
                        ),
                    )
                    .label("a department, not a role")
                    .help(format!(
                        "name the role people in `{dept}` play with it, e.g. `role {dept}_staff {{ department: {dept} }}`"
                    ))
                    .subject(format!("{key}={dept}"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_on_each_department_value() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r, d; fixer: d }\n";
        assert_eq!(codes(text), [("CC203", 3), ("CC203", 3)]);
    }

    #[test]
    fn silent_for_roles_and_retired_products() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\nproduct q { produced_by: d; end_user: d; status: retired }\n";
        assert!(codes(text).is_empty());
    }
}
