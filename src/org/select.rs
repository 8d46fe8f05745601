//! What a field name selects on a declaration: a derived fact, a built-in field (by its
//! place in the kind's table) or an organisation field. An expression names the same few
//! fields on every declaration it judges, so each name is resolved once per kind and
//! remembered: a read then compares the name with the few names of its length already
//! met, instead of with every field's name.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::model::{fields, CustomFields};
use crate::syntax::Kind;

/// What `key` names on a declaration of some kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selected {
    /// `kind`: the declaration's kind keyword (a policy's `kind` is its own field).
    Kind,
    Name,
    Title,
    File,
    /// `active`: a product not retired; every other declaration is active.
    Active,
    /// A role's `internal`.
    Internal,
    /// A department's products, roles and satisfaction policies.
    Products,
    Roles,
    SatisfactionPolicies,
    /// A product's decision rules.
    DecisionRules,
    /// The built-in field at this place of the kind's table.
    Builtin(usize),
    /// The organisation field at this place of the kind's organisation fields.
    Custom(usize),
    Unknown,
}

/// Resolve `key` on a declaration of `kind`, comparing names.
pub fn resolve(custom: &CustomFields, kind: Kind, key: &str) -> Selected {
    let derived = match (key, kind) {
        // A policy's own `kind` (`satisfaction`) is the field it writes.
        ("kind", Kind::Policy) => None,
        ("kind", _) => Some(Selected::Kind),
        ("name", _) => Some(Selected::Name),
        ("title", _) => Some(Selected::Title),
        ("file", _) => Some(Selected::File),
        ("active", _) => Some(Selected::Active),
        ("internal", Kind::Role) => Some(Selected::Internal),
        ("products", Kind::Department) => Some(Selected::Products),
        ("roles", Kind::Department) => Some(Selected::Roles),
        ("satisfaction_policies", Kind::Department) => Some(Selected::SatisfactionPolicies),
        ("decision_rules", Kind::Product) => Some(Selected::DecisionRules),
        _ => None,
    };
    if let Some(selected) = derived {
        return selected;
    }
    if let Some(place) = fields(kind).iter().position(|f| f.key == key) {
        return Selected::Builtin(place);
    }
    match custom.of(kind).iter().position(|f| f.key == key) {
        Some(place) => Selected::Custom(place),
        None => Selected::Unknown,
    }
}

/// How many names one evaluation context remembers; the rest are resolved each time.
const SLOTS: usize = 32;

/// The names resolved so far, by their length and kind. Atomics only because CEL's
/// values must be `Sync`: one context is used by one thread.
#[derive(Default)]
pub struct Selections {
    used: AtomicUsize,
    slots: [Slot; SLOTS],
    /// Lasting names by their address and kind, hashed: one look each.
    lasting: [Lasting; LASTING],
}

/// How many lasting names (a plan's field names) are remembered by their address.
const LASTING: usize = 32;

#[derive(Default)]
struct Lasting {
    /// The text's address (0: empty).
    at: AtomicUsize,
    /// Its length and the kind, packed as in `Slot`.
    shape: AtomicUsize,
    selected: AtomicU64,
}

#[derive(Default)]
struct Slot {
    /// The name's length and the kind, packed.
    shape: AtomicUsize,
    selected: AtomicU64,
}

impl Selections {
    /// What `key` selects on a declaration of `kind`. A `lasting` key outlives these
    /// selections (a compiled plan's field name): met again at the same address, it is
    /// known without comparing names.
    pub fn get(&self, custom: &CustomFields, kind: Kind, key: &str, lasting: bool) -> Selected {
        let shape = (key.len() << 3) | kind as usize;
        let at = if lasting { key.as_ptr() as usize } else { 0 };
        let known = &self.lasting[(at >> 3 ^ at >> 9 ^ kind as usize) % LASTING];
        if lasting
            && known.at.load(Ordering::Relaxed) == at
            && known.shape.load(Ordering::Relaxed) == shape
        {
            return decode(known.selected.load(Ordering::Relaxed));
        }
        let selected = self.by_name(custom, kind, key, shape);
        if lasting && selected != Selected::Unknown {
            known.at.store(at, Ordering::Relaxed);
            known.shape.store(shape, Ordering::Relaxed);
            known.selected.store(encode(selected), Ordering::Relaxed);
        }
        selected
    }

