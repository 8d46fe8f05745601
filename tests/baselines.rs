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

/// A newcomer's repository: three decision rules shut end users out. Its baseline keeps
/// CI green, but the scorecard, the map and `check`'s summary tell the same story as
/// without it.
#[test]
fn a_baseline_changes_nothing_the_organisation_is_told() {
    let rules = "rule a { product: p; decided_by: buyer }\nrule b { product: p; channel: buyer }\nrule c { product: p; decided_by: buyer; aspect: \"brand\" }\n";
    let dir = repo_text(&[
        ("org.ccl", ORG),
        ("rules.ccl", rules),
        ("cclint.yaml", "baseline: baseline.json\n"),
    ]);
    let out = cclint_in(
        dir.path(),
        &["--no-baseline", "--write-baseline", "baseline.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let with = |args: &[&str]| stdout(&cclint_in(dir.path(), args));
    for format in ["json", "human", "markdown"] {
        let card = with(&["scorecard", "--format", format]);
        let without = with(&["scorecard", "--format", format, "--no-baseline"]);
        let known = |text: &str| text.replace("known (baselined)", "").len();
        assert_ne!(card, without, "{format}: the known findings are listed");
        if format == "json" {
            let card: serde_json::Value = serde_json::from_str(&card).unwrap();
            let without: serde_json::Value = serde_json::from_str(&without).unwrap();
            assert_eq!(card["grade"], without["grade"]);
            assert_eq!(card["roles"], without["roles"]);
            assert_eq!(card["known"].as_array().unwrap().len(), 3);
        } else {
            assert!(known(&card) > 0);
            let grade = |t: &str| t.lines().next().unwrap().to_string();
            assert_eq!(grade(&card), grade(&without), "{format}");
        }
    }
    let map = with(&["map", "--format", "json"]);
    assert_eq!(map, with(&["map", "--format", "json", "--no-baseline"]));
    assert!(
        map.contains("CC301"),
        "the map still marks the known findings"
    );
    let out = cclint_in(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("3 findings known from the baseline were not shown"),
        "{}",
        stdout(&out)
    );
}
