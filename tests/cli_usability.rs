//! What a new user trips on in the first hour, each reproduced with the binary: editors
//! seeing duplicates, half-typed declarations, broken links, no files, messages in words,
//! mistyped commands, CI-friendly output, rule families, completions and the man page.

use std::path::Path;
use std::process::Command;

mod common;
use common::{cclint_in, cclint_with_stdin, codes, json, repo_text, stderr, stdout};

const ORG: &str = "organisation o\ndepartment d\nrole r { department: d }\nrole buyer { department: d }\npolicy s { kind: satisfaction; owner: r; review: yearly; proactive_measures: \"survey\" }\nproduct p { produced_by: d; owner: r; end_user: r; broker: buyer }\n";

/// A buffer that declares a name `org.ccl` declares too shows the duplicate, whether its
/// path sorts before `org.ccl` or after.
#[test]
fn an_editor_buffer_shows_a_duplicate_it_is_part_of() {
    let dir = repo_text(&[("org.ccl", ORG), ("cclint.yaml", "")]);
    for buffer in ["aa.ccl", "zz.ccl"] {
        let out = cclint_with_stdin(
            dir.path(),
            &["--stdin-filename", buffer, "-", "--format", "json"],
            b"department d \"Again\"\nproduct q { produced_by: d; owner: r; end_user: r }\n",
        );
        let doc = json(&out);
        let d = &doc["diagnostics"][0];
        assert_eq!(d["code"], "CC003", "{buffer}: {doc}");
        assert_eq!(d["file"], buffer);
        assert_eq!(d["span"]["start"]["line"], 1);
        assert_eq!(d["labels"][0]["file"], "org.ccl", "{buffer}");
        assert_eq!(out.status.code(), Some(1));
    }
}

/// `product` alone on a line is one error, and `role nurse …` after it still parses.
#[test]
fn a_half_typed_declaration_does_not_cascade() {
    let dir = repo_text(&[(
        "a.ccl",
        "department d\nproduct\nrole nurse \"Nurse\" { department: d }\n",
    )]);
    let out = cclint_in(
        dir.path(),
        &["--format", "json", "--no-config", "-A", "warnings"],
    );
    let doc = json(&out);
    let core: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap() < "CC100")
        .collect();
    assert_eq!(core.len(), 1, "{doc}");
    assert_eq!(
        core[0]["message"],
        "a name was expected after `product`; `role` starts the next declaration"
    );
}

#[test]
fn a_missing_closing_brace_points_at_the_open_one() {
    let dir = repo_text(&[(
        "a.ccl",
        "department d\nrole r {\n  department: d\n\nrole s { department: d }\n",
    )]);
    let out = cclint_in(dir.path(), &["--format", "json", "--no-config"]);
    let doc = json(&out);
    let syntax: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "CC001")
        .collect();
    assert_eq!(syntax.len(), 1, "{doc}");
    let d = syntax[0];
    assert_eq!(
        d["message"],
        "the block of role `r` opened at line 2 is not closed: line 5 starts the next declaration"
    );
    assert_eq!(d["span"]["start"]["line"], 2);
    assert_eq!(d["span"]["start"]["column"], 8);
    assert_eq!(d["help"], "add `}` after its last field, before line 5");
}

#[cfg(unix)]
#[test]
fn broken_links_matter_only_when_they_would_be_linted() {
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("cclint.yaml", "exclude:\n  - \"old/**\"\n"),
    ]);
    std::fs::create_dir(dir.path().join("old")).unwrap();
    let link = |name: &str| std::os::unix::fs::symlink("/nowhere", dir.path().join(name));
    link("notes.md").unwrap();
    link("old/gone.ccl").unwrap();
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    link("missing.ccl").unwrap();
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["diagnostics"][0]["code"], "CC009");
    assert_eq!(doc["diagnostics"][0]["file"], "missing.ccl");
    assert_eq!(
        doc["diagnostics"][0]["message"],
        "this file is a broken symbolic link (its target does not exist)"
    );
}

#[test]
fn no_ccl_files_is_an_error_not_success() {
    let dir = repo_text(&[("README.md", "# policies live elsewhere\n")]);
    let out = cclint_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "  × no `.ccl` files found under `.`\n  help: name the directory that holds the policy \
         files, or check `exclude` in cclint.yaml\n"
    );
}

