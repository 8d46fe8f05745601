//! `cclint fmt`: the canonical layout of a CCL file, printed from its syntax tree and its
//! comments (never by patching the source text). Every layout rule lives in this file;
//! The documentation's "Fixes and formatting" page states them for users.
//!
//! - Two-space indentation; one field per line in a block; `key: value`.
//! - A value list stays on one line (`a, b, c`) while the line fits in [`WIDTH`] columns;
//!   otherwise the key ends its line and each value follows on its own line, indented
//!   twice, separated by `,` (CCL has no trailing comma).
//! - A declaration without fields is one line, without braces (`department cx "CX"`).
//! - A block written on one line stays on one line (`{ a: x; b: y }`) when it has no
//!   comment inside and fits; any other block is printed one field per line.
//! - Blank lines: none at the start of the file or of a block, none before `}`; a run of
//!   blank lines anywhere else becomes one; declarations of more than one line are always
//!   set apart by one blank line.
//! - Comments keep their place: own-line comments before the declaration or field they
//!   preceded (at its indentation), end-of-line comments at the end of the line where
//!   their declaration or field starts, two spaces after the code. Their text is kept,
//!   trailing whitespace removed.
//! - Strings are re-escaped canonically (`\"`, `\\`, `\n`, `\t`); `;` terminators are
//!   dropped; no trailing whitespace; one final newline; the file's line ending (`\n` or
//!   `\r\n`, by its first line break) and a leading byte-order mark are kept.

pub mod files;

use crate::syntax::{self, Comment, CommentPlace, Declaration, Field, Literal, ParsedFile, Value};

/// The column limit for value lists and one-line blocks.
pub const WIDTH: usize = 100;
const INDENT: &str = "  ";

/// Format `text`, or return the syntax errors that stop it from being formatted.
pub fn format(text: &str) -> Result<String, Vec<syntax::SyntaxError>> {
    let parsed = syntax::parse(text);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    Ok(format_parsed(text, &parsed))
}

/// Format a file that parsed without errors.
pub fn format_parsed(text: &str, parsed: &ParsedFile) -> String {
    let mut printer = Printer::new(text, parsed);
    printer.file();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    if text.starts_with('\u{FEFF}') {
        out.push('\u{FEFF}');
    }
    let crlf = text
        .find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r');
    let newline = if crlf { "\r\n" } else { "\n" };
    for line in &printer.lines {
        out.push_str(line.trim_end());
        out.push_str(newline);
    }
    out
}

/// The comments of a file, grouped by their place.
#[derive(Default)]
struct Comments<'a> {
    before_declaration: Vec<Vec<&'a Comment>>,
    after_declaration: Vec<Vec<&'a Comment>>,
    after_header: Vec<Vec<&'a Comment>>,
    before_field: Vec<Vec<Vec<&'a Comment>>>,
    after_field: Vec<Vec<Vec<&'a Comment>>>,
    end_of_block: Vec<Vec<&'a Comment>>,
    end_of_file: Vec<&'a Comment>,
}

struct Printer<'a> {
    text: &'a str,
    parsed: &'a ParsedFile,
    comments: Comments<'a>,
    lines: Vec<String>,
    /// The end of the last piece of source printed: blank lines are looked for between
    /// it and the next piece.
    last_end: Option<usize>,
    /// The line where the field being printed starts.
    field_start_line: usize,
}

