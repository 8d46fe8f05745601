//! Suppression comments: each line of the input becomes a `# cclint: …` comment, own-line
//! or at the end of a line, in a small repository with findings of several rules; the
//! lint and every renderer must hold `cclint::invariants::check_report`.
#![no_main]
use libfuzzer_sys::fuzz_target;

const DECLARATIONS: &[&str] = &[
    "department ops \"Operations\"",
    "role buyer \"Buyer\" { department: ops }",
    "role user \"User\" { external: true }",
    "product paper \"Paper\" {\n  produced_by: ops\n  end_user: user\n  broker: buyer\n}",
    "rule choice \"Choice\" {\n  product: paper\n  decided_by: buyer\n  channel: buyer\n}",
    "policy care \"Care\" { kind: satisfaction\n  reactive_measures: \"x\" }",
];

fuzz_target!(|data: &[u8]| {
    let Ok(directives) = std::str::from_utf8(data) else {
        return;
    };
    let mut text = String::new();
    for (i, directive) in directives.lines().enumerate() {
        let declaration = DECLARATIONS[i % DECLARATIONS.len()];
        if i % 2 == 0 {
            text.push_str(&format!("# cclint: {directive}\n{declaration}\n"));
        } else {
            text.push_str(&format!("{declaration} # cclint: {directive}\n"));
        }
    }
    if text.is_empty() {
        text.push_str(DECLARATIONS.join("\n").as_str());
    }
    let settings = cclint::Settings {
        today: Some((2026, 1, 1)),
        ..Default::default()
    };
    let report = cclint::lint(vec![cclint::Input::from_text("s.ccl", &text)], &settings);
    if let Err(e) = cclint::invariants::check_report(&report) {
        panic!("{e}");
    }
});
