//! `cclint.yaml` (SPEC 5): rule levels and exclude globs, found in the directory of the
//! first path or its nearest ancestor that has one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;

use crate::catalog::{Code, Selector};
use crate::diagnostic::Level;
use crate::suggest::closest;

pub const FILE_NAME: &str = "cclint.yaml";

/// A loaded configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Level overrides; `None` turns a rule off.
    pub levels: Vec<(Code, Option<Level>)>,
    /// Exclude globs, matched against paths relative to the config's directory.
    pub exclude: GlobSet,
    /// The config's directory, absolute: what exclude globs are relative to.
    pub dir: PathBuf,
    /// `baseline: FILE`, resolved against the config's directory: the baseline every
    /// run honours (the CLI, editors' `--stdin-filename`) unless told otherwise.
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Option<BTreeMap<String, String>>,
    #[serde(default)]
    exclude: Option<Vec<String>>,
    #[serde(default)]
    baseline: Option<String>,
}

/// A configuration that cannot be used (exit code 2), pointing into the YAML.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{message}")]
    Invalid {
        message: String,
        #[source_code]
        source_code: NamedSource<String>,
        #[label("{label}")]
        span: Option<SourceSpan>,
        label: String,
        #[help]
        help: Option<String>,
    },
}

/// The config file for a lint of `start` (a file or directory, resolved by the caller):
/// in its directory or the nearest ancestor.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let dir = if start.is_dir() {
        start
    } else {
        start.parent()?
    };
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

