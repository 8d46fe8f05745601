//! Lint rules (SPEC 3.2): the `Rule` trait, the shared index they read, and the registry.
//! One rule per file; each reads the resolved model only.

mod broker_as_end_user;
mod broker_decides;
mod broker_only_channel;
mod department_as_customer;
mod department_without_products;
mod external_owner;
mod incomplete_satisfaction_policy;
mod missing_satisfaction_policy;
mod missing_touchpoints;
mod product_without_owner;
mod reactive_only_policy;
mod uncovered_department;
mod unidentified_end_user;
mod unidentified_internal_customer;
mod unprioritized_product;

use rustc_hash::FxHashSet as HashSet;

use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::{Declared, DepartmentId, Model, Product, RoleId};
use crate::source::{FileId, Span};

/// A lint rule: a code from the catalog and a check over the model.
pub trait Rule: Sync {
    fn code(&self) -> Code;
    /// Report what is wrong through `out`, which is bound to this rule's code.
    fn check(&self, cx: &Context<'_>, out: &mut Findings);
}

/// Where a rule reports: bound to the rule's code, so that a rule cannot report under
/// another code, and giving every finding about a declaration that declaration as its
/// entity, the one way entities are named (as clippy's `span_lint_and_help` does for lints).
pub struct Findings {
    code: Code,
    diagnostics: Vec<Diagnostic>,
}

impl Findings {
    pub fn new(code: Code) -> Self {
        Findings {
            code,
            diagnostics: Vec::new(),
        }
    }

    /// A finding about `declared`, at `span` in its file.
    pub fn about(
        &mut self,
        declared: &Declared,
        span: Span,
        message: impl Into<Box<str>>,
    ) -> Finding<'_> {
        let d = Diagnostic::new(self.code, declared.file, span, message)
            .with_entity(declared.kind.keyword(), &declared.name.text);
        self.push(d)
    }

    /// A finding about the repository as a whole: no file, no entity.
    pub fn about_repository(&mut self, message: impl Into<Box<str>>) -> Finding<'_> {
        self.push(Diagnostic::without_span(self.code, None, message))
    }

    fn push(&mut self, d: Diagnostic) -> Finding<'_> {
        self.diagnostics.push(d);
        Finding(self.diagnostics.last_mut().expect("just pushed"))
    }

    /// The findings reported.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// A finding being reported: its label, help, notes, subject and fixes.
pub struct Finding<'a>(&'a mut Diagnostic);

impl Finding<'_> {
    /// The short text under the primary span.
    pub fn label(self, text: impl Into<std::sync::Arc<str>>) -> Self {
        self.0.label = Some(text.into());
        self
    }

    /// How to fix it.
    pub fn help(self, text: impl Into<Box<str>>) -> Self {
        self.0.help = Some(text.into());
        self
    }

    /// A secondary location, possibly in another file.
    pub fn note(self, file: FileId, span: Span, text: impl Into<String>) -> Self {
        self.0.labels.push(crate::diagnostic::Label {
            file,
            span,
            message: text.into(),
        });
        self
    }

    /// What in the entity the finding concerns (with code and entity, its fingerprint).
    pub fn subject(self, subject: impl Into<Box<str>>) -> Self {
        self.0.subject = subject.into();
        self
    }

    /// A change that would resolve it, if there is one.
    pub fn fix(self, fix: impl Into<Option<Fix>>) -> Self {
        self.0.fixes.extend(fix.into());
        self
    }
}

/// Every lint rule, in code order. Suppression diagnostics (CC007, CC008, CC010) come
/// from `crate::suppress`.
pub static RULES: &[&dyn Rule] = &[
    &missing_satisfaction_policy::MissingSatisfactionPolicy,
    &incomplete_satisfaction_policy::IncompleteSatisfactionPolicy,
    &uncovered_department::UncoveredDepartment,
    &reactive_only_policy::ReactiveOnlyPolicy,
    &unidentified_internal_customer::UnidentifiedInternalCustomer,
    &unidentified_end_user::UnidentifiedEndUser,
    &department_as_customer::DepartmentAsCustomer,
    &department_without_products::DepartmentWithoutProducts,
    &broker_decides::BrokerDecides,
    &broker_only_channel::BrokerOnlyChannel,
    &broker_as_end_user::BrokerAsEndUser,
    &product_without_owner::RULE,
    &external_owner::ExternalOwner,
    &missing_touchpoints::RULE,
    &unprioritized_product::RULE,
];

