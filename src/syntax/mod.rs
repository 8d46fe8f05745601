//! Parsing CCL text into the typed AST, with error recovery (SPEC 3.1, CC001).
//!
//! A file is first parsed whole. If that fails, it is parsed again one declaration at a
//! time: a declaration that fails yields one syntax error, and parsing resumes at the next
//! line whose first token is a kind keyword followed by a name.

pub mod ast;
mod errors;
mod lower;
pub mod trivia;

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pairs;
use pest::Parser;
use rayon::prelude::*;

use crate::source::Span;
pub use ast::*;
use errors::{describe_error, unclosed_block, unclosed_block_error};
pub use trivia::{Comment, CommentPlace};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ccl.pest"]
struct CclParser;

/// Files larger than this are cut at declaration boundaries and the pieces parsed in
/// parallel.
const CHUNK_BYTES: usize = 256 * 1024;

/// Parse one file's text. Never panics, whatever the input.
///
/// A large file is cut into pieces at lines that start a declaration (the places error
/// recovery resumes) and the pieces are parsed in parallel. A piece that parses cleanly
/// gives exactly what the whole-file parse gives for it; a piece with an error is parsed
/// again by the sequential recovery below, from where the previous piece left off, so the
/// result is always the same as parsing the file in one go.
pub fn parse(text: &str) -> ParsedFile {
    let mut parsed = parse_declarations(text);
    parsed.comments = trivia::comments(text, &parsed.declarations);
    // Kept for the life of the file: no room to spare.
    parsed.declarations.shrink_to_fit();
    parsed.comments.shrink_to_fit();
    parsed
}

/// Parse a large file piece by piece in parallel, handing each piece (its declarations,
/// syntax errors and comments, with absolute spans) to `each` as soon as it is parsed, so
/// that only the pieces in hand have a tree at any time. The results are in file order
/// and tell what [`parse`] tells of the whole file: a broken piece is recovered as the
/// whole file's parse recovers it, from the piece's start to its end. `None` when the
/// file is a single piece, or when recovery runs past a piece's end (then [`parse`] it
/// whole). Pieces are cut at declaration lines that no comment precedes, so a comment is
/// in the piece of what it belongs to.
pub fn parse_pieces<T: Send>(text: &str, each: impl Fn(ParsedFile) -> T + Sync) -> Option<Vec<T>> {
    let starts = chunk_starts(text);
    if starts.len() == 1 {
        return None;
    }
    let ends: Vec<usize> = starts[1..].iter().copied().chain([text.len()]).collect();
    starts
        .par_iter()
        .zip(ends.par_iter())
        .map(|(&start, &end)| {
            let mut piece = match clean_parse(&text[start..end], start) {
                Some(declarations) => ParsedFile {
                    declarations,
                    ..ParsedFile::default()
                },
                None => {
                    let mut piece = ParsedFile::default();
                    let stopped =
                        recover(text, skip_trivia(text, start), |at| at >= end, &mut piece);
                    if stopped != end {
                        return None;
                    }
                    piece
                }
            };
            piece.comments = trivia::comments_in(text, start..end, &piece.declarations);
            Some(each(piece))
        })
        .collect()
}

fn parse_declarations(text: &str) -> ParsedFile {
    let starts = chunk_starts(text);
    if starts.len() == 1 {
        return match clean_parse(text, 0) {
            Some(declarations) => ParsedFile {
                declarations,
                ..ParsedFile::default()
            },
            None => {
                let mut parsed = ParsedFile::default();
                recover(text, skip_trivia(text, 0), |_| false, &mut parsed);
                parsed
            }
        };
    }
    let ends: Vec<usize> = starts[1..].iter().copied().chain([text.len()]).collect();
    let mut pieces: Vec<Option<Vec<Declaration>>> = starts
        .par_iter()
        .zip(ends.par_iter())
        .map(|(&start, &end)| clean_parse(&text[start..end], start))
        .collect();
    let mut parsed = ParsedFile::default();
    let mut pos = skip_trivia(text, 0);
    let mut index = 0;
    while index < starts.len() {
        if pos == starts[index] || (index == 0 && pos < ends[0]) {
            if let Some(declarations) = pieces[index].take() {
                parsed.declarations.extend(declarations);
                pos = ends[index];
                index += 1;
                continue;
            }
        }
        // Recover sequentially until a clean piece starts exactly where recovery is.
        let clean_start = |at: usize| {
            starts
                .binary_search(&at)
                .is_ok_and(|j| j > index && pieces[j].is_some())
        };
        pos = recover(text, pos, clean_start, &mut parsed);
        index = starts.partition_point(|&s| s < pos);
        if pos >= text.len() {
            break;
        }
    }
    parsed
}

