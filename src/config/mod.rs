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
    /// The organisation's own rules (`custom_rules`, here and in the files of `include`).
    pub organisation: crate::org::Rules,
    /// The organisation's own fields (`custom_fields`, here and in the files of `include`).
    pub fields: crate::model::CustomFields,
}

/// What cclint.yaml holds, as YAML gives it (its keys are checked apart, so that every
/// unknown one is reported).
#[derive(Debug, Deserialize)]
struct RawConfig {
    #[serde(default)]
    rules: Option<BTreeMap<String, String>>,
    #[serde(default)]
    exclude: Option<Vec<String>>,
    #[serde(default)]
    baseline: Option<String>,
    #[serde(default)]
    custom_fields: Option<serde_yaml::Value>,
    #[serde(default)]
    custom_rules: Option<serde_yaml::Value>,
    #[serde(default)]
    include: Option<Vec<String>>,
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
    /// Several problems, each shown in turn, in file order.
    #[error("{message}")]
    Several {
        message: String,
        #[related]
        errors: Vec<ConfigError>,
    },
}

/// The keys of cclint.yaml.
const KEYS: &[&str] = &[
    "rules",
    "exclude",
    "baseline",
    "custom_fields",
    "custom_rules",
    "include",
];

/// A configuration being read: its text, and the problems found so far.
struct Document<'a> {
    path: &'a Path,
    full: &'a str,
    /// The text after a byte-order mark (libyaml's positions do not count one).
    text: &'a str,
    bom: usize,
    errors: Vec<ConfigError>,
    /// The directory the files of `include` are read from.
    dir: PathBuf,
}

impl<'a> Document<'a> {
    fn new(path: &'a Path, full: &'a str) -> Self {
        let bom = if full.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        Document {
            path,
            full,
            text: &full[bom..],
            bom,
            errors: Vec::new(),
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        }
    }

    /// Note a problem at `span` (in the text after any byte-order mark).
    fn invalid(
        &mut self,
        message: String,
        span: Option<(usize, usize)>,
        label: &str,
        help: Option<String>,
    ) {
        self.errors.push(ConfigError::Invalid {
            message,
            source_code: NamedSource::new(self.path.display().to_string(), self.full.to_string()),
            span: span.map(|(start, len)| SourceSpan::from((start + self.bom, len))),
            label: label.to_string(),
            help,
        });
    }

