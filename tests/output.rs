//! Snapshots of the rendered output (human without colour, JSON, compact) for the
//! example repository and for a fixture of every core code, one test case each.

use std::path::PathBuf;

use cclint::render::{render, Format, HumanOptions};
use cclint::{check, CheckOptions, Report};

/// Lint `path` as `cclint PATH` does: with the cclint.yaml found for it, if any.
fn report(path: &str) -> Report {
    let config = cclint::config::discover(std::path::Path::new(path))
        .map(|p| cclint::config::Config::load(&p).expect("fixture configs are valid"));
    check(&CheckOptions {
        paths: vec![PathBuf::from(path)],
        config,
        ..CheckOptions::default()
    })
    .expect("fixture paths exist")
}

fn snapshot_all_formats(name: &str, path: &str) {
    let report = report(path);
    let human = render(&report, Format::Human, &HumanOptions::default(), false);
    let json = render(&report, Format::Json, &HumanOptions::default(), false);
    let compact = render(&report, Format::Compact, &HumanOptions::default(), false);
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON output parses");
    insta::assert_snapshot!(format!("{name}__human"), human);
    insta::assert_snapshot!(format!("{name}__json"), json);
    insta::assert_snapshot!(format!("{name}__compact"), compact);
}

#[test]
fn example_repository() {
    snapshot_all_formats("acme", "fixtures/acme");
    let report = report("fixtures/acme");
    let options = HumanOptions::default();
    insta::assert_snapshot!(
        "acme__github",
        render(&report, Format::Github, &options, false)
    );
    insta::assert_snapshot!(
        "acme__sarif",
        render(&report, Format::Sarif, &options, true)
    );
}

/// A fixture of a core code (`fixtures/core/CC002-unknown-reference`) raises its code;
/// its output in every format is a snapshot named after the directory.
fn core(dir: &str) {
    let path = format!("fixtures/core/{dir}");
    let code = dir.split('-').next().unwrap();
    let report = report(&path);
    assert!(
        report.diagnostics.iter().any(|d| d.code.as_str() == code),
        "fixture {dir} raises {code}"
    );
    snapshot_all_formats(&format!("core_{dir}"), &path);
}

/// One test case per core code with a fixture.
macro_rules! core_codes {
    ($($case:ident => $dir:literal,)*) => {
        $(#[test]
        fn $case() {
            core($dir)
        })*
        const CORE: &[&str] = &[$($dir),*];
    };
}

core_codes! {
    syntax_error => "CC001-syntax-error",
    unknown_reference => "CC002-unknown-reference",
    duplicate_definition => "CC003-duplicate-definition",
    unknown_field => "CC004-unknown-field",
    invalid_value => "CC005-invalid-value",
    missing_field => "CC006-missing-field",
    unreadable_file => "CC009-unreadable-file",
}

#[test]
fn every_core_fixture_has_a_case() {
    let mut dirs: Vec<String> = std::fs::read_dir("fixtures/core")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert_eq!(dirs, CORE, "a case for every directory of fixtures/core");
}
