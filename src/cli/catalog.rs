//! `cclint rules` and `cclint explain`: the rule catalog.

use std::io::Write;

use std::path::Path;

use cclint::catalog::{self, Code, RuleDoc};

use super::{usage, write, CommandResult, ConfigArgs, Exit, ListFormat};

/// The organisation rules of the configuration in effect in `cwd` (registered in the
/// catalog as they are read).
fn organisation(
    config: &ConfigArgs,
    cwd: &Path,
) -> Result<
    (cclint::org::Rules, cclint::model::CustomFields),
    Box<dyn miette::Diagnostic + Send + Sync>,
> {
    let sources = cclint::load::Sources {
        config: config.config.clone(),
        no_config: config.no_config,
        no_baseline: true,
        ..Default::default()
    };
    let loaded = super::load(&sources, &[], cwd)?;
    Ok(loaded
        .config
        .map(|c| (c.organisation, c.fields))
        .unwrap_or_default())
}

pub(super) fn rules(
    format: ListFormat,
    config: &ConfigArgs,
    cwd: &Path,
    out: &mut dyn Write,
) -> CommandResult {
    organisation(config, cwd)?;
    let docs: Vec<&RuleDoc> = Code::all().into_iter().map(Code::doc).collect();
    let text = match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = docs
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code,
                        "name": d.name,
                        "family": d.family.as_str(),
                        "level": d.level.as_str(),
                        "summary": d.summary,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&rows).expect("the catalog serialises");
            text.push('\n');
            text
        }
        ListFormat::Human => {
            let code_width = docs.iter().map(|d| d.code.len()).max().unwrap_or(0);
            let name_width = docs.iter().map(|d| d.name.len()).max().unwrap_or(0);
            let family_width = docs
                .iter()
                .map(|d| d.family.as_str().len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for d in docs {
                text.push_str(&format!(
                    "{:code_width$}  {:name_width$}  {:family_width$}  {:7}  {}\n",
                    d.code,
                    d.name,
                    d.family.as_str(),
                    d.level.as_str(),
                    d.summary
                ));
            }
            text
        }
    };
    write(out, &text)?;
    Ok(Exit::Clean)
}

pub(super) fn explain(
    rule: &str,
    config: &ConfigArgs,
    cwd: &Path,
    out: &mut dyn Write,
) -> CommandResult {
    organisation(config, cwd)?;
    let code = Code::parse(rule).ok_or_else(|| {
        let help = Code::suggest(rule)
            .map(|near| format!("did you mean `{near}`?"))
            .unwrap_or_else(|| "`cclint rules` lists every rule".to_string());
        usage(format!("unknown rule `{rule}`"), Some(help))
    })?;
    write(out, &catalog::explain(code.doc()))?;
    Ok(Exit::Clean)
}

/// `cclint test`: one line per failing case, then `N passed, M failed`; exit 1 on any
/// failure.
pub(super) fn test(
    coverage: bool,
    config: &ConfigArgs,
    cwd: &Path,
    out: &mut dyn Write,
) -> CommandResult {
    let (rules, fields) = organisation(config, cwd)?;
    let results = cclint::rule_tests::run(&rules, &fields, coverage);
    let mut text = String::new();
    for result in results.iter().filter(|r| !r.passed()) {
        text.push_str(&result.describe());
        text.push('\n');
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    let passed = results.len() - failed;
    let count = rules.iter().count();
    text.push_str(&format!(
        "{passed} passed, {failed} failed ({count} organisation rule{})\n",
        if count == 1 { "" } else { "s" }
    ));
    write(out, &text)?;
    Ok(if failed == 0 {
        Exit::Clean
    } else {
        Exit::Findings
    })
}
