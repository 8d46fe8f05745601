//! Writing files so that nothing is lost: a reader sees the old contents or the new, never
//! half of either. Used by `init`, `--write-baseline`, `--output-file`, and, for a
//! person's own files, `fmt` and `--fix` ([`rewrite`]).

use std::io::Write;
use std::path::{Path, PathBuf};

/// A temporary file beside `path`, with what `write` writes in it (buffered).
fn temp_beside(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.cclint-{}.tmp", std::process::id()));
    let written = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        // No fsync: the rename is atomic for every reader and for an interrupted cclint,
        // which is the promise (as rustfmt and ruff make it); syncing each of thousands
        // of files would make `fmt` slower than the lint.
        let mut file = std::io::BufWriter::new(file);
        write(&mut file)?;
        file.flush()
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Replace `path` with `content` atomically (a temporary file in the same directory,
/// renamed over it), keeping the permissions of the file it replaces.
pub fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |file| file.write_all(content))
}

/// [`write_atomically`] what `write` writes, as it writes it (a large report is never
/// held whole).
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temp = temp_beside(path, write)?;
    let result = (|| {
        if let Ok(existing) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, existing.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Whether the file at `path` (through any link) is marked read-only: a person's say that
/// it must not change, which cclint honours even where it could write (as root).
pub fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// Rewrite a person's file: through a symbolic link, the file it points at (the link
/// stays a link), atomically, keeping its permissions. A read-only file is left as it
/// is: an error of kind `PermissionDenied` that says so.
pub fn rewrite(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    if is_read_only(&target) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only, so it was left unchanged",
        ));
    }
    write_atomically(&target, content)
}

/// Write `content` to `path` atomically, failing if `path` exists: the temporary file is
/// hard-linked into place (a link never replaces a file) and removed.
pub fn write_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let temp = temp_beside(path, |file| file.write_all(content))?;
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_keeping_permissions_and_new_writes_never_replace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_new(&path, b"one").unwrap();
        assert!(write_new(&path, b"two").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_goes_through_a_link_and_leaves_a_read_only_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.ccl");
        let link = dir.path().join("link.ccl");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink("real.ccl", &link).unwrap();
        rewrite(&link, b"new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = rewrite(&target, b"newer").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }
}
