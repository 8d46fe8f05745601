//! The catalog is the single source of rule documentation; its examples are executable:
//! every failing example raises its code, every passing example does not.

use cclint::catalog::{self, Code};
use cclint::diagnostic::Level;
use cclint::{lint, Input, Settings};

fn raised(code: Code, text: &str) -> Vec<Code> {
    // Off-by-default rules are turned on so their examples can be judged.
    let settings = Settings {
        levels: vec![(code, Some(Level::Warning))]
            .into_iter()
            .filter(|_| !code.is_core())
            .collect(),
        today: Some((2026, 11, 22)),
        ..Settings::default()
    };
    lint(vec![Input::from_text("example.ccl", text)], &settings)
        .diagnostics
        .into_iter()
        .filter(|d| d.suppressed.is_none())
        .map(|d| d.code)
        .collect()
}

#[test]
fn every_failing_example_raises_its_code_and_every_passing_one_does_not() {
    let mut checked = 0;
    for doc in catalog::all() {
        let code = Code::parse(&doc.code).unwrap();
        if let Some(failing) = &doc.failing {
            assert!(
                raised(code, failing).contains(&code),
                "{}: the failing example must raise it",
                doc.code
            );
            checked += 1;
        }
        if let Some(passing) = &doc.passing {
            let found = raised(code, passing);
            assert!(
                !found.contains(&code),
                "{}: the passing example must not raise it: {found:?}",
                doc.code
            );
            assert!(
                found.iter().all(|c| !c.is_core()),
                "{}: the passing example has no core error: {found:?}",
                doc.code
            );
        }
    }
    // An unreadable file (CC009), a stale baseline entry (CC011) and an organisation rule
    // that cannot be evaluated (CC012) cannot be written in CCL alone.
    assert_eq!(
        checked,
        Code::ALL.len() - 3,
        "every other code has examples"
    );
}

#[test]
fn every_entry_is_complete() {
    for doc in catalog::all() {
        for (what, text) in [
            ("summary", &doc.summary),
            ("why", &doc.why),
            ("fix", &doc.fix),
        ] {
            assert!(text.trim().len() > 20, "{} has a real {what}", doc.code);
        }
        let explained = catalog::explain(doc);
        for section in ["## Why is this bad?", "## How to fix"] {
            assert!(explained.contains(section), "{}", doc.code);
        }
    }
}

/// The examples are what `cclint fmt` writes (the syntax error's failing example aside,
/// which cannot be formatted), so that `explain` and the rule pages show the canonical
/// layout.
#[test]
fn every_example_is_in_fmt_layout() {
    let mut checked = 0;
    for doc in catalog::all() {
        for example in [&doc.failing, &doc.passing].into_iter().flatten() {
            let Ok(formatted) = cclint::format::format(example) else {
                assert_eq!(
                    doc.code, "CC001",
                    "{}: the example does not parse",
                    doc.code
                );
                continue;
            };
            assert_eq!(
                &formatted, example,
                "{}: not in `cclint fmt` layout",
                doc.code
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}
