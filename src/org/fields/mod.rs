//! Reading `custom_fields` from YAML: the organisation's own fields of each kind, each
//! problem placed at its line in the YAML.
//!
//! ```yaml
//! custom_fields:
//!   product:
//!     region:      { one_of: [eu, us, apac] }
//!     reviewed_on: { type: date }
//!     sponsor:     { type: role, description: the executive who sponsors it }
//!   role:
//!     headcount:   integer
//! ```

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use super::load::{key_at, Problem};

mod types;
use crate::model::custom::{leak, register};
use crate::model::schema::{self, FieldSpec};
use crate::syntax::Kind;
use types::plural;

/// The keys of one field's description.
pub const FIELD_KEYS: &[&str] = &[
    "type",
    "one_of",
    "min",
    "max",
    "list",
    "required",
    "description",
];

/// The types a field may take.
pub const TYPES: &[&str] = &[
    "text",
    "integer",
    "date",
    "boolean",
    "role",
    "department",
    "product",
    "customer",
];

/// Names an organisation field may not take: what organisation rules read beside the
/// fields (`self.name`, `self.active`, …).
const RESERVED: &[&str] = &[
    "kind",
    "name",
    "title",
    "file",
    "active",
    "internal",
    "products",
    "roles",
    "satisfaction_policies",
    "decision_rules",
];

/// The most organisation fields one kind takes.
const MAX_PER_KIND: usize = 100;

/// Fields already declared across the files of a configuration: where each was first
/// written.
pub type TakenFields = HashMap<(Kind, String), String>;

/// The fields of `custom_fields` (the YAML value `value`) of the file `file`, whose text is
/// `text`; the valid ones with their kind, and the problems of the others.
pub fn load_fields(
    file: &str,
    text: &str,
    value: &Value,
    taken: &mut TakenFields,
) -> (Vec<(Kind, &'static FieldSpec)>, Vec<Problem>) {
    let mut reader = FieldReader {
        text,
        start: key_at(text, 0, "custom_fields").map_or(0, |s| s.0),
        problems: Vec::new(),
    };
    let mut found = Vec::new();
    let Some(kinds) = value.as_mapping() else {
        reader.problem(
            "`custom_fields` must map kinds to their fields".to_string(),
            reader.start,
            "custom_fields",
            "not a mapping",
            Some("custom_fields:\n  product:\n    region: { one_of: [eu, us, apac] }".to_string()),
        );
        return (found, reader.problems);
    };
    for (kind, fields) in kinds {
        let word = kind.as_str().unwrap_or("?");
        let Some((kind, at, fields)) = reader.kind(word, fields) else {
            continue;
        };
        for (key, description) in fields {
            let key = key.as_str().unwrap_or("?");
            if let Some(spec) = reader.field(kind, at, key, description) {
                if reader.accept(file, taken, kind, at, key) {
                    found.push((kind, spec));
                }
            }
        }
    }
    (found, reader.problems)
}

struct FieldReader<'a> {
    pub(super) text: &'a str,
    /// Where `custom_fields:` is written.
    start: usize,
    problems: Vec<Problem>,
}

