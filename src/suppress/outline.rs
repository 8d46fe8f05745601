//! The outline of a file's suppressions: its `cclint:` comments, each with the
//! declarations or fields it covers, kept when the tree is not.

use crate::source::Span;
use crate::syntax::{Comment, Declaration, ParsedFile};

/// What suppression needs of a file's tree, kept when the tree is not: its `cclint:`
/// comments, each with the declarations or fields it covers as a line suppression (found
/// while the tree is at hand), and those covered spans in text order, declarations apart
/// from fields, to find what covers a finding.
/// A `cclint:` comment with the spans it covers as a line suppression: declarations, or
/// fields when `of_fields`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Covering {
    comment: Comment,
    spans: Vec<Span>,
    of_fields: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Each comment, with the end of its covered spans in `covers`.
    pub(super) comments: Vec<(Comment, u32)>,
    covers: Vec<Span>,
    declarations: Vec<Span>,
    fields: Vec<Span>,
}

impl Outline {
    /// The outline of `parsed` (read from `text`), or `None` when it has no `cclint:`
    /// comment (only such files take part in suppression).
    pub fn of(parsed: &ParsedFile, text: &str) -> Option<Outline> {
        Self::from_coverings(Self::coverings(
            &parsed.declarations,
            &parsed.comments,
            text,
        ))
    }

    /// The `cclint:` comments among `comments`, each with what it covers among
    /// `declarations` (all of a file's, or those of a piece of it that holds the
    /// comments and the lines they cover), read from the file's `text`.
    pub fn coverings(
        declarations: &[Declaration],
        comments: &[Comment],
        text: &str,
    ) -> Vec<Covering> {
        comments
            .iter()
            .filter(|comment| directive(comment, text).is_some())
            .map(|comment| {
                // A line suppression covers the line after an own-line comment, or its own.
                let target = if comment.own_line {
                    next_code_line(text, comment.span.start())
                } else {
                    Some(line_start(text, comment.span.start()))
                };
                let (spans, of_fields) =
                    target.map_or((Vec::new(), false), |t| covered(text, declarations, t));
                Covering {
                    comment: comment.clone(),
                    spans,
                    of_fields,
                }
            })
            .collect()
    }

    /// The outline of a file's coverings, in text order; `None` when there are none.
    pub fn from_coverings(coverings: impl IntoIterator<Item = Covering>) -> Option<Outline> {
        let mut outline = Outline::default();
        let mut covered_declarations = Vec::new();
        let mut covered_fields = Vec::new();
        for Covering {
            comment,
            spans,
            of_fields,
        } in coverings
        {
            if of_fields {
                covered_fields.extend_from_slice(&spans);
            } else {
                covered_declarations.extend_from_slice(&spans);
            }
            outline.covers.extend(spans);
            let end = u32::try_from(outline.covers.len()).unwrap_or(u32::MAX);
            outline.comments.push((comment, end));
        }
        if outline.comments.is_empty() {
            return None;
        }
        for (list, mut spans) in [
            (&mut outline.declarations, covered_declarations),
            (&mut outline.fields, covered_fields),
        ] {
            spans.sort_unstable_by_key(|s| (s.start(), s.end()));
            spans.dedup();
            *list = spans;
        }
        outline.comments.shrink_to_fit();
        outline.covers.shrink_to_fit();
        Some(outline)
    }

    /// The spans that comment `index` covers as a line suppression.
    pub(super) fn covers(&self, index: usize) -> &[Span] {
        let start = index
            .checked_sub(1)
            .map_or(0, |i| self.comments[i].1 as usize);
        &self.covers[start..self.comments[index].1 as usize]
    }
}

/// The directive of a `# cclint: …` comment.
pub(super) fn directive<'a>(comment: &Comment, text: &'a str) -> Option<&'a str> {
    comment.body(text).trim_start().strip_prefix("cclint:")
}

/// The start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The spans a suppression on (or before) `target_line_start` covers: the declarations
/// starting on that line, or else the fields starting on it (then `true`). Declarations
/// and fields are in text order, so both are found by binary search.
fn covered(
    text: &str,
    declarations: &[Declaration],
    target_line_start: usize,
) -> (Vec<Span>, bool) {
    let on_line = |span: Span| line_start(text, span.start()) == target_line_start;
    let first = declarations.partition_point(|d| d.span.start() < target_line_start);
    let on: Vec<Span> = declarations[first..]
        .iter()
        .map(|d| d.span)
        .take_while(|s| on_line(*s))
        .collect();
    if !on.is_empty() {
        return (on, false);
    }
    // Fields on the line belong to the declaration that started before it.
    let Some(owner) = first.checked_sub(1) else {
        return (Vec::new(), false);
    };
    let fields = &declarations[owner].fields;
    let start = fields.partition_point(|f| f.span.start() < target_line_start);
    let on = fields[start..]
        .iter()
        .map(|f| f.span)
        .take_while(|s| on_line(*s))
        .collect();
    (on, true)
}

/// The covered declaration of `outline` whose span holds `offset`, and its covered field
/// that holds it: the spans around `offset` that a suppression can cover. (Declarations
/// do not overlap one another, nor fields: the last covered one starting at or before
/// `offset` is the only one that can hold it.)
pub(super) fn spans_at(outline: &Outline, offset: usize) -> impl Iterator<Item = Span> + '_ {
    let holds = move |s: &Span| s.start() <= offset && offset < s.end().max(s.start() + 1);
    let last_before = move |spans: &[Span]| {
        let at = spans.partition_point(|s| s.start() <= offset);
        at.checked_sub(1).map(|i| spans[i]).filter(holds)
    };
    last_before(&outline.declarations)
        .into_iter()
        .chain(last_before(&outline.fields))
}

/// The start of the first line after the one holding `offset` that is not only a comment.
fn next_code_line(text: &str, offset: usize) -> Option<usize> {
    let mut start = text[offset..].find('\n').map(|i| offset + i + 1)?;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if !text[start..end].trim_start().starts_with('#') {
            return Some(start);
        }
        start = end + 1;
    }
    None
}
