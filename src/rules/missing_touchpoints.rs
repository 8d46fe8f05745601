//! CC501 missing-touchpoints (off by default): an active product lists no touchpoints.

use super::{about_product, Context, Rule};
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;

pub struct MissingTouchpoints;

impl Rule for MissingTouchpoints {
    fn code(&self) -> Code {
        Code::CC501
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for product in cx
            .model
            .products
            .iter()
            .filter(|p| p.is_active() && p.touchpoints.is_none())
        {
            let name = &product.declared.name.text;
            out.push(
                about_product(Code::CC501, product, product.declared.name.span, format!("product `{name}` lists no touchpoints"))
                    .with_primary_label("no `touchpoints`")
                    .with_help("say where customers meet it: `touchpoints: static, human, digital` (product and packaging, people, web and apps)")
                    .with_subject("no-touchpoints"),
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
        assert_eq!(codes_with(text, "CC501"), [("CC501", 3)]);
        let with = "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r; touchpoints: human }\n";
        assert!(codes_with(with, "CC501").is_empty());
    }
}
