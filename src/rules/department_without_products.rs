//! CC204 department-without-products: a department produces no product at all.

use super::{Context, Rule};
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::model::DepartmentId;

pub struct DepartmentWithoutProducts;

impl Rule for DepartmentWithoutProducts {
    fn code(&self) -> Code {
        Code::CC204
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // A product whose producer failed a core check may belong to any department.
        if cx.unknown_producer || cx.model.may_lack(crate::syntax::Kind::Product) {
            return;
        }
        for (index, dept) in cx.model.departments.iter().enumerate() {
            if cx.producing.contains(&DepartmentId(index)) {
                continue;
            }
            let name = &dept.declared.name.text;
            out.push(
                Diagnostic::new(
                    Code::CC204,
                    dept.declared.file,
                    dept.declared.name.span,
                    format!("department `{name}` produces no product"),
                )
                .with_entity("department", name)
                .with_primary_label("no product has `produced_by` this department")
                .with_help(format!(
                    "list what `{name}` produces for its customers, inside or outside the organisation (`product … {{ produced_by: {name} }}`)"
                ))
                .with_subject("no-products"),
            );
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
        let unknown = "department d\ndepartment e\nrole r { department: d }\nproduct p { produced_by: dd; owner: r; end_user: r }\n";
        assert_eq!(codes(unknown), [("CC002", 4)]);
        let unparsed = "department d\nrole r { department: d }\nproduct p { produced_by d }\n";
        assert_eq!(codes(unparsed), [("CC001", 3)]);
    }
}
