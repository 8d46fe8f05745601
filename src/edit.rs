//! Edits: the changes rules attach to their findings as fixes, built from the source text
//! (so that an inserted field follows the block's layout), and applied to a text. Pure
//! functions of text: the loop that lints and fixes files is in [`crate::fix`].

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::source::Span;

/// Remove the comment at `comment`: its whole line when it is alone on it, else the
/// comment and the spaces before it.
pub fn remove_comment(text: &str, comment: Span) -> Edit {
    let line_start = text[..comment.start()].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..comment.start()];
    let span = if before.trim().is_empty() {
        let end = text[comment.end()..]
            .find('\n')
            .map_or(text.len(), |i| comment.end() + i + 1);
        Span::new(line_start, end)
    } else {
        let start = line_start + before.trim_end().len();
        Span::new(start, comment.end())
    };
    Edit {
        span,
        replacement: String::new(),
    }
}

/// Add the field `field` (`key: value`) after the field that starts at `after_start` and
/// whose values end at `after_end`: on the next line at the same indentation in a block
/// written one field per line, else after it on the same line, separated by `;`.
pub fn add_field_after(text: &str, after_start: usize, after_end: usize, field: &str) -> Edit {
    let line_start = text[..after_start].rfind('\n').map_or(0, |i| i + 1);
    let head = &text[line_start..after_start];
    if head.trim().is_empty() {
        // Its own line: the new field goes after that line's end (past any comment).
        let line_end = text[after_end..]
            .find('\n')
            .map_or(text.len(), |i| after_end + i);
        let line_end = if text[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let newline = if text[line_end..].starts_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        Edit {
            span: Span::new(line_end, line_end),
            replacement: format!("{newline}{head}{field}"),
        }
    } else {
        Edit {
            span: Span::new(after_end, after_end),
            replacement: format!("; {field}"),
        }
    }
}

/// Add `value` to a list whose last value ends at `last_end`.
pub fn append_value(last_end: usize, value: &str) -> Edit {
    Edit {
        span: Span::new(last_end, last_end),
        replacement: format!(", {value}"),
    }
}

/// Apply the fixes of `diagnostics` that `unsafe_fixes` allows to `text`, the text of
/// their file: one fix per diagnostic (its first), skipping any whose edits overlap an
/// edit already taken, so that the result is what each fix meant. Returns the new text
/// and how many fixes were applied.
pub fn apply<'a>(
    text: &str,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    unsafe_fixes: bool,
) -> (String, usize) {
    let mut fixes: Vec<&crate::diagnostic::Fix> = diagnostics
        .into_iter()
        .filter(|d| d.suppressed.is_none())
        .filter_map(|d| {
            d.fixes
                .iter()
                .find(|f| unsafe_fixes || f.applicability == Applicability::Safe)
        })
        .collect();
    // Deterministic: by the position of the first edit, then message.
    fixes.sort_by(|a, b| {
        let key =
            |f: &crate::diagnostic::Fix| (f.edits.iter().map(|e| e.span).min(), f.message.clone());
        key(a).cmp(&key(b))
    });
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.span.start() < t.span.end() && t.span.start() < e.span.end()
                    || e.span.start() == t.span.start()
            })
        });
        let valid = fix.edits.iter().all(|e| {
            e.span.end() <= text.len()
                && text.is_char_boundary(e.span.start())
                && text.is_char_boundary(e.span.end())
        });
        if overlaps || !valid {
            continue;
        }
        taken.extend(fix.edits.iter());
        applied += 1;
    }
    taken.sort_by_key(|e| (e.span.start(), e.span.end()));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(&text[at..edit.span.start()]);
        out.push_str(&edit.replacement);
        at = edit.span.end();
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, e: Edit) -> String {
        let mut out = text.to_string();
        out.replace_range(e.span.start()..e.span.end(), &e.replacement);
        out
    }

    #[test]
    fn comments_go_with_their_line_or_their_spaces() {
        let text = "a\n  # cclint: allow X -- y\nb  # cclint: allow Y -- z\n";
        let own = text.find("# cclint: allow X").unwrap();
        let own_end = text[own..].find('\n').unwrap() + own;
        assert_eq!(
            edit(text, remove_comment(text, Span::new(own, own_end))),
            "a\nb  # cclint: allow Y -- z\n"
        );
        let eol = text.find("# cclint: allow Y").unwrap();
        let eol_end = text.len() - 1;
        assert_eq!(
            edit(text, remove_comment(text, Span::new(eol, eol_end))),
            "a\n  # cclint: allow X -- y\nb\n"
        );
    }

    #[test]
    fn fields_follow_the_block_layout() {
        let block = "rule r {\n  decided_by: buyer  # note\n}\n";
        let start = block.find("decided_by").unwrap();
        let end = block.find("buyer").unwrap() + 5;
        assert_eq!(
            edit(
                block,
                add_field_after(block, start, end, "consulting: user")
            ),
            "rule r {\n  decided_by: buyer  # note\n  consulting: user\n}\n"
        );
        let line = "rule r { decided_by: buyer }\n";
        let start = line.find("decided_by").unwrap();
        let end = line.find("buyer").unwrap() + 5;
        assert_eq!(
            edit(line, add_field_after(line, start, end, "consulting: user")),
            "rule r { decided_by: buyer; consulting: user }\n"
        );
    }
}
