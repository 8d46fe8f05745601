//! End-to-end tests of the `cclint` binary: exit codes, formats and bad input.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{codes, json, repo, stdout};

/// A config that turns every lint rule off: these tests are about the core.
fn core_only_config() -> String {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let mut yaml = String::from("rules:\n");
        for code in cclint::catalog::Code::ALL.iter().filter(|c| !c.is_core()) {
            yaml.push_str(&format!("  {}: off\n", code.as_str()));
        }
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("core-only.yaml");
        std::fs::write(&path, yaml).unwrap();
        path.to_string_lossy().into_owned()
    })
    .clone()
}

fn cclint_in(dir: &Path, args: &[&str]) -> Output {
    let config = core_only_config();
    let with_config = args
        .first()
        .is_none_or(|a| !["rules", "explain", "init"].contains(a));
    let extra: &[&str] = if with_config {
        &["--config", &config]
    } else {
        &[]
    };
    Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(args)
        .args(extra)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

/// The binary in the repository's root, with its default configuration.
fn cclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

#[test]
fn exit_code_0_when_clean_1_on_errors_2_on_missing_path() {
    let clean = repo(&[("a.ccl", b"department d\nrole r { department: d }\n")]);
    assert_eq!(cclint_in(clean.path(), &[]).status.code(), Some(0));
    assert_eq!(
        cclint_in(clean.path(), &["check", "."]).status.code(),
        Some(0)
    );

    let broken = repo(&[("a.ccl", b"role r { department: nowhere }\n")]);
    assert_eq!(cclint_in(broken.path(), &[]).status.code(), Some(1));

    let missing = cclint_in(clean.path(), &["no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("no/such/dir") && err.contains("does not exist"),
        "{err}"
    );
    assert!(missing.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(cclint(&["--format", "xml"]).status.code(), Some(2));
    assert_eq!(cclint(&["--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn multiple_syntax_errors_in_one_file_are_all_reported() {
    let dir = repo(&[(
        "a.ccl",
        b"role a { department x }\nrole b { department: }\ndepartment x\nproduct c { produced_by: x,, }\nrole ok { department: x }\n",
    )]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&out), ["CC001", "CC001", "CC001"]);
}

#[test]
fn a_duplicate_across_files_labels_the_first_definition() {
    let dir = repo(&[
        ("a.ccl", b"department facilities\n"),
        (
            "sub/b.ccl",
            b"\n\nrole facilities { department: facilities }\n",
        ),
    ]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    let doc = json(&out);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "CC003");
    assert_eq!(d["file"], "sub/b.ccl");
    assert_eq!(d["span"]["start"]["line"], 3);
    assert_eq!(d["labels"][0]["file"], "a.ccl");
    assert_eq!(d["labels"][0]["span"]["start"]["line"], 1);
    let human = stdout(&cclint_in(dir.path(), &[]));
    assert!(
        human.contains("a.ccl:1:12") && human.contains("sub/b.ccl:3:6"),
        "{human}"
    );
}

#[test]
fn a_non_utf8_file_is_reported_and_the_others_still_linted() {
    let dir = repo(&[
        ("bad.ccl", b"department caf\xe9\n"),
        ("good.ccl", b"role r { department: nowhere }\n"),
    ]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&out), ["CC009", "CC002"]);
    let doc = json(&out);
    assert_eq!(doc["diagnostics"][0]["file"], "bad.ccl");
    assert!(doc["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("line 1, column 15"));
    assert_eq!(doc["summary"]["files"], 2);
}

#[test]
fn empty_and_comment_only_files_are_clean() {
    let dir = repo(&[("empty.ccl", b""), ("comments.ccl", b"# nothing yet\n\n")]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["summary"]["files"], 2);
}

#[test]
fn unbalanced_braces_and_binary_garbage_do_not_panic() {
    let deep = "{".repeat(200_000);
    let dir = repo(&[
        ("open.ccl", b"product p {\n  produced_by: d\n"),
        ("close.ccl", b"}}}}}}\n"),
        ("deep.ccl", deep.as_bytes()),
        ("nul.ccl", b"\x00\x01\x02role\x00"),
    ]);
    for format in ["human", "json", "compact"] {
        let out = cclint_in(dir.path(), &["--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "{format}");
    }
    let out = cclint_in(dir.path(), &["--format", "json"]);
    let found = codes(&out);
    assert!(
        found.iter().filter(|c| *c == "CC009").count() == 1,
        "{found:?}"
    );
    assert!(found.iter().all(|c| c == "CC001" || c == "CC009"));
}

#[test]
fn a_5_mb_file_gives_valid_json() {
    let mut text = String::from("department d\n");
    let mut i = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!(
            "role r{i} \"Role {i}\" {{ department: d }}\nproduct p{i} {{ produced_by: d; owner: r{i}; end_user: r{i}, missing{i} }}\n"
        ));
        i += 1;
    }
    let dir = repo(&[("big.ccl", text.as_bytes())]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["summary"]["errors"].as_u64().unwrap(), i as u64);
}

#[test]
fn a_very_long_line_is_fine() {
    let line = format!("department d \"{}\"\n", "x".repeat(1_000_000));
    let dir = repo(&[("long.ccl", line.as_bytes())]);
    assert_eq!(
        cclint_in(dir.path(), &["--format", "json"]).status.code(),
        Some(0)
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_and_hidden_directories_are_skipped() {
    let dir = repo(&[
        ("a.ccl", b"department d\n"),
        (".git/x.ccl", b"not ccl at all"),
        ("sub/b.ccl", b"role r { department: d }\n"),
    ]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json(&out)["summary"]["files"], 2);
}

#[test]
fn explicitly_named_files_are_linted_whatever_their_extension() {
    let dir = repo(&[
        ("policy.txt", b"role r { department: nowhere }\n"),
        ("skip.txt", b"x"),
    ]);
    let out = cclint_in(dir.path(), &["policy.txt", "--format", "compact"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("policy.txt:1:22: error[CC002] unknown-reference:"));
    // Walking finds no `.ccl` file: CI pointed at the wrong folder must not go green.
    let walked = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(walked.status.code(), Some(2));
    assert!(walked.stdout.is_empty());
    assert!(String::from_utf8_lossy(&walked.stderr).contains("no `.ccl` files found under `.`"));
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let a = cclint(&["fixtures", "--format", "json"]);
    let b = cclint(&["fixtures", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
    let doc = json(&a);
    let keys: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["span"]["start"]["offset"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn fingerprints_do_not_change_when_lines_move() {
    let before = repo(&[("a.ccl", b"department d\nrole r { department: nowhere }\n")]);
    let after = repo(&[(
        "b.ccl",
        b"\n\n# moved\ndepartment d\n\n\nrole r {\n  department: nowhere\n}\n",
    )]);
    let fp = |dir: &Path| {
        json(&cclint_in(dir, &["--format", "json"]))["diagnostics"][0]["fingerprint"].clone()
    };
    assert_eq!(fp(before.path()), fp(after.path()));
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let dir = repo(&[("a.ccl", b"role r { department: nowhere }\n")]);
    let plain = stdout(&cclint_in(dir.path(), &[]));
    assert!(!plain.contains('\u{1b}'), "no colour when piped");
    let forced = stdout(&cclint_in(dir.path(), &["--color", "always"]));
    assert!(forced.contains('\u{1b}'), "colour with --color always");
    assert!(
        plain.trim_end().ends_with("1 error, 0 warnings in 1 file"),
        "{plain}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_when_permissions_apply() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[
        ("secret.ccl", b"department d\n"),
        ("ok.ccl", b"department e\n"),
    ]);
    let secret = dir.path().join("secret.ccl");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        return; // running as root: permissions do not stop reads
    }
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&out), ["CC009"]);
}

/// A byte-order mark followed by one letter (found by a fuzzer) once made cclint panic.
#[test]
fn a_byte_order_mark_before_garbage_is_a_syntax_error_not_a_panic() {
    let dir = repo(&[("a.ccl", b"\xEF\xBB\xBFa")]);
    for format in ["json", "sarif", "human"] {
        let output = cclint_in(dir.path(), &["--format", format, "."]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        if format != "human" {
            let _: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        }
    }
    let output = cclint_in(dir.path(), &["--format", "json", "."]);
    assert_eq!(codes(&output), ["CC001"]);
}

/// The same input gives byte-for-byte the same output, whatever the order and spelling
/// of the paths on the command line.
#[test]
fn output_does_not_depend_on_path_order_or_spelling() {
    let dir = repo(&[
        (
            "org.ccl",
            b"organisation o\ndepartment d\nrole r { department: d }\n",
        ),
        (
            "b/products.ccl",
            b"product p { produced_by: d; end_user: ghost }\nproduct q { produced_by: d }\n",
        ),
        (
            "c.ccl",
            b"# cclint: allow CC401 -- hiring\nproduct z { produced_by: d; end_user: r }\n",
        ),
    ]);
    let absolute = dir.path().canonicalize().unwrap();
    let abs = |p: &str| absolute.join(p).to_string_lossy().into_owned();
    let spellings: Vec<Vec<String>> = vec![
        vec!["org.ccl".into(), "b/products.ccl".into(), "c.ccl".into()],
        vec!["c.ccl".into(), "b/products.ccl".into(), "org.ccl".into()],
        vec![
            "./c.ccl".into(),
            "./org.ccl".into(),
            "b/../b/products.ccl".into(),
        ],
        vec![abs("org.ccl"), abs("c.ccl"), abs("b/products.ccl")],
        vec![".".into()],
    ];
    for format in ["json", "sarif", "human", "compact", "github"] {
        let outputs: Vec<Vec<u8>> = spellings
            .iter()
            .map(|paths| {
                let mut args = vec!["--format", format];
                args.extend(paths.iter().map(String::as_str));
                let out = cclint_in(&absolute, &args);
                assert_eq!(out.status.code(), Some(1), "{format} {paths:?}");
                out.stdout
            })
            .collect();
        for (paths, output) in spellings.iter().zip(&outputs) {
            assert!(
                *output == outputs[0],
                "{format} with {paths:?} differs:\n{}\n---\n{}",
                String::from_utf8_lossy(output),
                String::from_utf8_lossy(&outputs[0])
            );
        }
    }
}

/// A UTF-8 byte-order mark before a declaration shifts no column on line 1; CRLF line
/// endings leave no `\r` in any message, column or snippet.
#[test]
fn byte_order_marks_and_crlf_line_endings_are_invisible() {
    let text = "\u{FEFF}product p { produced_by: ghost }\r\nrole r { department: nowhere }\r\n";
    let dir = repo(&[("a.ccl", text.as_bytes())]);
    let out = cclint_in(dir.path(), &["--format", "json", "."]);
    let doc = json(&out);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let ghost = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("ghost"))
        .unwrap();
    assert_eq!(ghost["span"]["start"]["line"], 1);
    assert_eq!(ghost["span"]["start"]["column"], 26);
    assert_eq!(ghost["span"]["start"]["offset"], 28);
    let nowhere = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("nowhere"))
        .unwrap();
    assert_eq!(nowhere["span"]["start"]["column"], 22);
    for format in ["json", "sarif", "human", "compact", "github"] {
        let out = cclint_in(dir.path(), &["--format", format, "."]);
        let printed = stdout(&out);
        assert!(!printed.contains('\r'), "{format}: {printed:?}");
        assert!(!printed.contains("\\r"), "{format}: {printed:?}");
        assert!(!printed.contains('\u{FEFF}'), "{format}: {printed:?}");
    }
    let human = stdout(&cclint_in(dir.path(), &["--format", "human", "."]));
    assert!(human.contains("a.ccl:1:26]"), "{human}");
}

/// A very long line with many findings: no panic (miette cannot draw past column
/// 65,535), no quadratic cost, and every finding still says where it is.
#[test]
fn a_very_long_line_with_many_findings() {
    let mut text = String::from("department d role r { department: d } ");
    for i in 0..3_000 {
        // One core finding each (these tests turn the lint rules off).
        text.push_str(&format!(
            "product p{i} {{ produced_by: d; owner: nobody }} "
        ));
    }
    let dir = repo(&[("a.ccl", text.as_bytes())]);
    let started = std::time::Instant::now();
    for format in ["json", "sarif", "human", "compact", "github"] {
        let out = cclint_in(dir.path(), &["--format", format, "."]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        if format == "json" || format == "sarif" {
            let _: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        }
        if format == "human" {
            let text = stdout(&out);
            let last = text.rfind("product `p2999`").expect("the last finding");
            assert!(text[..last].contains("a.ccl:1:"), "{}", &text[..300]);
        }
    }
    assert!(started.elapsed().as_secs() < 60);
}

/// A reader that stops early (`cclint … | head -c1`) is not an error: cclint stops
/// quietly, as ripgrep and ruff do.
#[test]
fn a_closed_pipe_stops_quietly() {
    use std::io::Read;
    let products: String = (0..3000)
        .map(|i| format!("product p{i} {{ produced_by: d; end_user: u }}\n"))
        .collect();
    let dir = common::repo_text(&[
        ("org.ccl", "department d\nrole u { department: d }\n"),
        ("products.ccl", &products),
    ]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first, b"{");
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert_eq!(common::stderr(&out), "");
}
