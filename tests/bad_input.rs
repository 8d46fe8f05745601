//! The bad-input suite (SPEC 7): each input is linted end to end by the binary in every
//! machine-readable format and in human form; each must exit as the spec says, give valid
//! JSON and SARIF, say what is wrong in words, and finish well under a time bound (a hang
//! or a quadratic path would blow it; the bound is generous so a slow CI machine and a
//! debug build pass).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod common;
use common::{is_root, repo, stderr};

const BOUND: Duration = Duration::from_secs(30);

fn run(dir: &Path, args: &[&str]) -> Output {
    run_as(dir, args, None)
}

/// The binary in `dir`; as the user `nobody` when `as_nobody` says so (via `setpriv`).
fn run_as(dir: &Path, args: &[&str], nobody: Option<&str>) -> Output {
    let mut command = match nobody {
        Some(setpriv) => {
            let mut c = Command::new(setpriv);
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_cclint"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_cclint")),
    };
    let started = Instant::now();
    let output = command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let took = started.elapsed();
    assert!(took < BOUND, "cclint {args:?} took {took:?}");
    assert!(
        !stderr(&output).contains("panicked"),
        "cclint {args:?} panicked: {}",
        stderr(&output)
    );
    output
}

/// Lint `dir` (or `paths` in it) in JSON, SARIF, compact and human form: every run exits
/// `code`, JSON and SARIF parse, no output holds a carriage return. Returns the JSON.
fn lint_everywhere(dir: &Path, paths: &[&str], code: i32) -> serde_json::Value {
    lint_everywhere_as(dir, paths, code, None)
}

fn lint_everywhere_as(
    dir: &Path,
    paths: &[&str],
    code: i32,
    nobody: Option<&str>,
) -> serde_json::Value {
    let mut doc = serde_json::Value::Null;
    for format in ["json", "sarif", "compact", "human"] {
        let mut args = vec!["--format", format];
        args.extend_from_slice(paths);
        let output = run_as(dir, &args, nobody);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{format}: {}",
            stderr(&output)
        );
        let text = String::from_utf8(output.stdout).expect("output is UTF-8");
        assert!(
            !text.contains('\r'),
            "{format} output holds a carriage return"
        );
        if format == "json" || format == "sarif" {
            let value: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{format} output does not parse: {e}"));
            if format == "json" {
                doc = value;
            }
        }
    }
    doc
}

/// `(code, message)` of each diagnostic.
fn findings(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    findings(doc).into_iter().map(|(code, _)| code).collect()
}

/// A repository with only the core checks on: these inputs are about reading and parsing.
fn core_repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = repo(files);
    std::fs::write(dir.path().join("cclint.yaml"), core_only()).unwrap();
    dir
}

fn core_only() -> String {
    let mut yaml = String::from("rules:\n");
    for code in cclint::catalog::Code::ALL.iter().filter(|c| !c.is_core()) {
        yaml.push_str(&format!("  {}: off\n", code.as_str()));
    }
    yaml
}

#[test]
fn an_empty_file_is_clean() {
    let dir = core_repo(&[("empty.ccl", b"")]);
    assert!(codes(&lint_everywhere(dir.path(), &[], 0)).is_empty());
}

