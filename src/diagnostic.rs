//! The one diagnostic type every stage produces and every renderer reads.

use serde::Serialize;

use crate::catalog::Code;
use crate::source::{FileId, Span};

pub use crate::level::Level;

/// Whether a fix can be applied without a person's review (ruff's `Applicability`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning the author intended: applied by `--fix`.
    Safe,
    /// Changes what the policy says: applied only with `--unsafe-fixes`.
    Unsafe,
}

/// Replace `span` (in the diagnostic's file) with `replacement`; an empty span inserts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A change that resolves a finding: one or more edits in the diagnostic's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, as an imperative ("replace `ofice` with `office`").
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            message: message.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            message: message.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

/// A secondary location, possibly in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// Why a finding is hidden: the suppression's reason and optional end date, and what
/// suppressed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    pub reason: String,
    pub until: Option<String>,
    /// Not part of JSON output version 1; SARIF reports it as the suppression's kind.
    #[serde(skip)]
    pub origin: SuppressedBy,
}

/// What suppressed a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressedBy {
    /// A `# cclint: allow` comment in the source.
    Comment,
    /// An entry of the baseline file (`--baseline`).
    Baseline,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: Box<str>,
    /// The file of the primary span; `None` for repository-level findings.
    pub file: Option<FileId>,
    /// The primary span; `None` when the finding has no place in the text.
    pub span: Option<Span>,
    /// A short text under the primary span ("unknown role"); optional. Shared: a rule
    /// that labels every finding alike keeps one text for all of them.
    pub label: Option<std::sync::Arc<str>>,
    /// Secondary places, for the few findings that have some (8 bytes when empty).
    pub labels: thin_vec::ThinVec<Label>,
    pub help: Option<Box<str>>,
    /// The declaration the finding is about, `KIND:NAME`.
    pub entity: Option<Box<str>>,
    /// What in the entity the finding concerns (a field and value, say); with code and
    /// entity it makes the fingerprint, so it must not contain positions.
    pub subject: Box<str>,
    /// Boxed: most findings are not suppressed, and a diagnostic is kept for each.
    pub suppressed: Option<Box<Suppressed>>,
    /// Stable identity; filled in by [`assign_fingerprints`].
    pub fingerprint: Fingerprint,
    /// Changes that would resolve it, in the diagnostic's file (`--fix`); 8 bytes when
    /// there are none.
    pub fixes: thin_vec::ThinVec<Fix>,
}

