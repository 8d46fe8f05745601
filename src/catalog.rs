//! The rule catalog: one YAML file per code under `rules/`, embedded at build time. It is
//! the single source of every rule's name, family, default level, summary and documentation.

use std::sync::{OnceLock, PoisonError, RwLock};

use serde::{Deserialize, Serialize};

use crate::level::Level;

macro_rules! codes {
    ($($code:ident => $file:literal,)*) => {
        /// A diagnostic code: a built-in rule of the catalog (`Code::CC301`), or an
        /// organisation rule of `cclint.yaml` (`ACME001`), registered with [`register`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct Code(u16);

        #[allow(non_upper_case_globals)]
        impl Code {
            codes!(@consts 0u16, $($code)*);

            /// The built-in codes, in catalog order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];
        }

        const SOURCES: &[(&str, &str)] = &[$((stringify!($code), include_str!(concat!("../rules/", $file))),)*];
    };
    (@consts $n:expr, $code:ident $($rest:ident)*) => {
        pub const $code: Code = Code($n);
        codes!(@consts $n + 1u16, $($rest)*);
    };
    (@consts $n:expr,) => {};
}

codes! {
    CC001 => "CC001-syntax-error.yaml",
    CC002 => "CC002-unknown-reference.yaml",
    CC003 => "CC003-duplicate-definition.yaml",
    CC004 => "CC004-unknown-field.yaml",
    CC005 => "CC005-invalid-value.yaml",
    CC006 => "CC006-missing-field.yaml",
    CC007 => "CC007-unused-suppression.yaml",
    CC008 => "CC008-invalid-suppression.yaml",
    CC009 => "CC009-unreadable-file.yaml",
    CC010 => "CC010-expired-suppression.yaml",
    CC011 => "CC011-stale-baseline-entry.yaml",
    CC012 => "CC012-rule-error.yaml",
    CC101 => "CC101-missing-satisfaction-policy.yaml",
    CC102 => "CC102-incomplete-satisfaction-policy.yaml",
    CC103 => "CC103-uncovered-department.yaml",
    CC104 => "CC104-reactive-only-policy.yaml",
    CC201 => "CC201-unidentified-internal-customer.yaml",
    CC202 => "CC202-unidentified-end-user.yaml",
    CC203 => "CC203-department-as-customer.yaml",
    CC204 => "CC204-department-without-products.yaml",
    CC301 => "CC301-broker-decides.yaml",
    CC302 => "CC302-broker-only-channel.yaml",
    CC303 => "CC303-broker-as-end-user.yaml",
    CC401 => "CC401-product-without-owner.yaml",
    CC402 => "CC402-external-owner.yaml",
    CC501 => "CC501-missing-touchpoints.yaml",
    CC502 => "CC502-unprioritized-product.yaml",
}

/// The family a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Core,
    Policy,
    CustomerIdentification,
    EndUserDisempowering,
    Ownership,
    Completeness,
    Suppression,
    /// The organisation's own rules, written in `cclint.yaml` (`custom_rules`).
    Organisation,
}

impl Family {
    /// The families of lint rules, which `-D`/`-W`/`-A` and `cclint.yaml` accept as a
    /// whole (core rules cannot be configured).
    pub const LINT: [Family; 7] = [
        Family::Policy,
        Family::CustomerIdentification,
        Family::EndUserDisempowering,
        Family::Ownership,
        Family::Completeness,
        Family::Suppression,
        Family::Organisation,
    ];

    /// A lint family by name (`ownership`).
    pub fn parse(text: &str) -> Option<Family> {
        Family::LINT.into_iter().find(|f| f.as_str() == text)
    }

    /// The rules of the family, in code order.
    pub fn codes(self) -> impl Iterator<Item = Code> {
        Code::all()
            .into_iter()
            .filter(move |c| c.doc().family == self)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Core => "core",
            Family::Policy => "policy",
            Family::CustomerIdentification => "customer-identification",
            Family::EndUserDisempowering => "end-user-disempowering",
            Family::Ownership => "ownership",
            Family::Completeness => "completeness",
            Family::Suppression => "suppression",
            Family::Organisation => "organisation",
        }
    }
}

/// The default level of a rule; `off` rules run only when configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultLevel {
    Error,
    Warning,
    Info,
    Off,
}

