//! Syntax errors in plain words (CC001): what was expected where the text stops matching
//! the grammar, and how to write it.

use super::{declaration_head, is_ident_char, starts_declaration, Kind, Rule, SyntaxError};
use crate::source::Span;

/// The token found at `at`, for "found …" in messages.
fn found_token(text: &str, at: usize) -> String {
    let rest = &text[at.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return "the end of the file".to_string();
    };
    if first == '\n' || first == '\r' {
        return "the end of the line".to_string();
    }
    if first == '"' {
        return "a string".to_string();
    }
    if is_ident_char(first) {
        let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        return if word.chars().all(|c| c.is_ascii_digit()) {
            format!("the integer `{word}`")
        } else {
            format!("`{word}`")
        };
    }
    match first {
        '\t' => "a tab".to_string(),
        // Invisible characters by their code point; anything else as itself.
        c if c.is_control() || c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}' => {
            format!("the character U+{:04X}", c as u32)
        }
        c => format!("`{c}`"),
    }
}

/// The kind keyword at `at`, if one is there as a whole word.
fn keyword_at(text: &str, at: usize) -> Option<&'static str> {
    let rest = text.get(at..)?;
    let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
    Kind::from_keyword(&rest[..end]).map(Kind::keyword)
}

/// The identifier that ends right before `at` (skipping whitespace and comments), if any.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let before = text[..at.min(text.len())].trim_end();
    // The character before the word may be wider than one byte (a byte-order mark, say).
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_ident_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[start..];
    (!word.is_empty()).then_some(word)
}

fn token_span(text: &str, at: usize) -> Span {
    let at = at.min(text.len());
    let rest = &text[at..];
    let len = match rest.chars().next() {
        None | Some('\n') | Some('\r') => 0,
        Some(c) if is_ident_char(c) => rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len()),
        Some(c) => c.len_utf8(),
    };
    Span::new(at, at + len)
}

