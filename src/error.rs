//! Why cclint could not do its job (exit code 2).

use std::path::PathBuf;

/// Why cclint could not do its job (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("path `{}` does not exist", .0.display())]
    #[diagnostic(help("check the spelling, or run cclint from the repository's root"))]
    PathNotFound(PathBuf),
    #[error("no `.ccl` files found under {}", list_paths(.0))]
    #[diagnostic(help(
        "name the directory that holds the policy files, or check `exclude` in cclint.yaml"
    ))]
    NoFiles(Vec<PathBuf>),
}

fn list_paths(paths: &[PathBuf]) -> String {
    let quoted: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    quoted.join(", ")
}