/// The model and facts precomputed once, so that every rule runs in linear time.
pub struct Context<'a> {
    pub model: &'a Model,
    /// The text of each file, by `FileId`: what fixes are built from.
    pub texts: &'a [&'a str],
    /// Whether some satisfaction policy covers every department (no scope, `all`, or a
    /// scope with an invalid value, which counts as covering).
    pub satisfaction_covers_all: bool,
    /// Departments named in the scope of some satisfaction policy.
    pub satisfaction_scope: HashSet<DepartmentId>,
    /// Departments that produce at least one product, active or retired.
    pub producing: HashSet<DepartmentId>,
    /// Departments that may produce a product without the model knowing: the ones an
    /// invalid `produced_by` value could stand for (its text, or its closest department
    /// name), and the ones named in product declarations that failed to parse.
    pub possible_producers: HashSet<DepartmentId>,
    /// Whether any department may: too many invalid producers to tell them apart, or a
    /// file that could not be read.
    pub any_possible_producer: bool,
    /// Whether some policy's `kind` is missing or invalid (CC006/CC005), or a policy may
    /// be missing (it failed to parse, or a file could not be read): any of them might be
    /// the satisfaction policy, so rules that conclude one is absent stay silent.
    pub policy_kind_unknown: bool,
}

impl<'a> Context<'a> {
    pub fn new(model: &'a Model, texts: &'a [&'a str]) -> Self {
        let coverage = model.satisfaction_coverage();
        let (satisfaction_covers_all, satisfaction_scope) = (coverage.all, coverage.departments);
        let mut producing = HashSet::default();
        let mut unknown_producers: Vec<&str> = Vec::new();
        for slot in model.products.iter().filter_map(|p| p.produced_by.as_ref()) {
            producing.extend(slot.values().copied());
            let invalid = slot.items.iter().filter(|i| i.value.is_none());
            unknown_producers.extend(invalid.map(|i| i.text.as_str()));
        }
        // A product without `produced_by` (CC006) names no department: it leaves CC204
        // to judge the others.
        let mut possible_producers = HashSet::default();
        let by_name: rustc_hash::FxHashMap<&str, DepartmentId> = model
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.declared.name.text.as_str(), DepartmentId::new(i)))
            .collect();
        let any_possible_producer = model.unreadable_files || unknown_producers.len() > 1000;
        let broken = &model.named_by_broken_products;
        if !any_possible_producer && (!unknown_producers.is_empty() || !broken.is_empty()) {
            let mut names: Vec<&str> = by_name.keys().copied().collect();
            names.sort_unstable();
            // A role written where the department belongs stands for the role's department.
            let role_department: rustc_hash::FxHashMap<&str, DepartmentId> = model
                .roles
                .iter()
                .filter_map(|r| {
                    let department = r.department.as_ref()?.single()?;
                    Some((r.declared.name.text.as_str(), *department))
                })
                .collect();
            for text in unknown_producers {
                let near = by_name
                    .get(text)
                    .or_else(|| role_department.get(text))
                    .or_else(|| {
                        crate::suggest::closest(text, names.iter().copied()).map(|n| &by_name[n])
                    });
                possible_producers.extend(near.copied());
            }
            possible_producers.extend(
                broken
                    .iter()
                    .filter_map(|n| by_name.get(n.as_str()).copied()),
            );
        }
        let policy_kind_unknown = model.may_lack(crate::syntax::Kind::Policy)
            || model
                .policies
                .iter()
                .any(|p| p.kind.as_ref().is_none_or(|k| k.has_invalid()));
        Context {
            texts,
            model,
            satisfaction_covers_all,
            satisfaction_scope,
            producing,
            possible_producers,
            any_possible_producer,
            policy_kind_unknown,
        }
    }

    pub fn has_satisfaction_policy(&self) -> bool {
        self.model.policies.iter().any(|p| p.is_satisfaction())
    }

    pub fn role_name(&self, role: RoleId) -> &str {
        &self.model.role(role).declared.name.text
    }

    pub fn department_name(&self, department: DepartmentId) -> &str {
        &self.model.department(department).declared.name.text
    }

    /// `` `a`, `b` `` for messages.
    pub fn list_roles(&self, roles: impl IntoIterator<Item = RoleId>) -> String {
        roles
            .into_iter()
            .map(|r| format!("`{}`", self.role_name(r)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a "product lacks a field" rule says: one finding per active product for which
/// `has` is false, at the product's name.
pub struct LacksField {
    pub code: Code,
    pub has: fn(&Product) -> bool,
    /// The message, with `{}` for the product's name.
    pub message: fn(&str) -> String,
    pub label: &'static str,
    pub help: fn(&str) -> String,
}

impl Rule for LacksField {
    fn code(&self) -> Code {
        self.code
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for product in cx
            .model
            .products
            .iter()
            .filter(|p| p.is_active() && !(self.has)(p))
        {
            let declared = &product.declared;
            let name = &declared.name.text;
            out.about(declared, declared.name.span, (self.message)(name))
                .label(self.label)
                .help((self.help)(name))
                .subject(self.label);
        }
    }
}

/// What the rules read beside the model: each file's text and name (by `FileId`), and
/// the organisation's rules.
pub struct Inputs<'a> {
    pub texts: &'a [&'a str],
    pub names: &'a [&'a str],
    pub organisation: &'a crate::org::Rules,
}

