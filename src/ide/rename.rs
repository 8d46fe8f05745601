//! Rename a declaration and every use of its name, across files.

use super::{name_at, Location};
use crate::source::{FileId, Span};
use crate::syntax::Kind;
use crate::{Analysis, Workspace};

/// Replace the text at a place.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextEdit {
    pub location: Location,
    pub new_text: String,
}

/// The name at `offset`, if it can be renamed: its span and text.
pub fn prepare(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Result<(Span, String), String> {
    let at = name_at(workspace, analysis, file, offset).ok_or_else(|| {
        "there is no name here: put the cursor on a declaration's name or a reference to it"
            .to_string()
    })?;
    if !analysis.model.symbols.contains_key(&at.name) {
        return Err(format!(
            "`{}` is not declared, so there is nothing to rename",
            at.name
        ));
    }
    Ok((at.span, at.name.to_string()))
}

/// The edits that rename the name at `offset` to `new_name`: its declaration and every
/// reference to it in every file. Refused, with a message saying why, when `new_name` is
/// not a valid name or is already declared.
pub fn rename(
    workspace: &Workspace,
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<TextEdit>, String> {
    let (_, old) = prepare(workspace, analysis, file, offset)?;
    check_name(new_name)?;
    if new_name == old {
        return Ok(Vec::new());
    }
    let model = &analysis.model;
    if let Some(taken) = model.symbol(new_name) {
        let place = workspace
            .file(taken.file)
            .map(|f| format!(" in {}", f.display))
            .unwrap_or_default();
        return Err(format!(
            "`{new_name}` is already declared (a {}{place}); names are shared by every kind and file, so choose another",
            taken.kind.keyword()
        ));
    }
    let symbol = model.symbol(&old).expect("prepare found it declared");
    let edit = |file: FileId, span: Span| TextEdit {
        location: Location { file, span },
        new_text: new_name.to_string(),
    };
    let mut edits = vec![edit(symbol.file, symbol.span)];
    let name = crate::syntax::Name::new(&old);
    edits.extend(
        model
            .index()
            .references_to(name)
            .map(|r| edit(r.file, r.span)),
    );
    edits.sort();
    edits.dedup();
    Ok(edits)
}

/// Whether `name` can be a CCL name: an identifier that is not a kind keyword.
fn check_name(name: &str) -> Result<(), String> {
    let valid = crate::syntax::is_identifier(name);
    if !valid {
        return Err(format!(
            "`{name}` is not a valid name: names are letters, digits, `_` and `-`, starting with a letter or `_`"
        ));
    }
    if Kind::from_keyword(name).is_some() {
        return Err(format!(
            "`{name}` is a kind of declaration, a reserved word: choose another name"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{workspace, ROLES};

    fn apply(workspace: &Workspace, edits: &[TextEdit]) -> Vec<String> {
        let mut files: Vec<(FileId, String)> = workspace
            .ids_in_path_order()
            .into_iter()
            .map(|id| (id, workspace.file(id).unwrap().text.clone()))
            .collect();
        for (id, text) in &mut files {
            let mut mine: Vec<&TextEdit> =
                edits.iter().filter(|e| e.location.file == *id).collect();
            mine.sort_by_key(|e| std::cmp::Reverse(e.location.span.start()));
            for e in mine {
                text.replace_range(e.location.span.start()..e.location.span.end(), &e.new_text);
            }
        }
        files.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn renames_the_declaration_and_every_reference() {
        let (mut ws, cursor) = workspace(&[
            ("p.ccl", "product p { produced_by: hr; owner: clerk; end_user: cl|erk }\nrule r { product: p; channel: direct, clerk }\n"),
            ("roles.ccl", ROLES),
        ]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        assert_eq!(
            prepare(&ws, &analysis, file, offset).map(|(_, n)| n),
            Ok("clerk".to_string())
        );
        let edits = rename(&ws, &analysis, file, offset, "payroll_clerk").unwrap();
        assert_eq!(edits.len(), 4);
        let after = apply(&ws, &edits);
        assert!(after[0].contains("owner: payroll_clerk; end_user: payroll_clerk"));
        assert!(after[0].contains("channel: direct, payroll_clerk"));
        assert!(after[1].contains("role payroll_clerk \"Clerk\""));
        let mut renamed = ws;
        for (name, text) in ["p.ccl", "roles.ccl"].iter().zip(&after) {
            renamed.set_text(std::path::Path::new(name), text.clone());
        }
        let before: Vec<_> = analysis.diagnostics.iter().map(|d| d.code).collect();
        let now: Vec<_> = renamed
            .analysis()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(before, now, "renaming changes no finding");
    }

    #[test]
    fn refuses_taken_and_invalid_names() {
        let (mut ws, cursor) =
            workspace(&[("roles.ccl", &ROLES.replace("role clerk", "role cl|erk"))]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        let taken = rename(&ws, &analysis, file, offset, "head").unwrap_err();
        assert!(
            taken.contains("`head` is already declared (a role in roles.ccl)"),
            "{taken}"
        );
        assert!(rename(&ws, &analysis, file, offset, "1st")
            .unwrap_err()
            .contains("not a valid name"));
        assert!(rename(&ws, &analysis, file, offset, "product")
            .unwrap_err()
            .contains("reserved word"));
        assert!(
            prepare(&ws, &analysis, file, 0).is_err(),
            "a keyword is not a name"
        );
    }
}

#[cfg(test)]
mod unicode_tests {
    use super::*;
    use crate::ide::test_support::workspace;

    /// Names follow Unicode's identifier rules: the grammar reads them whole, rename
    /// accepts them, completion offers them and the formatter keeps them.
    #[test]
    fn unicode_names_are_names_everywhere() {
        let text = "department ops\nrole gärtner_lead \"Gärtnermeister\" { department: ops }\nproduct 花 { produced_by: ops; owner: gärtner_lead; end_user: gärtn| }\n";
        let (mut ws, cursor) = workspace(&[("a.ccl", text)]);
        let (file, offset) = cursor.unwrap();
        let analysis = ws.analysis();
        let names: Vec<_> = analysis
            .model
            .roles
            .iter()
            .map(|r| r.declared.name.text.to_string())
            .collect();
        assert_eq!(names, ["gärtner_lead"]);
        let core: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code.is_core() && d.code != crate::catalog::Code::CC002)
            .map(|d| d.message.clone())
            .collect();
        assert!(core.is_empty(), "{core:?}");
        let (completions, _) = crate::ide::completion::complete(&ws, &analysis, file, offset);
        assert!(completions.iter().any(|c| c.label == "gärtner_lead"));
        let at = text.find("owner: gärtner_lead").unwrap() + "owner: gä".len();
        let edits = rename(&ws, &analysis, file, at, "jardinière_en_chef").unwrap();
        assert_eq!(edits.len(), 2, "the declaration and the owner");
        assert!(rename(&ws, &analysis, file, at, "-lead").is_err());
        let formatted = crate::format::format(&text.replace('|', "")).unwrap();
        assert!(
            formatted.contains("role gärtner_lead \"Gärtnermeister\""),
            "{formatted}"
        );
        assert!(formatted.contains("product 花 {"), "{formatted}");
    }
}
