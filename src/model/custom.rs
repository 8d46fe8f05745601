//! The organisation's own fields (`custom_fields` in cclint.yaml): what each kind accepts
//! beyond the built-in table, checked like a built-in field (CC005 for a bad value, CC002
//! for a name that is not declared, CC006 for a required one missing), and stored on the
//! entity's [`Declared`] for organisation rules, the index of names and the editor.

use std::sync::{Arc, Mutex};

use super::kinds::{Checked, Datum, FieldValue};
use super::schema::{FieldSpec, ValueType};
use super::*;

/// The organisation's fields of each kind, in the order the configuration lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomFields(Arc<[Vec<&'static FieldSpec>; 6]>);

impl CustomFields {
    /// The schema of `fields`, each with its kind.
    pub fn new(fields: Vec<(Kind, &'static FieldSpec)>) -> Self {
        let mut by_kind: [Vec<&'static FieldSpec>; 6] = Default::default();
        for (kind, spec) in fields {
            by_kind[kind as usize].push(spec);
        }
        CustomFields(Arc::new(by_kind))
    }

    /// The organisation's fields of `kind`.
    pub fn of(&self, kind: Kind) -> &[&'static FieldSpec] {
        &self.0[kind as usize]
    }

    /// The organisation's field `key` of `kind`.
    pub fn lookup(&self, kind: Kind, key: &str) -> Option<&'static FieldSpec> {
        self.of(kind).iter().copied().find(|f| f.key == key)
    }

    /// A field of `kind`, built-in or the organisation's.
    pub fn any(&self, kind: Kind, key: &str) -> Option<&'static FieldSpec> {
        super::schema::lookup(kind, key).or_else(|| self.lookup(kind, key))
    }

    /// Every field of `kind`: the built-in ones, then the organisation's.
    pub fn all(&self, kind: Kind) -> impl Iterator<Item = &'static FieldSpec> + Clone + '_ {
        super::schema::fields(kind)
            .iter()
            .chain(self.of(kind).iter().copied())
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }
}

/// One field spec of each kind ever registered: a configuration read again (a language
/// server's, on each change) reuses them instead of leaking new ones.
static REGISTRY: Mutex<Vec<&'static FieldSpec>> = Mutex::new(Vec::new());

/// The one `&'static` copy of `spec`.
pub fn register(spec: FieldSpec) -> &'static FieldSpec {
    let mut registry = REGISTRY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = registry.iter().find(|s| ***s == spec) {
        return found;
    }
    let leaked: &'static FieldSpec = Box::leak(Box::new(spec));
    registry.push(leaked);
    leaked
}

/// A `&'static` copy of `text`, shared with any equal one already leaked.
pub fn leak(text: &str) -> &'static str {
    static TEXTS: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut texts = TEXTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = texts.iter().find(|t| **t == text) {
        return found;
    }
    let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
    texts.push(leaked);
    leaked
}

/// The one `&'static` vocabulary of `words` (an organisation field's `one_of`).
pub fn vocabulary(words: &[&str]) -> &'static super::vocab::Vocabulary {
    static VOCABULARIES: Mutex<Vec<&'static super::vocab::Vocabulary>> = Mutex::new(Vec::new());
    let mut all = VOCABULARIES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = all.iter().find(|v| v.words == words) {
        return found;
    }
    let leaked: Vec<&'static str> = words.iter().map(|w| leak(w)).collect();
    let vocabulary = Box::leak(Box::new(super::vocab::Vocabulary {
        words: Box::leak(leaked.into_boxed_slice()),
        descriptions: Box::leak(vec![""; words.len()].into_boxed_slice()),
    }));
    all.push(vocabulary);
    vocabulary
}

/// The value of an organisation's field, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomValue {
    Text(Name),
    Int(i64),
    Bool(bool),
    Entity(EntityRef),
}

impl FieldValue for CustomValue {
    fn from_checked(checked: &Checked) -> Option<Self> {
        match checked {
            Checked::Text(s) | Checked::Word(s) => Some(CustomValue::Text(s.clone())),
            Checked::Int(n) => Some(CustomValue::Int(i64::from(*n))),
            Checked::Integer(n) => Some(CustomValue::Int(*n)),
            Checked::True => Some(CustomValue::Bool(true)),
            Checked::Bool(b) => Some(CustomValue::Bool(*b)),
            Checked::Entity(e) => Some(CustomValue::Entity(*e)),
            Checked::Keyword | Checked::Name(_) => None,
        }
    }

    fn datum(&self) -> Datum<'_> {
        match self {
            CustomValue::Text(s) => Datum::Text(s),
            CustomValue::Int(n) => Datum::Int(*n),
            CustomValue::Bool(b) => Datum::Bool(*b),
            CustomValue::Entity(e) => Datum::Entity(*e),
        }
    }

    fn entity(&self) -> Option<EntityRef> {
        match self {
            CustomValue::Entity(e) => Some(*e),
            _ => None,
        }
    }
}

/// An organisation's field as written in one declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomSlot {
    pub spec: &'static FieldSpec,
    pub slot: Slot<CustomValue>,
}

impl CustomSlot {
    /// Whether its values name declarations.
    pub fn is_reference(&self) -> bool {
        matches!(self.spec.ty, ValueType::Reference { .. })
    }
}

/// Where organisation fields' pending names are numbered from (below are the built-in
/// fields' places in their kind's table).
pub(super) const FIRST: u8 = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_registered_twice_is_one() {
        let spec = FieldSpec::custom(
            leak("region"),
            ValueType::Text,
            false,
            false,
            "a string",
            "",
        );
        assert!(std::ptr::eq(register(spec), register(spec)));
        assert!(std::ptr::eq(leak("region"), leak("region")));
    }
}
