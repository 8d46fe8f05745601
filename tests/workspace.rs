//! One file reparsed on its own: the workspace keeps the other files' parses and rebuilds
//! the model from them, with the same findings as linting everything again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cclint::{lint, Input, Settings, Workspace};

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
    let mut workspace = Workspace::new(PathBuf::new(), None, settings.clone());
    workspace.add_inputs(inputs("role clerk { department: hr }\n"));
    let first = workspace.report(None);
    let codes = |r: &cclint::Report| {
        r.diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>()
    };
    assert!(codes(&first).contains(&"CC002"), "{:?}", codes(&first)); // `staff` unknown

    // The user declares `staff` in b.ccl: only b.ccl is parsed again.
    let id = |name: &str| workspace.file_id(Path::new(name)).unwrap();
    let (a, c) = (id("a.ccl"), id("c.ccl"));
    let kept_a = workspace.parsed(a).unwrap().clone();
    let kept_c = workspace.parsed(c).unwrap().clone();
    let roles = "role clerk { department: hr }\nrole staff { department: hr }\n";
    workspace.set_text(Path::new("b.ccl"), roles.to_string());
    let relinted = workspace.report(None);
    assert!(Arc::ptr_eq(&kept_a, workspace.parsed(a).unwrap()));
    assert!(Arc::ptr_eq(&kept_c, workspace.parsed(c).unwrap()));
    assert!(
        !codes(&relinted).contains(&"CC002"),
        "{:?}",
        codes(&relinted)
    );

    let full = lint(inputs(roles), &settings);
    assert_eq!(relinted.diagnostics, full.diagnostics);
}
