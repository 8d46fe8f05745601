//! `--format human`: miette graphical reports, then a summary line.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, Severity,
    SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Level};
use crate::source::SourceFile;
use crate::Report;

/// How to draw human output. The binary decides colour (terminal, `--color`, NO_COLOR).
#[derive(Clone, Debug)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

/// A file's text with its name, lent to miette without copying.
///
/// miette's own `read_span` over a `&str` counts lines from the start of the text, so a
/// file with many findings would cost findings x file size. This one hands miette only
/// the lines around the span (found by binary search) and shifts the result back, which
/// gives the same contents in time proportional to the snippet.
struct NamedText<'a> {
    file: &'a SourceFile,
    /// Offsets of lone `\r` characters, which miette also counts as line breaks.
    lone_returns: &'a [usize],
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text.as_str();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let first = self.file.line_index(start).saturating_sub(before + 1);
        let last = self.file.line_index(end) + after + 2;
        // A byte-order mark is not shown, nor counted in the first line's columns.
        let window_start = match self.file.line_start_at(first).unwrap_or(0) {
            0 if text.starts_with('\u{FEFF}') && span.offset() >= crate::source::BOM_LEN => {
                crate::source::BOM_LEN
            }
            start => start,
        };
        let window_end = self.file.line_start_at(last).unwrap_or(text.len());
        let window = &text[window_start..window_end];
        let local = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let inner = window.read_span(&local, before, after)?;
        // miette numbers lines from the start of the text: add the lines before the window.
        let lines_before = first + self.lone_returns.partition_point(|&r| r < window_start);
        let inner_span = inner.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display.clone(),
            inner.data(),
            SourceSpan::new(
                (inner_span.offset() + window_start).into(),
                inner_span.len(),
            ),
            inner.line() + lines_before,
            inner.column(),
            inner.line_count() + lines_before,
        )))
    }
}

/// The offsets of `\r` characters not followed by `\n`.
fn lone_returns(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i)
        .collect()
}

/// One diagnostic as miette sees it. Labels in other files become notes, rendered after it.
struct Rendered<'a> {
    message: String,
    code: Option<String>,
    severity: Severity,
    help: Option<&'a str>,
    source: Option<NamedText<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered<'a>>,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// Per file, computed on first use: the lone `\r` offsets.
struct Files<'a> {
    report: &'a Report,
    lone_returns: Vec<std::cell::OnceCell<Vec<usize>>>,
}

impl<'a> Files<'a> {
    fn named(&self, file: &'a SourceFile, id: crate::source::FileId) -> NamedText<'_> {
        NamedText {
            file,
            lone_returns: self.lone_returns[id.index()].get_or_init(|| lone_returns(&file.text)),
        }
    }
}

/// Lines longer than this are not drawn as snippets: miette cannot draw a label past
/// column 65,535 (it panics), and a snippet that wide helps nobody. The finding's place
/// is then written as `FILE:LINE:COLUMN` in its message.
const MAX_SNIPPET_LINE: usize = 10_000;

/// Whether the lines that `span` touches are too long to draw.
fn too_long(file: &SourceFile, span: crate::source::Span) -> bool {
    let start = file.line_start(span.start().min(file.text.len()));
    let last = file.line_index(span.end().min(file.text.len()));
    let end = file.line_start_at(last + 1).unwrap_or(file.text.len());
    end - start > MAX_SNIPPET_LINE
}

fn place(file: &SourceFile, offset: usize) -> String {
    let position = file.position(offset);
    format!("{}:{}:{}", file.display, position.line, position.column)
}

fn rendered<'a>(files: &'a Files<'a>, d: &'a Diagnostic) -> Rendered<'a> {
    let report = files.report;
    let file = d.file.map(|f| report.file(f));
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let unsnippeted = match (file, d.span) {
        (Some(file), Some(span)) => {
            too_long(file, span)
                || d.labels
                    .iter()
                    .any(|l| Some(l.file) == d.file && too_long(file, l.span))
        }
        _ => false,
    };
    if unsnippeted {
        let (file, span) = (file.expect("checked"), d.span.expect("checked"));
        let mut r = rendered_without_snippet(d, place(file, span.start()));
        for label in &d.labels {
            let other = report.file(label.file);
            r.related.push(note(files, label, other));
        }
        return r;
    }
    if let (Some(_), Some(span)) = (file, d.span) {
        labels.push(LabeledSpan::new_primary_with_span(
            d.label.as_deref().map(str::to_string),
            (span.start(), span.len()),
        ));
    }
    for label in &d.labels {
        let span = (label.span.start(), label.span.len());
        if Some(label.file) == d.file {
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                span,
            ));
        } else {
            let other = report.file(label.file);
            related.push(note(files, label, other));
        }
    }
    rendered_main(files, d, labels, related)
}

