//! Each row as a declaration: its name (an identifier, or one made from its title), its
//! cells as fields, its department's file; the departments and roles it names added.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::cells;
use super::emit::{Decl, Origin};
use super::names::Names;
use super::plan::{declared_at, locate, Located};
use super::TableIn;
use crate::model::Model;
use crate::sheet::{columns, Column, TableKind};
use crate::syntax::{is_identifier, Kind};
use crate::workspace::Workspace;

/// What [`plan`] builds as it reads the rows.
pub(super) struct Planner<'a> {
    pub(super) tables: &'a [TableIn<'a>],
    pub(super) model: &'a Model,
    pub(super) workspace: &'a Workspace,
    pub(super) names: Names,
    /// Names the rows declare, and the row of each.
    pub(super) rows: FxHashMap<String, Origin>,
    /// Declarations by file: a department's name, or `roles`.
    pub(super) by_file: BTreeMap<String, Vec<Decl>>,
    pub(super) errors: Vec<Located>,
    /// Products and roles of rows, departments and roles added.
    pub(super) counts: [usize; 4],
    /// The file of every row, in error or not: a department's name, or `roles`.
    pub(super) targets: BTreeSet<String>,
}

/// A declaration's fields: key, tokens, and the column they came from.
type Fields = Vec<(&'static str, Vec<String>, Option<usize>)>;

/// A row of a table: where it is, and its cells.
struct Row<'a> {
    table: &'a TableIn<'a>,
    origin: Origin,
    cells: &'a [String],
}

impl Row<'_> {
    /// The column of `column` in the sheet.
    fn at(&self, column: Column) -> Option<usize> {
        self.table.columns.iter().position(|x| *x == Some(column))
    }

    fn cell(&self, column: Option<usize>) -> &str {
        column
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }

    /// `Product` or `Role`.
    fn what(&self) -> &'static str {
        self.table.kind.sheet_name().trim_end_matches('s')
    }
}

