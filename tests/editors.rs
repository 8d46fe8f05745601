//! The editor recipes in README.md, run for real: the Neovim recipe in a headless Neovim
//! (Debian's package), the Vim quickfix settings in the same Neovim, and the VS Code
//! problem matcher's regexp in Node (VS Code's regexp engine). The recipes are taken from
//! README.md, so the README cannot drift from what is tested.

use std::path::Path;
use std::process::Command;

mod common;
use common::repo_text as repo;

fn readme_block(language: &str, containing: &str) -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    readme
        .split(&format!("```{language}\n"))
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_string())
        .find(|block| block.contains(containing))
        .unwrap_or_else(|| panic!("README.md has a {language} block with {containing:?}"))
}

/// Whether `program` can run here; in CI (which installs it) it must.
fn available(program: &str, version_flag: &str) -> bool {
    let ok = Command::new(program)
        .arg(version_flag)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is required in CI (.ci/run installs it)"
        );
        eprintln!("skipped: {program} is not installed");
    }
    ok
}

/// PATH with the freshly built cclint first, as an editor user would have it.
fn path_with_cclint() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_cclint")).parent().unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

const ORG: &str = "organisation o\ndepartment d\nrole r { department: d }\nrole buyer { department: d }\npolicy s { kind: satisfaction; owner: r; review: yearly; proactive_measures: \"survey\" }\nproduct p { produced_by: d; owner: r; end_user: r; broker: buyer }\n";

/// Line 1: CC301 (error) after a non-ASCII title; line 2: CC203 (warning).
const BUFFER: &str = "rule choice \"Café\" { product: p; decided_by: buyer }\nproduct q \"Ünï\" { produced_by: d; owner: r; end_user: d }\n";

