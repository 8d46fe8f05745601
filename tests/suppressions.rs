//! Suppression comments: what a person wrote is never lost, and an unused suppression is
//! judged rule by rule, only when the model is complete.

mod common;

use cclint::catalog::Code;
use cclint::diagnostic::Level;
use cclint::{lint, Input, Settings};
use common::{cclint_in, codes, repo, stderr};
use proptest::prelude::*;

const REASONED: &str = "# cclint: allow department-without-products -- archive is being merged\ndepartment archive \"Archive\"\n";
const ORG: &str = "organisation o\ndepartment d\nrole user { department: d }\npolicy s { kind: satisfaction; owner: user; review: yearly; proactive_measures: \"survey\" }\nproduct p { produced_by: d; owner: user; end_user: user }\n";

/// A repository whose suppression is unused, beside a file that cannot be read or does not
/// parse: whether it is unused cannot be known, so it is not reported and `--fix` (even
/// with `--unsafe-fixes`) keeps it, reason and all.
#[test]
fn a_broken_file_keeps_every_suppression() {
    let half_typed: &[u8] = b"product half { produced_by: d; owner: \n";
    let latin1: &[u8] = b"department caf\xe9\n";
    for (name, broken) in [("broken.ccl", half_typed), ("latin1.ccl", latin1)] {
        let dir = repo(&[
            ("org.ccl", ORG.as_bytes()),
            ("archive.ccl", REASONED.as_bytes()),
            (name, broken),
        ]);
        let out = cclint_in(dir.path(), &["--format", "json"]);
        let found = codes(&out);
        assert!(!found.contains(&"CC007".to_string()), "{name}: {found:?}");
        for flags in [&["--fix"][..], &["--fix", "--unsafe-fixes"]] {
            cclint_in(dir.path(), flags);
            let kept = std::fs::read_to_string(dir.path().join("archive.ccl")).unwrap();
            assert_eq!(kept, REASONED, "{name} {flags:?}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_keeps_every_suppression() {
    let dir = repo(&[
        ("org.ccl", ORG.as_bytes()),
        ("archive.ccl", REASONED.as_bytes()),
    ]);
    std::os::unix::fs::symlink("nowhere.ccl", dir.path().join("gone.ccl")).unwrap();
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert!(codes(&out).contains(&"CC009".to_string()));
    assert!(
        !codes(&out).contains(&"CC007".to_string()),
        "{}",
        stderr(&out)
    );
    cclint_in(dir.path(), &["--fix", "--unsafe-fixes"]);
    let kept = std::fs::read_to_string(dir.path().join("archive.ccl")).unwrap();
    assert_eq!(kept, REASONED);
}

/// With the repository complete, the same suppression is unused, and its removal is an
/// unsafe fix: `--fix` alone keeps it.
#[test]
fn an_unused_suppression_is_removed_only_when_asked() {
    let dir = repo(&[
        ("org.ccl", ORG.as_bytes()),
        ("archive.ccl", b"# cclint: allow CC204 -- merged\ndepartment archive\nproduct x { produced_by: archive; owner: user; end_user: user }\n"),
    ]);
    let out = cclint_in(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&out), ["CC007"]);
    cclint_in(dir.path(), &["--fix"]);
    let text = std::fs::read_to_string(dir.path().join("archive.ccl")).unwrap();
    assert!(
        text.starts_with("# cclint: allow CC204 -- merged\n"),
        "{text}"
    );
    cclint_in(dir.path(), &["--fix", "--unsafe-fixes"]);
    let text = std::fs::read_to_string(dir.path().join("archive.ccl")).unwrap();
    assert!(text.starts_with("department archive\n"), "{text}");
}

/// The rule of a suppression that suppressed nothing is taken out of its comment, the
/// others stay.
#[test]
fn an_unused_rule_is_taken_out_of_its_suppression() {
    let text = "organisation o\ndepartment d\nrole user { department: d }\n# cclint: allow product-without-owner, CC202 -- in review\nproduct p { produced_by: d; end_user: user }\n";
    let report = lint(vec![Input::from_text("a.ccl", text)], &Settings::default());
    let unused: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::CC007)
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(
        &*unused[0].message,
        "this suppression of unidentified-end-user suppresses nothing"
    );
    let (fixed, _) = cclint::edit::apply(text, &report.diagnostics, true);
    assert!(
        fixed.contains("# cclint: allow product-without-owner -- in review\n"),
        "{fixed}"
    );
}

/// Four rules a product can break on its own: two off by default, two on.
const RULES: [(Code, &str); 4] = [
    (Code::CC401, "owner: u"),
    (Code::CC202, "end_user: u"),
    (Code::CC501, "touchpoints: static"),
    (Code::CC502, "priority: 1"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the other rules of a suppression are (off, on and used, on and unused),
    /// CC007 names exactly its rules that are on and suppressed nothing.
    #[test]
    fn each_rule_of_a_suppression_is_judged_on_its_own(
        listed in proptest::collection::vec(any::<bool>(), 4),
        on in proptest::collection::vec(any::<bool>(), 4),
        broken in proptest::collection::vec(any::<bool>(), 4),
    ) {
        prop_assume!(listed.iter().any(|l| *l));
        let mut names = Vec::new();
        let mut fields = vec!["produced_by: d"];
        let mut levels = Vec::new();
        let mut expected = Vec::new();
        for (i, (code, field)) in RULES.iter().enumerate() {
            if !broken[i] {
                fields.push(field);
            }
            levels.push((*code, on[i].then_some(Level::Warning)));
            if listed[i] {
                names.push(code.name());
                if on[i] && !broken[i] {
                    expected.push(code.name());
                }
            }
        }
        let text = format!(
            "organisation o\ndepartment d\nrole u {{ department: d }}\n# cclint: allow {} -- reviewed\nproduct p {{ {} }}\n",
            names.join(", "),
            fields.join("; ")
        );
        let settings = Settings { levels, ..Settings::default() };
        let report = lint(vec![Input::from_text("a.ccl", &text)], &settings);
        let unused: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::CC007)
            .map(|d| &*d.message)
            .collect();
        if expected.is_empty() {
            prop_assert!(unused.is_empty(), "{text}\n{unused:?}");
        } else {
            let message = format!("this suppression of {} suppresses nothing", expected.join(", "));
            prop_assert_eq!(unused, vec![message.as_str()], "{}", text);
        }
        // A listed rule's finding is suppressed, never reported.
        for (i, (code, _)) in RULES.iter().enumerate() {
            if listed[i] {
                let shown = report.diagnostics.iter().any(|d| d.code == *code && d.suppressed.is_none());
                prop_assert!(!shown, "{:?} shown\n{}", code, text);
            }
        }
    }
}
