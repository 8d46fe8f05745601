//! `cclint import`: an inventory spreadsheet becomes CCL files, one per department (and
//! one for the roles), declaring the departments and roles it names that the repository
//! does not declare yet.
//!
//! The rows are written as declarations, then checked as the repository would be (the
//! schema's checks: vocabularies, ranges, dates, kinds of reference, names declared
//! twice); a finding in a row's declaration becomes an error naming the row and the
//! column. Nothing is written while any row is in error, unless the caller skips them.

mod cells;
mod emit;
mod names;
mod plan;
mod planner;

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{column_letter, detect, normalise, recognise, Column, Sheet, TableKind};
use crate::workspace::Workspace;

pub use plan::Planned;

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The spreadsheet as people know it (its path), for comments and messages.
    pub source: String,
    /// The directory the files go in (relative to the workspace's root, or absolute).
    pub into: PathBuf,
    /// Leave out the rows in error (they are listed) instead of writing nothing.
    pub skip_bad_rows: bool,
    /// Replace files that exist (their declarations are not counted as declared).
    pub force: bool,
}

/// What an import would write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Import {
    pub files: Vec<Planned>,
    /// Rows left out with `skip_bad_rows`, and why.
    pub skipped: Vec<RowError>,
    /// What the person should know: columns not read, sheets not read, roles to complete.
    pub notes: Vec<String>,
    pub products: usize,
    pub roles: usize,
    pub new_departments: usize,
    pub new_roles: usize,
}

/// A problem with one row (or, with no row, with a sheet): where, what, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowError {
    pub sheet: String,
    pub row: Option<usize>,
    /// The column's letter and header.
    pub column: Option<(String, String)>,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.sheet)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some((letter, header)) = &self.column {
            write!(f, ", column {letter} ({header})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why nothing was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// No sheet lists products or roles.
    NoTable { sheets: Vec<String> },
    /// Rows in error (nothing is written).
    Rows(Vec<RowError>),
}

/// A sheet read as a table of `kind`: each of its columns' meaning.
struct TableIn<'a> {
    index: usize,
    sheet: &'a Sheet,
    kind: TableKind,
    columns: Vec<Option<Column>>,
}

/// Plan the import of `sheets` into `options.into`, in the repository of `workspace`
/// (its files, config and organisation fields). The workspace is left as it was, but for
/// files `force` replaces, which it no longer holds.
pub fn import(
    sheets: &[Sheet],
    workspace: &mut Workspace,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    let fields = workspace.settings().fields.clone();
    let (mut tables, notes) = read_tables(sheets, &fields);
    if tables.is_empty() {
        return Err(ImportError::NoTable {
            sheets: sheets.iter().map(|s| s.name.clone()).collect(),
        });
    }
    // Roles first: the products' customers are then found among them.
    tables.sort_by_key(|t| t.kind == TableKind::Products);
    let mut skip: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut skipped = Vec::new();
    let mut replaced = false;
    loop {
        let analysis = workspace.analysis();
        let draft = plan::plan(&tables, &analysis.model, workspace, &skip, options);
        // Files to replace: their old declarations do not count, so plan again without.
        if options.force && !replaced {
            replaced = true;
            let mut removed = false;
            for path in &draft.targets {
                removed |= workspace.remove(path).is_some();
            }
            if removed {
                continue;
            }
        }
        // The rows in error are not in the draft; the others are checked all the same, so
        // that every error is told at once.
        let mut errors = draft.errors.clone();
        errors.extend(plan::check(&draft, &tables, workspace));
        if errors.is_empty() {
            let mut import = draft.finish(workspace);
            import.skipped = skipped;
            import.notes.splice(0..0, notes);
            return Ok(import);
        }
        let new: Vec<_> = errors
            .iter()
            .filter_map(|e| e.origin)
            .filter(|o| !skip.contains(o))
            .collect();
        if !options.skip_bad_rows || new.is_empty() {
            let mut errors: Vec<RowError> = errors.into_iter().map(|e| e.error).collect();
            errors.sort();
            errors.dedup();
            return Err(ImportError::Rows(errors));
        }
        skip.extend(new);
        skipped.extend(
            errors
                .into_iter()
                .filter(|e| e.origin.is_some())
                .map(|e| e.error),
        );
        skipped.sort();
        skipped.dedup();
    }
}

/// The sheets that list products or roles (the first of each), with what each column
/// is, and notes on the sheets and columns not read.
fn read_tables<'a>(
    sheets: &'a [Sheet],
    fields: &crate::model::CustomFields,
) -> (Vec<TableIn<'a>>, Vec<String>) {
    let mut notes = Vec::new();
    let mut tables: Vec<TableIn> = Vec::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let Some(kind) = detect(&sheet.headers, fields) else {
            if sheets.len() > 1 && !sheet.headers.is_empty() {
                notes.push(format!(
                    "{} is not read: it lists neither products nor roles",
                    sheet.name
                ));
            }
            continue;
        };
        if tables.iter().any(|t| t.kind == kind) {
            notes.push(format!(
                "{} is not read: an earlier sheet lists the {}",
                sheet.name,
                kind.sheet_name().to_lowercase()
            ));
            continue;
        }
        let columns = recognise(kind, &sheet.headers, fields);
        notes.extend(unread_columns(sheet, kind, &columns, fields));
        tables.push(TableIn {
            index,
            sheet,
            kind,
            columns,
        });
    }
    (tables, notes)
}

/// Notes on the headers that name no column (with the nearest one, when close).
fn unread_columns(
    sheet: &Sheet,
    kind: TableKind,
    columns: &[Option<Column>],
    fields: &crate::model::CustomFields,
) -> Vec<String> {
    let known: Vec<String> = super::columns(kind, fields)
        .iter()
        .map(|c| c.header(kind))
        .collect();
    sheet
        .headers
        .iter()
        .zip(columns)
        .enumerate()
        .filter(|(_, (header, column))| column.is_none() && !header.is_empty())
        .map(|(i, (header, _))| {
            let near = known
                .iter()
                .filter(|k| strsim::jaro_winkler(&normalise(k), &normalise(header)) > 0.85)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .next()
                .unwrap_or_else(|| {
                    format!(": it is no field of {} (declare it under `custom_fields:` in cclint.yaml to keep it)", kind.sheet_name().to_lowercase())
                });
            format!(
                "{}: column {} (`{header}`) is not read{near}",
                sheet.name,
                column_letter(sheet.first_column + i)
            )
        })
        .collect()
}
