//! Baselines, for adopting cclint on an existing repository: `--write-baseline FILE`
//! records the current findings by fingerprint; `--baseline FILE` hides them (as
//! suppressed, reason "in baseline FILE"), still reports new ones, and reports entries that
//! no longer occur (CC011) so the file only shrinks. Fingerprints do not depend on lines or
//! files, so moving either keeps the match.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalog::Code;
use crate::diagnostic::{self, Diagnostic, Suppressed, SuppressedBy};

/// One recorded finding. Only the fingerprint matches; the rest is for people reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub entity: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    tool: String,
    findings: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The path as the user gave it, for messages.
    pub name: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BaselineError {
    #[error("cannot read baseline `{0}`: {1}")]
    Read(String, std::io::Error),
    #[error("`{0}` is not a cclint baseline: {1}")]
    #[diagnostic(help("write one with `cclint check --write-baseline FILE`"))]
    Invalid(String, String),
    #[error("cannot write baseline `{0}`: {1}")]
    Write(String, std::io::Error),
}

fn parse(name: &str, text: &str) -> Result<Vec<Entry>, BaselineError> {
    let file: File = serde_json::from_str(text)
        .map_err(|e| BaselineError::Invalid(name.to_string(), e.to_string()))?;
    if file.version != 1 || file.tool != "cclint" {
        return Err(BaselineError::Invalid(
            name.to_string(),
            format!(
                "version {} of tool `{}`; expected version 1 of `cclint`",
                file.version, file.tool
            ),
        ));
    }
    Ok(file.findings)
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| BaselineError::Read(name.clone(), e))?;
        Ok(Baseline {
            entries: parse(&name, &text)?,
            name,
        })
    }

    /// The findings among `diagnostics` a baseline records: every finding that is not
    /// core, not suppressed by a comment, and not itself about the baseline.
    pub fn of_diagnostics(diagnostics: &[Diagnostic], name: &str) -> Baseline {
        Self::recording(diagnostics, name, |d| d.suppressed.is_none())
    }

    /// The baseline rewritten from itself: the entries of the baseline applied to
    /// `diagnostics` that still match a finding. Stale entries go, and nothing is added:
    /// a new finding is recorded only by writing a fresh baseline on purpose.
    pub fn pruned(diagnostics: &[Diagnostic], name: &str) -> Baseline {
        Self::recording(diagnostics, name, |_| false)
    }

    /// The findings a baseline written from `diagnostics` cannot hold, by why: core
    /// errors, and, when `pruning`, the findings that are not in the baseline already.
    pub fn left_out(diagnostics: &[Diagnostic], pruning: bool) -> (usize, usize) {
        let shown = diagnostics.iter().filter(|d| d.suppressed.is_none());
        let core = shown.clone().filter(|d| d.code.is_core()).count();
        let new = shown
            .filter(|d| pruning && !d.code.is_core() && d.code != Code::CC011)
            .count();
        (core, new)
    }

    /// The entries for the non-core findings that were suppressed by a baseline, or
    /// that are not suppressed and `unsuppressed` accepts.
    fn recording(
        diagnostics: &[Diagnostic],
        name: &str,
        unsuppressed: impl Fn(&Diagnostic) -> bool,
    ) -> Baseline {
        let mut entries: Vec<Entry> = diagnostics
            .iter()
            .filter(|d| !d.code.is_core() && d.code != Code::CC011)
            .filter(|d| match &d.suppressed {
                Some(s) => s.origin == SuppressedBy::Baseline,
                None => unsuppressed(d),
            })
            .map(|d| Entry {
                fingerprint: d.fingerprint.to_string(),
                code: d.code.as_str().to_string(),
                entity: d.entity.as_deref().map(str::to_string),
                message: d.message.to_string(),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.code, &a.entity, &a.fingerprint).cmp(&(&b.code, &b.entity, &b.fingerprint))
        });
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Baseline {
            name: name.to_string(),
            entries,
        }
    }

    /// Write the baseline to `path` atomically. An existing file is replaced only if it is
    /// a cclint baseline: anything else is left alone and reported.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let name = path.display().to_string();
        if let Ok(existing) = std::fs::read_to_string(path) {
            parse(&name, &existing)?;
        } else if path.exists() {
            return Err(BaselineError::Invalid(
                name,
                "it exists and cannot be read as text".to_string(),
            ));
        }
        let file = File {
            version: 1,
            tool: "cclint".to_string(),
            findings: self.entries.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).expect("a baseline always serialises");
        text.push('\n');
        let result = crate::fsutil::write_atomically(path, text.as_bytes());
        result.map_err(|e| BaselineError::Write(name, e))
    }

    /// Hide the findings the baseline records and report its stale entries (CC011, at
    /// `stale_level`; `None` when that rule is off). `names` gives each file id's display
    /// path, for sorting and fingerprints.
    pub fn apply(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        names: &[&str],
        stale_level: Option<crate::diagnostic::Level>,
    ) {
        let recorded: HashSet<&str> = self
            .entries
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        for d in diagnostics.iter_mut() {
            if d.code.is_core()
                || d.suppressed.is_some()
                || !recorded.contains(d.fingerprint.as_str())
            {
                continue;
            }
            seen.insert(d.fingerprint.to_string());
            d.suppressed = Some(Box::new(Suppressed {
                reason: format!("in baseline {}", self.name),
                until: None,
                origin: SuppressedBy::Baseline,
            }));
        }
        // A finding suppressed by a comment still occurs: its entry is not stale.
        seen.extend(diagnostics.iter().map(|d| d.fingerprint.to_string()));
        let Some(level) = stale_level else { return };
        // With a core error, the model is incomplete: an entry whose finding is missing may
        // be hidden by it, and rewriting the baseline then would lose it.
        if diagnostics.iter().any(|d| d.code.is_core()) {
            return;
        }
        let mut stale: Vec<Diagnostic> = self
            .entries
            .iter()
            .filter(|e| !seen.contains(&e.fingerprint))
            .map(|e| {
                let about = e.entity.as_deref().map(|x| format!(" about `{x}`")).unwrap_or_default();
                let mut d = Diagnostic::without_span(
                    Code::CC011,
                    None,
                    format!("baseline `{}` records a {} finding{about} that no longer occurs", self.name, e.code),
                )
                .with_help(format!(
                    "rewrite the baseline with `--write-baseline {}` so that it only shrinks (it was: {})",
                    self.name, e.message
                ))
                .with_subject(e.fingerprint.clone());
                d.entity = e.entity.as_deref().map(Into::into);
                d.level = level;
                d
            })
            .collect();
        diagnostic::assign_fingerprints(&mut stale, names);
        diagnostics.extend(stale);
        diagnostic::sort(diagnostics, names);
    }
}
