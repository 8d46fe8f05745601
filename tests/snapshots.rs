//! Snapshots of the rendered output (human without colour, JSON, compact) for the
//! example repository and for a fixture of every core code.

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

#[test]
fn core_codes() {
    let mut dirs: Vec<_> = std::fs::read_dir("fixtures/core")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 7, "a fixture for every core code");
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = report(dir.to_str().unwrap());
        assert!(
            report.diagnostics.iter().any(|d| d.code.as_str() == code),
            "fixture {code} raises {code}"
        );
        snapshot_all_formats(&format!("core_{code}"), dir.to_str().unwrap());
    }
}