fn nvim(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "--noplugin"])
        .args(args)
        .current_dir(dir)
        .env("PATH", path_with_cclint())
        .output()
        .expect("nvim runs");
    let dump = std::fs::read_to_string(dir.join("out.json")).unwrap_or_else(|_| {
        panic!(
            "nvim wrote no result: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    serde_json::from_str(&dump).unwrap()
}

#[test]
fn the_neovim_recipe_shows_diagnostics_at_the_right_place() {
    if !available("nvim", "--version") {
        return;
    }
    let dir = repo(&[
        ("cclint.yaml", ""),
        ("org.ccl", ORG),
        ("policy/rules.ccl", BUFFER),
    ]);
    std::fs::write(
        dir.path().join("init.lua"),
        readme_block("lua", "vim.diagnostic.set"),
    )
    .unwrap();
    let dump = "lua vim.fn.writefile({vim.json.encode(vim.diagnostic.get(0))}, 'out.json')";
    let shown = nvim(
        dir.path(),
        &[
            "-u",
            "init.lua",
            "policy/rules.ccl",
            "-c",
            dump,
            "-c",
            "qa!",
        ],
    );
    let mut items: Vec<&serde_json::Value> = shown.as_array().unwrap().iter().collect();
    items.sort_by_key(|d| d["lnum"].as_u64());
    assert_eq!(items.len(), 2, "{shown:#}");

    let line = BUFFER.lines().next().unwrap();
    let col = line.find("buyer").unwrap() as u64; // bytes: `é` is two
    assert_eq!(items[0]["lnum"], 0);
    assert_eq!(items[0]["col"], col);
    assert_eq!(items[0]["end_col"], col + 5);
    assert_eq!(items[0]["severity"], 1, "error");
    assert_eq!(items[0]["code"], "CC301");
    assert_eq!(items[0]["source"], "cclint");
    assert!(items[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("`buyer` is a broker of `p`"));
    assert!(items[0]["message"]
        .as_str()
        .unwrap()
        .contains("\nhelp: let `r` decide"));

    let second = BUFFER.lines().nth(1).unwrap();
    assert_eq!(items[1]["lnum"], 1);
    assert_eq!(items[1]["col"], second.rfind('d').unwrap() as u64);
    assert_eq!(items[1]["severity"], 2, "warning");
    assert_eq!(items[1]["code"], "CC203");

    // The buffer is linted, not the file: fix line 1 without saving.
    let fix =
        "call setline(1, 'rule choice \"Café\" { product: p; decided_by: buyer; consulting: r }')";
    let shown = nvim(
        dir.path(),
        &[
            "-u",
            "init.lua",
            "policy/rules.ccl",
            "-c",
            fix,
            "-c",
            "doautocmd InsertLeave",
            "-c",
            dump,
            "-c",
            "qa!",
        ],
    );
    let codes: Vec<&str> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CC203"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("policy/rules.ccl")).unwrap(),
        BUFFER,
        "nothing was written"
    );
}

#[test]
fn the_vim_quickfix_settings_parse_compact_output() {
    if !available("nvim", "--version") {
        return;
    }
    let rules = "rule choice { product: p; decided_by: buyer }\nproduct q { produced_by: d; owner: r; end_user: d }\n";
    let dir = repo(&[("org.ccl", ORG), ("rules.ccl", rules)]);
    let vimrc: String = readme_block("vim", "errorformat")
        .lines()
        .filter(|l| l.starts_with("set "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("vimrc"), vimrc).unwrap();
    let dump = "lua local q = vim.fn.getqflist(); for _, e in ipairs(q) do e.file = vim.fn.bufname(e.bufnr) end; vim.fn.writefile({vim.json.encode(q)}, 'out.json')";
    let list = nvim(
        dir.path(),
        &[
            "-u",
            "vimrc",
            "-c",
            "cexpr system(&makeprg)",
            "-c",
            dump,
            "-c",
            "qa!",
        ],
    );
    let entries: Vec<(String, u64, u64, String, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["lnum"].as_u64().unwrap(),
                e["col"].as_u64().unwrap(),
                e["type"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().starts_with("[CC"),
            )
        })
        .filter(|e| e.1 > 0)
        .collect();
    let first = rules.find("buyer").unwrap() as u64 + 1;
    let second = rules.lines().nth(1).unwrap().rfind('d').unwrap() as u64 + 1;
    assert_eq!(
        entries,
        [
            ("rules.ccl".to_string(), 1, first, "e".to_string(), true),
            ("rules.ccl".to_string(), 2, second, "w".to_string(), true),
        ]
    );
}

#[test]
fn the_vscode_problem_matcher_matches_compact_output() {
    if !available("node", "--version") {
        return;
    }
    let tasks: serde_json::Value = serde_json::from_str(&readme_block("json", "problemMatcher"))
        .expect("the tasks.json in README parses");
    let pattern = &tasks["tasks"][0]["problemMatcher"]["pattern"];
    let regexp = pattern["regexp"].as_str().unwrap();
    let rule = "rule choice { product: p; decided_by: buyer }\n";
    let dir = repo(&[("org.ccl", ORG), ("sub dir/rules.ccl", rule)]);
    let compact = Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(["--format", "compact"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let line = String::from_utf8(compact.stdout).unwrap();
    let script = "const [re, line] = process.argv.slice(1); const m = new RegExp(re).exec(line.trim()); console.log(JSON.stringify(m));";
    let out = Command::new("node")
        .args(["-e", script, regexp, &line])
        .output()
        .unwrap();
    let groups: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let group = |key: &str| groups[pattern[key].as_u64().unwrap() as usize].clone();
    assert_eq!(group("file"), "sub dir/rules.ccl");
    assert_eq!(group("line"), "1");
    assert_eq!(
        group("column"),
        (rule.find("buyer").unwrap() + 1).to_string()
    );
    assert_eq!(group("severity"), "error");
    assert_eq!(group("code"), "CC301");
    assert!(group("message")
        .as_str()
        .unwrap()
        .starts_with("`buyer` is a broker of `p`"));
}
