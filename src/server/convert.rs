//! Between cclint's byte offsets and the client's positions (UTF-16 code units by
//! default, UTF-8 bytes when negotiated), paths and URIs, and cclint's diagnostics and
//! the protocol's.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;

use crate::catalog::{self, Code};
use crate::diagnostic::{Diagnostic, Level};
use crate::source::{SourceFile, Span, BOM_LEN};

/// How the client counts characters in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf16,
    Utf8,
}

/// Where the text of line `line` starts, skipping a byte-order mark on the first line:
/// editors do not show it, so it is not a character of the line.
fn line_start(file: &SourceFile, line: usize) -> usize {
    match file.line_start_at(line).unwrap_or(file.text.len()) {
        0 if file.text.starts_with('\u{FEFF}') => BOM_LEN,
        start => start,
    }
}

/// The client's position of byte `offset`.
pub fn position(file: &SourceFile, offset: usize, encoding: Encoding) -> lsp::Position {
    let mut offset = offset.min(file.text.len());
    while !file.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = file.line_index(offset);
    let start = line_start(file, line).min(offset);
    let before = &file.text[start..offset];
    let character = match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
    };
    lsp::Position::new(line as u32, character as u32)
}

/// The byte offset of a client's position: a line past the end is the end of the text,
/// a character past the end of its line is the end of the line, and a position inside a
/// character (half a surrogate pair) is the start of that character.
pub fn offset(file: &SourceFile, position: lsp::Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    let Some(next) = file.line_start_at(line) else {
        return file.text.len();
    };
    let start = if line == 0 { line_start(file, 0) } else { next };
    let end = file
        .line_start_at(line + 1)
        .map_or(file.text.len(), |n| n - 1);
    let end = if file.text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    let mut units = 0;
    for (i, c) in file.text[start..end].char_indices() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > position.character as usize {
            return start + i;
        }
        units += width;
    }
    end
}

pub fn range(file: &SourceFile, span: Span, encoding: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(file, span.start(), encoding),
        position(file, span.end(), encoding),
    )
}

pub fn span(file: &SourceFile, range: lsp::Range, encoding: Encoding) -> Span {
    let start = offset(file, range.start, encoding);
    let end = offset(file, range.end, encoding).max(start);
    Span::new(start, end)
}

/// The path a `file:` URI names.
pub fn path(uri: &lsp::Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of a path (absolute, or made so against `root`).
pub fn uri(path: &Path, root: &Path) -> lsp::Uri {
    let absolute = root.join(path);
    let url = url::Url::from_file_path(&absolute)
        .unwrap_or_else(|_| url::Url::parse("file:///").expect("a valid URL"));
    lsp::Uri::from_str(url.as_str()).expect("a URL is a URI")
}

/// A finding as the protocol has it: its range, severity, code (with a link to the rule's
/// documentation when the project declares where it is published), the message and help,
/// secondary labels as related information, and tags.
pub fn diagnostic(
    d: &Diagnostic,
    file: &SourceFile,
    related: impl Fn(crate::source::FileId) -> Option<(lsp::Uri, std::sync::Arc<SourceFile>)>,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let range = match d.span {
        Some(span) => range(file, span, encoding),
        None => lsp::Range::default(),
    };
    let mut message = d.message.to_string();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related_information: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|label| {
            let (uri, other) = related(label.file)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri, range_in(&other, label.span, encoding)),
                message: label.message.clone(),
            })
        })
        .collect();
    let tags =
        matches!(d.code, Code::CC007 | Code::CC010).then(|| vec![lsp::DiagnosticTag::UNNECESSARY]);
    lsp::Diagnostic {
        range,
        severity: Some(match d.level {
            Level::Error => lsp::DiagnosticSeverity::ERROR,
            Level::Warning => lsp::DiagnosticSeverity::WARNING,
            Level::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: rule_link(d.code).map(|href| lsp::CodeDescription { href }),
        source: Some("cclint".to_string()),
        message,
        related_information: (!related_information.is_empty()).then_some(related_information),
        tags,
        data: None,
    }
}

/// Where a rule's documentation is: its page on the documentation site.
pub fn rule_link(code: Code) -> Option<lsp::Uri> {
    let url = catalog::doc_url(code.doc())?;
    lsp::Uri::from_str(&url).ok()
}

fn range_in(file: &SourceFile, span: Span, encoding: Encoding) -> lsp::Range {
    range(file, span, encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.ccl".into(), "a.ccl".into(), text.to_string())
    }

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let f = file("role ü \"😀x\"\r\nrole b\n");
        let x = f.text.find('x').unwrap();
        assert_eq!(position(&f, x, Encoding::Utf16), lsp::Position::new(0, 10));
        assert_eq!(position(&f, x, Encoding::Utf8), lsp::Position::new(0, 13));
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            for at in f
                .text
                .char_indices()
                .map(|(i, _)| i)
                .filter(|&i| f.text.as_bytes()[i] != b'\n' && f.text.as_bytes()[i] != b'\r')
            {
                assert_eq!(offset(&f, position(&f, at, encoding), encoding), at, "{at}");
            }
        }
        // Past the line's end: its end, before `\r\n`; past the last line: the end.
        assert_eq!(
            offset(&f, lsp::Position::new(0, 99), Encoding::Utf16),
            x + 2
        );
        assert_eq!(
            offset(&f, lsp::Position::new(9, 0), Encoding::Utf16),
            f.text.len()
        );
        // Inside the surrogate pair of 😀: the start of the character.
        let smile = f.text.find('😀').unwrap();
        assert_eq!(offset(&f, lsp::Position::new(0, 9), Encoding::Utf16), smile);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_character() {
        let f = file("\u{FEFF}role r\n");
        assert_eq!(
            position(&f, BOM_LEN, Encoding::Utf16),
            lsp::Position::new(0, 0)
        );
        assert_eq!(
            offset(&f, lsp::Position::new(0, 5), Encoding::Utf16),
            BOM_LEN + 5
        );
    }

    #[test]
    fn uris_and_paths() {
        let root = Path::new("/tmp/a b");
        let u = uri(Path::new("x/ü.ccl"), root);
        assert_eq!(u.as_str(), "file:///tmp/a%20b/x/%C3%BC.ccl");
        assert_eq!(path(&u).unwrap(), Path::new("/tmp/a b/x/ü.ccl"));
    }
}
