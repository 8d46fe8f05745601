//! A file to lint: its text, or why cclint could not read it (CC009).

use std::path::PathBuf;

use crate::source::{self, SourceFile};

/// What kind of file or directory could not be read: what its help says to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnreadableKind {
    /// Text, but not UTF-8 (UTF-16, or an invalid byte).
    Encoding,
    /// Binary data, not text.
    Binary,
    /// Larger than cclint reads.
    TooLarge,
    /// A symbolic link that leads nowhere or loops.
    Link,
    /// The system refused (permissions, or another error).
    Denied,
}

/// Why a file or directory could not be read: its kind and the message that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub kind: UnreadableKind,
    pub message: String,
}

impl Unreadable {
    pub fn new(kind: UnreadableKind, message: impl Into<String>) -> Self {
        Unreadable {
            kind,
            message: message.into(),
        }
    }

    /// Why a file over [`source::MAX_FILE`] bytes is not read.
    pub fn too_large() -> Self {
        let message = "this file is larger than 4 GiB, more than cclint reads";
        Unreadable::new(UnreadableKind::TooLarge, message)
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self.kind {
            UnreadableKind::Encoding => "save the file as UTF-8; the other files were still linted",
            UnreadableKind::Binary => {
                "a .ccl file holds CCL text: rename the file or exclude it in cclint.yaml; the \
                 other files were still linted"
            }
            UnreadableKind::TooLarge => {
                "split it into several .ccl files, or exclude it in cclint.yaml; the other files \
                 were still linted"
            }
            UnreadableKind::Link => {
                "point the link at a file, remove it, or exclude it in cclint.yaml; the other \
                 files were still linted"
            }
            UnreadableKind::Denied => "check its permissions; the other files were still linted",
        }
    }
}

/// A file to lint: its text, or why it has none.
#[derive(Debug, Clone)]
pub struct Input {
    pub file: SourceFile,
    /// Why the file could not be read (CC009); its text is then empty.
    pub problem: Option<Unreadable>,
}

impl Input {
    /// A file given as text (tests, stdin, a language server's buffer).
    pub fn from_text(display: &str, text: &str) -> Self {
        Input {
            file: SourceFile::new(
                PathBuf::from(display),
                display.to_string(),
                text.to_string(),
            ),
            problem: None,
        }
    }
}

/// The text of a file's bytes, or why they are not text cclint can read.
pub fn decode(bytes: Vec<u8>) -> (String, Option<Unreadable>) {
    if bytes.len() > source::MAX_FILE {
        return (String::new(), Some(Unreadable::too_large()));
    }
    match utf8_problem(&bytes) {
        None => (String::from_utf8(bytes).expect("checked above"), None),
        Some(problem) => (String::new(), Some(problem)),
    }
}

/// Why `bytes` are not UTF-8 text, saying where.
pub fn utf8_problem(bytes: &[u8]) -> Option<Unreadable> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let message = "this file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8";
        return Some(Unreadable::new(UnreadableKind::Encoding, message));
    }
    // As git does, a NUL byte near the start means binary data, not text.
    if bytes[..bytes.len().min(8192)].contains(&0) {
        let message = "this file is binary (it holds NUL bytes), not CCL text";
        return Some(Unreadable::new(UnreadableKind::Binary, message));
    }
    let error = std::str::from_utf8(bytes).err()?;
    let valid = &bytes[..error.valid_up_to()];
    let valid = std::str::from_utf8(valid).expect("valid_up_to marks valid UTF-8");
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let byte = bytes[error.valid_up_to()];
    let message = format!(
        "this file is not valid UTF-8: byte 0x{byte:02x} at line {line}, column {column} (offset {})",
        error.valid_up_to()
    );
    Some(Unreadable::new(UnreadableKind::Encoding, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_problems_say_where() {
        assert_eq!(utf8_problem(b"ok"), None);
        let message = |bytes: &[u8]| utf8_problem(bytes).unwrap().message;
        assert_eq!(
            message(b"ab\ncd\xffe"),
            "this file is not valid UTF-8: byte 0xff at line 2, column 3 (offset 5)"
        );
        assert_eq!(
            message(b"\xff\xfer\x00"),
            "this file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8"
        );
        assert_eq!(
            utf8_problem(b"PK\x03\x04\x00\x00").unwrap(),
            Unreadable::new(
                UnreadableKind::Binary,
                "this file is binary (it holds NUL bytes), not CCL text"
            )
        );
    }
}
