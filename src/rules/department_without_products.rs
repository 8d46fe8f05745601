//! CC204 department-without-products: a department produces no product at all.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::model::DepartmentId;

pub struct DepartmentWithoutProducts;

impl Rule for DepartmentWithoutProducts {
    fn code(&self) -> Code {
        Code::CC204
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        // A product whose producer failed a core check, or that failed to parse, may
        // belong to the departments it could name: stay silent about those only.
        if cx.any_possible_producer {
            return;
        }
        for (index, dept) in cx.model.departments.iter().enumerate() {
            let id = DepartmentId::new(index);
            if cx.producing.contains(&id) || cx.possible_producers.contains(&id) {
                continue;
            }
            let name = &dept.declared.name.text;
            out.about(
                &dept.declared,
                dept.declared.name.span,
                format!("department `{name}` produces no product"),
            )
            .label("no product has `produced_by` this department")
            .help(format!(
                "list what `{name}` produces for its customers, inside or outside the organisation (`product … {{ produced_by: {name} }}`)"
            ))
            .subject("no-products");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_for_a_department_with_no_products() {
        let text = "department d\ndepartment idle\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\n";
        assert_eq!(codes(text), [("CC204", 2)]);
    }

    #[test]
    fn silent_when_retired_products_count_or_a_producer_is_unknown() {
        let text = "department d\nrole r { department: d }\nproduct p { produced_by: d; status: retired }\n";
        assert!(codes(text).is_empty());
        // `dd` could name `d` (so silent about it), not `e`.
        let unknown = "department d\ndepartment e\nrole r { department: d }\nproduct p { produced_by: dd; owner: r; end_user: r }\n";
        assert_eq!(codes(unknown), [("CC204", 2), ("CC002", 4)]);
        // A product that failed to parse may be produced by what it names.
        let unparsed = "department d\nrole r { department: d }\nproduct p { produced_by d }\n";
        assert_eq!(codes(unparsed), [("CC001", 3)]);
        let unparsed_other = format!("department e\n{unparsed}");
        assert_eq!(codes(&unparsed_other), [("CC204", 1), ("CC001", 4)]);
    }

    #[test]
    fn a_product_without_produced_by_does_not_silence_the_others() {
        let text = "department d\ndepartment idle\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\nproduct q { owner: r; end_user: r }\n";
        assert_eq!(codes(text), [("CC204", 2), ("CC006", 5)]);
    }
}
