//! `cclint export` and `cclint import` end to end: the inventory of the HR examples as CSV
//! and XLSX, the round trip export → import → export, a person's spreadsheet with errors
//! (named by row and column, nothing written), `--skip-bad-rows`, `--dry-run`, `--force`,
//! the template, and LibreOffice opening what cclint writes (and cclint reading what
//! LibreOffice writes).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{available, cclint_in, repo_text, stderr, stdout};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root().join("fixtures").join(name).display().to_string()
}

/// A copy of fixture `name` in a temporary directory, without the files `leave_out`.
fn copy(name: &str, leave_out: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("fixtures").join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(&from).unwrap();
        if leave_out.iter().any(|l| relative.starts_with(l)) {
            continue;
        }
        let to = dir.path().join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = cclint_in(dir, args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Every `.ccl` file under `dir`, by path relative to it, and its text.
fn ccl_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ccl"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn export_writes_the_inventory_and_the_roles() {
    let hr = fixture("hr");
    insta::assert_snapshot!("hr_products_csv", ok(root(), &["export", &hr]));
    insta::assert_snapshot!(
        "hr_roles_csv",
        ok(root(), &["export", &hr, "--table", "roles"])
    );
    let template = ok(
        root(),
        &[
            "export",
            "--template",
            "--config",
            "fixtures/hr/cclint.yaml",
        ],
    );
    insta::assert_snapshot!("hr_template_csv", template);
}

#[test]
fn export_import_export_gives_the_same_table() {
    // The 170-product example, and the HR example with organisation fields.
    for (name, products) in [("hr170", "products"), ("hr", "products.ccl")] {
        let first = ok(root(), &["export", &fixture(name)]);
        let repo = copy(name, &[products]);
        std::fs::write(repo.path().join("inventory.csv"), &first).unwrap();
        ok(
            repo.path(),
            &["import", "inventory.csv", "--into", "imported"],
        );
        let again = ok(repo.path(), &["export", "."]);
        assert_eq!(first, again, "{name}");
    }
}

#[test]
fn the_large_example_is_the_import_of_its_spreadsheet() {
    // fixtures/hr170/products is what `cclint import` makes of inventory.csv: titles
    // become names, departments and roles are found by their titles.
    let repo = copy("hr170", &["products"]);
    let out = ok(
        repo.path(),
        &["import", "inventory.csv", "--into", "products"],
    );
    assert!(out.contains("imported 170 products"), "{out}");
    let committed = ccl_files(&root().join("fixtures/hr170/products"));
    let imported = ccl_files(&repo.path().join("products"));
    assert_eq!(committed.len(), 8);
    assert_eq!(committed, imported);
    // What the people behind it see first: the findings of their inventory.
    let json = ok(root(), &["export", &fixture("hr170")]);
    let findings = json.lines().filter(|l| l.contains("CC20")).count();
    assert!(findings > 40, "{findings}");
}

const MESSY: &str =
    "\u{feff}Title;Department;End users;Priority;Audience;Status;Notes;Reviewd on\n\
Monthly payroll;Finance;Employee, Line manager;1;Internal;;x;\n\
Laptops;IT;Employee;high;internal;;;\n\
Canteen;Facilities;Employee;7;internl;;;\n\
;;;;;;;\n\
Careers site;HR;Job candidate;2;external;on hold;;\n\
Payslips;Finance;Employee;2;;;;\n";

#[test]
fn rows_in_error_are_named_and_nothing_is_written() {
    let repo = repo_text(&[("inventory.csv", MESSY)]);
    let out = cclint_in(
        repo.path(),
        &["import", "inventory.csv", "--into", "policy"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!repo.path().join("policy").exists());
    insta::assert_snapshot!("messy_import_errors", stderr(&out));
    // Skipping them imports the others, and lists them.
    let out = cclint_in(
        repo.path(),
        &[
            "import",
            "inventory.csv",
            "--into",
            "policy",
            "--skip-bad-rows",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(
        "messy_import_skipped",
        format!("{}\n{}", stdout(&out), stderr(&out))
    );
    let files = ccl_files(&repo.path().join("policy"));
    insta::assert_snapshot!(
        "messy_import_files",
        files
            .iter()
            .map(|(p, t)| format!("--- {}\n{t}", p.display()))
            .collect::<String>()
    );
    // What was written is well-formed CCL in `cclint fmt` layout; the new roles are
    // reported until someone says where they work.
    ok(repo.path(), &["fmt", "--check", "policy"]);
    let check = cclint_in(repo.path(), &["check", "policy", "--format", "compact"]);
    assert!(stdout(&check).contains("CC006"), "{}", stdout(&check));
}

#[test]
fn dry_run_writes_nothing_and_force_is_needed_to_replace() {
    let repo = repo_text(&[
        (
            "inventory.csv",
            "Product,Department,End users\npayroll,finance,employee\n",
        ),
        (
            "policy/finance.ccl",
            "# Kept by hand.\ndepartment finance\n",
        ),
    ]);
    let dry = ok(
        repo.path(),
        &["import", "inventory.csv", "--into", "policy", "--dry-run"],
    );
    assert!(
        dry.contains("--- policy/finance.ccl (replaces the file there)"),
        "{dry}"
    );
    assert!(dry.contains("would import 1 product"), "{dry}");
    assert!(!repo.path().join("policy/roles.ccl").exists());
    let out = cclint_in(
        repo.path(),
        &["import", "inventory.csv", "--into", "policy"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`policy/finance.ccl` exists, and nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("policy/finance.ccl")).unwrap(),
        "# Kept by hand.\ndepartment finance\n"
    );
    assert!(!repo.path().join("policy/roles.ccl").exists());
    // With --force the file is replaced, and what it declared is declared again.
    ok(
        repo.path(),
        &["import", "inventory.csv", "--into", "policy", "--force"],
    );
    let text = std::fs::read_to_string(repo.path().join("policy/finance.ccl")).unwrap();
    assert!(
        text.contains("department finance") && text.contains("product payroll"),
        "{text}"
    );
    // Importing the same rows again finds them declared.
    let repo2 = repo_text(&[
        ("inventory.csv", "Product,Department\npayroll,finance\n"),
        (
            "policy/old.ccl",
            "department finance\nproduct payroll { produced_by: finance }\n",
        ),
    ]);
    let out = cclint_in(
        repo2.path(),
        &["import", "inventory.csv", "--into", "policy"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("row 2, column A (Product): `payroll` is already declared as a product in policy/old.ccl, line 2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_template_imports_into_a_repository_that_passes_the_schema() {
    let repo = repo_text(&[]);
    ok(
        repo.path(),
        &["export", "--template", "-o", "inventory.csv"],
    );
    let again = cclint_in(
        repo.path(),
        &["export", "--template", "-o", "inventory.csv"],
    );
    assert_eq!(again.status.code(), Some(2), "never over a file");
    let out = ok(
        repo.path(),
        &["import", "inventory.csv", "--into", "policy"],
    );
    assert!(out.contains("imported 1 product"), "{out}");
    let check = cclint_in(repo.path(), &["check", "policy", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let core: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "CC006" && d["code"].as_str().unwrap() < "CC100")
        .collect();
    assert!(core.is_empty(), "{core:?}");
}

#[test]
fn xlsx_holds_both_tables_and_is_the_same_bytes_for_the_same_input() {
    let repo = repo_text(&[]);
    let hr = fixture("hr");
    for name in ["a.xlsx", "b.xlsx"] {
        let out = Command::new(env!("CARGO_BIN_EXE_cclint"))
            .args(["export", &hr, "--format", "xlsx", "-o", name])
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let a = std::fs::read(repo.path().join("a.xlsx")).unwrap();
    assert_eq!(a, std::fs::read(repo.path().join("b.xlsx")).unwrap());
    let to_stdout = cclint_in(repo.path(), &["export", &hr, "--format", "xlsx"]);
    assert_eq!(to_stdout.status.code(), Some(2));
    // Read back: the products and the roles, as CSV gives them.
    let sheets = cclint::sheet::read(&repo.path().join("a.xlsx"), "a.xlsx").unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["a.xlsx (sheet `Products`)", "a.xlsx (sheet `Roles`)"]
    );
    let csv = ok(root(), &["export", &hr]);
    assert_eq!(as_csv(&sheets[0]), csv.replace("\r\n", "\n"));
}

/// A sheet as CSV text (LF line ends), for comparing with `cclint export`.
fn as_csv(sheet: &cclint::sheet::Sheet) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(&sheet.headers).unwrap();
    for row in &sheet.rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Convert `file` in `dir` with LibreOffice (`soffice --headless --convert-to`).
fn libreoffice(dir: &Path, args: &[&str]) {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn libreoffice_opens_the_export_with_the_right_columns() {
    if !available("soffice", "--version") {
        return;
    }
    let repo = repo_text(&[]);
    let hr = fixture("hr");
    let csv = ok(root(), &["export", &hr]);
    std::fs::write(repo.path().join("inventory.csv"), &csv).unwrap();
    ok(
        repo.path(),
        &["export", &hr, "--format", "xlsx", "-o", "workbook.xlsx"],
    );
    // CSV opened as LibreOffice opens it (comma separated, UTF-8) and saved as ODS, and
    // the workbook saved as ODS: both read back to the same table.
    libreoffice(
        repo.path(),
        &[
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "ods",
            "inventory.csv",
        ],
    );
    libreoffice(repo.path(), &["--convert-to", "ods", "workbook.xlsx"]);
    let from_csv =
        cclint::sheet::read(&repo.path().join("inventory.ods"), "inventory.ods").unwrap();
    let from_xlsx = cclint::sheet::read(&repo.path().join("workbook.ods"), "workbook.ods").unwrap();
    assert_eq!(as_csv(&from_csv[0]), csv.replace("\r\n", "\n"));
    assert_eq!(as_csv(&from_xlsx[0]), csv.replace("\r\n", "\n"));
    assert_eq!(from_xlsx.len(), 2);
    // And the ODS LibreOffice wrote imports as the CSV does.
    let from_ods = ok(
        repo.path(),
        &["import", "workbook.ods", "--into", "a", "--dry-run"],
    );
    let from_text = ok(
        repo.path(),
        &["import", "inventory.csv", "--into", "a", "--dry-run"],
    );
    assert!(
        from_ods.contains("would import 6 products and 11 roles"),
        "{from_ods}"
    );
    assert!(
        from_text.contains("would import 6 products and 0 roles"),
        "{from_text}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the cells hold, import plans files or names rows in error; it never
    /// panics, and what it plans parses.
    #[test]
    fn any_spreadsheet_imports_or_is_refused(
        headers in proptest::collection::vec(
            proptest::sample::select(vec![
                "Product", "Title", "Department", "End users", "Owner", "Priority", "Status",
                "Audience", "Touchpoints", "Role", "External", "Fixers", "Notes", "",
            ]),
            1..7,
        ),
        cells in proptest::collection::vec(
            proptest::collection::vec("[a-zA-Z0-9 ,;\"\\\\{}:#\n_-]{0,12}", 0..7),
            0..6,
        ),
    ) {
        let sheet = cclint::sheet::Sheet {
            name: "p.csv".into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: cells,
            first_row: 1,
            first_column: 0,
        };
        let mut workspace =
            cclint::Workspace::new(PathBuf::new(), None, cclint::Settings::default());
        let options = cclint::sheet::ImportOptions {
            source: "p.csv".into(),
            into: PathBuf::from("out"),
            ..Default::default()
        };
        if let Ok(import) = cclint::sheet::import(&[sheet], &mut workspace, &options) {
            for file in &import.files {
                let parsed = cclint::syntax::parse(&file.text);
                proptest::prop_assert!(parsed.errors.is_empty(), "{}", file.text);
            }
        }
    }
}

#[test]
fn export_says_what_it_left_out() {
    let repo = repo_text(&[(
        "a.ccl",
        "department d\nproduct p \"P\" { produced_by: d\nproduct q { produced_by: d; priority: 9 }\n",
    )]);
    let out = cclint_in(repo.path(), &["export", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("\r\nq,,d,"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("CC005"),
        "a bad value is a finding of its row"
    );
    assert!(
        stderr(&out).contains("1 declaration did not parse or repeat a name"),
        "{}",
        stderr(&out)
    );
}
