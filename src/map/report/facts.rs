//! What the report shows, computed once from the analysis: each product's row of the
//! inventory, the findings by rule, the accepted exceptions and the known findings.

use std::collections::{BTreeMap, BTreeSet};

use super::html::Titles;
use super::ReportInput;
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Level, SuppressedBy};
use crate::map::scorecard::measure::{has_internal_end_user, identified};
use crate::model::{Customer, Entity, Model, Product};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// One product as the inventory shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductFacts<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub department: Option<&'a str>,
    /// The department's title (else its name).
    pub department_label: Option<&'a str>,
    pub priority: Option<u8>,
    /// The owner, end users, brokers and fixers by title (else name), as people read them.
    pub owner: Option<&'a str>,
    pub end_users: Vec<&'a str>,
    pub brokers: Vec<&'a str>,
    pub fixers: Vec<&'a str>,
    pub touchpoints: Vec<&'static str>,
    pub retired: bool,
    /// Codes of the findings about it (suppressed ones aside).
    pub codes: Vec<&'static str>,
    /// It names an end user.
    pub identified: bool,
    /// An active product made for employees.
    pub internal: bool,
    /// An internal product with no employee among its end users.
    pub internal_gap: bool,
    /// The tests it holds back: `identification`, `roles`, `policy`.
    pub tests: Vec<&'static str>,
}

/// The analysis, arranged for the report.
pub struct Facts<'a> {
    pub input: &'a ReportInput<'a>,
    pub titles: Titles<'a>,
    /// The organisation's title (else its name).
    pub organisation: Option<String>,
    /// Sorted by department, priority, name.
    pub products: Vec<ProductFacts<'a>>,
    /// Errors of the files themselves (core rules): the verdicts are incomplete.
    pub core_errors: Vec<&'a Diagnostic>,
    /// Lint findings, by rule: new ones and those a baseline records.
    pub by_code: BTreeMap<Code, Vec<&'a Diagnostic>>,
    /// Findings suppressed by a comment: accepted, with a reason.
    pub exceptions: Vec<&'a Diagnostic>,
    /// Findings a baseline records (counted as findings).
    pub known: Vec<&'a Diagnostic>,
}

impl<'a> Facts<'a> {
    pub fn new(input: &'a ReportInput<'a>) -> Facts<'a> {
        let model = input.model;
        let titles = titles(model);
        let mut core_errors = Vec::new();
        let mut by_code: BTreeMap<Code, Vec<&Diagnostic>> = BTreeMap::new();
        let (mut exceptions, mut known) = (Vec::new(), Vec::new());
        for d in input.diagnostics {
            match &d.suppressed {
                Some(s) if s.origin == SuppressedBy::Comment => exceptions.push(d),
                _ if d.code.is_core() => {
                    if d.level == Level::Error && d.suppressed.is_none() {
                        core_errors.push(d);
                    }
                }
                suppressed => {
                    if suppressed.is_some() {
                        known.push(d);
                    }
                    by_code.entry(d.code).or_default().push(d);
                }
            }
        }
        let codes = codes_by_product(&by_code);
        let failing = failing_products(input, model);
        // Side by side: at 10,000 products this is most of the page's preparation.
        let all: Vec<&Product> = model.products.iter().collect();
        let mut products: Vec<ProductFacts> = all
            .par_iter()
            .map(|p| product(model, p, &codes, &failing))
            .collect();
        // Names are unique, so the order is total and the same on every run.
        products.par_sort_unstable_by(|a, b| {
            (a.department, a.priority.unwrap_or(9), a.name).cmp(&(
                b.department,
                b.priority.unwrap_or(9),
                b.name,
            ))
        });
        let organisation = model.organisation.as_ref().map(|o| {
            let declared = &o.declared;
            declared
                .title
                .as_deref()
                .unwrap_or(&declared.name.text)
                .to_string()
        });
        Facts {
            input,
            titles,
            organisation,
            products,
            core_errors,
            by_code,
            exceptions,
            known,
        }
    }

    /// `hr.ccl:12`: where a finding is.
    pub fn place(&self, d: &Diagnostic) -> Option<String> {
        let file = self.input.files.get(d.file?);
        let line = d.span.map_or(1, |s| file.line_index(s.start()) + 1);
        Some(format!("{}:{line}", file.display))
    }

    /// The name in a finding's `KIND:NAME`.
    pub fn entity_name(d: &Diagnostic) -> Option<&str> {
        d.entity
            .as_deref()
            .and_then(|e| e.split_once(':'))
            .map(|(_, n)| n)
    }

    /// The number of findings (new and known).
    pub fn finding_count(&self) -> usize {
        self.by_code.values().map(Vec::len).sum()
    }
}

