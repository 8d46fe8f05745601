//! CC202 unidentified-end-user: an active product has no `end_user` (and CC201 does not
//! apply).

use super::{unidentified_internal_customer, Context, Findings, Rule};
use crate::catalog::Code;

pub struct UnidentifiedEndUser;

impl Rule for UnidentifiedEndUser {
    fn code(&self) -> Code {
        Code::CC202
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for product in &cx.model.products {
            if !product.is_active()
                || product.end_user.is_some()
                || unidentified_internal_customer::applies(cx, product)
            {
                continue;
            }
            let name = &product.declared.name.text;
            let mut help = format!("name who uses `{name}`: `end_user: <role>`");
            let brokers: Vec<_> = product.brokers().collect();
            if !brokers.is_empty() {
                help.push_str(&format!(
                    "; its brokers ({}) pass it on or buy it for others, they are not its end users",
                    cx.list_roles(brokers)
                ));
            }
            out.about(
                &product.declared,
                product.declared.name.span,
                format!("product `{name}` has no identified end user"),
            )
            .label("no `end_user`")
            .help(help)
            .subject("unidentified");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_without_end_user_and_not_with_cc201() {
        let text = "department d\nrole driver { external: true }\nrole r { department: d }\nproduct car { produced_by: d; owner: r; broker: driver }\n";
        assert_eq!(codes(text), [("CC202", 4)]);
        let internal = "department d\nrole r { department: d }\nproduct memo { produced_by: d; owner: r; broker: r }\n";
        assert_eq!(codes(internal), [("CC201", 3)]);
    }

    #[test]
    fn silent_for_retired_products_and_unresolved_end_users() {
        let text = "department d\nrole r { department: d }\nproduct old { produced_by: d; status: retired }\nproduct p { produced_by: d; owner: r; end_user: ghost }\n";
        assert_eq!(codes(text), [("CC002", 4)]);
    }

    #[test]
    fn a_misspelt_end_user_field_is_not_reported_again() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_users: r }\n";
        assert_eq!(codes(text), [("CC004", 3)]);
    }
}
