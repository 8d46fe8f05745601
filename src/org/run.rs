//! Judging the model with an organisation rule: `where` picks the entities, `require` must
//! hold for each; a finding for each that fails, and a CC012 for each on which an
//! expression cannot be evaluated.

use cel::common::types::{CelBool, CelString};
use cel::common::value::CowVal;
use std::sync::atomic::{AtomicBool, Ordering};

use cel::{Context, Value};
use rayon::prelude::*;

use super::value::{declared, Universe};
use super::variables::Variables;
use super::{Expression, Facts, OrgRule};
use crate::catalog::Code;
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::{EntityRef, Model, SlotVisitor};
use crate::syntax::Kind;

/// Entities judged by one evaluation context (and one budget) at a time.
const CHUNK: usize = 2048;

/// What the organisation rules found: for each rule, the declarations that fail it and
/// the declarations it could not judge (CC012).
///
/// A failing declaration is kept as its reference alone until [`Judged::write`] writes
/// its finding straight into the report's list: tens of thousands of findings are never
/// held twice, once in lists of their own and once in the report.
pub struct Judged<'a> {
    rules: &'a [&'a OrgRule],
    facts: Facts,
    failing: Vec<Vec<EntityRef>>,
    errors: Vec<Vec<Diagnostic>>,
}

/// Judge `model` (files named `files`) with each of `rules`.
///
/// Every declaration is judged by all the rules of its kind in turn, while it is in the
/// cache, rather than the model being walked once per rule.
pub fn judge<'a>(rules: &'a [&'a OrgRule], model: &Model, files: &[&str]) -> Judged<'a> {
    // Without a rule there is nothing to derive facts for.
    let facts = if rules.is_empty() {
        Facts::default()
    } else {
        Facts::new(model)
    };
    let mut failing: Vec<Vec<EntityRef>> = rules.iter().map(|_| Vec::new()).collect();
    let mut errors: Vec<Vec<Diagnostic>> = rules.iter().map(|_| Vec::new()).collect();
    for kind in Kind::ALL {
        let group: Vec<(usize, &OrgRule)> = rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.kind == kind)
            .map(|(r, rule)| (r, *rule))
            .collect();
        if group.is_empty() {
            continue;
        }
        let judged = Group {
            rules: &group,
            stopped: group.iter().map(|_| AtomicBool::new(false)).collect(),
            model,
            facts: &facts,
            files,
        };
        let chunks: Vec<Verdicts> = entities(model, kind)
            .par_chunks(CHUNK)
            .map(|chunk| judged.chunk(chunk))
            .collect();
        for (g, (r, _)) in group.iter().enumerate() {
            failing[*r].reserve_exact(chunks.iter().map(|c| c.failing[g].len()).sum());
        }
        for chunk in chunks {
            for ((r, _), (fails, errs)) in group
                .iter()
                .zip(chunk.failing.into_iter().zip(chunk.errors))
            {
                failing[*r].extend(fails);
                errors[*r].extend(errs);
            }
        }
    }
    Judged {
        rules,
        facts,
        failing,
        errors,
    }
}

impl Judged<'_> {
    /// How many diagnostics [`Judged::write`] adds.
    pub fn count(&self) -> usize {
        self.failing.iter().map(Vec::len).sum::<usize>()
            + self.errors.iter().map(Vec::len).sum::<usize>()
    }

    /// Append each rule's findings (in rule order, each in declaration order), then the
    /// evaluation errors, to `out`; `texts` are the files' texts, for fixes.
    pub fn write(self, model: &Model, files: &[&str], texts: &[&str], out: &mut Vec<Diagnostic>) {
        out.reserve(self.count());
        for (rule, failing) in self.rules.iter().zip(&self.failing) {
            let start = out.len();
            // Each finding is written in its place: a blank holds it meanwhile.
            out.resize_with(start + failing.len(), || {
                Diagnostic::without_span(rule.code, None, String::new())
            });
            out[start..]
                .par_chunks_mut(CHUNK)
                .zip(failing.par_chunks(CHUNK))
                .for_each(|(slots, entities)| {
                    with_scope(model, &self.facts, files, |universe, variables, scope| {
                        for (slot, &entity) in slots.iter_mut().zip(entities) {
                            variables.judge(entity);
                            universe.refill();
                            *slot = report(rule, universe, entity, scope, texts);
                        }
                    })
                });
        }
        for errors in self.errors {
            out.extend(errors);
        }
    }
}