impl Diagnostic {
    /// A finding at `span` in `file`, at the rule's default level (errors for core codes).
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<Box<str>>) -> Self {
        Diagnostic {
            code,
            level: code.doc().level.level().unwrap_or(Level::Error),
            message: message.into(),
            file: Some(file),
            span: Some(span),
            label: None,
            labels: thin_vec::ThinVec::new(),
            help: None,
            entity: None,
            subject: Box::default(),
            suppressed: None,
            fingerprint: Fingerprint::default(),
            fixes: thin_vec::ThinVec::new(),
        }
    }

    /// A finding about the repository as a whole, or a file with no place in it.
    pub fn without_span(code: Code, file: Option<FileId>, message: impl Into<Box<str>>) -> Self {
        Diagnostic {
            file,
            span: None,
            ..Diagnostic::new(code, FileId(0), Span::default(), message)
        }
    }

    /// The CC001 finding for a syntax error of file `file`.
    pub fn syntax(file: FileId, error: &crate::syntax::SyntaxError) -> Self {
        let mut d = Diagnostic::new(Code::CC001, file, error.span, error.message.clone())
            .with_primary_label("unexpected here")
            .with_subject(error.message.clone());
        d.help = error.help.as_deref().map(Into::into);
        d
    }

    /// The CC009 finding for file `file`, which could not be read.
    pub fn unreadable(file: FileId, problem: &crate::input::Unreadable) -> Self {
        Diagnostic::without_span(Code::CC009, Some(file), problem.message.clone())
            .with_help(problem.help())
            .with_subject(problem.message.clone())
    }

    pub fn with_help(mut self, help: impl Into<Box<str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_primary_label(mut self, label: impl Into<std::sync::Arc<str>>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_label(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_entity(mut self, kind: &str, name: &str) -> Self {
        self.entity = Some(format!("{kind}:{name}").into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_subject(mut self, subject: impl Into<Box<str>>) -> Self {
        self.subject = subject.into();
        self
    }

    /// Sort key: file (by its display path in `names`), start offset, code, then message
    /// for total determinism.
    fn sort_key<'a>(&'a self, names: &[&'a str]) -> (Option<&'a str>, usize, Code, &'a str) {
        (
            self.file.map(|f| names[f.index()]),
            self.span.map_or(0, |s| s.start()),
            self.code,
            &self.message,
        )
    }
}

/// Sort diagnostics by (file, start offset, code); repository-level findings come first.
/// `names` gives each `FileId`'s display path, so that the order is the files' path
/// order whatever their ids.
pub fn sort(diagnostics: &mut [Diagnostic], names: &[&str]) {
    // Sorting their places and then moving each diagnostic once along the cycles of the
    // permutation moves far less than a merge sort of the (large) diagnostics would, and
    // needs no scratch copy of them.
    let mut order: Vec<u32> = (0..diagnostics.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&diagnostics[a as usize], &diagnostics[b as usize]);
        a.sort_key(names).cmp(&b.sort_key(names))
    });
    permute(diagnostics, &mut order);
}

/// Rearrange `items` so that place `i` holds what was at `order[i]` (`order` is left as
/// the identity).
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..items.len() {
        let mut here = start;
        loop {
            let from = order[here] as usize;
            order[here] = here as u32;
            if from == start || from == here {
                break;
            }
            items.swap(here, from);
            here = from;
        }
    }
}

/// Give every diagnostic a fingerprint from its code, entity and subject (plus the file
/// for findings that have no entity), and an occurrence number among identical ones, so
/// that moving lines never changes it. `file_names` maps `FileId`s to display paths.
pub fn assign_fingerprints(diagnostics: &mut [Diagnostic], file_names: &[&str]) {
    let mut seen: std::collections::HashMap<u64, u32> =
        std::collections::HashMap::with_capacity(diagnostics.len());
    for d in diagnostics.iter_mut() {
        // The hash of `code\0entity\0subject` (then `\0file` without an entity), taken
        // piece by piece rather than of a string made for it.
        let mut base = fnv1a_more(FNV_START, d.code.as_str().as_bytes());
        base = fnv1a_more(base, b"\0");
        base = fnv1a_more(base, d.entity.as_deref().unwrap_or("").as_bytes());
        base = fnv1a_more(base, b"\0");
        base = fnv1a_more(base, d.subject.as_bytes());
        if d.entity.is_none() {
            if let Some(file) = d.file {
                base = fnv1a_more(base, b"\0");
                base = fnv1a_more(base, file_names[file.index()].as_bytes());
            }
        }
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        // A repeat hashes the same text followed by `\0` and its number.
        let hash = if *n == 1 {
            base
        } else {
            fnv1a_more(base, format!("\0{n}").as_bytes())
        };
        d.fingerprint = Fingerprint::new(hash);
    }
}

/// A diagnostic's fingerprint, 16 hexadecimal digits kept in place (tens of thousands of
/// findings need no string each); empty until [`assign_fingerprints`] gives it.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    fn new(hash: u64) -> Self {
        let mut digits = [0u8; 16];
        for (i, digit) in digits.iter_mut().enumerate() {
            let nibble = (hash >> (60 - 4 * i)) & 0xf;
            *digit = b"0123456789abcdef"[nibble as usize];
        }
        Fingerprint(digits)
    }

    pub fn as_str(&self) -> &str {
        match self.0 {
            [0, ..] => "",
            _ => std::str::from_utf8(&self.0).expect("hexadecimal digits are ASCII"),
        }
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64 bits: tiny, and the same on every platform and Rust version) continued from `hash` over `bytes`: the hash of what gave `hash` followed by
/// `bytes`.
fn fnv1a_more(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_moves_each_item_to_its_place() {
        let order = [3u32, 0, 4, 1, 2, 5, 7, 6];
        let mut items: Vec<u32> = (0..8).map(|i| i * 10).collect();
        permute(&mut items, &mut order.clone());
        assert_eq!(items, order.iter().map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn fingerprints_ignore_positions_and_tell_repeats_apart() {
        let make = |start| {
            Diagnostic::new(Code::CC002, FileId(0), Span::new(start, start + 3), "m")
                .with_entity("product", "p")
                .with_subject("end_user=x")
        };
        let mut a = vec![make(10)];
        let mut b = vec![make(500)];
        assign_fingerprints(&mut a, &["a.ccl"]);
        assign_fingerprints(&mut b, &["b.ccl"]);
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        let mut twice = vec![make(1), make(2)];
        assign_fingerprints(&mut twice, &["a.ccl"]);
        assert_ne!(twice[0].fingerprint, twice[1].fingerprint);
    }

    #[test]
    fn fingerprints_are_sixteen_hex_digits() {
        for hash in [0, 1, 0xdead_beef, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(Fingerprint::new(hash).as_str(), format!("{hash:016x}"));
        }
        assert_eq!(Fingerprint::default().as_str(), "");
    }
}
