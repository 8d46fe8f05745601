//! The figures and verdict of each test, from the model (and, for the roles, the
//! findings of CC301 and CC302).

use std::collections::BTreeMap;

use super::{
    DepartmentLine, Identification, Ownership, PolicyTest, Roles, Share, Touchpoints, Verdict,
    RULES,
};
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, SuppressedBy};
use crate::model::{DepartmentId, Model, Policy, Product, Slot, Touchpoint};
use crate::syntax::Name;

fn active(model: &Model) -> Vec<&Product> {
    model.products.iter().filter(|p| p.is_active()).collect()
}

/// Whether the product names an end user that resolved.
pub(crate) fn identified(p: &Product) -> bool {
    p.end_user
        .as_ref()
        .is_some_and(|s| s.values().next().is_some())
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names.dedup();
    names
}

/// Whether one of the product's end users is an employee (or a department).
pub(crate) fn has_internal_end_user(model: &Model, p: &Product) -> bool {
    p.end_user
        .iter()
        .flat_map(|s| s.values())
        .any(|c| model.customer_is_internal(*c) == Some(true))
}

/// Test 1: are customers unambiguously identified?
pub(super) fn identification(model: &Model) -> Identification {
    let active = active(model);
    let end_users = Share {
        count: active.iter().filter(|p| identified(p)).count(),
        of: active.len(),
    };
    let internal: Vec<&Product> = active
        .iter()
        .copied()
        .filter(|p| model.product_is_internal(p) == Some(true))
        .collect();
    let has_internal_end_user = |p: &Product| has_internal_end_user(model, p);
    let internal_end_users = Share {
        count: internal.iter().filter(|p| has_internal_end_user(p)).count(),
        of: internal.len(),
    };
    let top_priority = |p: &&&Product| {
        let priority = p.priority.as_ref().and_then(|s| s.single());
        priority.is_some_and(|n| *n <= 2) && !identified(p)
    };
    let top_priority_without_end_user = sorted(
        active
            .iter()
            .filter(top_priority)
            .map(|p| p.declared.name.text.to_string())
            .collect(),
    );
    let verdict = if active.is_empty() {
        Verdict::NotGraded
    } else if end_users.ratio() < 0.5 || internal_end_users.ratio() < 0.5 {
        Verdict::Fail
    } else if end_users.ratio() >= 0.9
        && internal_end_users.count == internal_end_users.of
        && top_priority_without_end_user.is_empty()
    {
        Verdict::Pass
    } else {
        Verdict::NeedsWork
    };
    Identification {
        verdict,
        end_users,
        internal_end_users,
        top_priority_without_end_user,
        departments: by_department(model, &active),
    }
}

/// Active products and those with an end user, by producing department.
fn by_department(model: &Model, active: &[&Product]) -> Vec<DepartmentLine> {
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in active {
        let Some(d) = p.produced_by.as_ref().and_then(|s| s.single()) else {
            continue;
        };
        let name = model.department(*d).declared.name.text.to_string();
        let entry = by.entry(name).or_default();
        entry.0 += 1;
        entry.1 += usize::from(identified(p));
    }
    by.into_iter()
        .map(|(name, (active_products, with_end_user))| DepartmentLine {
            name,
            active_products,
            with_end_user,
        })
        .collect()
}

/// Test 2: are customers told apart by the role they play? A finding the baseline
/// records counts; one a comment suppresses is an accepted exception.
pub(super) fn roles(model: &Model, diagnostics: &[Diagnostic]) -> Roles {
    let mut broker_decides: Vec<String> = Vec::new();
    let mut broker_only: Vec<String> = Vec::new();
    let mut accepted = 0;
    for d in diagnostics.iter().filter(|d| RULES.contains(&d.code)) {
        if d.suppressed
            .as_ref()
            .is_some_and(|s| s.origin == SuppressedBy::Comment)
        {
            accepted += 1;
            continue;
        }
        let Some(rule) = d.entity.as_deref().and_then(|e| e.strip_prefix("rule:")) else {
            continue;
        };
        match d.code {
            Code::CC301 => broker_decides.push(rule.to_string()),
            _ => broker_only.push(rule.to_string()),
        }
    }
    let (broker_decides, broker_only) = (sorted(broker_decides), sorted(broker_only));
    let about_active = |p: &crate::model::ProductId| model.product(*p).is_active();
    let decision_rules = model
        .rules
        .iter()
        .filter(|r| {
            r.product
                .as_ref()
                .and_then(|s| s.single())
                .is_some_and(about_active)
        })
        .count();
    let disempowering = sorted([broker_decides.clone(), broker_only.clone()].concat());
    let verdict = if decision_rules == 0 {
        Verdict::NotGraded
    } else if disempowering.is_empty() {
        Verdict::Pass
    } else if disempowering.len() * 4 >= decision_rules {
        Verdict::Fail
    } else {
        Verdict::NeedsWork
    };
    let active = active(model);
    Roles {
        verdict,
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
    }
}

