//! The analysis of a workspace: the model built from its lowered files, the rules run,
//! suppressions, levels and the baseline applied, and the report of a check.

use std::sync::Arc;

use super::*;

impl Workspace {
    /// Forget the analysis, so that the next one is made again.
    pub fn invalidate(&mut self) {
        self.analysis = None;
        self.stale = true;
    }

    /// The model and findings of the files as they are now, rebuilt from the kept
    /// parses if anything changed since the last call.
    pub fn analysis(&mut self) -> Arc<Analysis> {
        match &self.analysis {
            Some(analysis) if !self.stale => analysis.clone(),
            _ => {
                let analysis = Arc::new(self.analyse(false));
                self.analysis = Some(analysis.clone());
                self.stale = false;
                analysis
            }
        }
    }

    /// The report of a check: every finding, or with `focus` (an editor's buffer) only
    /// that file's, including the duplicates it is part of.
    pub fn report(&mut self, focus: Option<FileId>) -> Report {
        let analysis = self.analysis();
        let files = self.files();
        Self::focus(files, analysis.diagnostics.clone(), focus)
    }

    /// The report of a one-off check, taking the workspace apart: its trees are handed to
    /// the model's build, which frees them as it goes.
    pub fn into_report(mut self, focus: Option<FileId>) -> Report {
        let files = self.files();
        // A check looks nothing up by name once the model is built: the symbol table goes
        // before the rules run (a tenth of the model at 100k products).
        self.drop_symbols = true;
        let Analysis { model, diagnostics } = self.into_analysis();
        // A check's output needs only the texts and the findings: the model is freed
        // beside the rendering, not before it.
        std::thread::spawn(move || drop(model));
        Self::focus(files, diagnostics, focus)
    }

    /// The model and findings of a one-off run (`map`, `scorecard`), taking the workspace
    /// apart as [`Workspace::into_report`] does.
    pub fn into_analysis(mut self) -> Analysis {
        match self.analysis.take().filter(|_| !self.stale) {
            Some(analysis) => Arc::try_unwrap(analysis).unwrap_or_else(|shared| Analysis {
                model: shared.model.clone(),
                diagnostics: shared.diagnostics.clone(),
            }),
            None => self.analyse(true),
        }
    }

    fn focus(files: Files, mut diagnostics: Vec<Diagnostic>, focus: Option<FileId>) -> Report {
        if let Some(focus) = focus {
            let seen_from_buffer = duplicates_seen_from(&files, &diagnostics, focus);
            diagnostics.extend(seen_from_buffer);
            diagnostics.retain(|d| d.file == Some(focus));
            diagnostic::sort(&mut diagnostics, &files.names());
        }
        Report {
            files,
            diagnostics,
            focus,
        }
    }

    /// The model and findings of the files. With `hand_over`, the workspace gives its
    /// trees to the model's build, which frees them as it goes.
    fn analyse(&mut self, hand_over: bool) -> Analysis {
        let order = self.ids_in_path_order();
        let (mut diagnostics, unreadable) = self.file_problems(&order);
        let files: Vec<(FileId, Arc<LoweredFile>)> = order
            .iter()
            .filter_map(|&id| {
                let lowered = &mut self.files[id.index()].as_mut()?.lowered;
                let lowered = if hand_over {
                    lowered.take()
                } else {
                    lowered.clone()
                };
                Some((id, lowered?))
            })
            .collect();
        let (mut model, core) = crate::model::build(files);
        model.fields = self.settings.fields.clone();
        if self.drop_symbols {
            model.symbols = Default::default();
        }
        model.unreadable_files = unreadable;
        diagnostics.extend(core);
        let directives = self.outlines(&order);
        self.finish(&model, &mut diagnostics, &directives, !order.is_empty());
        Analysis { model, diagnostics }
    }

    /// CC009 for the files that could not be read and CC001 for syntax errors, and whether
    /// some file could not be read.
    fn file_problems(&self, order: &[FileId]) -> (Vec<Diagnostic>, bool) {
        let mut diagnostics = Vec::new();
        let mut unreadable = false;
        for &id in order {
            let entry = self.entry(id).expect("ids in path order are live");
            if let Some(problem) = &entry.problem {
                unreadable = true;
                diagnostics.push(Diagnostic::unreadable(id, problem));
            } else {
                diagnostics.extend(entry.errors.iter().map(|e| Diagnostic::syntax(id, e)));
            }
        }
        (diagnostics, unreadable)
    }

