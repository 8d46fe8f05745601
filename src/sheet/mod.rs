//! Spreadsheets: the inventory of products (and the list of roles) as a table, out of the
//! model (`cclint export`) and into CCL files (`cclint import`).
//!
//! A table's columns are the fields of the kind it lists, built-in and the organisation's
//! own (`custom_fields`), stated once in [`Column`]: the header a person reads, the
//! spellings a person's own spreadsheet may use for it, and how a cell becomes a value.

mod export;
mod import;
mod read;
mod write;

use crate::model::schema::{self, FieldSpec};
use crate::model::CustomFields;
use crate::syntax::Kind;

pub use export::{export, template};
pub use import::{import, Import, ImportError, ImportOptions, Planned, RowError};
pub use read::{read, ReadError, Sheet};
pub use write::{csv, xlsx, SheetFormat};

/// Which table: one row per product, or one per role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Products,
    Roles,
}

impl TableKind {
    /// The kind of declaration a row stands for.
    pub fn kind(self) -> Kind {
        match self {
            TableKind::Products => Kind::Product,
            TableKind::Roles => Kind::Role,
        }
    }

    /// The sheet's name in a workbook.
    pub fn sheet_name(self) -> &'static str {
        match self {
            TableKind::Products => "Products",
            TableKind::Roles => "Roles",
        }
    }
}

/// One column of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The declaration's identifier (`Product`, `Role`).
    Name,
    /// Its title.
    Title,
    /// A field, built-in or the organisation's.
    Field(&'static FieldSpec),
    /// The codes of the findings about it (written by export, not read by import).
    Findings,
}

/// A table: its headers and its rows of cells, all text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The columns of `table`, in order: identifier and title, the department for products,
/// the built-in fields, the organisation's fields, then the findings.
pub fn columns(table: TableKind, fields: &CustomFields) -> Vec<Column> {
    let kind = table.kind();
    let mut columns = vec![Column::Name, Column::Title];
    let builtin = schema::fields(kind);
    // A product's department first: the inventory is read department by department.
    let first = builtin.iter().filter(|f| f.key == "produced_by");
    columns.extend(first.map(Column::Field));
    columns.extend(
        builtin
            .iter()
            .filter(|f| f.key != "produced_by")
            .map(Column::Field),
    );
    columns.extend(fields.of(kind).iter().copied().map(Column::Field));
    columns.push(Column::Findings);
    columns
}

impl Column {
    /// The header a person reads.
    pub fn header(self, table: TableKind) -> String {
        match self {
            Column::Name => table.sheet_name().trim_end_matches('s').to_string(),
            Column::Title => "Title".to_string(),
            Column::Findings => "Findings".to_string(),
            Column::Field(spec) => match spec.key {
                "produced_by" => "Department".to_string(),
                "end_user" => "End users".to_string(),
                "broker" => "Brokers".to_string(),
                "fixer" => "Fixers".to_string(),
                key => humanise(key),
            },
        }
    }

    /// Other spellings of the header in people's spreadsheets, normalised (see
    /// [`normalise`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["name", "id", "identifier", "key", "code"],
            Column::Title => &["name", "productname", "rolename", "description", "label"],
            Column::Findings => &["finding", "codes", "issues"],
            Column::Field(spec) => match spec.key {
                "produced_by" => &["dept", "team", "producedby", "producingdepartment", "unit"],
                "end_user" => &["enduser", "users", "user"],
                "broker" => &["broker"],
                "fixer" => &["fixer", "support", "supportedby"],
                "owner" => &["productowner", "ownedby", "accountable"],
                "touchpoints" => &["touchpoint"],
                "priority" => &["prio", "rank"],
                "status" => &["state"],
                "external" => &["isexternal", "externalrole"],
                _ => &[],
            },
        }
    }

    /// Whether `header` (normalised) is this column's own header or its field's key.
    fn is_named(self, table: TableKind, header: &str) -> bool {
        !header.is_empty()
            && (header == normalise(&self.header(table))
                || matches!(self, Column::Field(s) if normalise(s.key) == header))
    }
}

/// `reviewed_on` as a header: `Reviewed on`.
pub fn humanise(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A header as compared: lower case, letters and digits only (`End users` and
/// `end_users` are both `endusers`).
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The header of a column as a spreadsheet names it: `A`, `B`, … `Z`, `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// What each header of a person's table is: the column it names, if any. The exact
/// header or the field's key wins over an alias (`Name` is the identifier when there is
/// also a `Title`, the title when there is a `Product` column).
pub fn recognise(
    table: TableKind,
    headers: &[String],
    fields: &CustomFields,
) -> Vec<Option<Column>> {
    let columns = columns(table, fields);
    let headers: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut found = vec![None; headers.len()];
    // Two passes: own headers and keys first, aliases second.
    for exact in [true, false] {
        for (i, header) in headers.iter().enumerate() {
            if found[i].is_some() {
                continue;
            }
            found[i] = columns.iter().copied().find(|c| {
                !found.contains(&Some(*c))
                    && if exact {
                        c.is_named(table, header)
                    } else {
                        c.aliases().contains(&header.as_str())
                    }
            });
        }
    }
    found
}

/// Which table a person's headers describe: products when one names a product, a
/// department or customers; roles when one is `Role` and none names a product.
pub fn detect(headers: &[String], fields: &CustomFields) -> Option<TableKind> {
    let has = |text: &str| headers.iter().any(|h| normalise(h) == text);
    let product_like = [
        "product", "endusers", "enduser", "brokers", "fixers", "owner", "priority",
    ];
    if product_like.iter().any(|t| has(t)) {
        return Some(TableKind::Products);
    }
    if has("role") || has("external") {
        return Some(TableKind::Roles);
    }
    let products = recognise(TableKind::Products, headers, fields);
    products
        .iter()
        .flatten()
        .any(|c| matches!(c, Column::Field(s) if s.key == "produced_by"))
        .then_some(TableKind::Products)
}

#[cfg(test)]
mod tests;
