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
