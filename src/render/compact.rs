//! `--format compact`: `FILE:LINE:COL: LEVEL[CODE] name: message`, one line each, for
//! quickfix lists. Findings with no place in a file print without the location prefix.

use crate::Report;

pub(super) fn render(report: &Report, show_suppressed: bool) -> String {
    let mut out = String::new();
    for d in super::shown(report, show_suppressed) {
        if let Some(file) = d.file {
            let source = report.file(file);
            let pos = source.position(d.span.map_or(0, |s| s.start()));
            out.push_str(&format!("{}:{}:{}: ", source.display, pos.line, pos.column));
        }
        let suppressed = if d.suppressed.is_some() {
            " (suppressed)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{}[{}] {}: {}{suppressed}\n",
            d.level.as_str(),
            d.code.as_str(),
            d.code.name(),
            d.message.replace('\n', " ")
        ));
    }
    out
}
