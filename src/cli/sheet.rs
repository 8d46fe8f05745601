//! `cclint export` and `cclint import`: the inventory as a spreadsheet, and a spreadsheet
//! as CCL files.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use cclint::sheet::{self, ImportError, ImportOptions, TableKind};

use super::picture::analyse;
use super::report::plural;
use super::{boxed, load, usage, write, CommandResult, ConfigArgs, Exit, RepoArgs};

#[derive(Debug, Args, Clone)]
pub struct ExportArgs {
    /// Files and directories (default `.`), found as `check` finds them.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// `csv` writes one table; `xlsx` a workbook with a sheet for products and one for roles.
    #[arg(long, value_enum, default_value_t = SheetFormatArg::Csv)]
    pub format: SheetFormatArg,
    /// Which table CSV holds: one row per product, or one per role.
    #[arg(long, value_enum, default_value_t = TableArg::Products)]
    pub table: TableArg,
    /// Write an empty inventory to fill in: the headers and one example row.
    #[arg(long)]
    pub template: bool,
    /// Write to FILE instead of standard output (required for `xlsx`).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormatArg {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableArg {
    Products,
    Roles,
}

impl From<TableArg> for TableKind {
    fn from(table: TableArg) -> TableKind {
        match table {
            TableArg::Products => TableKind::Products,
            TableArg::Roles => TableKind::Roles,
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct ImportArgs {
    /// The inventory: CSV (UTF-8; comma, semicolon or tab separated), XLSX, XLS or ODS.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The directory to write the CCL files in (one per department, and roles.ccl).
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Print the files that would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace files that exist.
    #[arg(long)]
    pub force: bool,
    /// Import the rows that are right, and list the rows in error (left out).
    #[arg(long)]
    pub skip_bad_rows: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
}

pub(super) fn export(
    args: ExportArgs,
    cwd: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    if args.format == SheetFormatArg::Xlsx && args.output.is_none() {
        return Err(usage(
            "an XLSX workbook is not written to standard output".into(),
            Some("name the file: `cclint export --format xlsx -o inventory.xlsx`".into()),
        ));
    }
    let kinds = match args.format {
        SheetFormatArg::Xlsx => vec![TableKind::Products, TableKind::Roles],
        SheetFormatArg::Csv => vec![args.table.into()],
    };
    let tables: Vec<(TableKind, sheet::Table)> = if args.template {
        let config = load(&args.repo.sources(), &args.paths, cwd)?.config;
        let fields = config.map(|c| c.fields).unwrap_or_default();
        kinds
            .into_iter()
            .map(|k| (k, sheet::template(k, &fields)))
            .collect()
    } else {
        let analysis = analyse(&args.paths, &args.repo, Default::default(), cwd)?.analysis;
        let left_out = cclint::map::left_out(&analysis.diagnostics);
        if left_out > 0 {
            let note = format!(
                "note: {left_out} declaration{} did not parse or repeat a name, and {} not in the table (`cclint check` shows where)\n",
                plural(left_out),
                if left_out == 1 { "is" } else { "are" }
            );
            err.write_all(note.as_bytes())
                .map_err(super::output_error)?;
        }
        kinds
            .into_iter()
            .map(|k| (k, sheet::export(&analysis.model, &analysis.diagnostics, k)))
            .collect()
    };
    let bytes = match args.format {
        SheetFormatArg::Csv => sheet::csv(&tables[0].1),
        SheetFormatArg::Xlsx => sheet::xlsx(&tables, super::report::source_date_epoch())
            .map_err(|e| usage(format!("cannot write the workbook: {e}"), None))?,
    };
    match &args.output {
        Some(path) => write_file(&cwd.join(path), path, &bytes, args.force)?,
        None => out
            .write_all(&bytes)
            .and_then(|_| out.flush())
            .map_err(super::output_error)?,
    }
    Ok(Exit::Clean)
}

/// Write `bytes` to a new file at `path`, or over it with `force`; never over one without.
fn write_file(
    path: &Path,
    shown: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<(), Box<dyn miette::Diagnostic + Send + Sync>> {
    let result = if force {
        cclint::fsutil::write_atomically(path, bytes)
    } else {
        cclint::fsutil::write_new(path, bytes)
    };
    result.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => usage(
            format!("`{}` exists, and was left as it is", shown.display()),
            Some("pass --force to replace it, or -o another file".into()),
        ),
        _ => usage(format!("cannot write `{}`: {e}", shown.display()), None),
    })
}

pub(super) fn import(
    args: ImportArgs,
    cwd: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let source = args.file.display().to_string();
    let sheets = sheet::read(&cwd.join(&args.file), &source)
        .map_err(|e| usage(e.to_string(), e.help.clone()))?;
    let into = cwd.join(&args.into);
    let mut workspace = repository(&into, &args.config, cwd)?;
    let options = ImportOptions {
        source: args
            .file
            .file_name()
            .map_or(source.clone(), |n| n.to_string_lossy().into_owned()),
        into: into.clone(),
        skip_bad_rows: args.skip_bad_rows,
        force: args.force,
    };
    let import = match sheet::import(&sheets, &mut workspace, &options) {
        Ok(import) => import,
        Err(ImportError::NoTable { sheets }) => {
            return Err(usage(
                format!("`{source}` lists no products or roles (sheets: {})", sheets.join(", ")),
                Some("the header row needs a `Product` (or `Title`) and a `Department` column: `cclint export --template` writes one".into()),
            ))
        }
        Err(ImportError::Rows(errors)) => {
            let text = row_errors(&errors);
            err.write_all(text.as_bytes())
                .map_err(super::output_error)?;
            return Ok(Exit::Failure);
        }
    };
    let mut notes = String::new();
    for e in &import.skipped {
        notes.push_str(&format!("skipped: {e}\n"));
    }
    for note in &import.notes {
        notes.push_str(&format!("note: {note}\n"));
    }
    err.write_all(notes.as_bytes())
        .map_err(super::output_error)?;
    let existing: Vec<&str> = import
        .files
        .iter()
        .filter(|f| f.exists)
        .map(|f| f.display.as_str())
        .collect();
    if !args.force && !existing.is_empty() && !args.dry_run {
        return Err(usage(
            format!(
                "{} exist{}, and nothing was written",
                existing
                    .iter()
                    .map(|d| format!("`{d}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if existing.len() == 1 { "s" } else { "" }
            ),
            Some("pass --force to replace them, or --into another directory".into()),
        ));
    }
    let mut text = write_files(&args, &import, &into)?;
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    text.push_str(&format!(
        "{verb} {} product{} and {} role{} from {source}, with {} new department{} and {} new role{}\n",
        import.products, plural(import.products), import.roles, plural(import.roles),
        import.new_departments, plural(import.new_departments), import.new_roles, plural(import.new_roles),
    ));
    write(out, &text)?;
    Ok(Exit::Clean)
}

/// Write the files (or, with `--dry-run`, print them); what was done.
fn write_files(
    args: &ImportArgs,
    import: &sheet::Import,
    into: &Path,
) -> Result<String, Box<dyn miette::Diagnostic + Send + Sync>> {
    let mut text = String::new();
    if args.dry_run {
        for file in &import.files {
            let state = if file.exists {
                "replaces the file there"
            } else {
                "new"
            };
            text.push_str(&format!(
                "--- {} ({state}): {}\n{}\n",
                file.display, file.summary, file.text
            ));
        }
    } else {
        std::fs::create_dir_all(into).map_err(|e| {
            usage(
                format!("cannot create `{}`: {e}", args.into.display()),
                None,
            )
        })?;
        for file in &import.files {
            write_file(
                &file.path,
                Path::new(&file.display),
                file.text.as_bytes(),
                args.force,
            )?;
            text.push_str(&format!("wrote {}: {}\n", file.display, file.summary));
        }
    }
    Ok(text)
}

/// The rows in error, and that nothing was written.
fn row_errors(errors: &[sheet::RowError]) -> String {
    let mut text = String::new();
    for e in errors {
        text.push_str(&format!("error: {e}\n"));
        if let Some(help) = &e.help {
            text.push_str(&format!("  help: {help}\n"));
        }
    }
    let rows = errors
        .iter()
        .filter_map(|e| e.row)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    text.push_str(&format!(
        "nothing was written: {} error{} in {rows} row{} (--skip-bad-rows imports the others)\n",
        errors.len(),
        plural(errors.len()),
        plural(rows)
    ));
    text
}

/// The repository `into` belongs to, loaded: the folder of the nearest cclint.yaml (or
/// `into` itself when there is none), with its configuration.
fn repository(
    into: &Path,
    config: &ConfigArgs,
    cwd: &Path,
) -> Result<cclint::Workspace, Box<dyn miette::Diagnostic + Send + Sync>> {
    let existing = into.ancestors().find(|d| d.is_dir()).unwrap_or(cwd);
    let sources = cclint::load::Sources {
        config: config.config.clone(),
        no_config: config.no_config,
        ..Default::default()
    };
    let loaded = load(&sources, &[existing.to_path_buf()], cwd)?;
    let root = match (&config.config, cclint::config::discover(existing)) {
        (None, Some(found)) if !config.no_config => found.parent().map(Path::to_path_buf),
        _ => into.is_dir().then(|| into.to_path_buf()),
    };
    let mut workspace =
        cclint::Workspace::new(cwd.to_path_buf(), loaded.config, Default::default());
    if let Some(root) = root {
        workspace.add_paths(&[root], true).map_err(boxed)?;
    }
    Ok(workspace)
}
