//! CC502 unprioritized-product (off by default): an active product has no `priority`.

use super::{about_product, Context, Rule};
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;

pub struct UnprioritizedProduct;

impl Rule for UnprioritizedProduct {
    fn code(&self) -> Code {
        Code::CC502
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for product in cx
            .model
            .products
            .iter()
            .filter(|p| p.is_active() && p.priority.is_none())
        {
            let name = &product.declared.name.text;
            out.push(
                about_product(Code::CC502, product, product.declared.name.span, format!("product `{name}` has no priority"))
                    .with_primary_label("no `priority`")
                    .with_help("add `priority: 1` (highest) to `5`, so the most important products get their end users identified first")
                    .with_subject("no-priority"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, codes_with};

    #[test]
    fn off_by_default_and_fires_when_enabled() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\n";
        assert!(codes(text).is_empty());
        assert_eq!(codes_with(text, "unprioritized-product"), [("CC502", 3)]);
    }
}
