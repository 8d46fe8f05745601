//! A table written as CSV (RFC 4180, UTF-8, through the `csv` crate) or as an XLSX
//! workbook (through `rust_xlsxwriter`), one sheet per table.

use super::{Table, TableKind};

/// The formats a table is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

/// `table` as CSV: a header row, then one record per row, CRLF line ends (RFC 4180).
pub fn csv(table: &Table) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail but for a row of the wrong length, which `Table`
    // never holds.
    let _ = writer.write_record(&table.headers);
    for row in &table.rows {
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}

/// `tables` as one XLSX workbook, a sheet for each: bold headers, frozen, filterable, with
/// numbers stored as numbers (priorities, organisation integers). `created` (seconds since
/// 1970) is the workbook's creation time, for the same bytes from the same input
/// (`SOURCE_DATE_EPOCH`); `None` is now.
pub fn xlsx(tables: &[(TableKind, Table)], created: Option<i64>) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    if let Some(seconds) = created {
        let time = ExcelDateTime::from_timestamp(seconds).map_err(|e| e.to_string())?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&time));
    }
    let bold = Format::new().set_bold();
    for (kind, table) in tables {
        let sheet = workbook.add_worksheet();
        let error = |e: rust_xlsxwriter::XlsxError| e.to_string();
        sheet.set_name(kind.sheet_name()).map_err(error)?;
        for (c, header) in table.headers.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
            sheet
                .write_string_with_format(0, c, header, &bold)
                .map_err(error)?;
            sheet
                .set_column_width(c, column_width(table, usize::from(c)))
                .map_err(error)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell.parse::<i64>() {
                    // Only plain integers: `007` stays text, as it was written.
                    Ok(n) if n.to_string() == *cell && n.unsigned_abs() < (1 << 53) => {
                        sheet.write_number(r, c, n as f64).map_err(error)?
                    }
                    _ => sheet.write_string(r, c, cell).map_err(error)?,
                };
            }
        }
        if !table.headers.is_empty() {
            let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
            let last_col = (table.headers.len() - 1) as u16;
            sheet.autofilter(0, 0, last_row, last_col).map_err(error)?;
            sheet.set_freeze_panes(1, 0).map_err(error)?;
        }
    }
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

/// A width that shows a column's longest value (within reason), in characters.
fn column_width(table: &Table, c: usize) -> f64 {
    let longest = std::iter::once(&table.headers[c])
        .chain(table.rows.iter().map(|row| &row[c]))
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(8);
    (longest.clamp(8, 60) + 2) as f64
}
