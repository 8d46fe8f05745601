//! `--format json`, version 1 (SPEC 6).

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic, Suppressed};
use crate::source::{Position, SourceFile, Span};
use crate::{Report, Summary};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSpan {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    span: JsonSpan,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    level: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    url: Option<String>,
    file: Option<&'a str>,
    span: Option<JsonSpan>,
    labels: Vec<JsonLabel<'a>>,
    entity: Option<&'a str>,
    fingerprint: &'a str,
    suppressed: Option<&'a Suppressed>,
    /// Only when there are some: JSON v1 gained it without breaking readers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    replacement: &'a str,
}

fn span(file: &SourceFile, span: Span) -> JsonSpan {
    JsonSpan {
        start: file.position(span.start()),
        end: file.position(span.end()),
    }
}

fn diagnostic<'a>(report: &'a Report, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let file = d.file.map(|f| report.file(f));
    JsonDiagnostic {
        code: d.code.as_str(),
        rule: d.code.name(),
        level: d.level.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        url: crate::catalog::doc_url(d.code.doc()),
        file: file.map(|f| f.display.as_str()),
        span: file.zip(d.span).map(|(f, s)| span(f, s)),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let f = report.file(l.file);
                JsonLabel {
                    file: &f.display,
                    span: span(f, l.span),
                    message: &l.message,
                }
            })
            .collect(),
        entity: d.entity.as_deref(),
        fingerprint: &d.fingerprint,
        suppressed: d.suppressed.as_ref(),
        fixes: match file {
            Some(f) => d
                .fixes
                .iter()
                .map(|fix| JsonFix {
                    message: &fix.message,
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            span: span(f, e.span),
                            replacement: &e.replacement,
                        })
                        .collect(),
                })
                .collect(),
            None => Vec::new(),
        },
    }
}

pub(super) fn write(
    report: &Report,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let document = Document {
        version: 1,
        tool: Tool {
            name: "cclint",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: report.summary(),
        diagnostics: super::shown(report, show_suppressed)
            .map(|d| diagnostic(report, d))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}
