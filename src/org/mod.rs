//! Organisation rules: the rules an organisation writes for itself in `cclint.yaml`
//! (`custom_rules`), conditions in CEL over the resolved model. Each becomes a code of the
//! catalog ([`crate::catalog::register`]), so that levels, suppressions, baselines,
//! `explain` and every output treat it as they treat a built-in rule.

mod facts;
mod fetch;
pub mod fields;
mod parts;
mod plan;

mod run;
mod select;
pub mod template;

pub mod types;
mod value;
mod variables;

use std::sync::Arc;

use cel::Program;

use crate::catalog::Code;
use crate::syntax::Kind;

pub use facts::Facts;
pub mod load;
pub use load::{load, Problem, RULE_KEYS};
pub use run::{judge, Judged};
use template::Template;

/// One organisation rule, compiled.
#[derive(Debug)]
pub struct OrgRule {
    pub code: Code,
    /// The kind of declaration it judges (`for:`).
    pub kind: Kind,
    /// `where:`: which of them it judges (all when absent).
    pub condition: Option<Expression>,
    /// `require:`: what each of them must satisfy.
    pub require: Expression,
    pub message: Template,
    pub help: Option<Template>,
    /// The label under the finding's place, shared by its findings.
    pub label: Arc<str>,
    /// The field of `self` that `require` reads first: the finding is placed on it when
    /// the entity writes it, else on the entity's name.
    pub concerns: Option<String>,
    /// `fix:`: a field to add, and the expression that gives its value.
    pub fix: Option<(String, Expression)>,
    pub tests: Vec<Case>,
    /// Where the rule is written: the YAML file and the line of its `code:`.
    pub origin: (String, usize),
}

/// A CEL expression and its text.
#[derive(Debug)]
pub struct Expression {
    pub text: String,
    pub program: Program,
    /// Its compiled plan, for the shapes that have one ([`plan`]).
    pub plan: Option<plan::Plan>,
}

impl Expression {
    pub fn new(text: &str, program: Program) -> Self {
        let plan = plan::Plan::compile(program.expression());
        Expression {
            text: text.to_string(),
            program,
            plan,
        }
    }
}

/// One inline test of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// `invalid` cases must raise the rule's finding, `valid` ones must not.
    pub invalid: bool,
    pub text: String,
    /// The line of the case in its YAML file.
    pub line: usize,
}

/// The organisation rules in force: cheap to clone, shared by every run of a session.
#[derive(Debug, Clone, Default)]
pub struct Rules(Arc<Vec<Arc<OrgRule>>>);

impl Rules {
    pub fn new(rules: Vec<OrgRule>) -> Self {
        Rules(Arc::new(rules.into_iter().map(Arc::new).collect()))
    }

    /// Only `rule` (what `cclint test` judges a rule's cases with).
    pub fn only(rule: &Arc<OrgRule>) -> Self {
        Rules(Arc::new(vec![rule.clone()]))
    }

    pub fn iter(&self) -> impl Iterator<Item = &OrgRule> {
        self.0.iter().map(|r| &**r)
    }

    pub fn shared(&self) -> impl Iterator<Item = &Arc<OrgRule>> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, code: Code) -> Option<&OrgRule> {
        self.iter().find(|r| r.code == code)
    }
}

/// A CEL parse error as one line: what is wrong and where in the expression.
pub(crate) fn parse_message(errors: &cel::ParseErrors) -> String {
    errors
        .errors
        .iter()
        .map(|e| {
            let column = e.pos.1.max(0) + 1;
            format!("{} (column {column})", e.msg)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