    /// The suppression outlines of the files of `order` that have `# cclint:` comments
    /// (only those take part in suppression).
    fn outlines(&self, order: &[FileId]) -> Vec<(FileId, Arc<Outline>)> {
        order
            .iter()
            .filter_map(|&id| Some((id, self.entry(id)?.outline.clone()?)))
            .collect()
    }

    /// The lint rules, suppressions (from the files in `directives`), levels, order,
    /// fingerprints and baseline, after the model is built.
    fn finish(
        &self,
        model: &Model,
        diagnostics: &mut Vec<Diagnostic>,
        directives: &[(FileId, Arc<Outline>)],
        any_file: bool,
    ) {
        let names: Vec<&str> = self
            .files
            .iter()
            .map(|e| e.as_ref().map_or("", |e| e.source.display.as_str()))
            .collect();
        let settings = &self.settings;
        let enabled = |code: Code| settings.level(code).is_some();
        // With no file at all there is no policy to judge (an empty directory, say).
        if any_file {
            // No lint finding on a key or value that a core error already reports (a
            // near-miss key that is CC004 and also the key a rule points at, say).
            // Findings on a declaration's name stay: a missing field (CC006) there is a
            // separate problem.
            let core_spans: std::collections::HashSet<(Option<FileId>, Option<Span>)> = diagnostics
                .iter()
                .filter(|d| matches!(d.code, Code::CC002 | Code::CC004 | Code::CC005))
                .map(|d| (d.file, d.span))
                .collect();
            let texts: Vec<&str> = self
                .files
                .iter()
                .map(|e| e.as_ref().map_or("", |e| e.source.text.as_str()))
                .collect();
            let inputs = rules::Inputs {
                texts: &texts,
                names: &names,
                organisation: &settings.organisation,
            };
            let keep = |d: &Diagnostic| d.span.is_none() || !core_spans.contains(&(d.file, d.span));
            rules::run(model, &inputs, enabled, keep, diagnostics);
        }
        let with_text: Vec<_> = directives
            .iter()
            .map(|(id, outline)| {
                let source = &self.entry(*id).expect("parsed files are live").source;
                (*id, source.as_ref(), outline.as_ref())
            })
            .collect();
        let judge = suppress::Judge {
            today: settings.today.unwrap_or_else(suppress::today),
            enabled,
            // A file that could not be read or a declaration that did not parse may be
            // what a suppression that suppressed nothing was written for.
            complete: !diagnostics
                .iter()
                .any(|d| matches!(d.code, Code::CC001 | Code::CC009)),
        };
        suppress::apply(&with_text, diagnostics, judge);
        for d in diagnostics.iter_mut() {
            if let Some(level) = settings.level(d.code) {
                d.level = level;
            }
        }
        diagnostic::sort(diagnostics, &names);
        diagnostic::assign_fingerprints(diagnostics, &names);
        if let Some(baseline) = &self.baseline {
            baseline.apply(diagnostics, &names, settings.level(Code::CC011));
        }
    }
}

/// An editor's buffer must show a duplicate it is part of, wherever the other definition
/// is: a CC003 reported in another file with its first definition in `focus` is also
/// reported at that definition, labelled with the other one.
fn duplicates_seen_from(
    files: &Files,
    diagnostics: &[Diagnostic],
    focus: FileId,
) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.code == Code::CC003 && d.file != Some(focus))
        .filter_map(|d| {
            let first = d.labels.iter().find(|l| l.file == focus)?;
            let (file, span) = (d.file?, d.span?);
            let other = &files.get(file).display;
            let name = &files.get(file).text[span.start()..span.end()];
            let mut seen = Diagnostic::new(
                Code::CC003,
                focus,
                first.span,
                format!("`{name}` is declared twice: here and again in `{other}`"),
            )
            .with_primary_label("declared here")
            .with_label(file, span, format!("`{name}` is declared again here"));
            seen.help = d.help.clone();
            seen.entity = d.entity.clone();
            seen.subject = d.subject.clone();
            seen.fingerprint = d.fingerprint;
            seen.suppressed = d.suppressed.clone();
            seen.level = d.level;
            Some(seen)
        })
        .collect()
}
