//! `cclint map` and `cclint scorecard` end to end: snapshots of every format on the
//! example repository, the DOT rendered by Graphviz and the Mermaid by the `mermaid` npm
//! package in headless Chromium, exit codes, repositories with errors, and the documentation's
//! example output kept true.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{available, repo_text, stderr, stdout};

fn cclint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn acme(args: &[&str]) -> String {
    let out = cclint(root(), args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn snapshots_of_the_example_repository() {
    insta::assert_snapshot!("acme_map_mermaid", acme(&["map", "fixtures/acme"]));
    insta::assert_snapshot!(
        "acme_map_dot",
        acme(&["map", "fixtures/acme", "--format", "dot"])
    );
    insta::assert_snapshot!(
        "acme_map_json",
        acme(&["map", "fixtures/acme", "--format", "json"])
    );
    insta::assert_snapshot!(
        "acme_map_focus_hr_retired",
        acme(&[
            "map",
            "fixtures/acme",
            "--focus",
            "hr",
            "--focus",
            "sedan_2019",
            "--include-retired"
        ])
    );
    insta::assert_snapshot!(
        "acme_scorecard_human",
        acme(&["scorecard", "fixtures/acme"])
    );
    insta::assert_snapshot!(
        "acme_scorecard_markdown",
        acme(&["scorecard", "fixtures/acme", "--format", "markdown"])
    );
    insta::assert_snapshot!(
        "acme_scorecard_json",
        acme(&["scorecard", "fixtures/acme", "--format", "json"])
    );
}

#[test]
fn the_documentation_shows_the_real_map_and_scorecard() {
    let page = std::fs::read_to_string(root().join("docs/map.md")).unwrap();
    let block = page
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/map.md has a mermaid block");
    assert_eq!(block, acme(&["map", "fixtures/acme"]));
    let card = acme(&["scorecard", "fixtures/acme", "--format", "markdown"])
        .replace("## Customer scorecard", "#### Customer scorecard")
        .replace("\n### ", "\n##### ");
    assert!(
        page.contains(&card),
        "docs/map.md shows the scorecard as it is"
    );
}

#[test]
fn exit_codes_and_bad_arguments() {
    let unknown = cclint(root(), &["map", "fixtures/acme", "--focus", "drivr"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `driver`?"),
        "{}",
        stderr(&unknown)
    );
    let retired = cclint(root(), &["map", "fixtures/acme", "--focus", "sedan_2019"]);
    assert_eq!(retired.status.code(), Some(2));
    assert!(
        stderr(&retired).contains("--include-retired"),
        "{}",
        stderr(&retired)
    );
    let missing = cclint(root(), &["scorecard", "no/such/place"]);
    assert_eq!(missing.status.code(), Some(2));
    let below = cclint(root(), &["scorecard", "fixtures/acme", "--fail-under", "C"]);
    assert_eq!(below.status.code(), Some(1), "acme's grade is E");
    let fine = cclint(root(), &["scorecard", "fixtures/acme", "--fail-under", "f"]);
    assert_eq!(fine.status.code(), Some(0));
    let bad = cclint(root(), &["scorecard", "fixtures/acme", "--fail-under", "Z"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("`Z` is not a grade"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_repository_with_errors_is_drawn_and_counted_as_far_as_it_resolves() {
    let dir = repo_text(&[
        (
            "a.ccl",
            "department d \"D\"\nrole r { department: d }\nproduct p { produced_by: d; owner: r; end_user: r, ghost }\n",
        ),
        ("b.ccl", "product broken { produced_by d }\nrole r { external: true }\n"),
    ]);
    let map = cclint(dir.path(), &["map", "--format", "json"]);
    assert_eq!(map.status.code(), Some(0), "{}", stderr(&map));
    let json: serde_json::Value = serde_json::from_slice(&map.stdout).unwrap();
    assert_eq!(
        json["left_out"], 2,
        "one did not parse, one declares `r` again"
    );
    assert_eq!(
        json["links"].as_array().unwrap().len(),
        1,
        "the unknown `ghost` is not drawn"
    );
    let mermaid = stdout(&cclint(dir.path(), &["map"]));
    assert!(mermaid.contains("%% 2 declarations left out"), "{mermaid}");
    let card = cclint(dir.path(), &["scorecard", "--format", "json"]);
    assert_eq!(card.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&card.stdout).unwrap();
    assert_eq!(json["left_out"], 2);
    assert_eq!(json["policy"]["verdict"], "fail", "no satisfaction policy");
}

#[test]
fn graphviz_renders_the_dot_without_a_warning() {
    if !available("dot", "-V") {
        return;
    }
    for args in [
        vec!["map", "fixtures/acme", "--format", "dot"],
        vec![
            "map",
            "fixtures/acme",
            "--format",
            "dot",
            "--include-retired",
            "--focus",
            "driver",
        ],
    ] {
        let dot = acme(&args);
        let out = common::pipe("dot", &["-Tsvg"], dot.as_bytes());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "no warnings: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(svg.contains("<svg") && svg.contains("driver"), "{args:?}");
    }
}

/// The `mermaid` package's browser bundle: `CCLINT_MERMAID`, else where `.ci/run` installs
/// it (`npm install --prefix target/mermaid mermaid@11`).
fn mermaid_bundle() -> Option<PathBuf> {
    let path = std::env::var_os("CCLINT_MERMAID")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/mermaid/node_modules/mermaid/dist/mermaid.min.js"));
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the mermaid npm package is required in CI (.ci/run installs it)"
    );
    eprintln!("skipped: the mermaid npm package is not installed (set CCLINT_MERMAID)");
    None
}

/// Render a Mermaid diagram in headless Chromium from a local page; the page's title says
/// whether it rendered, and its body holds the SVG or the error.
fn render_in_chromium(diagram: &str, bundle: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    assert!(!diagram.contains("</script"));
    let page = format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>pending</title></head><body>
<script type="text/plain" id="src">{diagram}</script>
<div id="out"></div>
<script src="file://{bundle}"></script>
<script>
mermaid.initialize({{ startOnLoad: false, securityLevel: "strict", maxEdges: 600 }});
mermaid.render("graph", document.getElementById("src").textContent)
  .then(({{ svg }}) => {{ document.getElementById("out").innerHTML = svg; document.title = "rendered"; }})
  .catch((e) => {{ document.getElementById("out").textContent = "MERMAID ERROR " + e; document.title = "failed"; }});
</script></body></html>"#,
        bundle = bundle.display()
    );
    let file = dir.path().join("map.html");
    std::fs::write(&file, page).unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn mermaid_renders_the_map_in_a_browser() {
    if !available("chromium", "--version") {
        return;
    }
    let Some(bundle) = mermaid_bundle() else {
        return;
    };
    let dom = render_in_chromium(&acme(&["map", "fixtures/acme"]), &bundle);
    assert!(dom.contains("<title>rendered</title>"), "{dom}");
    for label in [
        "laptops",
        "Outside the organisation",
        "decides: model and keyboard layout (CC301)",
        "Human Resources (hr)",
    ] {
        assert!(dom.contains(label), "the SVG shows {label:?}");
    }
    // Names that need escaping, and a map past GitHub's 500 links, collapsed.
    let mut big = String::from("department d1 \"R&D \\\"Labs\\\" #1 <x>\"\ndepartment d-2\nrole ext-1 \"Ünïcode\" { external: true }\n");
    for i in 0..300 {
        big.push_str(&format!("role e{i} {{ department: d-2 }}\nproduct p{i} {{ produced_by: d1; owner: e{i}; end_user: e{i}, ext-1 }}\n"));
    }
    let dir = repo_text(&[("big.ccl", &big)]);
    let collapsed = stdout(&cclint(dir.path(), &["map"]));
    assert!(
        collapsed.contains("600 links are more than GitHub draws (500)"),
        "{collapsed}"
    );
    let dom = render_in_chromium(&collapsed, &bundle);
    assert!(dom.contains("<title>rendered</title>"), "{dom}");
    assert!(dom.contains("end user ×300"), "counted links");
    assert!(
        dom.contains("R&amp;D \"Labs\" #1 &lt;x&gt;")
            || dom.contains("R&amp;D &quot;Labs&quot; #1 &lt;x&gt;"),
        "escaped title shown"
    );
    let focused = stdout(&cclint(dir.path(), &["map", "--focus", "p7"]));
    let dom = render_in_chromium(&focused, &bundle);
    assert!(
        dom.contains("<title>rendered</title>") && dom.contains("Ünïcode"),
        "{dom}"
    );
}

/// An empty repository has nothing to judge: no test passes, and the grade is F.
#[test]
fn an_empty_repository_is_graded_f() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.ccl"), "").unwrap();
    let out = cclint(dir.path(), &["scorecard"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Customer scorecard: grade F\n"), "{text}");
    assert!(
        text.contains("1. Customers identified: not graded"),
        "{text}"
    );
    assert!(
        text.contains("2. Customers told apart by role: not graded"),
        "{text}"
    );
    assert!(
        text.contains("3. A written satisfaction policy: fail"),
        "{text}"
    );
    assert!(!text.contains("0/0"), "{text}");
}
