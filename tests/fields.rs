//! Organisation fields (`custom_fields` in cclint.yaml): checked like built-in fields,
//! read by organisation rules, fixed and formatted like the rest.

mod common;

use common::{cclint_in, json, repo_text, stderr, stdout};

const FIELDS: &str = r#"custom_fields:
  product:
    region: { one_of: [eu, us, apac], description: the region the product serves }
    reviewed_on: { type: date }
    sponsor: { type: role }
    cost_centre: { type: text, required: true }
    regulated: boolean
    reviewers: { type: role, list: true }
  role:
    headcount: { type: integer, min: 1, max: 5000 }
"#;

const BASE: &str = "department d { lead: r }\nrole r \"Staff\" { department: d; headcount: 12 }\n\
policy s { kind: satisfaction; owner: r; proactive_measures: \"survey\"; review: monthly }\n";

/// Each kind of mistake in an organisation field, as built-in fields report it: a word
/// not in `one_of` (with did-you-mean), an impossible date, an integer out of bounds, a
/// name not declared (CC002 with its fix), a name of the wrong kind, a required field
/// missing (CC006), a misspelt key (CC004 towards the organisation's field), a list for
/// a single value.
#[test]
fn organisation_fields_are_checked_like_built_in_ones() {
    let products = "product good \"Good\" { produced_by: d; owner: r; end_user: r; region: eu; \
reviewed_on: \"2026-03-31\"; sponsor: r; cost_centre: \"CC-12\"; regulated: false; reviewers: r, r }\n\
product bad \"Bad\" { produced_by: d; owner: r; end_user: r; region: eur; reviewed_on: \"2026-02-30\"; \
sponsor: rr; reviewers: d; regulated: \"yes\"; regoin: us }\n\
role many { department: d; headcount: 0 }\n\
product twice \"Twice\" { produced_by: d; owner: r; end_user: r; cost_centre: \"A\", \"B\" }\n";
    let dir = repo_text(&[
        ("cclint.yaml", FIELDS),
        ("a.ccl", &format!("{BASE}{products}")),
    ]);
    let output = cclint_in(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    insta::assert_snapshot!("fields_checked", stdout(&output));
    let codes = common::codes(&cclint_in(dir.path(), &["check", "--format", "json"]));
    for code in ["CC002", "CC004", "CC005", "CC006"] {
        assert!(codes.contains(&code.to_string()), "{code}: {codes:?}");
    }
    // Without the configuration, the same keys are unknown fields.
    let bare = cclint_in(dir.path(), &["check", "--no-config", "--format", "json"]);
    let codes = common::codes(&bare);
    assert!(codes.iter().all(|c| c != "CC006"), "{codes:?}");
    assert!(
        codes.iter().filter(|c| *c == "CC004").count() > 5,
        "{codes:?}"
    );
}

/// The fixes of CC002 and CC004 apply to organisation fields: a misspelt name in a
/// reference field and a misspelt key.
#[test]
fn misspellings_in_organisation_fields_are_fixed() {
    let product = "product p \"P\" { produced_by: d; owner: r; end_user: r; cost_centre: \"X\"; sponser: r; reviewers: rr }\n";
    let dir = repo_text(&[
        ("cclint.yaml", FIELDS),
        ("a.ccl", &format!("{BASE}{product}")),
    ]);
    let output = cclint_in(dir.path(), &["check", "--fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = std::fs::read_to_string(dir.path().join("a.ccl")).unwrap();
    assert!(text.contains("sponsor: r; reviewers: r }"), "{text}");
}

/// Organisation rules read the fields: words and text as strings, integers as integers,
/// references as the entities they name.
#[test]
fn organisation_rules_read_organisation_fields() {
    let rules = r#"custom_rules:
  - code: ACME001
    name: sponsor-is-an-employee
    summary: s
    for: product
    where: has(self.sponsor)
    require: self.sponsor.internal && self.sponsor.headcount >= 1
    message: "`{{ self.name }}`: sponsor `{{ self.sponsor.name }}` ({{ self.region }})"
  - code: ACME002
    name: regulated-products-are-reviewed
    summary: s
    for: product
    where: has(self.regulated) && self.regulated
    require: has(self.reviewed_on) && self.reviewed_on >= "2026-01-01" && size(self.reviewers) > 0
    message: "`{{ self.name }}` is regulated but not reviewed this year"
"#;
    let products = "role vendor { external: true }\n\
product a \"A\" { produced_by: d; owner: r; end_user: r; cost_centre: \"X\"; sponsor: vendor; region: us }\n\
product b \"B\" { produced_by: d; owner: r; end_user: r; cost_centre: \"X\"; sponsor: r; regulated: true; reviewed_on: \"2025-12-31\" }\n\
product c \"C\" { produced_by: d; owner: r; end_user: r; cost_centre: \"X\"; regulated: true; reviewed_on: \"2026-02-01\"; reviewers: r }\n";
    let config = format!("{FIELDS}{rules}");
    let dir = repo_text(&[
        ("cclint.yaml", &config),
        ("a.ccl", &format!("{BASE}{products}")),
    ]);
    let report = json(&cclint_in(dir.path(), &["check", "--format", "json"]));
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "ACME001".to_string(),
                "`a`: sponsor `vendor` (us)".to_string()
            ),
            (
                "ACME002".to_string(),
                "`b` is regulated but not reviewed this year".to_string()
            ),
        ]
    );
    // An expression naming a field no kind has is a configuration error, with the
    // organisation's fields among the suggestions.
    let typo = config.replace("self.sponsor.internal", "self.sponser.internal");
    std::fs::write(dir.path().join("cclint.yaml"), typo).unwrap();
    let output = cclint_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `sponsor`?"),
        "{}",
        stderr(&output)
    );
}