#[test]
fn a_binary_file_named_ccl_is_reported_as_binary() {
    let dir = core_repo(&[
        ("logo.ccl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("ok.ccl", b"department d\n"),
    ]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    assert_eq!(
        findings(&doc),
        [(
            "CC009".to_string(),
            "this file is binary (it holds NUL bytes), not CCL text".to_string()
        )]
    );
    assert_eq!(doc["summary"]["files"], 2);
}

#[test]
fn non_utf8_and_utf16_files_are_reported_in_words() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("department d\n".encode_utf16().flat_map(u16::to_le_bytes));
    let dir = core_repo(&[
        ("latin1.ccl", b"department caf\xe9\n"),
        ("utf16.ccl", &utf16),
    ]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    assert_eq!(
        findings(&doc),
        [
            (
                "CC009".to_string(),
                "this file is not valid UTF-8: byte 0xe9 at line 1, column 15 (offset 14)"
                    .to_string()
            ),
            (
                "CC009".to_string(),
                "this file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8"
                    .to_string()
            ),
        ]
    );
    assert!(doc["diagnostics"][1]["help"]
        .as_str()
        .unwrap()
        .contains("save the file as UTF-8"));
}

#[test]
fn a_utf8_bom_and_crlf_shift_no_column() {
    let dir = core_repo(&[(
        "a.ccl",
        b"\xEF\xBB\xBFrole r { department: nowhere }\r\nrole s {\r\n  department: gone\r\n}\r\n",
    )]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    let at: Vec<(u64, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["span"]["start"];
            (
                start["line"].as_u64().unwrap(),
                start["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(at, [(1, 22), (3, 15)]);
}

#[test]
fn a_10_mb_file() {
    let mut text = String::from("department d\n");
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "# role {n}\nrole r{n} \"Role {n}\" {{ department: d }}\n\
             product p{n} {{ produced_by: d; owner: r{n}; end_user: r{n} }}\n"
        ));
        n += 1;
    }
    let dir = core_repo(&[("big.ccl", text.as_bytes())]);
    let doc = lint_everywhere(dir.path(), &[], 0);
    assert_eq!(doc["summary"]["errors"], 0);
}

/// A file over 4 GiB (sparse: it takes no disk) is reported, not read: offsets are kept
/// in 32 bits.
#[test]
fn a_file_over_4_gib_is_reported_not_read() {
    let dir = core_repo(&[("small.ccl", b"department d\n")]);
    let huge = std::fs::File::create(dir.path().join("huge.ccl")).unwrap();
    if huge.set_len((1u64 << 32) + 1).is_err() {
        eprintln!("skipped: this file system cannot hold a sparse 4 GiB file");
        return;
    }
    let doc = lint_everywhere(dir.path(), &[], 1);
    let cc009 = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CC009")
        .expect("the file is CC009");
    assert_eq!(cc009["file"], "huge.ccl");
    let message = cc009["message"].as_str().unwrap();
    assert!(message.contains("larger than 4 GiB"), "{message}");
}

#[test]
fn a_2_mb_single_line() {
    let mut line = String::from("department d ");
    while line.len() < 2 * 1024 * 1024 {
        line.push_str("role r { department: nowhere } ");
    }
    let dir = core_repo(&[("line.ccl", line.as_bytes())]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    let found = codes(&doc);
    assert!(found.len() > 60_000, "{}", found.len());
    assert!(found.iter().all(|c| c == "CC002" || c == "CC003"));
}

#[test]
fn two_hundred_thousand_opening_braces() {
    let dir = core_repo(&[("open.ccl", "{".repeat(200_000).as_bytes())]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    assert_eq!(codes(&doc), ["CC001"]);
}

#[test]
fn two_hundred_thousand_closing_braces() {
    let text = format!("department d\n{}", "}".repeat(200_000));
    let dir = core_repo(&[("close.ccl", text.as_bytes())]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    assert!(codes(&doc).iter().all(|c| c == "CC001"));
    assert!(findings(&doc)[0].1.contains("`}`"), "{:?}", findings(&doc));
}

#[test]
fn a_hundred_thousand_unterminated_strings() {
    let text: String = (0..100_000)
        .map(|i| format!("department d{i} \"open\n"))
        .collect();
    let dir = core_repo(&[("strings.ccl", text.as_bytes())]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    let found = findings(&doc);
    assert_eq!(found.len(), 100_000);
    assert!(found
        .iter()
        .all(|(c, m)| c == "CC001" && m.contains("string")));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_ends() {
    let dir = core_repo(&[("a/x.ccl", b"department d\n")]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    std::os::unix::fs::symlink("self.ccl", dir.path().join("self.ccl")).unwrap();
    let doc = lint_everywhere(dir.path(), &[], 1);
    assert_eq!(codes(&doc), ["CC009"], "{:?}", findings(&doc));
}

/// Permissions do not stop root: as root the test runs cclint as `nobody` (with
/// `setpriv`); without it the test says it skipped, and fails under `CI=true`.
#[cfg(unix)]
#[test]
fn an_unreadable_directory_and_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = core_repo(&[
        ("ok.ccl", b"department d\n"),
        ("locked/a.ccl", b"department e\n"),
        ("secret.ccl", b"department f\n"),
    ]);
    let mode = |path: &str, mode| {
        std::fs::set_permissions(dir.path().join(path), std::fs::Permissions::from_mode(mode))
            .unwrap()
    };
    let root = is_root();
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let nobody = match (root, setpriv) {
        (false, _) => None,
        (true, Some(setpriv)) => {
            // `nobody` must reach the repository and its config.
            mode(".", 0o755);
            mode("ok.ccl", 0o644);
            mode("cclint.yaml", 0o644);
            Some(setpriv)
        }
        (true, None) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "setpriv (util-linux) is required in CI to test permissions as root"
            );
            eprintln!("skipped: running as root without setpriv, permissions cannot apply");
            return;
        }
    };
    mode("locked", 0o000);
    mode("secret.ccl", 0o000);
    let doc = lint_everywhere_as(dir.path(), &[], 1, nobody);
    mode("locked", 0o755);
    assert_eq!(
        findings(&doc),
        [
            (
                "CC009".to_string(),
                "this directory cannot be read: permission denied".to_string()
            ),
            (
                "CC009".to_string(),
                "this file cannot be read: permission denied".to_string()
            ),
        ]
    );
    assert_eq!(doc["diagnostics"][0]["file"], "locked");
    assert_eq!(doc["diagnostics"][1]["file"], "secret.ccl");
}

#[test]
fn a_directory_named_like_a_file_is_walked() {
    let dir = core_repo(&[("x.ccl/inner.ccl", b"role r { department: nowhere }\n")]);
    for paths in [&[][..], &["x.ccl"][..]] {
        let doc = lint_everywhere(dir.path(), paths, 1);
        assert_eq!(codes(&doc), ["CC002"]);
        assert_eq!(doc["diagnostics"][0]["file"], "x.ccl/inner.ccl");
    }
}

#[test]
fn paths_with_spaces_and_non_ascii_characters() {
    let dir = core_repo(&[(
        "Qualité client/équipe 1.ccl",
        "role r { department: nowhere }\n".as_bytes(),
    )]);
    for paths in [&[][..], &["Qualité client/équipe 1.ccl"][..]] {
        let doc = lint_everywhere(dir.path(), paths, 1);
        assert_eq!(doc["diagnostics"][0]["file"], "Qualité client/équipe 1.ccl");
    }
    let sarif = run(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(uri, "Qualit%C3%A9%20client/%C3%A9quipe%201.ccl");
}

/// Columns on a long non-ASCII line cost a lookup, not a count from the line's start:
/// 2 MB of one line with 40,000 findings once took time proportional to their product.
#[test]
fn a_2_mb_non_ascii_line_with_many_findings() {
    let mut line = String::from("department d \"Qualité\" ");
    let mut n = 0;
    while line.len() < 2 * 1024 * 1024 {
        line.push_str(&format!(
            "role r{n} \"Équipe {n} – 東京\" {{ department: nowhere }} "
        ));
        n += 1;
    }
    let dir = core_repo(&[("line.ccl", line.as_bytes())]);
    let doc = lint_everywhere(dir.path(), &[], 1);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), n);
    let last = &diagnostics[n - 1]["span"]["start"];
    let offset = last["offset"].as_u64().unwrap() as usize;
    assert_eq!(
        last["column"].as_u64().unwrap() as usize,
        line[..offset].chars().count() + 1
    );
}
