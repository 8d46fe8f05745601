//! Organisation rules (`custom_rules` in cclint.yaml): written in CEL over the model,
//! tested inline with `cclint test`, and treated like built-in rules everywhere.

mod common;

use common::{cclint_in, json, repo_text, stderr, stdout};

const HR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hr");

fn hr(args: &[&str]) -> std::process::Output {
    cclint_in(std::path::Path::new(HR), args)
}

/// The human output, colours off, as people read it.
#[test]
fn the_hr_example_in_every_format() {
    let human = hr(&["check", "--color", "never"]);
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    insta::assert_snapshot!("hr_human", stdout(&human));
    let compact = hr(&["check", "--format", "compact"]);
    insta::assert_snapshot!("hr_compact", stdout(&compact));
    let github = hr(&["check", "--format", "github"]);
    insta::assert_snapshot!("hr_github", stdout(&github));
    let report = json(&hr(&["check", "--format", "json"]));
    insta::assert_json_snapshot!("hr_json", report);
}

/// SARIF lists the organisation rules after the built-in ones, and each result points at
/// its rule's descriptor.
#[test]
fn sarif_describes_the_organisation_rules() {
    let sarif = json(&hr(&["check", "--format", "sarif"]));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"HR001") && ids.contains(&"CX005"), "{ids:?}");
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let hr001 = rules.iter().find(|r| r["id"] == "HR001").unwrap();
    assert_eq!(hr001["name"], "top-priority-needs-fixer");
    assert_eq!(hr001["properties"]["tags"][0], "organisation");
    assert!(hr001["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("who repairs it"));
    // Organisation rules have no page on the documentation site.
    assert!(hr001.get("helpUri").is_none());
}

#[test]
fn the_inline_tests_of_the_example_pass_with_coverage() {
    let output = hr(&["test", "--coverage"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "29 passed, 0 failed (14 organisation rules)\n"
    );
}

#[test]
fn rules_and_explain_know_the_organisation_rules() {
    let rules = stdout(&hr(&["rules"]));
    assert!(rules.contains("HR001  top-priority-needs-fixer"), "{rules}");
    assert!(rules.contains("organisation"), "{rules}");
    let explain = hr(&["explain", "HR001"]);
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    insta::assert_snapshot!("hr_explain", stdout(&explain));
    // By name too.
    let by_name = hr(&["explain", "top-priority-needs-fixer"]);
    assert_eq!(stdout(&by_name), stdout(&explain));
}

const RULE: &str = r#"custom_rules:
  - code: ACME001
    name: top-priority-needs-fixer
    summary: Priority 1-2 products name who repairs or supports them
    for: product
    where: self.active && has(self.priority) && self.priority <= 2
    require: size(self.fixer) > 0
    message: "product `{{ self.name }}` is priority {{ self.priority }} but names no fixer"
    help: "Add `fixer:` with the role that supports {{ self.title }}."
    fix:
      field: fixer
      value: self.owner
    tests:
      - invalid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; priority: 1 }
      - valid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; fixer: r; priority: 1 }
"#;

const POLICY: &str = "department d { lead: r }\nrole r \"Staff\" { department: d }\n\
policy s { kind: satisfaction; owner: r; proactive_measures: \"survey\"; review: monthly }\n";

/// Levels, `-A`/`-D`, suppressions (and CC007 for them) and baselines take organisation
/// codes and names as they take built-in ones.
#[test]
fn levels_suppressions_and_baselines_take_organisation_codes() {
    let product = "product p \"P\" { produced_by: d; owner: r; end_user: r; priority: 1 }\n";
    let dir = repo_text(&[
        ("cclint.yaml", RULE),
        ("a.ccl", &format!("{POLICY}{product}")),
    ]);
    let found = cclint_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(common::codes(&found), ["ACME001"]);
    assert_eq!(json(&found)["diagnostics"][0]["level"], "warning");
    // Warnings alone exit 0; `-D ACME001` makes it an error, `-A` turns it off.
    assert_eq!(found.status.code(), Some(0));
    let denied = cclint_in(dir.path(), &["check", "-D", "ACME001"]);
    assert_eq!(denied.status.code(), Some(1));
    let allowed = cclint_in(
        dir.path(),
        &["check", "--format", "json", "-A", "organisation"],
    );
    assert!(common::codes(&allowed).is_empty());
    // A suppression by name, with its reason; CC007 when it suppresses nothing.
    let suppressed = format!(
        "{POLICY}# cclint: allow top-priority-needs-fixer -- the vendor supports it\n{product}\
         # cclint: allow ACME001 -- nothing to hide\nproduct q \"Q\" {{ produced_by: d; owner: r; end_user: r; fixer: r }}\n"
    );
    std::fs::write(dir.path().join("a.ccl"), suppressed).unwrap();
    let output = cclint_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(common::codes(&output), ["CC007"], "{}", stdout(&output));
    // A baseline records it, and hides it.
    std::fs::write(dir.path().join("a.ccl"), format!("{POLICY}{product}")).unwrap();
    let written = cclint_in(dir.path(), &["check", "--write-baseline", "base.json"]);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let base = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(base.contains("ACME001"), "{base}");
    let hidden = cclint_in(
        dir.path(),
        &["check", "--format", "json", "--baseline", "base.json"],
    );
    assert!(common::codes(&hidden).is_empty(), "{}", stdout(&hidden));
}

