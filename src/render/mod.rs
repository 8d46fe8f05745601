//! Output formats, one module each. Renderers read a [`Report`] and write its text as
//! they go (a report of 100,000 products is tens of megabytes of SARIF, never held whole).

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

/// Render the report as text. `show_suppressed` adds suppressed diagnostics, marked as
/// such.
pub fn render(
    report: &Report,
    format: Format,
    human: &HumanOptions,
    show_suppressed: bool,
) -> String {
    let mut out = Vec::new();
    write(report, format, human, show_suppressed, &mut out)
        .expect("writing to memory does not fail");
    String::from_utf8(out).expect("every renderer writes UTF-8")
}

/// [`render`] into `out`, piece by piece (give it a buffered writer).
pub fn write(
    report: &Report,
    format: Format,
    human: &HumanOptions,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(report, human, show_suppressed, out),
        Format::Json => json::write(report, show_suppressed, out),
        Format::Compact => compact::write(report, show_suppressed, out),
        Format::Sarif => sarif::write(report, show_suppressed, out),
        Format::Github => github::write(report, show_suppressed, out),
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

/// "2 errors, 1 warning in 5 files" (infos only when there are some), and how many
/// findings the baseline hid, when it hid any.
pub fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    let mut line = format!("{} in {}", parts.join(", "), plural(s.files, "file"));
    let baselined = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.suppressed
                .as_ref()
                .is_some_and(|s| s.origin == crate::diagnostic::SuppressedBy::Baseline)
        })
        .count();
    if baselined > 0 {
        let verb = if baselined == 1 { "was" } else { "were" };
        line.push_str(&format!(
            "; {} known from the baseline {verb} not shown (--no-baseline shows them)",
            plural(baselined, "finding")
        ));
    }
    line
}
