//! End-to-end tests of what CI and editors use: GitHub annotations, `--stdin-filename`,
//! and baselines.

use std::path::Path;
use std::process::Output;

mod common;
use common::{cclint_in, cclint_with_stdin, json, repo_text as repo, stderr, stdout};

fn found(output: &Output) -> Vec<(String, String, u64)> {
    json(output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["span"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn hit(code: &str, file: &str, line: u64) -> (String, String, u64) {
    (code.to_string(), file.to_string(), line)
}

/// A small repository: clean but for what each test adds.
const ORG: &str = "organisation o\ndepartment d\nrole r { department: d }\nrole buyer { department: d }\npolicy s { kind: satisfaction; owner: r; review: yearly; proactive_measures: \"survey\" }\nproduct p { produced_by: d; owner: r; end_user: r; broker: buyer }\n";

#[test]
fn github_annotations_escape_properties_and_messages() {
    let dir = repo(&[
        ("org.ccl", ORG),
        ("a,b: c.ccl", "rule x { product: p; decided_by: buyer }\n"),
    ]);
    let out = cclint_in(dir.path(), &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "::error file=a%2Cb%3A c.ccl,line=1,col=34,endLine=1,endColumn=39,title=CC301 broker-decides::\
         `buyer` is a broker of `p` and decides about it without its end users%0Ahelp: let `r` decide, or add `consulting: r`\n\
         ::group::cclint: every finding\n\
         a,b: c.ccl:1:34: error[CC301] broker-decides: `buyer` is a broker of `p` and decides about it without its end users\n\
         ::endgroup::\n\
         1 error, 0 warnings in 2 files\n"
    );
}

/// GitHub keeps only the first annotations of a step: every finding is also in the log,
/// as a plain line that no file name can turn into a workflow command.
#[test]
fn github_output_keeps_every_finding_in_the_log() {
    let mut rules = String::new();
    for i in 0..30 {
        rules.push_str(&format!("rule x{i} {{ product: p; decided_by: buyer }}\n"));
    }
    let dir = repo(&[("org.ccl", ORG), ("::warning x.ccl", &rules)]);
    let out = cclint_in(dir.path(), &["--format", "github"]);
    let text = stdout(&out);
    let commands = text.lines().filter(|l| l.starts_with("::error ")).count();
    let logged = text.lines().filter(|l| l.contains("error[CC301]")).count();
    assert_eq!((commands, logged), (30, 30), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("::warning")), "{text}");
    assert!(
        text.ends_with("30 errors, 0 warnings in 2 files\n"),
        "{text}"
    );
}

#[test]
fn stdin_replaces_the_file_within_its_repository() {
    let dir = repo(&[
        ("cclint.yaml", "rules:\n  CC204: off\n"),
        ("org.ccl", ORG),
        ("policy/rules.ccl", "rule x { product: p; decided_by: r }\n"),
        ("policy/other.ccl", "role broken { department: nowhere }\n"),
    ]);
    // The buffer differs from the file on disk; references resolve against org.ccl, and
    // other.ccl's error is not reported.
    let buffer = b"rule x {\n  product: p\n  decided_by: buyer\n}\nproduct q { produced_by: d; owner: r; end_user: r }\nrole t { department: d }\n";
    let out = cclint_with_stdin(
        &dir.path().join("policy"),
        &["--stdin-filename", "rules.ccl", "-", "--format", "json"],
        buffer,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(found(&out), [hit("CC301", "rules.ccl", 3)]);
    assert_eq!(json(&out)["summary"]["files"], 1);

    // From the root, with a path into the tree, and a new file that is not on disk yet.
    let out = cclint_with_stdin(
        dir.path(),
        &[
            "--stdin-filename",
            "policy/new.ccl",
            "-",
            "--format",
            "compact",
        ],
        b"product z { produced_by: d; owner: r; end_user: r }\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");

    // Invalid UTF-8 on stdin is CC009 for that file.
    let out = cclint_with_stdin(
        dir.path(),
        &[
            "--stdin-filename",
            "policy/rules.ccl",
            "-",
            "--format",
            "json",
        ],
        b"rule \xff",
    );
    assert_eq!(found(&out), [hit("CC009", "policy/rules.ccl", 0)]);
}

#[test]
fn stdin_matches_its_file_however_the_path_is_spelt() {
    let dir = repo(&[
        ("cclint.yaml", ""),
        ("org.ccl", ORG),
        ("policy/keep.ccl", "# nothing\n"),
    ]);
    // The buffer renames `p`: had the file on disk also loaded, `p` would still resolve and
    // the buffer's declarations would be duplicates.
    let buffer = ORG.replace("product p ", "product p2 ");
    for (cwd, path) in [
        ("policy", "../org.ccl"),
        (".", "policy/../org.ccl"),
        (".", "./org.ccl"),
    ] {
        let out = cclint_with_stdin(
            &dir.path().join(cwd),
            &["--stdin-filename", path, "-", "--format", "json"],
            buffer.as_bytes(),
        );
        assert_eq!(found(&out), [], "{cwd} {path}: {}", stdout(&out));
        let abs = dir.path().join("org.ccl");
        let out = cclint_with_stdin(
            &dir.path().join(cwd),
            &[
                "--stdin-filename",
                abs.to_str().unwrap(),
                "-",
                "--format",
                "json",
            ],
            buffer.as_bytes(),
        );
        assert_eq!(found(&out), [], "{cwd} absolute: {}", stdout(&out));
    }
}

#[test]
fn stdin_uses_the_config_of_the_file_it_stands_for() {
    let dir = repo(&[
        ("cclint.yaml", "rules:\n  product-without-owner: off\n"),
        ("org.ccl", ORG),
    ]);
    let out = cclint_with_stdin(
        Path::new("/"),
        &[
            "--stdin-filename",
            dir.path().join("x.ccl").to_str().unwrap(),
            "-",
            "--format",
            "json",
        ],
        b"product x { produced_by: d; end_user: r }\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(found(&out), []);
}

#[test]
fn a_nameless_buffer_is_linted_on_its_own() {
    // In a repository, `-` without `--stdin-filename` does not load the repository's files.
    let dir = repo(&[("org.ccl", ORG)]);
    let out = cclint_with_stdin(
        dir.path(),
        &["-", "--format", "compact"],
        b"role x { department: d }\n",
    );
    assert_eq!(
        stdout(&out),
        "<stdin>:1:22: error[CC002] unknown-reference: `department` of role `x` names `d`, but no department `d` is declared\n"
    );
}

#[test]
fn stdin_usage_errors_exit_2() {
    let dir = repo(&[("org.ccl", ORG)]);
    let out = cclint_in(dir.path(), &["--stdin-filename", "x.ccl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs `-`"));
    assert_eq!(
        cclint_in(dir.path(), &["-", "org.ccl"]).status.code(),
        Some(2)
    );
}

#[test]
fn baselines_hide_old_findings_report_new_ones_and_shrink() {
    let dir = repo(&[
        ("org.ccl", ORG),
        (
            "rules.ccl",
            "rule x { product: p; decided_by: buyer }\nrule y { product: p; channel: buyer }\n",
        ),
    ]);
    let out = cclint_in(dir.path(), &["--write-baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "wrote 2 findings to the baseline baseline.json\n"
    );

    let out = cclint_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(found(&out), []);
    let shown = cclint_in(
        dir.path(),
        &[
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "--show-suppressed",
        ],
    );
    let doc = json(&shown);
    assert_eq!(
        doc["diagnostics"][0]["suppressed"]["reason"],
        "in baseline baseline.json"
    );

    // Move the file and its lines; fix one finding; add a new one.
    std::fs::remove_file(dir.path().join("rules.ccl")).unwrap();
    std::fs::write(
        dir.path().join("moved.ccl"),
        "# moved here\n\nrule y {\n  product: p\n  channel: buyer\n}\n\nrule x { product: p; decided_by: buyer; consulting: r }\nrule z { product: p; decided_by: buyer }\n",
    )
    .unwrap();
    let out = cclint_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        found(&out),
        [hit("CC011", "", 0), hit("CC301", "moved.ccl", 9)]
    );
    let doc = json(&out);
    assert_eq!(
        doc["diagnostics"][0]["entity"], "rule:x",
        "the stale entry names what it was about"
    );

    // Rewriting the baseline from itself drops the stale entry and adds nothing: the new
    // finding stays visible, and the run says so and fails.
    let out = cclint_in(
        dir.path(),
        &[
            "--write-baseline",
            "baseline.json",
            "--baseline",
            "baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "wrote 1 finding to the baseline baseline.json (rewritten from itself: entries that \
         no longer occur dropped, nothing added)\n1 finding not in the baseline was not \
         added; to record it, write a fresh baseline: cclint --no-baseline --write-baseline \
         baseline.json\n"
    );
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        text.contains("rule:y") && !text.contains("rule:x") && !text.contains("rule:z"),
        "{text}"
    );
    assert_eq!(
        found(&cclint_in(
            dir.path(),
            &["--baseline", "baseline.json", "--format", "json"]
        )),
        [hit("CC301", "moved.ccl", 9)]
    );

    // Recording the new finding is the explicit act of writing a fresh baseline.
    let out = cclint_in(dir.path(), &["--write-baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        found(&cclint_in(
            dir.path(),
            &["--baseline", "baseline.json", "--format", "json"]
        )),
        []
    );
}

/// `baseline:` in cclint.yaml is honoured by every run, editors' included; with a core
/// error, `--write-baseline` writes nothing and says why.
#[test]
fn the_config_names_the_baseline_and_core_errors_are_counted() {
    let dir = repo(&[
        ("org.ccl", ORG),
        ("rules.ccl", "rule x { product: p; decided_by: buyer }\n"),
        ("cclint.yaml", "baseline: ci/baseline.json\n"),
    ]);
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    let plain = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cclint"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = plain(&["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a named baseline that is missing"
    );
    assert!(stderr(&out).contains("the baseline"), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));

    let out = plain(&["--write-baseline", "ci/baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = plain(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(found(&out), []);
    let out = common::cclint_with_stdin(
        dir.path(),
        &["--stdin-filename", "rules.ccl", "-", "--format", "json"],
        b"rule x { product: p; decided_by: buyer }\n",
    );
    assert_eq!(found(&out), [], "the editor's buffer honours the baseline");
    let out = plain(&["--no-baseline", "--format", "json"]);
    assert_eq!(found(&out), [hit("CC301", "rules.ccl", 1)]);

    std::fs::write(
        dir.path().join("rules.ccl"),
        "rule x { product: p; decided_by: buyer }\nrole q { department: nowhere }\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(dir.path().join("ci/baseline.json")).unwrap();
    let out = plain(&["--no-baseline", "--write-baseline", "ci/baseline.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("the baseline ci/baseline.json was not written: 1 core error"),
        "{}",
        stdout(&out)
    );
    let after = std::fs::read_to_string(dir.path().join("ci/baseline.json")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn baselines_never_clobber_other_files_and_reject_garbage() {
    let dir = repo(&[("org.ccl", ORG), ("notes.json", "{\"mine\": true}\n")]);
    let out = cclint_in(dir.path(), &["--write-baseline", "org.ccl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a cclint baseline"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("org.ccl")).unwrap(),
        ORG
    );
    assert_eq!(
        cclint_in(dir.path(), &["--write-baseline", "notes.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.json")).unwrap(),
        "{\"mine\": true}\n"
    );
    assert_eq!(
        cclint_in(dir.path(), &["--baseline", "notes.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        cclint_in(dir.path(), &["--baseline", "missing.json"])
            .status
            .code(),
        Some(2)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files are left: {names:?}");
}

/// What suppressed a finding is carried as a type, never guessed from the reason's text.
#[test]
fn a_comment_whose_reason_reads_like_a_baseline_is_still_a_comment() {
    let dir = repo(&[
        ("org.ccl", ORG),
        (
            "rules.ccl",
            "# cclint: allow CC301 -- in baseline review\nrule x { product: p; decided_by: buyer }\nrule y { product: p; channel: buyer }\n",
        ),
    ]);
    let out = cclint_in(dir.path(), &["--write-baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        text.contains("rule:y") && !text.contains("rule:x"),
        "{text}"
    );
    let sarif = json(&cclint_in(
        dir.path(),
        &["--format", "sarif", "--show-suppressed"],
    ));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let kinds: Vec<&str> = results
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["inSource"]);
}

/// A baseline written from one editor buffer would drop every other file's entries.
#[test]
fn write_baseline_from_standard_input_is_a_usage_error() {
    let dir = repo(&[("org.ccl", ORG)]);
    let out = cclint_with_stdin(
        dir.path(),
        &[
            "--write-baseline",
            "b.json",
            "--stdin-filename",
            "org.ccl",
            "-",
        ],
        ORG.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be combined"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("b.json").exists());
}

/// SARIF counts `charOffset` and `charLength` in code points, like its columns.
#[test]
fn sarif_char_offsets_count_code_points_like_the_columns() {
    let text = "department d \"Öl und Wärme\"\nrole r \"Rôle\" { department: ghost }\n";
    let dir = repo(&[("a.ccl", text)]);
    let sarif = json(&cclint_in(dir.path(), &["--format", "sarif"]));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let region = results
        .iter()
        .find(|r| r["ruleId"] == "CC002")
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .expect("a CC002");
    let at = text.find("ghost").unwrap();
    assert_eq!(region["charOffset"], text[..at].chars().count());
    assert_eq!(region["charOffset"].as_u64().unwrap() as usize + 3, at); // Ö, ä, ô
    assert_eq!(region["charLength"], 5);
    assert_eq!(region["startColumn"], 29);
}
