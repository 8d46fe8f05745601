//! `cclint report`: the HTML report for the people who own customer centricity.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use cclint::map::report::{self, ReportInput, ReportOptions};
use cclint::map::{scorecard, MapOptions};

use super::picture::{analyse, scorecard_settings};
use super::{boxed, usage, write, CommandResult, Exit, RepoArgs};

#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Files and directories (default `.`), found as `check` finds them.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where to write the report.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        default_value = "cclint-report.html"
    )]
    pub output: PathBuf,
    /// The report's heading (default: the organisation's title).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Replace FILE even if it is not a report cclint wrote.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub repo: RepoArgs,
}

pub(super) fn report(args: ReportArgs, cwd: &Path, out: &mut dyn Write) -> CommandResult {
    let path = cwd.join(&args.output);
    if !args.force && is_someone_elses(&path) {
        return Err(usage(
            format!(
                "`{}` exists and is not a report cclint wrote, so it was left as it is",
                args.output.display()
            ),
            Some("pass --force to replace it, or -o another file".into()),
        ));
    }
    let analysed = analyse(&args.paths, &args.repo, scorecard_settings(), cwd)?;
    let analysis = &analysed.analysis;
    let everything = MapOptions {
        focus: Vec::new(),
        include_retired: true,
    };
    // The grade and the map do not depend on each other.
    let (card, map) = rayon::join(
        || {
            scorecard::scorecard(
                &analysis.model,
                &analysis.diagnostics,
                &analysed.organisation,
            )
        },
        || cclint::map::map(&analysis.model, &analysis.diagnostics, &everything),
    );
    let map = map.map_err(boxed)?;
    let input = ReportInput {
        model: &analysis.model,
        diagnostics: &analysis.diagnostics,
        files: &analysed.files,
        card: &card,
        enabled: &analysed.enabled,
        map: &map,
    };
    let first = args
        .paths
        .first()
        .map_or(cwd.to_path_buf(), |p| cwd.join(p));
    let options = ReportOptions {
        title: args.title.clone(),
        date: date(),
        commit: commit(&first),
        version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let html = report::report(&input, &options);
    cclint::fsutil::write_atomically(&path, html.as_bytes()).map_err(|e| {
        usage(
            format!("cannot write `{}`: {e}", args.output.display()),
            None,
        )
    })?;
    let findings = analysis
        .diagnostics
        .iter()
        .filter(|d| d.suppressed.is_none())
        .count();
    write(
        out,
        &format!(
            "wrote {} ({} products, {findings} finding{}, grade {})\n",
            args.output.display(),
            analysis.model.products.len(),
            plural(findings),
            card.grade.as_str()
        ),
    )?;
    // The model is freed beside the exit, as `check` does: at 10,000 products, freeing
    // it is a tenth of the run.
    std::thread::spawn(move || drop((analysed, map)));
    Ok(Exit::Clean)
}

/// Whether a file is at `path` that cclint did not write as a report (a report names
/// its generator in its head).
fn is_someone_elses(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return path.symlink_metadata().is_ok();
    };
    let mut head = Vec::new();
    if file.take(4096).read_to_end(&mut head).is_err() {
        return true;
    }
    !String::from_utf8_lossy(&head).contains(report::GENERATOR)
}

/// `s` for a count other than one.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `SOURCE_DATE_EPOCH`, the time reproducible builds stamp what they write with, when set
/// (seconds since 1970): the same input then gives the same bytes.
pub(super) fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The day the report describes: `SOURCE_DATE_EPOCH`'s when set (the same bytes for the
/// same input), else today (UTC).
fn date() -> String {
    let seconds = source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    let (y, m, d) = cclint::suppress::civil_from_days(seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The commit checked out in the Git repository holding `path`, read from `.git`
/// (no `git` program needed): a detached `HEAD`, or the branch it names (loose or
/// packed). `None` outside Git.
fn commit(path: &Path) -> Option<String> {
    let dir = path
        .ancestors()
        .find(|d| d.join(".git").is_dir())?
        .join(".git");
    let head = std::fs::read_to_string(dir.join("HEAD")).ok()?;
    let head = head.trim();
    let hash = match head.strip_prefix("ref: ") {
        None => head.to_string(),
        Some(reference) => match std::fs::read_to_string(dir.join(reference)) {
            Ok(text) => text.trim().to_string(),
            Err(_) => {
                let packed = std::fs::read_to_string(dir.join("packed-refs")).ok()?;
                packed
                    .lines()
                    .find(|l| l.ends_with(&format!(" {reference}")))?
                    .split(' ')
                    .next()?
                    .to_string()
            }
        },
    };
    let valid = hash.len() >= 40 && hash.chars().all(|c| c.is_ascii_hexdigit());
    valid.then(|| hash[..12].to_string())
}
