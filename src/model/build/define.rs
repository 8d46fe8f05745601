//! Pass 2, run in parallel: the declarations are cut, in path order, into runs of whole
//! files or pieces of a large one, and each run is checked (`fields`, `resolve`) and
//! stored (`typed`) by its own [`Definer`] into its own share of the model's entities
//! (entities are numbered per kind in path order, so a run's entities of each kind are
//! one slice, made in the room its list reserved as the declarations are defined). A
//! file cut into pieces gets its findings joined again, in order.
//!
//! "Did you mean" is what keeps this exact: its comparisons are counted against one
//! budget in path order (past it, no suggestion), so a run does not look names up
//! itself. It leaves a ticket where it needs one (unknown names are reported with the
//! help for no suggestion), and the tickets are then served in path order, one budget
//! for all, the suggestion written into its finding. The findings are the same, in the
//! same order, as checking the files one after the other.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::*;
use crate::suggest::Suggester;

/// Runs smaller than this are not worth a thread (in unit tests, small repositories are
/// cut into runs too, so that they check the cutting).
const MIN_RUN: usize = if cfg!(test) { 4 } else { 2048 };

/// An entity of the model, made when its declaration is defined.
pub(super) trait Entity {
    /// The entity with nothing but where it is declared (its fields are filled in next).
    fn new(declared: Declared) -> Self;
    fn declared_mut(&mut self) -> &mut Declared;
}

macro_rules! entities {
    ($($ty:ident { $($field:ident),* }),*) => {$(
        impl Entity for $ty {
            fn new(declared: Declared) -> Self {
                $ty { declared, $($field: None),* }
            }
            fn declared_mut(&mut self) -> &mut Declared {
                &mut self.declared
            }
        }
    )*};
}
entities!(
    Organisation { mission },
    Department { lead },
    Role {
        department,
        external
    },
    Product {
        produced_by,
        owner,
        audience,
        end_user,
        broker,
        fixer,
        touchpoints,
        priority,
        status
    },
    Policy {
        kind,
        owner,
        scope,
        statement,
        proactive_measures,
        reactive_measures,
        review
    },
    DecisionRule {
        product,
        aspect,
        decided_by,
        consulting,
        channel
    }
);

/// One entity kind's share of the model: the entities numbered from `base`. A build
/// from scratch makes them as their declarations are defined, in order, in the room the
/// model's list has reserved for them (so that an entity's memory is taken while its
/// declaration's is given back); a rebuild defines some again in place.
enum Share<'a, T> {
    Fresh {
        base: usize,
        room: &'a mut [std::mem::MaybeUninit<T>],
        /// How many of `room` are made, from its start.
        made: usize,
    },
    InPlace {
        base: usize,
        items: &'a mut [T],
    },
}

impl<'a, T: Entity> Share<'a, T> {
    /// The room reserved after `all`'s entities for `count` more, to make them in.
    fn fresh(all: &'a mut Vec<T>, count: usize) -> Self {
        all.reserve_exact(count);
        let base = all.len();
        Share::Fresh {
            base,
            room: &mut all.spare_capacity_mut()[..count],
            made: 0,
        }
    }

    fn in_place(items: &'a mut [T]) -> Self {
        Share::InPlace { base: 0, items }
    }

    /// Entity `index`, made (fresh) or declared again (in place).
    fn start(&mut self, index: usize, declared: Declared) -> &mut T {
        match self {
            Share::Fresh { base, room, made } => {
                assert_eq!(index, *base + *made, "entities are made in order");
                let entity = room[*made].write(T::new(declared));
                *made += 1;
                entity
            }
            Share::InPlace { base, items } => {
                let entity = &mut items[index - *base];
                *entity.declared_mut() = declared;
                entity
            }
        }
    }

    /// Cut off the next `count` entities.
    fn take(&mut self, count: usize) -> Share<'a, T> {
        match self {
            Share::Fresh { base, room, made } => {
                debug_assert_eq!(*made, 0, "a share is cut before anything is made in it");
                let (head, tail) = std::mem::take(room).split_at_mut(count);
                let share = Share::Fresh {
                    base: *base,
                    room: head,
                    made: 0,
                };
                *base += count;
                *room = tail;
                share
            }
            Share::InPlace { base, items } => {
                let (head, tail) = std::mem::take(items).split_at_mut(count);
                let share = Share::InPlace {
                    base: *base,
                    items: head,
                };
                *base += count;
                *items = tail;
                share
            }
        }
    }

    /// Whether every entity of the share is made (in place, they all are).
    fn complete(&self) -> bool {
        match self {
            Share::Fresh { room, made, .. } => *made == room.len(),
            Share::InPlace { .. } => true,
        }
    }
}

