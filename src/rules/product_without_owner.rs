//! CC401 product-without-owner: an active product has no `owner`.

use super::LacksField;
use crate::catalog::Code;

pub static RULE: LacksField = LacksField {
    code: Code::CC401,
    has: |p| p.owner.is_some(),
    message: |name| format!("product `{name}` has no owner"),
    label: "no `owner`",
    help: |name| {
        format!("add `owner: <role>`: the person who answers for `{name}` to its customers")
    },
};

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