/// Test 3: is there a written customer satisfaction policy? Coverage as CC103 sees it.
pub(super) fn policy(model: &Model) -> PolicyTest {
    let satisfaction: Vec<&Policy> = model
        .policies
        .iter()
        .filter(|p| p.is_satisfaction())
        .collect();
    let names = |policies: &[&Policy]| {
        sorted(
            policies
                .iter()
                .map(|p| p.declared.name.text.to_string())
                .collect(),
        )
    };
    let producing = producing(model);
    let coverage = model.satisfaction_coverage();
    let department = |d: &DepartmentId| model.department(*d).declared.name.text.to_string();
    let uncovered = sorted(
        producing
            .iter()
            .filter(|d| satisfaction.is_empty() || !coverage.covers(**d))
            .map(department)
            .collect(),
    );
    let count = |s: &Option<Slot<Name>>| s.as_ref().map_or(0, |s| s.items.len());
    let proactive: usize = satisfaction
        .iter()
        .map(|p| count(&p.proactive_measures))
        .sum();
    let reactive: usize = satisfaction
        .iter()
        .map(|p| count(&p.reactive_measures))
        .sum();
    let reactive_only: Vec<&Policy> = satisfaction
        .iter()
        .copied()
        .filter(|p| p.reactive_measures.is_some() && p.proactive_measures.is_none())
        .collect();
    let (reviews, owners_inside) = (reviews(&satisfaction), owners_inside(model, &satisfaction));
    let verdict = if satisfaction.is_empty() || proactive == 0 {
        Verdict::Fail
    } else if uncovered.is_empty()
        && reactive_only.is_empty()
        && reviews.iter().all(|r| r != "none")
        && owners_inside.count == owners_inside.of
    {
        Verdict::Pass
    } else {
        Verdict::NeedsWork
    };
    PolicyTest {
        verdict,
        satisfaction_policies: names(&satisfaction),
        coverage: Share {
            count: producing.len() - uncovered.len(),
            of: producing.len(),
        },
        uncovered,
        proactive_measures: proactive,
        reactive_measures: reactive,
        reviews,
        owners_inside,
        reactive_only: names(&reactive_only),
    }
}

/// The review cadence of each policy (`none` when it has none).
fn reviews(policies: &[&Policy]) -> Vec<String> {
    let review = |p: &&Policy| {
        let review = p.review.as_ref().and_then(|r| r.single());
        review.map_or("none".to_string(), |r| r.as_str().to_string())
    };
    policies.iter().map(review).collect()
}

/// The policies whose owner is inside the organisation.
fn owners_inside(model: &Model, policies: &[&Policy]) -> Share {
    let inside = |p: &&&Policy| {
        let owner = p.owner.as_ref().and_then(|o| o.single());
        owner.is_some_and(|r| model.role(*r).is_internal() == Some(true))
    };
    Share {
        count: policies.iter().filter(inside).count(),
        of: policies.len(),
    }
}

/// The departments that produce an active product.
fn producing(model: &Model) -> Vec<DepartmentId> {
    let mut producing: Vec<DepartmentId> = active(model)
        .iter()
        .filter_map(|p| p.produced_by.as_ref()?.single().copied())
        .collect();
    producing.sort();
    producing.dedup();
    producing
}

/// The touchpoint mix of active products.
pub(super) fn touchpoints(model: &Model) -> Touchpoints {
    let active = active(model);
    let with = |t: Touchpoint| {
        let has = |p: &&&Product| {
            p.touchpoints
                .iter()
                .flat_map(|s| s.values())
                .any(|v| *v == t)
        };
        active.iter().filter(has).count()
    };
    Touchpoints {
        static_: with(Touchpoint::Static),
        human: with(Touchpoint::Human),
        digital: with(Touchpoint::Digital),
        none: active.iter().filter(|p| p.touchpoints.is_none()).count(),
    }
}

/// Who owns the active products.
pub(super) fn ownership(model: &Model) -> Ownership {
    let active = active(model);
    let external = |p: &&&Product| {
        let owner = p.owner.as_ref().and_then(|o| o.single());
        owner.is_some_and(|r| model.role(*r).is_internal() == Some(false))
    };
    Ownership {
        with_owner: Share {
            count: active.iter().filter(|p| p.owner.is_some()).count(),
            of: active.len(),
        },
        external_owners: active.iter().filter(external).count(),
    }
}