impl DefaultLevel {
    pub fn level(self) -> Option<Level> {
        match self {
            DefaultLevel::Error => Some(Level::Error),
            DefaultLevel::Warning => Some(Level::Warning),
            DefaultLevel::Info => Some(Level::Info),
            DefaultLevel::Off => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DefaultLevel::Error => "error",
            DefaultLevel::Warning => "warning",
            DefaultLevel::Info => "info",
            DefaultLevel::Off => "off",
        }
    }
}

/// One catalog entry, as written in `rules/CCxxx-name.yaml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub code: String,
    pub name: String,
    pub family: Family,
    pub level: DefaultLevel,
    pub summary: String,
    pub why: String,
    /// A CCL file that raises this code; absent when no CCL text can (CC009).
    pub failing: Option<String>,
    /// The same file, fixed.
    pub passing: Option<String>,
    pub fix: String,
}

impl RuleDoc {
    pub fn is_core(&self) -> bool {
        self.family == Family::Core
    }
}

fn entries() -> &'static [RuleDoc] {
    static ENTRIES: OnceLock<Vec<RuleDoc>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(code, text)| {
                let doc: RuleDoc = serde_yaml::from_str(text).unwrap_or_else(|e| {
                    panic!("the embedded catalog entry for {code} is invalid: {e}")
                });
                assert_eq!(&doc.code, code, "catalog file holds the wrong code");
                doc
            })
            .collect()
    })
}

/// Organisation rules registered in this process, numbered after the built-in codes. An
/// entry is never removed (codes are plain numbers held by every diagnostic); registering
/// the same rule again returns its code, so a configuration read many times (the language
/// server's) adds nothing.
static REGISTERED: RwLock<Vec<&'static RuleDoc>> = RwLock::new(Vec::new());

fn registered() -> std::sync::RwLockReadGuard<'static, Vec<&'static RuleDoc>> {
    REGISTERED.read().unwrap_or_else(PoisonError::into_inner)
}

/// Register an organisation rule's documentation; its code, or `None` when the process
/// has registered more rules than a code can number.
pub fn register(doc: RuleDoc) -> Option<Code> {
    let mut table = REGISTERED.write().unwrap_or_else(PoisonError::into_inner);
    let builtin = Code::ALL.len();
    if let Some(i) = table.iter().position(|d| **d == doc) {
        return Some(Code((builtin + i) as u16));
    }
    let code = Code(u16::try_from(builtin + table.len()).ok()?);
    table.push(Box::leak(Box::new(doc)));
    Some(code)
}

impl Code {
    /// The code's place: built-in codes in catalog order, then organisation rules in the
    /// order they were registered (SARIF's rule index).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn as_str(self) -> &'static str {
        &self.doc().code
    }

    pub fn doc(self) -> &'static RuleDoc {
        match entries().get(self.index()) {
            Some(doc) => doc,
            None => registered()[self.index() - Code::ALL.len()],
        }
    }

    /// Whether it is one of the organisation's own rules.
    pub fn is_organisation(self) -> bool {
        self.index() >= Code::ALL.len()
    }

    /// Every code a run can report: the built-in ones, then the organisation rules in
    /// force (for each code, the one registered last), by code.
    pub fn all() -> Vec<Code> {
        let mut codes = Code::ALL.to_vec();
        codes.extend(Code::organisation());
        codes
    }

    /// The organisation rules in force, by code.
    pub fn organisation() -> Vec<Code> {
        let table = registered();
        let mut latest: std::collections::BTreeMap<&str, Code> = std::collections::BTreeMap::new();
        for (i, doc) in table.iter().enumerate() {
            latest.insert(&doc.code, Code((Code::ALL.len() + i) as u16));
        }
        latest.into_values().collect()
    }

    pub fn name(self) -> &'static str {
        &self.doc().name
    }

    pub fn is_core(self) -> bool {
        self.doc().is_core()
    }

    /// Whether a `# cclint: allow` comment may name it: not a core code, and not CC008
    /// (a comment cannot excuse a malformed comment).
    pub fn suppressible_by_comment(self) -> bool {
        !self.is_core() && self != Code::CC008
    }

    /// Look a rule up by code (`CC301`, any case) or name (`broker-decides`): a built-in
    /// rule, or an organisation rule in force.
    pub fn parse(text: &str) -> Option<Code> {
        let matches = |c: &Code| c.as_str().eq_ignore_ascii_case(text) || c.name() == text;
        Code::ALL
            .iter()
            .copied()
            .find(matches)
            .or_else(|| Code::organisation().into_iter().find(matches))
    }

    /// The closest code, name or family name to `text`, for "did you mean".
    pub fn suggest(text: &str) -> Option<&'static str> {
        crate::suggest::closest(
            text,
            Code::all()
                .iter()
                .flat_map(|c| [c.as_str(), c.name()])
                .chain(Family::LINT.iter().map(|f| f.as_str())),
        )
    }
}

