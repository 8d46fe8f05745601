//! End-to-end tests of configuration, level flags, suppressions and the rules, explain and
//! init commands.

use std::path::Path;
use std::process::Output;

mod common;
use common::{cclint_in, json, repo_text as repo, stderr};

fn found(output: &Output) -> Vec<(String, String)> {
    json(output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A clean repository but for one product without an owner (CC401, error) and one
/// department with no products (CC204, warning).
const POLICY: &str = "organisation o\ndepartment d\ndepartment idle\nrole r { department: d }\nproduct p { produced_by: d; end_user: r }\npolicy s { kind: satisfaction; owner: r; review: yearly; proactive_measures: \"survey\" }\n";

fn pair(code: &str, level: &str) -> (String, String) {
    (code.to_string(), level.to_string())
}

#[test]
fn defaults_then_config_then_flags() {
    let dir = repo(&[("policy.ccl", POLICY)]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        found(&out),
        [pair("CC204", "warning"), pair("CC401", "error")]
    );

    std::fs::write(
        dir.path().join("cclint.yaml"),
        "rules:\n  product-without-owner: warning\n  CC204: off\n",
    )
    .unwrap();
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(found(&out), [pair("CC401", "warning")]);

    let out = cclint_in(dir.path(), &["--format", "json", "-D", "warnings"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(found(&out), [pair("CC401", "error")]);

    let out = cclint_in(
        dir.path(),
        &[
            "--format",
            "json",
            "-W",
            "CC204",
            "-A",
            "product-without-owner",
        ],
    );
    assert_eq!(found(&out), [pair("CC204", "warning")]);

    let out = cclint_in(dir.path(), &["--format", "json", "-A", "warnings"]);
    assert_eq!(found(&out), Vec::<(String, String)>::new());

    let out = cclint_in(dir.path(), &["--format", "json", "--no-config"]);
    assert_eq!(
        found(&out),
        [pair("CC204", "warning"), pair("CC401", "error")]
    );
}

#[test]
fn the_config_is_found_in_an_ancestor_or_named() {
    let dir = repo(&[
        ("cclint.yaml", "rules:\n  CC401: off\n"),
        ("policies/sub/policy.ccl", POLICY),
        ("other.yaml", "rules:\n  CC204: off\n"),
    ]);
    let out = cclint_in(dir.path(), &["policies/sub", "--format", "json"]);
    assert_eq!(found(&out), [pair("CC204", "warning")]);
    let out = cclint_in(
        dir.path(),
        &["policies/sub", "--format", "json", "--config", "other.yaml"],
    );
    assert_eq!(found(&out), [pair("CC401", "error")]);
    let out = cclint_in(dir.path(), &["policies", "--config", "missing.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.yaml"), "{}", stderr(&out));
}

#[test]
fn exclude_globs_are_relative_to_the_config() {
    let dir = repo(&[
        (
            "cclint.yaml",
            "exclude:\n  - \"drafts/**\"\n  - \"**/*.wip.ccl\"\n",
        ),
        ("policy.ccl", "department d\n"),
        ("drafts/new.ccl", "this is not CCL"),
        ("sub/idea.wip.ccl", "nor is this"),
    ]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(json(&out)["summary"]["files"], 1);
    // A walked directory that is excluded yields no file, which is an error (exit 2).
    let out = cclint_in(dir.path(), &["drafts", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `.ccl` files found under `drafts`"));
}

#[test]
fn bad_configs_exit_2_and_point_at_the_line() {
    for (yaml, message, line) in [
        (
            "rules:\n  CC401: warning\n  brokr-decides: error\n",
            "unknown rule `brokr-decides`",
            "cclint.yaml:3:3",
        ),
        (
            "rules:\n  CC401: fatal\n",
            "invalid level `fatal` for rule `CC401`",
            "cclint.yaml:2:10",
        ),
        (
            "rules: {}\nexclude: []\nignore: []\n",
            "unknown field `ignore`",
            "cclint.yaml:3:1",
        ),
        (
            "rules:\n  syntax-error: off\n",
            "core rule",
            "cclint.yaml:2:3",
        ),
    ] {
        let dir = repo(&[("cclint.yaml", yaml), ("policy.ccl", POLICY)]);
        let out = cclint_in(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(2), "{yaml}");
        let err = stderr(&out);
        assert!(err.contains(message) && err.contains(line), "{yaml}: {err}");
        assert!(out.stdout.is_empty());
    }
    let dir = repo(&[("cclint.yaml", "rules:\n  brokr-decides: error\n")]);
    assert!(stderr(&cclint_in(dir.path(), &[])).contains("did you mean `broker-decides`?"));
}

#[test]
fn every_core_fixture_finding_says_how_to_fix_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/core");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 7, "a fixture for every core code");
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        let out = cclint_in(&dir, &["--format", "json"]);
        for d in json(&out)["diagnostics"].as_array().unwrap() {
            assert!(
                d["help"].is_string(),
                "{code}: {} has no help",
                d["message"]
            );
        }
    }
    let dir = repo(&[(
        "p.ccl",
        "department d\nproduct p { produced_by: d; audience: everyone }\n",
    )]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    let d = &json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CC005")
        .unwrap()
        .clone();
    assert_eq!(
        d["help"],
        "`audience` takes `internal`, `external` or `mixed`"
    );
}

#[test]
fn bad_rule_flags_exit_2() {
    let dir = repo(&[("policy.ccl", POLICY)]);
    let out = cclint_in(dir.path(), &["-D", "broker-decide"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `broker-decides`?"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        cclint_in(dir.path(), &["-A", "CC001"]).status.code(),
        Some(2)
    );
}

const SUPPRESSED: &str = "organisation o
department d
role r { department: d }
policy s { kind: satisfaction; owner: r; review: yearly; proactive_measures: \"survey\" }
# cclint: allow product-without-owner -- owner being hired
product a { produced_by: d; end_user: r }
product b { produced_by: d; end_user: r }  # cclint: allow CC401 until 2999-12-31 -- until the reorganisation
# cclint: allow CC401 until 2020-01-01 -- expired long ago
product c { produced_by: d; end_user: r }
# cclint: allow CC401
product e { produced_by: d; end_user: r }
product f {
  produced_by: d
  # cclint: allow department-as-customer -- the whole team uses it
  end_user: d
}
# cclint: allow broker-decides -- nothing here to suppress
department g
# cclint: allow CC002 -- core rules cannot be suppressed
# cclint: allow prodct-without-owner -- typo
# cclint: allow CC401 until 2027-02-30 -- no such date
";

#[test]
fn suppressions_cover_the_next_declaration_field_or_line() {
    let dir = repo(&[("policy.ccl", SUPPRESSED)]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    let doc = json(&out);
    let lines: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["span"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = |code: &str, line: u64| (code.to_string(), line);
    assert_eq!(
        lines,
        [
            expect("CC010", 8), // expired: reported, and suppresses nothing
            expect("CC401", 9),
            expect("CC008", 10), // no reason
            expect("CC401", 11),
            expect("CC401", 12), // the suppression inside `f` covers its `end_user` field only
            expect("CC007", 17), // unused
            expect("CC204", 18),
            expect("CC008", 19), // core rule
            expect("CC008", 20), // unknown rule
            expect("CC008", 21), // malformed date
        ]
    );
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages.contains(&"unknown rule `prodct-without-owner` in suppression"));
    let typo = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"] == "unknown rule `prodct-without-owner` in suppression")
        .unwrap();
    assert!(typo["help"]
        .as_str()
        .unwrap()
        .contains("did you mean `product-without-owner`?"));

    let shown = json(&cclint_in(
        dir.path(),
        &["--format", "json", "--show-suppressed"],
    ));
    let suppressed: Vec<(u64, serde_json::Value)> = shown["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["suppressed"].is_null())
        .map(|d| {
            (
                d["span"]["start"]["line"].as_u64().unwrap(),
                d["suppressed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        [
            (
                6,
                serde_json::json!({"reason": "owner being hired", "until": null})
            ),
            (
                7,
                serde_json::json!({"reason": "until the reorganisation", "until": "2999-12-31"})
            ),
            (
                15,
                serde_json::json!({"reason": "the whole team uses it", "until": null})
            ),
        ]
    );
    assert_eq!(
        shown["summary"], doc["summary"],
        "suppressed findings are not counted"
    );
}

#[test]
fn allow_file_covers_the_whole_file_only() {
    let dir = repo(&[
        ("a.ccl", "# cclint: allow-file CC401, department-without-products -- legacy file\ndepartment d\nrole r { department: d }\nproduct p { produced_by: d; end_user: r }\ndepartment idle\n"),
        ("b.ccl", "product q { produced_by: d; end_user: r }\n"),
    ]);
    let out = cclint_in(dir.path(), &["--format", "compact", "-A", "CC101"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "b.ccl:1:9: error[CC401] product-without-owner: product `q` has no owner\n"
    );
}

#[test]
fn rules_lists_the_catalog() {
    let out = cclint_in(Path::new("."), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("CC301  broker-decides")
        && l.contains("end-user-disempowering")
        && l.contains("error")));
    let out = cclint_in(Path::new("."), &["rules", "--format", "json"]);
    let rules = json(&out);
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), cclint::catalog::Code::ALL.len());
    assert_eq!(rules[0]["code"], "CC001");
    assert!(rules
        .iter()
        .any(|r| r["name"] == "missing-touchpoints" && r["level"] == "off"));
}

#[test]
fn explain_by_code_or_name() {
    let by_code = cclint_in(Path::new("."), &["explain", "CC301"]);
    let by_name = cclint_in(Path::new("."), &["explain", "broker-decides"]);
    assert_eq!(by_code.status.code(), Some(0));
    assert_eq!(by_code.stdout, by_name.stdout);
    let text = String::from_utf8(by_code.stdout).unwrap();
    for part in [
        "CC301 broker-decides",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## How to fix",
        "consulting: office_worker",
    ] {
        assert!(text.contains(part), "{part}");
    }
    let unknown = cclint_in(Path::new("."), &["explain", "broker-decide"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `broker-decides`?"));
}

#[test]
fn init_writes_a_clean_start_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = cclint_in(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = cclint_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(
        json(&check)["diagnostics"],
        serde_json::json!([]),
        "the starter has no findings at all"
    );
    assert_eq!(json(&check)["summary"]["files"], 1);

    std::fs::write(dir.path().join("policy.ccl"), "# mine\n").unwrap();
    std::fs::remove_file(dir.path().join("cclint.yaml")).unwrap();
    let again = cclint_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("policy.ccl")).unwrap(),
        "# mine\n"
    );
    assert!(
        !dir.path().join("cclint.yaml").exists(),
        "nothing is written when one file exists"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary files are left: {leftovers:?}"
    );

    // Like `cargo new`, a missing directory is created, parents included.
    let sub = cclint_in(dir.path(), &["init", "new/policies"]);
    assert_eq!(sub.status.code(), Some(0), "{}", stderr(&sub));
    assert!(dir.path().join("new/policies/cclint.yaml").exists());
    assert!(dir.path().join("new/policies/policy.ccl").exists());
    let check = cclint_in(dir.path(), &["check", "new/policies"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // A file where the directory should be is refused.
    let file = cclint_in(dir.path(), &["init", "policy.ccl"]);
    assert_eq!(file.status.code(), Some(2));
    assert!(
        stderr(&file).contains("is not a directory"),
        "{}",
        stderr(&file)
    );
}
