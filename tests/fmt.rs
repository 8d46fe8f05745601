//! `cclint fmt`: snapshots of before/after pairs for the tricky cases, idempotence and
//! meaning kept on every fixture, findings (fingerprints included) unchanged by
//! formatting, and the command end to end (`--check`, `--diff`, `-`, syntax errors,
//! atomic writes that keep permissions and touch only files that change).

use std::path::{Path, PathBuf};

use cclint::format::format;
use cclint::syntax;

mod common;
use common::{cclint_in, cclint_with_stdin, repo_text, stderr, stdout};

/// The meaning of a file that parses.
fn meaning(text: &str) -> Vec<String> {
    let parsed = syntax::parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    common::meaning(&parsed)
}

fn comments(text: &str) -> Vec<String> {
    let parsed = syntax::parse(text);
    parsed
        .comments
        .iter()
        .map(|c| text[c.span.start()..c.span.end()].trim_end().to_string())
        .collect()
}

/// Format `text` and check what must hold of any formatting.
fn formatted(text: &str) -> String {
    let once = format(text).expect("the input parses");
    let twice = format(&once).expect("the output parses");
    assert_eq!(once, twice, "formatting is not idempotent on:\n{text}");
    assert_eq!(
        meaning(text),
        meaning(&once),
        "the meaning changed:\n{once}"
    );
    assert_eq!(
        comments(text),
        comments(&once),
        "a comment was lost or moved:\n{once}"
    );
    if !once.is_empty() {
        assert!(
            once.ends_with('\n') && !once.ends_with("\n\n"),
            "one final newline"
        );
    }
    assert!(
        once.lines().all(|l| l == l.trim_end()),
        "trailing whitespace"
    );
    once
}

const CASES: &[(&str, &str)] = &[
    (
        "comments_between_fields",
        "product p {\n  produced_by: d   # who makes it\n\n\n  # the owner, for now\n  owner: r\n  # cclint: allow CC202 -- reviewed\n  end_user: r; broker: b\n  # left at the end\n}\n",
    ),
    (
        "comments_after_the_opening_brace",
        "role r { # an employee\n  department: d\n}\nrole s {    # nobody yet\n}\n",
    ),
    (
        "comments_at_the_end_of_the_file",
        "department d\n# one\n\n\n# two\n",
    ),
    (
        "a_comment_then_a_blank_line_before_a_declaration",
        "# About the file.\n\ndepartment d\n\n# About e, then a blank line.\n\ndepartment e\n# cclint: allow department-without-products -- kept\ndepartment f\n",
    ),
    (
        "long_lists",
        "policy satisfaction \"Customer satisfaction policy\" {\n  kind: satisfaction\n  scope: executive, cx, manufacturing, sales, aftersales, marketing, facilities, it, hr, finance, legal\n  proactive_measures: \"Quarterly end-user survey\", \"Ride-along days with drivers\", \"Mystery shopping\"\n  reactive_measures: \"Complaints answered within two working days\"\n}\n",
    ),
    (
        "a_long_list_with_a_suppression_at_its_end",
        "rule r {\n  product: p\n  channel: dealer_one, dealer_two, dealer_three, dealer_four, dealer_five, dealer_six, dealer_seven, dealer_eight  # cclint: allow CC302 -- all resellers\n}\n",
    ),
    (
        "crlf_input",
        "# Windows\r\ndepartment d \"D\" {\r\n  lead: r\r\n}\r\n\r\n\r\nrole r { department: d }\r\n",
    ),
    (
        "tabs",
        "product p {\n\tproduced_by:\td\n\towner:\tr\t# tabbed\n}\n",
    ),
    (
        "non_ascii_titles",
        "organisation o \"Société Générale de Café – 東京支店\"\ndepartment d \"Qualité\" { lead: r }\nrole r \"Ärztin 👩‍⚕️\" { department: d }\n",
    ),
    ("empty_blocks", "department d {}\nrole r \"R\" {\n}\nrole s { }\n"),
    (
        "separators_strings_and_spacing",
        "role   r   \"Say \\\"hi\\\"\\tnow\"{department:d;}\n\n\n\nproduct p{produced_by:d;owner:r;end_user:r,b}\n",
    ),
    (
        "a_one_line_block_too_long_for_one_line",
        "product washroom_paper \"Washroom paper for every floor\" { produced_by: facilities; owner: buyer; end_user: office_worker }\n",
    ),
    (
        "end_of_line_comments_on_declarations",
        "department d \"D\"  # no lead yet\nrole r { department: d } # cclint: allow CC203 -- fine\nrole s {\n  department: d\n} # after the block\n",
    ),
    ("byte_order_mark", "\u{FEFF}department d\n"),
    ("empty_file", ""),
    ("only_comments", "\n\n# just a note\n"),
];

#[test]
fn tricky_cases_before_and_after() {
    for (name, input) in CASES {
        let output = formatted(input);
        insta::assert_snapshot!(
            format!("format_{name}"),
            format!("--- before\n{input}--- after\n{output}")
        );
    }
}

/// Snapshots show line breaks as `\n`; the bytes keep the file's own.
#[test]
fn crlf_files_stay_crlf() {
    let output = formatted("department d {\r\n  lead: r }\r\n\r\n\r\nrole r\r\n");
    assert_eq!(output, "department d {\r\n  lead: r\r\n}\r\n\r\nrole r\r\n");
}

fn ccl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ccl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ccl") {
            out.push(path);
        }
    }
}

