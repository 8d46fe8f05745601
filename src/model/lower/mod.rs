//! Lowering one file: each declaration's fields checked against its kind's table
//! (CC004, CC005, CC006) and stored, typed, in its entity. References stay names: they
//! are resolved across files when the model is built ([`super::build`]). A file is
//! lowered on its own, as soon as it is parsed, so its tree need not be kept.

mod fields;

use rayon::prelude::*;

use super::custom::{self, CustomFields, CustomSlot, CustomValue};
use super::kinds::{AnyEntity, Checked, FieldValue, TakeSlot};
use super::schema::FieldSpec;
use super::*;
use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::syntax::{Declaration, Literal, Name, ParsedFile};

/// A file's declarations as entities, in parts (a large file is lowered in parallel
/// parts), and what its broken declarations tell (SPEC 3.2: no piling on).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoweredFile {
    pub parts: Vec<LoweredPart>,
    /// Kind and name of the declarations that failed to parse, when they got that far.
    pub broken: Vec<(Kind, Ident)>,
    /// The identifiers written in product declarations that failed to parse.
    pub broken_product_words: Vec<Name>,
}

/// Declarations lowered to entities, by kind, with what resolution has left to do for
/// each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoweredPart {
    /// The kind of each declaration, in file order (the `n`th of a kind is the `n`th
    /// entity of its list).
    pub order: Vec<Kind>,
    pub organisations: Vec<Organisation>,
    pub departments: Vec<Department>,
    pub roles: Vec<Role>,
    pub products: Vec<Product>,
    pub policies: Vec<Policy>,
    pub rules: Vec<DecisionRule>,
    /// What is left to do for each entity, by kind, in the order of the lists.
    pub(super) rests: [Vec<Rest>; 6],
}

impl LoweredFile {
    /// Each declaration's entity, in file order.
    pub fn declared(&self) -> impl Iterator<Item = &Declared> {
        self.parts.iter().flat_map(LoweredPart::declared)
    }
}

impl LoweredPart {
    /// Each declaration's entity, in file order.
    pub fn declared(&self) -> impl Iterator<Item = &Declared> {
        let mut next = [0usize; 6];
        self.order.iter().map(move |&kind| {
            let i = next[kind as usize];
            next[kind as usize] += 1;
            match kind {
                Kind::Organisation => &self.organisations[i].declared,
                Kind::Department => &self.departments[i].declared,
                Kind::Role => &self.roles[i].declared,
                Kind::Product => &self.products[i].declared,
                Kind::Policy => &self.policies[i].declared,
                Kind::Rule => &self.rules[i].declared,
            }
        })
    }

    /// Room for `counts` entities of each kind (they are kept as long as the file).
    fn reserve(&mut self, counts: [usize; 6]) {
        self.order.reserve_exact(counts.iter().sum());
        self.organisations
            .reserve_exact(counts[Kind::Organisation as usize]);
        self.departments
            .reserve_exact(counts[Kind::Department as usize]);
        self.roles.reserve_exact(counts[Kind::Role as usize]);
        self.products.reserve_exact(counts[Kind::Product as usize]);
        self.policies.reserve_exact(counts[Kind::Policy as usize]);
        self.rules.reserve_exact(counts[Kind::Rule as usize]);
        for (rests, count) in self.rests.iter_mut().zip(counts) {
            rests.reserve_exact(count);
        }
    }

    fn add(&mut self, entity: AnyEntity, rest: Rest) {
        let kind = entity.declared().kind;
        self.order.push(kind);
        self.rests[kind as usize].push(rest);
        match entity {
            AnyEntity::Organisation(o) => self.organisations.push(o),
            AnyEntity::Department(d) => self.departments.push(d),
            AnyEntity::Role(r) => self.roles.push(r),
            AnyEntity::Product(p) => self.products.push(p),
            AnyEntity::Policy(p) => self.policies.push(p),
            AnyEntity::Rule(r) => self.rules.push(r),
        }
    }
}

/// What resolution has left to do for one entity: the names in its reference fields
/// (most entities have a few), and, for the few that have any, its findings so far and
/// the fixes that depend on its names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Rest {
    pub pending: smallvec::SmallVec<[Pending; 6]>,
    pub found: Option<Box<Found>>,
}