    /// What `key` selects, among the names of its shape met so far, else resolved.
    fn by_name(&self, custom: &CustomFields, kind: Kind, key: &str, shape: usize) -> Selected {
        let used = self.used.load(Ordering::Relaxed);
        for slot in &self.slots[..used] {
            if slot.shape.load(Ordering::Relaxed) != shape {
                continue;
            }
            let selected = decode(slot.selected.load(Ordering::Relaxed));
            if name(custom, kind, selected) == Some(key) {
                return selected;
            }
        }
        let selected = resolve(custom, kind, key);
        if used < SLOTS && selected != Selected::Unknown {
            let slot = &self.slots[used];
            slot.shape.store(shape, Ordering::Relaxed);
            slot.selected.store(encode(selected), Ordering::Relaxed);
            self.used.store(used + 1, Ordering::Relaxed);
        }
        selected
    }
}

/// The name that selects `selected` on a declaration of `kind`.
fn name(custom: &CustomFields, kind: Kind, selected: Selected) -> Option<&'static str> {
    Some(match selected {
        Selected::Kind => "kind",
        Selected::Name => "name",
        Selected::Title => "title",
        Selected::File => "file",
        Selected::Active => "active",
        Selected::Internal => "internal",
        Selected::Products => "products",
        Selected::Roles => "roles",
        Selected::SatisfactionPolicies => "satisfaction_policies",
        Selected::DecisionRules => "decision_rules",
        Selected::Builtin(place) => fields(kind).get(place)?.key,
        Selected::Custom(place) => custom.of(kind).get(place)?.key,
        Selected::Unknown => return None,
    })
}

fn encode(selected: Selected) -> u64 {
    let (tag, place) = match selected {
        Selected::Kind => (0, 0),
        Selected::Name => (1, 0),
        Selected::Title => (2, 0),
        Selected::File => (3, 0),
        Selected::Active => (4, 0),
        Selected::Internal => (5, 0),
        Selected::Products => (6, 0),
        Selected::Roles => (7, 0),
        Selected::SatisfactionPolicies => (8, 0),
        Selected::DecisionRules => (9, 0),
        Selected::Builtin(place) => (10, place as u64),
        Selected::Custom(place) => (11, place as u64),
        Selected::Unknown => (12, 0),
    };
    (tag << 32) | place
}

fn decode(code: u64) -> Selected {
    let place = (code & 0xFFFF_FFFF) as usize;
    match code >> 32 {
        0 => Selected::Kind,
        1 => Selected::Name,
        2 => Selected::Title,
        3 => Selected::File,
        4 => Selected::Active,
        5 => Selected::Internal,
        6 => Selected::Products,
        7 => Selected::Roles,
        8 => Selected::SatisfactionPolicies,
        9 => Selected::DecisionRules,
        10 => Selected::Builtin(place),
        11 => Selected::Custom(place),
        _ => Selected::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_selection_survives_the_cache() {
        let all = [
            Selected::Kind,
            Selected::Name,
            Selected::Title,
            Selected::File,
            Selected::Active,
            Selected::Internal,
            Selected::Products,
            Selected::Roles,
            Selected::SatisfactionPolicies,
            Selected::DecisionRules,
            Selected::Builtin(7),
            Selected::Custom(3),
            Selected::Unknown,
        ];
        for selected in all {
            assert_eq!(decode(encode(selected)), selected);
        }
    }

    #[test]
    fn the_same_text_on_another_kind_is_resolved_again() {
        let custom = CustomFields::default();
        let selections = Selections::default();
        let key = String::from("kind");
        assert_eq!(
            selections.get(&custom, Kind::Product, &key, false),
            Selected::Kind
        );
        assert!(matches!(
            selections.get(&custom, Kind::Policy, &key, false),
            Selected::Builtin(_)
        ));
        assert_eq!(
            selections.get(&custom, Kind::Product, &key, false),
            Selected::Kind
        );
        assert_eq!(
            selections.get(&custom, Kind::Role, "products", true),
            Selected::Unknown
        );
    }

    #[test]
    fn names_of_the_same_length_are_told_apart() {
        let custom = CustomFields::default();
        let selections = Selections::default();
        assert_eq!(
            selections.get(&custom, Kind::Role, "name", true),
            Selected::Name
        );
        assert_eq!(
            selections.get(&custom, Kind::Role, "file", true),
            Selected::File
        );
        assert_eq!(
            selections.get(&custom, Kind::Role, "name", true),
            Selected::Name
        );
    }
}
