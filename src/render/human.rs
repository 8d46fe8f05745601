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
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One diagnostic as miette sees it. Labels in other files become related reports.
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
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

fn named(file: &SourceFile) -> NamedText<'_> {
    NamedText {
        name: &file.display,
        text: &file.text,
    }
}

fn rendered<'a>(report: &'a Report, d: &'a Diagnostic) -> Rendered<'a> {
    let file = d.file.map(|f| report.file(f));
    let mut labels = Vec::new();
    let mut related = Vec::new();
    if let (Some(_), Some(span)) = (file, d.span) {
        labels.push(LabeledSpan::new_primary_with_span(
            d.label.clone(),
            (span.start, span.len()),
        ));
    }
    for label in &d.labels {
        let span = (label.span.start, label.span.len());
        if Some(label.file) == d.file {
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                span,
            ));
        } else {
            let other = report.file(label.file);
            related.push(Rendered {
                message: label.message.clone(),
                code: None,
                severity: Severity::Advice,
                help: None,
                source: Some(named(other)),
                labels: vec![LabeledSpan::new_primary_with_span(None, span)],
                related: Vec::new(),
            });
        }
    }
    let mut message = d.message.clone();
    if d.span.is_none() {
        if let Some(file) = file {
            message = format!("{}: {message}", file.display);
        }
    }
    if let Some(s) = &d.suppressed {
        message.push_str(&format!(" (suppressed: {})", s.reason));
    }
    Rendered {
        message,
        code: Some(format!("{} ({})", d.code.as_str(), d.code.name())),
        severity: match d.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Advice,
        },
        help: d.help.as_deref(),
        source: if d.span.is_some() {
            file.map(named)
        } else {
            None
        },
        labels,
        related,
    }
}

pub(super) fn render(report: &Report, options: &HumanOptions, show_suppressed: bool) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let mut out = String::new();
    for d in super::shown(report, show_suppressed) {
        let r = rendered(report, d);
        if handler.render_report(&mut out, &r).is_err() {
            // miette only fails on a span outside the text, which would be a cclint bug;
            // still show the finding rather than lose it.
            out.push_str(&format!("{}: {}\n", d.code.as_str(), d.message));
        }
        out.push('\n');
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    out
}
