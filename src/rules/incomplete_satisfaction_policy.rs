//! CC102 incomplete-satisfaction-policy: a satisfaction policy lacks an owner, a review
//! or any measure.

use super::{Context, Findings, Rule};
use crate::catalog::Code;

pub struct IncompleteSatisfactionPolicy;

impl Rule for IncompleteSatisfactionPolicy {
    fn code(&self) -> Code {
        Code::CC102
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for policy in cx.model.policies.iter().filter(|p| p.is_satisfaction()) {
            let mut missing = Vec::new();
            let mut help = Vec::new();
            if policy.owner.is_none() {
                missing.push("`owner`");
                help.push("`owner: <role>` who answers for customer satisfaction");
            }
            if policy.review.is_none() {
                missing.push("`review`");
                help.push("`review: quarterly` (or weekly, monthly, yearly)");
            }
            if policy.proactive_measures.is_none() && policy.reactive_measures.is_none() {
                missing.push("measure");
                help.push("`proactive_measures: \"…\"` that act before customers complain");
            }
            if missing.is_empty() {
                continue;
            }
            let what = match missing.as_slice() {
                [one] => one.to_string(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
                [] => unreachable!("checked non-empty"),
            };
            let d = &policy.declared;
            out.about(
                d,
                d.name.span,
                format!("satisfaction {} has no {what}", d.describe()),
            )
            .label("incomplete satisfaction policy")
            .help(format!("add {}", help.join("; ")))
            .subject(format!("missing:{}", missing.join(",")));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{codes, lint};

    #[test]
    fn one_diagnostic_names_everything_missing() {
        let report = lint("policy s { kind: satisfaction }\n");
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "CC102")
            .collect();
        assert_eq!(d.len(), 1);
        assert_eq!(
            &*d[0].message,
            "satisfaction policy `s` has no `owner`, `review` or measure"
        );
    }

    #[test]
    fn silent_when_complete_or_not_a_satisfaction_policy() {
        let text = "role r { external: true }\npolicy s { kind: satisfaction; owner: r; review: yearly; reactive_measures: \"x\" }\npolicy t { kind: travel }\n";
        assert!(!codes(text).iter().any(|c| c.0 == "CC102"));
    }
}