/// Every fixture that parses formats idempotently, with its meaning and comments kept.
#[test]
fn every_fixture_formats_stably() {
    let mut files = Vec::new();
    ccl_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    let mut formatted_files = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !syntax::parse(&text).errors.is_empty() {
            assert!(format(&text).is_err());
            continue;
        }
        formatted(&text);
        formatted_files += 1;
    }
    assert!(formatted_files > 30, "{formatted_files}");
}

/// `check` finds the same things, fingerprints and suppressions included, before and
/// after formatting each fixture repository.
#[test]
fn formatting_changes_no_finding() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs = vec![fixtures.join("acme"), fixtures.join("init")];
    for family in ["core", "rules"] {
        for entry in std::fs::read_dir(fixtures.join(family)).unwrap() {
            dirs.push(entry.unwrap().path());
        }
    }
    for dir in dirs {
        let copy = tempfile::tempdir().unwrap();
        copy_dir(&dir, copy.path());
        let findings = |root: &Path| {
            let out = cclint_in(root, &["--format", "json", "--show-suppressed"]);
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let mut found: Vec<String> = doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    format!(
                        "{} {} {} {} {} {}",
                        d["code"],
                        d["file"],
                        d["entity"],
                        d["fingerprint"],
                        d["message"],
                        d["suppressed"]
                    )
                })
                .collect();
            found.sort();
            found
        };
        let before = findings(copy.path());
        let out = cclint_in(copy.path(), &["fmt"]);
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{}: {}",
            dir.display(),
            stderr(&out)
        );
        assert_eq!(before, findings(copy.path()), "{}", dir.display());
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

const MESSY: &str = "department d {lead:r}\n\n\n\nrole r \"R\"{department:d}\n";
const TIDY: &str = "department d { lead: r }\n\nrole r \"R\" { department: d }\n";

#[test]
fn fmt_check_and_diff_write_nothing() {
    let dir = repo_text(&[("a.ccl", MESSY), ("b.ccl", TIDY)]);
    let out = cclint_in(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "would reformat a.ccl\n1 file would be reformatted, 1 file already formatted\n"
    );
    let out = cclint_in(dir.path(), &["fmt", "--diff"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "--- a/a.ccl\n+++ b/a.ccl\n@@ -1,5 +1,3 @@\n-department d {lead:r}\n+department d { lead: r }\n \n-\n-\n-role r \"R\"{department:d}\n+role r \"R\" { department: d }\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ccl")).unwrap(),
        MESSY
    );
}

#[test]
fn fmt_rewrites_only_what_changes_keeping_permissions() {
    let dir = repo_text(&[("a.ccl", MESSY), ("b.ccl", TIDY)]);
    let b = dir.path().join("b.ccl");
    let a = dir.path().join("a.ccl");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let b_modified = std::fs::metadata(&b).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = cclint_in(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "1 file reformatted, 1 file left unchanged\n");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), TIDY);
    assert_eq!(
        std::fs::metadata(&b).unwrap().modified().unwrap(),
        b_modified
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&a).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_file_with_a_syntax_error_is_not_rewritten() {
    let broken = "department d {lead:r\n\n\nrole r { department: d }\n";
    let dir = repo_text(&[("a.ccl", MESSY), ("broken.ccl", broken)]);
    let out = cclint_in(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("CC001"), "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.ccl:1:"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.ccl")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ccl")).unwrap(),
        TIDY
    );
}

#[test]
fn fmt_dash_formats_standard_input_for_editors() {
    let dir = repo_text(&[]);
    let out = cclint_with_stdin(dir.path(), &["fmt", "-"], MESSY.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), TIDY);
    let out = cclint_with_stdin(dir.path(), &["fmt", "-"], TIDY.as_bytes());
    assert_eq!(stdout(&out), TIDY, "unchanged input comes back as it is");
    let out = cclint_with_stdin(
        dir.path(),
        &["fmt", "--stdin-filename", "policy/x.ccl", "-"],
        b"role r {",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("policy/x.ccl:1:"), "{}", stderr(&out));
}

#[test]
fn fmt_honours_exclude_and_reports_no_files() {
    let dir = repo_text(&[
        ("cclint.yaml", "exclude:\n  - \"drafts/**\"\n"),
        ("drafts/a.ccl", MESSY),
    ]);
    let out = cclint_in(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no `.ccl` files found"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("drafts/a.ccl")).unwrap(),
        MESSY
    );
}

/// A generated repository (`benches/generate.py`, 500 products, many files): every file
/// that parses formats idempotently with its meaning and comments kept, and `check`
/// finds the same things after `cclint fmt` as before.
#[test]
fn a_generated_repository_formats_stably() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let status = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/generate.py"))
        .arg(&repo)
        .args(["--products", "500"])
        .status()
        .expect("python3 runs the generator");
    assert!(status.success());
    let mut files = Vec::new();
    ccl_files(&repo, &mut files);
    let mut formatted_files = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if syntax::parse(&text).errors.is_empty() {
            formatted(&text);
            formatted_files += 1;
        }
    }
    assert!(
        formatted_files + 1 >= files.len(),
        "{formatted_files} of {}",
        files.len()
    );
    let findings = || {
        let out = cclint_in(&repo, &["--format", "json", "--show-suppressed"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut found: Vec<String> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {} {} {}",
                    d["code"], d["file"], d["fingerprint"], d["suppressed"]
                )
            })
            .collect();
        found.sort();
        found
    };
    let before = findings();
    assert_eq!(
        cclint_in(&repo, &["fmt"]).status.code(),
        Some(2),
        "one file has a syntax error"
    );
    assert_eq!(before, findings());
}