/// The entities a [`Definer`] makes or fills in.
pub(super) struct Targets<'a> {
    /// The model's organisation, for the run that declares it.
    organisation: Option<&'a mut Option<Organisation>>,
    departments: Share<'a, Department>,
    roles: Share<'a, Role>,
    products: Share<'a, Product>,
    policies: Share<'a, Policy>,
    rules: Share<'a, DecisionRule>,
}

impl Targets<'_> {
    pub(super) fn organisation(&mut self, declared: Declared) -> &mut Organisation {
        let slot = self
            .organisation
            .as_deref_mut()
            .expect("the organisation is numbered in pass 1, in this run");
        match slot {
            Some(o) => {
                o.declared = declared;
                o
            }
            None => slot.insert(Organisation::new(declared)),
        }
    }
    pub(super) fn department(&mut self, id: DepartmentId, declared: Declared) -> &mut Department {
        self.departments.start(id.index(), declared)
    }
    pub(super) fn role(&mut self, id: RoleId, declared: Declared) -> &mut Role {
        self.roles.start(id.index(), declared)
    }
    pub(super) fn product(&mut self, id: ProductId, declared: Declared) -> &mut Product {
        self.products.start(id.index(), declared)
    }
    pub(super) fn policy(&mut self, id: PolicyId, declared: Declared) -> &mut Policy {
        self.policies.start(id.index(), declared)
    }
    pub(super) fn rule(&mut self, id: DecisionRuleId, declared: Declared) -> &mut DecisionRule {
        self.rules.start(id.index(), declared)
    }

    /// Whether every entity of the run's shares is made.
    fn complete(&self) -> bool {
        self.departments.complete()
            && self.roles.complete()
            && self.products.complete()
            && self.policies.complete()
            && self.rules.complete()
    }
}

/// A name to suggest a near miss for, once the budget's turn comes.
pub(super) struct Ticket {
    pub(super) word: Name,
    pub(super) kinds: &'static [Kind],
    pub(super) span: Span,
    /// The finding (an index into its file's findings) the suggestion goes to; `None`
    /// for a trial check whose findings were dropped (it still spends the budget).
    pub(super) diagnostic: Option<usize>,
}

/// Checks and stores one run of declarations.
pub(super) struct Definer<'a> {
    pub(super) symbols: &'a FxHashMap<Name, Symbol>,
    pub(super) targets: Targets<'a>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) tickets: Vec<Ticket>,
    /// Room to check a declaration's fields in, used again for the next.
    pub(super) slots: Slots,
}

impl Definer<'_> {
    pub(super) fn error(
        &self,
        code: Code,
        file: FileId,
        span: Span,
        owner: &Declared,
        message: String,
    ) -> Diagnostic {
        Diagnostic::new(code, file, span, message)
            .with_entity(owner.kind.keyword(), &owner.name.text)
    }
}

/// One file's declarations to define, with their entities. `D` is a declaration, lent or
/// given: a one-off check gives them, so that each is freed as soon as it is defined and
/// each file's list when the file is done, and the trees go while the model grows.
pub(super) struct FileWork<D> {
    pub(super) file: FileId,
    pub(super) declarations: Vec<D>,
    /// The entity of each declaration (a list apart, so that a one-off check hands over
    /// a tree's own list of declarations without copying it).
    pub(super) entities: Vec<EntityRef>,
}

/// The declarations to define, in path order, grouped by file.
pub(super) fn by_file<D>(
    declarations: impl IntoIterator<Item = (FileId, D, EntityRef)>,
) -> Vec<FileWork<D>> {
    let mut work: Vec<FileWork<D>> = Vec::new();
    for (file, decl, entity) in declarations {
        match work.last_mut() {
            Some(last) if last.file == file => {
                last.declarations.push(decl);
                last.entities.push(entity);
            }
            _ => work.push(FileWork {
                file,
                declarations: vec![decl],
                entities: vec![entity],
            }),
        }
    }
    work
}

