use super::*;

#[test]
fn the_acme_scorecard() {
    let (_, analysis) = crate::map::tests::acme();
    let card = scorecard(&analysis.model, &analysis.diagnostics, &[]);
    assert_eq!(card.organisation.as_deref(), Some("acme"));
    // 14 active products; engagement_report has no end user.
    assert_eq!(card.identification.end_users, Share { count: 13, of: 14 });
    assert_eq!(card.identification.verdict, Verdict::NeedsWork);
    assert_eq!(card.roles.broker_decides, ["laptop_choice"]);
    assert_eq!(card.roles.broker_only_channels, ["car_sales"]);
    assert_eq!(
        card.roles.accepted_exceptions, 1,
        "paper_choice is suppressed"
    );
    assert_eq!(card.roles.verdict, Verdict::Fail, "2 of 6 rules");
    assert_eq!(card.policy.uncovered, ["procurement"]);
    assert_eq!(card.policy.verdict, Verdict::NeedsWork);
    assert_eq!(card.grade, Grade::E, "needs work, fail, needs work");
    assert!(Grade::D.is_below(Grade::C));
    assert!(!Grade::A.is_below(Grade::B));
}

/// Nothing to judge is never a pass, and a repository with nothing in it is F.
#[test]
fn an_empty_repository_is_not_graded_and_gets_f() {
    let card = scorecard(&Model::default(), &[], &[]);
    assert_eq!(card.policy.verdict, Verdict::Fail);
    assert_eq!(card.identification.verdict, Verdict::NotGraded);
    assert_eq!(card.roles.verdict, Verdict::NotGraded);
    assert_eq!(card.identification.end_users.describe(), "none");
    assert_eq!(card.grade, Grade::F);
}

fn card_of(text: &str) -> Scorecard {
    let report = crate::lint(
        vec![crate::Input::from_text("a.ccl", text)],
        &crate::Settings::default(),
    );
    let file = crate::source::FileId(0);
    let lowered = std::sync::Arc::new(crate::model::lower(file, &crate::syntax::parse(text)));
    let (model, _) = crate::model::build(vec![(file, lowered)]);
    scorecard(&model, &report.diagnostics, &[])
}

/// A reactive-only satisfaction policy (CC104) keeps the policy test from passing.
#[test]
fn a_reactive_only_policy_does_not_pass() {
    let base = "organisation o\ndepartment d\nrole u { department: d }\nproduct p { produced_by: d; owner: u; end_user: u }\npolicy s { kind: satisfaction; owner: u; review: yearly; proactive_measures: \"survey\" }\n";
    assert_eq!(card_of(base).policy.verdict, Verdict::Pass);
    let reactive = format!("{base}policy t {{ kind: satisfaction; owner: u; review: yearly; reactive_measures: \"desk\" }}\n");
    let card = card_of(&reactive);
    assert_eq!(card.policy.verdict, Verdict::NeedsWork);
    assert_eq!(card.policy.reactive_only, ["t"]);
    assert_eq!(card.roles.verdict, Verdict::NotGraded, "no decision rule");
    assert_eq!(
        card.grade,
        Grade::C,
        "pass and needs work: three of four points, under five sixths"
    );
}

/// A suppressed finding is an accepted exception, listed with its reason.
#[test]
fn exceptions_are_listed_with_their_reasons() {
    let text = "organisation o\ndepartment d\nrole u { department: d }\nrole b { department: d }\nproduct p { produced_by: d; owner: u; end_user: u; broker: b }\n# cclint: allow broker-decides until 2099-01-01 -- staff vote each spring\nrule r { product: p; decided_by: b }\n";
    let card = card_of(text);
    assert_eq!(card.roles.accepted_exceptions, 1);
    assert_eq!(card.roles.verdict, Verdict::Pass);
    let e = card.exceptions.iter().find(|e| e.code == "CC301").unwrap();
    assert_eq!(e.reason, "staff vote each spring");
    assert_eq!(e.until.as_deref(), Some("2099-01-01"));
    assert_eq!(e.entity.as_deref(), Some("rule:r"));
}
