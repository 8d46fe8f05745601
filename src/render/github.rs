//! `--format github`: GitHub Actions workflow commands, one per finding:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`, then
//! every finding as a plain log line and the summary.

use crate::diagnostic::Level;
use crate::Report;

/// Escape a message: `%`, `\r` and `\n` (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as data, plus `:` and `,` (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn write(
    report: &Report,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for d in super::shown(report, show_suppressed) {
        // A suppressed finding is shown as a notice, so it never fails a check.
        let command = match (d.level, d.suppressed.is_some()) {
            (_, true) | (Level::Info, _) => "notice",
            (Level::Error, false) => "error",
            (Level::Warning, false) => "warning",
        };
        let mut properties = Vec::new();
        if let Some(file) = d.file {
            let source = report.file(file);
            properties.push(format!("file={}", escape_property(&source.display)));
            if let Some(span) = d.span {
                let start = source.position(span.start());
                let end = source.position(span.end());
                properties.push(format!("line={}", start.line));
                properties.push(format!("col={}", start.column));
                properties.push(format!("endLine={}", end.line));
                properties.push(format!("endColumn={}", end.column));
            }
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.code.as_str(), d.code.name()))
        ));
        let mut message = d.message.to_string();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        if let Some(s) = &d.suppressed {
            message.push_str(&format!("\nsuppressed: {}", s.reason));
        }
        writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        )?;
    }
    // GitHub shows at most 10 error and 10 warning annotations per step (50 per job) and
    // drops the rest silently; so every finding is also printed as a plain log line (in a
    // collapsible group), followed by the summary, and none is lost from the log.
    let mut compact = String::new();
    let mut grouped = false;
    for d in super::shown(report, show_suppressed) {
        if !grouped {
            out.write_all(b"::group::cclint: every finding\n")?;
            grouped = true;
        }
        compact.clear();
        super::compact::push_line(report, d, &mut compact);
        for line in compact.lines() {
            // A line starting `::` would be read as a workflow command (a file named so).
            if line.starts_with("::") {
                out.write_all(b" ")?;
            }
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    if grouped {
        out.write_all(b"::endgroup::\n")?;
    }
    writeln!(out, "{}", super::summary_line(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_requires() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