/// Run `f` with an evaluation context over `model`, its variables and CEL scope.
fn with_scope<T>(
    model: &Model,
    facts: &Facts,
    files: &[&str],
    f: impl FnOnce(&Universe<'_>, &Variables<'_>, &Context<'_, '_>) -> T,
) -> T {
    let universe = Universe::new(model, facts, files);
    let variables = Variables::new(&universe);
    let mut scope = Context::with_env(environment());
    scope.set_variable_resolver(&variables);
    f(&universe, &variables, &scope)
}

/// The rules of one kind, judging its declarations.
struct Group<'a> {
    rules: &'a [(usize, &'a OrgRule)],
    /// Set for a rule when an evaluation runs out of budget: the rule then judges nothing
    /// more (its expression would do as much work on every declaration), and says so once.
    stopped: Vec<AtomicBool>,
    model: &'a Model,
    facts: &'a Facts,
    files: &'a [&'a str],
}

/// What each rule of a group made of a chunk of declarations.
struct Verdicts {
    failing: Vec<Vec<EntityRef>>,
    errors: Vec<Vec<Diagnostic>>,
}

impl Group<'_> {
    /// The declarations of `chunk` that fail each rule, and its evaluation errors.
    fn chunk(&self, chunk: &[EntityRef]) -> Verdicts {
        let model = self.model;
        with_scope(
            model,
            self.facts,
            self.files,
            |universe, variables, scope| {
                let mut verdicts = Verdicts {
                    failing: self.rules.iter().map(|_| Vec::new()).collect(),
                    errors: self.rules.iter().map(|_| Vec::new()).collect(),
                };
                for &entity in chunk {
                    variables.judge(entity);
                    for (g, (_, rule)) in self.rules.iter().enumerate() {
                        if self.stopped[g].load(Ordering::Relaxed) {
                            continue;
                        }
                        universe.refill();
                        match judge_one(rule, scope, universe, entity) {
                            Ok(true) => {}
                            Ok(false) => verdicts.failing[g].push(entity),
                            Err(problem) if universe.exhausted() => {
                                if !self.stopped[g].swap(true, Ordering::Relaxed) {
                                    verdicts.errors[g].push(evaluation_error(
                                        rule, model, entity, &problem, true,
                                    ));
                                }
                            }
                            Err(problem) => {
                                if !has_invalid(model, entity) {
                                    verdicts.errors[g].push(evaluation_error(
                                        rule, model, entity, &problem, false,
                                    ));
                                }
                            }
                        }
                    }
                }
                verdicts
            },
        )
    }
}

/// CEL's standard environment, built once for every evaluation of the process.
fn environment() -> std::sync::Arc<cel::Env> {
    static ENV: std::sync::OnceLock<std::sync::Arc<cel::Env>> = std::sync::OnceLock::new();
    ENV.get_or_init(|| std::sync::Arc::new(cel::Env::stdlib()))
        .clone()
}

/// Every entity of `kind`, in declaration order.
fn entities(model: &Model, kind: Kind) -> Vec<EntityRef> {
    use crate::model::{DecisionRuleId, DepartmentId, PolicyId, ProductId, RoleId};
    match kind {
        Kind::Organisation => model
            .organisation
            .iter()
            .map(|_| EntityRef::Organisation)
            .collect(),
        Kind::Department => (0..model.departments.len())
            .map(|i| EntityRef::Department(DepartmentId::new(i)))
            .collect(),
        Kind::Role => (0..model.roles.len())
            .map(|i| EntityRef::Role(RoleId::new(i)))
            .collect(),
        Kind::Product => (0..model.products.len())
            .map(|i| EntityRef::Product(ProductId::new(i)))
            .collect(),
        Kind::Policy => (0..model.policies.len())
            .map(|i| EntityRef::Policy(PolicyId::new(i)))
            .collect(),
        Kind::Rule => (0..model.rules.len())
            .map(|i| EntityRef::Rule(DecisionRuleId::new(i)))
            .collect(),
    }
}

