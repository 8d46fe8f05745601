//! Suppression comments (SPEC 3.3): `# cclint: allow RULE[, RULE…] [until YYYY-MM-DD] --
//! REASON` covers the declaration or field on the next line (own line) or on its own
//! line (end of line); `# cclint: allow-file …` covers its file. Reports CC007 (unused),
//! CC008 (invalid) and CC010 (expired).

use std::collections::HashMap;

use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Fix, Suppressed, SuppressedBy};
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::{Comment, Declaration, ParsedFile};

/// What suppression needs of a file's tree, kept when the tree is not: its `cclint:`
/// comments, each with the declarations or fields it covers as a line suppression (found
/// while the tree is at hand), and those covered spans in text order, declarations apart
/// from fields, to find what covers a finding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Each comment, with the end of its covered spans in `covers`.
    comments: Vec<(Comment, u32)>,
    covers: Vec<Span>,
    declarations: Vec<Span>,
    fields: Vec<Span>,
}

impl Outline {
    /// The outline of `parsed` (read from `text`), or `None` when it has no `cclint:`
    /// comment (only such files take part in suppression).
    pub fn of(parsed: &ParsedFile, text: &str) -> Option<Outline> {
        let mut outline = Outline::default();
        let mut covered_declarations = Vec::new();
        let mut covered_fields = Vec::new();
        for comment in parsed.comments.iter() {
            if directive(comment, text).is_none() {
                continue;
            }
            // A line suppression covers the line after an own-line comment, or its own.
            let target = if comment.own_line {
                next_code_line(text, comment.span.start())
            } else {
                Some(line_start(text, comment.span.start()))
            };
            let (spans, of_fields) = target.map_or((Vec::new(), false), |t| {
                covered(text, &parsed.declarations, t)
            });
            if of_fields {
                covered_fields.extend_from_slice(&spans);
            } else {
                covered_declarations.extend_from_slice(&spans);
            }
            outline.covers.extend(spans);
            let end = u32::try_from(outline.covers.len()).unwrap_or(u32::MAX);
            outline.comments.push((comment.clone(), end));
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
    fn covers(&self, index: usize) -> &[Span] {
        let start = index
            .checked_sub(1)
            .map_or(0, |i| self.comments[i].1 as usize);
        &self.covers[start..self.comments[index].1 as usize]
    }
}

/// The directive of a `# cclint: …` comment.
fn directive<'a>(comment: &Comment, text: &'a str) -> Option<&'a str> {
    comment.body(text).trim_start().strip_prefix("cclint:")
}

/// A calendar date, compared as (year, month, day).
pub type Date = (u32, u32, u32);

/// Today's date in UTC, from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32, d as u32)
}

fn parse_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// One valid, unexpired suppression and what it covers.
struct Active {
    file: FileId,
    comment: Span,
    rules: Vec<Code>,
    /// Where each rule is written in the comment.
    written: Vec<Span>,
    /// Whether each rule suppressed something.
    used: Vec<bool>,
    reason: String,
    until: Option<String>,
    /// `None` covers the whole file.
    covers: Option<Vec<Span>>,
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
fn spans_at(outline: &Outline, offset: usize) -> impl Iterator<Item = Span> + '_ {
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

fn invalid(file: FileId, comment: Span, message: String, help: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(Code::CC008, file, comment, message.clone())
            .with_primary_label("invalid suppression")
            .with_help(help)
            .with_subject(message),
    )
}

/// What suppression is judged against: the date, which rules run, and whether the model
/// is complete (no file unreadable, no declaration broken: else a suppression that
/// suppressed nothing may have been written for a finding the missing part would give).
pub struct Judge<F: Fn(Code) -> bool> {
    pub today: Date,
    pub enabled: F,
    pub complete: bool,
}

