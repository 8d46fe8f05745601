//! Which fields each kind of declaration takes, and what values they hold (SPEC 2.3).

use std::borrow::Cow;

use super::vocab::{Audience, Review, Status, Touchpoint, Vocabulary};
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
    /// A reference to a declaration of one of these kinds, or the keyword, if any.
    Reference {
        kinds: &'static [Kind],
        keyword: Option<&'static str>,
    },
}

/// One field a kind accepts.
#[derive(Clone, Copy, Debug)]
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
}

impl FieldSpec {
    /// What the field takes, for messages: "a role", "`active` or `retired`".
    pub fn expects(&self) -> Cow<'static, str> {
        match self.ty {
            ValueType::Words(vocabulary) => Cow::Owned(vocabulary.expects(self.many)),
            _ => Cow::Borrowed(self.what),
        }
    }
}

const fn field(
    key: &'static str,
    ty: ValueType,
    many: bool,
    required: bool,
    what: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        ty,
        many,
        required,
        what,
    }
}

const fn words(key: &'static str, vocabulary: &'static Vocabulary, many: bool) -> FieldSpec {
    field(key, ValueType::Words(vocabulary), many, false, "")
}

const ROLE: ValueType = ValueType::Reference {
    kinds: &[Kind::Role],
    keyword: None,
};
const DEPARTMENT: ValueType = ValueType::Reference {
    kinds: &[Kind::Department],
    keyword: None,
};
const CUSTOMER: ValueType = ValueType::Reference {
    kinds: &[Kind::Role, Kind::Department],
    keyword: None,
};

const ORGANISATION: &[FieldSpec] = &[field("mission", ValueType::Text, false, false, "a string")];

const DEPARTMENT_FIELDS: &[FieldSpec] = &[field("lead", ROLE, false, false, "a role")];

const ROLE_FIELDS: &[FieldSpec] = &[
    field("department", DEPARTMENT, false, false, "a department"),
    field("external", ValueType::True, false, false, "`true`"),
];

const PRODUCT: &[FieldSpec] = &[
    field("produced_by", DEPARTMENT, false, true, "a department"),
    field("owner", ROLE, false, false, "a role"),
    words("audience", &Audience::VOCABULARY, false),
    field("end_user", CUSTOMER, true, false, "one or more roles"),
    field("broker", CUSTOMER, true, false, "one or more roles"),
    field("fixer", CUSTOMER, true, false, "one or more roles"),
    words("touchpoints", &Touchpoint::VOCABULARY, true),
    field(
        "priority",
        ValueType::Priority,
        false,
        false,
        "an integer from 1 to 5",
    ),
    words("status", &Status::VOCABULARY, false),
];

const POLICY: &[FieldSpec] = &[
    field(
        "kind",
        ValueType::Word,
        false,
        true,
        "an identifier such as `satisfaction`",
    ),
    field("owner", ROLE, false, false, "a role"),
    field(
        "scope",
        ValueType::Reference {
            kinds: &[Kind::Department],
            keyword: Some("all"),
        },
        true,
        false,
        "`all` or one or more departments",
    ),
    field("statement", ValueType::Text, false, false, "a string"),
    field(
        "proactive_measures",
        ValueType::Text,
        true,
        false,
        "one or more strings",
    ),
    field(
        "reactive_measures",
        ValueType::Text,
        true,
        false,
        "one or more strings",
    ),
    words("review", &Review::VOCABULARY, false),
];

const RULE: &[FieldSpec] = &[
    field(
        "product",
        ValueType::Reference {
            kinds: &[Kind::Product],
            keyword: None,
        },
        false,
        true,
        "a product",
    ),
    field("aspect", ValueType::Text, false, false, "a string"),
    field("decided_by", ROLE, true, false, "one or more roles"),
    field("consulting", ROLE, true, false, "one or more roles"),
    field(
        "channel",
        ValueType::Reference {
            kinds: &[Kind::Role],
            keyword: Some("direct"),
        },
        true,
        false,
        "`direct` or one or more roles",
    ),
];

/// The fields `kind` accepts, in the order SPEC 2.3 lists them.
pub fn fields(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::Organisation => ORGANISATION,
        Kind::Department => DEPARTMENT_FIELDS,
        Kind::Role => ROLE_FIELDS,
        Kind::Product => PRODUCT,
        Kind::Policy => POLICY,
        Kind::Rule => RULE,
    }
}

pub fn lookup(kind: Kind, key: &str) -> Option<&'static FieldSpec> {
    fields(kind).iter().find(|f| f.key == key)
}

/// What a field means, for hover and completion (SPEC 2.3).
pub fn describe(kind: Kind, key: &str) -> &'static str {
    match (kind, key) {
        (Kind::Organisation, "mission") => "what the organisation is for",
        (Kind::Department, "lead") => "the role that leads the department",
        (Kind::Role, "department") => "the department this role works in: an employee (internal role)",
        (Kind::Role, "external") => "`true`: a role outside the organisation (a customer, a partner)",
        (Kind::Product, "produced_by") => "the department that produces it (required)",
        (Kind::Product | Kind::Policy, "owner") => "the role who answers for it",
        (Kind::Product, "audience") => "who it is made for: `internal`, `external` or `mixed`",
        (Kind::Product, "end_user") => "the roles who use it",
        (Kind::Product, "broker") => "the roles who pass it on or buy it for others",
        (Kind::Product, "fixer") => "the roles who repair or support it",
        (Kind::Product, "touchpoints") => "how its experience reaches customers: `static`, `human`, `digital`",
        (Kind::Product, "priority") => "1 (the highest) to 5",
        (Kind::Product, "status") => "`active` (the default) or `retired`",
        (Kind::Policy, "kind") => "what the policy is about; `satisfaction` marks the customer satisfaction policy (required)",
        (Kind::Policy, "scope") => "`all` (the default) or the departments it covers",
        (Kind::Policy, "statement") => "what the policy says",
        (Kind::Policy, "proactive_measures") => "what is done before customers complain",
        (Kind::Policy, "reactive_measures") => "what is done when customers complain",
        (Kind::Policy, "review") => "how often it is reviewed: `weekly`, `monthly`, `quarterly`, `yearly`",
        (Kind::Rule, "product") => "the product the decision is about (required)",
        (Kind::Rule, "aspect") => "which aspect of the product is decided",
        (Kind::Rule, "decided_by") => "the roles who hold the decision",
        (Kind::Rule, "consulting") => "the roles who must be consulted",
        (Kind::Rule, "channel") => "the only ways end users may obtain the product: roles, or `direct`",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_described() {
        for kind in Kind::ALL {
            for field in fields(kind) {
                assert!(
                    !describe(kind, field.key).is_empty(),
                    "{kind:?} {}",
                    field.key
                );
            }
        }
    }
}
