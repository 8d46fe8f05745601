//! The type a field's description gives it: `type:` with its bounds, or `one_of:`.

use serde_yaml::{Mapping, Value};

use super::{quoted, FieldReader, TYPES};
use crate::model::custom::vocabulary;
use crate::model::schema::ValueType;
use crate::syntax::Kind;

impl FieldReader<'_> {
    /// The type `map` describes, with what it takes for messages ("a role").
    pub(super) fn ty(
        &mut self,
        key: &str,
        here: usize,
        map: &Mapping,
    ) -> Option<(ValueType, String)> {
        let bound = |this: &mut Self, name: &str| match map.get(name) {
            None => Some(None),
            Some(v) => match v.as_i64() {
                Some(n) => Some(Some(n)),
                None => {
                    this.problem(
                        format!("`{name}` of field `{key}` must be an integer"),
                        here,
                        name,
                        "not an integer",
                        None,
                    );
                    None
                }
            },
        };
        if let Some(words) = map.get("one_of") {
            if map.contains_key("type") {
                self.problem(
                    format!("field `{key}` has both `type` and `one_of`"),
                    here,
                    "one_of",
                    "one or the other",
                    Some("`one_of` alone gives the words the field takes".to_string()),
                );
                return None;
            }
            return self.words(key, here, words);
        }
        let Some(ty) = map.get("type") else {
            self.problem(
                format!("field `{key}` needs `type` or `one_of`"),
                here,
                key,
                "no type",
                Some(format!("the types are {}", quoted(TYPES))),
            );
            return None;
        };
        let name = ty.as_str().unwrap_or("?");
        let (min, max) = (bound(self, "min")?, bound(self, "max")?);
        if (min.is_some() || max.is_some()) && name != "integer" {
            self.problem(
                format!("`min` and `max` bound an integer field, and `{key}` is a {name} field"),
                here,
                if min.is_some() { "min" } else { "max" },
                "not an integer field",
                None,
            );
            return None;
        }
        self.named(key, here, name, min, max)
    }

    /// The type called `name`, with its bounds.
    fn named(
        &mut self,
        key: &str,
        here: usize,
        name: &str,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Option<(ValueType, String)> {
        let reference = |kinds: &'static [Kind]| ValueType::Reference {
            kinds,
            keyword: None,
        };
        Some(match name {
            "text" => (ValueType::Text, "a string".to_string()),
            "date" => (ValueType::Date, "a date \"YYYY-MM-DD\"".to_string()),
            "boolean" => (ValueType::Boolean, "`true` or `false`".to_string()),
            "integer" => {
                if let (Some(min), Some(max)) = (min, max) {
                    if min > max {
                        self.problem(
                            format!("field `{key}` has `min` {min} above `max` {max}"),
                            here,
                            "min",
                            "above max",
                            None,
                        );
                        return None;
                    }
                }
                (ValueType::Integer { min, max }, integer_what(min, max))
            }
            "role" => (reference(&[Kind::Role]), "a role".to_string()),
            "department" => (reference(&[Kind::Department]), "a department".to_string()),
            "product" => (reference(&[Kind::Product]), "a product".to_string()),
            "customer" => (
                reference(&[Kind::Role, Kind::Department]),
                "a role".to_string(),
            ),
            _ => {
                let help = crate::suggest::closest(name, TYPES.iter().copied()).map_or_else(
                    || format!("the types are {}", quoted(TYPES)),
                    |n| format!("did you mean `{n}`?"),
                );
                self.problem(
                    format!("unknown type `{name}` for field `{key}`"),
                    here,
                    "type",
                    "unknown type",
                    Some(help),
                );
                return None;
            }
        })
    }

    /// `one_of: [a, b]`: the words a field takes.
    fn words(&mut self, key: &str, here: usize, words: &Value) -> Option<(ValueType, String)> {
        let list: Option<Vec<&str>> = words
            .as_sequence()
            .and_then(|s| s.iter().map(Value::as_str).collect());
        match list {
            Some(list)
                if !list.is_empty() && list.iter().all(|w| crate::syntax::is_identifier(w)) =>
            {
                let vocabulary = vocabulary(&list);
                let what = vocabulary.expects(false);
                Some((ValueType::Words(vocabulary), what))
            }
            _ => {
                self.problem(format!("`one_of` of field `{key}` must list the words it takes"), here, "one_of", "not a list of words", Some("one_of: [eu, us, apac] (each an identifier, written without quotes in .ccl files)".to_string()));
                None
            }
        }
    }
}

/// What a list field takes, from what one of its values is: "a role" gives "one or
/// more roles".
pub(super) fn plural(what: &str) -> String {
    if what.contains('`') {
        // Words of `one_of`, said one by one.
        return format!("one or more of {}", what.replace(" or ", " and "));
    }
    let (noun, rest) = match what.split_once(' ') {
        Some(("a" | "an", rest)) => rest.split_once(' ').unwrap_or((rest, "")),
        _ => return format!("one or more of: {what}"),
    };
    let tail = if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    };
    format!("one or more {noun}s{tail}")
}

fn integer_what(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("an integer from {min} to {max}"),
        (Some(min), None) => format!("an integer of at least {min}"),
        (None, Some(max)) => format!("an integer of at most {max}"),
        (None, None) => "an integer".to_string(),
    }
}