/// The declarations of `text` (found at `base` in its file) if it parses without error.
fn clean_parse(text: &str, base: usize) -> Option<Vec<Declaration>> {
    let mut pairs = CclParser::parse(Rule::file, text).ok()?;
    let file = pairs.next().expect("the file rule yields one pair");
    let mut names = lower::Names::default();
    let pairs = file
        .into_inner()
        .filter(|p| p.as_rule() == Rule::declaration);
    Some(lower::declarations(pairs, base, &mut names))
}

/// The outcome of parsing one declaration (pest's error is large, but made only once per
/// broken declaration).
type DeclarationParse<'a> = Result<Pairs<'a, Rule>, Box<pest::error::Error<Rule>>>;

/// Parse one declaration at `pos`, as if on all the text from `pos` on, but giving pest
/// only a window that ends at a later declaration line: pest looks for the line of an
/// error by scanning back from the end of its input, which over the whole rest of a file
/// would make recovery quadratic. A window ends in whitespace before a `KIND NAME` line,
/// so a parse that succeeds, or fails before the window's end, examined no byte past it
/// and gives what the whole text gives; a failure at the very end is retried with the
/// window grown to the next declaration line.
fn parse_declaration(text: &str, pos: usize) -> DeclarationParse<'_> {
    let mut end = pos;
    loop {
        end = next_declaration_line(text, end).unwrap_or(text.len());
        let result = CclParser::parse(Rule::declaration, &text[pos..end]).map_err(Box::new);
        match &result {
            Err(error) if end < text.len() && error_offset(error) >= end - pos => continue,
            _ => return result,
        }
    }
}

fn error_offset(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Where to cut `text` for parallel parsing: 0, then the first declaration line after
/// every `CHUNK_BYTES` that no comment precedes (a comment stays with what follows it).
fn chunk_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut from = CHUNK_BYTES;
    while from < text.len() {
        // `from` may fall inside a character; a newline byte never does.
        let Some(newline) = text.as_bytes()[from..].iter().position(|&b| b == b'\n') else {
            break;
        };
        match next_declaration_line(text, from + newline) {
            Some(start) if after_comment(text, start) => from = start,
            Some(start) => {
                starts.push(start);
                from = start + CHUNK_BYTES;
            }
            None => break,
        }
    }
    starts
}

/// Whether the last line before the one holding `at` that is not blank is a comment.
fn after_comment(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .is_some_and(|line| line.starts_with('#'))
}

/// Parse one declaration at a time from `pos`: a declaration that fails yields one syntax
/// error, and parsing resumes at the next line that starts a declaration. Stops at the end
/// of the text or at a position where `stop` holds; returns where it stopped.
fn recover(text: &str, pos: usize, stop: impl Fn(usize) -> bool, parsed: &mut ParsedFile) -> usize {
    recover_with(text, pos, stop, parsed, parse_declaration)
}

