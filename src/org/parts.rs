//! The parts of an organisation rule checked one by one: code, name, expressions,
//! templates, fix and tests.

use cel::Program;
use serde_yaml::Value;

use super::load::{key_at, line_of, Reader, Taken};
use super::template::Template;
use super::types;
use super::{parse_message, Case, Expression};
use crate::catalog::Family;
use crate::syntax::Kind;

impl Reader<'_> {
    /// Whether `code` is a valid organisation code, not taken; noted as taken.
    pub(super) fn check_code(&mut self, code: &str, taken: &mut Taken) -> bool {
        let span = self.value("code");
        let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = code.len() - letters.len();
        if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) || digits != 3 {
            self.problem(
                format!("invalid rule code `{code}`"),
                span,
                "not a code",
                Some("a code is capital letters then three digits, such as `ACME001`".to_string()),
            );
            return false;
        }
        if letters == "CC" {
            self.problem(format!("code `{code}` is reserved"), span, "reserved prefix", Some("`CC` codes are cclint's own; use your organisation's prefix, such as `ACME001`".to_string()));
            return false;
        }
        if let Some(first) = taken.get(code) {
            self.problem(
                format!("code `{code}` is defined twice"),
                span,
                "defined again here",
                Some(format!(
                    "it is first defined at {first}; give this rule another code"
                )),
            );
            return false;
        }
        taken.insert(code.to_string(), self.place(span));
        true
    }

    /// Whether `name` is a valid kebab-case rule name, not taken; noted as taken.
    pub(super) fn check_name(&mut self, name: &str, taken: &mut Taken) -> bool {
        let span = self.value("name");
        let kebab = name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        }) && name.starts_with(|c: char| c.is_ascii_lowercase());
        if !kebab {
            self.problem(format!("invalid rule name `{name}`"), span, "not kebab-case", Some("a rule name is lower-case words joined by `-`, such as `top-priority-needs-fixer`".to_string()));
            return false;
        }
        let builtin = crate::catalog::Code::ALL.iter().any(|c| c.name() == name)
            || Family::LINT.iter().any(|f| f.as_str() == name);
        if builtin {
            self.problem(
                format!("rule name `{name}` is taken by cclint"),
                span,
                "reserved name",
                Some(
                    "`cclint rules` lists the built-in rules and families; choose another name"
                        .to_string(),
                ),
            );
            return false;
        }
        let key = format!("name:{name}");
        if let Some(first) = taken.get(&key) {
            self.problem(
                format!("rule name `{name}` is used twice"),
                span,
                "used again here",
                Some(format!(
                    "it is first used at {first}; give this rule another name"
                )),
            );
            return false;
        }
        taken.insert(key, self.place(span));
        true
    }

    pub(super) fn place(&self, span: Option<(usize, usize)>) -> String {
        format!(
            "{}:{}",
            self.file,
            line_of(self.text, span.map_or(self.region.0, |s| s.0))
        )
    }

    /// The expression of `key`, parsed and checked against the fields of `kind`.
    pub(super) fn expression(
        &mut self,
        key: &str,
        text: &str,
        kind: Option<Kind>,
    ) -> Option<Expression> {
        let span = self.value(key);
        let program = match Program::compile(text) {
            Ok(program) => program,
            Err(e) => {
                self.problem(
                    format!(
                        "`{key}` is not a valid CEL expression: {}",
                        parse_message(&e)
                    ),
                    span,
                    "does not parse",
                    Some("see the CEL language definition: https://cel.dev".to_string()),
                );
                return None;
            }
        };
        let errors = types::check(program.expression(), kind, self.fields);
        if errors.is_empty() {
            return Some(Expression::new(text, program));
        }
        for e in errors {
            self.problem(
                format!("`{key}`: {}", e.message),
                span,
                "in this expression",
                e.help,
            );
        }
        None
    }

    pub(super) fn template(
        &mut self,
        key: &str,
        text: &str,
        kind: Option<Kind>,
    ) -> Option<Template> {
        let span = self.value(key);
        match Template::parse(text) {
            Ok(template) => {
                let errors: Vec<_> = template
                    .holes()
                    .flat_map(|h| types::check(h.expression(), kind, self.fields))
                    .collect();
                if errors.is_empty() {
                    return Some(template);
                }
                for e in errors {
                    self.problem(
                        format!("`{key}` template: {}", e.message),
                        span,
                        "in this template",
                        e.help,
                    );
                }
                None
            }
            Err(e) => {
                self.problem(
                    format!("`{key}` template: {} in `{}`", e.message, e.hole),
                    span,
                    "in this template",
                    Some(
                        "a template's holes are CEL expressions, such as `{{ self.name }}`"
                            .to_string(),
                    ),
                );
                None
            }
        }
    }

    /// `fix: { field: KEY, value: EXPRESSION }`.
    pub(super) fn fix(&mut self, fix: &Value, kind: Option<Kind>) -> Option<(String, Expression)> {
        let field = fix.get("field").and_then(Value::as_str);
        let value = fix.get("value").and_then(Value::as_str);
        let extra = fix
            .as_mapping()
            .into_iter()
            .flatten()
            .filter_map(|(k, _)| k.as_str())
            .find(|k| *k != "field" && *k != "value");
        let (Some(field), Some(value), None) = (field, value, extra) else {
            self.problem(
                "`fix` takes `field` (the field to add) and `value` (an expression)".to_string(),
                self.key("fix"),
                "here",
                Some("fix:\n  field: fixer\n  value: self.owner".to_string()),
            );
            return None;
        };
        if let Some(kind) = kind {
            if self.fields.any(kind, field).is_none() {
                let names: Vec<&str> = self.fields.all(kind).map(|f| f.key).collect();
                let help = crate::suggest::closest(field, names.iter().copied())
                    .map(|n| format!("did you mean `{n}`?"));
                self.problem(
                    format!(
                        "`fix` adds `{field}`, which a {} does not have",
                        kind.keyword()
                    ),
                    self.key("fix"),
                    "here",
                    help,
                );
                return None;
            }
        }
        let expression = self.expression("value", value, kind)?;
        Some((field.to_string(), expression))
    }

    pub(super) fn tests(&mut self, tests: &Value) -> Vec<Case> {
        let Some(items) = tests.as_sequence() else {
            self.problem(
                "`tests` must be a list of `valid:` and `invalid:` cases".to_string(),
                self.key("tests"),
                "not a list",
                None,
            );
            return Vec::new();
        };
        let mut cases = Vec::new();
        let mut from = self.key("tests").map_or(self.region.0, |s| s.0);
        for item in items {
            let one = item
                .as_mapping()
                .filter(|m| m.len() == 1)
                .and_then(|m| m.iter().next());
            let (invalid, text) = match one {
                Some((k, Value::String(text))) if k.as_str() == Some("valid") => (false, text),
                Some((k, Value::String(text))) if k.as_str() == Some("invalid") => (true, text),
                _ => {
                    self.problem(
                        "a test case is `- valid: CCL` or `- invalid: CCL`".to_string(),
                        self.key("tests"),
                        "in these tests",
                        Some("tests:\n  - invalid: |\n      product p { … }".to_string()),
                    );
                    continue;
                }
            };
            let key = if invalid { "invalid" } else { "valid" };
            let at = key_at(self.text, from, key).filter(|(at, _)| *at < self.region.1);
            let line = at.map_or(0, |(at, _)| line_of(self.text, at));
            if let Some((at, len)) = at {
                from = at + len;
            }
            cases.push(Case {
                invalid,
                text: text.clone(),
                line,
            });
        }
        cases
    }
}
