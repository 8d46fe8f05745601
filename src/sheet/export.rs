//! The model as a table: one row per product (or role), its fields as written, and the
//! codes of the findings about it.

use std::collections::{BTreeMap, BTreeSet};

use super::{columns, Column, Table, TableKind};
use crate::diagnostic::Diagnostic;
use crate::model::{CustomFields, Entity, FieldValue, Model, Slot, SlotVisitor};

/// The table of `table` for `model`: rows sorted by department (products) and name, the
/// findings column from `diagnostics` (suppressed ones left out; a baseline's known
/// findings counted, as they are findings all the same).
pub fn export(model: &Model, diagnostics: &[Diagnostic], table: TableKind) -> Table {
    let columns = columns(table, &model.fields);
    let findings = findings_by_entity(diagnostics);
    let mut rows: Vec<Vec<String>> = match table {
        TableKind::Products => model
            .products
            .iter()
            .map(|p| row(p, &columns, &findings))
            .collect(),
        TableKind::Roles => model
            .roles
            .iter()
            .map(|r| row(r, &columns, &findings))
            .collect(),
    };
    // Department (the third column of products), then the identifier.
    let department = columns
        .iter()
        .position(|c| matches!(c, Column::Field(s) if s.key == "produced_by"));
    rows.sort_by(|a, b| {
        let key = |row: &Vec<String>| (department.map(|d| row[d].clone()), row[0].clone());
        key(a).cmp(&key(b))
    });
    Table {
        headers: columns.iter().map(|c| c.header(table)).collect(),
        rows,
    }
}

/// An empty inventory: the headers, and one example row that says what each column takes.
pub fn template(table: TableKind, fields: &CustomFields) -> Table {
    let columns = columns(table, fields);
    let example = columns.iter().map(|c| example(table, *c)).collect();
    Table {
        headers: columns.iter().map(|c| c.header(table)).collect(),
        rows: vec![example],
    }
}

/// What the example row of the template says in `column`.
fn example(table: TableKind, column: Column) -> String {
    use crate::model::schema::ValueType;
    let text = match (table, column) {
        (TableKind::Products, Column::Name) => "washroom_paper",
        (TableKind::Roles, Column::Name) => "office_worker",
        (TableKind::Products, Column::Title) => "Washroom paper",
        (TableKind::Roles, Column::Title) => "Office worker",
        (_, Column::Findings) => "",
        (_, Column::Field(spec)) => match (spec.key, spec.ty) {
            ("produced_by" | "department", _) => "facilities",
            ("owner", _) => "facilities_manager",
            ("end_user", _) => "office_worker",
            ("broker", _) => "buyer",
            ("fixer", _) => "cleaner",
            ("external", _) => "",
            ("priority", _) => "2",
            (_, ValueType::Words(vocabulary)) => vocabulary.words.first().copied().unwrap_or(""),
            (_, ValueType::Integer { min, .. }) => return min.unwrap_or(0).to_string(),
            (_, ValueType::Date) => "2026-01-31",
            (_, ValueType::Boolean) => "false",
            _ => "",
        },
    };
    text.to_string()
}

/// The sorted, distinct codes of the findings about each entity (`KIND:NAME`).
fn findings_by_entity(diagnostics: &[Diagnostic]) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut by_entity: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        if let Some(entity) = &d.entity {
            by_entity
                .entry(&**entity)
                .or_default()
                .insert(d.code.as_str());
        }
    }
    by_entity
}

/// One entity's row: each column's values as written, joined by `, `.
fn row<E: Entity>(
    entity: &E,
    columns: &[Column],
    findings: &BTreeMap<&str, BTreeSet<&str>>,
) -> Vec<String> {
    let declared = entity.declared();
    let mut written = Written::default();
    entity.visit(&mut written);
    columns
        .iter()
        .map(|column| match column {
            Column::Name => declared.name.text.to_string(),
            Column::Title => declared.title.as_deref().unwrap_or("").to_string(),
            Column::Findings => findings
                .get(declared.entity().as_str())
                .map(|codes| codes.iter().copied().collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            Column::Field(spec) => written.values.remove(spec.key).unwrap_or_default(),
        })
        .collect()
}

/// Each written field's values, as text.
#[derive(Default)]
struct Written {
    values: BTreeMap<&'static str, String>,
}

impl SlotVisitor for Written {
    fn visit<T: FieldValue>(&mut self, key: &'static str, slot: Option<&Slot<T>>) {
        if let Some(slot) = slot {
            let texts: Vec<&str> = slot.items.iter().map(|i| &*i.text).collect();
            self.values.insert(key, texts.join(", "));
        }
    }
}
