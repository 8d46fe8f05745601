//! Reading `custom_rules` from YAML: every key, code, name, kind, expression and template
//! checked before any `.ccl` file is linted, each problem placed at its line in the YAML.

use std::collections::HashMap;

use serde_yaml::Value;

use super::types;
use super::OrgRule;
use crate::catalog::{DefaultLevel, Family, RuleDoc};
use crate::model::CustomFields;
use crate::syntax::Kind;

/// The keys of one organisation rule.
pub const RULE_KEYS: &[&str] = &[
    "code", "name", "level", "summary", "for", "where", "require", "message", "help", "label",
    "why", "fix", "tests",
];

/// A problem in a rule file: what, where (byte offset and length in its text), a label and
/// a help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Option<(usize, usize)>,
    pub label: String,
    pub help: Option<String>,
}

/// Codes and names already taken by organisation rules, across the files of a
/// configuration: where each was first written.
pub type Taken = HashMap<String, String>;

/// The rules of `custom_rules` (the YAML value `rules`) of the file `file`, whose text is
/// `text`; the rules that are valid, and the problems of the others.
pub fn load(
    file: &str,
    text: &str,
    rules: &Value,
    taken: &mut Taken,
    fields: &CustomFields,
) -> (Vec<OrgRule>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(items) = rules.as_sequence() else {
        problems.push(Problem {
            message: "`custom_rules` must be a list of rules".to_string(),
            span: super::load::key_at(text, 0, "custom_rules"),
            label: "not a list".to_string(),
            help: Some("custom_rules:\n  - code: ACME001\n    name: …".to_string()),
        });
        return (Vec::new(), problems);
    };
    let starts = item_starts(text, items.len());
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let start = starts.get(i).copied().unwrap_or(0);
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let mut reader = Reader {
            file,
            text,
            region: (start, end),
            problems: &mut problems,
            fields,
        };
        if let Some(rule) = reader.rule(item, taken) {
            out.push(rule);
        }
    }
    (out, problems)
}

/// Where each item of the `custom_rules` list starts: the offsets of its `- ` markers.
fn item_starts(text: &str, count: usize) -> Vec<usize> {
    let Some((list, _)) = key_at(text, 0, "custom_rules") else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut offset = 0;
    let mut dash_indent = None;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if here <= list {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
            match dash_indent {
                None => dash_indent = Some(indent),
                Some(d) if d != indent => continue,
                _ => {}
            }
            starts.push(here + indent);
            if starts.len() == count {
                // The rest of the list's last item runs to the next top-level key.
            }
        }
    }
    starts
}