/// Whether the entity passes: `Ok(true)` when `where` is false or `require` holds.
fn judge_one(
    rule: &OrgRule,
    scope: &Context<'_, '_>,
    universe: &Universe<'_>,
    entity: EntityRef,
) -> Result<bool, String> {
    if let Some(condition) = &rule.condition {
        if !truth(condition, "where", scope, universe, entity)? {
            return Ok(true);
        }
    }
    truth(&rule.require, "require", scope, universe, entity)
}

/// What `expression` gives on `entity`: its plan's answer when it has one, else CEL's
/// (with a fresh budget, what the plan spent being forgotten).
fn truth(
    expression: &Expression,
    key: &str,
    scope: &Context<'_, '_>,
    universe: &Universe<'_>,
    entity: EntityRef,
) -> Result<bool, String> {
    if let Some(plan) = &expression.plan {
        let answer = crate::org::plan::truth(plan, universe, entity);
        universe.refill();
        if let Some(holds) = answer {
            if cfg!(debug_assertions) {
                agrees(
                    expression,
                    holds,
                    cel_truth(expression, key, scope),
                    universe,
                );
            }
            return Ok(holds);
        }
    }
    cel_truth(expression, key, scope)
}

/// In debug builds (tests, fuzzing): a plan's answer is CEL's, unless CEL ran out of
/// budget.
fn agrees(expression: &Expression, plan: bool, cel: Result<bool, String>, universe: &Universe) {
    if !universe.exhausted() {
        assert_eq!(
            cel,
            Ok(plan),
            "the plan of `{}` disagrees with CEL",
            expression.text
        );
    }
    universe.refill();
}

fn cel_truth(expression: &Expression, key: &str, scope: &Context<'_, '_>) -> Result<bool, String> {
    let value = Value::resolve_val(expression.program.expression(), scope)
        .map_err(|e| format!("`{key}` failed: {e}"))?;
    match value.downcast_ref::<CelBool>() {
        Some(b) => Ok(*b.inner()),
        None => Err(format!(
            "`{key}` gave {}, not a boolean",
            value.get_type().name()
        )),
    }
}

fn report(
    rule: &OrgRule,
    universe: &Universe<'_>,
    entity: EntityRef,
    scope: &Context<'_, '_>,
    texts: &[&str],
) -> Diagnostic {
    let declared = declared(universe.model, entity);
    let field = rule
        .concerns
        .as_deref()
        .and_then(|key| key_span(universe.model, entity, key));
    let span = field.unwrap_or(declared.name.span);
    let message = rule.message.render(scope, universe, entity);
    let help = rule
        .help
        .as_ref()
        .map(|h| h.render(scope, universe, entity));
    let fix = rule.fix.as_ref().and_then(|(key, value)| {
        let text = texts.get(declared.file.index())?;
        fix(universe.model, entity, key, value, scope, text)
    });
    let mut d = Diagnostic::new(rule.code, declared.file, span, message)
        .with_entity(declared.kind.keyword(), &declared.name.text);
    d.label = Some(rule.label.clone());
    d.help = help.map(Into::into);
    d.fixes.extend(fix);
    d
}

/// Where field `key` of `entity` is written, if it is.
fn key_span(model: &Model, entity: EntityRef, key: &str) -> Option<crate::source::Span> {
    struct Find<'k> {
        key: &'k str,
        found: Option<crate::source::Span>,
    }
    impl SlotVisitor for Find<'_> {
        fn visit<T: crate::model::FieldValue>(
            &mut self,
            key: &'static str,
            slot: Option<&crate::model::Slot<T>>,
        ) {
            if key == self.key {
                self.found = slot.map(|s| s.key());
            }
        }
    }
    let mut find = Find { key, found: None };
    visit(model, entity, &mut find);
    find.found
}

