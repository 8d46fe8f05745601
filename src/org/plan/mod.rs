//! Compiled plans: the common shapes of conditions (fields of `self` and of what it
//! references, `has()`, comparisons, `in`, `size()`, `exists()`/`all()`, `&&`, `||`, `!`,
//! `?:`, `contains()`, `startsWith()`, `endsWith()`, `matches()` with a literal pattern)
//! evaluated straight on the model, without building CEL's dynamic values for each
//! declaration.
//!
//! CEL stays the language and the reference. A plan is compiled from the expression CEL
//! parsed and checked; an expression of any other shape (`model`, arithmetic, maps, …) has
//! none. A plan answers only a plain success: on anything else (an error, a
//! missing field without `has()`, a `null`, two values of different types, the end of the
//! budget) it gives up, and CEL evaluates the expression, so every result and every error
//! message is CEL's own. In debug builds (the tests and the fuzz targets) every answer of
//! a plan is checked against CEL's.

mod eval;

use cel::common::ast::{operators, CallExpr, ComprehensionExpr, Expr, IdedExpr, LiteralValue};

pub use eval::{text, truth};

/// An expression compiled to a plan.
#[derive(Debug)]
pub struct Plan(Node);

#[derive(Debug)]
enum Node {
    Bool(bool),
    Int(i64),
    Str(String),
    Null,
    List(Vec<Node>),
    /// `self`.
    This,
    /// The variable of the `n`th enclosing `exists()`/`all()`, outermost first.
    Var(usize),
    Select(Box<Node>, String),
    /// `has(operand.field)`.
    Has(Box<Node>, String),
    Not(Box<Node>),
    And(Box<[Node; 2]>),
    Or(Box<[Node; 2]>),
    Cond(Box<[Node; 3]>),
    Compare(Compare, Box<[Node; 2]>),
    In(Box<[Node; 2]>),
    Size(Box<Node>),
    Text(TextTest, Box<[Node; 2]>),
    /// `text.matches('literal pattern')`, the pattern compiled once, as CEL's `matches`
    /// compiles it (with `regex`) on every call.
    Matches(Box<Node>, Box<regex::Regex>),
    /// `range.all(v, body)` or `range.exists(v, body)`.
    Fold {
        all: bool,
        range: Box<Node>,
        body: Box<Node>,
    },
}

#[derive(Debug, Clone, Copy)]
enum Compare {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy)]
enum TextTest {
    Contains,
    StartsWith,
    EndsWith,
}

impl Plan {
    /// The plan of `expr`, when every part of it has one.
    pub fn compile(expr: &IdedExpr) -> Option<Plan> {
        Compiler { vars: Vec::new() }.node(expr).map(Plan)
    }
}

struct Compiler<'e> {
    /// The variables of the enclosing comprehensions, outermost first.
    vars: Vec<&'e str>,
}

impl<'e> Compiler<'e> {
    fn node(&mut self, e: &'e IdedExpr) -> Option<Node> {
        Some(match &e.expr {
            Expr::Literal(literal) => match literal {
                LiteralValue::Boolean(b) => Node::Bool(*b.inner()),
                LiteralValue::Int(n) => Node::Int(*n.inner()),
                LiteralValue::String(s) => Node::Str(s.inner().to_string()),
                LiteralValue::Null => Node::Null,
                _ => return None,
            },
            // The innermost scope that has the name wins, as in CEL.
            Expr::Ident(name) => match self.vars.iter().rposition(|v| v == name) {
                Some(n) => Node::Var(n),
                None if name == "self" => Node::This,
                None => return None,
            },
            Expr::Select(select) => {
                let operand = Box::new(self.node(&select.operand)?);
                let field = select.field.clone();
                if select.test {
                    Node::Has(operand, field)
                } else {
                    Node::Select(operand, field)
                }
            }
            Expr::List(list) if list.optional_indices.is_empty() => Node::List(
                list.elements
                    .iter()
                    .map(|e| self.node(e))
                    .collect::<Option<_>>()?,
            ),
            Expr::Call(call) => self.call(call)?,
            Expr::Comprehension(fold) => self.fold(fold)?,
            _ => return None,
        })
    }

    fn pair(&mut self, a: &'e IdedExpr, b: &'e IdedExpr) -> Option<Box<[Node; 2]>> {
        Some(Box::new([self.node(a)?, self.node(b)?]))
    }

