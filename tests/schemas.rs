//! Real output validated against the schemas: SARIF against the official OASIS 2.1.0
//! schema (vendored in tests/schemas), JSON and `rules --format json` against the schemas
//! cclint ships in src/render/schema.

use std::path::Path;
use std::process::Command;

fn cclint(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn schema(path: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// Inputs that exercise every part of the formats: labels in other files, repository-level
/// findings, unreadable files, suppressed findings.
const INPUTS: &[&str] = &[
    "fixtures/acme",
    "fixtures/core/CC001-syntax-error",
    "fixtures/core/CC002-unknown-reference",
    "fixtures/core/CC003-duplicate-definition",
    "fixtures/core/CC005-invalid-value",
    "fixtures/core/CC009-unreadable-file",
    "fixtures/rules/CC301-broker-decides",
    "fixtures/hr",
];

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let validator = schema("tests/schemas/sarif-schema-2.1.0.json");
    for input in INPUTS {
        let log = cclint(&[input, "--format", "sarif", "--show-suppressed"]);
        assert_valid(&validator, &log, input);
        let run = &log["runs"][0];
        // The built-in rules, then the organisation's own (fixtures/hr has fourteen).
        let organisation = if input.ends_with("hr") { 14 } else { 0 };
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().unwrap().len(),
            cclint::catalog::Code::ALL.len() + organisation
        );
        for result in run["results"].as_array().unwrap() {
            assert!(
                result["locations"]
                    .as_array()
                    .is_some_and(|l| !l.is_empty()),
                "GitHub requires locations"
            );
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                run["tool"]["driver"]["rules"][index]["id"],
                result["ruleId"]
            );
        }
    }
}

#[test]
fn sarif_results_carry_entities_fingerprints_and_suppressions() {
    let log = cclint(&["fixtures/acme", "--format", "sarif", "--show-suppressed"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let suppressed = results
        .iter()
        .find(|r| r["suppressions"].is_array())
        .expect("the acme suppression");
    assert_eq!(suppressed["ruleId"], "CC301");
    assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed["suppressions"][0]["justification"],
        "staff vote on the brand each spring (see HR survey)"
    );
    assert_eq!(
        suppressed["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "rule:paper_choice"
    );
    assert!(
        suppressed["partialFingerprints"]["cclint/v1"]
            .as_str()
            .unwrap()
            .len()
            == 16
    );
    let region = &suppressed["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(10), Some(15))
    );
    let hidden = cclint(&["fixtures/acme", "--format", "sarif"]);
    assert!(hidden["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["suppressions"].is_null()));
}

#[test]
fn json_output_matches_the_published_schema() {
    let validator = schema("src/render/schema/diagnostics-v1.schema.json");
    for input in INPUTS {
        assert_valid(
            &validator,
            &cclint(&[input, "--format", "json", "--show-suppressed"]),
            input,
        );
    }
}

#[test]
fn rules_json_matches_the_published_schema() {
    let with_organisation = Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(["rules", "--format", "json"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hr"))
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&with_organisation.stdout).unwrap();
    assert!(rules.to_string().contains("HR001"));
    assert_valid(
        &schema("src/render/schema/rules-v1.schema.json"),
        &rules,
        "rules with the organisation's",
    );
    let validator = schema("src/render/schema/rules-v1.schema.json");
    assert_valid(&validator, &cclint(&["rules", "--format", "json"]), "rules");
}

#[test]
fn the_schemas_reject_what_they_should() {
    let validator = schema("src/render/schema/diagnostics-v1.schema.json");
    let mut doc = cclint(&["fixtures/acme", "--format", "json"]);
    doc["diagnostics"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&doc));

    let sarif = schema("tests/schemas/sarif-schema-2.1.0.json");
    let mut log = cclint(&["fixtures/acme", "--format", "sarif"]);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif.is_valid(&log), "the SARIF schema is really applied");
}

#[test]
fn scorecard_json_is_valid_against_its_schema() {
    let validator = schema("src/render/schema/scorecard-v1.schema.json");
    for input in INPUTS {
        let card = cclint(&["scorecard", input, "--format", "json"]);
        assert_valid(&validator, &card, input);
    }
    let mut broken = cclint(&["scorecard", "fixtures/acme", "--format", "json"]);
    broken["grade"] = serde_json::json!("Z");
    assert!(
        validator.iter_errors(&broken).next().is_some(),
        "the schema bites"
    );
}
