//! `--format compact`: `FILE:LINE:COL: LEVEL[CODE] name: message`, one line each, for
//! quickfix lists. Findings with no place in a file print without the location prefix.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::Report;

pub(super) fn write(
    report: &Report,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut line = String::new();
    for d in super::shown(report, show_suppressed) {
        line.clear();
        push_line(report, d, &mut line);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// `d`'s line, its newline included, added to `out`.
pub(super) fn push_line(report: &Report, d: &Diagnostic, out: &mut String) {
    if let Some(file) = d.file {
        let source = report.file(file);
        let pos = source.position(d.span.map_or(0, |s| s.start()));
        let _ = write!(out, "{}:{}:{}: ", source.display, pos.line, pos.column);
    }
    let suppressed = if d.suppressed.is_some() {
        " (suppressed)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{}[{}] {}: {}{suppressed}",
        d.level.as_str(),
        d.code.as_str(),
        d.code.name(),
        d.message.replace('\n', " ")
    );
}
