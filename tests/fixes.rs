//! `check --fix`: each fix on its own, the fixed point, what is never touched, and the
//! flags around it (`--unsafe-fixes`, `--diff`, `--stdin-filename`, `--exit-non-zero-on-fix`).

use std::path::Path;

mod common;
use common::{cclint_in, cclint_with_stdin, json, repo_text, stderr, stdout};

/// A clean organisation the cases below add to.
const ORG: &str = "organisation o\ndepartment d\ndepartment it\nrole user \"User\" { department: d }\nrole buyer \"Buyer\" { department: it }\nrole driver \"Driver\" { external: true }\nrole dealer \"Dealer\" { external: true }\npolicy s { kind: satisfaction; owner: user; review: yearly; proactive_measures: \"survey\" }\nproduct paper { produced_by: d; owner: user; end_user: user; broker: buyer; priority: 1; touchpoints: static }\nproduct car { produced_by: it; owner: buyer; end_user: driver; broker: dealer; priority: 1; touchpoints: human; audience: external }\n";

/// Run `cclint --fix [extra]` on ORG plus `file` as `case.ccl`; the fixed text of
/// `case.ccl` and the run's output.
fn fixed(file: &str, extra: &[&str]) -> (String, std::process::Output) {
    let dir = repo_text(&[("org.ccl", ORG), ("case.ccl", file)]);
    let mut args = vec!["--fix", "--format", "json"];
    args.extend_from_slice(extra);
    let out = cclint_in(dir.path(), &args);
    let text = std::fs::read_to_string(dir.path().join("case.ccl")).unwrap();
    (text, out)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn the_example_repository_is_clean_of_core_errors() {
    let dir = repo_text(&[("org.ccl", ORG)]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(
        json(&out)["diagnostics"],
        serde_json::json!([]),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_unknown_reference_with_one_near_miss_is_corrected() {
    let (text, out) = fixed("role r \"R\" { department: itt }\nproduct x { produced_by: d; owner: r; end_user: r; priority: 2; touchpoints: static }\n", &[]);
    assert_eq!(
        text,
        "role r \"R\" { department: it }\nproduct x { produced_by: d; owner: r; end_user: r; priority: 2; touchpoints: static }\n"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stderr(&out), "fixed 1 finding in 1 file\n");
}

#[test]
fn an_ambiguous_near_miss_is_left_for_a_person() {
    // `dz` is one edit from `d` and one from `dy`: which was meant is a person's call.
    let file = "department dy\nrole r \"R\" { department: dz }\n";
    let (text, out) = fixed(file, &[]);
    assert_eq!(text, file, "two departments are one edit away: no fix");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_unknown_field_with_one_near_miss_is_corrected() {
    let (text, _) = fixed("role r \"R\" { departmnt: it }\n", &[]);
    assert_eq!(text, "role r \"R\" { department: it }\n");
}

/// A suppression holds a person's reason: removing an unused or expired one is an unsafe
/// fix, applied only when asked.
#[test]
fn unused_and_expired_suppressions_are_removed_only_when_asked() {
    let file = "# cclint: allow product-without-owner -- nothing here\nrole r \"R\" { department: it }  # cclint: allow CC203 until 2020-01-01 -- old\n";
    let (text, out) = fixed(file, &[]);
    assert_eq!(text, file);
    assert_eq!(
        stderr(&out),
        "fixed 0 findings in 0 files; 2 more fixable with --unsafe-fixes\n"
    );
    let (text, out) = fixed(file, &["--unsafe-fixes"]);
    assert_eq!(text, "role r \"R\" { department: it }\n");
    assert_eq!(stderr(&out), "fixed 2 findings in 1 file\n");
}

/// A fix can reveal another: correcting `onwer` gives the product an owner, so the
/// suppression of product-without-owner becomes unused, and the next round removes it
/// (asked to: its removal is unsafe).
#[test]
fn fixes_are_applied_to_a_fixed_point() {
    let file = "# cclint: allow product-without-owner -- owner to be named\nproduct x { produced_by: d; onwer: user; end_user: user; priority: 2; touchpoints: static }\n";
    let (text, out) = fixed(file, &[]);
    assert_eq!(
        text,
        "# cclint: allow product-without-owner -- owner to be named\nproduct x { produced_by: d; owner: user; end_user: user; priority: 2; touchpoints: static }\n"
    );
    assert_eq!(
        stderr(&out),
        "fixed 1 finding in 1 file; 1 more fixable with --unsafe-fixes\n"
    );
    let (text, out) = fixed(file, &["--unsafe-fixes"]);
    assert_eq!(
        text,
        "product x { produced_by: d; owner: user; end_user: user; priority: 2; touchpoints: static }\n"
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "fixed 2 findings in 1 file\n");
}

#[test]
fn unsafe_fixes_need_asking() {
    let file = "rule choice \"Choice\" {\n  product: paper\n  decided_by: buyer  # procurement picks\n}\nrule sales { product: car; channel: dealer }\n";
    let (text, out) = fixed(file, &[]);
    assert_eq!(text, file);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "fixed 0 findings in 0 files; 2 more fixable with --unsafe-fixes\n"
    );
    let (text, out) = fixed(file, &["--unsafe-fixes"]);
    assert_eq!(
        text,
        "rule choice \"Choice\" {\n  product: paper\n  decided_by: buyer  # procurement picks\n  consulting: user\n}\nrule sales { product: car; channel: dealer, direct }\n"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn consulting_is_extended_or_added_on_one_line() {
    let (text, _) = fixed(
        "role other \"O\" { department: d }\nrule a { product: paper; decided_by: buyer; consulting: other }\nrule b { product: paper; decided_by: buyer }\n",
        &["--unsafe-fixes"],
    );
    assert_eq!(
        text,
        "role other \"O\" { department: d }\nrule a { product: paper; decided_by: buyer; consulting: other, user }\nrule b { product: paper; decided_by: buyer; consulting: user }\n"
    );
}

#[test]
fn a_file_with_a_syntax_error_is_never_touched() {
    let broken = "role r \"R\" { departmnt: it }\nrole s {\n";
    let (text, out) = fixed(broken, &[]);
    assert_eq!(text, broken);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn diff_shows_and_writes_nothing() {
    let file = "role r \"R\" { departmnt: it }\n";
    let dir = repo_text(&[("org.ccl", ORG), ("case.ccl", file)]);
    let out = cclint_in(dir.path(), &["--diff"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "--- a/case.ccl\n+++ b/case.ccl\n@@ -1 +1 @@\n-role r \"R\" { departmnt: it }\n+role r \"R\" { department: it }\n"
    );
    assert_eq!(read(dir.path(), "case.ccl"), file);
    let clean = repo_text(&[("org.ccl", ORG)]);
    assert_eq!(cclint_in(clean.path(), &["--diff"]).status.code(), Some(0));
}

#[test]
fn only_changed_files_are_written() {
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("case.ccl", "role r \"R\" { departmnt: it }\n"),
    ]);
    let org = dir.path().join("org.ccl");
    let before = std::fs::metadata(&org).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    cclint_in(dir.path(), &["--fix"]);
    assert_eq!(std::fs::metadata(&org).unwrap().modified().unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file left behind");
}

#[test]
fn an_editor_gets_the_fixed_buffer() {
    let dir = repo_text(&[("org.ccl", ORG), ("cclint.yaml", "")]);
    let out = cclint_with_stdin(
        dir.path(),
        &["--fix", "--stdin-filename", "case.ccl", "-"],
        b"role r \"R\" { departmnt: it }\n",
    );
    assert_eq!(stdout(&out), "role r \"R\" { department: it }\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.path().join("case.ccl").exists(), "nothing is written");
}

#[test]
fn exit_non_zero_on_fix_for_pre_commit() {
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("case.ccl", "role r \"R\" { departmnt: it }\n"),
    ]);
    let out = cclint_in(dir.path(), &["--fix", "--exit-non-zero-on-fix"]);
    assert_eq!(out.status.code(), Some(1));
    let out = cclint_in(dir.path(), &["--fix", "--exit-non-zero-on-fix"]);
    assert_eq!(out.status.code(), Some(0), "nothing left to fix");
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let dir = repo_text(&[("org.ccl", ORG)]);
    assert_eq!(
        cclint_in(dir.path(), &["--unsafe-fixes"]).status.code(),
        Some(2)
    );
}
