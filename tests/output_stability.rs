//! The output of a generated repository stays byte for byte the same, so speed work cannot
//! change what users see: `tests/golden/` holds the JSON, SARIF and human output of
//! `benches/generate.py --products 500`, in many files and in one. The files change only
//! with a deliberate change of output, regenerated for that change alone and named in the
//! commit that makes it.

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