/// A rule pack brings its own fields: an included file's `custom_fields` are checked, and
/// read by the rules of any file; its inline tests are written with them.
#[test]
fn an_included_pack_brings_its_fields() {
    let pack = r#"custom_fields:
  product:
    region: { one_of: [eu, us] }
custom_rules:
  - code: ACME010
    name: region-recorded
    summary: Products record their region
    for: product
    require: has(self.region)
    message: "`{{ self.name }}` records no region"
    tests:
      - invalid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r }  # expect: ACME010
      - valid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; region: eu }
"#;
    let local = "include: [packs/*.yaml]\ncustom_rules:\n  - code: ACME011\n    name: us-only\n    summary: s\n    for: product\n    where: has(self.region)\n    require: self.region == \"us\"\n    message: m\n";
    let products = "product a \"A\" { produced_by: d; owner: r; end_user: r; region: eu }\n\
product b \"B\" { produced_by: d; owner: r; end_user: r }\n";
    let dir = repo_text(&[
        ("cclint.yaml", local),
        ("packs/regions.yaml", pack),
        (
            "a.ccl",
            &format!("{}{products}", BASE.replace("; headcount: 12", "")),
        ),
    ]);
    let output = cclint_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        common::codes(&output),
        ["ACME011", "ACME010"],
        "{}",
        stdout(&output)
    );
    let tested = cclint_in(dir.path(), &["test"]);
    assert_eq!(
        stdout(&tested),
        "2 passed, 0 failed (2 organisation rules)\n"
    );
    // The same field declared twice, across files, is an error at the second.
    let twice = format!("custom_fields:\n  product:\n    region: text\n{local}");
    std::fs::write(dir.path().join("cclint.yaml"), twice).unwrap();
    let output = cclint_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("product field `region` is declared twice"),
        "{}",
        stderr(&output)
    );
}

/// Every problem in `custom_fields` is reported before any .ccl file is read (exit 2),
/// at its line, with a did-you-mean where one helps.
#[test]
fn bad_custom_fields_are_reported_at_their_line() {
    let bad = r#"custom_fields:
  prodct:
    region: text
  product:
    owner: text
    name: text
    region: { type: txt }
    size: { type: integer, min: 5, max: 1 }
    tier: { one_of: [gold, "not a word"] }
    flag: { type: boolean, lst: true }
    since: { type: date, min: 3 }
    sponsor: { type: role, one_of: [a] }
    count: 3
"#;
    let dir = repo_text(&[("cclint.yaml", bad), ("a.ccl", "department d\n")]);
    let output = cclint_in(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    insta::assert_snapshot!("fields_config_errors", stderr(&output));
}

/// `fmt` lays organisation fields out like built-in ones.
#[test]
fn fmt_lays_out_organisation_fields() {
    let messy = "product p \"P\" {produced_by:d;owner:r;end_user:r;cost_centre:\"X\";reviewers:r,r;region:eu}\n";
    let dir = repo_text(&[
        ("cclint.yaml", FIELDS),
        ("a.ccl", &format!("{BASE}{messy}")),
    ]);
    let output = cclint_in(dir.path(), &["fmt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("a.ccl")).unwrap();
    assert!(
        text.contains("product p \"P\" {\n  produced_by: d\n  owner: r\n  end_user: r\n  cost_centre: \"X\"\n  reviewers: r, r\n  region: eu\n}\n"),
        "{text}"
    );
}
