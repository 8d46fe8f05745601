//! Each lint rule in one hop: its code, source file, catalog entry, fixtures and snapshot
//! share its name (`CC301` `broker-decides`: `src/rules/broker_decides.rs`,
//! `rules/CC301-broker-decides.yaml`, `fixtures/rules/CC301-broker-decides/`, snapshot
//! `rules__CC301-broker-decides.snap`). Every rule is its own test case: `fires.ccl` raises
//! the rule (snapshot of that rule's rendered findings), `silent.ccl` does not.

use std::path::{Path, PathBuf};

use cclint::catalog::Code;
use cclint::diagnostic::Level;
use cclint::render::{render, Format, HumanOptions};
use cclint::{check, CheckOptions, Report, Settings};

/// Lint one fixture of `code` with its rule on (off-by-default rules are turned on; other
/// levels stay at their defaults).
fn lint_for(code: Code, path: &Path) -> Report {
    let options = CheckOptions {
        paths: vec![path.to_path_buf()],
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

/// The code a fixture directory is named after (`CC301-broker-decides` → CC301).
fn code_of(dir: &str) -> Code {
    Code::parse(dir.split('-').next().unwrap()).expect("fixture directories start with a code")
}

/// A fixture's path as a user would type it from the repository's root (tests run there).
fn fixture(dir: &str, file: &str) -> PathBuf {
    PathBuf::from(format!("fixtures/rules/{dir}/{file}"))
}

fn fires(dir: &str) {
    let code = code_of(dir);
    let mut report = lint_for(code, &fixture(dir, "fires.ccl"));
    report.diagnostics.retain(|d| d.code == code);
    assert!(
        !report.diagnostics.is_empty(),
        "{dir}/fires.ccl raises {code:?}"
    );
    let human = render(&report, Format::Human, &HumanOptions::default(), false);
    insta::assert_snapshot!(dir.to_string(), human);
}

fn silent(dir: &str) {
    let code = code_of(dir);
    let report = lint_for(code, &fixture(dir, "silent.ccl"));
    let hits: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| &*d.message)
        .collect();
    assert!(
        hits.is_empty(),
        "{dir}/silent.ccl must not raise {code:?}: {hits:?}"
    );
}

/// One module per rule, named as its source file, with a `fires` and a `silent` case.
macro_rules! rules {
    ($($file:ident => $dir:literal,)*) => {
        $(mod $file {
            #[test]
            fn fires() {
                super::fires($dir)
            }
            #[test]
            fn silent() {
                super::silent($dir)
            }
        })*
        const CASES: &[(&str, &str)] = &[$((stringify!($file), $dir)),*];
    };
}

rules! {
    missing_satisfaction_policy => "CC101-missing-satisfaction-policy",
    incomplete_satisfaction_policy => "CC102-incomplete-satisfaction-policy",
    uncovered_department => "CC103-uncovered-department",
    reactive_only_policy => "CC104-reactive-only-policy",
    unidentified_internal_customer => "CC201-unidentified-internal-customer",
    unidentified_end_user => "CC202-unidentified-end-user",
    department_as_customer => "CC203-department-as-customer",
    department_without_products => "CC204-department-without-products",
    broker_decides => "CC301-broker-decides",
    broker_only_channel => "CC302-broker-only-channel",
    broker_as_end_user => "CC303-broker-as-end-user",
    product_without_owner => "CC401-product-without-owner",
    external_owner => "CC402-external-owner",
    missing_touchpoints => "CC501-missing-touchpoints",
    unprioritized_product => "CC502-unprioritized-product",
}

/// Every registered rule has a case here, and its code, name, source file, catalog entry
/// and fixture directory agree.
#[test]
fn every_rule_is_found_in_one_hop_by_its_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut fixture_dirs: Vec<String> = std::fs::read_dir(root.join("fixtures/rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    fixture_dirs.sort();
    let mut cased: Vec<String> = CASES.iter().map(|(_, dir)| dir.to_string()).collect();
    cased.sort();
    assert_eq!(
        fixture_dirs, cased,
        "every fixture directory has a case, and only those"
    );
    for rule in cclint::rules::RULES {
        let code = rule.code();
        let dir = format!("{}-{}", code.as_str(), code.name());
        let (file, _) = CASES
            .iter()
            .find(|(_, d)| *d == dir)
            .unwrap_or_else(|| panic!("{dir} has a case in tests/rules.rs"));
        assert_eq!(
            *file,
            code.name().replace('-', "_"),
            "{dir}: the module is the rule's name"
        );
        assert!(
            root.join(format!("src/rules/{file}.rs")).is_file(),
            "src/rules/{file}.rs"
        );
        assert!(
            root.join(format!("rules/{dir}.yaml")).is_file(),
            "rules/{dir}.yaml"
        );
        for name in ["fires.ccl", "silent.ccl"] {
            assert!(fixture(&dir, name).is_file(), "fixtures/rules/{dir}/{name}");
        }
    }
    assert_eq!(CASES.len(), cclint::rules::RULES.len(), "a case per rule");
}