    /// The YAML as cclint.yaml's keys, each unknown key noted; `None` when the YAML does
    /// not parse or a value has the wrong shape (noted too).
    fn raw(&mut self) -> Option<RawConfig> {
        if self.text.trim().is_empty() {
            return Some(RawConfig {
                rules: None,
                exclude: None,
                baseline: None,
                custom_fields: None,
                custom_rules: None,
                include: None,
            });
        }
        let keys: Vec<String> = match serde_yaml::from_str::<serde_yaml::Value>(self.text) {
            Ok(serde_yaml::Value::Mapping(map)) => map
                .keys()
                .map(|k| {
                    serde_yaml::to_string(k)
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                })
                .collect(),
            _ => Vec::new(),
        };
        for key in keys.iter().filter(|k| !KEYS.contains(&k.as_str())) {
            self.invalid(
                format!(
                    "invalid cclint.yaml: unknown field `{key}`, expected one of {}",
                    KEYS.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                key_span(self.text, key),
                "here",
                Some(KEYS_HELP.to_string()),
            );
        }
        match serde_yaml::from_str(self.text) {
            Ok(raw) => Some(raw),
            Err(e) => {
                let span = e
                    .location()
                    .map(|l| (l.index(), token_len(self.text, l.index())));
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                let help = message
                    .contains("unknown field")
                    .then(|| KEYS_HELP.to_string());
                self.invalid(
                    format!("invalid cclint.yaml: {message}"),
                    span,
                    "here",
                    help,
                );
                None
            }
        }
    }

    /// The levels `rules` sets: families first, then single rules, so that a rule's own
    /// line wins over its family's whatever their order in the file.
    fn levels(&mut self, rules: BTreeMap<String, String>) -> Vec<(Code, Option<Level>)> {
        let mut family_levels = Vec::new();
        let mut levels = Vec::new();
        let mut set_by: std::collections::HashMap<Code, String> = std::collections::HashMap::new();
        for (rule, level) in rules {
            let Some(selector) = self.selector(&rule, &set_by) else {
                continue;
            };
            let Some(parsed) = self.level(&rule, &level) else {
                continue;
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
        family_levels
    }

    /// The rule or family `rule` names, if it names one that can be set (not a core rule,
    /// not one set already).
    fn selector(
        &mut self,
        rule: &str,
        set_by: &std::collections::HashMap<Code, String>,
    ) -> Option<Selector> {
        let text = self.text;
        let Some(selector) = Selector::parse(rule) else {
            let help = Code::suggest(rule)
                .map(|near| format!("did you mean `{near}`?"))
                .unwrap_or_else(|| "`cclint rules` lists every rule".to_string());
            self.invalid(
                format!("unknown rule `{rule}`"),
                key_span(text, rule),
                "not a rule",
                Some(help),
            );
            return None;
        };
        let Selector::Rule(code) = selector else {
            return Some(selector);
        };
        if code.is_core() {
            self.invalid(
                format!(
                    "{} ({}) is a core rule; its level cannot be set",
                    code.as_str(),
                    code.name()
                ),
                key_span(text, rule),
                "core rule",
                Some("core diagnostics are always errors; remove this line".to_string()),
            );
            return None;
        }
        if let Some(first) = set_by.get(&code) {
            // Point at whichever of the two keys comes second in the file.
            let spans = (key_span(text, first), key_span(text, rule));
            let (earlier, later, span) = match spans {
                (Some(a), Some(b)) if a.0 > b.0 => (rule, first.as_str(), Some(a)),
                (_, b) => (first.as_str(), rule, b),
            };
            self.invalid(
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
            );
            return None;
        }
        Some(selector)
    }

    /// The level `level` names for `rule` (`None` inside: off); `None` when it names none.
    fn level(&mut self, rule: &str, level: &str) -> Option<Option<Level>> {
        match level {
            "error" => Some(Some(Level::Error)),
            "warning" => Some(Some(Level::Warning)),
            "info" => Some(Some(Level::Info)),
            "off" => Some(None),
            other => {
                let help = match closest(other, ["error", "warning", "info", "off"]) {
                    Some(near) => {
                        format!("did you mean `{near}`? A level is error, warning, info or off")
                    }
                    None => "a level is error, warning, info or off".to_string(),
                };
                self.invalid(
                    format!("invalid level `{other}` for rule `{rule}`"),
                    value_span(self.text, rule, other),
                    "not a level",
                    Some(help),
                );
                None
            }
        }
    }

    /// The exclude globs, each invalid one noted.
    fn exclude(&mut self, patterns: Vec<String>) -> GlobSet {
        let mut globs = GlobSetBuilder::new();
        for pattern in patterns {
            match Glob::new(&pattern) {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(e) => self.invalid(
                    format!("invalid exclude glob `{pattern}`: {}", e.kind()),
                    find_span(self.text, &pattern),
                    "invalid glob",
                    Some(
                        "globs are relative to the directory of cclint.yaml, e.g. `drafts/**`"
                            .to_string(),
                    ),
                ),
            }
        }
        globs.build().unwrap_or_else(|e| {
            self.invalid(format!("invalid exclude globs: {e}"), None, "", None);
            GlobSet::empty()
        })
    }

    /// Every problem noted, in file order: one error, or several.
    fn finish(mut self) -> Result<(), Box<ConfigError>> {
        let at = |e: &ConfigError| match e {
            ConfigError::Invalid { span, .. } => span.map_or(usize::MAX, |s| s.offset()),
            _ => usize::MAX,
        };
        self.errors.sort_by_key(at);
        match self.errors.len() {
            0 => Ok(()),
            1 => Err(Box::new(self.errors.remove(0))),
            n => Err(Box::new(ConfigError::Several {
                message: format!("{n} problems in `{}`", self.path.display()),
                errors: self.errors,
            })),
        }
    }
}

const KEYS_HELP: &str = "cclint.yaml takes `rules` (rule or family -> error, warning, info or off), `exclude` (globs), `baseline` (a file), `custom_fields` (the organisation's fields), `custom_rules` (the organisation's rules) and `include` (globs of YAML files of custom fields and rules)";

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
        let mut config = Config::parse_in(path, &text, root)?;
        config.dir = root.join(&config.dir);
        config.baseline = config.baseline.map(|b| root.join(b));
        Ok(config)
    }

    /// Parse `text` as the contents of the config file at `path`. Every problem is
    /// reported at once, in file order (YAML that does not parse, or a value of the wrong
    /// shape, stops the reading where it is).
    pub fn parse(path: &Path, full: &str) -> Result<Config, Box<ConfigError>> {
        Config::parse_in(path, full, Path::new(""))
    }

    /// [`Config::parse`], the files of `include` read relative to `root`.
    pub fn parse_in(path: &Path, full: &str, root: &Path) -> Result<Config, Box<ConfigError>> {
        let mut doc = Document::new(path, full);
        doc.dir = root.join(&doc.dir);
        let raw = doc.raw();
        let (fields, organisation) = raw
            .as_ref()
            .map(|raw| {
                doc.organisation(
                    raw.custom_fields.as_ref(),
                    raw.custom_rules.as_ref(),
                    raw.include.as_deref(),
                )
            })
            .unwrap_or_default();
        let levels = raw
            .as_ref()
            .map(|raw| doc.levels(raw.rules.clone().unwrap_or_default()))
            .unwrap_or_default();
        let exclude = doc.exclude(
            raw.as_ref()
                .and_then(|r| r.exclude.clone())
                .unwrap_or_default(),
        );
        let baseline = raw.and_then(|r| r.baseline);
        if baseline.as_deref().is_some_and(|b| b.trim().is_empty()) {
            doc.invalid(
                "`baseline` names no file".to_string(),
                key_span(doc.text, "baseline"),
                "empty",
                Some("baseline: cclint-baseline.json".to_string()),
            );
        }
        doc.finish()?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Config {
            path: path.to_path_buf(),
            levels,
            exclude,
            baseline: baseline.map(|b| dir.join(b)),
            dir,
            organisation,
            fields,
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

mod include;
mod spans;

use spans::{find_span, key_span, token_len, value_span};

#[cfg(test)]
mod tests;