/// A declaration lent or given to pass 2.
pub(super) trait Decl: Send {
    fn declaration(&self) -> &Declaration;
    /// What is done with it once it is defined.
    fn defined(self);
}

impl Decl for &Declaration {
    fn declaration(&self) -> &Declaration {
        self
    }
    fn defined(self) {}
}

/// Given by a one-off check: freed once the model holds it.
impl Decl for Declaration {
    fn declaration(&self) -> &Declaration {
        self
    }
    fn defined(self) {}
}

/// One file's pass-2 findings, and the did-you-mean comparisons they cost.
pub(super) struct FileOut {
    pub(super) file: FileId,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) scanned: usize,
}

/// How pass 2 treats the model's entities.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Entities {
    /// Made as their declarations are defined: the work is every accepted declaration,
    /// in parallel runs (each run's entities contiguous) if `parallel`. With `give_back`,
    /// what each run freed is handed back to the system before the next takes more.
    Fresh { parallel: bool, give_back: bool },
    /// Defined again in place, in one run: the work is any subset.
    InPlace,
}

/// Pass 2 over `work` (files in path order).
pub(super) fn define_all<D: Decl>(
    model: &mut Model,
    work: Vec<FileWork<D>>,
    entities: Entities,
) -> Defined {
    let (parallel, give_back, counts) = match entities {
        Entities::Fresh {
            parallel,
            give_back,
        } => {
            let entities = work.iter().flat_map(|w| w.entities.iter().copied());
            (parallel, give_back, count(entities))
        }
        Entities::InPlace => (false, false, [0; 5]),
    };
    let complete;
    let outs = {
        let Model {
            organisation,
            departments,
            roles,
            products,
            policies,
            rules,
            symbols,
            ..
        } = &mut *model;
        let symbols = &*symbols;
        let mut all = match entities {
            Entities::Fresh { .. } => Targets {
                organisation: Some(organisation),
                departments: Share::fresh(departments, counts[0]),
                roles: Share::fresh(roles, counts[1]),
                products: Share::fresh(products, counts[2]),
                policies: Share::fresh(policies, counts[3]),
                rules: Share::fresh(rules, counts[4]),
            },
            Entities::InPlace => Targets {
                organisation: Some(organisation),
                departments: Share::in_place(departments),
                roles: Share::in_place(roles),
                products: Share::in_place(products),
                policies: Share::in_place(policies),
                rules: Share::in_place(rules),
            },
        };
        let total: usize = work.iter().map(|w| w.declarations.len()).sum();
        let threads = rayon::current_num_threads();
        if !parallel || threads == 1 || total < 2 * MIN_RUN {
            let (outs, targets) = run(symbols, all, work, false);
            complete = targets.complete();
            outs
        } else {
            let per_run = (total / (threads * 4)).max(MIN_RUN);
            let runs = cut_runs(&mut all, work, per_run);
            // The runs' shares cover every entity (what is left of `all` is empty).
            let mut all_made = all.complete();
            let mut pieces: Vec<(FileOut, Vec<Ticket>)> = Vec::new();
            let done: Vec<_> = runs
                .into_par_iter()
                .map(|(targets, files)| run(symbols, targets, files, give_back))
                .collect();
            for (outs, targets) in done {
                pieces.extend(outs);
                all_made &= targets.complete();
            }
            complete = all_made;
            join_pieces(pieces)
        }
    };
    if let Entities::Fresh { .. } = entities {
        // Every entity of every run is made: only then are they counted in the lists (a
        // run that stopped part way would leave them unset, and leak what it made).
        assert!(complete, "pass 2 makes every entity pass 1 numbered");
        let m = &mut *model;
        // SAFETY: each list reserved room for `counts` more entities (`Share::fresh`),
        // handed out in shares that together cover it exactly (`cut`), and each share
        // has made all of its entities in order from its start (`complete`).
        unsafe {
            m.departments.set_len(m.departments.len() + counts[0]);
            m.roles.set_len(m.roles.len() + counts[1]);
            m.products.set_len(m.products.len() + counts[2]);
            m.policies.set_len(m.policies.len() + counts[3]);
            m.rules.set_len(m.rules.len() + counts[4]);
        }
    }
    Defined(outs)
}

/// Pass 2's findings, file by file, before their did-you-mean tickets are served.
pub(super) struct Defined(Vec<(FileOut, Vec<Ticket>)>);

