//! Message templates: text with `{{ expression }}` holes, each hole a CEL expression over
//! `self` and `model`, its value written as text (an entity by its name).

use cel::common::types::{CelBool, CelDouble, CelInt, CelList, CelString, CelUInt};
use cel::common::value::Val;
use cel::{Context, Program, Value};

use super::plan::Plan;
use super::value::Universe;
use crate::model::EntityRef;

/// A template, its holes compiled.
#[derive(Debug)]
pub struct Template {
    pieces: Vec<Piece>,
}

#[derive(Debug)]
enum Piece {
    Text(String),
    /// The hole's expression, and its plan when it has one.
    Hole(Program, Option<Plan>),
}

/// A hole that does not parse: its text and why.
#[derive(Debug)]
pub struct HoleError {
    pub hole: String,
    pub message: String,
}

impl Template {
    /// Parse `text`; every hole must be a CEL expression.
    pub fn parse(text: &str) -> Result<Template, HoleError> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}") else {
                return Err(HoleError {
                    hole: rest[open..].trim_end().to_string(),
                    message: "`{{` is not closed with `}}`".to_string(),
                });
            };
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let hole = rest[open + 2..open + close].trim();
            let program = Program::compile(hole).map_err(|e| HoleError {
                hole: format!("{{{{ {hole} }}}}"),
                message: super::parse_message(&e),
            })?;
            let plan = Plan::compile(program.expression());
            pieces.push(Piece::Hole(program, plan));
            rest = &rest[open + close + 2..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(Template { pieces })
    }

    /// The holes' expressions, for the checks made before linting.
    pub fn holes(&self) -> impl Iterator<Item = &Program> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Hole(program, _) => Some(program),
            Piece::Text(_) => None,
        })
    }

    /// The text for `this`, each hole evaluated by its plan or else in `context`; a hole
    /// that fails is written as `{{ ? }}` rather than lose the message.
    pub fn render(
        &self,
        context: &Context<'_, '_>,
        universe: &Universe<'_>,
        this: EntityRef,
    ) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Hole(program, plan) => {
                    let start = out.len();
                    let planned = plan
                        .as_ref()
                        .is_some_and(|plan| super::plan::text(plan, universe, this, &mut out));
                    // What the plan spent is forgotten, as for conditions.
                    universe.refill();
                    let cel = || cel_text(program, context);
                    if !planned {
                        out.push_str(cel().as_deref().unwrap_or("{{ ? }}"));
                    } else if cfg!(debug_assertions) {
                        // In debug builds (tests, fuzzing) a plan writes what CEL writes,
                        // unless CEL fails (out of budget).
                        if let Some(cel) = cel() {
                            assert_eq!(out[start..], cel, "a hole's plan and CEL disagree");
                        }
                    }
                }
            }
        }
        out
    }
}

/// The text of a hole's value in `context`, `None` when it fails.
fn cel_text(program: &Program, context: &Context<'_, '_>) -> Option<String> {
    let value = Value::resolve_val(program.expression(), context).ok()?;
    Some(text_of(&*value))
}

/// How a value is written in a message.
pub fn text_of(value: &dyn Val) -> String {
    if let Some(s) = value.downcast_ref::<CelString>() {
        return s.inner().to_string();
    }
    if let Some(n) = value.downcast_ref::<CelInt>() {
        return n.inner().to_string();
    }
    if let Some(n) = value.downcast_ref::<CelUInt>() {
        return n.inner().to_string();
    }
    if let Some(n) = value.downcast_ref::<CelDouble>() {
        return n.inner().to_string();
    }
    if let Some(b) = value.downcast_ref::<CelBool>() {
        return b.inner().to_string();
    }
    // An entity: its name.
    if let Some(name) = value
        .as_indexer()
        .and_then(|i| i.get(&CelString::from("name")).ok())
    {
        if let Some(s) = name.downcast_ref::<CelString>() {
            return s.inner().to_string();
        }
    }
    if let Some(list) = value.downcast_ref::<CelList>() {
        let items: Vec<String> = list.inner().iter().map(|v| text_of(&**v)).collect();
        return items.join(", ");
    }
    match Value::try_from(value) {
        Ok(Value::Null) => "null".to_string(),
        Ok(other) => format!("{other:?}"),
        Err(_) => "?".to_string(),
    }
}