/// The span of the key `key:` at or after `from`.
pub(crate) fn key_at(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text.get(from..)?.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '-', '\t']);
        let indent = line.len() - trimmed.len();
        if let Some(after) = trimmed.strip_prefix(key) {
            if after.trim_start().starts_with(':') {
                return Some((offset + indent, key.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// 1-based line of `offset`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(super) struct Reader<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
    pub(super) region: (usize, usize),
    pub(super) problems: &'a mut Vec<Problem>,
    /// The organisation's fields, which expressions may read.
    pub(super) fields: &'a CustomFields,
}

impl Reader<'_> {
    /// The span of key `key` in this rule.
    pub(super) fn key(&self, key: &str) -> Option<(usize, usize)> {
        key_at(self.text, self.region.0, key).filter(|(at, _)| *at < self.region.1)
    }

    /// The span of the value written after `key:` on its line (the key itself when the
    /// value is a block on the lines below).
    pub(super) fn value(&self, key: &str) -> Option<(usize, usize)> {
        let (at, len) = self.key(key)?;
        let line_end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        let colon = self.text[at + len..line_end]
            .find(':')
            .map_or(at + len, |i| at + len + i + 1);
        let value = self.text[colon..line_end].trim();
        if value.is_empty() || value.starts_with('|') || value.starts_with('>') {
            return Some((at, len));
        }
        let start = colon
            + (self.text[colon..line_end].len() - self.text[colon..line_end].trim_start().len());
        Some((start, value.len()))
    }

    pub(super) fn problem(
        &mut self,
        message: String,
        span: Option<(usize, usize)>,
        label: &str,
        help: Option<String>,
    ) {
        let span = span.or(Some((self.region.0, 1)));
        self.problems.push(Problem {
            message,
            span,
            label: label.to_string(),
            help,
        });
    }

    /// The keys of a rule, each unknown one noted.
    fn keys<'v>(&mut self, map: &'v serde_yaml::Mapping) -> HashMap<&'v str, &'v Value> {
        let mut keys = HashMap::new();
        for (key, value) in map {
            let Some(key) = key.as_str() else { continue };
            if !RULE_KEYS.contains(&key) {
                let help = crate::suggest::closest(key, RULE_KEYS.iter().copied())
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("a custom rule takes {}", list(RULE_KEYS)));
                self.problem(
                    format!("unknown key `{key}` in a custom rule"),
                    self.key(key),
                    "unknown key",
                    Some(help),
                );
                continue;
            }
            keys.insert(key, value);
        }
        keys
    }

    /// The text of `key` (noted when it is not a scalar, or absent and `required`).
    fn text(&mut self, keys: &HashMap<&str, &Value>, key: &str, required: bool) -> Option<String> {
        match keys.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.problem(
                    format!("`{key}` must be a string"),
                    self.value(key),
                    "not a string",
                    None,
                );
                None
            }
            None if required => {
                self.problem(
                    format!("this custom rule has no `{key}`"),
                    self.key("code").or(Some((self.region.0, 1))),
                    "rule defined here",
                    Some(format!("add `{key}:`; a custom rule needs `code`, `name`, `summary`, `for`, `require` and `message`")),
                );
                None
            }
            None => None,
        }
    }

    fn level(&mut self, level: Option<&str>) -> Option<DefaultLevel> {
        match level {
            None => Some(DefaultLevel::Warning),
            Some("error") => Some(DefaultLevel::Error),
            Some("warning") => Some(DefaultLevel::Warning),
            Some("info") => Some(DefaultLevel::Info),
            Some("off") => Some(DefaultLevel::Off),
            Some(other) => {
                let help = crate::suggest::closest(other, ["error", "warning", "info", "off"])
                    .map(|l| format!("did you mean `{l}`? A level is error, warning, info or off"))
                    .unwrap_or_else(|| "a level is error, warning, info or off".to_string());
                self.problem(
                    format!("invalid level `{other}`"),
                    self.value("level"),
                    "not a level",
                    Some(help),
                );
                None
            }
        }
    }

    fn kind(&mut self, text: &str) -> Option<Kind> {
        let kind = Kind::from_keyword(text);
        if kind.is_none() {
            let words: Vec<&str> = Kind::ALL.iter().map(|k| k.keyword()).collect();
            let help = crate::suggest::closest(text, words.iter().copied())
                .map(|w| format!("did you mean `{w}`?"))
                .unwrap_or_else(|| format!("`for` takes one of {}", list(&words)));
            self.problem(
                format!("`for: {text}` names no kind of declaration"),
                self.value("for"),
                "not a kind",
                Some(help),
            );
        }
        kind
    }

    fn rule(&mut self, item: &Value, taken: &mut Taken) -> Option<OrgRule> {
        let Some(map) = item.as_mapping() else {
            self.problem(
                "a custom rule must be a mapping of keys".to_string(),
                None,
                "not a rule",
                Some("- code: ACME001\n  name: …".to_string()),
            );
            return None;
        };
        let before = self.problems.len();
        let keys = self.keys(map);
        let code = self.text(&keys, "code", true);
        let name = self.text(&keys, "name", true);
        let summary = self.text(&keys, "summary", true);
        let kind = self.text(&keys, "for", true);
        let require = self.text(&keys, "require", true);
        let message = self.text(&keys, "message", true);
        let condition = self.text(&keys, "where", false);
        let help = self.text(&keys, "help", false);
        let label = self.text(&keys, "label", false);
        let why = self.text(&keys, "why", false);
        let level = self.text(&keys, "level", false);
        let code = code.filter(|c| self.check_code(c, taken));
        let name = name.filter(|n| self.check_name(n, taken));
        let level = self.level(level.as_deref());
        let kind = kind.and_then(|k| self.kind(&k));
        let condition = condition.and_then(|c| self.expression("where", &c, kind));
        let require = require.and_then(|r| self.expression("require", &r, kind));
        let message = message.and_then(|m| self.template("message", &m, kind));
        let help_template = help.as_ref().and_then(|h| self.template("help", h, kind));
        let fix = keys.get("fix").and_then(|f| self.fix(f, kind));
        let tests = keys.get("tests").map(|t| self.tests(t)).unwrap_or_default();
        if self.problems.len() > before {
            return None;
        }
        let (code, name, summary, kind, require, message, level) =
            (code?, name?, summary?, kind?, require?, message?, level?);
        let doc = RuleDoc {
            code,
            name,
            family: Family::Organisation,
            level,
            why: why.unwrap_or_else(|| summary.clone()),
            summary,
            failing: tests.iter().find(|c| c.invalid).map(|c| c.text.clone()),
            passing: tests.iter().find(|c| !c.invalid).map(|c| c.text.clone()),
            fix: help.map(|h| readable(&h)).unwrap_or_else(|| {
                format!("Make every {} satisfy `{}`.", kind.keyword(), require.text)
            }),
        };
        let Some(code) = crate::catalog::register(doc) else {
            self.problem(
                "too many organisation rules in one session".to_string(),
                None,
                "here",
                None,
            );
            return None;
        };
        let concerns = types::first_self_field(require.program.expression());
        let label = label.unwrap_or_else(|| format!("does not satisfy `{}`", require.text.trim()));
        let line = line_of(self.text, self.key("code").map_or(self.region.0, |s| s.0));
        Some(OrgRule {
            code,
            kind,
            condition,
            require,
            message,
            help: help_template,
            label: label.into(),
            concerns,
            fix,
            tests,
            origin: (self.file.to_string(), line),
        })
    }
}

/// A template as documentation reads it: each hole `{{ self.title }}` shown as
/// `<self.title>`.
fn readable(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let (Some(open), Some(close)) = (rest.find("{{"), rest.find("}}")) {
        if close < open {
            break;
        }
        out.push_str(&rest[..open]);
        out.push_str(&format!("<{}>", rest[open + 2..close].trim()));
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

pub(super) fn list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
