//! The output of a generated repository stays byte-for-byte what it was before the front
//! end was rebuilt (issue 7): `tests/golden/` holds the JSON, SARIF and human output of
//! the previous release on `benches/generate.py --products 500`, in many files and in one.
//! Two deliberate changes since: SARIF's `charOffset` counts code points, like its columns
//! (it counted bytes); the SARIF files were regenerated for that fix alone (only
//! `charOffset` lines differ from the previous release's), and in human output a label in
//! another file reads `☞ note: …` instead of an `Advice:` block. Since issue 9, findings
//! with a fix carry a `fixes` array in JSON and SARIF; the JSON and SARIF files were
//! regenerated for that alone (the diff only adds `fixes`). Since suppressions are never
//! judged unused beside a core error (the generated repository has a broken role), its
//! ten CC007 findings are gone; the files were regenerated for that alone (the diff only
//! removes them and lowers the summary's count of warnings). Since rules have a page on
//! the documentation site, JSON's `url` and SARIF's `helpUri` and `informationUri` link
//! to it; the files were regenerated for that alone.

mod common;

use std::path::Path;
use std::process::Command;

fn generate(dir: &Path, name: &str, extra: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/generate.py");
    let status = Command::new("python3")
        .arg(script)
        .arg(dir.join(name))
        .args(["--products", "500"])
        .args(extra)
        .status()
        .expect("python3 runs the generator");
    assert!(status.success());
}

#[test]
fn generated_repositories_give_the_same_bytes_as_before() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "repo", &[]);
    generate(dir.path(), "one", &["--one-file"]);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for (path, stem) in [("repo", "generated-500"), ("one", "generated-500-one-file")] {
        for format in ["json", "sarif", "human"] {
            let output = common::cclint_in(dir.path(), &["--format", format, path]);
            assert_eq!(output.status.code(), Some(1), "{stem}.{format}");
            let expected = std::fs::read(golden.join(format!("{stem}.{format}"))).unwrap();
            assert!(
                output.stdout == expected,
                "{stem}.{format} differs from tests/golden; first difference at byte {}",
                output
                    .stdout
                    .iter()
                    .zip(&expected)
                    .position(|(a, b)| a != b)
                    .unwrap_or(expected.len().min(output.stdout.len()))
            );
        }
    }
}
