//! The GitHub Action (`action.yml`) runs its scripts as GitHub would: `run.sh` with the
//! cclint just built on PATH and the inputs in the environment, `install.sh` with a
//! stand-in `curl` that serves an installer, so that what it asks for and where the
//! binary lands are checked without a network. Its inputs are the ones docs/ci.md lists.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn path_with(dir: &Path) -> String {
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// `.github/action/run.sh` in a scratch copy of `fixtures/`, with these inputs.
fn run(inputs: &[(&str, &str)]) -> (Output, String) {
    let scratch = tempfile::tempdir().unwrap();
    for fixture in ["acme", "init"] {
        let from = root().join("fixtures").join(fixture);
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = scratch.path().join("fixtures").join(fixture);
            let to = to.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    let summary = scratch.path().join("summary.md");
    let bin = Path::new(env!("CARGO_BIN_EXE_cclint")).parent().unwrap();
    let mut command = Command::new("bash");
    command
        .arg(root().join(".github/action/run.sh"))
        .current_dir(scratch.path())
        .env("PATH", path_with(bin))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("NO_COLOR", "1");
    for (key, value) in inputs {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let summary = std::fs::read_to_string(&summary).unwrap_or_default();
    (output, summary)
}

#[test]
fn findings_are_annotations_and_the_scorecard_goes_to_the_summary() {
    let (output, summary) = run(&[("INPUT_PATH", "fixtures/acme")]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = common::stdout(&output);
    assert!(stdout.contains("::error file=fixtures/acme/"), "{stdout}");
    assert!(summary.starts_with("## Customer scorecard of `acme`: grade E"));

    let (output, summary) = run(&[("INPUT_PATH", "fixtures/init")]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
    assert!(summary.contains("Customer scorecard"));

    let (output, summary) = run(&[
        ("INPUT_PATH", "fixtures/init"),
        ("INPUT_SCORECARD", "false"),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(summary.is_empty());
}

#[test]
fn check_arguments_and_the_grade_bar_decide_the_exit_code() {
    // Without the error-level rules the check passes, but grade E is below C.
    let quiet = "-A CC301 -A CC302 -A CC201 -A CC401";
    let (output, _) = run(&[("INPUT_PATH", "fixtures/acme"), ("INPUT_ARGS", quiet)]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
    let (output, summary) = run(&[
        ("INPUT_PATH", "fixtures/acme"),
        ("INPUT_ARGS", quiet),
        ("INPUT_FAIL_UNDER", "C"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(common::stdout(&output).contains("::error::the customer scorecard's grade is below C"));
    assert!(
        summary.contains("grade E"),
        "the summary is written all the same"
    );
    // The bar applies without the summary too.
    let (output, _) = run(&[
        ("INPUT_PATH", "fixtures/acme"),
        ("INPUT_ARGS", quiet),
        ("INPUT_FAIL_UNDER", "C"),
        ("INPUT_SCORECARD", "false"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    // cclint's own errors win over findings.
    let (output, _) = run(&[("INPUT_PATH", "fixtures/nowhere")]);
    assert_eq!(output.status.code(), Some(2));
    // The rule tests run first when asked, from the working directory's cclint.yaml.
    let (output, _) = run(&[("INPUT_PATH", "fixtures/init"), ("INPUT_TEST", "true")]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
}

/// `install.sh` with a `curl` that logs its arguments and answers with an installer that
/// puts a stand-in binary where `CCLINT_UNMANAGED_INSTALL` says.
fn install(env: &[(&str, &str)]) -> (Output, String, String, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let scratch = dir.path().to_path_buf();
    let fake = scratch.join("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    let log = scratch.join("curl.log");
    let curl = format!(
        "#!/bin/sh\necho \"$@\" >> '{}'\ncat <<'INSTALLER'\nmkdir -p \"$CCLINT_UNMANAGED_INSTALL\"\n\
         printf '#!/bin/sh\\necho cclint 9.9.9\\n' > \"$CCLINT_UNMANAGED_INSTALL/cclint\"\n\
         chmod +x \"$CCLINT_UNMANAGED_INSTALL/cclint\"\nINSTALLER\n",
        log.display()
    );
    std::fs::write(fake.join("curl"), curl).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(fake.join("curl"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let github_path = scratch.join("github-path");
    let runner_temp = scratch.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let mut command = Command::new("bash");
    command
        .arg(root().join(".github/action/install.sh"))
        .env("PATH", path_with(&fake))
        .env("RUNNER_TEMP", &runner_temp)
        .env("RUNNER_OS", "Linux")
        .env("GITHUB_PATH", &github_path)
        .env_remove("INPUT_VERSION")
        .env_remove("ACTION_REF");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let asked = std::fs::read_to_string(&log).unwrap_or_default();
    let added = std::fs::read_to_string(&github_path).unwrap_or_default();
    (output, asked, added, runner_temp, dir)
}

#[test]
fn install_fetches_the_release_installer_of_the_version_asked() {
    let releases = "https://github.com/cclint/cclint/releases";
    for (env, url) in [
        (
            vec![("INPUT_VERSION", "0.1.0")],
            format!("{releases}/download/v0.1.0/cclint-installer.sh"),
        ),
        (
            vec![("INPUT_VERSION", "v0.3.1"), ("ACTION_REF", "v0.2.0")],
            format!("{releases}/download/v0.3.1/cclint-installer.sh"),
        ),
        (
            vec![("ACTION_REF", "v0.2.0")],
            format!("{releases}/download/v0.2.0/cclint-installer.sh"),
        ),
        (
            vec![("ACTION_REF", "main")],
            format!("{releases}/latest/download/cclint-installer.sh"),
        ),
        (
            vec![("INPUT_VERSION", "latest")],
            format!("{releases}/latest/download/cclint-installer.sh"),
        ),
    ] {
        let (output, asked, added, runner_temp, _dir) = install(&env);
        assert_eq!(output.status.code(), Some(0), "{env:?}: {output:?}");
        assert!(asked.contains("--proto =https"), "{asked}");
        assert!(asked.trim_end().ends_with(&url), "{env:?}: {asked}");
        let dir = runner_temp.join("cclint-bin");
        assert_eq!(added, format!("{}\n", dir.display()));
        assert!(common::stdout(&output).contains("cclint 9.9.9"));
    }
}

#[test]
fn install_fails_when_the_installer_installs_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("curl"), "#!/bin/sh\necho true\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        scratch.path().join("curl"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let output = Command::new("bash")
        .arg(root().join(".github/action/install.sh"))
        .env("PATH", path_with(scratch.path()))
        .env("RUNNER_TEMP", scratch.path())
        .env("GITHUB_PATH", scratch.path().join("github-path"))
        .env("INPUT_VERSION", "0.1.0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(common::stdout(&output).contains("::error::the cclint installer did not install"));
}

#[test]
fn the_action_runs_its_scripts_and_its_inputs_are_documented() {
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        let run = step["run"].as_str().unwrap();
        let script = run
            .split("$GITHUB_ACTION_PATH/")
            .nth(1)
            .unwrap()
            .trim_end_matches('"');
        assert!(root().join(script).is_file(), "{script}");
        assert_eq!(step["shell"].as_str(), Some("bash"));
    }
    let inputs: Vec<String> = action["inputs"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let ci = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let documented: Vec<String> = ci
        .lines()
        .skip_while(|l| !l.starts_with("| input |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('`').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(inputs, documented);
    // Every input reaches the scripts.
    for input in &inputs {
        let variable = format!("INPUT_{}", input.to_uppercase().replace('-', "_"));
        let steps = serde_yaml::to_string(&action["runs"]["steps"]).unwrap();
        assert!(steps.contains(&variable), "{variable}");
    }
}

/// The release workflows parse, and build what the documentation promises: dist's release
/// (checked in full by `.ci/dist-check`), the wheels for PyPI on every version tag, and
/// the documentation site at the address every diagnostic's link names.
#[test]
fn the_release_workflows_parse() {
    let workflows = root().join(".github/workflows");
    for name in ["release.yml", "wheels.yml", "docs.yml"] {
        let text = std::fs::read_to_string(workflows.join(name)).unwrap();
        let workflow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert!(
            workflow["jobs"].as_mapping().is_some_and(|j| !j.is_empty()),
            "{name}"
        );
    }
    let wheels: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(workflows.join("wheels.yml")).unwrap())
            .unwrap();
    let tags = &wheels["on"]["push"]["tags"];
    assert_eq!(tags[0].as_str(), Some("v[0-9]*"));
    for (job, target) in [
        ("linux", "x86_64"),
        ("linux", "aarch64"),
        ("musllinux", "x86_64"),
        ("musllinux", "aarch64"),
        ("windows", "x64"),
        ("macos", "x86_64"),
        ("macos", "aarch64"),
    ] {
        let platforms = wheels["jobs"][job]["strategy"]["matrix"]["platform"]
            .as_sequence()
            .unwrap();
        assert!(
            platforms
                .iter()
                .any(|p| p["target"].as_str() == Some(target)),
            "{job} {target}"
        );
    }
    let docs = std::fs::read_to_string(workflows.join("docs.yml")).unwrap();
    assert!(docs.contains("run: mdbook build docs"));
    assert!(docs.contains("path: target/book"));
    let book = std::fs::read_to_string(root().join("docs/book.toml")).unwrap();
    let site = cclint::catalog::project_url().unwrap();
    assert!(book.contains(&format!(
        "cname = \"{}\"",
        site.trim_start_matches("https://")
    )));
}
