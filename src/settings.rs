//! Rule levels as configured, and the date suppressions are judged against.

use crate::catalog::Code;
use crate::diagnostic::Level;

/// Rule levels and the date suppressions are judged against.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Level overrides by code; `None` turns a rule off. Later entries win.
    pub levels: Vec<(Code, Option<Level>)>,
    /// `-D warnings`: every warning becomes an error.
    pub deny_warnings: bool,
    /// `-A warnings`: every warning is turned off.
    pub allow_warnings: bool,
    /// The date `until` is compared with; today when `None`.
    pub today: Option<crate::suppress::Date>,
    /// The organisation's own rules, from the configuration.
    pub organisation: crate::org::Rules,
    /// The organisation's own fields, from the configuration.
    pub fields: crate::model::CustomFields,
}

impl Settings {
    /// The level of `code`, or `None` when it is off. Core codes are always errors.
    pub fn level(&self, code: Code) -> Option<Level> {
        if code.is_core() {
            return Some(Level::Error);
        }
        let configured = self
            .levels
            .iter()
            .rev()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.doc().level.level(), |(_, level)| *level);
        match configured {
            Some(Level::Warning) if self.deny_warnings => Some(Level::Error),
            Some(Level::Warning) if self.allow_warnings => None,
            other => other,
        }
    }
}