/// `fix:` becomes an unsafe fix that adds the field with the expression's value.
#[test]
fn a_rule_fix_adds_the_field() {
    let product = "product p \"P\" { produced_by: d; owner: r; end_user: r; priority: 1 }\n";
    let dir = repo_text(&[
        ("cclint.yaml", RULE),
        ("a.ccl", &format!("{POLICY}{product}")),
    ]);
    let safe = cclint_in(dir.path(), &["check", "--fix"]);
    assert_eq!(safe.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("a.ccl")).unwrap();
    assert!(
        !text.contains("fixer"),
        "a rule's fix changes the policy: unsafe only"
    );
    cclint_in(dir.path(), &["check", "--fix", "--unsafe-fixes"]);
    let text = std::fs::read_to_string(dir.path().join("a.ccl")).unwrap();
    assert!(text.contains("priority: 1; fixer: r }"), "{text}");
    let after = cclint_in(dir.path(), &["check", "--format", "json"]);
    assert!(common::codes(&after).is_empty(), "{}", stdout(&after));
}

/// A failing case says whether the rule was noisy or missed, and where the case is.
#[test]
fn cclint_test_reports_noisy_and_missed_cases() {
    let broken = RULE
        .replace(
            "require: size(self.fixer) > 0",
            "require: size(self.end_user) > 5",
        )
        .replace(
            "product p { produced_by: d; owner: r; end_user: r; priority: 1 }",
            "product p { produced_by: d; owner: r; end_user: r; priority: 4 }",
        );
    let dir = repo_text(&[("cclint.yaml", &broken)]);
    let output = cclint_in(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("test_failures", stdout(&output));
    // A case that does not parse is an error, not a pass.
    let unparsable = RULE.replace(
        "product p { produced_by: d; owner: r; end_user: r; fixer: r; priority: 1 }",
        "product p { produced_by d }",
    );
    let dir = repo_text(&[("cclint.yaml", &unparsable)]);
    let output = cclint_in(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("valid case 1 (cclint.yaml:18): error: CC001 at line 3"),
        "{}",
        stdout(&output)
    );
    // --coverage: a rule without an invalid case fails.
    let uncovered = RULE.split("    tests:").next().unwrap().to_string();
    let dir = repo_text(&[("cclint.yaml", &uncovered)]);
    let output = cclint_in(dir.path(), &["test", "--coverage"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("no invalid case"),
        "{}",
        stdout(&output)
    );
    assert_eq!(cclint_in(dir.path(), &["test"]).status.code(), Some(0));
}

/// Markers pin the finding to a line: `# expect: CODE` and carets under the place.
#[test]
fn markers_pin_findings_to_lines() {
    let with_markers = RULE.replace(
        "          product p { produced_by: d; owner: r; end_user: r; priority: 1 }\n      - valid",
        "          product p { produced_by: d; owner: r; end_user: r; priority: 1 }\n          #       ^\n          # expect: ACME001\n          product q { produced_by: d; owner: r; end_user: r; priority: 2 }\n      - valid",
    );
    let dir = repo_text(&[("cclint.yaml", &with_markers)]);
    let output = cclint_in(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // A marker at the wrong line fails, naming both lines.
    let wrong = with_markers.replace(
        "          # expect: ACME001\n",
        "          # expect: ACME001\n          role extra { department: d }\n",
    );
    let dir = repo_text(&[("cclint.yaml", &wrong)]);
    let output = cclint_in(dir.path(), &["test"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("missed: expected the finding at line 3, 6 (where the markers point), found it at line 3, column 9; at line 7, column 9"),
        "{}",
        stdout(&output)
    );
}

/// Every problem in a rule file is reported before any .ccl file is linted (exit 2),
/// at its line, with a did-you-mean where one helps.
#[test]
fn bad_rules_are_reported_at_their_line() {
    let bad = r#"custom_rules:
  - code: CC900
    name: Bad_Name
    summary: s
    for: prodct
    require: self.owner == 3
    message: "{{ owner }}"
    reqire: true
  - code: ACME002
    name: duplicate
    summary: s
    for: product
    require: self.fixr.size() > 0 &&
    message: m
  - code: ACME002
    name: also-duplicate
    summary: s
    for: role
    require: self.department == "hr"
    message: "{{ self.name"
  - code: ACME003
    name: owner-compared-with-a-number
    summary: s
    for: product
    require: self.owner == 3
    message: "{{ self.nmae }}"
"#;
    let dir = repo_text(&[("cclint.yaml", bad), ("a.ccl", "department d\n")]);
    let output = cclint_in(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty(), "nothing is linted");
    insta::assert_snapshot!("bad_rules", stderr(&output));
    // A YAML error in an included file names that file.
    let dir = repo_text(&[
        ("cclint.yaml", "include: [rules/*.yaml]\n"),
        ("rules/pack.yaml", "custom_rules:\n  - code: [\n"),
        ("a.ccl", "department d\n"),
    ]);
    let output = cclint_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("rules/pack.yaml"),
        "{}",
        stderr(&output)
    );
    let dir = repo_text(&[("cclint.yaml", "include: [missing/*.yaml]\n")]);
    let output = cclint_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("matches no file"),
        "{}",
        stderr(&output)
    );
}

/// An expression that fails on one entity is one CC012 naming the rule and the entity;
/// one that scans the model inside a scan of the model is stopped by its budget.
#[test]
fn evaluation_errors_are_diagnostics() {
    let rules = r#"custom_rules:
  - code: ACME010
    name: priority-read-without-has
    summary: s
    for: product
    require: self.priority <= 2
    message: m
  - code: ACME011
    name: quadratic
    summary: s
    for: product
    require: model.products.all(a, model.products.all(b, a.name != "" && b.name != ""))
    message: m
"#;
    let mut products = String::from(POLICY);
    for i in 0..1500 {
        products.push_str(&format!(
            "product p{i} \"P\" {{ produced_by: d; owner: r; end_user: r{} }}\n",
            if i == 0 { "" } else { "; priority: 1" }
        ));
    }
    let dir = repo_text(&[("cclint.yaml", rules), ("a.ccl", &products)]);
    let output = cclint_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "CC012")
        .collect();
    let about = |code: &str| {
        errors
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains(code))
            .count()
    };
    assert_eq!(about("ACME010"), 1, "only p0 lacks a priority");
    assert_eq!(
        about("ACME011"),
        1,
        "the rule is stopped at the first product"
    );
    let first = errors
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("ACME010"))
        .unwrap();
    assert_eq!(first["entity"], "product:p0");
    assert!(first["help"].as_str().unwrap().contains("has("));
}

