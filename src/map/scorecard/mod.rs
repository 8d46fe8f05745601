//! The scorecard: how the organisation does on the three tests of a customer-centred
//! organisation (SPEC 1), with its figures, a verdict per test and a grade.
//!
//! Thresholds (the documentation's map and scorecard page states them for users):
//! - **Customers identified**: *pass* when at least 90% of active products have an
//!   identified end user, every internal product has an internal one, and no product of
//!   priority 1 or 2 lacks one; *fail* under 50% for either share; else *needs work*;
//!   *not graded* with no active product.
//! - **Customers told apart by role**: *pass* when no decision rule lets a broker decide
//!   without the end users (CC301) or leaves them only brokers' channels (CC302); *fail*
//!   when a quarter or more of the decision rules do; else *needs work*; *not graded*
//!   with no decision rule about an active product. A finding suppressed by a comment is
//!   an accepted exception, listed with its reason; one the baseline records is still a
//!   finding (known, not new).
//! - **A written satisfaction policy**: *pass* when one exists, covers every department
//!   that produces an active product, has a proactive measure, no satisfaction policy is
//!   reactive only, and each has a review cadence and an owner inside the organisation;
//!   *fail* when there is none, or no proactive measure at all; else *needs work*.
//! - **Grade**: 2 points a pass, 1 a *needs work*, 0 a fail, over the graded tests: all
//!   the points is A, five sixths B, four sixths C, three D, two E, less F. A repository
//!   with no product, policy or decision rule is F.

use serde::Serialize;

use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, SuppressedBy};
use crate::model::Model;

pub(crate) mod measure;
pub mod render;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Fail,
    NeedsWork,
    Pass,
    /// Nothing to judge: no active product, or no decision rule about one.
    NotGraded,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::NeedsWork => "needs work",
            Verdict::Fail => "fail",
            Verdict::NotGraded => "not graded",
        }
    }

    /// The points of a graded test.
    fn points(self) -> Option<u32> {
        match self {
            Verdict::Pass => Some(2),
            Verdict::NeedsWork => Some(1),
            Verdict::Fail => Some(0),
            Verdict::NotGraded => None,
        }
    }
}

/// The overall grade, A (best) to F.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Grade {
    pub fn parse(text: &str) -> Option<Grade> {
        match text.to_ascii_uppercase().as_str() {
            "A" => Some(Grade::A),
            "B" => Some(Grade::B),
            "C" => Some(Grade::C),
            "D" => Some(Grade::D),
            "E" => Some(Grade::E),
            "F" => Some(Grade::F),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
            Grade::F => "F",
        }
    }

    /// Whether this grade is below `other` (F is below A).
    pub fn is_below(self, other: Grade) -> bool {
        self > other
    }
}

/// `part` of `whole`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Share {
    pub count: usize,
    pub of: usize,
}