/// An entity's findings so far, and the fixes among them that depend on names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Found {
    pub diagnostics: Vec<Diagnostic>,
    pub renames: Vec<Rename>,
}

/// A name to resolve: value `index` of the entity's field `field` (its place in the
/// kind's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pending {
    pub field: u8,
    pub index: u16,
}

/// The fix of an unknown key that is a near miss of a reference field (finding
/// `diagnostic` of the declaration): kept only if every name resolves as `spec` wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Rename {
    pub diagnostic: usize,
    pub spec: &'static FieldSpec,
    pub names: Vec<Name>,
}

/// Declarations lowered in one part, at most: a large file's are lowered in parallel.
const PART: usize = 4096;

/// Lower the declarations of `parsed`, file `file`, with the built-in fields only.
pub fn lower(file: FileId, parsed: &ParsedFile) -> LoweredFile {
    lower_with(file, parsed, &CustomFields::default())
}

/// Lower the declarations of `parsed`, file `file`, with the organisation's `fields`.
pub fn lower_with(file: FileId, parsed: &ParsedFile, fields: &CustomFields) -> LoweredFile {
    LoweredFile {
        parts: parsed
            .declarations
            .par_chunks(PART)
            .map(|part| lower_part(file, part, fields))
            .collect(),
        broken: parsed.broken.clone(),
        broken_product_words: parsed.broken_product_words.clone(),
    }
}

/// [`lower`], freeing the tree as it goes: each part's declarations are dropped as soon as
/// they are lowered (a large file's tree never stands beside all its entities).
pub fn lower_owned(file: FileId, parsed: ParsedFile, fields: &CustomFields) -> LoweredFile {
    let ParsedFile {
        mut declarations,
        broken,
        broken_product_words,
        ..
    } = parsed;
    let mut parts = Vec::new();
    while declarations.len() > PART {
        let at = declarations.len() - PART;
        parts.push(declarations.split_off(at));
        declarations.shrink_to_fit();
    }
    parts.push(declarations);
    parts.reverse();
    LoweredFile {
        parts: parts
            .into_par_iter()
            .map(|part| lower_part(file, &part, fields))
            .collect(),
        broken,
        broken_product_words,
    }
}

/// One piece of file `file` ([`crate::syntax::parse_pieces`]), lowered where it was parsed.
pub fn lower_piece(file: FileId, piece: &ParsedFile, fields: &CustomFields) -> LoweredFile {
    LoweredFile {
        parts: piece
            .declarations
            .chunks(PART)
            .map(|part| lower_part(file, part, fields))
            .collect(),
        broken: piece.broken.clone(),
        broken_product_words: piece.broken_product_words.clone(),
    }
}

impl LoweredFile {
    /// The file whose pieces, in order, are `pieces`.
    pub fn concat(pieces: Vec<LoweredFile>) -> LoweredFile {
        let mut file = LoweredFile::default();
        for piece in pieces {
            file.parts.extend(piece.parts);
            file.broken.extend(piece.broken);
            file.broken_product_words.extend(piece.broken_product_words);
        }
        file
    }
}

/// Lower `declarations` of file `file` into one part.
fn lower_part(file: FileId, declarations: &[Declaration], fields: &CustomFields) -> LoweredPart {
    let mut lowerer = Lowerer {
        file,
        fields,
        diagnostics: Vec::new(),
        renames: Vec::new(),
        slots: Slots::default(),
    };
    let mut part = LoweredPart::default();
    let mut counts = [0; 6];
    for decl in declarations {
        counts[decl.kind as usize] += 1;
    }
    part.reserve(counts);
    for decl in declarations {
        let (entity, rest) = lowerer.lower(decl);
        part.add(entity, rest);
    }
    part
}

/// Where and how `decl` is declared in file `file`.
fn declared(file: FileId, decl: &Declaration) -> Declared {
    Declared {
        kind: decl.kind,
        name: decl.name.clone(),
        title: decl.title.as_ref().and_then(|t| match t.literal() {
            Literal::String(s) => Some(s.clone()),
            _ => None,
        }),
        file,
        span: decl.span,
        custom: None,
    }
}

