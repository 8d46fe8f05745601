//! `cclint init`: a starter configuration and policy.

use std::io::Write;
use std::path::Path;

use cclint::config;

use super::{usage, write, CommandResult, Exit};

const STARTER_CONFIG: &str = include_str!("../../fixtures/init/cclint.yaml");
const STARTER_POLICY: &str = include_str!("../../fixtures/init/policy.ccl");

pub(super) fn init(dir: &Path, out: &mut dyn Write) -> CommandResult {
    let files = [
        (config::FILE_NAME, STARTER_CONFIG),
        ("policy.ccl", STARTER_POLICY),
    ];
    // Like `cargo new` and `git init`, create the directory (and its parents) if needed;
    // a path that exists and is not a directory is refused.
    if dir.exists() && !dir.is_dir() {
        return Err(usage(
            format!("`{}` exists and is not a directory", dir.display()),
            Some("name a new or existing directory: cclint init DIR".to_string()),
        ));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(usage(
            format!("cannot create the directory `{}`: {e}", dir.display()),
            None,
        ));
    }
    for (name, _) in files {
        let path = dir.join(name);
        if path.exists() || path.symlink_metadata().is_ok() {
            return Err(usage(
                format!(
                    "`{}` already exists; cclint init never overwrites a file",
                    path.display()
                ),
                Some("run it in an empty directory, or remove the file first".to_string()),
            ));
        }
    }
    let mut written = Vec::new();
    for (name, content) in files {
        let path = dir.join(name);
        if let Err(e) = cclint::fsutil::write_new(&path, content.as_bytes()) {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(usage(
                format!("cannot write `{}`: {e}", path.display()),
                None,
            ));
        }
        written.push(path);
    }
    let shown: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    write(
        out,
        &format!(
            "wrote {}\nnext: cclint check {}\n",
            shown.join(" and "),
            dir.display()
        ),
    )?;
    Ok(Exit::Clean)
}
