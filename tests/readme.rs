//! Every `cargo run -- …` command in README.md's `sh` blocks runs and exits as it says
//! (`# exits N` at the end of the line; 0 when absent), so the README never lies. A
//! `> FILE` redirection is dropped: the command runs, its output is not kept.

use std::process::Command;

#[test]
fn readme_commands_run_as_documented() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let mut in_sh = false;
    let mut ran = 0;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        let Some(rest) = line.strip_prefix("cargo run -- ").filter(|_| in_sh) else {
            continue;
        };
        let expected: i32 = rest.split("# exits ").nth(1).map_or(0, |n| {
            let number = n.split_whitespace().next().unwrap_or("");
            number.parse().expect("`# exits N` takes a number")
        });
        // What follows `>` is a shell redirection, not an argument.
        let command = rest.split('#').next().unwrap().split('>').next().unwrap();
        let args: Vec<&str> = command.split_whitespace().collect();
        let out = Command::new(env!("CARGO_BIN_EXE_cclint"))
            .args(&args)
            .current_dir(root)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expected),
            "README command: cclint {command}"
        );
        ran += 1;
    }
    assert!(ran >= 3, "README shows commands");
}

#[test]
fn readme_ccl_examples_parse_and_the_language_example_is_sound() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```ccl\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 2);
    for (i, block) in blocks.iter().enumerate() {
        let report = cclint::lint(
            vec![cclint::Input::from_text("README.ccl", block)],
            &cclint::Settings::default(),
        );
        let core: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.is_core() && (i == 0 || d.code.as_str() == "CC001"))
            .map(|d| d.message.as_str())
            .collect();
        assert!(core.is_empty(), "README ccl block {i}: {core:?}");
    }
}

#[test]
fn readme_yaml_examples_parse_and_the_config_example_loads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(
        blocks.len() >= 3,
        "config, workflow and pre-commit examples"
    );
    for block in &blocks {
        serde_yaml::from_str::<serde_yaml::Value>(block).unwrap_or_else(|e| panic!("{e}: {block}"));
    }
    let config = blocks.iter().find(|b| b.contains("rules:")).unwrap();
    cclint::config::Config::parse(std::path::Path::new("cclint.yaml"), config)
        .expect("the README config is valid");
}

/// The organisation-rules example of README.md loads, and its cases pass.
#[test]
fn readme_organisation_rule_example_passes_its_tests() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .find(|b| b.contains("custom_rules:"))
        .expect("README shows an organisation rule");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cclint.yaml"), block).unwrap();
    std::fs::create_dir(dir.path().join("policy-rules")).unwrap();
    std::fs::write(
        dir.path().join("policy-rules/none.yaml"),
        "custom_rules: []\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cclint"))
        .args(["test", "--coverage"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "2 passed, 0 failed (1 organisation rule)\n"
    );
    assert_eq!(output.status.code(), Some(0));
}
