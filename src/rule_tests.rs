//! `cclint test`: every organisation rule's inline cases. An `invalid` case must raise the
//! rule's finding (at the lines its markers name, if any), a `valid` case none of it.
//!
//! Markers: a comment `# expect: CODE` at the end of a line expects the finding on that
//! line (alone on its line, on the next line); a comment line of carets (`#   ^^^`)
//! expects it on the line above, starting in the columns the carets cover.

use crate::catalog::Code;
use crate::diagnostic::Level;
use crate::model::CustomFields;
use crate::{Input, Settings};

use std::sync::Arc;

use crate::org::{Case, OrgRule, Rules};

/// How one case went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// A valid case raised the rule's finding.
    Noisy {
        lines: Vec<usize>,
    },
    /// An invalid case did not raise it (where its markers expected it, if any).
    Missed {
        expected: Vec<usize>,
        found: Vec<(usize, usize)>,
    },
    /// The case could not be judged: it does not parse or resolve (core errors), or the
    /// rule cannot be evaluated on it (CC012).
    Broken {
        messages: Vec<String>,
    },
    /// `--coverage`: the rule has no invalid case.
    Uncovered,
}

/// The result of one case (or of a rule's coverage).
#[derive(Debug, Clone)]
pub struct Result {
    pub code: Code,
    /// `invalid` or `valid`, and the case's number among the rule's cases (from 1).
    pub case: Option<(bool, usize)>,
    /// The YAML file and line of the case (of the rule, for coverage).
    pub place: (String, usize),
    pub outcome: Outcome,
}

impl Result {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// One line saying what went wrong, as `cclint test` prints it.
    pub fn describe(&self) -> String {
        let rule = format!("{} ({})", self.code.as_str(), self.code.name());
        let place = format!("{}:{}", self.place.0, self.place.1);
        let case = match self.case {
            Some((invalid, n)) => format!("{} case {n}", if invalid { "invalid" } else { "valid" }),
            None => "rule".to_string(),
        };
        let lines = |l: &[usize]| {
            l.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let what = match &self.outcome {
            Outcome::Passed => "passed".to_string(),
            Outcome::Noisy { lines: found } => format!(
                "noisy: the rule fired on a valid case (line {})",
                lines(found)
            ),
            Outcome::Missed { expected, found } if expected.is_empty() => {
                let _ = found;
                "missed: the rule stayed silent on an invalid case".to_string()
            }
            Outcome::Missed { expected, found } => format!(
                "missed: expected the finding at line {} (where the markers point), found it {}",
                lines(expected),
                if found.is_empty() {
                    "nowhere".to_string()
                } else {
                    found
                        .iter()
                        .map(|(l, c)| format!("at line {l}, column {c}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            ),
            Outcome::Broken { messages } => format!("error: {}", messages.join("; ")),
            Outcome::Uncovered => {
                "no invalid case: add one under `tests:` (--coverage)".to_string()
            }
        };
        format!("FAIL {rule} {case} ({place}): {what}")
    }
}

/// Run every case of every rule of `rules` (cases written with the organisation's
/// `fields`); with `coverage`, a rule without an invalid case fails too.
pub fn run(rules: &Rules, fields: &CustomFields, coverage: bool) -> Vec<Result> {
    use rayon::prelude::*;
    let rules: Vec<&Arc<OrgRule>> = rules.shared().collect();
    rules
        .par_iter()
        .flat_map_iter(|rule| {
            let mut results = Vec::new();
            let (mut valid, mut invalid) = (0, 0);
            for case in &rule.tests {
                let n = if case.invalid {
                    invalid += 1;
                    invalid
                } else {
                    valid += 1;
                    valid
                };
                results.push(Result {
                    code: rule.code,
                    case: Some((case.invalid, n)),
                    place: (rule.origin.0.clone(), case.line),
                    outcome: judge(rule, fields, case),
                });
            }
            if coverage && invalid == 0 {
                results.push(Result {
                    code: rule.code,
                    case: None,
                    place: rule.origin.clone(),
                    outcome: Outcome::Uncovered,
                });
            }
            results
        })
        .collect()
}

/// Lint the case with only its rule among the organisation's, and compare.
fn judge(rule: &Arc<OrgRule>, fields: &CustomFields, case: &Case) -> Outcome {
    let settings = Settings {
        levels: vec![(rule.code, Some(Level::Warning))],
        organisation: Rules::only(rule),
        fields: fields.clone(),
        ..Settings::default()
    };
    let report = crate::lint(vec![Input::from_text("case.ccl", &case.text)], &settings);
    let file = report.file(crate::source::FileId(0));
    let line_of =
        |d: &crate::diagnostic::Diagnostic| d.span.map_or(0, |s| file.position(s.start()).line);
    let broken: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.is_core())
        .map(|d| format!("{} at line {}: {}", d.code.as_str(), line_of(d), d.message))
        .collect();
    if !broken.is_empty() {
        return Outcome::Broken { messages: broken };
    }
    let found: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == rule.code && d.suppressed.is_none())
        .map(|d| {
            let at = d.span.map_or(0, |s| s.start());
            let position = file.position(at);
            (position.line, position.column)
        })
        .collect();
    let found_lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    if !case.invalid {
        return if found.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Noisy { lines: found_lines }
        };
    }
    let expected = markers(&case.text, rule.code.as_str());
    if expected.is_empty() {
        return if found.is_empty() {
            Outcome::Missed {
                expected: Vec::new(),
                found: found.clone(),
            }
        } else {
            Outcome::Passed
        };
    }
    let all_met = expected.iter().all(|(line, columns)| {
        found.iter().any(|(l, c)| {
            l == line
                && columns
                    .as_ref()
                    .is_none_or(|(from, to)| (from..=to).contains(&c))
        })
    });
    if all_met {
        Outcome::Passed
    } else {
        Outcome::Missed {
            expected: expected.iter().map(|(l, _)| *l).collect(),
            found: found.clone(),
        }
    }
}

/// The lines (1-based) where the markers of `text` expect a finding of `code`, and the
/// columns (1-based, inclusive) carets cover.
pub fn markers(text: &str, code: &str) -> Vec<(usize, Option<(usize, usize)>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut expected = Vec::new();
    let mut last_code_line = None;
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('#') {
            let marks = rest.trim();
            if !marks.is_empty() && marks.chars().all(|c| c == '^') {
                if let Some(above) = last_code_line {
                    let from = line.find('^').map_or(1, |i| i + 1);
                    expected.push((above, Some((from, from + marks.len() - 1))));
                }
                continue;
            }
            if let Some(codes) = rest.trim().strip_prefix("expect:") {
                if codes
                    .split([',', ' '])
                    .any(|c| c.trim().eq_ignore_ascii_case(code))
                {
                    // Alone on its line: the next line that is not a comment.
                    let next = lines
                        .iter()
                        .enumerate()
                        .skip(i + 1)
                        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                        .map(|(j, _)| j + 1);
                    expected.extend(next.map(|n| (n, None)));
                }
                continue;
            }
            continue;
        }
        if let Some(at) = line.find("# expect:") {
            let codes = &line[at + "# expect:".len()..];
            if codes
                .split([',', ' '])
                .any(|c| c.trim().eq_ignore_ascii_case(code))
            {
                expected.push((number, None));
            }
        }
        if !trimmed.is_empty() {
            last_code_line = Some(number);
        }
    }
    expected
}
