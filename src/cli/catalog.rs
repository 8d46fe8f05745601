//! `cclint rules` and `cclint explain`: the rule catalog.

use std::io::Write;

use cclint::catalog::{self, Code};

use super::{usage, write, CommandResult, Exit, ListFormat};

pub(super) fn rules(format: ListFormat, out: &mut dyn Write) -> CommandResult {
    let docs = catalog::all();
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
            let name_width = docs.iter().map(|d| d.name.len()).max().unwrap_or(0);
            let family_width = docs
                .iter()
                .map(|d| d.family.as_str().len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for d in docs {
                text.push_str(&format!(
                    "{}  {:name_width$}  {:family_width$}  {:7}  {}\n",
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

pub(super) fn explain(rule: &str, out: &mut dyn Write) -> CommandResult {
    let code = Code::parse(rule).ok_or_else(|| {
        let help = Code::suggest(rule)
            .map(|near| format!("did you mean `{near}`?"))
            .unwrap_or_else(|| "`cclint rules` lists every rule".to_string());
        usage(format!("unknown rule `{rule}`"), Some(help))
    })?;
    write(out, &catalog::explain(code.doc()))?;
    Ok(Exit::Clean)
}
