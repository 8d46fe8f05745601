//! CC104 reactive-only-policy: a satisfaction policy with reactive measures only.

use super::{Context, Findings, Rule};
use crate::catalog::Code;

pub struct ReactiveOnlyPolicy;

impl Rule for ReactiveOnlyPolicy {
    fn code(&self) -> Code {
        Code::CC104
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for policy in cx.model.policies.iter().filter(|p| p.is_satisfaction()) {
            let (Some(reactive), None) = (&policy.reactive_measures, &policy.proactive_measures)
            else {
                continue;
            };
            let d = &policy.declared;
            out.about(
                d,
                reactive.key(),
                format!("satisfaction {} only reacts to complaints: it has no proactive measure", d.describe()),
            )
            .label("reactive measures only")
            .help("add `proactive_measures: \"…\"` that reach customers before they complain (surveys, visits, monitoring)")
            .subject("reactive-only");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::codes;

    #[test]
    fn fires_on_the_reactive_measures_key() {
        let text =
            "policy s {\n  kind: satisfaction\n  reactive_measures: \"answer complaints\"\n}\n";
        assert!(codes(text).contains(&("CC104", 3)));
    }

    #[test]
    fn silent_with_a_proactive_measure() {
        let text = "policy s { kind: satisfaction; reactive_measures: \"a\"; proactive_measures: \"b\" }\n";
        assert!(!codes(text).iter().any(|c| c.0 == "CC104"));
    }
}