/// What a level setting names: one rule, or a family of rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    Rule(Code),
    Family(Family),
}

impl Selector {
    /// A rule code, a rule name or a lint family name.
    pub fn parse(text: &str) -> Option<Selector> {
        Code::parse(text)
            .map(Selector::Rule)
            .or_else(|| Family::parse(text).map(Selector::Family))
    }

    /// The rules it selects.
    pub fn codes(self) -> Vec<Code> {
        match self {
            Selector::Rule(code) => vec![code],
            Selector::Family(family) => family.codes().collect(),
        }
    }
}

/// The documentation `cclint explain` prints: plain text, examples indented.
pub fn explain(doc: &RuleDoc) -> String {
    let indent = |code: &str| {
        let lines: Vec<String> = code
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        format!("{}\n", lines.join("\n"))
    };
    document(
        doc,
        format!(
            "{} {}\nfamily: {}   default level: {}",
            doc.code,
            doc.name,
            doc.family.as_str(),
            doc.level.as_str()
        ),
        indent,
    )
}

/// The same documentation as Markdown, for SARIF's `help.markdown`.
pub fn explain_markdown(doc: &RuleDoc) -> String {
    document(
        doc,
        format!(
            "**{} {}** ({}, default level {})",
            doc.code,
            doc.name,
            doc.family.as_str(),
            doc.level.as_str()
        ),
        |code| format!("```\n{code}```\n"),
    )
}

/// The sections of a rule's documentation, in ruff's and clippy's order.
fn document(doc: &RuleDoc, heading: String, code_block: impl Fn(&str) -> String) -> String {
    let mut text = format!(
        "{heading}\n\n{}\n\n## Why is this bad?\n\n{}\n",
        doc.summary,
        doc.why.trim_end()
    );
    if let Some(failing) = &doc.failing {
        text.push_str(&format!("\n## Example\n\n{}", code_block(failing)));
    }
    if let Some(passing) = &doc.passing {
        text.push_str(&format!("\n## Use instead\n\n{}", code_block(passing)));
    }
    text.push_str(&format!("\n## How to fix\n\n{}\n", doc.fix.trim_end()));
    text
}

/// The documentation site, from the package's `homepage` metadata.
pub fn project_url() -> Option<&'static str> {
    option_env!("CARGO_PKG_HOMEPAGE").filter(|u| !u.is_empty())
}

/// The URL of a rule's page on the documentation site (generated from the catalog, as
/// `cclint explain` is).
pub fn doc_url(doc: &RuleDoc) -> Option<String> {
    // An organisation's rules are documented by `cclint explain`, not on the site.
    if doc.family == Family::Organisation {
        return None;
    }
    doc_url_in(project_url(), doc)
}

fn doc_url_in(base: Option<&str>, doc: &RuleDoc) -> Option<String> {
    base.map(|base| format!("{}/{}", base.trim_end_matches('/'), rule_page(doc)))
}

/// The path of a rule's page on the documentation site: `rules/CC301-broker-decides.html`.
pub fn rule_page(doc: &RuleDoc) -> String {
    format!("rules/{}-{}.html", doc.code, doc.name)
}

/// All catalog entries, in code order.
pub fn all() -> &'static [RuleDoc] {
    entries()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_follow_the_declaration_order() {
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(code.index(), i);
        }
    }

    #[test]
    fn every_catalog_entry_parses_and_matches_its_file_name() {
        for (code, _) in SOURCES {
            let c = Code::parse(code).unwrap();
            assert_eq!(c.as_str(), *code);
            assert_eq!(Code::parse(c.name()), Some(c));
        }
    }

    #[test]
    fn documentation_urls_point_at_the_catalog_file() {
        let doc = Code::CC301.doc();
        assert_eq!(doc_url_in(None, doc), None);
        assert_eq!(
            doc_url_in(Some("https://example.org/cclint/"), doc).as_deref(),
            Some("https://example.org/cclint/rules/CC301-broker-decides.html")
        );
    }

    #[test]
    fn every_yaml_file_in_rules_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let registered: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{}-{}.yaml", c.as_str(), c.name()))
            .collect();
        assert_eq!(files, registered);
    }
}
