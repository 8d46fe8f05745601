//! Names for what a spreadsheet mentions: a cell that is already an identifier is one; a
//! title (`Monthly payroll`) names the declaration with that title, or becomes a new name
//! (`monthly_payroll`) for a declaration the import adds.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::model::{Entity, Model};
use crate::syntax::{is_ident_char, is_ident_start, is_identifier, Kind};

/// A declaration the import adds because a row names it and the repository does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct New {
    pub kind: Kind,
    pub title: Option<String>,
}

/// What is declared: in the repository, and what the import adds.
#[derive(Debug, Default)]
pub struct Names {
    /// Declared names and their kinds.
    declared: FxHashMap<String, Kind>,
    /// Titles, lower-cased, and the names they title (the first of each kind).
    titles: FxHashMap<(Kind, String), String>,
    /// What the import adds, by name (sorted: files list them in order).
    pub added: BTreeMap<String, New>,
}

impl Names {
    /// The names and titles the model declares.
    pub fn of(model: &Model) -> Names {
        let mut names = Names::default();
        for (name, symbol) in &model.symbols {
            names.declared.insert(name.to_string(), symbol.kind);
        }
        let mut title = |declared: &crate::model::Declared| {
            if let Some(title) = &declared.title {
                names
                    .titles
                    .entry((declared.kind, title.to_lowercase()))
                    .or_insert_with(|| declared.name.text.to_string());
            }
        };
        model.departments.iter().for_each(|e| title(e.declared()));
        model.roles.iter().for_each(|e| title(e.declared()));
        model.products.iter().for_each(|e| title(e.declared()));
        names
    }

    /// The kind `name` is declared as (in the repository or by the import).
    pub fn kind_of(&self, name: &str) -> Option<Kind> {
        self.declared.get(name).copied()
    }

    /// The `kind` titled `title` (whatever its case), if any.
    pub fn titled(&self, kind: Kind, title: &str) -> Option<&str> {
        self.titles
            .get(&(kind, title.to_lowercase()))
            .map(String::as_str)
    }

    /// Declare `name` as a `kind` the import adds.
    pub fn add(&mut self, name: &str, kind: Kind, title: Option<String>) {
        if let Some(title) = &title {
            self.titles
                .entry((kind, title.to_lowercase()))
                .or_insert_with(|| name.to_string());
        }
        self.declared.insert(name.to_string(), kind);
        self.added.insert(name.to_string(), New { kind, title });
    }

    /// The name `text` refers to among declarations of `kinds`: the identifier, the
    /// declaration titled so, or (when `create` is given) a new declaration of that kind
    /// titled `text`. When `text` names nothing and nothing may be created, the identifier
    /// made from it, for the checks to report as unknown.
    pub fn refer(&mut self, text: &str, kinds: &[Kind], create: Option<Kind>) -> String {
        if is_identifier(text) && self.declared.contains_key(text) {
            return text.to_string();
        }
        let lower = text.to_lowercase();
        for &kind in kinds {
            if let Some(name) = self.titles.get(&(kind, lower.clone())) {
                return name.clone();
            }
        }
        match create {
            Some(kind) => {
                let name = self.fresh(text);
                let title = (name != text).then(|| text.to_string());
                self.add(&name, kind, title);
                name
            }
            None => slug(text),
        }
    }

    /// A name made from `text` that nothing declares yet: `text` itself
    /// when it is an identifier in lower case, else its slug; `_2`, `_3`… when taken.
    pub fn fresh(&self, text: &str) -> String {
        // An identifier in lower case is a name already; `Employee` is a title.
        let base = if is_identifier(text) && !text.chars().any(char::is_uppercase) {
            text.to_string()
        } else {
            slug(text)
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.declared.contains_key(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }
}

/// An identifier made from a title: lower case, words joined by `_` (`Monthly payroll` →
/// `monthly_payroll`); `x_` before one that would start with a digit; `unnamed` for none.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_ident_char(c) && c != '-' {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        None => "unnamed".to_string(),
        Some(c) if !is_ident_start(c) => format!("x_{out}"),
        Some(_) => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_identifiers() {
        assert_eq!(slug("Monthly payroll"), "monthly_payroll");
        assert_eq!(slug("  IT -- support desk! "), "it_support_desk");
        assert_eq!(slug("Gestión de nóminas"), "gestión_de_nóminas");
        assert_eq!(slug("24/7 helpdesk"), "x_24_7_helpdesk");
        assert_eq!(slug("!!!"), "unnamed");
        for text in ["Monthly payroll", "24/7", "Gestión", "a-b", "___"] {
            assert!(is_identifier(&slug(text)), "{text}");
        }
    }

    #[test]
    fn references_find_titles_then_create() {
        let mut names = Names::default();
        names.add("employee", Kind::Role, Some("Employee".into()));
        assert_eq!(
            names.refer("employee", &[Kind::Role], Some(Kind::Role)),
            "employee"
        );
        assert_eq!(
            names.refer("EMPLOYEE", &[Kind::Role], Some(Kind::Role)),
            "employee"
        );
        assert_eq!(
            names.refer("Line manager", &[Kind::Role], Some(Kind::Role)),
            "line_manager"
        );
        assert_eq!(
            names.added["line_manager"].title.as_deref(),
            Some("Line manager")
        );
        // A second mention finds the first.
        assert_eq!(
            names.refer("line manager", &[Kind::Role], None),
            "line_manager"
        );
        // Taken names get a number.
        assert_eq!(names.fresh("Employee"), "employee_2");
    }
}