impl<'a> Printer<'a> {
    fn new(text: &'a str, parsed: &'a ParsedFile) -> Self {
        let decls = &parsed.declarations;
        let mut comments = Comments {
            before_declaration: vec![Vec::new(); decls.len()],
            after_declaration: vec![Vec::new(); decls.len()],
            after_header: vec![Vec::new(); decls.len()],
            before_field: decls
                .iter()
                .map(|d| vec![Vec::new(); d.fields.len()])
                .collect(),
            after_field: decls
                .iter()
                .map(|d| vec![Vec::new(); d.fields.len()])
                .collect(),
            end_of_block: vec![Vec::new(); decls.len()],
            end_of_file: Vec::new(),
        };
        for c in &parsed.comments {
            match c.place {
                CommentPlace::BeforeDeclaration(d) => comments.before_declaration[d].push(c),
                CommentPlace::AfterDeclaration(d) => comments.after_declaration[d].push(c),
                CommentPlace::AfterHeader(d) => comments.after_header[d].push(c),
                CommentPlace::BeforeField(d, f) => comments.before_field[d][f].push(c),
                CommentPlace::AfterField(d, f) => comments.after_field[d][f].push(c),
                CommentPlace::EndOfBlock(d) => comments.end_of_block[d].push(c),
                CommentPlace::EndOfFile => comments.end_of_file.push(c),
            }
        }
        Printer {
            text,
            parsed,
            comments,
            lines: Vec::new(),
            last_end: None,
            field_start_line: 0,
        }
    }

    /// Whether the source has a blank line between the last piece printed and `start`.
    fn blank_before(&self, start: usize) -> bool {
        let Some(end) = self.last_end else {
            return false;
        };
        let between = &self.text[end.min(start)..start];
        let mut segments = between.split('\n');
        segments.next();
        let mut middle: Vec<&str> = segments.collect();
        middle.pop();
        middle.iter().any(|s| s.trim().is_empty())
    }