impl Config {
    /// Load the config file at `path` (as given, relative paths as they are).
    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        Config::load_in(path, Path::new(""))
    }

    /// Load the config file at `path`, relative to `root`; messages name `path` as given.
    pub fn load_in(path: &Path, root: &Path) -> Result<Config, Box<ConfigError>> {
        let text = std::fs::read_to_string(root.join(path)).map_err(|source| {
            Box::new(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            })
        })?;
        let mut config = Config::parse(path, &text)?;
        config.dir = root.join(&config.dir);
        config.baseline = config.baseline.map(|b| root.join(b));
        Ok(config)
    }

    /// Parse `text` as the contents of the config file at `path`.
    pub fn parse(path: &Path, full: &str) -> Result<Config, Box<ConfigError>> {
        // A byte-order mark is not YAML, and libyaml's positions do not count it: parse
        // what follows it and shift the labels back into the file.
        let bom = if full.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let text = &full[bom..];
        let invalid =
            |message: String, span: Option<(usize, usize)>, label: &str, help: Option<String>| {
                Box::new(ConfigError::Invalid {
                    message,
                    source_code: NamedSource::new(path.display().to_string(), full.to_string()),
                    span: span.map(|(start, len)| SourceSpan::from((start + bom, len))),
                    label: label.to_string(),
                    help,
                })
            };
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig {
                rules: None,
                exclude: None,
                baseline: None,
            }
        } else {
            serde_yaml::from_str(text).map_err(|e| {
                let span = e.location().map(|l| (l.index(), token_len(text, l.index())));
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                let help = if message.contains("unknown field") {
                    Some("cclint.yaml takes `rules` (rule or family -> error, warning, info or off), `exclude` (globs) and `baseline` (a file)".to_string())
                } else {
                    None
                };
                invalid(format!("invalid cclint.yaml: {message}"), span, "here", help)
            })?
        };
        // Families first, then single rules, so that a rule's own line wins over its
        // family's whatever their order in the file.
        let mut family_levels = Vec::new();
        let mut levels = Vec::new();
        let mut set_by: std::collections::HashMap<Code, String> = std::collections::HashMap::new();
        for (rule, level) in raw.rules.unwrap_or_default() {
            let Some(selector) = Selector::parse(&rule) else {
                let help = Code::suggest(&rule)
                    .map(|near| format!("did you mean `{near}`?"))
                    .unwrap_or_else(|| "`cclint rules` lists every rule".to_string());
                return Err(invalid(
                    format!("unknown rule `{rule}`"),
                    key_span(text, &rule),
                    "not a rule",
                    Some(help),
                ));
            };
            if let Selector::Rule(code) = selector {
                if code.is_core() {
                    return Err(invalid(
                        format!(
                            "{} ({}) is a core rule; its level cannot be set",
                            code.as_str(),
                            code.name()
                        ),
                        key_span(text, &rule),
                        "core rule",
                        Some("core diagnostics are always errors; remove this line".to_string()),
                    ));
                }
                if let Some(first) = set_by.get(&code) {
                    // Point at whichever of the two keys comes second in the file.
                    let spans = (key_span(text, first), key_span(text, &rule));
                    let (earlier, later, span) = match spans {
                        (Some(a), Some(b)) if a.0 > b.0 => (rule.as_str(), first.as_str(), Some(a)),
                        (_, b) => (first.as_str(), rule.as_str(), b),
                    };
                    return Err(invalid(
                        format!(
                            "rule {} ({}) is set twice: as `{earlier}` and as `{later}`",
                            code.as_str(),
                            code.name()
                        ),
                        span,
                        "set again here",
                        Some(format!(
                            "keep one line for the rule; remove `{later}` or `{earlier}`"
                        )),
                    ));
                }
            }
            let parsed = match level.as_str() {
                "error" => Some(Level::Error),
                "warning" => Some(Level::Warning),
                "info" => Some(Level::Info),
                "off" => None,
                other => {
                    let near = closest(other, ["error", "warning", "info", "off"]);
                    let help = match near {
                        Some(near) => {
                            format!("did you mean `{near}`? A level is error, warning, info or off")
                        }
                        None => "a level is error, warning, info or off".to_string(),
                    };
                    return Err(invalid(
                        format!("invalid level `{other}` for rule `{rule}`"),
                        value_span(text, &rule, other),
                        "not a level",
                        Some(help),
                    ));
                }
            };
            match selector {
                Selector::Family(family) => {
                    family_levels.extend(family.codes().map(|c| (c, parsed)))
                }
                Selector::Rule(code) => {
                    set_by.insert(code, rule.clone());
                    levels.push((code, parsed));
                }
            }
        }
        family_levels.extend(levels);
        let levels = family_levels;
        let mut globs = GlobSetBuilder::new();
        for pattern in raw.exclude.unwrap_or_default() {
            let glob = Glob::new(&pattern).map_err(|e| {
                invalid(
                    format!("invalid exclude glob `{pattern}`: {}", e.kind()),
                    find_span(text, &pattern),
                    "invalid glob",
                    Some(
                        "globs are relative to the directory of cclint.yaml, e.g. `drafts/**`"
                            .to_string(),
                    ),
                )
            })?;
            globs.add(glob);
        }
        let exclude = globs
            .build()
            .map_err(|e| invalid(format!("invalid exclude globs: {e}"), None, "", None))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if raw.baseline.as_deref().is_some_and(|b| b.trim().is_empty()) {
            return Err(invalid(
                "`baseline` names no file".to_string(),
                key_span(text, "baseline"),
                "empty",
                Some("baseline: cclint-baseline.json".to_string()),
            ));
        }
        Ok(Config {
            path: path.to_path_buf(),
            levels,
            exclude,
            baseline: raw.baseline.map(|b| dir.join(b)),
            dir,
        })
    }

    /// Whether `path` (a walked file or directory) is excluded.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        // The walk's paths and `dir` are resolved against the same root.
        let Ok(relative) = path.strip_prefix(&self.dir) else {
            return false;
        };
        self.exclude.is_match(relative) || (is_dir && self.exclude.is_match(relative.join("x")))
    }
}

/// Length of the token starting at `index`, for a label (at least 1 when there is text).
fn token_len(text: &str, index: usize) -> usize {
    // libyaml's index may fall inside a multi-byte character: never slice there.
    let Some(rest) = text.get(index.min(text.len())..) else {
        return 1;
    };
    // At least the first character, whole (a no-break space is whitespace, and two bytes).
    let first = rest.chars().next().map_or(0, char::len_utf8);
    rest.find(|c: char| c == ':' || c.is_whitespace())
        .unwrap_or(rest.len())
        .max(first)
}

/// The span of a mapping key `key:` (quoted or not) in the YAML text.
fn key_span(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        for candidate in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
            if let Some(after) = trimmed.strip_prefix(&candidate) {
                if after.trim_start().starts_with(':') {
                    return Some((offset + indent, candidate.len()));
                }
            }
        }
        offset += line.len();
    }
    None
}

/// The span of `value` on the line of `key`.
fn value_span(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let (start, _) = key_span(text, key)?;
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..line_end]
        .rfind(value)
        .map(|i| (start + i, value.len()))
        .or(Some((start, key.len())))
}

