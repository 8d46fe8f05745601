//! `cclint map` and `cclint scorecard`: the customer map and the grade on the three tests,
//! from one analysis of the repository (as `check` loads it).

use std::io::Write;
use std::path::{Path, PathBuf};

use cclint::load::Loaded;
use cclint::map::scorecard::{self, Grade};
use cclint::map::{self, MapOptions, ScorecardFormat};
use cclint::CheckOptions;

use super::{
    boxed, load, usage, write, CommandResult, Exit, MapArgs, MapFormat, RepoArgs, ScorecardArgs,
    ScorecardFormatArg,
};

/// One analysis of a repository, and what commands beside `check` need of it.
pub(super) struct Analysed {
    pub analysis: cclint::Analysis,
    /// The organisation rules in force (on).
    pub organisation: Vec<cclint::catalog::Code>,
    /// Every rule in force, built-in and the organisation's.
    pub enabled: Vec<cclint::catalog::Code>,
    pub files: cclint::Files,
}

/// The analysis of what `paths` names, with the configuration and baseline as `check`
/// loads them, and `settings` over the config's levels.
pub(super) fn analyse(
    paths: &[PathBuf],
    repo: &RepoArgs,
    settings: cclint::Settings,
    cwd: &Path,
) -> Result<Analysed, Box<dyn miette::Diagnostic + Send + Sync>> {
    let Loaded { config, baseline } = load(&repo.sources(), paths, cwd)?;
    let mut effective = settings.clone();
    if let Some(config) = &config {
        effective.levels.splice(0..0, config.levels.iter().copied());
    }
    let organisation: Vec<_> = config
        .iter()
        .flat_map(|c| c.organisation.iter().map(|r| r.code))
        .filter(|&code| effective.level(code).is_some())
        .collect();
    let mut enabled: Vec<_> = cclint::catalog::Code::all()
        .into_iter()
        .filter(|c| !c.is_organisation() && effective.level(*c).is_some())
        .collect();
    enabled.extend(organisation.iter().copied());
    let options = CheckOptions {
        root: cwd.to_path_buf(),
        paths: paths.to_vec(),
        settings,
        config,
        stdin: None,
        baseline,
    };
    let (workspace, _) = cclint::open(&options).map_err(boxed)?;
    let files = workspace.files();
    Ok(Analysed {
        analysis: workspace.into_analysis(),
        organisation,
        enabled,
        files,
    })
}

pub(super) fn map(args: MapArgs, cwd: &Path, out: &mut dyn Write) -> CommandResult {
    let analysis = analyse(&args.paths, &args.repo, Default::default(), cwd)?.analysis;
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
    let analysed = analyse(&args.paths, &args.repo, scorecard_settings(), cwd)?;
    let (analysis, organisation) = (analysed.analysis, analysed.organisation);
    let card = scorecard::scorecard(&analysis.model, &analysis.diagnostics, &organisation);
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

/// The rules the scorecard counts, on whatever cclint.yaml says.
pub(super) fn scorecard_settings() -> cclint::Settings {
    cclint::Settings {
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
    }
}
