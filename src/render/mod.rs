//! Output formats, one module each. Renderers read a [`Report`] and return text.

mod compact;
mod github;
mod human;
mod json;
mod sarif;

use crate::Report;

pub use human::HumanOptions;

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Compact,
}

/// Render the report. `show_suppressed` adds suppressed diagnostics, marked as such.
pub fn render(
    report: &Report,
    format: Format,
    human: &HumanOptions,
    show_suppressed: bool,
) -> String {
    match format {
        Format::Human => human::render(report, human, show_suppressed),
        Format::Json => json::render(report, show_suppressed),
        Format::Compact => compact::render(report, show_suppressed),
        Format::Sarif => sarif::render(report, show_suppressed),
        Format::Github => github::render(report, show_suppressed),
    }
}

/// The diagnostics a renderer shows.
fn shown(
    report: &Report,
    show_suppressed: bool,
) -> impl Iterator<Item = &crate::diagnostic::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(move |d| show_suppressed || d.suppressed.is_none())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "2 errors, 1 warning in 5 files" (infos only when there are some).
pub fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    format!("{} in {}", parts.join(", "), plural(s.files, "file"))
}
