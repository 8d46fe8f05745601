//! From rows to files: each row a declaration in its department's file, the departments
//! and roles the rows name added, and the result checked as the repository would be.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::emit::{Decl, FileText, Origin};
use super::names::Names;
use super::planner::Planner;
use super::{Import, ImportOptions, RowError, TableIn};
use crate::diagnostic::Level;
use crate::model::Model;
use crate::syntax::Kind;
use crate::workspace::Workspace;

/// A file an import writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// Where it goes (resolved against the workspace's root).
    pub path: PathBuf,
    /// Its path as people see it.
    pub display: String,
    /// Its text, in `cclint fmt` layout.
    pub text: String,
    /// Whether a file is there already (it is replaced only with `force`).
    pub exists: bool,
    /// What it declares: `department hr, 12 products`.
    pub summary: String,
}

/// An error, and the row it is about (`None` for a whole sheet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Located {
    pub origin: Option<(usize, usize)>,
    pub error: RowError,
}

/// The files of an import before they are checked.
pub(super) struct Draft {
    pub files: Vec<DraftFile>,
    pub errors: Vec<Located>,
    /// Every file a row of the sheets would go in, rows in error included (what `force`
    /// replaces).
    pub targets: BTreeSet<PathBuf>,
    counts: [usize; 4],
}

pub(super) struct DraftFile {
    pub path: PathBuf,
    pub text: FileText,
    summary: String,
}

/// Where an error is: sheet, row and column.
pub(super) fn locate(
    tables: &[TableIn],
    origin: Option<Origin>,
    column: Option<usize>,
    sheet: usize,
) -> RowError {
    let table = tables
        .iter()
        .find(|t| t.index == origin.map_or(sheet, |o| o.sheet));
    let (name, row, column) = match table {
        Some(t) => (
            t.sheet.name.clone(),
            origin.map(|o| t.sheet.row_number(o.row)),
            column.map(|c| {
                (
                    t.sheet.column_letter(c),
                    t.sheet.headers.get(c).cloned().unwrap_or_default(),
                )
            }),
        ),
        None => (String::new(), None, None),
    };
    RowError {
        sheet: name,
        row,
        column,
        message: String::new(),
        help: None,
    }
}

/// The declarations of every row not in `skip`, in files by department.
pub(super) fn plan(
    tables: &[TableIn],
    model: &Model,
    workspace: &Workspace,
    skip: &BTreeSet<(usize, usize)>,
    options: &ImportOptions,
) -> Draft {
    let mut planner = Planner {
        tables,
        model,
        workspace,
        names: Names::of(model),
        rows: FxHashMap::default(),
        by_file: BTreeMap::new(),
        errors: Vec::new(),
        counts: [0; 4],
        targets: BTreeSet::new(),
    };
    for table in tables {
        planner.table(table, skip);
    }
    planner.added();
    let targets = planner
        .targets
        .iter()
        .chain(planner.by_file.keys())
        .map(|key| options.into.join(format!("{key}.ccl")))
        .collect();
    let files = planner
        .by_file
        .into_iter()
        .map(|(key, decls)| {
            let mut text = FileText::default();
            text.comment(&format!(
                "Imported from {} by `cclint import`.",
                options.source
            ));
            for decl in &decls {
                text.declaration(decl);
            }
            // A department called `roles` keeps clear of the roles' file.
            let stem = match key.as_str() {
                "roles" if decls.iter().any(|d| d.kind == Kind::Department) => {
                    "roles_department".to_string()
                }
                _ => key,
            };
            DraftFile {
                path: options.into.join(format!("{stem}.ccl")),
                text,
                summary: summary(&decls),
            }
        })
        .collect();
    Draft {
        files,
        targets,
        errors: planner.errors,
        counts: planner.counts,
    }
}

/// `department hr, 12 products`: what a file declares.
fn summary(decls: &[Decl]) -> String {
    let mut parts = Vec::new();
    for decl in decls.iter().filter(|d| d.kind == Kind::Department) {
        parts.push(format!("department {}", decl.name));
    }
    for (kind, one, many) in [
        (Kind::Product, "product", "products"),
        (Kind::Role, "role", "roles"),
    ] {
        match decls.iter().filter(|d| d.kind == kind).count() {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    parts.join(", ")
}

/// ` in hr.ccl, line 4`: where the repository declares `name`.
pub(super) fn declared_at(model: &Model, workspace: &Workspace, name: &str) -> String {
    let Some(symbol) = model.symbols.get(name) else {
        return String::new();
    };
    match workspace.file(symbol.file) {
        Some(file) => format!(
            " as a {} in {}, line {}",
            symbol.kind.keyword(),
            file.display,
            file.line_index(symbol.span.start()) + 1
        ),
        None => String::new(),
    }
}

/// The schema's errors in the drafted files, as errors of the rows and cells they come
/// from. The workspace is given back as it was.
pub(super) fn check(draft: &Draft, tables: &[TableIn], workspace: &mut Workspace) -> Vec<Located> {
    let mut placed = Vec::new();
    let mut restore = Vec::new();
    for file in &draft.files {
        // A file that is there (and not replaced) is checked beside it, under another name.
        let path = match workspace.file_id(&file.path) {
            Some(_) => file.path.with_extension("import.ccl"),
            None => file.path.clone(),
        };
        restore.push(path.clone());
        placed.push((workspace.set_text(&path, file.text.text.clone()), file));
    }
    let analysis = workspace.analysis();
    let mut errors = Vec::new();
    for d in &analysis.diagnostics {
        if !d.code.is_core() || d.level != Level::Error || d.suppressed.is_some() {
            continue;
        }
        let (Some(id), Some(span)) = (d.file, d.span) else {
            continue;
        };
        let Some((_, file)) = placed.iter().find(|(f, _)| *f == id) else {
            continue;
        };
        let Some((at, column)) = file.text.locate(span.start()) else {
            continue;
        };
        // The roles the import adds say neither department nor `external`: the person
        // completes them (and `cclint check` keeps saying so until then).
        let Some(origin) = at.origin else { continue };
        let mut e = locate(tables, Some(origin), column, origin.sheet);
        e.message = d.message.to_string();
        e.help = d.help.as_deref().map(str::to_string);
        errors.push(Located {
            origin: Some((origin.sheet, origin.row)),
            error: e,
        });
    }
    for path in restore {
        workspace.remove(&path);
    }
    errors
}

impl Draft {
    /// The files in `cclint fmt` layout, and what they declare.
    pub(super) fn finish(self, workspace: &Workspace) -> Import {
        let [products, roles, new_departments, new_roles] = self.counts;
        let mut notes = Vec::new();
        if new_roles > 0 {
            let roles_file = self
                .files
                .iter()
                .find(|f| f.path.file_name().is_some_and(|n| n == "roles.ccl"));
            let display = roles_file
                .map(|f| workspace.display_path(&f.path))
                .unwrap_or_default();
            notes.push(format!("{new_roles} new role{} in {display}: give each `department: …` or `external: true`", if new_roles == 1 { "" } else { "s" }));
        }
        let files = self
            .files
            .into_iter()
            .map(|f| Planned {
                exists: workspace.resolve(&f.path).exists(),
                display: workspace.display_path(&f.path),
                text: crate::format::format(&f.text.text).unwrap_or(f.text.text),
                path: workspace.resolve(&f.path),
                summary: f.summary,
            })
            .collect();
        Import {
            files,
            skipped: Vec::new(),
            notes,
            products,
            roles,
            new_departments,
            new_roles,
        }
    }
}