/// Every declaration's title, by name.
fn titles(model: &Model) -> Titles<'_> {
    fn pairs<E: Entity>(
        list: &crate::model::EntityList<E>,
    ) -> impl Iterator<Item = (&str, Option<&str>)> {
        list.iter().map(|e| {
            let d = e.declared();
            (&*d.name.text, d.title.as_deref())
        })
    }
    let organisation = model.organisation.iter().map(|o| {
        let d = o.declared();
        (&*d.name.text, d.title.as_deref())
    });
    Titles::new(
        pairs(&model.departments)
            .chain(pairs(&model.roles))
            .chain(pairs(&model.products))
            .chain(pairs(&model.policies))
            .chain(pairs(&model.rules))
            .chain(organisation),
    )
}

/// The codes of the findings about each product, by its name.
fn codes_by_product<'a>(
    by_code: &BTreeMap<Code, Vec<&'a Diagnostic>>,
) -> FxHashMap<&'a str, BTreeSet<&'static str>> {
    let mut codes: FxHashMap<&str, BTreeSet<&'static str>> = FxHashMap::default();
    for (code, findings) in by_code {
        for d in findings {
            if let Some(name) = d.entity.as_deref().and_then(|e| e.strip_prefix("product:")) {
                codes.entry(name).or_default().insert(code.as_str());
            }
        }
    }
    codes
}

/// The products held back on the roles test (a decision rule over them lets brokers
/// decide or be the only way) and on the policy test (their department is not covered).
fn failing_products<'a>(input: &ReportInput, model: &'a Model) -> [BTreeSet<&'a str>; 2] {
    let card = input.card;
    let rules: BTreeSet<&str> = card
        .roles
        .broker_decides
        .iter()
        .chain(&card.roles.broker_only_channels)
        .map(String::as_str)
        .collect();
    let roles = model
        .rules
        .iter()
        .filter(|r| rules.contains(&*r.declared.name.text))
        .filter_map(|r| r.product.as_ref()?.single())
        .map(|p| &*model.product(*p).declared.name.text)
        .collect();
    let uncovered: BTreeSet<&str> = card.policy.uncovered.iter().map(String::as_str).collect();
    let policy = model
        .products
        .iter()
        .filter(|p| p.is_active())
        .filter(|p| department_of(model, p).is_some_and(|d| uncovered.contains(d)))
        .map(|p| &*p.declared.name.text)
        .collect();
    [roles, policy]
}

fn department_of<'a>(model: &'a Model, p: &Product) -> Option<&'a str> {
    let id = p.produced_by.as_ref()?.single()?;
    Some(&model.department(*id).declared.name.text)
}

/// A declaration's title, else its name.
fn label(declared: &crate::model::Declared) -> &str {
    declared.title.as_deref().unwrap_or(&declared.name.text)
}

/// The titles (else names) of a customer field's values.
fn customers<'a>(model: &'a Model, slot: &Option<crate::model::Slot<Customer>>) -> Vec<&'a str> {
    slot.iter()
        .flat_map(|s| s.values())
        .map(|c| match c {
            Customer::Role(r) => label(&model.role(*r).declared),
            Customer::Department(d) => label(&model.department(*d).declared),
        })
        .collect()
}

fn product<'a>(
    model: &'a Model,
    p: &'a Product,
    codes: &FxHashMap<&str, BTreeSet<&'static str>>,
    [roles, policy]: &[BTreeSet<&str>; 2],
) -> ProductFacts<'a> {
    let name: &str = &p.declared.name.text;
    let active = p.is_active();
    let internal = active && model.product_is_internal(p) == Some(true);
    let internal_gap = internal && !has_internal_end_user(model, p);
    let identified = identified(p);
    let mut tests = Vec::new();
    if active && (!identified || internal_gap) {
        tests.push("identification");
    }
    if roles.contains(name) {
        tests.push("roles");
    }
    if policy.contains(name) {
        tests.push("policy");
    }
    ProductFacts {
        title: p.declared.title.as_deref(),
        department: department_of(model, p),
        priority: p.priority.as_ref().and_then(|s| s.single()).copied(),
        owner: p
            .owner
            .as_ref()
            .and_then(|s| s.single())
            .map(|r| label(&model.role(*r).declared)),
        department_label: p
            .produced_by
            .as_ref()
            .and_then(|s| s.single())
            .map(|d| label(&model.department(*d).declared)),
        end_users: customers(model, &p.end_user),
        brokers: customers(model, &p.broker),
        fixers: customers(model, &p.fixer),
        touchpoints: p
            .touchpoints
            .iter()
            .flat_map(|s| s.values())
            .map(|t| t.as_str())
            .collect(),
        retired: !active,
        codes: codes
            .get(name)
            .map(|c| c.iter().copied().collect())
            .unwrap_or_default(),
        identified,
        internal,
        internal_gap,
        tests,
        name,
    }
}
