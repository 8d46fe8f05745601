//! CC401 product-without-owner: an active product has no `owner`.

use super::{about_product, Context, Rule};
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;

pub struct ProductWithoutOwner;

impl Rule for ProductWithoutOwner {
    fn code(&self) -> Code {
        Code::CC401
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for product in cx
            .model
            .products
            .iter()
            .filter(|p| p.is_active() && p.owner.is_none())
        {
            let name = &product.declared.name.text;
            out.push(
                about_product(
                    Code::CC401,
                    product,
                    product.declared.name.span,
                    format!("product `{name}` has no owner"),
                )
                .with_primary_label("no `owner`")
                .with_help(format!(
                    "add `owner: <role>`: the person who answers for `{name}` to its customers"
                ))
                .with_subject("no-owner"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_for_active_products_only() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; end_user: r }\nproduct q { produced_by: d; status: retired }\n";
        assert_eq!(codes(text), [("CC401", 3)]);
    }

    #[test]
    fn an_invalid_owner_counts_as_present() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; end_user: r; owner: d }\n";
        assert_eq!(codes(text), [("CC005", 3)]);
    }
}