/// The scorecard lists each organisation rule in force: whether it holds, and where not.
#[test]
fn the_scorecard_lists_the_organisation_rules() {
    let human = hr(&["scorecard"]);
    assert_eq!(human.status.code(), Some(0), "{}", stderr(&human));
    insta::assert_snapshot!("hr_scorecard", stdout(&human));
    let markdown = stdout(&hr(&["scorecard", "--format", "markdown"]));
    assert!(markdown.contains("| HR001 top-priority-needs-fixer | fails on 2: product `careers_site`, product `onboarding` |"), "{markdown}");
    assert!(
        markdown.contains("| CX001 external-products-reachable-online | holds |"),
        "{markdown}"
    );
    // A rule turned off in the configuration is not in force.
    let dir = repo_text(&[
        ("cclint.yaml", &format!("{RULE}rules:\n  ACME001: off\n")),
        ("a.ccl", POLICY),
    ]);
    let card = json(&cclint_in(dir.path(), &["scorecard", "--format", "json"]));
    assert_eq!(card["organisation_rules"], serde_json::json!([]));
    let dir = repo_text(&[("cclint.yaml", RULE), ("a.ccl", POLICY)]);
    let card = json(&cclint_in(dir.path(), &["scorecard", "--format", "json"]));
    assert_eq!(card["organisation_rules"][0]["holds"], true);
}

