//! Writing a person's files (`fmt`, `check --fix`): through symbolic links, never over a
//! read-only file, and every failure named, with the other files still done.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{cclint_as, cclint_in, json, permissions_apply, repo_text, stderr};

const ORG: &str = "organisation o\ndepartment d\nrole user { department: d }\npolicy s { kind: satisfaction; owner: user; review: yearly; proactive_measures: \"survey\" }\n";
/// A product that `fmt` lays out anew and `--fix` corrects (`onwer`).
const UNFORMATTED: &str = "product   p { produced_by: d; onwer: user; end_user: user }\n";
const FORMATTED: &str = "product p { produced_by: d; onwer: user; end_user: user }\n";
const FIXED: &str = "product   p { produced_by: d; owner: user; end_user: user }\n";

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn fmt_and_fix_write_through_a_link_and_keep_it() {
    for (args, expected) in [(&["fmt"][..], FORMATTED), (&["check", "--fix"], FIXED)] {
        let dir = repo_text(&[("org.ccl", ORG), ("shared/real.txt", UNFORMATTED)]);
        std::os::unix::fs::symlink("shared/real.txt", dir.path().join("p.ccl")).unwrap();
        let out = cclint_in(dir.path(), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let link = dir.path().join("p.ccl");
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(read(dir.path(), "shared/real.txt"), expected, "{args:?}");
    }
}

/// A read-only file is a person's say that it must not change: even as root it is left
/// as it is, named in an error (exit 2), and the other files are still done.
#[test]
fn fmt_and_fix_leave_a_read_only_file() {
    for (args, expected) in [(&["fmt"][..], FORMATTED), (&["check", "--fix"], FIXED)] {
        let dir = repo_text(&[
            ("org.ccl", ORG),
            ("locked.ccl", &UNFORMATTED.replace("p {", "q {")),
            ("open.ccl", UNFORMATTED),
        ]);
        chmod(&dir.path().join("locked.ccl"), 0o444);
        let out = cclint_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("`locked.ccl`: the file is read-only, so it was left unchanged"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            read(dir.path(), "locked.ccl"),
            UNFORMATTED.replace("p {", "q {")
        );
        assert_eq!(read(dir.path(), "open.ccl"), expected, "{args:?}");
    }
}

/// The findings of a read-only file are printed as they stand.
#[test]
fn fix_prints_the_findings_of_a_read_only_file() {
    let dir = repo_text(&[("org.ccl", ORG), ("locked.ccl", UNFORMATTED)]);
    chmod(&dir.path().join("locked.ccl"), 0o444);
    let out = cclint_in(dir.path(), &["check", "--fix", "--format", "json"]);
    let codes: Vec<_> = json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.contains(&"CC004".to_string()), "{codes:?}");
}

/// In a directory that cannot be written, the failure names the file and the reason, and
/// the findings are still printed (as they stand on disk).
#[test]
fn a_read_only_directory_is_named_with_the_reason() {
    let Some(setpriv) = permissions_apply() else {
        return;
    };
    for args in [&["fmt"][..], &["check", "--fix", "--format", "json"]] {
        let dir = repo_text(&[("org.ccl", ORG), ("locked/p.ccl", UNFORMATTED)]);
        for path in [".", "org.ccl", "locked/p.ccl"] {
            chmod(
                &dir.path().join(path),
                if path == "." { 0o755 } else { 0o644 },
            );
        }
        chmod(&dir.path().join("locked"), 0o555);
        let out = cclint_as(dir.path(), args, setpriv);
        chmod(&dir.path().join("locked"), 0o755);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write `locked/p.ccl`: Permission denied"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(read(dir.path(), "locked/p.ccl"), UNFORMATTED);
        if args[0] == "check" {
            let found = json(&out)["diagnostics"].to_string();
            assert!(found.contains("CC004"), "{found}");
        }
    }
}
