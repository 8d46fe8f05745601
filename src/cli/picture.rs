//! `cclint map` and `cclint scorecard`: the customer map and the grade on the three tests,
//! from one analysis of the repository (as `check` loads it).

use std::io::Write;
use std::path::Path;

use cclint::baseline::Baseline;
use cclint::map::scorecard::{self, Grade};
use cclint::map::{self, MapOptions, ScorecardFormat};
use cclint::CheckOptions;

use super::{
    boxed, load_config, usage, write, CommandResult, Exit, MapArgs, MapFormat, ScorecardArgs,
    ScorecardFormatArg,
};

/// The analysis of what `paths` names, with `cclint.yaml` and its baseline as `check`
/// uses them, and `settings` over the config's levels.
fn analyse(
    paths: &[std::path::PathBuf],
    config: Option<&std::path::PathBuf>,
    no_config: bool,
    settings: cclint::Settings,
    cwd: &Path,
) -> Result<cclint::Analysis, Box<dyn miette::Diagnostic + Send + Sync>> {
    let config = load_config(config, no_config, paths, cwd)?;
    let baseline = match config.as_ref().and_then(|c| c.baseline.as_ref()) {
        Some(path) if path.exists() => Some(Baseline::load(path).map_err(boxed)?),
        _ => None,
    };
    let options = CheckOptions {
        root: cwd.to_path_buf(),
        paths: paths.to_vec(),
        settings,
        config,
        stdin: None,
        baseline,
    };
    let (workspace, _) = cclint::open(&options).map_err(boxed)?;
    Ok(workspace.into_analysis())
}

pub(super) fn map(args: MapArgs, cwd: &Path, out: &mut dyn Write) -> CommandResult {
    let analysis = analyse(
        &args.paths,
        args.config.as_ref(),
        args.no_config,
        Default::default(),
        cwd,
    )?;
    let options = MapOptions {
        focus: args.focus.clone(),
        include_retired: args.include_retired,
    };
    let drawn = map::map(&analysis.model, &analysis.diagnostics, &options).map_err(boxed)?;
    let text = match args.format {
        MapFormat::Mermaid => map::mermaid(&drawn),
        MapFormat::Dot => map::dot(&drawn),
        MapFormat::Json => map::json(&drawn),
    };
    write(out, &text)?;
    Ok(Exit::Clean)
}

pub(super) fn scorecard(args: ScorecardArgs, cwd: &Path, out: &mut dyn Write) -> CommandResult {
    let fail_under = match &args.fail_under {
        Some(text) => Some(Grade::parse(text).ok_or_else(|| {
            usage(
                format!("`{text}` is not a grade"),
                Some("grades go from A (best) to F: --fail-under C".to_string()),
            )
        })?),
        None => None,
    };
    // The rules the scorecard counts run whatever cclint.yaml says.
    let settings = cclint::Settings {
        levels: scorecard::RULES
            .iter()
            .map(|&code| {
                (
                    code,
                    code.doc()
                        .level
                        .level()
                        .or(Some(cclint::diagnostic::Level::Warning)),
                )
            })
            .collect(),
        ..Default::default()
    };
    let analysis = analyse(
        &args.paths,
        args.config.as_ref(),
        args.no_config,
        settings,
        cwd,
    )?;
    let card = scorecard::scorecard(&analysis.model, &analysis.diagnostics);
    let format = match args.format {
        ScorecardFormatArg::Human => ScorecardFormat::Human,
        ScorecardFormatArg::Json => ScorecardFormat::Json,
        ScorecardFormatArg::Markdown => ScorecardFormat::Markdown,
    };
    write(out, &map::render_scorecard(&card, format))?;
    Ok(match fail_under {
        Some(bar) if card.grade.is_below(bar) => Exit::Findings,
        _ => Exit::Clean,
    })
}
