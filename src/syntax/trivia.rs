//! Comments (trivia): found once per file, kept with their spans and attached to the
//! declaration or field they belong to, so that a formatter can print every comment back
//! in its place and suppressions are read from them.

use super::ast::Declaration;
use crate::source::Span;

/// One `#` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the `#` to the end of its line (without the line break).
    pub span: Span,
    /// Whether it is alone on its line (only whitespace before it).
    pub own_line: bool,
    /// What it belongs to.
    pub place: CommentPlace,
}

impl Comment {
    /// The comment's text after the `#`.
    pub fn body<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.start() + 1..self.span.end()]
    }
}

/// Where a comment belongs. Indices are into [`super::ParsedFile::declarations`] and
/// that declaration's `fields`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentPlace {
    /// On its own line(s) before a declaration.
    BeforeDeclaration(usize),
    /// At the end of the line on which a declaration without a block ends, or on which
    /// its block closes.
    AfterDeclaration(usize),
    /// At the end of a declaration's first line, after `{` and before any field.
    AfterHeader(usize),
    /// On its own line before a field.
    BeforeField(usize, usize),
    /// At the end of a line of a field (usually its last).
    AfterField(usize, usize),
    /// On its own line after the last field of a block, before `}`.
    EndOfBlock(usize),
    /// After the last declaration of the file, or in text that did not parse.
    EndOfFile,
}

/// The comments of `text`, in order. A `#` inside a string does not start one. Lines end
/// at `\n`; a `\r` before it is not part of the comment.
pub fn comments(text: &str, declarations: &[Declaration]) -> Vec<Comment> {
    comments_in(text, 0..text.len(), declarations)
}

/// The comments of the lines of `text[range]` (which starts at a line), placed among
/// `declarations` (those of that range).
pub fn comments_in(
    text: &str,
    range: std::ops::Range<usize>,
    declarations: &[Declaration],
) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut line_start = range.start;
    for line in text[range].split_inclusive('\n') {
        if let Some(i) = comment_start(line) {
            let body = line[i + 1..].trim_end_matches(['\n', '\r']);
            let start = line_start + i;
            let span = Span::new(start, start + 1 + body.len());
            let own_line = line[..i].trim().is_empty();
            out.push(Comment {
                span,
                own_line,
                place: place(text, declarations, start, own_line),
            });
        }
        line_start += line.len();
    }
    out
}

/// The offset in `line` of a `#` that is not inside a string.
fn comment_start(line: &str) -> Option<usize> {
    if !line.contains('#') {
        return None;
    }
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            return Some(i);
        }
    }
    None
}

/// Where the comment starting at `at` belongs; declarations and fields are in text order,
/// so this is a pair of binary searches.
fn place(text: &str, declarations: &[Declaration], at: usize, own_line: bool) -> CommentPlace {
    let following = declarations.partition_point(|d| d.span.start() <= at);
    let Some(index) = following.checked_sub(1) else {
        return before(declarations, 0);
    };
    let decl = &declarations[index];
    let end = decl.code_end();
    if at >= end {
        if own_line || !same_line(text, end.saturating_sub(1), at) {
            return before(declarations, following);
        }
        return CommentPlace::AfterDeclaration(index);
    }
    // Inside the declaration's block.
    let fields = &decl.fields;
    let next = fields.partition_point(|f| f.span.start() <= at);
    if own_line {
        return match fields.get(next) {
            Some(_) => CommentPlace::BeforeField(index, next),
            None => CommentPlace::EndOfBlock(index),
        };
    }
    match next.checked_sub(1) {
        Some(field) => CommentPlace::AfterField(index, field),
        None => CommentPlace::AfterHeader(index),
    }
}

fn before(declarations: &[Declaration], index: usize) -> CommentPlace {
    if index < declarations.len() {
        CommentPlace::BeforeDeclaration(index)
    } else {
        CommentPlace::EndOfFile
    }
}

/// Whether no line break lies between offsets `a <= b`.
fn same_line(text: &str, a: usize, b: usize) -> bool {
    !text.as_bytes()[a.min(b)..b].contains(&b'\n')
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::CommentPlace::*;
    use super::*;

    fn places(text: &str) -> Vec<(String, CommentPlace)> {
        let parsed = parse(text);
        parsed
            .comments
            .iter()
            .map(|c| (c.body(text).trim().to_string(), c.place))
            .collect()
    }

    #[test]
    fn comments_are_attached_to_what_they_belong_to() {
        let text = "\
# about the org
organisation o   # after org

# about p
product p \"P # not a comment\" {  # after the brace
  # before owner
  owner: a   # after owner
  end_user: a,  # inside a list
    b
  # at the end of the block
}  # after the block
department d { lead: r } # after d
# at the end of the file
";
        assert_eq!(
            places(text),
            [
                ("about the org".into(), BeforeDeclaration(0)),
                ("after org".into(), AfterDeclaration(0)),
                ("about p".into(), BeforeDeclaration(1)),
                ("after the brace".into(), AfterHeader(1)),
                ("before owner".into(), BeforeField(1, 0)),
                ("after owner".into(), AfterField(1, 0)),
                ("inside a list".into(), AfterField(1, 1)),
                ("at the end of the block".into(), EndOfBlock(1)),
                ("after the block".into(), AfterDeclaration(1)),
                ("after d".into(), AfterDeclaration(2)),
                ("at the end of the file".into(), EndOfFile),
            ]
        );
    }

    #[test]
    fn comment_spans_exclude_line_breaks() {
        let text = "role r # c\r\n# d";
        let parsed = parse(text);
        let bodies: Vec<&str> = parsed.comments.iter().map(|c| c.body(text)).collect();
        assert_eq!(bodies, [" c", " d"]);
        assert!(!parsed.comments[0].own_line);
        assert!(parsed.comments[1].own_line);
        assert_eq!(places(""), []);
        assert_eq!(places("# only\n"), [("only".into(), EndOfFile)]);
    }
}
