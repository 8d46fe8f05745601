//! Lowering from pest pairs to the typed AST: one function per grammar rule.

use pest::iterators::Pair;

use super::ast::{name, Declaration, Field, Ident, Kind, Literal, Name, Value, Values};
use super::Rule;
use crate::source::Span;

/// The names and texts of one file: each text written several times (field keys, the
/// names of departments and roles) is stored once and shared.
#[derive(Default)]
pub(super) struct Names<'i> {
    seen: rustc_hash::FxHashMap<&'i str, Name>,
}

impl<'i> Names<'i> {
    fn get(&mut self, text: &'i str) -> Name {
        self.seen.entry(text).or_insert_with(|| name(text)).clone()
    }
}

fn span(pair: &Pair<'_, Rule>, base: usize) -> Span {
    let s = pair.as_span();
    Span::new(base + s.start(), base + s.end())
}

/// The declarations of `pairs` (each a `declaration`).
pub(super) fn declarations<'i>(
    pairs: impl Iterator<Item = Pair<'i, Rule>>,
    base: usize,
    names: &mut Names<'i>,
) -> Vec<Declaration> {
    pairs.map(|pair| declaration(pair, base, names)).collect()
}

fn declaration<'i>(pair: Pair<'i, Rule>, base: usize, names: &mut Names<'i>) -> Declaration {
    debug_assert_eq!(pair.as_rule(), Rule::declaration);
    let decl_span = span(&pair, base);
    let mut kind = None;
    let mut name = None;
    let mut title = None;
    let mut fields = Vec::new();
    let mut block_span = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::kind => {
                let k = Kind::from_keyword(inner.as_str())
                    .expect("the grammar only matches the six kind keywords");
                debug_assert_eq!(inner.as_span().start() + base, decl_span.start());
                kind = Some(k);
            }
            Rule::name => name = Some(name_of(inner, base, names)),
            // The title (a silent rule around it): the only string of a declaration.
            Rule::string => title = Some(value(inner, base, names)),
            Rule::block => {
                block_span = Some(span(&inner, base));
                fields = block(inner, base, names);
            }
            rule => unreachable!("declaration cannot contain {rule:?}"),
        }
    }
    let kind = kind.expect("the grammar requires a kind");
    Declaration {
        kind,
        name: name.expect("the grammar requires a name"),
        title,
        fields,
        block: block_span,
        span: decl_span,
    }
}

/// A declaration's name (an atomic rule: the pair is the identifier).
fn name_of<'i>(pair: Pair<'i, Rule>, base: usize, names: &mut Names<'i>) -> Ident {
    debug_assert_eq!(pair.as_rule(), Rule::name);
    Ident {
        text: names.get(pair.as_str()),
        span: span(&pair, base),
    }
}

fn block<'i>(pair: Pair<'i, Rule>, base: usize, names: &mut Names<'i>) -> Vec<Field> {
    let inner = pair.into_inner();
    // All but the braces.
    let mut fields = Vec::with_capacity(inner.len().saturating_sub(2));
    for inner in inner {
        match inner.as_rule() {
            Rule::field => fields.push(field(inner, base, names)),
            Rule::lbrace | Rule::rbrace => {}
            rule => unreachable!("block cannot contain {rule:?}"),
        }
    }
    fields
}

fn field<'i>(pair: Pair<'i, Rule>, base: usize, names: &mut Names<'i>) -> Field {
    let field_span = span(&pair, base);
    let mut key = None;
    let mut values = Values::new();
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::key => {
                debug_assert_eq!(inner.as_span().start() + base, field_span.start());
                key = Some(names.get(inner.as_str()));
            }
            Rule::string | Rule::integer | Rule::boolean | Rule::identifier => {
                values.push(value(inner, base, names))
            }
            Rule::colon | Rule::comma | Rule::semicolon => {}
            rule => unreachable!("field cannot contain {rule:?}"),
        }
    }
    Field {
        key: key.expect("the grammar requires a key"),
        values,
        span: field_span,
    }
}

fn value<'i>(pair: Pair<'i, Rule>, base: usize, names: &mut Names<'i>) -> Value {
    let value_span = span(&pair, base);
    let literal = match pair.as_rule() {
        Rule::identifier => Literal::Ident(names.get(pair.as_str())),
        Rule::integer => Literal::Integer(names.get(pair.as_str())),
        Rule::boolean => Literal::Boolean(pair.as_str() == "true"),
        Rule::string => Literal::String(string(pair, names)),
        rule => unreachable!("{rule:?} is not a value"),
    };
    Value::new(literal, value_span)
}

fn string<'i>(pair: Pair<'i, Rule>, names: &mut Names<'i>) -> Name {
    let raw = pair
        .into_inner()
        .find(|p| p.as_rule() == Rule::string_inner)
        .map(|p| p.as_str())
        .unwrap_or("");
    if !raw.contains('\\') {
        return names.get(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => unreachable!("the grammar only admits complete escapes"),
        }
    }
    name(&out)
}