impl Share {
    /// The share as a fraction (1 when there is nothing to count).
    pub fn ratio(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.count as f64 / self.of as f64
        }
    }

    /// `3/4 (75%)`, or `none` when there is nothing to count.
    pub fn describe(self) -> String {
        if self.of == 0 {
            return "none".to_string();
        }
        format!("{}/{} ({:.0}%)", self.count, self.of, self.ratio() * 100.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DepartmentLine {
    pub name: String,
    pub active_products: usize,
    pub with_end_user: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identification {
    pub verdict: Verdict,
    /// Active products with at least one identified end user.
    pub end_users: Share,
    /// Internal products with at least one internal end user.
    pub internal_end_users: Share,
    /// Active products of priority 1 or 2 without an identified end user.
    pub top_priority_without_end_user: Vec<String>,
    pub departments: Vec<DepartmentLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Roles {
    pub verdict: Verdict,
    /// Active products with at least one broker.
    pub with_brokers: Share,
    /// Decision rules about active products.
    pub decision_rules: usize,
    /// Decision rules where a broker decides without the end users (CC301).
    pub broker_decides: Vec<String>,
    /// Decision rules whose channels are brokers only (CC302).
    pub broker_only_channels: Vec<String>,
    /// Such findings suppressed by a comment: accepted exceptions (listed, with their
    /// reasons, among the scorecard's `exceptions`).
    pub accepted_exceptions: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyTest {
    pub verdict: Verdict,
    pub satisfaction_policies: Vec<String>,
    /// Departments producing active products that a satisfaction policy covers.
    pub coverage: Share,
    pub uncovered: Vec<String>,
    pub proactive_measures: usize,
    pub reactive_measures: usize,
    /// Review cadence of each satisfaction policy (`none` when it has none).
    pub reviews: Vec<String>,
    /// Satisfaction policies whose owner is inside the organisation.
    pub owners_inside: Share,
    /// Satisfaction policies with reactive measures and no proactive one (CC104).
    pub reactive_only: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Touchpoints {
    #[serde(rename = "static")]
    pub static_: usize,
    pub human: usize,
    pub digital: usize,
    pub none: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ownership {
    pub with_owner: Share,
    pub external_owners: usize,
}

/// The scorecard of a repository.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    pub organisation: Option<String>,
    pub grade: Grade,
    pub identification: Identification,
    pub roles: Roles,
    pub policy: PolicyTest,
    pub touchpoints: Touchpoints,
    pub ownership: Ownership,
    /// Findings suppressed by a comment: accepted, with the reason given.
    pub exceptions: Vec<Exception>,
    /// Findings the baseline records: known before, and still findings.
    pub known: Vec<Known>,
    /// Declarations left out of the model: they did not parse or declare a name again.
    pub left_out: usize,
    /// The organisation's own rules in force, and what each found (not part of the
    /// grade: the three tests are the same for every organisation).
    pub organisation_rules: Vec<OrganisationRule>,
}

/// An organisation rule on the scorecard: whether it holds, and where it does not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrganisationRule {
    pub code: &'static str,
    pub rule: &'static str,
    pub summary: String,
    /// Whether no declaration fails it (findings the baseline records count as failing).
    pub holds: bool,
    /// `KIND:NAME` of each declaration that fails it, suppressed ones aside.
    pub findings: Vec<String>,
    /// Its findings suppressed by a comment (listed among the accepted exceptions).
    pub accepted_exceptions: usize,
}

/// A finding accepted by a suppression comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exception {
    pub code: &'static str,
    pub rule: &'static str,
    /// `KIND:NAME` of what it is about.
    pub entity: Option<String>,
    pub message: String,
    pub reason: String,
    pub until: Option<String>,
}

/// A finding the baseline records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Known {
    pub code: &'static str,
    pub rule: &'static str,
    pub entity: Option<String>,
    pub message: String,
}

/// The rules whose findings the scorecard counts: on whatever the configuration says.
pub const RULES: &[Code] = &[Code::CC301, Code::CC302];

/// Grade `model` with the findings of its analysis; `organisation` lists the
/// organisation's rules in force.
pub fn scorecard(model: &Model, diagnostics: &[Diagnostic], organisation: &[Code]) -> Scorecard {
    let identification = measure::identification(model);
    let roles = measure::roles(model, diagnostics);
    let policy = measure::policy(model);
    let judged =
        !model.products.is_empty() || !model.policies.is_empty() || !model.rules.is_empty();
    let verdicts = [identification.verdict, roles.verdict, policy.verdict];
    let (exceptions, known) = accepted_and_known(diagnostics);
    Scorecard {
        organisation: model
            .organisation
            .as_ref()
            .map(|o| o.declared.name.text.to_string()),
        grade: grade(&verdicts, judged),
        identification,
        roles,
        policy,
        touchpoints: measure::touchpoints(model),
        ownership: measure::ownership(model),
        exceptions,
        known,
        left_out: super::left_out(diagnostics),
        organisation_rules: organisation_rules(diagnostics, organisation),
    }
}

/// Each organisation rule in force, with the declarations that fail it.
fn organisation_rules(diagnostics: &[Diagnostic], codes: &[Code]) -> Vec<OrganisationRule> {
    codes
        .iter()
        .map(|&code| {
            let mine = diagnostics.iter().filter(|d| d.code == code);
            let mut findings: Vec<String> = mine
                .clone()
                .filter(|d| {
                    d.suppressed
                        .as_ref()
                        .is_none_or(|s| s.origin == SuppressedBy::Baseline)
                })
                .map(|d| d.entity.as_deref().unwrap_or("repository").to_string())
                .collect();
            findings.sort();
            let accepted_exceptions = mine
                .filter(|d| {
                    d.suppressed
                        .as_ref()
                        .is_some_and(|s| s.origin == SuppressedBy::Comment)
                })
                .count();
            OrganisationRule {
                code: code.as_str(),
                rule: code.name(),
                summary: code.doc().summary.clone(),
                holds: findings.is_empty(),
                findings,
                accepted_exceptions,
            }
        })
        .collect()
}

/// The grade of the graded tests' points; F when there is nothing to judge.
fn grade(verdicts: &[Verdict], judged: bool) -> Grade {
    let points: Vec<u32> = verdicts.iter().filter_map(|v| v.points()).collect();
    if !judged || points.is_empty() {
        return Grade::F;
    }
    let max = 2 * points.len() as u32;
    match points.iter().sum::<u32>() * 6 / max {
        6 => Grade::A,
        5 => Grade::B,
        4 => Grade::C,
        3 => Grade::D,
        2 => Grade::E,
        _ => Grade::F,
    }
}

/// The lint findings suppressed by a comment, and those the baseline records.
fn accepted_and_known(diagnostics: &[Diagnostic]) -> (Vec<Exception>, Vec<Known>) {
    let mut exceptions = Vec::new();
    let mut known = Vec::new();
    for d in diagnostics.iter().filter(|d| !d.code.is_core()) {
        let Some(suppressed) = &d.suppressed else {
            continue;
        };
        let (code, rule) = (d.code.as_str(), d.code.name());
        let entity = d.entity.as_deref().map(str::to_string);
        let message = d.message.to_string();
        match suppressed.origin {
            SuppressedBy::Comment => exceptions.push(Exception {
                code,
                rule,
                entity,
                message,
                reason: suppressed.reason.clone(),
                until: suppressed.until.clone(),
            }),
            SuppressedBy::Baseline => known.push(Known {
                code,
                rule,
                entity,
                message,
            }),
        }
    }
    (exceptions, known)
}

#[cfg(test)]
mod tests;
