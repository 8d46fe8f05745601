//! The organisation's rules in cclint.yaml: `custom_rules`, and the rule files `include`
//! names (shared rule packs), each problem placed in the file where it is written.

use std::path::{Path, PathBuf};

use globset::Glob;

use super::{find_span, key_span, token_len, Document};

impl Document<'_> {
    /// The organisation rules of `custom_rules` and of the files `include` names, each
    /// problem noted where it is written.
    pub(super) fn organisation(
        &mut self,
        rules: Option<&serde_yaml::Value>,
        include: Option<&[String]>,
    ) -> crate::org::Rules {
        let mut taken = crate::org::load::Taken::new();
        let mut all = Vec::new();
        let file = self.path.display().to_string();
        if let Some(rules) = rules {
            let (found, problems) = crate::org::load(&file, self.text, rules, &mut taken);
            all.extend(found);
            self.problems(problems);
        }
        for pattern in include.unwrap_or_default() {
            for path in self.included(pattern) {
                all.extend(self.include(&path, &mut taken));
            }
        }
        crate::org::Rules::new(all)
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

    /// The rules of an included file (it holds `custom_rules` and nothing else).
    fn include(
        &mut self,
        relative: &Path,
        taken: &mut crate::org::load::Taken,
    ) -> Vec<crate::org::OrgRule> {
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
                return Vec::new();
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
                return Vec::new();
            }
        };
        let mut rules = Vec::new();
        match value.as_mapping() {
            Some(map) => {
                for (key, value) in map {
                    match key.as_str() {
                        Some("custom_rules") => {
                            let file = shown.display().to_string();
                            let (found, problems) = crate::org::load(&file, sub.text, value, taken);
                            rules.extend(found);
                            sub.problems(problems);
                        }
                        other => {
                            let key = other.unwrap_or("?");
                            sub.invalid(
                                format!("unknown key `{key}` in a rule file"),
                                key_span(sub.text, key),
                                "unknown key",
                                Some("a file named by `include` holds `custom_rules:`".to_string()),
                            );
                        }
                    }
                }
            }
            None if sub.text.trim().is_empty() => {}
            None => sub.invalid(
                "a rule file is a mapping with `custom_rules:`".to_string(),
                Some((0, token_len(sub.text, 0))),
                "here",
                None,
            ),
        }
        self.errors.append(&mut sub.errors);
        rules
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
