//! Code actions: the fixes findings carry (the did-you-mean of CC002/CC004, removing an
//! unused suppression, …) and "suppress this finding" with a `# cclint: allow` comment.

use super::declaration_at;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::{FileId, Span};
use crate::{Analysis, Workspace};

/// An action the editor offers for a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    /// Edits in the finding's file.
    pub edits: Vec<(Span, String)>,
    /// Whether it is the fix to apply without asking (a safe fix).
    pub preferred: bool,
    /// The finding it resolves: an index into the analysis' diagnostics.
    pub diagnostic: usize,
}

/// The actions for the findings of `file` whose primary span meets `range`.
pub fn code_actions(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    range: Span,
) -> Vec<Action> {
    let mut actions = Vec::new();
    for (index, d) in analysis.diagnostics.iter().enumerate() {
        let Some(span) = d.span.filter(|_| d.file == Some(file)) else {
            continue;
        };
        if d.suppressed.is_some() || span.end() < range.start() || range.end() < span.start() {
            continue;
        }
        for fix in &d.fixes {
            let safe = fix.applicability == Applicability::Safe;
            actions.push(Action {
                title: if safe {
                    capitalise(&fix.message)
                } else {
                    format!(
                        "{} (changes what the policy says)",
                        capitalise(&fix.message)
                    )
                },
                edits: fix
                    .edits
                    .iter()
                    .map(|e| (e.span, e.replacement.clone()))
                    .collect(),
                preferred: safe && d.fixes.len() == 1,
                diagnostic: index,
            });
        }
        if let Some(action) = suppress(workspace, d, span) {
            actions.push(Action {
                diagnostic: index,
                ..action
            });
        }
    }
    actions
}

/// "Suppress this finding": `# cclint: allow RULE -- ` on its own line above the
/// declaration the finding is in, for the author to give the reason. Core findings and
/// findings about suppressions themselves (CC008) cannot be suppressed.
fn suppress(workspace: &Workspace, d: &Diagnostic, span: Span) -> Option<Action> {
    if !d.code.suppressible_by_comment() {
        return None;
    }
    let file = d.file?;
    let text = &workspace.file(file)?.text;
    let decl = declaration_at(workspace, file, span.start())?;
    let line_start = text[..decl.kind_span().start()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent = &text[line_start..decl.kind_span().start()];
    if !indent.trim().is_empty() {
        return None;
    }
    let newline = if text[decl.kind_span().start()..].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let name = d.code.name();
    Some(Action {
        title: format!(
            "Suppress `{name}` for {} `{}` (give the reason after `--`)",
            decl.kind.keyword(),
            decl.name.text
        ),
        edits: vec![(
            Span::new(line_start, line_start),
            format!("{indent}# cclint: allow {name} -- {newline}"),
        )],
        preferred: false,
        diagnostic: 0,
    })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{workspace, ROLES};

    fn actions(text: &str) -> Vec<(String, String)> {
        let (mut ws, cursor) = workspace(&[("roles.ccl", ROLES), ("edit.ccl", text)]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        let source = ws.file(file).unwrap().text.clone();
        code_actions(&ws, &analysis, file, Span::new(offset, offset))
            .into_iter()
            .map(|a| {
                let mut after = source.clone();
                for (span, new) in a.edits.iter().rev() {
                    after.replace_range(span.start()..span.end(), new);
                }
                (a.title, after)
            })
            .collect()
    }

    #[test]
    fn a_misspelt_name_is_a_quick_fix() {
        let found = actions("product p { produced_by: hr; owner: clerk; end_user: cle|k }\n");
        assert_eq!(found[0].0, "Replace `clek` with `clerk`");
        assert!(found[0].1.contains("end_user: clerk }"));
    }

    #[test]
    fn a_lint_finding_can_be_suppressed_above_its_declaration() {
        let found = actions("  product |p { produced_by: hr; end_user: clerk }\n");
        let (title, after) = found
            .iter()
            .find(|(t, _)| t.starts_with("Suppress `product-without-owner`"))
            .unwrap();
        assert!(title.contains("product `p`"), "{title}");
        assert_eq!(
            after,
            "  # cclint: allow product-without-owner -- \n  product p { produced_by: hr; end_user: clerk }\n"
        );
    }
}
