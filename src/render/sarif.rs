//! `--format sarif`: SARIF 2.1.0, with the rule catalog in `tool.driver.rules`.
//! Valid against the official OASIS schema (tests/schemas) and GitHub code scanning's rules.

use serde_json::{json, Value};

use crate::catalog::{self, DefaultLevel};
use crate::diagnostic::{Diagnostic, Level, SuppressedBy};
use crate::source::{SourceFile, Span};
use crate::Report;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

fn rule_descriptor(doc: &catalog::RuleDoc) -> Value {
    let (level, enabled) = match doc.level {
        DefaultLevel::Error => ("error", true),
        DefaultLevel::Warning => ("warning", true),
        DefaultLevel::Info => ("note", true),
        DefaultLevel::Off => ("warning", false),
    };
    let mut rule = json!({
        "id": doc.code,
        "name": doc.name,
        "shortDescription": { "text": doc.summary },
        "fullDescription": { "text": doc.why.trim_end() },
        "help": {
            "text": doc.fix.trim_end(),
            "markdown": catalog::explain_markdown(doc),
        },
        "defaultConfiguration": { "level": level, "enabled": enabled },
        "properties": { "tags": [doc.family.as_str()] },
    });
    if let Some(url) = catalog::doc_url(doc) {
        rule["helpUri"] = json!(url);
    }
    rule
}

fn region(file: &SourceFile, span: Span) -> Value {
    let start = file.position(span.start());
    let end = file.position(span.end());
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        // In code points, like the columns (`columnKind: unicodeCodePoints`).
        "charOffset": file.char_offset(start.offset),
        "charLength": file.char_offset(end.offset) - file.char_offset(start.offset),
    })
}

fn location(file: &SourceFile, span: Option<Span>) -> Value {
    let mut physical = json!({
        "artifactLocation": { "uri": uri(&file.display), "uriBaseId": "%SRCROOT%" },
    });
    physical["region"] = match span {
        Some(span) => region(file, span),
        // A finding about a whole file: its start, as consumers need a region.
        None => json!({ "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1 }),
    };
    json!({ "physicalLocation": physical })
}

/// A relative path as a URI reference: `/` separators, and characters outside the
/// unreserved set percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn result(report: &Report, d: &Diagnostic) -> Value {
    let rule_index = d.code.index();
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": sarif_level(d.level),
        "message": { "text": text },
        "partialFingerprints": { "cclint/v1": d.fingerprint },
    });
    // GitHub requires a location on every result: a finding about the repository as a
    // whole is placed at the start of its first file.
    let mut location = match (d.file, report.files.first_in_path_order()) {
        (Some(file), _) => location(report.file(file), d.span),
        (None, Some(first)) => location(first, None),
        (None, None) => json!({}),
    };
    if let Some(entity) = &d.entity {
        let (kind, name) = entity.split_once(':').unwrap_or(("declaration", entity));
        location["logicalLocations"] = json!([{
            "name": name,
            "fullyQualifiedName": entity,
            "kind": kind,
        }]);
    }
    if location.as_object().is_some_and(|o| !o.is_empty()) {
        result["locations"] = json!([location]);
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut related = location_with_id(report.file(label.file), label.span, i);
            related["message"] = json!({ "text": label.message });
            related
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if let (Some(file), false) = (d.file, d.fixes.is_empty()) {
        let file = report.file(file);
        let fixes: Vec<Value> = d
            .fixes
            .iter()
            .map(|fix| {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(file, e.span),
                            "insertedContent": { "text": e.replacement },
                        })
                    })
                    .collect();
                json!({
                    "description": { "text": fix.message },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(&file.display), "uriBaseId": "%SRCROOT%" },
                        "replacements": replacements,
                    }],
                    "properties": { "applicability": fix.applicability },
                })
            })
            .collect();
        result["fixes"] = json!(fixes);
    }
    if let Some(s) = &d.suppressed {
        let mut suppression = json!({
            "kind": match s.origin {
                SuppressedBy::Baseline => "external",
                SuppressedBy::Comment => "inSource",
            },
            "status": "accepted",
            "justification": s.reason,
        });
        if let Some(until) = &s.until {
            suppression["properties"] = json!({ "until": until });
        }
        result["suppressions"] = json!([suppression]);
    }
    result
}

fn location_with_id(file: &SourceFile, span: Span, id: usize) -> Value {
    let mut l = location(file, Some(span));
    l["id"] = json!(id);
    l
}

pub(super) fn write(
    report: &Report,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let rules: Vec<Value> = catalog::all().iter().map(rule_descriptor).collect();
    let mut driver = json!({
        "name": "cclint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(url) = catalog::project_url() {
        driver["informationUri"] = json!(url);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    });
    let log = serde_json::to_string_pretty(&log).expect("the SARIF log is always serialisable");
    // Each result is printed on its own into the list, indented as its element: the same
    // text as printing the whole log, without holding every result (or the text of
    // them all) at once.
    let mut results = super::shown(report, show_suppressed).peekable();
    if results.peek().is_none() {
        out.write_all(log.as_bytes())?;
        return out.write_all(b"\n");
    }
    let empty = "[]\n    }\n  ]\n}";
    let head = log
        .strip_suffix(empty)
        .expect("the log ends with its empty results");
    out.write_all(head.as_bytes())?;
    out.write_all(b"[\n")?;
    for (i, d) in results.enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        let text = serde_json::to_string_pretty(&result(report, d))
            .expect("a SARIF result is always serialisable");
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"        ")?;
            out.write_all(line.as_bytes())?;
        }
    }
    out.write_all(b"\n      ]\n    }\n  ]\n}\n")
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("policy/a b.ccl"), "policy/a%20b.ccl");
        assert_eq!(uri("é.ccl"), "%C3%A9.ccl");
    }
}
