//! The organisation's rules in cclint.yaml: `custom_rules`, and the rule files `include`
//! names (shared rule packs), each problem placed in the file where it is written.

use std::path::{Path, PathBuf};

use globset::Glob;

use super::{find_span, key_span, token_len, Document};
use crate::model::CustomFields;

/// A file `include` names, read.
struct Included {
    /// Its path as messages name it.
    shown: PathBuf,
    text: String,
    /// Its keys (`custom_fields`, `custom_rules`), when it is a mapping.
    value: serde_yaml::Mapping,
}

impl Document<'_> {
    /// The organisation's fields and rules: `custom_fields` and `custom_rules` here and in
    /// the files `include` names, each problem noted where it is written. Every file's
    /// fields are known before any rule is read (a rule may read a field of another file).
    pub(super) fn organisation(
        &mut self,
        fields: Option<&serde_yaml::Value>,
        rules: Option<&serde_yaml::Value>,
        include: Option<&[String]>,
    ) -> (CustomFields, crate::org::Rules) {
        let mut included = Vec::new();
        for pattern in include.unwrap_or_default() {
            for path in self.included(pattern) {
                included.extend(self.read_included(&path));
            }
        }
        let mut taken = crate::org::fields::TakenFields::new();
        let mut specs = Vec::new();
        let file = self.path.display().to_string();
        if let Some(fields) = fields {
            let (found, problems) =
                crate::org::fields::load_fields(&file, self.text, fields, &mut taken);
            specs.extend(found);
            self.problems(problems);
        }
        for inc in &included {
            if let Some(fields) = inc.value.get("custom_fields") {
                let file = inc.shown.display().to_string();
                let (found, problems) =
                    crate::org::fields::load_fields(&file, &inc.text, fields, &mut taken);
                specs.extend(found);
                self.sub_problems(inc, problems);
            }
        }
        let schema = CustomFields::new(specs);
        let mut taken = crate::org::load::Taken::new();
        let mut all = Vec::new();
        if let Some(rules) = rules {
            let (found, problems) = crate::org::load(&file, self.text, rules, &mut taken, &schema);
            all.extend(found);
            self.problems(problems);
        }
        for inc in &included {
            if let Some(rules) = inc.value.get("custom_rules") {
                let file = inc.shown.display().to_string();
                let (found, problems) =
                    crate::org::load(&file, &inc.text, rules, &mut taken, &schema);
                all.extend(found);
                self.sub_problems(inc, problems);
            }
        }
        (schema, crate::org::Rules::new(all))
    }

    /// Problems of an included file, noted in it.
    fn sub_problems(&mut self, inc: &Included, problems: Vec<crate::org::Problem>) {
        let mut sub = Document::new(&inc.shown, &inc.text);
        sub.problems(problems);
        self.errors.append(&mut sub.errors);
    }

    /// The files `pattern` matches, relative to the configuration's directory, sorted.
    fn included(&mut self, pattern: &str) -> Vec<PathBuf> {
        let glob = match Glob::new(pattern) {
            Ok(glob) => glob.compile_matcher(),
            Err(e) => {
                self.invalid(
                    format!("invalid include glob `{pattern}`: {}", e.kind()),
                    find_span(self.text, pattern),
                    "invalid glob",
                    Some("include takes globs of YAML files, relative to cclint.yaml, e.g. `policy-rules/*.yaml`".to_string()),
                );
                return Vec::new();
            }
        };
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&self.dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let relative = e.path().strip_prefix(&self.dir).ok()?.to_path_buf();
                glob.is_match(&relative).then_some(relative)
            })
            .collect();
        found.sort();
        if found.is_empty() {
            self.invalid(
                format!("`include: {pattern}` matches no file"),
                find_span(self.text, pattern),
                "no file",
                Some("the globs are relative to the directory of cclint.yaml".to_string()),
            );
        }
        found
    }

    /// An included file, read: it holds `custom_fields` and `custom_rules`, and nothing
    /// else.
    fn read_included(&mut self, relative: &Path) -> Option<Included> {
        let shown = self.dir_shown().join(relative);
        let text = match std::fs::read_to_string(self.dir.join(relative)) {
            Ok(text) => text,
            Err(e) => {
                self.invalid(
                    format!("cannot read `{}`: {e}", shown.display()),
                    None,
                    "",
                    None,
                );
                return None;
            }
        };
        let mut sub = Document::new(&shown, &text);
        let value = match serde_yaml::from_str::<serde_yaml::Value>(sub.text) {
            Ok(value) => value,
            Err(e) => {
                let span = e
                    .location()
                    .map(|l| (l.index(), token_len(sub.text, l.index())));
                sub.invalid(format!("invalid rule file: {e}"), span, "here", None);
                self.errors.append(&mut sub.errors);
                return None;
            }
        };
        let mut keys = serde_yaml::Mapping::new();
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (key, value) in map {
                    match key.as_str() {
                        Some("custom_rules" | "custom_fields") => {
                            keys.insert(key, value);
                        }
                        other => {
                            let key = other.unwrap_or("?");
                            sub.invalid(
                                format!("unknown key `{key}` in a rule file"),
                                key_span(sub.text, key),
                                "unknown key",
                                Some("a file named by `include` holds `custom_fields:` and `custom_rules:`".to_string()),
                            );
                        }
                    }
                }
            }
            _ if sub.text.trim().is_empty() => {}
            _ => sub.invalid(
                "a rule file is a mapping with `custom_rules:` (and `custom_fields:`)".to_string(),
                Some((0, token_len(sub.text, 0))),
                "here",
                None,
            ),
        }
        self.errors.append(&mut sub.errors);
        let text = text.clone();
        Some(Included {
            shown,
            text,
            value: keys,
        })
    }

    /// The configuration's directory as messages name it.
    fn dir_shown(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn problems(&mut self, problems: Vec<crate::org::Problem>) {
        for p in problems {
            self.invalid(p.message, p.span, &p.label, p.help);
        }
    }
}
