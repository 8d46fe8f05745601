//! CC502 unprioritized-product (off by default): an active product has no `priority`.

use super::LacksField;
use crate::catalog::Code;

pub static RULE: LacksField = LacksField {
    code: Code::CC502,
    has: |p| p.priority.is_some(),
    message: |name| format!("product `{name}` has no priority"),
    label: "no `priority`",
    help: |name| {
        format!("give `{name}` a `priority` from 1 (highest) to 5, so the most important products get their end users identified first")
    },
};

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