/// The checked fields of one declaration, by key: a handful, so a list searched in
/// order. Their values are in one list, kept from one declaration to the next.
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

    /// The names still to resolve in the slots of `kind`'s fields.
    fn pending(&self, kind: Kind) -> smallvec::SmallVec<[Pending; 6]> {
        let fields = schema::fields(kind);
        let mut pending = smallvec::SmallVec::new();
        for (key, _, range) in &self.keys {
            let Some(field) = fields.iter().position(|f| f.key == *key) else {
                continue;
            };
            let field = u8::try_from(field).expect("a kind has few fields");
            self.names_in(range.clone(), field, &mut pending);
        }
        pending
    }

    /// Each name still to resolve among `items[range]`, as pending in field `field`.
    fn names_in(
        &self,
        range: std::ops::Range<usize>,
        field: u8,
        pending: &mut smallvec::SmallVec<[Pending; 6]>,
    ) {
        for (index, item) in self.items[range].iter().enumerate() {
            if let Some(Checked::Name(_)) = &item.value {
                pending.push(Pending {
                    field,
                    index: u16::try_from(index).unwrap_or(u16::MAX),
                });
            }
        }
    }

    /// The organisation's fields of `kind` written here, in schema order, taken out of
    /// the slots; the names in them noted as pending (numbered from [`custom::FIRST`]).
    #[allow(clippy::box_collection)] // a thin pointer in every declaration (see `Declared`)
    fn take_custom(
        &mut self,
        fields: &[&'static FieldSpec],
        pending: &mut smallvec::SmallVec<[Pending; 6]>,
    ) -> Option<Box<Vec<CustomSlot>>> {
        let mut out = Vec::new();
        for spec in fields {
            let Some((_, _, range)) = self.keys.iter().find(|(k, _, _)| *k == spec.key) else {
                continue;
            };
            let range = range.clone();
            // The configuration allows at most 100 organisation fields per kind.
            let Some(field) = u8::try_from(out.len())
                .ok()
                .and_then(|at| custom::FIRST.checked_add(at))
            else {
                break;
            };
            self.names_in(range, field, pending);
            if let Some(slot) = self.take::<CustomValue>(spec.key) {
                out.push(CustomSlot { spec, slot });
            }
        }
        (!out.is_empty()).then(|| Box::new(out))
    }
}

impl TakeSlot for Slots {
    fn take<T: FieldValue>(&mut self, key: &str) -> Option<Slot<T>> {
        let i = self.keys.iter().position(|(k, _, _)| *k == key)?;
        let (_, span, range) = self.keys.swap_remove(i);
        let items = self.items[range]
            .iter()
            .map(|i| Item {
                span: i.span,
                text: i.text.clone(),
                value: i.value.as_ref().and_then(T::from_checked),
            })
            .collect();
        Some(Slot::new(span, items))
    }
}

/// Lowers the declarations of one file, one after the other.
struct Lowerer<'a> {
    file: FileId,
    /// The organisation's fields (`custom_fields`).
    fields: &'a CustomFields,
    diagnostics: Vec<Diagnostic>,
    renames: Vec<Rename>,
    /// Room to check a declaration's fields in, used again for the next.
    slots: Slots,
}

impl Lowerer<'_> {
    fn lower(&mut self, decl: &Declaration) -> (AnyEntity, Rest) {
        let mut owner = declared(self.file, decl);
        let mut slots = std::mem::take(&mut self.slots);
        self.check_fields(decl, &owner, &mut slots);
        self.check_required(decl, &owner, &slots);
        let mut pending = slots.pending(decl.kind);
        let custom = self.fields.of(decl.kind);
        if !custom.is_empty() {
            owner.custom = slots.take_custom(custom, &mut pending);
        }
        let entity = AnyEntity::from_slots(decl.kind, owner, &mut slots);
        self.slots = slots;
        let found = (!self.diagnostics.is_empty()).then(|| {
            Box::new(Found {
                diagnostics: std::mem::take(&mut self.diagnostics),
                renames: std::mem::take(&mut self.renames),
            })
        });
        let rest = Rest { pending, found };
        (entity, rest)
    }

    fn error(&self, code: Code, span: Span, owner: &Declared, message: String) -> Diagnostic {
        Diagnostic::new(code, self.file, span, message)
            .with_entity(owner.kind.keyword(), &owner.name.text)
    }
}
