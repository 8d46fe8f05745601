//! `--format json`, version 1 (SPEC 6).

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic, Suppressed};
use crate::source::{Position, SourceFile, Span};
use crate::Report;

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

/// Diagnostics per batch: rendered in parallel, then written in order before the next
/// batch (so the output is streamed, never held whole).
const BATCH: usize = 2048;
/// Diagnostics rendered by one task.
const PIECE: usize = 64;

pub(super) fn write(
    report: &Report,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use std::io::Write;
    // The built-in rules, whose index is their place here; an organisation's rules have
    // no page on the site.
    let urls: Vec<Option<String>> = crate::catalog::Code::ALL
        .iter()
        .map(|code| crate::catalog::doc_url(code.doc()))
        .collect();
    let tool = Tool {
        name: "cclint",
        version: env!("CARGO_PKG_VERSION"),
    };
    // The document as serde_json's pretty printer lays it out, written field by field so
    // that the diagnostics can be rendered in parallel.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"{\n  \"version\": 1,\n  \"tool\": ")?;
    nested(&mut out, 1, &tool)?;
    out.write_all(b",\n  \"summary\": ")?;
    nested(&mut out, 1, &report.summary())?;
    out.write_all(b",\n  \"diagnostics\": [")?;
    let mut any = false;
    for batch in report.diagnostics.chunks(BATCH) {
        let pieces: Vec<std::io::Result<Vec<u8>>> = batch
            .par_chunks(PIECE)
            .map(|piece| {
                let mut buffer = Vec::with_capacity(piece.len() * 1024);
                for d in piece {
                    if show_suppressed || d.suppressed.is_none() {
                        buffer.extend_from_slice(b",\n    ");
                        nested(&mut buffer, 2, &diagnostic(report, d, &urls))?;
                    }
                }
                Ok(buffer)
            })
            .collect();
        for piece in pieces {
            let piece = piece?;
            // Every diagnostic but the first follows a comma.
            let skip = usize::from(!any && !piece.is_empty());
            any |= !piece.is_empty();
            out.write_all(&piece[skip..])?;
        }
    }
    out.write_all(if any { b"\n  ]\n}\n" } else { b"]\n}\n" })?;
    out.flush()
}

/// Serialise `value` as serde_json's pretty printer does at `level` of indentation.
fn nested(
    out: &mut impl std::io::Write,
    level: usize,
    value: &impl Serialize,
) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Nested::at(level));
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
}

/// `serde_json::ser::PrettyFormatter` (two spaces) starting at a given depth.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn at(level: usize) -> Self {
        Nested {
            level,
            has_value: false,
        }
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::nested;

    /// At depth 0, `Nested` writes what serde_json's pretty printer writes; deeper, the
    /// same with every line after the first indented by two spaces per level.
    #[test]
    fn nested_is_serde_jsons_pretty_layout() {
        let value = serde_json::json!({
            "a": [],
            "b": {},
            "c": [1, [2, {"d": null}], {"e": [], "f": "x\ny"}],
            "g": {"h": {"i": [true]}},
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        for level in 0..3 {
            let mut out = Vec::new();
            nested(&mut out, level, &value).unwrap();
            let indent = "  ".repeat(level);
            let expected = pretty.replace('\n', &format!("\n{indent}"));
            assert_eq!(String::from_utf8(out).unwrap(), expected, "level {level}");
        }
    }
}
