//! The scorecard: how the organisation does on the three tests of a customer-centred
//! organisation (SPEC 1), with its figures, a verdict per test and a grade.
//!
//! Thresholds (README states them for users):
//! - **Customers identified**: *pass* when at least 90% of active products have an
//!   identified end user, every internal product has an internal one, and no product of
//!   priority 1 or 2 lacks one; *fail* under 50% for either share; else *needs work*.
//! - **Customers told apart by role**: *pass* when no decision rule lets a broker decide
//!   without the end users (CC301) or leaves them only brokers' channels (CC302); *fail*
//!   when a quarter or more of the decision rules do; else *needs work*. Findings
//!   suppressed by a comment or the baseline are accepted exceptions, counted apart.
//! - **A written satisfaction policy**: *pass* when one exists, covers every department
//!   that produces an active product, has a proactive measure, and each satisfaction
//!   policy has a review cadence and an owner inside the organisation; *fail* when there
//!   is none, or no proactive measure at all; else *needs work*.
//! - **Grade**: 2 points a pass, 1 a *needs work*, 0 a fail: 6 is A, 5 B, 4 C, 3 D, 2 E,
//!   less F.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Touchpoint};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Fail,
    NeedsWork,
    Pass,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::NeedsWork => "needs work",
            Verdict::Fail => "fail",
        }
    }

    fn points(self) -> u32 {
        match self {
            Verdict::Pass => 2,
            Verdict::NeedsWork => 1,
            Verdict::Fail => 0,
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

    /// `3/4 (75%)`.
    pub fn describe(self) -> String {
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
    /// Such findings suppressed by a comment or the baseline: accepted exceptions.
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
    /// Declarations left out of the model: they did not parse or declare a name again.
    pub left_out: usize,
}

/// The rules whose findings the scorecard counts: on whatever the configuration says.
pub const RULES: &[Code] = &[Code::CC301, Code::CC302];

/// Grade `model` with the findings of its analysis.
pub fn scorecard(model: &Model, diagnostics: &[Diagnostic]) -> Scorecard {
    let active: Vec<&crate::model::Product> =
        model.products.iter().filter(|p| p.is_active()).collect();
    let identified = |p: &crate::model::Product| {
        p.end_user
            .as_ref()
            .is_some_and(|s| s.values().next().is_some())
    };

    // 1. Identification.
    let end_users = Share {
        count: active.iter().filter(|p| identified(p)).count(),
        of: active.len(),
    };
    let internal: Vec<&&crate::model::Product> = active
        .iter()
        .filter(|p| model.product_is_internal(p) == Some(true))
        .collect();
    let internal_end_users = Share {
        count: internal
            .iter()
            .filter(|p| {
                p.end_user
                    .iter()
                    .flat_map(|s| s.values())
                    .any(|c| model.customer_is_internal(*c) == Some(true))
            })
            .count(),
        of: internal.len(),
    };
    let mut top_priority_without_end_user: Vec<String> = active
        .iter()
        .filter(|p| {
            p.priority
                .as_ref()
                .and_then(|s| s.single())
                .is_some_and(|n| *n <= 2)
                && !identified(p)
        })
        .map(|p| p.declared.name.text.to_string())
        .collect();
    top_priority_without_end_user.sort();
    let mut by_department: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in &active {
        let Some(d) = p.produced_by.as_ref().and_then(|s| s.single()) else {
            continue;
        };
        let entry = by_department
            .entry(model.department(*d).declared.name.text.to_string())
            .or_default();
        entry.0 += 1;
        entry.1 += usize::from(identified(p));
    }
    let identification_verdict = if end_users.ratio() < 0.5 || internal_end_users.ratio() < 0.5 {
        Verdict::Fail
    } else if end_users.ratio() >= 0.9
        && internal_end_users.count == internal_end_users.of
        && top_priority_without_end_user.is_empty()
    {
        Verdict::Pass
    } else {
        Verdict::NeedsWork
    };

    // 2. Roles: the findings of the rules, by decision rule.
    let rule_of = |d: &Diagnostic| {
        d.entity
            .as_deref()?
            .strip_prefix("rule:")
            .map(str::to_string)
    };
    let mut broker_decides: Vec<String> = Vec::new();
    let mut broker_only: Vec<String> = Vec::new();
    let mut accepted = 0;
    for d in diagnostics.iter().filter(|d| RULES.contains(&d.code)) {
        if d.suppressed.is_some() {
            accepted += 1;
            continue;
        }
        let Some(rule) = rule_of(d) else { continue };
        match d.code {
            Code::CC301 => broker_decides.push(rule),
            _ => broker_only.push(rule),
        }
    }
    for list in [&mut broker_decides, &mut broker_only] {
        list.sort();
        list.dedup();
    }
    let decision_rules = model
        .rules
        .iter()
        .filter(|r| {
            r.product
                .as_ref()
                .and_then(|s| s.single())
                .is_some_and(|p| model.product(*p).is_active())
        })
        .count();
    let mut disempowering = broker_decides.clone();
    disempowering.extend(broker_only.iter().cloned());
    disempowering.sort();
    disempowering.dedup();
    let roles_verdict = if disempowering.is_empty() {
        Verdict::Pass
    } else if disempowering.len() * 4 >= decision_rules.max(1) {
        Verdict::Fail
    } else {
        Verdict::NeedsWork
    };
    let roles = Roles {
        verdict: roles_verdict,
        with_brokers: Share {
            count: active
                .iter()
                .filter(|p| p.brokers().next().is_some())
                .count(),
            of: active.len(),
        },
        decision_rules,
        broker_decides,
        broker_only_channels: broker_only,
        accepted_exceptions: accepted,
    };

    // 3. The satisfaction policy: coverage as CC103 sees it.
    let satisfaction: Vec<&crate::model::Policy> = model
        .policies
        .iter()
        .filter(|p| p.is_satisfaction())
        .collect();
    let coverage = model.satisfaction_coverage();
    let mut producing: Vec<crate::model::DepartmentId> = active
        .iter()
        .filter_map(|p| p.produced_by.as_ref()?.single().copied())
        .collect();
    producing.sort();
    producing.dedup();
    let mut uncovered: Vec<String> = if satisfaction.is_empty() {
        producing
            .iter()
            .map(|d| model.department(*d).declared.name.text.to_string())
            .collect()
    } else {
        producing
            .iter()
            .filter(|d| !coverage.covers(**d))
            .map(|d| model.department(*d).declared.name.text.to_string())
            .collect()
    };
    uncovered.sort();
    let count = |s: &Option<crate::model::Slot<crate::syntax::Name>>| {
        s.as_ref().map_or(0, |s| s.items.len())
    };
    let proactive: usize = satisfaction
        .iter()
        .map(|p| count(&p.proactive_measures))
        .sum();
    let reactive: usize = satisfaction
        .iter()
        .map(|p| count(&p.reactive_measures))
        .sum();
    let reviews: Vec<String> = satisfaction
        .iter()
        .map(|p| {
            p.review
                .as_ref()
                .and_then(|r| r.single())
                .map_or("none".to_string(), |r| r.as_str().to_string())
        })
        .collect();
    let owners_inside = Share {
        count: satisfaction
            .iter()
            .filter(|p| {
                p.owner
                    .as_ref()
                    .and_then(|o| o.single())
                    .is_some_and(|r| model.role(*r).is_internal() == Some(true))
            })
            .count(),
        of: satisfaction.len(),
    };
    let coverage = Share {
        count: producing.len() - uncovered.len(),
        of: producing.len(),
    };
    let policy_verdict = if satisfaction.is_empty() || proactive == 0 {
        Verdict::Fail
    } else if uncovered.is_empty()
        && reviews.iter().all(|r| r != "none")
        && owners_inside.count == owners_inside.of
    {
        Verdict::Pass
    } else {
        Verdict::NeedsWork
    };
    let mut satisfaction_names: Vec<String> = satisfaction
        .iter()
        .map(|p| p.declared.name.text.to_string())
        .collect();
    satisfaction_names.sort();

    // Also: the touchpoint mix and ownership of active products.
    let has = |p: &crate::model::Product, t: Touchpoint| {
        p.touchpoints
            .iter()
            .flat_map(|s| s.values())
            .any(|v| *v == t)
    };
    let touchpoints = Touchpoints {
        static_: active.iter().filter(|p| has(p, Touchpoint::Static)).count(),
        human: active.iter().filter(|p| has(p, Touchpoint::Human)).count(),
        digital: active
            .iter()
            .filter(|p| has(p, Touchpoint::Digital))
            .count(),
        none: active.iter().filter(|p| p.touchpoints.is_none()).count(),
    };
    let ownership = Ownership {
        with_owner: Share {
            count: active.iter().filter(|p| p.owner.is_some()).count(),
            of: active.len(),
        },
        external_owners: active
            .iter()
            .filter(|p| {
                p.owner
                    .as_ref()
                    .and_then(|o| o.single())
                    .is_some_and(|r| model.role(*r).is_internal() == Some(false))
            })
            .count(),
    };
    let identification = Identification {
        verdict: identification_verdict,
        end_users,
        internal_end_users,
        top_priority_without_end_user,
        departments: by_department
            .into_iter()
            .map(|(name, (active_products, with_end_user))| DepartmentLine {
                name,
                active_products,
                with_end_user,
            })
            .collect(),
    };
    let policy = PolicyTest {
        verdict: policy_verdict,
        satisfaction_policies: satisfaction_names,
        coverage,
        uncovered,
        proactive_measures: proactive,
        reactive_measures: reactive,
        reviews,
        owners_inside,
    };
    let points = identification.verdict.points() + roles.verdict.points() + policy.verdict.points();
    let grade = match points {
        6 => Grade::A,
        5 => Grade::B,
        4 => Grade::C,
        3 => Grade::D,
        2 => Grade::E,
        _ => Grade::F,
    };
    Scorecard {
        organisation: model
            .organisation
            .as_ref()
            .map(|o| o.declared.name.text.to_string()),
        grade,
        identification,
        roles,
        policy,
        touchpoints,
        ownership,
        left_out: super::left_out(diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acme_scorecard() {
        let (_, analysis) = crate::map::tests::acme();
        let card = scorecard(&analysis.model, &analysis.diagnostics);
        assert_eq!(card.organisation.as_deref(), Some("acme"));
        // 14 active products; engagement_report has no end user.
        assert_eq!(card.identification.end_users, Share { count: 13, of: 14 });
        assert_eq!(card.identification.verdict, Verdict::NeedsWork);
        assert_eq!(card.roles.broker_decides, ["laptop_choice"]);
        assert_eq!(card.roles.broker_only_channels, ["car_sales"]);
        assert_eq!(
            card.roles.accepted_exceptions, 1,
            "paper_choice is suppressed"
        );
        assert_eq!(card.roles.verdict, Verdict::Fail, "2 of 6 rules");
        assert_eq!(card.policy.uncovered, ["procurement"]);
        assert_eq!(card.policy.verdict, Verdict::NeedsWork);
        assert_eq!(card.grade, Grade::E, "needs work, fail, needs work");
        assert!(Grade::D.is_below(Grade::C));
        assert!(!Grade::A.is_below(Grade::B));
    }

    #[test]
    fn an_empty_repository_fails_the_policy_test() {
        let card = scorecard(&Model::default(), &[]);
        assert_eq!(card.policy.verdict, Verdict::Fail);
        assert_eq!(
            card.identification.verdict,
            Verdict::Pass,
            "nothing unidentified"
        );
        assert_eq!(card.grade, Grade::C);
    }
}
