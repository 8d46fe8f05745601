//! Findings you can trust: one typo must not hide unrelated errors (issue 14). One test
//! per defect found by checking cclint against an independent reading of the spec.

mod common;

use cclint::{lint, Input, Report, Settings};

fn run(files: &[(&str, &str)]) -> Report {
    let inputs = files.iter().map(|(n, t)| Input::from_text(n, t)).collect();
    let settings = Settings {
        today: Some((2026, 11, 22)),
        ..Settings::default()
    };
    lint(inputs, &settings)
}

/// (file, code, message) of the unsuppressed findings, CC101 left out.
fn found(report: &Report) -> Vec<(String, &'static str, String)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_none() && d.code.as_str() != "CC101")
        .map(|d| {
            let file = d
                .file
                .map_or(String::new(), |f| report.file(f).display.clone());
            (file, d.code.as_str(), d.message.to_string())
        })
        .collect()
}

fn codes(report: &Report) -> Vec<&'static str> {
    found(report).into_iter().map(|(_, c, _)| c).collect()
}

const BASE: &str = "organisation o\ndepartment d\nrole user { department: d }\nrole buyer { department: d }\nrole dealer { external: true }\n";

#[test]
fn a_typo_among_brokers_does_not_silence_broker_rules() {
    let text = format!("{BASE}product p {{ produced_by: d; owner: user; end_user: user; broker: buyer, dealer, delaer }}\nrule r {{ product: p; decided_by: buyer }}\nrule s {{ product: p; channel: dealer }}\n");
    assert_eq!(
        codes(&run(&[("a.ccl", &text)])),
        ["CC002", "CC301", "CC302"]
    );
}

#[test]
fn a_broken_declaration_never_displaces_a_valid_one() {
    let broken = "role staff { department hr }\n";
    let valid = "department hr\nrole staff { department: ghost }\n";
    for (first, second) in [("a.ccl", "b.ccl"), ("c.ccl", "b.ccl")] {
        let report = run(&[(first, broken), (second, valid)]);
        let codes = codes(&report);
        assert!(codes.contains(&"CC001"), "{first}: {codes:?}");
        assert!(codes.contains(&"CC002"), "{first}: {codes:?}");
        assert!(!codes.contains(&"CC003"), "{first}: {codes:?}");
    }
}

#[test]
fn the_same_file_reached_twice_is_linted_once() {
    let dir = common::repo_text(&[
        ("products/x.ccl", "department d\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\n"),
        ("policy.ccl", "policy s { kind: satisfaction; owner: r; proactive_measures: \"m\"; review: yearly }\n"),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("products"), dir.path().join("linked")).unwrap();
    let output = common::cclint_in(
        dir.path(),
        &[
            "--format",
            "json",
            "products/x.ccl",
            "products/../products/x.ccl",
            ".",
        ],
    );
    let json = common::json(&output);
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"CC003"), "{codes:?}");
    assert_eq!(json["summary"]["files"], 2, "{json}");
}

#[test]
fn no_lint_finding_where_a_core_error_already_reports() {
    // A policy without a valid kind may be the satisfaction policy: no CC103.
    let policies = format!("{BASE}department other\nproduct p {{ produced_by: other; owner: user; end_user: user }}\nproduct q {{ produced_by: d; owner: user; end_user: user }}\npolicy s {{ kind: satisfaction; owner: user; scope: d; proactive_measures: \"m\"; review: yearly }}\npolicy t {{ owner: user }}\n");
    let report = run(&[("a.ccl", &policies)]);
    assert_eq!(codes(&report), ["CC006"]);
    // A misspelt key is CC004 only, not also CC104 on the same key.
    let reactive = format!("{BASE}product p {{ produced_by: d; owner: user; end_user: user }}\npolicy s {{ kind: satisfaction; owner: user; reactive_measure: \"complaints\"; review: yearly }}\n");
    let report = run(&[("a.ccl", &reactive)]);
    assert_eq!(codes(&report), ["CC004"]);
}

#[test]
fn unused_and_expired_suppression_findings_can_be_suppressed() {
    let text = format!("# cclint: allow-file unused-suppression, expired-suppression -- generated file\n{BASE}# cclint: allow CC401 -- nothing to suppress\n# cclint: allow CC401 until 2020-01-01 -- long gone\nproduct p {{ produced_by: d; owner: user; end_user: user }}\n");
    let report = run(&[("a.ccl", &text)]);
    assert_eq!(codes(&report), Vec::<&str>::new());
    let suppressed: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_some())
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(suppressed, ["CC007", "CC010"]);
    // A comment cannot excuse a malformed comment.
    let text = format!("{BASE}# cclint: allow invalid-suppression -- no\nproduct p {{ produced_by: d; owner: user; end_user: user }}\n");
    assert_eq!(codes(&run(&[("a.ccl", &text)])), ["CC008"]);
}

#[test]
fn suppression_messages_say_what_is_wrong() {
    let message = |comment: &str| {
        let text = format!("{BASE}{comment}\nproduct p {{ produced_by: d; end_user: user }}\n");
        let report = run(&[("a.ccl", &text)]);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "CC008");
        d.map(|d| {
            (
                d.message.to_string(),
                d.help.as_deref().unwrap_or_default().to_string(),
            )
        })
        .expect("a CC008")
    };
    let (m, h) = message("# cclint: allowed CC401 -- r");
    assert_eq!(m, "unknown cclint directive `allowed`");
    assert!(h.contains("did you mean `allow`?"), "{h}");
    let (m, _) = message("# cclint: allow until 2099-01-01 CC401 -- r");
    assert_eq!(m, "`until` comes after the rules it limits");
    let (m, _) = message("# cclint: allow CC401 until 2099-01-01 CC402 -- r");
    assert_eq!(
        m,
        "`CC402` after the `until` date: the date ends the list of rules"
    );
    let (m, _) = message("# cclint: allow CC401 until 2099-13-01 -- r");
    assert_eq!(m, "malformed `until` date `2099-13-01`");
}

#[test]
fn a_product_without_producer_silences_department_without_products_only_where_it_could() {
    let text = "department d\ndepartment idle\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r }\nproduct q { owner: r; end_user: r }\nproduct z { produced_by: idel; owner: r; end_user: r }\n";
    let report = run(&[("a.ccl", text)]);
    // `idel` could be `idle`: silent about it; `q` names no department.
    assert_eq!(codes(&report), ["CC006", "CC002"]);
    let text = text.replace("produced_by: idel", "produced_by: ghost");
    assert_eq!(
        codes(&run(&[("a.ccl", &text)])),
        ["CC204", "CC006", "CC002"]
    );
}

/// Switching a rule off is not "the finding is gone" (issue 13): its suppressions are
/// not reported as unused.
#[test]
fn a_suppression_of_a_rule_that_is_off_is_not_unused() {
    let text = format!("{BASE}# cclint: allow CC401 -- owner being hired\nproduct p {{ produced_by: d; end_user: user }}\n");
    let off = Settings {
        today: Some((2026, 11, 22)),
        levels: vec![(cclint::catalog::Code::CC401, None)],
        ..Settings::default()
    };
    let report = lint(vec![Input::from_text("a.ccl", &text)], &off);
    assert_eq!(codes(&report), Vec::<&str>::new());
    // With the rule on, the suppression is used; without the finding, it is unused.
    assert_eq!(codes(&run(&[("a.ccl", &text)])), Vec::<&str>::new());
    let owned = text.replace("end_user: user", "owner: user; end_user: user");
    assert_eq!(codes(&run(&[("a.ccl", &owned)])), ["CC007"]);
}