    fn call(&mut self, call: &'e CallExpr) -> Option<Node> {
        use operators::*;
        let args = &call.args;
        Some(match (call.func_name.as_str(), &call.target, args.len()) {
            (LOGICAL_AND, None, 2) => Node::And(self.pair(&args[0], &args[1])?),
            (LOGICAL_OR, None, 2) => Node::Or(self.pair(&args[0], &args[1])?),
            (LOGICAL_NOT, None, 1) => Node::Not(Box::new(self.node(&args[0])?)),
            (CONDITIONAL, None, 3) => Node::Cond(Box::new([
                self.node(&args[0])?,
                self.node(&args[1])?,
                self.node(&args[2])?,
            ])),
            (IN, None, 2) => Node::In(self.pair(&args[0], &args[1])?),
            ("size", None, 1) => Node::Size(Box::new(self.node(&args[0])?)),
            ("size", Some(target), 0) => Node::Size(Box::new(self.node(target)?)),
            ("matches", Some(target), 1) => self.matches(target, &args[0])?,
            ("matches", None, 2) => self.matches(&args[0], &args[1])?,
            (name, Some(target), 1) => {
                let test = match name {
                    "contains" => TextTest::Contains,
                    "startsWith" => TextTest::StartsWith,
                    "endsWith" => TextTest::EndsWith,
                    _ => return None,
                };
                Node::Text(test, self.pair(target, &args[0])?)
            }
            (name, None, 2) => {
                let op = match name {
                    EQUALS => Compare::Eq,
                    NOT_EQUALS => Compare::Ne,
                    LESS => Compare::Lt,
                    LESS_EQUALS => Compare::Le,
                    GREATER => Compare::Gt,
                    GREATER_EQUALS => Compare::Ge,
                    _ => return None,
                };
                Node::Compare(op, self.pair(&args[0], &args[1])?)
            }
            _ => return None,
        })
    }

    /// `text.matches(pattern)` with a literal pattern that compiles; any other is left
    /// to CEL (which reports a bad pattern).
    fn matches(&mut self, text: &'e IdedExpr, pattern: &'e IdedExpr) -> Option<Node> {
        let Expr::Literal(LiteralValue::String(pattern)) = &pattern.expr else {
            return None;
        };
        let regex = regex::Regex::new(pattern.inner()).ok()?;
        Some(Node::Matches(Box::new(self.node(text)?), Box::new(regex)))
    }

    /// `range.all(v, body)` and `range.exists(v, body)`, as CEL's parser expands them:
    /// an accumulator that starts `true` and steps `@result && body`, or starts `false`
    /// and steps `@result || body`, stopping once it is decided.
    fn fold(&mut self, fold: &'e ComprehensionExpr) -> Option<Node> {
        use operators::*;
        let accu = fold.accu_var.as_str();
        let Expr::Literal(LiteralValue::Boolean(init)) = &fold.accu_init.expr else {
            return None;
        };
        let Expr::Call(step) = &fold.loop_step.expr else {
            return None;
        };
        let all = match (*init.inner(), step.func_name.as_str()) {
            (true, LOGICAL_AND) => true,
            (false, LOGICAL_OR) => false,
            _ => return None,
        };
        let accu_ident = |e: &IdedExpr| matches!(&e.expr, Expr::Ident(name) if name == accu);
        // The condition to go on: `@not_strictly_false(@result)` for `all`,
        // `@not_strictly_false(!@result)` for `exists`.
        let go_on = match &fold.loop_cond.expr {
            Expr::Call(c) if c.func_name == NOT_STRICTLY_FALSE && c.args.len() == 1 => {
                match &c.args[0].expr {
                    Expr::Call(not) if !all && not.func_name == LOGICAL_NOT => {
                        not.args.len() == 1 && accu_ident(&not.args[0])
                    }
                    _ => all && accu_ident(&c.args[0]),
                }
            }
            _ => false,
        };
        if !go_on
            || fold.iter_var2.is_some()
            || step.target.is_some()
            || step.args.len() != 2
            || !accu_ident(&step.args[0])
            || !accu_ident(&fold.result)
        {
            return None;
        }
        let range = Box::new(self.node(&fold.iter_range)?);
        self.vars.push(&fold.iter_var);
        let body = self.node(&step.args[1]);
        self.vars.pop();
        Some(Node::Fold {
            all,
            range,
            body: Box::new(body?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Plan;

    fn planned(text: &str) -> bool {
        let program = cel::Program::compile(text).expect("the expression parses");
        Plan::compile(program.expression()).is_some()
    }

    #[test]
    fn common_shapes_have_plans() {
        for text in [
            "self.active && has(self.priority) && self.priority <= 2",
            "size(self.fixer) > 0",
            "self.owner.department == self.produced_by",
            "!self.end_user.exists(u, u in self.fixer)",
            "'digital' in self.touchpoints",
            "has(self.review) && self.review in [\"weekly\", \"monthly\"]",
            "self.decided_by.all(r, r.internal == true)",
            "self.title.size() <= 80 && self.name.startsWith('a')",
            "has(self.x) ? self.x != null : self.kind >= 'a'",
            "self.name.matches('^[a-z]+$') && matches(self.title, 'x')",
        ] {
            assert!(planned(text), "{text}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_cel() {
        for text in [
            "model.products.all(p, p.active)",
            "self.priority + 1 > 2",
            "self.name.matches('[')",
            "self.name.matches(self.title)",
            "self.priority < 2.5",
            "self.priority < 2u",
            "self.end_user.map(u, u.name).size() > 0",
            "self.end_user.exists_one(u, u.internal)",
            "{'a': 1}['a'] == 1",
            "self.end_user[0].internal",
            "other.name == 'a'",
        ] {
            assert!(!planned(text), "{text}");
        }
    }
}
