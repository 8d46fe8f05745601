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
    diagnostics: Diagnostics<'a>,
}

/// The diagnostics, each converted as it is written: never all held at once (a
/// repository of 100,000 products has tens of thousands).
struct Diagnostics<'a> {
    report: &'a Report,
    show_suppressed: bool,
    /// Each built-in rule's documentation page, by code index, made once.
    urls: Vec<Option<String>>,
}

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            super::shown(self.report, self.show_suppressed)
                .map(|d| diagnostic(self.report, d, &self.urls)),
        )
    }
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
    url: Option<&'a str>,
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

fn diagnostic<'a>(
    report: &'a Report,
    d: &'a Diagnostic,
    urls: &'a [Option<String>],
) -> JsonDiagnostic<'a> {
    let file = d.file.map(|f| report.file(f));
    JsonDiagnostic {
        code: d.code.as_str(),
        rule: d.code.name(),
        level: d.level.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        url: urls.get(d.code.index()).and_then(Option::as_deref),
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
        fingerprint: d.fingerprint.as_str(),
        suppressed: d.suppressed.as_deref(),
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
        diagnostics: Diagnostics {
            report,
            show_suppressed,
            // The built-in rules, whose index is their place here; an organisation's
            // rules have no page on the site.
            urls: crate::catalog::Code::ALL
                .iter()
                .map(|code| crate::catalog::doc_url(code.doc()))
                .collect(),
        },
    };
    // serde_json writes a token at a time: into a buffer of a known type, each write is
    // a copy, not a call through `dyn Write`.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, &document)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}
