//! Finding and loading the configuration and the baseline: one loader for every command
//! (`check`, `map`, `scorecard`, `report`) and the language server, so that each sees
//! the repository the same way.

use std::path::{Path, PathBuf};

use crate::baseline::{Baseline, BaselineError};
use crate::config::{self, Config, ConfigError};

/// Where the configuration and the baseline come from: what the command line (or an
/// editor's settings) says.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// This configuration file instead of the `cclint.yaml` found.
    pub config: Option<PathBuf>,
    /// No configuration at all.
    pub no_config: bool,
    /// This baseline instead of the one the configuration names.
    pub baseline: Option<PathBuf>,
    /// No baseline, whatever the configuration names.
    pub no_baseline: bool,
    /// Whether the baseline the configuration names may be missing (it is about to be
    /// written): then there is none.
    pub baseline_may_be_missing: bool,
}

/// The configuration and baseline in effect.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Option<Config>,
    pub baseline: Option<Baseline>,
}

/// Why the configuration or baseline could not be loaded.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigError>),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Baseline(BaselineError),
    /// A file named on the command line or in the configuration does not exist.
    #[error("{message}")]
    Missing {
        message: String,
        #[help]
        help: Option<String>,
    },
}

/// The configuration and baseline for the repository that `start` (a file or directory,
/// relative to `root`) is in: `sources.config`, else the `cclint.yaml` of `start`'s
/// directory or its nearest ancestor; `sources.baseline`, else the one it names.
pub fn load(root: &Path, start: &Path, sources: &Sources) -> Result<Loaded, LoadError> {
    let config = load_config(root, start, sources)?;
    let baseline = load_baseline(config.as_ref(), sources)?;
    Ok(Loaded { config, baseline })
}

fn load_config(root: &Path, start: &Path, sources: &Sources) -> Result<Option<Config>, LoadError> {
    if sources.no_config {
        return Ok(None);
    }
    let path = match &sources.config {
        Some(path) if !root.join(path).is_file() => {
            return Err(LoadError::Missing {
                message: format!("config file `{}` does not exist", path.display()),
                help: None,
            })
        }
        Some(path) => path.clone(),
        // Found under `root`: named relative to it, as messages show paths.
        None => match config::discover(&root.join(start)) {
            Some(path) => match path.strip_prefix(root) {
                Ok(relative) if !root.as_os_str().is_empty() => relative.to_path_buf(),
                _ => path,
            },
            None => return Ok(None),
        },
    };
    Config::load_in(&path, root)
        .map(Some)
        .map_err(LoadError::Config)
}

fn load_baseline(
    config: Option<&Config>,
    sources: &Sources,
) -> Result<Option<Baseline>, LoadError> {
    if let Some(path) = &sources.baseline {
        return Baseline::load(path).map(Some).map_err(LoadError::Baseline);
    }
    let named = config
        .filter(|_| !sources.no_baseline)
        .and_then(|c| Some((c.baseline.as_ref()?, &c.path)));
    let Some((path, config_path)) = named else {
        return Ok(None);
    };
    if !path.exists() {
        if sources.baseline_may_be_missing {
            return Ok(None);
        }
        return Err(LoadError::Missing {
            message: format!(
                "the baseline `{}` named in `{}` does not exist",
                path.display(),
                config_path.display()
            ),
            help: Some(format!(
                "write it with `cclint --write-baseline {}`, or remove `baseline:` from cclint.yaml",
                path.display()
            )),
        });
    }
    Baseline::load(path).map(Some).map_err(LoadError::Baseline)
}