/// The `{` of the declaration at `pos` when its block is still open at `at` and the
/// parse failed at the end of the file or on a line that starts a new declaration: the
/// `}` is missing, whatever pest expected there.
pub(super) fn unclosed_block(text: &str, pos: usize, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let at_end = text[at..].trim().is_empty();
    if !at_end && !starts_declaration(text[line_start..].trim_start()) {
        return None;
    }
    let bytes = text.as_bytes();
    let (mut i, mut open) = (pos, None);
    while i < at {
        match bytes[i] {
            b'#' => i = text[i..].find('\n').map_or(text.len(), |n| i + n),
            b'"' => {
                i += 1;
                while i < at && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' if open.is_none() => open = Some(i),
            b'}' => return None,
            _ => {}
        }
        i += 1;
    }
    // The declaration's own line holding the error is not a later declaration.
    open.filter(|&o| at_end || text[..o].rfind('\n') != text[..at].rfind('\n'))
}

pub(super) fn unclosed_block_error(text: &str, pos: usize, open: usize, at: usize) -> SyntaxError {
    let line = |offset: usize| text[..offset].matches('\n').count() + 1;
    let head = declaration_head(text, pos)
        .map(|(kind, ident)| format!(" of {} `{}`", kind.keyword(), ident.text))
        .unwrap_or_default();
    let (message, help) = if text[at.min(text.len())..].trim().is_empty() {
        (
            format!(
                "the block{head} opened at line {} is not closed before the end of the file",
                line(open)
            ),
            "add `}` after its last field".to_string(),
        )
    } else {
        (
            format!(
                "the block{head} opened at line {} is not closed: line {} starts the next declaration",
                line(open),
                line(at)
            ),
            format!("add `}}` after its last field, before line {}", line(at)),
        )
    };
    SyntaxError {
        span: Span::new(open, open + 1),
        message,
        help: Some(help),
    }
}

const KINDS: &str = "`organisation`, `department`, `role`, `product`, `policy` or `rule`";

/// Turn pest's expectations into a message in plain words.
pub(super) fn describe_error(text: &str, at: usize, positives: &[Rule]) -> SyntaxError {
    // Inside a string: a bad escape or a missing closing quote.
    if let Some(error) = string_error(text, at) {
        return error;
    }
    let (message, help) = expectation(text, at, positives);
    SyntaxError {
        span: token_span(text, at),
        message,
        help,
    }
}

/// What was expected at `at`, in words, and how to write it.
fn expectation(text: &str, at: usize, positives: &[Rule]) -> (String, Option<String>) {
    let found = found_token(text, at);
    let has = |r: Rule| positives.contains(&r);
    let before = text[..at].trim_end();
    let after_separator = match before.chars().last() {
        Some(':') => Some("`:`"),
        Some(',') => Some("`,`"),
        _ => None,
    };
    let after_kind = previous_word(text, at).filter(|w| Kind::from_keyword(w).is_some());
    if has(Rule::kind) {
        (
            format!("expected a declaration ({KINDS}), found {found}"),
            Some(
                "every declaration starts with its kind and a name, e.g. `product washroom_paper`"
                    .to_string(),
            ),
        )
    } else if has(Rule::colon) {
        let key = previous_word(text, at).unwrap_or("?");
        (
            format!("expected `:` after the field name `{key}`, found {found}"),
            Some(format!(
                "write the field as `{key}: VALUE`; if `{key}` is one more value of the field before, separate it with `,`"
            )),
        )
    } else if has(Rule::rbrace) {
        (
            format!("expected a field name or `}}`, found {found}"),
            Some(if at >= text.len() {
                "close the block with `}`".to_string()
            } else {
                "fields are written `key: value`; a `,` continues a value list and a `;` may end a field".to_string()
            }),
        )
    } else if let Some(separator) = after_separator {
        (
            format!("expected a value after {separator}, found {found}"),
            Some("a value is a name, a \"string\", an integer, `true` or `false`".to_string()),
        )
    } else if let Some((kind, next)) = after_kind.zip(keyword_at(text, at)) {
        let on_next_line = text[text[..at].trim_end().len()..at].contains('\n');
        if on_next_line {
            (
                format!("a name was expected after `{kind}`; `{next}` starts the next declaration"),
                Some(format!(
                    "finish the declaration (`{kind} NAME`), or remove the unfinished `{kind}`"
                )),
            )
        } else {
            (
                format!("`{next}` is a kind of declaration and cannot be a name"),
                Some(format!(
                    "the six kinds ({KINDS}) are reserved words; choose another name for this {kind}"
                )),
            )
        }
    } else if let Some(kind) = after_kind {
        (
            format!("expected a name after `{kind}`, found {found}"),
            Some(
                "names are identifiers: letters, digits, `_` and `-`, not starting with a digit"
                    .to_string(),
            ),
        )
    } else {
        (
            format!("unexpected {found}"),
            Some("a declaration is `KIND NAME [\"TITLE\"] [{ key: value … }]`".to_string()),
        )
    }
}

/// If the error is in a string literal (one that opens at `at`, or is open at `at`), say
/// what is wrong with it: an unknown escape or a missing closing quote.
fn string_error(text: &str, at: usize) -> Option<SyntaxError> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut open: Option<usize> = None;
    let mut chars = text[line_start..line_end].char_indices();
    while let Some((i, c)) = chars.next() {
        let offset = line_start + i;
        match c {
            '#' if open.is_none() => return None,
            '"' if open.is_some() => {
                if offset >= at {
                    return None;
                }
                open = None;
            }
            '"' => {
                if offset > at {
                    return None;
                }
                open = Some(offset);
            }
            '\\' if open.is_some() => match chars.next() {
                Some((_, '"' | '\\' | 'n' | 't')) => {}
                other => {
                    if offset < at {
                        continue;
                    }
                    let escape = &text
                        [offset..other.map_or(offset + 1, |(j, e)| line_start + j + e.len_utf8())];
                    return Some(SyntaxError {
                        span: Span::new(offset, offset + escape.len()),
                        message: format!("unknown escape `{escape}` in a string"),
                        help: Some("strings allow the escapes \\\" \\\\ \\n and \\t".to_string()),
                    });
                }
            },
            _ => {}
        }
    }
    let start = open?;
    Some(SyntaxError {
        span: Span::new(start, line_end.max(start)),
        message: "unterminated string".to_string(),
        help: Some("close the string with `\"` on the same line".to_string()),
    })
}