#[test]
fn messages_show_characters_as_themselves_and_no_internal_codes() {
    let dir = repo_text(&[("a.ccl", "department d { lead: z€ }\n")]);
    let out = cclint_in(dir.path(), &["--format", "compact", "--no-config"]);
    assert!(stdout(&out).contains("found `€`"), "{}", stdout(&out));
    for args in [
        &["nowhere"][..],
        &["-D", "CC999"][..],
        &["--config", "none.yaml"][..],
    ] {
        let out = cclint_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2));
        assert!(!stderr(&out).contains("cclint::"), "{}", stderr(&out));
        assert!(stderr(&out).starts_with("  × "), "{}", stderr(&out));
    }
}

#[test]
fn a_mistyped_command_is_suggested_before_being_taken_for_a_path() {
    let dir = repo_text(&[("org.ccl", ORG)]);
    for (typo, command) in [
        ("chekc", "check"),
        ("explian", "explain"),
        ("rulez", "rules"),
    ] {
        let out = cclint_in(dir.path(), &[typo]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains(&format!("did you mean `cclint {command}`?")),
            "{}",
            stderr(&out)
        );
    }
    // A directory with that name is a path, not a typo.
    std::fs::create_dir(dir.path().join("chekc")).unwrap();
    std::fs::write(dir.path().join("chekc/x.ccl"), "department x2\n").unwrap();
    let out = cclint_in(dir.path(), &["chekc", "--format", "json", "--no-config"]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn output_file_feeds_sarif_while_the_console_gets_the_log() {
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("bad.ccl", "role q { department: nowhere }\n"),
    ]);
    const ARGS: &[&str] = &[
        "--format",
        "compact",
        "--output-file",
        "reports/cclint.sarif",
        "--output-format",
        "sarif",
    ];
    let out = cclint_in(dir.path(), ARGS);
    assert_eq!(out.status.code(), Some(2), "the directory must exist");
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let out = cclint_in(dir.path(), ARGS);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("bad.ccl:1:22: error[CC002]"),
        "{}",
        stdout(&out)
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("reports/cclint.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "CC002");
    // Without --output-format, the file gets --format and the console nothing.
    let out = cclint_in(
        dir.path(),
        &["--format", "json", "--output-file", "out.json"],
    );
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(doc["summary"]["errors"], 1);
}

#[test]
fn exit_zero_forgives_findings_but_not_failures() {
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("bad.ccl", "role q { department: nowhere }\n"),
    ]);
    assert_eq!(
        cclint_in(dir.path(), &["--exit-zero"]).status.code(),
        Some(0)
    );
    assert_eq!(cclint_in(dir.path(), &[]).status.code(), Some(1));
    std::fs::write(dir.path().join("cclint.yaml"), "rules: [oops\n").unwrap();
    let out = cclint_in(dir.path(), &["--exit-zero", "--format", "sarif"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a broken config is not swallowed"
    );
}

#[test]
fn families_are_accepted_wherever_a_rule_is() {
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("rules.ccl", "rule x { product: p; decided_by: buyer }\n"),
    ]);
    let all = codes(&cclint_in(dir.path(), &["--format", "json"]));
    assert!(all.contains(&"CC301".to_string()), "{all:?}");
    let off = codes(&cclint_in(
        dir.path(),
        &["--format", "json", "-A", "end-user-disempowering"],
    ));
    assert!(!off.iter().any(|c| c.starts_with("CC30")), "{off:?}");
    // A rule's own setting wins over its family's, whatever the order.
    let back = codes(&cclint_in(
        dir.path(),
        &[
            "--format",
            "json",
            "-W",
            "CC301",
            "-A",
            "end-user-disempowering",
        ],
    ));
    assert!(back.contains(&"CC301".to_string()), "{back:?}");
    std::fs::write(
        dir.path().join("cclint.yaml"),
        "rules:\n  CC301: warning\n  end-user-disempowering: off\n",
    )
    .unwrap();
    let out = cclint_in(dir.path(), &["--format", "json"]);
    let doc = json(&out);
    let levels: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["level"].as_str().unwrap()))
        .collect();
    assert_eq!(levels, [("CC301", "warning")]);
    let out = cclint_in(dir.path(), &["-D", "ownershp"]);
    assert!(
        stderr(&out).contains("did you mean `ownership`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completions_and_the_man_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = cclint_in(dir, &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = stdout(&out);
    assert!(script.contains("check") && script.contains("--stdin-filename"));
    // bash itself must accept the script.
    if let Ok(status) = Command::new("bash").args(["-n", "-c", &script]).status() {
        assert!(status.success(), "bash rejects the completion script");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        assert_eq!(
            cclint_in(dir, &["completions", shell]).status.code(),
            Some(0)
        );
    }
    let out = cclint_in(dir, &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") && page.contains(".TH cclint 1"),
        "{page}"
    );
    assert!(page.contains("completions") && page.contains("\\-\\-output\\-file"));
}