impl Defined {
    /// Serve the tickets (see [`serve_tickets`]): the findings, complete.
    pub(super) fn serve(mut self, symbols: &FxHashMap<Name, Symbol>) -> Vec<FileOut> {
        serve_tickets(symbols, &mut self.0);
        self.0.into_iter().map(|(out, _)| out).collect()
    }
}

/// How many of `entities` are departments, roles, products, policies and rules.
fn count(entities: impl Iterator<Item = EntityRef>) -> [usize; 5] {
    let mut counts = [0usize; 5];
    for entity in entities {
        match entity {
            EntityRef::Organisation => {}
            EntityRef::Department(_) => counts[0] += 1,
            EntityRef::Role(_) => counts[1] += 1,
            EntityRef::Product(_) => counts[2] += 1,
            EntityRef::Policy(_) => counts[3] += 1,
            EntityRef::Rule(_) => counts[4] += 1,
        }
    }
    counts
}

/// One outcome per file from the outcomes of its pieces, in order: findings one after
/// the other, tickets pointing at them.
fn join_pieces(pieces: Vec<(FileOut, Vec<Ticket>)>) -> Vec<(FileOut, Vec<Ticket>)> {
    let mut joined: Vec<(FileOut, Vec<Ticket>)> = Vec::with_capacity(pieces.len());
    for (out, tickets) in pieces {
        match joined.last_mut() {
            Some((last, last_tickets)) if last.file == out.file => {
                let offset = last.diagnostics.len();
                last.diagnostics.extend(out.diagnostics);
                last_tickets.extend(tickets.into_iter().map(|mut t| {
                    t.diagnostic = t.diagnostic.map(|i| i + offset);
                    t
                }));
            }
            _ => joined.push((out, tickets)),
        }
    }
    joined
}

/// A run of pass 2: its share of the entities, and its files or pieces of files.
type Run<'a, D> = (Targets<'a>, Vec<FileWork<D>>);

/// The work cut, in order, into runs of `per_run` declarations (the last one fewer), a
/// large file into pieces, each run with its share of `all`. A file is cut from its end,
/// each piece moved out and the list shrunk, so that no declaration is copied twice and
/// no more than one piece is held twice.
fn cut_runs<'a, D>(
    all: &mut Targets<'a>,
    mut work: Vec<FileWork<D>>,
    per_run: usize,
) -> Vec<Run<'a, D>> {
    // Each run as pieces of files: (index in `work`, first declaration, end).
    let mut bounds: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    let mut size = per_run;
    for (f, file) in work.iter().enumerate() {
        let len = file.declarations.len();
        let mut at = 0;
        while at < len {
            if size == per_run {
                bounds.push(Vec::new());
                size = 0;
            }
            let end = len.min(at + per_run - size);
            bounds
                .last_mut()
                .expect("a run was opened")
                .push((f, at, end));
            size += end - at;
            at = end;
        }
    }
    // Each run's share, in order.
    let targets: Vec<Targets<'a>> = bounds
        .iter()
        .map(|pieces| {
            let entities = || {
                pieces
                    .iter()
                    .flat_map(|&(f, start, end)| work[f].entities[start..end].iter().copied())
            };
            cut(
                all,
                count(entities()),
                entities().any(|e| e == EntityRef::Organisation),
            )
        })
        .collect();
    // The pieces, moved out from the end.
    let mut runs: Vec<Vec<FileWork<D>>> = Vec::with_capacity(bounds.len());
    for pieces in bounds.iter().rev() {
        let mut run: Vec<FileWork<D>> = Vec::with_capacity(pieces.len());
        for &(f, start, end) in pieces.iter().rev() {
            let whole = &mut work[f];
            debug_assert_eq!(end, whole.declarations.len(), "pieces are cut from the end");
            let piece = if start == 0 {
                FileWork {
                    file: whole.file,
                    declarations: std::mem::take(&mut whole.declarations),
                    entities: std::mem::take(&mut whole.entities),
                }
            } else {
                let piece = FileWork {
                    file: whole.file,
                    declarations: whole.declarations.split_off(start),
                    entities: whole.entities.split_off(start),
                };
                whole.declarations.shrink_to_fit();
                whole.entities.shrink_to_fit();
                piece
            };
            run.push(piece);
        }
        run.reverse();
        runs.push(run);
    }
    runs.reverse();
    targets.into_iter().zip(runs).collect()
}