/// A label in another file, as a note: with its snippet, or its place when the line is
/// too long to draw.
fn note<'a>(
    files: &'a Files<'a>,
    label: &'a crate::diagnostic::Label,
    other: &'a SourceFile,
) -> Rendered<'a> {
    let span = (label.span.start(), label.span.len());
    if too_long(other, label.span) {
        return Rendered {
            message: format!(
                "note: {} ({})",
                label.message,
                place(other, label.span.start())
            ),
            code: None,
            severity: Severity::Advice,
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
    }
    Rendered {
        message: format!("note: {}", label.message),
        code: None,
        severity: Severity::Advice,
        help: None,
        source: Some(files.named(other, label.file)),
        labels: vec![LabeledSpan::new_primary_with_span(None, span)],
        related: Vec::new(),
    }
}

fn rendered_without_snippet(d: &Diagnostic, place: String) -> Rendered<'_> {
    report_of(d, Some(place), None, Vec::new(), Vec::new())
}

/// The report for `d`: its message (after `place`, when given), code, level and help.
fn report_of<'a>(
    d: &'a Diagnostic,
    place: Option<String>,
    source: Option<NamedText<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered<'a>>,
) -> Rendered<'a> {
    let mut message = match place {
        Some(place) => format!("{place}: {}", d.message),
        None => d.message.to_string(),
    };
    if let Some(s) = &d.suppressed {
        message.push_str(&format!(" (suppressed: {})", s.reason));
    }
    Rendered {
        message,
        code: Some(format!("{} ({})", d.code.as_str(), d.code.name())),
        severity: severity(d.level),
        help: d.help.as_deref(),
        source,
        labels,
        related,
    }
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Advice,
    }
}

fn rendered_main<'a>(
    files: &'a Files<'a>,
    d: &'a Diagnostic,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered<'a>>,
) -> Rendered<'a> {
    let report = files.report;
    // A finding about a whole file names it; one with a span shows it in the snippet.
    let (place, source) = match (d.file, d.span) {
        (Some(id), Some(_)) => (None, Some(files.named(report.file(id), id))),
        (Some(id), None) => (Some(report.file(id).display.clone()), None),
        (None, _) => (None, None),
    };
    report_of(d, place, source, labels, related)
}

pub(super) fn write(
    report: &Report,
    options: &HumanOptions,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let files = Files {
        report,
        lone_returns: (0..report.files.id_bound())
            .map(|_| Default::default())
            .collect(),
    };
    // One finding at a time, its text written out before the next is drawn.
    let mut text = String::new();
    for d in super::shown(report, show_suppressed) {
        text.clear();
        let r = rendered(&files, d);
        if handler.render_report(&mut text, &r).is_err() {
            // miette only fails on a span outside the text, which would be a cclint bug;
            // still show the finding rather than lose it.
            text.push_str(&format!("{}: {}\n", d.code.as_str(), d.message));
        }
        // Labels in other files follow as notes of the same report, as rustc prints them
        // (miette's related reports would each open with an `Advice:` header line).
        for note in &r.related {
            text.push('\n');
            if handler.render_report(&mut text, note).is_err() {
                text.push_str(&format!("{}\n", note.message));
            }
        }
        text.push('\n');
        out.write_all(text.as_bytes())?;
    }
    writeln!(out, "{}", super::summary_line(report))
}