/// Run every enabled rule over the model, built-in and organisation rules alike, adding
/// the findings that `keep` keeps to `out`. Rules are independent: they run in parallel,
/// and their findings are put together in rule order, each rule's list freed as it is
/// moved (the findings are never held twice).
pub fn run(
    model: &Model,
    inputs: &Inputs<'_>,
    enabled: impl Fn(Code) -> bool + Sync,
    keep: impl Fn(&Diagnostic) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    use rayon::prelude::*;
    let cx = Context::new(model, inputs.texts);
    let organisation: Vec<&crate::org::OrgRule> = inputs
        .organisation
        .iter()
        .filter(|r| enabled(r.code))
        .collect();
    let (found, judged) = rayon::join(
        || -> Vec<Vec<Diagnostic>> {
            RULES
                .par_iter()
                .filter(|r| enabled(r.code()))
                .map(|rule| {
                    let mut findings = Findings::new(rule.code());
                    rule.check(&cx, &mut findings);
                    findings.into_diagnostics()
                })
                .collect()
        },
        || crate::org::judge(&organisation, model, inputs.names),
    );
    out.reserve_exact(found.iter().map(Vec::len).sum::<usize>() + judged.count());
    for list in found {
        out.extend(list.into_iter().filter(|d| keep(d)));
    }
    let start = out.len();
    judged.write(model, inputs.names, inputs.texts, out);
    retain_from(out, start, keep);
}

/// Keep only the diagnostics from `start` on that `keep` accepts, in order.
fn retain_from(out: &mut Vec<Diagnostic>, start: usize, keep: impl Fn(&Diagnostic) -> bool) {
    let mut kept = start;
    for i in start..out.len() {
        if keep(&out[i]) {
            out.swap(kept, i);
            kept += 1;
        }
    }
    out.truncate(kept);
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{Input, Report, Settings};

    /// Lint one file's text with the default settings.
    pub fn lint_with(text: &str, settings: &Settings) -> Report {
        crate::lint(vec![Input::from_text("test.ccl", text)], settings)
    }

    pub fn lint(text: &str) -> Report {
        lint_with(text, &Settings::default())
    }

    fn codes_of(report: &Report) -> Vec<(&'static str, usize)> {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code != crate::catalog::Code::CC101 && d.suppressed.is_none())
            .map(|d| {
                (
                    d.code.as_str(),
                    report
                        .file(crate::source::FileId(0))
                        .position(d.span.map_or(0, |s| s.start()))
                        .line,
                )
            })
            .collect()
    }

    /// (code, line) of every unsuppressed finding except CC101, which most snippets
    /// (having no satisfaction policy) would raise.
    pub fn codes(text: &str) -> Vec<(&'static str, usize)> {
        codes_of(&lint(text))
    }

    /// Like [`codes`], with `rule` turned on at warning level.
    pub fn codes_with(text: &str, rule: &str) -> Vec<(&'static str, usize)> {
        let code = crate::catalog::Code::parse(rule).expect("a known rule");
        let settings = Settings {
            levels: vec![(code, Some(crate::diagnostic::Level::Warning))],
            ..Settings::default()
        };
        codes_of(&lint_with(text, &settings))
    }
}
