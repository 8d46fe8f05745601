//! Organisation rules: any text as `require` and as a message template, over a small
//! model that exercises references, lists, absent fields and organisation fields. No
//! panic: a rule that does not parse or check is a configuration error with its label in
//! the text; one that fails on a declaration is a CC012; none runs forever (each
//! evaluation has a budget).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// The organisation's fields the model writes (and a rule may read).
const FIELDS: &str = "custom_fields:\n  product:\n    region: { one_of: [eu, us] }\n    sponsor: role\n    reviewers: { type: role, list: true }\n    since: date\n    regulated: boolean\n  role:\n    headcount: { type: integer, min: 0 }\n";

const MODEL: &str = "organisation o \"O\"\ndepartment d { lead: r }\ndepartment e\nrole r \"R\" { department: d }\nrole x { external: true; headcount: 3 }\nproduct p \"P\" { produced_by: d; owner: r; end_user: r, x; fixer: x; priority: 1; touchpoints: human; region: eu; sponsor: x; reviewers: r, x; since: \"2026-01-31\" }\nproduct q { produced_by: e; end_user: d; status: retired }\npolicy s { kind: satisfaction; owner: r; scope: d; proactive_measures: \"m\" }\nrule c { product: p; decided_by: x; channel: direct }\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (expression, message) = text.split_once('\u{0}').unwrap_or((text, "{{ self.name }}"));
    for kind in ["product", "role", "department", "policy", "rule", "organisation"] {
        let rule = serde_yaml::to_string(&serde_yaml::Value::Sequence(vec![serde_yaml::Value::Mapping(
            [
                ("code", "FUZZ001"),
                ("name", "fuzzed"),
                ("summary", "s"),
                ("for", kind),
                ("require", expression),
                ("message", message),
            ]
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect(),
        )]))
        .unwrap();
        let yaml = format!("{FIELDS}custom_rules:\n{}", indent(&rule));
        match cclint::config::Config::parse(Path::new("cclint.yaml"), &yaml) {
            Ok(config) => {
                let settings = cclint::Settings {
                    organisation: config.organisation.clone(),
                    fields: config.fields.clone(),
                    ..Default::default()
                };
                let report = cclint::lint(vec![cclint::Input::from_text("m.ccl", MODEL)], &settings);
                if let Err(e) = cclint::invariants::check_report(&report) {
                    panic!("{e}");
                }
            }
            Err(e) => {
                if let Err(e) = cclint::invariants::check_config_error(&yaml, &e) {
                    panic!("{e}");
                }
            }
        }
    }
});

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