impl Planner<'_> {
    fn error(
        &mut self,
        origin: Option<Origin>,
        column: Option<usize>,
        sheet: usize,
        message: String,
        help: String,
    ) {
        let mut e = locate(self.tables, origin, column, sheet);
        e.message = message;
        e.help = Some(help);
        self.errors.push(Located {
            origin: origin.map(|o| (o.sheet, o.row)),
            error: e,
        });
    }

    /// Every row of `table` not in `skip`, once the table has the columns it needs.
    pub(super) fn table(&mut self, table: &TableIn, skip: &BTreeSet<(usize, usize)>) {
        let has = |key: &str| {
            table
                .columns
                .iter()
                .flatten()
                .any(|c| matches!(c, Column::Field(s) if s.key == key))
        };
        if table.kind == TableKind::Products && !has("produced_by") {
            let message =
                "there is no Department column: every product is produced by a department";
            self.error(
                None,
                None,
                table.index,
                message.into(),
                "add a column `Department` with the department of each product".into(),
            );
            return;
        }
        let named = table
            .columns
            .iter()
            .flatten()
            .any(|c| matches!(c, Column::Name | Column::Title));
        if !named {
            let what = table.kind.sheet_name().trim_end_matches('s');
            let message = format!("there is no `{what}` or `Title` column: rows need a name");
            self.error(
                None,
                None,
                table.index,
                message,
                format!("add a column `{what}` (an identifier) or `Title`"),
            );
            return;
        }
        for (r, cells) in table.sheet.rows.iter().enumerate() {
            if skip.contains(&(table.index, r)) || cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let origin = Origin {
                sheet: table.index,
                row: r,
            };
            let row = Row {
                table,
                origin,
                cells,
            };
            let target = self.target(&row);
            self.targets.extend(target);
            self.row(&row);
        }
    }

    /// The file `row` goes in, found without declaring anything: `roles`, or the
    /// department its cell names (by identifier or title).
    fn target(&self, row: &Row) -> Option<String> {
        if row.table.kind == TableKind::Roles {
            return Some("roles".to_string());
        }
        let column = row
            .table
            .columns
            .iter()
            .position(|c| matches!(c, Some(Column::Field(s)) if s.key == "produced_by"))?;
        let cell = row.cell(Some(column));
        match self.names.titled(Kind::Department, cell) {
            Some(name) => Some(name.to_string()),
            None if cell.is_empty() => None,
            None => Some(super::names::slug(cell)),
        }
    }

    /// The name, title and column of the name of `row`: an identifier in its name column,
    /// else one made from the title it has.
    fn name(&mut self, row: &Row) -> Option<(String, Option<String>, Option<usize>)> {
        let (name_at, title_at) = (row.at(Column::Name), row.at(Column::Title));
        let (name, title) = (row.cell(name_at), row.cell(title_at));
        let kind = row.table.kind.kind();
        let given = |t: &str| (!t.is_empty()).then(|| t.to_string());
        if is_identifier(name) && !name.chars().any(char::is_uppercase) {
            return Some((name.to_string(), given(title), name_at));
        }
        // A name made from a title: the declaration titled so if there is one (the row is
        // then declared already), else a new name.
        let from_title = |names: &Names, text: &str| match names.titled(kind, text) {
            Some(declared) => declared.to_string(),
            None => names.fresh(text),
        };
        if !name.is_empty() {
            let title = given(title).or(given(name));
            return Some((from_title(&self.names, name), title, name_at));
        }
        if !title.is_empty() {
            return Some((from_title(&self.names, title), given(title), title_at));
        }
        let what = row.what();
        self.error(
            Some(row.origin),
            name_at.or(title_at),
            row.table.index,
            format!("the row names no {}", what.to_lowercase()),
            format!("fill in `{what}` or `Title`"),
        );
        None
    }

    /// One row's declaration, or the errors in it.
    fn row(&mut self, row: &Row) {
        let Some((name, title, name_column)) = self.name(row) else {
            return;
        };
        let (origin, index) = (Some(row.origin), row.table.index);
        if let Some(first) = self.rows.get(&name).copied() {
            let at = locate(self.tables, Some(first), None, first.sheet);
            let first = match at.sheet == row.table.sheet.name {
                true => format!("row {}", at.row.unwrap_or(0)),
                false => format!("{}, row {}", at.sheet, at.row.unwrap_or(0)),
            };
            let message = format!("`{name}` is declared again (first at {first})");
            self.error(
                origin,
                name_column,
                index,
                message,
                "give each row a name of its own".into(),
            );
            return;
        }
        if self.names.kind_of(&name).is_some() {
            let place = declared_at(self.model, self.workspace, &name);
            let message = format!("`{name}` is already declared{place}");
            self.error(
                origin,
                name_column,
                index,
                message,
                "give the row another name, or remove it from the sheet".into(),
            );
            return;
        }
        let Some(fields) = self.fields(row) else {
            return;
        };
        let Some(file) = self.file(row, &fields) else {
            return;
        };
        self.rows.insert(name.clone(), row.origin);
        self.names.add(&name, row.table.kind.kind(), title.clone());
        self.counts[usize::from(row.table.kind == TableKind::Roles)] += 1;
        let kind = row.table.kind.kind();
        let decl = Decl {
            kind,
            name,
            title,
            fields,
            origin,
            name_column,
            comment: None,
        };
        self.by_file.entry(file).or_default().push(decl);
    }

    /// The row's cells as fields, in the schema's order; `None` (with the errors) when a
    /// cell cannot be written as its field's values.
    fn fields(&mut self, row: &Row) -> Option<Fields> {
        let (origin, index) = (Some(row.origin), row.table.index);
        let mut fields = Vec::new();
        let mut bad = false;
        for column in columns(row.table.kind, &self.model.fields) {
            let (Column::Field(spec), Some(i)) = (column, row.at(column)) else {
                continue;
            };
            match cells::tokens(spec, row.cell(Some(i)), &mut self.names) {
                Ok(tokens) => fields.push((spec.key, tokens, Some(i))),
                Err(message) => {
                    bad = true;
                    let help = format!("write {}", spec.expects());
                    self.error(origin, Some(i), index, message, help);
                }
            }
        }
        (!bad).then_some(fields)
    }

    /// The file a row's declaration goes in: its department's, or the roles'.
    fn file(&mut self, row: &Row, fields: &Fields) -> Option<String> {
        if row.table.kind == TableKind::Roles {
            return Some("roles".to_string());
        }
        let (_, department, column) = fields.iter().find(|f| f.0 == "produced_by")?;
        if let [one] = department.as_slice() {
            return Some(one.clone());
        }
        let message = match department.is_empty() {
            true => "the department is empty",
            false => "a product is produced by one department",
        };
        let help = "name the department that produces it".to_string();
        self.error(
            Some(row.origin),
            *column,
            row.table.index,
            message.into(),
            help,
        );
        None
    }

    /// The departments and roles the rows name that nothing declares: each department
    /// at the top of its file, the roles in the roles' file.
    pub(super) fn added(&mut self) {
        for (name, new) in &self.names.added {
            if self.rows.contains_key(name) {
                continue;
            }
            let decl = Decl {
                kind: new.kind,
                name: name.clone(),
                title: new.title.clone(),
                fields: Vec::new(),
                origin: None,
                name_column: None,
                comment: None,
            };
            match new.kind {
                Kind::Department => {
                    self.counts[2] += 1;
                    self.by_file
                        .entry(name.clone())
                        .or_default()
                        .insert(0, decl);
                }
                Kind::Role => {
                    let comment = (self.counts[3] == 0).then(|| {
                        "Named in the inventory, not yet described: give each role `department: …` (an employee)\nor `external: true`.".to_string()
                    });
                    self.counts[3] += 1;
                    self.by_file
                        .entry("roles".to_string())
                        .or_default()
                        .push(Decl { comment, ..decl });
                }
                _ => {}
            }
        }
    }
}
