//! The shape of a file for an editor: what folds (blocks, runs of comments) and what a
//! selection grows through (value, field, declaration, file).

use crate::source::{FileId, Span};
use crate::Workspace;

/// A region an editor can fold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    /// A run of comments rather than a block.
    pub comment: bool,
}

/// The blocks of `file`'s declarations and its runs of two or more own-line comments, in
/// text order. (A fold on one line folds nothing: the server leaves those out.)
pub fn folding_ranges(workspace: &Workspace, file: FileId) -> Vec<Fold> {
    let (Some(parsed), Some(source)) = (workspace.parsed(file), workspace.file(file)) else {
        return Vec::new();
    };
    let text = source.text.as_str();
    let mut folds: Vec<Fold> = parsed
        .declarations
        .iter()
        .filter_map(|d| d.block)
        .map(|span| Fold {
            span,
            comment: false,
        })
        .collect();
    // Consecutive own-line comments, one on each line, make a run.
    let mut runs: Vec<(Span, usize)> = Vec::new();
    for comment in parsed.comments.iter().filter(|c| c.own_line) {
        let start = line_start(text, comment.span.start());
        match runs.last_mut() {
            Some((span, count)) if next_line(text, span.end()) == start => {
                *span = Span::new(span.start(), comment.span.end());
                *count += 1;
            }
            _ => runs.push((comment.span, 1)),
        }
    }
    folds.extend(
        runs.into_iter()
            .filter(|(_, count)| *count > 1)
            .map(|(span, _)| Fold {
                span,
                comment: true,
            }),
    );
    folds.sort_by_key(|f| f.span.start());
    folds
}

/// The start of the line after the one holding `offset`.
fn next_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The spans a selection at `offset` grows through, innermost first: the name, title, key
/// or value under the cursor, its field, the block, the declaration, the whole file.
pub fn selection_ranges(workspace: &Workspace, file: FileId, offset: usize) -> Vec<Span> {
    let Some(source) = workspace.file(file) else {
        return Vec::new();
    };
    let whole = Span::new(0, source.text.len());
    let Some(decl) = super::declaration_at(workspace, file, offset) else {
        return vec![whole];
    };
    let holds = |span: Span| span.start() <= offset && offset <= span.end();
    let mut spans = Vec::new();
    if let Some(field) = decl.fields.iter().find(|f| holds(f.span)) {
        if let Some(value) = field.values.iter().find(|v| holds(v.span)) {
            spans.push(value.span);
        } else if holds(field.key_span()) {
            spans.push(field.key_span());
        }
        // A field's span runs to the next token; the selection stops at its last.
        let written = source.text[field.span.start()..field.span.end()].trim_end();
        spans.push(Span::new(
            field.span.start(),
            field.span.start() + written.len(),
        ));
    } else if holds(decl.name.span) {
        spans.push(decl.name.span);
    } else if let Some(title) = decl.title.as_ref().filter(|t| holds(t.span)) {
        spans.push(title.span);
    }
    if let Some(block) = decl.block {
        spans.push(block);
    }
    spans.push(Span::new(decl.span.start(), decl.code_end()));
    spans.push(whole);
    // Each span holds the one before it; the same span twice is one step.
    spans.dedup();
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::workspace;

    #[test]
    fn blocks_and_comment_runs_fold() {
        let text = "# one\n# two\nrole r {\n  department: d\n}\n# alone\n\ndepartment d\n";
        let (ws, _) = workspace(&[("a.ccl", text)]);
        let folds = folding_ranges(&ws, FileId(0));
        let shown: Vec<(&str, bool)> = folds
            .iter()
            .map(|f| (&text[f.span.start()..f.span.end()], f.comment))
            .collect();
        assert_eq!(
            shown,
            [("# one\n# two", true), ("{\n  department: d\n}", false)]
        );
    }

    #[test]
    fn a_selection_grows_from_a_value_to_the_file() {
        let text = "department d\nrole r \"R\" {\n  department: d|\n}\n";
        let (ws, cursor) = workspace(&[("a.ccl", text)]);
        let (file, offset) = cursor.unwrap();
        let source = ws.file(file).unwrap().text.clone();
        let spans: Vec<&str> = selection_ranges(&ws, file, offset)
            .iter()
            .map(|s| &source[s.start()..s.end()])
            .collect();
        assert_eq!(
            spans,
            [
                "d",
                "department: d",
                "{\n  department: d\n}",
                "role r \"R\" {\n  department: d\n}",
                source.as_str()
            ]
        );
        let at_name = selection_ranges(&ws, file, source.find("r \"R\"").unwrap());
        assert_eq!(&source[at_name[0].start()..at_name[0].end()], "r");
        assert_eq!(
            selection_ranges(&ws, file, 11).len(),
            3,
            "name, declaration, file"
        );
        assert_eq!(
            selection_ranges(&ws, file, 0).len(),
            2,
            "keyword: declaration, file"
        );
    }
}
