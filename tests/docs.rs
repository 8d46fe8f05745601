//! The documentation (README.md and the mdBook in docs/) never lies:
//!
//! - every `cclint …` (or `cargo run -- …`) line of an `sh` block runs, in a scratch copy
//!   of `fixtures/`, and exits as its `# exits N` says (0 when absent);
//! - every CCL example parses and is already in `cclint fmt` layout, every YAML and JSON
//!   example parses, and every configuration example loads;
//! - the rule pages (`docs/rules/`) are generated from the rule catalog, and a stale one
//!   fails (`CCLINT_UPDATE_DOCS=1 cargo test --test docs` rewrites them);
//! - `mdbook build` succeeds and every link between its pages, and every anchor, resolves.

mod common;

use cclint::catalog::{self, Code, DefaultLevel, Family, RuleDoc};
use cclint::diagnostic::Level;
use cclint::render::{self, Format, HumanOptions};
use cclint::{lint, Input, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every page of the book, with their text.
fn pages() -> Vec<(PathBuf, String)> {
    let mut paths = vec![root().join("README.md")];
    for entry in walkdir::WalkDir::new(root().join("docs")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            paths.push(entry.into_path());
        }
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn name(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// The fenced code blocks of `text` whose info string is `lang`, with their first line.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<(usize, &'a str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, usize, bool)> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        match open {
            None if trimmed.starts_with("```") => {
                open = Some((i + 2, offset + line.len(), &trimmed[3..] == lang));
            }
            Some((first, start, wanted)) if trimmed == "```" => {
                if wanted {
                    found.push((first, &text[start..offset]));
                }
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    found
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The command of a documented line and the exit code it promises, when it is a cclint
/// command.
fn command(line: &str) -> Option<(String, i32)> {
    let rest = line
        .strip_prefix("cargo run -- ")
        .or_else(|| line.strip_prefix("cclint "))?;
    let (command, comment) = match rest.find(" #") {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let expected = comment.split("# exits ").nth(1).map_or(0, |n| {
        let number = n.split_whitespace().next().unwrap_or("");
        number.parse().expect("`# exits N` takes a number")
    });
    Some((format!("cclint {}", command.trim()), expected))
}

#[test]
fn documented_commands_run_and_exit_as_documented() {
    let bin = Path::new(env!("CARGO_BIN_EXE_cclint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for (page, text) in pages() {
        // Each page runs in its own scratch copy, so that what one command writes (a
        // baseline, an export) is there for the next and never in the source tree.
        let scratch = tempfile::tempdir().unwrap();
        copy_dir(&root().join("fixtures"), &scratch.path().join("fixtures"));
        for (first, block) in blocks(&text, "sh") {
            for (i, line) in block.lines().enumerate() {
                let Some((command, expected)) = command(line) else {
                    continue;
                };
                let out = Command::new("sh")
                    .args(["-c", &command])
                    .current_dir(scratch.path())
                    .env("PATH", &path)
                    .env("HOME", scratch.path())
                    .env("NO_COLOR", "1")
                    .output()
                    .unwrap();
                assert_eq!(
                    out.status.code(),
                    Some(expected),
                    "{}:{}: `{command}`\n{}{}",
                    name(&page),
                    first + i,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                ran += 1;
            }
        }
    }
    assert!(ran >= 20, "the documentation shows commands ({ran} ran)");
}

#[test]
fn ccl_examples_parse_and_are_in_fmt_layout() {
    let mut checked = 0;
    for (page, text) in pages() {
        // The rule pages show the catalog's examples, which tests/catalog.rs runs (a
        // syntax error's example has one on purpose).
        if page.starts_with(root().join("docs/rules")) {
            continue;
        }
        let language = page.ends_with("docs/language.md") || page.ends_with("README.md");
        for (n, (first, block)) in blocks(&text, "ccl").into_iter().enumerate() {
            let report = lint(
                vec![Input::from_text("example.ccl", block)],
                &Settings::default(),
            );
            // The first example of the language page and README is a whole repository;
            // others may name what is declared elsewhere.
            let whole = language && n == 0;
            let errors: Vec<&str> = report
                .diagnostics
                .iter()
                .filter(|d| d.code.is_core() && (whole || d.code == Code::CC001))
                .map(|d| &*d.message)
                .collect();
            assert!(errors.is_empty(), "{}:{first}: {errors:?}", name(&page));
            let formatted = cclint::format::format(block).unwrap();
            assert_eq!(
                formatted,
                block,
                "{}:{first}: not in `cclint fmt` layout",
                name(&page)
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "the documentation shows CCL ({checked})");
}

const CONFIG_KEYS: [&str; 6] = [
    "rules:",
    "exclude:",
    "baseline:",
    "include:",
    "custom_fields:",
    "custom_rules:",
];

#[test]
fn yaml_and_json_examples_parse_and_configurations_load() {
    let mut configs = 0;
    for (page, text) in pages() {
        for (first, block) in blocks(&text, "yaml") {
            serde_yaml::from_str::<serde_yaml::Value>(block)
                .unwrap_or_else(|e| panic!("{}:{first}: {e}", name(&page)));
            let is_config = block
                .lines()
                .find(|l| !l.starts_with('#') && !l.trim().is_empty())
                .is_some_and(|l| CONFIG_KEYS.iter().any(|k| l.starts_with(k)));
            // A configuration that includes rule files is loaded by the test below, with
            // its files.
            if is_config && !block.contains("include:") {
                cclint::config::Config::parse(Path::new("cclint.yaml"), block)
                    .unwrap_or_else(|e| panic!("{}:{first}: {e:?}", name(&page)));
                configs += 1;
            }
        }
        for (first, block) in blocks(&text, "json") {
            serde_json::from_str::<serde_json::Value>(block)
                .unwrap_or_else(|e| panic!("{}:{first}: {e}", name(&page)));
        }
    }
    assert!(configs >= 1, "the configuration page shows a cclint.yaml");
}

/// The organisation-rules example loads, and its cases pass.
#[test]
fn organisation_rule_example_passes_its_tests() {
    let text = std::fs::read_to_string(root().join("docs/organisation-rules.md")).unwrap();
    let (_, block) = blocks(&text, "yaml")
        .into_iter()
        .find(|(_, b)| b.contains("custom_rules:"))
        .expect("the page shows an organisation rule");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cclint.yaml"), block).unwrap();
    std::fs::create_dir(dir.path().join("policy-rules")).unwrap();
    std::fs::write(
        dir.path().join("policy-rules/none.yaml"),
        "custom_rules: []\n",
    )
    .unwrap();
    let output = common::cclint_in(dir.path(), &["test", "--coverage"]);
    assert_eq!(
        common::stdout(&output),
        "2 passed, 0 failed (1 organisation rule)\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

/// What cclint reports on a catalog example, as a terminal without colour shows it.
fn reported(doc: &RuleDoc, text: &str) -> String {
    let code = Code::parse(&doc.code).unwrap();
    // Off-by-default rules are turned on, so that the example shows their finding.
    let levels = match doc.level {
        DefaultLevel::Off => vec![(code, Some(Level::Warning))],
        _ => Vec::new(),
    };
    let settings = Settings {
        levels,
        today: Some((2026, 11, 22)),
        ..Settings::default()
    };
    let report = lint(vec![Input::from_text("example.ccl", text)], &settings);
    render::render(&report, Format::Human, &HumanOptions::default(), false)
}

fn rule_page(doc: &RuleDoc) -> String {
    let code = Code::parse(&doc.code).unwrap();
    let mut page = format!(
        "# {} {}\n\n<!-- Generated from rules/{}-{}.yaml by tests/docs.rs: edit that file, then \
         run `CCLINT_UPDATE_DOCS=1 cargo test --test docs`. -->\n\n\
         | code | name | family | default level |\n|---|---|---|---|\n\
         | {} | `{}` | {} | {} |\n\n{}\n\n## Why is this bad?\n\n{}\n",
        doc.code,
        doc.name,
        doc.code,
        doc.name,
        doc.code,
        doc.name,
        doc.family.as_str(),
        doc.level.as_str(),
        doc.summary,
        doc.why.trim_end()
    );
    if let Some(failing) = &doc.failing {
        page.push_str(&format!(
            "\n## Example\n\n```ccl\n{failing}```\n\ncclint reports:\n\n```text\n{}```\n",
            reported(doc, failing)
        ));
    }
    if let Some(passing) = &doc.passing {
        page.push_str(&format!("\n## Use instead\n\n```ccl\n{passing}```\n"));
    }
    page.push_str(&format!("\n## How to fix\n\n{}\n", doc.fix.trim_end()));
    page.push_str("\n## Configuration\n\n");
    if code.is_core() {
        page.push_str(
            "A core rule: always an error, since the model cannot be read without the fix. \
             It cannot be configured, suppressed by a comment or recorded in a baseline.\n",
        );
    } else {
        page.push_str(&format!(
            "Set its level in `cclint.yaml` (`rules: {{ {name}: warning }}`, or with its \
             family, `{family}`), or for one run with `-D {name}`, `-W {name}` or `-A {name}` \
             ([Configuration](../configuration.md)).",
            name = doc.name,
            family = doc.family.as_str()
        ));
        if code.suppressible_by_comment() {
            page.push_str(&format!(
                " Accept one finding with a reason, where it is: `# cclint: allow {} -- \
                 REASON` ([Suppressions](../suppressions.md)).\n",
                doc.name
            ));
        } else {
            page.push_str(
                " A comment cannot suppress it: a comment cannot excuse a malformed comment.\n",
            );
        }
    }
    page
}

fn rules_index(docs: &[&RuleDoc]) -> String {
    let mut page = String::from(
        "# Rules\n\n<!-- Generated from rules/ by tests/docs.rs: run `CCLINT_UPDATE_DOCS=1 cargo \
         test --test docs`. -->\n\n\
         Every rule has a code and a kebab-case name; either is accepted wherever a rule is \
         named. `cclint rules` lists them and `cclint explain RULE` prints a page in the \
         terminal. Core rules are always errors; the others have the default level shown \
         here, which [`cclint.yaml`](../configuration.md) changes. An organisation adds its \
         own with [organisation rules](../organisation-rules.md).\n",
    );
    let mut family = None;
    for doc in docs {
        if family != Some(doc.family) {
            family = Some(doc.family);
            page.push_str(&format!(
                "\n## {}\n\n| code | name | level | what it finds |\n|---|---|---|---|\n",
                doc.family.as_str()
            ));
        }
        page.push_str(&format!(
            "| [{}]({}-{}.md) | `{}` | {} | {} |\n",
            doc.code,
            doc.code,
            doc.name,
            doc.name,
            doc.level.as_str(),
            doc.summary
        ));
    }
    page
}

fn summary_lines(docs: &[&RuleDoc]) -> String {
    docs.iter()
        .map(|d| {
            format!(
                "    - [{} {}](rules/{}-{}.md)\n",
                d.code, d.name, d.code, d.name
            )
        })
        .collect()
}

/// The built-in rules, by family (in the catalog's order of families) then code.
fn documented() -> Vec<&'static RuleDoc> {
    let order = |f: Family| {
        [Family::Core, Family::Suppression]
            .iter()
            .position(|x| *x == f)
            .map_or(1, |p| p * 2)
    };
    let mut docs: Vec<&RuleDoc> = catalog::all()
        .iter()
        .filter(|d| d.family != Family::Organisation)
        .collect();
    docs.sort_by_key(|d| (order(d.family), d.code.clone()));
    docs
}

#[test]
fn rule_pages_are_generated_from_the_catalog() {
    let docs = documented();
    let dir = root().join("docs/rules");
    let mut expected: Vec<(PathBuf, String)> = docs
        .iter()
        .map(|d| (dir.join(format!("{}-{}.md", d.code, d.name)), rule_page(d)))
        .collect();
    expected.push((dir.join("index.md"), rules_index(&docs)));
    let summary_path = root().join("docs/SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path).unwrap();
    // The rule pages are the items nested under the Rules page, up to the next chapter.
    let heading = "- [Rules](rules/index.md)\n";
    let (before, rest) = summary.split_once(heading).unwrap();
    let after = if rest.starts_with("- [") {
        rest
    } else {
        rest.find("\n- [").map_or("", |i| &rest[i + 1..])
    };
    let new_summary = format!("{before}{heading}{}{after}", summary_lines(&docs));
    expected.push((summary_path, new_summary));
    let update = std::env::var_os("CCLINT_UPDATE_DOCS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    for (path, text) in &expected {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::write(path, text).unwrap();
            } else {
                stale.push(name(path));
            }
        }
    }
    // A page of a rule that no longer exists is stale too.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !expected.iter().any(|(p, _)| *p == path) {
            if update {
                std::fs::remove_file(&path).unwrap();
            } else {
                stale.push(name(&path));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale documentation (run `CCLINT_UPDATE_DOCS=1 cargo test --test docs`): {stale:?}"
    );
}

/// The rule pages are where every output points.
#[test]
fn diagnostics_link_to_their_rule_pages() {
    for doc in documented() {
        let url = catalog::doc_url(doc).expect("the package names its site");
        let page = url
            .strip_prefix(catalog::project_url().unwrap())
            .unwrap()
            .trim_start_matches('/')
            .replace(".html", ".md");
        assert!(root().join("docs").join(&page).is_file(), "{url}");
    }
}

/// `mdbook build`, then every relative link of every page and every `#anchor` must land.
#[test]
fn the_book_builds_and_its_links_resolve() {
    if !common::available("mdbook", "--version") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let build = Command::new("mdbook")
        .args(["build", "docs", "--dest-dir"])
        .arg(out.path())
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut broken = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        let path = entry.path();
        // 404.html is served from any depth and links from the site's root.
        if path.extension().is_none_or(|e| e != "html") || path.ends_with("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for link in attributes(&html, "href=\"").chain(attributes(&html, "src=\"")) {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                path.to_path_buf()
            } else {
                path.parent().unwrap().join(file)
            };
            checked += 1;
            let Ok(content) = std::fs::read(&target) else {
                broken.push(format!("{}: {link}", path.display()));
                continue;
            };
            if !anchor.is_empty() {
                let content = String::from_utf8_lossy(&content);
                if !content.contains(&format!("id=\"{anchor}\"")) {
                    broken.push(format!("{}: {link} (no such anchor)", path.display()));
                }
            }
        }
    }
    assert!(checked > 100, "the book has links ({checked})");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn attributes<'a>(html: &'a str, attribute: &'a str) -> impl Iterator<Item = &'a str> {
    html.split(attribute)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
}

/// README's example is `fixtures/washroom/policy.ccl`, and its output is what cclint says.
#[test]
fn the_readme_example_and_its_output_are_real() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let fixture = std::fs::read_to_string(root().join("fixtures/washroom/policy.ccl")).unwrap();
    assert_eq!(blocks(&readme, "ccl")[0].1, fixture);
    let output = common::cclint_in(root(), &["check", "fixtures/washroom"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(blocks(&readme, "text")[0].1, common::stdout(&output));
}
