//! CC101 missing-satisfaction-policy: no policy has `kind: satisfaction`.

use super::{Context, Findings, Rule};
use crate::catalog::Code;
use crate::suggest::closest;

pub struct MissingSatisfactionPolicy;

impl Rule for MissingSatisfactionPolicy {
    fn code(&self) -> Code {
        Code::CC101
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let policies = &cx.model.policies;
        if cx.has_satisfaction_policy() || cx.policy_kind_unknown {
            return;
        }
        let near_miss = policies.iter().find_map(|p| {
            let kind = p.kind.as_ref()?.single()?;
            closest(kind, ["satisfaction"]).map(|_| (p, kind))
        });
        let help = match near_miss {
            Some((policy, kind)) => format!(
                "{} has `kind: {kind}`; did you mean `kind: satisfaction`?",
                policy.declared.describe()
            ),
            None => "write the customer satisfaction policy: `policy satisfaction { kind: satisfaction; owner: …; proactive_measures: \"…\"; review: quarterly }`".to_string(),
        };
        let finding = match &cx.model.organisation {
            Some(org) => out
                .about(
                    &org.declared,
                    org.declared.name.span,
                    format!(
                        "organisation `{}` has no customer satisfaction policy",
                        org.declared.name.text
                    ),
                )
                .label("no policy with `kind: satisfaction`"),
            None => out.about_repository("this repository has no customer satisfaction policy"),
        };
        finding.help(help).subject("missing");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint;

    fn has_cc101(text: &str) -> bool {
        lint(text)
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "CC101")
    }

    #[test]
    fn fires_without_a_satisfaction_policy_and_names_a_near_miss() {
        let report = lint("organisation acme\npolicy p { kind: satisfation }\n");
        let d = &report.diagnostics[0];
        assert_eq!(d.code.as_str(), "CC101");
        assert_eq!(d.entity.as_deref(), Some("organisation:acme"));
        let help = crate::rules::test_support::lint("policy p { kind: satisfation }\n").diagnostics
            [0]
        .help
        .clone()
        .unwrap();
        assert!(help.contains("did you mean `kind: satisfaction`"), "{help}");
    }

    #[test]
    fn silent_with_a_satisfaction_policy_or_an_invalid_kind() {
        let ok = "organisation acme\nrole r { external: true }\npolicy p { kind: satisfaction; owner: r; review: yearly; proactive_measures: \"x\" }\n";
        assert!(!has_cc101(ok));
        assert!(!has_cc101("policy p { kind: \"satisfaction\" }\n"));
        assert!(has_cc101("department d\n"));
        assert!(!has_cc101("policy p { owner: r }\n"), "missing kind");
        assert!(
            !has_cc101("policy p { kind satisfaction }\n"),
            "unparsed policy"
        );
    }
}
