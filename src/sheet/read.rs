//! A person's spreadsheet read as tables of text: CSV (comma, semicolon or tab separated,
//! UTF-8 with or without a byte-order mark) through the `csv` crate, XLSX, XLS and ODS
//! workbooks through `calamine`. Each cell keeps its place (row and column as the
//! spreadsheet numbers them), so that errors can name it.

use std::path::Path;

/// One sheet: its name in messages (the file's, and a workbook's tab), its header row and the
/// rows under it. `first_row` is the spreadsheet's number of the header row (1-based);
/// `first_column` the index of its first column (0 for `A`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub first_row: usize,
    pub first_column: usize,
}

impl Sheet {
    /// The spreadsheet's number of row `index` of `rows`.
    pub fn row_number(&self, index: usize) -> usize {
        self.first_row + 1 + index
    }

    /// The spreadsheet's letter of column `index` of `headers`.
    pub fn column_letter(&self, index: usize) -> String {
        super::column_letter(self.first_column + index)
    }
}

/// Why a spreadsheet could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read `{path}`: {reason}")]
pub struct ReadError {
    pub path: String,
    pub reason: String,
    pub help: Option<String>,
}

/// The sheets of the file at `path` (shown as `display` in errors), by its extension:
/// `.csv`, `.tsv` and `.txt` are text, `.xlsx`, `.xlsm`, `.xls` and `.ods` are workbooks.
pub fn read(path: &Path, display: &str) -> Result<Vec<Sheet>, ReadError> {
    let error = |reason: String, help: Option<&str>| ReadError {
        path: display.to_string(),
        reason,
        help: help.map(str::to_string),
    };
    if !path.is_file() {
        return Err(error(
            "there is no such file".to_string(),
            Some("check the spelling, or the directory cclint runs in"),
        ));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "tsv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| error(e.to_string(), None))?;
            text_sheet(&bytes, display)
                .map(|s| vec![s])
                .map_err(|(reason, help)| error(reason, help))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => workbook(path, display).map_err(|e| {
            let help = "open it in a spreadsheet and save it again as XLSX, ODS or CSV (UTF-8)";
            error(e, Some(help))
        }),
        _ => Err(error(
            format!("`.{extension}` is not a spreadsheet cclint reads"),
            Some("save it as CSV (UTF-8), XLSX or ODS"),
        )),
    }
}

/// A CSV text as one sheet. Its separator is the one of `,`, `;` and tab that the header
/// line uses most (spreadsheets in many languages save with `;`).
fn text_sheet(bytes: &[u8], name: &str) -> Result<Sheet, (String, Option<&'static str>)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        (
            format!("it is not UTF-8 text (byte {} is not)", e.valid_up_to() + 1),
            Some("save it as \"CSV UTF-8\" (Excel) or with the UTF-8 character set (LibreOffice)"),
        )
    })?;
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&s| (header_line.bytes().filter(|&b| b == s).count(), s == b','))
        .unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| (e.to_string(), None))?;
        records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
    }
    Ok(table(name, records, 0, 0))
}

/// Every sheet of a workbook, its cells as text.
fn workbook(path: &Path, display: &str) -> Result<Vec<Sheet>, String> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let records = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        let label = format!("{display} (sheet `{name}`)");
        sheets.push(table(&label, records, row0 as usize, col0 as usize));
    }
    Ok(sheets)
}

/// A workbook cell as the text a person sees in it (dates as `YYYY-MM-DD`).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Records as a sheet: blank leading rows skipped, the first non-blank row the headers,
/// cells trimmed (blank rows under it are kept, for the rows' numbers: import skips them).
fn table(name: &str, records: Vec<Vec<String>>, row0: usize, col0: usize) -> Sheet {
    let blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    let header_at = records
        .iter()
        .position(|r| !blank(r))
        .unwrap_or(records.len());
    let mut rows = records.into_iter().skip(header_at);
    let headers: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    let width = headers.len();
    let rows = rows
        .map(|mut r| {
            r.resize(width.max(r.len()), String::new());
            r.into_iter().map(|c| c.trim().to_string()).collect()
        })
        .collect();
    Sheet {
        name: name.to_string(),
        headers,
        rows,
        first_row: row0 + header_at + 1,
        first_column: col0,
    }
}
