//! A cell as CCL values: what a person typed, made into the tokens of a field (a quoted
//! string, a word, a number, names), or the reason it cannot be. Values are only ever
//! written as tokens of their type (text is quoted and escaped), so no cell can change
//! what the rest of a declaration says; the schema's own checks then judge the values.

pub use crate::format::quote;

use super::names::Names;
use crate::model::schema::{FieldSpec, ValueType};
use crate::syntax::{is_identifier, Kind};

/// The tokens of field `spec` for `cell` (empty: the field is left out).
pub fn tokens(spec: &FieldSpec, cell: &str, names: &mut Names) -> Result<Vec<String>, String> {
    let parts = split(spec, cell);
    let mut out = Vec::new();
    for part in parts {
        out.push(token(spec, part, names)?);
    }
    Ok(out.into_iter().flatten().collect())
}

/// A cell's values: a list field's are separated by commas, semicolons or line breaks (a
/// text list's by semicolons and line breaks only, as text may hold commas).
fn split<'a>(spec: &FieldSpec, cell: &'a str) -> Vec<&'a str> {
    let separators: &[char] = match spec.ty {
        ValueType::Text | ValueType::Date => &[';', '\n'],
        _ => &[',', ';', '\n'],
    };
    if !spec.many && matches!(spec.ty, ValueType::Text | ValueType::Date) {
        return vec![cell.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    }
    cell.split(separators)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One value's token; `None` for a flag that is off (`external: no` is no field at all).
fn token(spec: &FieldSpec, text: &str, names: &mut Names) -> Result<Option<String>, String> {
    Ok(Some(match spec.ty {
        ValueType::Text | ValueType::Date => quote(text),
        ValueType::Word => word(text, None)?,
        ValueType::Words(vocabulary) => word(text, Some(vocabulary.words))?,
        ValueType::True => match flag(text) {
            Some(true) => "true".to_string(),
            Some(false) => return Ok(None),
            None => return Err(format!("`{text}` is not yes or no")),
        },
        ValueType::Boolean => match flag(text) {
            Some(b) => b.to_string(),
            None => return Err(format!("`{text}` is not yes or no (`true` or `false`)")),
        },
        ValueType::Priority => {
            let digits = text.trim_start_matches(['P', 'p']);
            integer(digits).ok_or_else(|| format!("`{text}` is not a priority from 1 to 5"))?
        }
        ValueType::Integer { .. } => {
            integer(text).ok_or_else(|| format!("`{text}` is not a whole number"))?
        }
        ValueType::Reference { kinds, keyword } => {
            if Some(text) == keyword || keyword.is_some_and(|k| k.eq_ignore_ascii_case(text)) {
                keyword.unwrap_or(text).to_string()
            } else {
                // Roles and departments a row names are declared; other kinds must exist.
                let create = match kinds.first() {
                    Some(Kind::Role) => Some(Kind::Role),
                    Some(Kind::Department) => Some(Kind::Department),
                    _ => None,
                };
                names.refer(text, kinds, create)
            }
        }
    }))
}

/// A word of a vocabulary (any identifier when `words` is `None`), matched without regard
/// to case: `Internal` is `internal`.
fn word(text: &str, words: Option<&[&str]>) -> Result<String, String> {
    let lower = text.to_lowercase();
    match words {
        Some(words) => match words.iter().find(|w| **w == lower) {
            Some(w) => Ok(w.to_string()),
            // An identifier goes through, for the schema to say what it should be (with
            // "did you mean"); anything else cannot be written as a word.
            None if is_identifier(&lower) => Ok(lower),
            None => Err(format!(
                "`{text}` is not one of {}",
                words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        None if is_identifier(text) => Ok(text.to_string()),
        None => Err(format!("`{text}` is not a single word")),
    }
}

/// Yes or no, as people write it in a spreadsheet.
fn flag(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "y" | "x" | "1" | "external" | "✓" => Some(true),
        "false" | "no" | "n" | "0" | "internal" => Some(false),
        _ => None,
    }
}

/// A whole number as digits (`2.0`, as a spreadsheet may store 2, is 2).
fn integer(text: &str) -> Option<String> {
    let text = text.strip_suffix(".0").unwrap_or(text);
    let n: i64 = text.parse().ok()?;
    Some(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::lookup;

    #[test]
    fn cells_become_tokens_of_their_type() {
        let mut names = Names::default();
        let spec = |key| lookup(Kind::Product, key).unwrap();
        let cell = |key, text: &str, names: &mut Names| tokens(spec(key), text, names);
        assert_eq!(cell("priority", "2.0", &mut names), Ok(vec!["2".into()]));
        assert_eq!(cell("priority", "P1", &mut names), Ok(vec!["1".into()]));
        assert!(cell("priority", "high", &mut names).is_err());
        assert_eq!(
            cell("audience", "Internal", &mut names),
            Ok(vec!["internal".into()])
        );
        assert_eq!(
            cell("touchpoints", "Digital; human", &mut names),
            Ok(vec!["digital".into(), "human".into()])
        );
        assert!(cell("status", "on hold", &mut names).is_err());
        assert_eq!(
            cell("end_user", "Employee, line_manager", &mut names),
            Ok(vec!["employee".into(), "line_manager".into()])
        );
        let external = lookup(Kind::Role, "external").unwrap();
        assert_eq!(tokens(external, "no", &mut names), Ok(vec![]));
        assert_eq!(tokens(external, "Yes", &mut names), Ok(vec!["true".into()]));
    }

    #[test]
    fn text_is_quoted_so_that_it_stays_text() {
        assert_eq!(quote("a \"b\"\\c\nd"), r#""a \"b\"\\c\nd""#);
        let parsed = crate::syntax::parse(&format!("product p {} {{}}", quote("x\"; y: z")));
        assert!(parsed.errors.is_empty());
    }
}
