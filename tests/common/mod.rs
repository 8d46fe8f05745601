//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A temporary repository holding `files` (paths relative to its root).
pub fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// [`repo`] for text files.
pub fn repo_text(files: &[(&str, &str)]) -> tempfile::TempDir {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_bytes())).collect();
    repo(&bytes)
}

/// The JSON document on stdout.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is valid JSON")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Run the binary in `dir` with `args`, feeding `input` on standard input.
pub fn cclint_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The binary may stop (a usage error, say) before reading its input: a broken pipe
    // here is not a failure; its exit code and output tell.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// Run the binary in `dir` with `args` and an empty standard input.
pub fn cclint_in(dir: &Path, args: &[&str]) -> Output {
    cclint_with_stdin(dir, args, b"")
}

/// The code of each diagnostic of a JSON report on stdout.
pub fn codes(output: &Output) -> Vec<String> {
    json(output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The meaning of a parse: each declaration's kind, name, title and fields, without
/// spans, for "formatting changes nothing but layout".
pub fn meaning(parsed: &cclint::syntax::ParsedFile) -> Vec<String> {
    parsed
        .declarations
        .iter()
        .map(|d| {
            let fields: Vec<String> = d
                .fields
                .iter()
                .map(|f| {
                    let values: Vec<String> = f
                        .values
                        .iter()
                        .map(|v| format!("{:?}", v.literal()))
                        .collect();
                    format!("{}={}", f.key, values.join("|"))
                })
                .collect();
            format!(
                "{:?} {} {:?} [{}]",
                d.kind,
                d.name.text,
                d.title.as_ref().map(|t| t.literal()),
                fields.join(" ")
            )
        })
        .collect()
}

/// Whether `program` runs here (`program ARG` succeeds); in CI, which installs every
/// program the tests use, it must, so CI never goes green without running them.
pub fn available(program: &str, arg: &str) -> bool {
    let ok = Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is required in CI (.ci/run installs it)"
        );
        eprintln!("skipped: {program} is not installed");
    }
    ok
}

/// Run `program ARGS` with `input` on standard input; its output.
pub fn pipe(program: &str, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// Whether the tests run as root.
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1))
                == Some("0")
        })
        .unwrap_or(false)
}

/// How to run the binary so that permissions apply: `Some(None)` as the test's own user
/// when it is not root, `Some(Some(setpriv))` as `nobody` when it is; `None` when neither
/// is possible (the test says it skipped, and fails under `CI=true`).
pub fn permissions_apply() -> Option<Option<&'static str>> {
    if !is_root() {
        return Some(None);
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if setpriv.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "setpriv (util-linux) is required in CI to test permissions as root"
        );
        eprintln!("skipped: running as root without setpriv, permissions cannot apply");
    }
    setpriv.map(Some)
}

/// Run the binary in `dir` with `args`, as `nobody` through `setpriv` when given.
pub fn cclint_as(dir: &Path, args: &[&str], setpriv: Option<&str>) -> Output {
    let mut command = match setpriv {
        Some(setpriv) => {
            let mut c = Command::new(setpriv);
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_cclint"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_cclint")),
    };
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}
