//! What every report must satisfy, whatever the input (SPEC 7): no panic in any renderer,
//! JSON and SARIF that parse, spans inside their file and on character boundaries, and
//! line/column numbers that agree with the offsets. The fuzz targets (`fuzz/`) and the
//! property test (`tests/properties.rs`) check these on random input.

use crate::render::{self, Format, HumanOptions};
use crate::source::{SourceFile, Span, BOM_LEN};
use crate::Report;

/// Check `report` and every rendering of it; the first broken invariant is the error.
pub fn check_report(report: &Report) -> Result<(), String> {
    for (index, d) in report.diagnostics.iter().enumerate() {
        let what = format!("diagnostic {index} ({:?}: {})", d.code, d.message);
        if let Some(span) = d.span {
            let file = d
                .file
                .ok_or_else(|| format!("{what}: a span without a file"))?;
            check_span(report.file(file), span).map_err(|e| format!("{what}: {e}"))?;
        }
        for label in &d.labels {
            check_span(report.file(label.file), label.span)
                .map_err(|e| format!("{what}, label `{}`: {e}", label.message))?;
        }
        for fix in &d.fixes {
            let file = d
                .file
                .ok_or_else(|| format!("{what}: a fix without a file"))?;
            for edit in &fix.edits {
                check_span(report.file(file), edit.span)
                    .map_err(|e| format!("{what}, fix `{}`: {e}", fix.message))?;
            }
        }
        if d.message.is_empty() {
            return Err(format!("{what}: an empty message"));
        }
    }
    for format in [Format::Human, Format::Compact, Format::Github] {
        for show_suppressed in [false, true] {
            render::render(report, format, &HumanOptions::default(), show_suppressed);
        }
    }
    for (format, name) in [(Format::Json, "JSON"), (Format::Sarif, "SARIF")] {
        for show_suppressed in [false, true] {
            let text = render::render(report, format, &HumanOptions::default(), show_suppressed);
            serde_json::from_str::<serde_json::Value>(&text)
                .map_err(|e| format!("the {name} output does not parse: {e}\n{text}"))?;
        }
    }
    Ok(())
}

/// A span lies within its file, on character boundaries, and [`SourceFile::position`]
/// agrees with a count made here from the start of the text.
fn check_span(file: &SourceFile, span: Span) -> Result<(), String> {
    let text = &file.text;
    if span.start() > span.end() || span.end() > text.len() {
        return Err(format!(
            "span {}..{} outside `{}` ({} bytes)",
            span.start(),
            span.end(),
            file.display,
            text.len()
        ));
    }
    for offset in [span.start(), span.end()] {
        if !text.is_char_boundary(offset) {
            return Err(format!("offset {offset} inside a character"));
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let skip = if line_start == 0 && text.starts_with('\u{FEFF}') {
            BOM_LEN.min(offset)
        } else {
            line_start
        };
        let column = text[skip..offset].chars().count() + 1;
        let position = file.position(offset);
        if (position.line, position.column, position.offset) != (line, column, offset) {
            return Err(format!(
                "offset {offset} is at {line}:{column}, but position() says {}:{} (offset {})",
                position.line, position.column, position.offset
            ));
        }
    }
    Ok(())
}

/// A parse of `text`: every node's span inside the text and on character boundaries,
/// declarations and comments in text order without overlap, names equal to their text,
/// comments from `#` to the end of a line, and the same tree when parsed again.
pub fn check_parse(text: &str, parsed: &crate::syntax::ParsedFile) -> Result<(), String> {
    let within = |span: Span, what: &str| {
        if span.start() > span.end() || span.end() > text.len() {
            Err(format!(
                "{what}: span {}..{} outside the text",
                span.start(),
                span.end()
            ))
        } else if !text.is_char_boundary(span.start()) || !text.is_char_boundary(span.end()) {
            Err(format!(
                "{what}: span {}..{} inside a character",
                span.start(),
                span.end()
            ))
        } else {
            Ok(())
        }
    };
    let mut previous_end = 0;
    for d in &parsed.declarations {
        within(d.span, "declaration")?;
        if d.span.start() < previous_end {
            return Err(format!(
                "declaration at {} overlaps the previous one",
                d.span.start()
            ));
        }
        previous_end = d.span.end();
        within(d.kind_span(), "kind")?;
        within(d.name.span, "name")?;
        if text[d.name.span.start()..d.name.span.end()] != *d.name.text {
            return Err(format!("name `{}` is not its span's text", d.name.text));
        }
        if let Some(title) = &d.title {
            within(title.span, "title")?;
        }
        if let Some(block) = d.block {
            within(block, "block")?;
        }
        for f in &d.fields {
            within(f.span, "field")?;
            within(f.key_span(), "key")?;
            if text[f.key_span().start()..f.key_span().end()] != *f.key {
                return Err(format!("key `{}` is not its span's text", f.key));
            }
            for v in &f.values {
                within(v.span, "value")?;
            }
        }
    }
    for e in &parsed.errors {
        within(e.span, "syntax error")?;
        if e.message.is_empty() {
            return Err("a syntax error without a message".into());
        }
    }
    let mut previous_end = 0;
    for c in &parsed.comments {
        within(c.span, "comment")?;
        let body = &text[c.span.start()..c.span.end()];
        if c.span.start() < previous_end || !body.starts_with('#') || body.contains('\n') {
            return Err(format!(
                "comment {}..{} is {body:?}",
                c.span.start(),
                c.span.end()
            ));
        }
        previous_end = c.span.end();
    }
    if crate::syntax::parse(text) != *parsed {
        return Err("parsing the same text twice gave two trees".into());
    }
    Ok(())
}

/// A configuration error: its label inside the text and on character boundaries, and
/// the error renders.
pub fn check_config_error(text: &str, error: &crate::config::ConfigError) -> Result<(), String> {
    use crate::config::ConfigError;
    let errors = match error {
        ConfigError::Several { errors, .. } => errors.iter().collect(),
        one => vec![one],
    };
    for error in errors {
        if let ConfigError::Invalid {
            span: Some(span), ..
        } = error
        {
            let (start, end) = (span.offset(), span.offset() + span.len());
            if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(format!("config label {start}..{end} is not in the text"));
            }
        }
    }
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, error)
        .map_err(|e| format!("the config error does not render: {e}"))?;
    Ok(())
}