    fn comment_text(&self, c: &Comment) -> &'a str {
        self.text[c.span.start()..c.span.end()].trim_end()
    }

    /// Own-line comments, each on its line at `indent`, with the blank lines before them.
    fn own_line_comments(&mut self, comments: &[&Comment], indent: &str) {
        for c in comments {
            if self.blank_before(c.span.start()) {
                self.lines.push(String::new());
            }
            self.lines.push(format!("{indent}{}", self.comment_text(c)));
            self.last_end = Some(c.span.end());
        }
    }

    /// Append end-of-line comments to the last line: the first after two spaces, any
    /// others (only possible where a list spanned lines) on their own lines after it.
    fn trailing_comments(&mut self, comments: &[&Comment], indent: &str) {
        let mut rest = comments.iter();
        if let Some(first) = rest.next() {
            let text = self.comment_text(first);
            let line = self.lines.last_mut().expect("a line to end");
            line.push_str("  ");
            line.push_str(text);
            self.last_end = Some(first.span.end());
        }
        let rest: Vec<&Comment> = rest.copied().collect();
        self.own_line_comments(&rest, indent);
    }

    /// End-of-line comments of a field go at the end of the line where the field starts
    /// (where a suppression comment covers it), even when its values take more lines.
    fn trailing_comments_on_field(&mut self, comments: &[&Comment]) {
        let mut rest = comments.iter();
        if let Some(first) = rest.next() {
            let text = self.comment_text(first);
            let line = &mut self.lines[self.field_start_line];
            line.push_str("  ");
            line.push_str(text);
            self.last_end = Some(first.span.end());
        }
        let rest: Vec<&Comment> = rest.copied().collect();
        self.own_line_comments(&rest, INDENT);
    }

    fn file(&mut self) {
        let mut previous_multi_line = false;
        for (i, decl) in self.parsed.declarations.iter().enumerate() {
            let start_of_group = self.lines.len();
            let before = std::mem::take(&mut self.comments.before_declaration[i]);
            self.own_line_comments(&before, "");
            if self.blank_before(decl.span.start()) {
                self.lines.push(String::new());
            }
            let first_line = self.lines.len();
            self.declaration(i, decl);
            let multi_line = self.lines.len() - first_line > 1;
            // Declarations of more than one line are set apart by a blank line.
            let separated = self.lines.get(start_of_group).is_some_and(String::is_empty);
            if i > 0 && (multi_line || previous_multi_line) && !separated {
                self.lines.insert(start_of_group, String::new());
            }
            previous_multi_line = multi_line;
        }
        let eof = std::mem::take(&mut self.comments.end_of_file);
        self.own_line_comments(&eof, "");
        // No blank lines at the start of the file.
        let leading = self.lines.iter().take_while(|l| l.is_empty()).count();
        self.lines.drain(..leading);
    }

    fn header(&self, decl: &Declaration) -> String {
        let mut header = format!("{} {}", decl.kind.keyword(), decl.name.text);
        if let Some(title) = &decl.title {
            header.push(' ');
            header.push_str(&value(title));
        }
        header
    }

    fn declaration(&mut self, i: usize, decl: &Declaration) {
        let header = self.header(decl);
        let after = std::mem::take(&mut self.comments.after_declaration[i]);
        let inner_comments = !self.comments.after_header[i].is_empty()
            || !self.comments.end_of_block[i].is_empty()
            || self.comments.before_field[i].iter().any(|c| !c.is_empty())
            || self.comments.after_field[i].iter().any(|c| !c.is_empty());
        if decl.fields.is_empty() && !inner_comments {
            self.lines.push(header);
            self.last_end = Some(decl.code_end());
            self.trailing_comments(&after, "");
            return;
        }
        let one_line_source = decl
            .block
            .is_some_and(|b| !self.text[b.start()..b.end()].contains('\n'));
        if one_line_source && !inner_comments {
            let fields: Vec<String> = decl.fields.iter().map(field_line).collect();
            let line = format!("{header} {{ {} }}", fields.join("; "));
            // An end-of-line comment covers the declaration on its line (a suppression):
            // such a block stays on one line whatever its width.
            if line.chars().count() <= WIDTH || !after.is_empty() {
                self.lines.push(line);
                self.last_end = Some(decl.code_end());
                self.trailing_comments(&after, "");
                return;
            }
        }
        self.lines.push(format!("{header} {{"));
        self.last_end = decl.block.map(|b| b.start() + 1);
        let after_header = std::mem::take(&mut self.comments.after_header[i]);
        self.trailing_comments(&after_header, INDENT);
        for (j, field) in decl.fields.iter().enumerate() {
            let before = std::mem::take(&mut self.comments.before_field[i][j]);
            self.own_line_comments(&before, INDENT);
            if self.blank_before(field.span.start())
                && !self.lines.last().is_some_and(|l| l.ends_with('{'))
            {
                self.lines.push(String::new());
            }
            self.field(field);
            let after = std::mem::take(&mut self.comments.after_field[i][j]);
            self.trailing_comments_on_field(&after);
        }
        let end = std::mem::take(&mut self.comments.end_of_block[i]);
        self.own_line_comments(&end, INDENT);
        // No blank line before `}`.
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        self.lines.push("}".to_string());
        self.last_end = Some(decl.code_end());
        self.trailing_comments(&after, "");
    }

    fn field(&mut self, field: &Field) {
        let one_line = format!("{INDENT}{}", field_line(field));
        let start = self.lines.len();
        if one_line.chars().count() <= WIDTH || field.values.len() == 1 {
            self.lines.push(one_line);
        } else {
            self.lines.push(format!("{INDENT}{}:", field.key));
            let last = field.values.len() - 1;
            for (k, v) in field.values.iter().enumerate() {
                let comma = if k < last { "," } else { "" };
                self.lines
                    .push(format!("{INDENT}{INDENT}{}{comma}", value(v)));
            }
        }
        self.field_start_line = start;
        self.last_end = Some(
            field
                .values
                .last()
                .map_or(field.key_span().end(), |v| v.span.end()),
        );
    }
}

/// `key: a, b, c`.
fn field_line(field: &Field) -> String {
    let values: Vec<String> = field.values.iter().map(value).collect();
    format!("{}: {}", field.key, values.join(", "))
}

/// `text` as a CCL string: quoted, with `"`, `\`, line breaks and tabs escaped (a
/// carriage return, which a string cannot hold, is dropped).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value as canonical source text.
fn value(v: &Value) -> String {
    match v.literal() {
        Literal::Ident(name) | Literal::Integer(name) => name.to_string(),
        Literal::Boolean(b) => b.to_string(),
        Literal::String(content) => quote(content),
    }
}
