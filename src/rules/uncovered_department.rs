//! CC103 uncovered-department: a department that produces an active product is in the
//! scope of no satisfaction policy (when there is at least one).

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::model::DepartmentId;

pub struct UncoveredDepartment;

impl Rule for UncoveredDepartment {
    fn code(&self) -> Code {
        Code::CC103
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        // A policy of unknown kind may be a satisfaction policy with any scope.
        if !cx.has_satisfaction_policy() || cx.satisfaction_covers_all || cx.policy_kind_unknown {
            return;
        }
        let mut active_producers: Vec<DepartmentId> = cx
            .model
            .products
            .iter()
            .filter(|p| p.is_active())
            .filter_map(|p| p.produced_by.as_ref()?.single().copied())
            .filter(|d| !cx.satisfaction_scope.contains(d))
            .collect();
        active_producers.sort();
        active_producers.dedup();
        let policy = cx
            .model
            .policies
            .iter()
            .find(|p| p.is_satisfaction())
            .expect("checked above");
        for id in active_producers {
            let dept = &cx.model.department(id).declared;
            let name = &dept.name.text;
            let finding = out
                .about(
                    dept,
                    dept.name.span,
                    format!("department `{name}` produces active products, but no satisfaction policy covers it"),
                )
                .label("outside every satisfaction policy's scope")
                .help(format!(
                    "add `{name}` to the `scope` of {}, or give it `scope: all`",
                    policy.declared.describe()
                ))
                .subject("uncovered");
            if let Some(scope) = &policy.scope {
                finding.note(
                    policy.declared.file,
                    scope.key(),
                    "the scope that leaves it out",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    const BASE: &str = "department a\ndepartment b\nrole r { department: a }\nproduct pa { produced_by: a; owner: r; end_user: r }\n";

    #[test]
    fn fires_for_a_producing_department_outside_the_scope() {
        let text = format!("{BASE}product pb {{ produced_by: b; owner: r; end_user: r }}\npolicy s {{ kind: satisfaction; scope: a }}\n");
        assert!(codes(&text).contains(&("CC103", 2)));
    }

    #[test]
    fn silent_for_scope_all_no_scope_retired_products_or_no_policy() {
        let retired = format!("{BASE}product pb {{ produced_by: b; status: retired }}\npolicy s {{ kind: satisfaction; scope: a }}\n");
        assert!(!codes(&retired).iter().any(|c| c.0 == "CC103"));
        let all = format!("{BASE}product pb {{ produced_by: b; owner: r; end_user: r }}\npolicy s {{ kind: satisfaction; scope: all }}\n");
        assert!(!codes(&all).iter().any(|c| c.0 == "CC103"));
        let none = format!("{BASE}product pb {{ produced_by: b; owner: r; end_user: r }}\n");
        assert!(!codes(&none).iter().any(|c| c.0 == "CC103"));
        let invalid = format!("{BASE}product pb {{ produced_by: b; owner: r; end_user: r }}\npolicy s {{ kind: satisfaction; scope: a, nowhere }}\n");
        assert!(!codes(&invalid).iter().any(|c| c.0 == "CC103"));
    }
}
