//! Each field checked against its kind's table: unknown keys (CC004, with a fix for a
//! single near miss), repeated fields, lists for single values and values of the wrong
//! shape (CC005), required fields (CC006).

use super::super::schema::{FieldSpec, ValueType};
use super::{Checked, Declared, Item, Kind, Lowerer, Rename, Slots};
use crate::catalog::Code;
use crate::diagnostic::{Edit, Fix};
use crate::suggest::{closest, ranked};
use crate::syntax::{Declaration, Field, Literal, Value};

impl Lowerer<'_> {
    /// Check the fields of `decl` into `slots` (cleared first).
    pub(super) fn check_fields(&mut self, decl: &Declaration, owner: &Declared, slots: &mut Slots) {
        slots.clear();
        for field in &decl.fields {
            match self.fields.any(decl.kind, &field.key) {
                Some(spec) => self.check_field(owner, spec, field, slots),
                None => self.check_unknown_field(decl, owner, field, slots),
            }
        }
        if decl.kind == Kind::Role {
            self.check_internal_or_external(owner, slots);
        }
    }

    /// A field of the kind's table: given once, with as many values as it takes, each
    /// checked.
    fn check_field(
        &mut self,
        owner: &Declared,
        spec: &'static FieldSpec,
        field: &Field,
        slots: &mut Slots,
    ) {
        let key = &field.key;
        if let Some(first) = slots.first.iter().find(|(k, _)| *k == spec.key) {
            let d = self
                .error(Code::CC005, field.key_span(), owner, format!("`{key}` is given twice in {}", owner.describe()))
                .with_primary_label("given again")
                .with_label(self.file, first.1, format!("`{key}` is first given here"))
                .with_help(format!("a field appears once per block; keep one `{key}` (list several values with `,`)"))
                .with_subject(format!("repeated:{key}"));
            self.diagnostics.push(d);
            return;
        }
        slots.first.push((spec.key, field.key_span()));
        if spec.many || field.values.len() <= 1 {
            let items = field.values.iter().map(|v| {
                let checked = self.check_value(owner, spec, v);
                item(v, checked)
            });
            slots.insert(spec.key, field.key_span(), items);
            return;
        }
        let count = field.values.len();
        let d = self
            .error(
                Code::CC005,
                field.values[1].span,
                owner,
                format!(
                    "`{key}` of {} takes one value, but {count} are given",
                    owner.describe()
                ),
            )
            .with_primary_label("a second value")
            .with_help(format!("`{key}` takes {}; keep one value", spec.expects()))
            .with_subject(format!("list:{key}"));
        self.diagnostics.push(d);
        let items = field.values.iter().map(|v| item(v, None));
        slots.insert(spec.key, field.key_span(), items);
    }

    /// A key the kind does not take (CC004). A near miss (`end_users`) stands for the
    /// field it misspells, present but invalid, so that lint rules do not also report
    /// that field missing.
    fn check_unknown_field(
        &mut self,
        decl: &Declaration,
        owner: &Declared,
        field: &Field,
        slots: &mut Slots,
    ) {
        let Some(near) = self.unknown_field(decl, owner, field) else {
            return;
        };
        let fixable = self.diagnostics.last().is_some_and(|d| !d.fixes.is_empty());
        if fixable && !self.valid_as(decl, owner, field, near) {
            // Renaming the key would only trade this error for another.
            if let Some(d) = self.diagnostics.last_mut() {
                d.fixes.clear();
            }
        }
        if !slots.contains_key(near) {
            let items = field.values.iter().map(|v| item(v, None));
            slots.insert(near, field.key_span(), items);
        }
    }

    /// A role is an employee (`department`) or external, not both (CC005 at the second).
    fn check_internal_or_external(&mut self, owner: &Declared, slots: &Slots) {
        let (Some(dept), Some(external)) =
            (slots.key_span("department"), slots.key_span("external"))
        else {
            return;
        };
        let (first, second, second_key) = if dept.start() < external.start() {
            (dept, external, "external")
        } else {
            (external, dept, "department")
        };
        let d = self
            .error(Code::CC005, second, owner, format!("{} has both `department` and `external`", owner.describe()))
            .with_primary_label("contradicts the other")
            .with_label(self.file, first, "the other one")
            .with_help("a role is either an employee (`department: …`) or external (`external: true`), not both")
            .with_subject(format!("both:{second_key}"));
        self.diagnostics.push(d);
    }

    /// Whether `field`'s values would be valid under the key `near`: the condition for
    /// offering to rename the key (the checks run and their diagnostics are dropped). The
    /// names of a reference field are checked when the model is built (a [`Rename`]).
    pub(super) fn valid_as(
        &mut self,
        decl: &Declaration,
        owner: &Declared,
        field: &Field,
        near: &str,
    ) -> bool {
        let Some(spec) = self.fields.any(decl.kind, near) else {
            return false;
        };
        if !spec.many && field.values.len() > 1 {
            return false;
        }
        let has = |key: &str| decl.fields.iter().any(|f| f.key == key);
        if decl.kind == Kind::Role
            && ((near == "department" && has("external"))
                || (near == "external" && has("department")))
        {
            return false;
        }
        let mark = self.diagnostics.len();
        let checked: Vec<Option<Checked>> = field
            .values
            .iter()
            .map(|v| self.check_value(owner, spec, v))
            .collect();
        let clean = self.diagnostics.len() == mark;
        self.diagnostics.truncate(mark);
        if !clean || checked.iter().any(Option::is_none) {
            return false;
        }
        let names: Vec<_> = checked
            .into_iter()
            .filter_map(|c| match c {
                Some(Checked::Name(name)) => Some(name),
                _ => None,
            })
            .collect();
        if !names.is_empty() {
            self.renames.push(Rename {
                diagnostic: mark - 1,
                spec,
                names,
            });
        }
        true
    }

    /// Report an unknown field; return the field it is a near miss of, if any.
    pub(super) fn unknown_field(
        &mut self,
        decl: &Declaration,
        owner: &Declared,
        field: &Field,
    ) -> Option<&'static str> {
        let key = &field.key;
        let keys = self.fields.all(decl.kind).map(|f| f.key);
        let kind = decl.kind.keyword();
        let ranked = ranked(key, keys.clone());
        let near = ranked.map(|(near, _)| near);
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                let list: Vec<String> = keys.map(|k| format!("`{k}`")).collect();
                if list.is_empty() {
                    format!("a {kind} takes no fields")
                } else {
                    format!("a {kind} takes {}", list.join(", "))
                }
            }
        };
        let d = self
            .error(
                Code::CC004,
                field.key_span(),
                owner,
                format!("unknown field `{key}` in {}", owner.describe()),
            )
            .with_primary_label(format!("not a field of a {kind}"))
            .with_help(help)
            .with_subject(format!("field:{key}"));
        // The fix is safe when the near miss is the only one and not already a field.
        let d = match ranked {
            Some((near, true)) if !decl.fields.iter().any(|f| f.key == near) => {
                d.with_fix(Fix::safe(
                    format!("replace `{key}` with `{near}`"),
                    vec![Edit {
                        span: field.key_span(),
                        replacement: near.to_string(),
                    }],
                ))
            }
            _ => d,
        };
        self.diagnostics.push(d);
        near
    }

    pub(super) fn check_required(&mut self, decl: &Declaration, owner: &Declared, slots: &Slots) {
        let describe = owner.describe();
        let mut missing: Vec<(String, String)> = self
            .fields
            .all(decl.kind)
            .filter(|f: &&FieldSpec| f.required && !slots.contains_key(f.key))
            .map(|f| {
                (
                    format!("{describe} is missing the required field `{}`", f.key),
                    format!("add `{}: …` with {}", f.key, f.expects()),
                )
            })
            .collect();
        match decl.kind {
            Kind::Role if !slots.contains_key("department") && !slots.contains_key("external") => {
                missing.push((
                    format!("{describe} is neither internal nor external"),
                    "add `department: …` for an employee, or `external: true` for a customer or partner outside the organisation".to_string(),
                ));
            }
            Kind::Rule if !slots.contains_key("decided_by") && !slots.contains_key("channel") => {
                missing.push((
                    format!("{describe} says neither who decides nor through which channel"),
                    "add `decided_by: …` (who holds the decision), `channel: …` (how end users obtain the product), or both".to_string(),
                ));
            }
            _ => {}
        }
        for (message, help) in missing {
            let subject = format!("missing:{message}");
            let d = self
                .error(Code::CC006, decl.name.span, owner, message)
                .with_primary_label("incomplete declaration")
                .with_help(help)
                .with_subject(subject);
            self.diagnostics.push(d);
        }
    }

    /// Check one value against its field's type; report and return `None` when it fails.
    /// A name in a reference field is checked when the model is built.
    pub(super) fn check_value(
        &mut self,
        owner: &Declared,
        spec: &FieldSpec,
        value: &Value,
    ) -> Option<Checked> {
        let checked = match (spec.ty, value.literal()) {
            (ValueType::Text, Literal::String(s)) => Ok(Checked::Text(s.clone())),
            (ValueType::Word, Literal::Ident(s)) => Ok(Checked::Word(s.clone())),
            (ValueType::True, Literal::Boolean(true)) => Ok(Checked::True),
            (ValueType::Priority, Literal::Integer(digits)) => match digits.parse::<u8>() {
                Ok(n @ 1..=5) => Ok(Checked::Int(n)),
                _ => Err("priorities go from 1 (the highest) to 5".to_string()),
            },
            (ValueType::Integer { min, max }, Literal::Integer(digits)) => {
                match digits.parse::<i64>() {
                    Ok(n) if min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m) => {
                        Ok(Checked::Integer(n))
                    }
                    _ => Err(format!("`{}` takes {}", spec.key, spec.expects())),
                }
            }
            (ValueType::Date, Literal::String(s)) => match crate::suppress::parse_date(s) {
                Some(_) => Ok(Checked::Text(s.clone())),
                None => Err("write the date as \"YYYY-MM-DD\", e.g. \"2026-03-31\"".to_string()),
            },
            (ValueType::Boolean, Literal::Boolean(b)) => Ok(Checked::Bool(*b)),
            (ValueType::Words(vocabulary), Literal::Ident(s)) => {
                if vocabulary.words.contains(&s.as_str()) {
                    Ok(Checked::Word(s.clone()))
                } else {
                    Err(match closest(s, vocabulary.words.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("`{}` takes {}", spec.key, spec.expects()),
                    })
                }
            }
            (ValueType::Reference { keyword, .. }, Literal::Ident(name)) => {
                match keyword == Some(name.as_str()) {
                    true => Ok(Checked::Keyword),
                    false => Ok(Checked::Name(name.clone())),
                }
            }
            (ty, literal) => Err(wrong_shape_help(spec, ty, literal)),
        };
        match checked {
            Ok(checked) => Some(checked),
            Err(help) => {
                let d = self
                    .error(
                        Code::CC005,
                        value.span,
                        owner,
                        format!(
                            "`{}` of {} takes {}, not {}",
                            spec.key,
                            owner.describe(),
                            spec.expects(),
                            value.describe()
                        ),
                    )
                    .with_primary_label(format!("expected {}", spec.expects()))
                    .with_subject(format!("value:{}={}", spec.key, value.describe()))
                    .with_help(help);
                self.diagnostics.push(d);
                None
            }
        }
    }
}

/// A value as written, with what it checked as.
fn item(value: &crate::syntax::Value, checked: Option<Checked>) -> Item<Checked> {
    Item {
        span: value.span,
        text: value.text(),
        value: checked,
    }
}

/// How to write a value of the wrong shape as the field wants it.
fn wrong_shape_help(spec: &FieldSpec, ty: ValueType, literal: &Literal) -> String {
    match (ty, literal) {
        (ValueType::True, Literal::Boolean(false)) => {
            "`external` only takes `true`; for an employee write `department: …` instead"
                .to_string()
        }
        (ValueType::Text, Literal::Ident(s)) => format!("put the text in quotes: \"{s}\""),
        (ValueType::Date, _) => "write the date in quotes: \"YYYY-MM-DD\"".to_string(),
        (ValueType::Reference { .. }, Literal::String(s)) => {
            format!("write the declared name without quotes: `{s}`")
        }
        (ValueType::Word | ValueType::Words(_), Literal::String(s)) => {
            format!("write it without quotes: `{s}`")
        }
        _ => format!("`{}` takes {}", spec.key, spec.expects()),
    }
}
