//! Finding the `.ccl` files of a repository and reading them (CC009 for those that fail).

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::input::{Unreadable, UnreadableKind};

/// What a walk found: files to lint, and places that could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    /// Directories, and `.ccl` links, the walk could not read, with what is wrong
    /// ("this directory cannot be read: permission denied").
    pub unreadable: Vec<(PathBuf, Unreadable)>,
}

/// Collect the `.ccl` files under `paths`. A named file is always taken; a directory is
/// walked recursively, skipping hidden directories and whatever `excluded` says. Symbolic
/// links are followed, but a link back into its own ancestors is skipped, not looped.
/// A named path that does not exist is an error, named as the user wrote it (`given`,
/// the same paths before they were resolved).
pub fn find_files(
    paths: &[PathBuf],
    given: &[PathBuf],
    excluded: &dyn Fn(&Path, bool) -> bool,
) -> Result<Found, crate::Error> {
    let mut found = Found::default();
    for (index, root) in paths.iter().enumerate() {
        if std::fs::metadata(root).is_err() && std::fs::symlink_metadata(root).is_err() {
            let shown = given.get(index).unwrap_or(root);
            return Err(crate::Error::PathNotFound(shown.clone()));
        }
        if !root.is_dir() {
            found.files.push(root.clone());
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                let is_dir = e.file_type().is_dir();
                !(excluded(e.path(), is_dir) || hidden && is_dir)
            });
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_file() && is_ccl(e.path()) {
                        found.files.push(e.into_path());
                    }
                }
                Err(error) => {
                    if error.loop_ancestor().is_some() {
                        continue;
                    }
                    let path = error
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    if let Some(problem) = broken_link(&path) {
                        // A link that leads nowhere matters only if it would be linted.
                        if is_ccl(&path) && !excluded(&path, false) {
                            found.unreadable.push((path, problem));
                        }
                        continue;
                    }
                    let reason = error
                        .io_error()
                        .map(|e| e.kind().to_string())
                        .unwrap_or_else(|| error.to_string());
                    let message = format!("this directory cannot be read: {reason}");
                    let problem = Unreadable::new(UnreadableKind::Denied, message);
                    found.unreadable.push((path, problem));
                }
            }
        }
    }
    Ok(found)
}

fn is_ccl(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "ccl")
}

/// What is wrong with `path` if it is a symbolic link that cannot be followed.
pub fn broken_link(path: &Path) -> Option<Unreadable> {
    let link = std::fs::symlink_metadata(path).ok()?;
    if !link.file_type().is_symlink() {
        return None;
    }
    match std::fs::metadata(path) {
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Unreadable::new(
            UnreadableKind::Link,
            "this file is a broken symbolic link (its target does not exist)",
        )),
        Err(_) => Some(Unreadable::new(
            UnreadableKind::Link,
            "this file is a symbolic link that loops back on itself",
        )),
    }
}

/// The files of `files` with each file taken once: paths that lead to the same file
/// (`x.ccl` and `dir/../x.ccl`, or through a symbolic link) keep the one whose display
/// path sorts first, so the choice does not depend on the order they were given in.
pub fn unique_files(files: Vec<PathBuf>, cwd: &Path) -> Vec<PathBuf> {
    let mut keyed: Vec<(String, PathBuf, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            (display_path(&path, cwd), canonical, path)
        })
        .collect();
    keyed.sort();
    let mut seen = std::collections::HashSet::new();
    keyed
        .into_iter()
        .filter(|(_, canonical, _)| seen.insert(canonical.clone()))
        .map(|(_, _, path)| path)
        .collect()
}

/// The path shown to users: relative to `cwd` when under it, `/` separators, no `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let relative = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let mut parts: Vec<String> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            // `dir/..` folds away in what users see (the file is still read by its
            // path as given), so one file has one name however it was spelt.
            Component::ParentDir => match parts.last().map(String::as_str) {
                Some(last) if !last.is_empty() && last != ".." => {
                    parts.pop();
                }
                _ => parts.push("..".to_string()),
            },
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_with_slashes() {
        let cwd = Path::new("/repo");
        assert_eq!(display_path(Path::new("/repo/a/b.ccl"), cwd), "a/b.ccl");
        assert_eq!(display_path(Path::new("./a/b.ccl"), cwd), "a/b.ccl");
        assert_eq!(
            display_path(Path::new("/elsewhere/b.ccl"), cwd),
            "/elsewhere/b.ccl"
        );
        assert_eq!(display_path(Path::new("../x.ccl"), cwd), "../x.ccl");
    }
}
