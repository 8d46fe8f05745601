//! Suppression comments (SPEC 3.3): `# cclint: allow RULE[, RULE…] [until YYYY-MM-DD] --
//! REASON` covers the declaration or field on the next line (own line) or on its own
//! line (end of line); `# cclint: allow-file …` covers its file. Reports CC007 (unused),
//! CC008 (invalid) and CC010 (expired).

mod directive;
mod outline;

use std::collections::HashMap;

pub use directive::{civil_from_days, parse_date, rules_written, today};
use directive::{parse_directive, Active};
use outline::{directive, spans_at};
pub use outline::{Covering, Outline};

/// A calendar date, compared as (year, month, day).
pub type Date = (u32, u32, u32);

use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Fix, Suppressed, SuppressedBy};
use crate::source::{FileId, SourceFile, Span};

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
                Ok(a) => active.push(a),
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
                d.suppressed = Some(Box::new(Suppressed {
                    reason: a.reason.clone(),
                    until: a.until.clone(),
                    origin: SuppressedBy::Comment,
                }));
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
