//! CC501 missing-touchpoints (off by default): an active product lists no touchpoints.

use super::LacksField;
use crate::catalog::Code;

pub static RULE: LacksField = LacksField {
    code: Code::CC501,
    has: |p| p.touchpoints.is_some(),
    message: |name| format!("product `{name}` lists no touchpoints"),
    label: "no `touchpoints`",
    help: |name| {
        format!("say where customers meet `{name}`: `touchpoints: static, human, digital` (product and packaging, people, web and apps)")
    },
};

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