fn visit(model: &Model, entity: EntityRef, visitor: &mut impl SlotVisitor) {
    use crate::model::Entity;
    match entity {
        EntityRef::Organisation => {
            if let Some(o) = &model.organisation {
                o.visit(visitor)
            }
        }
        EntityRef::Department(d) => model.department(d).visit(visitor),
        EntityRef::Role(r) => model.role(r).visit(visitor),
        EntityRef::Product(p) => model.product(p).visit(visitor),
        EntityRef::Policy(p) => model.policy(p).visit(visitor),
        EntityRef::Rule(r) => model.rules[r.index()].visit(visitor),
    }
}

/// Whether some value of the entity failed a core check: its errors already say what is
/// wrong, so an expression that cannot be evaluated on it is not reported again.
fn has_invalid(model: &Model, entity: EntityRef) -> bool {
    struct Any(bool);
    impl SlotVisitor for Any {
        fn visit<T: crate::model::FieldValue>(
            &mut self,
            _: &'static str,
            slot: Option<&crate::model::Slot<T>>,
        ) {
            self.0 |= slot.is_some_and(|s| s.has_invalid());
        }
    }
    let mut any = Any(false);
    visit(model, entity, &mut any);
    any.0
}

/// The fix that adds field `key` with the value of `value`, after the entity's last field.
fn fix(
    model: &Model,
    entity: EntityRef,
    key: &str,
    value: &Expression,
    scope: &Context<'_, '_>,
    text: &str,
) -> Option<Fix> {
    struct Last {
        at: Option<(usize, usize)>,
    }
    impl SlotVisitor for Last {
        fn visit<T: crate::model::FieldValue>(
            &mut self,
            _: &'static str,
            slot: Option<&crate::model::Slot<T>>,
        ) {
            if let Some(slot) = slot {
                let end = slot
                    .items
                    .iter()
                    .map(|i| i.span.end())
                    .max()
                    .unwrap_or(slot.key().end());
                if self.at.is_none_or(|(_, e)| end > e) {
                    self.at = Some((slot.key().start(), end));
                }
            }
        }
    }
    let mut last = Last { at: None };
    visit(model, entity, &mut last);
    let (start, end) = last.at?;
    let value = Value::resolve_val(value.program.expression(), scope).ok()?;
    let written = written(&value)?;
    let field = format!("{key}: {written}");
    Some(Fix::unsafe_(
        format!("add `{field}`"),
        vec![crate::edit::add_field_after(text, start, end, &field)],
    ))
}

/// A value as CCL writes it: a name, a number, a quoted string.
fn written(value: &CowVal<'_, '_>) -> Option<String> {
    if let Some(s) = value.downcast_ref::<CelString>() {
        return Some(format!("{:?}", s.inner()));
    }
    let text = super::template::text_of(&**value);
    (!text.is_empty() && text != "?" && text != "null").then_some(text)
}

fn evaluation_error(
    rule: &OrgRule,
    model: &Model,
    entity: EntityRef,
    problem: &str,
    exhausted: bool,
) -> Diagnostic {
    let declared = declared(model, entity);
    let code = rule.code.as_str();
    let mut d = Diagnostic::new(
        Code::CC012,
        declared.file,
        declared.name.span,
        format!(
            "organisation rule {code} ({}) cannot judge {}: {problem}",
            rule.code.name(),
            declared.describe()
        ),
    )
    .with_entity(declared.kind.keyword(), &declared.name.text);
    d.label = Some(format!("{code} cannot be evaluated here").into());
    d.subject = code.into();
    d.help = Some(if exhausted {
        "the rule was stopped here and judged no further declaration: read derived fields (such as a department's `products`) rather than scanning `model` for every declaration".into()
    } else {
        "test a field that may be absent with `has()` first, e.g. `has(self.priority) && self.priority <= 2`; `cclint test` runs the rule's cases".into()
    });
    d
}