/// [`recover`] with the function that parses one declaration at a position.
fn recover_with<'a>(
    text: &'a str,
    mut pos: usize,
    stop: impl Fn(usize) -> bool,
    parsed: &mut ParsedFile,
    parse_one: fn(&'a str, usize) -> DeclarationParse<'a>,
) -> usize {
    while pos < text.len() && !stop(pos) {
        match parse_one(text, pos) {
            Ok(mut pairs) => {
                let pair = pairs.next().expect("the declaration rule yields one pair");
                let end = pos + pair.as_span().end();
                let mut names = lower::Names::default();
                parsed.declarations.extend(lower::declarations(
                    std::iter::once(pair),
                    pos,
                    &mut names,
                ));
                pos = skip_trivia(text, end);
            }
            Err(error) => {
                let at = pos + error_offset(&error);
                let positives = match &error.variant {
                    ErrorVariant::ParsingError { positives, .. } => positives.clone(),
                    ErrorVariant::CustomError { .. } => Vec::new(),
                };
                let error = match unclosed_block(text, pos, at) {
                    Some(open) => unclosed_block_error(text, pos, open, at),
                    None => describe_error(text, at, &positives),
                };
                parsed.errors.push(error);
                let next = next_declaration_line(text, pos).unwrap_or(text.len());
                if let Some(head) = declaration_head(text, pos) {
                    if head.0 == Kind::Product {
                        parsed.broken_product_words.extend(words(&text[pos..next]));
                    }
                    parsed.broken.push(head);
                }
                pos = next;
            }
        }
    }
    pos
}

/// The kind and name at the start of a declaration that failed to parse, if both are there.
fn declaration_head(text: &str, pos: usize) -> Option<(Kind, Ident)> {
    let rest = &text[pos..];
    let kind_end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
    let kind = Kind::from_keyword(&rest[..kind_end])?;
    let after = &rest[kind_end..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    if gap == 0 {
        return None;
    }
    let name_start = pos + kind_end + gap;
    let name_text = &text[name_start..];
    if !name_text.starts_with(|c: char| is_ident_start(c)) {
        return None;
    }
    let name_len = name_text
        .find(|c: char| !is_ident_char(c))
        .unwrap_or(name_text.len());
    if Kind::from_keyword(&name_text[..name_len]).is_some() {
        return None;
    }
    Some((
        kind,
        Ident {
            text: name(&name_text[..name_len]),
            span: Span::new(name_start, name_start + name_len),
        },
    ))
}

/// The identifier-like words of `text`, strings and comments included: a superset of
/// the names it uses, which is what "could this name a department" needs.
fn words(text: &str) -> impl Iterator<Item = Name> + '_ {
    text.split(|c: char| !is_ident_char(c))
        .filter(|w| w.starts_with(|c: char| is_ident_start(c)))
        .map(name)
}

/// Skip whitespace and comments from `pos`.
fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' => {
                pos = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            }
            _ if text[pos..].starts_with('\u{FEFF}') => pos += '\u{FEFF}'.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// The start of the first line after the one holding `from` whose first token is a kind
/// keyword followed by a name (`product x`, not `product: x`).
fn next_declaration_line(text: &str, from: usize) -> Option<usize> {
    let mut line_start = text[from..].find('\n').map(|i| from + i + 1)?;
    loop {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let indent = line.len() - line.trim_start().len();
        if starts_declaration(line.trim_start()) {
            return Some(line_start + indent);
        }
        if line_end >= text.len() {
            return None;
        }
        line_start = line_end + 1;
    }
}

/// Whether `line` (trimmed at its start) begins a declaration: a kind keyword, then a name.
pub fn starts_declaration(line: &str) -> bool {
    let word_end = line.find(|c: char| !is_ident_char(c)).unwrap_or(line.len());
    if Kind::from_keyword(&line[..word_end]).is_none() {
        return false;
    }
    let rest = &line[word_end..];
    let after_space = rest.trim_start_matches([' ', '\t']);
    after_space.len() < rest.len() && after_space.chars().next().is_some_and(is_ident_start)
}

/// Whether an identifier may start with `c`: a letter (Unicode's XID_Start, as in Rust
/// and Python names) or `_`.
pub fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && unicode_ident::is_xid_start(c))
}

/// Whether `c` may appear in an identifier after its first character: XID_Continue
/// (letters, digits, `_`, combining marks) or `-`.
pub fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '-'
        || (!c.is_ascii() && unicode_ident::is_xid_continue(c))
}

/// Whether `text` is an identifier (a name, or a key).
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_ident_start) && chars.all(is_ident_char)
}

#[cfg(test)]
mod tests;
