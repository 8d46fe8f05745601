//! What a field takes (SPEC 2.3): the types of values and the description of one field.
//! The fields of each kind are stated once, in [`super::kinds`]; this module answers
//! questions about them by kind and key.

use std::borrow::Cow;

use super::vocab::Vocabulary;
use crate::syntax::Kind;

/// What a field's values must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// A string.
    Text,
    /// Any identifier (a policy's `kind`).
    Word,
    /// The boolean `true` (a role's `external`).
    True,
    /// An integer from 1 to 5.
    Priority,
    /// One of a fixed vocabulary of identifiers.
    Words(&'static Vocabulary),
    /// An integer within bounds (an organisation's field).
    Integer { min: Option<i64>, max: Option<i64> },
    /// A date written as a string, `"YYYY-MM-DD"` (an organisation's field).
    Date,
    /// `true` or `false` (an organisation's field).
    Boolean,
    /// A reference to a declaration of one of these kinds, or the keyword, if any.
    Reference {
        kinds: &'static [Kind],
        keyword: Option<&'static str>,
    },
}

/// One field a kind accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    pub ty: ValueType,
    /// Whether the field takes a list of values.
    pub many: bool,
    /// Whether its absence is CC006 (fields required in combination are checked apart).
    pub required: bool,
    /// What the field takes, for messages ("a role", "one or more strings"); for a
    /// vocabulary it is said from its words (see [`FieldSpec::expects`]).
    what: &'static str,
    /// What the field means, for hover and completion.
    pub meaning: &'static str,
}

impl FieldSpec {
    /// A field that takes one value of `ty`; its key is given by the kind's table.
    pub const fn one(ty: ValueType, what: &'static str, meaning: &'static str) -> FieldSpec {
        FieldSpec {
            key: "",
            ty,
            many: false,
            required: false,
            what,
            meaning,
        }
    }

    /// A field that takes a list of values of `ty`.
    pub const fn many(ty: ValueType, what: &'static str, meaning: &'static str) -> FieldSpec {
        FieldSpec {
            many: true,
            ..FieldSpec::one(ty, what, meaning)
        }
    }

    /// One word of `vocabulary` (or several, with `many`).
    pub const fn words(
        vocabulary: &'static Vocabulary,
        many: bool,
        meaning: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            many,
            ..FieldSpec::one(ValueType::Words(vocabulary), "", meaning)
        }
    }

    /// An organisation's field (`custom_fields` in cclint.yaml), leaked: the registry of
    /// [`super::custom`] keeps one of each.
    pub fn custom(
        key: &'static str,
        ty: ValueType,
        many: bool,
        required: bool,
        what: &'static str,
        meaning: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            key,
            ty,
            many,
            required,
            what,
            meaning,
        }
    }

    /// This field, required (its absence is CC006).
    pub const fn required(self) -> FieldSpec {
        FieldSpec {
            required: true,
            ..self
        }
    }

    /// This field under `key`.
    pub const fn keyed(self, key: &'static str) -> FieldSpec {
        FieldSpec { key, ..self }
    }

    /// What the field takes, for messages: "a role", "`active` or `retired`".
    pub fn expects(&self) -> Cow<'static, str> {
        match self.ty {
            ValueType::Words(vocabulary) => Cow::Owned(vocabulary.expects(self.many)),
            _ => Cow::Borrowed(self.what),
        }
    }
}

pub(super) const ROLE: ValueType = ValueType::Reference {
    kinds: &[Kind::Role],
    keyword: None,
};
pub(super) const DEPARTMENT: ValueType = ValueType::Reference {
    kinds: &[Kind::Department],
    keyword: None,
};
pub(super) const CUSTOMER: ValueType = ValueType::Reference {
    kinds: &[Kind::Role, Kind::Department],
    keyword: None,
};
pub(super) const PRODUCT: ValueType = ValueType::Reference {
    kinds: &[Kind::Product],
    keyword: None,
};
pub(super) const SCOPE: ValueType = ValueType::Reference {
    kinds: &[Kind::Department],
    keyword: Some("all"),
};
pub(super) const CHANNEL: ValueType = ValueType::Reference {
    kinds: &[Kind::Role],
    keyword: Some("direct"),
};

/// The fields `kind` accepts, in the order SPEC 2.3 lists them.
pub fn fields(kind: Kind) -> &'static [FieldSpec] {
    super::kinds::fields(kind)
}

pub fn lookup(kind: Kind, key: &str) -> Option<&'static FieldSpec> {
    fields(kind).iter().find(|f| f.key == key)
}

/// Whether `key` is a built-in field of `kind`.
pub fn is_builtin(kind: Kind, key: &str) -> bool {
    lookup(kind, key).is_some()
}

/// What a field means, for hover and completion (SPEC 2.3); empty for an unknown one.
pub fn describe(kind: Kind, key: &str) -> &'static str {
    lookup(kind, key).map_or("", |f| f.meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_described_and_keyed() {
        for kind in Kind::ALL {
            for field in fields(kind) {
                assert!(!field.key.is_empty());
                assert!(
                    !describe(kind, field.key).is_empty(),
                    "{kind:?} {}",
                    field.key
                );
                assert!(!field.expects().is_empty(), "{kind:?} {}", field.key);
            }
        }
    }
}