/// Conditions of the common shapes are evaluated by compiled plans, and each answer of a
/// plan is checked against CEL's in debug builds (this binary): every case below passes
/// through both, including those where the plan gives up (a `null`, a missing field, two
/// values of different types) and CEL decides.
#[test]
fn compiled_plans_give_cels_answers() {
    let rules = r#"custom_rules:
  - code: PLAN001
    name: end-users-inside-and-not-fixers
    summary: s
    for: product
    require: self.end_user.all(u, has(u.department) && u.department == self.produced_by) && !self.fixer.exists(f, f in self.end_user)
    message: m
    tests:
      - valid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r }
      - invalid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; fixer: r }
      - invalid: |
          department d
          department e
          role r { department: d }
          role s { department: e }
          product p { produced_by: d; owner: r; end_user: r, s }
  - code: PLAN002
    name: external-digital-or-long-title
    summary: s
    for: product
    where: has(self.audience) && self.audience == "external"
    require: "'digital' in self.touchpoints || size(self.title) > 5"
    message: m
    tests:
      - valid: |
          department d
          role r { department: d }
          product p "Pé" { produced_by: d; owner: r; end_user: r; audience: internal }
      - valid: |
          department d
          role r { department: d }
          product p "Pé" { produced_by: d; owner: r; end_user: r; audience: external; touchpoints: digital }
      - valid: |
          department d
          role r { department: d }
          product p "Pééééé" { produced_by: d; owner: r; end_user: r; audience: external; touchpoints: human }
      - invalid: |
          department d
          role r { department: d }
          product p "Péééé" { produced_by: d; owner: r; end_user: r; audience: external; touchpoints: human }
  - code: PLAN003
    name: role-names
    summary: s
    for: role
    require: self.name.contains("_") || self.name.endsWith("x") || self.title.startsWith("The") || self.name < "b" || self.name.matches('^z[a-z]+$')
    message: m
    tests:
      - valid: |
          role line_manager { external: true }
      - valid: |
          role fox { external: true }
      - valid: |
          role cook "The cook" { external: true }
      - valid: |
          role ann { external: true }
      - valid: |
          role zed { external: true }
      - invalid: |
          role cook "Cook" { external: true }
  - code: PLAN004
    name: lead-inside
    summary: s
    for: department
    where: has(self.lead) && has(self.lead.department)
    require: self.lead.department == self
    message: m
    tests:
      - valid: |
          department d { lead: r }
          role r { department: d }
      - invalid: |
          department d { lead: r }
          department e
          role r { department: e }
  - code: PLAN005
    name: owner-internal
    summary: s
    for: product
    where: has(self.owner)
    require: self.owner.internal == true
    message: m
    tests:
      - valid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r }
      - invalid: |
          department d
          role r { external: true }
          product p { produced_by: d; owner: r; end_user: r }
  - code: PLAN006
    name: priority-listed
    summary: s
    for: product
    require: "has(self.priority) ? [1, 2, 3].exists(n, n == self.priority) : self.active != true"
    message: m
    tests:
      - valid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; priority: 2 }
      - invalid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; priority: 4 }
      - invalid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r }
      - valid: |
          department d
          role r { department: d }
          product p { produced_by: d; owner: r; end_user: r; status: retired }
"#;
    let dir = repo_text(&[("cclint.yaml", rules)]);
    let output = cclint_in(dir.path(), &["test", "--coverage"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "21 passed, 0 failed (6 organisation rules)\n"
    );
}

/// A message's holes write values as CEL's do, whether a compiled plan or CEL evaluates
/// them (a debug build, as this binary is, checks each planned hole against CEL): texts,
/// numbers, booleans, entities by name, lists joined with commas, and `{{ ? }}` for a
/// hole that fails.
#[test]
fn message_holes_write_values() {
    let rules = r#"custom_rules:
  - code: HOLE001
    name: every-product
    summary: s
    for: product
    require: "false"
    message: "{{ self.name }}|{{ self.title }}|{{ self.kind }}|{{ self.priority }}|{{ self.fixer }}|{{ self.end_user }}|{{ self.owner.department }}|{{ self.active }}|{{ size(self.end_user) }}|{{ has(self.priority) }}|{{ self.owner.internal }}|{{ self.priority + 1 }}|{{ self.status }}|{{ [1, 'a'] }}"
"#;
    let policy = "department d\nrole r { department: d }\nrole s { department: d }\n\
        product p1 \"Pay slips\" { produced_by: d; owner: r; end_user: r, s; fixer: s, r; priority: 1; status: retired }\n\
        product p2 { produced_by: d; owner: r; end_user: r }\n";
    let dir = repo_text(&[("cclint.yaml", rules), ("a.ccl", policy)]);
    let output = cclint_in(dir.path(), &["check", "--format", "json"]);
    let report = json(&output);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "HOLE001")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "p1|Pay slips|product|1|s, r|r, s|d|false|2|true|true|2|retired|1, a",
            "p2|p2|product|{{ ? }}||r|d|true|1|false|true|{{ ? }}|{{ ? }}|1, a",
        ],
        "{}",
        stderr(&output)
    );
}