/// Apply the suppression comments of `files` to `diagnostics` (marking the ones they
/// cover) and add CC007, CC008 and CC010 findings, each when enabled. A suppression of
/// several rules is judged rule by rule: CC007 names the enabled rules of it that
/// suppressed nothing, and only when the model is complete.
pub fn apply<F: Fn(Code) -> bool>(
    files: &[(FileId, &SourceFile, &Outline)],
    diagnostics: &mut Vec<Diagnostic>,
    judge: Judge<F>,
) {
    let Judge {
        today,
        enabled,
        complete,
    } = judge;
    let mut active = Vec::new();
    let mut found = Vec::new();
    for &(id, file, outline) in files {
        for (index, (comment, _)) in outline.comments.iter().enumerate() {
            let Some(directive) = directive(comment, &file.text) else {
                continue;
            };
            let covers = outline.covers(index);
            match parse_directive(id, covers, comment, (&file.text, directive.trim()), today) {
                Ok(Some(a)) => active.push(a),
                Ok(None) => {}
                Err(d) => found.push(*d),
            }
        }
    }
    let cover = Coverage::new(&active, files);
    cover.mark(&mut active, diagnostics);
    // Expired suppressions (CC010) can themselves be suppressed (by `allow-file`, say).
    cover.mark(&mut active, &mut found);
    let texts: HashMap<FileId, &str> = files
        .iter()
        .map(|&(id, file, _)| (id, file.text.as_str()))
        .collect();
    // Unused ones (CC007) too: first those of suppressions that do not allow CC007, whose
    // use is settled; then those that allow CC007, once they have had their chance.
    if complete {
        let allows_cc007 = |a: &Active| a.rules.contains(&Code::CC007);
        let mut unused = unused_suppressions(&active, &texts, &enabled, |a| !allows_cc007(a));
        cover.mark(&mut active, &mut unused);
        unused.extend(unused_suppressions(&active, &texts, &enabled, allows_cc007));
        found.extend(unused);
    }
    // An expired suppression's removal is a fix, never a safe one: the comment holds a
    // person's reason.
    for d in found.iter_mut().filter(|d| d.code == Code::CC010) {
        if let (Some(file), Some(span)) = (d.file, d.span) {
            d.fixes.push(Fix::unsafe_(
                "remove the expired suppression (its reason goes with it)",
                vec![crate::edit::remove_comment(texts[&file], span)],
            ));
        }
    }
    diagnostics.extend(found.into_iter().filter(|d| enabled(d.code)));
}

/// The suppressions indexed by what they cover, so that each finding looks up only the
/// ones that can cover it; the first one (in file and text order) wins.
struct Coverage<'a> {
    by_span: HashMap<(FileId, Span), Vec<usize>>,
    whole_file: HashMap<FileId, Vec<usize>>,
    outlines: HashMap<FileId, &'a Outline>,
}