fn find_span(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.find(needle).map(|i| (i, needle.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `config` fuzz target: a YAML error at a no-break space gave a label
    /// one byte long, ending inside the two-byte character.
    #[test]
    fn a_label_at_a_multi_byte_character_covers_all_of_it() {
        let text = "%1-e8888880008y\u{a0}8888000000000000612402C64";
        let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
        crate::invariants::check_config_error(text, &error).unwrap();
    }

    fn error(text: &str) -> (String, Option<String>, Option<usize>) {
        match *Config::parse(Path::new("cclint.yaml"), text).unwrap_err() {
            ConfigError::Invalid {
                message,
                help,
                span,
                ..
            } => (message, help, span.map(|s| s.offset())),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_labels() {
        let text = "\u{FEFF}rules:\n  broker-decide: error\n";
        let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
        let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
        assert_eq!(label.offset(), text.find("broker-decide").unwrap());
        assert_eq!(label.len(), "broker-decide".len());
        let ok = Config::parse(Path::new("cclint.yaml"), "\u{FEFF}rules:\n  CC301: off\n");
        assert!(ok.is_ok());
        // YAML's own errors are placed after the mark, on a character boundary.
        let yaml = "\u{FEFF}rules:\n  CC301: off\n exclude: 3\n";
        let error = Config::parse(Path::new("cclint.yaml"), yaml).unwrap_err();
        let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
        assert!(label.offset() >= 3 && yaml.is_char_boundary(label.offset()));
        // A syntax error after non-ASCII text never slices inside a character.
        let bad = "\u{FEFF}# Größe\nrules: [ü\n";
        assert!(Config::parse(Path::new("cclint.yaml"), bad).is_err());
    }

    #[test]
    fn a_rule_set_twice_by_code_and_name_is_an_error_at_the_second_key() {
        let text = "rules:\n  CC301: off\n  broker-decides: error\n";
        let error = Config::parse(Path::new("cclint.yaml"), text).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("is set twice"), "{message}");
        let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
        assert_eq!(label.offset(), text.find("broker-decides").unwrap());
        let reversed = "rules:\n  broker-decides: error\n  CC301: off\n";
        let error = Config::parse(Path::new("cclint.yaml"), reversed).unwrap_err();
        let label = miette::Diagnostic::labels(&*error).unwrap().next().unwrap();
        assert_eq!(label.offset(), reversed.find("CC301").unwrap());
    }

    #[test]
    fn reads_levels_by_code_or_name_and_globs() {
        let c = Config::parse(
            Path::new("cclint.yaml"),
            "rules:\n  broker-as-end-user: error\n  CC502: warning\n  CC501: off\nexclude:\n  - \"drafts/**\"\n",
        )
        .unwrap();
        assert_eq!(
            c.levels,
            // In key order: codes sort before names.
            [
                (Code::CC501, None),
                (Code::CC502, Some(Level::Warning)),
                (Code::CC303, Some(Level::Error))
            ]
        );
        assert!(c.exclude.is_match("drafts/a.ccl"));
        assert!(Config::parse(Path::new("cclint.yaml"), "")
            .unwrap()
            .levels
            .is_empty());
    }

    #[test]
    fn errors_point_into_the_yaml() {
        let (message, help, span) = error("rules:\n  broker-decide: error\n");
        assert_eq!(message, "unknown rule `broker-decide`");
        assert_eq!(help.as_deref(), Some("did you mean `broker-decides`?"));
        assert_eq!(span, Some(9));

        let (message, help, span) = error("rules:\n  CC301: eror\n");
        assert_eq!(message, "invalid level `eror` for rule `CC301`");
        assert!(help.unwrap().contains("did you mean `error`?"));
        assert_eq!(span, Some(16));

        let (message, _, span) = error("rules: {}\nexclud: []\n");
        assert!(message.contains("unknown field `exclud`"), "{message}");
        assert_eq!(span, Some(10));

        let (message, _, _) = error("rules:\n  CC001: off\n");
        assert!(message.contains("core rule"));

        let (message, _, _) = error("exclude:\n  - \"a/[\"\n");
        assert!(message.starts_with("invalid exclude glob"), "{message}");

        let (message, _, _) = error("rules: [1, 2]\n");
        assert!(message.starts_with("invalid cclint.yaml"), "{message}");
    }
}
