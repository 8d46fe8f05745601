//! The tree-sitter grammar (`editors/tree-sitter-ccl`) agrees with the pest grammar: every
//! fixture and every file of the parser's fuzz corpus is parsed by both, and the same
//! files have errors. One known difference is allowed: tree-sitter's lexers read a NUL
//! byte as the end of the input, so that a NUL in a comment or string is an error there
//! and not in cclint (a file with a NUL byte may have errors in tree-sitter alone). Needs
//! the tree-sitter CLI (`cargo install tree-sitter-cli`), named
//! by `CCLINT_TREE_SITTER` or found on `PATH`; skipped without it locally, required in CI.

use std::path::{Path, PathBuf};
use std::process::Command;

fn tree_sitter() -> Option<String> {
    let cli = std::env::var("CCLINT_TREE_SITTER").unwrap_or_else(|_| "tree-sitter".into());
    let found = Command::new(&cli)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs the tree-sitter CLI (.ci/run installs it and sets CCLINT_TREE_SITTER)"
        );
        eprintln!("skipped: no tree-sitter CLI (set CCLINT_TREE_SITTER)");
        return None;
    }
    Some(cli)
}

/// The `.ccl` fixtures and the parser's fuzz corpus, as paths from the repository's root,
/// with their texts (files that are not UTF-8 are left out: cclint does not parse them).
fn inputs(root: &Path) -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(root.join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "ccl"))
        .collect();
    if let Ok(corpus) = std::fs::read_dir(root.join("fuzz/corpus/parse")) {
        paths.extend(corpus.filter_map(Result::ok).map(|e| e.path()));
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            Some((p.strip_prefix(root).unwrap().to_path_buf(), text))
        })
        .collect()
}

#[test]
fn tree_sitter_and_pest_find_errors_in_the_same_files() {
    let Some(cli) = tree_sitter() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = inputs(root);
    assert!(
        inputs.len() > 40,
        "fixtures and corpus found: {}",
        inputs.len()
    );
    let work = tempfile::tempdir().unwrap();
    let list = work.path().join("paths");
    let names: Vec<String> = inputs
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    std::fs::write(&list, names.join("\n")).unwrap();
    let out = Command::new(&cli)
        .args([
            "parse",
            "--json-summary",
            "-p",
            "editors/tree-sitter-ccl",
            "--paths",
        ])
        .arg(&list)
        .current_dir(root)
        .env(
            "TREE_SITTER_DIR",
            root.join("editors/tree-sitter-ccl/test/tree-sitter-dir"),
        )
        .env("TREE_SITTER_LIBDIR", work.path())
        .output()
        .expect("tree-sitter runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = &stdout[stdout.find("\n{\n").map_or(0, |i| i + 1)..];
    let summary: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| {
        panic!(
            "tree-sitter's summary: {e}\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let parsed = summary["parse_summaries"].as_array().unwrap();
    assert_eq!(parsed.len(), inputs.len());
    let mut disagree = Vec::new();
    for ((path, text), result) in inputs.iter().zip(parsed) {
        assert_eq!(result["file"], path.display().to_string());
        let tree_sitter_errors = result["successful"] == false;
        let pest_errors = !cclint::syntax::parse(text).errors.is_empty();
        let nul = text.contains('\0') && tree_sitter_errors && !pest_errors;
        if tree_sitter_errors != pest_errors && !nul {
            disagree.push(format!(
                "{}: pest {}, tree-sitter {}",
                path.display(),
                if pest_errors { "errors" } else { "clean" },
                if tree_sitter_errors {
                    "errors"
                } else {
                    "clean"
                },
            ));
        }
    }
    assert!(
        disagree.is_empty(),
        "{} files:\n{}",
        disagree.len(),
        disagree.join("\n")
    );
}