impl<'a> Coverage<'a> {
    fn new(active: &[Active], files: &[(FileId, &SourceFile, &'a Outline)]) -> Self {
        let mut by_span: HashMap<(FileId, Span), Vec<usize>> = HashMap::new();
        let mut whole_file: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (index, a) in active.iter().enumerate() {
            match &a.covers {
                None => whole_file.entry(a.file).or_default().push(index),
                Some(spans) => {
                    for span in spans {
                        by_span.entry((a.file, *span)).or_default().push(index);
                    }
                }
            }
        }
        let outlines = files
            .iter()
            .map(|&(id, _, outline)| (id, outline))
            .collect();
        Coverage {
            by_span,
            whole_file,
            outlines,
        }
    }

    /// Mark the diagnostics that a suppression covers, and the suppressions used.
    fn mark(&self, active: &mut [Active], diagnostics: &mut [Diagnostic]) {
        for d in diagnostics.iter_mut() {
            let (Some(file), Some(span)) = (d.file, d.span) else {
                continue;
            };
            if d.code.is_core() || d.suppressed.is_some() {
                continue;
            }
            let around = self
                .outlines
                .get(&file)
                .into_iter()
                .flat_map(|outline| spans_at(outline, span.start()));
            let hit = around
                .filter_map(|s| self.by_span.get(&(file, s)))
                .chain(self.whole_file.get(&file))
                .flatten()
                .copied()
                .filter(|&index| active[index].rules.contains(&d.code))
                .min()
                .map(|index| &mut active[index]);
            if let Some(a) = hit {
                for (rule, used) in a.rules.iter().zip(&mut a.used) {
                    *used |= *rule == d.code;
                }
                d.suppressed = Some(Suppressed {
                    reason: a.reason.clone(),
                    until: a.until.clone(),
                    origin: SuppressedBy::Comment,
                });
            }
        }
    }
}

/// CC007 for the suppressions that `which` selects with enabled rules that suppressed
/// nothing (a rule that is off cannot be judged): it names those rules, and its fix
/// (unsafe: the comment holds a person's reason) removes them, or the comment when none
/// of its rules is used.
fn unused_suppressions(
    active: &[Active],
    texts: &HashMap<FileId, &str>,
    enabled: &impl Fn(Code) -> bool,
    which: impl Fn(&Active) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in active.iter().filter(|a| which(a)) {
        let unused: Vec<usize> = (0..a.rules.len())
            .filter(|&i| !a.used[i] && enabled(a.rules[i]))
            .collect();
        if unused.is_empty() {
            continue;
        }
        let names: Vec<&str> = unused.iter().map(|&i| a.rules[i].name()).collect();
        let all = unused.len() == a.rules.len();
        let help = match &a.covers {
            Some(spans) if spans.is_empty() => "no declaration or field starts where it points: put it on the line before the declaration or field, or at the end of its first line".to_string(),
            _ if all => "remove it: the finding it was written for is gone".to_string(),
            _ => format!("remove {} from it: the finding it was written for is gone", list(&names)),
        };
        let text = texts[&a.file];
        let fix = if all {
            Fix::unsafe_(
                "remove the unused suppression (its reason goes with it)",
                vec![crate::edit::remove_comment(text, a.comment)],
            )
        } else {
            Fix::unsafe_(
                format!("remove {} from the suppression", list(&names)),
                vec![remove_rules(text, a, &unused)],
            )
        };
        out.push(
            Diagnostic::new(
                Code::CC007,
                a.file,
                a.comment,
                format!(
                    "this suppression of {} suppresses nothing",
                    names.join(", ")
                ),
            )
            .with_primary_label("unused suppression")
            .with_help(help)
            .with_subject(format!("unused:{}", names.join(",")))
            .with_fix(fix),
        );
    }
    out
}

/// `` `a` `` or `` `a` and `b` ``, for help.
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The edit that leaves in suppression `a` only its rules not in `unused` (indexes into
/// its rules), written as they were, separated by `, `.
fn remove_rules(text: &str, a: &Active, unused: &[usize]) -> crate::diagnostic::Edit {
    let first = a.written.first().expect("a suppression names rules");
    let last = a.written.last().expect("a suppression names rules");
    let kept: Vec<&str> = (0..a.rules.len())
        .filter(|i| !unused.contains(i))
        .map(|i| &text[a.written[i].start()..a.written[i].end()])
        .collect();
    crate::diagnostic::Edit {
        span: Span::new(first.start(), last.end()),
        replacement: kept.join(", "),
    }
}

/// Parse one `cclint:` directive. `Ok(None)` for an expired suppression is impossible: an
/// expired one is reported as `Err(CC010)`.
fn parse_directive(
    id: FileId,
    covers: &[Span],
    comment: &Comment,
    (text, directive): (&str, &str),
    today: Date,
) -> Result<Option<Active>, Box<Diagnostic>> {
    let span = comment.span;
    // Where a piece of the directive (a slice of the file's text) is written.
    let at = |piece: &str| piece.as_ptr() as usize - text.as_ptr() as usize;
    let word_end = directive
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(directive.len());
    let (word, rest) = directive.split_at(word_end);
    let whole_file = match word {
        "allow-file" => true,
        "allow" => false,
        _ => {
            let help = match crate::suggest::closest(word, ["allow", "allow-file"]) {
                Some(near) => format!("did you mean `{near}`? Write `# cclint: {near} RULE -- REASON`"),
                None => "write `# cclint: allow RULE -- REASON` or `# cclint: allow-file RULE -- REASON`".to_string(),
            };
            return Err(invalid(
                id,
                span,
                format!("unknown cclint directive `{word}`"),
                &help,
            ));
        }
    };
    let (head, reason) =
        match rest.split_once("--") {
            Some((head, reason)) if !reason.trim().is_empty() => (head, reason.trim().to_string()),
            _ => return Err(invalid(
                id,
                span,
                "this suppression gives no reason".to_string(),
                "say why the finding is acceptable after ` -- `: `# cclint: allow RULE -- REASON`",
            )),
        };
    // Each word of the head, with where it is written in the file.
    let mut words = head
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| (w, Span::new(at(w), at(w) + w.len())));
    let mut rules = Vec::new();
    let mut written = Vec::new();
    let mut until = None;
    while let Some((word, word_span)) = words.next() {
        if word == "until" {
            let date = words.next().map_or("", |(w, _)| w);
            const ORDER: &str =
                "write the rules, then the date: `allow RULE until 2027-06-30 -- REASON`";
            if rules.is_empty() {
                return Err(invalid(
                    id,
                    span,
                    "`until` comes after the rules it limits".to_string(),
                    ORDER,
                ));
            }
            if parse_date(date).is_none() {
                return Err(invalid(id, span, format!("malformed `until` date `{date}`"), "write the date as YYYY-MM-DD after the rules: `allow RULE until 2027-06-30 -- REASON`"));
            }
            if let Some((extra, _)) = words.next() {
                return Err(invalid(
                    id,
                    span,
                    format!("`{extra}` after the `until` date: the date ends the list of rules"),
                    ORDER,
                ));
            }
            until = Some(date.to_string());
            break;
        }
        let Some(code) = Code::parse(word) else {
            let help = match Code::suggest(word) {
                Some(near) => format!("did you mean `{near}`? (`cclint rules` lists them all)"),
                None => "name a rule by code or name; `cclint rules` lists them".to_string(),
            };
            return Err(invalid(
                id,
                span,
                format!("unknown rule `{word}` in suppression"),
                &help,
            ));
        };
        if code.is_core() {
            return Err(invalid(id, span, format!("{} ({}) is a core diagnostic and cannot be suppressed", code.as_str(), code.name()), "fix the problem instead: core diagnostics mean cclint cannot read the policy as written"));
        }
        // A comment cannot excuse a malformed comment: CC008 would be its own judge.
        if code == Code::CC008 {
            return Err(invalid(
                id,
                span,
                format!(
                    "{} ({}) cannot be suppressed by a comment",
                    code.as_str(),
                    code.name()
                ),
                "correct the suppression instead, or set the rule's level in cclint.yaml",
            ));
        }
        rules.push(code);
        written.push(word_span);
    }
    if rules.is_empty() {
        return Err(invalid(
            id,
            span,
            "this suppression names no rule".to_string(),
            "name the rules it allows: `# cclint: allow broker-decides -- REASON`",
        ));
    }
    if let Some(date) = &until {
        if parse_date(date).is_some_and(|d| d < today) {
            let names: Vec<&str> = rules.iter().map(|c| c.name()).collect();
            return Err(Box::new(
                Diagnostic::new(
                    Code::CC010,
                    id,
                    span,
                    format!("this suppression of {} expired on {date}", names.join(", ")),
                )
                .with_primary_label("expired")
                .with_help(
                    "fix the finding it covered, or extend the date if the reason still holds",
                )
                .with_subject(format!("expired:{}:{date}", names.join(","))),
            ));
        }
    }
    let covers = (!whole_file).then(|| covers.to_vec());
    Ok(Some(Active {
        file: id,
        comment: span,
        used: vec![false; rules.len()],
        rules,
        written,
        reason,
        until,
        covers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(parse_date("2027-06-30"), Some((2027, 6, 30)));
        assert_eq!(parse_date("2027-02-29"), None);
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_date("27-6-30"), None);
    }
}