/// The share of `all` that a run's entities were numbered into: `counts` of each kind,
/// and the organisation if it is among them.
fn cut<'a>(all: &mut Targets<'a>, counts: [usize; 5], organisation: bool) -> Targets<'a> {
    Targets {
        organisation: if organisation {
            all.organisation.take()
        } else {
            None
        },
        departments: all.departments.take(counts[0]),
        roles: all.roles.take(counts[1]),
        products: all.products.take(counts[2]),
        policies: all.policies.take(counts[3]),
        rules: all.rules.take(counts[4]),
    }
}

/// Define one run of files, one after the other (then, with `give_back`, hand what it
/// freed back to the system).
fn run<'a, D: Decl>(
    symbols: &'a FxHashMap<Name, Symbol>,
    targets: Targets<'a>,
    files: Vec<FileWork<D>>,
    give_back: bool,
) -> (Vec<(FileOut, Vec<Ticket>)>, Targets<'a>) {
    let mut definer = Definer {
        symbols,
        targets,
        diagnostics: Vec::new(),
        tickets: Vec::new(),
        slots: Slots::default(),
    };
    let outs = files
        .into_iter()
        .map(|work| {
            for (decl, entity) in work.declarations.into_iter().zip(work.entities) {
                definer.define(work.file, decl.declaration(), entity);
                decl.defined();
            }
            let out = FileOut {
                file: work.file,
                diagnostics: std::mem::take(&mut definer.diagnostics),
                scanned: 0,
            };
            (out, std::mem::take(&mut definer.tickets))
        })
        .collect();
    if give_back {
        crate::release_freed_memory();
    }
    (outs, definer.targets)
}

/// Serve every ticket in path order from one budget, as checking the files one after
/// the other would have: the suggester is built at the first one.
fn serve_tickets(symbols: &FxHashMap<Name, Symbol>, outs: &mut [(FileOut, Vec<Ticket>)]) {
    let mut suggester: Option<Suggester<'static, Kind>> = None;
    for (out, tickets) in outs {
        let before = suggester.as_ref().map_or(0, Suggester::used);
        for ticket in tickets.iter() {
            let suggester = suggester.get_or_insert_with(|| {
                Suggester::new(symbols.iter().map(|(n, s)| (n.as_str(), s.kind)).collect())
            });
            let kinds = ticket.kinds;
            let suggestion = suggester
                .ranked(&ticket.word, |kind| kinds.contains(&kind))
                .or_else(|| {
                    suggester
                        .closest(&ticket.word, |_| true)
                        .map(|near| (near, false))
                });
            if let (Some(index), Some((near, unique))) = (ticket.diagnostic, suggestion) {
                resolve::suggest(&mut out.diagnostics[index], ticket, near, unique);
            }
        }
        out.scanned = suggester.as_ref().map_or(0, Suggester::used) - before;
    }
}

#[cfg(test)]
mod tests {
    use super::super::rebuild_with;
    use crate::source::FileId;
    use crate::syntax::{parse, ParsedFile};

    /// Forty files: departments, 1,200 roles, products naming roles that exist, near
    /// misses of them and names nothing is near (enough lookups to spend the
    /// did-you-mean budget part way), a misspelt field key whose trial check looks an
    /// unknown name up, a duplicate, and an organisation.
    fn texts() -> Vec<String> {
        let mut texts = vec!["organisation acme \"Acme\" { mission: \"m\" }\n".to_string()];
        for f in 0..40 {
            let mut text = format!("department dept_{f} {{ lead: staff_{f}_0 }}\n");
            for r in 0..30 {
                text += &format!("role staff_{f}_{r} {{ department: dept_{f} }}\n");
            }
            for p in 0..10 {
                let user = match p % 4 {
                    0 => format!("staff_{f}_{p}"),
                    1 => format!("staf_{f}_{p}"),
                    2 => format!("nobody_at_all_{f}_{p}"),
                    _ => format!("staff_{f}_{p}, stuff_{f}_{p}"),
                };
                text += &format!(
                    "product prod_{f}_{p} {{ produced_by: dept_{f}; owner: staff_{f}_1; end_user: {user}; brokers: stafff_{f}_{p} }}\n"
                );
            }
            text += "rule r_{f} { product: prod_{f}_0; decided_by: staff_{f}_0 }\n"
                .replace("{f}", &f.to_string())
                .as_str();
            if f % 7 == 3 {
                text += "role staff_1_1 { department: dept_1 }\n";
            }
            texts.push(text);
        }
        texts
    }

