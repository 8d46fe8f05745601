//! Per-rule fixtures: `fixtures/rules/CCxxx/fires.ccl` raises the rule (snapshot of the
//! rendered diagnostics of that rule), `silent.ccl` must not raise it.

use std::path::PathBuf;

use cclint::catalog::Code;
use cclint::diagnostic::Level;
use cclint::render::{render, Format, HumanOptions};
use cclint::{check, CheckOptions, Report, Settings};

fn lint_for(code: Code, path: &str) -> Report {
    let options = CheckOptions {
        paths: vec![PathBuf::from(path)],
        // Off-by-default rules are turned on; other levels stay at their defaults.
        settings: Settings {
            levels: if code.doc().level.level().is_none() {
                vec![(code, Some(Level::Warning))]
            } else {
                vec![]
            },
            ..Settings::default()
        },
        ..CheckOptions::default()
    };
    check(&options).expect("fixture exists")
}

fn rule_dirs() -> Vec<(Code, String)> {
    let mut dirs: Vec<(Code, String)> = std::fs::read_dir("fixtures/rules")
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            (
                Code::parse(&name).expect("fixture directories are named by code"),
                format!("fixtures/rules/{name}"),
            )
        })
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_lint_rule_has_fixtures() {
    let covered: Vec<Code> = rule_dirs().into_iter().map(|(c, _)| c).collect();
    for rule in cclint::rules::RULES {
        assert!(
            covered.contains(&rule.code()),
            "{} has fixtures",
            rule.code().as_str()
        );
    }
}

#[test]
fn fires_fixtures_raise_their_rule() {
    for (code, dir) in rule_dirs() {
        let mut report = lint_for(code, &format!("{dir}/fires.ccl"));
        report.diagnostics.retain(|d| d.code == code);
        assert!(
            !report.diagnostics.is_empty(),
            "{dir}/fires.ccl raises {}",
            code.as_str()
        );
        let human = render(&report, Format::Human, &HumanOptions::default(), false);
        insta::assert_snapshot!(format!("{}_fires", code.as_str()), human);
    }
}

#[test]
fn silent_fixtures_do_not_raise_their_rule() {
    for (code, dir) in rule_dirs() {
        let report = lint_for(code, &format!("{dir}/silent.ccl"));
        let hits: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            hits.is_empty(),
            "{dir}/silent.ccl must not raise {}: {hits:?}",
            code.as_str()
        );
    }
}
