//! `--format sarif`: SARIF 2.1.0, with the rule catalog in `tool.driver.rules`.
//! Valid against the official OASIS schema (tests/schemas) and GitHub code scanning's rules.
//! The log is a tree of typed structs, serialised by serde as it is written: each result
//! is made when its turn comes, so that the results are never all held at once.

use std::cell::RefCell;

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde::Serialize as Derive;

use crate::catalog::{self, DefaultLevel};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Level, SuppressedBy};
use crate::source::{SourceFile, Span};
use crate::Report;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Derive)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(Derive)]
struct Tool {
    driver: Driver,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<RuleDescriptor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
}

#[derive(Derive)]
struct Text<T> {
    text: T,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Help,
    default_configuration: DefaultConfiguration,
    properties: Tags,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
}

#[derive(Derive)]
struct Help {
    text: &'static str,
    markdown: String,
}

#[derive(Derive)]
struct DefaultConfiguration {
    level: &'static str,
    enabled: bool,
}

#[derive(Derive)]
struct Tags {
    tags: [&'static str; 1],
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<String>,
    partial_fingerprints: Fingerprints<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location<'a>; 1]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'a>; 1]>,
}

#[derive(Derive)]
struct Fingerprints<'a> {
    #[serde(rename = "cclint/v1")]
    v1: &'a str,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[LogicalLocation<'a>; 1]>,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    /// In code points, like the columns (`columnKind: unicodeCodePoints`).
    #[serde(skip_serializing_if = "Option::is_none")]
    char_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_length: Option<usize>,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    fully_qualified_name: &'a str,
    kind: &'a str,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<&'a str>,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Derive)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

#[derive(Derive)]
struct FixProperties {
    applicability: Applicability,
}

#[derive(Derive)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Until<'a>>,
}

#[derive(Derive)]
struct Until<'a> {
    until: &'a str,
}

/// The results, made one at a time as they are written.
struct Results<'a> {
    report: &'a Report,
    shown: RefCell<Box<dyn Iterator<Item = &'a Diagnostic> + 'a>>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for d in self.shown.borrow_mut().by_ref() {
            seq.serialize_element(&result(self.report, d))?;
        }
        seq.end()
    }
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

fn rule_descriptor(doc: &'static catalog::RuleDoc) -> RuleDescriptor {
    let (level, enabled) = match doc.level {
        DefaultLevel::Error => ("error", true),
        DefaultLevel::Warning => ("warning", true),
        DefaultLevel::Info => ("note", true),
        DefaultLevel::Off => ("warning", false),
    };
    RuleDescriptor {
        id: &doc.code,
        name: &doc.name,
        short_description: Text { text: &doc.summary },
        full_description: Text {
            text: doc.why.trim_end(),
        },
        help: Help {
            text: doc.fix.trim_end(),
            markdown: catalog::explain_markdown(doc),
        },
        default_configuration: DefaultConfiguration { level, enabled },
        properties: Tags {
            tags: [doc.family.as_str()],
        },
        help_uri: catalog::doc_url(doc),
    }
}

fn region(file: &SourceFile, span: Span) -> Region {
    let start = file.position(span.start());
    let end = file.position(span.end());
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        char_offset: Some(file.char_offset(start.offset)),
        char_length: Some(file.char_offset(end.offset) - file.char_offset(start.offset)),
    }
}

fn artifact(file: &SourceFile) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri(&file.display),
        uri_base_id: "%SRCROOT%",
    }
}

fn location<'a>(file: &SourceFile, span: Option<Span>) -> Location<'a> {
    // A finding about a whole file: its start, as consumers need a region.
    let start = Region {
        start_line: 1,
        start_column: 1,
        end_line: 1,
        end_column: 1,
        char_offset: None,
        char_length: None,
    };
    Location {
        physical_location: PhysicalLocation {
            artifact_location: artifact(file),
            region: span.map_or(start, |span| region(file, span)),
        },
        id: None,
        message: None,
        logical_locations: None,
    }
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

/// The place of `code` in the driver's rules: the built-in codes, then the organisation
/// rules in force.
fn rule_index(code: catalog::Code) -> Option<usize> {
    if !code.is_organisation() {
        return Some(code.index());
    }
    let organisation = catalog::Code::organisation();
    let at = organisation.iter().position(|c| *c == code)?;
    Some(catalog::Code::ALL.len() + at)
}

fn result<'a>(report: &'a Report, d: &'a Diagnostic) -> SarifResult<'a> {
    let mut text = d.message.to_string();
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    // GitHub requires a location on every result: a finding about the repository as a
    // whole is placed at the start of its first file.
    let place = match (d.file, report.files.first_in_path_order()) {
        (Some(file), _) => Some(location(report.file(file), d.span)),
        (None, Some(first)) => Some(location(first, None)),
        (None, None) => None,
    };
    let place = place.map(|mut l| {
        l.logical_locations = d.entity.as_deref().map(|entity| {
            let (kind, name) = entity.split_once(':').unwrap_or(("declaration", entity));
            let fully_qualified_name = entity;
            [LogicalLocation {
                name,
                fully_qualified_name,
                kind,
            }]
        });
        l
    });
    let related = d.labels.iter().enumerate().map(|(i, label)| Location {
        id: Some(i),
        message: Some(Text {
            text: &label.message,
        }),
        ..location(report.file(label.file), Some(label.span))
    });
    let fixes = match d.file {
        Some(file) => d.fixes.iter().map(|f| fix(report.file(file), f)).collect(),
        None => Vec::new(),
    };
    SarifResult {
        rule_id: d.code.as_str(),
        rule_index: rule_index(d.code),
        level: sarif_level(d.level),
        message: Text { text },
        partial_fingerprints: Fingerprints {
            v1: d.fingerprint.as_str(),
        },
        locations: place.map(|l| [l]),
        related_locations: related.collect(),
        fixes,
        suppressions: d.suppressed.as_ref().map(|s| {
            [Suppression {
                kind: match s.origin {
                    SuppressedBy::Baseline => "external",
                    SuppressedBy::Comment => "inSource",
                },
                status: "accepted",
                justification: &s.reason,
                properties: s.until.as_deref().map(|until| Until { until }),
            }]
        }),
    }
}

fn fix<'a>(file: &SourceFile, fix: &'a Fix) -> SarifFix<'a> {
    let replacements = fix.edits.iter().map(|e| Replacement {
        deleted_region: region(file, e.span),
        inserted_content: Text {
            text: &e.replacement,
        },
    });
    SarifFix {
        description: Text { text: &fix.message },
        artifact_changes: [ArtifactChange {
            artifact_location: artifact(file),
            replacements: replacements.collect(),
        }],
        properties: FixProperties {
            applicability: fix.applicability,
        },
    }
}

pub(super) fn write(
    report: &Report,
    show_suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "cclint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: catalog::Code::all()
                        .into_iter()
                        .map(|c| rule_descriptor(c.doc()))
                        .collect(),
                    information_uri: catalog::project_url(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: Results {
                report,
                shown: RefCell::new(Box::new(super::shown(report, show_suppressed))),
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
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
