use super::*;

fn workspace() -> Workspace {
    let mut ws = Workspace::new(PathBuf::new(), None, Settings::default());
    ws.add_inputs(vec![
        Input::from_text("b.ccl", "role clerk { department: hr }\n"),
        Input::from_text(
            "a.ccl",
            "organisation o\ndepartment hr\nproduct p { produced_by: hr; owner: clerk; end_user: staff }\n",
        ),
    ]);
    ws
}

fn codes(ws: &mut Workspace) -> Vec<&'static str> {
    ws.analysis()
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

#[test]
fn ids_are_stable_and_one_file_is_reparsed_on_its_own() {
    let mut ws = workspace();
    let a = ws.file_id(Path::new("a.ccl")).unwrap();
    let b = ws.file_id(Path::new("b.ccl")).unwrap();
    assert_eq!((a, b), (FileId(0), FileId(1)), "numbered in path order");
    assert!(codes(&mut ws).contains(&"CC002"), "`staff` is unknown");
    let kept = ws.parsed(a).unwrap().clone();

    // A file that sorts first arrives: nobody's id moves.
    let c = ws.set_text(Path::new("0.ccl"), "role staff { department: hr }\n".into());
    assert_eq!(c, FileId(2));
    assert_eq!(ws.file_id(Path::new("a.ccl")), Some(a));
    assert!(
        Arc::ptr_eq(&kept, ws.parsed(a).unwrap()),
        "a.ccl not parsed again"
    );
    assert!(!codes(&mut ws).contains(&"CC002"));

    // Removed, its id is not reused, and the finding is back.
    assert_eq!(ws.remove(Path::new("0.ccl")), Some(c));
    assert!(codes(&mut ws).contains(&"CC002"));
    let d = ws.set_text(Path::new("d.ccl"), "department idle\n".into());
    assert_eq!(d, FileId(3));
    assert_eq!(ws.len(), 3);
}

#[test]
fn an_edit_gives_what_a_fresh_workspace_gives() {
    let mut ws = workspace();
    let first = ws.report(None).diagnostics;
    let a = "organisation o\ndepartment hr\nproduct p { produced_by: hr; owner: staff; end_user: clerk }\n";
    ws.set_text(Path::new("a.ccl"), a.into());
    let edited = ws.report(None).diagnostics;
    assert_ne!(first, edited);
    let mut fresh = Workspace::new(PathBuf::new(), None, Settings::default());
    fresh.set_text(Path::new("a.ccl"), a.into());
    fresh.set_text(Path::new("b.ccl"), "role clerk { department: hr }\n".into());
    assert_eq!(edited, fresh.report(None).diagnostics);
}

#[test]
fn the_analysis_is_kept_until_something_changes() {
    let mut ws = workspace();
    let first = ws.analysis();
    assert!(Arc::ptr_eq(&first, &ws.analysis()));
    ws.set_text(Path::new("b.ccl"), "role clerk { department: hr }\n".into());
    assert!(!Arc::ptr_eq(&first, &ws.analysis()));
    assert_eq!(first.diagnostics, ws.analysis().diagnostics);
}

#[test]
fn diagnostics_follow_path_order_whatever_the_ids() {
    let mut ws = Workspace::new(PathBuf::new(), None, Settings::default());
    ws.set_text(Path::new("z.ccl"), "department z\n".into());
    ws.set_text(Path::new("a.ccl"), "department a\n".into());
    let report = ws.report(None);
    let files: Vec<&str> = report
        .diagnostics
        .iter()
        .filter_map(|d| Some(report.file(d.file?).display.as_str()))
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(files.first(), Some(&"a.ccl"));
}

/// A large file checked without trees (parsed and lowered piece by piece) gives exactly
/// the findings of the same file parsed whole, suppressions and syntax errors included.
#[test]
fn a_large_file_gives_the_same_findings_without_its_tree() {
    let mut text = String::from("organisation o\ndepartment hr\nrole clerk { department: hr }\n");
    for i in 0..12_000 {
        if i % 13 == 0 {
            text.push_str("# about the next product\n\n");
        }
        if i % 10 == 0 {
            text.push_str("# cclint: allow product-without-owner -- being hired\n");
        }
        text.push_str(&format!(
            "product p{i} \"Product {i}\" {{\n  produced_by: hr\n  end_user: clerk # inline\n"
        ));
        if i % 5 != 0 {
            text.push_str("  owner: clerk\n");
        }
        if i % 1_009 == 0 {
            text.push_str("  broken value\n");
        }
        text.push_str("}\n\n");
    }
    let findings = |trees: bool| {
        let ws = Workspace::new(PathBuf::new(), None, Settings::default());
        let mut ws = if trees { ws } else { ws.without_trees() };
        ws.add_inputs(vec![Input::from_text("big.ccl", &text)]);
        let diagnostics = ws.analysis().diagnostics.clone();
        diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {:?} {} {:?}",
                    d.code.as_str(),
                    d.span,
                    d.message,
                    d.suppressed
                )
            })
            .collect::<Vec<_>>()
    };
    let whole = findings(true);
    let count = |code: &str, suppressed: bool| {
        whole
            .iter()
            .filter(|f| f.starts_with(code) && f.ends_with("None") != suppressed)
            .count()
    };
    assert_eq!(count("CC001", false), 12, "syntax errors");
    assert!(count("CC401", true) > 1_190, "suppressed findings");
    assert!(count("CC401", false) > 1_190, "findings");
    assert_eq!(findings(false), whole);
}
