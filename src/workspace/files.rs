//! Reading the files of a workspace: found under its paths, read in parallel, each
//! parsed and lowered into an entry.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Entry;
use crate::config::Config;
use crate::input::{Unreadable, UnreadableKind};
use crate::model::{CustomFields, LoweredFile};
use crate::source::{FileId, SourceFile};
use crate::suppress::Outline;
use crate::syntax::SyntaxError;
use crate::{discover, Error, Input};

/// Parse and lower an input (if it could be read), file `id`, into a workspace entry.
pub(super) fn entry(input: Input, id: FileId, keep_trees: bool, fields: &CustomFields) -> Entry {
    if !keep_trees && input.problem.is_none() {
        if let Some((lowered, errors, outline)) = lower_by_pieces(&input.file.text, id, fields) {
            return Entry {
                source: Arc::new(input.file),
                problem: None,
                parsed: None,
                errors,
                lowered: Some(Arc::new(lowered)),
                outline: outline.map(Arc::new),
            };
        }
    }
    let parsed = input
        .problem
        .is_none()
        .then(|| crate::syntax::parse(&input.file.text));
    let outline = parsed
        .as_ref()
        .and_then(|p| Outline::of(p, &input.file.text))
        .map(Arc::new);
    let errors = parsed
        .as_ref()
        .map(|p| p.errors.clone())
        .unwrap_or_default();
    let (parsed, lowered) = match parsed {
        Some(tree) if keep_trees => {
            let lowered = crate::model::lower_with(id, &tree, fields);
            (Some(Arc::new(tree)), Some(Arc::new(lowered)))
        }
        Some(tree) => (
            None,
            Some(Arc::new(crate::model::lower_owned(id, tree, fields))),
        ),
        None => (None, None),
    };
    Entry {
        source: Arc::new(input.file),
        problem: input.problem,
        parsed,
        errors,
        lowered,
        outline,
    }
}

/// A large file lowered piece by piece as it is parsed (so that its tree never stands
/// whole beside its entities), with its syntax errors and outline; `None` when the file is
/// small or must be parsed whole.
fn lower_by_pieces(
    text: &str,
    id: FileId,
    fields: &CustomFields,
) -> Option<(LoweredFile, Vec<SyntaxError>, Option<Outline>)> {
    let pieces = crate::syntax::parse_pieces(text, |piece| {
        let lowered = crate::model::lower_piece(id, &piece, fields);
        let coverings = Outline::coverings(&piece.declarations, &piece.comments, text);
        (lowered, piece.errors, coverings)
    })?;
    let mut lowered = Vec::with_capacity(pieces.len());
    let (mut errors, mut coverings) = (Vec::new(), Vec::new());
    for (piece, piece_errors, piece_coverings) in pieces {
        lowered.push(piece);
        errors.extend(piece_errors);
        coverings.extend(piece_coverings);
    }
    Some((
        LoweredFile::concat(lowered),
        errors,
        Outline::from_coverings(coverings),
    ))
}

/// Find the `.ccl` files under `paths` (resolved against `root`, honouring `config`'s
/// `exclude`) and read them in parallel, with the places that could not be read as
/// inputs with a problem. Finding nothing is an error unless `may_be_empty`.
pub fn read_files(
    paths: &[PathBuf],
    config: Option<&Config>,
    root: &Path,
    may_be_empty: bool,
) -> Result<Vec<Input>, Error> {
    let excluded = |path: &Path, is_dir: bool| config.is_some_and(|c| c.excludes(path, is_dir));
    let resolved: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let found = discover::find_files(&resolved, paths, &excluded)?;
    if found.files.is_empty() && found.unreadable.is_empty() && !may_be_empty {
        return Err(Error::NoFiles(paths.to_vec()));
    }
    let mut inputs: Vec<Input> = discover::unique_files(found.files, root)
        .par_iter()
        .map(|path| read_input(path, root))
        .collect();
    inputs.extend(found.unreadable.into_iter().map(|(path, problem)| Input {
        file: SourceFile::new(
            path.clone(),
            discover::display_path(&path, root),
            String::new(),
        ),
        problem: Some(problem),
    }));
    Ok(inputs)
}

pub(super) fn read_input(path: &Path, root: &Path) -> Input {
    let display = discover::display_path(path, root);
    if std::fs::metadata(path).is_ok_and(|m| m.len() > crate::source::MAX_FILE as u64) {
        return Input {
            file: SourceFile::new(path.to_path_buf(), display, String::new()),
            problem: Some(Unreadable::too_large()),
        };
    }
    let (text, problem) = match std::fs::read(path) {
        Ok(bytes) => crate::input::decode(bytes),
        Err(e) => (
            String::new(),
            Some(discover::broken_link(path).unwrap_or_else(|| {
                let message = format!("this file cannot be read: {}", e.kind());
                Unreadable::new(UnreadableKind::Denied, message)
            })),
        ),
    };
    Input {
        file: SourceFile::new(path.to_path_buf(), display, text),
        problem,
    }
}
