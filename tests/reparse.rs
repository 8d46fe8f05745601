//! One file reparsed on its own: the other files' parses are reused and the model is
//! rebuilt from them, with the same findings as linting everything again.

use std::sync::Arc;

use cclint::{lint, lint_parsed, parse_inputs, Input, Settings};

fn inputs(roles: &str) -> Vec<Input> {
    vec![
        Input::from_text(
            "a.ccl",
            "organisation o\ndepartment hr \"HR\"\n# cclint: allow department-without-products -- new\ndepartment idle\n",
        ),
        Input::from_text("b.ccl", roles),
        Input::from_text(
            "c.ccl",
            "product payslip { produced_by: hr; owner: clerk; end_user: staff }\n",
        ),
    ]
}

#[test]
fn reparsing_one_file_swaps_its_declarations_into_the_model() {
    let settings = Settings {
        today: Some((2026, 11, 22)),
        ..Settings::default()
    };
    let before = inputs("role clerk { department: hr }\n");
    let mut parses = parse_inputs(&before);
    let first = lint_parsed(before, parses.clone(), &settings);
    let codes = |r: &cclint::Report| {
        r.diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>()
    };
    assert!(codes(&first).contains(&"CC002"), "{:?}", codes(&first)); // `staff` unknown

    // The user declares `staff` in b.ccl: only b.ccl is parsed again.
    let after = inputs("role clerk { department: hr }\nrole staff { department: hr }\n");
    let kept = parses.clone();
    parses[1] = Some(Arc::new(cclint::syntax::parse(&after[1].file.text)));
    let relinted = lint_parsed(after.clone(), parses.clone(), &settings);
    assert!(Arc::ptr_eq(
        kept[0].as_ref().unwrap(),
        parses[0].as_ref().unwrap()
    ));
    assert!(Arc::ptr_eq(
        kept[2].as_ref().unwrap(),
        parses[2].as_ref().unwrap()
    ));
    assert!(
        !codes(&relinted).contains(&"CC002"),
        "{:?}",
        codes(&relinted)
    );

    let full = lint(after, &settings);
    assert_eq!(relinted.diagnostics, full.diagnostics);
}
