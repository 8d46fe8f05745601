//! The CCL text of the files an import writes, with where each row's declaration and
//! each cell's field landed in it, so that a check's findings there name the cell.

use std::ops::Range;

use super::cells::quote;
use crate::syntax::Kind;

/// Where a declaration came from: sheet `sheet`, row `row` of its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub sheet: usize,
    pub row: usize,
}

/// A declaration to write: kind, name and title, its fields (key, tokens, the column
/// they came from), and the row it came from (none for one the import adds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decl {
    pub kind: Kind,
    pub name: String,
    pub title: Option<String>,
    pub fields: Vec<(&'static str, Vec<String>, Option<usize>)>,
    pub origin: Option<Origin>,
    /// The column of the name (or of the title it was made from).
    pub name_column: Option<usize>,
    /// A comment line before it.
    pub comment: Option<String>,
}

/// A declaration placed in a file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub span: Range<usize>,
    pub origin: Option<Origin>,
    pub name_column: Option<usize>,
    /// Each field's text (key to last value) and the column it came from.
    pub fields: Vec<(Range<usize>, Option<usize>)>,
}

/// A file's text as it is built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileText {
    pub text: String,
    pub placed: Vec<Placed>,
}

impl FileText {
    /// A `#` comment, one line per line of `text`.
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.text.push_str("# ");
            self.text.push_str(line);
            self.text.push('\n');
        }
    }

    pub fn blank(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// Append `decl`, recording where it and its fields are.
    pub fn declaration(&mut self, decl: &Decl) {
        self.blank();
        if let Some(comment) = &decl.comment {
            self.comment(comment);
        }
        let start = self.text.len();
        self.text.push_str(decl.kind.keyword());
        self.text.push(' ');
        self.text.push_str(&decl.name);
        if let Some(title) = &decl.title {
            self.text.push(' ');
            self.text.push_str(&quote(title));
        }
        let mut fields = Vec::new();
        let written: Vec<_> = decl.fields.iter().filter(|f| !f.1.is_empty()).collect();
        if !written.is_empty() {
            self.text.push_str(" {\n");
            for (key, tokens, column) in written {
                self.text.push_str("  ");
                let field_start = self.text.len();
                self.text.push_str(key);
                self.text.push_str(": ");
                self.text.push_str(&tokens.join(", "));
                fields.push((field_start..self.text.len(), *column));
                self.text.push('\n');
            }
            self.text.push('}');
        }
        self.placed.push(Placed {
            span: start..self.text.len(),
            origin: decl.origin,
            name_column: decl.name_column,
            fields,
        });
        self.text.push('\n');
    }

    /// The declaration and column at byte `offset`: the field's column, else the name's.
    pub fn locate(&self, offset: usize) -> Option<(&Placed, Option<usize>)> {
        let placed = self
            .placed
            .iter()
            .find(|p| p.span.start <= offset && offset <= p.span.end)?;
        let column = placed
            .fields
            .iter()
            .find(|(range, _)| range.start <= offset && offset <= range.end)
            .map_or(placed.name_column, |(_, column)| *column);
        Some((placed, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_placed() {
        let mut file = FileText::default();
        file.comment("Products of HR.");
        let decl = Decl {
            kind: Kind::Product,
            name: "payroll".into(),
            title: Some("Monthly \"payroll\"".into()),
            fields: vec![
                ("produced_by", vec!["hr".into()], Some(2)),
                ("broker", vec![], Some(5)),
                (
                    "end_user",
                    vec!["employee".into(), "manager".into()],
                    Some(3),
                ),
            ],
            origin: Some(Origin { sheet: 0, row: 4 }),
            name_column: Some(0),
            comment: None,
        };
        file.declaration(&decl);
        assert_eq!(
            file.text,
            "# Products of HR.\n\nproduct payroll \"Monthly \\\"payroll\\\"\" {\n  produced_by: hr\n  end_user: employee, manager\n}\n"
        );
        let at = file.text.find("manager").unwrap();
        let (placed, column) = file.locate(at).unwrap();
        assert_eq!((placed.origin.unwrap().row, column), (4, Some(3)));
        let at = file.text.find("payroll").unwrap();
        assert_eq!(file.locate(at).unwrap().1, Some(0));
        assert!(crate::syntax::parse(&file.text).errors.is_empty());
    }
}
