//! Building the model: a symbol table over all files (CC003), then each declaration's
//! fields checked against the schema (CC004, CC005, CC006), its references resolved
//! (CC002, with suggestions), and its values stored, typed, in the model. One file per
//! job: `symbols`, `fields`, `resolve`, `typed`, and `define`, which runs pass 2 in
//! parallel.

mod define;
mod fields;
mod resolve;
mod symbols;
mod typed;

use super::*;
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::suggest::Suggester;
use crate::syntax::{Declaration, Name, ParsedFile};

/// A checked field value before it is given its type.
#[derive(Clone, Debug)]
enum Checked {
    Text(Name),
    Word(Name),
    True,
    Int(u8),
    Entity(EntityRef),
    Keyword,
}

/// The checked fields of one declaration, by key: a handful, so a list searched in
/// order (two hash maps per declaration cost more than the checks). Their values are in
/// one list, kept from one declaration to the next, so that checking a declaration
/// allocates nothing but the model's own slots.
#[derive(Default)]
struct Slots {
    /// Each key with the span of its key and its values in `items`.
    keys: Vec<(&'static str, Span, std::ops::Range<usize>)>,
    items: Vec<Item<Checked>>,
    /// Where each key of the schema is first given (a field given twice is CC005).
    first: Vec<(&'static str, Span)>,
}

impl Slots {
    fn clear(&mut self) {
        self.keys.clear();
        self.items.clear();
        self.first.clear();
    }

    /// Where `key` is written, if it is there.
    fn key_span(&self, key: &str) -> Option<Span> {
        self.keys
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, s, _)| *s)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.key_span(key).is_some()
    }

    /// Set `key`'s slot, replacing one already there.
    fn insert(
        &mut self,
        key: &'static str,
        span: Span,
        items: impl Iterator<Item = Item<Checked>>,
    ) {
        let start = self.items.len();
        self.items.extend(items);
        let entry = (key, span, start..self.items.len());
        match self.keys.iter_mut().find(|(k, _, _)| *k == key) {
            Some(old) => *old = entry,
            None => self.keys.push(entry),
        }
    }

    /// Remove `key`'s slot and give its values their type; a value of the wrong shape
    /// (already reported) becomes `None`.
    fn take<T>(&mut self, key: &str, convert: impl Fn(Checked) -> Option<T>) -> Option<Slot<T>> {
        let i = self.keys.iter().position(|(k, _, _)| *k == key)?;
        let (_, span, range) = self.keys.swap_remove(i);
        Some(Slot {
            key: span,
            items: self.items[range]
                .iter()
                .map(|i| Item {
                    span: i.span,
                    text: i.text,
                    value: i.value.clone().and_then(&convert),
                })
                .collect(),
        })
    }
}

/// Build the model from parsed files given in path order. Returns the model and the core
/// diagnostics found while building it.
pub fn build(files: &[(FileId, &ParsedFile)]) -> (Model, Vec<Diagnostic>) {
    let (model, diagnostics, _) = rebuild(files, None);
    (model, diagnostics)
}

/// What a build keeps so that the next one can check again only the files that changed.
#[derive(Debug, Default)]
pub struct Memo {
    /// Pass 1's outcome: each declaration in the model (file, kind, name), in order, and
    /// each name known from a declaration that did not parse.
    accepted: Vec<(FileId, Kind, Name)>,
    known: Vec<(FileId, Kind, Name)>,
    /// Pass 2's findings for each file, and the did-you-mean comparisons they cost.
    files: rustc_hash::FxHashMap<FileId, FileMemo>,
    /// How many files' checks this build took from the previous one.
    pub reused: usize,
}

#[derive(Debug, Default)]
struct FileMemo {
    diagnostics: Vec<Diagnostic>,
    scanned: usize,
}

/// The last build, to build again from after some files changed.
#[derive(Debug)]
pub struct Previous {
    pub model: Model,
    pub memo: Memo,
    /// The files added, changed or removed since.
    pub changed: rustc_hash::FxHashSet<FileId>,
}

/// [`build`], reusing the previous build where nothing it depends on changed: when
/// every file declares the same names of the same kinds as before, the entities of the
/// unchanged files and their findings stay as they were, and only the changed files'
/// declarations are checked again (a language server's keystroke). The result is always
/// the same as building from scratch: the previous build is used only when that is so.
pub fn rebuild(
    files: &[(FileId, &ParsedFile)],
    previous: Option<Previous>,
) -> (Model, Vec<Diagnostic>, Memo) {
    rebuild_with(files, previous, true)
}