    #[test]
    fn one_file_cut_into_runs_gives_what_one_run_gives() {
        let parsed = parse(&texts().concat());
        let files = [(FileId(0), &parsed)];
        let (one_model, one, _) = rebuild_with(&files, None, false);
        let (model, found, _) = rebuild_with(&files, None, true);
        assert_eq!(model, one_model);
        assert_eq!(found, one);
        assert!(found.iter().any(|d| !d.fixes.is_empty()));
    }

    /// The trees, numbered as files in order.
    fn with_ids(trees: &[ParsedFile]) -> Vec<(FileId, &ParsedFile)> {
        trees
            .iter()
            .enumerate()
            .map(|(i, p)| (FileId(i), p))
            .collect()
    }

    /// A one-off build, which empties each declaration once it is defined, gives what a
    /// build gives: in files (with duplicates, which are not defined, in between), and as
    /// one file cut into runs.
    #[test]
    fn a_one_off_build_gives_what_a_build_gives() {
        let mut texts = texts();
        texts[5] += "product broken_one { owner: \n";
        let parsed: Vec<ParsedFile> = texts.iter().map(|t| parse(t)).collect();
        let whole = parse(&texts.concat());
        for trees in [parsed, vec![whole]] {
            let files = with_ids(&trees);
            let (model, found, _) = rebuild_with(&files, None, false);
            let owned = trees
                .iter()
                .enumerate()
                .map(|(i, p)| (FileId(i), std::sync::Arc::new(p.clone())))
                .collect();
            let (one_off, one_off_found) = super::super::build_consuming(owned);
            assert_eq!(one_off, model);
            assert_eq!(one_off_found, found);
        }
    }

    #[test]
    fn runs_in_parallel_give_what_one_run_gives() {
        let parsed: Vec<ParsedFile> = texts().iter().map(|t| parse(t)).collect();
        let files = with_ids(&parsed);
        let (one_model, one, one_memo) = rebuild_with(&files, None, false);
        let (model, found, memo) = rebuild_with(&files, None, true);
        assert_eq!(model, one_model);
        assert_eq!(found, one);
        // The budget ran out part way: some unknown names got a suggestion, later ones not.
        let helps = |prefix: &str| {
            found
                .iter()
                .filter(|d| d.help.as_deref().is_some_and(|h| h.starts_with(prefix)))
                .count()
        };
        let spent: usize = memo.files.values().map(|m| m.scanned).sum();
        assert_eq!(
            spent,
            crate::suggest::Suggester::<crate::syntax::Kind>::BUDGET
        );
        assert!(helps("did you mean") > 0 && helps("declare role `staf_") > 0);
        assert!(found.iter().any(|d| !d.fixes.is_empty()));
        // In path order: the first near miss got its suggestion, the last one none; and
        // each suggestion went to the finding about its own name.
        let near_misses: Vec<_> = found
            .iter()
            .filter(|d| d.subject.starts_with("reference:end_user=staf_"))
            .collect();
        let first = near_misses.first().and_then(|d| d.help.as_deref());
        let last = near_misses.last().and_then(|d| d.help.as_deref());
        assert_eq!(first, Some("did you mean `staff_0_1`?"));
        assert!(
            last.is_some_and(|h| h.starts_with("declare role")),
            "{last:?}"
        );
        for d in &found {
            match d.help.as_deref() {
                Some(help) if help.starts_with("did you mean `staff_") => {
                    assert_eq!(d.code, crate::catalog::Code::CC002, "{d:?}");
                    assert!(d.fixes.len() <= 1, "{d:?}");
                }
                Some(help) if d.code == crate::catalog::Code::CC004 => {
                    assert_eq!(help, "did you mean `broker`?", "{d:?}");
                }
                _ => {}
            }
        }
        let scanned = |memo: &super::super::Memo| {
            let mut v: Vec<_> = memo.files.iter().map(|(f, m)| (*f, m.scanned)).collect();
            v.sort();
            v
        };
        assert_eq!(scanned(&memo), scanned(&one_memo));
    }
}
