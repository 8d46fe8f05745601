//! CC201 unidentified-internal-customer: an active internal product none of whose end
//! users is an employee.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::model::Product;

pub struct UnidentifiedInternalCustomer;

/// Whether CC201 applies to `product`: it is active, internal, and no end user is an
/// employee. Unknown facts (invalid values, contradictory roles) never make it apply.
pub fn applies(cx: &Context<'_>, product: &Product) -> bool {
    product.is_active()
        && cx.model.product_is_internal(product) == Some(true)
        && !has_internal_end_user(cx, product)
}

fn has_internal_end_user(cx: &Context<'_>, product: &Product) -> bool {
    let Some(end_user) = &product.end_user else {
        return false;
    };
    end_user.has_invalid()
        || end_user
            .values()
            .any(|c| cx.model.customer_is_internal(*c) != Some(false))
}

impl Rule for UnidentifiedInternalCustomer {
    fn code(&self) -> Code {
        Code::CC201
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for product in cx.model.products.iter().filter(|p| applies(cx, p)) {
            let name = &product.declared.name.text;
            let why = match &product.audience {
                Some(_) => "`audience: internal`".to_string(),
                None => "all its customers are employees".to_string(),
            };
            let finding = out
                .about(
                    &product.declared,
                    product.declared.name.span,
                    format!("internal product `{name}` has no identified internal end user"),
                )
                .label(format!("internal ({why}), but no employee uses it"))
                .help(format!(
                    "name the employees who use `{name}`: `end_user: <internal role>`; if nobody does, retire it (`status: retired`)"
                ))
                .subject("unidentified");
            if let Some(end_user) = &product.end_user {
                finding.note(
                    product.declared.file,
                    end_user.key(),
                    "only external end users",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const BASE: &str =
        "department hr\nrole partner { department: hr }\nrole visitor { external: true }\n";

    #[test]
    fn fires_for_internal_products_without_internal_end_users() {
        let by_audience = format!("{BASE}product report {{ produced_by: hr; owner: partner; audience: internal; end_user: visitor }}\n");
        assert!(codes(&by_audience).contains(&("CC201", 4)));
        let by_customers = format!(
            "{BASE}product report {{ produced_by: hr; owner: partner; broker: partner }}\n"
        );
        assert_eq!(codes(&by_customers), [("CC201", 4)]);
    }

    #[test]
    fn silent_for_departments_as_end_users_retired_products_and_unknown_roles() {
        let dept = format!("{BASE}product report {{ produced_by: hr; owner: partner; audience: internal; end_user: hr }}\n");
        assert!(!codes(&dept)
            .iter()
            .any(|c| c.0 == "CC201" || c.0 == "CC202"));
        let retired = format!(
            "{BASE}product report {{ produced_by: hr; audience: internal; status: retired }}\n"
        );
        assert!(!codes(&retired).iter().any(|c| c.0 == "CC201"));
        let unknown = format!("{BASE}product report {{ produced_by: hr; owner: partner; audience: internal; end_user: nobody }}\n");
        assert_eq!(codes(&unknown), [("CC002", 4)]);
        let external = format!("{BASE}product report {{ produced_by: hr; owner: partner; end_user: visitor; broker: partner }}\n");
        assert!(!codes(&external).iter().any(|c| c.0 == "CC201"));
    }
}