/// [`rebuild`]; without `parallel`, pass 2 checks the files one after the other.
fn rebuild_with(
    files: &[(FileId, &ParsedFile)],
    previous: Option<Previous>,
    parallel: bool,
) -> (Model, Vec<Diagnostic>, Memo) {
    let mut builder = Builder {
        diagnostics: Vec::new(),
        model: Model::default(),
        known: Vec::new(),
    };
    let accepted: Vec<(FileId, &Declaration, EntityRef)> = builder
        .declare_all(files)
        .into_iter()
        .map(|(f, d, entity)| (files[f].0, &files[f].1.declarations[d], entity))
        .collect();
    let duplicates = std::mem::take(&mut builder.diagnostics);
    let signature: Vec<(FileId, Kind, Name)> = accepted
        .iter()
        .map(|(file, decl, _)| (*file, decl.kind, decl.name.text))
        .collect();
    let known = builder.known.clone();
    let reusable = previous.filter(|p| p.memo.accepted == signature && p.memo.known == known);
    let (redo, mut memo) = match reusable {
        Some(previous) => {
            let Previous {
                mut model,
                memo,
                changed,
            } = previous;
            // Findings that point into a changed file (a name of the wrong kind, labelled
            // where it is declared) are made again with it.
            let redo: rustc_hash::FxHashSet<FileId> = files
                .iter()
                .map(|(file, _)| *file)
                .filter(|file| {
                    changed.contains(file)
                        || memo.files.get(file).is_none_or(|m| {
                            m.diagnostics
                                .iter()
                                .any(|d| d.labels.iter().any(|l| changed.contains(&l.file)))
                        })
                })
                .collect();
            model.symbols = std::mem::take(&mut builder.model.symbols);
            model.unparsed_kinds = std::mem::take(&mut builder.model.unparsed_kinds);
            model.named_by_broken_products =
                std::mem::take(&mut builder.model.named_by_broken_products);
            model.reset_index();
            builder.model = model;
            (Some(redo), memo)
        }
        None => (None, Memo::default()),
    };
    // Pass 2, in path order (the order did-you-mean spends its budget in).
    let redone = accepted
        .iter()
        .copied()
        .filter(|(file, _, _)| redo.as_ref().is_none_or(|r| r.contains(file)));
    let work = define::by_file(redone);
    let entities = match redo {
        Some(_) => define::Entities::InPlace,
        None => define::Entities::Fresh {
            parallel,
            give_back: false,
        },
    };
    let mut fresh: rustc_hash::FxHashMap<FileId, FileMemo> =
        define::define_all(&mut builder.model, work, entities)
            .serve(&builder.model.symbols)
            .into_iter()
            .map(|out| {
                let memo = FileMemo {
                    diagnostics: out.diagnostics,
                    scanned: out.scanned,
                };
                (out.file, memo)
            })
            .collect();
    if redo.is_some() {
        // Exact only while no lookup ran out of did-you-mean budget, as a build from
        // scratch would count it: otherwise, build from scratch.
        let total: usize = files
            .iter()
            .filter_map(|(file, _)| fresh.get(file).or_else(|| memo.files.get(file)))
            .map(|m| m.scanned)
            .sum();
        if total >= Suggester::<Kind>::BUDGET {
            return rebuild_with(files, None, parallel);
        }
    }
    let mut diagnostics = duplicates;
    let mut files_memo = rustc_hash::FxHashMap::default();
    memo.reused = 0;
    for (file, _) in files {
        let file_memo = match fresh.remove(file) {
            Some(m) => m,
            None => {
                memo.reused += 1;
                memo.files.remove(file).unwrap_or_default()
            }
        };
        diagnostics.extend(file_memo.diagnostics.iter().cloned());
        files_memo.insert(*file, file_memo);
    }
    memo.files = files_memo;
    memo.accepted = signature;
    memo.known = known;
    (builder.model, diagnostics, memo)
}

/// From this many declarations on (some 6 MB of CCL), a one-off check hands the memory
/// its trees freed back to the system as it builds the model (`malloc_trim`).
const GIVE_BACK_FROM: usize = 32_768;

/// [`build`] for a one-off check that needs the trees no longer: pass 2 is given the
/// declarations and frees each as soon as its entity is made, and each file's list once
/// the file is done, so that the trees are freed while the model grows rather than after
/// (peak memory holds one, not both).
pub fn build_consuming(
    files: Vec<(FileId, std::sync::Arc<ParsedFile>)>,
) -> (Model, Vec<Diagnostic>) {
    let mut builder = Builder {
        diagnostics: Vec::new(),
        model: Model::default(),
        known: Vec::new(),
    };
    let numbered = {
        let refs: Vec<(FileId, &ParsedFile)> =
            files.iter().map(|(id, p)| (*id, p.as_ref())).collect();
        builder.declare_all(&refs)
    };
    // Pass 2 owns the declarations it defines, file by file (moved, one file at a time,
    // out of its tree, whose other parts, its comments say, go now; duplicates go now).
    let accepted = numbered.len();
    let mut work: Vec<define::FileWork<Declaration>> = Vec::with_capacity(files.len());
    let mut next = 0;
    for (f, (file, tree)) in files.into_iter().enumerate() {
        let mine = &numbered[next..];
        let mine = &mine[..mine.iter().take_while(|n| n.0 == f).count()];
        next += mine.len();
        let mut declarations = std::sync::Arc::unwrap_or_clone(tree).declarations;
        if mine.len() < declarations.len() {
            // The duplicates, in place.
            let mut d = 0;
            let mut accepted = mine.iter().map(|n| n.1).peekable();
            declarations.retain(|_| {
                let keep = accepted.next_if_eq(&d).is_some();
                d += 1;
                keep
            });
            declarations.shrink_to_fit();
        }
        if !declarations.is_empty() {
            work.push(define::FileWork {
                file,
                declarations,
                entities: mine.iter().map(|n| n.2).collect(),
            });
        }
    }
    debug_assert_eq!(
        next,
        numbered.len(),
        "every numbered declaration is defined"
    );
    drop(numbered);
    // Handing freed memory back costs a walk of the allocator's heaps: worth it only
    // where the trees are large.
    let give_back = accepted >= GIVE_BACK_FROM;
    let entities = define::Entities::Fresh {
        parallel: true,
        give_back,
    };
    let defined = define::define_all(&mut builder.model, work, entities);
    if give_back {
        crate::release_freed_memory();
    }
    for out in defined.serve(&builder.model.symbols) {
        builder.diagnostics.extend(out.diagnostics);
    }
    (builder.model, builder.diagnostics)
}

struct Builder {
    diagnostics: Vec<Diagnostic>,
    model: Model,
    /// The names of declarations that did not parse, as entered in the symbol table.
    known: Vec<(FileId, Kind, Name)>,
}
