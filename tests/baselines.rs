//! Baselines keep CI green while old findings are worked off; they never lose an entry
//! to a broken model, nor change what the organisation is told about itself.

mod common;

use common::{cclint_in, codes, json, repo_text, stdout};

const ORG: &str = "organisation o\ndepartment d\nrole user { department: d }\nrole buyer { department: d }\npolicy s { kind: satisfaction; owner: user; review: yearly; proactive_measures: \"survey\" }\nproduct p { produced_by: d; owner: user; end_user: user; broker: buyer }\n";
const RULE: &str = "rule x { product: p; decided_by: buyer }\n";

/// While a core error stands, an entry whose finding is missing may only be hidden by
/// it: it is not stale, and the baseline is not rewritten.
#[test]
fn a_core_error_makes_no_entry_stale_and_rewrites_nothing() {
    let dir = repo_text(&[("org.ccl", ORG), ("rules.ccl", RULE)]);
    let out = cclint_in(dir.path(), &["--write-baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let written = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    // The rule's file is half-typed now: its finding is gone with it.
    std::fs::write(
        dir.path().join("rules.ccl"),
        "rule x { product: p; decided_by: \n",
    )
    .unwrap();
    let out = cclint_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(codes(&out), ["CC001"], "no CC011 beside a core error");
    let out = cclint_in(
        dir.path(),
        &[
            "--baseline",
            "baseline.json",
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("was not written"), "{}", stdout(&out));
    let kept = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert_eq!(kept, written, "the entry survives the broken moment");
    // Mended, the finding is back and still known.
    std::fs::write(dir.path().join("rules.ccl"), RULE).unwrap();
    let out = cclint_in(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["diagnostics"], serde_json::json!([]));
}