impl FieldReader<'_> {
    /// The kind `word` names, where it is written, and its fields, if they can be read.
    fn kind<'v>(&mut self, word: &str, fields: &'v Value) -> Option<(Kind, usize, &'v Mapping)> {
        let Some(kind) = Kind::from_keyword(word) else {
            let keywords = Kind::ALL.map(Kind::keyword);
            let help = match crate::suggest::closest(word, keywords.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("custom fields are given by kind: {}", keywords.join(", ")),
            };
            self.problem(
                format!("`{word}` is not a kind of declaration"),
                self.start,
                word,
                "unknown kind",
                Some(help),
            );
            return None;
        };
        let at = key_at(self.text, self.start, word).map_or(self.start, |s| s.0);
        let Some(fields) = fields.as_mapping() else {
            self.problem(
                format!("the custom fields of a {word} must be a mapping of names to types"),
                at,
                word,
                "not a mapping",
                Some(format!("{word}:\n  region: text")),
            );
            return None;
        };
        if fields.len() > MAX_PER_KIND {
            self.problem(
                format!(
                    "a {word} takes at most {MAX_PER_KIND} organisation fields, and {} are given",
                    fields.len()
                ),
                at,
                word,
                "too many",
                Some("group related facts into fewer fields".to_string()),
            );
            return None;
        }
        Some((kind, at, fields))
    }

    /// Whether field `key` of `kind` is new across the configuration's files (and within
    /// the limit); it is then taken.
    fn accept(
        &mut self,
        file: &str,
        taken: &mut TakenFields,
        kind: Kind,
        at: usize,
        key: &str,
    ) -> bool {
        let word = kind.keyword();
        if let Some(first) = taken.get(&(kind, key.to_string())) {
            let help = Some(format!("it is first declared at {first}; keep one"));
            self.problem(
                format!("{word} field `{key}` is declared twice"),
                at,
                key,
                "declared again",
                help,
            );
            return false;
        }
        if taken.keys().filter(|(k, _)| *k == kind).count() >= MAX_PER_KIND {
            self.problem(
                format!("a {word} takes at most {MAX_PER_KIND} organisation fields, across the files of the configuration"),
                at,
                key,
                "one too many",
                None,
            );
            return false;
        }
        let place = format!(
            "{file}:{}",
            super::load::line_of(self.text, self.at(at, key))
        );
        taken.insert((kind, key.to_string()), place);
        true
    }

    /// Where `key:` is written at or after `from`.
    fn at(&self, from: usize, key: &str) -> usize {
        key_at(self.text, from, key).map_or(from, |s| s.0)
    }

    fn problem(
        &mut self,
        message: String,
        from: usize,
        key: &str,
        label: &str,
        help: Option<String>,
    ) {
        let first = self.text.get(from..).and_then(|t| t.chars().next());
        let span = locate(self.text, from, key).or(Some((from, first.map_or(0, char::len_utf8))));
        self.problems.push(Problem {
            message,
            span,
            label: label.to_string(),
            help,
        });
    }

    /// Field `key` of `kind` (its kind written at `at`), described by `description`.
    fn field(
        &mut self,
        kind: Kind,
        at: usize,
        key: &str,
        description: &Value,
    ) -> Option<&'static FieldSpec> {
        let word = kind.keyword();
        if !crate::syntax::is_identifier(key) {
            self.problem(
                format!("`{key}` is not a field name"),
                at,
                key,
                "not a name",
                Some("a field name is an identifier such as `region` or `reviewed_on`".to_string()),
            );
            return None;
        }
        if schema::is_builtin(kind, key) {
            self.problem(
                format!("`{key}` is a built-in field of a {word}"),
                at,
                key,
                "built in",
                Some("give the organisation's field another name".to_string()),
            );
            return None;
        }
        if RESERVED.contains(&key) {
            self.problem(
                format!(
                    "`{key}` is reserved: organisation rules read `self.{key}` of every entity"
                ),
                at,
                key,
                "reserved",
                Some("give the field another name".to_string()),
            );
            return None;
        }
        let map = match description {
            Value::String(ty) => {
                let mut map = Mapping::new();
                map.insert(Value::from("type"), Value::from(ty.as_str()));
                map
            }
            Value::Mapping(map) => map.clone(),
            _ => {
                self.problem(format!("{word} field `{key}` needs a type"), at, key, "no type", Some(format!("{key}: text, or {key}: {{ type: integer, min: 0 }}, or {key}: {{ one_of: [a, b] }}")));
                return None;
            }
        };
        self.described(at, key, &map)
    }

    /// A field described by the keys of `map`.
    fn described(&mut self, at: usize, key: &str, map: &Mapping) -> Option<&'static FieldSpec> {
        let here = self.at(at, key);
        let mut ok = true;
        for k in map.keys() {
            let k = k.as_str().unwrap_or("?");
            if !FIELD_KEYS.contains(&k) {
                let help = crate::suggest::closest(k, FIELD_KEYS.iter().copied()).map_or_else(
                    || format!("a field takes {}", quoted(FIELD_KEYS)),
                    |n| format!("did you mean `{n}`?"),
                );
                self.problem(
                    format!("unknown key `{k}` in field `{key}`"),
                    here,
                    k,
                    "unknown key",
                    Some(help),
                );
                ok = false;
            }
        }
        let flag = |this: &mut Self, name: &str| match map.get(name) {
            None => Some(false),
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                this.problem(
                    format!("`{name}` of field `{key}` must be `true` or `false`"),
                    here,
                    name,
                    "not a boolean",
                    None,
                );
                None
            }
        };
        let (many, required) = (flag(self, "list"), flag(self, "required"));
        let ty = self.ty(key, here, map);
        let (Some(many), Some(required), Some((ty, what)), true) = (many, required, ty, ok) else {
            return None;
        };
        let meaning = match map.get("description") {
            Some(Value::String(s)) => leak(s),
            Some(_) => {
                self.problem(
                    format!("`description` of field `{key}` must be a string"),
                    here,
                    "description",
                    "not a string",
                    None,
                );
                return None;
            }
            None => leak(&format!("the organisation's field: {what}")),
        };
        let what = if many {
            leak(&plural(&what))
        } else {
            leak(&what)
        };
        Some(register(FieldSpec::custom(
            leak(key),
            ty,
            many,
            required,
            what,
            meaning,
        )))
    }
}

/// The span of `key:` on the line at `from` (a flow mapping, `{ type: date }`), else at
/// the start of a later line.
fn locate(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let line = &text[from..line_end];
    let found = line.match_indices(key).find(|(i, _)| {
        let before = line[..*i].chars().next_back();
        let after = line[i + key.len()..].trim_start();
        !before.is_some_and(crate::syntax::is_ident_char) && after.starts_with(':')
    });
    match found {
        Some((i, _)) => Some((from + i, key.len())),
        None => key_at(text, from, key),
    }
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
